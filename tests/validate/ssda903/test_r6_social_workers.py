"""Social worker episode rules SW01aSTG1-SW17STG2."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY
from safehold.validate.ssda903.dataset import from_rows
from tests.validate.ssda903.test_r6__support import Rows, flagged

YEARS = [2025, 2026, 2027]
Y = 2026  # collection year 01/04/2025 - 31/03/2026


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _sw(**fields: str | None) -> dict[str, str | None]:
    base: dict[str, str | None] = {
        "CHILD": "1",
        "SW_ID": "SW1",
        "SW_DECOM": "01/05/2025",
        "SW_DEC": None,
        "SW_REASON": "MANAGE",
    }
    return {**base, **fields}


@pytest.mark.parametrize("year", YEARS)
def test_sw01a_sw01b_complete(year: int) -> None:
    rows = [
        _sw(SW_DECOM=None),
        _sw(SW_DECOM="01/01/2023", SW_ID=None),
        _sw(SW_DECOM="01/01/2023", SW_REASON=None),
        _sw(SW_DECOM="01/05/2023", SW_REASON=None),
        _sw(SW_DECOM="01/05/2023", SW_ID=None),
        _sw(),
    ]
    tables: Rows = {"SWEpisodes": rows}
    assert flagged("SW01aSTG1", year, tables) == {("SWEpisodes", 0), ("SWEpisodes", 1)}
    assert flagged("SW01bSTG1", year, tables) == {
        ("SWEpisodes", 0),
        ("SWEpisodes", 3),
        ("SWEpisodes", 4),
    }


def test_sw02_id_prefix() -> None:
    rows = [_sw(SW_ID="sw123"), _sw(SW_ID="XX9"), _sw(SW_ID="AB1"), _sw(SW_ID=None)]
    assert flagged("SW02STG1", Y, {"SWEpisodes": rows}) == {("SWEpisodes", 2), ("SWEpisodes", 3)}


def test_sw04_sw05_dates_valid() -> None:
    rows = [
        _sw(SW_DECOM="30/02/2025", SW_DEC="2025-05-01"),
        _sw(SW_DECOM=None, SW_DEC=None),
        _sw(SW_DECOM="01/05/2025", SW_DEC="01/06/2025"),
    ]
    assert flagged("SW04STG1", Y, {"SWEpisodes": rows}) == {("SWEpisodes", 0)}
    assert flagged("SW05STG1", Y, {"SWEpisodes": rows}) == {("SWEpisodes", 0)}


@settings(deadline=None, max_examples=40)
@given(
    start=st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
    length=st.integers(0, 500),
)
def test_sw06_sw07_sw09_dates_against_the_year(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    rows = [_sw(SW_DECOM=_d(start), SW_DEC=_d(end))]
    flag = {("SWEpisodes", 0)}
    assert flagged("SW06STG2", Y, {"SWEpisodes": rows}) == (
        flag if start > dt.date(2026, 3, 31) else set()
    )
    # the social worker reporting period is the collection year (SW12STG2: "the full previous year")
    in_period = dt.date(2025, 4, 1) <= end <= dt.date(2026, 3, 31)
    assert flagged("SW07STG2", Y, {"SWEpisodes": rows}) == (set() if in_period else flag)
    assert flagged("SW09STG2", Y, {"SWEpisodes": rows}) == (flag if length == 0 else set())


def test_sw08_earlier_episodes_must_end() -> None:
    rows = [
        _sw(SW_DECOM="01/06/2025", SW_DEC=None),  # latest: may be open
        _sw(SW_DECOM="01/04/2025", SW_DEC=None),  # earlier and open
        _sw(SW_DECOM="01/05/2025", SW_DEC="01/06/2025"),
        _sw(CHILD="2", SW_DECOM="01/05/2025", SW_DEC=None),
    ]
    assert flagged("SW08STG2", Y, {"SWEpisodes": rows}) == {("SWEpisodes", 1)}


def test_sw10_new_episode_not_before_previous_ended() -> None:
    rows = [
        _sw(SW_DECOM="01/04/2025", SW_DEC="01/06/2025"),
        _sw(SW_DECOM="20/05/2025", SW_DEC="01/08/2025"),  # 12 days early: flagged
        _sw(SW_DECOM="26/07/2025", SW_DEC="01/10/2025"),  # 6 days early: within tolerance
        _sw(SW_DECOM="01/09/2025", SW_DEC="01/11/2025", SW_REASON="FCONTA"),  # family asked
        _sw(SW_DECOM="01/12/2025", SW_DEC=None),  # after a gap
    ]
    assert flagged("SW10STG2", Y, {"SWEpisodes": rows}) == {("SWEpisodes", 1)}


def test_sw11b_late_end_needs_a_successor() -> None:
    rows = [
        _sw(CHILD="1", SW_DECOM="01/04/2025", SW_DEC="28/03/2026"),  # flagged
        _sw(CHILD="2", SW_DECOM="01/04/2025", SW_DEC="28/03/2026"),
        _sw(CHILD="2", SW_DECOM="28/03/2026", SW_DEC=None),  # successor
        _sw(CHILD="3", SW_DECOM="01/04/2025", SW_DEC="01/03/2026"),  # earlier end
    ]
    assert flagged("SW11bSTG2", Y, {"SWEpisodes": rows}) == {("SWEpisodes", 0)}


def test_sw12_full_year_of_social_workers_for_children_in_care() -> None:
    header = [
        {"CHILD": "1", "DOB": "01/01/2010"},
        {"CHILD": "2", "DOB": "01/01/2010"},
        {"CHILD": "3", "DOB": "01/01/2010"},
        {"CHILD": "4", "DOB": "01/09/2025"},  # born in the year
        {"CHILD": "5", "DOB": "01/01/2010"},
        {"CHILD": "6", "DOB": "01/01/2010"},
        {"CHILD": "7", "DOB": "01/01/2010"},
        {"CHILD": "8", "DOB": "01/01/2010"},
    ]
    episodes = [
        {"CHILD": "1", "DECOM": "01/10/2024", "DEC": None, "LS": "C2"},
        {"CHILD": "2", "DECOM": "01/10/2025", "DEC": None, "LS": "C2"},
        {"CHILD": "3", "DECOM": "01/10/2025", "DEC": None, "LS": "C2"},
        {"CHILD": "4", "DECOM": "01/10/2025", "DEC": None, "LS": "C2"},
        {"CHILD": "5", "DECOM": "01/10/2025", "DEC": "01/11/2025", "LS": "C2"},  # left care
        {"CHILD": "6", "DECOM": "01/10/2024", "DEC": None, "LS": "C2"},  # in care all year
        {"CHILD": "7", "DECOM": "01/05/2025", "DEC": "01/06/2025", "LS": "C2"},  # in care twice
        {"CHILD": "7", "DECOM": "01/10/2025", "DEC": None, "LS": "C2"},
        {"CHILD": "8", "DECOM": "01/06/2024", "DEC": "01/07/2024", "LS": "C2"},  # before the year
        {"CHILD": "8", "DECOM": "01/10/2025", "DEC": None, "LS": "C2"},
    ]
    sw = [
        _sw(CHILD="1", SW_DECOM="01/01/2025"),  # covers the year
        _sw(CHILD="2", SW_DECOM="01/10/2025"),  # from the day care began: nothing earlier known
        _sw(CHILD="4", SW_DECOM="01/09/2025"),  # from birth
        _sw(CHILD="5", SW_DECOM="01/10/2025"),
        _sw(CHILD="6", SW_DECOM="01/06/2025"),  # flagged: looked after since April, no SW
        _sw(CHILD="7", SW_DECOM="01/10/2025"),  # flagged: looked after in May too
        _sw(CHILD="8", SW_DECOM="01/10/2025"),  # care last year ended before the period
    ]
    tables: Rows = {"Header": header, "Episodes": episodes, "SWEpisodes": sw}
    assert flagged("SW12STG2", Y, tables) == {
        ("Episodes", 2),  # child 3: looked after, no social worker episode at all
        ("SWEpisodes", 4),  # child 6
        ("SWEpisodes", 5),  # child 7
    }


@settings(deadline=None, max_examples=40)
@given(
    care_from=st.dates(dt.date(2024, 1, 1), dt.date(2026, 3, 31)),
    sw_from=st.dates(dt.date(2024, 1, 1), dt.date(2026, 3, 31)),
)
def test_sw12_social_worker_needed_from_care_or_the_year_start(
    care_from: dt.date, sw_from: dt.date
) -> None:
    """A child looked after on 31 March since ``care_from`` needs a social worker from the later
    of that day and 1 April; an earlier start is never required."""
    tables: Rows = {
        "Header": [{"CHILD": "1", "DOB": "01/01/2010"}],
        "Episodes": [{"CHILD": "1", "DECOM": _d(care_from), "DEC": None, "LS": "C2"}],
        "SWEpisodes": [_sw(SW_DECOM=_d(sw_from))],
    }
    due = max(care_from, dt.date(2025, 4, 1))
    expected = {("SWEpisodes", 0)} if sw_from > due else set()
    assert flagged("SW12STG2", Y, tables) == expected


def test_sw13_reason_valid() -> None:
    rows = [
        _sw(SW_REASON="nope"),
        _sw(SW_REASON=None, SW_DECOM="01/05/2023"),
        _sw(SW_REASON=None, SW_DECOM="01/05/2022"),
        _sw(SW_REASON="others"),
    ]
    assert flagged("SW13STG1", Y, {"SWEpisodes": rows}) == {("SWEpisodes", 0), ("SWEpisodes", 1)}


def test_sw17_latest_episode_open_from_2025_26() -> None:
    rows = [
        _sw(CHILD="1", SW_DECOM="01/04/2025", SW_DEC="01/05/2025"),
        _sw(CHILD="1", SW_DECOM="01/05/2025", SW_DEC="01/06/2025"),  # latest, closed
        _sw(CHILD="2", SW_DECOM="01/04/2025", SW_DEC="01/05/2025"),
        _sw(CHILD="2", SW_DECOM="01/05/2025", SW_DEC=None),
    ]
    assert flagged("SW17STG2", 2026, {"SWEpisodes": rows}) == {("SWEpisodes", 1)}
    assert "SW17STG2" not in {r.code for r in REGISTRY.ruleset("ssda903", 2025)}


def test_sw_rules_skip_when_the_return_has_no_social_worker_episodes() -> None:
    sw_rules = [r for r in REGISTRY.ruleset("ssda903", Y) if r.code.startswith("SW")]
    dataset = from_rows(Y, {"Header": [{"CHILD": "1"}]})
    dataset.unavailable["SWEpisodes"] = "the XML return carries no social worker episodes"
    report = run_rules(sw_rules, dataset)
    assert report.rules_run == []
    assert {s.rule for s in report.rules_skipped} == {r.code for r in sw_rules}


@settings(deadline=None, max_examples=40)
@given(
    spans=st.lists(
        st.tuples(
            st.sampled_from(["1", "2"]),
            st.integers(0, 300),
            st.one_of(st.none(), st.integers(1, 120)),
            st.sampled_from(["MANAGE", "FCONTA", None]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_sw08_sw10_match_a_row_by_row_reading(
    spans: list[tuple[str, int, int | None, str | None]],
) -> None:
    """Taking each child's episodes in order of start: every episode but the last must have
    ended (SW08), and each must start no more than 7 days before the previous one ended unless
    the family asked for the change (SW10)."""
    base = dt.date(2025, 4, 1)
    rows = []
    for child, offset, length, reason in spans:
        start = base + dt.timedelta(days=offset)
        end = None if length is None else start + dt.timedelta(days=length)
        rows.append((child, start, end, reason))
    open_before, overlaps = set(), set()
    for child in {r[0] for r in rows}:
        mine = sorted(
            ((i, r) for i, r in enumerate(rows) if r[0] == child),
            key=lambda x: (x[1][1], x[1][2] is None, x[1][2] or x[1][1], x[0]),
        )
        for index, row in mine[:-1]:
            if row[2] is None:
                open_before.add(("SWEpisodes", index))
        for (_, before), (index, now) in itertools.pairwise(mine):
            late = before[2] is not None and now[1] < before[2] - dt.timedelta(days=7)
            if late and now[3] != "FCONTA":
                overlaps.add(("SWEpisodes", index))
    sw = [
        _sw(CHILD=c, SW_DECOM=_d(s), SW_DEC=None if e is None else _d(e), SW_REASON=r)
        for c, s, e, r in rows
    ]
    assert flagged("SW08STG2", Y, {"SWEpisodes": sw}) == open_before
    assert flagged("SW10STG2", Y, {"SWEpisodes": sw}) == overlaps
