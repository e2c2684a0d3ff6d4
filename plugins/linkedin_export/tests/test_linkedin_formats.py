# ruff: noqa: E501  (fixture rows are kept one CSV record per line, as the export writes them)
"""Every header variant and quirk the research documents (2018–2026), as small synthetic files."""

from __future__ import annotations

import datetime as dt

import pytest
from netzwerker.importers import Owner
from netzwerker_linkedin_export.dates import parse_datetime
from netzwerker_linkedin_export.mapping import split_names
from netzwerker_linkedin_export.plugin import LinkedInExportImporter

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed it."\n'
    "\n"
)
ME_URL = "https://www.linkedin.com/in/ich-selbst"


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 Mar 2024", utc(2024, 3, 5)),  # Connections 2022+
        ("3/15/24, 9:30 AM", utc(2024, 3, 15, 9, 30)),  # Invitations, 2018 messages
        ("12/1/23, 12:05 PM", utc(2023, 12, 1, 12, 5)),
        ("11/4/18, 12:01 AM", utc(2018, 11, 4, 0, 1)),
        ("2024-03-15 09:30:00 UTC", utc(2024, 3, 15, 9, 30)),  # messages 2022+
        ("2019-11-06T02:08:20", utc(2019, 11, 6, 2, 8, 20)),  # messages ~2020
        ("2024/03/15 10:00:00 UTC", utc(2024, 3, 15, 10)),  # endorsements
        ("Tue Mar 05 10:00:00 UTC 2024", utc(2024, 3, 5, 10)),  # Company Follows
        ("16.09.2021", utc(2021, 9, 16)),  # German Excel
        ("18-Jun-24", utc(2024, 6, 18)),  # English Excel
        ("12. März 2021", utc(2021, 3, 12)),  # German month names
        ("01 Okt 2022", utc(2022, 10, 1)),
        ("13/05/21", utc(2021, 5, 13)),  # D/M/Y copy: a first number over 12 is a day
        ("Mar 2024", utc(2024, 3, 1)),  # Positions
        ("", None),
        ("soon", None),
        ("31 Feb 2024", None),
    ],
)
def test_dates(text, expected):
    assert parse_datetime(text) == expected


def test_connections_preamble_date_only_rows_encoding_and_trimming(write, run_import):
    path = write(
        "Connections.csv",
        PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Jürgen,Müller,https://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller,,ACME GmbH   ,CTO,05 Mar 2024\n"
        ",,,,,,14 Sep 2024\n"
        'Ana,López,https://www.linkedin.com/in/analopez,ana@example.com,"Acme, Inc.","Director, Ops",01 Feb 2024\n'
        ",,,,,,01 Feb 2024\n",
    )
    records, context = run_import(path)
    people = [r for r in records if r.type == "person"]
    assert [p.person.name for p in people] == ["Jürgen Müller", "Ana López"]
    assert people[0].person.linkedin == "https://www.linkedin.com/in/jürgen-müller"  # percent-decoded
    assert people[0].organization == "ACME GmbH"  # trailing spaces trimmed
    assert people[1].person.emails == ("ana@example.com",) and people[1].organization == "Acme, Inc."
    connections = [r for r in records if r.type == "interaction"]
    assert [c.occurred_at for c in connections] == [utc(2024, 3, 5), utc(2024, 2, 1)]
    assert all(c.targets[0].me and c.kind == "connection" for c in connections)
    assert context.skipped_by_reason == {"date-only connection row": 2}
    assert context.warnings == []


def test_connections_2018_and_2022_headers_without_url(write, run_import):
    path = write(
        "Connections.csv",
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        'Grace,Hopper,grace@navy.example,US Navy,Rear Admiral,"11/4/18, 9:15 AM"\n',
    )
    records, _ = run_import(path)
    assert records[0].person.linkedin is None and records[0].person.emails == ("grace@navy.example",)
    assert records[1].occurred_at == utc(2018, 11, 4, 9, 15)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        (
            "utf-8-sig",
            PREAMBLE + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Jörg,Weiß,,,Bäckerei,Meister,05 Mar 2024\n",
        ),
        (
            "utf-16",
            "First Name\tLast Name\tURL\tEmail Address\tCompany\tPosition\tConnected On\r\n"
            '"Jörg"\t"Weiß"\t""\t""\t"Bäckerei"\t"Meister"\t"05 Mar 2024"\r\n',
        ),
        # Excel round-trip: cp1252, semicolons, German dates, the preamble padded with separators
        (
            "cp1252",
            "Notes:;;\n;;\nFirst Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
            "Jörg;Weiß;;;Bäckerei;Meister;05.03.2024\n",
        ),
        (
            "cp1252",
            "First Name;Last Name;URL;Email Address;Company;Position;Connected On\n"
            "Jörg;Weiß;;;Bäckerei;Meister;5-Mär-24\n",
        ),
    ],
)
def test_connections_encodings_and_excel_copies(write, run_import, encoding, text):
    path = write("Connections.csv", text, encoding=encoding)
    assert LinkedInExportImporter().detect(str(path)) >= 0.85
    records, context = run_import(path)
    assert records[0].person.name == "Jörg Weiß" and records[0].organization == "Bäckerei"
    assert records[1].occurred_at == utc(2024, 3, 5)
    assert context.warnings == []


def test_unrecognised_connection_date_keeps_the_person_and_warns(write, run_import):
    path = write("Connections.csv", "First Name,Last Name,Connected On\nAda,Lovelace,someday\n")
    records, context = run_import(path)
    assert records[1].occurred_at is None
    assert context.warnings == [f"{path}:2: unrecognised date 'someday'; connection kept without a date"]


MESSAGE_VARIANTS = {
    "2018": (
        "Messages.csv",
        "From,To,Date,Subject,Content,Direction,Folder\n"
        'Bob Brown,Ich Selbst,"3/15/18, 9:30 AM",Hi,Hello there,INCOMING,INBOX\n'
        'Ich Selbst,Bob Brown,"3/15/18, 10:30 AM",Re: Hi,Hello back,OUTGOING,SENT\n'
        'Carla Cruz,Ich Selbst,"3/16/18, 8:00 AM",Hey,Moin,INCOMING,INBOX\n',
    ),
    "2020": (
        "messages.csv",
        "FROM,TO,DATE,SUBJECT,CONTENT,DIRECTION,FOLDER\n"
        "Bob Brown,Ich Selbst,2019-11-06T02:08:20,Hi,Hello there,INCOMING,INBOX\n"
        "Ich Selbst,Bob Brown,2019-11-06T03:08:20,Re: Hi,Hello back,OUTGOING,SENT\n"
        "Carla Cruz,Ich Selbst,2019-11-07T02:08:20,Hey,Moin,INCOMING,INBOX\n",
    ),
    "2022": (
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER\n"
        "2-abc==,,Bob Brown,https://www.linkedin.com/in/bob,Ich Selbst,2022-09-01 10:00:00 UTC,,Hello there,INBOX\n"
        f"2-abc==,,Ich Selbst,{ME_URL},Bob Brown,2022-09-01 11:00:00 UTC,,Hello back,ARCHIVE\n"
        "2-cde==,,Carla Cruz,https://www.linkedin.com/in/carla,Ich Selbst,2022-09-02 10:00:00 UTC,,Moin,INBOX\n",
    ),
    "2023": (
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
        "FOLDER\n"
        f"2-abc==,,Bob Brown,https://www.linkedin.com/in/bob,Ich Selbst,{ME_URL},2023-12-01 10:00:00 UTC,,Hi,INBOX\n"
        f"2-abc==,,Ich Selbst,{ME_URL},Bob Brown,https://www.linkedin.com/in/bob,2023-12-01 11:00:00 UTC,,Yo,INBOX\n"
        f"2-cde==,,Carla Cruz,https://www.linkedin.com/in/carla,Ich Selbst,{ME_URL},2023-12-02 10:00:00 UTC,,Moin,INBOX\n",
    ),
    "2024-12": (
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
        "FOLDER,IS MESSAGE DRAFT,IS CONVERSATION DRAFT\n"
        f"2-abc==,,Bob Brown,https://www.linkedin.com/in/bob,Ich Selbst,{ME_URL},2024-12-01 10:00:00 UTC,,Hi,INBOX,No,No\n"
        f"2-abc==,,Ich Selbst,{ME_URL},Bob Brown,https://www.linkedin.com/in/bob,2024-12-01 11:00:00 UTC,,Yo,INBOX,No,No\n"
        f"2-abc==,,Ich Selbst,{ME_URL},Bob Brown,https://www.linkedin.com/in/bob,2024-12-01 12:00:00 UTC,,dr,,Yes,No\n"
        f"2-cde==,,Carla Cruz,https://www.linkedin.com/in/carla,Ich Selbst,{ME_URL},2024-12-02 10:00:00 UTC,,Moin,INBOX,No,No\n",
    ),
    "2025": (
        "messages.csv",
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
        "FOLDER,ATTACHMENTS,IS MESSAGE DRAFT\n"
        f"2-abc==,,Bob Brown,https://www.linkedin.com/in/bob,Ich Selbst,{ME_URL},2025-11-01 10:00:00 UTC,,Hi,INBOX,,No\n"
        f"2-abc==,,Ich Selbst,{ME_URL},Bob Brown,https://www.linkedin.com/in/bob,2025-11-01 11:00:00 UTC,,Yo,INBOX,,No\n"
        f"2-cde==,,Carla Cruz,https://www.linkedin.com/in/carla,Ich Selbst,{ME_URL},2025-11-02 10:00:00 UTC,,Moin,INBOX,,No\n",
    ),
    "2026-quoted": (
        "messages.csv",
        '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO","RECIPIENT PROFILE URLS","DATE",'
        '"SUBJECT","CONTENT","FOLDER","ATTACHMENTS","IS MESSAGE DRAFT","IS CONVERSATION DRAFT"\n'
        f'"2-abc==","","Bob Brown","https://www.linkedin.com/in/bob","Ich Selbst","{ME_URL}","2026-01-01 10:00:00 UTC",'
        '"","Hi ""you""","INBOX","","No","No"\n'
        f'"2-abc==","","Ich Selbst","{ME_URL}","Bob Brown","https://www.linkedin.com/in/bob","2026-01-01 11:00:00 UTC",'
        '"","multi\nline","INBOX","","No","No"\n'
        f'"2-cde==","","Carla Cruz","https://www.linkedin.com/in/carla","Ich Selbst","{ME_URL}","2026-01-02 10:00:00 UTC",'
        '"","Moin","INBOX","","No","No"\n',
    ),
}


