"""``netzwerker report NAME``: run a registered report and render it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from .common import open_store_from

FORMATS = ("table", "json", "csv", "md", "html")


def register(cli: click.Group) -> None:
    cli.add_command(report)


class ReportGroup(click.Group):
    """Subcommands are the registered reports (built-in and from plugins)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        from .. import plugins

        return sorted(set(super().list_commands(ctx)) | set(plugins.reports().names()))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        from .. import plugins

        registry = plugins.reports()
        if cmd_name not in registry:
            return None
        return make_report_command(cmd_name, registry[cmd_name].description)


@click.group(cls=ReportGroup)
def report() -> None:
    """Reports: structured data, rendered as a table, JSON, CSV, Markdown or HTML.

    \b
    Example:
      netzwerker report reciprocity --since 2025-01-01 --format md --output owe.md
    """


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def make_report_command(name: str, description: str) -> click.Command:
    @click.command(name, help=f"{description}.\n\n\b\nExample:\n  netzwerker report {name} --format json")
    @click.option("--since", callback=_date, metavar="DATE", help="Only events on or after DATE (YYYY-MM-DD).")
    @click.option("--until", callback=_date, metavar="DATE", help="Only events on or before DATE (YYYY-MM-DD).")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
    @click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write to FILE.")
    @click.option("--bundle", metavar="NAME", help="Apply a community bundle's rules (weights, thresholds).")
    @click.option("--half-life", type=click.FloatRange(min=1), metavar="DAYS", help="Time decay of scores.")
    @click.pass_context
    def command(
        ctx: click.Context,
        since: dt.date | None,
        until: dt.date | None,
        fmt: str,
        output: str | None,
        bundle: str | None,
        half_life: float | None,
    ) -> None:
        _run(ctx, name, since, until, fmt, output, bundle, half_life)

    return command


def _run(
    ctx: click.Context,
    name: str,
    since: dt.date | None,
    until: dt.date | None,
    fmt: str,
    output: str | None,
    bundle: str | None,
    half_life: float | None,
) -> None:
    from .. import plugins
    from ..errors import NetzwerkerError
    from ..render import render
    from ..reports import ReportOptions
    from ..rules import Rules

    if since and until and since > until:
        raise click.BadParameter("--since is after --until")
    rules = Rules()
    if bundle:
        bundles = plugins.bundles()
        if bundle not in bundles:
            raise NetzwerkerError(f"unknown bundle {bundle!r}; installed: {', '.join(bundles.names()) or 'none'}")
        rules = bundles[bundle].rules.model_copy(deep=True)
    if half_life is not None:
        rules.half_life_days = half_life
    the_report = plugins.reports()[name]
    with open_store_from(ctx) as store:
        data: dict[str, Any] = the_report.build(store, ReportOptions(since=since, until=until, rules=rules))
    text = render(the_report, data, fmt)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


report.add_command(make_report_command("reciprocity", "Per person: what they gave you and what you gave them"))
