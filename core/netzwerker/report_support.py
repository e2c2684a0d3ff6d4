"""What every report over the ledger needs: the owner, the window header, the weight hook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .kinds import COUNTED_KINDS

if TYPE_CHECKING:
    import sqlite3

    from .ledger import LedgerEvent
    from .reports import ReportOptions
    from .rules import Rules


def header(options: ReportOptions) -> dict[str, Any]:
    """``generated_at``, ``since`` and ``until`` as every report prints them."""
    return {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "since": options.since.isoformat() if options.since else None,
        "until": options.until.isoformat() if options.until else None,
    }


def owner_id(conn: sqlite3.Connection, canon: dict[str, str]) -> str | None:
    """The canonical id of the store's owner, or ``None`` when nobody is "me" yet."""
    row = conn.execute("SELECT id FROM persons WHERE is_me = 1 ORDER BY created_at LIMIT 1").fetchone()
    return canon.get(row[0], row[0]) if row else None


def event_weigher() -> Callable[[LedgerEvent, Rules], float]:
    """The ``interaction_weight`` hook as a plain function (bundles and plugins may override weights)."""
    from .plugins import get_plugin_manager

    hook = get_plugin_manager().hook.interaction_weight

    def weigh(event: LedgerEvent, rules: Rules) -> float:
        result = hook(event=event, rules=rules)
        return float(result) if result is not None else 0.0

    return weigh


_ABBREVIATIONS = {
    "referral": "ref",
    "introduction": "intro",
    "recommendation": "rec",
    "endorsement": "end",
    "invitation": "inv",
    "message": "msg",
}


def count_summary(counts: dict[str, int]) -> str:
    """``{"referral": 2, "message": 5, ...}`` as ``2 ref 5 msg`` for a table cell."""
    return " ".join(f"{counts[k]} {_ABBREVIATIONS.get(k, k)}" for k in COUNTED_KINDS if counts.get(k)) or "–"
