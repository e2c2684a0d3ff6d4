"""The matcher interface: rules deciding whether two people are one human.

The resolver finds *candidates* by blocking keys (the same normalised name, or
a close spelling of it), then asks every registered :class:`Matcher` for
:class:`Evidence` about each candidate pair and decides:

* any ``conflict`` -> never merged automatically (a hard conflict, ``score >= 1``,
  is not even suggested: two different LinkedIn profiles are two accounts);
* any ``strong`` -> merged (logged with its evidence, undoable);
* the same normalised full name plus ``corroborating`` evidence -> merged;
* otherwise a name match or ``weak`` evidence -> a suggestion for
  ``netzwerker people suggestions``, never a silent merge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar, Literal

Strength = Literal["strong", "corroborating", "weak", "conflict"]


@dataclass(frozen=True)
class Evidence:
    """Why two people may (or may not) be one human.

    ``strong`` merges on its own; ``corroborating`` merges together with an
    identical normalised name; ``weak`` only suggests; ``conflict`` blocks the
    automatic merge (``score >= 1``: and the suggestion too).
    """

    strength: Strength
    reason: str
    score: float = 1.0


@dataclass(frozen=True)
class Candidate:
    """One person (a whole merge cluster) as the matchers see it.

    Keys are normalised (:mod:`netzwerker.normalize`); ``names`` keeps the
    originals for display and fuzzy comparison.
    """

    id: str
    is_me: bool = False
    names: tuple[str, ...] = ()
    name_keys: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    linkedin: frozenset[str] = frozenset()
    xing: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    organizations: frozenset[str] = frozenset()  # org keys
    threads: frozenset[str] = frozenset()  # conversation ids the person took part in (bounded)
    sources: frozenset[str] = frozenset()
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    @cached_property
    def work_domains(self) -> frozenset[str]:
        from .normalize import email_domain, is_work_domain

        return frozenset(d for d in (email_domain(e) for e in self.emails) if is_work_domain(d))


class Matcher:
    """Base class for matchers registered through ``register_matchers``.

    Example::

        class SameEmployeeNumber(netzwerker.Matcher):
            name = "employee-number"
            description = "CRM exports carry an employee number"

            def compare(self, a, b):
                x, y = a.extra.get("employee"), b.extra.get("employee")
                if x and y:
                    return Evidence("strong" if x == y else "conflict", "employee number")
                return None
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def compare(self, a: Candidate, b: Candidate) -> Evidence | None:
        """Compare two candidates that share a blocking key; ``None``: no opinion."""
        raise NotImplementedError
