"""The resolution pass at the end of an import run: which new people are known ones.

Per record the import does only indexed look-ups of strong handles (email,
profile, phone), so resolution during the run depends on the order records
come in. This pass runs once, inside the run's transaction, over the people
that got a new handle in the run, and compares each with its *candidates*:
the people sharing a blocking key (the same normalised name, or a close
spelling of it, see :func:`netzwerker.normalize.loose_name_key`). Cost grows
with the run's new people times the (small, capped) block sizes, not with the
store.

The rules (see :mod:`netzwerker.matching`): a conflict blocks the automatic
merge; strong evidence, or the same normalised full name plus corroborating
evidence, merges (logged with the evidence, undone by ``people unmerge``);
anything weaker becomes a suggestion. Pairs the user split or rejected
(``merge_blocks``) are never merged or suggested again.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..matching import Candidate, Evidence, Matcher
from ..normalize import loose_name_key, org_key, spelling_key
from .identity import Identity, cluster_members, now

_K = TypeVar("_K")
_V = TypeVar("_V")

#: Above this many people in one block, the block says too little to be worth
#: comparing everyone (and would cost quadratic time).
MAX_BLOCK = 100
#: Conversations read per person for the shared-conversation signal.
MAX_THREADS = 500
#: People (and clusters) whose facts a pass keeps in memory at once; beyond it the
#: least recently used are dropped and read again when needed. Reading again costs
#: time (a bound of 10,000 made the pass over 100,000 people a fifth slower), so the
#: bound sits above the networks this is for: it caps memory for hostile or
#: enormous stores (~2 KB a person), it does not trim ordinary ones.
MAX_CACHED = 250_000
#: The same for conversations, which are read only for people compared with someone.
MAX_THREAD_SETS = 250_000


class _Recent(Generic[_K, _V]):
    """A mapping that keeps the ``limit`` most recently used entries."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._items: OrderedDict[_K, _V] = OrderedDict()

    def get(self, key: _K) -> _V | None:
        found = self._items.get(key)
        if found is not None:
            self._items.move_to_end(key)
        return found

    def put(self, key: _K, value: _V) -> _V:
        self._items[key] = value
        if len(self._items) > self.limit:
            self._items.popitem(last=False)
        return value

    def pop(self, key: _K) -> None:
        self._items.pop(key, None)


@dataclass
class Decision:
    merge: bool
    suggest: bool
    score: float
    evidence: list[Evidence]

    def as_json(self) -> dict[str, object]:
        return {
            "signals": [{"strength": e.strength, "reason": e.reason, "score": round(e.score, 3)} for e in self.evidence]
        }


@dataclass
class ResolutionSummary:
    merged: int = 0
    suggested: int = 0
    compared: int = 0
    merges: list[tuple[str, str]] = field(default_factory=list)


def decide(a: Candidate, b: Candidate, evidence: Sequence[Evidence]) -> Decision:
    """Merge, suggest, or neither, from the matchers' evidence."""
    same_name = any(len(k.split()) >= 2 for k in _spellings(a) & _spellings(b))
    conflicts = [e for e in evidence if e.strength == "conflict"]
    hard = any(e.score >= 1.0 for e in conflicts)
    strong = any(e.strength == "strong" for e in evidence)
    corroborated = same_name and any(e.strength == "corroborating" for e in evidence)
    support = [e.score for e in evidence if e.strength != "conflict"]
    score = max(support, default=0.0)
    if conflicts:
        score = max(0.0, score - max(e.score for e in conflicts) / 2)
    if a.is_me and b.is_me:
        return Decision(False, False, score, list(evidence))
    merge = not conflicts and (strong or corroborated)
    suggest = not merge and not hard and (same_name or bool(support))
    return Decision(merge, suggest, score, list(evidence))


def separate_accounts(a: Candidate, b: Candidate) -> bool:
    """Whether both have their own address (or phone number): one source saw two correspondents.

    Different profiles are a conflict of their own (see the profiles matcher); different
    addresses are not (people keep a work and a private one), but they are not bridged by
    a name either.
    """
    return bool(
        (a.emails and b.emails and not a.emails & b.emails) or (a.phones and b.phones and not a.phones & b.phones)
    )


def _spellings(person: Candidate) -> set[str]:
    return {spelling_key(k) for k in person.name_keys}


