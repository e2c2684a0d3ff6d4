"""Built-in identity matchers (``register_matchers``); a plugin may replace one by name.

The rules live in :mod:`netzwerker.identity_rules`, imported only when matchers
are asked for: this module loads for ``netzwerker --help``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..hookspecs import hookimpl

if TYPE_CHECKING:
    from ..matching import Matcher


@hookimpl(trylast=True)
def register_matchers(register: Callable[[Matcher], None]) -> None:
    from ..identity_rules import BUILTIN_MATCHERS

    for matcher in BUILTIN_MATCHERS:
        register(matcher)
