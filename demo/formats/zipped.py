"""Byte-identical ZIP archives: fixed member times and order, so two runs give the same file."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal


def write_zip(path: Path, members: Iterable[tuple[str, bytes]], stamp: tuple[int, int, int, int, int, int]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def csv_bytes(
    rows: Sequence[Sequence[str]],
    *,
    preamble: str = "",
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL,
    delimiter: str = ",",
    newline: str = "\n",
    encoding: str = "utf-8",
) -> bytes:
    buffer = io.StringIO()
    buffer.write(preamble)
    csv.writer(buffer, quoting=quoting, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding)