class Resolver:
    """Compares a run's touched people with their candidates; merges and suggests."""

    def __init__(self, conn: sqlite3.Connection, run_id: int | None, matchers: Iterable[Matcher]) -> None:
        self.conn = conn
        self.run_id = run_id
        self.matchers = list(matchers)
        self.identity = Identity(conn, run_id=run_id)
        self._views: _Recent[str, Candidate] = _Recent(MAX_CACHED)  # without conversations: for blocking
        self._full_views: _Recent[str, Candidate] = _Recent(MAX_THREAD_SETS)  # with them, for comparing
        self._threads: _Recent[str, frozenset[str]] = _Recent(MAX_THREAD_SETS)
        # Asked for again and again across the two passes, so kept in memory;
        # a merge moves ``gone`` under ``keep`` and drops what it made stale.
        self._heads: dict[str, str] = {}
        self._moved: dict[str, str] = {}  # gone -> keep, for merges of this pass
        self._members: dict[str, list[str]] = {}
        self._block_people: dict[tuple[str, str], tuple[str, ...]] = {}
        self._parts: _Recent[str, _Part] = _Recent(MAX_CACHED)
        self._decisions: dict[tuple[str, str], Decision] = {}
        self._pairs_of: dict[str, set[tuple[str, str]]] = {}
        self._blocks = {(r[0], r[1]) for r in conn.execute("SELECT a_id, b_id FROM merge_blocks")}
        self._suggested: dict[str, set[str]] = {}
        for a, b in conn.execute("SELECT a_id, b_id FROM merge_suggestions"):
            self._suggested.setdefault(a, set()).add(b)
            self._suggested.setdefault(b, set()).add(a)
        self.summary = ResolutionSummary()

    # --- blocking --------------------------------------------------------------------

    def index_names(self, person_ids: Iterable[str] | None = None) -> None:
        """Record the loose blocking key of every name handle added in this run
        (or of the given people)."""
        if person_ids is None:
            rows = self.conn.execute(
                "SELECT person_id, value FROM handles WHERE run_id = ? AND kind = 'name'", (self.run_id,)
            ).fetchall()
        else:
            rows = []
            for person_id in person_ids:
                rows += self.conn.execute(
                    "SELECT person_id, value FROM handles WHERE person_id = ? AND kind = 'name'", (person_id,)
                ).fetchall()
        self.conn.executemany(
            "INSERT OR IGNORE INTO name_blocks (value, person_id) VALUES (?, ?)",
            [(key, r[0]) for r in rows if (key := loose_name_key(r[1]))],
        )

    def touched_heads(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT h.person_id FROM handles h JOIN persons p ON p.id = h.person_id "
            "WHERE h.run_id = ? ORDER BY p.created_at, p.id",
            (self.run_id,),
        ).fetchall()
        return _unique(self._head(r[0]) for r in rows)

    def _heads_with(self, sql: str, value: str) -> list[str]:
        # the pass adds no handles and no blocking keys: a block's base people stay
        # the same (only their heads move with merges)
        people = self._block_people.get((sql, value))
        if people is None:
            rows = self.conn.execute(sql, (value, MAX_BLOCK + 1)).fetchall()
            people = self._block_people[(sql, value)] = () if len(rows) > MAX_BLOCK else tuple(r[0] for r in rows)
        return _unique(self._head(p) for p in people)

    def name_block(self, key: str) -> list[str]:
        """Heads of the people holding exactly this name key."""
        return self._heads_with("SELECT person_id FROM handles WHERE kind = 'name' AND value = ? LIMIT ?", key)

    def loose_block(self, key: str) -> list[str]:
        return self._heads_with("SELECT person_id FROM name_blocks WHERE value = ? LIMIT ?", key)

    def candidates(self, head: str, loose: bool) -> list[str]:
        view = self.view(head)
        found: list[str] = []
        for key in sorted(view.name_keys):
            found += self.name_block(key)
            if loose and (lkey := loose_name_key(key)):
                found += self.loose_block(lkey)
        return [c for c in _unique(found) if c != head]

    # --- views ----------------------------------------------------------------------

    def view(self, head: str) -> Candidate:
        """The cluster as the matchers see it, without its conversations (see :meth:`full_view`)."""
        cached = self._views.get(head)
        if cached is None:
            cached = self._views.put(head, combine(head, [self._part(m) for m in self.members(head)]))
        return cached

    def full_view(self, head: str) -> Candidate:
        """:meth:`view` with the conversations its members took part in (none for the owner)."""
        cached = self._full_views.get(head)
        if cached is not None:
            return cached
        light = self.view(head)
        threads = _EMPTY if light.is_me else _frozen(_EMPTY.union(*map(self._person_threads, self.members(head))))
        return self._full_views.put(head, dataclasses.replace(light, threads=threads, extra={}))

    def _person_threads(self, person_id: str) -> frozenset[str]:
        found = self._threads.get(person_id)
        if found is None:
            found = self._threads.put(person_id, load_threads(self.conn, person_id))
        return found

    def _merged(self, keep: str, gone: str) -> None:
        """Forget what a merge of ``gone`` into ``keep`` made stale."""
        self._moved[gone] = keep
        kept, moved = self._members.pop(keep, None), self._members.pop(gone, None)
        if kept is not None and moved is not None:
            self._members[keep] = kept + moved  # the merged cluster, without asking the store again
        for head in (keep, gone):
            self._views.pop(head)
            self._full_views.pop(head)
            for pair in self._pairs_of.pop(head, ()):
                self._decisions.pop(pair, None)

    def _part(self, person_id: str) -> _Part:
        # a base person's own facts do not change during the pass; clusters do
        part = self._parts.get(person_id)
        if part is None:
            part = self._parts.put(person_id, load_part(self.conn, person_id))
        return part

    def _head(self, person_id: str) -> str:
        head = self._heads.get(person_id)
        if head is None:
            head = self._heads[person_id] = self.identity.canonical(person_id)
        while head in self._moved:
            head = self._moved[head]
        return head

    def members(self, head: str) -> list[str]:
        found = self._members.get(head)
        if found is None:
            found = self._members[head] = cluster_members(self.conn, head)
        return found

    def blocked(self, a: str, b: str) -> bool:
        """Whether the user split or rejected any two members of the two clusters."""
        if not self._blocks:
            return False
        members_b = self.members(b)
        return any((min(x, y), max(x, y)) in self._blocks for x in self.members(a) for y in members_b)

    def _decide(self, a: str, b: str) -> Decision:
        pair = (a, b) if a < b else (b, a)
        decision = self._decisions.get(pair)
        if decision is None:
            decision = self._decisions[pair] = self.evaluate(self.full_view(pair[0]), self.full_view(pair[1]))
            self._pairs_of.setdefault(a, set()).add(pair)
            self._pairs_of.setdefault(b, set()).add(pair)
        return decision

    # --- deciding ---------------------------------------------------------------------

    def evaluate(self, a: Candidate, b: Candidate) -> Decision:
        self.summary.compared += 1
        evidence: list[Evidence] = []
        for matcher in self.matchers:
            result = matcher.compare(a, b)
            if result is not None:
                evidence.append(result)
        if (namesakes := self.namesake_evidence(a, b)) is not None:
            evidence.append(namesakes)
        return decide(a, b, evidence)

    def namesake_evidence(self, a: Candidate, b: Candidate) -> Evidence | None:
        """The namesake signal, "the only two people named like this": the bridge between
        sources that know a human by different kinds of handle (LinkedIn by profile, mail by
        address, XING by name).

        Namesakes are counted over the spelling-folded block: "Jürgen Müller", "Juergen
        Mueller" and "Jurgen Muller" are namesakes. Two people who each have their own handle
        of one kind (two mail addresses, two phone numbers) were already told apart by that
        source: the name does not bridge them, only a tie (employer, organisation,
        conversation) does.
        """
        if separate_accounts(a, b):
            return None
        for key in sorted(_spellings(a) & _spellings(b)):
            if len(key.split()) < 2:
                continue
            block = self.loose_block(loose_name_key(key))
            if sorted(block) == sorted({a.id, b.id}):
                return Evidence("corroborating", f"the only two people named like {key!r}")
        return None

    def merge_pass(self, heads: Sequence[str]) -> None:
        for start in heads:
            head = self._head(start)
            for other in self.candidates(head, loose=True):
                head = self._head(head)
                other = self._head(other)
                if other == head or self.blocked(head, other):
                    continue
                decision = self._decide(head, other)
                if not decision.merge:
                    continue
                keep, gone = sorted((head, other), key=self.identity._created)
                self.identity.merge(keep, gone, actor="resolver", evidence=decision.as_json())
                if self.identity.canonical(keep) != keep:  # the owner's cluster keeps its head
                    keep, gone = gone, keep
                self.summary.merged += 1
                self.summary.merges.append((keep, gone))
                self._merged(keep, gone)
                head = self._head(keep)

    def suggest_pass(self, heads: Sequence[str]) -> None:
        for head in _unique(self._head(h) for h in heads):
            for other in self.candidates(head, loose=True):
                a, b = sorted((head, other))
                if self._known_pair(a, b) or self.blocked(a, b):
                    continue
                decision = self._decide(a, b)
                if not decision.suggest:
                    continue
                self.conn.execute(
                    "INSERT OR IGNORE INTO merge_suggestions (a_id, b_id, score, evidence, created_run, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (a, b, decision.score, json.dumps(decision.as_json(), ensure_ascii=False), self.run_id, now()),
                )
                self._suggested.setdefault(a, set()).add(b)
                self._suggested.setdefault(b, set()).add(a)
                self.summary.suggested += 1

    def _known_pair(self, a: str, b: str) -> bool:
        """Whether a suggestion already links the two clusters (in either direction)."""
        members_b = set(self.members(b))
        return any(not members_b.isdisjoint(self._suggested.get(member, ())) for member in self.members(a))


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


