"""Building the CIN census from the record: a pure function over Polars frames.

The input is one frame per record table (``person``, ``referral``, ``assessment`` ...), with the
columns :data:`RECORD_COLUMNS` names and the types the gate reads them as (dates as ``pl.Date``,
flags as ``pl.Boolean``, JSON such as assessment factors as its JSON text). The output is the
census tables of :mod:`safehold.returns.cin_census.tables`, every value as text, ready for
:func:`safehold.returns.cin_census.write.write_census` or the census rules.

What is in scope, for the census year ending 31 March of ``year`` (the DfE guide's reading):

* every child with a referral open at any point in the year: referred on or before the
  reference date and not closed before 1 April;
* of each such referral, the assessments, CIN plans, section 47 enquiries and child protection
  plans active in the year (started by the reference date, and not finished before 1 April);
  a child protection plan carries every review held by the reference date;
* everything is shown as it stood on the reference date: a date after it (a closure, an
  authorisation, a conference, a death) had not happened yet and is left out, and a child born
  after it was still unborn (an expected date of birth, sex ``U``);
* a conference date sits on the section 47 enquiry it followed; only a conference held with no
  section 47 is given on the episode itself (``CINdetails/DateOfInitialCPC``).

The element ids are the record's own row ids (``CINdetailsID`` is the referral's id,
``AssessmentID`` the assessment's, ``CPPID`` the plan's), so every row of the census can be
traced back to the record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl
import sqlalchemy as sa

import safehold
from safehold.codes import year_label
from safehold.returns.cin_census.tables import BY_NAME, tables_for

if TYPE_CHECKING:
    from safehold.access import Gate

#: The synthetic authority's LA code (never a real authority's); a real one gives its own.
DEFAULT_LA_CODE = "999"
SOFTWARE_CODE = "Safehold"

#: The record columns the census is built from, by table.
RECORD_COLUMNS: dict[str, tuple[str, ...]] = {
    "person": ("id", "kind", "sex", "ethnicity", "date_of_birth", "expected_date_of_birth",
               "death_date", "upn", "former_upn", "upn_unknown"),
    "disability": ("person_id", "code"),
    "referral": ("id", "person_id", "referral_date", "referral_source", "primary_need",
                 "close_date", "close_reason", "no_further_action", "date_of_initial_cpc"),
    "assessment": ("id", "person_id", "referral_id", "start_date", "authorised_date"),
    "assessment_factors": ("assessment_id", "factors"),
    "cin_plan": ("id", "person_id", "referral_id", "start_date", "end_date"),
    "section47_enquiry": ("id", "person_id", "referral_id", "start_date", "end_date",
                          "no_further_action"),
    "initial_cp_conference": ("id", "person_id", "referral_id", "s47_enquiry_id", "target_date",
                              "conference_date"),
    "cp_plan": ("id", "person_id", "referral_id", "start_date", "end_date", "initial_category",
                "latest_category", "previous_plans"),
    "cp_review": ("cp_plan_id", "review_date"),
    "pre_proceedings": ("id", "person_id", "decision_date", "letter_date", "fgdm_offered",
                        "fgdm_held", "initial_meeting_date", "review_meetings",
                        "stepdown_issue_date", "outcome", "court_application_date",
                        "care_proceedings_letter_date"),
}  # fmt: skip

#: Tables read only for a collection year from this one on.
TABLE_SINCE = {"pre_proceedings": 2027}


def record_tables(year: int) -> dict[str, tuple[str, ...]]:
    """The record tables (and columns) the census of ``year`` is built from."""
    return {t: c for t, c in RECORD_COLUMNS.items() if TABLE_SINCE.get(t, 0) <= year}


# -------------------------------------------------------------------------------------------------
# Frames in the gate's shape


def _dtype(column: sa.Column[Any]) -> pl.DataType:
    type_ = column.type
    if isinstance(type_, sa.Boolean):
        return pl.Boolean()
    if isinstance(type_, sa.Integer):
        return pl.Int64()
    if isinstance(type_, sa.Float):
        return pl.Float64()
    if isinstance(type_, sa.DateTime):
        return pl.Datetime("us", "UTC")
    if isinstance(type_, sa.Date):
        return pl.Date()
    return pl.String()


def _columns(table: str) -> dict[str, sa.Column[Any]]:
    from safehold.record import metadata

    t = metadata.tables[table]
    return {name: t.c[name] for name in RECORD_COLUMNS[table]}


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema={n: _dtype(c) for n, c in _columns(table).items()})


def frames_from_rows(
    rows: Mapping[str, Sequence[Mapping[str, Any]]], year: int
) -> dict[str, pl.DataFrame]:
    """Record rows (table → column dicts, as the synthetic generator makes them) as the frames
    the gate would read: the census's columns only, typed as the gate types them."""
    out: dict[str, pl.DataFrame] = {}
    for table in record_tables(year):
        columns = _columns(table)
        data = rows.get(table, [])
        series = []
        for name, column in columns.items():
            values: list[Any] = [r.get(name) for r in data]
            if isinstance(column.type, sa.JSON):
                values = [None if v is None else json.dumps(v, separators=(",", ":"))
                          for v in values]  # fmt: skip
            series.append(pl.Series(name, values, dtype=_dtype(column)))
        out[table] = pl.DataFrame(series) if series else empty_frame(table)
    return out


