"""``people export``: everything the store holds about one person (GDPR Art. 15).

The shape is documented on the command (cli/people.py). Other people appear
only by name and id, as the context of this person's facts.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from .people import canonical_map, load_people, profile_url


def export_person(conn: sqlite3.Connection, head: str) -> dict[str, Any]:
    canon = canonical_map(conn)
    members = sorted(pid for pid, h in canon.items() if h == head)
    m = ",".join("?" for _ in members)
    view = load_people(conn, {head})[head]
    interactions = _interactions(conn, members, m)
    referrals = _rows(
        conn,
        "SELECT r.*, rec.source, rec.file, rec.line FROM referrals r LEFT JOIN records rec ON rec.id = r.record_id "
        f"WHERE giver_id IN ({m}) OR receiver_id IN ({m}) OR prospect_id IN ({m}) ORDER BY r.date, r.id",
        members * 3,
    )
    introductions = _rows(
        conn,
        "SELECT i.*, rec.source, rec.file, rec.line FROM introductions i LEFT JOIN records rec ON rec.id = i.record_id "
        f"WHERE introducer_id IN ({m}) OR a_id IN ({m}) OR b_id IN ({m}) ORDER BY i.date, i.id",
        members * 3,
    )
    others = {pid for row in interactions for pid in (row["actor"], *row["targets"])}
    for row in referrals:
        others.update(canon.get(row[c], row[c]) for c in ("giver_id", "receiver_id", "prospect_id") if row[c])
    for row in introductions:
        others.update(canon.get(row[c], row[c]) for c in ("introducer_id", "a_id", "b_id"))
    others = {canon.get(pid, pid) for pid in others}
    names = {pid: v.name for pid, v in load_people(conn, others | {head}).items()}

    def who(pid: str | None) -> dict[str, str] | None:
        if pid is None:
            return None
        canonical = canon.get(pid, pid)
        return {"id": canonical, "name": names.get(canonical, canonical)}

    for row in interactions:
        row["actor"] = who(row["actor"])
        row["targets"] = [who(t) for t in row["targets"]]
    for row in referrals:
        for column in ("giver", "receiver", "prospect"):
            row[column] = who(row.pop(f"{column}_id"))
        row["edited_fields"] = json.loads(row["edited_fields"])
    for row in introductions:
        for column in ("introducer", "a", "b"):
            row[column] = who(row.pop(f"{column}_id"))
        row["detected"] = bool(row["detected"])
    merges = _rows(conn, f"SELECT * FROM merges WHERE kept_id IN ({m}) OR merged_id IN ({m}) ORDER BY id", members * 2)
    for row in merges:
        row["evidence"] = json.loads(row["evidence"])
    suggestions = _rows(
        conn, f"SELECT * FROM merge_suggestions WHERE a_id IN ({m}) OR b_id IN ({m}) ORDER BY id", members * 2
    )
    for row in suggestions:
        row["evidence"] = json.loads(row["evidence"])
    return {
        "person": {
            "id": view.id,
            "name": view.name,
            "is_me": view.is_me,
            "first_name": view.first_name,
            "last_name": view.last_name,
            "organization": view.organization,
            "title": view.title,
            "emails": view.emails,
            "profiles": {"linkedin": view.linkedin, "xing": view.xing},
            "phones": view.phones,
            "names": view.names,
            "sources": view.sources,
            "members": members,
        },
        "people_rows": _rows(conn, f"SELECT * FROM persons WHERE id IN ({m}) ORDER BY created_at, id", members),
        "handles": _handles(conn, members, m),
        "tags": _rows(
            conn,
            "SELECT t.tag, t.person_id, rec.source, rec.file, rec.line FROM tags t "
            f"LEFT JOIN records rec ON rec.id = t.record_id WHERE t.person_id IN ({m}) ORDER BY t.tag",
            members,
        ),
        "notes": _rows(
            conn,
            "SELECT n.text, n.person_id, n.created_at, rec.source, rec.file, rec.line FROM notes n "
            f"LEFT JOIN records rec ON rec.id = n.record_id WHERE n.person_id IN ({m}) ORDER BY n.id",
            members,
        ),
        "interactions": interactions,
        "referrals": referrals,
        "introductions": introductions,
        "merges": merges,
        "merge_suggestions": suggestions,
        "merge_blocks": _rows(conn, f"SELECT * FROM merge_blocks WHERE a_id IN ({m}) OR b_id IN ({m})", members * 2),
    }


def _rows(conn: sqlite3.Connection, sql: str, params: list[str]) -> list[dict[str, Any]]:
    return [dict(row) for row in conn.execute(sql, params)]


def _handles(conn: sqlite3.Connection, members: list[str], m: str) -> list[dict[str, Any]]:
    rows = _rows(
        conn,
        "SELECT h.kind, h.value, h.original, h.person_id, h.created_at, h.run_id AS import_run, "
        "r.source AS run_source, r.target AS run_target, r.started_at AS run_started_at, "
        "rec.source AS record_source, rec.file, rec.line FROM handles h "
        "LEFT JOIN import_runs r ON r.id = h.run_id LEFT JOIN records rec ON rec.id = h.record_id "
        f"WHERE h.person_id IN ({m}) ORDER BY h.id",
        members,
    )
    for row in rows:
        if row["kind"] in ("linkedin", "xing"):
            row["url"] = profile_url(row["value"])
    return rows


def _interactions(conn: sqlite3.Connection, members: list[str], m: str) -> list[dict[str, Any]]:
    """Interactions they did or received; ``direction`` is ``given`` or ``received``."""
    mine = set(members)
    rows = conn.execute(
        "SELECT i.id, i.kind, i.occurred_at, i.channel, i.thread, i.subject, i.detail, i.body, i.status,"
        " i.actor_id, rec.source, rec.file, rec.line FROM interactions i LEFT JOIN records rec ON rec.id = i.record_id"
        f" WHERE i.actor_id IN ({m}) OR i.id IN (SELECT interaction_id FROM interaction_targets"
        f" WHERE person_id IN ({m})) ORDER BY i.occurred_at, i.id",
        members * 2,
    ).fetchall()
    targets: dict[int, list[str]] = {}
    ids = [row["id"] for row in rows]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for interaction_id, person_id in conn.execute(
            "SELECT interaction_id, person_id FROM interaction_targets WHERE interaction_id IN "
            f"({','.join('?' for _ in chunk)}) ORDER BY person_id",
            chunk,
        ):
            targets.setdefault(interaction_id, []).append(person_id)
    result = []
    for row in rows:
        item = dict(row)
        if item["body"] is None:
            del item["body"]
        item["direction"] = "given" if row["actor_id"] in mine else "received"
        item["actor"] = item.pop("actor_id")
        item["targets"] = targets.get(row["id"], [])
        result.append(item)
    return result
