"""Rules 358, 359, 371–377, 379, 386, 387, 389: ages and temporary placement lengths."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, birthday, flagged, text

DOB = "15/08/2010"  # 10 on 15/08/2020, 14 in 2024, 16 in 2026, 18 in 2028

Row = dict[str, str | None]


def _run(code: str, episode: Row, dob: str = DOB, year: int = 2026) -> set[tuple[str, int]]:
    return flagged(
        code,
        year,
        {
            "Header": [{"CHILD": "1", "DOB": dob}, {"CHILD": "2", "DOB": "01/01/2000"}],
            "Episodes": [
                {"CHILD": "2", "DECOM": "01/05/2017", "DEC": "01/06/2017"},
                {"CHILD": "1", **episode},
            ],
        },
    )


@pytest.mark.parametrize(
    ("ls", "decom", "fails"),
    [
        ("J1", "14/08/2020", True),
        ("J3", "15/08/2020", False),
        ("C2", "14/08/2020", False),
    ],
)
def test_358_youth_justice_from_10(ls: str, decom: str, fails: bool) -> None:
    found = _run("358", {"LS": ls, "DECOM": decom})
    assert found == ({("Episodes", 1), ("Header", 0)} if fails else set())


@pytest.mark.parametrize(
    ("dob", "episode", "fails"),
    [
        ("01/01/2008", {"LS": "C2", "PLACE": "U4"}, True),
        ("01/01/2008", {"LS": "V2", "PLACE": "K2"}, False),
        ("01/01/2008", {"LS": "C2", "PLACE": "U4", "DEC": "01/02/2026"}, False),
        ("01/04/2008", {"LS": "C2", "PLACE": "U4"}, False),  # 18 after 31 March
    ],
)
def test_359_over_18_in_community_home(dob: str, episode: Row, fails: bool) -> None:
    found = _run("359", {"DECOM": "01/05/2025", **episode}, dob=dob)
    assert found == ({("Episodes", 1)} if fails else set())


@PROPERTY
@given(
    st.sampled_from([("371", "K3", 16), ("372", "R5", 10), ("373", "S1", 4), ("374", "P3", 14)]),
    st.dates(dt.date(2005, 1, 1), dt.date(2025, 3, 31)),
    st.booleans(),
)
def test_371_to_374_placement_minimum_ages(
    case: tuple[str, str, int], dob: dt.date, same_place: bool
) -> None:
    code, place, years = case
    decom = dt.date(2025, 6, 1)
    found = _run(
        code, {"DECOM": text(decom), "PLACE": place if same_place else "U4"}, dob=text(dob)
    )
    too_young = same_place and decom < birthday(dob, years)
    assert found == ({("Episodes", 1)} if too_young else set())


@pytest.mark.parametrize(
    ("code", "place", "days"), [("375", "T1", 42), ("376", "T3", 21), ("379", "T4", 7)]
)
def test_375_376_379_temporary_lengths(code: str, place: str, days: int) -> None:
    start = dt.date(2025, 6, 1)
    rows = [
        {"CHILD": "1", "PLACE": place, "DECOM": text(start), "DEC": text(start + dt.timedelta(d))}
        for d in (days, days + 1)
    ]
    rows.append({"CHILD": "1", "PLACE": place, "DECOM": text(start)})  # still open
    rows.append({"CHILD": "1", "PLACE": "U4", "DECOM": "01/04/2025", "DEC": "01/03/2026"})
    assert flagged(code, 2026, {"Episodes": rows}) == {("Episodes", 1)}


def test_377_third_holiday_within_twelve_months() -> None:
    starts = ["01/05/2024", "01/08/2024", "01/06/2025", "01/07/2025", "02/05/2026"]
    rows = [{"CHILD": "1", "PLACE": "T3", "DECOM": d} for d in starts[:4]]
    rows.append({"CHILD": "1", "PLACE": "U4", "DECOM": "01/09/2025"})
    rows.append({"CHILD": "2", "PLACE": "T3", "DECOM": "01/06/2025"})
    # Only 01/07/2025 has two more within the year before it (01/08/2024, 01/06/2025).
    assert flagged("377", 2026, {"Episodes": rows}) == {("Episodes", 3)}


def test_377_two_holidays_are_fine() -> None:
    rows = [{"CHILD": "1", "PLACE": "T3", "DECOM": d} for d in ("01/05/2025", "01/08/2025")]
    assert flagged("377", 2026, {"Episodes": rows}) == set()


@pytest.mark.parametrize(
    ("code", "rec", "dob", "dec", "fails"),
    [
        ("386", "E11", "01/06/2007", "01/06/2025", True),
        ("386", "E12", "01/06/2007", "31/05/2025", False),
        ("386", "E2", "01/06/2007", "01/06/2025", False),
        ("387", "E5", "01/06/2011", "31/05/2025", True),
        ("387", "E6", "01/06/2011", "01/06/2025", False),
        ("389", "E7", "01/06/2009", "31/05/2025", True),
        ("389", "E7", "01/06/2009", "01/06/2025", False),
        ("389", "E7", "01/06/2009", None, False),
    ],
)
def test_386_387_389_age_at_leaving(
    code: str, rec: str, dob: str, dec: str | None, fails: bool
) -> None:
    found = _run(code, {"DECOM": "01/04/2025", "DEC": dec, "REC": rec}, dob=dob)
    assert found == ({("Episodes", 1)} if fails else set())
