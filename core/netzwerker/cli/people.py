"""``netzwerker people``: list, show, merge, unmerge, suggestions, forget and export."""

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


@people.command("forget")
@click.argument("person", metavar="PERSON")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Output what was erased as JSON.")
@click.pass_context
def people_forget(ctx: click.Context, person: str, yes: bool, as_json: bool) -> None:
    """Erase PERSON everywhere; re-imports will not bring them back.

    Erases, in one transaction, the person (all people merged into them), their
    handles, tags, notes, interactions they did and their place in others'
    interactions, referrals and introductions naming them, and merge history.
    What stays is a keyed hash of each of their emails, profiles, phones and
    names: an import then skips records about them ("forgotten person"). A
    name-only mention of the same name is skipped too. This cannot be undone.

    \b
    Example:
      netzwerker people forget j.mueller@firma.de --yes
    """
    from ..errors import NetzwerkerError
    from ..store.forget import forget_person
    from ..store.people import find_person, load_people

    with open_store_from(ctx) as store:
        person_id = find_person(store.conn, person)
        name = load_people(store.conn, {person_id})[person_id].name
        if not yes:
            try:
                click.confirm(
                    f"Forget {name} [{person_id}] and erase everything about them? This cannot be undone",
                    abort=True,
                    err=True,
                )
            except click.Abort:
                raise NetzwerkerError("not confirmed; nothing was erased (use --yes to skip the question)") from None
        # overwrite freed pages with zeros, so the erased rows do not linger in the file
        store.conn.execute("PRAGMA secure_delete = ON")
        with store.transaction() as conn:
            if find_person(conn, person) != person_id:
                raise NetzwerkerError(f"{person!r} changed meanwhile; nothing was erased, run it again")
            summary = forget_person(conn, person_id)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # and not in the write-ahead log either
    if as_json:
        echo_json(summary.as_json())
        return
    parts = ", ".join(f"{n} {table}" for table, n in summary.erased.items() if n)
    click.echo(f"forgot {name} [{person_id}]: erased {parts}; {summary.tombstones} tombstone(s) kept")


@people.command("export")
@click.argument("person", metavar="PERSON")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to FILE (mode 0600).")
@click.pass_context
def people_export(ctx: click.Context, person: str, output: str | None) -> None:
    """Everything held about PERSON, as JSON (a GDPR Art. 15 access copy).

    \b
    The document:
      person             id, name, is_me, first/last name, organization, title,
                         emails, profiles {linkedin, xing}, phones, names,
                         sources, members (ids of the people merged into one)
      people_rows        the stored people rows of every member
      handles            kind, value, original, person_id, created_at,
                         import_run, run_source, run_target, run_started_at,
                         record_source, file, line (where it was read), url
      tags, notes        with the source, file and line they came from
      interactions       id, kind, occurred_at, channel, thread, subject, detail,
                         status, direction (given/received), actor {id, name},
                         targets [{id, name}], source, file, line; body only
                         when bodies were stored
      referrals          giver/receiver/prospect {id, name}, date, status, value,
                         currency, note, source, file, line
      introductions      introducer/a/b {id, name}, date, note, outcome, detected
      merges, merge_suggestions, merge_blocks   rows naming any member

    \b
    Example:
      netzwerker people export j.mueller@firma.de --output mueller.json
    """
    import json
    import os

    from ..errors import NetzwerkerError
    from ..store.access import export_person
    from ..store.people import find_person

    with open_store_from(ctx) as store:
        person_id = find_person(store.conn, person)
        data = export_person(store.conn, person_id)
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if output is None:
        click.echo(text)
        return
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")
    except OSError as exc:
        raise NetzwerkerError(f"{output}: cannot write ({exc.strerror or exc})") from exc
    click.echo(f"wrote everything held about {data['person']['name']} [{person_id}] to {output}", err=True)
