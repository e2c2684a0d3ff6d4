"""Timestamps as the XING archive writes them (``2014-06-19 06:32:37 UTC``), read tolerantly."""

from __future__ import annotations

import datetime as dt

_FORMATS = (
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)


def parse_timestamp(text: str) -> dt.datetime | None:
    """An aware datetime (UTC unless the text says otherwise), or ``None``."""
    value = text.strip()
    if not value:
        return None
    if value.upper().endswith(" UTC"):
        value = value[:-4].strip()
    elif value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:  # the archive's own form, and ISO 8601; fast
        parsed = dt.datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
    except ValueError:
        pass
    for pattern in _FORMATS:
        try:
            return dt.datetime.strptime(value, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None
