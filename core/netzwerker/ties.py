"""Tie strength and dormant ties, for ``report reconnect``.

A *strong tie* is a two-way relationship: the person gave the owner
something and the owner gave them something (any kind but a bare connection;
one-way mail is never a tie), with at least ``rules.strong_tie_min_events``
events together.

A strong tie is *dormant* when the silence since its last contact (days up to
"today", which is ``--until`` when given) is longer than

* ``rules.dormant_gap_factor`` (8) times the median gap between the pair's
  distinct contact days, and at least ``rules.dormant_min_days`` (90) — ties
  that stop far beyond their usual rhythm tend to decay (Navarro et al. 2017);
* or ``rules.dormant_after_days`` (3 years), whatever the rhythm (Levin,
  Walter & Murnighan 2011).

Dormant ties are ranked by engagement times novelty, not by familiarity
(Walter, Levin & Murnighan 2015: the most valuable reconnections bring new
information from people who were willing to help):

* ``engagement`` = the weighted non-message events in both directions
  (referrals, introductions, recommendations, endorsements, invitations,
  meetings, calls, thanks) plus ``ln(1 + weighted messages)`` — mail counts,
  but its volume (familiarity) only logarithmically, and one-way mail is
  discounted by ``rules.one_way_message_factor``;
* ``novelty`` = ``1 / (1 + ln(1 + contact days))`` — little time spent
  together scores high;
* ``score`` = engagement x novelty.

Scores do not decay with ``--half-life``: dormant ties are old by definition,
decay would rank them by recency.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .kinds import COUNTED_KINDS
from .reciprocity import in_window

if TYPE_CHECKING:
    from .ledger import LedgerEvent
    from .rules import Rules

#: A connection says two people are linked, not that either gave anything.
_NOT_A_GIFT = frozenset({"connection"})


@dataclass
class Tie:
    person_id: str
    to_me: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED_KINDS, 0))
    from_me: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED_KINDS, 0))
    gifts_to_me: int = 0
    gifts_from_me: int = 0
    help_score: float = 0.0
    messages_to_me_score: float = 0.0
    messages_from_me_score: float = 0.0
    days: set[dt.date] = field(default_factory=set)
    first: dt.datetime | None = None
    last: dt.datetime | None = None

    def strong(self, rules: Rules) -> bool:
        return (
            self.gifts_to_me > 0
            and self.gifts_from_me > 0
            and self.gifts_to_me + self.gifts_from_me >= rules.strong_tie_min_events
        )

    def median_gap_days(self) -> float | None:
        """The median gap between consecutive contact days; ``None`` with fewer than two."""
        ordered = sorted(self.days)
        gaps = [(b - a).days for a, b in itertools.pairwise(ordered)]
        return float(statistics.median(gaps)) if gaps else None

    def engagement(self, rules: Rules) -> float:
        two_way_mail = self.to_me["message"] > 0 and self.from_me["message"] > 0
        factor = 1.0 if two_way_mail else rules.one_way_message_factor
        messages = (self.messages_to_me_score + self.messages_from_me_score) * factor
        return self.help_score + math.log1p(messages)

    def novelty(self) -> float:
        return 1.0 / (1.0 + math.log1p(len(self.days)))


@dataclass
class Dormancy:
    silent_days: int
    median_gap_days: float | None
    reasons: list[str]


def collect(
    events: Iterable[LedgerEvent],
    me: str,
    weigh: Callable[[LedgerEvent, Rules], float],
    rules: Rules,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, Tie]:
    """Every counterpart of ``me`` with their tie in the window."""
    ties: dict[str, Tie] = {}
    for event in events:
        if event.actor == me:
            other, to_me = event.target, False
        elif event.target == me:
            other, to_me = event.actor, True
        else:
            continue
        if not in_window(event.occurred_at, since, until):
            continue
        tie = ties.get(other)
        if tie is None:
            tie = ties[other] = Tie(other)
        when = event.occurred_at
        if when is not None:
            tie.days.add(when.astimezone(dt.UTC).date())
            tie.first = when if tie.first is None or when < tie.first else tie.first
            tie.last = when if tie.last is None or when > tie.last else tie.last
        if event.kind in _NOT_A_GIFT:
            continue
        if to_me:
            tie.gifts_to_me += 1
        else:
            tie.gifts_from_me += 1
        if event.kind in COUNTED_KINDS:
            (tie.to_me if to_me else tie.from_me)[event.kind] += 1
        weight = weigh(event, rules)
        if event.kind == "message":
            if to_me:
                tie.messages_to_me_score += weight
            else:
                tie.messages_from_me_score += weight
        else:
            tie.help_score += weight
    return ties


def dormancy(tie: Tie, today: dt.date, rules: Rules) -> Dormancy | None:
    """Why ``tie`` is dormant on ``today``, or ``None`` when it is not (or has no dated contact)."""
    if tie.last is None:
        return None
    silent = (today - tie.last.astimezone(dt.UTC).date()).days
    median = tie.median_gap_days()
    reasons = []
    if median is not None and silent > rules.dormant_gap_factor * median and silent >= rules.dormant_min_days:
        reasons.append("median_gap")
    if silent > rules.dormant_after_days:
        reasons.append("years")
    return Dormancy(silent, median, reasons) if reasons else None
