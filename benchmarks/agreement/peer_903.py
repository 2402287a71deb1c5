"""Run Data to Insight's SSDA903 validator (``csc-validator-be-903``) and print what it flags.

This file runs under the peer's own virtual environment (``benchmarks/.work/peer``), never under
Safehold's: it imports only the peer package and the standard library. ``agreement_903.py`` calls
it as ``peer/bin/python peer_903.py YEAR LA OUT.json --this F.csv... [--prev F.csv...]``.

The output is one JSON object: the rules that ran, were skipped (a table missing) or crashed, and
one issue per flagged row (rule, table, 0-based row, child), plus the seconds spent validating.
With ``--isolated`` each rule gets a deep copy of the data instead of the peer's shallow one.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import time


def _deep_copy(data_store):  # type: ignore[no-untyped-def]
    return {k: v.copy(deep=True) if k != "metadata" else dict(v) for k, v in data_store.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("year", help="collection year named by the year it ends, e.g. 2026")
    parser.add_argument("la", help="local authority code, long form")
    parser.add_argument("out")
    parser.add_argument("--this", nargs="+", required=True)
    parser.add_argument("--prev", nargs="*", default=[])
    parser.add_argument(
        "--isolated",
        action="store_true",
        help="give every rule its own deep copy of the data (the peer passes shallow copies, "
        "so a rule that edits a frame in place changes what later rules see)",
    )
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)  # the peer logs every rule at INFO

    started = time.perf_counter()
    from lac_validator import lac_validator
    from lac_validator.utils import process_uploaded_files

    if args.isolated:
        lac_validator.copy_datastore = _deep_copy

    imported = time.perf_counter()
    year = str(args.year)
    # The peer picks the ruleset and the census period from collectionYear "YYYY" (the year the
    # collection ends): lac2025_26 with 01/04/2025 to 31/03/2026 for "2026".
    registry = importlib.import_module(
        f"lac_validator.rules.lac{int(year) - 1}_{year[2:]}"
    ).registry
    files = process_uploaded_files({"This year": list(args.this), "Prev year": list(args.prev)})
    validator = lac_validator.LacValidator(
        metadata={"collectionYear": year, "localAuthority": args.la},
        files=files,
        registry=registry,
        selected_rules=None,
    )
    done = time.perf_counter()

    issues = []
    for table, frame in validator.ds_results.items():
        if table == "metadata" or table.endswith("_last"):
            continue
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            flagged = frame[frame[column] == True]  # noqa: E712 (a pandas mask, not a bool)
            for row_id, child in zip(flagged.index, flagged["CHILD"], strict=True):
                issues.append(
                    {"rule": column[4:], "table": table, "row": int(row_id), "child": str(child)}
                )
    result = {
        "rules": sorted(str(code) for code in registry),
        "done": sorted(map(str, validator.dones)),
        "skipped": sorted(map(str, validator.skips)),
        "failed": sorted(map(str, validator.fails)),
        "issues": issues,
        "validate_s": done - imported,
        "import_s": imported - started,
    }
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
