"""XING: the GDPR data archive ("Datenauskunft") ZIP and single-contact vCards.

Facts from research/xing.md: the archive is an HTML bundle with CSV files under
``data/``, hashed file names; messages CSVs have no header and six columns (a
conversation row ``subject, time, "participants"`` then message rows
``sender, time, text``); network-inquiry CSVs carry German headers
(``"Name","Kontakt bestätigt am"`` and ``"Name","Erstellt am","Text der Notiz"``);
times are ``YYYY-MM-DD HH:MM:SS UTC``; people appear by display name only; the
notes file has a row named like the owner. vCards are 2.1 with per-property
CHARSET, a photo link and the XING profile URL.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

from .. import timeutil
from ..model import EXPORT_DAY, Human, Network, XingConversation
from ..names import ascii_fold
from .zipped import csv_bytes, write_zip

ARCHIVE_DAY = EXPORT_DAY - dt.timedelta(days=1)
ZIP_NAME = f"xing-datenauskunft-{ARCHIVE_DAY:%Y-%m-%d}.zip"
VCARD_FOLDER = "xing-vcards"

_INDEX_HTML = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>XING Datenauskunft</title></head>
<body><h1>Ihre Datenauskunft</h1>
<p>Die Daten Ihres XING-Profils finden Sie im Ordner <a href="data/">data</a>.</p>
</body></html>
"""


def _hashed(kind: str, number: int, seed: int) -> str:
    return hashlib.sha1(f"{seed}/{kind}/{number}".encode()).hexdigest()


def write_archive(net: Network, folder: Path, seed: int) -> Path:
    members: list[tuple[str, bytes]] = [
        ("index.html", _INDEX_HTML.encode()),
        ("assets/style.css", b"body{font-family:sans-serif}\n"),
    ]
    conversations = net.xing_conversations
    half = (len(conversations) + 1) // 2
    for number, chunk in enumerate((conversations[:half], conversations[half:])):
        members.append((f"data/messages-backend/files/{_hashed('messages', number, seed)}.csv", _messages(net, chunk)))
    members.append((f"data/network-inquiry/files/{_hashed('contacts', 0, seed)}.csv", _contacts(net)))
    members.append((f"data/network-inquiry/files/{_hashed('notes', 0, seed)}.csv", _notes(net)))
    path = folder / ZIP_NAME
    write_zip(path, members, (ARCHIVE_DAY.year, ARCHIVE_DAY.month, ARCHIVE_DAY.day, 22, 5, 0))
    return path


def _messages(net: Network, conversations: list[XingConversation]) -> bytes:
    rows: list[list[str]] = []
    for conversation in conversations:
        started = conversation.messages[0].at
        participants = ",".join(net.display_name(p) for p in conversation.participants)
        rows.append([conversation.subject, timeutil.utc_text(started), participants, "", "", ""])
        for message in conversation.messages:
            rows.append(["", "", "", net.display_name(message.sender), timeutil.utc_text(message.at), message.content])
    return csv_bytes(rows, quoting=csv.QUOTE_ALL)


def _contacts(net: Network) -> bytes:
    rows = [["Name", "Kontakt bestätigt am"]]
    people = sorted((h for h in net.humans if h.xing_contact), key=lambda h: (h.last, h.first))
    for human in people:
        rows.append([human.name, timeutil.utc_text(human.xing_confirmed) if human.xing_confirmed else ""])
    return csv_bytes(rows, quoting=csv.QUOTE_ALL)


def _notes(net: Network) -> bytes:
    rows = [["Name", "Erstellt am", "Text der Notiz"]]
    for note in sorted(net.xing_notes, key=lambda n: n.at):
        rows.append([net.display_name(note.about), timeutil.utc_text(note.at), note.text])
    return csv_bytes(rows, quoting=csv.QUOTE_ALL)


def write_vcards(net: Network, folder: Path) -> Path:
    target = folder / VCARD_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for human in net.humans:
        if human.vcard:
            name = ascii_fold(f"{human.first}_{human.last}").replace(" ", "_").replace("'", "")
            (target / f"{name}.vcf").write_bytes(vcard(human).encode("utf-8"))
    return target


def vcard(human: Human) -> str:
    """One contact as XING's vCard download writes it (2.1, CHARSET per property, CRLF)."""
    assert human.xing_url is not None
    lines = [
        "BEGIN:VCARD",
        "VERSION:2.1",
        "PRODID:-//XING//www.xing.com//DE",
        f"N;CHARSET=UTF-8:{human.last};{human.first};;;",
        f"FN;CHARSET=UTF-8:{human.name}",
        f"ORG;CHARSET=UTF-8:{human.company}",
        f"TITLE;CHARSET=UTF-8:{human.title}",
    ]
    if human.vcard_email:
        lines.append(f"EMAIL;type=INTERNET;type=WORK:{human.email}")
    lines += [
        f"URL;TYPE=work:{human.xing_url}",
        f"PHOTO;VALUE=URL:https://www.xing.com/img/users/{human.xing_slug}.140x185.jpg",
        f"REV:{EXPORT_DAY:%Y%m%d}T080000Z",
        "END:VCARD",
    ]
    return "\r\n".join(lines) + "\r\n"
