"""me, people, referral and intro commands against a real store file."""

from __future__ import annotations

from pathlib import Path

from nwtest import Cli

LEDGER = (
    "date,kind,giver,receiver,other,status,value,currency,note\n"
    "2024-03-01,referral,anna@example.com,me,,won,1200,EUR,\n"
    "2024-04-01,referral,Jürgen Müller,me,,open,,,\n"
)


def test_me_add_and_show(run: Cli) -> None:
    run.ok("me", "add", "katrin@vogel.de", "https://de.linkedin.com/in/katrin-vogel/", "Katrin Vogel")
    me = run.json("me", "show", "--json")
    assert me["name"] == "Katrin Vogel"
    assert me["emails"] == ["katrin@vogel.de"]
    assert me["profiles"] == {"linkedin": "https://www.linkedin.com/in/katrin-vogel", "xing": None}


def test_me_show_without_owner_is_an_error(run: Cli) -> None:
    result = run("me", "show")
    assert result.exit_code == 1
    assert "netzwerker me add" in result.stderr


def test_me_add_merges_a_known_person_into_me(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        "date,kind,giver,receiver,other,status,value,currency,note\n"
        "2024-03-01,referral,anna@example.com,katrin@vogel.de,,open,,,\n"
    )
    run.ok("import", str(ledger))
    assert len(run.json("people", "list", "--json")) == 2
    result = run.ok("me", "add", "katrin@vogel.de")
    assert "merged 1 person(s) into me" in result.stdout
    report = run.json("report", "reciprocity", "--format", "json")
    assert [p["to_me"]["referral"] for p in report["people"]] == [1]


