"""Mail import speed and memory: ``netzwerker import`` vs mbox-to-sqlite vs a bare header-split scan.

Generates a Takeout-style mbox (default 50,000 messages, about 1.3 GiB, with
attachments, list mail, auto-replies, calendar invitations, mboxrd-quoted
body lines) into benchmarks/out/ (never committed), then runs, each in its own
fresh process on the same file:

* ``netzwerker import FILE --json`` with a fresh ``--db`` (end to end: parse,
  classify, records, store);
* ``mbox-to-sqlite`` from PyPI, installed into its own venv
  (benchmarks/out/venv-mbox-to-sqlite; labels are ASCII because mbox-to-sqlite
  0.1a0 crashes on a raw 8-bit X-Gmail-Labels value: "type 'Header' is not
  supported");
* a bare scan: the file read in chunks, split on ``From `` lines, each header
  block parsed by ``email.parser.BytesHeaderParser`` — no fields extracted,
  nothing stored. The floor for any header-only reader in Python.

Reported: wall time, peak anonymous memory (RssAnon sampled from /proc), peak
RSS, and the ratios. Targets: >= 8x faster than mbox-to-sqlite, <= 2x the bare
scan, <= 200 MiB anonymous memory.

    .venv/bin/python benchmarks/mail_import.py [--messages 50000] [--skip-mbox-to-sqlite]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
import venv
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
SEED = 42

FIRST = ["Anna", "Jürgen", "Зоя", "Ярослав", "Hiroshi", "Lena", "Marc", "Sophie", "Björn", "Élodie", "Tom", "Aiko"]
LAST = ["Müller", "Schmidt", "Иванов", "佐藤", "Weber", "Fischer", "Dubois", "Novak", "Keller", "Brown", "Wagner"]
DOMAINS = ["example.com", "beispiel.de", "firma.at", "corp.example", "gmail.com", "mail.example.ch"]
ME = "katrin@vogel-consulting.de"


def _encode_name(rng: random.Random, name: str) -> str:
    if name.isascii() and rng.random() < 0.5:
        return f'"{name}"'
    raw = name.encode()
    if rng.random() < 0.5:
        return "=?utf-8?b?" + base64.b64encode(raw).decode() + "?="
    return "=?utf-8?q?" + "".join(f"={b:02X}" if b > 127 or b in b" =?_" else chr(b) for b in raw) + "?="


def _person(rng: random.Random, n: int) -> tuple[str, str]:
    first, last = FIRST[n % len(FIRST)], LAST[(n // len(FIRST)) % len(LAST)]
    email = f"p{n}.{rng.choice(['a', 'b'])}@{DOMAINS[n % len(DOMAINS)]}"
    return f"{first} {last}", email


def _folded(rng: random.Random, name: str, length: int) -> str:
    chunk = base64.b64encode(rng.randbytes(length)).decode()
    lines = [chunk[i : i + 70] for i in range(0, len(chunk), 70)]
    return f"{name}: i=1; a=rsa-sha256; d=example.com; s=arc;\n\tb=" + "\n\t".join(lines) + "\n"


def _text_body(rng: random.Random) -> str:
    words = [
        "Hallo",
        "wie",
        "besprochen",
        "sende",
        "ich",
        "Ihnen",
        "das",
        "Angebot",
        "für",
        "das",
        "Projekt",
        "Grüße",
        "meeting",
        "next",
        "week",
    ]
    lines = []
    for _ in range(rng.randint(20, 70)):
        line = " ".join(rng.choice(words) for _ in range(rng.randint(6, 12)))
        if rng.random() < 0.015:
            line = rng.choice([">From ", ">>From "]) + line  # mboxrd-quoted "From " lines
        lines.append(line.replace("ü", "=C3=BC").replace("ß", "=C3=9F"))
    return "\n".join(lines)


def generate(path: Path, count: int) -> None:
    rng = random.Random(SEED)
    blobs = [base64.encodebytes(rng.randbytes(250_000)).decode() for _ in range(8)]
    people = [_person(rng, n) for n in range(3000)]
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for i in range(count):
            sender_name, sender = rng.choice(people)
            outgoing = rng.random() < 0.3
            recipients = rng.sample(people, rng.randint(1, 4))
            kind = rng.random()
            thread = 1_600_000_000_000_000_000 + rng.randint(0, count // 3)
            labels = "Sent" if outgoing else rng.choice(["Inbox,Opened", "Inbox,Important", "Kunden/Projekt Ae,Opened"])
            head = [f"From {thread + i}@xxx Mon Jan 06 04:49:45 +0000 2020", f"X-GM-THRID: {thread}"]
            head.append(f"X-Gmail-Labels: {labels}")
            head.append(f"Delivered-To: {ME}")
            for hop in range(rng.randint(2, 5)):
                head.append(
                    f"Received: from mx{hop}.example.net (mx{hop}.example.net [192.0.2.{hop}])\n\tby mx.google.com"
                )
            out.write("\n".join(head) + "\n")
            out.write(_folded(rng, "ARC-Seal", 180))
            out.write(_folded(rng, "DKIM-Signature", 180))
            if outgoing:
                out.write(f"From: Katrin Vogel <{ME}>\n")
            else:
                out.write(f"From: {_encode_name(rng, sender_name)} <{sender}>\n")
            to = ", ".join(f"{_encode_name(rng, n)} <{e}>" for n, e in recipients[:2])
            out.write(f"To: {to if outgoing else ME}\n")
            if len(recipients) > 2:
                out.write("Cc: " + ", ".join(f"{_encode_name(rng, n)} <{e}>" for n, e in recipients[2:]) + "\n")
            subject = rng.choice(["Angebot", "Re: Projekt", "AW: Termin", "Fwd: Unterlagen", "Grüße aus Wien"])
            if kind < 0.03:
                subject = "Invitation: Workshop @ Mon Jan 6, 2020"
            out.write(f"Subject: {_encode_name(rng, subject) if not subject.isascii() else subject}\n")
            out.write(f"Date: Mon, {1 + i % 28:02d} Jan 2020 {i % 24:02d}:{i % 60:02d}:00 +0100\n")
            out.write(f"Message-ID: <m{i}.{thread}@mail.example>\n")
            if 0.03 <= kind < 0.07:
                out.write("Auto-Submitted: auto-replied\nX-Autoreply: yes\n")
                if rng.random() < 0.5:
                    out.write("Return-Path: <>\n")
            elif 0.07 <= kind < 0.32:
                out.write("List-Id: <news.list.example>\nList-Unsubscribe: <mailto:u@list.example>\n")
                out.write("List-Unsubscribe-Post: List-Unsubscribe=One-Click\nPrecedence: bulk\n")
            elif rng.random() < 0.45 and i > 0:
                parent = f"<m{rng.randint(0, i - 1)}.{thread}@mail.example>"
                out.write(f"In-Reply-To: {parent}\nReferences: {parent}\n")
            if rng.random() < 0.3:
                out.write("Thread-Index: " + base64.b64encode(rng.randbytes(22)).decode() + "\n")
            boundary = f"b{i}"
            attach = rng.random() < 0.15
            ctype = "multipart/mixed" if attach else "multipart/alternative"
            out.write(f'MIME-Version: 1.0\nContent-Type: {ctype}; boundary="{boundary}"\n\n')
            text = _text_body(rng)
            out.write(f"--{boundary}\nContent-Type: text/plain; charset=utf-8\n")
            out.write(f"Content-Transfer-Encoding: quoted-printable\n\n{text}\n")
            out.write(f"--{boundary}\nContent-Type: text/html; charset=utf-8\n\n<p>{text[:2000]}</p>\n")
            if kind < 0.03:
                out.write(
                    f"--{boundary}\nContent-Type: text/calendar; method=REQUEST\n\nBEGIN:VCALENDAR\nEND:VCALENDAR\n"
                )
            if attach:
                blob = rng.choice(blobs)
                size = rng.randint(27_000, 333_000)  # base64 of 20-250 KB
                out.write(f"--{boundary}\nContent-Type: application/octet-stream\n")
                out.write(f"Content-Transfer-Encoding: base64\n\n{blob[:size]}\n")
            out.write(f"--{boundary}--\n\n")


# -- the bare scan (run in its own process through --bare-scan) -----------------


def bare_scan(path: Path) -> int:
    from email.parser import BytesHeaderParser

    parser = BytesHeaderParser()
    count = 0
    tail = b""
    with open(path, "rb") as stream:
        while True:
            chunk = stream.read(4 << 20)
            data = tail + chunk
            pos = 0
            while True:
                start = data.find(b"From ", pos) if pos == 0 and count == 0 else data.find(b"\nFrom ", pos)
                if start < 0:
                    break
                end = data.find(b"\n\n", start)
                if end < 0 and chunk:
                    break
                block = data[data.find(b"\n", start + 1) + 1 : end if end >= 0 else len(data)]
                parser.parsebytes(block)
                count += 1
                pos = (end if end >= 0 else len(data)) + 1
            if not chunk:
                return count
            tail = data[max(pos, len(data) - (1 << 20)) :] if pos < len(data) else b""


# -- running and measuring --------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, from /proc/PID/task/*/children."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


def _rss_anon_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(command: list[str]) -> dict[str, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_anon = 0
    done = threading.Event()

    def sample() -> None:
        # the process and its children together (netzwerker scans a big mbox in a worker)
        nonlocal peak_anon
        while not done.is_set():
            peak_anon = max(peak_anon, sum(_rss_anon_kib(pid) for pid in _tree(proc.pid)))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_s": wall, "peak_anon_mib": peak_anon / 1024, "maxrss_mib_children": usage.ru_maxrss / 1024,
            "stdout_tail": out.decode(errors="replace")[-400:]}  # fmt: skip


def mbox_to_sqlite_venv() -> Path:
    env = OUT / "venv-mbox-to-sqlite"
    exe = env / "bin" / "mbox-to-sqlite"
    if not exe.exists():
        venv.create(env, with_pip=True)
        subprocess.run([str(env / "bin" / "pip"), "install", "--quiet", "mbox-to-sqlite"], check=True)
    return exe


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=50_000)
    parser.add_argument("--skip-mbox-to-sqlite", action="store_true")
    parser.add_argument("--bare-scan", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_scan:
        print(bare_scan(args.bare_scan))
        return 0
    OUT.mkdir(exist_ok=True)
    mbox = OUT / f"takeout-{args.messages}.mbox"
    if not mbox.exists():
        started = time.perf_counter()
        generate(mbox.with_suffix(".tmp"), args.messages)
        mbox.with_suffix(".tmp").rename(mbox)
        print(f"generated {mbox} in {time.perf_counter() - started:.1f} s")
    size = mbox.stat().st_size
    print(f"{args.messages} messages, {size / 2**30:.2f} GiB")
    subprocess.run(["cat", str(mbox)], stdout=subprocess.DEVNULL, check=True)  # warm the page cache for everyone

    netzwerker = shutil.which("netzwerker", path=str(Path(sys.executable).parent)) or "netzwerker"
    db = OUT / "bench-netzwerker.db"
    for leftover in OUT.glob("bench-*.db*"):
        leftover.unlink()
    results = {"bare_scan": measure([sys.executable, __file__, "--bare-scan", str(mbox)])}
    results["netzwerker"] = measure([netzwerker, "--db", str(db), "import", str(mbox), "--json"])
    if not args.skip_mbox_to_sqlite:
        exe = mbox_to_sqlite_venv()
        m2s_db = OUT / "bench-mbox-to-sqlite.db"
        results["mbox_to_sqlite"] = measure([str(exe), "mbox", str(m2s_db), str(mbox)])
    for name, result in results.items():
        print(f"{name:15s} {result['wall_s']:8.2f} s   peak anon {result['peak_anon_mib']:7.1f} MiB")
    ours = results["netzwerker"]
    print("netzwerker import output:", ours["stdout_tail"].strip()[:300])
    ratio_bare = ours["wall_s"] / results["bare_scan"]["wall_s"]
    print(f"netzwerker / bare scan:      {ratio_bare:.2f}x (target <= 2)")
    ok = ratio_bare <= 2 and ours["peak_anon_mib"] <= 200
    if "mbox_to_sqlite" in results:
        speedup = results["mbox_to_sqlite"]["wall_s"] / ours["wall_s"]
        print(f"mbox-to-sqlite / netzwerker: {speedup:.2f}x faster (target >= 8)")
        ok = ok and speedup >= 8
    print(f"peak anonymous memory:       {ours['peak_anon_mib']:.1f} MiB (target <= 200)")
    (OUT / f"mail_import-{args.messages}.json").write_text(json.dumps(results, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
