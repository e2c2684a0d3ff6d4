"""Entry point: registers the LinkedIn importers. Kept light; parsers load inside ``read()``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from netzwerker import hookimpl
from netzwerker.importers import ImportContext, Importer

if TYPE_CHECKING:
    from netzwerker.records import AnyRecord

#: Export and API deliver the same facts under the same keys, so they share a namespace.
NAMESPACE = "linkedin"
API_TARGET = "linkedin-api"


class LinkedInExportImporter(Importer):
    name = "linkedin-export"
    description = "LinkedIn data export: the Basic/Complete ZIP, its extracted folder, or one of its CSV files"
    namespace = NAMESPACE

    def detect(self, target: str) -> float:
        from pathlib import Path  # not at module level: this module loads for --help

        from .export import looks_like_export_csv, looks_like_export_folder, looks_like_export_zip

        path = Path(target)
        try:
            if path.is_dir():
                return looks_like_export_folder(path)
            if not path.is_file():
                return 0.0
        except OSError:
            return 0.0
        suffix = path.suffix.casefold()
        if suffix == ".zip":
            return looks_like_export_zip(path)
        if suffix in (".csv", ".txt", ""):
            return looks_like_export_csv(path)
        return 0.0

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        from pathlib import Path

        from netzwerker.archive import Container
        from netzwerker.errors import FormatError

        from .export import container_tables, single_file_table
        from .reader import read_tables

        path = Path(target)
        if path.is_file() and path.suffix.casefold() != ".zip":
            yield from read_tables([single_file_table(path)], context)
            return
        with Container(path) as container:
            tables = container_tables(container, context)
            if not tables:
                raise FormatError(
                    "no LinkedIn export files found (Connections.csv, messages.csv, Invitations.csv, …)", path
                )
            yield from read_tables(tables, context)


class LinkedInApiImporter(Importer):
    name = "linkedin-api"
    description = "LinkedIn Member Data Portability API (EU/EEA/CH): token from NETZWERKER_LINKEDIN_TOKEN or keyring"
    namespace = NAMESPACE

    def detect(self, target: str) -> float:
        return 1.0 if target == API_TARGET else 0.0

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        from netzwerker.errors import NetzwerkerError

        from .api import PortabilityClient, api_tables, load_token
        from .reader import read_tables

        client = PortabilityClient(load_token())
        with api_tables(client, context) as tables:
            if not tables:
                raise NetzwerkerError(
                    "LinkedIn API: no data yet for the relationship domains (a new consent can take up to 24 hours)"
                )
            yield from read_tables(tables, context)


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    register(LinkedInExportImporter())
    register(LinkedInApiImporter())
