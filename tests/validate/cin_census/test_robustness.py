"""Every CIN census rule runs, without raising, on empty returns and on arbitrary text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehold.returns.cin_census.tables import tables_for
from safehold.validate.cin_census.dataset import from_rows
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY

VALUES = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "TRUE", "false", "0", "1", "NONE", "21", "18A", "RC8", "N1", "U",
                     "2025-06-01", "2025-04-01", "2026-03-31", "2025-13-45", "01/06/2025", "C1",
                     "E1", "A1", "P1", "-1", "M201123456780"]),
    st.text(max_size=25),
)  # fmt: skip
TABLES = tables_for(2026)


@st.composite
def census_tables(draw: st.DrawFn) -> dict[str, list[dict[str, str | None]]]:
    out: dict[str, list[dict[str, str | None]]] = {}
    for spec in TABLES:
        rows = draw(st.integers(min_value=0, max_value=4))
        out[spec.name] = [{c: draw(VALUES) for c in spec.columns} for _ in range(rows)]
    return out


def test_empty_return() -> None:
    report = run_rules(REGISTRY.ruleset("cin_census", 2026), from_rows(2026, {}))
    assert report.rules_skipped == []
    assert {i["rule"] for i in report.issue_dicts()} == {"100", "2887Q"}


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(census_tables())
def test_arbitrary_text_never_breaks_a_rule(tables: dict[str, list[dict[str, str | None]]]) -> None:
    report = run_rules(REGISTRY.ruleset("cin_census", 2026), from_rows(2026, tables))
    assert report.rules_skipped == []
    assert len(report.rules_run) == 109
    for issue in report.issue_dicts():
        assert issue["row"] is None or issue["table"] in tables
