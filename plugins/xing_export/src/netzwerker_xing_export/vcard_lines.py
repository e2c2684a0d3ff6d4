"""Streaming a vCard file into cards of raw properties, with bounded memory.

The file is read one physical line at a time (``readline`` with a limit, so a
50 MB line never sits in memory whole). Lines are unfolded by all the rules
found in real files: RFC 2425 folding (CRLF + space/tab), quoted-printable
soft line breaks (vCard 2.1, continuation not indented), and vCard 2.1 base64
blocks ended by a blank line. Values stay *bytes* here: the charset of each
property is only known from its own ``CHARSET`` parameter (vCard 2.1), so
decoding happens per property (see :mod:`.vcard_values`).

Binary properties (PHOTO, LOGO, SOUND, KEY or any base64 value) are never
kept: their bytes are only counted. A card larger than :data:`MAX_CARD_BYTES`
is reported as broken and skipped.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, cast

from netzwerker.errors import FormatError

MAX_LINE_BYTES = 1 << 20
MAX_PROPERTY_BYTES = 1 << 20
MAX_CARD_BYTES = 5 << 20
BINARY_PROPERTIES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
ENCODING_WORDS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_NAME = re.compile(r"^(?:([A-Za-z0-9_-]+)\.)?([A-Za-z0-9-]+)$")


class NotVcard(FormatError):
    """The file is not vCard text at all, or holds no readable card."""


@dataclass
class Property:
    """One content line: ``[group.]NAME;params:value`` with the value still as bytes."""

    name: str
    group: str | None
    params: dict[str, list[str]]
    line: int
    raw: bytes | None = None  # None: binary (never kept) or longer than MAX_PROPERTY_BYTES
    too_long: bool = False

    def param(self, key: str) -> str | None:
        values = self.params.get(key)
        return values[0] if values else None

    @property
    def encoding(self) -> str | None:
        value = self.param("ENCODING")
        return value.upper() if value else None


@dataclass
class RawCard:
    number: int
    line: int
    properties: list[Property] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class BrokenCard:
    number: int
    line: int
    reason: str


@dataclass
class _Pending:
    """A property being assembled from its physical lines."""

    prop: Property
    chunks: list[bytes]
    size: int
    keep: bool
    quoted_printable: bool
    base64: bool

    def add(self, data: bytes) -> None:
        self.size += len(data)
        if not self.keep:
            return
        if self.size > MAX_PROPERTY_BYTES:
            self.keep = False
            self.prop.too_long = True
            self.chunks = []
            return
        self.chunks.append(data)

    def soft_break(self) -> bool:
        """Quoted-printable value whose last line ends in ``=``: the next line continues it."""
        return self.quoted_printable and bool(self.chunks) and self.chunks[-1].endswith(b"=")

    def join_soft_break(self, data: bytes) -> None:
        self.chunks[-1] = self.chunks[-1][:-1]
        self.add(data)

    def finish(self) -> Property:
        if self.keep:
            self.prop.raw = b"".join(self.chunks)
        return self.prop


def physical_lines(stream: IO[bytes], name: str) -> Iterator[tuple[int, bytes, int]]:
    """Yield ``(line number, line without EOL, bytes dropped from an overlong line)``."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(cast(io.RawIOBase, stream))
    head = buffered.peek(4096)[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield from _utf16_lines(buffered)
        return
    if b"\x00" in head:
        raise NotVcard("binary data (NUL bytes), not a vCard text file", name)
    number = 0
    while True:
        line = buffered.readline(MAX_LINE_BYTES)
        if not line:
            return
        number += 1
        dropped = 0
        if len(line) == MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # drain the rest of an overlong line, counting only
                rest = buffered.readline(MAX_LINE_BYTES)
                dropped += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
        if number == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        # \r\r\n (seen in iPhone exports), \r\n and \n all end a line
        yield number, line.rstrip(b"\n").rstrip(b"\r"), dropped


def _utf16_lines(buffered: IO[bytes]) -> Iterator[tuple[int, bytes, int]]:
    text = io.TextIOWrapper(cast(io.BufferedReader, buffered), encoding="utf-16", errors="replace", newline=None)
    number = 0
    while True:
        line = text.readline(MAX_LINE_BYTES // 2)
        if not line:
            return
        number += 1
        dropped = 0
        if len(line) == MAX_LINE_BYTES // 2 and not line.endswith("\n"):
            while True:
                rest = text.readline(MAX_LINE_BYTES // 2)
                dropped += 2 * len(rest)
                if not rest or rest.endswith("\n"):
                    break
        yield number, line.rstrip("\n").rstrip("\r").encode("utf-8"), dropped


def _split_outside_quotes(text: str, separator: str) -> list[str]:
    if '"' not in text:
        return text.split(separator)
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            current.append(ch)
        elif ch == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _colon_outside_quotes(line: bytes) -> int:
    colon = line.find(b":")
    if colon < 0 or b'"' not in line[:colon]:
        return colon
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:  # "
            quoted = not quoted
        elif byte == 0x3A and not quoted:  # :
            return index
    return -1


def _param_value(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    # RFC 6868 escapes in parameter values
    return value.replace("^n", "\n").replace("^'", '"').replace("^^", "^")


def parse_header(line: bytes, number: int) -> tuple[Property, bytes] | None:
    """Split a content line into its property (name, group, params) and the raw value."""
    colon = _colon_outside_quotes(line)
    if colon <= 0:
        return None
    header = line[:colon].decode("latin-1").strip()
    parts = _split_outside_quotes(header, ";")
    match = _NAME.match(parts[0].strip())
    if not match:
        return None
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        part = part.strip()
        if not part:
            continue
        if "=" in part:
            key, _, value = part.partition("=")
            key = key.strip().upper()
            values = [_param_value(v) for v in _split_outside_quotes(value, ",")]
        else:  # vCard 2.1 bare parameters: TEL;WORK;VOICE, PHOTO;BASE64;JPEG
            key = "ENCODING" if part.upper() in ENCODING_WORDS else "TYPE"
            values = [_param_value(part)]
        params.setdefault(key, []).extend(v for v in values if v)
    prop = Property(name=match.group(2).upper(), group=match.group(1), params=params, line=number)
    return prop, line[colon + 1 :]


def _start(prop: Property, value: bytes) -> _Pending:
    encoding = prop.encoding
    base64 = encoding in ("BASE64", "B")
    keep = prop.name not in BINARY_PROPERTIES and not base64
    pending = _Pending(prop, [], 0, keep, encoding in ("QUOTED-PRINTABLE", "QP"), base64)
    pending.add(value)
    return pending


class _CardBuilder:
    def __init__(self, number: int, line: int) -> None:
        self.card = RawCard(number, line)
        self.size = 0
        self.pending: _Pending | None = None
        self.agent_depth = 0  # inside a vCard 2.1 AGENT card embedded in this one

    def flush(self) -> None:
        if self.pending is not None:
            self.card.properties.append(self.pending.finish())
            self.pending = None

    def oversized(self) -> bool:
        return self.size > MAX_CARD_BYTES

    def feed(self, number: int, line: bytes) -> None:
        pending = self.pending
        if pending is not None and pending.soft_break():
            pending.join_soft_break(line)
            return
        if line[:1] in (b" ", b"\t"):
            if pending is not None:
                pending.add(line[1:])
            elif line.strip():
                self.card.problems.append((number, "continuation line without a property; ignored"))
            return
        if not line.strip():
            self.flush()  # a blank line ends a vCard 2.1 base64 block
            return
        if pending is not None and pending.base64 and b":" not in line:
            pending.add(line)  # vCard 2.1 base64 continues unindented until a blank line
            return
        self.flush()
        parsed = parse_header(line, number)
        if parsed is None:
            self.card.problems.append((number, "not a vCard property line; ignored"))
            return
        self.pending = _start(*parsed)

    def agent_open(self) -> bool:
        """An ``AGENT:`` with an empty value is followed by an embedded card (vCard 2.1)."""
        pending = self.pending
        return pending is not None and pending.prop.name == "AGENT" and not b"".join(pending.chunks).strip()


def read_cards(stream: IO[bytes], name: str) -> Iterator[RawCard | BrokenCard]:
    """Yield every card in the stream, in order; broken ones as :class:`BrokenCard`."""
    builder: _CardBuilder | None = None
    count = 0
    for number, line, dropped in physical_lines(stream, name):
        marker = line.strip().upper()
        if builder is None:
            if marker == b"BEGIN:VCARD":
                count += 1
                builder = _CardBuilder(count, number)
            continue  # text between cards is ignored
        builder.size += len(line) + dropped + 2
        if builder.agent_depth:
            if marker == b"BEGIN:VCARD":
                builder.agent_depth += 1
            elif marker == b"END:VCARD":
                builder.agent_depth -= 1
            continue
        if marker == b"BEGIN:VCARD":
            if builder.agent_open():
                builder.pending = None
                builder.agent_depth = 1
                continue
            yield BrokenCard(builder.card.number, builder.card.line, "END:VCARD missing before the next card")
            count += 1
            builder = _CardBuilder(count, number)
            continue
        if marker == b"END:VCARD":
            builder.flush()
            if builder.oversized():
                yield BrokenCard(builder.card.number, builder.card.line, _too_big(builder.size))
            else:
                yield builder.card
            builder = None
            continue
        if builder.oversized():
            builder.pending = None
            builder.card.properties.clear()  # keep counting to END:VCARD, keep nothing
            continue
        builder.feed(number, line)
        if dropped and builder.pending is not None:
            builder.pending.size += dropped  # the overlong part is only counted
            if builder.pending.keep:
                builder.pending.keep = False
                builder.pending.prop.too_long = True
                builder.pending.chunks = []
    if builder is not None:
        reason = _too_big(builder.size) if builder.oversized() else "END:VCARD missing (the file may be truncated)"
        yield BrokenCard(builder.card.number, builder.card.line, reason)


def _too_big(size: int) -> str:
    return f"the card is larger than {MAX_CARD_BYTES >> 20} MB ({size >> 20} MB)"
