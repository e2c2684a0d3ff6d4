"""The reciprocity engine: per counterpart, what they gave the owner and back.

Counts follow CLI.md exactly. Scores weigh each event (rules, overridable
through the ``interaction_weight`` hook), decay with a half-life if the rules
set one, and discount one-way mail: messages with a person who never wrote
back (or never got an answer) count fully in ``to_me``/``from_me`` but weigh
``one_way_message_factor`` as much in the scores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .kinds import COUNTED_KINDS
from .rules import Rules

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .ledger import LedgerEvent


@dataclass
class Counterpart:
    person_id: str
    to_me: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED_KINDS, 0))
    from_me: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED_KINDS, 0))
    to_me_score: float = 0.0
    from_me_score: float = 0.0
    to_me_messages_score: float = 0.0
    from_me_messages_score: float = 0.0
    last_interaction: dt.datetime | None = None

    @property
    def balance(self) -> float:
        return self.to_me_score - self.from_me_score

    @property
    def events(self) -> int:
        return sum(self.to_me.values()) + sum(self.from_me.values())

    def totals(self) -> dict[str, Any]:
        """Counts both ways, the scores and the balance, as every ledger report prints them."""
        return {
            "to_me": dict(self.to_me),
            "from_me": dict(self.from_me),
            "to_me_score": round(self.to_me_score, 4),
            "from_me_score": round(self.from_me_score, 4),
            "balance": round(self.balance, 4),
        }

    def reciprocated(self) -> bool:
        return sum(self.to_me.values()) > 0 and sum(self.from_me.values()) > 0


def in_window(when: dt.datetime | None, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    if when is None:
        return False
    day = when.astimezone(dt.UTC).date()
    return (since is None or day >= since) and (until is None or day <= until)


def compute(
    events: Iterable[LedgerEvent],
    me: str,
    rules: Rules,
    weigh: Callable[[LedgerEvent, Rules], float],
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> dict[str, Counterpart]:
    """Aggregate ``events`` per counterpart of the owner ``me``."""
    reference = until or today or dt.datetime.now(dt.UTC).date()
    people: dict[str, Counterpart] = {}
    decay_cache: dict[dt.date, float] = {}

    def decay(when: dt.datetime | None) -> float:
        if rules.half_life_days is None or when is None:
            return 1.0
        day = when.astimezone(dt.UTC).date()
        if day not in decay_cache:
            age = max((reference - day).days, 0)
            decay_cache[day] = 0.5 ** (age / rules.half_life_days)
        return decay_cache[day]

    for event in events:
        if event.actor == me:
            other, direction = event.target, "from_me"
        elif event.target == me:
            other, direction = event.actor, "to_me"
        else:
            continue
        if not in_window(event.occurred_at, since, until):
            continue
        person = people.get(other)
        if person is None:
            person = people[other] = Counterpart(other)
        if event.occurred_at is not None and (
            person.last_interaction is None or event.occurred_at > person.last_interaction
        ):
            person.last_interaction = event.occurred_at
        if event.kind not in COUNTED_KINDS:
            continue
        getattr(person, direction)[event.kind] += 1
        score = weigh(event, rules) * decay(event.occurred_at)
        if event.kind == "message":
            # kept apart until we know whether the mail flowed both ways
            setattr(person, f"{direction}_messages_score", getattr(person, f"{direction}_messages_score") + score)
        else:
            setattr(person, f"{direction}_score", getattr(person, f"{direction}_score") + score)
    for person in people.values():
        two_way = person.to_me["message"] > 0 and person.from_me["message"] > 0
        factor = 1.0 if two_way else rules.one_way_message_factor
        person.to_me_score += person.to_me_messages_score * factor
        person.from_me_score += person.from_me_messages_score * factor
    return people


def style(person: Counterpart, rules: Rules) -> str:
    """giver / matcher / taker from the counterpart's side, or unclear on thin evidence."""
    if person.events < rules.min_events:
        return "unclear"
    given, taken = person.to_me_score, person.from_me_score
    if given > taken * rules.giver_ratio:
        return "giver"
    if taken > given * rules.taker_ratio:
        return "taker"
    return "matcher"


def network(people: Iterable[Counterpart]) -> dict[str, Any]:
    """``reciprocated_share``: of the people with any counted event, the share
    with counted events in both directions."""
    rows = list(people)
    ties = [p for p in rows if p.events > 0]
    reciprocated = sum(1 for p in ties if p.reciprocated())
    return {"people": len(rows), "reciprocated_share": round(reciprocated / len(ties), 4) if ties else 0.0}
