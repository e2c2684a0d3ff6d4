"""Reading the XING GDPR data archive ("Datenarchiv"): contacts, notes, messages.

Two passes: the first reads contacts and notes (small) and only the names in
the messages, to recognise the owner; the second streams the messages again
and yields them with their direction relative to the owner. Bodies are never
held beyond the current row and only yielded when the user opted in.

People appear by display name only: records name them with
``PersonRef(name=...)`` and nothing else, so the core merges them with other
sources only on strong evidence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from netzwerker.errors import FormatError
from netzwerker.importers import ImportContext
from netzwerker.records import AnyRecord, InteractionRecord, PersonRecord, PersonRef
from netzwerker.textfiles import CsvFile, header_key

from .archive_files import (
    CONFIRMED_COLUMNS,
    CREATED_COLUMNS,
    NAME_COLUMNS,
    NOTE_COLUMNS,
    Kind,
    Source,
    classify,
    sample_of,
    sources,
)
from .archive_messages import BadRow, Conversation, Message, read_messages
from .archive_owner import ArchiveStats, OwnerGuess, infer_owner, person_key
from .html_text import message_text
from .timestamps import parse_timestamp

CHANNEL = "xing"
MAX_BODY_CHARS = 100_000
_LISTED_UNKNOWN = 10


@dataclass
class _Contact:
    name: str
    key: str
    confirmed: str
    location: str
    line: int


@dataclass
class _Notes:
    name: str
    location: str
    line: int
    texts: list[str] = field(default_factory=list)


@dataclass
class _Archive:
    messages: list[Source] = field(default_factory=list)
    contacts: list[Source] = field(default_factory=list)
    notes: list[Source] = field(default_factory=list)
    unknown: list[Source] = field(default_factory=list)


def _folded(names: tuple[str, ...]) -> set[str]:
    return {header_key(n) for n in names}


def _classify(csvs: list[Source]) -> _Archive:
    archive = _Archive()
    buckets = {Kind.MESSAGES: archive.messages, Kind.CONTACTS: archive.contacts, Kind.NOTES: archive.notes}
    for source in csvs:
        buckets.get(classify(sample_of(source)), archive.unknown).append(source)
    return archive


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


class _Keys:
    """Record keys from content, with an ordinal for look-alikes (two contacts named alike)."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        count = self._seen.get(base, 0) + 1
        self._seen[base] = count
        return base if count == 1 else f"{base}#{count}"


def read_archive(target: str, context: ImportContext) -> Iterator[AnyRecord]:
    with sources(target) as (csvs, _others):
        archive = _classify(csvs)
        if archive.unknown:
            names = ", ".join(s.location for s in archive.unknown[:_LISTED_UNKNOWN])
            more = len(archive.unknown) - _LISTED_UNKNOWN
            listed = names + (f" and {more} more" if more > 0 else "")
            context.warn(f"{len(archive.unknown)} CSV file(s) not recognised as XING data, ignored: {listed}", target)
        if not (archive.messages or archive.contacts or archive.notes):
            raise FormatError("no XING data found (no messages, contacts or notes CSV)", target)
        stats = ArchiveStats()
        contacts = list(_read_contacts(archive.contacts, stats, context))
        notes = _read_notes(archive.notes, stats, context)
        for source in archive.messages:
            _count_names(source, stats)
        owner = infer_owner(stats, context.owner.names)
        yield from _owner_records(owner, notes)
        yield from _contact_records(contacts, notes, owner, context)
        yield from _note_records(notes, stats, owner)
        if archive.messages and owner is None:
            context.warn(
                "could not tell which name is yours, so messages were not imported; "
                'run `netzwerker me add "Your Name"` and import again',
                target,
            )
        for source in archive.messages:
            yield from _message_records(source, stats, owner, context)


def _read_contacts(sources_: list[Source], stats: ArchiveStats, context: ImportContext) -> Iterator[_Contact]:
    names, confirmed = _folded(NAME_COLUMNS), _folded(CONFIRMED_COLUMNS)
    for source in sources_:
        with source.open() as stream:
            csv = CsvFile(stream, source.location, is_header=lambda k: bool(names & set(k) and confirmed & set(k)))
            for row in csv:
                name = row.get(*NAME_COLUMNS)
                if not name:
                    context.skip("contact row without a name", source.location, row.line)
                    continue
                key = stats.remember(name)
                stats.contacts.add(key)
                yield _Contact(name, key, row.get(*CONFIRMED_COLUMNS), source.location, row.line)


def _read_notes(sources_: list[Source], stats: ArchiveStats, context: ImportContext) -> dict[str, _Notes]:
    names, texts = _folded(NAME_COLUMNS), _folded(NOTE_COLUMNS)
    notes: dict[str, _Notes] = {}
    for source in sources_:
        with source.open() as stream:
            csv = CsvFile(stream, source.location, is_header=lambda k: bool(names & set(k) and texts & set(k)))
            rows = sorted(csv, key=lambda r: (r.get(*CREATED_COLUMNS), r.line))
        for row in rows:
            name, text = row.get(*NAME_COLUMNS), row.get(*NOTE_COLUMNS)
            if not name:
                context.skip("note row without a name", source.location, row.line)
                continue
            key = stats.remember(name)
            stats.notes.add(key)
            entry = notes.setdefault(key, _Notes(name, source.location, row.line))
            if text:
                entry.texts.append(text)
    return notes


