"""Turning export cells into person handles.

LinkedIn URLs come percent-encoded (Connections), raw Unicode (Invitations),
scheme-less (Endorsements) or as a bare ``https://www.linkedin.com/in`` with no
slug (Invitations, 2023-12). Only a URL naming one profile is a handle.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import unquote

from netzwerker.normalize import name_key, normalize_profile_url
from netzwerker.records import PersonRef

_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


@lru_cache(maxsize=65536)  # the same few thousand URLs recur on every message row
def profile_key(url: str) -> str | None:
    """``linkedin.com/in/<slug>`` for a URL that names one member profile, else ``None``."""
    if not url or "linkedin" not in url.casefold():
        return None
    key = normalize_profile_url(url)
    if key is None or not key.startswith("linkedin.com/in/") or len(key) <= len("linkedin.com/in/"):
        return None
    return key


@lru_cache(maxsize=65536)
def display_url(url: str) -> str | None:
    """The profile URL as a user would write it: with scheme, percent-encoding decoded."""
    if profile_key(url) is None:
        return None
    text = unquote(url.strip())
    if "://" not in text:
        text = "https://" + text
    return text.rstrip("/")


def clean_email(value: str) -> tuple[str, ...]:
    value = value.strip()
    return (value,) if value and _EMAIL.match(value) else ()


def full_name(first: str, last: str) -> str:
    return " ".join(part for part in (first.strip(), last.strip()) if part)


def person(
    *,
    name: str = "",
    url: str = "",
    email: str = "",
    organization: str = "",
) -> PersonRef | None:
    """A PersonRef from whatever handles a row carries, or ``None`` if it carries none."""
    linkedin = display_url(url) if url else None
    emails = clean_email(email) if email else ()
    name = " ".join(name.split())
    if not (linkedin or emails or name):
        return None
    return PersonRef(name=name or None, linkedin=linkedin, emails=emails, organization=organization.strip() or None)


def identity_part(name: str, url: str = "") -> str:
    """The part of a record key that names a counterpart: stable across export versions.

    The name key is used even when a URL exists, because older exports have no
    URLs and a newer export of the same facts must produce the same keys.
    """
    key = name_key(name) if name else ""
    if key:
        return key
    return profile_key(url) or ""


def digest(*parts: str) -> str:
    """A short stable hash for keys built from free text."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).hexdigest()
