"""Mutated real files (flipped bytes, cuts, stray quotes, NULs, CRLF) never give a traceback.

Each case imports through the CLI into a fresh store: exit 0 (bad records
skipped with warnings) or 1 (one-line error), never an exception.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from netzwerker.cli import cli
from nwtest import SAMPLES

SEEDS = sorted(
    [*SAMPLES.glob("vcard/*.vcf"), *SAMPLES.glob("mail/*/*"), *SAMPLES.glob("linkedin/*Connections.csv")],
    key=str,
)
INSERTS = [b'"', b",", b";", b"\n", b"\xff\xfe", b"=?utf-8?q?", b"BEGIN:VCARD\n", b"From x\n", b"\r", b"\x00"]


def mutate(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    if not buffer:
        return data
    operation = rng.choice(["flip", "truncate", "insert", "duplicate", "crlf"])
    if operation == "flip":
        for _ in range(rng.randint(1, 20)):
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    elif operation == "truncate":
        del buffer[rng.randrange(len(buffer)) :]
    elif operation == "insert":
        at = rng.randrange(len(buffer))
        buffer[at:at] = rng.choice(INSERTS) * rng.randint(1, 5)
    elif operation == "duplicate":
        at = rng.randrange(len(buffer))
        buffer[at:at] = buffer[at : at + rng.randint(1, 5000)]
    else:
        buffer = bytearray(bytes(buffer).replace(b"\n", b"\r\n"))
    return bytes(buffer)


@pytest.mark.parametrize("case", range(40))
def test_mutated_samples_fail_cleanly(case: int, tmp_path: Path) -> None:
    assert SEEDS, f"no samples under {SAMPLES}"
    rng = random.Random(case)
    seed = rng.choice(SEEDS)
    target = tmp_path / seed.name
    target.write_bytes(mutate(seed.read_bytes(), rng))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "import", str(target)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
