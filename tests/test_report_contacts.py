"""The contacts report: message counts, threads, initiative, replies, tie strength, window, shape."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import netzwerker
import pytest
from netzwerker.records import InteractionRecord, PersonRecord, PersonRef
from nwtest import Cli, import_records

ME = PersonRef(me=True, emails=("katrin@vogel.de",))
ANNA = PersonRef(name="Anna Schmidt", emails=("anna@example.com",))
BOB = PersonRef(name="Bob Stone", emails=("bob@example.com",), linkedin="https://www.linkedin.com/in/bob-stone")
CARL = PersonRef(name="Carl Brandt", emails=("carl@example.com",))
DORA = PersonRef(name="Dora Dietz", emails=("dora@example.com",))


def at(day: int, hour: int = 12, month: int = 1) -> dt.datetime:
    return dt.datetime(2025, month, day, hour, tzinfo=dt.UTC)


def mail(key: str, when: dt.datetime, actor: PersonRef, *targets: PersonRef, thread: str, reply: str = "") -> Any:
    return InteractionRecord(
        key=f"mid:{key}",
        kind="message",
        channel="email",
        occurred_at=when,
        actor=actor,
        targets=targets,
        thread=thread,
        detail=f"in-reply-to:{reply}" if reply else None,
    )


def linkedin(key: str, when: dt.datetime, actor: PersonRef, target: PersonRef) -> InteractionRecord:
    return InteractionRecord(
        key=key, kind="message", channel="linkedin", occurred_at=when, actor=actor, targets=(target,), thread="conv-b"
    )


def records() -> Iterator[netzwerker.AnyRecord]:
    yield PersonRecord(key="me", person=ME.model_copy(update={"name": "Katrin Vogel"}))
    # Anna, by mail with In-Reply-To: my a1 (Bob in Cc) answered after 4 h, her a2 by me after 20 h
    yield mail("a1@x", at(1, 10), ME, ANNA, BOB, thread="t1")
    yield mail("a2@x", at(1, 14), ANNA, ME, thread="t1", reply="a1@x")
    yield mail("a3@x", at(2, 10), ME, ANNA, thread="t1", reply="a2@x")
    yield mail("a4@x", at(5, 9), ANNA, ME, thread="t2")  # never answered
    # Bob on LinkedIn, no reply links: his li1 answered by my li2 after 12 h; my li2 and li3
    # are followed by his li4 only after more than the 14-day reply window
    yield linkedin("li1", at(3, 8), BOB, ME)
    yield linkedin("li2", at(3, 20), ME, BOB)
    yield linkedin("li3", at(10, 8), ME, BOB)
    yield linkedin("li4", at(1, 8, month=2), BOB, ME)
    # Carl writes and writes; the owner never answers
    for day in (2, 4, 6, 8, 9):
        yield mail(f"c{day}@x", at(day), CARL, ME, thread=f"c{day}")
    # Not the owner's: a message between others, an endorsement, a bare connection
    yield mail("x1@x", at(3), BOB, CARL, thread="x1")
    yield InteractionRecord(key="e1", kind="endorsement", occurred_at=at(4), actor=DORA, targets=(ME,), detail="SQL")
    yield InteractionRecord(key="k1", kind="connection", occurred_at=at(4), actor=DORA, targets=(ME,))


@pytest.fixture
def imported(run: Cli, tmp_path: Path, fresh_plugins: None) -> Cli:
    return import_records(run, tmp_path, records)


def people(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["person"]["name"]: row for row in data["people"]}


def test_json_has_exactly_the_documented_shape(imported: Cli) -> None:
    data = imported.json("report", "contacts", "--format", "json", "--until", "2025-02-28")
    assert set(data) == {"generated_at", "since", "until", "today", "me", "rules", "people", "network"}
    assert data["today"] == "2025-02-28" and data["me"]["name"] == "Katrin Vogel"
    assert set(data["rules"]) == {
        "reply_window_days",
        "tie_recency_half_life_days",
        "tie_full_frequency_messages",
        "tie_strength_weights",
        "tie_strong_min",
        "tie_medium_min",
        "tie_one_way_cap",
    }
    assert set(data["network"]) == {"people", "strong", "medium", "weak", "one-way"}
    for row in data["people"]:
        assert set(row) == {
            "person",
            "to_me",
            "from_me",
            "threads",
            "channels",
            "last_contact",
            "silent_days",
            "initiated",
            "they_replied",
            "i_replied",
            "strength",
        }
        assert set(row["person"]) == {"id", "name", "emails", "profiles"}
        assert set(row["initiated"]) == {"by_me", "by_them", "me_share"}
        assert set(row["they_replied"]) == set(row["i_replied"]) == {"replied", "rate", "median_hours"}
        assert set(row["strength"]) == {"score", "label", "recency", "frequency", "reciprocity", "reply_rate"}
        for channel in row["channels"].values():
            assert set(channel) == {"to_me", "from_me", "threads"}


def test_counts_threads_and_channels(imported: Cli) -> None:
    rows = people(imported.json("report", "contacts", "--format", "json", "--until", "2025-02-28"))
    assert set(rows) == {"Anna Schmidt", "Bob Stone", "Carl Brandt"}  # Dora only endorsed and connected
    anna, bob, carl = rows["Anna Schmidt"], rows["Bob Stone"], rows["Carl Brandt"]
    assert (anna["to_me"], anna["from_me"], anna["threads"]) == (2, 2, 2)
    # a1 went to Anna and (Cc) Bob: one message from me for each; Bob's mail to Carl is not mine
    assert (bob["to_me"], bob["from_me"], bob["threads"]) == (2, 3, 2)
    assert bob["channels"] == {
        "email": {"to_me": 0, "from_me": 1, "threads": 1},
        "linkedin": {"to_me": 2, "from_me": 2, "threads": 1},
    }
    assert (carl["to_me"], carl["from_me"], carl["threads"]) == (5, 0, 5)
    assert anna["last_contact"] == at(5, 9).isoformat()
    assert bob["last_contact"] == at(1, 8, month=2).isoformat()
    assert bob["silent_days"] == 27 and anna["silent_days"] == 54


def test_who_initiates(imported: Cli) -> None:
    rows = people(imported.json("report", "contacts", "--format", "json"))
    assert rows["Anna Schmidt"]["initiated"] == {"by_me": 1, "by_them": 1, "me_share": 0.5}
    assert rows["Bob Stone"]["initiated"] == {"by_me": 1, "by_them": 1, "me_share": 0.5}
    assert rows["Carl Brandt"]["initiated"] == {"by_me": 0, "by_them": 5, "me_share": 0.0}


def test_reply_rates_and_latencies(imported: Cli) -> None:
    rows = people(imported.json("report", "contacts", "--format", "json"))
    anna, bob, carl = rows["Anna Schmidt"], rows["Bob Stone"], rows["Carl Brandt"]
    # by In-Reply-To
    assert anna["they_replied"] == {"replied": 1, "rate": 0.5, "median_hours": 4.0}
    assert anna["i_replied"] == {"replied": 1, "rate": 0.5, "median_hours": 20.0}
    # by the next message of the other side within the reply window
    assert bob["i_replied"] == {"replied": 1, "rate": 0.5, "median_hours": 12.0}
    assert bob["they_replied"] == {"replied": 0, "rate": 0.0, "median_hours": None}
    assert carl["they_replied"] == {"replied": 0, "rate": None, "median_hours": None}
    assert carl["i_replied"] == {"replied": 0, "rate": 0.0, "median_hours": None}


def test_a_wider_reply_window_counts_the_late_answer() -> None:
    from netzwerker.contacts import PairMessage, measure
    from netzwerker.rules import Rules

    def li(when: dt.datetime, from_me: bool) -> PairMessage:
        return PairMessage(when, from_me, "linkedin", ("linkedin", "conv-b"), None, None)

    thread = [li(at(3, 8), False), li(at(3, 20), True), li(at(10, 8), True), li(at(1, 8, month=2), False)]
    assert measure("bob", thread, Rules()).they_replied.replied == 0
    slow = measure("bob", thread, Rules(reply_window_days=30))
    # li4 (Feb 1) now answers both of my messages, 28.5 and 22 days later
    assert slow.they_replied.replied == 2
    assert slow.they_replied.median_hours() == pytest.approx((28.5 * 24 + 22 * 24) / 2)
    assert slow.i_replied.replied == 1


def test_strength_score_and_the_one_way_rule(imported: Cli) -> None:
    data = imported.json("report", "contacts", "--format", "json", "--until", "2025-01-31")
    rows = people(data)
    anna = rows["Anna Schmidt"]["strength"]
    recency = 2 ** (-26 / 90)
    frequency = math.log(5) / math.log(51)
    assert anna["recency"] == pytest.approx(recency, abs=1e-4)
    assert anna["frequency"] == pytest.approx(frequency, abs=1e-4)
    assert anna["reciprocity"] == 1.0 and anna["reply_rate"] == 0.5
    assert anna["score"] == pytest.approx(0.3 * recency + 0.25 * frequency + 0.25 + 0.2 * 0.5, abs=1e-4)
    assert anna["label"] == "strong"
    # Carl: five recent messages to me, none back: one-way, whatever the volume and recency
    carl = rows["Carl Brandt"]["strength"]
    assert carl["label"] == "one-way" and carl["reciprocity"] == 0.0 and carl["score"] <= 0.25
    assert data["people"][0]["person"]["name"] == "Anna Schmidt"  # strongest first
    assert data["people"][-1]["person"]["name"] == "Carl Brandt"
    network = data["network"]
    assert network["people"] == 3 and network["one-way"] == 1
    assert network["strong"] + network["medium"] + network["weak"] == 2


def test_window_limits_messages_and_sets_today(imported: Cli) -> None:
    data = imported.json("report", "contacts", "--format", "json", "--since", "2025-01-03", "--until", "2025-01-09")
    rows = people(data)
    assert (data["since"], data["until"], data["today"]) == ("2025-01-03", "2025-01-09", "2025-01-09")
    anna, bob, carl = rows["Anna Schmidt"], rows["Bob Stone"], rows["Carl Brandt"]
    assert (anna["to_me"], anna["from_me"]) == (1, 0) and anna["strength"]["label"] == "one-way"
    assert (bob["to_me"], bob["from_me"]) == (1, 1) and bob["i_replied"]["replied"] == 1
    assert bob["strength"]["label"] != "one-way"
    assert carl["to_me"] == 4  # Jan 4, 6, 8 and 9
    assert bob["silent_days"] == 6  # last contact Jan 3, "today" Jan 9


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "html"])
def test_other_formats_render_every_person(imported: Cli, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"contacts.{fmt}"
    imported.ok("report", "contacts", "--format", fmt, "--output", str(out))
    text = out.read_text(encoding="utf-8")
    for name in ("Anna Schmidt", "Bob Stone", "Carl Brandt"):
        assert name in text
    if fmt == "csv":
        header = text.splitlines()[0].split(",")
        assert header[:2] == ["id", "name"] and "they_reply_rate" in header
        assert "email:0/1/1 linkedin:2/2/1" in text


def test_empty_store_reports_nobody(run: Cli) -> None:
    data = run.json("report", "contacts", "--format", "json")
    assert data["people"] == [] and data["me"] is None
    assert data["network"] == {"people": 0, "strong": 0, "medium": 0, "weak": 0, "one-way": 0}


# --- through the mail plugin -----------------------------------------------------------


def _message(headers: dict[str, str]) -> str:
    return "".join(f"{name}: {value}\n" for name, value in headers.items()) + "\nHallo\n"


def test_real_mbox_through_the_mail_plugin(run: Cli, tmp_path: Path) -> None:
    me, anna = "Katrin Vogel <katrin@vogel.de>", "Anna Schmidt <anna@example.com>"
    messages = [
        {"From": me, "To": anna, "Cc": "Bob Stone <bob@example.com>", "Subject": "Projekt"}
        | {"Date": "Mon, 06 Jan 2025 09:00:00 +0100", "Message-ID": "<1@vogel.de>"},
        {"From": anna, "To": me, "Delivered-To": "katrin@vogel.de", "Subject": "Re: Projekt"}
        | {"Date": "Mon, 06 Jan 2025 12:00:00 +0100", "Message-ID": "<2@example.com>"}
        | {"In-Reply-To": "<1@vogel.de>", "References": "<1@vogel.de>"},
        {"From": me, "To": anna, "Subject": "Re: Projekt", "Date": "Tue, 07 Jan 2025 09:00:00 +0100"}
        | {"Message-ID": "<3@vogel.de>", "In-Reply-To": "<2@example.com>"}
        | {"References": "<1@vogel.de> <2@example.com>"},
        # a mailing list: not an interaction at all
        {"From": "Liste <news@lists.example.org>", "To": me, "Delivered-To": "katrin@vogel.de"}
        | {"Subject": "Newsletter", "Date": "Wed, 08 Jan 2025 09:00:00 +0100", "Message-ID": "<4@lists>"}
        | {"List-Id": "<news.lists.example.org>", "List-Unsubscribe": "<mailto:leave@lists.example.org>"},
    ]
    path = tmp_path / "inbox.mbox"
    path.write_text("".join(f"From MAILER-DAEMON Mon Jan  6 10:00:00 2025\n{_message(m)}\n" for m in messages))
    run.ok("import", str(path))
    data = run.json("report", "contacts", "--format", "json", "--until", "2025-01-31")
    rows = people(data)
    assert set(rows) == {"Anna Schmidt", "Bob Stone"}
    anna, bob = rows["Anna Schmidt"], rows["Bob Stone"]
    assert (anna["to_me"], anna["from_me"], anna["threads"]) == (1, 2, 1)
    assert anna["channels"] == {"email": {"to_me": 1, "from_me": 2, "threads": 1}}
    assert anna["initiated"] == {"by_me": 1, "by_them": 0, "me_share": 1.0}
    assert anna["they_replied"] == {"replied": 1, "rate": 0.5, "median_hours": 3.0}
    assert anna["i_replied"] == {"replied": 1, "rate": 1.0, "median_hours": 21.0}
    assert anna["last_contact"].startswith("2025-01-07T09:00:00")
    assert anna["strength"]["label"] != "one-way"
    assert (bob["to_me"], bob["from_me"]) == (0, 1) and bob["strength"]["label"] == "one-way"
