"""The r4 frame helpers: neighbours within a child, and last year's open episode."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.ssda903.rules.r4__helpers import open_at_last_year_end, with_neighbours

rows_strategy = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", None]),
        st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2024, 1, 20))),
        st.integers(0, 9),
    ),
    max_size=25,
)


def _frame(data: list[tuple[str | None, dt.date | None, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "_row": list(range(len(data))),
            "CHILD": [c for c, _, _ in data],
            "DECOM": [d for _, d, _ in data],
            "V": [v for _, _, v in data],
        },
        schema={"_row": pl.UInt32, "CHILD": pl.String, "DECOM": pl.Date, "V": pl.Int64},
    )


@given(rows_strategy)
@settings(max_examples=100, deadline=None)
def test_with_neighbours_matches_a_plain_walk(
    data: list[tuple[str | None, dt.date | None, int]],
) -> None:
    got = with_neighbours(_frame(data), ["V"], next_too=True)

    def key(i: int) -> tuple[bool, str, bool, dt.date, int]:
        child, day, _ = data[i]
        return (child is None, child or "", day is None, day or dt.date.min, i)

    order = sorted(range(len(data)), key=key)
    expected_prev: dict[int, int | None] = {}
    expected_next: dict[int, int | None] = {}
    for pos, i in enumerate(order):
        before = order[pos - 1] if pos > 0 else None
        after = order[pos + 1] if pos + 1 < len(order) else None
        child = data[i][0]
        prev_same = before is not None and data[before][0] == child
        next_same = after is not None and data[after][0] == child
        expected_prev[i] = data[before][2] if prev_same and before is not None else None
        expected_next[i] = data[after][2] if next_same and after is not None else None
    assert got["_row"].to_list() == order
    for row in got.iter_rows(named=True):
        assert row["V_PREV"] == expected_prev[row["_row"]]
        assert row["V_NEXT"] == expected_next[row["_row"]]


def test_open_at_last_year_end_takes_first_this_year_and_latest_last_year() -> None:
    this_year = pl.DataFrame(
        {
            "_row": [0, 1, 2],
            "CHILD": ["1", "1", "2"],
            "DECOM": [dt.date(2024, 5, 1), dt.date(2024, 1, 1), dt.date(2024, 1, 1)],
            "DEC": [None, dt.date(2024, 5, 1), None],
            "LS": ["C2", "C1", "C1"],
        }
    )
    last_year = pl.DataFrame(
        {
            "_row": [0, 1, 2],
            "CHILD": ["1", "1", "2"],
            "DECOM": [dt.date(2023, 6, 1), dt.date(2024, 1, 1), dt.date(2024, 1, 1)],
            "DEC": [dt.date(2024, 1, 1), None, dt.date(2024, 2, 1)],
            "LS": ["C1", "C1", "C1"],
        }
    )
    got = open_at_last_year_end(this_year, last_year)
    assert got.select("CHILD", "_row", "_row_PRE", "LS", "LS_PRE").rows() == [
        ("1", 1, 1, "C1", "C1")
    ]
