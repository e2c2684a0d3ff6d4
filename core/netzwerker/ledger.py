"""Ledger events: who gave what to whom, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class LedgerEvent:
    """One directed event: ``actor`` gave ``target`` one ``kind``.

    A message to three recipients is three events; an introduction of A and B
    is two (introducer to A, introducer to B). Person ids are canonical (after
    merges).
    """

    kind: str
    actor: str
    target: str
    occurred_at: dt.datetime | None
    channel: str | None = None
    value: Decimal | None = None
    currency: str | None = None
    source_id: str | None = None
