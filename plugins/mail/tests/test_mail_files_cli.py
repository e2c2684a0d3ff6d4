"""Real sample messages, Maildir/.eml, and the CLI end to end (import twice, garbage, counts)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from netzwerker.cli import cli
from netzwerker.importers import ImportContext
from netzwerker.records import InteractionRecord, PersonRecord
from netzwerker_mail.plugin import MailFilesImporter, MboxImporter

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "samples" / "mail"

# What each real message is (see shared/samples/mail/SOURCES.md).
EXPECTED = {
    "cpython/msg_02.txt": "mailing list",  # Mailman digest
    "cpython/msg_16.txt": "bounce",  # DSN from postmaster, Return-Path <>, also list headers
    "cpython/msg_43.txt": "bounce",  # multipart/report delivery-status, From MAILER DAEMON <>
    "cpython/msg_46.txt": "human",  # GroupWise forward
    "flanker/bounce_gmail-invalid-address.eml": "bounce",
    "flanker/disposition-notification.eml": "receipt",
    "flanker/encoded-header.eml": "human",
    "flanker/from-encoding.eml": "mailing list",  # Precedence: bulk, list reply-to
    "flanker/mailformed-headers.eml": "human",  # broken raw UTF-8, still readable
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_samples_are_classified(name):
    path = SAMPLES / name
    importer = MboxImporter() if path.read_bytes().startswith(b"From ") else MailFilesImporter()
    ctx = ImportContext()
    records = [r for r in importer.read(str(path), ctx) if isinstance(r, InteractionRecord)]
    if EXPECTED[name] == "human":
        assert len(records) == 1 and records[0].kind == "message" and ctx.skipped == 0
    else:
        assert records == [] and ctx.skipped_by_reason == {EXPECTED[name]: 1}
    assert ctx.warnings == []


def test_real_sample_names_are_decoded():
    ctx = ImportContext()
    encoded = list(MailFilesImporter().read(str(SAMPLES / "flanker/encoded-header.eml"), ctx))
    assert encoded[0].actor.name == "Foo, Bar"
    broken = list(MailFilesImporter().read(str(SAMPLES / "flanker/mailformed-headers.eml"), ctx))
    assert broken[0].actor.name.startswith("Юникод")
    assert broken[0].actor.emails == ("headers@gmail.com",)


def _eml(sender: str, to: str, msgid: str, subject: str = "Hallo") -> bytes:
    return (
        f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Mon, 06 Jan 2020 10:00:00 +0100\r\n"
        f"Message-ID: <{msgid}>\r\n\r\nbody\r\n"
    ).encode()


def _maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp", ".Sent/cur", ".Sent/new", ".Drafts/cur", ".Junk/cur"):
        (root / sub).mkdir(parents=True)
    (root / "cur/1578301200.1.host:2,S").write_bytes(_eml("Anna <anna@example.com>", "me@example.org", "m1@x"))
    (root / "new/1578301300.2.host").write_bytes(_eml("Bob <bob@example.net>", "me@example.org", "m2@x"))
    (root / ".Sent/cur/1578301400.3.host:2,S").write_bytes(_eml("Me <me@example.org>", "anna@example.com", "m3@x"))
    (root / ".Drafts/cur/1578301500.4.host:2,D").write_bytes(_eml("me@example.org", "bob@example.net", "d@x"))
    (root / ".Junk/cur/1578301600.5.host:2,").write_bytes(_eml("spam@spam.example", "me@example.org", "s@x"))
    (root / "cur/1578301700.6.host:2,ST").write_bytes(_eml("carl@example.com", "me@example.org", "t@x"))
    return root


def test_maildir_tree(tmp_path):
    root = _maildir(tmp_path / "Maildir")
    assert MailFilesImporter().detect(str(root)) >= 0.9
    ctx = ImportContext()
    records = list(MailFilesImporter().read(str(root), ctx))
    messages = [r for r in records if isinstance(r, InteractionRecord)]
    assert sorted(r.key for r in messages) == ["mid:m1@x", "mid:m2@x", "mid:m3@x"]
    sent = next(r for r in messages if r.key == "mid:m3@x")
    # learned from the Sent folder: an owner record ties the address to "me"
    owners = [r for r in records if isinstance(r, PersonRecord) and r.person.me]
    assert [r.person.emails for r in owners] == [sent.actor.emails]
    assert ctx.skipped_by_reason == {"draft": 1, "spam": 1, "trash": 1}


def test_folder_of_eml_files(tmp_path):
    (tmp_path / "a.eml").write_bytes(_eml("anna@example.com", "me@example.org", "e1@x"))
    (tmp_path / "b.eml").write_bytes(_eml("bob@example.net", "me@example.org", "e2@x"))
    (tmp_path / "notes.txt").write_text("not mail")
    assert MailFilesImporter().detect(str(tmp_path)) > 0.5
    records = list(MailFilesImporter().read(str(tmp_path), ImportContext()))
    assert len(records) == 2


def test_eml_that_is_not_mail_is_a_format_error(tmp_path):
    from netzwerker.errors import FormatError

    path = tmp_path / "x.eml"
    path.write_bytes(b"\x00\x01garbage" * 100)
    with pytest.raises(FormatError):
        list(MailFilesImporter().read(str(path), ImportContext()))


# -- CLI end to end ------------------------------------------------------------------


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def _takeout(path: Path) -> Path:
    def one(sender: str, to: str, msgid: str, labels: str, extra: str = "") -> str:
        return (
            f"From 1@xxx Mon Jan 06 04:49:45 +0000 2020\nX-GM-THRID: 77\nX-Gmail-Labels: {labels}\n"
            f"From: {sender}\nTo: {to}\nSubject: Projekt\nDate: Mon, 06 Jan 2020 10:00:00 +0100\n"
            f"Message-ID: <{msgid}>\n{extra}\nbody\n\n"
        )

    path.write_text(
        one("Anna Alt <anna@example.com>", "me@example.org", "t1@x", "Inbox", "Delivered-To: me@example.org\n")
        + one("Me <me@example.org>", "anna@example.com, Bob <bob@example.net>", "t2@x", "Sent")
        + one("Anna Alt <anna@example.com>", "me@example.org", "t3@x", "Inbox")
        + one("News <news@shop.example>", "me@example.org", "t4@x", "Inbox", "List-Id: <news.shop.example>\n")
        + one("Anna Alt <anna@example.com>", "me@example.org", "t1@x", "Important")  # same message again
    )
    return path


def test_cli_import_twice_adds_nothing_and_counts_messages(tmp_path):
    db = str(tmp_path / "s.db")
    path = _takeout(tmp_path / "mail.mbox")
    code, out, err = _invoke("--db", db, "import", str(path), "--json")
    assert code == 0, err
    first = json.loads(out.splitlines()[0])
    assert first["source"] == "mbox" and first["new"] >= 3 and first["skipped"] == 1
    code, out, err = _invoke("--db", db, "import", str(path), "--json")
    assert code == 0, err
    again = json.loads(out.splitlines()[0])
    assert again["new"] == 0 and again["changed"] == 0

    code, out, err = _invoke("--db", db, "report", "reciprocity", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    people = {p["person"]["emails"][0]: p for p in report["people"] if p["person"]["emails"]}
    assert people["anna@example.com"]["to_me"]["message"] == 2
    assert people["anna@example.com"]["from_me"]["message"] == 1
    assert people["bob@example.net"]["from_me"]["message"] == 1
    assert "news@shop.example" not in people


def test_cli_garbage_exits_1_with_one_line_and_leaves_store_unchanged(tmp_path):
    db = tmp_path / "s.db"
    good = _takeout(tmp_path / "mail.mbox")
    assert _invoke("--db", str(db), "import", str(good))[0] == 0
    before = _dump(db)
    garbage = tmp_path / "broken.mbox"
    garbage.write_bytes(b"PK\x03\x04 this is not a mailbox \x00\xff" * 50)
    code, _out, err = _invoke("--db", str(db), "import", str(garbage))
    assert code == 1
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and str(garbage) in lines[0] and "Traceback" not in err
    assert _dump(db) == before


def _dump(db: Path) -> list[tuple[str, list[tuple[object, ...]]]]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table' order by name")]
        skip = {"import_runs", "runs", "sqlite_sequence"}
        return [(t, sorted(map(repr, conn.execute(f'select * from "{t}"')))) for t in tables if t not in skip]


def test_folder_of_txt_and_suffixless_messages_is_detected(tmp_path):
    """Messages saved one per file as .txt or without a suffix (as archives and test corpora keep them)."""
    import shutil

    from netzwerker_mail.plugin import MailFilesImporter

    folder = tmp_path / "saved"
    folder.mkdir()
    for sample in sorted((SAMPLES / "cpython").glob("*.txt")):
        shutil.copy(sample, folder / sample.name)
    shutil.copy(SAMPLES / "cpython" / "msg_46.txt", folder / "1234")
    (folder / "notes.txt").write_text("not a mail at all\n")
    assert MailFilesImporter().detect(str(folder)) == 0.5
    records = list(MailFilesImporter().read(str(folder), ImportContext()))
    keys = [r.key for r in records if isinstance(r, InteractionRecord)]
    assert len(keys) == len(set(keys)) > 0  # the copy under "1234" is the same message: counted once


def test_apple_mail_export_folders_are_recognised(tmp_path):
    """Apple Mail exports each mailbox as a folder "Name.mbox" holding a file "mbox" (and an index)."""
    export = tmp_path / "Export"
    for folder, message in (
        ("INBOX.mbox", "From: Anna <anna@example.com>\nTo: me@example.org\nMessage-ID: <a1@x>\n"),
        ("Sent Messages.mbox", "From: Me <me2@example.org>\nTo: anna@example.com\nMessage-ID: <a2@x>\n"),
    ):
        (export / folder).mkdir(parents=True)
        separator = "From x@y Mon Jan  6 10:00:00 2020\n"
        (export / folder / "mbox").write_text(f"{separator}{message}Date: Mon, 6 Jan 2020 10:00:00 +0100\n\nHi\n")
        (export / folder / "Info.plist").write_text("<plist/>")
        (export / folder / "table_of_contents").write_bytes(b"\x00\x01binary index")
    db = str(tmp_path / "s.db")
    code, out, err = _invoke("--db", db, "import", str(export), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["source"] == "mbox" and summary["skipped"] == 0
    code, out, err = _invoke("--db", db, "me", "show", "--json")
    assert "me2@example.org" in out  # learned from the Sent Messages folder
