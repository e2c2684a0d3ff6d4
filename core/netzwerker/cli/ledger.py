"""``netzwerker referral`` and ``netzwerker intro``: the referral ledger by hand."""

from __future__ import annotations

import json

import click

from .common import echo_json, open_store_from, person_or_new

STATUSES = ("open", "contacted", "won", "lost", "declined")


def register(cli: click.Group) -> None:
    cli.add_command(referral)
    cli.add_command(intro)


@click.group()
def referral() -> None:
    """Referrals ("Empfehlungen"): who passed business to whom.

    P is 'me', a person id, an email, a profile URL, or a name.
    """


@referral.command("add")
@click.option("--giver", required=True, metavar="P", help="Who gave the referral.")
@click.option("--receiver", required=True, metavar="P", help="Who received it.")
@click.option("--prospect", metavar="P", help="The referred party (the potential client).")
@click.option("--date", "date_text", metavar="D", help="YYYY-MM-DD or TT.MM.JJJJ (default: today).")
@click.option("--status", type=click.Choice(STATUSES), default="open", show_default=True)
@click.option("--value", metavar="V", help='Revenue credited to the giver, e.g. "1200 EUR" or "1.200,50 €".')
@click.option("--note", metavar="T")
@click.pass_context
def referral_add(
    ctx: click.Context,
    giver: str,
    receiver: str,
    prospect: str | None,
    date_text: str | None,
    status: str,
    value: str | None,
    note: str | None,
) -> None:
    """Record a referral.

    \b
    Example:
      netzwerker referral add --giver anna@example.com --receiver me \\
          --prospect "Bäckerei Huber" --value "1200 EUR" --status won
    """
    import datetime as dt

    from ..default_plugins._ledger_rows import parse_date, parse_value
    from ..store.identity import Identity, now

    try:
        date = parse_date(date_text) if date_text else dt.date.today()
        amount, currency = parse_value(value or "")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    with open_store_from(ctx) as store, store.transaction() as conn:
        identity = Identity(conn, source="manual")
        giver_id = person_or_new(store, giver, identity)
        receiver_id = person_or_new(store, receiver, identity)
        prospect_id = person_or_new(store, prospect, identity) if prospect else None
        referral_id = conn.execute(
            "INSERT INTO referrals (giver_id, receiver_id, prospect_id, date, status, value, currency, note,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                giver_id,
                receiver_id,
                prospect_id,
                date.isoformat() if date else None,
                status,
                str(amount) if amount is not None else None,
                currency,
                note,
                now(),
                now(),
            ),
        ).lastrowid
    click.echo(f"referral {referral_id} added")


@referral.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@click.pass_context
def referral_list(ctx: click.Context, as_json: bool) -> None:
    """List referrals, newest first.

    \b
    Example:
      netzwerker referral list --json
    """
    from ..store.people import canonical_map, load_people

    with open_store_from(ctx) as store:
        rows = store.conn.execute(
            "SELECT r.id, r.giver_id, r.receiver_id, r.prospect_id, r.date, r.status, r.value, r.currency, r.note,"
            " rec.source FROM referrals r LEFT JOIN records rec ON rec.id = r.record_id ORDER BY r.date DESC, r.id"
        ).fetchall()
        canon = canonical_map(store.conn)
        views = load_people(store.conn)

    def person(base: str | None) -> dict[str, str] | None:
        if base is None:
            return None
        view = views[canon[base]]
        return {"id": view.id, "name": view.name}

    data = [
        {
            "id": row["id"],
            "date": row["date"],
            "giver": person(row["giver_id"]),
            "receiver": person(row["receiver_id"]),
            "prospect": person(row["prospect_id"]),
            "status": row["status"],
            "value": row["value"],
            "currency": row["currency"],
            "note": row["note"],
            "source": row["source"] or "manual",
        }
        for row in rows
    ]
    if as_json:
        echo_json(data)
        return
    for item in data:
        value = f" {item['value']} {item['currency'] or ''}".rstrip() if item["value"] else ""
        prospect = f" ({item['prospect']['name']})" if item["prospect"] else ""
        click.echo(
            f"#{item['id']} {item['date'] or '—'} {item['giver']['name']} → {item['receiver']['name']}"
            f"{prospect} [{item['status']}]{value}"
        )


