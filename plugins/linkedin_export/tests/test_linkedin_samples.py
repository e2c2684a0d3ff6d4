"""The real sample files in ../shared/samples/linkedin import without error, with known counts.

Expected numbers come from the files themselves (rows per file, drafts, senders),
checked independently with the csv module where a count is not plain to see.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from netzwerker.errors import FormatError
from netzwerker_linkedin_export.plugin import LinkedInExportImporter

SILKYRICH_RENAMES = {"messages.first150.csv": "messages.csv"}


def _me_actor(records: list, kind: str) -> int:
    return sum(1 for r in records if getattr(r, "kind", None) == kind and r.actor.me)


def _me_target(records: list, kind: str) -> int:
    return sum(1 for r in records if getattr(r, "kind", None) == kind and any(t.me for t in r.targets))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kawsay__Connections.csv", {"person": 2, "connection": 2}),
        ("labeldekho__Connections.csv", {"person": 10, "connection": 10}),
        ("silkyrich__Connections.csv", {"person": 2000, "connection": 2000}),
        ("yangdb__Connections.csv", {"person": 1869, "connection": 1869}),
        ("silkyrich__Endorsement_Given_Info.csv", {"endorsement": 1500}),
        ("silkyrich__Endorsement_Received_Info.csv", {"endorsement": 700}),
        ("silkyrich__Invitations.csv", {"person": 1, "invitation": 162}),
        ("yangdb__Invitations.csv", {"person": 1, "invitation": 20}),
        ("silkyrich__Recommendations_Given.csv", {"recommendation": 21}),
        ("silkyrich__Recommendations_Received.csv", {"recommendation": 27}),
        ("silkyrich__Profile.csv", {"person": 1}),
        ("silkyrich__messages.first150.csv", {"person": 1, "message": 148}),
        ("yangdb__Messages.csv", {"person": 1, "message": 20}),
        ("labeldekho__Messages.csv", {"person": 1, "message": 11}),
        ("kawsay__messages.csv", {"message": 2}),
    ],
)
def test_single_sample_files(samples, run_import, kinds, name, expected):
    path = samples / name
    assert LinkedInExportImporter().detect(str(path)) >= 0.85
    records, context = run_import(path)
    assert dict(kinds(records)) == expected
    assert not [w for w in context.warnings if "skipped: invalid" in w]


def test_sample_skips_are_counted_not_hidden(samples, run_import):
    _, context = run_import(samples / "silkyrich__messages.first150.csv")
    assert context.skipped_by_reason == {"draft": 2}
    _, context = run_import(samples / "kawsay__messages.csv")
    # the trailing "BADROW" line is a bad record in a good file: skipped with file and line
    assert context.skipped == 1
    assert any("kawsay__messages.csv:5" in w for w in context.warnings)


@pytest.mark.parametrize(
    "name",
    [
        "silkyrich__Company Follows.csv",
        "silkyrich__Events.csv",
        "silkyrich__Rich_Media.csv",
        "silkyrich__Skills.csv",
        "kawsay__Rich_Media.csv",
        "yangdb__Skills.csv",
    ],
)
def test_files_without_people_are_not_claimed(samples, name):
    importer = LinkedInExportImporter()
    assert importer.detect(str(samples / name)) == 0.0
    with pytest.raises(FormatError, match="not a LinkedIn export file"):
        list(importer.read(str(samples / name), __import__("netzwerker").ImportContext()))


def test_recommendations_without_direction_are_refused_with_a_warning(samples, run_import):
    records, context = run_import(samples / "yangdb__Recommendations.csv")
    assert records == []
    assert any("cannot tell given from received" in w for w in context.warnings)


def _silkyrich_expectations(samples: Path) -> dict[str, int]:
    with (samples / "silkyrich__messages.first150.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["IS MESSAGE DRAFT"] != "true"]
    return {
        "messages": len(rows),
        "messages_from_me": sum(r["FROM"] == "Ada Byron-Lovelace" for r in rows),
    }


@pytest.mark.parametrize("as_zip", [False, True])
def test_silkyrich_full_export(samples, tmp_path, run_import, kinds, export_from_samples, zip_folder, as_zip):
    folder = export_from_samples("silkyrich", tmp_path / "Complete_LinkedInDataExport_04-17-2026", SILKYRICH_RENAMES)
    target = zip_folder(folder, tmp_path / "Complete_LinkedInDataExport_04-17-2026.zip") if as_zip else folder
    assert LinkedInExportImporter().detect(str(target)) >= 0.9
    records, context = run_import(target)
    expected = _silkyrich_expectations(samples)
    assert dict(kinds(records)) == {
        "person": 2001,  # 2000 connections + the owner
        "connection": 2000,
        "invitation": 162,
        "endorsement": 2200,
        "recommendation": 48,
        "message": expected["messages"],
    }
    owner = next(r for r in records if r.type == "person" and r.person.me)
    assert owner.person.name == "Ada Byron-Lovelace"
    assert owner.person.linkedin == "https://www.linkedin.com/in/fake-ada-byron-lovelace"
    assert owner.organization is None  # every role in Positions.csv has a "Finished On": no current employer
    assert _me_actor(records, "message") == expected["messages_from_me"]
    assert _me_target(records, "message") == expected["messages"] - expected["messages_from_me"]
    assert _me_actor(records, "invitation") == 85 and _me_target(records, "invitation") == 77
    assert _me_actor(records, "endorsement") == 1500 and _me_target(records, "endorsement") == 700
    assert _me_actor(records, "recommendation") == 21 and _me_target(records, "recommendation") == 27
    # guide_messages.csv (an AI guide, not people) and the files without people are not read
    assert not any("guide_messages" in (r.file or "") for r in records)
    assert context.warnings == []


def test_yangdb_export_folder(samples, tmp_path, run_import, kinds, export_from_samples):
    folder = export_from_samples("yangdb", tmp_path / "export")
    records, context = run_import(folder)
    assert dict(kinds(records)) == {"person": 1870, "connection": 1869, "invitation": 20, "message": 20}
    assert _me_actor(records, "message") == 9  # the FROM "You" rows
    assert _me_target(records, "message") == 11
    # Recommendations.csv is not a real export name: without Given/Received its direction is unknown
    assert any("Recommendations.csv" in w and "given from received" in w for w in context.warnings)
