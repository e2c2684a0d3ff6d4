"""One transaction per import run: failures of any kind leave the store as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import netzwerker
import pytest
from netzwerker import plugins
from netzwerker.importers import ImportContext, Importer
from netzwerker.pipeline import run_import
from netzwerker.records import InteractionRecord, PersonRef
from netzwerker.store.db import open_store
from nwtest import Cli, store_content

ANNA = PersonRef(name="Anna", emails=("anna@example.com",))


def messages(count: int) -> Iterator[netzwerker.AnyRecord]:
    for n in range(count):
        yield InteractionRecord(key=f"m{n}", kind="message", actor=ANNA, targets=(PersonRef(me=True),))


class Exploding(Importer):
    name = "exploding"

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def read(self, target: str, context: ImportContext) -> Iterator[netzwerker.AnyRecord]:
        yield from messages(50)
        raise self.exc


class Stateful(Importer):
    name = "stateful"
    allow_empty = True

    def read(self, target: str, context: ImportContext) -> Iterator[netzwerker.AnyRecord]:
        seen = int(context.state.get("seen", "0"))
        yield from list(messages(seen + 2))[seen:]
        context.state["seen"] = str(seen + 2)


@pytest.fixture
def seeded(run: Cli, tmp_path: Path) -> Cli:
    ledger = tmp_path / "l.csv"
    ledger.write_text("date,kind,giver,receiver,other,status,value,currency,note\n2024-01-01,referral,a@b.de,me,,,,,\n")
    run.ok("import", str(ledger))
    return run


@pytest.mark.parametrize("exc", [RuntimeError("plugin bug"), KeyboardInterrupt(), netzwerker.FormatError("bad", "x")])
def test_exception_mid_import_rolls_everything_back(seeded: Cli, exc: BaseException) -> None:
    before = store_content(seeded.db)
    with open_store(seeded.db) as store, pytest.raises(BaseException):  # noqa: B017 - every kind must roll back
        run_import(store, "x", Exploding(exc))
    assert store_content(seeded.db) == before


def test_plugin_bug_is_one_line_via_the_cli(seeded: Cli, tmp_path: Path, fresh_plugins: None) -> None:
    class Plugin:
        @netzwerker.hookimpl
        def register_importers(self, register):  # type: ignore[no-untyped-def]
            register(Exploding(ZeroDivisionError("division by zero")))

    plugins.get_plugin_manager().register(Plugin(), name="exploding")
    before = store_content(seeded.db)
    target = tmp_path / "x.bin"
    target.write_text("")
    result = seeded("import", "--source", "exploding", str(target))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {target}: importer exploding failed (ZeroDivisionError: division by zero); "
        "nothing was imported; set NETZWERKER_DEBUG=1 for details"
    )
    assert store_content(seeded.db) == before


def test_invalid_record_from_a_plugin_is_reported(seeded: Cli) -> None:
    class Bad(Importer):
        name = "bad"

        def read(self, target: str, context: ImportContext) -> Iterator[netzwerker.AnyRecord]:
            yield PersonRef(name="not a record")  # type: ignore[misc]

    with open_store(seeded.db) as store, pytest.raises(netzwerker.NetzwerkerError, match="not a netzwerker record"):
        run_import(store, "x", Bad())


def test_state_is_saved_with_the_records(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        assert run_import(store, "x", Stateful()).new == 2
        second = run_import(store, "x", Stateful())
        assert (second.new, second.records) == (2, 2)
        value = store.conn.execute("SELECT value FROM source_state WHERE namespace = 'stateful'").fetchone()[0]
        assert value == "4"