@pytest.mark.parametrize("variant", sorted(MESSAGE_VARIANTS))
def test_every_messages_header_variant(write, run_import, variant):
    name, text = MESSAGE_VARIANTS[variant]
    path = write(name, text)
    assert LinkedInExportImporter().detect(str(path)) >= 0.85
    records, context = run_import(path)  # the owner is inferred: the one party of every message
    messages = [r for r in records if getattr(r, "kind", None) == "message"]
    assert len(messages) == 3, context.warnings
    incoming, outgoing, third = messages
    assert third.actor.name == "Carla Cruz" and [t.me for t in third.targets] == [True]
    assert incoming.actor.name == "Bob Brown" and [t.me for t in incoming.targets] == [True]
    assert outgoing.actor.me and [t.name for t in outgoing.targets] == ["Bob Brown"]
    assert all(m.body is None for m in messages)  # bodies are not stored by default
    if variant == "2024-12":
        assert context.skipped_by_reason == {"draft": 1}


def test_owner_profile_url_is_inferred_and_declared_me(write, run_import):
    _, text = MESSAGE_VARIANTS["2023"]
    records, _ = run_import(write("messages.csv", text))
    owner = records[0]
    assert owner.type == "person" and owner.person.me and owner.person.linkedin == ME_URL


def test_group_messages_take_recipients_from_urls_not_names(write, run_import):
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
        "FOLDER\n"
    )
    rows = (
        f'c1,,Ich Selbst,{ME_URL},"Dr. Eva Roth, M.Sc., Bob Brown",'
        '"https://www.linkedin.com/in/eva,https://www.linkedin.com/in/bob",2024-01-01 10:00:00 UTC,,Hi all,INBOX\n'
        f'c1,,Eva Roth,https://www.linkedin.com/in/eva,"Ich Selbst, Bob Brown",'
        f'"{ME_URL},https://www.linkedin.com/in/bob",2024-01-01 11:00:00 UTC,,Hi,INBOX\n'
    )
    records, _ = run_import(
        write("messages.csv", header + rows), owner=Owner(linkedin=frozenset({"linkedin.com/in/ich-selbst"}))
    )
    first, second = (r for r in records if getattr(r, "kind", None) == "message")
    assert first.actor.me
    assert [t.linkedin for t in first.targets] == ["https://www.linkedin.com/in/eva", "https://www.linkedin.com/in/bob"]
    assert [t.linkedin or "me" for t in second.targets] == ["me", "https://www.linkedin.com/in/bob"]


