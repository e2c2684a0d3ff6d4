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
    #: ``report reconnect``: a strong tie needs events in both directions (a
    #: connection alone is no event; one-way mail never is a tie) and at least
    #: this many events of any kind together.
    strong_tie_min_events: int = 3
    #: A tie is dormant when the silence since its last contact is longer than
    #: this many times its median gap between contact days (timing predicts
    #: decay: Navarro et al. 2017) ...
    dormant_gap_factor: float = 8.0
    #: ... but never after fewer days than this (a week of daily mail followed
    #: by nine quiet days is a pause, not a dormant tie) ...
    dormant_min_days: int = 90
    #: ... or, whatever the rhythm, after this many days (Levin, Walter &
    #: Murnighan 2011 call a tie dormant after three years without contact).
    dormant_after_days: int = 3 * 365
    #: ``report contacts`` (rules: ``netzwerker.contacts``): a message of the
    #: other side in the same thread within this many days answers a message
    #: when no In-Reply-To header says which one it answers.
    reply_window_days: float = 14.0
    #: Tie strength: recency halves every this many days of silence ...
    tie_recency_half_life_days: float = 90.0
    #: ... frequency reaches its maximum at this many messages (logarithmic below) ...
    tie_full_frequency_messages: int = 50
    #: ... and the parts are weighted like this (normalised by their sum).
    tie_strength_weights: dict[str, float] = Field(
        default_factory=lambda: {"recency": 0.3, "frequency": 0.25, "reciprocity": 0.25, "reply_rate": 0.2}
    )
    #: A score from this is a "strong" tie, from ``tie_medium_min`` a "medium" one, else "weak" ...
    tie_strong_min: float = 0.6
    tie_medium_min: float = 0.35
    #: ... and messages in only one direction cap it here (label "one-way").
    tie_one_way_cap: float = 0.25

    def weight(self, kind: str) -> float:
        return self.weights.get(kind, 0.0)
