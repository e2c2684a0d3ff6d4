"""Built-in importer for the referral ledger CSV (see CLI.md).

Header ``date,kind,giver,receiver,other,status,value,currency,note``, as UTF-8
(with or without BOM) or as German Excel saves it (cp1252, ``;``, decimal
commas, ``TT.MM.JJJJ`` dates). German column names and values are accepted too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..hookspecs import hookimpl
from ..importers import ImportContext, Importer

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..records import AnyRecord

REQUIRED = ("date", "kind", "giver", "receiver")
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("date", "datum"),
    "kind": ("kind", "art", "typ"),
    "giver": ("giver", "geber", "von"),
    "receiver": ("receiver", "empfänger", "empfaenger", "an"),
    "other": ("other", "andere", "interessent", "prospect"),
    "status": ("status",),
    "value": ("value", "wert", "umsatz"),
    "currency": ("currency", "währung", "waehrung"),
    "note": ("note", "notiz", "bemerkung"),
}


class LedgerCsvImporter(Importer):
    name = "ledger-csv"
    description = "Referral and introduction ledger (CSV: date,kind,giver,receiver,other,status,value,currency,note)"
    namespace = "ledger"

    def detect(self, target: str) -> float:
        if not target.lower().endswith((".csv", ".txt")):
            return 0.0
        try:
            with open(target, "rb") as stream:
                head = stream.read(4096)
        except OSError:
            return 0.0
        from ..textfiles import header_key, sniff_encoding

        text = head.decode(sniff_encoding(head), errors="replace")
        first = next((line for line in text.splitlines() if line.strip()), "")
        keys = {header_key(cell) for cell in first.replace(";", ",").replace("\t", ",").split(",")}
        found = sum(1 for column in REQUIRED if keys & set(COLUMN_ALIASES[column]))
        return 0.9 if found == len(REQUIRED) else 0.0

    def read(self, target: str, context: ImportContext) -> Iterator[AnyRecord]:
        from ._ledger_rows import read_ledger

        yield from read_ledger(target, context)


@hookimpl(trylast=True)
def register_importers(register: Callable[[Importer], None]) -> None:
    register(LedgerCsvImporter())
