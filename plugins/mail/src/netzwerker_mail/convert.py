"""From parsed headers to records: keys, owner recognition, noise, threads, intros.

One :class:`MailConverter` serves a whole import run, so a message stored in
several folders or files is yielded once, and introductions can be detected
across the whole mailbox.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from netzwerker.importers import ImportContext
from netzwerker.normalize import normalize_email
from netzwerker.records import AnyRecord, InteractionRecord, IntroductionRecord, PersonRecord, PersonRef

from . import noise
from .facts import MessageFacts
from .headers import Address, Headers, parse_date, parse_msgids
from .intros import IntroDetector

NAMESPACE = "mail"
MAX_SEEN_KEYS = 5_000_000  # ~40 bytes each as ints; beyond it duplicates are left to the core


@dataclass(frozen=True)
class Origin:
    """Where a message was found and what its folder or flags say about it."""

    location: str
    line: int | None = None
    folder_role: str | None = None  # "sent", "draft", "spam", "trash" from a folder name or IMAP flag
    fallback_date: dt.datetime | None = None
    thread_hint: str | None = None  # e.g. Gmail's X-GM-THRID from IMAP


_FOLDER_ROLES = {
    "sent": "sent",
    "sent items": "sent",
    "sent messages": "sent",
    "sent mail": "sent",
    "gesendet": "sent",
    "gesendete elemente": "sent",
    "gesendete objekte": "sent",
    "drafts": "draft",
    "draft": "draft",
    "entwürfe": "draft",
    "spam": "spam",
    "junk": "spam",
    "junk e-mail": "spam",
    "junk-e-mail": "spam",
    "trash": "trash",
    "deleted items": "trash",
    "deleted messages": "trash",
    "papierkorb": "trash",
    "gelöschte elemente": "trash",
    "bin": "trash",
}


def folder_role(path_parts: list[str]) -> str | None:
    """The role of a folder from its name: ``Sent``, ``.Sent``, ``[Gmail]/Sent Mail``, ``Sent.mbox`` …"""
    for part in reversed(path_parts):
        name = part.strip().lstrip(".").casefold()
        for suffix in (".mbox", ".sbd", ".mbx"):
            name = name.removesuffix(suffix)
        name = name.rsplit(".", 1)[-1] if name not in _FOLDER_ROLES else name  # Maildir++ "INBOX.Sent"
        role = _FOLDER_ROLES.get(name)
        if role:
            return role
    return None


class MailConverter:
    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self._owner: set[str] = set(context.owner.emails)
        self._owner_announced: set[str] = set()
        self._seen: set[int] = set()
        self._refs: dict[tuple[bool, str | None, str], PersonRef] = {}
        self.intros = IntroDetector()
        self.messages = 0

    # -- identity ---------------------------------------------------------------

    def is_me(self, email: str) -> bool:
        return normalize_email(email) in self._owner

    def _learn_owner(self, email: str) -> Iterator[PersonRecord]:
        key = normalize_email(email)
        self._owner.add(key)
        if key not in self._owner_announced:
            self._owner_announced.add(key)
            yield PersonRecord(key=f"owner:{key}", person=self._ref(Address(None, email), me=True))

    def _ref(self, address: Address, me: bool) -> PersonRef:
        cache_key = (me, None if me else address.name, address.email.lower())
        ref = self._refs.get(cache_key)
        if ref is None:
            if me:
                ref = PersonRef(me=True, emails=(address.email,))
            else:
                ref = PersonRef(name=_clean_name(address.name, address.email), emails=(address.email,))
            if len(self._refs) < 200_000:
                self._refs[cache_key] = ref
        return ref

    def _ident(self, email: str) -> str:
        key = normalize_email(email)
        return "me" if key in self._owner else key

    # -- messages ---------------------------------------------------------------

    def convert(self, facts: MessageFacts, origin: Origin) -> Iterator[AnyRecord]:
        ctx = self.context
        sender = facts.sender
        if facts.delivered_to is not None:
            yield from self._learn_owner(facts.delivered_to)
        if sender is not None and (origin.folder_role == "sent" or facts.sent_label):
            yield from self._learn_owner(sender.email)

        role = origin.folder_role
        if role in ("draft", "spam", "trash"):
            ctx.skip(f"{role} folder", origin.location, origin.line, warn=False, category=role)
            return
        sender_is_me = sender is not None and self.is_me(sender.email)
        category = facts.noise
        if category is None and facts.role_sender and not sender_is_me:
            category = noise.ROLE_SENDER
        if category is not None:
            ctx.skip(category, origin.location, origin.line, warn=False, category=category)
            return
        if sender is None:
            ctx.skip("message without a sender address", origin.location, origin.line)
            return

        headers = Headers(facts.fields or {})
        recipients = _unique(headers.addresses("to", "cc"))
        occurred_at = parse_date(headers.first("date")) or origin.fallback_date
        subject = headers.text("subject")
        msgids = parse_msgids(headers.first("message-id"))
        key = self._key(msgids[0] if msgids else None, sender, recipients, occurred_at, subject)
        digest = hash(key)
        if digest in self._seen:
            return  # the same message in another folder or file
        if len(self._seen) < MAX_SEEN_KEYS:
            self._seen.add(digest)

        # The owner is named by address like anyone else, never as me=True: what
        # the record says must not depend on how far into the mailbox the
        # owner's addresses were learned, or a re-import would see it "changed".
        # The owner records from _learn_owner tie those addresses to "me".
        targets = tuple(self._ref(r, False) for r in recipients)
        if not targets and not sender_is_me:
            targets = (PersonRef(me=True),)  # undisclosed recipients: the owner got it by Bcc
        if not targets:
            ctx.skip("message without recipients", origin.location, origin.line, warn=False, category="no recipients")
            return

        in_reply_to = parse_msgids(headers.first("in-reply-to"))
        status = noise.calendar_status(headers, subject)
        self.messages += 1
        yield InteractionRecord(
            key=key,
            kind="meeting" if status else "message",
            status=status,
            occurred_at=occurred_at,
            actor=self._ref(sender, False),
            targets=targets,
            channel="email",
            thread=_thread(headers, origin, msgids, in_reply_to),
            subject=subject,
            detail=f"in-reply-to:{in_reply_to[0]}" if in_reply_to else None,
            file=origin.location,
            line=origin.line,
        )
        if not status:
            self.intros.observe(
                self._ident(sender.email), [self._ident(r.email) for r in recipients], occurred_at, subject, key
            )

    def _key(
        self,
        message_id: str | None,
        sender: Address,
        recipients: list[Address],
        occurred_at: dt.datetime | None,
        subject: str | None,
    ) -> str:
        if message_id:
            return f"mid:{message_id}"
        # Exporters that rewrite or drop Message-IDs: the same mail has the same
        # sender, recipients, time and subject.
        parts = [
            normalize_email(sender.email),
            ",".join(sorted(normalize_email(r.email) for r in recipients)),
            occurred_at.astimezone(dt.UTC).isoformat() if occurred_at else "",
            subject or "",
        ]
        return "h:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]

    # -- end of run ---------------------------------------------------------------

    def finish(self) -> Iterator[IntroductionRecord]:
        for found in self.intros.finish():
            between = (self._ident_ref(found.between[0]), self._ident_ref(found.between[1]))
            digest = hashlib.sha256("|".join([found.key, found.introducer, *found.between]).encode()).hexdigest()
            yield IntroductionRecord(
                key=f"intro:{digest[:32]}",
                introducer=self._ident_ref(found.introducer),
                between=between,
                date=found.at.date(),
                note=f"detected from mail headers: {found.subject}",
                detected=True,
            )

    def _ident_ref(self, ident: str) -> PersonRef:
        return PersonRef(me=True) if ident == "me" else PersonRef(emails=(ident,))


def _thread(headers: Headers, origin: Origin, msgids: list[str], in_reply_to: list[str]) -> str | None:
    """Gmail's thread id, else the first References or In-Reply-To id, else the message's own."""
    gmail = origin.thread_hint or headers.first("x-gm-thrid")
    if gmail and gmail.strip():
        return f"gm:{gmail.strip()}"
    references = parse_msgids(headers.first("references"))
    if references:
        return references[0]
    if in_reply_to:
        return in_reply_to[0]
    return msgids[0] if msgids else None


def _unique(addresses: tuple[Address, ...]) -> list[Address]:
    seen: set[str] = set()
    result: list[Address] = []
    for address in addresses:
        key = normalize_email(address.email)
        if key not in seen:
            seen.add(key)
            result.append(address)
    return result


def _clean_name(name: str | None, email: str) -> str | None:
    if not name:
        return None
    name = name.strip().strip("'\"").strip()
    if not name or "@" in name or name.lower() == email.lower():
        return None
    return name
