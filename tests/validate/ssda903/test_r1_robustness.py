"""Every 101–199 rule runs, without raising, on empty returns and on returns of arbitrary text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.returns.ssda903.schema import tables_for
from safehold.validate.context import Reference
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY, Rule
from safehold.validate.ssda903.dataset import from_rows
from tests.validate.ssda903.support import StubPostcodes
from tests.validate.ssda903.test_r1__support import YEARS, Row

GROUP = re.compile(r"^1\d\d[A-Za-z]?$")
REFERENCE = Reference(
    local_authority="E09000027",
    extra={"postcodes": StubPostcodes({"TW1 1AA": ("E09000027", 516000.0, 173000.0)})},
)


def _group(year: int) -> list[Rule]:
    return [r for r in REGISTRY.ruleset("ssda903", year) if GROUP.match(r.code)]


@pytest.mark.parametrize("year", YEARS)
def test_empty_return_runs_every_rule_and_finds_nothing(year: int) -> None:
    report = run_rules(_group(year), from_rows(year, {}, previous={}), REFERENCE)
    assert report.issues.is_empty()
    assert {s.rule for s in report.rules_skipped} == {"105"}
    assert len(report.rules_run) == 62


CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", "1", "0", "M", "F", "X1", "E11", "SDQ1", "TW1 1AA", "V3", "PR1", "K2"]),
    st.sampled_from(["01/04/2025", "31/03/2026", "29/02/2024", "31/02/2025", "01/01/2010"]),
    st.text(max_size=6),
)


@st.composite
def returns(draw: st.DrawFn, year: int) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for spec in tables_for(year):
        count = draw(st.integers(min_value=0, max_value=3))
        tables[spec.name] = [
            {c: (draw(st.sampled_from(["A", "B"])) if c == "CHILD" else draw(CELLS))
             for c in spec.columns}
            for _ in range(count)
        ]  # fmt: skip
    return tables


@settings(deadline=None, max_examples=12)
@given(data=st.data())
@pytest.mark.parametrize("year", YEARS)
def test_arbitrary_text_never_breaks_a_rule(year: int, data: st.DataObject) -> None:
    current = data.draw(returns(year))
    previous = data.draw(returns(year - 1))
    report = run_rules(_group(year), from_rows(year, current, previous=previous), REFERENCE)
    assert len(report.rules_run) == 62
    assert set(report.issues["rule"].unique().to_list()) <= {r.code for r in _group(year)}
