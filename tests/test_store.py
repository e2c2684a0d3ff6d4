"""The store file: creation, migrations, refusing what it cannot read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from netzwerker.errors import NetzwerkerError
from netzwerker.store.db import SCHEMA_VERSION, default_path, open_store
from netzwerker.store.schema import MIGRATIONS
from nwtest import Cli


def test_new_store_is_migrated_wal_and_has_foreign_keys(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"persons", "handles", "records", "interactions", "referrals", "merges", "import_runs"} <= tables


def test_each_migration_applies_on_top_of_the_previous(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with open_store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(NetzwerkerError, match="newer than this netzwerker knows"):
        open_store(path)


def test_not_a_database_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    run = Cli(path)
    result = run("people", "list")
    assert result.exit_code == 1
    assert "not a netzwerker store or damaged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_default_store_lives_in_the_user_data_dir(run: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    assert default_path() == data / "netzwerker" / "netzwerker.db"
    from click.testing import CliRunner
    from netzwerker.cli import cli

    result = CliRunner().invoke(cli, ["me", "add", "katrin@vogel.de"])
    assert result.exit_code == 0, result.output
    assert (data / "netzwerker" / "netzwerker.db").exists()


def test_env_var_names_the_store(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner
    from netzwerker.cli import cli

    monkeypatch.setenv("NETZWERKER_DB", str(tmp_path / "env.db"))
    assert CliRunner().invoke(cli, ["me", "add", "katrin@vogel.de"]).exit_code == 0
    assert (tmp_path / "env.db").exists()
