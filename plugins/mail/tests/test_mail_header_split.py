"""The header splitter reads exactly what a plain line-by-line reading of the block gives.

The splitter only looks at the lines of wanted fields (a regular expression
finds them); the reference below walks every line. Both must agree on real
messages and on generated blocks full of the odd shapes real headers have:
folding with spaces and tabs, CRLF, any letter case, spaces before the colon,
broken lines, repeated fields, 8-bit bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from netzwerker_mail.headers import WANTED, decode_bytes, split_header_block
from netzwerker_mail.mbox import scan_mbox

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "samples" / "mail"


def line_by_line(block: bytes) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    name: bytes | None = None
    parts: list[bytes] = []

    def store() -> None:
        if name is not None:
            raw = b" ".join(parts).replace(b"\r", b"")
            fields.setdefault(name.decode(), []).append(decode_bytes(raw))

    for line in block.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if name is not None:
                parts.append(line.strip())
            continue
        store()
        name, parts = None, []
        colon = line.find(b":")
        if colon > 0 and line[:colon].strip().lower() in WANTED:
            name, parts = line[:colon].strip().lower(), [line[colon + 1 :].strip()]
    store()
    return fields


def _blocks(path: Path) -> list[bytes]:
    data = path.read_bytes()
    if data.removeprefix(b"\xef\xbb\xbf").startswith(b"From "):
        with path.open("rb") as stream:
            return [raw.header for raw in scan_mbox(stream, str(path))]
    return [data.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]]


def test_real_messages_split_as_line_by_line():
    files = [p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix.lower() not in (".md", ".zip")]
    assert files, f"no samples under {SAMPLES}"
    blocks = [block for path in files for block in _blocks(path)]
    assert len(blocks) >= len(files)
    for block in blocks:
        assert split_header_block(block).fields == line_by_line(block)


NAMES = [*sorted(WANTED), b"received", b"dkim-signature", b"x-froms", b"to-do", b"reply-to", b"tox"]


def _random_block(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randint(0, 25)):
        name = rng.choice(NAMES)
        name = bytes(c ^ 32 if 97 <= c <= 122 and rng.random() < 0.3 else c for c in name)  # random case
        value = rng.choice(
            [b"a@x.de", b"=?utf-8?q?J=C3=BCrgen?= <j@x.de>", "Grüße".encode(), b"\xfc\xe4", b"", b"x: y"]
        )
        line = name + rng.choice([b":", b": ", b" :", b"\t: "]) + value
        for _ in range(rng.choice([0, 0, 0, 1, 3])):
            line += b"\n" + rng.choice([b" ", b"\t", b"  \t"]) + rng.choice([b"more", b"b@y.de,", b""])
        if rng.random() < 0.05:
            line = b"broken line without colon"
        lines.append(line)
    block = b"\n".join(lines) + rng.choice([b"", b"\n"])
    return block.replace(b"\n", b"\r\n") if rng.random() < 0.3 else block


@pytest.mark.parametrize("seed", range(5))
def test_generated_blocks_split_as_line_by_line(seed):
    rng = random.Random(seed)
    for _ in range(2000):
        block = _random_block(rng)
        assert split_header_block(block).fields == line_by_line(block), block
