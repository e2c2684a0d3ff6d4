"""Identity resolution at scale: precision, recall and time for N synthetic people.

    .venv/bin/python benchmarks/identity_resolution.py            # N = 10,000, 50,000, 100,000
    .venv/bin/python benchmarks/identity_resolution.py 2000 4000  # other sizes

Each synthetic human (seeded, so runs repeat) shows up in up to four sources,
imported as four runs through the real pipeline into a real SQLite file, the
way the plugins deliver them:

* LinkedIn (70 %): name as written, profile URL, company with a legal form;
  a connection.
* mail (60 %): "Last, First", "Dr. First Last", umlauts written as ae/oe/ue or
  dropped, and a work address at the company's domain (80 %) or a Gmail one.
* XING messages (20 %): the display name only, sometimes with a title.
* LinkedIn recommendations (10 %): name (ASCII) and company only.

1 % of the humans get a homonym: the same name at another company. Truth is
the human behind each record; precision and recall are counted over pairs of
records ending up (or belonging) in one person.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netzwerker.importers import ImportContext, Importer
from netzwerker.pipeline import run_import
from netzwerker.records import InteractionRecord, PersonRecord, PersonRef
from netzwerker.store.db import open_store
from netzwerker.store.people import canonical_map

WHEN = "2026-03-01T10:00:00+00:00"
ONSETS = [
    "b",
    "br",
    "d",
    "f",
    "g",
    "gr",
    "h",
    "k",
    "kl",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "sch",
    "st",
    "t",
    "w",
    "z",
]
VOWELS = ["a", "e", "i", "o", "u", "ä", "ö", "ü", "au", "ei"]
CODAS = ["n", "r", "l", "s", "k", "t", "m", "ng", "nd", "rt", "ck", "ch"]
LEGAL = ["GmbH", "AG", "GmbH & Co. KG", "SE", "", "Ltd."]


def syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def word(rng: random.Random, parts: int) -> str:
    return "".join(syllable(rng) for _ in range(parts)).capitalize()


def ascii_name(text: str, rng: random.Random) -> str:
    """How a keyboard without umlauts writes a name: ae/oe/ue, or the bare vowel."""
    table = {"ä": "ae", "ö": "oe", "ü": "ue"} if rng.random() < 0.8 else {"ä": "a", "ö": "o", "ü": "u"}
    return "".join(table.get(ch, table.get(ch.lower(), ch).capitalize() if ch.lower() in table else ch) for ch in text)


@dataclass
class Human:
    id: int
    first: str
    last: str
    company: str
    domain: str


def make_humans(n: int, seed: int) -> list[Human]:
    rng = random.Random(seed)
    firsts = sorted({word(rng, rng.choice((1, 2))) for _ in range(3000)})
    lasts = sorted({word(rng, rng.choice((2, 3))) for _ in range(40000)})
    companies = sorted({word(rng, 2) + rng.choice(["", " Consulting", " Werke", " Partner"]) for _ in range(n // 5)})
    humans: list[Human] = []
    for index in range(n):
        company = rng.choice(companies)
        domain = company.lower().replace(" ", "-").translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})) + ".de"
        if humans and rng.random() < 0.01:  # a homonym of someone earlier, at another firm
            twin = rng.choice(humans)
            humans.append(Human(index, twin.first, twin.last, company, domain))
        else:
            humans.append(Human(index, rng.choice(firsts), rng.choice(lasts), company, domain))
    return humans


def records_by_source(humans: list[Human], seed: int) -> dict[str, list[Any]]:
    rng = random.Random(seed + 1)
    out: dict[str, list[Any]] = {"linkedin": [], "mail": [], "xing": [], "recommendation": []}
    me = PersonRef(me=True)
    for h in humans:
        name = f"{h.first} {h.last}"
        chosen = [
            s for s, p in (("linkedin", 0.7), ("mail", 0.6), ("xing", 0.2), ("recommendation", 0.1)) if rng.random() < p
        ]
        for source in chosen or ["mail"]:
            key = f"{h.id}-{source}"
            if source == "linkedin":
                slug = f"{ascii_name(name, rng).lower().replace(' ', '-')}-{h.id:x}"
                ref = PersonRef(name=name, linkedin=f"https://www.linkedin.com/in/{slug}/",
                                organization=f"{h.company} {rng.choice(LEGAL)}".strip())  # fmt: skip
                out[source].append(PersonRecord(key=key + "-p", person=ref))
                out[source].append(InteractionRecord(key=key, kind="connection", occurred_at=WHEN, actor=ref,
                                                     targets=(me,)))  # fmt: skip
            elif source == "mail":
                written = rng.choice([name, f"{h.last}, {h.first}", f"Dr. {name}", ascii_name(name, rng)])
                local = ascii_name(f"{h.first}.{h.last}", rng).lower()
                email = f"{local}@{h.domain}" if rng.random() < 0.8 else f"{local}{h.id}@gmail.com"
                ref = PersonRef(name=written, emails=(email,))
                out[source].append(InteractionRecord(key=key, kind="message", occurred_at=WHEN, actor=ref,
                                                     targets=(me,), thread=f"t{h.id}"))  # fmt: skip
            elif source == "xing":
                written = rng.choice([name, f"Dr. {name}", f"{name} MBA"])
                out[source].append(InteractionRecord(key=key, kind="message", occurred_at=WHEN,
                                                     actor=PersonRef(name=written), targets=(me,)))  # fmt: skip
            else:
                ref = PersonRef(name=ascii_name(name, rng), organization=h.company)
                out[source].append(InteractionRecord(key=key, kind="recommendation", occurred_at=WHEN, actor=ref,
                                                     targets=(me,)))  # fmt: skip
    return out


class ListImporter(Importer):
    name = "benchmark"
    description = "synthetic records"

    def __init__(self, records: list[Any]) -> None:
        self.records = records

    def detect(self, target: str) -> float:
        return 0.0

    def read(self, target: str, context: ImportContext) -> Iterator[Any]:
        yield from self.records


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def measure(n: int, seed: int = 6) -> dict[str, float]:
    humans = make_humans(n, seed)
    sources = records_by_source(humans, seed)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        started = time.perf_counter()
        for source, records in sources.items():
            run_import(store, source, ListImporter(records))
        elapsed = time.perf_counter() - started
        conn = store.conn
        canon = canonical_map(conn)
        cells: Counter[tuple[str, str]] = Counter()
        truth_sizes: Counter[str] = Counter()
        predicted_sizes: Counter[str] = Counter()
        for key, actor in conn.execute(
            "SELECT r.key, i.actor_id FROM interactions i JOIN records r ON r.id = i.record_id"
        ):
            truth = key.split("-", 1)[0]
            cluster = canon[actor]
            cells[(cluster, truth)] += 1
            truth_sizes[truth] += 1
            predicted_sizes[cluster] += 1
        suggestions = conn.execute("SELECT COUNT(*) FROM merge_suggestions").fetchone()[0]
        store.close()
    true_positive = sum(pairs(c) for c in cells.values())
    predicted = sum(pairs(c) for c in predicted_sizes.values())
    actual = sum(pairs(c) for c in truth_sizes.values())
    return {
        "people": n,
        "records": sum(len(r) for r in sources.values()),
        "persons_found": len(predicted_sizes),
        "precision": true_positive / predicted if predicted else 1.0,
        "recall": true_positive / actual if actual else 1.0,
        "suggestions": suggestions,
        "seconds": elapsed,
    }


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Identity resolution: precision, recall and time on synthetic people.")
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 50_000, 100_000], help="numbers of people")
    sizes = parser.parse_args(argv).sizes
    previous: dict[str, float] | None = None
    print(
        f"{'people':>8} {'records':>8} {'found':>8} {'precision':>9} {'recall':>7} {'suggest':>8} {'seconds':>8}  scale"
    )
    for n in sizes:
        result = measure(n)
        scale = ""
        if previous:
            growth = result["seconds"] / previous["seconds"]
            scale = f"{n / previous['people']:.1f}x people -> {growth:.2f}x time"
        print(
            f"{n:>8} {result['records']:>8.0f} {result['persons_found']:>8.0f} {result['precision']:>9.4f} "
            f"{result['recall']:>7.4f} {result['suggestions']:>8.0f} {result['seconds']:>8.1f}  {scale}",
            flush=True,
        )
        previous = result


if __name__ == "__main__":
    main(sys.argv[1:])
