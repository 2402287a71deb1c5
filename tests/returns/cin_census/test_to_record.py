"""Importing a census into the record: the round trip build → write → read → import → build gives
the same census, everything goes through the gate, and a census that does not fit is refused
whole, saying where."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehold.access import AccessRefused, Gate, User
from safehold.returns.cin_census.build import build_census, frames_from_rows, record_frames
from safehold.returns.cin_census.read import read_census
from safehold.returns.cin_census.to_record import CensusImportError, census_rows, import_census
from safehold.returns.cin_census.write import write_census
from safehold.store import make_engine
from safehold.synth.generate import generate
from tests.returns.cin_census.builders import census, child, write

CREATED = dt.datetime(2026, 5, 2, 8, 0, tzinfo=dt.UTC)
SYSTEM = User("census-test", "system")


def _loader(engine: sa.Engine) -> Gate:
    return Gate(engine, SYSTEM, "storage")


def _reader(engine: sa.Engine) -> Gate:
    return Gate(engine, SYSTEM, "statutory_duties")


def _canonical(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """The census with its element ids replaced by each element's place (child, nth episode,
    nth assessment or plan of it): ids differ between the record and an import, places don't."""
    out = dict(tables)
    episodes = tables["CINdetails"].with_columns(
        _episode=pl.concat_str(
            "LAchildID", pl.lit("#"), (pl.int_range(pl.len()).over("LAchildID")).cast(pl.String)
        )
    )
    places = episodes.select("CINdetailsID", "_episode")

    def placed(name: str, own: str | None = None) -> pl.DataFrame:
        frame = tables[name].join(places, on="CINdetailsID", how="left", maintain_order="left")
        if own is not None:
            parents = (
                tables[name if name != "Reviews" else "ChildProtectionPlans"]
                .join(places, on="CINdetailsID", how="left", maintain_order="left")
                .select(
                    own,
                    pl.concat_str(
                        "_episode",
                        pl.lit("#"),
                        pl.int_range(pl.len()).over("_episode").cast(pl.String),
                    ).alias("_own"),
                )
            )
            frame = frame.join(parents, on=own, how="left", maintain_order="left")
            frame = frame.with_columns(pl.col("_own").alias(own)).drop("_own")
        return frame.with_columns(pl.col("_episode").alias("CINdetailsID")).drop("_episode")

    out["CINdetails"] = episodes.with_columns(pl.col("_episode").alias("CINdetailsID")).drop(
        "_episode"
    )
    for name in ("CINplanDates", "Section47", "PreProceedings"):
        if name in tables:
            out[name] = placed(name)
    out["Assessments"] = placed("Assessments", "AssessmentID")
    factors = tables["AssessmentFactorsList"].join(
        tables["Assessments"].select("AssessmentID"), on="AssessmentID", how="semi"
    )
    out["AssessmentFactorsList"] = (
        factors.join(
            placed("Assessments", "AssessmentID")
            .select(pl.col("AssessmentID").alias("_place"))
            .with_columns(tables["Assessments"]["AssessmentID"]),
            on="AssessmentID",
            how="left",
            maintain_order="left",
        )
        .with_columns(
            pl.col("_place").alias("AssessmentID"),
            pl.col("_place").str.extract(r"^(.*#\d+)#").alias("CINdetailsID"),
        )
        .drop("_place")
    )
    out["ChildProtectionPlans"] = placed("ChildProtectionPlans", "CPPID")
    out["Reviews"] = placed("Reviews", "CPPID")
    return out


def _same(first: dict[str, pl.DataFrame], again: dict[str, pl.DataFrame]) -> None:
    a, b = _canonical(first), _canonical(again)
    assert list(a) == list(b)
    for name in a:
        assert a[name].equals(b[name]), (name, a[name], b[name])


def _round_trip(engine: sa.Engine, tmp: Path, rows: dict[str, list[dict[str, Any]]],
                year: int) -> tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]:  # fmt: skip
    first = build_census(frames_from_rows(rows, year), year, created=CREATED)
    out = tmp / f"census-{uuid.uuid4().hex[:8]}.xml"
    write_census(first, out, year=year)
    done = import_census(_loader(engine), out, year)
    assert done.children == first["ChildIdentifiers"].height
    assert done.rows["person"] == done.children
    again = build_census(record_frames(_reader(engine), year), year, created=CREATED)
    return first, again


