"""Recognising the archive's owner, who appears in it by display name only.

Evidence, strongest first: a name the store already knows as the owner; the
person present in (nearly) every conversation who is not in their own contact
list, preferring one with a row in the notes file; for an archive without
messages, the only notes row that is not a contact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from netzwerker.normalize import name_key

#: The same few thousand names recur in every row: normalise each once.
person_key = lru_cache(maxsize=1 << 16)(name_key)


@dataclass
class ArchiveStats:
    """What the first pass over the archive learns, without keeping any bodies."""

    conversations: int = 0
    coverage: Counter[str] = field(default_factory=Counter)  # name key -> conversations they are in
    sent: Counter[str] = field(default_factory=Counter)  # name key -> messages sent
    display: dict[str, str] = field(default_factory=dict)  # name key -> first spelling seen
    contacts: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)
    senders_by_thread: dict[str, set[str]] = field(default_factory=dict)

    def remember(self, name: str) -> str:
        key = person_key(name)
        self.display.setdefault(key, name)
        return key


@dataclass(frozen=True)
class OwnerGuess:
    key: str
    name: str
    evidence: str


def infer_owner(stats: ArchiveStats, known_names: frozenset[str]) -> OwnerGuess | None:
    known = {person_key(n) for n in known_names}
    everyone = set(stats.coverage) | stats.notes
    for key in sorted(everyone & known):
        return OwnerGuess(key, stats.display.get(key, key), "a name the store knows as yours")
    if stats.conversations:
        return _from_messages(stats)
    lonely_notes = sorted(stats.notes - stats.contacts)
    if stats.contacts and len(lonely_notes) == 1:
        key = lonely_notes[0]
        return OwnerGuess(key, stats.display.get(key, key), "the only notes row that is not a contact")
    return None


def _from_messages(stats: ArchiveStats) -> OwnerGuess | None:
    candidates = [key for key in stats.coverage if key not in stats.contacts] or list(stats.coverage)

    def rank(key: str) -> tuple[int, bool, int]:
        return stats.coverage[key], key in stats.notes, stats.sent[key]

    ranked = sorted(candidates, key=rank, reverse=True)
    if not ranked:
        return None
    best = ranked[0]
    if len(ranked) > 1 and rank(ranked[1]) == rank(best):
        return None  # two people equally likely: do not guess
    share = stats.coverage[best] / stats.conversations
    unique_outsider = len(candidates) == 1 and bool(stats.contacts)
    if share < 0.5 and not unique_outsider:
        return None
    if stats.conversations < 2 and not unique_outsider and best not in stats.notes:
        return None
    evidence = f"in {stats.coverage[best]} of {stats.conversations} conversations"
    if best in stats.notes:
        evidence += ", and has a row in the notes file"
    return OwnerGuess(best, stats.display.get(best, best), evidence)
