"""End to end through the CLI: idempotent re-import, incremental newer export, clean failures."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner
from netzwerker.cli import cli

SILKYRICH_RENAMES = {"messages.first150.csv": "messages.csv"}


@pytest.fixture
def nw(tmp_path):
    db = tmp_path / "store.db"

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["--db", str(db), *args])

    return invoke


def _import(nw, path):
    result = nw("import", str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output.strip().splitlines()[-1])


def _people(nw):
    result = nw("people", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_reimport_adds_nothing_and_newer_export_adds_only_new_rows(tmp_path, nw, export_from_samples, zip_folder):
    old = export_from_samples("silkyrich", tmp_path / "old", SILKYRICH_RENAMES)
    first = _import(nw, zip_folder(old, tmp_path / "Complete_LinkedInDataExport_01-01-2026.zip"))
    assert first["source"] == "linkedin-export" and first["new"] == first["records"] > 6000
    again = _import(nw, zip_folder(old, tmp_path / "Complete_LinkedInDataExport_01-02-2026.zip"))
    assert again["new"] == 0 and again["changed"] == 0 and again["unchanged"] == first["records"]
    # A newer export: two new connections (at the top, as LinkedIn sorts newest first) and one
    # new message; every older line shifts, which must not matter.
    newer = export_from_samples("silkyrich", tmp_path / "newer", SILKYRICH_RENAMES)
    connections = (newer / "Connections.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header_at = next(i for i, line in enumerate(connections) if line.startswith("First Name,"))
    connections[header_at + 1 : header_at + 1] = [
        "Emmy,Noether,https://www.linkedin.com/in/emmy-noether,,Erlangen,Professor,02 Jan 2026\n",
        "Lise,Meitner,https://www.linkedin.com/in/lise-meitner,,KWI,Physicist,01 Jan 2026\n",
    ]
    (newer / "Connections.csv").write_text("".join(connections), encoding="utf-8")
    with (newer / "messages.csv").open("a", encoding="utf-8") as f:
        f.write(
            "conv-new,,Emmy Noether,https://www.linkedin.com/in/emmy-noether,Ada Byron-Lovelace,"
            "https://www.linkedin.com/in/fake-ada-byron-lovelace,2026-01-03 09:00:00 UTC,Hello,Hi Ada,INBOX,,false\n"
        )
    result = _import(nw, zip_folder(newer, tmp_path / "Complete_LinkedInDataExport_02-01-2026.zip"))
    assert result["new"] == 2 * 2 + 1  # a person record and a connection per new contact, one message
    assert result["changed"] == 0


def test_counts_in_the_reciprocity_report(tmp_path, nw, export_from_samples):
    folder = export_from_samples("silkyrich", tmp_path / "export", SILKYRICH_RENAMES)
    _import(nw, folder)
    result = nw("report", "reciprocity", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["me"]["name"] == "Ada Byron-Lovelace"
    total = {"to_me": {}, "from_me": {}}
    for row in report["people"]:
        for side in total:
            for kind, count in row[side].items():
                total[side][kind] = total[side].get(kind, 0) + count
    assert total["to_me"]["endorsement"] == 700 and total["from_me"]["endorsement"] == 1500
    assert total["to_me"]["invitation"] == 77 and total["from_me"]["invitation"] == 85
    assert total["to_me"]["recommendation"] == 27 and total["from_me"]["recommendation"] == 21
    assert total["to_me"]["message"] + total["from_me"]["message"] == 148


def _unchanged_after_failure(nw, tmp_path, export_from_samples, bad_path, expected_text):
    _import(nw, export_from_samples("silkyrich", tmp_path / "export", SILKYRICH_RENAMES))
    before = _people(nw)
    result = nw("import", str(bad_path))
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and expected_text in lines[0] and "Traceback" not in result.output
    assert _people(nw) == before


def test_truncated_zip_fails_cleanly(tmp_path, nw, export_from_samples, zip_folder):
    good = zip_folder(export_from_samples("silkyrich", tmp_path / "z", SILKYRICH_RENAMES), tmp_path / "good.zip")
    bad = tmp_path / "Complete_LinkedInDataExport_03-01-2026.zip"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    _unchanged_after_failure(nw, tmp_path, export_from_samples, bad, bad.name)


def test_garbage_csv_fails_cleanly(tmp_path, nw, export_from_samples):
    bad = tmp_path / "Connections.csv"
    bad.write_bytes(b"\x00\x01\x02garbage\xff\xfe" * 500)
    result = nw("import", "--source", "linkedin-export", str(bad))
    assert result.exit_code == 1 and "Connections.csv" in result.output and "Traceback" not in result.output


def test_path_traversal_zip_fails_cleanly(tmp_path, nw, export_from_samples):
    bad = tmp_path / "Complete_LinkedInDataExport_04-01-2026.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("Connections.csv", "First Name,Last Name,Connected On\nA,B,05 Mar 2024\n")
        archive.writestr("../escape.csv", "x\n")
    _unchanged_after_failure(nw, tmp_path, export_from_samples, bad, "path traversal")
