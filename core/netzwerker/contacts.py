"""Per-contact message metrics and tie strength, for ``report contacts``.

Only messages count here (every channel: email, LinkedIn, XING), and only
those between the owner and one counterpart: a message from the owner to
three people is one message "from me" for each of them; a message of someone
else to the owner and others is one message "to me" for its sender.

* *threads*: distinct (channel, thread) pairs; a message without a thread is
  a thread of its own.
* *initiated*: who sent the first (earliest) message of the pair in a thread.
* *replied*: a message of one side got a reply when a message of the other
  side names it in ``in-reply-to`` (mail), or, for a reply that names no
  message of the pair (LinkedIn, XING, mail without the header), when the
  other side's next message in the same thread follows within
  ``rules.reply_window_days``. Latency is the time to the earliest reply.
* *strength* (0..1, metadata only): a weighted sum of recency
  ``2^(-days since last contact / rules.tie_recency_half_life_days)``,
  frequency ``min(1, ln(1+messages) / ln(1+rules.tie_full_frequency_messages))``,
  reciprocity ``2 min(to, from) / (to + from)`` (1 when balanced, 0 one-way)
  and the reply rate of both sides together. A tie with messages in only
  one direction is labelled ``one-way`` and its score is capped at
  ``rules.tie_one_way_cap``: one-way mail alone never makes a tie strong.
  Otherwise ``strong`` from ``rules.tie_strong_min``, ``medium`` from
  ``rules.tie_medium_min``, else ``weak``. Weights are
  ``rules.tie_strength_weights``. (Recency, frequency and reciprocity are the
  signals of Gilbert & Karahalios 2009 that mail headers carry; the reply
  rate follows Wuchty & Uzzi 2011's response dynamics.)
"""

from __future__ import annotations

import datetime as dt
import math
import sqlite3
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .reciprocity import in_window
from .store.events import parse_when

if TYPE_CHECKING:
    from .rules import Rules

_REPLY_PREFIX = "in-reply-to:"
_MESSAGE_KEY_PREFIX = "mid:"
_SEPARATOR = "\x1f"


@dataclass(slots=True)
class PairMessage:
    """One message between the owner and one counterpart."""

    when: dt.datetime | None
    from_me: bool
    channel: str
    thread: tuple[str, str]
    mid: str | None
    reply_to: str | None


@dataclass
class Side:
    """How one side answered the other side's messages."""

    replied: int = 0
    latencies_hours: list[float] = field(default_factory=list)

    def rate(self, sent: int) -> float | None:
        return round(self.replied / sent, 4) if sent else None

    def median_hours(self) -> float | None:
        return round(float(statistics.median(self.latencies_hours)), 2) if self.latencies_hours else None


@dataclass
class ContactMetrics:
    person_id: str
    to_me: int = 0
    from_me: int = 0
    channels: dict[str, dict[str, int]] = field(default_factory=dict)
    threads: int = 0
    last: dt.datetime | None = None
    initiated_by_me: int = 0
    initiated_by_them: int = 0
    #: ``they_replied``: their replies to my messages; ``i_replied``: mine to theirs.
    they_replied: Side = field(default_factory=Side)
    i_replied: Side = field(default_factory=Side)

    def silent_days(self, today: dt.date) -> int | None:
        """Days from the last contact to ``today`` (never negative)."""
        return max((today - self.last.astimezone(dt.UTC).date()).days, 0) if self.last else None

    @property
    def one_way(self) -> bool:
        return self.to_me == 0 or self.from_me == 0


@dataclass
class Strength:
    score: float
    label: str
    recency: float
    frequency: float
    reciprocity: float
    reply_rate: float


def load_messages(
    conn: sqlite3.Connection, canon: dict[str, str], me: str, since: dt.date | None, until: dt.date | None
) -> dict[str, list[PairMessage]]:
    """Every message of the owner with each counterpart in the window, in one pass over the store."""
    # One row per message, its recipients folded by SQLite: much cheaper than one row per recipient.
    rows = conn.cursor()
    rows.row_factory = None  # plain tuples: the store's Row factory costs a third of the pass
    rows.execute(
        "SELECT i.id, i.occurred_at, i.actor_id, i.channel, i.thread, i.detail, r.key, "
        "group_concat(t.person_id, char(31)) "
        "FROM interactions i JOIN records r ON r.id = i.record_id "
        "JOIN interaction_targets t ON t.interaction_id = i.id "
        "WHERE i.kind = 'message' GROUP BY i.id"
    )
    pairs: dict[str, list[PairMessage]] = {}
    windowed = since is not None or until is not None
    for interaction_id, occurred_at, actor_id, channel, thread, detail, key, targets in rows:
        actor = canon.get(actor_id, actor_id)
        recipients = {canon.get(t, t) for t in targets.split(_SEPARATOR)} - {actor}
        if actor == me:
            others, from_me = recipients, True
        elif me in recipients:
            others, from_me = {actor}, False
        else:
            continue
        when = parse_when(occurred_at)
        if windowed and not in_window(when, since, until):
            continue
        item = PairMessage(
            when=when,
            from_me=from_me,
            channel=channel or "unknown",
            thread=(channel or "", thread) if thread else ("#", str(interaction_id)),
            mid=key if key.startswith(_MESSAGE_KEY_PREFIX) else None,
            reply_to=_MESSAGE_KEY_PREFIX + detail[len(_REPLY_PREFIX) :].strip()
            if detail and detail.startswith(_REPLY_PREFIX)
            else None,
        )
        for other in others:
            pairs.setdefault(other, []).append(item)
    return pairs


