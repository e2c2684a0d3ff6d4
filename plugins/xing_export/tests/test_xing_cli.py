"""End to end through the CLI: import, re-import, reciprocity counts, failures leave the store unchanged."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from netzwerker.cli import cli


@pytest.fixture
def nw(tmp_path):
    db = tmp_path / "store.db"

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["--db", str(db), *args])

    return invoke


def _import(nw, path) -> dict:
    result = nw("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def test_archive_import_is_idempotent_and_counts_messages_per_direction(nw, xing_zip):
    first = _import(nw, xing_zip)
    assert first["source"] == "xing"
    assert first["new"] == first["records"] == 13
    again = _import(nw, xing_zip)
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 13)
    result = nw("report", "reciprocity", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["me"]["name"] == "Anna Schmidt"
    counts = {p["person"]["name"]: (p["to_me"]["message"], p["from_me"]["message"]) for p in report["people"]}
    assert counts == {"Jürgen Müller": (1, 1), "Petra Weber": (1, 1), "Klaus Becker": (0, 1), "Horst Alt": (1, 1)}


def test_a_broken_archive_exits_1_and_leaves_the_store_unchanged(nw, xing, xing_zip, tmp_path):
    _import(nw, xing_zip)
    before = nw("people", "list", "--json").output
    cut = tmp_path / "cut.zip"
    data = xing_zip.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    result = nw("import", str(cut))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert str(cut) in result.output
    broken_csv = xing.messages_csv + '"","","","Petra Weber","2022-01-01 10:00:00 UTC","offenes Zitat\r\n'
    broken = xing.write(
        tmp_path / "broken.zip",
        xing.files(
            **{
                xing.messages_path: broken_csv,
                xing.contacts_path: ('"Name","Kontakt bestätigt am"\r\n"Neu Person","2022-02-02 10:00:00 UTC"\r\n'),
            }
        ),
    )
    result = nw("import", str(broken))
    assert result.exit_code == 1
    assert xing.messages_path in result.output
    assert nw("people", "list", "--json").output == before


def test_vcard_folder_import_is_idempotent(nw, samples):
    first = _import(nw, samples / "vcard")
    assert first["source"] == "vcard"
    assert first["new"] == first["records"] == 26
    again = _import(nw, samples / "vcard")
    assert (again["new"], again["changed"]) == (0, 0)
    people = json.loads(nw("people", "list", "--json").output)
    emails = {e for p in people for e in p["emails"]}
    assert {"asmithk@gmail.com", "simon.perreault@viagenie.ca", "dummy.dummy@dummy.com"} <= emails


def test_a_vcard_with_only_a_broken_card_exits_1_with_one_line(nw, tmp_path):
    path = tmp_path / "cut.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Halb\r\n")
    result = nw("import", str(path))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"{path}: no readable vCard: card 1: END:VCARD missing" in result.output
