"""Scoring rules: weights per kind, time decay and the style thresholds.

The defaults live here and only here. A community bundle replaces any of them;
the ``interaction_weight`` hook can override single events.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

#: What one event of each kind is worth by default. A referral is the strongest
#: gift in a referral network; an introduction needs effort and trust; a
#: recommendation is written text; an endorsement one click per skill; an
#: invitation and a single message cost little.
DEFAULT_WEIGHTS: dict[str, float] = {
    "referral": 5.0,
    "introduction": 3.0,
    "recommendation": 3.0,
    "endorsement": 0.5,
    "invitation": 0.25,
    "message": 0.2,
    "meeting": 1.0,
    "call": 0.5,
    "thanks": 1.0,
    "connection": 0.0,
}


class Rules(BaseModel):
    """The rules a reciprocity report applies."""

    model_config = ConfigDict(extra="forbid")

    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    #: Half-life in days for time decay; ``None`` switches decay off.
    half_life_days: float | None = None
    #: Messages between the owner and a person that only ever flow one way are
    #: multiplied by this: one-way mail alone never makes a tie strong.
    one_way_message_factor: float = 0.25
    #: Fewer counted events than this (both directions together) gives "unclear".
    min_events: int = 3
    #: A person whose given score exceeds the received one by this factor is a
    #: "giver"; the other way round a "taker"; in between a "matcher".
    giver_ratio: float = 1.5
    taker_ratio: float = 1.5

    def weight(self, kind: str) -> float:
        return self.weights.get(kind, 0.0)