def test_hidden_members_system_senders_spam_and_sponsored_are_not_messages(write, run_import):
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
        "FOLDER\n"
    )
    rows = (
        f"c1,,LinkedIn Member,,Ich Selbst,{ME_URL},2024-01-01 10:00:00 UTC,,Hi,INBOX\n"
        f"c2,,LinkedIn Talent Solutions,,Ich Selbst,{ME_URL},2024-01-01 10:00:00 UTC,,Jobs,INBOX\n"
        f"c3,,Meddelande från LinkedIn,,Ich Selbst,{ME_URL},2024-01-01 10:00:00 UTC,,Hej,INBOX\n"
        f"c4,,Spammer,https://www.linkedin.com/in/spam,Ich Selbst,{ME_URL},2024-01-01 10:00:00 UTC,,Buy,SPAM\n"
        f"c5,Sponsored Conversation,Brand,https://www.linkedin.com/in/brand,Ich Selbst,{ME_URL},2024-01-01 10:00:00 UTC,,"
        "<p>Offer&nbsp;now</p>,INBOX\n"
        f"c6,,Bob Brown,https://www.linkedin.com/in/bob,Ich Selbst,{ME_URL},2024-01-01 10:00:00 UTC,,Hi,INBOX\n"
    )
    records, context = run_import(
        write("messages.csv", header + rows), owner=Owner(linkedin=frozenset({"linkedin.com/in/ich-selbst"}))
    )
    messages = [r for r in records if getattr(r, "kind", None) == "message"]
    assert [m.actor.name for m in messages] == ["Bob Brown"]
    assert context.skipped_by_reason == {"hidden LinkedIn member": 1, "automated": 3, "spam": 1}
    assert context.warnings == []  # expected noise is counted, not warned about


def test_bodies_only_on_request_and_without_html(write, run_import):
    header = "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
    row = f'c1,Bob Brown,https://www.linkedin.com/in/bob,Ich Selbst,{ME_URL},2024-01-01 10:00:00 UTC,"<p>Hi&nbsp;&amp; bye</p>"\n'
    owner = Owner(linkedin=frozenset({"linkedin.com/in/ich-selbst"}))
    path = write("messages.csv", header + row)
    records, _ = run_import(path, owner=owner, store_bodies=True)
    assert records[-1].body == "Hi\xa0& bye"
    records, _ = run_import(path, owner=owner)
    assert records[-1].body is None


def test_split_names_keeps_degrees_with_their_names():
    assert split_names("Dr. Eva Roth, M.Sc., Bob Brown") == ["Dr. Eva Roth, M.Sc.", "Bob Brown"]
    assert split_names("Anna Schmidt, MBA") == ["Anna Schmidt, MBA"]
    assert split_names("") == []


@pytest.mark.parametrize(
    ("extra_header", "inviter", "invitee"),
    [
        ("", "", ""),  # 2018, 2022
        (",inviterProfileUrn,inviteeProfileUrn", "urn:li:member:123", "urn:li:member:456"),  # 2023-07
        (
            ",inviterProfileUrl,inviteeProfileUrl",
            "https://www.linkedin.com/in",
            "https://www.linkedin.com/in",
        ),  # 2023-12
        (",inviterProfileUrl,inviteeProfileUrl", ME_URL, "https://www.linkedin.com/in/bjørn-✨"),  # 2024+ (raw Unicode)
    ],
)
def test_invitation_variants(write, run_import, extra_header, inviter, invitee):
    url_cells = f",{inviter},{invitee}" if extra_header else ""
    back_cells = f",{invitee},{inviter}" if extra_header else ""
    text = (
        f"From,To,Sent At,Message,Direction{extra_header}\n"
        f'Ich Selbst,Bjørn Berg,"3/5/24, 4:07 PM",,OUTGOING{url_cells}\n'
        f'Bjørn Berg,Ich Selbst,"12/24/25, 9:00 AM",Hallo!,INCOMING{back_cells}\n'
    )
    records, context = run_import(write("Invitations.csv", text))
    invitations = [r for r in records if getattr(r, "kind", None) == "invitation"]
    out, inc = invitations
    assert out.actor.me and out.targets[0].name == "Bjørn Berg" and out.occurred_at == utc(2024, 3, 5, 16, 7)
    assert inc.actor.name == "Bjørn Berg" and inc.targets[0].me and inc.occurred_at == utc(2025, 12, 24, 9)
    expected_url = (
        "https://www.linkedin.com/in/bjørn-✨" if "bj" in invitee else None
    )  # bare URLs and URNs are no handle
    assert out.targets[0].linkedin == expected_url
    assert inc.body is None
    assert context.warnings == []


