"""Header-only parsing of one message: the raw header block in, typed fields out.

Hand-rolled instead of ``email.parser`` because only ~25 fields matter and the
stdlib parser builds objects for all of them (see research/mail.md §2.3). Raw
8-bit bytes are decoded as UTF-8, else cp1252; address lists are split *before*
RFC 2047 display names are decoded, because names may contain commas.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

#: Header names kept (lower-case); every other field is skipped unparsed.
WANTED: frozenset[bytes] = frozenset(
    b"""from to cc date subject message-id in-reply-to references list-id list-unsubscribe list-post
    precedence auto-submitted x-autoreply x-autorespond return-path content-type content-class
    delivered-to x-gm-thrid x-gmail-labels x-mozilla-status x-spam-flag x-mailman-version
    x-beenthere mailing-list x-mailing-list sender""".split()
)

_ENCODED_WORD = "=?"
_MSGID = re.compile(r"<([^<>\s]+)>")


def decode_bytes(raw: bytes) -> str:
    """UTF-8 where valid (Takeout labels, modern clients), else cp1252 (old 8-bit mail)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few broken bytes keeps UTF-8; otherwise it is a legacy 8-bit charset.
    lenient = raw.decode("utf-8", errors="replace")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in lenient):
        return lenient
    return raw.decode("cp1252", errors="replace")


@lru_cache(maxsize=65536)
def decode_words(text: str) -> str:
    """Decode RFC 2047 encoded-words; whitespace between adjacent words is dropped (RFC 2047 §6.2)."""
    if _ENCODED_WORD not in text:
        return " ".join(text.split())
    try:
        return " ".join(str(make_header(decode_header(text))).split())
    except (ValueError, LookupError, UnicodeError, AssertionError):
        return " ".join(text.split())


@dataclass(frozen=True)
class Address:
    name: str | None
    email: str  # as written, lower-cased domain kept for display


@lru_cache(maxsize=65536)
def parse_addresses(value: str) -> tuple[Address, ...]:
    """Split an address list, then decode each display name; drop entries without ``@``."""
    return addresses_from_pairs(_simple_pairs(value) or getaddresses([value]))


def addresses_from_pairs(pairs: list[tuple[str, str]]) -> tuple[Address, ...]:
    """``(name, address)`` pairs as split from a list → addresses with decoded names; no ``@``, no entry."""
    result: list[Address] = []
    for name, addr in pairs:
        addr = addr.strip().strip("<>").strip()
        if "@" not in addr.strip("@") or " " in addr:
            continue
        decoded = decode_words(name).strip().strip('"').strip() if name else ""
        if decoded == addr:
            decoded = ""
        result.append(Address(decoded or None, addr))
    return tuple(result)


_QUOTED = re.compile(r'"[^"\\]*"')
#: one address of a list whose display name is a single quoted string
_QUOTED_NAME = re.compile(r'\s*"([^"\\]*)"\s*<([^<>"]*)>\s*')
#: a plain dot-atom address; anything else (routes, literals, odd dots, non-ASCII) goes to the stdlib
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_PLAIN_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")
#: the list split on commas outside quoted strings
_LIST_PART = re.compile(r'(?:"[^"\\]*"|[^,"])+')


def _simple_pairs(value: str) -> list[tuple[str, str]] | None:
    """The common shapes (``a@x, Name <b@y>, "Last, First" <c@z>``) without the stdlib's character-level parser.

    Only when nothing outside quoted names can hide a comma or a bracket: no
    comments, groups or escapes (in RFC 2047 words a comma is not allowed), and
    a quoted string only as the whole display name. ``None`` sends the value to
    :func:`email.utils.getaddresses`.
    """
    if "\\" in value:
        return None
    quoted = '"' in value
    if quoted:
        if value.count('"') % 2:
            return None
        outside = _QUOTED.sub('""', value)
    else:
        outside = value
    if "(" in outside or ")" in outside or ";" in outside or ":" in outside:
        return None
    pairs: list[tuple[str, str]] = []
    for part in _LIST_PART.findall(value) if quoted else value.split(","):
        if '"' in part:
            match = _QUOTED_NAME.fullmatch(part)
            if match is None:
                return None
            name, address = match[1], match[2].strip()
            if not _PLAIN_ADDRESS.fullmatch(address):
                return None
            pairs.append((name, address))
            continue
        part = part.strip()
        if not part:
            continue
        if part.endswith(">"):
            opening = part.rfind("<")
            if opening < 0 or "<" in part[:opening] or ">" in part[:-1]:
                return None
            name, address = part[:opening].strip(), part[opening + 1 : -1].strip()
            if "@" in name or "[" in name or "]" in name:
                return None
        elif "<" in part or ">" in part or " " in part:
            return None
        else:
            name, address = "", part
        if "@" in address and not _PLAIN_ADDRESS.fullmatch(address):
            return None
        pairs.append((name, address))  # without "@" it is dropped, as the stdlib's reading would be
    return pairs


