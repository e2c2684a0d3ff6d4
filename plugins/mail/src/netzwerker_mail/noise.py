"""Which messages are not interactions between people (research/mail.md §3).

Order matters: a bounce sent through a list is a bounce, not list mail.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .headers import Address, Headers

# Category labels shown in ``skipped_by_reason``.
DELETED = "deleted"
DRAFT = "draft"
SPAM = "spam"
TRASH = "trash"
CHAT = "chat"
BOUNCE = "bounce"
RECEIPT = "receipt"
AUTO_REPLY = "auto-reply"
MAILING_LIST = "mailing list"
ROLE_SENDER = "automated sender"

_ROLE_LOCAL = re.compile(
    r"""^(
        no[-_.]?reply|do[-_.]?not[-_.]?reply|donotreply|noreply[-_.+].*|.*[-_.+]noreply
        |mailer[-_.]?daemon|postmaster|bounces?|bounce[-_.+].*|.*[-_.+]bounces?
        |notifications?|notify|newsletters?|news|info|hello|help|support|marketing|mailer|daemon
        |.*-request|.*-owner|owner-.*|listserv|majordomo
    )$""",
    re.VERBOSE,
)

_SPAM_LABELS = {"spam", "junk"}
_TRASH_LABELS = {"trash", "papierkorb", "bin"}
_DRAFT_LABELS = {"draft", "drafts", "entwurf", "entwürfe"}
_CHAT_LABELS = {"chat", "chats"}


@lru_cache(maxsize=65536)
def is_role_address(email: str) -> bool:
    local = email.rpartition("@")[0].lower()
    return bool(_ROLE_LOCAL.match(local))


def gmail_labels(headers: Headers) -> frozenset[str]:
    value = headers.first("x-gmail-labels")
    if not value:
        return frozenset()
    return _labels(value)


@lru_cache(maxsize=4096)
def _labels(value: str) -> frozenset[str]:
    """``Inbox,"Sent, 2019",Kunden/Projekt Ä`` → its labels; a label with a comma comes quoted.

    Cached: a mailbox has few distinct label combinations.
    """
    import csv

    try:
        labels = next(csv.reader([value], skipinitialspace=True), [])
    except csv.Error:  # an unbalanced quote: read it plainly
        labels = value.split(",")
    return frozenset(label.strip().strip('"').casefold() for label in labels if label.strip())


def mozilla_expunged(headers: Headers) -> bool:
    value = headers.first("x-mozilla-status")
    if not value:
        return False
    try:
        return bool(int(value.strip()[:4], 16) & 0x0008)
    except ValueError:
        return False


#: any of these fields marks list mail (RFC 2369/2919, Mailman, ezmlm, old Yahoo groups)
_LIST_FIELDS = (
    "list-id",
    "list-unsubscribe",
    "list-post",
    "x-mailman-version",
    "x-beenthere",
    "mailing-list",
    "x-mailing-list",
)


def classify(headers: Headers, sender: Address | None, labels: frozenset[str]) -> str | None:
    """The noise category of a message whoever the owner is, or ``None``.

    One more rule needs the owner's addresses and is applied by the converter:
    a role sender (:func:`is_role_address`) is noise unless it is the owner.
    """
    fields = headers.fields  # read directly: this runs once per message
    if "x-mozilla-status" in fields and mozilla_expunged(headers):
        return DELETED
    if labels:
        if labels & _DRAFT_LABELS:
            return DRAFT
        if labels & _SPAM_LABELS:
            return SPAM
        if labels & _TRASH_LABELS:
            return TRASH
        if labels & _CHAT_LABELS:
            return CHAT
    if "x-spam-flag" in fields and (headers.first("x-spam-flag") or "").strip().lower() == "yes":
        return SPAM
    content_type = (headers.first("content-type") or "").lower()
    if "multipart/report" in content_type:
        return RECEIPT if "disposition-notification" in content_type else BOUNCE
    return_path = headers.first("return-path")
    if return_path is not None and return_path.strip() in ("<>", ""):
        auto = (headers.first("auto-submitted") or "").strip().lower()
        return AUTO_REPLY if auto.startswith("auto-replied") else BOUNCE
    if sender is None and "<>" in (headers.first("from") or ""):
        return BOUNCE
    if "auto-submitted" in fields and not (headers.first("auto-submitted") or "no").strip().lower().startswith("no"):
        return AUTO_REPLY
    if "x-autoreply" in fields or "x-autorespond" in fields:
        return AUTO_REPLY
    if _is_list(fields):
        return MAILING_LIST
    return None


def _is_list(fields: dict[str, list[str]]) -> bool:
    for name in _LIST_FIELDS:
        if name in fields:
            return True
    precedence = fields.get("precedence")
    if not precedence:
        return False
    return precedence[0].strip().lower() in ("bulk", "list", "junk")


_INVITE_SUBJECT = re.compile(
    r"^\s*(?:(?P<request>invitation|updated invitation|einladung|aktualisierte einladung|neue einladung)"
    r"|(?P<accepted>accepted|angenommen|zugesagt)"
    r"|(?P<declined>declined|abgelehnt|abgesagt)"
    r"|(?P<tentative>tentatively accepted|tentative|mit vorbehalt angenommen|vorläufig angenommen)"
    r"|(?P<canceled>canceled event|cancelled event|canceled|cancelled|abgesagtes ereignis|absage))"
    r"(?:\s+with note)?\s*:",
    re.IGNORECASE,
)


def calendar_status(headers: Headers, subject: str | None) -> str | None:
    """``request``/``accepted``/… when the message is a calendar invitation or response."""
    content_type = (headers.first("content-type") or "").lower()
    if "text/calendar" in content_type:
        match = re.search(r"method=\"?(\w+)", content_type)
        method = match.group(1) if match else "request"
        return {"reply": "accepted", "cancel": "canceled"}.get(method, method)
    content_class = (headers.first("content-class") or "").lower()
    is_calendar_class = "calendarmessage" in content_class
    if subject:
        match = _INVITE_SUBJECT.match(subject)
        if match:
            return match.lastgroup
    return "request" if is_calendar_class else None