@referral.command("update")
@click.argument("referral_id", metavar="ID", type=int)
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--value", metavar="V", help='e.g. "1200 EUR".')
@click.option("--note", metavar="T")
@click.pass_context
def referral_update(
    ctx: click.Context, referral_id: int, status: str | None, value: str | None, note: str | None
) -> None:
    """Change a referral's status, value or note. Your change survives re-imports.

    \b
    Example:
      netzwerker referral update 12 --status won --value "4800 EUR"
    """
    from ..default_plugins._ledger_rows import parse_value
    from ..errors import NotFound
    from ..store.identity import now

    if status is None and value is None and note is None:
        raise click.UsageError("nothing to change: give --status, --value or --note")
    changes: dict[str, str | None] = {}
    if status is not None:
        changes["status"] = status
    if value is not None:
        try:
            amount, currency = parse_value(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--value") from exc
        changes["value"] = str(amount) if amount is not None else None
        if currency:
            changes["currency"] = currency
    if note is not None:
        changes["note"] = note
    with open_store_from(ctx) as store, store.transaction() as conn:
        row = conn.execute("SELECT edited_fields FROM referrals WHERE id = ?", (referral_id,)).fetchone()
        if row is None:
            raise NotFound(f"no referral {referral_id} (see netzwerker referral list)")
        edited = sorted(set(json.loads(row[0])) | set(changes))
        assignments = ", ".join(f"{k} = ?" for k in changes)
        conn.execute(
            f"UPDATE referrals SET {assignments}, edited_fields = ?, updated_at = ? WHERE id = ?",
            (*changes.values(), json.dumps(edited), now(), referral_id),
        )
    click.echo(f"referral {referral_id} updated")


@click.group()
def intro() -> None:
    """Introductions: who brought two people together."""


@intro.command("add")
@click.option("--introducer", required=True, metavar="P", help="Who made the introduction.")
@click.option("--between", required=True, nargs=2, metavar="P P", help="The two people introduced.")
@click.option("--date", "date_text", metavar="D", help="YYYY-MM-DD or TT.MM.JJJJ (default: today).")
@click.option("--note", metavar="T")
@click.pass_context
def intro_add(
    ctx: click.Context, introducer: str, between: tuple[str, str], date_text: str | None, note: str | None
) -> None:
    """Record an introduction.

    \b
    Example:
      netzwerker intro add --introducer me --between anna@example.com "Jürgen Müller"
    """
    import datetime as dt

    from ..default_plugins._ledger_rows import parse_date
    from ..store.identity import Identity, now

    try:
        date = parse_date(date_text) if date_text else dt.date.today()
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--date") from exc
    with open_store_from(ctx) as store, store.transaction() as conn:
        identity = Identity(conn, source="manual")
        introducer_id = person_or_new(store, introducer, identity)
        a_id = person_or_new(store, between[0], identity)
        b_id = person_or_new(store, between[1], identity)
        if a_id == b_id:
            raise click.BadParameter("the two people introduced are the same person", param_hint="--between")
        intro_id = conn.execute(
            "INSERT INTO introductions (introducer_id, a_id, b_id, date, note, detected, review, created_at)"
            " VALUES (?, ?, ?, ?, ?, 0, 'confirmed', ?)",
            (introducer_id, a_id, b_id, date.isoformat() if date else None, note, now()),
        ).lastrowid
    click.echo(f"introduction {intro_id} added")


@intro.command("list")
@click.option("--detected", "only_detected", is_flag=True, help="Only introductions detected in mail headers.")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@click.pass_context
def intro_list(ctx: click.Context, only_detected: bool, as_json: bool) -> None:
    """List introductions, newest first; detected ones show whether you confirmed or rejected them.

    \b
    Example:
      netzwerker intro list --detected
    """
    from ..store.people import canonical_map, load_people

    with open_store_from(ctx) as store:
        rows = store.conn.execute(
            "SELECT n.id, n.date, n.introducer_id, n.a_id, n.b_id, n.detected, n.review, n.note, rec.source"
            " FROM introductions n LEFT JOIN records rec ON rec.id = n.record_id"
            + (" WHERE n.detected = 1" if only_detected else "")
            + " ORDER BY n.date DESC, n.id"
        ).fetchall()
        canon = canonical_map(store.conn)
        views = load_people(store.conn)

    def person(base: str) -> dict[str, str]:
        view = views[canon[base]]
        return {"id": view.id, "name": view.name}

    data = [
        {
            "id": row["id"],
            "date": row["date"],
            "introducer": person(row["introducer_id"]),
            "between": [person(row["a_id"]), person(row["b_id"])],
            "detected": bool(row["detected"]),
            "review": row["review"],
            "note": row["note"],
            "source": row["source"] or "manual",
        }
        for row in rows
    ]
    if as_json:
        echo_json(data)
        return
    for item in data:
        state = f" [{item['review'] or 'detected, not reviewed'}]" if item["detected"] else ""
        a, b = item["between"]
        click.echo(
            f"#{item['id']} {item['date'] or '—'} {item['introducer']['name']}: {a['name']} ↔ {b['name']}{state}"
        )


def _review(ctx: click.Context, intro_id: int, verdict: str) -> None:
    from ..errors import NotFound

    with open_store_from(ctx) as store, store.transaction() as conn:
        if conn.execute("UPDATE introductions SET review = ? WHERE id = ?", (verdict, intro_id)).rowcount == 0:
            raise NotFound(f"no introduction {intro_id} (see netzwerker intro list)")
    click.echo(f"introduction {intro_id} {verdict}")


@intro.command("confirm")
@click.argument("intro_id", metavar="ID", type=int)
@click.pass_context
def intro_confirm(ctx: click.Context, intro_id: int) -> None:
    """Confirm a detected introduction; it keeps counting. Survives re-imports.

    \b
    Example:
      netzwerker intro confirm 7
    """
    _review(ctx, intro_id, "confirmed")


@intro.command("reject")
@click.argument("intro_id", metavar="ID", type=int)
@click.pass_context
def intro_reject(ctx: click.Context, intro_id: int) -> None:
    """Reject an introduction (a wrong detection): it no longer counts. Survives re-imports.

    \b
    Example:
      netzwerker intro reject 7
    """
    _review(ctx, intro_id, "rejected")