def _count_names(source: Source, stats: ArchiveStats) -> None:
    present: set[str] = set()
    thread = ""
    for item in read_messages(source):
        if isinstance(item, Conversation):
            stats.conversations += 1
            thread = item.thread
            present = {stats.remember(name) for name in item.participants}
            stats.coverage.update(present)
            stats.senders_by_thread[thread] = set()
        elif isinstance(item, Message):
            key = stats.remember(item.sender)
            stats.sent[key] += 1
            stats.senders_by_thread[thread].add(key)
            if key not in present:
                present.add(key)
                stats.coverage[key] += 1


def _owner_records(owner: OwnerGuess | None, notes: dict[str, _Notes]) -> Iterator[AnyRecord]:
    if owner is None:
        return
    own = notes.get(owner.key)
    yield PersonRecord(
        key="owner",
        person=PersonRef(me=True, name=owner.name),
        note="\n\n".join(own.texts) if own and own.texts else None,
        file=own.location if own else None,
        line=own.line if own else None,
    )


def _me_or(name: str, key: str, owner: OwnerGuess | None) -> PersonRef:
    return PersonRef(me=True) if owner is not None and key == owner.key else PersonRef(name=name)


def _contact_records(
    contacts: list[_Contact], notes: dict[str, _Notes], owner: OwnerGuess | None, context: ImportContext
) -> Iterator[AnyRecord]:
    keys = _Keys()
    for contact in contacts:
        if owner is not None and contact.key == owner.key:
            continue  # the owner is not their own contact
        suffix = keys(contact.key)
        note = notes.get(contact.key)
        yield PersonRecord(
            key=f"contact:{suffix}",
            person=PersonRef(name=contact.name),
            note="\n\n".join(note.texts) if note and note.texts else None,
            file=contact.location,
            line=contact.line,
        )
        if not contact.confirmed:
            continue
        when = parse_timestamp(contact.confirmed)
        if when is None:
            context.warn(
                f"contact date {contact.confirmed[:40]!r} not understood; kept without date",
                contact.location,
                contact.line,
            )
            continue
        yield InteractionRecord(
            key=f"connection:{suffix}",
            kind="connection",
            occurred_at=when,
            actor=PersonRef(name=contact.name),
            targets=(PersonRef(me=True),),
            channel=CHANNEL,
            file=contact.location,
            line=contact.line,
        )


def _note_records(notes: dict[str, _Notes], stats: ArchiveStats, owner: OwnerGuess | None) -> Iterator[AnyRecord]:
    """Notes about people who are not (or no longer) contacts."""
    for key, entry in notes.items():
        if key in stats.contacts or (owner is not None and key == owner.key) or not entry.texts:
            continue
        yield PersonRecord(
            key=f"note:{key}",
            person=PersonRef(name=entry.name),
            note="\n\n".join(entry.texts),
            file=entry.location,
            line=entry.line,
        )


def _message_records(
    source: Source, stats: ArchiveStats, owner: OwnerGuess | None, context: ImportContext
) -> Iterator[AnyRecord]:
    store_bodies = bool(context.options.get("store_bodies"))
    keys = _Keys()
    spelling: dict[str, str] = {}
    people: set[str] = set()
    done = 0
    for item in read_messages(source):
        if isinstance(item, BadRow):
            context.skip(item.reason, source.location, item.line)
            continue
        if isinstance(item, Conversation):
            spelling = {person_key(n): n for n in item.participants}
            people = set(spelling) | stats.senders_by_thread.get(item.thread, set())
            continue
        done += 1
        if owner is None:
            context.skip(
                "message (owner unknown)",
                source.location,
                item.line,
                warn=False,
                category="xing message: owner unknown",
            )
            continue
        sender_key = person_key(item.sender)
        recipients = sorted((people | {owner.key}) - {sender_key})
        if not recipients:
            # XING drops deactivated accounts from the participants
            context.skip(
                "message without a known recipient",
                source.location,
                item.line,
                warn=False,
                category="xing message: recipient deactivated",
            )
            continue
        yield _message(item, sender_key, recipients, spelling, stats, owner, keys, store_bodies, source.location)
        if done % 1000 == 0:
            context.progress(done)


def _message(
    item: Message,
    sender_key: str,
    recipients: list[str],
    spelling: dict[str, str],
    stats: ArchiveStats,
    owner: OwnerGuess,
    keys: _Keys,
    store_bodies: bool,
    location: str,
) -> InteractionRecord:
    conversation = item.conversation
    targets = tuple(_me_or(spelling.get(k) or stats.display.get(k, k), k, owner) for k in recipients)
    body = message_text(item.body)[:MAX_BODY_CHARS] if store_bodies and item.body.strip() else None
    return InteractionRecord(
        key="message:" + keys(_digest(conversation.thread, sender_key, item.sent.isoformat())),
        kind="message",
        occurred_at=item.sent,
        actor=_me_or(item.sender, sender_key, owner),
        targets=targets,
        channel=CHANNEL,
        thread=conversation.thread,
        subject=conversation.subject or None,
        body=body or None,
        file=location,
        line=item.line,
    )
