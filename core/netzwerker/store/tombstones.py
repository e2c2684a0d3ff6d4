"""Tombstones: keyed hashes of the handles of people the user told us to forget.

A tombstone is HMAC-SHA256 over ``kind:value`` with a random secret kept in
the store, so a re-import can recognise a forgotten handle while the store no
longer holds it readably (a plain hash of an email is easy to reverse by
guessing; without the secret it is not).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Iterable
from typing import Protocol

SECRET_NAME = "tombstones"
STRONG_KINDS = ("email", "linkedin", "xing", "phone")


class Handle(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def value(self) -> str: ...


def tombstone_secret(conn: sqlite3.Connection, create: bool) -> bytes | None:
    """The store's tombstone key; made on first use when ``create``."""
    row = conn.execute("SELECT value FROM secrets WHERE name = ?", (SECRET_NAME,)).fetchone()
    if row is not None:
        return bytes(row[0])
    if not create:
        return None
    key = secrets.token_bytes(32)
    conn.execute("INSERT INTO secrets (name, value) VALUES (?, ?)", (SECRET_NAME, key))
    return key


class Tombstones:
    """The tombstones of one store, loaded once; digests memoised per handle."""

    def __init__(self, secret: bytes | None, digests: Iterable[tuple[str, str]]) -> None:
        self._secret = secret
        self._digests = set(digests)
        self._memo: dict[tuple[str, str], str] = {}

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Tombstones:
        digests = conn.execute("SELECT kind, digest FROM tombstones").fetchall()
        if not digests:
            return cls(None, ())
        return cls(tombstone_secret(conn, create=False), ((r[0], r[1]) for r in digests))

    def __bool__(self) -> bool:
        return bool(self._digests) and self._secret is not None

    def digest(self, kind: str, value: str) -> str:
        memo_key = (kind, value)
        found = self._memo.get(memo_key)
        if found is None:
            assert self._secret is not None
            found = hmac.new(self._secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
            if len(self._memo) < 1_000_000:
                self._memo[memo_key] = found
        return found

    def holds(self, kind: str, value: str) -> bool:
        return bool(self) and (kind, self.digest(kind, value)) in self._digests

    def covers(self, handles: Iterable[Handle]) -> bool:
        """Whether a ref with these handles names a forgotten person: any tombstoned
        strong handle, or (with no strong handle at all) a tombstoned name."""
        if not self:
            return False
        strong = [h for h in handles if h.kind in STRONG_KINDS]
        if strong:
            return any(self.holds(h.kind, h.value) for h in strong)
        return any(self.holds(h.kind, h.value) for h in handles if h.kind == "name")

    def add(self, conn: sqlite3.Connection, secret: bytes, handles: Iterable[tuple[str, str]], stamp: str) -> int:
        """Write tombstones for ``(kind, value)`` pairs; returns how many are new."""
        self._secret = secret
        rows = {(kind, self.digest(kind, value)) for kind, value in handles if value}
        new = rows - self._digests
        conn.executemany(
            "INSERT OR IGNORE INTO tombstones (kind, digest, created_at) VALUES (?, ?, ?)",
            [(kind, digest, stamp) for kind, digest in sorted(new)],
        )
        self._digests |= new
        return len(new)
