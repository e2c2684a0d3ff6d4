"""The plugin hooks: this module is their reference documentation.

A plugin is a module (or object) with functions decorated with
``@netzwerker.hookimpl`` whose names are hook names below, registered under
the ``netzwerker`` entry-point group::

    [project.entry-points.netzwerker]
    my_plugin = "my_package.plugin"

Hooks receive a ``register`` callback rather than returning values, so the
core knows which plugin provided what and can refuse duplicate names with a
clear message. A hook implementation may accept fewer arguments than the spec.
Built-in defaults are ordinary implementations marked ``trylast``, so a plugin
registering the same name replaces them. Tested examples of every hook live in
``tests/test_hooks.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from .bundles import Bundle
    from .exporters import Exporter
    from .importers import Importer
    from .ledger import LedgerEvent
    from .matching import Matcher
    from .reports import Report
    from .rules import Rules

hookspec = pluggy.HookspecMarker("netzwerker")
hookimpl = pluggy.HookimplMarker("netzwerker")


@hookspec
def register_importers(register: Callable[[Importer], None]) -> None:
    """Register importers: formats and sources ``netzwerker import`` can read.

    :param register: call it with an :class:`netzwerker.Importer` instance.
        Its ``name`` is what ``--source`` takes; a name another plugin already
        registered is an error.

    Example::

        class VcfImporter(netzwerker.Importer):
            name = "my-vcf"
            description = "vCards from my phone"

            def detect(self, target):
                return 0.8 if target.endswith(".vcf") else 0.0

            def read(self, target, context):
                yield netzwerker.PersonRecord(key="1", person=netzwerker.PersonRef(name="Ada"))

        @netzwerker.hookimpl
        def register_importers(register):
            register(VcfImporter())
    """


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register exporters: output formats for ``netzwerker export``.

    :param register: call it with an :class:`netzwerker.Exporter` instance;
        ``name`` is what ``netzwerker export --format`` takes.
    """


@hookspec
def register_reports(register: Callable[[Report], None]) -> None:
    """Register reports: named analyses producing structured data.

    :param register: call it with a :class:`netzwerker.Report` instance;
        ``netzwerker report NAME`` runs it and renders its data as a table,
        JSON, CSV, Markdown or HTML.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to the ``netzwerker`` command-line tool.

    :param cli: the root click group; call ``cli.command()`` or
        ``cli.add_command()``. A name already taken is an error naming both
        plugins. Import heavy libraries inside the command function, not at
        module level: this hook runs for ``netzwerker --help`` too.

    Example::

        @netzwerker.hookimpl
        def register_commands(cli):
            @cli.command()
            def hello():
                "Say hello."
                click.echo("hello")
    """


@hookspec
def register_matchers(register: Callable[[Matcher], None]) -> None:
    """Register identity-matching rules.

    :param register: call it with a :class:`netzwerker.Matcher`. Each matcher
        compares two people and returns evidence (strong: merge; weak: suggest)
        or ``None``.
    """


@hookspec
def register_bundles(register: Callable[[Bundle], None]) -> None:
    """Register community bundles: a named set of plugins plus rules.

    :param register: call it with a :class:`netzwerker.Bundle` (weights,
        style thresholds, time decay, reporting window). ``netzwerker report
        reciprocity --bundle NAME`` applies its rules.
    """


@hookspec(firstresult=True)
def interaction_weight(event: LedgerEvent, rules: Rules) -> float | None:
    """Return the weight of one ledger event, or ``None`` to defer.

    Stops at the first non-``None`` result. The built-in implementation
    (``trylast``) returns ``rules.weights[event.kind]``; a bundle plugin can
    weigh, for example, a referral by its value.

    :param event: the event (kind, actor, target, time, value, channel).
    :param rules: the rules in force (defaults, or the chosen bundle's).
    """
