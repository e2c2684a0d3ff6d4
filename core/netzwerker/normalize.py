"""Normal forms of handles, so the same human is found under one key.

The original value is always kept beside its normal form; these functions only
compute keys for matching.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

_GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def normalize_email(value: str) -> str:
    """Lower-case, without ``mailto:`` and brackets; dots and ``+tags`` dropped
    only for consumer Gmail, where they do not change the mailbox."""
    email = value.strip().strip("<>").strip()
    if email.lower().startswith("mailto:"):
        email = email[7:]
    email = email.strip().lower()
    local, _, domain = email.rpartition("@")
    if not local:
        return email
    domain = domain.rstrip(".")
    if domain in _GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


_LINKEDIN_PATH = re.compile(r"^/(in|pub|profile/view)/?(.*)$")


def profile_kind(url: str) -> str | None:
    """``"linkedin"``, ``"xing"`` or ``None`` for a profile URL (scheme optional)."""
    host = _host(url)
    if host is None:
        return None
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        return "linkedin"
    if host == "xing.com" or host.endswith(".xing.com"):
        return "xing"
    return None


def _host(url: str) -> str | None:
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        host = urlsplit(text).hostname
    except ValueError:
        return None
    return host.lower() if host else None


def normalize_profile_url(value: str) -> str | None:
    """A canonical key for a LinkedIn or XING profile URL, or ``None``.

    Scheme, ``www.``/country subdomains, query, fragment and trailing slashes
    are dropped; percent-encoding is decoded; case is folded. Examples:
    ``linkedin.com/in/jürgen-müller``, ``xing.com/profile/juergen_mueller``.
    """
    kind = profile_kind(value)
    if kind is None:
        return None
    text = value.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        path = urlsplit(text).path
    except ValueError:
        return None
    path = unquote(path).rstrip("/")
    path = unicodedata.normalize("NFC", path).casefold()
    if kind == "linkedin":
        match = _LINKEDIN_PATH.match(path)
        if match and match.group(2):
            slug = match.group(2).split("/")[0]
            return f"linkedin.com/in/{slug}"
        return f"linkedin.com{path}" if path else None
    # XING: /profile/Name_Surname[/cv], older /profiles/...
    parts = [p for p in path.split("/") if p]
    if len(parts) >= 2 and parts[0] in ("profile", "profiles"):
        return f"xing.com/profile/{parts[1]}"
    return f"xing.com/{'/'.join(parts)}" if parts else None


def normalize_phone(value: str) -> str | None:
    """Digits with a leading ``+`` where given; ``None`` if too short to be a number."""
    text = value.strip()
    plus = text.startswith("+") or text.startswith("00")
    digits = re.sub(r"\D", "", text)
    if text.startswith("00"):
        digits = digits[2:]
    if len(digits) < 5:
        return None
    return ("+" if plus else "") + digits


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe", "ł": "l"})
_TITLES = {
    "dr",
    "prof",
    "dipl",
    "ing",
    "mag",
    "med",
    "rer",
    "nat",
    "phil",
    "jur",
    "habil",
    "mba",
    "msc",
    "bsc",
    "ma",
    "ba",
    "llm",
    "phd",
    "mr",
    "mrs",
    "ms",
    "herr",
    "frau",
    "sir",
    "dame",
    "pd",
    "dres",
    "kfm",
    "oec",
    "eng",
    "hc",
    "h",
    "c",
    "rer.nat",
    "med.",
    "ll.m",
    "cpa",
    "cfa",
    "pmp",
}


def name_key(value: str) -> str:
    """A matching key for a personal name: case, umlauts/diacritics, titles,
    punctuation and "Last, First" order do not matter.

    ``"Dr. Jürgen Müller"``, ``"Mueller, Juergen"`` and ``"juergen mueller"``
    give the same key.
    """
    text = unicodedata.normalize("NFKC", value).strip()
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        # "Müller, Jürgen" but not "Jürgen Müller, MBA"
        swap = first and last and first.lower().strip(". ") not in _TITLES
        text = f"{first} {last}" if swap else (last or first)
    text = text.casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = re.split(r"[\s.\-_'’,()]+", text)
    words = [w for w in words if w and w not in _TITLES]
    return " ".join(words)
