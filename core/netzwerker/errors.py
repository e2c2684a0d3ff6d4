"""Exceptions the CLI turns into one-line messages (exit code 1).

Plugins raise these; anything else escaping an importer is reported as a
plugin failure and the import run is rolled back all the same.
"""

from __future__ import annotations

from os import PathLike


class NetzwerkerError(Exception):
    """A data or runtime error the user can act on; the message is shown as is."""


class FormatError(NetzwerkerError):
    """A file cannot be read as the format its importer expects.

    ``path`` and ``line`` (or record number) are put in front of the message,
    so the user sees ``FILE:LINE: what is wrong``.
    """

    def __init__(self, message: str, path: str | PathLike[str] | None = None, line: int | None = None) -> None:
        self.reason = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.reason}" if where else self.reason


class HeaderNotFound(FormatError):
    """A CSV has no header row with the columns the importer looks for.

    Importers probing several file kinds catch this one to try the next kind.
    """


class LimitExceeded(FormatError):
    """An input is larger than the bounds the importer accepts (size, count, ratio)."""


class PluginError(NetzwerkerError):
    """A plugin is broken or two plugins clash (duplicate names, unknown hooks)."""


class NotFound(NetzwerkerError):
    """A person, referral or other object named on the command line does not exist."""


class Ambiguous(NotFound):
    """A name on the command line matches more than one person."""
