"""Running one CIN census rule over rows given as dicts, and reading back what it flagged."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from safehold.validate.cin_census.dataset import from_rows
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY, Rule

Rows = Mapping[str, Sequence[Mapping[str, str | None]]]
YEAR = 2026
HEADER = {"Collection": "CIN", "Year": "2026", "ReferenceDate": "2026-03-31"}


def rule_for(code: str, year: int = YEAR) -> Rule:
    [found] = [r for r in REGISTRY.ruleset("cin_census", year) if r.code == code]
    return found


def issues(code: str, tables: Rows, year: int = YEAR) -> list[dict[str, Any]]:
    report = run_rules([rule_for(code, year)], from_rows(year, tables))
    assert report.rules_run == [code], report.rules_skipped
    return report.issue_dicts()


def flagged(code: str, tables: Rows, year: int = YEAR) -> dict[str, list[int]]:
    """``{table: sorted rows}`` the rule flagged (return-level issues under ``"return"``)."""
    out: dict[str, list[int]] = {}
    for issue in issues(code, tables, year):
        key = issue["table"] if issue["row"] is not None else "return"
        out.setdefault(key, [])
        if issue["row"] is not None:
            out[key].append(issue["row"])
        else:
            out[key].append(-1)
    return {k: sorted(v) for k, v in out.items()}


def child(cid: str = "C1", **fields: str | None) -> dict[str, str | None]:
    base: dict[str, str | None] = {
        "LAchildID": cid,
        "PersonBirthDate": "2015-06-01",
        "Sex": "F",
        "UPN": None,
    }
    base.update(fields)
    return base


def episode(eid: str = "E1", cid: str = "C1", **fields: str | None) -> dict[str, str | None]:
    base: dict[str, str | None] = {
        "LAchildID": cid,
        "CINdetailsID": eid,
        "CINreferralDate": "2025-05-01",
        "ReferralSource": "1A",
        "PrimaryNeedCode": "N1",
        "ReferralNFA": "false",
    }
    base.update(fields)
    return base


def row(cid: str = "C1", eid: str = "E1", **fields: str | None) -> dict[str, str | None]:
    base: dict[str, str | None] = {"LAchildID": cid, "CINdetailsID": eid}
    base.update(fields)
    return base
