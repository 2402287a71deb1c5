"""``python -m safehold.returns.cin_census.schema --regenerate`` (or ``--check``)."""

from __future__ import annotations

import argparse
import sys

from safehold.returns.cin_census.schema import (
    SCHEMA_YEARS,
    regenerate,
    schema_file_name,
    shipped_text,
)
from safehold.returns.cin_census.schema.generate import schema_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m safehold.returns.cin_census.schema",
        description="Generate the CIN census XML Schemas from the element layout and code sets.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--regenerate", action="store_true", help="rewrite the shipped files")
    action.add_argument("--check", action="store_true", help="fail if a shipped file is stale")
    args = parser.parse_args(argv)
    if args.regenerate:
        changed = regenerate()
        print("rewrote " + ", ".join(changed) if changed else "schemas already up to date")
        return 0
    stale = [schema_file_name(y) for y in SCHEMA_YEARS if shipped_text(y) != schema_text(y)]
    if stale:
        print("stale (run --regenerate): " + ", ".join(stale), file=sys.stderr)
        return 1
    print("schemas up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
