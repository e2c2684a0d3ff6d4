"""Scanning a large mbox file in a second process while this one converts and stores.

Splitting the file and its header blocks is about a third of a large import
and needs nothing from the store, so for big files it runs in a worker process
(``python -m netzwerker_mail.scan_worker``). The worker reads the file
sequentially, exactly as in-process, and hands over batches of parsed header
fields through a pipe; the pipe's small buffer keeps memory bounded. Errors
(a file that is not an mbox) come back as the same exceptions; when the
consumer stops early, the worker is ended.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import BinaryIO

from .headers import Headers, split_header_block
from .mbox import scan_mbox

#: Smaller files are scanned in-process: a worker costs ~0.1 s to start.
PARALLEL_MIN_BYTES = 64 << 20
BATCH = 500

Parsed = tuple[int, bytes, Headers, bool]  # separator line number, separator, fields, header cut


def parsed_messages(path: str, location: str) -> Iterator[Parsed]:
    """Every message of the mbox at ``path`` as ``(line, separator, headers, truncated)``."""
    try:
        big = os.path.getsize(path) >= PARALLEL_MIN_BYTES
    except OSError:
        big = False
    if not big:
        with open(path, "rb") as stream:
            for raw in scan_mbox(stream, location):
                yield raw.line, raw.separator, split_header_block(raw.header), raw.truncated
        return
    yield from _from_worker(path, location)


def _from_worker(path: str, location: str) -> Iterator[Parsed]:
    # A plain subprocess, not multiprocessing: "spawn" would re-run the caller's
    # __main__ (any script calling the CLI without a main guard), "fork" would copy
    # the open store and its threads.
    import pickle
    import subprocess
    import sys

    from netzwerker.errors import FormatError

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "netzwerker_mail.scan_worker", path, location], stdout=subprocess.PIPE, env=env
    )
    assert worker.stdout is not None
    try:
        while True:
            try:
                item = pickle.load(worker.stdout)
            except EOFError:
                raise FormatError("the mbox scanner stopped before the end of the file", location) from None
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            for line, separator, fields, truncated in item:
                yield line, separator, Headers(fields), truncated
    finally:
        worker.stdout.close()
        if worker.poll() is None:
            worker.terminate()
        worker.wait(timeout=5)


def scan_to(path: str, location: str, out: BinaryIO) -> None:
    """The worker's side: scan, parse, write pickled batches; ``None`` at the end, or the exception."""
    import pickle

    try:
        batch: list[tuple[int, bytes, dict[str, list[str]], bool]] = []
        with open(path, "rb") as stream:
            for raw in scan_mbox(stream, location):
                batch.append((raw.line, raw.separator, split_header_block(raw.header).fields, raw.truncated))
                if len(batch) >= BATCH:
                    pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                    batch = []
        if batch:
            pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(None, out)
    except (KeyboardInterrupt, BrokenPipeError):
        return
    except Exception as exc:  # handed to the importing process, which reports it
        try:
            pickle.dump(exc, out)
        except (OSError, pickle.PicklingError):
            pass
    try:
        out.flush()
    except (BrokenPipeError, OSError):
        pass


if __name__ == "__main__":
    import sys

    scan_to(sys.argv[1], sys.argv[2], sys.stdout.buffer)
