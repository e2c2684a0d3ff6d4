"""Streaming mbox splitter: yields each message's separator line and header block.

The file is read in large chunks; bodies are skipped with ``bytes.find`` and
dropped, so memory stays at about one chunk plus one header block whatever
the mailbox size. Separator rule (research/mail.md §1.1): a ``From `` line
counts if the next line looks like a header field and it either has the
shape of the file's first separator line (Gmail ``From 123@xxx …``,
Thunderbird ``From - …``, classic ``From addr asctime``) or follows a blank
line. That keeps unescaped "From now on…" body lines (Thunderbird) inside
their message, whatever the quoting variant (mboxo, mboxrd).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from netzwerker.errors import FormatError

CHUNK = 4 << 20
MAX_HEADER = 1 << 20  # a header block longer than this is cut (and warned about)
MAX_LINE = 64 << 10  # separator lines and the line after them
BOM = b"\xef\xbb\xbf"
SEPARATOR = b"\nFrom "

_HEADER_LINE = re.compile(rb"[!-9;-~]+[ \t]*:")
_GMAIL = re.compile(rb"From \S+@xxx(?:\s|$)")
_CLASSIC = re.compile(rb"From \S+\s+.*\d{1,2}:\d{2}")
_ASCTIME = re.compile(
    rb"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    rb"(?:\s+([+-]\d{4}))?\s+(\d{4})"
)
_MONTHS = {m: n for n, m in enumerate(b"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


@dataclass(frozen=True)
class RawMessage:
    line: int  # line number of the separator line, 1-based
    separator: bytes
    header: bytes
    truncated: bool = False


def separator_shape(line: bytes) -> str:
    if _GMAIL.match(line):
        return "gmail"
    stripped = line.rstrip()
    if stripped.startswith(b"From -") or stripped == b"From":
        return "thunderbird"
    if _CLASSIC.match(line):
        return "classic"
    return "other"


def separator_date(line: bytes) -> dt.datetime | None:
    """The date of a ``From `` line (asctime, optionally with an offset before the year), as a fallback."""
    match = _ASCTIME.search(line)
    if not match:
        return None
    month, day, hour, minute, second, offset, year = match.groups()
    tz = dt.UTC
    if offset:
        sign = -1 if offset[:1] == b"-" else 1
        tz = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[3:5])))
    try:
        return dt.datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second or 0), tzinfo=tz)
    except ValueError:
        return None


def looks_like_mbox(head: bytes) -> bool:
    """Cheap sniff on the first bytes of a file: a ``From `` line followed by a header line."""
    head = head.removeprefix(BOM).lstrip(b"\r\n")
    if not head.startswith(b"From "):
        return False
    nl = head.find(b"\n")
    return nl >= 0 and bool(_HEADER_LINE.match(head, nl + 1))


class _Buffer:
    """A sliding window over the stream; offsets handed around are relative to ``mark``."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.data = b""
        self.mark = 0
        self.line = 1  # line number at data[mark]
        self.eof = False
        self.bytes_read = 0

    def advance(self, absolute: int) -> None:
        self.line += self.data.count(b"\n", self.mark, absolute)
        self.mark = absolute

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.bytes_read += len(chunk)
        self.data = self.data[self.mark :] + chunk if self.mark < len(self.data) else chunk
        self.mark = 0
        return True

    def find(self, needle: bytes, start: int, limit: int) -> int:
        """Offset (relative to mark) of ``needle`` at or after ``start`` and before ``limit``, or -1."""
        while True:
            end = min(len(self.data), self.mark + limit + len(needle))
            found = self.data.find(needle, self.mark + start, end)
            if found >= 0:
                return found - self.mark
            available = len(self.data) - self.mark
            if available >= limit + len(needle) or not self.more():
                return -1
            start = max(start, available - len(needle) + 1)

    def search(self, pattern: re.Pattern[bytes], start: int, limit: int, longest: int) -> tuple[int, bytes] | None:
        """Offset and text of the first match of ``pattern`` starting at or after ``start`` and
        at or before ``limit`` (``longest``: the longest text it can match), or None."""
        while True:
            end = min(len(self.data), self.mark + limit + longest)
            found = pattern.search(self.data, self.mark + start, end)
            if found is not None and found.start() - self.mark <= limit:
                return found.start() - self.mark, found.group()
            available = len(self.data) - self.mark
            if available >= limit + longest or not self.more():
                return None
            start = max(start, available - longest + 1)

    def line_at(self, start: int) -> tuple[bytes, int] | None:
        """The line starting at ``start`` (without its newline) and the offset after it."""
        end = self.find(b"\n", start, start + MAX_LINE)
        if end < 0:
            if not self.eof or start >= len(self.data) - self.mark:
                return None
            end = len(self.data) - self.mark
        return self.data[self.mark + start : self.mark + end], end + 1