def measure(person_id: str, messages: list[PairMessage], rules: Rules) -> ContactMetrics:
    """Counts, threads, initiative and replies of one pair."""
    metrics = ContactMetrics(person_id)
    threads: dict[tuple[str, str], list[PairMessage]] = {}
    for message in messages:
        per_channel = metrics.channels.setdefault(message.channel, {"to_me": 0, "from_me": 0, "threads": 0})
        if message.from_me:
            metrics.from_me += 1
            per_channel["from_me"] += 1
        else:
            metrics.to_me += 1
            per_channel["to_me"] += 1
        if message.when is not None and (metrics.last is None or message.when > metrics.last):
            metrics.last = message.when
        threads.setdefault(message.thread, []).append(message)
    metrics.threads = len(threads)
    window = dt.timedelta(days=rules.reply_window_days)
    by_mid = {m.mid: m for m in messages if m.mid is not None}
    for thread in threads.values():
        metrics.channels[thread[0].channel]["threads"] += 1
        thread.sort(key=_order)
        if thread[0].from_me:
            metrics.initiated_by_me += 1
        else:
            metrics.initiated_by_them += 1
        for message, latency in _replies(thread, by_mid, window):
            side = metrics.they_replied if message.from_me else metrics.i_replied
            side.replied += 1
            side.latencies_hours.append(latency.total_seconds() / 3600)
    return metrics


def _order(message: PairMessage) -> tuple[bool, dt.datetime]:
    return (message.when is None, message.when or dt.datetime.min.replace(tzinfo=dt.UTC))


def _replies(
    thread: list[PairMessage], by_mid: dict[str, PairMessage], window: dt.timedelta
) -> Iterator[tuple[PairMessage, dt.timedelta]]:
    """Each answered message of ``thread`` (sorted by time) with the delay to its earliest answer."""
    answered: dict[int, dt.timedelta] = {}
    pending: dict[bool, list[PairMessage]] = {True: [], False: []}  # unanswered messages by from_me
    for message in thread:
        if message.when is None:
            continue
        target = by_mid.get(message.reply_to) if message.reply_to else None
        if target is not None:
            # An explicit answer names the one message it answers.
            if target.from_me != message.from_me and target.when is not None and id(target) not in answered:
                answered[id(target)] = max(message.when - target.when, dt.timedelta(0))
                yield target, answered[id(target)]
        else:
            # Without a usable link: the other side's open messages of the last days are answered.
            for earlier in pending[not message.from_me]:
                assert earlier.when is not None
                delay = message.when - earlier.when
                if id(earlier) not in answered and delay <= window:
                    answered[id(earlier)] = delay
                    yield earlier, delay
            pending[not message.from_me] = []
        pending[message.from_me].append(message)


def strength(metrics: ContactMetrics, today: dt.date, rules: Rules) -> Strength:
    """The documented tie strength of one pair (see the module docstring)."""
    total = metrics.to_me + metrics.from_me
    silent = metrics.silent_days(today)
    recency = 0.0 if silent is None else 2.0 ** (-silent / rules.tie_recency_half_life_days)
    frequency = min(1.0, math.log1p(total) / math.log1p(max(rules.tie_full_frequency_messages, 1)))
    reciprocity = 2 * min(metrics.to_me, metrics.from_me) / total if total else 0.0
    reply_rate = (metrics.they_replied.replied + metrics.i_replied.replied) / total if total else 0.0
    weights = rules.tie_strength_weights
    parts = {"recency": recency, "frequency": frequency, "reciprocity": reciprocity, "reply_rate": reply_rate}
    weight_sum = sum(weights.get(name, 0.0) for name in parts) or 1.0
    score = sum(weights.get(name, 0.0) * value for name, value in parts.items()) / weight_sum
    if metrics.one_way:
        score, label = min(score, rules.tie_one_way_cap), "one-way"
    elif score >= rules.tie_strong_min:
        label = "strong"
    elif score >= rules.tie_medium_min:
        label = "medium"
    else:
        label = "weak"
    return Strength(
        round(score, 4), label, round(recency, 4), round(frequency, 4), round(reciprocity, 4), round(reply_rate, 4)
    )
