"""The ledger as stored: directed events from interactions, referrals and introductions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from ..ledger import LedgerEvent


def parse_when(text: str | None) -> dt.datetime | None:
    """A stored ISO timestamp or date as an aware datetime (UTC when the text has no zone)."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _value(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def iter_events(conn: sqlite3.Connection, canon: dict[str, str]) -> Iterator[LedgerEvent]:
    """Every directed event, person ids mapped to their canonical ids.

    A message to three people is three events; an introduction two (introducer
    to each person introduced); a referral one (giver to receiver). Events of a
    person to themselves (after merges) are dropped. Introductions the user
    rejected are not events.
    """
    rows = conn.execute(
        "SELECT i.id, i.kind, i.occurred_at, i.actor_id, i.channel, t.person_id FROM interactions i "
        "JOIN interaction_targets t ON t.interaction_id = i.id"
    )
    for interaction_id, kind, occurred_at, actor_id, channel, target_id in rows:
        actor, target = canon.get(actor_id, actor_id), canon.get(target_id, target_id)
        if actor != target:
            yield LedgerEvent(kind, actor, target, parse_when(occurred_at), channel, source_id=f"i{interaction_id}")
    for ref_id, giver, receiver, date, value, currency in conn.execute(
        "SELECT id, giver_id, receiver_id, date, value, currency FROM referrals"
    ):
        actor, target = canon.get(giver, giver), canon.get(receiver, receiver)
        if actor != target:
            yield LedgerEvent(
                "referral", actor, target, parse_when(date), "ledger", _value(value), currency, source_id=f"r{ref_id}"
            )
    for intro_id, introducer, a, b, date in conn.execute(
        "SELECT id, introducer_id, a_id, b_id, date FROM introductions WHERE COALESCE(review, '') != 'rejected'"
    ):
        actor = canon.get(introducer, introducer)
        for person in {canon.get(a, a), canon.get(b, b)}:
            if person != actor:
                yield LedgerEvent("introduction", actor, person, parse_when(date), "ledger", source_id=f"n{intro_id}")
