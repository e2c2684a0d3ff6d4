"""``report reconnect``: dormant strong ties, ranked by engagement and novelty."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import netzwerker
import pytest
from netzwerker import plugins
from netzwerker.ledger import LedgerEvent
from netzwerker.records import InteractionRecord, IntroductionRecord, PersonRecord, PersonRef, ReferralRecord
from netzwerker.rules import Rules
from netzwerker.ties import collect, dormancy
from nwtest import Cli, import_records

ME = PersonRef(me=True, emails=("katrin@vogel.de",))
GRETA = PersonRef(name="Greta Monthly", emails=("greta@example.com",))
HANS = PersonRef(name="Hans Daily", emails=("hans@example.com",))
IDA = PersonRef(name="Ida Oneway", emails=("ida@example.com",))
JONAS = PersonRef(name="Jonas Yearly", emails=("jonas@example.com",))
KARL = PersonRef(name="Karl Connected", linkedin="https://www.linkedin.com/in/karl")
LENA = PersonRef(name="Lena Helper", emails=("lena@example.com",))
MIA = PersonRef(name="Mia Recent", emails=("mia@example.com",))
OTTO = PersonRef(name="Otto Other", emails=("otto@example.com",))
KINDS = ["referral", "introduction", "recommendation", "endorsement", "invitation", "message"]
TODAY = "2025-06-30"


def at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 12, tzinfo=dt.UTC)


def message(key: str, when: dt.datetime, actor: PersonRef, target: PersonRef) -> InteractionRecord:
    return InteractionRecord(key=key, kind="message", occurred_at=when, actor=actor, targets=(target,))


def records() -> Iterator[netzwerker.AnyRecord]:
    yield PersonRecord(key="me", person=ME.model_copy(update={"name": "Katrin Vogel"}))
    # Greta: monthly mail both ways in the first half of 2023, then silence (8x the median gap, < 3 years)
    for month in range(1, 7):
        sender, receiver = (ME, GRETA) if month % 2 else (GRETA, ME)
        yield message(f"g{month}", at(2023, month, 15), sender, receiver)
    # Hans: daily mail both ways for a week in April 2025 (median gap 1 day; the 90-day floor applies)
    for day in range(1, 8):
        sender, receiver = (ME, HANS) if day % 2 else (HANS, ME)
        yield message(f"h{day}", at(2025, 4, day), sender, receiver)
    # Ida: twenty mails to me in 2020, never an answer: one-way mail is no tie
    for month in range(1, 13):
        yield message(f"i{month}", at(2020, month, 1), IDA, ME)
    # Jonas: one contact a year 2016..2022 (median gap 365 days: only the 3-year rule can fire)
    for year in range(2016, 2023):
        sender, receiver = (ME, JONAS) if year % 2 else (JONAS, ME)
        yield message(f"j{year}", at(year, 6, 1), sender, receiver)
    # Karl: a connection and an invitation from him, long ago: nothing two-way
    yield InteractionRecord(key="k1", kind="connection", occurred_at=at(2015, 1, 1), actor=KARL, targets=(ME,))
    yield InteractionRecord(key="k2", kind="invitation", occurred_at=at(2015, 1, 1), actor=KARL, targets=(ME,))
    # Lena: few contacts in 2021 but real help: a referral and an introduction to me, my recommendation back
    yield ReferralRecord(key="l1", giver=LENA, receiver=ME, date=dt.date(2021, 5, 1))
    yield IntroductionRecord(key="l2", introducer=LENA, between=(ME, OTTO), date=dt.date(2021, 5, 20))
    yield InteractionRecord(key="l3", kind="recommendation", occurred_at=at(2021, 6, 1), actor=ME, targets=(LENA,))
    # Mia: two-way and strong, but active last month
    for day in (1, 10, 20):
        yield message(f"m{day}", at(2025, 5, day), ME if day != 10 else MIA, MIA if day != 10 else ME)


@pytest.fixture
def imported(run: Cli, tmp_path: Path, fresh_plugins: None) -> Cli:
    return import_records(run, tmp_path, records)


def reconnect(cli: Cli, *args: str) -> dict:  # type: ignore[type-arg]
    return cli.json("report", "reconnect", "--format", "json", *args)  # type: ignore[no-any-return]


def by_name(data: dict) -> dict:  # type: ignore[type-arg]
    return {row["person"]["name"]: row for row in data["people"]}


def counts(**given: int) -> dict[str, int]:
    return dict.fromkeys(KINDS, 0) | given


def test_json_has_exactly_the_documented_shape(imported: Cli) -> None:
    data = reconnect(imported, "--until", TODAY)
    assert set(data) == {"generated_at", "since", "until", "today", "me", "rules", "people", "network"}
    assert (data["since"], data["until"], data["today"]) == (None, TODAY, TODAY)
    assert data["me"]["name"] == "Katrin Vogel"
    assert data["rules"] == {
        "strong_tie_min_events": 3,
        "dormant_gap_factor": 8.0,
        "dormant_min_days": 90,
        "dormant_after_days": 1095,
    }
    lena = by_name(data)["Lena Helper"]
    engagement = 5.0 + 3.0 + 3.0  # referral + introduction to me, my recommendation; no mail
    novelty = 1 / (1 + math.log(1 + 3))  # three contact days
    assert lena == {
        "person": {
            "id": lena["person"]["id"],
            "name": "Lena Helper",
            "emails": ["lena@example.com"],
            "profiles": {"linkedin": None, "xing": None},
        },
        "first_interaction": "2021-05-01T00:00:00+00:00",
        "last_interaction": "2021-06-01T12:00:00+00:00",
        "silent_days": (dt.date(2025, 6, 30) - dt.date(2021, 6, 1)).days,
        "contact_days": 3,
        "median_gap_days": 15.5,  # gaps of 19 and 12 days
        "dormant_by": ["median_gap", "years"],
        "to_me": counts(referral=1, introduction=1),
        "from_me": counts(recommendation=1),
        "engagement": round(engagement, 4),
        "novelty": round(novelty, 4),
        "score": round(engagement * novelty, 4),
    }


def test_dormant_strong_ties_only_ranked_by_engagement_and_novelty(imported: Cli) -> None:
    data = reconnect(imported, "--until", TODAY)
    # Lena helped on three days; Jonas and Greta only mailed (volume counts logarithmically)
    assert [row["person"]["name"] for row in data["people"]] == ["Lena Helper", "Jonas Yearly", "Greta Monthly"]
    scores = [row["score"] for row in data["people"]]
    assert scores == sorted(scores, reverse=True)
    # strong: Greta, Hans, Jonas, Lena, Mia; Ida (one-way mail) and Karl (connection + invitation) are not
    assert data["network"] == {"strong_ties": 5, "dormant": 3}


def test_one_way_mail_is_never_a_strong_tie(imported: Cli) -> None:
    data = reconnect(imported, "--until", TODAY)
    assert "Ida Oneway" not in by_name(data)  # 12 mails, 5 years of silence, but never answered
    assert "Karl Connected" not in by_name(data)


def test_eight_times_the_median_gap(imported: Cli) -> None:
    # Greta: monthly rhythm (median gap 30-31 days); last contact 2023-06-15
    greta = by_name(reconnect(imported, "--until", TODAY))["Greta Monthly"]
    assert greta["dormant_by"] == ["median_gap"] and greta["silent_days"] < 3 * 365
    assert greta["median_gap_days"] in (30.0, 31.0) and greta["contact_days"] == 6
    # 8 x 31 = 248 days: not dormant after 240 days of silence, dormant after 250
    assert "Greta Monthly" not in by_name(reconnect(imported, "--until", "2024-02-10"))
    assert by_name(reconnect(imported, "--until", "2024-02-20"))["Greta Monthly"]["dormant_by"] == ["median_gap"]


def test_eight_times_the_median_gap_needs_ninety_days(imported: Cli) -> None:
    # Hans: daily rhythm ending 2025-04-07; 8 days of silence would be 8x, but the floor is 90 days
    assert "Hans Daily" not in by_name(reconnect(imported, "--until", TODAY))  # 84 days
    hans = by_name(reconnect(imported, "--until", "2025-07-06"))["Hans Daily"]  # 90 days
    assert hans["dormant_by"] == ["median_gap"] and hans["median_gap_days"] == 1.0


def test_three_years_whatever_the_rhythm(imported: Cli) -> None:
    # Jonas: yearly rhythm (8 x 365 days would be 8 years); last contact 2022-06-01
    jonas = by_name(reconnect(imported, "--until", TODAY))["Jonas Yearly"]
    assert jonas["dormant_by"] == ["years"] and jonas["silent_days"] > 1095
    assert jonas["median_gap_days"] == 365.0
    assert "Jonas Yearly" not in by_name(reconnect(imported, "--until", "2025-05-31"))  # 1095 days: not yet


def test_recent_ties_are_not_dormant(imported: Cli) -> None:
    assert "Mia Recent" not in by_name(reconnect(imported, "--until", TODAY))


def test_until_is_today_and_ignores_later_events(imported: Cli) -> None:
    # as of mid-2023, Greta was active and Jonas's last contact was a year ago (rhythm: yearly);
    # only Lena is dormant (2 years silent with a 15.5-day rhythm)
    data = reconnect(imported, "--until", "2023-06-30")
    assert data["today"] == "2023-06-30"
    assert [row["person"]["name"] for row in data["people"]] == ["Lena Helper"]
    assert by_name(data)["Lena Helper"]["dormant_by"] == ["median_gap"]
    # Hans and Mia (2025) do not exist yet
    assert data["network"]["strong_ties"] == 3


def test_since_limits_the_history_considered(imported: Cli) -> None:
    # from 2023 on, Lena and Jonas have no contacts left: no tie in the window
    data = reconnect(imported, "--since", "2023-01-01", "--until", TODAY)
    assert [row["person"]["name"] for row in data["people"]] == ["Greta Monthly"]
    assert data["network"] == {"strong_ties": 3, "dormant": 1}


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "html"])
def test_other_formats_render_every_dormant_tie(imported: Cli, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"reconnect.{fmt}"
    imported.ok("report", "reconnect", "--until", TODAY, "--format", fmt, "--output", str(out))
    text = out.read_text(encoding="utf-8")
    for name in ("Lena Helper", "Jonas Yearly", "Greta Monthly"):
        assert name in text
    for name in ("Ida Oneway", "Mia Recent", "Hans Daily", "Karl Connected"):
        assert name not in text
    if fmt == "csv":
        header = text.splitlines()[0].split(",")
        assert header[:2] == ["id", "name"] and "dormant_by" in header and "median_gap_days" in header
    if fmt == "md":
        assert "3+ years" in text and "far past usual gap" in text


def test_empty_store_has_no_ties(run: Cli) -> None:
    data = run.json("report", "reconnect", "--format", "json", "--until", TODAY)
    assert data["people"] == [] and data["me"] is None and data["network"] == {"strong_ties": 0, "dormant": 0}


class BundlePlugin:
    """A community that calls a tie dormant after one quiet year and wants five events for a strong tie."""

    @netzwerker.hookimpl
    def register_bundles(self, register):  # type: ignore[no-untyped-def]
        rules = netzwerker.Rules(dormant_after_days=365, strong_tie_min_events=5, dormant_gap_factor=100.0)
        register(netzwerker.Bundle(name="strict", rules=rules))


def test_bundle_rules_set_the_thresholds(imported: Cli) -> None:
    plugins.get_plugin_manager().register(BundlePlugin(), name="reconnect-bundle-plugin")
    data = reconnect(imported, "--until", TODAY, "--bundle", "strict")
    assert data["rules"] == {
        "strong_tie_min_events": 5,
        "dormant_gap_factor": 100.0,
        "dormant_min_days": 90,
        "dormant_after_days": 365,
    }
    # Lena (3 events) and Mia (3) are no longer strong; Greta is dormant by the year rule alone now
    rows = by_name(data)
    assert set(rows) == {"Jonas Yearly", "Greta Monthly"}
    assert rows["Greta Monthly"]["dormant_by"] == ["years"]
    assert data["network"]["strong_ties"] == 3


# --- the rules on their own ----------------------------------------------------------


def test_a_single_contact_day_has_no_rhythm_only_the_year_rule() -> None:
    day = at(2020, 1, 1)
    events = [LedgerEvent("message", "x", "me", day), LedgerEvent("message", "me", "x", day)] * 2
    tie = collect(events, "me", lambda e, r: r.weight(e.kind), Rules())["x"]
    assert tie.strong(Rules()) and tie.median_gap_days() is None
    assert dormancy(tie, dt.date(2022, 12, 31), Rules()) is None  # 1095 days: not more than 3 years
    found = dormancy(tie, dt.date(2023, 1, 1), Rules())
    assert found is not None and found.reasons == ["years"] and found.median_gap_days is None


def test_undated_events_count_for_strength_but_give_no_dormancy() -> None:
    events = [LedgerEvent("referral", "x", "me", None), LedgerEvent("referral", "me", "x", None)] * 2
    tie = collect(events, "me", lambda e, r: r.weight(e.kind), Rules())["x"]
    assert tie.strong(Rules()) and tie.last is None
    assert dormancy(tie, dt.date(2030, 1, 1), Rules()) is None
