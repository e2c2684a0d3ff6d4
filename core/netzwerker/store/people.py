"""Reading people back: one view per human (merge clusters folded together)."""

from __future__ import annotations

import re
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..errors import Ambiguous, NotFound
from .identity import parse_handle


@dataclass
class PersonView:
    id: str
    name: str
    is_me: bool = False
    first_name: str | None = None
    last_name: str | None = None
    organization: str | None = None
    title: str | None = None
    emails: list[str] = field(default_factory=list)
    linkedin: str | None = None
    xing: str | None = None
    phones: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The shape of ``people list --json`` (CLI.md)."""
        return {
            "id": self.id,
            "name": self.name,
            "emails": list(self.emails),
            "profiles": {"linkedin": self.linkedin, "xing": self.xing},
            "organization": self.organization,
            "sources": list(self.sources),
        }

    def reference(self) -> dict[str, Any]:
        """The shape of ``person`` in reports (CLI.md)."""
        return {
            "id": self.id,
            "name": self.name,
            "emails": list(self.emails),
            "profiles": {"linkedin": self.linkedin, "xing": self.xing},
        }


_NAME_PART = re.compile(r"^(?:[^\W\d_][\w'’.-]*)(?: [^\W\d_][\w'’.-]*){0,2}$")
_NOT_A_PERSON = {"gmbh", "ag", "kg", "ltd", "inc", "llc", "e.v.", "se", "co", "team", "sales", "vertrieb", "support"}


def readable_name(name: str) -> str:
    """``"Richter, Annika"`` (how mail clients and Outlook export names) as ``"Annika Richter"``.

    Only a plain "Last, First" of one to three words a side is turned; company
    names, departments and anything with digits stay as written.
    """
    last, comma, first = name.partition(",")
    last, first = last.strip(), first.strip()
    if not comma or "," in first or not _NAME_PART.match(last) or not _NAME_PART.match(first):
        return name
    words = {w.casefold() for w in f"{last} {first}".split()}
    if words & _NOT_A_PERSON:
        return name
    return f"{first} {last}"


def profile_url(key: str) -> str:
    return "https://www." + key


def canonical_map(conn: sqlite3.Connection) -> dict[str, str]:
    """Every base person id mapped to the head of its merge cluster."""
    parent: dict[str, str | None] = dict(conn.execute("SELECT id, merged_into FROM persons").fetchall())
    result: dict[str, str] = {}
    for person_id in parent:
        chain = [person_id]
        current = person_id
        while (up := parent.get(current)) is not None and current not in result and len(chain) < 10_000:
            current = up
            chain.append(current)
        head = result.get(current, current)
        for member in chain:
            result[member] = head
    return result


def load_people(conn: sqlite3.Connection, ids: set[str] | None = None) -> dict[str, PersonView]:
    """Views of all (or the given canonical) people, keyed by canonical id."""
    canon = canonical_map(conn)
    views: dict[str, PersonView] = {}
    rows = conn.execute(
        "SELECT id, display_name, first_name, last_name, organization, title, is_me, created_at FROM persons "
        "ORDER BY created_at, id"
    ).fetchall()
    # A name given as first and last name (a contact record: LinkedIn, a vCard)
    # beats a display name from mail headers ("Richter, Annika", "Anna | ACME").
    structured: dict[str, str] = {}
    for row in rows:
        head = canon[row["id"]]
        if ids is not None and head not in ids:
            continue
        view = views.get(head)
        if view is None:
            view = views[head] = PersonView(id=head, name="")
        view.members.append(row["id"])
        if row["first_name"] and row["last_name"] and (row["id"] == head or head not in structured):
            structured[head] = f"{row['first_name']} {row['last_name']}"
        if row["id"] == head:
            view.is_me = bool(row["is_me"])
            for attr in ("first_name", "last_name", "organization", "title"):
                if row[attr]:
                    setattr(view, attr, row[attr])
            if row["display_name"]:
                view.name = row["display_name"]
        else:
            view.is_me = view.is_me or bool(row["is_me"])
            for attr in ("first_name", "last_name", "organization", "title"):
                if row[attr] and not getattr(view, attr):
                    setattr(view, attr, row[attr])
            if row["display_name"] and not view.name:
                view.name = row["display_name"]
    for head, name in structured.items():
        views[head].name = name
    handles: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in conn.execute("SELECT person_id, kind, value, original FROM handles ORDER BY id"):
        head = canon.get(row["person_id"], "")
        if head in views:
            handles[head].append(row)
    for head, rows_ in handles.items():
        view = views[head]
        seen_emails: set[str] = set()
        for row in rows_:
            kind = row["kind"]
            if kind == "email" and row["value"] not in seen_emails:
                seen_emails.add(row["value"])
                view.emails.append(row["original"])
            elif kind == "linkedin" and view.linkedin is None:
                view.linkedin = profile_url(row["value"])
            elif kind == "xing" and view.xing is None:
                view.xing = profile_url(row["value"])
            elif kind == "phone" and row["original"] not in view.phones:
                view.phones.append(row["original"])
            elif kind == "name" and row["original"] not in view.names:
                view.names.append(row["original"])
    for row in conn.execute("SELECT person_id, source FROM person_sources ORDER BY source"):
        head = canon.get(row[0], "")
        if head in views and row[1] not in views[head].sources:
            views[head].sources.append(row[1])
    for row in conn.execute("SELECT person_id, tag FROM tags ORDER BY tag"):
        head = canon.get(row[0], "")
        if head in views and row[1] not in views[head].tags:
            views[head].tags.append(row[1])
    for row in conn.execute("SELECT person_id, text FROM notes ORDER BY id"):
        head = canon.get(row[0], "")
        if head in views:
            views[head].notes.append(row[1])
    for view in views.values():
        view.name = readable_name(view.name)
        if not view.name:
            full = " ".join(p for p in (view.first_name, view.last_name) if p)
            view.name = full or (view.names[0] if view.names else "") or (view.emails[0] if view.emails else "")
            view.name = view.name or view.linkedin or view.xing or ("me" if view.is_me else view.id)
        view.sources.sort()
    return views


def find_person(conn: sqlite3.Connection, spec: str) -> str:
    """The canonical id for PERSON as typed: ``me``, an id, an email, a profile URL or an exact name."""
    text = spec.strip()
    canon = canonical_map(conn)
    if text.casefold() in ("me", "ich"):
        row = conn.execute("SELECT id FROM persons WHERE is_me = 1 ORDER BY created_at LIMIT 1").fetchone()
        if row is None:
            raise NotFound("no owner yet: declare yourself with 'netzwerker me add EMAIL-OR-PROFILE-URL'")
        return canon[row[0]]
    if text in canon:
        return canon[text]
    handle = parse_handle(text)
    rows = conn.execute("SELECT person_id FROM handles WHERE kind = ? AND value = ?", (handle.kind, handle.value))
    heads = sorted({canon[r[0]] for r in rows})
    if handle.kind == "name":
        by_display = conn.execute("SELECT id FROM persons WHERE display_name = ?", (text,))
        heads = sorted(set(heads) | {canon[r[0]] for r in by_display})
    if not heads:
        raise NotFound(f"no person matches {spec!r} (try an id from 'netzwerker people list')")
    if len(heads) > 1:
        raise Ambiguous(f"{spec!r} matches {len(heads)} people ({', '.join(heads[:5])}); use an id")
    return heads[0]
