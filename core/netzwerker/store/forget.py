"""``people forget``: erase a person everywhere and leave keyed tombstones.

Everything naming any base person of the cluster goes, in the caller's one
transaction: the people rows, their handles, tags, notes and sources, the
merge history and suggestions naming them, interactions they did, their place
among the targets of others' interactions (an interaction left without targets
goes too), referrals and introductions naming them, and the import records
left without any fact. Their handles and names are then kept only as HMAC
digests (:mod:`.tombstones`) so a re-import does not bring them back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import NetzwerkerError
from ..normalize import name_key
from .identity import Identity, cluster_members, now
from .tombstones import Tombstones, tombstone_secret

#: tables whose rows keep an import record alive (record_id columns); a contact
#: record is also kept alive by the handles it brought
FACT_TABLES = ("interactions", "referrals", "introductions", "notes", "tags")


@dataclass
class ForgetSummary:
    person_id: str
    members: list[str]
    erased: dict[str, int] = field(default_factory=dict)
    tombstones: int = 0

    def as_json(self) -> dict[str, object]:
        return {"id": self.person_id, "members": self.members, "erased": self.erased, "tombstones": self.tombstones}


def _marks(items: Sequence[object]) -> str:
    return ",".join("?" for _ in items)


def _delete(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> int:
    return conn.execute(sql, params).rowcount


def forget_person(conn: sqlite3.Connection, head: str) -> ForgetSummary:
    """Erase the cluster headed by ``head`` (a canonical id); call inside a transaction."""
    members = cluster_members(conn, head)
    # people known by the same name only would be skipped as forgotten on the next
    # import (the tombstone of a name), so they go now as well
    members += _name_only_namesakes(conn, _names(conn, members), members)
    m = _marks(members)
    mine = conn.execute(f"SELECT 1 FROM persons WHERE id IN ({m}) AND is_me = 1 LIMIT 1", members).fetchone()
    if mine is not None:
        raise NetzwerkerError("that is you (the owner); 'people forget' erases other people only")
    summary = ForgetSummary(head, members)
    erased = summary.erased
    handles = conn.execute(f"SELECT kind, value, original FROM handles WHERE person_id IN ({m})", members).fetchall()
    names = _names(conn, members)
    records: set[int] = set()

    def collect(sql: str, params: Sequence[object]) -> None:
        records.update(r[0] for r in conn.execute(sql, params) if r[0] is not None)

    # interactions: those they did, and their place among others' targets
    collect(f"SELECT record_id FROM interactions WHERE actor_id IN ({m})", members)
    received = [
        r[0]
        for r in conn.execute(
            f"SELECT DISTINCT interaction_id FROM interaction_targets WHERE person_id IN ({m})", members
        )
    ]
    erased["interaction_targets"] = _delete(conn, f"DELETE FROM interaction_targets WHERE person_id IN ({m})", members)
    erased["interactions"] = _delete(conn, f"DELETE FROM interactions WHERE actor_id IN ({m})", members)
    for chunk in _chunks(received):
        c = _marks(chunk)
        empty = f"id IN ({c}) AND NOT EXISTS (SELECT 1 FROM interaction_targets t WHERE t.interaction_id = id)"
        collect(f"SELECT record_id FROM interactions WHERE {empty}", chunk)
        erased["interactions"] += _delete(conn, f"DELETE FROM interactions WHERE {empty}", chunk)
    # referrals, introductions: any role
    where = f"giver_id IN ({m}) OR receiver_id IN ({m}) OR prospect_id IN ({m})"
    collect(f"SELECT record_id FROM referrals WHERE {where}", members * 3)
    erased["referrals"] = _delete(conn, f"DELETE FROM referrals WHERE {where}", members * 3)
    where = f"introducer_id IN ({m}) OR a_id IN ({m}) OR b_id IN ({m})"
    collect(f"SELECT record_id FROM introductions WHERE {where}", members * 3)
    erased["introductions"] = _delete(conn, f"DELETE FROM introductions WHERE {where}", members * 3)
    # what the person is made of
    for table in ("notes", "tags", "handles"):
        collect(f"SELECT record_id FROM {table} WHERE person_id IN ({m})", members)
        erased[table] = _delete(conn, f"DELETE FROM {table} WHERE person_id IN ({m})", members)
    for table in ("person_sources", "name_blocks"):
        erased[table] = _delete(conn, f"DELETE FROM {table} WHERE person_id IN ({m})", members)
    for table, (a, b) in (
        ("merges", ("kept_id", "merged_id")),
        ("merge_blocks", ("a_id", "b_id")),
        ("merge_suggestions", ("a_id", "b_id")),
    ):
        erased[table] = _delete(conn, f"DELETE FROM {table} WHERE {a} IN ({m}) OR {b} IN ({m})", members * 2)
    erased["persons"] = _delete(conn, f"DELETE FROM persons WHERE id IN ({m})", members)
    # import records: those that produced the erased facts, and those whose key names
    # them (a contact record whose handles an earlier record attached first), once no
    # fact is left that came from them
    records |= _records_keyed_by(conn, [*(h["value"] for h in handles), *names])
    erased["records"] = _delete_orphan_records(conn, records)
    erased["import_run_warnings"] = _scrub_warnings(conn, [*(h["original"] for h in handles), *names])
    secret = tombstone_secret(conn, create=True)
    assert secret is not None
    pairs = [(h["kind"], h["value"]) for h in handles] + [("name", n) for n in names]
    summary.tombstones = Tombstones.load(conn).add(conn, secret, pairs, now())
    return summary


def _name_only_namesakes(conn: sqlite3.Connection, names: list[str], members: list[str]) -> list[str]:
    """Clusters (not the owner's) known by one of ``names`` and by no email, profile or phone."""
    found: list[str] = []
    for name in names:
        for (person_id,) in conn.execute("SELECT person_id FROM handles WHERE kind = 'name' AND value = ?", (name,)):
            head = Identity(conn).canonical(person_id)
            if head in members or head in found:
                continue
            cluster = cluster_members(conn, head)
            c = _marks(cluster)
            known = conn.execute(
                f"SELECT 1 FROM handles WHERE person_id IN ({c}) AND kind != 'name' UNION ALL "
                f"SELECT 1 FROM persons WHERE id IN ({c}) AND is_me = 1 LIMIT 1",
                cluster * 2,
            ).fetchone()
            if known is None:
                found.extend(cluster)
    return found


def _names(conn: sqlite3.Connection, members: list[str]) -> list[str]:
    """Name keys of the people: their name handles and the names on their rows."""
    m = _marks(members)
    keys = {
        r[0] for r in conn.execute(f"SELECT value FROM handles WHERE kind = 'name' AND person_id IN ({m})", members)
    }
    rows = conn.execute(
        f"SELECT display_name, first_name, last_name FROM persons WHERE id IN ({m})", members
    ).fetchall()
    for display, first, last in rows:
        for text in (display, " ".join(p for p in (first, last) if p)):
            if text and (key := name_key(text)):
                keys.add(key)
    return sorted(keys)


def _records_keyed_by(conn: sqlite3.Connection, values: Iterable[str]) -> set[int]:
    found: set[int] = set()
    for value in {v.casefold() for v in values if v and len(v) >= 4}:
        needles = {value, value.rsplit("/", 1)[-1]}  # profile keys: also the bare slug
        for needle in needles:
            if len(needle) >= 4:
                found.update(r[0] for r in conn.execute("SELECT id FROM records WHERE instr(lower(key), ?)", (needle,)))
    return found


def _delete_orphan_records(conn: sqlite3.Connection, candidates: set[int]) -> int:
    deleted = 0
    unused = " AND ".join(f"NOT EXISTS (SELECT 1 FROM {t} WHERE {t}.record_id = records.id)" for t in FACT_TABLES)
    unused += " AND (type != 'person' OR NOT EXISTS (SELECT 1 FROM handles h WHERE h.record_id = records.id))"
    for chunk in _chunks(sorted(candidates)):
        marks = _marks(chunk)
        gone = [r[0] for r in conn.execute(f"SELECT id FROM records WHERE id IN ({marks}) AND {unused}", chunk)]
        if gone:
            # others' handles first seen in such a record lose only that pointer (their run stays)
            conn.execute(f"UPDATE handles SET record_id = NULL WHERE record_id IN ({_marks(gone)})", gone)
            deleted += _delete(conn, f"DELETE FROM records WHERE id IN ({_marks(gone)})", gone)
    return deleted


def _scrub_warnings(conn: sqlite3.Connection, texts: Iterable[str]) -> int:
    """Import runs keep their warnings, which may quote a handle: blank it out there."""
    needles = sorted({t for t in texts if t and len(t) >= 4}, key=len, reverse=True)
    changed = 0
    rows = conn.execute("SELECT id, warnings FROM import_runs WHERE warnings != '[]'").fetchall()
    for run_id, raw in rows:
        warnings = json.loads(raw)
        scrubbed = []
        for warning in warnings:
            for needle in needles:
                warning = _replace_folded(warning, needle, "[forgotten]")
            scrubbed.append(warning)
        if scrubbed != warnings:
            conn.execute(
                "UPDATE import_runs SET warnings = ? WHERE id = ?", (json.dumps(scrubbed, ensure_ascii=False), run_id)
            )
            changed += 1
    return changed


def _replace_folded(text: str, needle: str, replacement: str) -> str:
    folded, target = text.casefold(), needle.casefold()
    if len(folded) != len(text) or target not in folded:  # casefold changed lengths: exact match only
        return text.replace(needle, replacement)
    out, start = [], 0
    while (found := folded.find(target, start)) != -1:
        out.append(text[start:found] + replacement)
        start = found + len(target)
    return "".join(out) + text[start:]


def _chunks(items: Sequence[object], size: int = 500) -> Iterable[list[object]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
