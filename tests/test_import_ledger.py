"""The built-in ledger CSV importer and the import pipeline's guarantees."""

from __future__ import annotations

import json
import random
import stat
from pathlib import Path

import pytest
from nwtest import Cli, store_content

HEADER = "date,kind,giver,receiver,other,status,value,currency,note\n"
ROWS = (
    "2024-03-01,referral,anna@example.com,me,Bäckerei Huber,won,1200,EUR,Brot für die Kantine\n"
    "2024-04-05,introduction,me,anna@example.com,jürgen.mueller@firma.de,,,,\n"
    "2024-05-01,referral,me,https://www.linkedin.com/in/anna-schmidt,,open,,,\n"
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_twice_adds_nothing_the_second_time(run: Cli, tmp_path: Path) -> None:
    ledger = write(tmp_path / "ledger.csv", HEADER + ROWS)
    first = run.json("import", str(ledger), "--json")
    assert first == {
        "path": str(ledger),
        "source": "ledger-csv",
        "records": 3,
        "new": 3,
        "changed": 0,
        "unchanged": 0,
        "skipped": 0,
        "warnings": [],
    }
    second = run.json("import", str(ledger), "--json")
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 0, 3)


def test_newer_export_adds_only_what_is_new(run: Cli, tmp_path: Path) -> None:
    ledger = write(tmp_path / "ledger.csv", HEADER + ROWS)
    run.ok("import", str(ledger))
    more = "2024-06-01,referral,anna@example.com,me,Metzgerei Kurz,open,,,\n"
    write(ledger, HEADER + ROWS + more)
    result = run.json("import", str(ledger), "--json")
    assert (result["new"], result["unchanged"]) == (1, 3)
    assert len(run.json("referral", "list", "--json")) == 3


def test_german_excel_cp1252_semicolons_and_decimal_commas(run: Cli, tmp_path: Path) -> None:
    text = (
        "Datum;Art;Geber;Empfänger;Andere;Status;Wert;Währung;Notiz\r\n"
        "01.03.2024;Empfehlung;Jörg Weiß;me;Müller GmbH;gewonnen;1.200,50;EUR;Größerer Auftrag\r\n"
        "02.03.2024;referral;me;jörg@weiss.de;;offen;€ 300;;\r\n"
    )
    ledger = write(tmp_path / "empfehlungen.csv", text, "cp1252")
    result = run.json("import", str(ledger), "--json")
    assert result["new"] == 2, result
    referrals = run.json("referral", "list", "--json")
    won = next(r for r in referrals if r["status"] == "won")
    assert won["giver"]["name"] == "Jörg Weiß"
    assert (won["value"], won["currency"]) == ("1200.50", "EUR")
    assert won["prospect"]["name"] == "Müller GmbH"
    other = next(r for r in referrals if r["status"] == "open")
    assert (other["value"], other["currency"]) == ("300", "EUR")


def test_utf8_bom_is_read(run: Cli, tmp_path: Path) -> None:
    ledger = write(tmp_path / "bom.csv", "\ufeff" + HEADER + ROWS)
    assert run.json("import", str(ledger), "--json")["new"] == 3


def test_bad_row_is_skipped_with_file_and_line(run: Cli, tmp_path: Path) -> None:
    text = HEADER + ROWS + "2024-13-45,referral,a@b.de,me,,open,,,\n" + "2024-07-01,gift,a@b.de,me,,,,,\n"
    ledger = write(tmp_path / "ledger.csv", text)
    result = run.json("import", str(ledger), "--json")
    assert (result["new"], result["skipped"]) == (3, 2)
    assert result["warnings"][0].startswith(f"{ledger}:5: skipped: not a date")
    assert result["warnings"][1].startswith(f"{ledger}:6: skipped: unknown kind 'gift'")


