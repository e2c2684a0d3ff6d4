"""Built-in interaction weight: the rules' weight for the event's kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..hookspecs import hookimpl

if TYPE_CHECKING:
    from ..ledger import LedgerEvent
    from ..rules import Rules


@hookimpl(trylast=True)
def interaction_weight(event: LedgerEvent, rules: Rules) -> float | None:
    return rules.weight(event.kind)
