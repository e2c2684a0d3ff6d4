"""The exporter interface: writing people out in some format."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from .store.people import PersonView


class Exporter:
    """Base class for exporters registered through ``register_exporters``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: Suggested file suffix, e.g. ``".vcf"``.
    suffix: ClassVar[str] = ""

    def write(self, people: Iterable[PersonView], out: IO[str]) -> int:
        """Write ``people`` to ``out``; return how many were written."""
        raise NotImplementedError
