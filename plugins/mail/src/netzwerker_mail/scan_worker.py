"""Scanning a large mbox file in a second process while this one converts and stores.

Splitting the file, parsing its header blocks and reading each message's
facts (:mod:`.facts`) is about half of a large import and needs nothing from
the store, so for big files it runs in a worker process (``python -m
netzwerker_mail.scan_worker``). The worker reads the file sequentially,
exactly as in-process, and hands over batches of facts through a pipe whose
buffer (1 MiB) and batches (bounded in messages and bytes) keep memory bounded.
Errors (a file that is not an mbox) come back as the same exceptions; when the
consumer stops early, the worker is ended.
"""

from __future__ import annotations

import datetime as dt
import os
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, cast

from .facts import MessageFacts, read_facts
from .headers import split_header_block
from .mbox import scan_mbox, separator_date

#: Smaller files are scanned in-process: a worker costs ~0.1 s to start.
PARALLEL_MIN_BYTES = 64 << 20
BATCH = 500
#: ... or fewer, when their header blocks hold this many bytes (hostile mail with
#: megabyte-long To lines must not make a batch of hundreds of megabytes)
BATCH_BYTES = 8 << 20
#: a frame longer than this cannot come from a batch: the stream is damaged
MAX_FRAME = 64 << 20
#: about ten batches (the default upper limit of /proc/sys/fs/pipe-max-size)
PIPE_BYTES = 1 << 20

#: separator line number, facts, the separator's date (used when there is no Date field), header cut
Parsed = tuple[int, MessageFacts, dt.datetime | None, bool]


def read_messages(stream: IO[bytes], location: str) -> Iterator[tuple[Parsed, int]]:
    """Every message of an mbox stream, read in this process, with its header block's size."""
    for raw in scan_mbox(stream, location):
        facts = read_facts(split_header_block(raw.header))
        fallback = None if facts.has_date else separator_date(raw.separator)
        yield (raw.line, facts, fallback, raw.truncated), len(raw.header)


def parsed_messages(path: str, location: str, member: str | None = None, size: int | None = None) -> Iterator[Parsed]:
    """Every message of the mbox at ``path`` (or of the entry ``member`` of the ZIP at
    ``path``, ``size`` bytes); a big one is read by a worker process."""
    if size is None:
        try:
            size = os.path.getsize(path)
        except OSError:
            size = 0
    # the worker gets its own pipe by inheriting a descriptor: POSIX only (on Windows
    # Popen has no pass_fds), so elsewhere a big file is read here, only slower
    if size < PARALLEL_MIN_BYTES or os.name != "posix":
        with _open(path, member) as stream:
            for parsed, _size in read_messages(stream, location):
                yield parsed
        return
    yield from _from_worker(path, location, member)


@contextmanager
def _open(path: str, member: str | None) -> Iterator[IO[bytes]]:
    if member is None:
        with open(path, "rb") as stream:
            yield stream
        return
    from netzwerker.archive import Container, Member

    with Container(path) as container, Member(member, 0, container).open() as stream:
        yield stream


def _from_worker(path: str, location: str, member: str | None) -> Iterator[Parsed]:
    # A plain subprocess, not multiprocessing: "spawn" would re-run the caller's
    # __main__ (any script calling the CLI without a main guard), "fork" would copy
    # the open store and its threads. Its own pipe, not its stdout: nothing a
    # library prints can get into the data.
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    quiet = None if os.environ.get("NETZWERKER_DEBUG") else subprocess.DEVNULL
    read_end, write_end = os.pipe()
    _widen(write_end)
    try:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "netzwerker_mail.scan_worker",
                str(write_end),
                path,
                location,
                *([member] if member else []),
            ],
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=quiet,
            env=env,
        )
    except BaseException:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)
    try:
        while True:
            item = _receive(read_end, location)
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield from cast("list[Parsed]", item)
    finally:
        os.close(read_end)
        if worker.poll() is None:
            worker.terminate()
        worker.wait(timeout=5)


def _widen(fd: int) -> None:
    """Let the worker run a few batches ahead (Linux pipes hold 64 KiB, less than one batch)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # another system, or a lower limit: the pipe works as it is


#: each batch goes as its length and CRC-32, then the pickle: a damaged or cut
#: stream is an error, never wrong records
_FRAME = struct.Struct("<QI")


def _receive(fd: int, location: str) -> object:
    import pickle

    from netzwerker.errors import FormatError

    head = _read_exactly(fd, _FRAME.size)
    if head is None:
        raise FormatError("the mbox scanner stopped before the end of the file", location)
    size, checksum = _FRAME.unpack(head)
    if size > MAX_FRAME:
        raise FormatError("the mbox scanner's data arrived damaged; try the import again", location)
    data = _read_exactly(fd, size)
    if data is None or zlib.crc32(data) != checksum:
        raise FormatError("the mbox scanner's data arrived damaged; try the import again", location)
    return pickle.loads(data)


def _read_exactly(fd: int, size: int) -> bytearray | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        got = os.readv(fd, [view[done:]])
        if got == 0:
            return None
        done += got
    return buffer


def _send(fd: int, item: object) -> None:
    import pickle

    data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_FRAME.pack(len(data), zlib.crc32(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def scan_to(fd: int, path: str, location: str, member: str | None = None) -> None:
    """The worker's side: scan, parse, send batches; ``None`` at the end, or the exception."""
    import pickle

    try:
        batch: list[Parsed] = []
        held = 0
        with _open(path, member) as stream:
            for parsed, header_bytes in read_messages(stream, location):
                batch.append(parsed)
                held += header_bytes
                if len(batch) >= BATCH or held >= BATCH_BYTES:
                    _send(fd, batch)
                    batch, held = [], 0
        if batch:
            _send(fd, batch)
        _send(fd, None)
    except (KeyboardInterrupt, BrokenPipeError):
        return
    except Exception as exc:  # handed to the importing process, which reports it
        try:
            _send(fd, exc)
        except (OSError, pickle.PicklingError):
            pass


if __name__ == "__main__":
    import gc
    import sys

    # what the worker makes is freed by reference counts; like the importing
    # process (pipeline._fewer_collections), collect cycles rarely
    gc.set_threshold(50_000, 20, 100)
    scan_to(int(sys.argv[1]), *sys.argv[2:5])
