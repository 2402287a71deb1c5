"""Property: after the sweep, no row falls due before a row that deleting it would delete."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.privacy.retention.sweep import _propagate

D = dt.date


@st.composite
def forests(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows 0..n-1 with random due dates (or none), each row after the first pointing to an
    earlier one (a parent) or to nothing."""
    n = draw(st.integers(min_value=1, max_value=25))
    dues = draw(
        st.lists(
            st.none() | st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 1, 1)),
            min_size=n,
            max_size=n,
        )
    )
    parents = [draw(st.none() | st.integers(0, i - 1)) if i else None for i in range(n)]
    rows = pl.DataFrame(
        {
            "rid": list(range(n)),
            "due": dues,
            "rule": ["own"] * n,
            "no_due_date": [None] * n,
        },
        schema={"rid": pl.Int64, "due": pl.Date, "rule": pl.String, "no_due_date": pl.String},
    )
    links = pl.DataFrame(
        {
            "rid": [i for i, p in enumerate(parents) if p is not None],
            "parent_rid": [p for p in parents if p is not None],
        },
        schema={"rid": pl.Int64, "parent_rid": pl.Int64},
    )
    return rows, links


@settings(max_examples=150, deadline=None)
@given(forests())
def test_a_parent_is_never_due_before_what_it_would_take_with_it(
    forest: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    rows, links = forest
    out = _propagate(rows, links)
    due = dict(zip(out["rid"].to_list(), out["due"].to_list(), strict=True))
    before = dict(zip(rows["rid"].to_list(), rows["due"].to_list(), strict=True))
    for child, parent in links.iter_rows():
        if due[child] is None:
            assert due[parent] is None  # a kept child keeps its parent
        elif due[parent] is not None:
            assert due[parent] >= due[child]
    for rid, original in before.items():
        # propagation only ever keeps rows longer
        if original is None:
            assert due[rid] is None
        elif due[rid] is not None:
            assert due[rid] >= original
