"""The reciprocity report: exact shape (CLI.md), counting rules, scores, windows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import netzwerker
import pytest
from netzwerker.ledger import LedgerEvent
from netzwerker.reciprocity import Counterpart, compute, style
from netzwerker.records import InteractionRecord, PersonRecord, PersonRef
from netzwerker.rules import Rules
from nwtest import Cli, import_records

ME = PersonRef(me=True, emails=("katrin@vogel.de",))
ANNA = PersonRef(name="Anna Schmidt", emails=("anna@example.com",))
BOB = PersonRef(name="Bob Stone", linkedin="https://www.linkedin.com/in/bob-stone")
CARL = PersonRef(name="Carl Brandt", emails=("carl@example.com",))
KINDS = ["referral", "introduction", "recommendation", "endorsement", "invitation", "message"]


def at(day: int) -> dt.datetime:
    return dt.datetime(2025, 1, day, 12, tzinfo=dt.UTC)


def records() -> Iterator[netzwerker.AnyRecord]:
    yield PersonRecord(key="me", person=ME.model_copy(update={"name": "Katrin Vogel"}))
    # me -> Anna and Bob (To) and Carl (Cc): one message, three counted events
    yield InteractionRecord(key="m1", kind="message", occurred_at=at(1), actor=ME, targets=(ANNA, BOB, CARL))
    yield InteractionRecord(key="m2", kind="message", occurred_at=at(2), actor=ANNA, targets=(ME, BOB))
    # a message between two others, the owner not involved: counts for nobody
    yield InteractionRecord(key="m3", kind="message", occurred_at=at(3), actor=BOB, targets=(CARL,))
    for skill in ("Python", "SQL", "Beratung"):
        yield InteractionRecord(
            key=f"e-{skill}", kind="endorsement", occurred_at=at(4), actor=BOB, targets=(ME,), detail=skill
        )
    yield InteractionRecord(key="r1", kind="recommendation", occurred_at=at(5), actor=ME, targets=(BOB,))
    yield InteractionRecord(key="i1", kind="invitation", occurred_at=at(6), actor=CARL, targets=(ME,))
    yield InteractionRecord(key="c1", kind="connection", occurred_at=at(20), actor=CARL, targets=(ME,))


@pytest.fixture
def imported(run: Cli, tmp_path: Path, fresh_plugins: None) -> Cli:
    return import_records(run, tmp_path, records)


def test_json_has_exactly_the_documented_shape(imported: Cli) -> None:
    data = imported.json("report", "reciprocity", "--format", "json")
    assert set(data) == {"generated_at", "since", "until", "me", "people", "network"}
    assert dt.datetime.fromisoformat(data["generated_at"])
    assert data["since"] is None and data["until"] is None
    assert set(data["me"]) == {"id", "name"} and data["me"]["name"] == "Katrin Vogel"
    assert set(data["network"]) == {"people", "reciprocated_share"}
    for row in data["people"]:
        assert set(row) == {
            "person",
            "to_me",
            "from_me",
            "to_me_score",
            "from_me_score",
            "balance",
            "style",
            "last_interaction",
        }
        assert set(row["person"]) == {"id", "name", "emails", "profiles"}
        assert set(row["person"]["profiles"]) == {"linkedin", "xing"}
        assert list(row["to_me"]) == KINDS and list(row["from_me"]) == KINDS
        assert all(isinstance(v, int) for v in [*row["to_me"].values(), *row["from_me"].values()])
        assert all(isinstance(row[k], float) for k in ("to_me_score", "from_me_score", "balance"))
        assert row["style"] in {"giver", "matcher", "taker", "unclear"}


def test_counts_follow_the_contract(imported: Cli) -> None:
    data = imported.json("report", "reciprocity", "--format", "json")
    rows = {row["person"]["name"]: row for row in data["people"]}
    assert set(rows) == {"Anna Schmidt", "Bob Stone", "Carl Brandt"}
    anna, bob, carl = rows["Anna Schmidt"], rows["Bob Stone"], rows["Carl Brandt"]
    assert anna["from_me"]["message"] == 1 and anna["to_me"]["message"] == 1
    assert bob["from_me"] == dict.fromkeys(KINDS, 0) | {"message": 1, "recommendation": 1}
    assert bob["to_me"] == dict.fromkeys(KINDS, 0) | {"endorsement": 3}
    assert carl["from_me"]["message"] == 1  # Cc counts
    assert carl["to_me"]["invitation"] == 1
    assert carl["last_interaction"].startswith("2025-01-20")  # the connection counts as contact
    assert data["network"] == {"people": 3, "reciprocated_share": 1.0}
    assert bob["person"]["profiles"]["linkedin"] == "https://www.linkedin.com/in/bob-stone"
    assert rows["Anna Schmidt"]["balance"] == pytest.approx(
        rows["Anna Schmidt"]["to_me_score"] - rows["Anna Schmidt"]["from_me_score"]
    )


def test_window_limits_events(imported: Cli) -> None:
    data = imported.json("report", "reciprocity", "--format", "json", "--since", "2025-01-04", "--until", "2025-01-05")
    rows = {row["person"]["name"]: row for row in data["people"]}
    assert set(rows) == {"Bob Stone"}
    assert (data["since"], data["until"]) == ("2025-01-04", "2025-01-05")


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "html"])
def test_other_formats_render_every_person(imported: Cli, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    imported.ok("report", "reciprocity", "--format", fmt, "--output", str(out))
    text = out.read_text(encoding="utf-8")
    for name in ("Anna Schmidt", "Bob Stone", "Carl Brandt"):
        assert name in text
    if fmt == "csv":
        header = text.splitlines()[0].split(",")
        assert header[:2] == ["id", "name"] and "to_me_endorsement" in header


def test_empty_store_reports_nobody(run: Cli) -> None:
    data = run.json("report", "reciprocity", "--format", "json")
    assert data["people"] == [] and data["me"] is None
    assert json.loads(json.dumps(data))["network"] == {"people": 0, "reciprocated_share": 0.0}


# --- the engine on its own ---------------------------------------------------------


def events(*items: tuple[str, str, str]) -> list[LedgerEvent]:
    return [LedgerEvent(kind, actor, target, at(1)) for kind, actor, target in items]


def weigh(event: LedgerEvent, rules: Rules) -> float:
    return rules.weight(event.kind)


def test_one_way_mail_is_discounted_in_scores_not_counts() -> None:
    one_way = compute(events(*[("message", "x", "me")] * 10), "me", Rules(), weigh)["x"]
    assert one_way.to_me["message"] == 10
    assert one_way.to_me_score == pytest.approx(10 * 0.2 * 0.25)
    two_way = compute(events(*[("message", "x", "me")] * 10, ("message", "me", "x")), "me", Rules(), weigh)["x"]
    assert two_way.to_me_score == pytest.approx(10 * 0.2)


def test_half_life_decays_old_events() -> None:
    old = [LedgerEvent("referral", "x", "me", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))]
    rules = Rules(half_life_days=366)
    person = compute(old, "me", rules, weigh, today=dt.date(2025, 1, 1))["x"]
    assert person.to_me_score == pytest.approx(5.0 / 2)


def test_style_needs_evidence_and_uses_ratios() -> None:
    rules = Rules()
    assert style(Counterpart("x", to_me_score=10.0), rules) == "unclear"
    giver = Counterpart("x", to_me_score=10.0, from_me_score=1.0)
    giver.to_me["referral"] = 3
    assert style(giver, rules) == "giver"
    taker = Counterpart("x", to_me_score=1.0, from_me_score=10.0)
    taker.from_me["referral"] = 3
    assert style(taker, rules) == "taker"
    matcher = Counterpart("x", to_me_score=5.0, from_me_score=4.0)
    matcher.to_me["referral"] = 3
    assert style(matcher, rules) == "matcher"


def test_interaction_kinds_literal_matches_the_constant() -> None:
    from typing import get_args

    from netzwerker.kinds import ALL_KINDS
    from netzwerker.records import InteractionKind

    assert get_args(InteractionKind) == ALL_KINDS
