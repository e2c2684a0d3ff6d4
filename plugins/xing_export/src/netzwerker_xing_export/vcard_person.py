"""Turning one parsed vCard into a PersonRecord (or a reason to skip it)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from netzwerker.importers import Owner
from netzwerker.normalize import name_key, normalize_email, normalize_phone, profile_kind
from netzwerker.records import PersonRecord, PersonRef

from .vcard_lines import RawCard
from .vcard_values import components, list_value, text_value

_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+$")
#: Properties whose value may be a profile URL.
_URL_PROPERTIES = frozenset({"URL", "X-SOCIALPROFILE", "SOCIALPROFILE", "X-XING", "X-LINKEDIN"})


@dataclass
class CardResult:
    record: PersonRecord | None
    skip_reason: str | None = None
    skip_category: str | None = None  # expected noise: skipped without a warning
    warnings: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Fields:
    full_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    middle_name: str | None = None
    organization: str | None = None
    title: str | None = None
    uid: str | None = None
    kind: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin: str | None = None
    xing: str | None = None
    tags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _collect(card: RawCard, warnings: list[tuple[int, str]]) -> _Fields:
    fields = _Fields()
    for prop in card.properties:
        if prop.too_long:
            warnings.append((prop.line, f"card {card.number}: {prop.name} is longer than 1 MB; ignored"))
            continue
        name = prop.name
        if name == "FN":
            fields.full_name = fields.full_name or text_value(prop) or None
        elif name == "N":
            parts = [*components(prop), "", "", ""]
            fields.last_name = fields.last_name or parts[0] or None
            fields.first_name = fields.first_name or parts[1] or None
            fields.middle_name = fields.middle_name or parts[2] or None
        elif name == "ORG":
            org = next((part for part in components(prop) if part), None)
            fields.organization = fields.organization or org
        elif name == "TITLE":
            fields.title = fields.title or text_value(prop) or None
        elif name == "UID":
            fields.uid = fields.uid or text_value(prop) or None
        elif name in ("KIND", "X-ADDRESSBOOKSERVER-KIND"):
            fields.kind = (text_value(prop) or "").lower()
        elif name == "EMAIL":
            _add_email(fields, text_value(prop) or "", card.number, prop.line, warnings)
        elif name == "TEL":
            phone = _phone(text_value(prop) or "")
            if phone:
                fields.phones.append(phone)
        elif name in _URL_PROPERTIES:
            _add_profile(fields, text_value(prop) or "")
        elif name == "CATEGORIES":
            fields.tags.extend(list_value(prop))
        elif name == "NOTE":
            note = text_value(prop)
            if note:
                fields.notes.append(note)
    return fields


def _add_email(fields: _Fields, value: str, number: int, line: int, warnings: list[tuple[int, str]]) -> None:
    email = value.strip()
    if email.lower().startswith("mailto:"):
        email = email[7:].strip()
    if not email:
        return
    if _EMAIL.match(email):
        fields.emails.append(email)
    else:
        warnings.append((line, f"card {number}: EMAIL {email[:60]!r} is not an email address; ignored"))


def _phone(value: str) -> str | None:
    text = value.strip()
    if text.lower().startswith("tel:"):  # vCard 4.0 URI value, maybe with ;ext=
        text = text[4:].split(";", 1)[0]
    # Outlook templates leave placeholders such as "BusinessPhone"
    return text if any(ch.isdigit() for ch in text) else None


def _add_profile(fields: _Fields, value: str) -> None:
    url = value.strip()
    kind = profile_kind(url) if url else None
    if kind == "linkedin" and fields.linkedin is None:
        fields.linkedin = url
    elif kind == "xing" and fields.xing is None:
        fields.xing = url


def _display_name(fields: _Fields) -> str | None:
    if fields.full_name:
        return fields.full_name
    parts = [p for p in (fields.first_name, fields.middle_name, fields.last_name) if p]
    return " ".join(parts) or None


def _is_owner(owner: Owner, fields: _Fields) -> bool:
    if any(owner.has_email(email) for email in fields.emails):
        return True
    return any(owner.has_profile(url) for url in (fields.linkedin, fields.xing) if url)


def card_key(uid: str | None, name: str | None, emails: list[str], phones: list[str], profiles: list[str]) -> str:
    """Stable across re-exports: the UID, else a digest of the normalised handles."""
    if uid:
        return f"uid:{uid}"
    basis = [name_key(name) if name else "", *sorted({normalize_email(e) for e in emails})]
    if not basis[0] and len(basis) == 1:
        basis += sorted({normalize_phone(p) or p for p in phones}) + sorted(profiles)
    digest = hashlib.sha256("\x1f".join(basis).encode("utf-8")).hexdigest()[:32]
    return f"card:{digest}"


def card_to_person(card: RawCard, owner: Owner, location: str) -> CardResult:
    warnings = [(line, f"card {card.number}: {message}") for line, message in card.problems]
    fields = _collect(card, warnings)
    if fields.kind == "group":
        return CardResult(None, "contact group card", "vCard contact group", warnings)
    name = _display_name(fields)
    emails = list(dict.fromkeys(fields.emails))
    phones = list(dict.fromkeys(fields.phones))
    if not (name or emails or phones or fields.linkedin or fields.xing):
        reason = f"card {card.number} has no name, email, phone or profile URL"
        return CardResult(None, reason, None, warnings)
    person = PersonRef(
        me=_is_owner(owner, fields),
        name=name,
        emails=tuple(emails),
        phones=tuple(phones),
        linkedin=fields.linkedin,
        xing=fields.xing,
        organization=fields.organization,
    )
    profiles = [p for p in (fields.linkedin, fields.xing) if p]
    record = PersonRecord(
        key=card_key(fields.uid, name, emails, phones, profiles),
        person=person,
        first_name=fields.first_name,
        last_name=fields.last_name,
        title=fields.title,
        organization=fields.organization,
        tags=tuple(dict.fromkeys(fields.tags)),
        note="\n\n".join(fields.notes) or None,
        file=location,
        line=card.line,
    )
    return CardResult(record, warnings=warnings)
