"""Rows of the LinkedIn tables → netzwerker records (one function per table kind).

The CSV export and the portability API share these functions: both deliver
rows keyed by the export's column names. Record keys are built from content
that survives re-exports and format changes (names, dates, conversation ids),
never from line numbers.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from netzwerker.importers import ImportContext
from netzwerker.normalize import name_key
from netzwerker.records import AnyRecord, InteractionRecord, PersonRecord, PersonRef
from netzwerker.textfiles import CsvRow
from pydantic import ValidationError

from .dates import parse_datetime
from .handles import digest, full_name, identity_part, person, profile_key
from .owner import OwnerIdentity
from .tables import Direction, Table, cell

CHANNEL = "linkedin"
ME = PersonRef(me=True)
_YES = {"yes", "true", "1", "y", "ja", "oui", "sí", "si"}
_HIDDEN_MEMBER = "linkedin member"
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Mapper:
    """Maps rows to records for one import run, knowing the owner."""

    context: ImportContext
    owner: OwnerIdentity
    store_bodies: bool = False
    _seen_endorsements: set[str] = field(default_factory=set)

    def rows(self, table: Table, rows: Iterator[CsvRow], header: set[str]) -> Iterator[AnyRecord]:
        handler = getattr(self, f"_{table.kind}")
        for done, row in enumerate(rows, start=1):
            if done % 5000 == 0:
                self.context.progress(done)
            try:
                yield from handler(table, row, header)
            except ValidationError as exc:
                first = exc.errors()[0]
                self.context.skip(f"invalid value ({first['msg']})", table.label, row.line)

    # --- Connections.csv -------------------------------------------------------------
    def _connections(self, table: Table, row: CsvRow, header: set[str]) -> Iterator[AnyRecord]:
        first, last = cell(row, "first name"), cell(row, "last name")
        url, email = cell(row, "url", "profile url"), cell(row, "email address")
        company, position, connected = cell(row, "company"), cell(row, "position"), cell(row, "connected on")
        name = full_name(first, last)
        if not (name or url or email):
            # LinkedIn scatters rows holding only a date through the file.
            self.context.skip(
                "connection row without a name or profile",
                table.label,
                row.line,
                warn=not connected,
                category="date-only connection row" if connected else None,
            )
            return
        ref = person(name=name, url=url, email=email, organization=company)
        assert ref is not None
        when = parse_datetime(connected) if connected else None
        if connected and when is None:
            self.context.warn(f"unrecognised date {connected!r}; connection kept without a date", table.label, row.line)
        ident = identity_part(name, url) or email.casefold()
        suffix = when.date().isoformat() if when else ""
        yield PersonRecord(
            key=f"person:{ident}:{suffix}",
            person=ref,
            first_name=first or None,
            last_name=last or None,
            title=position or None,
            organization=company or None,
            file=table.label,
            line=row.line,
        )
        yield InteractionRecord(
            key=f"connection:{ident}:{suffix}",
            kind="connection",
            occurred_at=when,
            actor=ref,
            targets=(ME,),
            channel=CHANNEL,
            file=table.label,
            line=row.line,
        )

    # --- messages.csv ----------------------------------------------------------------
    def _messages(self, table: Table, row: CsvRow, header: set[str]) -> Iterator[AnyRecord]:
        sender, sender_url = cell(row, "from"), cell(row, "sender profile url")
        date_text = cell(row, "date")
        if not (sender or sender_url) or not date_text:
            self.context.skip("message row without sender or date", table.label, row.line)
            return
        if cell(row, "is message draft").casefold() in _YES or cell(row, "is conversation draft").casefold() in _YES:
            self.context.skip("draft", table.label, row.line, warn=False, category="draft")
            return
        folder = cell(row, "folder").upper()
        if folder in ("DRAFT", "DRAFTS"):
            self.context.skip("draft", table.label, row.line, warn=False, category="draft")
            return
        if folder == "SPAM":
            self.context.skip("spam folder", table.label, row.line, warn=False, category="spam")
            return
        if "sponsored" in cell(row, "conversation title").casefold():
            self.context.skip("sponsored message", table.label, row.line, warn=False, category="automated")
            return
        when = parse_datetime(date_text)
        if when is None:
            self.context.skip(f"unrecognised date {date_text!r}", table.label, row.line)
            return
        actor = self._message_sender(table, row, header, sender, sender_url)
        if actor is None:
            return
        targets = self._message_targets(row, header, actor)
        if not targets:
            self.context.skip("message without an identifiable recipient", table.label, row.line)
            return
        content = cell(row, "content")
        sender_id = profile_key(sender_url) or name_key(sender)
        yield InteractionRecord(
            key="msg:" + digest(cell(row, "conversation id"), when.isoformat(), sender_id, digest(content)),
            kind="message",
            occurred_at=when,
            actor=actor,
            targets=targets,
            channel=CHANNEL,
            thread=cell(row, "conversation id") or None,
            subject=cell(row, "subject") or cell(row, "conversation title") or None,
            body=_text_of(content) if self.store_bodies and content else None,
            file=table.label,
            line=row.line,
        )

    def _message_sender(
        self, table: Table, row: CsvRow, header: set[str], sender: str, sender_url: str
    ) -> PersonRef | None:
        if self.owner.is_me(sender_url, sender):
            return ME
        direction = cell(row, "direction").upper()  # 2018 exports
        if not sender_url and (direction == "OUTGOING" or cell(row, "folder").upper() == "SENT"):
            return ME
        if profile_key(sender_url):
            return person(name=sender, url=sender_url)
        if "sender profile url" in header:
            # Without a profile URL the sender is a hidden member or LinkedIn itself.
            if sender.casefold() == _HIDDEN_MEMBER:
                self.context.skip(
                    "sender is a hidden 'LinkedIn Member'",
                    table.label,
                    row.line,
                    warn=False,
                    category="hidden LinkedIn member",
                )
            else:
                self.context.skip(f"system sender {sender!r}", table.label, row.line, warn=False, category="automated")
            return None
        return person(name=sender)

    def _message_targets(self, row: CsvRow, header: set[str], actor: PersonRef) -> tuple[PersonRef, ...]:
        urls = [u.strip() for u in cell(row, "recipient profile urls").split(",") if profile_key(u)]
        names = split_names(cell(row, "to"))
        targets: list[PersonRef] = []
        if urls:
            paired = names if len(names) == len(urls) else [""] * len(urls)
            for url, name in zip(urls, paired, strict=True):
                ref = ME if self.owner.is_me(url, name) else person(name=name, url=url)
                if ref is not None:
                    targets.append(ref)
        else:
            for name in names:
                ref = ME if self.owner.is_me(name=name) else person(name=name)
                if ref is not None:
                    targets.append(ref)
        # ME is the one owner ref (compared by identity: pydantic's == compares field by field)
        if actor is not ME and not any(t is ME for t in targets) and self.owner.known:
            # The owner takes part in every conversation of their own export: a message not
            # sent by them was received by them, even where the recipient list does not say so.
            targets.append(ME)
        unique = list(dict.fromkeys(t for t in targets if t != actor))
        return tuple(unique)

    # --- Invitations.csv -------------------------------------------------------------
    def _invitations(self, table: Table, row: CsvRow, header: set[str]) -> Iterator[AnyRecord]:
        sender, receiver = cell(row, "from"), cell(row, "to")
        sender_url, receiver_url = cell(row, "inviterProfileUrl"), cell(row, "inviteeProfileUrl")
        direction = cell(row, "direction").upper()
        if direction not in ("OUTGOING", "INCOMING"):
            if self.owner.is_me(sender_url, sender):
                direction = "OUTGOING"
            elif self.owner.is_me(receiver_url, receiver):
                direction = "INCOMING"
            else:
                self.context.skip(f"invitation direction {direction!r} unknown", table.label, row.line)
                return
        outgoing = direction == "OUTGOING"
        name, url = (receiver, receiver_url) if outgoing else (sender, sender_url)
        counterpart = person(name=name, url=url)
        if counterpart is None:
            self.context.skip("invitation without the other person's name or profile", table.label, row.line)
            return
        actor, targets = (ME, (counterpart,)) if outgoing else (counterpart, (ME,))
        ident = identity_part(name, url)
        sent_text = cell(row, "sent at", "date sent")
        when = parse_datetime(sent_text) if sent_text else None
        if sent_text and when is None:
            self.context.warn(f"unrecognised date {sent_text!r}; invitation kept without a date", table.label, row.line)
        message = cell(row, "message")
        yield InteractionRecord(
            key=f"invitation:{direction.lower()}:{ident}:{when.isoformat() if when else sent_text}",
            kind="invitation",
            occurred_at=when,
            actor=actor,
            targets=targets,
            channel=CHANNEL,
            body=message if self.store_bodies and message else None,
            file=table.label,
            line=row.line,
        )

    # --- Endorsement_Given_Info.csv / Endorsement_Received_Info.csv ----------------------
    def _endorsements(self, table: Table, row: CsvRow, header: set[str]) -> Iterator[AnyRecord]:
        received = "endorser first name" in header
        role = "endorser" if received else "endorsee"
        name = full_name(cell(row, f"{role} first name"), cell(row, f"{role} last name"))
        url = cell(row, f"{role} public url", f"{role} profile url")
        skill = cell(row, "skill name")
        counterpart = person(name=name, url=url)
        if counterpart is None or not skill:
            self.context.skip("endorsement without a person or skill", table.label, row.line)
            return
        date_text = cell(row, "endorsement date")
        when = parse_datetime(date_text) if date_text else None
        direction = "received" if received else "given"
        key = f"endorsement:{direction}:{identity_part(name, url)}:{skill.casefold()}:{when.date() if when else ''}"
        if key in self._seen_endorsements:
            return  # the 2022 export holds the same data twice (UTF-16 and UTF-8 copies)
        self._seen_endorsements.add(key)
        yield InteractionRecord(
            key=key,
            kind="endorsement",
            occurred_at=when,
            actor=counterpart if received else ME,
            targets=(ME,) if received else (counterpart,),
            channel=CHANNEL,
            detail=skill,
            status=cell(row, "endorsement status").upper() or None,
            file=table.label,
            line=row.line,
        )

    # --- Recommendations_Given.csv / Recommendations_Received.csv ------------------------
    def _recommendations(self, table: Table, row: CsvRow, header: set[str]) -> Iterator[AnyRecord]:
        direction: Direction | None = table.direction
        if direction is None:
            raise AssertionError("recommendation tables without a direction are refused before mapping")
        name = full_name(cell(row, "first name"), cell(row, "last name"))
        if not name:
            self.context.skip("recommendation without a name", table.label, row.line)
            return
        # Recommendations carry names only; the company helps the core's identity rules.
        counterpart = PersonRef(name=name, organization=cell(row, "company") or None)
        date_text, text = cell(row, "creation date"), cell(row, "text")
        when = parse_datetime(date_text) if date_text else None
        stamp = when.isoformat() if when else digest(text)
        yield InteractionRecord(
            key=f"recommendation:{direction}:{name_key(name)}:{stamp}",
            kind="recommendation",
            occurred_at=when,
            actor=counterpart if direction == "received" else ME,
            targets=(ME,) if direction == "received" else (counterpart,),
            channel=CHANNEL,
            detail=cell(row, "job title") or None,
            status=cell(row, "status").upper() or None,
            body=text if self.store_bodies and text else None,
            file=table.label,
            line=row.line,
        )

    # Profile and Positions describe the owner; the reader folds them into one record.
    def _profile(self, table: Table, row: CsvRow, header: set[str]) -> Iterator[AnyRecord]:
        return iter(())

    def _positions(self, table: Table, row: CsvRow, header: set[str]) -> Iterator[AnyRecord]:
        return iter(())


def split_names(text: str) -> list[str]:
    """Display names joined by commas, where a name may itself hold a comma ("Name, M.Sc.").

    A part of one word (a degree, a title) is glued back to the name before it.
    """
    parts = [p.strip() for p in text.split(",")]
    names: list[str] = []
    for part in parts:
        if not part:
            continue
        if names and (len(part.split()) == 1 or ("." in part and len(part) <= 8)):
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _text_of(content: str) -> str:
    """Message text without LinkedIn's HTML (InMail and sponsored messages carry markup)."""
    text = re.sub(r"<\s*br\s*/?>|</p>|</li>", "\n", content, flags=re.IGNORECASE)
    text = html.unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.splitlines()).strip()
