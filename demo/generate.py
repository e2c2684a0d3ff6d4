"""``python -m demo.generate OUTDIR [--seed N]``: write the demo network and its ground truth.

OUTDIR/import/ holds exactly what ``netzwerker import`` reads (one path per
export, as the platforms deliver them); OUTDIR/truth.json what the
reciprocity report must say about it. Re-running overwrites both.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from .formats import ledger, linkedin, mbox, xing
from .scenario import build_network
from .truth import build_truth

DEFAULT_SEED = 20261115


def generate(outdir: Path, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Write the exports and truth.json; return the truth."""
    target = outdir / "import"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    net = build_network(seed)
    linkedin.write(net, target, seed)
    ledger.write(net, target)
    mbox.write(net, target)
    xing.write_archive(net, target, seed)
    xing.write_vcards(net, target)
    truth = build_truth(net, seed)
    (outdir / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False, sort_keys=False) + "\n", "utf-8")
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.generate", description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path, help="where to write import/ and truth.json")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="another seed gives another network")
    args = parser.parse_args(argv)
    truth = generate(args.outdir, args.seed)
    people = truth["network"]["people"]
    print(f"demo network of {people} people written to {args.outdir / 'import'} (truth: {args.outdir / 'truth.json'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
