"""The records importers yield.

Records name people by *handles* (email, profile URL, phone, name, or "me"),
never by database ids: the core resolves handles to people, so every importer
gets identity resolution, idempotency and provenance for free.

Every record may carry ``key``, a stable identifier within its source (a
message id, a row's natural key). Importing a record whose key was seen before
with the same content changes nothing; with other content, it updates the facts
it produced. ``file`` and ``line`` say where it came from and are provenance
only: they are not part of the content, so a re-export that shifts lines does
not make a record "changed".
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .kinds import COUNTED_KINDS, REFERRAL_STATUSES

InteractionKind = Literal[
    "message",
    "meeting",
    "call",
    "connection",
    "invitation",
    "endorsement",
    "recommendation",
    "introduction",
    "referral",
    "thanks",
]
ReferralStatus = Literal["open", "contacted", "won", "lost", "declined"]

__all__ = ["COUNTED_KINDS", "REFERRAL_STATUSES"]


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


class PersonRef(BaseModel):
    """How a record names a person.

    At least one handle is required, or ``me=True`` for the store's owner.
    ``organization`` is context that helps identity ("Jürgen Müller at ACME"),
    not a handle.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    me: bool = False
    name: str | None = None
    emails: tuple[str, ...] = ()
    linkedin: str | None = None
    xing: str | None = None
    phones: tuple[str, ...] = ()
    organization: str | None = None

    @field_validator("name", "linkedin", "xing", "organization", mode="before")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return _clean(value) if isinstance(value, str) else value

    @field_validator("emails", mode="before")
    @classmethod
    def _emails(cls, value: object) -> object:
        if isinstance(value, str):
            value = (value,)
        if isinstance(value, (list, tuple)):
            cleaned = []
            for item in value:
                item = _clean(item) if isinstance(item, str) else item
                if not item:
                    continue
                if not isinstance(item, str) or "@" not in item.strip("@"):
                    raise ValueError(f"not an email address: {item!r}")
                cleaned.append(item)
            return tuple(dict.fromkeys(cleaned))
        return value

    @field_validator("phones", mode="before")
    @classmethod
    def _phones(cls, value: object) -> object:
        if isinstance(value, str):
            value = (value,)
        if isinstance(value, (list, tuple)):
            return tuple(dict.fromkeys(p for p in (_clean(v) for v in value) if p))
        return value

    @model_validator(mode="after")
    def _has_a_handle(self) -> PersonRef:
        if not (self.me or self.name or self.emails or self.linkedin or self.xing or self.phones):
            raise ValueError("a person needs a name, an email, a profile URL, a phone or me=True")
        return self

    @classmethod
    def owner(cls, **handles: object) -> PersonRef:
        """The store's owner, optionally with handles the source knows them by."""
        return cls(me=True, **handles)  # type: ignore[arg-type]

    @classmethod
    def parse(cls, text: str) -> PersonRef:
        """A person as typed by a user or in a spreadsheet cell: ``me``, an email,
        a LinkedIn or XING profile URL, a phone number or a name."""
        from .normalize import normalize_phone, profile_kind

        value = " ".join(text.split())
        if value.casefold() in ("me", "ich", "self"):
            return cls(me=True)
        kind = profile_kind(value) if "@" not in value and " " not in value else None
        if kind == "linkedin":
            return cls(linkedin=value)
        if kind == "xing":
            return cls(xing=value)
        if "@" in value and " " not in value:
            return cls(emails=(value.removeprefix("mailto:"),))
        if value.startswith("+") and normalize_phone(value):
            return cls(phones=(value,))
        return cls(name=value)

    def label(self) -> str:
        """A short human-readable name for messages."""
        if self.me and not self.name:
            return "me"
        return self.name or (self.emails[0] if self.emails else None) or self.linkedin or self.xing or self.phones[0]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str | None = None
    file: str | None = Field(default=None, exclude=True)
    line: int | None = Field(default=None, exclude=True)


class PersonRecord(_Record):
    """A contact as the source describes them (a connection, a vCard, a profile)."""

    type: Literal["person"] = "person"
    person: PersonRef
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    organization: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None

    @field_validator("first_name", "last_name", "title", "organization", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return _clean(value) if isinstance(value, str) else value

    @field_validator("note", mode="before")
    @classmethod
    def _note(cls, value: object) -> object:
        # notes keep their line breaks (as \n); only the ends are trimmed
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n").strip() or None
        return value


class InteractionRecord(_Record):
    """Something that happened between people: ``actor`` did it to ``targets``.

    Direction matters: reciprocity is computed from actor to target. For a
    message the actor is the sender and the targets are the To and Cc
    recipients; for an endorsement the endorser, once per skill (``detail``);
    for an invitation the inviter.
    """

    type: Literal["interaction"] = "interaction"
    kind: InteractionKind
    occurred_at: dt.datetime | None = None
    actor: PersonRef
    targets: tuple[PersonRef, ...] = ()
    channel: str | None = None
    thread: str | None = None
    subject: str | None = None
    detail: str | None = None
    body: str | None = None
    status: str | None = None

    @field_validator("occurred_at")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


class ReferralRecord(_Record):
    """``giver`` referred ``prospect`` (optional) to ``receiver``."""

    type: Literal["referral"] = "referral"
    giver: PersonRef
    receiver: PersonRef
    prospect: PersonRef | None = None
    date: dt.date | None = None
    status: ReferralStatus = "open"
    value: Decimal | None = None
    currency: str | None = None
    note: str | None = None

    @field_validator("currency", mode="before")
    @classmethod
    def _currency(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().upper() or None
        return value


class IntroductionRecord(_Record):
    """``introducer`` introduced the two people in ``between`` to each other.

    ``detected=True`` marks an introduction inferred from metadata (mail
    headers) that the user has not confirmed yet.
    """

    type: Literal["introduction"] = "introduction"
    introducer: PersonRef
    between: tuple[PersonRef, PersonRef]
    date: dt.date | None = None
    note: str | None = None
    outcome: str | None = None
    detected: bool = False


Record = Annotated[
    PersonRecord | InteractionRecord | ReferralRecord | IntroductionRecord,
    Field(discriminator="type"),
]
AnyRecord = PersonRecord | InteractionRecord | ReferralRecord | IntroductionRecord
