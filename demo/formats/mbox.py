"""A Google Takeout Gmail mbox (research/mail.md).

Each message starts with Takeout's From_ line (``From <gmail id>@xxx`` and a
date with the offset before the year), then ``X-GM-THRID`` and
``X-Gmail-Labels`` (comma-separated, raw UTF-8 for the owner's own labels,
``Sent`` on her mail). Names are RFC 2047 encoded, long address lists folded,
bodies quoted-printable, and body lines starting with ``From `` are mboxrd
quoted. LF line ends (RFC 4155).
"""

from __future__ import annotations

import quopri
from email.header import Header
from email.utils import formataddr
from pathlib import Path

from .. import timeutil
from ..model import Address, Mail, Network

FILE_NAME = "mail.mbox"


def write(net: Network, folder: Path) -> Path:
    path = folder / FILE_NAME
    with path.open("wb") as out:
        for mail in sorted(net.mails, key=lambda m: (m.at, m.gmail_id)):
            out.write(message_bytes(net, mail))
    return path


def _address(address: Address) -> str:
    return formataddr((address.name, address.email), charset="utf-8")


def _address_list(addresses: list[Address]) -> str:
    parts = [_address(a) for a in addresses]
    text, width = parts[0], len(parts[0])
    for part in parts[1:]:
        if width + len(part) > 70:  # fold as mail clients do
            text, width = f"{text},\n {part}", len(part) + 1
        else:
            text, width = f"{text}, {part}", width + len(part) + 2
    return text


def _subject(subject: str) -> str:
    return subject if subject.isascii() else Header(subject, "utf-8").encode()


def message_bytes(net: Network, mail: Mail) -> bytes:
    owner = net.owner
    from_me = mail.sender.who == "me"
    headers: list[tuple[str, str]] = [("X-GM-THRID", str(mail.thread_id)), ("X-Gmail-Labels", ",".join(mail.labels))]
    if not from_me:
        headers.append(("Delivered-To", owner.gmail))
        relay = f"by 2002:a05:7300:{mail.gmail_id % 65536:x} with SMTP id x{mail.gmail_id % 10**9}"
        headers.append(("Received", f"{relay};\n        {timeutil.rfc2822(mail.at)}"))
    extra = dict(mail.extra_headers)
    headers.append(("Return-Path", extra.pop("Return-Path", f"<{mail.sender.email}>")))
    headers += [
        ("MIME-Version", "1.0"),
        ("Date", timeutil.rfc2822(mail.at)),
        ("Message-ID", mail.message_id),
        ("Subject", _subject(mail.subject)),
        ("From", _address(mail.sender)),
        ("To", _address_list(mail.to)),
    ]
    if mail.cc:
        headers.append(("Cc", _address_list(mail.cc)))
    if mail.bcc:  # Gmail keeps Bcc in the sender's own copy
        headers.append(("Bcc", _address_list(mail.bcc)))
    if mail.in_reply_to:
        headers.append(("In-Reply-To", mail.in_reply_to))
    if mail.references:
        headers.append(("References", "\n ".join(mail.references)))
    headers += list(extra.items())
    if mail.noise == "bounce":
        content_headers, body = _bounce_body(mail)
    else:
        content_headers = [
            ("Content-Type", 'text/plain; charset="UTF-8"'),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ]
        body = quopri.encodestring(mail.body.encode("utf-8")).decode("ascii")
    headers += content_headers
    text = "".join(f"{name}: {value}\n" for name, value in headers) + "\n" + _mboxrd(body)
    if not text.endswith("\n"):
        text += "\n"
    from_line = f"From {mail.gmail_id}@xxx {timeutil.mbox_from_date(mail.at)}\n"
    return (from_line + text + "\n").encode("utf-8")


def _mboxrd(body: str) -> str:
    lines = body.split("\n")
    return "\n".join(">" + line if line.lstrip(">").startswith("From ") else line for line in lines)


def _bounce_body(mail: Mail) -> tuple[list[tuple[str, str]], str]:
    boundary = f"000000000000{mail.gmail_id % 10**12:012x}"
    failed = dict(mail.extra_headers).get("X-Failed-Recipients", "unknown")
    body = (
        f"--{boundary}\n"
        'Content-Type: text/plain; charset="UTF-8"\n\n'
        f"{mail.body}\n"
        f"--{boundary}\n"
        "Content-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; googlemail.com\n\n"
        f"Final-Recipient: rfc822; {failed}\n"
        "Action: failed\n"
        "Status: 5.1.1\n"
        f"--{boundary}--\n"
    )
    return [("Content-Type", f'multipart/report; report-type=delivery-status; boundary="{boundary}"')], body
