"""XING plugin speed and memory: vCards (many small cards, one 50 MB card) and a large GDPR archive.

Generates the inputs into benchmarks/out/ (never committed) and reads them with
the importers directly (no store), reporting wall time and the peak of
Python allocations (tracemalloc). Targets: a 50 MB card is skipped in < 8 MiB;
the archive is streamed (peak independent of the number of message bodies).

    .venv/bin/python benchmarks/xing_import.py [--cards 20000] [--conversations 20000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
import zipfile
from pathlib import Path

from netzwerker.importers import ImportContext, Importer
from netzwerker_xing_export.plugin import VcardImporter, XingArchiveImporter

OUT = Path(__file__).resolve().parent / "out"


def write_cards(path: Path, count: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        for i in range(count):
            out.write(
                f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person Nummer {i}\r\nN:Nummer {i};Person;;;\r\n"
                f"EMAIL;TYPE=work:p{i}@example.com\r\nORG:Firma {i % 500} GmbH\r\nTITLE:Beraterin\r\n"
                f"TEL;TYPE=cell:+49 171 {i:07d}\r\nURL:https://www.xing.com/profile/Person_{i}\r\n"
                "CATEGORIES:Kunde,Netzwerk\r\nEND:VCARD\r\n"
            )


def write_huge_card(path: Path, megabytes: int) -> None:
    line = b" " + b"QUJDRA" * 160 + b"\r\n"
    with open(path, "wb") as out:
        out.write(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Riese\r\nPHOTO;ENCODING=BASE64;JPEG:\r\n")
        for _ in range((megabytes << 20) // len(line)):
            out.write(line)
        out.write(b"\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:2.1\r\nFN:Danach\r\nEND:VCARD\r\n")


def write_archive(path: Path, conversations: int) -> None:
    body = "Hallo,\r\n" + "ein längerer Absatz mit <b>HTML</b> und Umlauten äöü. " * 20 + "\r\nGruß"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("data/messages-backend/files/0a1b2c.csv", "w") as raw:
            for i in range(conversations):
                other = f"Kontakt {i % 3000}"
                rows = (
                    f'"Betreff {i}","2020-01-01 10:00:00 UTC","Ich Selbst,{other}","","",""\r\n'
                    f'"","","","{other}","2020-01-01 10:00:00 UTC","{body}"\r\n'
                    f'"","","","Ich Selbst","2020-01-02 10:00:00 UTC","{body}"\r\n'
                )
                raw.write(rows.encode("utf-8"))
        contacts = "".join(f'"Kontakt {i}","2019-01-01 10:00:00 UTC"\r\n' for i in range(3000))
        archive.writestr("data/network-inquiry/files/9f8e.csv", '"Name","Kontakt bestätigt am"\r\n' + contacts)


def measure(importer: Importer, target: Path) -> tuple[float, float, int, ImportContext]:
    """Time one run as is, then the peak of Python allocations in a second, traced run (tracing is slow)."""
    context = ImportContext()
    start = time.perf_counter()
    count = sum(1 for _ in importer.read(str(target), context))
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    sum(1 for _ in importer.read(str(target), ImportContext()))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak / (1 << 20), count, context


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--conversations", type=int, default=20_000)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    cards, huge, archive = OUT / "xing-cards.vcf", OUT / "xing-huge-card.vcf", OUT / "xing-archive.zip"
    write_cards(cards, args.cards)
    write_huge_card(huge, 50)
    write_archive(archive, args.conversations)
    ok = True
    for label, importer, target in (
        (f"{args.cards} vCards", VcardImporter(), cards),
        ("one 50 MB vCard + one small", VcardImporter(), huge),
        (f"archive, {args.conversations} conversations", XingArchiveImporter(), archive),
    ):
        size = target.stat().st_size / (1 << 20)
        elapsed, peak, count, context = measure(importer, target)
        print(f"{label}: {size:.1f} MiB file, {count} records in {elapsed:.2f} s, peak Python memory {peak:.1f} MiB")
        if target == huge:
            ok = ok and peak < 8 and count == 1 and len(context.warnings) == 1
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
