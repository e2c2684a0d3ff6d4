"""``netzwerker export``: people in a registered output format."""

from __future__ import annotations

import sys

import click

from .common import open_store_from


def register(cli: click.Group) -> None:
    cli.add_command(export)


@click.command()
@click.option("--format", "fmt", default="csv", show_default=True, metavar="NAME", help="An installed exporter.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to FILE (default: stdout).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Export everyone in the store, e.g. as CSV (plugins add formats).

    \b
    Example:
      netzwerker export --format csv --output contacts.csv
    """
    from .. import plugins
    from ..errors import NetzwerkerError
    from ..store.people import load_people

    exporters = plugins.exporters()
    exporter = exporters.get(fmt)
    if exporter is None:
        raise NetzwerkerError(f"unknown export format {fmt!r}; installed: {', '.join(exporters.names())}")
    with open_store_from(ctx) as store:
        views = sorted(load_people(store.conn).values(), key=lambda v: (v.name.casefold(), v.id))
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = exporter.write(views, handle)
        click.echo(f"wrote {count} people to {output}", err=True)
    else:
        exporter.write(views, sys.stdout)
