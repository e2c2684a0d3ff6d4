"""The demo network: who the owner knows, and every event between them, per channel.

The writers in :mod:`demo.formats` serialise these structures; :mod:`demo.truth`
counts them by the rules of CLI.md. Both read the same structures and never
each other, so the files and the ground truth cannot drift apart silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

ME = "me"
EXPORT_DAY = dt.date(2026, 11, 15)
START = dt.datetime(2019, 1, 7, 8, 0, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 14, 17, 0, tzinfo=dt.UTC)
#: LinkedIn's Invitations.csv only reaches back about a year before the export.
INVITATIONS_FROM = dt.datetime(2025, 11, 20, tzinfo=dt.UTC)
#: Before this day the owner mailed from her Gmail address, afterwards from her firm's.
FIRM_FOUNDED = dt.datetime(2021, 4, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Owner:
    first: str = "Katrin"
    last: str = "Vogel"
    company: str = "Vogel Beratung"
    title: str = "Inhaberin, Beraterin für Vertrieb und Netzwerke"
    linkedin_slug: str = "katrin-vogel-muc"
    xing_slug: str = "Katrin_Vogel3"
    firm_email: str = "katrin.vogel@vogel-beratung.de"
    gmail: str = "katrin.vogel.muc@gmail.com"

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def emails(self) -> tuple[str, str]:
        return (self.firm_email, self.gmail)

    @property
    def linkedin_url(self) -> str:
        return f"https://www.linkedin.com/in/{self.linkedin_slug}"

    @property
    def xing_url(self) -> str:
        return f"https://www.xing.com/profile/{self.xing_slug}"

    def email_at(self, moment: dt.datetime) -> str:
        return self.firm_email if moment >= FIRM_FOUNDED else self.gmail


@dataclass
class Human:
    """One counterpart. Which sources know them follows from the fields that are set."""

    id: str
    role: str
    first: str
    last: str
    company: str
    domain: str
    title: str
    emails: list[str] = field(default_factory=list)
    #: the name as their mail client writes it ("Müller, Jürgen", "Dr. Sabine Krause")
    mail_name: str | None = None
    linkedin_slug: str | None = None
    connected_on: dt.date | None = None
    #: whether the person lets connections export their address (Connections.csv)
    connection_email: bool = False
    xing_slug: str | None = None
    xing_contact: bool = False
    xing_confirmed: dt.datetime | None = None
    vcard: bool = False
    vcard_email: bool = False
    #: how the referral spreadsheet names them: "email", "linkedin", "name"
    ledger_by: str = "email"
    #: a second address they write from (Gmail with dots, an old employer)
    alt_email: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def linkedin_url(self) -> str | None:
        return f"https://www.linkedin.com/in/{self.linkedin_slug}" if self.linkedin_slug else None

    @property
    def xing_url(self) -> str | None:
        return f"https://www.xing.com/profile/{self.xing_slug}" if self.xing_slug else None

    @property
    def email(self) -> str:
        return self.emails[0]


@dataclass(frozen=True)
class LinkedInMessage:
    conversation_id: str
    title: str
    sender: str
    recipients: tuple[str, ...]
    at: dt.datetime
    subject: str
    content: str
    folder: str
    draft: bool = False


@dataclass(frozen=True)
class Invitation:
    at: dt.datetime
    inviter: str
    invitee: str
    message: str = ""


@dataclass(frozen=True)
class Endorsement:
    at: dt.datetime
    skill: str
    endorser: str
    endorsee: str


@dataclass(frozen=True)
class Recommendation:
    at: dt.datetime
    recommender: str
    recipient: str
    text: str


@dataclass(frozen=True)
class XingMessage:
    sender: str
    at: dt.datetime
    content: str


@dataclass
class XingConversation:
    subject: str
    participants: tuple[str, ...]  # the owner included, as XING lists them
    messages: list[XingMessage] = field(default_factory=list)


@dataclass(frozen=True)
class XingNote:
    about: str  # a human id or ME (XING lists a note row named like the archive owner)
    at: dt.datetime
    text: str


@dataclass(frozen=True)
class Address:
    """A mailbox in a header: ``who`` is a human id, ME, or None for machines and lists."""

    who: str | None
    name: str
    email: str


@dataclass
class Mail:
    gmail_id: int
    thread_id: int
    message_id: str
    at: dt.datetime
    sender: Address
    to: list[Address]
    cc: list[Address] = field(default_factory=list)
    bcc: list[Address] = field(default_factory=list)
    subject: str = ""
    body: str = ""
    labels: tuple[str, ...] = ("Inbox", "Opened")
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    #: why this mail is not a human interaction: newsletter, notification, auto-reply, bounce, noreply, list
    noise: str | None = None
    draft: bool = False
    extra_headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class LedgerParty:
    who: str  # a human id or ME
    written: str  # what the spreadsheet cell says


@dataclass(frozen=True)
class LedgerRow:
    date: dt.date
    kind: str  # referral | introduction
    giver: LedgerParty
    receiver: LedgerParty
    other: LedgerParty | None
    status: str = ""
    value: Decimal | None = None
    currency: str = ""
    note: str = ""


@dataclass
class Network:
    owner: Owner
    humans: list[Human]
    linkedin_messages: list[LinkedInMessage] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    endorsements: list[Endorsement] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    xing_conversations: list[XingConversation] = field(default_factory=list)
    xing_notes: list[XingNote] = field(default_factory=list)
    mails: list[Mail] = field(default_factory=list)
    ledger: list[LedgerRow] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_id: dict[str, Human] = {}

    def human(self, who: str) -> Human:
        if len(self._by_id) != len(self.humans):  # the builder is still adding people
            self._by_id = {h.id: h for h in self.humans}
        return self._by_id[who]

    def display_name(self, who: str) -> str:
        return self.owner.name if who == ME else self.human(who).name

    def linkedin_url(self, who: str) -> str:
        url = self.owner.linkedin_url if who == ME else self.human(who).linkedin_url
        assert url is not None, f"{who} is not on LinkedIn"
        return url
