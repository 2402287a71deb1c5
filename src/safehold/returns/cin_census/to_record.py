"""Importing a CIN census into the record: the census's tables as record rows, loaded all or
nothing through the gate.

A census can only be imported whole, and only into a store that does not hold its children yet:
the census is an authority's own account of each child, so it creates the child (``person``),
their disabilities, and each episode with its assessments, factors, CIN plans, section 47
enquiries, conferences, child protection plans and reviews (and, from 2026/27, pre-proceedings).

The record's row ids are made from the child's ``LAchildID`` and the element's place in the file
(``C1.R2`` is child C1's second episode, ``C1.R2.A1`` its first assessment), so an import is
reproducible and each row can be found again in the census.

Where the census says less than the record holds, the record is left empty (a worker, a team);
where it says something the record keeps elsewhere it is moved there: a conference on a
section 47 becomes an ``initial_cp_conference`` row linked to the enquiry (and the enquiry ends
on its date); a conference on the episode itself is the referral's ``date_of_initial_cpc``.
``AssessmentInternalReviewDate`` has no place in the record and is not kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import sqlalchemy as sa

from safehold.codes import year_label
from safehold.record.columns import ID_LENGTH
from safehold.returns.cin_census.read import DEFAULT_MAX_BYTES, read_census
from safehold.returns.cin_census.tables import BY_NAME, DATE_FORMAT, tables_for

if TYPE_CHECKING:
    from safehold.access import Gate

#: Problems listed in a :class:`CensusImportError` before the rest are only counted.
MAX_LISTED = 50
IMPORT_KIND = "cin_census"
#: Children asked about in one query (well inside every backend's limit on bound parameters).
PEOPLE_PER_QUERY = 5000
LINE = "_line"
Rows = dict[str, list[dict[str, Any]]]


class CensusImportError(ValueError):
    """The census does not fit the record; nothing was imported (the problems say where)."""

    def __init__(self, source: str, problems: list[str]) -> None:
        listed = "\n".join(f"  {p}" for p in problems[:MAX_LISTED])
        more = len(problems) - MAX_LISTED
        tail = f"\n  ... and {more:,} more" if more > 0 else ""
        super().__init__(
            f"{source}: the census cannot be imported ({len(problems):,} problems); "
            f"nothing was written:\n{listed}{tail}"
        )
        self.source = source
        self.problems = problems


@dataclass
class CensusImport:
    """What an import wrote."""

    import_id: str
    year: int
    children: int
    rows: dict[str, int] = field(default_factory=dict)


# -------------------------------------------------------------------------------------------------
# Tables of text, cleaned


def _table(tables: Mapping[str, pl.DataFrame], name: str) -> pl.DataFrame:
    """The census table with its columns (absent ones null), text stripped, blanks null."""
    spec = BY_NAME[name]
    frame = tables.get(name)
    if frame is None:
        frame = pl.DataFrame(schema=dict.fromkeys(spec.columns, pl.String))
    if LINE not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.UInt32).alias(LINE))
    missing = [c for c in spec.columns if c not in frame.columns]
    frame = frame.with_columns(pl.lit(None, pl.String).alias(c) for c in missing)

    def cleaned(column: str) -> pl.Expr:
        text = pl.col(column).cast(pl.String).str.strip_chars()
        return pl.when(text.str.len_chars() > 0).then(text).alias(column)

    return frame.select(LINE, *(cleaned(c) for c in spec.columns))


class _Problems:
    def __init__(self) -> None:
        self.found: list[str] = []

    def where(self, frame: pl.DataFrame, bad: pl.Expr, table: str, column: str,
              expected: str) -> None:  # fmt: skip
        """Record each row of ``frame`` where ``bad`` holds."""
        child = pl.col("LAchildID") if "LAchildID" in frame.columns else pl.lit(None)
        rows = frame.filter(bad).select(
            pl.col(LINE).alias("line"), child.alias("child"), pl.col(column).alias("value")
        )
        element = BY_NAME[table].element if table in BY_NAME else table
        for row in rows.iter_rows(named=True):
            line = f"line {row['line']}, " if row["line"] is not None else ""
            who = f"child {row['child']}, " if row["child"] is not None else ""
            self.found.append(
                f"{line}{who}{element}/{column}: {row['value']!r}; expected {expected}"
            )


def _date(column: str) -> pl.Expr:
    return pl.col(column).str.slice(0, 10).str.to_date(DATE_FORMAT, strict=False)


def _flag(column: str) -> pl.Expr:
    return (
        pl.col(column)
        .str.to_lowercase()
        .replace_strict(
            {"true": True, "1": True, "false": False, "0": False}, default=None,
            return_dtype=pl.Boolean,
        )
    )  # fmt: skip


def _count(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Int64, strict=False)


def _check_dates(p: _Problems, frame: pl.DataFrame, table: str, columns: Iterable[str]) -> None:
    for column in columns:
        p.where(frame, pl.col(column).is_not_null() & _date(column).is_null(), table, column,
                "a date, YYYY-MM-DD")  # fmt: skip


def _check_flags(p: _Problems, frame: pl.DataFrame, table: str, columns: Iterable[str]) -> None:
    for column in columns:
        p.where(frame, pl.col(column).is_not_null() & _flag(column).is_null(), table, column,
                "true, false, 1 or 0")  # fmt: skip


def _check_counts(p: _Problems, frame: pl.DataFrame, table: str, columns: Iterable[str]) -> None:
    for column in columns:
        p.where(frame, pl.col(column).is_not_null() & ~(_count(column) >= 0).fill_null(False),
                table, column, "a whole number, 0 or more")  # fmt: skip


def _check_order(p: _Problems, frame: pl.DataFrame, table: str, start: str, end: str) -> None:
    """The record keeps no period that ends before it starts."""
    p.where(frame, (_date(end) < _date(start)).fill_null(False), table, end,
            f"a date on or after {start}")  # fmt: skip


def _numbered(frame: pl.DataFrame, parent: str, prefix: str, name: str) -> pl.DataFrame:
    """Give each row an id: its parent's id, ``prefix`` and its place among its siblings."""
    place = (pl.int_range(pl.len()).over(parent) + 1).cast(pl.String)
    return frame.with_columns(pl.concat_str(pl.col(parent), pl.lit(prefix), place).alias(name))


