"""Normal forms of handles, so the same human is found under one key.

The original value is always kept beside its normal form; these functions only
compute keys for matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

_GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=1 << 16)
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

#: Titles and forms of address written before (or inside) a name; dropped anywhere.
_PREFIX_TITLES = frozenset(
    [
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
        "iur",
        "habil",
        "dent",
        "vet",
        "pd",
        "dres",
        "kfm",
        "oec",
        "hc",
        "h",
        "c",
        "herr",
        "frau",
        "mr",
        "mrs",
        "ms",
        "miss",
        "sir",
        "dame",
    ]
)
#: Degrees and certificates written after a name; dropped only at the end, so a
#: surname such as "Ma" or "Ba" in first position survives.
_POSTNOMINALS = frozenset(
    [
        "mba",
        "msc",
        "bsc",
        "ma",
        "ba",
        "llm",
        "phd",
        "cpa",
        "cfa",
        "pmp",
        "eng",
        "mbe",
        "meng",
        "beng",
        "dba",
        "ll",
        "m",
        "sc",
    ]
)
_TITLES = _PREFIX_TITLES | _POSTNOMINALS
#: Name particles ("von der Leyen", "van Dijk"): written or left out at will.
_PARTICLES = frozenset(
    [
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "der",
        "den",
        "van",
        "ten",
        "ter",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "la",
        "le",
        "dos",
        "das",
        "af",
        "av",
    ]
)

_WORD_SPLIT = re.compile(r"[^0-9a-z]+")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


@lru_cache(maxsize=1 << 16)
def fold_text(value: str) -> str:
    """Lower-case ASCII for matching: NFKC, umlauts as ae/oe/ue/ss, other
    diacritics dropped, other scripts transliterated (anyascii)."""
    text = unicodedata.normalize("NFKC", value).casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if not text.isascii():
        # lazy: anyascii loads its tables per Unicode block on first use
        from anyascii import anyascii

        text = anyascii(text).lower()
    return text


def _name_words(value: str) -> list[str]:
    text = unicodedata.normalize("NFKC", value).strip()
    text = _BRACKETS.sub(" ", text).split("|")[0]  # "Jürgen Müller (he/him) | Vertrieb"
    if text.count(",") == 1:
        last, first = (part.strip() for part in text.split(","))
        # "Müller, Jürgen" but not "Jürgen Müller, MBA"
        first_words = [w for w in _WORD_SPLIT.split(fold_text(first)) if w]
        swap = first_words and last and not all(w in _TITLES for w in first_words)
        text = f"{first} {last}" if swap else (last or first)
    elif text.count(",") > 1:  # "Müller, Jürgen, Dr." / "Jürgen Müller, MBA, PMP"
        text = text.split(",")[0] if " " in text.split(",")[0].strip() else text
    words = [w for w in _WORD_SPLIT.split(fold_text(text)) if w]
    words = [w for w in words if w not in _PREFIX_TITLES]
    while len(words) > 2 and words[-1] in _POSTNOMINALS:
        words.pop()
    if len(words) > 2:
        # middle initials ("Jürgen K. Müller") and particles ("Ursula von der Leyen")
        middle = [w for w in words[1:-1] if len(w) > 1 and w not in _PARTICLES]
        last = words[-1]
        words = [words[0], *middle, last]
    return words


@lru_cache(maxsize=1 << 16)
def name_key(value: str) -> str:
    """A matching key for a personal name: case, umlauts/diacritics, scripts,
    titles, particles, middle initials, punctuation and "Last, First" order do
    not matter.

    ``"Dr. Jürgen Müller"``, ``"Mueller, Juergen"``, ``"Jürgen K. Müller"`` and
    ``"juergen mueller"`` give the same key.
    """
    return " ".join(_name_words(value))


_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ss", "s"), ("ph", "f"), ("th", "t"), ("ck", "k"))


def _loose(word: str) -> str:
    for digraph, single in _DIGRAPHS:
        word = word.replace(digraph, single)
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=1 << 16)
def spelling_key(value: str) -> str:
    """:func:`name_key` with spelling variants folded in every word: "Müller",
    "Mueller" and "Muller" (umlauts dropped by an ASCII-only system) agree."""
    return " ".join(_loose(w) for w in name_key(value).split())


@lru_cache(maxsize=1 << 16)
def loose_name_key(value: str) -> str:
    """A coarse blocking key: first and last word of :func:`name_key`, with
    spelling variants folded ("Jürgen Müller", "Jurgen Muller", "Hans-Jürgen
    Mueller" -> ``"jurgen mul"``... share a key with their close variants).
    Only for finding candidates; never enough to merge."""
    words = name_key(value).split()
    if len(words) < 2:
        return ""
    return f"{_loose(words[0])} {_loose(words[-1])}"


#: Legal forms and filler words that do not tell two organisations apart.
_ORG_NOISE = frozenset(
    [
        "gmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "ohg",
        "gbr",
        "ug",
        "haftungsbeschrankt",
        "haftungsbeschraenkt",
        "ev",
        "e",
        "v",
        "se",
        "co",
        "cokg",
        "mbb",
        "partg",
        "partgmbb",
        "ltd",
        "limited",
        "llc",
        "llp",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "plc",
        "lp",
        "company",
        "sa",
        "sas",
        "sarl",
        "srl",
        "spa",
        "bv",
        "nv",
        "ab",
        "oy",
        "asa",
        "as",
        "aps",
        "gesmbh",
        "the",
        "und",
        "and",
    ]
)


@lru_cache(maxsize=1 << 16)
def org_key(value: str) -> str:
    """A matching key for an organisation: case, diacritics, punctuation and
    legal forms (GmbH, AG, Ltd, GmbH & Co. KG, S.A. ...) do not matter."""
    text = fold_text(value).replace("&", " ")
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text)  # "s.a." -> "sa.", "e.v." -> "ev."
    text = re.sub(r"\b([a-z])\.([a-z])\.", r"\1\2", text)
    words = [w for w in _WORD_SPLIT.split(text) if w]
    kept = [w for w in words if w not in _ORG_NOISE]
    return " ".join(kept or words)


#: Mail providers for private persons: their domain says nothing about an employer.
CONSUMER_DOMAINS = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "web.de",
        "gmx.de",
        "gmx.net",
        "gmx.at",
        "gmx.ch",
        "t-online.de",
        "freenet.de",
        "arcor.de",
        "online.de",
        "posteo.de",
        "posteo.net",
        "mailbox.org",
        "yahoo.com",
        "yahoo.de",
        "yahoo.co.uk",
        "ymail.com",
        "hotmail.com",
        "hotmail.de",
        "outlook.com",
        "outlook.de",
        "live.com",
        "live.de",
        "msn.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "aol.de",
        "protonmail.com",
        "protonmail.ch",
        "proton.me",
        "pm.me",
        "gmx.com",
        "mail.com",
        "mail.de",
        "email.de",
        "kabelmail.de",
        "vodafone.de",
        "ewe.net",
        "bluewin.ch",
        "hispeed.ch",
        "aon.at",
        "chello.at",
        "a1.net",
    ]
)
_SECOND_LEVEL = frozenset(
    ["co.uk", "org.uk", "ac.uk", "com.au", "co.at", "or.at", "co.jp", "co.nz", "com.br", "com.cn", "co.za", "com.tr"]
)


def email_domain(email: str) -> str:
    """The domain of a (normalised) address, ``""`` if it has none."""
    return normalize_email(email).rpartition("@")[2]


def is_work_domain(domain: str) -> bool:
    """A domain that names an employer: not a consumer mail provider."""
    return bool(domain) and "." in domain and domain not in CONSUMER_DOMAINS


def domain_label(domain: str) -> str:
    """The registrable name of a domain: ``mail.firma-xy.co.uk`` -> ``firma-xy``."""
    parts = domain.lower().split(".")
    if len(parts) >= 3 and ".".join(parts[-2:]) in _SECOND_LEVEL:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else domain


def org_matches_domain(organization_key: str, domain: str) -> bool:
    """Whether an organisation key plausibly owns a mail domain
    (``"firma"`` ~ ``firma.de``, ``"roth partner"`` ~ ``roth-partner.de``)."""
    label = domain_label(domain).replace("-", "")
    compact = organization_key.replace(" ", "")
    if len(label) < 3 or len(compact) < 3:
        return False
    if label == compact:
        return True
    if len(label) >= 4 and len(compact) >= 4 and (label.startswith(compact) or compact.startswith(label)):
        return True
    words = set(organization_key.split())
    tokens = [t for t in domain_label(domain).split("-") if t]
    # "Kanzlei Roth & Partner" ~ roth-partner.de, "Stadtwerke Ammersee" ~ sw-ammersee.de
    return any(len(t) >= 4 and t in words and t not in _GENERIC_ORG_WORDS for t in tokens)


def org_related_to_domain(organization_key: str, domain: str) -> bool:
    """Looser than :func:`org_matches_domain`: whether the domain *could* be the
    organisation's (a shared word, a prefix, initials: ``sw-ammersee.de`` for
    Stadtwerke Ammersee, ``vjz-hotels.de`` for Vierjahreszeiten Hotels)."""
    if org_matches_domain(organization_key, domain):
        return True
    words = organization_key.split()
    tokens = [t for t in domain_label(domain).split("-") if t]
    initials = "".join(w[0] for w in words)
    for token in tokens:
        # a distinctive word of the domain that is nowhere in the name: another firm ("paungsuend-werke.de")
        if len(token) >= 4 and token not in _GENERIC_ORG_WORDS and not any(_same_stem(token, w) for w in words):
            return False
    for token in tokens:
        if token in words or (len(token) >= 2 and (token == initials or initials.startswith(token))):
            return True
        if len(token) >= 3 and any(_same_stem(token, w) for w in words):
            return True
    return False


def _same_stem(token: str, word: str) -> bool:
    """A domain token standing for a word of the name: an abbreviation ("immo" for
    Immobilien), a compound starting with it ("rothpartner"), or the same stem
    in another language ("energy", "energie"). Four shared letters are not a
    stem: "schaundsek" and "schaetrond" are two firms."""
    if len(word) < 3:
        return False
    if word.startswith(token) or token.startswith(word):
        return True
    return len(token) >= 5 and len(word) >= 5 and token[:5] == word[:5]


#: Words too common in company names to tie an organisation to a mail domain.
_GENERIC_ORG_WORDS = frozenset(
    [
        "hotel",
        "hotels",
        "consulting",
        "consultants",
        "beratung",
        "partner",
        "partners",
        "group",
        "gruppe",
        "holding",
        "bank",
        "sparkasse",
        "services",
        "service",
        "solutions",
        "systems",
        "software",
        "media",
        "digital",
        "kanzlei",
        "stadtwerke",
        "energie",
        "energy",
        "tech",
        "technik",
        "werke",
        "werk",
        "immobilien",
        "bau",
        "logistik",
        "verlag",
        "agentur",
        "agency",
        "studio",
        "design",
        "marketing",
        "management",
        "capital",
        "invest",
        "international",
        "global",
        "germany",
        "deutschland",
        "europe",
        "mail",
        "info",
        "team",
        "office",
    ]
)
