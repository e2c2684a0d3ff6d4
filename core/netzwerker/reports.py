"""The report interface: structured data first, renderers after."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import datetime as dt

    from .rules import Rules
    from .store.db import Store


@dataclass
class ReportOptions:
    since: dt.date | None = None
    until: dt.date | None = None
    rules: Rules | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    """A report's data flattened for table, CSV, Markdown and HTML output."""

    columns: list[str]
    rows: list[list[Any]]
    title: str = ""


class Report:
    """Base class for reports registered through ``register_reports``."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def build(self, store: Store, options: ReportOptions) -> dict[str, Any]:
        """Compute the report's data: JSON-serialisable, documented shape."""
        raise NotImplementedError

    def table(self, data: dict[str, Any]) -> Table:
        """Flatten ``data`` for the tabular renderers."""
        raise NotImplementedError
