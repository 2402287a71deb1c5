"""Building the census from the record: who and what is in scope, and a synthetic authority's
census that passes Safehold's own schema and every error-level rule."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import safehold
from safehold.returns.cin_census.build import build_census, frames_from_rows
from safehold.returns.cin_census.schema import message_schema
from safehold.returns.cin_census.tables import tables_for
from safehold.returns.cin_census.write import write_census
from safehold.synth.generate import Authority, generate
from safehold.validate.cin_census.dataset import dataset
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY
from safehold.validate.report import Report

D = dt.date
CREATED = dt.datetime(2026, 4, 20, 9, 30, tzinfo=dt.UTC)
Rows = dict[str, list[dict[str, Any]]]


def _child(pid: str = "C1", **values: Any) -> dict[str, Any]:
    return {"id": pid, "kind": "child", "sex": "F", "ethnicity": "WBRI",
            "date_of_birth": D(2015, 5, 1), "upn_unknown": None,
            "upn": "A938150000011"} | values  # fmt: skip


def _referral(rid: str = "R1", pid: str = "C1", **values: Any) -> dict[str, Any]:
    return {"id": rid, "person_id": pid, "referral_date": D(2025, 6, 2),
            "referral_source": "1A", "primary_need": "N1",
            "no_further_action": False} | values  # fmt: skip


def _build(rows: Rows, year: int = 2026) -> dict[str, pl.DataFrame]:
    return build_census(frames_from_rows(rows, year), year, created=CREATED)


def _col(tables: dict[str, pl.DataFrame], table: str, column: str) -> list[Any]:
    return tables[table][column].to_list()


def _rules(tables: dict[str, pl.DataFrame], year: int) -> Report:
    return run_rules(REGISTRY.ruleset("cin_census", year), dataset(year, tables))


# -- the header ------------------------------------------------------------------------------


def test_header_names_the_collection_the_authority_and_safehold() -> None:
    tables = build_census(
        frames_from_rows({"person": [_child()], "referral": [_referral()]}, 2026),
        2026,
        la_code="312",
        serial_no="007",
        created=CREATED,
    )
    assert tables["Header"].row(0, named=True) == {
        "Collection": "CIN", "Year": "2026", "ReferenceDate": "2026-03-31", "SourceLevel": "L",
        "LEA": "312", "SoftwareCode": "Safehold", "Release": safehold.__version__,
        "SerialNo": "007", "DateTime": "2026-04-20T09:30:00",
    }  # fmt: skip
    assert _build({"person": [_child()], "referral": [_referral()]})["Header"]["LEA"][0] == "999"


def test_every_table_of_the_year_and_only_those() -> None:
    rows: Rows = {"person": [_child()], "referral": [_referral()]}
    assert list(_build(rows, 2026)) == [t.name for t in tables_for(2026)]
    assert "PreProceedings" in _build(rows, 2027)
    assert all(f.dtypes == [pl.String] * f.width for f in _build(rows).values())


# -- which children and episodes -------------------------------------------------------------


def test_a_child_is_in_the_census_when_a_referral_was_open_in_the_year() -> None:
    rows: Rows = {
        "person": [_child("OPEN"), _child("CLOSED_BEFORE"), _child("CLOSED_ON_1_APRIL"),
                   _child("REFERRED_AFTER"), _child("REFERRED_ON_31_MARCH"),
                   {"id": "MUM", "kind": "adult", "sex": "F"}],
        "referral": [
            _referral("R1", "OPEN", referral_date=D(2023, 1, 5)),
            _referral("R2", "CLOSED_BEFORE", referral_date=D(2024, 1, 5),
                      close_date=D(2025, 3, 31), close_reason="RC7"),
            _referral("R3", "CLOSED_ON_1_APRIL", referral_date=D(2024, 1, 5),
                      close_date=D(2025, 4, 1), close_reason="RC7"),
            _referral("R4", "REFERRED_AFTER", referral_date=D(2026, 4, 1)),
            _referral("R5", "REFERRED_ON_31_MARCH", referral_date=D(2026, 3, 31)),
            _referral("R6", "MUM"),
        ],
    }  # fmt: skip
    tables = _build(rows)
    assert _col(tables, "ChildIdentifiers", "LAchildID") == [
        "CLOSED_ON_1_APRIL", "OPEN", "REFERRED_ON_31_MARCH"
    ]  # fmt: skip
    assert _col(tables, "CINdetails", "CINdetailsID") == ["R3", "R1", "R5"]
    assert _col(tables, "ChildCharacteristics", "Ethnicity") == ["WBRI"] * 3


def test_the_census_shows_the_record_as_it_stood_on_the_reference_date() -> None:
    rows: Rows = {
        "person": [_child("C1", death_date=D(2026, 5, 1)),
                   _child("BABY", sex="M", date_of_birth=D(2026, 4, 20), upn=None,
                          upn_unknown="UN1")],
        "disability": [{"person_id": "C1", "code": "AUT"}, {"person_id": "BABY", "code": "NONE"}],
        "referral": [_referral("R1", "C1", close_date=D(2026, 4, 10), close_reason="RC7"),
                     _referral("R2", "BABY", referral_date=D(2026, 1, 10))],
        "assessment": [{"id": "A1", "person_id": "C1", "referral_id": "R1",
                        "start_date": D(2026, 3, 20), "authorised_date": D(2026, 4, 5)}],
        "assessment_factors": [{"assessment_id": "A1", "factors": ["1B"]}],
    }  # fmt: skip
    tables = _build(rows)
    ids = {r["LAchildID"]: r for r in tables["ChildIdentifiers"].iter_rows(named=True)}
    assert ids["C1"]["PersonDeathDate"] is None
    baby = ids["BABY"]
    assert (baby["PersonBirthDate"], baby["ExpectedPersonBirthDate"], baby["Sex"]) == (
        None, "2026-04-20", "U"
    )  # fmt: skip
    assert (baby["UPN"], baby["UPNunknown"]) == (None, "UN1")
    assert _col(tables, "Disabilities", "LAchildID") == ["C1"]  # an unborn child has none yet
    cin = tables["CINdetails"].row(0, named=True)
    assert (cin["CINclosureDate"], cin["ReasonForClosure"]) == (None, None)
    assert _col(tables, "Assessments", "AssessmentAuthorisationDate") == [None]
    assert tables["AssessmentFactorsList"].is_empty()  # factors only on a completed assessment


def test_modules_active_in_the_year_and_only_those() -> None:
    rows: Rows = {
        "person": [_child()],
        "referral": [_referral(referral_date=D(2024, 2, 1))],
        "assessment": [
            {"id": "A_OLD", "person_id": "C1", "referral_id": "R1",
             "start_date": D(2024, 2, 2), "authorised_date": D(2024, 3, 1)},
            {"id": "A_ACROSS", "person_id": "C1", "referral_id": "R1",
             "start_date": D(2025, 3, 20), "authorised_date": D(2025, 4, 2)},
        ],
        "assessment_factors": [{"assessment_id": "A_OLD", "factors": ["21"]},
                               {"assessment_id": "A_ACROSS", "factors": ["3B", "1B", "3B"]}],
        "cin_plan": [
            {"id": "P_OLD", "person_id": "C1", "referral_id": "R1",
             "start_date": D(2024, 3, 2), "end_date": D(2024, 9, 1)},
            {"id": "P_NOW", "person_id": "C1", "referral_id": "R1",
             "start_date": D(2025, 10, 1), "end_date": D(2026, 6, 1)},
        ],
        "cp_plan": [
            {"id": "CPP_OLD", "person_id": "C1", "referral_id": "R1", "start_date": D(2024, 9, 2),
             "end_date": D(2025, 3, 31), "initial_category": "NEG", "latest_category": "NEG",
             "previous_plans": 0},
            {"id": "CPP_ON", "person_id": "C1", "referral_id": "R1", "start_date": D(2025, 4, 1),
             "end_date": D(2025, 9, 30), "initial_category": "EMO", "latest_category": "NEG",
             "previous_plans": 1},
        ],
        "cp_review": [{"cp_plan_id": "CPP_ON", "review_date": d} for d in
                      (D(2025, 9, 29), D(2025, 6, 30), D(2025, 6, 30))]
                     + [{"cp_plan_id": "CPP_OLD", "review_date": D(2024, 12, 1)}],
    }  # fmt: skip
    tables = _build(rows)
    assert _col(tables, "Assessments", "AssessmentID") == ["A_ACROSS"]
    assert _col(tables, "AssessmentFactorsList", "AssessmentFactors") == ["3B", "1B"]
    assert _col(tables, "CINplanDates", "CINPlanStartDate") == ["2025-10-01"]
    assert _col(tables, "CINplanDates", "CINPlanEndDate") == [None]
    plan = tables["ChildProtectionPlans"].row(0, named=True)
    assert tables["ChildProtectionPlans"].height == 1
    assert (plan["CPPID"], plan["CPPendDate"], plan["NumberOfPreviousCPP"]) == (
        "CPP_ON", "2025-09-30", "1"
    )  # fmt: skip
    # every review date of the plan, once each, in order
    assert _col(tables, "Reviews", "CPPreviewDate") == ["2025-06-30", "2025-09-29"]
    assert set(_col(tables, "Reviews", "CPPID")) == {"CPP_ON"}


def test_a_conference_sits_on_its_section_47_or_else_on_the_episode() -> None:
    rows: Rows = {
        "person": [_child("C1"), _child("C2")],
        "referral": [_referral("R1", "C1"), _referral("R2", "C2")],
        "section47_enquiry": [
            {"id": "S1", "person_id": "C1", "referral_id": "R1", "start_date": D(2025, 6, 3),
             "end_date": D(2025, 6, 20), "no_further_action": False},
            {"id": "S2", "person_id": "C1", "referral_id": "R1", "start_date": D(2025, 8, 1),
             "end_date": D(2025, 8, 10), "no_further_action": True},
            {"id": "S3", "person_id": "C1", "referral_id": "R1", "start_date": D(2026, 3, 20),
             "end_date": D(2026, 4, 10), "no_further_action": True},
        ],
        "initial_cp_conference": [
            {"id": "I1", "person_id": "C1", "referral_id": "R1", "s47_enquiry_id": "S1",
             "target_date": D(2025, 6, 24), "conference_date": D(2025, 6, 20)},
            {"id": "I2", "person_id": "C2", "referral_id": "R2", "s47_enquiry_id": None,
             "conference_date": D(2025, 7, 7)},
        ],
    }  # fmt: skip
    tables = _build(rows)
    s47 = tables["Section47"].to_dicts()
    assert [(r["S47ActualStartDate"], r["InitialCPCtarget"], r["DateOfInitialCPC"],
             r["ICPCnotRequired"]) for r in s47] == [
        ("2025-06-03", "2025-06-24", "2025-06-20", "false"),
        ("2025-08-01", None, None, "true"),
        # concluded with no conference only after the reference date: still open on it
        ("2026-03-20", None, None, "false"),
    ]  # fmt: skip
    assert _col(tables, "CINdetails", "DateOfInitialCPC") == [None, "2025-07-07"]
    # a conference on the episode held before the year is not this year's to report
    rows["referral"][0]["date_of_initial_cpc"] = D(2025, 3, 1)
    rows["referral"][1]["date_of_initial_cpc"] = D(2025, 7, 8)
    assert _col(_build(rows), "CINdetails", "DateOfInitialCPC") == [None, "2025-07-08"]


def test_pre_proceedings_sit_on_the_episode_open_when_they_began() -> None:
    rows: Rows = {
        "person": [_child()],
        "referral": [_referral("R1", referral_date=D(2025, 5, 1), close_date=D(2025, 7, 1),
                               close_reason="RC7"),
                     _referral("R2", referral_date=D(2025, 9, 1))],
        "pre_proceedings": [
            {"id": "PP1", "person_id": "C1", "decision_date": D(2026, 6, 1),
             "letter_date": D(2026, 6, 3), "fgdm_offered": True, "fgdm_held": False,
             "review_meetings": 3, "outcome": "A"},
            {"id": "PP2", "person_id": "C1", "decision_date": D(2026, 5, 20)},
        ],
    }  # fmt: skip
    pre = _build(rows, 2027)["PreProceedings"].to_dicts()
    assert [(r["CINdetailsID"], r["PPStartDate"]) for r in pre] == [
        ("R2", "2026-05-20"), ("R2", "2026-06-01")
    ]  # fmt: skip
    first = pre[1]
    assert (first["FGDMMeetingOffer"], first["FGDMMeetingFac"], first["ReviewMeetingsCount"],
            first["PPOutcome"]) == ("true", "false", "3", "A")  # fmt: skip


# -- a synthetic authority's census ----------------------------------------------------------


@cache
def _authority(children: int, seed: int, today: dt.date) -> Authority:
    return generate(children, seed, today=today)


def _synthetic(children: int, seed: int, year: int, today: dt.date) -> dict[str, pl.DataFrame]:
    rows = _authority(children, seed, today).rows
    return build_census(frames_from_rows(rows, year), year, created=CREATED)


def _errors(report: Report) -> list[dict[str, Any]]:
    return [i for i in report.issue_dicts() if i["severity"] == "error"]


@pytest.mark.parametrize(
    ("year", "today"),
    [(2026, D(2026, 3, 31)), (2026, D(2026, 11, 26)), (2025, D(2026, 5, 1)), (2027, D(2027, 9, 1))],
)
def test_a_synthetic_authority_census_passes_the_schema_and_every_error_rule(
    tmp_path: Path, year: int, today: dt.date
) -> None:
    tables = _synthetic(1500, 3, year, today)
    out = tmp_path / "census.xml"
    assert write_census(tables, out, year=year) == tables["ChildIdentifiers"].height > 400
    assert message_schema(year).validate(etree.parse(str(out)))
    report = _rules(tables, year)
    assert report.problems == [] and report.rules_skipped == []
    assert _errors(report) == []
    # Queries are allowed; the ones seen (2991Q, a section 47 whose episode's only assessment
    # ended before the year) are listed in docs/cin_census.md.
    assert set(report.issues["rule"].to_list()) <= {"2991Q", "8863Q", "2887Q", "2888Q"}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), children=st.integers(1, 150))
def test_any_small_synthetic_authority_passes_every_error_rule(seed: int, children: int) -> None:
    rows = generate(children, seed, today=D(2026, 8, 1)).rows
    tables = build_census(frames_from_rows(rows, 2026), 2026, created=CREATED)
    if tables["ChildIdentifiers"].is_empty():
        return
    assert _errors(_rules(tables, 2026)) == []


def _broken(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """A census with one deliberate mistake of each kind, each on a different child."""
    out = dict(tables)
    plans = out["ChildProtectionPlans"]
    first_plan = pl.int_range(pl.len()) == 0
    out["ChildProtectionPlans"] = plans.with_columns(
        CPPendDate=pl.when(first_plan).then("CPPstartDate").otherwise("CPPendDate")
    )
    factors = out["AssessmentFactorsList"]
    out["AssessmentFactorsList"] = pl.concat([factors, factors.head(1).with_columns(
        AssessmentFactors=pl.lit("21"))])  # fmt: skip
    details = out["CINdetails"]
    closed = pl.col("CINclosureDate").is_not_null()
    target = closed & (pl.int_range(pl.len()) == pl.int_range(pl.len()).filter(closed).first())
    out["CINdetails"] = details.with_columns(
        ReasonForClosure=pl.when(target).then(None).otherwise("ReasonForClosure")
    )
    ids = out["ChildIdentifiers"]
    out["ChildIdentifiers"] = pl.concat([ids, ids.head(1)])
    return out


def test_a_broken_census_fires_the_rules_it_should() -> None:
    tables = _synthetic(1500, 3, 2026, D(2026, 11, 26))
    report = _rules(_broken(tables), 2026)
    fired = {i["rule"] for i in _errors(report)}
    assert {"8840", "8869", "8805", "8510"} <= fired
    assert not (
        {"8840", "8869", "8805", "8510"} & {i["rule"] for i in _errors(_rules(tables, 2026))}
    )


def test_synthetic_upns_are_unique_even_when_the_same_one_is_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rule 1520: no two children share a UPN. Among tens of thousands of synthetic children
    random serials clash; the generator moves a clash to the next serial, check letter and all."""
    import safehold.synth.generate as generator
    from safehold.synth.identifiers import upn_check_letter

    drawn = upn_check_letter("938200000010") + "938200000010"
    monkeypatch.setattr(generator, "make_upn", lambda rng, la, year: drawn)
    rows = generate(40, 2, today=D(2026, 6, 1)).rows
    upns = [p["upn"] for p in rows["person"] if p.get("upn")]
    assert len(upns) > 5 and len(set(upns)) == len(upns)
    assert all(u[1:6] == "93820" and upn_check_letter(u[1:]) == u[0] for u in upns)