def record_frames(gate: Gate, year: int) -> dict[str, pl.DataFrame]:
    """The record frames the census of ``year`` is built from, read through ``gate`` in one
    audited read. Only rows the census could need are read (data minimisation): children, not
    adults, and of each table the rows whose own dates could put them in the year; the builder
    then keeps what belongs. People whose processing is restricted are left out unless the
    gate's purpose allows otherwise."""
    from safehold.access import FrameRequest
    from safehold.record import metadata

    period = _Period(year)
    t = metadata.tables

    def started(table: str, start: str) -> sa.ColumnElement[bool]:
        return t[table].c[start] <= period.end

    def active(table: str, start: str, end: str) -> sa.ColumnElement[bool]:
        finish = t[table].c[end]
        return sa.and_(started(table, start), sa.or_(finish.is_(None), finish >= period.start))

    where: dict[str, sa.ColumnElement[bool] | None] = {
        "person": t["person"].c.kind == "child",
        "disability": None,
        "referral": active("referral", "referral_date", "close_date"),
        "assessment": active("assessment", "start_date", "authorised_date"),
        "assessment_factors": None,
        "cin_plan": active("cin_plan", "start_date", "end_date"),
        # an enquiry's year is settled by its conference, read with the conferences
        "section47_enquiry": started("section47_enquiry", "start_date"),
        "initial_cp_conference": None,
        "cp_plan": active("cp_plan", "start_date", "end_date"),
        "cp_review": t["cp_review"].c.review_date <= period.end,
        "pre_proceedings": started("pre_proceedings", "decision_date"),
    }
    requests = [
        FrameRequest(table, list(columns), where=where[table])
        for table, columns in record_tables(year).items()
    ]
    return gate.read_frames(requests, detail=f"CIN census {year_label(year)}")


def _frame(frames: Mapping[str, pl.DataFrame], table: str) -> pl.DataFrame:
    """The table's frame with the census's columns, typed; a missing table or column is empty."""
    frame = frames.get(table)
    wanted = _columns(table)
    if frame is None:
        return empty_frame(table)
    missing = [n for n in wanted if n not in frame.columns]
    frame = frame.with_columns(pl.lit(None).alias(n) for n in missing)
    return frame.select(pl.col(n).cast(_dtype(c)) for n, c in wanted.items())


# -------------------------------------------------------------------------------------------------
# Expressions


def _text(column: str | pl.Expr) -> pl.Expr:
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.cast(pl.String)


def _iso(expr: pl.Expr) -> pl.Expr:
    return expr.dt.strftime("%Y-%m-%d")


def _flag(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr).then(pl.lit("true")).when(expr.not_()).then(pl.lit("false"))


class _Period:
    def __init__(self, year: int) -> None:
        self.start = dt.date(year - 1, 4, 1)
        self.end = dt.date(year, 3, 31)

    def known(self, column: str) -> pl.Expr:
        """The date, if it had happened by the reference date (else null)."""
        return pl.when(pl.col(column) <= self.end).then(pl.col(column))

    def within(self, column: str) -> pl.Expr:
        """The date, if it fell in the census year (else null)."""
        return pl.when(pl.col(column).is_between(self.start, self.end)).then(pl.col(column))

    def active(self, start: str, end: str | pl.Expr) -> pl.Expr:
        """Started by the reference date and not finished before the year began."""
        finish = pl.col(end) if isinstance(end, str) else end
        return (pl.col(start) <= self.end) & (finish.is_null() | (finish >= self.start))


