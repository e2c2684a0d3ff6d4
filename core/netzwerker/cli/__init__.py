"""The ``netzwerker`` command-line tool.

Every command module keeps heavy imports (pydantic, SQLite queries, rich)
inside its functions, so ``netzwerker --help`` loads little besides click.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from .. import __version__
from .group import NetzwerkerGroup


@click.group(cls=NetzwerkerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    envvar="NETZWERKER_DB",
    type=click.Path(dir_okay=False),
    help="The store file (env NETZWERKER_DB). Default: netzwerker.db in your user data folder.",
)
@click.version_option(__version__, "--version", prog_name="netzwerker")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """netzwerker: your LinkedIn, XING, mail and referral records in one local
    store, and who gives and who only takes.

    \b
    Example:
      netzwerker import Complete_LinkedInDataExport_11-15-2026.zip mail.mbox
      netzwerker me add katrin@vogel-consulting.de
      netzwerker report reciprocity

    Everything stays on this machine. Set NETZWERKER_DEBUG=1 to see tracebacks.
    """
    ctx.ensure_object(dict)
    ctx.obj["db"] = db_path


#: Built-in commands, imported only when used; the short help is what
#: ``netzwerker --help`` lists (tests/test_cli_help.py keeps it in sync).
cli.lazy = {
    "import": ("netzwerker.cli.importing", "import_command", "Import exports: a LinkedIn or XING ZIP, a folder, a..."),
    "me": ("netzwerker.cli.me", "me", 'The store\'s owner ("me"): the person reciprocity is...'),
    "people": ("netzwerker.cli.people", "people", "The people in the store, one per human (after identity..."),
    "referral": ("netzwerker.cli.ledger", "referral", 'Referrals ("Empfehlungen"): who passed business to whom.'),
    "intro": ("netzwerker.cli.ledger", "intro", "Introductions: who brought two people together."),
    "report": ("netzwerker.cli.report", "report", "Reports: structured data, rendered as a table, JSON, CSV,..."),
    "plugins": ("netzwerker.cli.plugins_cmd", "plugins_group", "Installed plugins (entry-point group 'netzwerker')."),
    "export": ("netzwerker.cli.export", "export", "Export everyone in the store, e.g. as CSV (plugins add..."),
}


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    if os.environ.get("NETZWERKER_DEBUG", "") not in ("", "0"):
        return cli.main(args=argv, prog_name="netzwerker")
    try:
        return cli.main(args=argv, prog_name="netzwerker")
    except KeyboardInterrupt:
        click.echo("netzwerker: interrupted; nothing of the current import was kept", err=True)
        sys.exit(130)
