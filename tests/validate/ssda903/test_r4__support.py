"""Running one SSDA903 rule of the 400–599 group through the engine, for the r4 rule tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from safehold.validate.context import Reference
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY
from safehold.validate.ssda903.dataset import from_rows
from tests.validate.ssda903.support import report_of as run_one

Rows = Mapping[str, Sequence[Mapping[str, str | None]]]


def flagged(
    code: str,
    year: int,
    tables: Rows,
    previous: Rows | None = None,
    reference: Reference | None = None,
) -> set[tuple[str, int]]:
    """``{(table, row)}`` flagged by rule ``code`` in ``year``; fails if the rule was skipped."""
    report = run_one(code, year, tables, previous, reference)
    assert report.rules_run == [code], report.rules_skipped
    return {(i["table"], i["row"]) for i in report.issue_dicts()}


def flagged_by_rule(
    codes: Sequence[str], year: int, tables: Rows
) -> dict[str, set[tuple[str, int]]]:
    """Run several rules at once (one engine run): ``{code: {(table, row)}}``."""
    chosen = [r for r in REGISTRY.ruleset("ssda903", year) if r.code in set(codes)]
    report = run_rules(chosen, from_rows(year, tables))
    assert sorted(report.rules_run) == sorted(codes), report.rules_skipped
    out: dict[str, set[tuple[str, int]]] = {code: set() for code in codes}
    for issue in report.issue_dicts():
        out[issue["rule"]].add((issue["table"], issue["row"]))
    return out


def rows(table: str, *numbers: int) -> set[tuple[str, int]]:
    """``{(table, n), ...}``: the expected flags, written compactly."""
    return {(table, n) for n in numbers}


def episode(child: str = "1", **fields: Any) -> dict[str, str | None]:
    """One Episodes row for ``child``; unnamed fields are blank."""
    return {"CHILD": child, **fields}


def test_support_reaches_a_rule() -> None:
    # E1 before December 2005 is caught by 446: proves the harness runs a rule of this group.
    eps = [episode(DECOM="30/11/2005", LS="E1"), episode(DECOM="01/12/2005", LS="E1")]
    assert flagged("446", 2025, {"Episodes": eps}) == rows("Episodes", 0)
