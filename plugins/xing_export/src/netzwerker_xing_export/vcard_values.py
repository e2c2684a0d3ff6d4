"""Decoding one vCard property value: quoted-printable, per-property charset, escapes.

vCard 2.1 lets every property name its own ``CHARSET`` (XING wrote
ISO-8859-1 and UTF-8 side by side in one card) and apps write 8-bit bytes
without any declaration, so the bytes of each value are decoded on their own:
the declared charset first, else UTF-8, else cp1252 (what Windows tools write).
"""

from __future__ import annotations

import binascii
import codecs

from .vcard_lines import Property


def _charset(prop: Property) -> str | None:
    name = prop.param("CHARSET")
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, charset: str | None) -> str:
    if charset:
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset:  # trust the declaration; bytes that do not fit become U+FFFD
        return data.decode(charset, errors="replace")
    return data.decode("cp1252", errors="replace")


def raw_text(prop: Property) -> str | None:
    """The value as text, before vCard escapes are resolved; ``None`` if not kept."""
    if prop.raw is None:
        return None
    data = prop.raw
    if prop.encoding in ("QUOTED-PRINTABLE", "QP"):
        data = binascii.a2b_qp(data)
    return decode_bytes(data, _charset(prop))


_ESCAPES = {"n": "\n", "N": "\n", "\\": "\\", ",": ",", ";": ";", ":": ":"}


def unescape(text: str) -> str:
    r"""Resolve ``\n``, ``\,``, ``\;``, ``\\`` and Apple's ``\:``; keep unknown escapes."""
    if "\\" not in text:
        return text
    out: list[str] = []
    index = 0
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPES:
            out.append(_ESCAPES[text[index + 1]])
            index += 2
            continue
        out.append(ch)
        index += 1
    return "".join(out)


def split_escaped(text: str, separator: str) -> list[str]:
    """Split at separators not preceded by a backslash, then unescape each part."""
    if "\\" not in text:
        return text.split(separator)
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(text):
        ch = text[index]
        if ch == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        index += 1
    parts.append("".join(current))
    return [unescape(part) for part in parts]


def text_value(prop: Property) -> str | None:
    text = raw_text(prop)
    return None if text is None else unescape(text).strip()


def components(prop: Property) -> list[str]:
    """A structured value (N, ORG, ADR) split into its ``;`` components."""
    text = raw_text(prop)
    return [] if text is None else [part.strip() for part in split_escaped(text, ";")]


def list_value(prop: Property) -> list[str]:
    """A comma-separated list (CATEGORIES, NICKNAME)."""
    text = raw_text(prop)
    return [] if text is None else [part.strip() for part in split_escaped(text, ",") if part.strip()]