def scan_mbox(stream: IO[bytes], location: str) -> Iterator[RawMessage]:
    """Yield every message of an mbox stream; FormatError if it is not an mbox at all."""
    buf = _Buffer(stream)
    buf.more()
    start = 3 if buf.data.startswith(BOM) else 0
    while buf.data[start : start + 1] in (b"\n", b"\r") and start < len(buf.data):
        start += 1
    buf.advance(start)
    if not buf.data.startswith(b"From ", buf.mark):
        raise FormatError('not an mbox file: it does not start with a "From " line', location, buf.line)
    first = buf.line_at(0)
    if first is None:
        raise FormatError("not an mbox file: no message after the first line", location, buf.line)
    shape = separator_shape(first[0])
    after = buf.line_at(first[1])
    if after is None or not _HEADER_LINE.match(after[0]):
        raise FormatError('not an mbox file: the "From " line is not followed by mail headers', location, buf.line)

    sep: tuple[bytes, int] | None = first
    while sep is not None:
        # Invariant: buf.mark is at the start of the separator line ``sep``.
        line_no = buf.line
        separator, header_start = sep
        header_end, next_separator, truncated = _header_end(buf, header_start)
        header = buf.data[buf.mark + header_start : buf.mark + header_end]
        yield RawMessage(line_no, separator.rstrip(b"\r"), header, truncated)
        if next_separator:  # a message without body or blank line: the next one starts right here
            buf.advance(buf.mark + header_end)
            sep = buf.line_at(0)
        else:
            sep = _skip_body(buf, header_end, shape)


#: the end of a header block: a blank line (LF or CRLF), or a separator right after the headers
_HEADER_END = re.compile(rb"\n\r?\n|\nFrom ")
_HEADER_END_LONGEST = len(SEPARATOR)


def _header_end(buf: _Buffer, header_start: int) -> tuple[int, bool, bool]:
    """End of the header block (relative to mark), whether a separator follows at once, whether cut."""
    limit = header_start + MAX_HEADER
    found = buf.search(_HEADER_END, header_start - 1, limit, _HEADER_END_LONGEST)
    if found is not None:
        return found[0] + 1, found[1] == SEPARATOR, False
    available = len(buf.data) - buf.mark
    if buf.eof and available <= header_start + MAX_HEADER:
        return available, False, False  # a last message without a body
    return header_start + MAX_HEADER, False, True


def _skip_body(buf: _Buffer, start: int, shape: str) -> tuple[bytes, int] | None:
    """Move mark to the next real separator line and return it (as :meth:`_Buffer.line_at`
    does); None at end of file."""
    buf.advance(buf.mark + start)
    while True:
        found = buf.data.find(SEPARATOR, buf.mark)
        if found < 0:
            # Keep a short tail in case a separator straddles the chunk boundary.
            buf.advance(max(buf.mark, len(buf.data) - len(SEPARATOR) - 2))
            if not buf.more():
                return None
            continue
        before = buf.data[max(0, found - 2) : found]
        prev_blank = before.endswith(b"\n") or before == b"\n\r"
        buf.advance(found + 1)
        sep = buf.line_at(0)
        if sep is None:
            return None
        line, next_start = sep
        following = buf.line_at(next_start)
        starts_message = buf.eof if following is None else _HEADER_LINE.match(following[0]) is not None
        if starts_message and (prev_blank or separator_shape(line) == shape):
            return sep
        # A "From " line inside a body (unescaped): go on searching after it.
        buf.advance(buf.mark + 1)