def test_endorsements_one_event_per_skill_with_schemeless_urls(write, run_import, tmp_path):
    folder = tmp_path / "export"
    write(
        "Endorsement_Received_Info.csv",
        "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,Endorsement Status\n"
        "2024/01/02 10:00:00 UTC,Python,Eva,Roth,www.linkedin.com/in/eva,ACCEPTED\n"
        "2024/01/02 10:00:00 UTC,SQL,Eva,Roth,www.linkedin.com/in/eva,ACCEPTED\n",
        folder=folder,
    )
    write(
        "Endorsement_Given_Info.csv",
        "Endorsement Date,Skill Name,Endorsee First Name,Endorsee Last Name,Endorsee Public Url,Endorsement Status\n"
        "2024/02/03 10:00:00 UTC,Rust,Bob,Brown,www.linkedin.com/in/bob,PENDING\n",
        folder=folder,
    )
    # 2022: the same received data twice, once as UTF-16 TAB without URLs under a spaced name
    write(
        "Endorsement Received Info.csv",
        '"Endorsement Date"\t"Skill Name"\t"Endorser First Name"\t"Endorser Last Name"\t"Endorsement Status"\t'
        '"Display Status"\r\n"2024/01/02 10:00:00 UTC"\t"Python"\t"Eva"\t"Roth"\t"Accepted"\t"Show"\r\n',
        encoding="utf-16",
        folder=folder,
    )
    records, context = run_import(folder)
    endorsements = [r for r in records if getattr(r, "kind", None) == "endorsement"]
    assert sorted((e.detail, e.actor.me) for e in endorsements) == [("Python", False), ("Rust", True), ("SQL", False)]
    eva = next(e for e in endorsements if e.detail == "Python")
    assert eva.actor.linkedin == "https://www.linkedin.com/in/eva" or eva.actor.linkedin is None
    assert next(e for e in endorsements if e.detail == "Rust").targets[0].linkedin == "https://www.linkedin.com/in/bob"
    assert context.warnings == []


def test_recommendations_names_and_company_only(write, run_import, tmp_path):
    folder = tmp_path / "export"
    header = "First Name,Last Name,Company,Job Title,Text,Creation Date,Status\n"
    write(
        "Recommendations_Received.csv",
        header + 'Eva,Roth,ACME,CTO,"Great, really.","03/05/24, 04:07 PM",VISIBLE\n',
        folder=folder,
    )
    write("Recommendations_Given.csv", header + 'Bob,Brown,Initech,Dev,Solid.,"01/02/23, 09:00 AM",\n', folder=folder)
    records, _ = run_import(folder)
    given, received = sorted(
        (r for r in records if getattr(r, "kind", None) == "recommendation"), key=lambda r: r.actor.me, reverse=True
    )
    assert given.actor.me and given.targets[0].model_dump(exclude_defaults=True) == {
        "name": "Bob Brown",
        "organization": "Initech",
    }
    assert received.actor.name == "Eva Roth" and received.actor.organization == "ACME" and received.targets[0].me
    assert received.occurred_at == utc(2024, 3, 5, 16, 7) and received.body is None


def test_profile_names_the_owner_and_declared_handles_are_honoured(write, run_import, tmp_path):
    folder = tmp_path / "export"
    write("Profile.csv", "First Name,Last Name,Maiden Name,Headline\nIch,Selbst,,Berater\n", folder=folder)
    write(
        "Positions.csv",
        "Company Name,Title,Description,Location,Started On,Finished On\n"
        "Old AG,Junior,,,Jan 2010,Dec 2015\nNeu GmbH,Partner,,,Jan 2016,\n",
        folder=folder,
    )
    # a message file where the owner is the sender but never appears as recipient
    write(
        "messages.csv",
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,CONTENT\n"
        "c1,Someone,https://www.linkedin.com/in/mine,Bob Brown,https://www.linkedin.com/in/bob,"
        "2024-01-01 10:00:00 UTC,Hi\n",
        folder=folder,
    )
    owner = Owner(linkedin=frozenset({"linkedin.com/in/mine"}))
    records, _ = run_import(folder, owner=owner)
    me = records[0]
    assert me.person.me and me.person.name == "Ich Selbst" and me.organization == "Neu GmbH" and me.title == "Partner"
    message = records[-1]
    assert message.actor.me and message.targets[0].name == "Bob Brown"
