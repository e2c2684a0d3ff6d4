"""Fixtures for the XING plugin tests.

No real XING archive is public, so :func:`write_xing_archive` builds one as the
research describes it (../shared/research/xing.md §2): an HTML bundle with
CSVs under ``data/`` whose names are hashes; a headerless six-column messages
CSV with multi-line quoted bodies (some HTML) and CRLF line ends; German
headers in the network-inquiry CSVs.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from netzwerker.importers import ImportContext, Importer, Owner

REPO_ROOT = Path(__file__).resolve().parents[3]
SAMPLES = REPO_ROOT / ".." / "shared" / "samples"

MESSAGES_CSV = (
    '"Projektanfrage SAP-Migration","2019-03-04 08:15:00 UTC","Jürgen Müller,Anna Schmidt","","",""\r\n'
    '"","","","Jürgen Müller","2019-03-04 08:15:00 UTC","Hallo Anna,\r\n'
    "hast du Zeit für ein Projekt?\r\n"
    'Gruß, Jürgen"\r\n'
    '"","","","Anna Schmidt","2019-03-05 10:00:00 UTC","Hallo Jürgen,\r\ngerne! ""Ja"" sage ich."\r\n'
    '"Einladung: Consulting-Stammtisch","2020-01-10 12:00:00 UTC","Anna Schmidt,Petra Weber","","",""\r\n'
    '"","","","Petra Weber","2020-01-10 12:00:00 UTC","<html><body><p>Liebe Anna,</p>\r\n'
    '<p>ich lade dich ein: <a href=""/events/stammtisch-123"">Stammtisch</a></p></body></html>"\r\n'
    '"Workshop","2021-06-01 09:00:00 UTC","Anna Schmidt,Klaus Becker,Petra Weber","","",""\r\n'
    '"","","","Anna Schmidt","2021-06-01 09:00:00 UTC","Hallo zusammen"\r\n'
    '"Alter Kontakt","2015-02-01 10:00:00 UTC","Anna Schmidt","","",""\r\n'
    '"","","","Horst Alt","2015-02-01 10:00:00 UTC","Hallo Anna"\r\n'
    '"","","","Anna Schmidt","2015-02-02 11:30:00 UTC","Hallo Horst"\r\n'
    '"Weg","2016-05-05 10:00:00 UTC","Anna Schmidt","","",""\r\n'
    '"","","","Anna Schmidt","2016-05-05 10:00:00 UTC","Bist du noch da?"\r\n'
    '"Leere Unterhaltung","2017-01-01 10:00:00 UTC","Anna Schmidt,Jürgen Müller","","",""\r\n'
)
CONTACTS_CSV = (
    '"Name","Kontakt bestätigt am"\r\n'
    '"Jürgen Müller","2018-11-20 14:03:11 UTC"\r\n'
    '"Petra Weber","2019-12-01 08:00:00 UTC"\r\n'
    '"Klaus Becker",""\r\n'
)
NOTES_CSV = (
    '"Name","Erstellt am","Text der Notiz"\r\n'
    '"Anna Schmidt","2018-01-01 10:00:00 UTC","Mein Profil"\r\n'
    '"Jürgen Müller","2019-03-06 10:00:00 UTC","SAP-Experte,\r\nkennt den CIO von Firma X"\r\n'
    '"Ehemaliger Kollege","2017-05-05 10:00:00 UTC","war bei Y"\r\n'
)
UNKNOWN_CSV = '"Datum","Aktion"\r\n"2020-01-01","Profil angesehen"\r\n'

MESSAGES_PATH = "data/messages-backend/files/3f2a9c0d1e8b4a7f.csv"
CONTACTS_PATH = "data/network-inquiry/files/a81b6c2e9f.csv"
NOTES_PATH = "data/network-inquiry/files/c4d7e1f03b.csv"
UNKNOWN_PATH = "data/profile-views/files/77aa01.csv"


def archive_files(**overrides: str | bytes | None) -> dict[str, bytes]:
    """The fixture archive's files; ``overrides`` maps a path to new content (None drops it)."""
    files: dict[str, str | bytes | None] = {
        "index.html": "<html><body><h1>Deine Daten bei XING</h1></body></html>",
        "assets/logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        MESSAGES_PATH: MESSAGES_CSV,
        CONTACTS_PATH: CONTACTS_CSV,
        NOTES_PATH: NOTES_CSV,
        UNKNOWN_PATH: UNKNOWN_CSV,
    }
    files.update(overrides)
    encoded = {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}
    return {name: data for name, data in encoded.items() if data is not None}


def write_xing_archive(path: Path, files: dict[str, bytes] | None = None, *, as_zip: bool = True) -> Path:
    files = archive_files() if files is None else files
    if as_zip:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        return path
    for name, data in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return path


@pytest.fixture
def samples() -> Path:
    path = SAMPLES.resolve()
    assert path.is_dir(), f"shared samples not found at {path}"
    return path


@pytest.fixture
def xing_zip(tmp_path: Path) -> Path:
    return write_xing_archive(tmp_path / "xing_datenarchiv.zip")


@pytest.fixture
def xing() -> SimpleNamespace:
    """The archive builder and its parts (tests cannot import conftest in importlib mode)."""
    return SimpleNamespace(
        files=archive_files,
        write=write_xing_archive,
        messages_path=MESSAGES_PATH,
        contacts_path=CONTACTS_PATH,
        notes_path=NOTES_PATH,
        unknown_path=UNKNOWN_PATH,
        messages_csv=MESSAGES_CSV,
    )


@pytest.fixture
def run() -> Callable[..., tuple[list[Any], ImportContext]]:
    """Read a target with one of the plugin's importers: ``run(importer, target, owner=..., **options)``."""

    def read(importer: Importer, target: Path | str, owner: Owner | None = None, **options: object):
        context = ImportContext(owner=owner or Owner(), options=dict(options))
        return list(importer.read(str(target), context)), context

    return read
