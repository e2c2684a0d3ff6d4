"""The matcher interface: rules deciding whether two people are one human."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

if TYPE_CHECKING:
    from .store.people import PersonView


@dataclass(frozen=True)
class Evidence:
    """Why two people may be one. ``strength="strong"`` merges automatically
    (logged, undoable); ``"weak"`` only suggests; ``"conflict"`` blocks a merge."""

    strength: Literal["strong", "weak", "conflict"]
    reason: str
    score: float = 1.0


class Matcher:
    """Base class for matchers registered through ``register_matchers``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def compare(self, a: PersonView, b: PersonView) -> Evidence | None:
        """Compare two candidates that share a blocking key; ``None``: no opinion."""
        raise NotImplementedError
