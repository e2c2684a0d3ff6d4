"""The referral ledger as German Excel saves it: cp1252, ``;``, CRLF, decimal commas.

Header and meaning from CLI.md; dates stay ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from ..model import Network
from .zipped import csv_bytes

FILE_NAME = "empfehlungen.csv"


def german_amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def write(net: Network, folder: Path) -> Path:
    rows = [["date", "kind", "giver", "receiver", "other", "status", "value", "currency", "note"]]
    for row in sorted(net.ledger, key=lambda r: r.date):
        other = row.other.written if row.other else ""
        rows.append(
            [
                row.date.isoformat(),
                row.kind,
                row.giver.written,
                row.receiver.written,
                other,
                row.status,
                german_amount(row.value),
                row.currency,
                row.note,
            ]
        )
    path = folder / FILE_NAME
    # strict cp1252: a name the spreadsheet cannot spell is a generator bug, not a silent "?"
    path.write_bytes(csv_bytes(rows, delimiter=";", newline="\r\n", encoding="cp1252", quoting=csv.QUOTE_MINIMAL))
    return path
