"""``netzwerker me``: the store's owner."""

from __future__ import annotations

import click

from .common import echo_json, open_store_from


def register(cli: click.Group) -> None:
    cli.add_command(me)


@click.group()
def me() -> None:
    """The store's owner ("me"): the person reciprocity is computed for.

    Importers also recognise you where an export says who owns it.
    """


@me.command("add")
@click.argument("handles", nargs=-1, required=True, metavar="HANDLE...")
@click.pass_context
def me_add(ctx: click.Context, handles: tuple[str, ...]) -> None:
    """Declare HANDLEs as yours: emails, LinkedIn or XING profile URLs, or your name.

    A person already known under one of them becomes part of you (a logged
    merge that 'people unmerge' can undo).

    \b
    Example:
      netzwerker me add katrin@vogel-consulting.de https://www.linkedin.com/in/katrin-vogel
    """
    from ..store.identity import Identity, parse_handle

    with open_store_from(ctx) as store, store.transaction() as conn:
        identity = Identity(conn)
        me_id = identity.me(create=True)
        assert me_id is not None
        parsed = [parse_handle(h) for h in handles]
        names = [h for h in parsed if h.kind == "name"]
        if names:
            conn.execute(
                "UPDATE persons SET display_name = COALESCE(display_name, ?) WHERE id = ?", (names[0].original, me_id)
            )
        merged = identity.add_handles(me_id, parsed, actor="user")
    click.echo(f"me: added {len(handles)} handle(s)" + (f"; merged {len(merged)} person(s) into me" if merged else ""))


@me.command("show")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@click.pass_context
def me_show(ctx: click.Context, as_json: bool) -> None:
    """Show who "me" is and under which handles.

    \b
    Example:
      netzwerker me show --json
    """
    from ..errors import NotFound
    from ..store.people import find_person, load_people

    with open_store_from(ctx) as store:
        try:
            me_id = find_person(store.conn, "me")
        except NotFound:
            if as_json:
                echo_json(None)
                return
            raise
        view = load_people(store.conn, {me_id})[me_id]
    data = view.summary() | {"names": view.names, "phones": view.phones}
    if as_json:
        echo_json(data)
        return
    click.echo(f"{view.name} ({view.id})")
    for email in view.emails:
        click.echo(f"  email     {email}")
    for label, url in (("linkedin", view.linkedin), ("xing", view.xing)):
        if url:
            click.echo(f"  {label:<9} {url}")
