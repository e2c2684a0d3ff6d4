"""LinkedIn's "Get a copy of your data" ZIP, in the current (2023–2026) shape.

Facts from research/linkedin.md: CSVs at the ZIP root, UTF-8 without BOM, LF;
Connections.csv with its three-line "Notes:" preamble, newest first, rows that
hold only a date, trailing spaces in Company, percent-encoded non-ASCII slugs;
messages.csv with sender and recipient profile URLs, UTC dates and a draft
column; Invitations.csv with raw Unicode slugs and US dates, covering about a
year; endorsement URLs without a scheme; recommendations by name and company.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from urllib.parse import quote

from .. import timeutil
from ..model import EXPORT_DAY, ME, Network
from .zipped import csv_bytes, write_zip

ZIP_NAME = f"Complete_LinkedInDataExport_{EXPORT_DAY:%m-%d-%Y}.zip"

CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download "
    "their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)


def encoded(url: str) -> str:
    """The URL as Connections.csv writes it: non-ASCII slug characters percent-encoded."""
    return quote(url, safe=":/-_.~")


def write(net: Network, folder: Path, seed: int) -> Path:
    rng = random.Random(f"{seed}-linkedin")
    members = [
        ("Profile.csv", _profile(net)),
        ("Email Addresses.csv", _email_addresses(net)),
        ("Positions.csv", _positions()),
        ("Skills.csv", csv_bytes([["Name"], ["Unternehmensberatung"], ["Vertrieb"], ["Netzwerken"]])),
        ("Connections.csv", _connections(net, rng)),
        ("messages.csv", _messages(net)),
        ("Invitations.csv", _invitations(net)),
        ("Endorsement_Received_Info.csv", _endorsements(net, received=True)),
        ("Endorsement_Given_Info.csv", _endorsements(net, received=False)),
        ("Recommendations_Received.csv", _recommendations(net, received=True)),
        ("Recommendations_Given.csv", _recommendations(net, received=False)),
        ("Company Follows.csv", _company_follows()),
    ]
    path = folder / ZIP_NAME
    write_zip(path, members, (EXPORT_DAY.year, EXPORT_DAY.month, EXPORT_DAY.day, 4, 12, 0))
    return path


def _profile(net: Network) -> bytes:
    owner = net.owner
    header = (
        "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,"
        "Twitter Handles,Websites,Instant Messengers"
    )
    summary = "Ich verbinde Menschen, die voneinander profitieren.\nVertrieb, Netzwerke, Empfehlungsmarketing."
    industry, place, site = (
        "Business Consulting and Services",
        "Munich, Bavaria, Germany",
        "[PERSONAL:https://vogel-beratung.de]",
    )
    row = [owner.first, owner.last, "", "", "Mar 14", owner.title, summary, industry, "80331", place, "", site, ""]
    return csv_bytes([header.split(","), row])


def _email_addresses(net: Network) -> bytes:
    rows = [["Email Address", "Confirmed", "Primary", "Updated On"]]
    rows.append([net.owner.firm_email, "Yes", "Yes", "4/1/21, 9:13 AM"])
    rows.append([net.owner.gmail, "Yes", "No", "1/7/19, 8:02 AM"])
    return csv_bytes(rows)


def _positions() -> bytes:
    rows = [["Company Name", "Title", "Description", "Location", "Started On", "Finished On"]]
    rows.append(
        ["Vogel Beratung", "Inhaberin", "Beratung für Vertrieb und Empfehlungsnetzwerke", "München", "Apr 2021", ""]
    )
    rows.append(["Isarwerk Consulting GmbH", "Senior Consultant", "", "München", "Sep 2014", "Mar 2021"])
    return csv_bytes(rows)


def _company_follows() -> bytes:
    rows = [["Organization", "Followed On"], ["Isarwerk Consulting GmbH", "Tue Mar 02 10:12:45 UTC 2021"]]
    return csv_bytes(rows)


def _connections(net: Network, rng: random.Random) -> bytes:
    header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    people = sorted((h for h in net.humans if h.connected_on), key=lambda h: (h.connected_on, h.id), reverse=True)
    rows: list[list[str]] = [header]
    for number, human in enumerate(people):
        assert human.connected_on is not None and human.linkedin_url is not None
        company = human.company + ("  " if rng.random() < 0.1 else "")
        email = human.email if human.connection_email else ""
        day = timeutil.day_month_year(human.connected_on)
        rows.append([human.first, human.last, encoded(human.linkedin_url), email, company, human.title, day])
        if number % 29 == 11:  # hidden members leave rows with only a date
            rows.append(["", "", "", "", "", "", day])
    return csv_bytes(rows, preamble=CONNECTIONS_PREAMBLE)


def _messages(net: Network) -> bytes:
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,"
        "FOLDER,ATTACHMENTS,IS MESSAGE DRAFT"
    )
    rows = [header.split(",")]
    # Grouped by conversation, newest conversation first, as the exports tend to be (not globally sorted).
    latest: dict[str, dt.datetime] = {}
    for message in net.linkedin_messages:
        latest[message.conversation_id] = max(message.at, latest.get(message.conversation_id, message.at))
    ordered = sorted(net.linkedin_messages, key=lambda m: (latest[m.conversation_id], m.at), reverse=True)
    for message in ordered:
        recipients = ", ".join(net.display_name(r) for r in message.recipients)
        urls = ",".join(encoded(net.linkedin_url(r)) for r in message.recipients)
        rows.append(
            [
                message.conversation_id,
                message.title,
                net.display_name(message.sender),
                encoded(net.linkedin_url(message.sender)),
                recipients,
                urls,
                timeutil.utc_text(message.at),
                message.subject,
                message.content,
                message.folder,
                "",
                "Yes" if message.draft else "No",
            ]
        )
    return csv_bytes(rows)


def _invitations(net: Network) -> bytes:
    rows = [["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]]
    for invitation in sorted(net.invitations, key=lambda i: i.at, reverse=True):
        direction = "OUTGOING" if invitation.inviter == ME else "INCOMING"
        rows.append(
            [
                net.display_name(invitation.inviter),
                net.display_name(invitation.invitee),
                timeutil.us_short(invitation.at, pad=False),
                invitation.message,
                direction,
                net.linkedin_url(invitation.inviter),
                net.linkedin_url(invitation.invitee),
            ]
        )
    return csv_bytes(rows)


def _endorsements(net: Network, *, received: bool) -> bytes:
    role = "Endorser" if received else "Endorsee"
    columns = ["Endorsement Date", "Skill Name", f"{role} First Name", f"{role} Last Name", f"{role} Public Url"]
    rows = [[*columns, "Endorsement Status"]]
    chosen = [e for e in net.endorsements if (e.endorsee == ME) == received]
    for endorsement in sorted(chosen, key=lambda e: e.at, reverse=True):
        other = net.human(endorsement.endorser if received else endorsement.endorsee)
        assert other.linkedin_url is not None
        url = other.linkedin_url.removeprefix("https://")
        rows.append(
            [timeutil.slash_utc_text(endorsement.at), endorsement.skill, other.first, other.last, url, "ACCEPTED"]
        )
    return csv_bytes(rows)


def _recommendations(net: Network, *, received: bool) -> bytes:
    rows = [["First Name", "Last Name", "Company", "Job Title", "Text", "Creation Date", "Status"]]
    chosen = [r for r in net.recommendations if (r.recipient == ME) == received]
    for recommendation in sorted(chosen, key=lambda r: r.at, reverse=True):
        other = net.human(recommendation.recommender if received else recommendation.recipient)
        stamp = timeutil.us_short(recommendation.at, pad=True)
        status = "VISIBLE" if received else ""
        rows.append([other.first, other.last, other.company, other.title, recommendation.text, stamp, status])
    return csv_bytes(rows)
