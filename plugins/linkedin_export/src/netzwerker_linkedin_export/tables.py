"""What a LinkedIn table is, recognised by its file name and, decisively, its columns.

A *table* is one CSV file of the export or one domain of the portability API:
both have the same column names, so both go through the same mapping code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from netzwerker.textfiles import CsvRow, header_key

Kind = Literal["connections", "messages", "invitations", "endorsements", "recommendations", "profile", "positions"]
Direction = Literal["given", "received"]

# Folded file stems (lower case, no spaces/underscores/hyphens, no ``_<id>`` suffix) of the
# files that carry people or the owner. The AI coach/guide "messages" files are not human mail.
_STEMS: dict[str, tuple[Kind, Direction | None]] = {
    "connections": ("connections", None),
    "messages": ("messages", None),
    "invitations": ("invitations", None),
    "linkedininvitations": ("invitations", None),
    "endorsementgiveninfo": ("endorsements", "given"),
    "endorsementsgiveninfo": ("endorsements", "given"),
    "endorsementreceivedinfo": ("endorsements", "received"),
    "endorsementsreceivedinfo": ("endorsements", "received"),
    "recommendationsgiven": ("recommendations", "given"),
    "recommendationsreceived": ("recommendations", "received"),
    "recommendations": ("recommendations", None),
    "profile": ("profile", None),
    "positions": ("positions", None),
}
_STEM = re.compile(r"^(?P<stem>.+?)(?:_\d+)?\.csv$", re.IGNORECASE)

# Columns that identify each kind (folded with netzwerker.textfiles.header_key).
_REQUIRED: dict[Kind, tuple[tuple[str, ...], ...]] = {
    # each inner tuple: alternatives, one of which must be present
    "connections": (("first name",), ("last name",), ("connected on",)),
    "messages": (("from",), ("to",), ("date",), ("content", "subject")),
    "invitations": (("from",), ("to",), ("direction",), ("sent at", "date sent")),
    "endorsements": (("skill name",), ("endorser first name", "endorsee first name")),
    "recommendations": (("first name",), ("last name",), ("text",), ("creation date",)),
    "profile": (("first name",), ("last name",), ("headline",)),
    "positions": (("company name",), ("title",), ("started on",)),
}


def kind_from_filename(basename: str) -> tuple[Kind, Direction | None] | None:
    """The table a file of the export holds, judged by its name, or ``None``."""
    match = _STEM.match(basename.strip())
    if match is None:
        return None
    stem = re.sub(r"[\s_\-]+", "", match["stem"]).casefold()
    return _STEMS.get(stem)


def direction_from_filename(basename: str) -> Direction | None:
    folded = basename.casefold()
    if "received" in folded:
        return "received"
    if "given" in folded:
        return "given"
    return None


def kind_from_header(keys: set[str] | list[str]) -> Kind | None:
    """The table kind whose identifying columns the header has, or ``None``."""
    present = set(keys)
    for kind, required in _REQUIRED.items():
        if all(any(option in present for option in options) for options in required):
            return kind
    return None


def expected_columns(kind: Kind) -> str:
    return ", ".join(" or ".join(options) for options in _REQUIRED[kind])


class RowSource(AbstractContextManager["RowSource"]):
    """Rows of one table; ``header`` holds the folded column names."""

    header: set[str]

    def __iter__(self) -> Iterator[CsvRow]:
        raise NotImplementedError


@dataclass
class Table:
    """One table to import: where it is (for messages), its kind, and how to read it."""

    label: str
    kind: Kind
    direction: Direction | None
    open: Callable[[], RowSource]
    #: The API names its domains, so their kind is known even when a sample row lacks columns.
    trust_kind: bool = False


_fold = lru_cache(maxsize=512)(header_key)


def cell(row: CsvRow, *names: str) -> str:
    """Like ``CsvRow.get`` (first non-empty of ``names``, trimmed), with column names folded once.

    Profiling showed ``CsvRow.get`` re-folding the column name on every call as the
    largest single cost of a 300,000-message import.
    """
    values = row.values
    for name in names:
        value = values.get(_fold(name))
        if value:
            value = value.strip()
            if value:
                return value
    return ""
