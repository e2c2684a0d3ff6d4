"""The importer interface plugins implement, and the context the core hands them.

An importer turns one *target* (a path as the user typed it, or a source name
such as ``linkedin-api``) into an iterator of records. It never touches the
database: the core's pipeline writes what it yields in one transaction.

Errors:

* a bad record inside a good file: call :meth:`ImportContext.skip` (it warns
  with file and line) and go on;
* a file that cannot be read as the format at all: raise
  :class:`netzwerker.errors.FormatError` — the run is rolled back and the user
  sees one line naming the file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .records import AnyRecord


@dataclass
class Owner:
    """What the store knows about its owner ("me") before the import starts.

    Values are normalised: emails by ``normalize_email``, profiles by
    ``normalize_profile_url``, names by ``name_key``.
    """

    emails: frozenset[str] = frozenset()
    linkedin: frozenset[str] = frozenset()
    xing: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    def has_email(self, email: str) -> bool:
        from .normalize import normalize_email

        return normalize_email(email) in self.emails

    def has_profile(self, url: str) -> bool:
        from .normalize import normalize_profile_url

        key = normalize_profile_url(url)
        return key is not None and (key in self.linkedin or key in self.xing)


@dataclass
class ImportContext:
    """Passed to :meth:`Importer.read`: warnings, skips, progress, owner, state.

    The core builds one per import run. Plugin tests may build their own with
    ``ImportContext()`` and inspect ``warnings`` and ``skipped`` afterwards.
    """

    owner: Owner = field(default_factory=Owner)
    #: Key/value state an importer keeps between runs (e.g. IMAP UIDs), saved
    #: in the same transaction as the records, so it never runs ahead of them.
    state: MutableMapping[str, str] = field(default_factory=dict)
    #: Options from the command line, e.g. ``{"store_bodies": False}``.
    options: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0
    #: Why records were skipped, e.g. ``{"mailing list": 120}``.
    skipped_by_reason: dict[str, int] = field(default_factory=dict)
    on_progress: Callable[[int, int | None], None] | None = None
    max_warnings: int = 1000

    def warn(self, message: str, file: str | None = None, line: int | None = None) -> None:
        """Record a warning shown after the import (``FILE:LINE: message``)."""
        where = file or ""
        if where and line is not None:
            where = f"{where}:{line}"
        text = f"{where}: {message}" if where else message
        if len(self.warnings) < self.max_warnings:
            self.warnings.append(text)
        elif len(self.warnings) == self.max_warnings:
            self.warnings.append("… further warnings suppressed")

    def skip(
        self,
        reason: str,
        file: str | None = None,
        line: int | None = None,
        *,
        warn: bool = True,
        category: str | None = None,
    ) -> None:
        """Count a record as skipped; warn unless it is expected noise (``warn=False``)."""
        self.skipped += 1
        label = category or reason
        self.skipped_by_reason[label] = self.skipped_by_reason.get(label, 0) + 1
        if warn:
            self.warn(f"skipped: {reason}", file, line)

    def progress(self, done: int, total: int | None = None) -> None:
        """Report progress in the importer's own unit (bytes, messages, rows)."""
        if self.on_progress is not None:
            self.on_progress(done, total)


class Importer:
    """Base class for importers registered through ``register_importers``.

    Subclasses set ``name`` (what ``--source`` takes) and ``description``, and
    implement :meth:`detect` and :meth:`read`. Keep the module that defines
    the class light: import parsers inside :meth:`read`, so ``netzwerker
    --help`` stays fast.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    #: Records with the same key in the same namespace are the same record, even
    #: from different importers (an export and an API reading the same data).
    namespace: ClassVar[str | None] = None
    #: An importer whose target may legitimately hold nothing new (an IMAP
    #: folder read incrementally) sets this; otherwise an empty run is an error.
    allow_empty: ClassVar[bool] = False

    def detect(self, target: str) -> float:
        """How sure this importer is that it can read ``target``: 0.0 to 1.0.

        Must be cheap: read a few bytes or list a folder, never parse it all.
        """
        return 0.0

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        """Yield the records in ``target``; raise ``FormatError`` if it is unreadable."""
        raise NotImplementedError

    @property
    def record_namespace(self) -> str:
        return self.namespace or self.name
