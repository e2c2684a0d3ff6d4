"""What each importer's ``read()`` runs: target → messages → records (+ detected intros at the end)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from netzwerker.archive import Container, Member
from netzwerker.errors import FormatError
from netzwerker.importers import ImportContext
from netzwerker.records import AnyRecord

from .convert import MailConverter, Origin, folder_role
from .facts import MessageFacts
from .files import mbox_file_headers, mbox_member_headers, mbox_members, message_files, message_headers

PROGRESS_EVERY = 1000


def convert_all(messages: Iterable[tuple[MessageFacts, Origin]], context: ImportContext) -> Iterator[AnyRecord]:
    converter = MailConverter(context)
    for count, (facts, origin) in enumerate(messages, 1):
        yield from converter.convert(facts, origin)
        if count % PROGRESS_EVERY == 0:
            context.progress(count)
    yield from converter.finish()


def read_mbox(target: str, context: ImportContext) -> Iterator[AnyRecord]:
    return convert_all(_mbox_messages(Path(target), context), context)


def _mbox_messages(path: Path, context: ImportContext) -> Iterator[tuple[MessageFacts, Origin]]:
    if path.is_file() and not zipfile.is_zipfile(path):
        yield from mbox_file_headers(path, context, folder_role(list(path.parts[-3:])))
        return
    with Container(path) as container:
        members = mbox_members(container)
        if not members:
            raise FormatError("no mbox file in it", path)
        for member in members:
            role = folder_role(list(PurePosixPath(member.name).parts))
            yield from mbox_member_headers(member, context, role)


def read_message_files(target: str, context: ImportContext) -> Iterator[AnyRecord]:
    return convert_all(_file_messages(Path(target), context), context)


def _file_messages(path: Path, context: ImportContext) -> Iterator[tuple[MessageFacts, Origin]]:
    if path.is_file():
        members = [Member(path.name, path.stat().st_size, Container(path.parent))]
    else:
        passed_over: list[str] = []
        members = message_files(path, passed_over)
        if not members:
            raise FormatError("no mail messages in it (expected a Maildir or .eml files)", path)
        if passed_over:
            context.warn(
                f"{len(passed_over)} file(s) are not single mail messages and were not read, e.g. {passed_over[0]!r}"
                " (an mbox? import it on its own)",
                str(path),
            )
    found = False
    for member in members:
        for item in message_headers(member, context):
            found = True
            yield item
    if not found:
        raise FormatError("no mail message could be read in it", path)
