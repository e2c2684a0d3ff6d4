"""Unreadable inputs fail with one FormatError naming the file; bad rows and odd files only warn."""

from __future__ import annotations

import zipfile

import pytest
from netzwerker.errors import FormatError


def _export_zip(path, members: dict[str, str]):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "".join(
    f"Person{i},Test,https://www.linkedin.com/in/p{i},,Firm,Role,05 Mar 2024\n" for i in range(300)
)


def test_truncated_zip(tmp_path, run_import):
    good = _export_zip(tmp_path / "good.zip", {"Connections.csv": CONNECTIONS, "Invitations.csv": "From,To\n"})
    truncated = tmp_path / "Complete_LinkedInDataExport_01-02-2025.zip"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(FormatError) as info:
        run_import(truncated)
    assert str(truncated) in str(info.value) and "\n" not in str(info.value)


def test_binary_garbage_csv(tmp_path, run_import):
    garbage = tmp_path / "Connections.csv"
    garbage.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(FormatError, match=r"Connections\.csv"):
        run_import(garbage)


def test_path_traversal_entry_refuses_the_archive(tmp_path, run_import):
    path = _export_zip(
        tmp_path / "Basic_LinkedInDataExport_01-02-2025.zip", {"Connections.csv": CONNECTIONS, "../../evil.csv": "x\n"}
    )
    with pytest.raises(FormatError, match="path traversal"):
        run_import(path)


def test_truncated_last_row(tmp_path, run_import):
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS + 'Cut,Off,"https://www.linkedin.com/in/cut', encoding="utf-8")
    with pytest.raises(FormatError, match=r"Connections\.csv"):
        run_import(path)


def test_zip_without_export_files(tmp_path, run_import):
    path = _export_zip(tmp_path / "other.zip", {"notes.txt": "hello"})
    with pytest.raises(FormatError, match="no LinkedIn export files"):
        run_import(path)


def test_file_without_expected_columns_is_named_in_a_warning(tmp_path, run_import, kinds):
    path = _export_zip(
        tmp_path / "Complete_LinkedInDataExport_01-02-2025.zip",
        {"Connections.csv": CONNECTIONS, "Invitations.csv": "Who,Whom,When\nA,B,C\n", "Profile.csv": ""},
    )
    records, context = run_import(path)
    assert kinds(records)["connection"] == 300
    assert any("Invitations.csv" in w and "expected columns" in w for w in context.warnings)
    assert any("Profile.csv" in w and "empty file" in w for w in context.warnings)


def test_bad_record_in_good_file_is_skipped_with_file_and_line(tmp_path, run_import):
    path = tmp_path / "Invitations.csv"
    path.write_text(
        "From,To,Sent At,Message,Direction\n"
        'Ich Selbst,Bob Brown,"3/5/24, 4:07 PM",,OUTGOING\n'
        'Carla Cruz,Eva Roth,"3/6/24, 4:07 PM",,SIDEWAYS\n',
        encoding="utf-8",
    )
    records, context = run_import(path)
    assert len([r for r in records if r.type == "interaction"]) == 1
    assert context.warnings == [f"{path}:3: skipped: invitation direction 'SIDEWAYS' unknown"]