def test_people_list_shape(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(LEDGER)
    run.ok("import", str(ledger))
    people = run.json("people", "list", "--json")
    assert all(
        set(p) == {"id", "name", "emails", "profiles", "organization", "sources"}
        and set(p["profiles"]) == {"linkedin", "xing"}
        for p in people
    )
    anna = next(p for p in people if p["emails"] == ["anna@example.com"])
    assert anna["sources"] == ["ledger-csv"]


def test_people_show_by_email_name_and_id(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(LEDGER)
    run.ok("import", str(ledger))
    by_email = run.json("people", "show", "anna@example.com", "--json")
    by_id = run.json("people", "show", by_email["id"], "--json")
    assert by_email == by_id
    by_name = run.json("people", "show", "Jürgen Müller", "--json")
    assert by_name["name"] == "Jürgen Müller"
    missing = run("people", "show", "nobody@nowhere.org")
    assert missing.exit_code == 1 and "no person matches" in missing.stderr


def test_merge_and_unmerge_survive_reimport(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(LEDGER)
    run.ok("import", str(ledger))
    run.ok("people", "merge", "anna@example.com", "Jürgen Müller")
    assert len(run.json("report", "reciprocity", "--format", "json")["people"]) == 1
    run.ok("import", str(ledger))
    report = run.json("report", "reciprocity", "--format", "json")
    assert len(report["people"]) == 1 and report["people"][0]["to_me"]["referral"] == 2
    run.ok("people", "unmerge", "anna@example.com")
    run.ok("import", str(ledger))
    assert len(run.json("report", "reciprocity", "--format", "json")["people"]) == 2
    shown = run.json("people", "show", "anna@example.com", "--json")
    assert [m["undone_at"] is not None for m in shown["merges"]] == [True]


def test_merge_errors(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(LEDGER)
    run.ok("import", str(ledger))
    same = run("people", "merge", "anna@example.com", "anna@example.com")
    assert same.exit_code == 1 and "already one person" in same.stderr
    assert run("people", "unmerge", "anna@example.com").exit_code == 1


def test_referral_add_list_update(run: Cli) -> None:
    run.ok("me", "add", "katrin@vogel.de")
    result = run.ok(
        "referral",
        "add",
        "--giver",
        "anna@example.com",
        "--receiver",
        "me",
        "--prospect",
        "Bäckerei Huber",
        "--date",
        "2025-02-01",
        "--value",
        "1.200,50 €",
        "--status",
        "contacted",
        "--note",
        "via BNI",
    )
    assert result.stdout.strip() == "referral 1 added"
    [item] = run.json("referral", "list", "--json")
    assert item["giver"]["name"] == "anna@example.com"
    assert item["receiver"]["id"] == run.json("me", "show", "--json")["id"]
    assert (item["value"], item["currency"], item["status"], item["source"]) == (
        "1200.50",
        "EUR",
        "contacted",
        "manual",
    )
    run.ok("referral", "update", "1", "--status", "won", "--value", "1500 EUR")
    [item] = run.json("referral", "list", "--json")
    assert (item["status"], item["value"]) == ("won", "1500")
    bad = run("referral", "update", "1", "--status", "maybe")
    assert bad.exit_code == 2
    missing = run("referral", "update", "99", "--status", "won")
    assert missing.exit_code == 1 and "no referral 99" in missing.stderr
    nothing = run("referral", "update", "1")
    assert nothing.exit_code == 2


def test_intro_add_counts_for_both_people(run: Cli) -> None:
    run.ok("me", "add", "katrin@vogel.de")
    run.ok(
        "intro", "add", "--introducer", "me", "--between", "anna@example.com", "bob@example.com", "--date", "2025-01-01"
    )
    report = run.json("report", "reciprocity", "--format", "json")
    assert sorted(p["from_me"]["introduction"] for p in report["people"]) == [1, 1]
    same = run("intro", "add", "--introducer", "me", "--between", "anna@example.com", "anna@example.com")
    assert same.exit_code == 2


def test_usage_errors_exit_2(run: Cli) -> None:
    assert run("import").exit_code == 2
    assert run("people", "merge", "only-one").exit_code == 2
    assert run("report", "reciprocity", "--since", "yesterday").exit_code == 2
    assert run("nonesuch").exit_code == 2


def test_export_csv(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(LEDGER)
    run.ok("import", str(ledger))
    out = tmp_path / "people.csv"
    run.ok("export", "--format", "csv", "--output", str(out))
    lines = out.read_text().splitlines()
    assert lines[0].startswith("id,name,emails")
    assert any("anna@example.com" in line for line in lines[1:])


def test_first_and_last_name_beat_a_mail_display_name(run: Cli, tmp_path: Path, fresh_plugins: None) -> None:
    import netzwerker
    from netzwerker import plugins
    from netzwerker.records import InteractionRecord, PersonRecord, PersonRef

    annika_mail = PersonRef(name="Richter, Annika | Vertrieb", emails=("a.richter@firma.de",))

    class Source(netzwerker.Importer):
        name = "two-sources"

        def detect(self, target: str) -> float:
            return 1.0 if target.endswith(".two") else 0.0

        def read(self, target, context):  # type: ignore[no-untyped-def]
            # the mail display name comes first and creates the person
            yield InteractionRecord(key="m1", kind="message", actor=annika_mail, targets=(PersonRef(me=True),))
            yield PersonRecord(
                key="c1",
                person=PersonRef(name="Annika Richter", linkedin="https://www.linkedin.com/in/annika-richter"),
                first_name="Annika",
                last_name="Richter",
            )

    class Plugin:
        @netzwerker.hookimpl
        def register_importers(self, register):  # type: ignore[no-untyped-def]
            register(Source())

    plugins.get_plugin_manager().register(Plugin(), name="two-sources")
    target = tmp_path / "x.two"
    target.write_text("")
    run.ok("import", str(target))
    # identity resolution merges the two; the mail person, created first, heads the cluster
    [person] = [p for p in run.json("people", "list", "--json") if p["emails"] == ["a.richter@firma.de"]]
    assert person["name"] == "Annika Richter"


def test_last_comma_first_is_shown_first_name_first(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(
        "date,kind,giver,receiver,other,status,value,currency,note\n"
        '2024-03-01,referral,"Richter, Annika",me,"Müller GmbH, Vertrieb",open,,,\n'
    )
    run.ok("import", str(ledger))
    names = {p["name"] for p in run.json("people", "list", "--json")}
    assert {"Annika Richter", "Müller GmbH, Vertrieb"} <= names
    assert run.json("people", "show", "Annika Richter", "--json")["name"] == "Annika Richter"


def test_a_manual_note_survives_reimport(run: Cli, tmp_path: Path) -> None:
    ledger = tmp_path / "l.csv"
    ledger.write_text(LEDGER)
    run.ok("import", str(ledger))
    run.ok("people", "note", "anna@example.com", "Sucht einen Steuerberater")
    run.ok("import", str(ledger))
    assert run.json("people", "show", "anna@example.com", "--json")["notes"] == ["Sucht einen Steuerberater"]
    assert run("people", "note", "anna@example.com", "  ").exit_code == 1


def test_detected_introductions_are_confirmed_or_rejected(run: Cli, tmp_path: Path, fresh_plugins: None) -> None:
    import datetime as dt

    from netzwerker.records import IntroductionRecord, PersonRef
    from nwtest import import_records

    anna, bob = PersonRef(emails=("anna@example.com",)), PersonRef(emails=("bob@example.com",))

    def records():  # type: ignore[no-untyped-def]
        yield IntroductionRecord(
            key="i1", introducer=PersonRef(me=True), between=(anna, bob), date=dt.date(2025, 2, 1), detected=True
        )

    import_records(run, tmp_path, records)
    [intro] = run.json("intro", "list", "--detected", "--json")
    assert (intro["detected"], intro["review"], intro["source"]) == (True, None, "test-records")
    counted = run.json("report", "reciprocity", "--format", "json")["people"]
    assert sorted(p["from_me"]["introduction"] for p in counted) == [1, 1]
    run.ok("intro", "reject", str(intro["id"]))
    import_records(run, tmp_path, records)  # the same mailbox again: the verdict stays
    [intro] = run.json("intro", "list", "--json")
    assert intro["review"] == "rejected"
    counted = run.json("report", "reciprocity", "--format", "json")["people"]
    assert all(p["from_me"]["introduction"] == 0 for p in counted)
    run.ok("intro", "confirm", str(intro["id"]))
    assert run.json("intro", "list", "--json")[0]["review"] == "confirmed"
    assert run("intro", "reject", "99").exit_code == 1
