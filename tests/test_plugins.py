"""Plugin discovery through entry points, and what happens when plugins misbehave."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from netzwerker import plugins
from netzwerker.cli import cli
from netzwerker.errors import PluginError
from nwtest import Cli


def make_dist(site: Path, dist: str, version: str, module: str, code: str, entry: str | None = None) -> None:
    """Lay out an installed distribution as pip does: module + dist-info with entry_points.txt."""
    (site / f"{module}.py").write_text(textwrap.dedent(code))
    info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[netzwerker]\n{entry or module} = {module}\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_plugins: None) -> Path:
    path = tmp_path / "site"
    path.mkdir()
    monkeypatch.syspath_prepend(str(path))
    return path


HELLO = """
import click
import netzwerker

@netzwerker.hookimpl
def register_commands(cli):
    @cli.command()
    def hello():
        "Say hello from a plugin."
        click.echo("hello from a plugin")
"""


def test_plugin_found_through_its_entry_point(site: Path, run: Cli) -> None:
    make_dist(site, "netzwerker-hello", "0.3.0", "nw_hello", HELLO)
    assert run.ok("hello").stdout == "hello from a plugin\n"
    listed = run.json("plugins", "list", "--json")
    assert {
        "name": "netzwerker-hello",
        "entry_point": "nw_hello",
        "version": "0.3.0",
        "hooks": ["register_commands"],
        "builtin": False,
    } in listed
    assert "hello" in run.ok("--help").stdout


def test_plugin_that_raises_on_import_is_named_and_skipped(site: Path, run: Cli) -> None:
    make_dist(site, "netzwerker-broken", "1.2.3", "nw_broken", "raise RuntimeError('boom')\n")
    make_dist(site, "netzwerker-hello", "0.3.0", "nw_hello", HELLO)
    result = run("plugins", "list")
    assert result.exit_code == 0
    assert "plugin netzwerker-broken 1.2.3 failed to load (RuntimeError: boom); skipped" in result.stderr
    assert "netzwerker-hello 0.3.0: register_commands" in result.stdout
    assert run.ok("hello").stdout == "hello from a plugin\n"


def test_strict_mode_reraises(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dist(site, "netzwerker-broken", "1.2.3", "nw_broken", "raise RuntimeError('boom')\n")
    monkeypatch.setenv("NETZWERKER_STRICT_PLUGINS", "1")
    with pytest.raises(RuntimeError, match="boom"):
        plugins.get_plugin_manager()


def test_misspelled_hook_is_an_error_naming_the_plugin(site: Path, run: Cli) -> None:
    code = """
    import netzwerker

    @netzwerker.hookimpl
    def register_importer(register):
        pass
    """
    make_dist(site, "netzwerker-typo", "0.1.0", "nw_typo", code)
    result = run("plugins", "list", "--json")
    assert result.exit_code == 0
    assert "plugin netzwerker-typo 0.1.0 implements an unknown hook" in result.stderr
    assert "register_importer" in result.stderr
    assert "netzwerker-typo" not in result.stdout


def test_allow_list_env(site: Path, run: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    make_dist(site, "netzwerker-hello", "0.3.0", "nw_hello", HELLO)
    monkeypatch.setenv("NETZWERKER_LOAD_PLUGINS", "")
    assert run.json("plugins", "list", "--json") == []
    assert run("hello").exit_code == 2
    plugins.reset()
    monkeypatch.setenv("NETZWERKER_LOAD_PLUGINS", "netzwerker-hello")
    assert [p["name"] for p in run.json("plugins", "list", "--json")] == ["netzwerker-hello"]


def test_two_plugins_registering_one_importer_name(site: Path, run: Cli) -> None:
    code = """
    import netzwerker

    class Dup(netzwerker.Importer):
        name = "dup"

    @netzwerker.hookimpl
    def register_importers(register):
        register(Dup())
    """
    make_dist(site, "netzwerker-one", "1.0", "nw_one", code)
    make_dist(site, "netzwerker-two", "1.0", "nw_two", code)
    result = run("import", "--list-sources")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "importer 'dup' is registered by two plugins" in message
    assert "netzwerker-one" in message and "netzwerker-two" in message
    with pytest.raises(PluginError):
        plugins.importers()


def test_plugin_replaces_a_builtin_importer_by_name(site: Path, run: Cli) -> None:
    code = """
    import netzwerker

    class MyLedger(netzwerker.Importer):
        name = "ledger-csv"
        description = "a community's own ledger format"

    @netzwerker.hookimpl
    def register_importers(register):
        register(MyLedger())
    """
    make_dist(site, "netzwerker-myledger", "1.0", "nw_myledger", code)
    sources = run.json("import", "--list-sources", "--json")
    ledger = next(s for s in sources if s["name"] == "ledger-csv")
    assert (ledger["plugin"], ledger["description"]) == ("netzwerker-myledger", "a community's own ledger format")


def test_command_clash_keeps_the_builtin(site: Path, run: Cli) -> None:
    code = """
    import click
    import netzwerker

    @netzwerker.hookimpl
    def register_commands(cli):
        @cli.command("people")
        def people():
            click.echo("hijacked")
    """
    make_dist(site, "netzwerker-clash", "1.0", "nw_clash", code)
    listing = run("--help")
    assert "plugin netzwerker-clash tried to replace the command 'people'" in listing.stderr
    result = run("people", "list", "--json")
    assert result.exit_code == 0 and "hijacked" not in result.stdout


def test_pip_installed_distribution_is_discovered(tmp_path: Path) -> None:
    """A real `pip install` of a plugin project, then the real console script."""
    project = tmp_path / "proj"
    (project / "nw_pipdemo").mkdir(parents=True)
    (project / "nw_pipdemo" / "__init__.py").write_text(textwrap.dedent(HELLO).replace("hello", "pipdemo"))
    (project / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [build-system]
            requires = ["setuptools"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "netzwerker-pipdemo"
            version = "2.0.1"

            [project.entry-points.netzwerker]
            pipdemo = "nw_pipdemo"
            """
        )
    )
    target = tmp_path / "target"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(project),
        ],
        check=True,
        capture_output=True,
    )
    exe = shutil.which("netzwerker", path=str(Path(sys.executable).parent))
    assert exe is not None
    env = {**os.environ, "PYTHONPATH": str(target), "NETZWERKER_DB": str(tmp_path / "s.db")}
    listed = subprocess.run([exe, "plugins", "list"], env=env, capture_output=True, text=True, check=True)
    assert "netzwerker-pipdemo 2.0.1: register_commands" in listed.stdout
    said = subprocess.run([exe, "pipdemo"], env=env, capture_output=True, text=True, check=True)
    assert said.stdout == "pipdemo from a plugin\n"


def test_builtin_plugins_listed_with_all() -> None:
    result = CliRunner().invoke(cli, ["plugins", "list", "--all", "--json"])
    assert result.exit_code == 0
    assert "netzwerker.default_plugins.ledger_csv" in result.stdout
