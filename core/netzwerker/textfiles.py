"""Reading CSV exports as platforms and Excel really write them.

* Encoding: UTF-8 with or without BOM, UTF-16 (LinkedIn's TAB-separated
  files), and cp1252 (German Excel) when the bytes are not UTF-8.
* Delimiter: ``,``, ``;`` or TAB, from the header line.
* Header: found by a predicate, so preambles ("Notes: …") are skipped.
* Columns are looked up by name (case and spaces folded), never by position.

Binary garbage, NUL bytes, an undecodable file or a missing header raise a
:class:`FormatError` naming the file and line.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import IO

from .errors import FormatError, HeaderNotFound

SAMPLE_BYTES = 1 << 20
MAX_FIELD_BYTES = 16 * 1024 * 1024
MAX_HEADER_SEARCH_LINES = 50

csv.field_size_limit(MAX_FIELD_BYTES)


def sniff_encoding(sample: bytes) -> str:
    """The encoding of a text file from its first bytes (see module docstring)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith(codecs.BOM_UTF16_LE) or sample.startswith(codecs.BOM_UTF16_BE):
        return "utf-16"
    if len(sample) >= 4 and sample[1] == 0 and sample[3] == 0 and sample[0] != 0:
        return "utf-16-le"
    if len(sample) >= 4 and sample[0] == 0 and sample[2] == 0 and sample[1] != 0:
        return "utf-16-be"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut by the sample's end
            return "utf-8"
    return "cp1252"


@lru_cache(maxsize=4096)
def header_key(name: str) -> str:
    """How column names are compared: case, BOM, quotes and spacing folded."""
    return " ".join(name.replace("\ufeff", "").strip().strip('"').casefold().replace("_", " ").split())


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]

    def get(self, *names: str) -> str:
        """The first non-empty value among columns ``names`` (header keys), trimmed."""
        for name in names:
            value = self.values.get(header_key(name))
            if value:
                value = value.strip()
                if value:
                    return value
        return ""


class CsvFile:
    """A CSV stream with a detected encoding, delimiter and header.

    ``is_header(keys)`` receives the folded cells of a candidate line and says
    whether it is the header; the default takes the first non-empty line.
    ``header`` gives the column names of a file without a header row;
    ``delimiter`` overrides the guess from the first line.
    Iterating yields :class:`CsvRow` with 1-based physical line numbers.
    """

    def __init__(
        self,
        stream: IO[bytes],
        name: str,
        *,
        is_header: Callable[[list[str]], bool] | None = None,
        encoding: str | None = None,
        header: list[str] | None = None,
        delimiter: str | None = None,
    ) -> None:
        self.name = name
        buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[type-var]
        sample = buffered.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
        if not sample.strip():
            raise FormatError("the file is empty", name)
        self.encoding = encoding or sniff_encoding(sample)
        if "\x00" in sample.decode("latin-1") and not self.encoding.startswith("utf-16"):
            raise FormatError("binary data (NUL bytes), not a CSV text file", name)
        self._text = io.TextIOWrapper(buffered, encoding=self.encoding, newline="", errors="strict")
        self._line = 0
        self._last_line: str | None = None
        self._forced_delimiter = delimiter
        self.delimiter = ","
        self.header: list[str] = []
        if header is not None:
            self.header = [header_key(h) for h in header]
            first = self._peek_line()
            self.delimiter = delimiter or _delimiter(first)
            self._pending: str | None = first
            self._line -= 1  # counted again when the row reader takes it
        else:
            self._pending = None
            self._find_header(is_header)

    def _readline(self) -> str:
        try:
            line = self._text.readline(MAX_FIELD_BYTES)
        except UnicodeDecodeError as exc:
            raise FormatError(
                f"not valid {self.encoding} text ({exc.reason}); save it as UTF-8", self.name, self._line + 1
            ) from exc
        if line:
            self._line += 1
            self._last_line = line
        return line

    def _peek_line(self) -> str:
        return self._readline()

    def _find_header(self, is_header: Callable[[list[str]], bool] | None) -> None:
        for _ in range(MAX_HEADER_SEARCH_LINES):
            line = self._readline()
            if not line:
                break
            if not line.strip():
                continue
            delimiter = self._forced_delimiter or _delimiter(line)
            cells = next(csv.reader([line], delimiter=delimiter))
            keys = [header_key(c) for c in cells]
            if is_header is None or is_header(keys):
                self.delimiter = delimiter
                self.header = keys
                self.header_line = self._line
                return
        raise HeaderNotFound("no header row with the expected columns found", self.name)

    def has(self, *names: str) -> bool:
        return all(header_key(n) in self.header for n in names)

    def _lines(self) -> Iterator[str]:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._line += 1
            yield pending
        while True:
            line = self._readline()
            if not line:
                return
            yield line

    def __iter__(self) -> Iterator[CsvRow]:
        # strict: an unclosed quote (a truncated or garbled file) is an error,
        # not a silently swallowed rest of the file.
        reader = csv.reader(self._lines(), delimiter=self.delimiter, strict=True)
        width = len(self.header)
        while True:
            start_line = self._line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FormatError(f"malformed CSV ({exc})", self.name, start_line) from exc
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < width and self._at_unterminated_end():
                raise FormatError("the file is truncated: its last row is incomplete", self.name, start_line)
            values = {self.header[i]: cells[i] for i in range(min(width, len(cells)))}
            if len(cells) > width:
                values["__extra__"] = self.delimiter.join(cells[width:])
            yield CsvRow(start_line, values)

    def _at_unterminated_end(self) -> bool:
        # readline() returns a line without its newline only at the end of the file
        return self._last_line is not None and not self._last_line.endswith(("\n", "\r"))


def _delimiter(line: str) -> str:
    counts = {d: _count_outside_quotes(line, d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count = 0
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count
