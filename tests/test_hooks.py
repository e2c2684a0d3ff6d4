"""One tested example per hook: what hookspecs.py documents works as written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import netzwerker
import pytest
from netzwerker import plugins
from nwtest import Cli


@pytest.fixture
def register(fresh_plugins: None) -> Iterator[object]:
    names: list[str] = []

    def add(plugin: object) -> None:
        name = f"test-plugin-{len(names)}"
        plugins.get_plugin_manager().register(plugin, name=name)
        names.append(name)

    yield add


class VcfImporter(netzwerker.Importer):
    name = "my-vcf"
    description = "vCards from my phone"

    def detect(self, target):  # type: ignore[no-untyped-def]
        return 0.8 if target.endswith(".vcf") else 0.0

    def read(self, target, context):  # type: ignore[no-untyped-def]
        yield netzwerker.PersonRecord(key="1", person=netzwerker.PersonRef(name="Ada Lovelace"))


def test_register_importers(register, run: Cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    class Plugin:
        @netzwerker.hookimpl
        def register_importers(self, register):  # type: ignore[no-untyped-def]
            register(VcfImporter())

    register(Plugin())
    card = tmp_path / "ada.vcf"
    card.write_text("")
    result = run.json("import", str(card), "--json")
    assert (result["source"], result["new"]) == ("my-vcf", 1)
    assert [p["name"] for p in run.json("people", "list", "--json")] == ["Ada Lovelace"]


def test_register_commands(register, run: Cli) -> None:  # type: ignore[no-untyped-def]
    class Plugin:
        @netzwerker.hookimpl
        def register_commands(self, cli):  # type: ignore[no-untyped-def]
            @cli.command()
            def hello() -> None:
                "Say hello."
                click.echo("hello")

    register(Plugin())
    assert run.ok("hello").stdout == "hello\n"


def test_register_exporters(register, run: Cli) -> None:  # type: ignore[no-untyped-def]
    class NamesOnly(netzwerker.Exporter):
        name = "names"
        description = "one name per line"

        def write(self, people, out):  # type: ignore[no-untyped-def]
            count = 0
            for person in people:
                out.write(person.name + "\n")
                count += 1
            return count

    class Plugin:
        @netzwerker.hookimpl
        def register_exporters(self, register):  # type: ignore[no-untyped-def]
            register(NamesOnly())

    register(Plugin())
    run.ok("me", "add", "Katrin Vogel")
    assert run.ok("export", "--format", "names").stdout == "Katrin Vogel\n"


def test_register_reports(register, run: Cli) -> None:  # type: ignore[no-untyped-def]
    class PeopleCount(netzwerker.Report):
        name = "people-count"
        description = "How many people the store holds"

        def build(self, store, options):  # type: ignore[no-untyped-def]
            return {"people": store.conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0]}

        def table(self, data):  # type: ignore[no-untyped-def]
            return netzwerker.Table(columns=["people"], rows=[[data["people"]]])

    class Plugin:
        @netzwerker.hookimpl
        def register_reports(self, register):  # type: ignore[no-untyped-def]
            register(PeopleCount())

    register(Plugin())
    run.ok("me", "add", "Katrin Vogel")
    assert run.json("report", "people-count", "--format", "json") == {"people": 1}
    assert run.ok("report", "people-count", "--format", "csv").stdout == "people\n1\n"


def test_register_bundles_and_interaction_weight(register, run: Cli) -> None:  # type: ignore[no-untyped-def]
    """A referral group's bundle: referrals weigh by value; its own thresholds."""

    class Plugin:
        @netzwerker.hookimpl
        def register_bundles(self, register):  # type: ignore[no-untyped-def]
            register(
                netzwerker.Bundle(
                    name="stammtisch",
                    description="Munich referral group",
                    rules=netzwerker.Rules(min_events=1, weights={"referral": 1.0, "message": 0.0}),
                )
            )

        @netzwerker.hookimpl
        def interaction_weight(self, event, rules):  # type: ignore[no-untyped-def]
            if event.kind == "referral" and event.value is not None:
                return rules.weight("referral") * float(event.value) / 1000
            return None

    register(Plugin())
    run.ok("me", "add", "Katrin Vogel")
    run.ok("referral", "add", "--giver", "anna@example.com", "--receiver", "me", "--value", "3000 EUR")
    default = run.json("report", "reciprocity", "--format", "json")["people"][0]
    assert (default["to_me_score"], default["style"]) == (15.0, "unclear")
    bundled = run.json("report", "reciprocity", "--format", "json", "--bundle", "stammtisch")["people"][0]
    assert (bundled["to_me_score"], bundled["style"]) == (3.0, "giver")
    unknown = run("report", "reciprocity", "--bundle", "nope")
    assert unknown.exit_code == 1 and "unknown bundle 'nope'" in unknown.stderr


def test_every_hook_has_a_test_implementing_it() -> None:
    specs = {name for name in dir(netzwerker.hookspecs) if name.startswith(("register_", "interaction_"))}
    sources = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    missing = {name for name in specs if f"def {name}(" not in sources}
    assert not missing, f"hooks without a tested example: {sorted(missing)}"