@dataclass(frozen=True)
class _Part:
    """What one base person contributes to its cluster's :class:`Candidate` (conversations
    aside: :func:`load_threads`)."""

    is_me: bool
    names: tuple[str, ...]
    keys: dict[str, frozenset[str]]
    organizations: frozenset[str]
    sources: frozenset[str]


def load_part(conn: sqlite3.Connection, person_id: str) -> _Part:
    """One base person's handles, names, organisation and sources, through indexes."""
    names: list[str] = []
    keys: dict[str, set[str]] = {}
    for kind, value, original in conn.execute(
        "SELECT kind, value, original FROM handles WHERE person_id = ? ORDER BY id", (person_id,)
    ):
        keys.setdefault(kind, set()).add(value)
        if kind == "name" and original not in names:
            names.append(original)
    display, organization, me = conn.execute(
        "SELECT display_name, organization, is_me FROM persons WHERE id = ?", (person_id,)
    ).fetchone()
    if display and display not in names:
        names.append(display)
    sources = _frozen(r[0] for r in conn.execute("SELECT source FROM person_sources WHERE person_id = ?", (person_id,)))
    org = org_key(organization) if organization else ""
    return _Part(
        is_me=bool(me),
        names=tuple(names),
        keys={kind: frozenset(values) for kind, values in keys.items() if values},
        organizations=frozenset([org]) if org else _EMPTY,
        sources=sources,
    )


