"""The plugin host: loading entry points safely and collecting registrations.

Loading is lazy (the first call to :func:`get_plugin_manager`), one entry
point at a time. A plugin that fails to import, or implements a hook that does
not exist, is named in a one-line warning and skipped, so a broken plugin never
takes the CLI down. Environment:

* ``NETZWERKER_LOAD_PLUGINS``: comma-separated distribution names to load
  (empty: none); unset loads every installed plugin.
* ``NETZWERKER_STRICT_PLUGINS=1``: re-raise plugin errors, for debugging.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

import pluggy

from . import hookspecs
from .errors import PluginError

GROUP = "netzwerker"
BUILTIN = "netzwerker"
DEFAULT_PLUGINS = (
    "netzwerker.default_plugins.ledger_csv",
    "netzwerker.default_plugins.reciprocity_report",
    "netzwerker.default_plugins.owe_report",
    "netzwerker.default_plugins.reconnect_report",
    "netzwerker.default_plugins.contacts_report",
    "netzwerker.default_plugins.weights",
    "netzwerker.default_plugins.people_csv",
    "netzwerker.default_plugins.matchers",
)


@dataclass
class PluginInfo:
    name: str
    distribution: str
    version: str | None
    entry_point: str | None
    builtin: bool
    hooks: list[str] = field(default_factory=list)


@dataclass
class _LoadState:
    pm: pluggy.PluginManager
    info: dict[str, PluginInfo] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


_state: _LoadState | None = None


def _strict() -> bool:
    return os.environ.get("NETZWERKER_STRICT_PLUGINS", "") not in ("", "0")


def _warn(message: str) -> None:
    print(f"netzwerker: warning: {message}", file=sys.stderr)


def _new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(GROUP)
    pm.add_hookspecs(hookspecs)
    return pm


def get_plugin_manager() -> pluggy.PluginManager:
    """The process-wide plugin manager, loading plugins on first use."""
    return _load().pm


def plugin_infos() -> list[PluginInfo]:
    """Every registered plugin, built-in ones included, with its hooks."""
    state = _load()
    infos = []
    for name, plugin in state.pm.list_name_plugin():
        info = state.info.get(name) or PluginInfo(
            name=name, distribution=name, version=None, entry_point=None, builtin=False
        )
        info.hooks = sorted(caller.name for caller in state.pm.get_hookcallers(plugin) or [])
        infos.append(info)
    return sorted(infos, key=lambda i: (i.builtin, i.distribution, i.name))


def reset() -> None:
    """Forget loaded plugins (tests use it after changing the environment)."""
    global _state
    _state = None


def _load() -> _LoadState:
    global _state
    if _state is not None:
        return _state
    state = _LoadState(pm=_new_manager())
    _state = state
    _load_entry_points(state)
    _load_defaults(state)
    return state


def _load_defaults(state: _LoadState) -> None:
    import importlib

    from . import __version__

    for module_name in DEFAULT_PLUGINS:
        module = importlib.import_module(module_name)
        state.pm.register(module, name=module_name)
        state.info[module_name] = PluginInfo(
            name=module_name, distribution=BUILTIN, version=__version__, entry_point=None, builtin=True
        )


def _allowed() -> set[str] | None:
    raw = os.environ.get("NETZWERKER_LOAD_PLUGINS")
    if raw is None:
        return None
    return {_canonical(p) for p in raw.split(",") if p.strip()}


def _canonical(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(".", "-")


@dataclass(frozen=True)
class EntryPoint:
    """An entry point of the ``netzwerker`` group and the distribution declaring it."""

    name: str
    value: str
    distribution: str
    version: str | None

    def load(self) -> object:
        import importlib

        module_name, _, attribute = self.value.partition(":")
        target: object = importlib.import_module(module_name.strip())
        for part in attribute.strip().split(".") if attribute.strip() else []:
            target = getattr(target, part)
        return target


def _entry_points() -> Iterator[EntryPoint]:
    """Entry points of our group, read straight from ``*.dist-info/entry_points.txt``.

    ``importlib.metadata`` would parse every distribution's METADATA with the
    email package first, which costs more than all of ``netzwerker --help``
    should. Like it, the first distribution of a name on ``sys.path`` wins.
    """
    seen: set[str] = set()
    for base in sys.path:
        try:
            entries = sorted(os.scandir(base or "."), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            stem, dot, suffix = entry.name.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info"):
                continue
            dist, _, version = stem.partition("-")
            canonical = _canonical(dist)
            if canonical in seen:
                continue
            seen.add(canonical)
            try:
                with open(os.path.join(entry.path, "entry_points.txt"), encoding="utf-8") as handle:
                    text = handle.read()
            except OSError:
                continue
            if f"[{GROUP}]" not in text:
                continue
            yield from _parse_group(text, canonical, version or None)


def _parse_group(text: str, distribution: str, version: str | None) -> Iterator[EntryPoint]:
    in_group = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            in_group = line == f"[{GROUP}]"
            continue
        if in_group and "=" in line:
            name, _, value = line.partition("=")
            yield EntryPoint(name.strip(), value.strip(), distribution, version)


def _load_entry_points(state: _LoadState) -> None:
    allowed = _allowed()
    if allowed is not None and not allowed:
        return
    for ep in _entry_points():
        dist_name, version = ep.distribution, ep.version
        if allowed is not None and _canonical(dist_name) not in allowed:
            continue
        if state.pm.get_plugin(ep.name) is not None or state.pm.is_blocked(ep.name):
            state.problems.append(f"plugin {dist_name}: entry point name {ep.name!r} is taken; skipped")
            _warn(state.problems[-1])
            continue
        label = f"{dist_name} {version}" if version else dist_name
        try:
            plugin = ep.load()
            state.pm.register(plugin, name=ep.name)
        except Exception as exc:  # a plugin may raise anything on import
            if _strict():
                raise
            state.problems.append(f"plugin {label} failed to load ({type(exc).__name__}: {exc}); skipped")
            _warn(state.problems[-1])
            continue
        try:
            state.pm.check_pending()
        except pluggy.PluginValidationError as exc:
            state.pm.unregister(name=ep.name)
            if _strict():
                raise PluginError(f"plugin {label}: {exc}") from exc
            state.problems.append(f"plugin {label} implements an unknown hook ({exc}); skipped")
            _warn(state.problems[-1])
            continue
        state.info[ep.name] = PluginInfo(
            name=ep.name, distribution=dist_name, version=version, entry_point=ep.value, builtin=False
        )


# --- registries ----------------------------------------------------------------


class _Named(Protocol):
    @property
    def name(self) -> str: ...


T = TypeVar("T", bound=_Named)


class Registry(Generic[T]):
    """Named items collected from one ``register_*`` hook, with their plugin."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, tuple[T, str]] = {}

    def add(self, item: T, plugin: str, builtin: bool) -> None:
        name = getattr(item, "name", "")
        if not name:
            raise PluginError(f"plugin {plugin} registered a {self.kind} without a name")
        if name in self._items:
            _, owner = self._items[name]
            if builtin:
                return  # a plugin already replaced the built-in default
            raise PluginError(
                f"{self.kind} {name!r} is registered by two plugins: {owner} and {plugin}; "
                "uninstall one, or limit NETZWERKER_LOAD_PLUGINS"
            )
        self._items[name] = (item, plugin)

    def __getitem__(self, name: str) -> T:
        return self._items[name][0]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def get(self, name: str) -> T | None:
        entry = self._items.get(name)
        return entry[0] if entry else None

    def names(self) -> list[str]:
        return sorted(self._items)

    def items(self) -> list[T]:
        return [self._items[n][0] for n in self.names()]

    def provider(self, name: str) -> str:
        return self._items[name][1]


