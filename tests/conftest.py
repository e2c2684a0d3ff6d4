"""Shared fixtures: a fresh store file per test and a CLI runner bound to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from netzwerker import plugins
from netzwerker.cli import cli
from nwtest import Cli


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real default store or the developer's environment."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    for name in ("NETZWERKER_DB", "NETZWERKER_LOAD_PLUGINS", "NETZWERKER_STRICT_PLUGINS", "NETZWERKER_DEBUG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def run(db: Path) -> Cli:
    return Cli(db)


@pytest.fixture
def fresh_plugins() -> Iterator[None]:
    """Reload plugins before and after a test that changes what is installed."""
    builtin = dict(cli.commands)
    plugins.reset()
    cli.reset_plugin_commands(builtin)
    yield
    plugins.reset()
    cli.reset_plugin_commands(builtin)
