"""What the owner owes: the last gift per person and the referrals not yet returned.

The balances come from the reciprocity engine; this module only watches the
same event stream on its way there (one pass, nothing held but per-person
summaries).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .kinds import COUNTED_KINDS
from .reciprocity import in_window

if TYPE_CHECKING:
    import datetime as dt

    from .ledger import LedgerEvent


@dataclass
class Debts:
    """Per counterpart of ``me``: their latest gift and the referrals they passed."""

    me: str
    since: dt.date | None = None
    until: dt.date | None = None
    last_gift: dict[str, LedgerEvent] = field(default_factory=dict)
    referrals_to_me: dict[str, list[LedgerEvent]] = field(default_factory=lambda: defaultdict(list))
    referrals_from_me: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def watch(self, events: Iterable[LedgerEvent]) -> Iterator[LedgerEvent]:
        """Pass ``events`` through unchanged, noting what matters for debts."""
        for event in events:
            if event.kind in COUNTED_KINDS and in_window(event.occurred_at, self.since, self.until):
                if event.target == self.me:
                    self._received(event)
                elif event.actor == self.me and event.kind == "referral":
                    self.referrals_from_me[event.target] += 1
            yield event

    def _received(self, event: LedgerEvent) -> None:
        giver = event.actor
        if event.kind == "referral":
            self.referrals_to_me[giver].append(event)
        latest = self.last_gift.get(giver)
        if latest is None or _later(event, latest):
            self.last_gift[giver] = event

    def open_referrals(self, person: str) -> list[LedgerEvent]:
        """Referrals ``person`` passed the owner that the owner has not returned.

        Each referral the owner passed back settles their oldest one: what is
        left is what the owner still owes in kind.
        """
        passed = sorted(self.referrals_to_me.get(person, ()), key=_order)
        return passed[self.referrals_from_me.get(person, 0) :]


def _order(event: LedgerEvent) -> tuple[float, str]:
    # undated events sort first: they cannot be the latest gift
    return (event.occurred_at.timestamp() if event.occurred_at else float("-inf"), event.source_id or "")


def _later(event: LedgerEvent, than: LedgerEvent) -> bool:
    if event.occurred_at is None:
        return False
    return than.occurred_at is None or _order(event) > _order(than)
