"""Builds the demo network from a seed: the people first, then what happened between them.

Everything random comes from one ``random.Random(seed)`` and is drawn in a fixed
order from lists (never from sets, whose order changes between runs), so the
same seed gives the same network on every machine.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeVar

from . import names
from .model import (
    END,
    FIRM_FOUNDED,
    INVITATIONS_FROM,
    ME,
    START,
    Address,
    Endorsement,
    Human,
    Invitation,
    LedgerParty,
    LedgerRow,
    LinkedInMessage,
    Mail,
    Network,
    Owner,
    Recommendation,
    XingConversation,
    XingMessage,
    XingNote,
)

T = TypeVar("T")

#: role -> how many; see README.md for what each role means.
ROLES: tuple[tuple[str, int], ...] = (
    ("everywhere", 8),  # LinkedIn, mail, XING (contact + vCard) and the referral ledger
    ("linkedin+mail", 26),
    ("linkedin", 36),
    ("mail", 30),
    ("xing", 12),
    ("xing+mail", 6),
    ("ledger+mail", 4),  # referral partners who are on no platform
    ("invitation", 6),  # pending LinkedIn invitations, nothing else
)

_MAIL_ROLES = ("everywhere", "linkedin+mail", "mail", "xing+mail", "ledger+mail")
_LINKEDIN_ROLES = ("everywhere", "linkedin+mail", "linkedin")
_XING_ROLES = ("everywhere", "xing", "xing+mail")


def build_network(seed: int) -> Network:
    return _Builder(seed).build()


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.owner = Owner()
        self.humans: list[Human] = []
        self.net = Network(self.owner, self.humans)
        self._names: set[str] = {self.owner.name}
        self._gmail_ids = 1_580_000_000_000_000_000

    # -- helpers ---------------------------------------------------------------

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(items), min(k, len(items)))

    def moment(self, start: dt.datetime, end: dt.datetime) -> dt.datetime:
        """A random moment in office hours (German time, roughly) between start and end."""
        if end <= start:
            end = start + dt.timedelta(hours=2)
        span = int((end - start).total_seconds())
        day = start + dt.timedelta(seconds=self.rng.randrange(span))
        return day.replace(hour=self.rng.randrange(6, 17), minute=self.rng.randrange(60), second=self.rng.randrange(60))

    def later(self, moment: dt.datetime, max_hours: int = 72) -> dt.datetime:
        return moment + dt.timedelta(minutes=self.rng.randrange(20, max_hours * 60))

    def role(self, role: str) -> list[Human]:
        return [h for h in self.humans if h.role == role]

    def with_roles(self, *roles: str) -> list[Human]:
        return [h for h in self.humans if h.role in roles]

    # -- people ----------------------------------------------------------------

    def build(self) -> Network:
        for role, count in ROLES:
            for _ in range(count):
                self.add_human(role)
        self.add_special_people()
        self.add_platform_details()
        self.add_linkedin()
        self.add_xing()
        self.add_mail()
        self.add_ledger()
        return self.net

    def new_name(self) -> tuple[str, str]:
        while True:
            if self.rng.random() < 0.25:
                first, last = self.pick(names.INTERNATIONAL)
            else:
                first, last = self.pick(names.GERMAN_FIRST), self.pick(names.GERMAN_LAST)
            if f"{first} {last}" not in self._names:
                self._names.add(f"{first} {last}")
                return first, last

    def add_human(self, role: str, first: str = "", last: str = "", company: int | None = None) -> Human:
        if not first:
            first, last = self.new_name()
        company_name, domain = names.COMPANIES[company if company is not None else self.rng.randrange(24)]
        human = Human(
            id=f"h{len(self.humans) + 1:03d}",
            role=role,
            first=first,
            last=last,
            company=company_name,
            domain=domain,
            title=self.pick(names.TITLES),
        )
        self.humans.append(human)
        return human

    def add_special_people(self) -> None:
        # Two different people called Thomas Müller, at two firms: they must stay two.
        for company, slug, email in (
            (0, "thomas-mueller-isarwerk", "thomas.mueller@isarwerk-consulting.de"),
            (5, "thomas-müller-7b3a1c", "t.mueller@roth-partner.de"),
        ):
            twin = self.add_human("linkedin+mail", "Thomas", "Müller", company)
            twin.linkedin_slug, twin.emails, twin.connection_email = slug, [email], True
        # People whose names are in other scripts (addresses and slugs are Latin or raw Unicode).
        dmitry = self.add_human("linkedin+mail", *names.NON_LATIN[0], company=21)
        dmitry.connection_email = True
        self.add_human("mail", *names.NON_LATIN[1], company=13)
        nikos = self.add_human("linkedin", *names.NON_LATIN[2], company=20)
        nikos.linkedin_slug = "νίκος-παπαδόπουλος-5a1"
        # Someone who left their firm: the one mail to them bounced.
        self.add_human("bounced", "Ralf", "Oberhuber", company=6)

    def add_platform_details(self) -> None:
        linkedin_start = START.date()
        for human in self.humans:
            folded_first = names.TRANSLIT.get(human.first, names.ascii_fold(human.first))
            folded_last = names.TRANSLIT.get(human.last, names.ascii_fold(human.last))
            if not human.emails:
                human.emails = [self.email_for(human, folded_first, folded_last)]
            if (human.role in _LINKEDIN_ROLES or human.role == "invitation") and human.linkedin_slug is None:
                human.linkedin_slug = self.slug_for(human, folded_first, folded_last)
            if human.role in _LINKEDIN_ROLES:
                if human.connected_on is None:
                    days = (END.date() - linkedin_start).days
                    human.connected_on = linkedin_start + dt.timedelta(days=self.rng.randrange(days))
                if human.role in ("everywhere", "linkedin+mail") and self.rng.random() < 0.3:
                    human.connection_email = True
            if human.role in _XING_ROLES:
                human.xing_slug = f"{folded_first}_{folded_last}".replace(" ", "_").replace("'", "")
                human.xing_contact = True
                human.xing_confirmed = self.moment(dt.datetime(2011, 1, 1, tzinfo=dt.UTC), FIRM_FOUNDED)
                human.vcard = human.role == "everywhere" or self.rng.random() < 0.6
                human.vcard_email = human.role == "everywhere" or (
                    human.role == "xing+mail" and self.rng.random() < 0.5
                )
            if human.role in _MAIL_ROLES and self.rng.random() < 0.2:
                human.mail_name = self.mail_name_variant(human)
        # The spreadsheet names most partners by address, some by profile URL or by name.
        ways = ("email", "name", "linkedin", "email", "name", "email", "linkedin", "email")
        for human, how in zip(self.role("everywhere"), ways, strict=True):
            human.ledger_by = how
        for human in self.humans:  # the spreadsheet is cp1252: what it cannot spell, it names by address
            if human.ledger_by != "email" and not _cp1252(human.name + (human.linkedin_url or "")):
                human.ledger_by = "email"
        # One partner writes from Gmail with dots; the spreadsheet has the googlemail form without.
        partner = self.role("ledger+mail")[0]
        local = names.ascii_fold(f"{partner.first}.{partner.last}").lower().replace(" ", "")
        partner.emails = [f"{local}@gmail.com"]
        partner.alt_email = f"{local.replace('.', '').capitalize()}@googlemail.com"
        # One XING contact was never confirmed (XING leaves the date empty).
        self.role("xing")[0].xing_confirmed = None

    def email_for(self, human: Human, first: str, last: str) -> str:
        first, last = first.lower().replace(" ", ""), last.lower().replace(" ", "-").replace("'", "")
        if human.role == "ledger+mail" or self.rng.random() < 0.15:
            return f"{first}.{last}{self.rng.randrange(10, 99)}@{self.pick(names.CONSUMER_DOMAINS)}"
        form = self.rng.randrange(4)
        local = (f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}", f"{first[0]}{last}")[form]
        return f"{local}@{human.domain}"

    def slug_for(self, human: Human, first: str, last: str) -> str:
        if self.rng.random() < 0.06:  # LinkedIn keeps umlauts in some vanity URLs
            base = f"{human.first}-{human.last}".lower().replace(" ", "-")
        else:
            base = f"{first}-{last}".lower().replace(" ", "-").replace("'", "")
        if self.rng.random() < 0.2:
            return base
        return f"{base}-{self.rng.getrandbits(28):07x}"

    def mail_name_variant(self, human: Human) -> str:
        variants = (
            f"{human.last}, {human.first}",
            f"Dr. {human.first} {human.last}",
            f"{human.first} {human.last} | {human.company}",
        )
        return self.pick(variants)

    # -- LinkedIn --------------------------------------------------------------

    def conversation_id(self) -> str:
        return "2-" + base64.b64encode(self.rng.randbytes(40)).decode("ascii")

    def add_linkedin(self) -> None:
        net, rng = self.net, self.rng
        connected = self.with_roles(*_LINKEDIN_ROLES)
        for human in connected:
            assert human.connected_on is not None
            since = dt.datetime.combine(human.connected_on, dt.time(9), dt.UTC)
            chance = {"everywhere": 0.9, "linkedin+mail": 0.45, "linkedin": 0.5}[human.role]
            for _ in range(rng.randrange(1, 3) if rng.random() < chance else 0):
                self.linkedin_conversation([human.id], self.moment(since, END))
            if human.connected_on >= INVITATIONS_FROM.date():
                sent = since - dt.timedelta(days=rng.randrange(0, 6), hours=rng.randrange(1, 9))
                inviter, invitee = (ME, human.id) if rng.random() < 0.5 else (human.id, ME)
                net.invitations.append(
                    Invitation(
                        sent,
                        inviter,
                        invitee,
                        self.pick(("", "", "Hallo, wir haben uns auf dem Netzwerkabend kennengelernt.")),
                    )
                )
        for group in (self.sample(connected, 2), self.sample(connected, 3), self.sample(connected, 2)):
            latest = max(h.connected_on for h in group if h.connected_on)
            self.linkedin_conversation(
                [h.id for h in group], self.moment(dt.datetime.combine(latest, dt.time(9), dt.UTC), END), title=""
            )
        # A draft the owner never sent is no message.
        talker = next(m for m in net.linkedin_messages if len(m.recipients) == 1 and m.sender == ME)
        net.linkedin_messages.append(
            LinkedInMessage(
                talker.conversation_id,
                "",
                ME,
                talker.recipients,
                self.later(talker.at),
                "",
                "Hallo, kurze Frage zu",
                "INBOX",
                draft=True,
            )
        )
        for human in self.role("invitation"):
            sent = self.moment(INVITATIONS_FROM, END)
            inviter, invitee = (ME, human.id) if len(net.invitations) % 2 else (human.id, ME)
            net.invitations.append(Invitation(sent, inviter, invitee, ""))
        for endorser in self.sample(connected, 24):
            self.endorse(endorser.id, ME, rng.randrange(1, 5), endorser)
        for endorsee in self.sample(connected, 14):
            self.endorse(ME, endorsee.id, rng.randrange(1, 4), endorsee)
        for recommender in self.sample(self.with_roles("everywhere", "linkedin"), 5):
            self.recommend(recommender.id, ME, recommender)
        for recipient in self.sample(self.with_roles("everywhere", "linkedin", "linkedin+mail"), 4):
            self.recommend(ME, recipient.id, recipient)

    def linkedin_conversation(self, others: list[str], start: dt.datetime, title: str = "") -> None:
        members = [ME, *others]
        conv = self.conversation_id()
        at = start
        sender = self.pick(members)
        for _ in range(self.rng.randrange(1, 6 if len(others) == 1 else 7)):
            if at >= END:
                break
            recipients = tuple(m for m in members if m != sender)
            text = self.pick(names.LINES)
            if self.rng.random() < 0.1:
                text = f"<p>{text}</p><p>Viele Grüße &amp; bis bald</p>"
            folder = "ARCHIVE" if self.rng.random() < 0.1 else "INBOX"
            self.net.linkedin_messages.append(LinkedInMessage(conv, title, sender, recipients, at, "", text, folder))
            at = self.later(at, 96)
            sender = self.pick([m for m in members if m != sender]) if len(members) > 2 else recipients[0]

    def endorse(self, endorser: str, endorsee: str, skills: int, contact: Human) -> None:
        assert contact.connected_on is not None
        since = dt.datetime.combine(contact.connected_on, dt.time(9), dt.UTC)
        at = self.moment(since, END)
        for number, skill in enumerate(self.sample(names.SKILLS, skills)):
            self.net.endorsements.append(Endorsement(at + dt.timedelta(seconds=3 * number), skill, endorser, endorsee))

    def recommend(self, recommender: str, recipient: str, contact: Human) -> None:
        assert contact.connected_on is not None
        since = dt.datetime.combine(contact.connected_on, dt.time(9), dt.UTC)
        other = contact.first
        text = self.pick((
            f"Ich habe mit {'Katrin' if recipient == ME else other} in mehreren Projekten gearbeitet – verlässlich.",
            "Strukturiert, herzlich und mit einem beeindruckenden Netzwerk. Klare Empfehlung!",
            'Sehr gute Zusammenarbeit, "immer einen Schritt voraus".',
        ))  # fmt: skip
        self.net.recommendations.append(Recommendation(self.moment(since, END), recommender, recipient, text))

    # -- XING ------------------------------------------------------------------

    def add_xing(self) -> None:
        xing_people = self.with_roles(*_XING_ROLES)
        period = (dt.datetime(2019, 1, 10, tzinfo=dt.UTC), dt.datetime(2023, 6, 30, tzinfo=dt.UTC))
        for human in xing_people:
            if self.rng.random() < 0.75 or human.xing_confirmed is None:
                self.xing_conversation([human.id], self.moment(*period))
        self.xing_conversation(
            [h.id for h in self.sample(xing_people, 3)], self.moment(*period), "Stammtisch Vertrieb Süd"
        )
        for human in self.sample(xing_people, 4):
            self.net.xing_notes.append(XingNote(human.id, self.moment(*period), self.pick((
                "Kennengelernt beim Unternehmerfrühstück, sucht Vertriebspartner.",
                "Ehemals Kollege bei Isarwerk.\nMag Segeln.",
                "Empfehlung von Uwe; Thema Nachfolge.",
            ))))  # fmt: skip
        self.net.xing_notes.append(XingNote(ME, self.moment(*period), "Profil aktualisieren"))

    def xing_conversation(self, others: list[str], start: dt.datetime, subject: str = "") -> None:
        subject = subject or self.pick(names.SUBJECTS)
        conv = XingConversation(subject, (ME, *others))
        at, sender = start, self.pick([ME, *others])
        for _ in range(self.rng.randrange(1, 5)):
            text = self.pick(names.LINES)
            if self.rng.random() < 0.15:
                text += "\n\nBeste Grüße\n" + self.net.display_name(sender).split()[0]
            conv.messages.append(XingMessage(sender, at, text))
            at = self.later(at, 120)
            sender = self.pick([m for m in conv.participants if m != sender])
        self.net.xing_conversations.append(conv)

    # -- mail ------------------------------------------------------------------

    def address(self, who: str, moment: dt.datetime) -> Address:
        if who == ME:
            return Address(ME, self.owner.name, self.owner.email_at(moment))
        human = self.net.human(who)
        return Address(who, human.mail_name or human.name, human.email)

    def new_mail(
        self,
        at: dt.datetime,
        sender: Address,
        to: list[Address],
        *,
        thread_id: int | None = None,
        labels: tuple[str, ...] = (),
        headers: tuple[tuple[str, str], ...] = (),
        **fields: Any,
    ) -> Mail:
        self._gmail_ids += self.rng.randrange(10**12, 10**15)
        gmail_id = self._gmail_ids
        domain = sender.email.rpartition("@")[2]
        message_id = f"<{self.rng.getrandbits(64):016x}.{gmail_id % 10**6}@{domain}>"
        labels = labels or (("Sent",) if sender.who == ME else self.inbox_labels())
        mail = Mail(
            gmail_id, thread_id or gmail_id, message_id, at, sender, to, labels=labels, extra_headers=headers, **fields
        )
        self.net.mails.append(mail)
        return mail

    def inbox_labels(self) -> tuple[str, ...]:
        return self.pick(
            (("Inbox", "Opened"), ("Archived", "Opened"), ("Important", "Inbox", "Opened"), ("Opened", "Geschäftlich"))
        )

    def add_mail(self) -> None:
        rng = self.rng
        mail_people = self.with_roles(*_MAIL_ROLES)
        for human in mail_people:
            threads = rng.randrange(3, 6) if human.role == "everywhere" else rng.randrange(1, 4)
            for _ in range(threads):
                cc = self.pick([h for h in mail_people if h is not human]) if rng.random() < 0.2 else None
                self.mail_thread(human, cc, self.moment(START, END))
        # Mail in which the owner is only copied: the sender gave her a message, the To recipient got nothing from her.
        for _ in range(4):
            sender, colleague = self.sample(mail_people, 2)
            at = self.moment(START, END)
            self.new_mail(
                at,
                self.address(sender.id, at),
                [self.address(colleague.id, at)],
                cc=[self.address(ME, at)],
                subject=self.pick(names.SUBJECTS),
                body=self.pick(names.LINES),
            )
        # One mail to many: every To recipient counts.
        for subject in ("Neuigkeiten aus der Vogel Beratung", "Frohe Weihnachten und danke für 2024!"):
            at = self.moment(FIRM_FOUNDED, END)
            to = [self.address(h.id, at) for h in self.sample(mail_people, rng.randrange(6, 9))]
            self.new_mail(
                at,
                self.address(ME, at),
                to,
                subject=subject,
                body="Liebe Kontakte,\nein kurzes Update von mir.\nFrom now on: neue Adresse!",
            )
        # Blind copies: the owner writes to herself and hides the recipients; Bcc is not counted.
        at = self.moment(FIRM_FOUNDED, END)
        bcc = [self.address(h.id, at) for h in self.sample(mail_people, 5)]
        self.new_mail(
            at,
            self.address(ME, at),
            [self.address(ME, at)],
            bcc=bcc,
            subject="Einladung zum Netzwerkfrühstück am Freitag",
            body="Hallo zusammen,\nwer ist dabei?",
        )
        self.add_mail_noise(mail_people)

    def mail_thread(self, human: Human, cc: Human | None, start: dt.datetime) -> None:
        subject = self.pick(names.SUBJECTS)
        sender = self.pick([ME, human.id])
        at, first, last = start, None, None
        references: tuple[str, ...] = ()
        for number in range(self.rng.randrange(1, 6)):
            if at >= END:
                break
            if cc is not None and sender != ME and self.rng.random() < 0.3:
                sender_id, other = cc.id, ME  # the copied colleague answers to all
            else:
                sender_id, other = sender, (human.id if sender == ME else ME)
            copied = [] if cc is None else [x for x in (ME, human.id, cc.id) if x not in (sender_id, other)]
            prefix = "" if number == 0 else self.pick(("Re: ", "AW: "))
            mail = self.new_mail(
                at,
                self.address(sender_id, at),
                [self.address(other, at)],
                cc=[self.address(x, at) for x in copied],
                subject=prefix + subject,
                body=self.pick(names.LINES),
                thread_id=first.gmail_id if first else None,
                in_reply_to=last.message_id if last else None,
                references=references,
            )
            first = first or mail
            last = mail
            references = (*references, mail.message_id)
            at = self.later(at, 96)
            sender = human.id if sender == ME else ME

    def add_mail_noise(self, mail_people: list[Human]) -> None:
        rng = self.rng
        newsletters = (
            (
                "Handelsblatt Morning Briefing",
                "newsletter@mail.handelsblatt-briefing.example",
                "<morning.handelsblatt-briefing.example>",
            ),
            ("IHK München", "news@ihk-muenchen-news.example", "<ihk-news.ihk-muenchen-news.example>"),
            ("Gründerszene Weekly", "weekly@gruenderszene-weekly.example", "<weekly.gruenderszene-weekly.example>"),
            ("Vertriebsprofis Newsletter", "info@vertriebsprofis.example", "<newsletter.vertriebsprofis.example>"),
        )
        headers: tuple[tuple[str, str], ...]
        for number in range(14):
            name, email, list_id = newsletters[number % len(newsletters)]
            at = self.moment(START, END)
            headers = (
                ("List-Id", f"{name} {list_id}"),
                (
                    "List-Unsubscribe",
                    f"<mailto:unsubscribe@{email.partition('@')[2]}>, <https://{email.partition('@')[2]}/u?id={number}>",
                ),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                ("Precedence", "bulk"),
            )
            self.new_mail(
                at,
                Address(None, name, email),
                [self.address(ME, at)],
                subject=f"{name}: Ausgabe {number + 1}",
                body="Die Themen der Woche …",
                labels=("Category Promotions", "Inbox"),
                noise="newsletter",
                headers=headers,
            )
        for _ in range(3):
            at = self.moment(START, END)
            headers = (
                ("List-Unsubscribe", "<https://www.linkedin.com/e/v2?e=unsub>"),
                ("Feedback-ID", "linkedin:notifications"),
            )
            self.new_mail(
                at,
                Address(None, "LinkedIn", "messages-noreply@linkedin.com"),
                [self.address(ME, at)],
                subject="Sie haben 3 neue Benachrichtigungen",
                labels=("Category Social", "Inbox"),
                noise="notification",
                headers=headers,
            )
        for name, email, subject in (
            ("Google", "no-reply@accounts.google.com", "Sicherheitswarnung"),
            ("DB Reisezentrum", "noreply@bahn-reise.example", "Ihre Fahrkarte München – Hamburg"),
        ):
            at = self.moment(START, END)
            self.new_mail(
                at,
                Address(None, name, email),
                [self.address(ME, at)],
                subject=subject,
                body="Diese Nachricht wurde automatisch erstellt.",
                noise="noreply",
            )
        # Out-of-office answers from real contacts to the owner's mail.
        sent = [m for m in self.net.mails if m.sender.who == ME and len(m.to) == 1 and m.to[0].who not in (None, ME)]
        for original in self.sample(sent, 3):
            at = original.at + dt.timedelta(seconds=rng.randrange(5, 90))
            headers = (("Auto-Submitted", "auto-replied"), ("X-Autoreply", "yes")) + (
                (("Return-Path", "<>"),) if rng.random() < 0.5 else ()
            )
            self.new_mail(
                at,
                original.to[0],
                [original.sender],
                subject=f"Abwesenheitsnotiz: {original.subject}",
                body="Ich bin bis zum 14. zurück.",
                thread_id=original.thread_id,
                in_reply_to=original.message_id,
                noise="auto-reply",
                headers=headers,
            )
        # A mail to someone who left their firm, and the bounce it caused.
        ralf = self.role("bounced")[0]
        at = self.moment(FIRM_FOUNDED, END)
        original = self.new_mail(
            at,
            self.address(ME, at),
            [self.address(ralf.id, at)],
            subject="Lange nicht gesprochen",
            body="Hallo Ralf, wie geht es dir?",
        )
        headers = (("Return-Path", "<>"), ("Auto-Submitted", "auto-replied"), ("X-Failed-Recipients", ralf.email))
        self.new_mail(
            at + dt.timedelta(seconds=4),
            Address(None, "Mail Delivery Subsystem", "mailer-daemon@googlemail.com"),
            [self.address(ME, at)],
            subject="Delivery Status Notification (Failure)",
            body="Die Adresse wurde nicht gefunden.",
            thread_id=original.thread_id,
            noise="bounce",
            headers=headers,
        )
        # A contact posting to a mailing list the owner reads: list mail, not a message to her.
        poster = self.role("everywhere")[0]
        for _ in range(2):
            at = self.moment(START, END)
            headers = (
                ("List-Id", "Netzwerk Muenchen <netzwerk-muenchen.lists.example.org>"),
                ("Precedence", "list"),
                ("List-Post", "<mailto:netzwerk-muenchen@lists.example.org>"),
            )
            self.new_mail(
                at,
                self.address(poster.id, at),
                [Address(None, "Netzwerk München", "netzwerk-muenchen@lists.example.org")],
                subject="[Netzwerk München] Termine im Herbst",
                body="Hallo in die Runde!",
                labels=("Category Forums", "Inbox"),
                noise="list",
                headers=headers,
            )
        # A draft is not a message.
        target = self.pick(mail_people)
        at = self.moment(FIRM_FOUNDED, END)
        self.new_mail(
            at,
            self.address(ME, at),
            [self.address(target.id, at)],
            subject="Entwurf: Angebot",
            body="Hallo,",
            labels=("Drafts",),
            draft=True,
        )

    # -- referral ledger -------------------------------------------------------

    def party(self, who: str, how: str | None = None) -> LedgerParty:
        if who == ME:
            return LedgerParty(ME, "me")
        human = self.net.human(who)
        how = how or human.ledger_by
        if how == "linkedin" and human.linkedin_url:
            return LedgerParty(who, human.linkedin_url)
        if how == "name":
            return LedgerParty(who, human.name)
        return LedgerParty(who, human.alt_email or human.email)

    def add_ledger(self) -> None:
        rng = self.rng
        partners = self.with_roles("everywhere", "ledger+mail")
        prospects = [h for h in self.role("mail") if _cp1252(h.name)]
        receivers = self.with_roles("everywhere", "ledger+mail", "linkedin+mail")
        notes = (
            "Kontakt über Netzwerkabend",
            "Auftrag Strategieworkshop",
            "Sucht Interim-Vertriebsleitung",
            "Rückmeldung ausstehend",
            "",
        )
        for number in range(7):
            giver = partners[number % len(partners)]
            status = self.pick(("won", "won", "lost", "contacted", "open"))
            value = Decimal(rng.randrange(12, 160) * 100) if status == "won" else None
            other = None if number == 3 else self.party(self.pick(prospects).id, "name" if number == 5 else "email")
            self.net.ledger.append(
                LedgerRow(
                    self.ledger_day(),
                    "referral",
                    self.party(giver.id),
                    self.party(ME),
                    other,
                    status,
                    value,
                    "EUR" if value else "",
                    self.pick(notes),
                )
            )
        for number in range(5):
            receiver = receivers[(number * 3) % len(receivers)]
            status = self.pick(("won", "contacted", "declined"))
            value = Decimal(rng.randrange(12, 90) * 100 + 50) if status == "won" else None
            other = self.party(self.pick(prospects).id, "email")
            self.net.ledger.append(
                LedgerRow(
                    self.ledger_day(),
                    "referral",
                    self.party(ME),
                    self.party(receiver.id),
                    other,
                    status,
                    value,
                    "EUR" if value else "",
                    self.pick(notes),
                )
            )
        for number in range(3):
            introducer = partners[(number * 2 + 1) % len(partners)]
            other = self.party(self.pick(prospects).id, "email")
            self.net.ledger.append(
                LedgerRow(
                    self.ledger_day(),
                    "introduction",
                    self.party(introducer.id),
                    self.party(ME),
                    other,
                    note="Vorstellung per Mail",
                )
            )
        for _ in range(3):
            first, second = self.sample(receivers, 2)
            self.net.ledger.append(
                LedgerRow(
                    self.ledger_day(),
                    "introduction",
                    self.party(ME),
                    self.party(first.id),
                    self.party(second.id),
                    note="Beide suchen Partner im Mittelstand",
                )
            )

    def ledger_day(self) -> dt.date:
        return self.moment(dt.datetime(2021, 5, 1, tzinfo=dt.UTC), END).date()


def _cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True
