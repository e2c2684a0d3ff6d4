"""The command-line interface (placeholder)."""

def main() -> None:
    raise SystemExit("not yet")