def collect(hook_name: str, kind: str) -> Registry[Any]:
    """Call every implementation of ``hook_name`` with its own ``register``.

    Plugins are asked before built-ins, so a plugin registering a built-in's
    name replaces it; two plugins registering one name is a :class:`PluginError`.
    """
    state = _load()
    registry: Registry[Any] = Registry(kind)
    caller = getattr(state.pm.hook, hook_name)
    impls = caller.get_hookimpls()
    builtin_names = {n for n, i in state.info.items() if i.builtin}
    ordered = [i for i in reversed(impls) if i.plugin_name not in builtin_names]
    ordered += [i for i in reversed(impls) if i.plugin_name in builtin_names]
    for impl in ordered:
        plugin = _label(state, impl.plugin_name)
        builtin = impl.plugin_name in builtin_names

        def register(item: Any, _plugin: str = plugin, _builtin: bool = builtin) -> None:
            registry.add(item, _plugin, _builtin)

        impl.function(**({"register": register} if "register" in impl.argnames else {}))
    return registry


def _label(state: _LoadState, plugin_name: str) -> str:
    info = state.info.get(plugin_name)
    if info is None or info.builtin:
        return plugin_name if info is None else "netzwerker (built-in)"
    return info.distribution


def importers() -> Registry[Any]:
    return collect("register_importers", "importer")


def exporters() -> Registry[Any]:
    return collect("register_exporters", "exporter")


def reports() -> Registry[Any]:
    return collect("register_reports", "report")


def matchers() -> Registry[Any]:
    return collect("register_matchers", "matcher")


def bundles() -> Registry[Any]:
    return collect("register_bundles", "bundle")


def add_plugin_commands(
    cli: Any, on_error: Callable[[str], None] = _warn, reserved: frozenset[str] = frozenset()
) -> None:
    """Let every plugin add its commands to ``cli``; clashes name both sides.

    ``reserved`` names built-in commands not loaded yet; a plugin cannot take them.
    """
    state = _load()
    for impl in reversed(state.pm.hook.register_commands.get_hookimpls()):
        plugin = _label(state, impl.plugin_name)
        before = dict(cli.commands)
        try:
            impl.function(cli=cli)
        except Exception as exc:
            if _strict():
                raise
            on_error(f"plugin {plugin}: register_commands failed ({type(exc).__name__}: {exc}); skipped")
            cli.commands.clear()
            cli.commands.update(before)
            continue
        for name, command in list(cli.commands.items()):
            if name in reserved and name not in before:
                del cli.commands[name]
                message = f"plugin {plugin} tried to replace the command {name!r}; kept the built-in one"
                if _strict():
                    raise PluginError(message)
                on_error(message)
            elif name in before and before[name] is not command:
                cli.commands[name] = before[name]
                message = f"plugin {plugin} tried to replace the command {name!r}; kept the existing one"
                if _strict():
                    raise PluginError(message)
                on_error(message)
