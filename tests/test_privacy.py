"""people forget (Art. 17) and people export (Art. 15) against a real store file."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import netzwerker
import pytest
from netzwerker.records import InteractionRecord, PersonRecord, PersonRef
from nwtest import Cli, import_records

ME = PersonRef(me=True, emails=("katrin@vogel.de",))
ANNA = PersonRef(name="Anna Schmidt", emails=("anna.schmidt@example.com",))
ANNA_BY_PROFILE = PersonRef(name="Anna Schmidt", linkedin="https://www.linkedin.com/in/anna-schmidt-42")
ANNA_BY_NAME = PersonRef(name="Anna Schmidt")
BOB = PersonRef(name="Bob Stone", linkedin="https://www.linkedin.com/in/bob-stone")
CARL = PersonRef(name="Carl Brandt", emails=("carl@example.com",))

LEDGER = (
    "date,kind,giver,receiver,other,status,value,currency,note\n"
    "2024-03-01,referral,anna.schmidt@example.com,me,,won,1200,EUR,\n"
    "2024-04-01,referral,me,anna.schmidt@example.com,,open,,,\n"
    "2024-05-01,referral,carl@example.com,me,anna.schmidt@example.com,open,,,\n"
    "2024-05-02,referral,carl@example.com,me,,open,,,\n"
    "2024-06-01,introduction,carl@example.com,anna.schmidt@example.com,bob@example.org,,,,\n"
)

#: every column that names a person, table by table
PERSON_COLUMNS = {
    "persons": ("id", "merged_into"),
    "handles": ("person_id",),
    "person_sources": ("person_id",),
    "tags": ("person_id",),
    "notes": ("person_id",),
    "interactions": ("actor_id",),
    "interaction_targets": ("person_id",),
    "referrals": ("giver_id", "receiver_id", "prospect_id"),
    "introductions": ("introducer_id", "a_id", "b_id"),
    "merges": ("kept_id", "merged_id"),
    "merge_blocks": ("a_id", "b_id"),
    "merge_suggestions": ("a_id", "b_id"),
    "name_blocks": ("person_id",),
}


def at(day: int) -> dt.datetime:
    return dt.datetime(2025, 1, day, 12, tzinfo=dt.UTC)


def records() -> Iterator[netzwerker.AnyRecord]:
    yield PersonRecord(key="me", person=ME.model_copy(update={"name": "Katrin Vogel"}))
    yield PersonRecord(
        key="c-anna", person=ANNA_BY_PROFILE, first_name="Anna", last_name="Schmidt", tags=("bni",), note="tax adviser"
    )
    yield PersonRecord(key="c-bob", person=BOB, first_name="Bob", last_name="Stone", tags=("bni",))
    # one message to Anna, Bob and Carl: Bob and Carl keep theirs
    yield InteractionRecord(key="m1", kind="message", occurred_at=at(1), actor=ME, targets=(ANNA, BOB, CARL))
    yield InteractionRecord(key="m2", kind="message", occurred_at=at(2), actor=ANNA, targets=(ME, BOB))
    yield InteractionRecord(key="m3", kind="message", occurred_at=at(3), actor=ME, targets=(ANNA,), subject="Lunch?")
    yield InteractionRecord(key="m4", kind="message", occurred_at=at(4), actor=BOB, targets=(ME,))
    yield InteractionRecord(
        key="e1", kind="endorsement", occurred_at=at(5), actor=ANNA_BY_PROFILE, targets=(ME,), detail="Python"
    )
    yield InteractionRecord(key="m5", kind="message", occurred_at=at(6), actor=ANNA_BY_NAME, targets=(ME,))


def build(run: Cli, tmp_path: Path) -> Path:
    """A store with Anna known by email, by profile and by name, merged into one."""
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(LEDGER)
    run.ok("import", str(ledger))
    import_records(run, tmp_path, records)
    run.ok("people", "merge", "anna.schmidt@example.com", "https://www.linkedin.com/in/anna-schmidt-42")
    run.ok("people", "note", "anna.schmidt@example.com", "Call back after the summer")
    return ledger


def members_of(run: Cli, person: str) -> list[str]:
    members: list[str] = run.json("people", "show", person, "--json")["members"]
    return members


def rows_naming(db: Path, ids: list[str]) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        marks = ",".join("?" for _ in ids)
        found = {}
        for table, columns in PERSON_COLUMNS.items():
            where = " OR ".join(f"{c} IN ({marks})" for c in columns)
            found[table] = conn.execute(f"SELECT COUNT(*) FROM {table} WHERE {where}", ids * len(columns)).fetchone()[0]
        return found
    finally:
        conn.close()


def query(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def report_by_name(run: Cli) -> dict[str, dict[str, Any]]:
    data = run.json("report", "reciprocity", "--format", "json")
    return {row["person"]["name"]: row for row in data["people"]}


@pytest.mark.usefixtures("fresh_plugins")
def test_forget_erases_every_row_naming_the_person(run: Cli, db: Path, tmp_path: Path) -> None:
    build(run, tmp_path)
    anna = members_of(run, "anna.schmidt@example.com")
    assert len(anna) == 2  # the email person and the profile person, merged
    before = rows_naming(db, anna)
    assert all(before[t] for t in ("persons", "handles", "tags", "notes", "interactions", "referrals", "merges"))
    assert before["introductions"] and before["interaction_targets"]

    result = run.ok("people", "forget", "anna.schmidt@example.com", "--yes")
    assert "forgot Anna Schmidt" in result.stdout

    assert rows_naming(db, anna) == dict.fromkeys(PERSON_COLUMNS, 0)
    # m3 went to Anna only: gone with her; m1 keeps Bob and Carl
    subjects = [r[0] for r in query(db, "SELECT subject FROM interactions")]
    assert "Lunch?" not in subjects
    m1 = query(
        db,
        "SELECT COUNT(*) FROM interaction_targets t JOIN interactions i ON i.id = t.interaction_id "
        "JOIN records r ON r.id = i.record_id WHERE r.key = 'm1'",
    )
    assert m1 == [(2,)]
    # the import records of erased facts went too; those of others stay
    keys = {r[0] for r in query(db, "SELECT key FROM records")}
    assert {"m3", "m5", "e1", "c-anna"}.isdisjoint(keys)
    assert {"m1", "m4", "c-bob", "me"} <= keys
    assert not any("anna" in key for key in keys)
    names = [p["name"] for p in run.json("people", "list", "--json")]
    assert "Anna Schmidt" not in names and "Bob Stone" in names
    result = run("people", "show", "anna.schmidt@example.com")
    assert result.exit_code == 1


@pytest.mark.usefixtures("fresh_plugins")
def test_forget_leaves_the_counts_of_others_alone(run: Cli, tmp_path: Path) -> None:
    build(run, tmp_path)
    before = report_by_name(run)
    assert "Anna Schmidt" in before
    run.ok("people", "forget", "https://de.linkedin.com/in/anna-schmidt-42/", "--yes")
    after = report_by_name(run)
    assert "Anna Schmidt" not in after
    assert after["Bob Stone"]["to_me"] == before["Bob Stone"]["to_me"]
    assert after["Bob Stone"]["from_me"] == before["Bob Stone"]["from_me"]
    carl_before, carl_after = before["Carl Brandt"], after["Carl Brandt"]
    assert carl_after["from_me"] == carl_before["from_me"]  # m1 still went to him
    # of his two referrals the one naming Anna as the prospect went with her
    assert (carl_before["to_me"]["referral"], carl_after["to_me"]["referral"]) == (2, 1)
    assert carl_after["to_me"] | {"referral": 2} == carl_before["to_me"]


@pytest.mark.usefixtures("fresh_plugins")
def test_reimport_does_not_bring_a_forgotten_person_back(run: Cli, db: Path, tmp_path: Path) -> None:
    ledger = build(run, tmp_path)
    run.ok("people", "forget", "anna.schmidt@example.com", "--yes")
    people_before = run.json("people", "list", "--json")
    report_before = run.json("report", "reciprocity", "--format", "json")["people"]

    summary = run.json("import", str(ledger), "--json")
    # five rows: three name Anna (skipped), the intro names her, one is Carl's alone
    assert (summary["new"], summary["unchanged"], summary["skipped"]) == (0, 1, 4)
    result = run.ok("import", str(ledger))
    assert "4 forgotten person" in result.stdout
    import_records(run, tmp_path, records)

    assert run.json("people", "list", "--json") == people_before
    assert run.json("report", "reciprocity", "--format", "json")["people"] == report_before
    rows = query(db, "SELECT COUNT(*) FROM handles WHERE value LIKE '%anna%'")
    assert rows == [(0,)]
    keys = {r[0] for r in query(db, "SELECT key FROM records")}
    assert not any("anna" in key for key in keys) and "m5" not in keys
    # c-anna, m2 (hers), m3 (to her only), e1 (hers), m5 (her name only)
    assert query(db, "SELECT skipped FROM import_runs ORDER BY id DESC LIMIT 1") == [(5,)]


@pytest.mark.usefixtures("fresh_plugins")
def test_a_namesake_with_other_handles_is_not_forgotten(run: Cli, tmp_path: Path) -> None:
    build(run, tmp_path)
    run.ok("people", "forget", "anna.schmidt@example.com", "--yes")
    other = PersonRef(name="Anna Schmidt", emails=("anna@other-schmidt.de",))

    def namesake() -> Iterator[netzwerker.AnyRecord]:
        yield PersonRecord(key="me", person=ME.model_copy(update={"name": "Katrin Vogel"}))
        yield InteractionRecord(key="n1", kind="message", occurred_at=at(9), actor=other, targets=(ME,))
        yield InteractionRecord(key="n2", kind="message", occurred_at=at(9), actor=ANNA_BY_NAME, targets=(ME,))

    import_records(run, tmp_path, namesake)
    people = run.json("people", "list", "--json")
    emails = [e for p in people for e in p["emails"]]
    assert "anna@other-schmidt.de" in emails
    assert [p["name"] for p in people].count("Anna Schmidt") == 1  # n2, by the name alone, was skipped
    assert "anna.schmidt@example.com" not in emails


@pytest.mark.usefixtures("fresh_plugins")
def test_tombstones_keep_no_readable_handle(run: Cli, db: Path, tmp_path: Path) -> None:
    build(run, tmp_path)
    run.ok("people", "forget", "anna.schmidt@example.com", "--yes")
    tombstones = query(db, "SELECT kind, digest FROM tombstones")
    assert {kind for kind, _ in tombstones} == {"email", "linkedin", "name"}
    assert all(len(digest) == 64 and int(digest, 16) >= 0 for _, digest in tombstones)
    conn = sqlite3.connect(db)
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    content = b"".join(p.read_bytes() for p in tmp_path.glob("store.db*"))
    for text in ("anna.schmidt@example.com", "anna-schmidt-42", "Anna Schmidt", "anna schmidt", "tax adviser"):
        assert text.encode() not in content, text
        assert text.encode("utf-16-le") not in content, text
    assert b"bob-stone" in content  # the check can fail: others are still there


@pytest.mark.usefixtures("fresh_plugins")
def test_forget_asks_first(run: Cli, tmp_path: Path) -> None:
    build(run, tmp_path)
    result = run("people", "forget", "anna.schmidt@example.com")  # no stdin
    assert result.exit_code == 1
    assert "Forget Anna Schmidt" in result.stderr and "nothing was erased" in result.stderr
    result = run("people", "forget", "anna.schmidt@example.com", input="n\n")
    assert result.exit_code == 1
    assert run.json("people", "show", "anna.schmidt@example.com", "--json")["name"] == "Anna Schmidt"
    result = run("people", "forget", "anna.schmidt@example.com", input="y\n")
    assert result.exit_code == 0, result.output
    assert run("people", "show", "anna.schmidt@example.com").exit_code == 1


def test_forget_unknown_person_or_the_owner_is_an_error(run: Cli) -> None:
    run.ok("me", "add", "katrin@vogel.de")
    result = run("people", "forget", "nobody@example.com", "--yes")
    assert result.exit_code == 1 and "no person matches" in result.stderr
    result = run("people", "forget", "me", "--yes")
    assert result.exit_code == 1 and "owner" in result.stderr
    assert run.json("me", "show", "--json")["emails"] == ["katrin@vogel.de"]
    assert run("people", "export", "nobody@example.com").exit_code == 1


@pytest.mark.usefixtures("fresh_plugins")
def test_export_holds_everything_about_the_person(run: Cli, tmp_path: Path) -> None:
    build(run, tmp_path)
    target = tmp_path / "anna.json"
    result = run.ok("people", "export", "anna.schmidt@example.com", "--output", str(target))
    assert "Anna Schmidt" in result.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    data = json.loads(target.read_text())
    assert json.loads(run.ok("people", "export", "linkedin.com/in/anna-schmidt-42").stdout) == data
    person = data["person"]
    assert person["name"] == "Anna Schmidt"
    assert person["emails"] == ["anna.schmidt@example.com"]
    assert person["profiles"]["linkedin"] == "https://www.linkedin.com/in/anna-schmidt-42"
    assert person["sources"] == ["ledger-csv", "test-records"] and len(person["members"]) == 2
    by_kind = {h["kind"]: h for h in data["handles"]}
    assert by_kind["email"]["record_source"] == "ledger-csv" and by_kind["email"]["file"].endswith("ledger.csv")
    assert by_kind["email"]["line"] == 2 and by_kind["email"]["run_target"].endswith("ledger.csv")
    assert by_kind["linkedin"]["record_source"] == "test-records"
    assert [t["tag"] for t in data["tags"]] == ["bni"]
    assert [n["text"] for n in data["notes"]] == ["tax adviser", "Call back after the summer"]
    interactions = {(i["kind"], i["direction"], i["occurred_at"][:10]) for i in data["interactions"]}
    assert interactions == {
        ("message", "received", "2025-01-01"),
        ("message", "given", "2025-01-02"),
        ("message", "received", "2025-01-03"),
        ("endorsement", "given", "2025-01-05"),
    }
    m1 = next(i for i in data["interactions"] if i["occurred_at"].startswith("2025-01-01"))
    assert m1["actor"]["name"] == "Katrin Vogel"
    assert sorted(t["name"] for t in m1["targets"]) == ["Anna Schmidt", "Bob Stone", "Carl Brandt"]
    assert "body" not in m1
    assert next(i for i in data["interactions"] if i["subject"] == "Lunch?")
    assert len(data["referrals"]) == 3
    assert {r["prospect"]["name"] for r in data["referrals"] if r["prospect"]} == {"Anna Schmidt"}
    assert [(i["introducer"]["name"], i["a"]["name"]) for i in data["introductions"]] == [
        ("Carl Brandt", "Anna Schmidt")
    ]
    assert [m["actor"] for m in data["merges"]] == ["user"]
    assert {"merge_suggestions", "merge_blocks", "people_rows"} <= set(data)
