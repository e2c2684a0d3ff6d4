"""mbox flavours, noise kinds, owner inference, dedup, threads, intros — reading records directly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from netzwerker.errors import FormatError
from netzwerker.importers import ImportContext, Owner
from netzwerker.records import InteractionRecord, IntroductionRecord, PersonRecord
from netzwerker_mail.mbox import scan_mbox
from netzwerker_mail.plugin import MailFilesImporter, MboxImporter

ME = "me@example.org"


def msg(
    sender: str = "Anna Alt <anna@example.com>",
    to: str = ME,
    subject: str = "Hallo",
    msgid: str | None = "a1@example.com",
    date: str = "Mon, 06 Jan 2020 10:00:00 +0100",
    extra: str = "",
    body: str = "Hi there\n",
) -> str:
    lines = [f"From: {sender}", f"To: {to}", f"Subject: {subject}", f"Date: {date}"]
    if msgid:
        lines.append(f"Message-ID: <{msgid}>")
    text = "\n".join(lines) + "\n" + extra
    return text + "\n" + body


def mbox(*messages: str, separator: str = "From MAILER-DAEMON Mon Jan  6 10:00:00 2020", crlf: bool = False) -> bytes:
    text = "".join(f"{separator}\n{m}\n" for m in messages)
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode()


def read(path: Path, owner: tuple[str, ...] = (ME,), importer: object = None) -> tuple[list, ImportContext]:
    ctx = ImportContext(owner=Owner(emails=frozenset(owner)))
    reader = importer or MboxImporter()
    return list(reader.read(str(path), ctx)), ctx  # type: ignore[attr-defined]


def interactions(records: list) -> list[InteractionRecord]:
    return [r for r in records if isinstance(r, InteractionRecord)]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- mbox flavours ---------------------------------------------------------------


def test_takeout_mbox_with_thread_labels_and_offset_before_year(tmp_path):
    takeout = mbox(
        msg(extra="X-GM-THRID: 1654953015393719153\nX-Gmail-Labels: Inbox,Important,Opened\n"),
        msg(
            sender=f"Me <{ME}>",
            to="Anna Alt <anna@example.com>, Bob <bob@example.net>",
            msgid="a2@example.org",
            subject="Re: Hallo",
            extra="X-GM-THRID: 1654953015393719153\nX-Gmail-Labels: Sent\nIn-Reply-To: <a1@example.com>\n",
        ),
        separator="From 1654953015393719153@xxx Mon Jan 06 04:49:45 +0000 2020",
    )
    path = write(tmp_path, "All mail Including Spam and Trash.mbox", takeout)
    assert MboxImporter().detect(str(path)) > 0.9
    records, ctx = read(path)
    got = interactions(records)
    assert [r.kind for r in got] == ["message", "message"]
    assert got[0].actor.emails == ("anna@example.com",) and got[0].actor.name == "Anna Alt"
    # the owner is named by address; an owner record says it is "me"
    owner = {r.person.emails[0] for r in records if isinstance(r, PersonRecord) and r.person.me}
    assert got[0].targets[0].emails[0] in owner
    assert got[1].actor.emails[0] in owner and [t.emails[0] for t in got[1].targets] == [
        "anna@example.com",
        "bob@example.net",
    ]
    assert got[0].thread == got[1].thread == "gm:1654953015393719153"
    assert got[1].detail == "in-reply-to:a1@example.com"
    assert got[0].key == "mid:a1@example.com"
    assert got[0].file == str(path) and got[0].line == 1 and got[1].line > 1
    assert ctx.warnings == []


def test_thunderbird_crlf_dateless_separators_unescaped_from_and_expunged(tmp_path):
    body = "Dear Anna,\n\nFrom now on we meet on Mondays.\nFrom Russia with love\n\nBye\n"
    data = mbox(
        msg(body=body, extra="X-Mozilla-Status: 0001\n"),
        msg(msgid="gone@example.com", extra="X-Mozilla-Status: 0009\n"),  # 0x0008: expunged
        msg(msgid="a3@example.com", sender="Carl <carl@example.com>"),
        separator="From - ",
        crlf=True,
    )
    data = data.replace(b"From - \r\nFrom: Carl", b"From - Sat Apr  6 20:13:31 2013\r\nFrom: Carl")
    path = write(tmp_path, "INBOX", data)
    assert MboxImporter().detect(str(path)) > 0.9
    records, ctx = read(path)
    got = interactions(records)
    assert [r.key for r in got] == ["mid:a1@example.com", "mid:a3@example.com"]
    assert ctx.skipped_by_reason == {"deleted": 1}
    assert got[0].subject == "Hallo"  # no CR left in values


def test_bom_before_first_message_keeps_it(tmp_path):
    path = write(tmp_path, "bom.mbox", b"\xef\xbb\xbf" + mbox(msg(), msg(msgid="b@example.com")))
    records, _ = read(path)
    assert [r.key for r in interactions(records)] == ["mid:a1@example.com", "mid:b@example.com"]


def test_mboxrd_quoted_from_lines_stay_in_body(tmp_path):
    body = "text\n>From the archive\n>>From deeper\n\nFrom here on, plain\nmore text\n"
    path = write(tmp_path, "rd.mbox", mbox(msg(body=body), msg(msgid="n2@example.com")))
    records, _ = read(path)
    assert len(interactions(records)) == 2


def test_separator_without_blank_line_before_it(tmp_path):
    data = (
        "From anna@example.com Mon Jan  6 10:00:00 2020\n"
        + msg(body="one line\n")
        + "From bob@example.com Mon Jan  6 11:00:00 2020\n"
        + msg(sender="bob@example.net", msgid="b2@example.net")
    ).encode()
    path = write(tmp_path, "classic.mbox", data)
    records, _ = read(path)
    assert [r.key for r in interactions(records)] == ["mid:a1@example.com", "mid:b2@example.net"]


def test_scanner_streams_across_chunk_boundaries(monkeypatch):
    import netzwerker_mail.mbox as mbox_module

    monkeypatch.setattr(mbox_module, "CHUNK", 7)  # every separator and header straddles a chunk
    data = mbox(*(msg(msgid=f"m{i}@x.org", body="From x\n" * 3) for i in range(20)), crlf=True)
    found = list(scan_mbox(io.BytesIO(data), "t.mbox"))
    assert len(found) == 20
    assert all(b"Message-ID: <m" in m.header for m in found)
    assert found[1].line == found[0].line + 11


def test_missing_date_falls_back_to_separator_date(tmp_path):
    text = "From: anna@example.com\nTo: me@example.org\nMessage-ID: <x@y>\nSubject: s\n\nb\n"
    path = write(tmp_path, "nodate.mbox", f"From 1@xxx Mon Jan 06 04:49:45 +0200 2020\n{text}".encode())
    records, _ = read(path)
    assert interactions(records)[0].occurred_at.isoformat() == "2020-01-06T04:49:45+02:00"


def test_takeout_zip_is_streamed(tmp_path):
    path = tmp_path / "takeout.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Takeout/Mail/Inbox.mbox", mbox(msg()))
    assert MboxImporter().detect(str(path)) > 0.5
    records, _ = read(path)
    assert [r.key for r in interactions(records)] == ["mid:a1@example.com"]


# -- noise -------------------------------------------------------------------------


NOISE = {
    "mailing list": "List-Id: Friends <friends.lists.example.com>\n",
    "auto-reply": "Auto-Submitted: auto-replied\n",
    "bounce": "Return-Path: <>\n",
    "receipt": "Content-Type: multipart/report; report-type=disposition-notification; boundary=x\n",
    "spam": "X-Gmail-Labels: Spam\n",
    "trash": "X-Gmail-Labels: Trash,Opened\n",
    "draft": "X-Gmail-Labels: Draft\n",
    "chat": "X-Gmail-Labels: Chat\n",
}


@pytest.mark.parametrize("category", sorted(NOISE))
def test_noise_is_skipped_without_warning(tmp_path, category):
    path = write(tmp_path, "n.mbox", mbox(msg(extra=NOISE[category]), msg(msgid="human@example.com")))
    records, ctx = read(path)
    assert [r.key for r in interactions(records)] == ["mid:human@example.com"]
    assert ctx.skipped_by_reason == {category: 1}
    assert ctx.warnings == []


@pytest.mark.parametrize(
    "sender", ["noreply@shop.example", "no-reply@x.example", "MAILER-DAEMON@x.example", "info@firm.example"]
)
def test_role_senders_are_noise(tmp_path, sender):
    records, ctx = read(write(tmp_path, "r.mbox", mbox(msg(sender=sender))))
    assert interactions(records) == []
    assert ctx.skipped_by_reason == {"automated sender": 1}


def test_the_owner_writing_from_a_role_address_is_not_noise(tmp_path):
    # a one-person firm's info@ address is the owner's own: their mail counts
    data = mbox(msg(sender="Katrin <info@vogel.example>", to="anna@example.com"), msg(msgid="in@x", extra=""))
    records, ctx = read(write(tmp_path, "r.mbox", data), owner=(ME, "info@vogel.example"))
    assert [r.actor.emails for r in interactions(records)] == [("info@vogel.example",), ("anna@example.com",)]
    assert ctx.skipped == 0


def test_a_role_address_learned_as_the_owners_mid_mailbox_counts_from_then_on(tmp_path):
    sent = msg(sender="<info@vogel.example>", to="anna@example.com", extra="X-Gmail-Labels: Sent\n")
    records, ctx = read(write(tmp_path, "r.mbox", mbox(sent)), owner=())
    assert len(interactions(records)) == 1 and ctx.skipped == 0


def test_a_quoted_user_label_with_a_comma_is_one_label(tmp_path):
    # Takeout quotes labels that hold a comma: "Sent, 2019" is not Gmail's Sent label
    data = mbox(msg(extra='X-Gmail-Labels: Inbox,"Sent, 2019","Spam, old"\n'))
    records, ctx = read(write(tmp_path, "q.mbox", data), owner=(ME,))
    assert [r for r in records if isinstance(r, PersonRecord)] == []  # the sender is not taken for the owner
    assert len(interactions(records)) == 1 and ctx.skipped == 0


def test_precedence_bulk_and_unsubscribe_are_lists(tmp_path):
    data = mbox(
        msg(msgid="1@x", extra="Precedence: bulk\n"),
        msg(msgid="2@x", extra="List-Unsubscribe: <mailto:u@x>\n"),
    )
    _, ctx = read(write(tmp_path, "l.mbox", data))
    assert ctx.skipped_by_reason == {"mailing list": 2}


def test_calendar_invitation_is_a_meeting(tmp_path):
    data = mbox(
        msg(subject="Invitation: Kickoff @ Mon 6 Jan 2020", extra="Content-Type: multipart/mixed; boundary=b\n"),
        msg(msgid="acc@x", subject="Angenommen: Kickoff", sender=f"<{ME}>", to="anna@example.com"),
    )
    got = interactions(read(write(tmp_path, "c.mbox", data))[0])
    assert [(r.kind, r.status) for r in got] == [("meeting", "request"), ("meeting", "accepted")]


# -- identity, dedup -------------------------------------------------------------------


def test_owner_inferred_from_delivered_to_and_sent_folder(tmp_path):
    inbox = mbox(msg(to="Me <me2@example.org>", extra="Delivered-To: me2@example.org\n"))
    sent = mbox(msg(sender="Me Too <me3@example.org>", to="anna@example.com", msgid="s1@example.org"))
    folder = tmp_path / "Mail"
    folder.mkdir()
    write(folder, "Inbox.mbox", inbox)
    write(folder, "Sent.mbox", sent)
    records, _ = read(folder, owner=())
    owners = [r for r in records if isinstance(r, PersonRecord)]
    assert {r.person.emails[0] for r in owners} == {"me2@example.org", "me3@example.org"}
    assert all(r.person.me for r in owners)
    got = interactions(records)
    assert got[0].actor.emails == ("me3@example.org",) and got[0].key == "mid:s1@example.org"  # Sent is read first
    assert got[1].targets[0].emails[0] in {"me2@example.org", "me3@example.org"}


def test_same_message_in_two_folders_counts_once(tmp_path):
    folder = tmp_path / "Mail"
    folder.mkdir()
    write(folder, "Inbox.mbox", mbox(msg()))
    write(folder, "Archive.mbox", mbox(msg(msgid="A1@EXAMPLE.COM")))
    records, _ = read(folder)
    assert len(interactions(records)) == 1


def test_without_message_id_the_key_is_a_content_hash(tmp_path):
    data = mbox(msg(msgid=None), msg(msgid=None), msg(msgid=None, subject="other"))
    got = interactions(read(write(tmp_path, "h.mbox", data))[0])
    assert len(got) == 2 and all(r.key.startswith("h:") for r in got)


def test_names_with_commas_and_8bit_headers(tmp_path):
    data = (
        b"From x@y Mon Jan  6 10:00:00 2020\n"
        b"From: =?UTF-8?B?Rm9vLCBCYXI=?= <foo.bar@example.com>\n"
        b'To: "M\xfcller, J\xfcrgen" <j@example.de>, me@example.org\n'
        b"Subject: =?iso-8859-1?q?Gr=FC=DFe?=\nMessage-ID: <e@x>\n\nbody\n"
    )
    got = interactions(read(write(tmp_path, "e.mbox", data))[0])[0]
    assert got.actor.name == "Foo, Bar"
    assert got.targets[0].name == "Müller, Jürgen"
    assert got.subject == "Grüße"


def test_thread_from_references_root(tmp_path):
    data = mbox(msg(extra="References: <root@x> <mid@x>\nIn-Reply-To: <mid@x>\n"))
    assert interactions(read(write(tmp_path, "t.mbox", data))[0])[0].thread == "root@x"


# -- introductions ------------------------------------------------------------------------


def test_detected_introduction_by_me(tmp_path):
    intro = msg(
        sender=f"Me <{ME}>",
        to="Anna <anna@example.com>, Bob <bob@example.net>",
        subject="Anna <> Bob",
        msgid="intro@x",
        date="Mon, 06 Jan 2020 10:00:00 +0100",
    )
    follow = msg(  # Bob answers Anna and moves me to Bcc: I get a copy, but I am not in To/Cc
        sender="Bob <bob@example.net>",
        to="Anna <anna@example.com>",
        subject="Re: Anna <> Bob",
        msgid="f@x",
        date="Tue, 07 Jan 2020 09:00:00 +0100",
    )
    records, _ = read(write(tmp_path, "i.mbox", mbox(follow, intro)))  # out of order on purpose
    found = [r for r in records if isinstance(r, IntroductionRecord)]
    assert len(found) == 1
    assert found[0].detected and found[0].introducer.me
    assert sorted(p.emails[0] for p in found[0].between) == ["anna@example.com", "bob@example.net"]
    assert str(found[0].date) == "2020-01-06"


def test_no_introduction_when_they_knew_each_other(tmp_path):
    earlier = msg(sender="Bob <bob@example.net>", to="anna@example.com", msgid="e@x", date="Mon, 01 Jan 2018 10:00:00")
    intro = msg(sender=f"<{ME}>", to="anna@example.com, bob@example.net", subject="Intro", msgid="i@x")
    follow = msg(sender="bob@example.net", to="anna@example.com", msgid="f@x", date="Tue, 07 Jan 2020 09:00:00 +0100")
    records, _ = read(write(tmp_path, "k.mbox", mbox(earlier, intro, follow)))
    assert not [r for r in records if isinstance(r, IntroductionRecord)]


def test_no_introduction_without_follow_up_or_intro_subject(tmp_path):
    intro = msg(sender=f"<{ME}>", to="anna@example.com, bob@example.net", subject="Lunch", msgid="i@x")
    follow = msg(sender="bob@example.net", to="anna@example.com", msgid="f@x", date="Tue, 07 Jan 2020 09:00:00 +0100")
    records, _ = read(write(tmp_path, "n.mbox", mbox(intro, follow)))
    assert not [r for r in records if isinstance(r, IntroductionRecord)]


# -- errors --------------------------------------------------------------------------------


def test_garbage_is_a_format_error(tmp_path):
    path = write(tmp_path, "garbage.mbox", bytes(range(256)) * 20)
    with pytest.raises(FormatError) as err:
        read(path)
    assert str(path) in str(err.value)


def test_from_line_without_headers_is_a_format_error(tmp_path):
    path = write(tmp_path, "prose.mbox", b"From the desk of the editor\nThis is a letter.\n")
    with pytest.raises(FormatError):
        read(path)


def test_header_lines_that_are_broken_are_tolerated(tmp_path):
    data = mbox(msg(extra="this line has no colon\n: empty name\nX-Weird\n"))
    records, ctx = read(write(tmp_path, "b.mbox", data))
    assert len(interactions(records)) == 1 and ctx.warnings == []


def test_message_without_sender_is_skipped_with_warning(tmp_path):
    data = mbox("To: me@example.org\nSubject: x\nMessage-ID: <q@x>\n\nb\n", msg())
    records, ctx = read(write(tmp_path, "s.mbox", data))
    assert len(interactions(records)) == 1
    assert ctx.warnings and ctx.warnings[0].startswith(f"{tmp_path / 's.mbox'}:1: skipped")


def test_maildir_importer_does_not_claim_mbox(tmp_path):
    path = write(tmp_path, "x.mbox", mbox(msg()))
    assert MailFilesImporter().detect(str(path)) == 0.0


def test_thunderbird_folder_with_suffixless_mbox_files_is_detected(tmp_path):
    folder = tmp_path / "Local Folders"
    folder.mkdir()
    write(folder, "Inbox", mbox(msg(sender="Anna <anna@example.com>", to="me@example.org", msgid="tb1@x")))
    (folder / "Inbox.msf").write_text('// <!-- <mdb:mork:z v="1.4"/> -->\n')
    assert MboxImporter().detect(str(folder)) == 0.6
    records, _ = read(folder)
    assert [r.key for r in interactions(records)] == ["mid:tb1@x"]