def _as_census(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """The census table ``name``: its columns in order, all text (absent ones null)."""
    spec = BY_NAME[name]
    return frame.select(
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(pl.String).alias(c)
        for c in spec.columns
    )


# -------------------------------------------------------------------------------------------------
# The census


def build_census(
    frames: Mapping[str, pl.DataFrame],
    year: int,
    *,
    la_code: str = DEFAULT_LA_CODE,
    serial_no: str = "001",
    created: dt.datetime | None = None,
) -> dict[str, pl.DataFrame]:
    """The CIN census tables of collection ``year`` (2026 for 2025/26) from record frames."""
    period = _Period(year)
    created = created or dt.datetime.now(dt.UTC)
    tables: dict[str, pl.DataFrame] = {}

    tables["Header"] = _as_census(
        "Header",
        pl.DataFrame(
            {
                "Collection": ["CIN"],
                "Year": [str(year)],
                "ReferenceDate": [period.end.isoformat()],
                "SourceLevel": ["L"],
                "LEA": [la_code],
                "SoftwareCode": [SOFTWARE_CODE],
                "Release": [safehold.__version__],
                "SerialNo": [serial_no],
                "DateTime": [created.strftime("%Y-%m-%dT%H:%M:%S")],
            }
        ),
    )

    people = _frame(frames, "person").filter(pl.col("kind").is_null() | (pl.col("kind") == "child"))
    referrals = (
        _frame(frames, "referral")
        .join(people.select(pl.col("id").alias("person_id")), on="person_id", how="semi")
        .filter(period.active("referral_date", "close_date"))
        .with_columns(close_date=period.known("close_date"))
        .with_columns(close_reason=pl.when(pl.col("close_date").is_not_null()).then("close_reason"))
    )
    in_scope = referrals.select(pl.col("id").alias("referral_id"))
    children = people.join(
        referrals.select(pl.col("person_id").alias("id")).unique(), on="id", how="semi"
    ).sort("id")

    tables.update(_child_tables(frames, children, period))

    conferences = _frame(frames, "initial_cp_conference").join(in_scope, on="referral_id",
                                                               how="semi")  # fmt: skip
    tables["CINdetails"] = _cin_details(referrals, conferences, period)
    tables.update(_assessment_tables(frames, in_scope, period))
    plans = (
        _frame(frames, "cin_plan")
        .join(in_scope, on="referral_id", how="semi")
        .filter(period.active("start_date", "end_date"))
        .sort("person_id", "start_date", "id")
    )
    tables["CINplanDates"] = _as_census(
        "CINplanDates",
        plans.select(
            pl.col("person_id").alias("LAchildID"),
            pl.col("referral_id").alias("CINdetailsID"),
            _iso(pl.col("start_date")).alias("CINPlanStartDate"),
            _iso(period.known("end_date")).alias("CINPlanEndDate"),
        ),
    )
    tables["Section47"] = _section47(frames, in_scope, conferences, period)
    tables.update(_protection_plans(frames, in_scope, period))
    if year >= 2027:
        tables["PreProceedings"] = _pre_proceedings(frames, referrals, period)
    return {spec.name: tables[spec.name] for spec in tables_for(year)}


def _child_tables(
    frames: Mapping[str, pl.DataFrame], children: pl.DataFrame, period: _Period
) -> dict[str, pl.DataFrame]:
    # A child born after the reference date was, on that date, still unborn.
    unborn = pl.col("date_of_birth").is_null() | (pl.col("date_of_birth") > period.end)
    expected = pl.coalesce("expected_date_of_birth", "date_of_birth")
    identifiers = children.select(
        pl.col("id").alias("LAchildID"),
        pl.when(~unborn).then("upn").alias("UPN"),
        pl.when(~unborn).then("former_upn").alias("FormerUPN"),
        pl.when(unborn | pl.col("upn").is_null()).then("upn_unknown").alias("UPNunknown"),
        _iso(pl.when(~unborn).then("date_of_birth")).alias("PersonBirthDate"),
        _iso(pl.when(unborn).then(expected)).alias("ExpectedPersonBirthDate"),
        pl.when(unborn).then(pl.lit("U")).otherwise("sex").alias("Sex"),
        _iso(period.known("death_date")).alias("PersonDeathDate"),
    )
    characteristics = children.select(
        pl.col("id").alias("LAchildID"), pl.col("ethnicity").alias("Ethnicity")
    )
    disabilities = (
        _frame(frames, "disability")
        .join(
            children.filter(~unborn).select(pl.col("id").alias("person_id")),
            on="person_id",
            how="semi",
        )
        .unique(["person_id", "code"])
        .sort("person_id", "code")
        .select(pl.col("person_id").alias("LAchildID"), pl.col("code").alias("Disability"))
    )
    return {
        "ChildIdentifiers": _as_census("ChildIdentifiers", identifiers),
        "ChildCharacteristics": _as_census("ChildCharacteristics", characteristics),
        "Disabilities": _as_census("Disabilities", disabilities),
    }


def _cin_details(
    referrals: pl.DataFrame, conferences: pl.DataFrame, period: _Period
) -> pl.DataFrame:
    # A conference held with no section 47 enquiry belongs on the episode itself.
    episode_icpc = (
        conferences.filter(
            pl.col("s47_enquiry_id").is_null() & period.within("conference_date").is_not_null()
        )
        .group_by("referral_id")
        .agg(pl.col("conference_date").min().alias("episode_icpc"))
        .rename({"referral_id": "id"})
    )
    details = (
        referrals.join(episode_icpc, on="id", how="left")
        .with_columns(icpc=pl.coalesce(period.within("date_of_initial_cpc"), "episode_icpc"))
        .sort("person_id", "referral_date", "id")
    )
    return _as_census(
        "CINdetails",
        details.select(
            pl.col("person_id").alias("LAchildID"),
            pl.col("id").alias("CINdetailsID"),
            _iso(pl.col("referral_date")).alias("CINreferralDate"),
            pl.col("referral_source").alias("ReferralSource"),
            pl.col("primary_need").alias("PrimaryNeedCode"),
            _iso(pl.col("close_date")).alias("CINclosureDate"),
            pl.col("close_reason").alias("ReasonForClosure"),
            _iso(pl.col("icpc")).alias("DateOfInitialCPC"),
            # A referral not recorded as no further action went on to further action.
            _flag(pl.col("no_further_action").fill_null(False)).alias("ReferralNFA"),
        ),
    )


def _assessment_tables(
    frames: Mapping[str, pl.DataFrame], in_scope: pl.DataFrame, period: _Period
) -> dict[str, pl.DataFrame]:
    assessments = (
        _frame(frames, "assessment")
        .join(in_scope, on="referral_id", how="semi")
        .filter(period.active("start_date", "authorised_date"))
        .with_columns(authorised_date=period.known("authorised_date"))
        .sort("person_id", "referral_id", "start_date", "id")
    )
    factors = (
        _frame(frames, "assessment_factors")
        .join(
            assessments.filter(pl.col("authorised_date").is_not_null()).select(
                pl.col("id").alias("assessment_id"), "person_id", "referral_id"
            ),
            on="assessment_id",
            how="inner",
        )
        .with_columns(pl.col("factors").str.json_decode(pl.List(pl.String)))
        .explode("factors")
        .filter(pl.col("factors").is_not_null())
        .unique(["assessment_id", "factors"], maintain_order=True)
    )
    # Factors in the assessments' order, each list as recorded.
    order = assessments.select(pl.col("id").alias("assessment_id")).with_row_index("_order")
    factors = factors.join(order, on="assessment_id").sort("_order", maintain_order=True)
    return {
        "Assessments": _as_census(
            "Assessments",
            assessments.select(
                pl.col("person_id").alias("LAchildID"),
                pl.col("referral_id").alias("CINdetailsID"),
                pl.col("id").alias("AssessmentID"),
                _iso(pl.col("start_date")).alias("AssessmentActualStartDate"),
                _iso(pl.col("authorised_date")).alias("AssessmentAuthorisationDate"),
            ),
        ),
        "AssessmentFactorsList": _as_census(
            "AssessmentFactorsList",
            factors.select(
                pl.col("person_id").alias("LAchildID"),
                pl.col("referral_id").alias("CINdetailsID"),
                pl.col("assessment_id").alias("AssessmentID"),
                pl.col("factors").alias("AssessmentFactors"),
            ),
        ),
    }


def _section47(
    frames: Mapping[str, pl.DataFrame],
    in_scope: pl.DataFrame,
    conferences: pl.DataFrame,
    period: _Period,
) -> pl.DataFrame:
    linked = (
        conferences.filter(pl.col("s47_enquiry_id").is_not_null())
        .sort("conference_date", nulls_last=True)
        .group_by("s47_enquiry_id", maintain_order=True)
        .agg(pl.col("conference_date").first(), pl.col("target_date").first())
        .rename({"s47_enquiry_id": "id"})
    )
    enquiries = (
        _frame(frames, "section47_enquiry")
        .join(in_scope, on="referral_id", how="semi")
        .join(linked, on="id", how="left")
        .filter(period.active("start_date", pl.coalesce("conference_date", "end_date")))
        .sort("person_id", "referral_id", "start_date", "id")
    )
    # An enquiry that concluded after the reference date was still open on it.
    concluded = pl.col("end_date").is_null() | (pl.col("end_date") <= period.end)
    return _as_census(
        "Section47",
        enquiries.select(
            pl.col("person_id").alias("LAchildID"),
            pl.col("referral_id").alias("CINdetailsID"),
            _iso(pl.col("start_date")).alias("S47ActualStartDate"),
            _iso(pl.col("target_date")).alias("InitialCPCtarget"),
            _iso(period.known("conference_date")).alias("DateOfInitialCPC"),
            _flag(pl.col("no_further_action").fill_null(False) & concluded).alias(
                "ICPCnotRequired"
            ),
        ),
    )


def _protection_plans(
    frames: Mapping[str, pl.DataFrame], in_scope: pl.DataFrame, period: _Period
) -> dict[str, pl.DataFrame]:
    plans = (
        _frame(frames, "cp_plan")
        .join(in_scope, on="referral_id", how="semi")
        .filter(period.active("start_date", "end_date"))
        .sort("person_id", "referral_id", "start_date", "id")
    )
    reviews = (
        _frame(frames, "cp_review")
        .filter(pl.col("review_date") <= period.end)
        .join(
            plans.select(pl.col("id").alias("cp_plan_id"), "person_id", "referral_id"),
            on="cp_plan_id",
        )
        .unique(["cp_plan_id", "review_date"])
    )
    order = plans.select(pl.col("id").alias("cp_plan_id")).with_row_index("_order")
    reviews = reviews.join(order, on="cp_plan_id").sort("_order", "review_date")
    return {
        "ChildProtectionPlans": _as_census(
            "ChildProtectionPlans",
            plans.select(
                pl.col("person_id").alias("LAchildID"),
                pl.col("referral_id").alias("CINdetailsID"),
                pl.col("id").alias("CPPID"),
                _iso(pl.col("start_date")).alias("CPPstartDate"),
                _iso(period.known("end_date")).alias("CPPendDate"),
                pl.col("initial_category").alias("InitialCategoryOfAbuse"),
                pl.col("latest_category").alias("LatestCategoryOfAbuse"),
                _text("previous_plans").alias("NumberOfPreviousCPP"),
            ),
        ),
        "Reviews": _as_census(
            "Reviews",
            reviews.select(
                pl.col("person_id").alias("LAchildID"),
                pl.col("referral_id").alias("CINdetailsID"),
                pl.col("cp_plan_id").alias("CPPID"),
                _iso(pl.col("review_date")).alias("CPPreviewDate"),
            ),
        ),
    }


def _pre_proceedings(
    frames: Mapping[str, pl.DataFrame], referrals: pl.DataFrame, period: _Period
) -> pl.DataFrame:
    """Pre-proceedings belong to a child, not an episode: each is placed on the child's episode
    in scope that was open when pre-proceedings began (else the child's latest in scope)."""
    finished = pl.coalesce("stepdown_issue_date", "court_application_date")
    pre = _frame(frames, "pre_proceedings").filter(period.active("decision_date", finished))
    episodes = referrals.select(
        "person_id", pl.col("id").alias("referral_id"), "referral_date", "close_date"
    )
    candidates = pre.join(episodes, on="person_id", how="inner").with_columns(
        covers=(pl.col("referral_date") <= pl.col("decision_date"))
        & (pl.col("close_date").is_null() | (pl.col("close_date") >= pl.col("decision_date")))
    )
    chosen = (
        candidates.sort("covers", "referral_date", "referral_id")
        .group_by("id", maintain_order=True)
        .last()
        .sort("person_id", "decision_date", "id")
    )
    return _as_census(
        "PreProceedings",
        chosen.select(
            pl.col("person_id").alias("LAchildID"),
            pl.col("referral_id").alias("CINdetailsID"),
            _iso(pl.col("decision_date")).alias("PPStartDate"),
            _iso(period.known("letter_date")).alias("LBPSentDate"),
            _flag(pl.col("fgdm_offered")).alias("FGDMMeetingOffer"),
            _flag(pl.col("fgdm_held")).alias("FGDMMeetingFac"),
            _iso(period.known("initial_meeting_date")).alias("InitialPPMeetingDate"),
            _text("review_meetings").alias("ReviewMeetingsCount"),
            _iso(period.known("stepdown_issue_date")).alias("StepDecisionDate"),
            pl.col("outcome").alias("PPOutcome"),
            _iso(period.known("court_application_date")).alias("CourtAppDate"),
            _iso(period.known("care_proceedings_letter_date")).alias("LetterInitCPDate"),
        ),
    )


__all__ = [
    "DEFAULT_LA_CODE",
    "RECORD_COLUMNS",
    "build_census",
    "empty_frame",
    "frames_from_rows",
    "record_frames",
    "record_tables",
]
