"""Parsing the date formats LinkedIn exports (and Excel copies of them) use.

LinkedIn writes at least eight formats, one per file, most without a time zone
(research §1.4); Excel round-trips add localised forms such as ``16.09.2021``,
``18-Jun-24`` or German month names. Values without a zone are taken as UTC.
"""

from __future__ import annotations

import datetime as dt
import re

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("jan", "january", "januar", "jän", "jänner"),
        ("feb", "february", "februar"),
        ("mar", "march", "mär", "mrz", "märz", "maerz"),
        ("apr", "april"),
        ("may", "mai"),
        ("jun", "june", "juni"),
        ("jul", "july", "juli"),
        ("aug", "august"),
        ("sep", "sept", "september"),
        ("oct", "october", "okt", "oktober"),
        ("nov", "november"),
        ("dec", "december", "dez", "dezember"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number
del _number, _names

_TIME = r"(?:[ T,]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?)?"
_ZONE = r"\s*(?:UTC|GMT|Z)?\s*$"

# Numeric forms: ISO (``2024-03-15 09:30:00 UTC``, ``2024/03/15 …``), US (``3/15/24, 9:30 AM``),
# German (``15.03.2024``).
_ISO = re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})" + _TIME + _ZONE)
_SLASH = re.compile(r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{2}|\d{4})" + _TIME + _ZONE)
_DOTTED = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{2}|\d{4})" + _TIME + _ZONE)
# Month-name forms: ``05 Mar 2024``, ``5-Mar-24``, ``12. März 2021``, ``Mar 25 2023 10:15 AM``,
# ``Jun 15, 2016``, Java's ``Tue Mar 05 10:00:00 UTC 2024``.
_DAY_MONTH = re.compile(r"^(?P<d>\d{1,2})\.?[ \-](?P<mon>[^\W\d_]+)\.?[ \-,]*(?P<y>\d{2}|\d{4})" + _TIME + _ZONE)
_MONTH_DAY = re.compile(r"^(?P<mon>[^\W\d_]+)\.? (?P<d>\d{1,2}),? (?P<y>\d{4})" + _TIME + _ZONE)
_JAVA = re.compile(
    r"^[^\W\d_]{3} (?P<mon>[^\W\d_]+) (?P<d>\d{1,2}) (?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2}) "
    r"(?:UTC|GMT) (?P<y>\d{4})$"
)
_MONTH_YEAR = re.compile(r"^(?P<mon>[^\W\d_]+)\.? (?P<y>\d{4})$")


def parse_datetime(text: str) -> dt.datetime | None:
    """A UTC-aware datetime for any LinkedIn/Excel date form, or ``None``."""
    value = " ".join(text.split())
    if not value:
        return None
    for pattern in (_ISO, _DAY_MONTH, _MONTH_DAY, _JAVA, _DOTTED, _SLASH):
        match = pattern.match(value)
        if match is None:
            continue
        parts = match.groupdict()
        try:
            year, month, day = _ymd(pattern, parts)
            return _build(year, month, day, parts)
        except ValueError:
            return None
    match = _MONTH_YEAR.match(value)  # Positions: ``Mar 2024``
    if match:
        named = _MONTHS.get(match["mon"].casefold())
        if named:
            return dt.datetime(int(match["y"]), named, 1, tzinfo=dt.UTC)
    if re.fullmatch(r"\d{4}", value):
        return dt.datetime(int(value), 1, 1, tzinfo=dt.UTC)
    return None


def _ymd(pattern: re.Pattern[str], parts: dict[str, str | None]) -> tuple[int, int, int]:
    if pattern is _SLASH:
        first, second = int(parts["a"] or 0), int(parts["b"] or 0)
        # LinkedIn writes M/D/YY; a first number over 12 can only be a day (a D/M/Y Excel copy).
        month, day = (second, first) if first > 12 else (first, second)
        return _year(parts["y"]), month, day
    if "mon" in parts:
        named = _MONTHS.get((parts["mon"] or "").casefold())
        if named is None:
            raise ValueError("unknown month name")
        return _year(parts["y"]), named, int(parts["d"] or 0)
    return _year(parts["y"]), int(parts["m"] or 0), int(parts["d"] or 0)


def _year(text: str | None) -> int:
    year = int(text or 0)
    if year < 100:  # two-digit years: LinkedIn has existed since 2003
        year += 2000 if year <= (dt.date.today().year % 100) + 1 else 1900
    return year


def _build(year: int, month: int, day: int, parts: dict[str, str | None]) -> dt.datetime:
    hour = int(parts.get("h") or 0)
    minute = int(parts.get("mi") or 0)
    second = int(parts.get("s") or 0)
    ampm = (parts.get("ampm") or "").replace(".", "").upper()
    if ampm == "PM" and hour < 12:
        hour += 12
    elif ampm == "AM" and hour == 12:
        hour = 0
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
