"""Finding the XING CSVs in an archive by their content, not their hashed names."""

from __future__ import annotations

import csv
import enum
import io
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from netzwerker.archive import Container
from netzwerker.errors import FormatError
from netzwerker.textfiles import header_key, sniff_encoding

from .timestamps import parse_timestamp

_SAMPLE_BYTES = 64 * 1024

#: Header columns, folded by ``header_key``. The German names are documented;
#: the English ones are what the English UI would plausibly write (unconfirmed).
NAME_COLUMNS = ("name",)
CONFIRMED_COLUMNS = ("kontakt bestätigt am", "contact confirmed on", "contact confirmed at")
CREATED_COLUMNS = ("erstellt am", "created on", "created at")
NOTE_COLUMNS = ("text der notiz", "note text", "note")
MESSAGE_COLUMNS = ["subject", "started", "participants", "sender", "sent", "body"]


class Kind(enum.Enum):
    MESSAGES = "messages"
    CONTACTS = "contacts"
    NOTES = "notes"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Source:
    """One file of the archive: where it is (for messages) and how to open it."""

    location: str
    opener: Callable[[], AbstractContextManager[IO[bytes]]]

    def open(self) -> AbstractContextManager[IO[bytes]]:
        return self.opener()


def _has(keys: list[str], names: tuple[str, ...]) -> bool:
    return any(name in keys for name in names)


def _first_record(sample: bytes) -> list[str]:
    text = sample.decode(sniff_encoding(sample), errors="replace").lstrip("\ufeff")
    for delimiter in (",", ";"):
        try:
            row = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        except csv.Error:
            continue
        if len(row) > 1:
            return row
    return []


def classify(sample: bytes) -> Kind:
    """What a CSV is, from its first bytes: a header row, or the shape of a message row."""
    if b"\x00" in sample or not sample.strip():
        return Kind.UNKNOWN
    cells = _first_record(sample)
    keys = [header_key(cell) for cell in cells]
    if _has(keys, NAME_COLUMNS) and _has(keys, CONFIRMED_COLUMNS):
        return Kind.CONTACTS
    if _has(keys, NAME_COLUMNS) and _has(keys, NOTE_COLUMNS):
        return Kind.NOTES
    if len(cells) == 6 and _is_message_row(cells):
        return Kind.MESSAGES
    return Kind.UNKNOWN


def _is_message_row(cells: list[str]) -> bool:
    conversation = parse_timestamp(cells[1]) is not None and not any(c.strip() for c in cells[3:])
    message = not any(c.strip() for c in cells[:3]) and bool(cells[3].strip()) and parse_timestamp(cells[4]) is not None
    return conversation or message


@contextmanager
def sources(target: str) -> Iterator[tuple[list[Source], list[str]]]:
    """The CSV files of the archive (ZIP, folder or one CSV) and the names of the other files."""
    path = Path(target)
    if path.is_file() and path.suffix.lower() == ".csv":
        yield [Source(str(path), lambda: _open_file(path))], []
        return
    with Container(path) as container:
        csvs: list[Source] = []
        others: list[str] = []
        for member in container.members():
            if member.name.lower().endswith(".csv"):
                csvs.append(Source(member.location, member.open))
            else:
                others.append(member.name)
        yield csvs, others


@contextmanager
def _open_file(path: Path) -> Iterator[IO[bytes]]:
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise FormatError(f"cannot open the file ({exc.strerror or exc})", path) from exc
    with stream:
        yield stream


def sample_of(source: Source) -> bytes:
    with source.open() as stream:
        return stream.read(_SAMPLE_BYTES)
