"""The XING GDPR archive reader, on a fixture archive built like the real one."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from netzwerker.errors import FormatError
from netzwerker.importers import Owner
from netzwerker.records import InteractionRecord, PersonRecord
from netzwerker_xing_export.plugin import VcardImporter, XingArchiveImporter

ARCHIVE = XingArchiveImporter()


def _label(ref) -> str:
    return "me" if ref.me else ref.name


def _messages(records):
    return [r for r in records if isinstance(r, InteractionRecord) and r.kind == "message"]


def test_detects_zip_folder_and_not_other_things(xing, xing_zip, tmp_path, samples):
    folder = xing.write(tmp_path / "unpacked", as_zip=False)
    assert ARCHIVE.detect(str(xing_zip)) >= 0.9
    assert ARCHIVE.detect(str(folder)) >= 0.9
    assert ARCHIVE.detect(str(samples / "vcard")) == 0.0
    assert VcardImporter().detect(str(xing_zip)) == 0.0
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("data/other.csv", "a,b\n1,2\n")
    assert ARCHIVE.detect(str(plain)) == 0.0


def test_messages_have_sender_and_direction_relative_to_the_owner(xing_zip, run):
    records, context = run(ARCHIVE, xing_zip)
    got = sorted((_label(m.actor), tuple(sorted(_label(t) for t in m.targets)), m.subject) for m in _messages(records))
    assert got == sorted(
        [
            ("Jürgen Müller", ("me",), "Projektanfrage SAP-Migration"),
            ("me", ("Jürgen Müller",), "Projektanfrage SAP-Migration"),
            ("Petra Weber", ("me",), "Einladung: Consulting-Stammtisch"),
            ("me", ("Klaus Becker", "Petra Weber"), "Workshop"),
            # the other side was deactivated and dropped from the participants, but still sent a message
            ("Horst Alt", ("me",), "Alter Kontakt"),
            ("me", ("Horst Alt",), "Alter Kontakt"),
        ]
    )
    # a message to a conversation whose only other member is gone has no recipient: noise, not a warning
    assert context.skipped_by_reason == {"xing message: recipient deactivated": 1}
    first = next(m for m in _messages(records) if m.actor.name == "Jürgen Müller")
    assert first.occurred_at == dt.datetime(2019, 3, 4, 8, 15, tzinfo=dt.UTC)
    assert first.channel == "xing"
    assert first.line == 2
    assert first.file.endswith("!data/messages-backend/files/3f2a9c0d1e8b4a7f.csv")


def test_people_are_named_by_display_name_only(xing_zip, run):
    records, _ = run(ARCHIVE, xing_zip)
    for record in records:
        refs = [record.person] if isinstance(record, PersonRecord) else [record.actor, *record.targets]
        for ref in refs:
            assert not (ref.emails or ref.linkedin or ref.xing or ref.phones)
            assert ref.me or ref.name


def test_owner_is_recognised_and_gets_their_own_note(xing_zip, run):
    records, _ = run(ARCHIVE, xing_zip)
    owner = [r for r in records if isinstance(r, PersonRecord) and r.person.me]
    assert len(owner) == 1
    assert owner[0].person.name == "Anna Schmidt"
    assert owner[0].note == "Mein Profil"
    assert not any(isinstance(r, PersonRecord) and r.person.name == "Anna Schmidt" and not r.person.me for r in records)


def test_contacts_connection_dates_and_notes(xing_zip, run):
    records, _ = run(ARCHIVE, xing_zip)
    people = {r.person.name: r for r in records if isinstance(r, PersonRecord) and not r.person.me}
    assert set(people) == {"Jürgen Müller", "Petra Weber", "Klaus Becker", "Ehemaliger Kollege"}
    assert people["Jürgen Müller"].note == "SAP-Experte,\nkennt den CIO von Firma X"
    assert people["Ehemaliger Kollege"].note == "war bei Y"
    assert people["Petra Weber"].note is None
    connections = {r.actor.name: r for r in records if isinstance(r, InteractionRecord) and r.kind == "connection"}
    # Klaus Becker has no confirmation date: a contact, but no connection event
    assert set(connections) == {"Jürgen Müller", "Petra Weber"}
    assert connections["Jürgen Müller"].occurred_at == dt.datetime(2018, 11, 20, 14, 3, 11, tzinfo=dt.UTC)
    assert all(c.targets[0].me for c in connections.values())


def test_unknown_csv_is_named_in_a_warning_not_a_failure(xing_zip, run):
    _, context = run(ARCHIVE, xing_zip)
    assert len(context.warnings) == 1
    assert "1 CSV file(s) not recognised" in context.warnings[0]
    assert "data/profile-views/files/77aa01.csv" in context.warnings[0]


def test_keys_are_stable_unique_and_equal_for_zip_and_folder(xing, xing_zip, tmp_path, run):
    first, _ = run(ARCHIVE, xing_zip)
    again, _ = run(ARCHIVE, xing_zip)
    folder, _ = run(ARCHIVE, xing.write(tmp_path / "unpacked", as_zip=False))
    keys = [r.key for r in first]
    assert len(keys) == len(set(keys))
    assert [r.model_dump() for r in again] == [r.model_dump() for r in first]
    assert [r.model_dump() for r in folder] == [r.model_dump() for r in first]


def test_file_names_do_not_matter_only_content(xing, tmp_path, run):
    files = xing.files()
    renamed = {
        name.replace("messages-backend", "x").replace("network-inquiry", "y"): data for name, data in files.items()
    }
    records, _ = run(ARCHIVE, xing.write(tmp_path / "renamed.zip", renamed))
    assert len(_messages(records)) == 6


def test_bodies_are_not_stored_unless_asked(xing_zip, run):
    records, _ = run(ARCHIVE, xing_zip)
    assert all(m.body is None for m in _messages(records))
    records, _ = run(ARCHIVE, xing_zip, store_bodies=True)
    bodies = {m.actor.name: m.body for m in _messages(records) if not m.actor.me}
    assert bodies["Jürgen Müller"] == "Hallo Anna,\r\nhast du Zeit für ein Projekt?\r\nGruß, Jürgen"
    # HTML becomes text; relative links resolve against xing.com
    assert bodies["Petra Weber"] == (
        "Liebe Anna,\n\nich lade dich ein: Stammtisch (https://www.xing.com/events/stammtisch-123)"
    )


def test_known_owner_name_wins_even_with_one_conversation(xing, tmp_path, run):
    one = (
        '"Hallo","2019-03-04 08:15:00 UTC","Jürgen Müller,Anna Schmidt","","",""\r\n'
        '"","","","Jürgen Müller","2019-03-04 08:15:00 UTC","Hi"\r\n'
    )
    dropped = {xing.contacts_path: None, xing.notes_path: None, xing.unknown_path: None}
    files = xing.files(**{xing.messages_path: one, **dropped})
    target = xing.write(tmp_path / "one.zip", files)
    records, context = run(ARCHIVE, target)
    assert _messages(records) == []
    assert "could not tell which name is yours" in context.warnings[0]
    assert context.skipped_by_reason == {"xing message: owner unknown": 1}
    records, _ = run(ARCHIVE, target, owner=Owner(names=frozenset({"Anna Schmidt"})))
    (message,) = _messages(records)
    assert message.actor.name == "Jürgen Müller"
    assert [t.me for t in message.targets] == [True]


def test_bad_rows_are_skipped_with_file_and_line(xing, tmp_path, run):
    broken = xing.messages_csv + '"","","","Petra Weber","2022-01-01 10:00:00 UTC","x","7th column"\r\n'
    broken += '"","","","Petra Weber","gestern","kaputt"\r\n'
    target = xing.write(tmp_path / "bad.zip", xing.files(**{xing.messages_path: broken}))
    records, context = run(ARCHIVE, target)
    assert len(_messages(records)) == 6
    skipped = [w for w in context.warnings if ": skipped: " in w]
    assert len(skipped) == 2
    assert f"{xing.messages_path}:18: skipped: expected 6 columns" in skipped[0]
    assert f"{xing.messages_path}:19: skipped: message row without sender or with a bad time" in skipped[1]


def test_a_single_contacts_csv_is_readable(xing, tmp_path, run):
    csv_file = tmp_path / "a81b6c2e9f.csv"
    csv_file.write_bytes(xing.files()[xing.contacts_path])
    assert ARCHIVE.detect(str(csv_file)) >= 0.9
    records, _ = run(ARCHIVE, csv_file)
    assert sum(isinstance(r, PersonRecord) for r in records) == 3


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("truncated.zip", None, "not a readable ZIP archive"),
        ("garbage.zip", b"\x00\x01\x02garbage" * 1000, "not a readable ZIP archive"),
        ("nothing.zip", {"index.html": b"<html></html>", "data/x/1.csv": b'"A","B"\r\n"1","2"\r\n'}, "no XING data"),
    ],
)
def test_unreadable_archives_fail_with_one_named_error(xing, xing_zip, tmp_path, run, name, content, message):
    target = tmp_path / name
    if content is None:
        data = xing_zip.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif isinstance(content, bytes):
        target.write_bytes(content)
    else:
        xing.write(target, content)
    with pytest.raises(FormatError) as caught:
        run(ARCHIVE, target)
    assert str(caught.value).startswith(str(target))
    assert message in str(caught.value)


def test_truncated_messages_csv_fails_the_run(xing, tmp_path, run):
    cut = xing.messages_csv[: xing.messages_csv.index("hast du Zeit")]
    target = xing.write(tmp_path / "cut.zip", xing.files(**{xing.messages_path: cut}))
    with pytest.raises(FormatError) as caught:
        run(ARCHIVE, target)
    assert xing.messages_path in str(caught.value)