# -------------------------------------------------------------------------------------------------
# Census tables → record rows


def census_rows(tables: Mapping[str, pl.DataFrame], year: int, *, source: str = "census") -> Rows:
    """The record rows (table → column dicts) of a census's tables, as the reader gives them.

    Raises :class:`CensusImportError`, naming each place, when the census does not fit the
    record: a child twice, a value that is not a date, flag or count, a period that ends before
    it starts, an id too long for the record.
    """
    p = _Problems()
    t = {spec.name: _table(tables, spec.name) for spec in tables_for(year)}
    for spec in tables_for(year):
        _check_dates(p, t[spec.name], spec.name, spec.dates)
    _check_flags(p, t["CINdetails"], "CINdetails", ["ReferralNFA"])
    _check_flags(p, t["Section47"], "Section47", ["ICPCnotRequired"])
    _check_counts(p, t["ChildProtectionPlans"], "ChildProtectionPlans", ["NumberOfPreviousCPP"])
    _check_order(p, t["ChildIdentifiers"], "ChildIdentifiers", "PersonBirthDate",
                 "PersonDeathDate")  # fmt: skip
    _check_order(p, t["CINdetails"], "CINdetails", "CINreferralDate", "CINclosureDate")
    _check_order(p, t["Assessments"], "Assessments", "AssessmentActualStartDate",
                 "AssessmentAuthorisationDate")  # fmt: skip
    _check_order(p, t["CINplanDates"], "CINplanDates", "CINPlanStartDate", "CINPlanEndDate")
    _check_order(p, t["Section47"], "Section47", "S47ActualStartDate", "DateOfInitialCPC")
    _check_order(p, t["ChildProtectionPlans"], "ChildProtectionPlans", "CPPstartDate",
                 "CPPendDate")  # fmt: skip
    if "PreProceedings" in t:
        pre = t["PreProceedings"]
        _check_flags(p, pre, "PreProceedings", ["FGDMMeetingOffer", "FGDMMeetingFac"])
        _check_counts(p, pre, "PreProceedings", ["ReviewMeetingsCount"])
    ids = t["ChildIdentifiers"]
    p.where(ids, pl.col("LAchildID").is_null(), "ChildIdentifiers", "LAchildID",
            "the child's id")  # fmt: skip
    p.where(ids, pl.col("LAchildID").is_duplicated() & pl.col("LAchildID").is_not_null(),
            "ChildIdentifiers", "LAchildID", "each child once")  # fmt: skip
    disabilities = t["Disabilities"].filter(pl.col("Disability").is_not_null())
    p.where(disabilities, pl.struct("LAchildID", "Disability").is_duplicated(), "Disabilities",
            "Disability", "each disability once a child")  # fmt: skip
    p.where(t["CINdetails"], pl.col("CINreferralDate").is_null(), "CINdetails",
            "CINreferralDate", "the date of the referral")  # fmt: skip
    if p.found:
        raise CensusImportError(source, p.found)
    rows = _rows(t, year)
    too_long = sorted(
        {
            str(row.get("person_id") or row["id"])
            for table_rows in rows.values()
            for row in table_rows
            if len(str(row.get("id", ""))) > ID_LENGTH
        }
    )
    if too_long:
        raise CensusImportError(
            source,
            [f"child {c}: LAchildID is too long to make the record's row ids from (at most "
             f"{ID_LENGTH} characters with the element's place)" for c in too_long],
        )  # fmt: skip
    return rows


