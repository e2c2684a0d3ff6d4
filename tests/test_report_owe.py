"""``report owe``: who gave the owner more than they got back, largest debt first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import netzwerker
import pytest
from netzwerker import plugins
from netzwerker.records import InteractionRecord, IntroductionRecord, PersonRecord, PersonRef, ReferralRecord
from nwtest import Cli, import_records

ME = PersonRef(me=True, emails=("katrin@vogel.de",))
ANNA = PersonRef(name="Anna Schmidt", emails=("anna@example.com",))
BOB = PersonRef(name="Bob Stone", emails=("bob@example.com",))
CARL = PersonRef(name="Carl Brandt", emails=("carl@example.com",))
DORA = PersonRef(name="Dora <Ü&> Müller", emails=("dora@example.com",))
ERIK = PersonRef(name="Erik Lund", emails=("erik@example.com",))
FELIX = PersonRef(name="Felix Prospect", emails=("felix@example.com",))
KINDS = ["referral", "introduction", "recommendation", "endorsement", "invitation", "message"]


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def records() -> Iterator[netzwerker.AnyRecord]:
    yield PersonRecord(key="me", person=ME.model_copy(update={"name": "Katrin Vogel"}))
    # Anna: two referrals and a recommendation to me; I returned one referral
    yield ReferralRecord(key="ra1", giver=ANNA, receiver=ME, prospect=FELIX, date=dt.date(2025, 1, 2), status="won")
    yield ReferralRecord(
        key="ra2", giver=ANNA, receiver=ME, date=dt.date(2025, 2, 1), value="1200", currency="eur", status="contacted"
    )
    yield InteractionRecord(key="rec-a", kind="recommendation", occurred_at=at(2025, 2, 10), actor=ANNA, targets=(ME,))
    yield ReferralRecord(key="ra3", giver=ME, receiver=ANNA, date=dt.date(2025, 3, 1))
    # Bob: I gave more than I got
    yield InteractionRecord(key="rec-b", kind="recommendation", occurred_at=at(2025, 1, 5), actor=ME, targets=(BOB,))
    yield InteractionRecord(key="end-b", kind="endorsement", occurred_at=at(2025, 1, 6), actor=BOB, targets=(ME,))
    # Carl: a referral long ago, a recommendation from me recently
    yield ReferralRecord(key="rc1", giver=CARL, receiver=ME, date=dt.date(2020, 3, 1))
    yield InteractionRecord(key="rec-c", kind="recommendation", occurred_at=at(2025, 3, 20), actor=ME, targets=(CARL,))
    # Dora introduced me to Erik; Erik and I are even (one endorsement each way)
    yield IntroductionRecord(key="in1", introducer=DORA, between=(ME, ERIK), date=dt.date(2025, 1, 20))
    yield InteractionRecord(key="end-e1", kind="endorsement", occurred_at=at(2025, 1, 21), actor=ERIK, targets=(ME,))
    yield InteractionRecord(key="end-e2", kind="endorsement", occurred_at=at(2025, 1, 22), actor=ME, targets=(ERIK,))


@pytest.fixture
def imported(run: Cli, tmp_path: Path, fresh_plugins: None) -> Cli:
    return import_records(run, tmp_path, records)


def owe(cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    return cli.json("report", "owe", "--format", "json", *args)  # type: ignore[no-any-return]


def by_name(data: dict) -> dict:  # type: ignore[type-arg]
    return {row["person"]["name"]: row for row in data["people"]}


def counts(**given: int) -> dict[str, int]:
    return dict.fromkeys(KINDS, 0) | given


def test_json_has_exactly_the_documented_shape(imported: Cli) -> None:
    data = owe(imported)
    assert set(data) == {"generated_at", "since", "until", "me", "people", "total"}
    assert dt.datetime.fromisoformat(data["generated_at"])
    assert data["me"]["name"] == "Katrin Vogel" and set(data["me"]) == {"id", "name"}
    anna = by_name(data)["Anna Schmidt"]
    person_id = anna["person"]["id"]
    assert anna == {
        "person": {
            "id": person_id,
            "name": "Anna Schmidt",
            "emails": ["anna@example.com"],
            "profiles": {"linkedin": None, "xing": None},
        },
        "to_me": counts(referral=2, recommendation=1),
        "from_me": counts(referral=1),
        "to_me_score": 13.0,
        "from_me_score": 5.0,
        "balance": 8.0,
        "last_given": {"kind": "recommendation", "at": "2025-02-10T12:00:00+00:00"},
        # the referral I passed back settles her oldest one (Felix); the February one is still owed
        "open_referrals": [
            {"id": anna["open_referrals"][0]["id"], "date": "2025-02-01", "prospect": None}
            | {"status": "contacted", "value": "1200", "currency": "EUR"}
        ],
    }
    assert isinstance(anna["open_referrals"][0]["id"], int)
    assert data["total"] == {"people": len(data["people"]), "balance": sum(r["balance"] for r in data["people"])}


def test_only_people_with_a_positive_balance_largest_first(imported: Cli) -> None:
    data = owe(imported)
    names = [row["person"]["name"] for row in data["people"]]
    # Anna 8, Dora 3 (an introduction), Carl 5 - 3 = 2; Bob is owed nothing (0.5 - 3), Erik is even
    assert names == ["Anna Schmidt", "Dora <Ü&> Müller", "Carl Brandt"]
    assert [row["balance"] for row in data["people"]] == [8.0, 3.0, 2.0]
    dora = by_name(data)["Dora <Ü&> Müller"]
    assert dora["to_me"] == counts(introduction=1) and dora["open_referrals"] == []
    assert dora["last_given"] == {"kind": "introduction", "at": "2025-01-20T00:00:00+00:00"}
    assert data["total"] == {"people": 3, "balance": 13.0}


def test_window_limits_what_counts(imported: Cli) -> None:
    data = owe(imported, "--since", "2025-01-01", "--until", "2025-01-31")
    assert (data["since"], data["until"]) == ("2025-01-01", "2025-01-31")
    rows = by_name(data)
    assert set(rows) == {"Anna Schmidt", "Dora <Ü&> Müller"}
    anna = rows["Anna Schmidt"]
    assert anna["to_me"] == counts(referral=1) and anna["from_me"] == counts()
    assert anna["last_given"] == {"kind": "referral", "at": "2025-01-02T00:00:00+00:00"}
    # nothing returned within the window: the January referral (with its prospect) is open
    [open_referral] = anna["open_referrals"]
    assert open_referral["prospect"]["name"] == "Felix Prospect" and open_referral["status"] == "won"


def test_returned_referrals_settle_the_open_ones(imported: Cli) -> None:
    # before March I had not returned any: both of Anna's referrals are open, oldest first
    anna = by_name(owe(imported, "--until", "2025-02-28"))["Anna Schmidt"]
    assert [r["date"] for r in anna["open_referrals"]] == ["2025-01-02", "2025-02-01"]


def test_half_life_lets_old_gifts_fade(imported: Cli) -> None:
    assert "Carl Brandt" in by_name(owe(imported, "--until", "2025-03-31"))
    decayed = owe(imported, "--until", "2025-03-31", "--half-life", "365")
    # Carl's 2020 referral is worth 5 x 0.5^(5 years) < 0.2 now, my recommendation almost its full 3
    assert "Carl Brandt" not in by_name(decayed)
    assert by_name(decayed)["Anna Schmidt"]["balance"] < 8.0


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "html"])
def test_other_formats_render_every_owed_person(imported: Cli, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"owe.{fmt}"
    imported.ok("report", "owe", "--format", fmt, "--output", str(out))
    text = out.read_text(encoding="utf-8")
    for name in ("Anna Schmidt", "Carl Brandt"):
        assert name in text
    assert "Bob Stone" not in text and "Erik Lund" not in text
    if fmt == "csv":
        lines = text.splitlines()
        header = lines[0].split(",")
        assert header[:2] == ["id", "name"] and "open_referrals" in header and "last_given_kind" in header
        anna = dict(zip(header, lines[1].split(","), strict=True))
        assert anna["name"] == "Anna Schmidt" and anna["to_me_referral"] == "2" and anna["open_referrals"] == "1"
    if fmt == "md":
        assert "referral 2025-02-01 [contacted]" in text


def test_empty_store_owes_nobody(run: Cli) -> None:
    data = run.json("report", "owe", "--format", "json")
    assert data["people"] == [] and data["me"] is None and data["total"] == {"people": 0, "balance": 0.0}


class BundlePlugin:
    """A community where recommendations weigh nothing and endorsements a lot."""

    @netzwerker.hookimpl
    def register_bundles(self, register):  # type: ignore[no-untyped-def]
        weights = {"referral": 5.0, "introduction": 3.0, "recommendation": 0.0, "endorsement": 10.0}
        register(netzwerker.Bundle(name="endorsers", rules=netzwerker.Rules(weights=weights)))


def test_bundle_rules_change_who_is_owed(imported: Cli) -> None:
    plugins.get_plugin_manager().register(BundlePlugin(), name="owe-bundle-plugin")
    rows = by_name(owe(imported, "--bundle", "endorsers"))
    # Bob's endorsement now outweighs my recommendation; Carl's referral is no longer offset
    assert rows["Bob Stone"]["balance"] == 10.0 and rows["Carl Brandt"]["balance"] == 5.0
    assert rows["Anna Schmidt"]["balance"] == 5.0  # her recommendation weighs nothing here
