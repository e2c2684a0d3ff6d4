"""The readers plugins share: CSV text as platforms and Excel write it, and archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from netzwerker.archive import Container
from netzwerker.errors import FormatError, LimitExceeded
from netzwerker.textfiles import CsvFile, sniff_encoding


def rows(data: bytes, **kwargs: object) -> list[tuple[int, dict[str, str]]]:
    return [(r.line, r.values) for r in CsvFile(io.BytesIO(data), "f.csv", **kwargs)]  # type: ignore[arg-type]


def test_utf16_tab_separated_as_linkedin_writes_it() -> None:
    data = "First Name\tLast Name\r\nJürgen\tMüller\r\n".encode("utf-16")
    assert sniff_encoding(data) == "utf-16"
    assert rows(data) == [(2, {"first name": "Jürgen", "last name": "Müller"})]


def test_cp1252_semicolons_and_preamble() -> None:
    data = 'Notes:\n"Some text, with comma"\n\nVorname;Nachname\nJörg;Weiß\n'.encode("cp1252")
    assert rows(data, is_header=lambda keys: "vorname" in keys) == [(5, {"vorname": "Jörg", "nachname": "Weiß"})]


def test_multiline_quoted_fields_keep_their_first_line_number() -> None:
    data = b'a,b\n1,"two\nlines"\n3,4\n'
    assert rows(data) == [(2, {"a": "1", "b": "two\nlines"}), (4, {"a": "3", "b": "4"})]


def test_headerless_file_with_given_columns_and_delimiter() -> None:
    data = b"x;y,z\n"
    assert rows(data, header=["A", "B"], delimiter=";") == [(1, {"a": "x", "b": "y,z"})]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"a,b\x00\x01\x02\n", "NUL bytes"),
        (b'a,b\n1,"open\n', "malformed CSV"),
        (b"a,b,c\n1,2,3\n4,5", "truncated"),
    ],
)
def test_unreadable_text_is_a_format_error(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        rows(data)


def test_header_not_found() -> None:
    with pytest.raises(FormatError, match="no header row"):
        rows(b"x,y\n1,2\n", is_header=lambda keys: "email" in keys)


def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_and_folder_list_the_same_members(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "x.zip", {"a.csv": b"1", "data/b.csv": b"22"})
    folder = tmp_path / "x"
    (folder / "data").mkdir(parents=True)
    (folder / "a.csv").write_bytes(b"1")
    (folder / "data" / "b.csv").write_bytes(b"22")
    for path in (archive, folder):
        with Container(path) as container:
            members = container.members()
            assert [(m.name, m.size) for m in members] == [("a.csv", 1), ("data/b.csv", 2)]
            with members[1].open() as stream:
                assert stream.read() == b"22"


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "x.zip", {"a.csv": b"x" * 10_000})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(archive.read_bytes()[:-30])
    with pytest.raises(FormatError, match="not a readable ZIP"):
        Container(cut)


def test_path_traversal_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "evil.zip", {"../../etc/passwd": b"x", "ok.csv": b"y"})
    with Container(archive) as container, pytest.raises(FormatError, match="path traversal"):
        container.members()


def test_bomb_is_refused(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "bomb.zip", {"big.csv": b"\0" * (20 << 20)})
    with Container(archive) as container, pytest.raises(LimitExceeded, match="compression bomb"):
        container.members()


def test_member_larger_than_its_bound_stops_reading(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "x.zip", {"a.csv": b"abc" * 1000})
    with Container(archive, max_member_bytes=100_000) as container:
        [member] = container.members()
    small = Container(archive, max_member_bytes=1000)
    with pytest.raises(LimitExceeded), small.open_member(member) as stream:
        stream.read()