def _rows(t: dict[str, pl.DataFrame], year: int) -> Rows:
    ids = t["ChildIdentifiers"].join(
        t["ChildCharacteristics"]
        .unique("LAchildID", keep="first")
        .select("LAchildID", "Ethnicity"),
        on="LAchildID",
        how="left",
    )
    person = ids.select(
        pl.col("LAchildID").alias("id"),
        pl.lit("child").alias("kind"),
        pl.col("Sex").alias("sex"),
        pl.col("Ethnicity").alias("ethnicity"),
        _date("PersonBirthDate").alias("date_of_birth"),
        _date("ExpectedPersonBirthDate").alias("expected_date_of_birth"),
        _date("PersonDeathDate").alias("death_date"),
        pl.col("UPN").alias("upn"),
        pl.col("FormerUPN").alias("former_upn"),
        pl.col("UPNunknown").alias("upn_unknown"),
    )
    disability = _numbered(
        t["Disabilities"].filter(pl.col("Disability").is_not_null()), "LAchildID", ".D", "id"
    ).select("id", pl.col("LAchildID").alias("person_id"), pl.col("Disability").alias("code"))

    episodes = _numbered(t["CINdetails"], "LAchildID", ".R", "referral_id")
    episode_ids = episodes.select("CINdetailsID", "referral_id")
    referral = episodes.select(
        pl.col("referral_id").alias("id"),
        pl.col("LAchildID").alias("person_id"),
        _date("CINreferralDate").alias("referral_date"),
        pl.col("ReferralSource").alias("referral_source"),
        pl.col("PrimaryNeedCode").alias("primary_need"),
        _date("CINclosureDate").alias("close_date"),
        pl.col("ReasonForClosure").alias("close_reason"),
        _date("DateOfInitialCPC").alias("date_of_initial_cpc"),
        _flag("ReferralNFA").alias("no_further_action"),
    )

    def under_episode(name: str, prefix: str, id_name: str) -> pl.DataFrame:
        frame = t[name].join(episode_ids, on="CINdetailsID", how="inner")
        return _numbered(frame, "referral_id", prefix, id_name)

    assessments = under_episode("Assessments", ".A", "assessment_id")
    assessment = assessments.select(
        pl.col("assessment_id").alias("id"),
        pl.col("LAchildID").alias("person_id"),
        "referral_id",
        _date("AssessmentActualStartDate").alias("start_date"),
        _date("AssessmentAuthorisationDate").alias("authorised_date"),
    )
    factors = (
        t["AssessmentFactorsList"]
        .filter(pl.col("AssessmentFactors").is_not_null())
        .join(assessments.select("AssessmentID", "assessment_id"), on="AssessmentID")
        .group_by("assessment_id", maintain_order=True)
        .agg(pl.col("AssessmentFactors").alias("factors"))
        .select(
            pl.concat_str("assessment_id", pl.lit(".F")).alias("id"), "assessment_id", "factors"
        )
    )
    cin_plan = under_episode("CINplanDates", ".P", "id").select(
        "id",
        "referral_id",
        pl.col("LAchildID").alias("person_id"),
        _date("CINPlanStartDate").alias("start_date"),
        _date("CINPlanEndDate").alias("end_date"),
    )
    enquiries = under_episode("Section47", ".S", "s47_id")
    section47 = enquiries.select(
        pl.col("s47_id").alias("id"),
        "referral_id",
        pl.col("LAchildID").alias("person_id"),
        _date("S47ActualStartDate").alias("start_date"),
        # the enquiry ends at its conference
        _date("DateOfInitialCPC").alias("end_date"),
        _flag("ICPCnotRequired").alias("no_further_action"),
    )
    conference = enquiries.filter(
        pl.col("DateOfInitialCPC").is_not_null() | pl.col("InitialCPCtarget").is_not_null()
    ).select(
        pl.concat_str("s47_id", pl.lit(".C")).alias("id"),
        pl.col("s47_id").alias("s47_enquiry_id"),
        pl.col("LAchildID").alias("person_id"),
        "referral_id",
        _date("InitialCPCtarget").alias("target_date"),
        _date("DateOfInitialCPC").alias("conference_date"),
    )
    plans = under_episode("ChildProtectionPlans", ".CP", "cp_plan_id")
    held = (
        conference.filter(pl.col("conference_date").is_not_null())
        .select("referral_id", pl.col("conference_date").alias("start_date"),
                pl.col("id").alias("icpc_id"))
        .unique(["referral_id", "start_date"], keep="first", maintain_order=True)
    )  # fmt: skip
    cp_plan = plans.select(
        pl.col("cp_plan_id").alias("id"),
        "referral_id",
        pl.col("LAchildID").alias("person_id"),
        _date("CPPstartDate").alias("start_date"),
        _date("CPPendDate").alias("end_date"),
        pl.col("InitialCategoryOfAbuse").alias("initial_category"),
        pl.col("LatestCategoryOfAbuse").alias("latest_category"),
        _count("NumberOfPreviousCPP").alias("previous_plans"),
    ).join(held, on=["referral_id", "start_date"], how="left")
    led_to = (
        cp_plan.filter(pl.col("icpc_id").is_not_null())
        .unique("icpc_id", keep="first", maintain_order=True)
        .select(pl.col("icpc_id").alias("id"), pl.col("id").alias("cp_plan_id"))
    )
    conference = conference.join(led_to, on="id", how="left").with_columns(
        outcome_cp_plan=pl.col("cp_plan_id").is_not_null()
    )
    cp_review = _numbered(
        t["Reviews"]
        .filter(pl.col("CPPreviewDate").is_not_null())
        .join(plans.select("CPPID", "cp_plan_id"), on="CPPID", how="inner"),
        "cp_plan_id",
        ".V",
        "id",
    ).select(
        "id",
        pl.col("LAchildID").alias("person_id"),
        "cp_plan_id",
        _date("CPPreviewDate").alias("review_date"),
    )
    rows: dict[str, pl.DataFrame] = {
        "person": person,
        "disability": disability,
        "referral": referral,
        "assessment": assessment,
        "assessment_factors": factors,
        "cin_plan": cin_plan,
        "section47_enquiry": section47,
        "initial_cp_conference": conference,
        "cp_plan": cp_plan,
        "cp_review": cp_review,
    }
    if year >= 2027:
        rows["pre_proceedings"] = under_episode("PreProceedings", ".PP", "id").select(
            "id",
            pl.col("LAchildID").alias("person_id"),
            _date("PPStartDate").alias("decision_date"),
            _date("LBPSentDate").alias("letter_date"),
            _flag("FGDMMeetingOffer").alias("fgdm_offered"),
            _flag("FGDMMeetingFac").alias("fgdm_held"),
            _date("InitialPPMeetingDate").alias("initial_meeting_date"),
            _count("ReviewMeetingsCount").alias("review_meetings"),
            _date("StepDecisionDate").alias("stepdown_issue_date"),
            pl.col("PPOutcome").alias("outcome"),
            _date("CourtAppDate").alias("court_application_date"),
            _date("LetterInitCPDate").alias("care_proceedings_letter_date"),
        )
    return {name: frame.to_dicts() for name, frame in rows.items()}


