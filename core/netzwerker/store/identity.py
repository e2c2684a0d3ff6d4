"""Handles to people: resolving a record's PersonRef, merging, unmerging, "me".

A *base person* is created the first time a human is seen; handles (email,
profile URLs, phone: unique; names: shared) point at base persons. Merging
sets ``merged_into`` and is logged in ``merges`` with its evidence; unmerging
clears it. Facts always point at base persons, so an unmerge restores exactly
what was there. ``person_canonical`` maps every base person to the head of its
merge chain.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..normalize import name_key, normalize_email, normalize_phone, normalize_profile_url, org_key, profile_kind
from ..records import PersonRef
from .tombstones import Tombstones

STRONG_KINDS = ("email", "linkedin", "xing", "phone")

#: What :meth:`Identity.resolve` returns for a ref naming a forgotten person
#: ("people forget"): not a person id; the writer drops the fact.
FORGOTTEN = "-forgotten-"


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def new_person_id() -> str:
    return "p" + secrets.token_hex(6)


@dataclass(frozen=True)
class HandleKey:
    kind: str
    value: str
    original: str


def handles_of(ref: PersonRef) -> list[HandleKey]:
    """The normalised handles a ref carries (names included, as weak handles)."""
    keys: list[HandleKey] = []
    for email in ref.emails:
        keys.append(HandleKey("email", normalize_email(email), email))
    for url, expected in ((ref.linkedin, "linkedin"), (ref.xing, "xing")):
        if url:
            key = normalize_profile_url(url)
            kind = profile_kind(url) or expected
            if key:
                keys.append(HandleKey(kind, key, url))
    for phone in ref.phones:
        value = normalize_phone(phone)
        if value:
            keys.append(HandleKey("phone", value, phone))
    if ref.name:
        value = name_key(ref.name)
        if value:
            keys.append(HandleKey("name", value, ref.name))
    return keys


def parse_handle(text: str) -> HandleKey:
    """A handle typed on the command line: an email, a profile URL, a phone or a name."""
    text = text.strip()
    kind = profile_kind(text) if ("/" in text or "." in text) and "@" not in text else None
    if kind:
        key = normalize_profile_url(text)
        if key:
            return HandleKey(kind, key, text)
    if "@" in text and " " not in text:
        return HandleKey("email", normalize_email(text), text)
    if text.startswith("+") and normalize_phone(text):
        return HandleKey("phone", normalize_phone(text) or text, text)
    return HandleKey("name", name_key(text), text)


def cluster_members(conn: sqlite3.Connection, head: str) -> list[str]:
    """Every base person merged (directly or through others) into ``head``, and ``head``.

    Walks ``merged_into`` down through its index: the ``person_canonical`` view
    would compute the whole table for each question.
    """
    rows = conn.execute(
        "WITH RECURSIVE members(id) AS (SELECT ? UNION SELECT p.id FROM persons p JOIN members m "
        "ON p.merged_into = m.id) SELECT id FROM members",
        (head,),
    ).fetchall()
    return [r[0] for r in rows]


class Identity:
    """Resolves refs to base persons inside one open transaction (the record writer caches per run)."""

    def __init__(self, conn: sqlite3.Connection, run_id: int | None = None, source: str | None = None) -> None:
        self.conn = conn
        self.run_id = run_id
        self.source = source
        self._me: str | None = None
        self._name_only: dict[tuple[str, str], str] = {}
        self._tombstones: Tombstones | None = None
        self._forgotten: dict[PersonRef, bool] = {}

    # --- canonical ids -------------------------------------------------------------

    def canonical(self, person_id: str) -> str:
        seen = set()
        current = person_id
        while True:
            row = self.conn.execute("SELECT merged_into FROM persons WHERE id = ?", (current,)).fetchone()
            if row is None or row[0] is None or current in seen:
                return current
            seen.add(current)
            current = row[0]

    def me(self, create: bool = True) -> str | None:
        if self._me is None:
            row = self.conn.execute(
                "SELECT id FROM persons WHERE is_me = 1 AND merged_into IS NULL ORDER BY created_at LIMIT 1"
            ).fetchone()
            if row is not None:
                self._me = row[0]
            elif create:
                self._me = self._create_person(None, is_me=True)
        return self._me

    # --- forgotten people ----------------------------------------------------------

    def tombstones(self) -> Tombstones:
        """The store's tombstones, read once per Identity (that is, once per import run)."""
        if self._tombstones is None:
            self._tombstones = Tombstones.load(self.conn)
        return self._tombstones

    def is_forgotten(self, ref: PersonRef) -> bool:
        """Whether ``ref`` names someone the user made us forget (never the owner)."""
        if ref.me or not self.tombstones():
            return False
        found = self._forgotten.get(ref)
        if found is None:
            found = self._forgotten[ref] = self.tombstones().covers(handles_of(ref))
        return found

    # --- resolving -----------------------------------------------------------------

    def resolve(self, ref: PersonRef, record_id: int | None = None) -> str:
        """The base person id for ``ref``, creating or merging as the handles say;
        :data:`FORGOTTEN` for a forgotten person (nothing is written for them)."""
        if self.is_forgotten(ref):
            return FORGOTTEN
        person_id = self._resolve(ref, record_id)
        if self.source:
            self.conn.execute(
                "INSERT OR IGNORE INTO person_sources (person_id, source) VALUES (?, ?)", (person_id, self.source)
            )
        return person_id

    def _resolve(self, ref: PersonRef, record_id: int | None) -> str:
        handles = handles_of(ref)
        strong = [h for h in handles if h.kind in STRONG_KINDS]
        owners: dict[str, str] = {}  # canonical id -> a base id found
        for handle in strong:
            row = self.conn.execute(
                "SELECT person_id FROM handles WHERE kind = ? AND value = ?", (handle.kind, handle.value)
            ).fetchone()
            if row is not None:
                owners.setdefault(self.canonical(row[0]), row[0])
        if ref.me:
            me = self.me()
            assert me is not None
            for canonical_id in owners:
                if canonical_id != self.canonical(me):
                    self.merge(
                        me, canonical_id, actor="import", evidence={"reason": "the export names this as its owner"}
                    )
            target = me
        elif owners:
            canonical_ids = sorted(owners, key=self._created)
            target = canonical_ids[0]
            for other in canonical_ids[1:]:
                if self._blocked(target, other):
                    continue
                handle_list = [f"{h.kind}:{h.value}" for h in strong]
                self.merge(target, other, actor="import", evidence={"reason": "shared handles", "handles": handle_list})
        else:
            target = self._match_by_name(ref) or self._create_person(ref)
            if ref.name and not strong:
                key = (name_key(ref.name), org_key(ref.organization) if ref.organization else "")
                self._name_only.setdefault(key, target)
        self._attach(target, handles, record_id)
        self._fill_blanks(target, ref)
        return target

    def _created(self, person_id: str) -> str:
        row = self.conn.execute("SELECT created_at || id FROM persons WHERE id = ?", (person_id,)).fetchone()
        return row[0] if row else ""

    def _match_by_name(self, ref: PersonRef) -> str | None:
        """A ref with a name and no strong handle: the *name-only* person already
        made for the same name and organisation, if exactly one exists.

        A name alone never joins a person known by an email or a profile here:
        that is a merge, decided (and logged, and undoable) by the resolution
        pass at the end of the import run, which sees every candidate.
        """
        if not ref.name or ref.emails or ref.linkedin or ref.xing or ref.phones:
            return None
        key = name_key(ref.name)
        if not key:
            return None
        org = org_key(ref.organization) if ref.organization else ""
        cached = self._name_only.get((key, org))
        if cached is not None:
            return cached
        found = []
        for (person_id,) in self.conn.execute(
            "SELECT person_id FROM handles WHERE kind = 'name' AND value = ? LIMIT 200", (key,)
        ).fetchall():
            row = self.conn.execute("SELECT organization, is_me FROM persons WHERE id = ?", (person_id,)).fetchone()
            if row is None or row[1]:
                continue
            if (org_key(row[0]) if row[0] else "") != org:
                continue
            strong = self.conn.execute(
                "SELECT 1 FROM handles WHERE person_id = ? AND kind != 'name' LIMIT 1", (person_id,)
            ).fetchone()
            if strong is None:
                found.append(person_id)
        if len(found) != 1:
            return None
        self._name_only[(key, org)] = found[0]
        return found[0]

    def _create_person(self, ref: PersonRef | None, is_me: bool = False) -> str:
        person_id = new_person_id()
        stamp = now()
        self.conn.execute(
            "INSERT INTO persons (id, display_name, organization, is_me, created_run, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                person_id,
                ref.name if ref else None,
                ref.organization if ref else None,
                int(is_me),
                self.run_id,
                stamp,
                stamp,
            ),
        )
        return person_id

    def _fill_blanks(self, person_id: str, ref: PersonRef) -> None:
        if ref.name or ref.organization:
            self.conn.execute(
                "UPDATE persons SET display_name = COALESCE(display_name, ?), organization = COALESCE(organization, ?) "
                "WHERE id = ?",
                (ref.name, ref.organization, person_id),
            )

    def _attach(self, person_id: str, handles: Iterable[HandleKey], record_id: int | None) -> None:
        stamp = now()
        for handle in handles:
            self.conn.execute(
                "INSERT OR IGNORE INTO handles (person_id, kind, value, original, record_id, run_id, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (person_id, handle.kind, handle.value, handle.original, record_id, self.run_id, stamp),
            )

    def add_handles(self, person_id: str, handles: Iterable[HandleKey], actor: str = "user") -> list[str]:
        """Attach handles to a person, merging the people who already hold them."""
        merged = []
        for handle in handles:
            if handle.kind in STRONG_KINDS:
                row = self.conn.execute(
                    "SELECT person_id FROM handles WHERE kind = ? AND value = ?", (handle.kind, handle.value)
                ).fetchone()
                if row is not None:
                    other = self.canonical(row[0])
                    if other != self.canonical(person_id):
                        self.merge(
                            person_id, other, actor=actor, evidence={"reason": f"{actor} added {handle.original}"}
                        )
                        merged.append(other)
                    continue
            self._attach(person_id, [handle], None)
        return merged

    # --- merges --------------------------------------------------------------------

    def merge(self, keep: str, other: str, actor: str, evidence: dict[str, object]) -> int | None:
        """Merge ``other``'s cluster into ``keep``'s; returns the merge id (None if already one)."""
        keep_c, other_c = self.canonical(keep), self.canonical(other)
        if keep_c == other_c:
            return None
        # the owner always stays the head of its cluster
        if self._is_me(other_c) and not self._is_me(keep_c):
            keep_c, other_c = other_c, keep_c
        self.conn.execute("UPDATE persons SET merged_into = ?, updated_at = ? WHERE id = ?", (keep_c, now(), other_c))
        cursor = self.conn.execute(
            "INSERT INTO merges (kept_id, merged_id, actor, evidence, created_at) VALUES (?, ?, ?, ?, ?)",
            (keep_c, other_c, actor, json.dumps(evidence, ensure_ascii=False), now()),
        )
        return cursor.lastrowid

    def unmerge(self, person_id: str) -> list[str]:
        """Undo the merges that put ``person_id`` (or its head) together; block re-merging."""
        head = self.canonical(person_id)
        if head != person_id:
            targets = [person_id]
        else:
            targets = [r[0] for r in self.conn.execute("SELECT id FROM persons WHERE merged_into = ?", (head,))]
        for base in targets:
            parent = self.conn.execute("SELECT merged_into FROM persons WHERE id = ?", (base,)).fetchone()[0]
            self.conn.execute("UPDATE persons SET merged_into = NULL, updated_at = ? WHERE id = ?", (now(), base))
            self.conn.execute(
                "UPDATE merges SET undone_at = ? WHERE merged_id = ? AND kept_id = ? AND undone_at IS NULL",
                (now(), base, parent),
            )
            self.block(parent, base, "unmerged by the user")
        return targets

    def block(self, a: str, b: str, reason: str) -> None:
        first, second = sorted((a, b))
        self.conn.execute(
            "INSERT OR IGNORE INTO merge_blocks (a_id, b_id, reason, created_at) VALUES (?, ?, ?, ?)",
            (first, second, reason, now()),
        )

    def _blocked(self, a: str, b: str) -> bool:
        """Whether the user split or rejected any two members of the two clusters."""
        members_a, members_b = self._members(a), self._members(b)
        marks_a, marks_b = ",".join("?" * len(members_a)), ",".join("?" * len(members_b))
        row = self.conn.execute(
            f"SELECT 1 FROM merge_blocks WHERE (a_id IN ({marks_a}) AND b_id IN ({marks_b}))"
            f" OR (a_id IN ({marks_b}) AND b_id IN ({marks_a})) LIMIT 1",
            (*members_a, *members_b, *members_b, *members_a),
        ).fetchone()
        return row is not None

    def _members(self, canonical_id: str) -> list[str]:
        return cluster_members(self.conn, canonical_id)

    def _is_me(self, person_id: str) -> bool:
        row = self.conn.execute("SELECT is_me FROM persons WHERE id = ?", (person_id,)).fetchone()
        return bool(row and row[0])
