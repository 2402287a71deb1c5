"""SSDA903 rules 511–524: number, sexes and legal status of adopters agree."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validate.ssda903.test_r4__support import flagged, flagged_by_rule, rows

SEXES = ["M1", "F1", "MM", "FF", "MF", None]

#: code -> (column, value, the sexes allowed with it)
RULES = {
    "511": ("NB_ADOPTR", "2", {"MM", "FF", "MF"}),
    "514": ("LS_ADOPTR", "L0", {"M1", "F1"}),
    "517": ("LS_ADOPTR", "L3", {"MF"}),
    "518": ("LS_ADOPTR", "L4", {"MM", "FF"}),
    "519": ("LS_ADOPTR", "L2", {"MM", "FF", "MF"}),
    "520": ("LS_ADOPTR", "L11", {"MF"}),
    "524": ("LS_ADOPTR", "L12", {"MM", "FF"}),
}


@pytest.mark.parametrize("code", sorted(RULES))
def test_adopter_sexes_minimal(code: str) -> None:
    column, value, allowed = RULES[code]
    wrong = next(s for s in SEXES if s is not None and s not in allowed)
    ad1 = [
        {"CHILD": "1", column: value, "SEX_ADOPTR": wrong},  # fails
        {"CHILD": "2", column: value, "SEX_ADOPTR": sorted(allowed)[0]},  # passes
        {"CHILD": "3", column: value, "SEX_ADOPTR": None},  # blank is not allowed either
        {"CHILD": "4", column: None, "SEX_ADOPTR": wrong},  # rule does not apply
    ]
    assert flagged(code, 2025, {"AD1": ad1}) == rows("AD1", 0, 2)


@given(
    nb=st.sampled_from(["1", "2", None]),
    ls=st.sampled_from(["L0", "L11", "L12", "L2", "L3", "L4", None]),
    sex=st.sampled_from(SEXES),
)
@settings(max_examples=60, deadline=None)
def test_adopter_rules_agree_with_their_table(
    nb: str | None, ls: str | None, sex: str | None
) -> None:
    tables = {"AD1": [{"CHILD": "1", "NB_ADOPTR": nb, "LS_ADOPTR": ls, "SEX_ADOPTR": sex}]}
    row = {"NB_ADOPTR": nb, "LS_ADOPTR": ls}
    got = flagged_by_rule(sorted(RULES), 2027, tables)
    for code, (column, value, allowed) in RULES.items():
        expected = row[column] == value and sex not in allowed
        assert bool(got[code]) == expected, code
