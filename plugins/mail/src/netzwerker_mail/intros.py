"""Introductions inferred from headers alone (research/mail.md §5; the rule is ours).

A candidate: A writes to B and C (among at most a few recipients) with a
subject such as "Anna <> Bob", "Intro", "Vorstellung" or "Kennenlernen".
It becomes a detected introduction when B and C had not been in one message
before it, and later one of them writes to the other without A in To/Cc
(A moved to Bcc or dropped) within :data:`FOLLOW_UP_DAYS`.

Memory is bounded: per address pair only the first time the two shared a
message and the first few direct exchanges (time + who else was in To/Cc),
never messages. Messages may come in any order (a Sent folder read before
the inbox), so everything is decided in :meth:`IntroDetector.finish`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

INTRO_SUBJECT = re.compile(
    r"(?i)(?:\b(?:intro|introduction|introducing|vorstellung|kennenlernen|connecting)\b|<\s*-*\s*>|↔|<->)"
)
FOLLOW_UP_DAYS = 60
MAX_PARTICIPANTS = 6  # larger messages are meetings/announcements, not intros
MAX_PAIRS = 300_000
MAX_EVENTS_PER_PAIR = 4
MAX_CANDIDATES = 20_000


@dataclass(frozen=True)
class Candidate:
    introducer: str
    first: str
    second: str
    at: float
    subject: str
    key: str


@dataclass(frozen=True)
class Detected:
    introducer: str
    between: tuple[str, str]
    at: dt.datetime
    subject: str
    key: str


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


class IntroDetector:
    """Feed every human message with :meth:`observe`; read results from :meth:`finish`."""

    def __init__(self) -> None:
        self._first_together: dict[tuple[str, str], float] = {}
        self._direct: dict[tuple[str, str], list[tuple[float, tuple[str, ...]]]] = {}
        self._candidates: list[Candidate] = []
        self._interned: dict[str, str] = {}

    def observe(
        self, sender: str, recipients: list[str], at: dt.datetime | None, subject: str | None, key: str
    ) -> None:
        """``sender``/``recipients`` are identity keys (``"me"`` for the owner, else a normalised email)."""
        if at is None:
            return
        intern = self._interned.setdefault
        people = [intern(sender, sender)]
        for recipient in recipients:
            recipient = intern(recipient, recipient)
            if recipient not in people:
                people.append(recipient)
        count = len(people)
        if count < 2 or count > MAX_PARTICIPANTS:
            return
        sender = people[0]
        ts = at.timestamp()
        participants = tuple(people)
        first_together = self._first_together
        for i in range(count - 1):
            a = people[i]
            for b in people[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                known = first_together.get(pair)
                if known is None:
                    if len(first_together) >= MAX_PAIRS:
                        continue
                    first_together[pair] = ts
                elif ts < known:
                    first_together[pair] = ts
                if i == 0:  # sender → recipient: a direct exchange of this pair
                    self._note_direct(pair, ts, participants)
        if subject and count >= 3 and len(self._candidates) < MAX_CANDIDATES and INTRO_SUBJECT.search(subject):
            others = people[1:]
            for i, b in enumerate(others):
                for c in others[i + 1 :]:
                    self._candidates.append(Candidate(sender, *_pair(b, c), at=ts, subject=subject, key=key))

    def _note_direct(self, pair: tuple[str, str], ts: float, participants: tuple[str, ...]) -> None:
        """Keep the earliest :data:`MAX_EVENTS_PER_PAIR` exchanges of a pair."""
        events = self._direct.get(pair)
        if events is None:
            self._direct[pair] = [(ts, participants)]
        elif len(events) < MAX_EVENTS_PER_PAIR:
            events.append((ts, participants))
        else:
            latest = max(range(len(events)), key=lambda n: events[n][0])
            if ts < events[latest][0]:
                events[latest] = (ts, participants)

    def finish(self) -> Iterator[Detected]:
        window = FOLLOW_UP_DAYS * 86400.0
        done: set[tuple[str, str, str]] = set()
        for cand in sorted(self._candidates, key=lambda c: c.at):
            pair = (cand.first, cand.second)
            ident = (cand.introducer, *pair)
            if ident in done:
                continue
            first = self._first_together.get(pair)
            if first is None or first < cand.at:
                continue  # they had shared a message before: not new to each other
            for ts, participants in self._direct.get(pair, ()):
                if cand.at < ts <= cand.at + window and cand.introducer not in participants:
                    done.add(ident)
                    yield Detected(
                        introducer=cand.introducer,
                        between=pair,
                        at=dt.datetime.fromtimestamp(cand.at, dt.UTC),
                        subject=cand.subject,
                        key=cand.key,
                    )
                    break
