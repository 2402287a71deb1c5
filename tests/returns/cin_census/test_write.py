"""Writing the census: schema-checked before it lands, and a round trip back to the same tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from safehold.codes import code_set
from safehold.returns.cin_census.read import read_census
from safehold.returns.cin_census.schema import message_schema
from safehold.returns.cin_census.tables import BY_NAME, tables_for
from safehold.returns.cin_census.write import CensusWriteError, write_census
from tests.returns.cin_census.builders import census, child, write


def _values(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(c for c in frame.columns if not c.endswith("line"))


def _same(a: dict[str, pl.DataFrame], b: dict[str, pl.DataFrame]) -> None:
    assert set(a) == set(b)
    for name in a:
        assert _values(a[name]).equals(_values(b[name])), name


def test_read_write_read(tmp_path: Path) -> None:
    text = census([child("A1"), child("B2", busy=True), child("C3", sex="U")])
    first = read_census(write(tmp_path, text), 2026)
    out = tmp_path / "out.xml"
    assert write_census(first.tables, out, year=2026) == 3
    assert message_schema(2026).validate(etree.parse(str(out)))
    again = read_census(out, 2026)
    assert again.problems == []
    _same(first.tables, again.tables)


def test_pre_proceedings_round_trip_in_2026_27(tmp_path: Path) -> None:
    block = (
        "<PreProceedingsandFGDM><PPStartDate>2026-05-01</PPStartDate>"
        "<FGDMMeetingOffer>1</FGDMMeetingOffer><ReviewMeetingsCount>3</ReviewMeetingsCount>"
        "<PPOutcome>A</PPOutcome></PreProceedingsandFGDM>"
    )
    text = census(
        [child("A1", year=2027).replace("</CINdetails>", block + "</CINdetails>")], year=2027
    )
    first = read_census(write(tmp_path, text), 2027)
    assert first.problems == []
    assert first.tables["PreProceedings"]["PPOutcome"].to_list() == ["A"]
    out = tmp_path / "out.xml"
    write_census(first.tables, out, year=2027)
    _same(first.tables, read_census(out, 2027).tables)


def test_invalid_tables_are_not_written(tmp_path: Path) -> None:
    tables = read_census(write(tmp_path, census([child("A1"), child("B2")])), 2026).tables
    bad = dict(tables)
    bad["ChildIdentifiers"] = tables["ChildIdentifiers"].with_columns(
        pl.when(pl.col("LAchildID") == "B2").then(pl.lit("Q")).otherwise(pl.col("Sex")).alias("Sex")
    )
    out = tmp_path / "out.xml"
    out.write_text("the previous census", encoding="utf-8")
    with pytest.raises(CensusWriteError) as caught:
        write_census(bad, out, year=2026)
    assert "child B2: Element 'Sex'" in str(caught.value)
    assert "2025/26 schema" in str(caught.value)
    assert out.read_text(encoding="utf-8") == "the previous census"
    assert not (tmp_path / "out.xml.part").exists()


def test_duplicate_children_are_refused(tmp_path: Path) -> None:
    tables = read_census(write(tmp_path, census([child("A1"), child("A1")])), 2026).tables
    with pytest.raises(CensusWriteError, match="A1: LAchildID appears twice"):
        write_census(tables, tmp_path / "out.xml", year=2026)


def test_rows_without_a_parent_are_refused_not_dropped(tmp_path: Path) -> None:
    tables = dict(read_census(write(tmp_path, census([child("B2", busy=True)])), 2026).tables)
    tables["Reviews"] = pl.concat(
        [tables["Reviews"], tables["Reviews"].head(1).with_columns(CPPID=pl.lit("999"))]
    )
    tables["CINdetails"] = tables["CINdetails"].with_columns(
        pl.when(pl.col("CINdetailsID") == "1").then(pl.lit("Z9")).otherwise("LAchildID")
        .alias("LAchildID")
    )  # fmt: skip
    with pytest.raises(CensusWriteError) as caught:
        write_census(tables, tmp_path / "out.xml", year=2026)
    message = str(caught.value)
    assert "Reviews: 1 rows name a CPPID with no parent row ('999')" in message
    assert "CINdetails: 1 rows name a LAchildID with no parent row ('Z9')" in message


def test_pre_proceedings_before_2026_27_are_refused(tmp_path: Path) -> None:
    tables = dict(read_census(write(tmp_path, census([child("A1")])), 2026).tables)
    tables["PreProceedings"] = pl.DataFrame(
        {"LAchildID": ["A1"], "CINdetailsID": ["1"], "PPStartDate": ["2025-05-01"]}
    )
    with pytest.raises(CensusWriteError, match="no pre-proceedings before 2026/27"):
        write_census(tables, tmp_path / "out.xml", year=2026)


def test_a_census_needs_a_header_and_a_child(tmp_path: Path) -> None:
    with pytest.raises(CensusWriteError) as caught:
        write_census({}, tmp_path / "out.xml", year=2026)
    assert "Header: needs exactly one row" in str(caught.value)
    assert "at least one child" in str(caught.value)


def test_gender_current_does_not_stand_in_for_sex(tmp_path: Path) -> None:
    """From 2024/25 the census has Sex only: GenderCurrent is not written, and Sex is required."""
    tables = dict(read_census(write(tmp_path, census([child("A1")])), 2026).tables)
    tables["ChildIdentifiers"] = tables["ChildIdentifiers"].with_columns(
        GenderCurrent=pl.lit("2"), Sex=pl.lit(None, pl.String)
    )
    with pytest.raises(CensusWriteError, match=r"child A1: .*Expected is one of .*Sex"):
        write_census(tables, tmp_path / "out.xml", year=2026)


def test_dates_may_be_given_as_dates(tmp_path: Path) -> None:
    tables = dict(read_census(write(tmp_path, census([child("A1")])), 2026).tables)
    tables["CINdetails"] = tables["CINdetails"].with_columns(
        pl.col("CINreferralDate").str.to_date()
    )
    out = tmp_path / "out.xml"
    write_census(tables, out, year=2026)
    assert read_census(out, 2026).tables["CINdetails"]["CINreferralDate"].to_list() == [
        "2025-06-02"
    ]


# --- property: any census the generator can make survives the round trip ----------------------

YEAR = 2027
START, END = dt.date(YEAR - 1, 4, 1), dt.date(YEAR, 3, 31)
dates = st.dates(START, END).map(dt.date.isoformat)
maybe_dates = st.none() | dates


def codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(code_set(name, YEAR)))


flags = codes("cin_boolean")

assessment = st.fixed_dictionaries(
    {
        "AssessmentActualStartDate": dates,
        "AssessmentInternalReviewDate": maybe_dates,
        "AssessmentAuthorisationDate": maybe_dates,
        "factors": st.lists(codes("assessment_factors"), max_size=3),
    }
)
plan = st.fixed_dictionaries(
    {
        "CPPstartDate": dates,
        "CPPendDate": maybe_dates,
        "InitialCategoryOfAbuse": codes("category_of_abuse"),
        "LatestCategoryOfAbuse": codes("category_of_abuse"),
        "NumberOfPreviousCPP": st.integers(0, 12).map(str),
        "reviews": st.lists(dates, max_size=3),
    }
)
episode = st.fixed_dictionaries(
    {
        "CINreferralDate": dates,
        "ReferralSource": codes("referral_source"),
        "PrimaryNeedCode": st.none() | codes("primary_need"),
        "CINclosureDate": maybe_dates,
        "ReasonForClosure": st.none() | codes("reason_for_closure"),
        "DateOfInitialCPC": maybe_dates,
        "ReferralNFA": flags,
        "assessments": st.lists(assessment, max_size=2),
        "plan_dates": st.lists(
            st.fixed_dictionaries({"CINPlanStartDate": dates, "CINPlanEndDate": maybe_dates}),
            max_size=2,
        ),
        "section47": st.lists(
            st.fixed_dictionaries(
                {
                    "S47ActualStartDate": dates,
                    "InitialCPCtarget": maybe_dates,
                    "DateOfInitialCPC": maybe_dates,
                    "ICPCnotRequired": flags,
                }
            ),
            max_size=2,
        ),
        "plans": st.lists(plan, max_size=2),
        "pre_proceedings": st.lists(
            st.fixed_dictionaries(
                {
                    "PPStartDate": dates,
                    "FGDMMeetingOffer": st.none() | flags,
                    "ReviewMeetingsCount": st.none() | st.integers(0, 9).map(str),
                    "PPOutcome": st.none() | st.sampled_from(["A", "B", "C1"]),
                    "CourtAppDate": maybe_dates,
                }
            ),
            max_size=1,
        ),
    }
)
a_child = st.fixed_dictionaries(
    {
        "UPN": st.none() | st.from_regex(r"\A[A-Z][0-9]{12}\Z"),
        "UPNunknown": st.none() | codes("upn_unknown_cin"),
        "PersonBirthDate": maybe_dates,
        "Sex": codes("sex"),
        "Ethnicity": codes("ethnicity"),
        "disabilities": st.lists(codes("disability"), max_size=3),
        "episodes": st.lists(episode, min_size=1, max_size=3),
    }
)


def _tables(children: list[dict[str, Any]]) -> dict[str, pl.DataFrame]:
    """Tables as the reader lays them out: ids are counters in document order."""
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in tables_for(YEAR)}
    rows["Header"].append(
        {"Collection": "CIN", "Year": str(YEAR), "ReferenceDate": f"{YEAR}-03-31", "LEA": "201"}
    )
    cin = assessment_id = cpp = 0
    for number, kid in enumerate(children):
        la = f"CH{number}"
        rows["ChildIdentifiers"].append({"LAchildID": la, **kid})
        rows["ChildCharacteristics"].append({"LAchildID": la, "Ethnicity": kid["Ethnicity"]})
        rows["Disabilities"] += [{"LAchildID": la, "Disability": d} for d in kid["disabilities"]]
        for ep in kid["episodes"]:
            cin += 1
            keys = {"LAchildID": la, "CINdetailsID": str(cin)}
            rows["CINdetails"].append({**keys, **ep})
            for a in ep["assessments"]:
                assessment_id += 1
                akeys = {**keys, "AssessmentID": str(assessment_id)}
                rows["Assessments"].append({**akeys, **a})
                rows["AssessmentFactorsList"] += [
                    {**akeys, "AssessmentFactors": f} for f in a["factors"]
                ]
            rows["CINplanDates"] += [{**keys, **p} for p in ep["plan_dates"]]
            rows["Section47"] += [{**keys, **s} for s in ep["section47"]]
            for p in ep["plans"]:
                cpp += 1
                pkeys = {**keys, "CPPID": str(cpp)}
                rows["ChildProtectionPlans"].append({**pkeys, **p})
                rows["Reviews"] += [{**pkeys, "CPPreviewDate": r} for r in p["reviews"]]
            rows["PreProceedings"] += [{**keys, **p} for p in ep["pre_proceedings"]]
    out: dict[str, pl.DataFrame] = {}
    for name, table_rows in rows.items():
        columns = BY_NAME[name].columns
        out[name] = pl.DataFrame(
            {c: [r.get(c) for r in table_rows] for c in columns},
            schema=dict.fromkeys(columns, pl.String),
        )
    return out


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(a_child, min_size=1, max_size=5))
def test_any_census_round_trips(tmp_path: Path, children: list[dict[str, Any]]) -> None:
    tables = _tables(children)
    out = tmp_path / "generated.xml"
    write_census(tables, out, year=YEAR)
    back = read_census(out, YEAR)
    assert back.problems == []
    assert back.children == len(children)
    _same(tables, back.tables)
