"""One import run over a set of tables: find the owner first, then emit records.

Pass 1 reads the small owner-describing tables (Profile, Positions,
Invitations) and as many messages as it takes to recognise the owner
(bounded, usually a few hundred rows). Pass 2 streams every table through
:class:`Mapper`. Nothing is held in memory beyond counters and the set of
endorsement keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from netzwerker.errors import HeaderNotFound
from netzwerker.importers import ImportContext
from netzwerker.records import AnyRecord, PersonRecord, PersonRef

from .dates import parse_datetime
from .mapping import Mapper
from .owner import OwnerFinder, OwnerIdentity
from .tables import Kind, Table, cell, expected_columns, kind_from_header

_ORDER: tuple[Kind, ...] = ("connections", "invitations", "endorsements", "recommendations", "messages")


@dataclass
class _OwnerProfile:
    first: str = ""
    last: str = ""
    headline: str = ""
    company: str = ""
    title: str = ""
    started: dt.datetime | None = None


def read_tables(tables: list[Table], context: ImportContext) -> Iterator[AnyRecord]:
    usable = [t for t in tables if _usable(t, context)]
    finder = OwnerFinder(declared=context.owner)
    profile = _OwnerProfile()
    _first_pass(usable, finder, profile, context)
    owner = finder.result()
    if not owner.known and finder.messages_seen:
        context.warn(
            "could not tell which LinkedIn profile is yours; messages may lack their direction. "
            "Declare it with `netzwerker me add https://www.linkedin.com/in/<you>` and import again"
        )
    owner_record = _owner_record(owner, profile)
    if owner_record is not None:
        yield owner_record
    mapper = Mapper(context, owner, store_bodies=bool(context.options.get("store_bodies")))
    for kind in _ORDER:
        for table in usable:
            if table.kind != kind:
                continue
            with table.open() as source:
                yield from mapper.rows(table, iter(source), source.header)


def _usable(table: Table, context: ImportContext) -> bool:
    """Open each table once to check its header; a table that cannot be used is named in a warning."""
    if table.kind == "recommendations" and table.direction is None:
        context.warn("cannot tell given from received recommendations; skipped", table.label)
        return False
    if table.trust_kind:
        return True
    try:
        with table.open() as source:
            found = kind_from_header(source.header)
    except HeaderNotFound:
        context.warn(f"no header with the expected columns ({expected_columns(table.kind)}); file skipped", table.label)
        return False
    if found != table.kind:
        context.warn(f"columns do not match {table.kind} ({expected_columns(table.kind)}); file skipped", table.label)
        return False
    return True


def _first_pass(tables: list[Table], finder: OwnerFinder, profile: _OwnerProfile, context: ImportContext) -> None:
    for table in tables:
        if table.kind == "profile":
            with table.open() as source:
                for row in source:
                    profile.first, profile.last = cell(row, "first name"), cell(row, "last name")
                    profile.headline = cell(row, "headline")
                    finder.see_profile(profile.first, profile.last)
                    break
        elif table.kind == "positions":
            with table.open() as source:
                for row in source:
                    if cell(row, "finished on"):
                        continue
                    started = parse_datetime(cell(row, "started on"))
                    if profile.started is None or (started is not None and started > profile.started):
                        profile.company, profile.title = cell(row, "company name"), cell(row, "title")
                        profile.started = started
    for table in tables:
        if table.kind == "invitations":
            with table.open() as source:
                for row in source:
                    finder.see_invitation(row)
    for table in tables:
        if table.kind == "messages" and finder.needs_messages():
            with table.open() as source:
                for row in source:
                    finder.see_message(row)
                    if not finder.needs_messages():
                        break


def _owner_record(owner: OwnerIdentity, profile: _OwnerProfile) -> PersonRecord | None:
    name = owner.name or " ".join(p for p in (profile.first, profile.last) if p) or None
    if not (name or owner.url or profile.company):
        return None
    return PersonRecord(
        key="owner",
        person=PersonRef(me=True, name=name, linkedin=owner.url, organization=profile.company or None),
        first_name=profile.first or None,
        last_name=profile.last or None,
        title=profile.title or profile.headline or None,
        organization=profile.company or None,
    )