def test_round_trip_of_a_synthetic_authority(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    rows = generate(600, 4, today=dt.date(2026, 10, 1)).rows
    first, again = _round_trip(sqlite_engine, tmp_path, rows, 2026)
    assert first["ChildProtectionPlans"].height > 5 and first["Reviews"].height > 5
    _same(first, again)
    with sqlite_engine.connect() as connection:
        kinds = connection.execute(sa.text("SELECT kind, origin FROM data_import")).all()
        events = connection.execute(
            sa.text("SELECT action, purpose FROM audit_event ORDER BY 1, 2")
        ).all()
    assert [k for k, _ in kinds] == ["cin_census"]
    assert ("load", "storage") in events and ("read", "statutory_duties") in events


def test_round_trip_of_2026_27_with_pre_proceedings(
    sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    rows = generate(1500, 8, today=dt.date(2027, 8, 1)).rows
    first, again = _round_trip(sqlite_engine, tmp_path, rows, 2027)
    assert first["PreProceedings"].height > 3
    _same(first, again)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(seed=st.integers(0, 5000), children=st.integers(5, 80))
def test_round_trip_over_seeds(
    seed: int, children: int, sqlite_template: Path, tmp_path: Path
) -> None:
    rows = generate(children, seed, today=dt.date(2026, 6, 1)).rows
    if not build_census(frames_from_rows(rows, 2026), 2026)["ChildIdentifiers"].height:
        return
    path = tmp_path / f"{uuid.uuid4().hex}.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    try:
        _same(*_round_trip(engine, tmp_path, rows, 2026))
    finally:
        engine.dispose()


def test_the_import_keeps_what_the_census_says(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    path = write(tmp_path, census([child("A1"), child("B2", busy=True)]))
    done = import_census(_loader(sqlite_engine), path, 2026)
    assert done.children == 2
    frames = record_frames(_reader(sqlite_engine), 2026)
    person = frames["person"].sort("id")
    assert person["id"].to_list() == ["A1", "B2"]
    assert person["kind"].to_list() == ["child", "child"]
    factors = frames["assessment_factors"].sort("assessment_id")
    assert factors["factors"].to_list()[0] == '["1B","3B"]'
    assert frames["referral"].filter(pl.col("person_id") == "A1")["id"].to_list() == ["A1.R1"]
    reviews = frames["cp_review"]
    plans = _reader(sqlite_engine).read_frame("cp_plan")
    assert reviews.height == 2 and set(reviews["cp_plan_id"]) <= set(plans["id"])
    assert plans["icpc_id"].null_count() == 0  # each plan linked to the conference it followed


def test_a_census_the_store_already_holds_is_refused_whole(
    sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    path = write(tmp_path, census([child("A1")]))
    import_census(_loader(sqlite_engine), path, 2026)
    again = write(tmp_path, census([child("N9"), child("A1")]), name="again.xml")
    with pytest.raises(CensusImportError, match="child A1: the store already holds"):
        import_census(_loader(sqlite_engine), again, 2026)
    people = record_frames(_reader(sqlite_engine), 2026)["person"]
    assert people["id"].to_list() == ["A1"]  # N9 was not written either


def test_a_census_that_breaks_the_schema_or_names_another_year_is_refused(
    sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    bad = write(tmp_path, census([child("A1").replace("<Sex>F</Sex>", "<Sex>Q</Sex>")]))
    with pytest.raises(CensusImportError, match=r"line \d+: schema: .*Sex"):
        import_census(_loader(sqlite_engine), bad, 2026)
    other = write(tmp_path, census([child("A1")], year=2026), name="other.xml")
    with pytest.raises(CensusImportError, match="the header gives Year '2026', not 2025"):
        import_census(_loader(sqlite_engine), other, 2025)
    assert record_frames(_reader(sqlite_engine), 2026)["person"].is_empty()


def test_a_role_that_may_not_load_is_refused(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    path = write(tmp_path, census([child("A1")]))
    analyst = Gate(sqlite_engine, User("pat", "performance_analyst"), "statutory_duties")
    with pytest.raises(AccessRefused):
        import_census(analyst, path, 2026)


def _tables(**changes: list[dict[str, str | None]]) -> dict[str, pl.DataFrame]:
    child: dict[str, str | None] = {"LAchildID": "A1", "Sex": "F", "PersonBirthDate": "2015-01-01"}
    episode: dict[str, str | None] = {
        "LAchildID": "A1",
        "CINdetailsID": "1",
        "CINreferralDate": "2025-06-01",
        "ReferralNFA": "false",
    }
    base = {"ChildIdentifiers": [child], "CINdetails": [episode]} | changes  # fmt: skip
    return {name: pl.DataFrame(rows) for name, rows in base.items()}


def test_values_that_do_not_fit_the_record_are_named() -> None:
    tables = _tables(
        ChildIdentifiers=[
            {"LAchildID": "A1", "PersonBirthDate": "2015-01-01", "PersonDeathDate": "2014-01-01"},
            {"LAchildID": "A1", "PersonBirthDate": "2015-02-30"},
        ],
        CINdetails=[{"LAchildID": "A1", "CINdetailsID": "1", "CINreferralDate": "2025-06-01",
                     "ReferralNFA": "maybe", "CINclosureDate": "2025-05-01"}],
        ChildProtectionPlans=[{"LAchildID": "A1", "CINdetailsID": "1", "CPPID": "1",
                               "CPPstartDate": "2025-07-01", "NumberOfPreviousCPP": "-1"}],
    )  # fmt: skip
    with pytest.raises(CensusImportError) as raised:
        census_rows(tables, 2026, source="test.xml")
    problems = raised.value.problems
    assert any("PersonBirthDate: '2015-02-30'; expected a date" in p for p in problems)
    assert any("ReferralNFA: 'maybe'; expected true, false, 1 or 0" in p for p in problems)
    assert any("NumberOfPreviousCPP: '-1'; expected a whole number" in p for p in problems)
    assert any("CINclosureDate: '2025-05-01'; expected a date on or after" in p for p in problems)
    assert any("PersonDeathDate" in p for p in problems)
    assert any("LAchildID: 'A1'; expected each child once" in p for p in problems)
    assert str(raised.value).startswith("test.xml: the census cannot be imported")


def test_ids_are_made_from_the_child_and_the_place() -> None:
    rows = census_rows(
        _tables(
            CINdetails=[
                {"LAchildID": "A1", "CINdetailsID": "7", "CINreferralDate": "2025-06-01",
                 "ReferralNFA": "1"},
                {"LAchildID": "A1", "CINdetailsID": "8", "CINreferralDate": "2025-09-01",
                 "ReferralNFA": "FALSE"},
            ],
            Assessments=[{"LAchildID": "A1", "CINdetailsID": "8", "AssessmentID": "3",
                          "AssessmentActualStartDate": "2025-09-02",
                          "AssessmentAuthorisationDate": "2025-09-20"}],
            AssessmentFactorsList=[
                {"LAchildID": "A1", "CINdetailsID": "8", "AssessmentID": "3",
                 "AssessmentFactors": f} for f in ("4B", " 1B ")
            ],
        ),
        2026,
    )  # fmt: skip
    assert [(r["id"], r["no_further_action"]) for r in rows["referral"]] == [
        ("A1.R1", True), ("A1.R2", False)
    ]  # fmt: skip
    assert rows["assessment"][0]["id"] == "A1.R2.A1"
    assert rows["assessment"][0]["referral_id"] == "A1.R2"
    assert rows["assessment_factors"] == [
        {"id": "A1.R2.A1.F", "assessment_id": "A1.R2.A1", "factors": ["4B", "1B"]}
    ]


def test_pre_proceedings_are_imported_from_2026_27(
    sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    block = (
        "<PreProceedingsandFGDM><PPStartDate>2026-05-01</PPStartDate>"
        "<FGDMMeetingOffer>1</FGDMMeetingOffer><ReviewMeetingsCount>3</ReviewMeetingsCount>"
        "<PPOutcome>A</PPOutcome></PreProceedingsandFGDM>"
    )
    text = census(
        [child("A1", year=2027).replace("</CINdetails>", block + "</CINdetails>")], year=2027
    )
    first = read_census(write(tmp_path, text), 2027)
    import_census(_loader(sqlite_engine), write(tmp_path, text, name="c.xml"), 2027)
    pre = record_frames(_reader(sqlite_engine), 2027)["pre_proceedings"]
    assert pre.select("decision_date", "fgdm_offered", "review_meetings", "outcome").row(0) == (
        dt.date(2026, 5, 1), True, 3, "A"
    )  # fmt: skip
    again = build_census(record_frames(_reader(sqlite_engine), 2027), 2027)["PreProceedings"]
    assert again["PPStartDate"].to_list() == first.tables["PreProceedings"]["PPStartDate"].to_list()


def test_the_store_read_is_minimal_and_builds_the_same_census(sqlite_engine: sa.Engine) -> None:
    authority = generate(300, 12, today=dt.date(2026, 9, 1))
    _loader(sqlite_engine).load_rows(authority.rows, kind="synthetic", origin="test")
    frames = record_frames(_reader(sqlite_engine), 2026)
    assert set(frames["person"]["kind"]) == {"child"}
    referrals = frames["referral"]
    assert 0 < referrals.height < len(authority.rows["referral"])
    assert (referrals["referral_date"] <= dt.date(2026, 3, 31)).all()
    assert (referrals["close_date"].drop_nulls() >= dt.date(2025, 4, 1)).all()
    from_store = build_census(frames, 2026, created=CREATED)
    from_rows = build_census(frames_from_rows(authority.rows, 2026), 2026, created=CREATED)
    for name, table in from_rows.items():
        assert from_store[name].equals(table), name
