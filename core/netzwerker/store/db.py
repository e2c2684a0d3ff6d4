"""Opening the store: location, permissions, pragmas and migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import NetzwerkerError
from .schema import MIGRATIONS

SCHEMA_VERSION = len(MIGRATIONS)


def default_path() -> Path:
    """The store in the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("netzwerker", appauthor=False)) / "netzwerker.db"


class Store:
    """One SQLite file. Use :func:`open_store`; close with :meth:`close`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on *any* exit
        by exception, KeyboardInterrupt included."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")


def open_store(path: str | Path | None = None) -> Store:
    """Open (and create, with mode 0600, and migrate) the store at ``path``."""
    target = Path(path).expanduser() if path else default_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not target.exists():
            fd = os.open(target, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
        elif target.is_dir():
            raise NetzwerkerError(f"{target}: is a folder, not a store file")
        old_umask = os.umask(0o077)  # the -wal and -shm files get 0600 too
        try:
            conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        finally:
            os.umask(old_umask)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        del mode
        conn.execute("PRAGMA synchronous = NORMAL")
        # 16 MiB of page cache instead of 2: a big import's indexes outgrow 2 MiB at
        # once, and every miss goes back through the WAL (LinkedIn benchmark: -10 % time)
        conn.execute("PRAGMA cache_size = -16384")
        _migrate(conn, target)
    except sqlite3.DatabaseError as exc:
        raise NetzwerkerError(f"{target}: not a netzwerker store or damaged ({exc})") from exc
    except OSError as exc:
        raise NetzwerkerError(f"{target}: cannot open the store ({exc.strerror or exc})") from exc
    return Store(conn, target)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NetzwerkerError(
            f"{path}: the store has schema version {version}, newer than this netzwerker knows "
            f"({SCHEMA_VERSION}); upgrade netzwerker"
        )
    for index in range(version, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(MIGRATIONS[index]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {index + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (executescript would commit implicitly)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer
