"""Test helpers shared by the core's tests (importable: tests/ is on pythonpath)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from netzwerker.cli import cli

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples"


class Cli:
    """Runs ``netzwerker --db DB ...`` in-process."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(cli, ["--db", str(self.db), *args], input=input, catch_exceptions=False)

    def json(self, *args: str) -> Any:
        result = self(*args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, result.output
        return result


def store_content(db: Path) -> list[str]:
    """The store's content as SQL, to compare before and after a failed import."""
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def import_records(run: Cli, tmp_path: Path, records: Callable[[], Iterable[Any]]) -> Cli:
    """Import ``records()`` into ``run``'s store through a plugin registered for the test.

    The records travel the way a real importer's do: hook, detection, the
    pipeline's one transaction. Use with the ``fresh_plugins`` fixture.
    """
    from netzwerker import hookimpl, plugins
    from netzwerker.importers import ImportContext, Importer

    class RecordsImporter(Importer):
        name = "test-records"
        description = "records written by a test"

        def detect(self, target: str) -> float:
            return 1.0 if target.endswith(".test-records") else 0.0

        def read(self, target: str, context: ImportContext) -> Iterable[Any]:
            yield from records()

    class RecordsPlugin:
        @hookimpl
        def register_importers(self, register: Callable[[Importer], None]) -> None:
            register(RecordsImporter())

    pm = plugins.get_plugin_manager()
    if pm.get_plugin("test-records") is not None:  # a second import in the same test
        pm.unregister(name="test-records")
    pm.register(RecordsPlugin(), name="test-records")
    target = tmp_path / "network.test-records"
    target.write_text("")
    run.ok("import", str(target))
    return run
