"""Due dates from the register's retention classes, on known dates."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.privacy.register import Register
from safehold.privacy.retention.schedule import ScheduleError, due_dates

D = dt.date
BORN = dt.date(2005, 3, 1)
LAST = dt.date(2015, 6, 30)


def person(
    pid: str = "P1",
    dob: dt.date | None = BORN,
    death: dt.date | None = None,
    adoption: dt.date | None = None,
    looked_after: bool = False,
) -> dict[str, object]:
    return {
        "person_id": pid,
        "date_of_birth": dob,
        "death_date": death,
        "adoption_order": adoption,
        "looked_after": looked_after,
    }


def record(
    cls: str,
    pid: str = "P1",
    last: dt.date | None = LAST,
    closure: dt.date | None = LAST,
) -> dict[str, object]:
    return {"person_id": pid, "retention_class": cls, "last_activity": last, "closure": closure}


def due(register: Register, records: list[dict[str, object]], people: list[dict[str, object]]):
    frame = due_dates(
        pl.DataFrame(records, schema_overrides={"last_activity": pl.Date, "closure": pl.Date}),
        pl.DataFrame(
            people,
            schema_overrides={"date_of_birth": pl.Date, "death_date": pl.Date,
                              "adoption_order": pl.Date},
        ),
        register,
    )  # fmt: skip
    return {r["retention_class"]: r for r in frame.iter_rows(named=True)}


@pytest.mark.parametrize(
    ("cls", "expected", "authority"),
    [
        ("looked_after_record", D(2080, 3, 1), "regulation 50"),
        ("care_leaver_record", D(2080, 3, 1), "Local retention schedule"),
        ("child_protection_record", D(2050, 6, 30), "Blackpool"),
        ("send_record", D(2036, 3, 1), "Local retention schedule"),
        ("contact_record", D(2021, 6, 30), "Local retention schedule"),
        ("case_record", D(2021, 6, 30), "Local retention schedule"),
        ("person_record", D(2021, 6, 30), "Local retention schedule"),
        # 3 years after the last activity (2018-06-30), but never before the 18th birthday
        ("child_in_need_record", D(2023, 3, 1), "Devon"),
        # no adoption order: 75 years from the date of birth
        ("adoption_record", D(2080, 3, 1), "Adoption Agencies Regulations 2005"),
        # the register's other classes, on the same dates
        ("adoption_no_order", D(2080, 3, 1), "regulation 40"),
        ("contact_no_further_action", D(2021, 6, 30), "Local retention schedule"),
        ("early_help_record", D(2023, 3, 1), "child in need model"),
        ("foster_carer_approved", D(2025, 6, 30), "Fostering Services"),
        ("foster_carer_not_approved", D(2018, 6, 30), "Fostering Services"),
        ("lado_allegation_substantiated", D(2105, 3, 1), "Devon"),
        ("lado_allegation_unfounded", D(2025, 6, 30), "Devon"),
        ("workforce_record", D(2021, 6, 30), "workforce"),
        ("audit_event", D(2021, 6, 30), "information governance"),
        ("rights_request", D(2021, 6, 30), "information governance"),
    ],
)
def test_each_class_on_known_dates(
    register: Register, cls: str, expected: dt.date, authority: str
) -> None:
    got = due(register, [record(cls)], [person()])[cls]
    assert got["due"] == expected
    assert authority in got["authority"]
    assert got["no_due_date"] is None


def test_child_in_need_after_eighteen_is_three_years_after_last_activity(
    register: Register,
) -> None:
    got = due(register, [record("child_in_need_record", last=D(2024, 1, 10))], [person()])
    assert got["child_in_need_record"]["due"] == D(2027, 1, 10)
    assert got["child_in_need_record"]["rule"] == "3 years after the last activity"


def test_leap_day_birth_counts_to_the_end_of_february(register: Register) -> None:
    got = due(register, [record("looked_after_record")], [person(dob=D(2008, 2, 29))])
    assert got["looked_after_record"]["due"] == D(2083, 2, 28)


def test_child_protection_becomes_75_years_from_birth_when_later_looked_after(
    register: Register,
) -> None:
    got = due(register, [record("child_protection_record")], [person(looked_after=True)])
    row = got["child_protection_record"]
    assert row["due"] == D(2080, 3, 1)
    assert "looked after" in row["rule"]
    assert "regulation 50" in row["authority"]


def test_an_adoption_order_keeps_the_record_100_years(register: Register) -> None:
    got = due(register, [record("adoption_order_made"), record("adoption_record")],
              [person(adoption=D(2009, 9, 14))])  # fmt: skip
    assert got["adoption_order_made"]["due"] == D(2109, 9, 14)
    assert got["adoption_record"]["due"] == D(2109, 9, 14)
    assert "Post-Commencement Adoptions" in got["adoption_record"]["authority"]


def test_child_protection_becomes_100_years_from_the_adoption_order(register: Register) -> None:
    got = due(
        register,
        [record("child_protection_record"), record("adoption_record")],
        [person(adoption=D(2009, 9, 14), looked_after=True)],
    )
    # adopted and looked after: the longest extension (100 years from the order) wins
    assert got["child_protection_record"]["due"] == D(2109, 9, 14)
    assert "Post-Commencement Adoptions" in got["child_protection_record"]["authority"]
    assert got["adoption_record"]["due"] == D(2109, 9, 14)


def test_looked_after_child_who_died_before_18_is_kept_15_years_from_death(
    register: Register,
) -> None:
    got = due(register, [record("looked_after_record")], [person(death=D(2012, 5, 1))])
    assert got["looked_after_record"]["due"] == D(2027, 5, 1)
    # an adult's death does not shorten the record
    got = due(register, [record("looked_after_record")], [person(death=D(2030, 5, 1))])
    assert got["looked_after_record"]["due"] == D(2080, 3, 1)


def test_an_open_child_protection_record_has_no_due_date(register: Register) -> None:
    got = due(register, [record("child_protection_record", closure=None)], [person()])
    assert got["child_protection_record"]["due"] is None
    assert got["child_protection_record"]["no_due_date"] == "the record is still open"


def test_no_date_of_birth_means_no_due_date(register: Register) -> None:
    got = due(register, [record("looked_after_record")], [person(dob=None)])
    assert got["looked_after_record"]["due"] is None
    assert got["looked_after_record"]["no_due_date"] == "no date of birth is recorded"


def test_identity_and_case_notes_follow_the_longest_kept_record(register: Register) -> None:
    got = due(
        register,
        [record("looked_after_record"), record("person_record"), record("case_record")],
        [person()],
    )
    assert got["person_record"]["due"] == D(2080, 3, 1)
    assert got["case_record"]["due"] == D(2080, 3, 1)
    # and follow an unknown due date: kept
    got = due(
        register,
        [record("child_protection_record", closure=None), record("person_record")],
        [person()],
    )
    assert got["person_record"]["due"] is None


def test_an_unknown_class_is_named(register: Register) -> None:
    with pytest.raises(ScheduleError, match="no retention class mystery_record"):
        due(register, [record("mystery_record")], [person()])


dates = st.dates(min_value=D(1950, 1, 1), max_value=D(2030, 12, 31))


@settings(max_examples=60, deadline=None)
@given(dob=dates, last=dates, looked_after=st.booleans(), adopted=st.none() | dates)
def test_extensions_never_shorten_a_child_protection_record(
    register: Register, dob: dt.date, last: dt.date, looked_after: bool, adopted: dt.date | None
) -> None:
    got = due(
        register,
        [record("child_protection_record", last=last, closure=last)],
        [person(dob=dob, looked_after=looked_after, adoption=adopted)],
    )["child_protection_record"]["due"]
    assert got is not None
    base = (
        last.replace(year=last.year + 35)
        if (last.month, last.day) != (2, 29)
        else D(last.year + 35, 2, 28)
    )
    if looked_after or adopted is not None:
        # the extension replaces the base period; of two extensions, the longer wins
        years = [dob.year + 75] if looked_after else []
        years += [adopted.year + 100] if adopted is not None else []
        assert got.year == max(years)
    else:
        assert got == base


@settings(max_examples=60, deadline=None)
@given(dob=dates, last=dates)
def test_child_in_need_never_before_eighteen(
    register: Register, dob: dt.date, last: dt.date
) -> None:
    got = due(register, [record("child_in_need_record", last=last)], [person(dob=dob)])
    value = got["child_in_need_record"]["due"]
    assert value is not None
    assert value.year >= dob.year + 18
    assert value.year >= last.year + 3
    assert value.year in (dob.year + 18, last.year + 3)
