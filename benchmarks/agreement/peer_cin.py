"""Run Data to Insight's CIN census validator (``csc-validator-be-cin``) and print what it flags.

This file runs under the peer's own virtual environment (``benchmarks/.work/peer``), never under
Safehold's: it imports only the peer package and the standard library. ``agreement_cin.py`` calls
it as ``peer/bin/python peer_cin.py YEAR FILE.xml OUT.json``.

The output is one JSON object: the rules in the ruleset, those that crashed (the peer prints
"Error with rule ..." and carries on), one issue per flagged location (rule, table, row, child;
return-level issues have no child) and the seconds spent validating.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import logging
import re
import time
import xml.etree.ElementTree as ET


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("year", help="collection year named by the year it ends, e.g. 2026")
    parser.add_argument("file")
    parser.add_argument("out")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)

    started = time.perf_counter()
    from cin_validator import cin_validator

    imported = time.perf_counter()
    year = int(args.year)
    # the peer's CLI way: cin_validator.rules.cin2025_26 for the year ending 2026
    registry = importlib.import_module(
        f"cin_validator.rules.cin{year - 1}_{year % 100:02d}"
    ).registry
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        data = cin_validator.process_data(cin_validator.convert_data(ET.parse(args.file).getroot()))
        validator = cin_validator.CinValidator(data, registry, selected_rules=None)
    done = time.perf_counter()
    crashed = sorted(set(re.findall(r"Error with rule (\S+?):", printed.getvalue())))

    issues = []
    frame = validator.full_issue_df
    for code, table, row, child in zip(
        frame["rule_code"],
        frame["tables_affected"],
        frame["row_id"],
        frame["child_id"],
        strict=True,
    ):
        issues.append(
            {"rule": str(code), "table": str(table), "row": int(row), "child": str(child)}
        )
    for code in (
        validator.multichild_issues["rule_code"].unique()
        if len(validator.multichild_issues)
        else []
    ):
        issues.append({"rule": str(code), "table": "", "row": None, "child": None})
    result = {
        "rules": sorted(str(rule.code) for rule in registry.values()),
        "crashed": crashed,
        "issues": issues,
        "validate_s": done - imported,
        "import_s": imported - started,
    }
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main()
