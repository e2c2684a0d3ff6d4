"""Helpers shared by commands: opening the store, resolving PERSON arguments."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..store.db import Store


def open_store_from(ctx: click.Context) -> Store:
    from ..store.db import open_store

    root = ctx.find_root()
    return open_store((root.obj or {}).get("db"))


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def person_or_new(store: Store, spec: str, identity: Any) -> str:
    """PERSON for commands that may name someone new (an email, a URL, a name)."""
    from ..errors import Ambiguous, NetzwerkerError, NotFound
    from ..records import PersonRef
    from ..store.people import find_person

    try:
        return find_person(store.conn, spec)
    except Ambiguous:
        raise
    except NotFound:
        if spec.strip().casefold() in ("me", "ich"):
            me = identity.me(create=True)
            assert me is not None
            return str(me)
        try:
            ref = PersonRef.parse(spec)
        except ValueError as error:
            raise NetzwerkerError(f"{spec!r} is not a person: {error}") from error
        return str(identity.resolve(ref))
