"""Entry point: registers the XING archive and vCard importers.

Kept light on purpose (it is loaded for ``netzwerker --help``): the parsers
and the detection helpers are imported inside ``read()``/``detect()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from netzwerker import hookimpl
from netzwerker.importers import ImportContext, Importer

if TYPE_CHECKING:
    from netzwerker.records import AnyRecord


class XingArchiveImporter(Importer):
    name = "xing"
    description = "XING GDPR data archive (ZIP or folder): messages, contacts with confirmation dates, contact notes"
    namespace = "xing"

    def detect(self, target: str) -> float:
        from .detection import xing_archive_score

        return xing_archive_score(target)

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        from .archive_reader import read_archive

        return read_archive(target, context)


class VcardImporter(Importer):
    name = "vcard"
    description = "vCards 2.1/3.0/4.0 (.vcf file, folder or ZIP of them), e.g. contacts downloaded from XING profiles"
    namespace = "vcard"

    def detect(self, target: str) -> float:
        from .detection import vcard_score

        return vcard_score(target)

    def read(self, target: str, context: ImportContext) -> Iterable[AnyRecord]:
        from .vcard_reader import read_vcards

        return read_vcards(target, context)


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    register(XingArchiveImporter())
    register(VcardImporter())