def test_truncated_csv_fails_with_one_line_and_leaves_store_unchanged(run: Cli, tmp_path: Path) -> None:
    run.ok("import", str(write(tmp_path / "good.csv", HEADER + ROWS)))
    before = store_content(run.db)
    truncated = write(tmp_path / "truncated.csv", HEADER + ROWS + '2024-07-01,referral,"anna@exa')
    result = run("import", str(truncated))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{truncated}:5:" in lines[0]
    assert "Traceback" not in result.output
    assert store_content(run.db) == before


def test_incomplete_last_row_is_truncation(run: Cli, tmp_path: Path) -> None:
    truncated = write(tmp_path / "cut.csv", HEADER + ROWS + "2024-07-01,referral,anna@exa")
    result = run("import", str(truncated))
    assert result.exit_code == 1
    assert f"{truncated}:5: the file is truncated" in result.stderr


def test_garbage_fails_and_store_stays_byte_identical_in_content(run: Cli, tmp_path: Path) -> None:
    run.ok("import", str(write(tmp_path / "good.csv", HEADER + ROWS)))
    before = store_content(run.db)
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(random.Random(7).randbytes(1 << 16))
    result = run("import", "--source", "ledger-csv", str(garbage))
    assert result.exit_code == 1
    assert str(garbage) in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert store_content(run.db) == before


def test_header_only_file_has_nothing_valid(run: Cli, tmp_path: Path) -> None:
    result = run("import", str(write(tmp_path / "empty.csv", HEADER)))
    assert result.exit_code == 1
    assert "no records found" in result.stderr


def test_one_failing_path_does_not_stop_the_others(run: Cli, tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", HEADER + ROWS)
    bad = write(tmp_path / "bad.csv", HEADER + '2024-01-01,referral,"x')
    result = run("import", str(bad), str(good), "--json")
    assert result.exit_code == 1
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    assert outputs[0]["path"] == str(bad) and "error" in outputs[0]
    assert outputs[1]["new"] == 3


def test_missing_path_and_unknown_source(run: Cli, tmp_path: Path) -> None:
    result = run("import", str(tmp_path / "nope.csv"))
    assert result.exit_code == 1 and "no such file" in result.stderr
    result = run("import", "--source", "nonesuch", str(write(tmp_path / "x.csv", HEADER + ROWS)))
    assert result.exit_code == 1 and "unknown source 'nonesuch'" in result.stderr


def test_list_sources_includes_the_ledger(run: Cli) -> None:
    sources = run.json("import", "--list-sources", "--json")
    ledger = next(s for s in sources if s["name"] == "ledger-csv")
    assert ledger["plugin"] == "netzwerker (built-in)"


def test_manual_referral_status_survives_reimport(run: Cli, tmp_path: Path) -> None:
    ledger = write(tmp_path / "ledger.csv", HEADER + ROWS)
    run.ok("import", str(ledger))
    referral = next(r for r in run.json("referral", "list", "--json") if r["giver"]["name"] == "anna@example.com")
    run.ok("referral", "update", str(referral["id"]), "--status", "lost")
    # the spreadsheet changes the note of that row: the record is "changed"
    write(ledger, HEADER + ROWS.replace("Brot für die Kantine", "Brot und Brötchen"))
    result = run.json("import", str(ledger), "--json")
    assert result["changed"] == 1
    after = next(r for r in run.json("referral", "list", "--json") if r["id"] == referral["id"])
    assert after["status"] == "lost"
    assert after["note"] == "Brot und Brötchen"


def test_store_file_is_private(run: Cli, tmp_path: Path) -> None:
    run.ok("import", str(write(tmp_path / "ledger.csv", HEADER + ROWS)))
    assert stat.S_IMODE(run.db.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1200", "1200"), ("1.200,50", "1200.50"), ("1,200.50", "1200.50"), ("1.200", "1200"), ("12,5", "12.5")],
)
def test_amounts(text: str, expected: str) -> None:
    from netzwerker.default_plugins._ledger_rows import parse_value

    value, _ = parse_value(text)
    assert str(value) == expected
