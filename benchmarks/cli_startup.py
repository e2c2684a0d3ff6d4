"""How long ``netzwerker --help`` takes, against ``python -c "import click"``.

Both run in the same environment, alternating, several times; the medians are
compared. The target (issue: core) is a ratio of at most 2.0 with every plugin
installed.

    .venv/bin/python benchmarks/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--max-ratio", type=float, default=2.0, help="exit 1 above this ratio")
    args = parser.parse_args()
    python = sys.executable
    netzwerker = shutil.which("netzwerker", path=str(Path(python).parent)) or "netzwerker"
    baseline_cmd = [python, "-c", "import click"]
    help_cmd = [netzwerker, "--help"]
    for command in (baseline_cmd, help_cmd):  # warm the file cache
        timed(command)
    baseline, helps = [], []
    for _ in range(args.runs):
        baseline.append(timed(baseline_cmd))
        helps.append(timed(help_cmd))
    base, ours = statistics.median(baseline), statistics.median(helps)
    ratio = ours / base
    print(f"python -c 'import click': median {base * 1000:.1f} ms over {args.runs} runs")
    print(f"netzwerker --help:        median {ours * 1000:.1f} ms over {args.runs} runs")
    print(f"ratio: {ratio:.2f} (target <= {args.max_ratio})")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
