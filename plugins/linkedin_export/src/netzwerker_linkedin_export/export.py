"""The export as delivered: a ZIP, its extracted folder, or one of its CSV files."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from netzwerker.archive import Container, Member
from netzwerker.errors import FormatError, HeaderNotFound
from netzwerker.importers import ImportContext
from netzwerker.textfiles import CsvFile, CsvRow

from .tables import (
    Direction,
    Kind,
    RowSource,
    Table,
    direction_from_filename,
    expected_columns,
    kind_from_filename,
    kind_from_header,
)


class _CsvRows(RowSource):
    """A CSV member opened lazily; its header is found by the columns of ``kind``."""

    def __init__(self, member: Member, kind: Kind | None) -> None:
        self._member = member
        self._kind = kind
        self._stack = ExitStack()
        self._csv: CsvFile | None = None
        self.header = set()

    def __enter__(self) -> _CsvRows:
        stream = self._stack.enter_context(self._member.open())
        wanted = self._kind

        def is_header(keys: list[str]) -> bool:
            found = kind_from_header(keys)
            return found is not None and (wanted is None or found == wanted)

        try:
            self._csv = CsvFile(stream, self._member.location, is_header=is_header)
        except BaseException:
            self._stack.close()
            raise
        self.header = set(self._csv.header)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stack.close()

    def __iter__(self) -> Iterator[CsvRow]:
        assert self._csv is not None, "open the table first"
        return iter(self._csv)


def _table(member: Member, kind: Kind, direction: Direction | None) -> Table:
    return Table(member.location, kind, direction, lambda: _CsvRows(member, kind))


def container_tables(container: Container, context: ImportContext) -> list[Table]:
    """The relationship tables of an export ZIP or folder, matched by file name."""
    tables: list[Table] = []
    for member in container.members():
        found = kind_from_filename(member.basename)
        if found is None:
            continue
        kind, direction = found
        if member.size == 0:
            context.warn(f"empty file, expected a header with {expected_columns(kind)}", member.location)
            continue
        tables.append(_table(member, kind, direction))
    return tables


def single_file_table(path: Path) -> Table:
    """A lone CSV of the export; its kind comes from its columns, not its name."""
    container = Container(path.parent)
    member = Member(path.name, path.stat().st_size, container)
    with member.open() as stream:
        try:
            csv = CsvFile(stream, member.location, is_header=lambda keys: kind_from_header(keys) is not None)
        except HeaderNotFound as exc:
            raise FormatError(
                "not a LinkedIn export file: no header with the columns of Connections, messages, "
                "Invitations, Endorsements, Recommendations, Profile or Positions",
                member.location,
            ) from exc
        kind = kind_from_header(csv.header)
    assert kind is not None
    direction = direction_from_filename(path.name)
    if direction is None:
        named = kind_from_filename(path.name)
        direction = named[1] if named else None
    return _table(member, kind, direction)


def looks_like_export_zip(path: Path) -> float:
    """Cheap: the archive's name, else its directory of entries (no member is read)."""
    name = path.name.casefold()
    if "linkedindataexport" in name.replace("_", "").replace(" ", ""):
        return 1.0
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n.rsplit("/", 1)[-1] for n in archive.namelist()[:5000]]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return 0.0
    return _score_names(names)


def looks_like_export_folder(path: Path) -> float:
    try:
        names = [entry.name for _, entry in zip(range(5000), path.iterdir(), strict=False)]
    except OSError:
        return 0.0
    return _score_names(names)


def _score_names(names: list[str]) -> float:
    kinds = {found[0] for found in map(kind_from_filename, names) if found is not None}
    if {"connections", "messages", "invitations"} & kinds and len(kinds) >= 2:
        return 0.9
    if "connections" in kinds:
        return 0.6
    return 0.0


def looks_like_export_csv(path: Path) -> float:
    """A CSV whose first lines hold a LinkedIn header (the Connections preamble allowed)."""
    try:
        with path.open("rb") as stream:
            sample = stream.read(16384)
    except OSError:
        return 0.0
    from netzwerker.textfiles import header_key, sniff_encoding

    try:
        text = sample.decode(sniff_encoding(sample), errors="replace")
    except LookupError:
        return 0.0
    import csv

    for line in text.splitlines()[:12]:
        if not line.strip():
            continue
        delimiter = max((",", ";", "\t"), key=line.count)
        try:
            cells = next(csv.reader([line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        kind = kind_from_header([header_key(cell) for cell in cells])
        if kind is not None:
            named = kind_from_filename(path.name)
            return 0.95 if named is not None and named[0] == kind else 0.85
    return 0.0
