"""The messages CSV of the XING archive: no header, six columns, two kinds of rows.

A conversation row (subject, start time, comma-joined participants) is
followed by its message rows (sender, time, body); bodies are quoted and may
span lines, so the file is read with a real CSV reader.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from netzwerker.textfiles import CsvFile

from .archive_files import MESSAGE_COLUMNS, Source
from .timestamps import parse_timestamp


@dataclass
class Conversation:
    thread: str  # stable id: digest of subject + start time (+ ordinal for look-alikes)
    subject: str
    started: dt.datetime | None
    participants: list[str]
    line: int


@dataclass
class Message:
    conversation: Conversation
    sender: str
    sent: dt.datetime
    body: str
    line: int


@dataclass
class BadRow:
    line: int
    reason: str


def split_participants(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def read_messages(source: Source) -> Iterator[Conversation | Message | BadRow]:
    """Rows in file order; a message row before any conversation row is a BadRow."""
    seen_threads: dict[str, int] = {}
    conversation: Conversation | None = None
    with source.open() as stream:
        for row in CsvFile(stream, source.location, header=MESSAGE_COLUMNS):
            if "__extra__" in row.values or len(row.values) < len(MESSAGE_COLUMNS):
                yield BadRow(row.line, f"expected 6 columns, found {_width(row.values)}")
                continue
            values = row.values  # keys are the folded MESSAGE_COLUMNS; direct lookups are faster
            sender, sent = values["sender"].strip(), values["sent"].strip()
            if sender or sent:
                if conversation is None:
                    yield BadRow(row.line, "message row before any conversation row")
                    continue
                when = parse_timestamp(sent)
                if not sender or when is None:
                    yield BadRow(row.line, f"message row without sender or with a bad time {sent[:40]!r}")
                    continue
                yield Message(conversation, sender, when, values["body"], row.line)
                continue
            started_text = values["started"].strip()
            started = parse_timestamp(started_text)
            if started is None and started_text:
                yield BadRow(row.line, f"conversation row with a bad time {started_text[:40]!r}")
                conversation = None
                continue
            subject = values["subject"].strip()
            thread = _digest(subject, started_text)
            seen_threads[thread] = seen_threads.get(thread, 0) + 1
            if seen_threads[thread] > 1:
                thread = f"{thread}-{seen_threads[thread]}"
            conversation = Conversation(thread, subject, started, split_participants(values["participants"]), row.line)
            yield conversation


def _width(values: dict[str, str]) -> int:
    extra = values.get("__extra__")
    return len(values) - (1 if extra is not None else 0) + (extra.count(",") + 1 if extra is not None else 0)