def parse_msgids(value: str | None) -> list[str]:
    """Message-IDs from a References/In-Reply-To/Message-ID value, normalised."""
    if not value:
        return []
    found = _MSGID.findall(value)
    if not found and value.strip() and " " not in value.strip():
        found = [value.strip()]
    return [normalize_msgid(m) for m in found if m]


def normalize_msgid(value: str) -> str:
    return value.strip().strip("<>").strip().lower()


_MONTHS = {
    m: n for n, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_PLAIN_DATE = re.compile(
    r"\s*(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s+([+-])(\d{2})(\d{2})(?:\s*\([^()]*\))?\s*"
)


@lru_cache(maxsize=64)
def _zone(sign: str, hours: int, minutes: int) -> dt.tzinfo:
    offset = dt.timedelta(hours=hours, minutes=minutes)
    return dt.timezone(-offset if sign == "-" else offset)


def _plain_date(value: str) -> dt.datetime | None:
    """``Mon, 6 Jan 2020 10:00:00 +0100`` (the shape nearly every client writes) without the stdlib parser."""
    match = _PLAIN_DATE.fullmatch(value)
    if match is None:
        return None
    day, month_name, year, hour, minute, second, sign, zone_h, zone_m = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return dt.datetime(
            int(year), month, int(day), int(hour), int(minute), int(second or 0),
            tzinfo=_zone(sign, int(zone_h), int(zone_m)),
        )  # fmt: skip
    except ValueError:
        return None


def parse_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    fast = _plain_date(value)
    if fast is not None:
        return fast if 1971 <= fast.year <= 2200 else None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    if not 1971 <= parsed.year <= 2200:
        return None
    return parsed


@dataclass
class Headers:
    """The wanted fields of one header block, unfolded, decoded to ``str``."""

    fields: dict[str, list[str]] = field(default_factory=dict)

    def first(self, name: str) -> str | None:
        values = self.fields.get(name)
        return values[0] if values else None

    def has(self, name: str) -> bool:
        return name in self.fields

    def addresses(self, *names: str) -> tuple[Address, ...]:
        result: list[Address] = []
        for name in names:
            for value in self.fields.get(name, ()):
                result.extend(parse_addresses(value))
        return tuple(result)

    def text(self, name: str) -> str | None:
        value = self.first(name)
        return decode_words(value) if value is not None else None


#: a wanted field's name at the start of a line, searched in the lower-cased block
#: after a "\n" (a literal first character lets the regex engine skip ahead fast;
#: the rest of the block, mostly DKIM/ARC/Received lines, is never looked at in Python)
_WANTED_FIELD = re.compile(
    rb"\n[\r\x0b\x0c]*(" + b"|".join(re.escape(name) for name in sorted(WANTED, key=len, reverse=True)) + rb")"
    rb"[ \t\r\x0b\x0c]*:"
)
#: where a field ends: a line break not followed by a continuation line
_FIELD_END = re.compile(rb"\n(?![ \t])")
#: the field names as keys of :attr:`Headers.fields`
_NAMES = {name: name.decode("ascii") for name in WANTED}


def split_header_block(block: bytes) -> Headers:
    """Parse ``Name: value`` fields with their continuation lines; keep only :data:`WANTED` names."""
    fields: dict[str, list[str]] = {}
    field_end = _FIELD_END.search
    # offsets in ``lowered`` are one more than in ``block``
    lowered = b"\n" + block.lower()
    size = len(block)
    for match in _WANTED_FIELD.finditer(lowered):
        start = match.end() - 1
        end = block.find(b"\n", start)
        if end < 0:
            raw = block[start:].strip()
        elif end + 1 < size and block[end + 1] in (32, 9):  # folded onto more lines
            folded = field_end(block, end + 1)
            raw = block[start : folded.start()] if folded else block[start:]
            raw = b" ".join(part.strip() for part in raw.split(b"\n"))
        else:
            raw = block[start:end].strip()
        if b"\r" in raw:
            raw = raw.replace(b"\r", b"")
        name = _NAMES[match[1]]
        values = fields.get(name)
        if values is None:
            fields[name] = [decode_bytes(raw)]
        else:
            values.append(decode_bytes(raw))
    return Headers(fields)
