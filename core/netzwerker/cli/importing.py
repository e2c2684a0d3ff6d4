"""``netzwerker import``: read exports into the store, one transaction per PATH."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import click

from .common import open_store_from

if TYPE_CHECKING:
    from collections.abc import Callable


def register(cli: click.Group) -> None:
    cli.add_command(import_command)


@click.command("import")
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--source", "source", metavar="NAME", help="Use this importer instead of detecting one.")
@click.option("--list-sources", is_flag=True, help="List the installed importers and exit.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per PATH.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no per-file summary.")
@click.option("--store-bodies", is_flag=True, help="Keep message bodies (off by default: headers suffice).")
@click.pass_context
def import_command(
    ctx: click.Context,
    paths: tuple[str, ...],
    source: str | None,
    list_sources: bool,
    as_json: bool,
    quiet: bool,
    store_bodies: bool,
) -> None:
    """Import exports: a LinkedIn or XING ZIP, a folder, a .vcf, an mbox, a ledger CSV.

    Each PATH is one import run in one transaction: a PATH that fails is rolled
    back and reported, the others still import, and the exit code is 1 if any
    failed. Importing the same export again adds nothing.

    \b
    Examples:
      netzwerker import Complete_LinkedInDataExport_11-15-2026.zip
      netzwerker import empfehlungen.csv --json
      netzwerker import ~/Mail/Archive --source mbox
      netzwerker import --list-sources
    """
    from .. import plugins

    importers = plugins.importers()
    if list_sources:
        _list_sources(importers, as_json)
        return
    if not paths:
        raise click.UsageError("give at least one PATH (or --list-sources)")
    from ..errors import NetzwerkerError
    from ..pipeline import ImportSummary, choose_importer, run_import

    failed = 0
    with open_store_from(ctx) as store:
        for path in paths:
            try:
                importer = choose_importer(path, importers, source)
                with _progress(path, enabled=not quiet and not as_json) as on_progress:
                    summary = run_import(
                        store, path, importer, options={"store_bodies": store_bodies}, on_progress=on_progress
                    )
            except NetzwerkerError as exc:
                failed += 1
                message = " ".join(str(exc).split())
                click.echo(f"Error: {message}", err=True)
                if as_json:
                    error = ImportSummary(path=path, source=source or "").as_json()
                    error["error"] = message
                    click.echo(json.dumps(error, ensure_ascii=False))
                continue
            if as_json:
                click.echo(json.dumps(summary.as_json(), ensure_ascii=False))
            elif not quiet:
                _print_summary(summary)
            _print_warnings(summary.warnings, limit=20 if not as_json else 0)
    if failed:
        ctx.exit(1)


def _list_sources(importers: Any, as_json: bool) -> None:
    rows = [
        {"name": name, "description": importers[name].description, "plugin": importers.provider(name)}
        for name in importers.names()
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['name']:<20} {row['description']}  [{row['plugin']}]")


def _print_summary(summary: Any) -> None:
    noise = ""
    if summary.skipped_by_reason:
        parts = ", ".join(f"{n} {reason}" for reason, n in sorted(summary.skipped_by_reason.items()))
        noise = f" ({parts})"
    click.echo(
        f"{summary.path}: {summary.source}: {summary.records} records — {summary.new} new, "
        f"{summary.changed} changed, {summary.unchanged} unchanged, {summary.skipped} skipped{noise}"
    )


def _print_warnings(warnings: list[str], limit: int) -> None:
    if not limit:
        return
    for warning in warnings[:limit]:
        click.echo(f"warning: {warning}", err=True)
    if len(warnings) > limit:
        click.echo(f"warning: … and {len(warnings) - limit} more warnings", err=True)


class _progress:
    """A rich progress bar on stderr when it is a terminal; a no-op otherwise."""

    def __init__(self, label: str, enabled: bool) -> None:
        self.label = label
        self.enabled = enabled and sys.stderr.isatty()
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Callable[[int, int | None], None] | None:
        if not self.enabled:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[amount]}"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label[-40:], total=None, amount="")
        return self._update

    def _update(self, done: int, total: int | None) -> None:
        # importers report in their own unit; without a total a percentage means nothing
        amount = f"{done * 100 // total:>3d}%" if total else f"{done:,}"
        self._progress.update(self._task, completed=done, total=total, amount=amount)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
