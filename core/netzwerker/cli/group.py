"""The root click group: plugin commands added lazily, errors as one line."""

from __future__ import annotations

import os
from typing import Any

import click


class NetzwerkerGroup(click.Group):
    """Loads built-in commands lazily, adds plugin commands on first lookup and
    turns errors into one-line messages.

    ``lazy`` maps a command name to ``(module, attribute, short help)``: the
    short help is shown by ``--help`` without importing the module (a test
    checks it matches the command's own).
    """

    _plugins_added = False
    lazy: dict[str, tuple[str, str, str]] = {}  # noqa: RUF012 - set once by the cli module

    def _load_lazy(self, name: str) -> click.Command | None:
        spec = self.lazy.get(name)
        if spec is None:
            return None
        import importlib

        module = importlib.import_module(spec[0])
        command: click.Command = getattr(module, spec[1])
        self.commands[name] = command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._ensure_plugin_commands()
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is not None:
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
            else:
                rows.append((name, self.lazy[name][2]))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def _ensure_plugin_commands(self) -> None:
        if self._plugins_added:
            return
        self._plugins_added = True
        from ..plugins import add_plugin_commands

        add_plugin_commands(
            self,
            on_error=lambda message: click.echo(f"netzwerker: warning: {message}", err=True),
            reserved=frozenset(self.lazy),
        )

    def reset_plugin_commands(self, builtin: dict[str, click.Command]) -> None:
        """Tests: drop plugin commands so the next lookup asks plugins again."""
        self.commands = dict(builtin)
        self._plugins_added = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._ensure_plugin_commands()
        return sorted(set(super().list_commands(ctx)) | set(self.lazy))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name) or self._load_lazy(cmd_name)
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
