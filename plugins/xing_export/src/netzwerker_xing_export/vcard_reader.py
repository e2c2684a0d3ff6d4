"""Reading vCards from a ``.vcf`` file, a folder of them or a ZIP of them.

A single file that holds no readable card raises a FormatError naming it.
In a folder or ZIP, such a file is named in a warning and the others import;
only when nothing at all is readable does the run fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from netzwerker.archive import Container
from netzwerker.errors import FormatError
from netzwerker.importers import ImportContext
from netzwerker.records import PersonRecord

from .detection import VCARD_SUFFIXES
from .vcard_lines import BrokenCard, NotVcard, read_cards
from .vcard_person import card_to_person


@dataclass
class _FileTally:
    cards: int = 0
    imported: int = 0
    first_broken: str | None = None


class _UniqueKeys:
    """Two cards with one key in a run (the same person in two address books) get ``#2``,
    so a re-import finds each unchanged instead of flip-flopping between them."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, key: str) -> str:
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        return key if count == 1 else f"{key}#{count}"


def read_vcards(target: str, context: ImportContext) -> Iterator[PersonRecord]:
    path = Path(target)
    if path.is_dir() or (path.suffix.lower() == ".zip" and path.is_file()):
        yield from _read_container(path, context)
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        raise FormatError(f"cannot open the file ({exc.strerror or exc})", target) from exc
    tally = _FileTally()
    with stream:
        yield from _read_stream(stream, target, context, tally, _UniqueKeys())
    _require_cards(tally, target)


def _require_cards(tally: _FileTally, location: str) -> None:
    if tally.cards == 0:
        raise NotVcard("no vCard found (no BEGIN:VCARD line)", location)
    if tally.imported == 0 and tally.first_broken:
        raise NotVcard(f"no readable vCard: {tally.first_broken}", location)


def _read_container(path: Path, context: ImportContext) -> Iterator[PersonRecord]:
    imported = 0
    keys = _UniqueKeys()
    with Container(path) as container:
        members = [m for m in container.members() if m.name.lower().endswith(VCARD_SUFFIXES)]
        if not members:
            raise FormatError("no .vcf or .vcard files in it", path)
        for done, member in enumerate(members, 1):
            tally = _FileTally()
            try:
                opened: AbstractContextManager[IO[bytes]] = member.open()
                with opened as stream:
                    for record in _read_stream(stream, member.location, context, tally, keys):
                        imported += 1
                        yield record
                _require_cards(tally, member.location)
            except NotVcard as exc:  # one bad file in a folder; archive corruption still fails the run
                context.warn(f"file not imported: {exc.reason}", exc.path or member.location, exc.line)
            context.progress(done, len(members))
    if imported == 0:
        raise FormatError("no readable vCard in any of its files", path)


def _read_stream(
    stream: IO[bytes], location: str, context: ImportContext, tally: _FileTally, keys: _UniqueKeys
) -> Iterator[PersonRecord]:
    for card in read_cards(stream, location):
        tally.cards += 1
        if isinstance(card, BrokenCard):
            reason = f"card {card.number}: {card.reason}"
            tally.first_broken = tally.first_broken or f"{reason} (line {card.line})"
            context.skip(reason, location, card.line)
            continue
        result = card_to_person(card, context.owner, location)
        for line, message in result.warnings:
            context.warn(message, location, line)
        if result.record is None:
            if result.skip_category:
                context.skip(
                    result.skip_reason or result.skip_category,
                    location,
                    card.line,
                    warn=False,
                    category=result.skip_category,
                )
            else:
                tally.first_broken = tally.first_broken or f"{result.skip_reason} (line {card.line})"
                context.skip(result.skip_reason or "unreadable card", location, card.line)
            continue
        tally.imported += 1
        record = result.record
        yield record.model_copy(update={"key": keys(record.key or "")})