def load_threads(conn: sqlite3.Connection, person_id: str) -> frozenset[str]:
    """Up to :data:`MAX_THREADS` conversations a base person wrote in, and as many they got."""
    written = conn.execute(
        f"SELECT DISTINCT thread FROM interactions WHERE actor_id = ? AND thread IS NOT NULL LIMIT {MAX_THREADS}",
        (person_id,),
    )
    got = conn.execute(
        f"SELECT DISTINCT i.thread FROM interaction_targets t JOIN interactions i ON i.id = t.interaction_id "
        f"WHERE t.person_id = ? AND i.thread IS NOT NULL LIMIT {MAX_THREADS}",
        (person_id,),
    )
    return _frozen([*(r[0] for r in written), *(r[0] for r in got)])


#: one shared empty set: Python gives each ``frozenset()`` its own 216 bytes, and most
#: of a pass's views and parts are empty sets (a pass over 30,000 people held 160 MB)
_EMPTY: frozenset[str] = frozenset()


def _frozen(values: Iterable[str]) -> frozenset[str]:
    found = frozenset(values)
    return found if found else _EMPTY


def combine(head: str, parts: Sequence[_Part]) -> Candidate:
    """The matchers' view of a cluster from its members' parts, without conversations."""
    is_me = any(p.is_me for p in parts)

    def union(kind: str) -> frozenset[str]:
        if len(parts) == 1:
            return parts[0].keys.get(kind, _EMPTY)
        return _frozen(_EMPTY.union(*(p.keys.get(kind, _EMPTY) for p in parts)))

    return Candidate(
        id=head,
        is_me=is_me,
        names=tuple(dict.fromkeys(n for p in parts for n in p.names)),
        name_keys=union("name"),
        emails=union("email"),
        linkedin=union("linkedin"),
        xing=union("xing"),
        phones=union("phone"),
        organizations=parts[0].organizations
        if len(parts) == 1
        else _frozen(_EMPTY.union(*(p.organizations for p in parts))),
        sources=parts[0].sources if len(parts) == 1 else _frozen(_EMPTY.union(*(p.sources for p in parts))),
    )


def registered_matchers() -> list[Matcher]:
    from ..plugins import matchers

    return matchers().items()


def resolve_run(
    conn: sqlite3.Connection, run_id: int | None, matchers: Iterable[Matcher] | None = None
) -> ResolutionSummary:
    """The resolution pass over the people an import run touched (see module doc)."""
    resolver = Resolver(conn, run_id, registered_matchers() if matchers is None else matchers)
    resolver.index_names()
    heads = resolver.touched_heads()
    if not heads:
        return resolver.summary
    resolver.merge_pass(heads)
    resolver.suggest_pass(heads)
    return resolver.summary
