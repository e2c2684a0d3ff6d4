"""Mail stored as files: mbox files, Maildir trees, folders of .eml files, ZIPs of them.

Every source becomes a stream of ``(MessageFacts, Origin)``; :mod:`.convert`
does the rest. Sent folders are read first, so the owner's addresses are known
before the inbox is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from netzwerker.archive import Container, Member
from netzwerker.errors import FormatError
from netzwerker.importers import ImportContext

from .convert import Origin, folder_role
from .facts import MessageFacts, read_facts
from .headers import split_header_block
from .mbox import MAX_HEADER, looks_like_mbox

if TYPE_CHECKING:
    from .scan_worker import Parsed

_MAILDIR_INFO = re.compile(r"[:!;]2,([A-Za-z]*)$")
_SKIP_NAMES = {".msf", ".dat", ".sqlite", ".json", ".html", ".txt~"}
HEAD_BYTES = 4096


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(size)
    except OSError:
        return b""


def looks_like_message(head: bytes) -> bool:
    """A single RFC 5322 message: header lines from the first byte, with From or Date among them."""
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith(b"From ") or b"\0" in head:
        return False
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    headers = split_header_block(block)
    first = head.split(b"\n", 1)[0]
    has_origin = headers.has("from") or headers.has("date")
    return b":" in first and has_origin and (headers.has("subject") or headers.has("to"))


# -- mbox ---------------------------------------------------------------------


def mbox_member_headers(
    member: Member, context: ImportContext, role: str | None
) -> Iterator[tuple[MessageFacts, Origin]]:
    """The messages of an mbox file in a folder or ZIP; a big one is split in a second
    process (:mod:`.scan_worker`), which streams a ZIP entry itself."""
    from .scan_worker import parsed_messages

    container = member.container
    if container.kind == "zip":
        parsed = parsed_messages(str(container.path), member.location, member.name, member.size)
    else:
        parsed = parsed_messages(str(container.path / member.name), member.location, size=member.size)
    return _checked(parsed, member.location, context, role)


def mbox_file_headers(path: Path, context: ImportContext, role: str | None) -> Iterator[tuple[MessageFacts, Origin]]:
    """The messages of an mbox file; a big one is split in a second process (:mod:`.scan_worker`)."""
    from .scan_worker import parsed_messages

    return _checked(parsed_messages(str(path), str(path)), str(path), context, role)


def _checked(
    parsed: Iterator[Parsed], location: str, context: ImportContext, role: str | None
) -> Iterator[tuple[MessageFacts, Origin]]:
    found_any = False
    for line, facts, fallback, truncated in parsed:
        if truncated:
            context.warn(f"header block longer than {MAX_HEADER} bytes, cut", location, line)
        if not (facts.has_from or facts.has_message_id or facts.has_date):
            context.skip("no mail headers", location, line)
            continue
        found_any = True
        yield facts, Origin(location, line, role, fallback)
    if not found_any:
        raise FormatError("not an mbox file: no message with mail headers in it", location)


def mbox_members(container: Container) -> list[Member]:
    """mbox files inside a folder or ZIP (Takeout, a Thunderbird profile), Sent folders first."""
    result = []
    for member in container.members():
        name = member.basename
        if name.startswith(".") or PurePosixPath(name).suffix.lower() in _SKIP_NAMES or member.size == 0:
            continue
        if name.lower().endswith((".mbox", ".mbx")):
            result.append(member)
            continue
        if "." in name:
            continue
        with member.open() as stream:  # Thunderbird folder files have no extension: sniff them
            if looks_like_mbox(stream.read(HEAD_BYTES)):
                result.append(member)
    return _sent_first(result)


def _sent_first(members: list[Member]) -> list[Member]:
    return sorted(members, key=lambda m: (folder_role(list(PurePosixPath(m.name).parts)) != "sent", m.name))


# -- Maildir and .eml ------------------------------------------------------------


#: Suffixes of messages saved one per file without ``.eml`` (``msg_02.txt``, ``1234``).
PLAIN_MESSAGE_SUFFIXES = frozenset({"", ".txt", ".mail"})


def is_plain_message_file(path: Path) -> bool:
    """A ``.txt`` or suffix-less file whose first bytes are mail headers."""
    if path.name.startswith(".") or path.suffix.lower() not in PLAIN_MESSAGE_SUFFIXES:
        return False
    return looks_like_message(read_head(path))


def message_files(root: Path, passed_over: list[str] | None = None) -> list[Member]:
    """Messages in a Maildir (cur/new), a Maildir++ tree, a folder of .eml files, or a
    folder of messages saved as ``.txt`` / suffix-less files (recognised by their headers).

    Other files' names are appended to ``passed_over`` so the caller can say so.
    """
    with Container(root) as container:
        members = []
        for member in container.members():
            parts = PurePosixPath(member.name).parts
            parent = parts[-2] if len(parts) > 1 else ""
            if (
                parent in ("cur", "new")
                or member.basename.lower().endswith(".eml")
                or is_plain_message_file(root / member.name)
            ):
                members.append(member)
            elif passed_over is not None and not member.basename.startswith("."):
                passed_over.append(member.name)
        if passed_over and any(PurePosixPath(m.name).parts[-2:-1] in (("cur",), ("new",)) for m in members):
            passed_over.clear()  # a Maildir's index and state files are not worth a warning
    return sorted(members, key=lambda m: (_maildir_role(m) != "sent", m.name))


def _maildir_role(member: Member) -> str | None:
    parts = list(PurePosixPath(member.name).parts[:-1])
    parts = [p for p in parts if p not in ("cur", "new", "tmp")]
    return folder_role(parts)


def message_headers(member: Member, context: ImportContext) -> Iterator[tuple[MessageFacts, Origin]]:
    """The header block of one message file (read up to the first blank line, bounded)."""
    with member.open() as stream:
        block = _read_header_block(stream)
    if block.startswith(b"From "):  # an mboxo-style .eml with a From_ line: drop it
        block = block.split(b"\n", 1)[1] if b"\n" in block else b""
    facts = read_facts(split_header_block(block))
    if not (facts.has_from or facts.has_message_id):
        context.skip("not a mail message (no From or Message-ID header)", member.location, 1)
        return
    role = _maildir_role(member)
    info = _MAILDIR_INFO.search(member.basename)
    if info:
        flags = info.group(1)
        if "D" in flags:
            role = "draft"
        elif "T" in flags:
            role = "trash"
    yield facts, Origin(member.location, 1, role)


def _read_header_block(stream: IO[bytes]) -> bytes:
    lines: list[bytes] = []
    size = 0
    while size <= MAX_HEADER:
        line = stream.readline(MAX_HEADER)
        if line in (b"", b"\n", b"\r\n"):
            break
        size += len(line)
        lines.append(line)
    block = b"".join(lines)
    return block.removeprefix(b"\xef\xbb\xbf")
