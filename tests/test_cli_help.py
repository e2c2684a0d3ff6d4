"""Every command explains itself with an example; errors never show tracebacks."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from netzwerker.cli import cli


def walk(group: click.Group, ctx: click.Context, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found += walk(command, click.Context(command, parent=ctx, info_name=name), path)
    return found


COMMANDS = walk(cli, click.Context(cli, info_name="netzwerker"))


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = cli
    for name in path:
        command = command.get_command(click.Context(command), name)  # type: ignore[union-attr,assignment]
    if not isinstance(command, click.Group):
        assert "Example" in result.output, f"netzwerker {' '.join(path)} --help shows no example"


def test_lazy_short_help_matches_the_commands() -> None:
    for name, (_module, _attr, short) in cli.lazy.items():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None
        assert command.get_short_help_str(limit=len(short)) == short, name


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("netzwerker, version ")