# -------------------------------------------------------------------------------------------------
# Reading a file and loading it through the gate


def import_census(
    gate: Gate,
    path: Path | str,
    year: int,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CensusImport:
    """Read the census at ``path`` (collection ``year``) and load it into the record through
    ``gate``, all or nothing. Raises :class:`CensusImportError` when it does not fit (schema
    problems, a header for another year, a child the store already holds, a row the store
    refuses), :class:`~safehold.returns.cin_census.read.CensusReadError` when it cannot be
    read at all, and :class:`~safehold.access.AccessRefused` when the gate refuses."""
    path = Path(path)
    source = str(path)
    read = read_census(path, year, max_bytes=max_bytes)
    problems = [
        (f"line {p.line}: " if p.line else "") + f"schema: {p.message}" for p in read.problems
    ]
    header = read.tables.get("Header")
    if header is not None and not header.is_empty():
        stated = (header["Year"][0] or "").strip()
        if stated != str(year):
            problems.insert(0, f"the header gives Year {stated!r}, not {year} "
                               f"({year_label(year)}); check --year")  # fmt: skip
    if problems:
        raise CensusImportError(source, problems)
    rows = census_rows(read.tables, year, source=source)
    children = [r["id"] for r in rows["person"]]
    already = sorted(
        person
        for start in range(0, len(children), PEOPLE_PER_QUERY)
        for person in gate.read_frame(
            "person", ["id"], people=children[start : start + PEOPLE_PER_QUERY]
        )["id"].to_list()
    )
    if already:
        raise CensusImportError(
            source,
            [f"child {c}: the store already holds this child; a census is imported only into a "
             "store without its children" for c in already],
        )  # fmt: skip
    try:
        import_id = gate.load_rows(rows, kind=IMPORT_KIND, origin=source)
    except sa.exc.StatementError as exc:
        # a constraint, or a code the record does not know (codes are checked on every write)
        raise CensusImportError(source, [f"the store refused the rows: {exc.orig}"]) from None
    return CensusImport(
        import_id=import_id,
        year=year,
        children=len(children),
        rows={name: len(table_rows) for name, table_rows in rows.items() if table_rows},
    )


__all__ = [
    "IMPORT_KIND",
    "CensusImport",
    "CensusImportError",
    "census_rows",
    "import_census",
]
