"""Times as the exports write them.

German local time is computed from the EU summer-time rule so the output does
not depend on the machine's tz database.
"""

from __future__ import annotations

import datetime as dt

UTC = dt.UTC
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def berlin_offset(moment: dt.datetime) -> dt.timedelta:
    """UTC offset of Europe/Berlin at an aware moment (EU rule: 01:00 UTC switches)."""
    utc = moment.astimezone(UTC)
    start = dt.datetime.combine(_last_sunday(utc.year, 3), dt.time(1), UTC)
    end = dt.datetime.combine(_last_sunday(utc.year, 10), dt.time(1), UTC)
    return dt.timedelta(hours=2 if start <= utc < end else 1)


def berlin(moment: dt.datetime) -> dt.datetime:
    """The moment in German local time, as an aware datetime with a fixed offset."""
    return moment.astimezone(dt.timezone(berlin_offset(moment)))


def utc_text(moment: dt.datetime) -> str:
    """``2024-03-05 14:02:11 UTC`` (LinkedIn messages, XING archive)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def slash_utc_text(moment: dt.datetime) -> str:
    """``2024/03/05 14:02:11 UTC`` (LinkedIn endorsements)."""
    return moment.astimezone(UTC).strftime("%Y/%m/%d %H:%M:%S UTC")


def day_month_year(day: dt.date) -> str:
    """``05 Mar 2024`` (LinkedIn Connected On), English month names whatever the locale."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def us_short(moment: dt.datetime, *, pad: bool) -> str:
    """``3/5/24, 2:02 PM`` (Invitations) or zero-padded ``03/05/24, 02:02 PM`` (Recommendations)."""
    local = moment.astimezone(UTC)
    hour = local.hour % 12 or 12
    ampm = "AM" if local.hour < 12 else "PM"
    if pad:
        return f"{local.month:02d}/{local.day:02d}/{local.year % 100:02d}, {hour:02d}:{local.minute:02d} {ampm}"
    return f"{local.month}/{local.day}/{local.year % 100:02d}, {hour}:{local.minute:02d} {ampm}"


def mbox_from_date(moment: dt.datetime) -> str:
    """``Mon Jan 06 04:49:45 +0000 2020``: Google Takeout's From_ line date (offset before the year)."""
    utc = moment.astimezone(UTC)
    return f"{_DAYS[utc.weekday()]} {_MONTHS[utc.month - 1]} {utc.day:02d} {utc:%H:%M:%S} +0000 {utc.year}"


def rfc2822(moment: dt.datetime) -> str:
    """``Tue, 3 Mar 2020 10:12:45 +0100`` in German local time, as a German mail client writes it."""
    local = berlin(moment)
    offset = int(local.utcoffset().total_seconds()) // 60  # type: ignore[union-attr]
    sign = "+" if offset >= 0 else "-"
    return (
        f"{_DAYS[local.weekday()]}, {local.day} {_MONTHS[local.month - 1]} {local.year} "
        f"{local:%H:%M:%S} {sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"
    )
