"""``netzwerker people``: list, show, merge, unmerge and suggestions."""

from __future__ import annotations

import click

from .common import echo_json, open_store_from
from .suggestions import suggestions


def register(cli: click.Group) -> None:
    cli.add_command(people)


@click.group()
def people() -> None:
    """The people in the store, one per human (after identity resolution).

    PERSON is a person id, an email, a profile URL, or an exact name.
    """


@people.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@click.pass_context
def people_list(ctx: click.Context, as_json: bool) -> None:
    """List everyone, with emails, profiles, organisation and sources.

    \b
    Example:
      netzwerker people list --json
    """
    from ..store.people import load_people

    with open_store_from(ctx) as store:
        views = sorted(load_people(store.conn).values(), key=lambda v: (not v.is_me, v.name.casefold(), v.id))
    if as_json:
        echo_json([v.summary() for v in views])
        return
    for view in views:
        handle = view.emails[0] if view.emails else (view.linkedin or view.xing or "")
        mark = " (me)" if view.is_me else ""
        click.echo(f"{view.id}  {view.name}{mark}  {handle}  [{', '.join(view.sources)}]")


@people.command("show")
@click.argument("person", metavar="PERSON")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@click.pass_context
def people_show(ctx: click.Context, person: str, as_json: bool) -> None:
    """Show one person: handles, sources, tags, notes, merges and interactions.

    \b
    Example:
      netzwerker people show j.mueller@firma.de
    """
    from ..store.people import find_person, load_people

    with open_store_from(ctx) as store:
        person_id = find_person(store.conn, person)
        view = load_people(store.conn, {person_id})[person_id]
        members = view.members
        marks = ",".join("?" for _ in members)
        counts = store.conn.execute(
            f"SELECT kind, COUNT(*) FROM interactions WHERE actor_id IN ({marks}) GROUP BY kind", members
        ).fetchall()
        received = store.conn.execute(
            f"SELECT i.kind, COUNT(*) FROM interaction_targets t JOIN interactions i ON i.id = t.interaction_id "
            f"WHERE t.person_id IN ({marks}) GROUP BY i.kind",
            members,
        ).fetchall()
        merges = store.conn.execute(
            f"SELECT id, kept_id, merged_id, actor, evidence, created_at, undone_at FROM merges "
            f"WHERE kept_id IN ({marks}) OR merged_id IN ({marks}) ORDER BY id",
            members + members,
        ).fetchall()
    data = view.summary() | {
        "is_me": view.is_me,
        "first_name": view.first_name,
        "last_name": view.last_name,
        "title": view.title,
        "phones": view.phones,
        "names": view.names,
        "tags": view.tags,
        "notes": view.notes,
        "members": view.members,
        "interactions": {"as_actor": dict(counts), "as_target": dict(received)},
        "merges": [dict(m) for m in merges],
    }
    if as_json:
        echo_json(data)
        return
    click.echo(f"{view.name}{' (me)' if view.is_me else ''}  [{view.id}]")
    for label in ("organization", "title"):
        if data[label]:
            click.echo(f"  {label:<13}{data[label]}")
    for email in view.emails:
        click.echo(f"  {'email':<13}{email}")
    for label, url in (("linkedin", view.linkedin), ("xing", view.xing)):
        if url:
            click.echo(f"  {label:<13}{url}")
    if view.sources:
        click.echo(f"  {'sources':<13}{', '.join(view.sources)}")
    if view.tags:
        click.echo(f"  {'tags':<13}{', '.join(view.tags)}")
    for note in view.notes:
        click.echo(f"  {'note':<13}{note}")
    given = ", ".join(f"{n} {k}" for k, n in sorted(dict(counts).items())) or "–"
    got = ", ".join(f"{n} {k}" for k, n in sorted(dict(received).items())) or "–"
    click.echo(f"  {'did':<13}{given}")
    click.echo(f"  {'received':<13}{got}")
    for merge in merges:
        state = " (undone)" if merge["undone_at"] else ""
        click.echo(f"  merge #{merge['id']}: {merge['merged_id']} into {merge['kept_id']} by {merge['actor']}{state}")


@people.command("merge")
@click.argument("person", metavar="PERSON")
@click.argument("other", metavar="PERSON")
@click.pass_context
def people_merge(ctx: click.Context, person: str, other: str) -> None:
    """Merge two people into one (logged; 'people unmerge' undoes it).

    The merge survives re-imports.

    \b
    Example:
      netzwerker people merge "Jürgen Müller" j.mueller@firma.de
    """
    from ..errors import NetzwerkerError
    from ..store.identity import Identity
    from ..store.people import find_person

    with open_store_from(ctx) as store, store.transaction() as conn:
        first, second = find_person(conn, person), find_person(conn, other)
        if first == second:
            raise NetzwerkerError(f"{person!r} and {other!r} are already one person ({first})")
        identity = Identity(conn)
        identity.merge(first, second, actor="user", evidence={"reason": "merged by the user"})
        kept = identity.canonical(first)
    click.echo(f"merged into {kept}")


@people.command("unmerge")
@click.argument("person", metavar="PERSON")
@click.pass_context
def people_unmerge(ctx: click.Context, person: str) -> None:
    """Undo merges: split PERSON back into the people it was made of.

    With a merged person's own id, only that one is split off. The split
    survives re-imports: those people are never merged automatically again.

    \b
    Example:
      netzwerker people unmerge p3fa81c2d9e01
    """
    from ..errors import NetzwerkerError
    from ..store.identity import Identity
    from ..store.people import canonical_map, find_person

    with open_store_from(ctx) as store, store.transaction() as conn:
        text = person.strip()
        canon = canonical_map(conn)
        person_id = text if text in canon else find_person(conn, person)
        split = Identity(conn).unmerge(person_id)
    if not split:
        raise NetzwerkerError(f"{person!r} is not merged with anyone")
    click.echo(f"split off {len(split)} person(s): {', '.join(split)}")


people.add_command(suggestions)


@people.command("note")
@click.argument("person", metavar="PERSON")
@click.argument("text")
@click.pass_context
def people_note(ctx: click.Context, person: str, text: str) -> None:
    """Add a note to PERSON. Your notes survive re-imports.

    \b
    Example:
      netzwerker people note j.mueller@firma.de "Met at the BNI breakfast; wants a tax adviser"
    """
    from ..errors import NetzwerkerError
    from ..store.identity import now
    from ..store.people import find_person

    if not text.strip():
        raise NetzwerkerError("the note is empty")
    with open_store_from(ctx) as store, store.transaction() as conn:
        person_id = find_person(conn, person)
        conn.execute(
            "INSERT INTO notes (person_id, text, record_id, created_at) VALUES (?, ?, NULL, ?)",
            (person_id, text.strip(), now()),
        )
    click.echo(f"note added to {person_id}")
