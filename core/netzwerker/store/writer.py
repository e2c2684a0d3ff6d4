"""Writing records: idempotent through (namespace, key, content hash).

A record seen before with the same hash is *unchanged* and touches nothing. A
changed record replaces the facts it produced, but fields the user edited by
hand (referral status, a person's name) are kept.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Literal

from ..records import AnyRecord, InteractionRecord, IntroductionRecord, PersonRecord, PersonRef, ReferralRecord
from .identity import FORGOTTEN, Identity, now

#: "skipped": the record names a forgotten person (see :attr:`RecordWriter.forgotten`)
Outcome = Literal["new", "changed", "unchanged", "skipped"]


def content_hash(record: AnyRecord) -> str:
    payload = record.model_dump_json(exclude={"key", "file", "line"})
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=16).hexdigest()


def default_key(record: AnyRecord) -> str:
    """Records without a key are identified by their content."""
    return "h:" + content_hash(record)


#: Interactions are written in batches of this many rows: executemany is far
#: cheaper than a statement each. flush() writes the rest.
BATCH = 2000


def _ref_key(ref: PersonRef) -> tuple[object, ...]:
    # a plain tuple hashes and compares much faster than the pydantic model
    return (ref.me, ref.name, ref.emails, ref.linkedin, ref.xing, ref.phones, ref.organization)


class RecordWriter:
    """Writes one run's records. Call :meth:`flush` before reading the store back."""

    def __init__(self, conn: sqlite3.Connection, identity: Identity, run_id: int, source: str, namespace: str) -> None:
        self.conn = conn
        self.identity = identity
        self.run_id = run_id
        self.source = source
        self.namespace = namespace
        self._people: dict[tuple[object, ...], str] = {}
        self._interactions: list[tuple[object, ...]] = []
        self._targets: list[tuple[int, str]] = []
        #: records skipped because they name a forgotten person ("people forget")
        self.forgotten = 0
        # ids are assigned here so targets can be batched with their interaction;
        # safe because the run holds the write lock (BEGIN IMMEDIATE)
        self._next_interaction = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM interactions").fetchone()[0]

    def person(self, ref: PersonRef, record_id: int) -> str:
        """The base person for ``ref``; the identity look-up runs once per distinct ref."""
        key = _ref_key(ref)
        person_id = self._people.get(key)
        if person_id is None:
            person_id = self.identity.resolve(ref, record_id)
            if len(self._people) < 500_000:
                self._people[key] = person_id
        return person_id

    def flush(self) -> None:
        if self._interactions:
            self.conn.executemany(
                "INSERT INTO interactions (id, record_id, kind, occurred_at, actor_id, channel, thread, subject,"
                " detail, body, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._interactions,
            )
            self._interactions.clear()
        if self._targets:
            self.conn.executemany(
                "INSERT OR IGNORE INTO interaction_targets (interaction_id, person_id) VALUES (?, ?)", self._targets
            )
            self._targets.clear()

    def write(self, record: AnyRecord) -> Outcome:
        if self._names_forgotten(record):
            self.forgotten += 1
            return "skipped"
        key = record.key or default_key(record)
        digest = content_hash(record)
        # most records of a first import are new: try the insert first
        cursor = self.conn.execute(
            "INSERT INTO records (namespace, key, type, hash, source, file, line, first_run, last_run) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (namespace, key) DO NOTHING",
            (self.namespace, key, record.type, digest, self.source, record.file, record.line, self.run_id, self.run_id),
        )
        outcome: Outcome
        if cursor.rowcount == 1:
            record_id = cursor.lastrowid
            assert record_id is not None
            outcome = "new"
        else:
            row = self.conn.execute(
                "SELECT id, hash FROM records WHERE namespace = ? AND key = ?", (self.namespace, key)
            ).fetchone()
            if row[1] == digest:
                return "unchanged"
            record_id = row[0]
            self.conn.execute(
                "UPDATE records SET hash = ?, type = ?, source = ?, file = ?, line = ?, last_run = ? WHERE id = ?",
                (digest, record.type, self.source, record.file, record.line, self.run_id, record_id),
            )
            outcome = "changed"
        if isinstance(record, PersonRecord):
            self._person(record, record_id)
        elif isinstance(record, InteractionRecord):
            self._interaction(record, record_id, replace=outcome == "changed")
        elif isinstance(record, ReferralRecord):
            self._referral(record, record_id)
        elif isinstance(record, IntroductionRecord):
            self._introduction(record, record_id)
        return outcome

    def _names_forgotten(self, record: AnyRecord) -> bool:
        """Whether the record is about a forgotten person: its contact, its actor, all
        its targets, or anyone in a referral or introduction."""
        if not self.identity.tombstones():
            return False
        gone = self.identity.is_forgotten
        if isinstance(record, PersonRecord):
            return gone(record.person)
        if isinstance(record, InteractionRecord):
            return gone(record.actor) or (bool(record.targets) and all(gone(t) for t in record.targets))
        if isinstance(record, ReferralRecord):
            return any(gone(r) for r in (record.giver, record.receiver, record.prospect) if r is not None)
        return gone(record.introducer) or any(gone(r) for r in record.between)

    # --- per type ------------------------------------------------------------------

    def _person(self, record: PersonRecord, record_id: int) -> None:
        person_id = self.person(record.person, record_id)
        row = self.conn.execute("SELECT edited_fields FROM persons WHERE id = ?", (person_id,)).fetchone()
        edited = set(json.loads(row[0])) if row else set()
        fields = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "title": record.title,
            "organization": record.organization or record.person.organization,
            "display_name": record.person.name,
        }
        updates = {k: v for k, v in fields.items() if v and k not in edited}
        if updates:
            assignments = ", ".join(f"{k} = ?" for k in updates)
            self.conn.execute(
                f"UPDATE persons SET {assignments}, updated_at = ? WHERE id = ?",
                (*updates.values(), now(), person_id),
            )
        for tag in record.tags:
            self.conn.execute(
                "INSERT OR IGNORE INTO tags (person_id, tag, record_id) VALUES (?, ?, ?)", (person_id, tag, record_id)
            )
        if record.note:
            self.conn.execute(
                "INSERT INTO notes (person_id, text, record_id, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (record_id) DO UPDATE SET text = excluded.text",
                (person_id, record.note, record_id, now()),
            )

    def _interaction(self, record: InteractionRecord, record_id: int, replace: bool) -> None:
        if replace:
            self.flush()
            self.conn.execute("DELETE FROM interactions WHERE record_id = ?", (record_id,))
        actor = self.person(record.actor, record_id)
        interaction_id = self._next_interaction
        self._next_interaction += 1
        self._interactions.append(
            (
                interaction_id,
                record_id,
                record.kind,
                record.occurred_at.isoformat() if record.occurred_at else None,
                actor,
                record.channel,
                record.thread,
                record.subject,
                record.detail,
                record.body,
                record.status,
            )
        )
        for target in {self.person(t, record_id) for t in record.targets} - {FORGOTTEN}:
            self._targets.append((interaction_id, target))
        if len(self._interactions) >= BATCH:
            self.flush()

    def _referral(self, record: ReferralRecord, record_id: int) -> None:
        giver = self.person(record.giver, record_id)
        receiver = self.person(record.receiver, record_id)
        prospect = self.person(record.prospect, record_id) if record.prospect else None
        values = {
            "giver_id": giver,
            "receiver_id": receiver,
            "prospect_id": prospect,
            "date": record.date.isoformat() if record.date else None,
            "status": record.status,
            "value": str(record.value) if record.value is not None else None,
            "currency": record.currency,
            "note": record.note,
        }
        row = self.conn.execute("SELECT id, edited_fields FROM referrals WHERE record_id = ?", (record_id,)).fetchone()
        if row is None:
            columns = ", ".join(values)
            marks = ", ".join("?" for _ in values)
            self.conn.execute(
                f"INSERT INTO referrals (record_id, {columns}, created_at, updated_at) VALUES (?, {marks}, ?, ?)",
                (record_id, *values.values(), now(), now()),
            )
            return
        edited = set(json.loads(row[1]))
        updates = {k: v for k, v in values.items() if k not in edited}
        assignments = ", ".join(f"{k} = ?" for k in updates)
        self.conn.execute(
            f"UPDATE referrals SET {assignments}, updated_at = ? WHERE id = ?", (*updates.values(), now(), row[0])
        )

    def _introduction(self, record: IntroductionRecord, record_id: int) -> None:
        introducer = self.person(record.introducer, record_id)
        a = self.person(record.between[0], record_id)
        b = self.person(record.between[1], record_id)
        self.conn.execute(
            "INSERT INTO introductions (record_id, introducer_id, a_id, b_id, date, note, outcome, detected,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (record_id) DO UPDATE SET"
            " introducer_id = excluded.introducer_id, a_id = excluded.a_id, b_id = excluded.b_id,"
            " date = excluded.date, note = excluded.note,"
            " outcome = COALESCE(introductions.outcome, excluded.outcome), detected = excluded.detected",
            (
                record_id,
                introducer,
                a,
                b,
                record.date.isoformat() if record.date else None,
                record.note,
                record.outcome,
                int(record.detected),
                now(),
            ),
        )
