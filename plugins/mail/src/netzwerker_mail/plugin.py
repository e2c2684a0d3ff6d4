"""Entry point: registers the mail importers. Kept light: parsers load inside ``read()``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from netzwerker import hookimpl
from netzwerker.importers import ImportContext, Importer

if TYPE_CHECKING:
    from netzwerker.records import AnyRecord

_HEAD = 4096


def _head(path: str) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(_HEAD)
    except OSError:
        return b""


class MboxImporter(Importer):
    name: ClassVar[str] = "mbox"
    description: ClassVar[str] = "mbox files: Google Takeout, Thunderbird, mboxo/mboxrd (a file, a folder or a ZIP)"
    namespace: ClassVar[str | None] = "mail"

    def detect(self, target: str) -> float:
        from .mbox import looks_like_mbox

        if os.path.isdir(target):
            if _dir_has(target, lambda _folder, n: n.lower().endswith((".mbox", ".mbx"))):
                return 0.6
            # Thunderbird keeps each folder as an mbox without a suffix (Inbox, Sent, Trash);
            # Apple Mail exports each as a folder "Inbox.mbox" holding a file "mbox"
            return 0.6 if _dir_has(target, _suffixless_mbox, limit=50) else 0.0
        lower = target.lower()
        if lower.endswith(".zip"):
            return 0.7 if _zip_has_mbox(target) else 0.0
        if looks_like_mbox(_head(target)):
            return 0.95
        return 0.5 if lower.endswith((".mbox", ".mbx")) else 0.0

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        from .sources import read_mbox

        return read_mbox(target, context)


class MailFilesImporter(Importer):
    name: ClassVar[str] = "maildir"
    description: ClassVar[str] = "Maildir trees, folders of .eml files, single .eml files (headers only)"
    namespace: ClassVar[str | None] = "mail"

    def detect(self, target: str) -> float:
        if os.path.isdir(target):
            if os.path.isdir(os.path.join(target, "cur")) or os.path.isdir(os.path.join(target, "new")):
                return 0.9
            if _dir_has(target, lambda _folder, n: n.lower().endswith(".eml")):
                return 0.7
            from pathlib import Path

            from .files import is_plain_message_file

            # messages saved one per file as .txt or without a suffix: look at a few
            return 0.5 if _dir_has(target, lambda folder, n: is_plain_message_file(Path(folder) / n), limit=20) else 0.0
        from .files import looks_like_message

        head = _head(target)
        if target.lower().endswith(".eml"):
            return 0.9 if looks_like_message(head) or not head else 0.6
        return 0.4 if looks_like_message(head) else 0.0

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        from .sources import read_message_files

        return read_message_files(target, context)


class ImapImporter(Importer):
    name: ClassVar[str] = "imap"
    description: ClassVar[str] = "an IMAP folder, headers only, incremental: imaps://USER@HOST[:PORT]/FOLDER"
    namespace: ClassVar[str | None] = "mail"
    allow_empty: ClassVar[bool] = True

    def detect(self, target: str) -> float:
        return 1.0 if target.lower().startswith(("imap://", "imaps://")) else 0.0

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        from .imap import read_imap

        return read_imap(target, context)


def _zip_has_mbox(path: str) -> bool:
    """A Takeout ZIP with Mail/*.mbox: the ZIP's directory only, no member is read."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.lower().endswith(".mbox") for name in archive.namelist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return False


def _suffixless_mbox(folder: str, name: str) -> bool:
    from .mbox import looks_like_mbox

    return "." not in name and looks_like_mbox(_head(os.path.join(folder, name)))


def _dir_has(path: str, predicate: Callable[[str, str], bool], limit: int = 2000) -> bool:
    """Whether a folder (or one inside it) holds a file for which ``predicate(folder, name)``
    is true, looking at no more than ``limit`` files."""
    seen = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            if predicate(dirpath, name):
                return True
            seen += 1
            if seen >= limit:
                return False
    return False


@hookimpl
def register_importers(register: Any) -> None:
    register(MboxImporter())
    register(MailFilesImporter())
    register(ImapImporter())
