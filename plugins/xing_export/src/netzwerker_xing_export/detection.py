"""Cheap detection of XING archives and vCard files (standard library only).

Detection reads at most a few KB or a ZIP's central directory; the parsers
decide the rest and fail with a FormatError naming the file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

VCARD_SUFFIXES = (".vcf", ".vcard")
XING_FOLDERS = ("messages-backend", "network-inquiry")
_PEEK_BYTES = 4096
_MAX_LISTED = 2000
_TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d")


def _peek(path: Path) -> bytes:
    try:
        with open(path, "rb") as stream:
            return stream.read(_PEEK_BYTES)
    except OSError:
        return b""


def _zip_names(path: Path) -> list[str]:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()[:_MAX_LISTED]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return []


def _has_xing_data_folder(names: list[str]) -> bool:
    for name in names:
        parts = name.replace("\\", "/").split("/")
        for i, part in enumerate(parts[:-1]):
            if part == "data" and i + 1 < len(parts) and parts[i + 1] in XING_FOLDERS:
                return True
    return False


def _looks_like_vcard(sample: bytes) -> bool:
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        sample = sample.decode("utf-16", errors="ignore").encode("utf-8")
    return b"BEGIN:VCARD" in sample.upper()


def xing_archive_score(target: str) -> float:
    path = Path(target)
    if path.is_dir():
        for base in (path, *_subfolders(path)):
            if any((base / "data" / folder).is_dir() for folder in XING_FOLDERS):
                return 0.95
        return 0.0
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return 0.95 if _has_xing_data_folder(_zip_names(path)) else 0.0
    if suffix == ".csv":
        return _xing_csv_score(path)
    return 0.0


def _subfolders(path: Path) -> list[Path]:
    try:
        return [Path(entry.path) for entry in os.scandir(path) if entry.is_dir(follow_symlinks=False)][:_MAX_LISTED]
    except OSError:
        return []


def _xing_csv_score(path: Path) -> float:
    sample = _peek(path)
    first_line = sample.split(b"\n", 1)[0].lower()
    first_text = first_line.decode("utf-8", errors="replace")
    if '"name"' in first_text and ("kontakt bestätigt am" in first_text or "text der notiz" in first_text):
        return 0.9
    if "messages-backend" in path.parts and _TIMESTAMP.search(first_line):
        return 0.8
    return 0.0


def vcard_score(target: str) -> float:
    path = Path(target)
    if path.is_dir():
        try:
            with os.scandir(path) as entries:
                for count, entry in enumerate(entries):
                    if count > _MAX_LISTED:
                        break
                    if entry.name.lower().endswith(VCARD_SUFFIXES) and entry.is_file():
                        return 0.7
        except OSError:
            return 0.0
        return 0.0
    suffix = path.suffix.lower()
    if suffix in VCARD_SUFFIXES:
        # the extension is enough: the reader reports a broken file by name
        return 0.95 if _looks_like_vcard(_peek(path)) else 0.6
    if suffix == ".zip":
        names = [n for n in _zip_names(path) if not n.endswith("/")]
        cards = [n for n in names if n.lower().endswith(VCARD_SUFFIXES)]
        return 0.7 if cards and len(cards) * 2 > len(names) else 0.0
    if path.is_file() and _looks_like_vcard(_peek(path)[:256]):
        return 0.8
    return 0.0
