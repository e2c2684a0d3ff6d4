"""``netzwerker plugins``: what is installed."""

from __future__ import annotations

from typing import Any

import click

from .common import echo_json


def register(cli: click.Group) -> None:
    cli.add_command(plugins_group)


@click.group("plugins")
def plugins_group() -> None:
    """Installed plugins (entry-point group 'netzwerker')."""


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Output as JSON.")
@click.option("--all", "show_all", is_flag=True, help="Include the built-in default plugins.")
def plugins_list(as_json: bool, show_all: bool) -> None:
    """List plugins with their version and the hooks they implement.

    NETZWERKER_LOAD_PLUGINS=a,b loads only those distributions (empty: none).

    \b
    Example:
      netzwerker plugins list --json
    """
    from .. import plugins

    infos = [i for i in plugins.plugin_infos() if show_all or not i.builtin]
    data: list[dict[str, Any]] = [
        {
            "name": info.distribution,
            "entry_point": info.name,
            "version": info.version,
            "hooks": info.hooks,
            "builtin": info.builtin,
        }
        for info in infos
    ]
    if as_json:
        echo_json(data)
        return
    if not data:
        click.echo("no plugins installed")
    for item in data:
        click.echo(f"{item['name']} {item['version'] or ''}: {', '.join(item['hooks'])}")
