"""Reading export archives (a ZIP or its extracted folder) safely and lazily.

Nothing is extracted to disk and no member is read whole into memory: members
are opened as streams. Hostile archives are refused with a :class:`FormatError`
naming the file: truncated or corrupt ZIPs, path-traversal entries, too many
members, and members whose real size exceeds the bound (zip bombs).
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from .errors import FormatError, LimitExceeded

MAX_MEMBERS = 200_000
MAX_MEMBER_BYTES = 8 * 1024**3  # an 8 GiB mailbox inside a Takeout ZIP is plausible
MAX_RATIO = 1000  # uncompressed / compressed, beyond which a member is a bomb


@dataclass(frozen=True)
class Member:
    """One file in an archive or folder. ``name`` uses ``/`` separators."""

    name: str
    size: int
    container: Container

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name).name

    @property
    def location(self) -> str:
        """``archive.zip!member.csv`` or ``folder/member.csv``, for messages."""
        return self.container.location(self.name)

    @contextmanager
    def open(self) -> Iterator[IO[bytes]]:
        """A binary stream of the member; errors become :class:`FormatError`."""
        with self.container.open_member(self) as stream:
            yield stream


class Container:
    """A ZIP file or a directory, seen as a flat list of members."""

    def __init__(self, path: str | Path, max_members: int = MAX_MEMBERS, max_member_bytes: int = MAX_MEMBER_BYTES):
        self.path = Path(path)
        self.max_members = max_members
        self.max_member_bytes = max_member_bytes
        self._zip: zipfile.ZipFile | None = None
        if self.path.is_dir():
            self.kind = "folder"
        else:
            self.kind = "zip"
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
                raise FormatError(f"not a readable ZIP archive ({_reason(exc)})", self.path) from exc

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Container:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def location(self, name: str) -> str:
        return f"{self.path}!{name}" if self.kind == "zip" else str(self.path / name)

    def members(self) -> list[Member]:
        """All regular files, checked for traversal and bounds, in name order."""
        result: list[Member] = []
        if self._zip is not None:
            infos = self._zip.infolist()
            if len(infos) > self.max_members:
                raise LimitExceeded(f"{len(infos)} entries, more than {self.max_members}", self.path)
            for info in infos:
                _check_name(info.filename, self.path)
                if info.is_dir():
                    continue
                if info.file_size > self.max_member_bytes:
                    raise LimitExceeded(
                        f"entry {info.filename!r} is larger than {self.max_member_bytes} bytes", self.path
                    )
                if info.compress_size and info.file_size > 1 << 20 and info.file_size / info.compress_size > MAX_RATIO:
                    raise LimitExceeded(f"entry {info.filename!r} is a compression bomb", self.path)
                result.append(Member(info.filename, info.file_size, self))
        else:
            root = self.path
            count = 0
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for filename in sorted(filenames):
                    full = Path(dirpath) / filename
                    if full.is_symlink() or not full.is_file():
                        continue
                    count += 1
                    if count > self.max_members:
                        raise LimitExceeded(f"more than {self.max_members} files", self.path)
                    rel = full.relative_to(root).as_posix()
                    result.append(Member(rel, full.stat().st_size, self))
        return sorted(result, key=lambda m: m.name)

    @contextmanager
    def open_member(self, member: Member) -> Iterator[IO[bytes]]:
        try:
            if self._zip is not None:
                raw: IO[bytes] = self._zip.open(member.name)
            else:
                raw = open(self.path / member.name, "rb")  # noqa: SIM115 - closed below
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError) as exc:
            raise FormatError(f"cannot open entry ({_reason(exc)})", member.location) from exc
        stream = io.BufferedReader(_Bounded(raw, self.max_member_bytes, member.location), 1 << 16)
        try:
            yield stream
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise FormatError(f"archive entry is corrupt or truncated ({_reason(exc)})", member.location) from exc
        finally:
            raw.close()


class _Bounded(io.RawIOBase):
    """Counts bytes read and refuses to go past ``limit`` (sizes in ZIP headers can lie)."""

    def __init__(self, raw: IO[bytes], limit: int, location: str) -> None:
        self._raw = raw
        self._limit = limit
        self._read = 0
        self._location = location

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise FormatError(f"archive entry is corrupt or truncated ({_reason(exc)})", self._location) from exc
        self._read += len(data)
        if self._read > self._limit:
            raise LimitExceeded(f"entry is larger than {self._limit} bytes", self._location)
        n = len(data)
        buffer[:n] = data
        return n


def _check_name(name: str, archive: Path) -> None:
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or (len(name) > 1 and name[1] == ":"):
        raise FormatError(f"unsafe entry name {name!r} (path traversal); refusing the archive", archive)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__
