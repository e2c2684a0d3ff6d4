"""Benchmark: `netzwerker import` of a large LinkedIn Complete export vs. `sqlite-utils insert --csv`.

Generates a synthetic Complete_LinkedInDataExport ZIP (default 30,000 connections and
300,000 messages, plus invitations and endorsements in real export formats), then runs,
each as a subprocess with a fresh database, in the same run:

* ``netzwerker --db NEW import EXPORT.zip --json``
* ``sqlite-utils insert NEW TABLE FILE.csv --csv`` for the same CSV files, raw (the
  Connections preamble removed, since sqlite-utils cannot skip it)

and prints wall time and peak memory of both, and their ratio. Usage::

    .venv/bin/python benchmarks/linkedin_import.py [--connections N] [--messages N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

BIN = Path(sys.executable).parent
OWNER = ("Ida", "Bench", "https://www.linkedin.com/in/ida-bench")
PREAMBLE = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\n'
)
# Measures the peak RSS of one child process (ru_maxrss is KiB on Linux).
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _csv_text(header: list[str], rows: list[list[str]] | object) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)  # type: ignore[arg-type]
    return buffer.getvalue()


def generate(folder: Path, connections: int, messages: int, seed: int = 7) -> dict[str, Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    people = [(f"First{i}", f"Last{i}", f"https://www.linkedin.com/in/person-{i}") for i in range(connections)]
    start = dt.date(2015, 1, 1)
    conn_rows = []
    for i, (first, last, url) in enumerate(people):
        day = start + dt.timedelta(days=i * 3650 // max(connections, 1))
        if i % 80 == 0:
            conn_rows.append(["", "", "", "", "", "", day.strftime("%d %b %Y")])  # LinkedIn's date-only rows
        email = f"{first.lower()}@example.com" if i % 10 == 0 else ""
        conn_rows.append([first, last, url, email, f"Company {i % 997}", "Consultant", day.strftime("%d %b %Y")])
    header = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    (folder / "Connections.csv").write_text(PREAMBLE + _csv_text(header, conn_rows), encoding="utf-8")

    msg_header = [
        "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS",
        "DATE", "SUBJECT", "CONTENT", "FOLDER", "ATTACHMENTS", "IS MESSAGE DRAFT",
    ]  # fmt: skip
    owner_name = f"{OWNER[0]} {OWNER[1]}"
    base = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

    def message_rows():  # type: ignore[no-untyped-def]
        for i in range(messages):
            first, last, url = people[rng.randrange(connections)]
            when = (base + dt.timedelta(seconds=i * 317)).strftime("%Y-%m-%d %H:%M:%S UTC")
            conversation = f"2-{abs(hash((first, last))) % 10**12:012d}=="
            text = f"<p>Message {i} about project {rng.randrange(1000)}</p>"
            sender, recipient = ((owner_name, OWNER[2]), (f"{first} {last}", url))[:: 1 if i % 2 else -1]
            yield [conversation, "", *sender, *recipient, when, "", text, "INBOX", "", "No"]

    with (folder / "messages.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(msg_header)
        writer.writerows(message_rows())

    inv_rows = []
    for i in range(min(2000, connections)):
        first, last, url = people[i]
        sent = f"{1 + i % 12}/{1 + i % 28}/25, {1 + i % 12}:{i % 60:02d} {'AM' if i % 2 else 'PM'}"
        if i % 2:
            inv_rows.append([owner_name, f"{first} {last}", sent, "", "OUTGOING", OWNER[2], url])
        else:
            inv_rows.append([f"{first} {last}", owner_name, sent, "", "INCOMING", url, OWNER[2]])
    inv_header = ["From", "To", "Sent At", "Message", "Direction", "inviterProfileUrl", "inviteeProfileUrl"]
    (folder / "Invitations.csv").write_text(_csv_text(inv_header, inv_rows), encoding="utf-8")
    end_rows = []
    for i in range(min(5000, connections)):
        first, last, url = people[i]
        end_rows.append(["2024/03/01 10:00:00 UTC", f"Skill {i % 40}", first, last, url.split("://")[1], "ACCEPTED"])
    end_header = [
        "Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name", "Endorser Public Url",
        "Endorsement Status",
    ]  # fmt: skip
    (folder / "Endorsement_Received_Info.csv").write_text(_csv_text(end_header, end_rows), encoding="utf-8")
    (folder / "Profile.csv").write_text(f"First Name,Last Name,Headline\n{OWNER[0]},{OWNER[1]},Consultant\n")
    return {p.stem: p for p in folder.glob("*.csv")}


def measure(command: list[str]) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    code, seconds, kib = out.stdout.split()
    if code != "0":
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return float(seconds), int(kib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=300_000)
    parser.add_argument("--keep", type=Path, help="write the export here and keep it")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nw-linkedin-bench-"))
    try:
        folder = args.keep or work / "export"
        files = generate(folder, args.connections, args.messages)
        archive = work / f"Complete_LinkedInDataExport_{dt.date.today():%m-%d-%Y}.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            for path in files.values():
                z.write(path, path.name)
        raw = work / "raw"
        raw.mkdir()
        for name, path in files.items():
            text = path.read_text(encoding="utf-8")
            (raw / path.name).write_text(text[len(PREAMBLE) :] if name == "Connections" else text, encoding="utf-8")

        nw_seconds, nw_kib = measure([str(BIN / "netzwerker"), "--db", str(work / "nw.db"), "import", str(archive)])
        su_seconds, su_kib = 0.0, 0
        for name in files:
            seconds, kib = measure(
                [str(BIN / "sqlite-utils"), "insert", str(work / "su.db"), name, str(raw / f"{name}.csv"), "--csv"]
            )
            su_seconds += seconds
            su_kib = max(su_kib, kib)
        result = {
            "connections": args.connections,
            "messages": args.messages,
            "netzwerker_seconds": round(nw_seconds, 2),
            "netzwerker_peak_mib": round(nw_kib / 1024, 1),
            "sqlite_utils_seconds": round(su_seconds, 2),
            "sqlite_utils_peak_mib": round(su_kib / 1024, 1),
            "time_ratio": round(nw_seconds / su_seconds, 2) if su_seconds else None,
            "memory_ratio": round(nw_kib / su_kib, 2) if su_kib else None,
        }
        print(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
