"""The root click group: plugin commands added lazily, errors as one line."""

from __future__ import annotations

import os
from typing import Any

import click


class NetzwerkerGroup(click.Group):
    """Adds plugin commands on first lookup and turns errors into one-line messages."""

    _plugins_added = False

    def _ensure_plugin_commands(self) -> None:
        if self._plugins_added:
            return
        self._plugins_added = True
        from ..plugins import add_plugin_commands

        add_plugin_commands(self, on_error=lambda message: click.echo(f"netzwerker: warning: {message}", err=True))

    def reset_plugin_commands(self, builtin: dict[str, click.Command]) -> None:
        """Tests: drop plugin commands so the next lookup asks plugins again."""
        self.commands = dict(builtin)
        self._plugins_added = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._ensure_plugin_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            self._ensure_plugin_commands()
            command = super().get_command(ctx, cmd_name)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        from ..errors import NetzwerkerError

        debug = os.environ.get("NETZWERKER_DEBUG", "") not in ("", "0")
        try:
            return super().invoke(ctx)
        except NetzwerkerError as exc:
            if debug:
                raise
            raise click.ClickException(one_line(str(exc))) from exc
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug:
                raise
            raise click.ClickException(
                one_line(f"internal error: {type(exc).__name__}: {exc} (set NETZWERKER_DEBUG=1 for the traceback)")
            ) from exc


def one_line(text: str) -> str:
    return " ".join(text.split())
