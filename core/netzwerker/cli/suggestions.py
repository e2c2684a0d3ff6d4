"""``netzwerker people suggestions``: merges the resolver was not sure enough to make."""

from __future__ import annotations

import sqlite3
from typing import Any

import click

from .common import echo_json, open_store_from


@click.group("suggestions", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@click.pass_context
def suggestions(ctx: click.Context, as_json: bool) -> None:
    """Possible duplicates to review: the same or a similar name without
    enough evidence to merge automatically.

    'accept ID' merges the two (undo with 'people unmerge'); 'reject ID'
    keeps them apart for good, re-imports included.

    \b
    Example:
      netzwerker people suggestions
      netzwerker people suggestions accept 3
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..store.people import load_people

    with open_store_from(ctx) as store:
        pending = open_suggestions(store.conn)
        views = load_people(store.conn, {p for s in pending for p in (s["a"], s["b"])}) if pending else {}
    items = [
        {
            "id": s["id"],
            "score": s["score"],
            "a": views[s["a"]].reference(),
            "b": views[s["b"]].reference(),
            "evidence": s["evidence"],
        }
        for s in pending
    ]
    if as_json:
        echo_json(items)
        return
    if not items:
        click.echo("no open suggestions")
        return
    for item in items:
        reasons = "; ".join(e["reason"] for e in item["evidence"])
        click.echo(
            f"#{item['id']}  {item['a']['name']} [{item['a']['id']}]  ~  {item['b']['name']} [{item['b']['id']}]"
            f"  score {item['score']:.2f}  ({reasons})"
        )


def open_suggestions(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Open suggestions between people who are still apart, best first."""
    import json

    from ..store.identity import Identity

    identity = Identity(conn)
    result = []
    seen: set[frozenset[str]] = set()
    for row in conn.execute(
        "SELECT id, a_id, b_id, score, evidence FROM merge_suggestions WHERE status = 'open' ORDER BY score DESC, id"
    ):
        a, b = identity.canonical(row["a_id"]), identity.canonical(row["b_id"])
        if a == b or frozenset((a, b)) in seen:
            continue  # merged meanwhile, or already listed under the people they were merged into
        seen.add(frozenset((a, b)))
        evidence = json.loads(row["evidence"]).get("signals", [])
        result.append({"id": row["id"], "a": a, "b": b, "score": round(row["score"], 3), "evidence": evidence})
    return result


def _load(conn: sqlite3.Connection, suggestion_id: int) -> sqlite3.Row:
    from ..errors import NetzwerkerError, NotFound

    row = conn.execute(
        "SELECT id, a_id, b_id, evidence, status FROM merge_suggestions WHERE id = ?", (suggestion_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no suggestion #{suggestion_id} (see 'netzwerker people suggestions')")
    if row["status"] != "open":
        raise NetzwerkerError(f"suggestion #{suggestion_id} was already {row['status']}")
    return row


@suggestions.command("accept")
@click.argument("suggestion_id", metavar="ID", type=int)
@click.pass_context
def accept(ctx: click.Context, suggestion_id: int) -> None:
    """Merge the two people of suggestion ID (logged; 'people unmerge' undoes it).

    \b
    Example:
      netzwerker people suggestions accept 3
    """
    import json

    from ..errors import NetzwerkerError
    from ..store.identity import Identity, now

    with open_store_from(ctx) as store, store.transaction() as conn:
        row = _load(conn, suggestion_id)
        identity = Identity(conn)
        if identity.canonical(row["a_id"]) == identity.canonical(row["b_id"]):
            raise NetzwerkerError(f"suggestion #{suggestion_id}: the two are already one person")
        evidence = {"reason": f"suggestion #{suggestion_id} accepted by the user"} | json.loads(row["evidence"])
        identity.merge(row["a_id"], row["b_id"], actor="user", evidence=evidence)
        kept = identity.canonical(row["a_id"])
        conn.execute(
            "UPDATE merge_suggestions SET status = 'accepted', decided_at = ? WHERE id = ?", (now(), suggestion_id)
        )
    click.echo(f"merged into {kept}")


@suggestions.command("reject")
@click.argument("suggestion_id", metavar="ID", type=int)
@click.pass_context
def reject(ctx: click.Context, suggestion_id: int) -> None:
    """Keep the two people of suggestion ID apart, also after re-imports.

    \b
    Example:
      netzwerker people suggestions reject 4
    """
    from ..store.identity import Identity, now

    with open_store_from(ctx) as store, store.transaction() as conn:
        row = _load(conn, suggestion_id)
        Identity(conn).block(row["a_id"], row["b_id"], f"suggestion #{suggestion_id} rejected by the user")
        conn.execute(
            "UPDATE merge_suggestions SET status = 'rejected', decided_at = ? WHERE id = ?", (now(), suggestion_id)
        )
    click.echo(f"rejected suggestion #{suggestion_id}: kept apart")
