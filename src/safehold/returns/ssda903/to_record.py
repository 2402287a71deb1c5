"""A return → rows of the record: how an authority starts Safehold from its last SSDA903 return.

``return_to_rows(year, tables, previous=...)`` turns this year's return (and, optionally, last
year's: where both hold the same episode, review, order or period, this year's wins) into rows
keyed by record table name, ready for :meth:`safehold.access.Gate.load_rows`. Every value is
checked first: a date that is not ``DD/MM/YYYY``, a code outside the DfE's lists, a child in a
table but not in the Header are all reported together (:class:`ReturnImportError`, naming the
table, line, field, value and what was expected) and nothing is loaded.

What the return carries becomes the record's rows with ids derived from the return's own keys
(``903:<CHILD>:EP:<DECOM>`` and so on), so loading the same return twice is refused by the
store rather than doubling a child's history. Some items are yearly summaries, not events, and
are recorded as such, dated the last day of the year they describe: the OC2 health items (a
dental check "in the year" becomes a completed dental check on 31 March) and the SDQ. A care
leaver's contact is dated on the birthday the OC3 row is about. Periods of care are rebuilt from
the episodes (a new one at each RNE ``S``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from safehold.codes import collection_period, known_codes
from safehold.record import metadata
from safehold.record.columns import ID_LENGTH, DfECode
from safehold.returns.ssda903.schema import BY_NAME, DATE_FORMAT, tables_for
from safehold.validate.frames import LINE

CHILD = "CHILD"
UPN = re.compile(r"^[A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])$")
FLAGS = {"1": True, "0": False}
SEX_BEFORE_2025 = {"1": "M", "2": "F"}
ROLE = "Allocated Social Worker"


@dataclass(frozen=True)
class ImportProblem:
    table: str
    line: int | None
    field: str
    value: str | None
    expected: str
    source: str | None = None

    def __str__(self) -> str:
        where = f"{self.source} ({self.table} table)" if self.source else self.table
        at = f", line {self.line}" if self.line is not None else ""
        shown = "(blank)" if self.value is None else repr(self.value)
        return f"{where}{at}: {self.field} {shown}: expected {self.expected}"


class ReturnImportError(Exception):
    """The return does not fit the record; nothing was loaded. ``problems`` lists everything."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"the SSDA903 return was not loaded ({len(problems)} problems):\n{shown}{more}"
        )
        self.problems = problems


def _stripped(frame: pl.DataFrame, name: str) -> pl.DataFrame:
    """The table's columns as trimmed upper-case text (blank → null), keeping ``_line``."""
    spec = BY_NAME[name]
    if LINE not in frame.columns:
        frame = frame.with_row_index(LINE, offset=2)
    exprs = [pl.col(LINE).cast(pl.Int64)]
    for column in spec.columns:
        value = (
            pl.col(column).cast(pl.String).str.strip_chars()
            if column in frame.columns
            else pl.lit(None, pl.String)
        )
        if column not in ("HOME_POST", "PL_POST", "DATE_PERM"):
            value = value.str.to_uppercase()
        exprs.append(pl.when(value == "").then(None).otherwise(value).alias(column))
    return frame.select(exprs)


def _merged(
    year: int,
    tables: Mapping[str, pl.DataFrame],
    previous: Mapping[str, pl.DataFrame] | None,
) -> dict[str, pl.DataFrame]:
    """This year's tables, and last year's rows that this year's do not repeat."""
    keys = {
        "Header": [CHILD], "Episodes": [CHILD, "DECOM"], "Reviews": [CHILD, "REVIEW"],
        "UASC": [CHILD], "OC2": [CHILD], "OC3": [CHILD], "AD1": [CHILD],
        "PlacedAdoption": [CHILD, "DATE_PLACED"], "PrevPerm": [CHILD],
        "Missing": [CHILD, "MIS_START"], "SWEpisodes": [CHILD, "SW_DECOM"],
        "DoLo": [CHILD, "DOLO_START"],
    }  # fmt: skip
    out: dict[str, pl.DataFrame] = {}
    for spec in tables_for(year):
        now = tables.get(spec.name)
        frames = []
        if now is not None:
            frames.append(_stripped(now, spec.name).with_columns(pl.lit(0).alias("_age")))
        if previous is not None and spec.name in previous and spec.name not in ("OC2", "OC3"):
            # last year's outcomes describe last year; the record takes them from this year's
            before = _stripped(previous[spec.name], spec.name)
            frames.append(before.with_columns(pl.lit(1).alias("_age")))
        if not frames:
            out[spec.name] = _stripped(pl.DataFrame(), spec.name).with_columns(
                pl.lit(0).alias("_age")
            )
            continue
        both = pl.concat(frames, how="vertical")
        out[spec.name] = (
            both.sort("_age", LINE).unique(keys[spec.name], keep="first").sort("_age", LINE)
        )
    return out


class _Converter:
    def __init__(self, year: int, tables: dict[str, pl.DataFrame], sources: Mapping[str, str]):
        self.year = year
        self.start, self.end = collection_period(year)
        self.t = tables
        self.sources = sources
        self.problems: list[ImportProblem] = []

    def problem(self, table: str, line: int | None, field: str, value: str | None,
                expected: str) -> None:  # fmt: skip
        self.problems.append(
            ImportProblem(table, line, field, value, expected, self.sources.get(table))
        )

    # -- checking values (in bulk: one filter per column) -----------------------------------------

    def dates(self, name: str) -> pl.DataFrame:
        """The table with its date columns parsed (``<col>_d``); bad dates reported."""
        frame = self.t[name]
        spec = BY_NAME[name]
        frame = frame.with_columns(
            pl.col(c).str.strptime(pl.Date, DATE_FORMAT, strict=False).alias(f"{c}_d")
            for c in spec.dates
        )
        for column in spec.dates:
            bad = frame.filter(pl.col(column).is_not_null() & pl.col(f"{column}_d").is_null())
            for row in bad.select(LINE, column).iter_rows():
                self.problem(name, row[0], column, row[1], "a date as DD/MM/YYYY")
        return frame

    def required(self, name: str, frame: pl.DataFrame, columns: list[str]) -> None:
        for column in columns:
            for line in frame.filter(pl.col(column).is_null())[LINE].to_list():
                self.problem(name, line, column, None, "a value (the record needs it)")

    def codes(self, name: str, frame: pl.DataFrame, column: str, table: str, field: str,
              shown_as: str | None = None) -> None:  # fmt: skip
        """Values of ``column`` must be codes the record's ``table.field`` accepts."""
        type_ = metadata.tables[table].c[field].type
        if not isinstance(type_, DfECode):
            return
        allowed = sorted(known_codes(type_.code_set))
        bad = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(allowed))
        for line, value in bad.select(LINE, column).iter_rows():
            shown = ", ".join(allowed) if len(allowed) <= 30 else f"a {type_.code_set} code"
            self.problem(name, line, shown_as or column, value, f"one of {shown}")

    def flags(self, name: str, frame: pl.DataFrame, columns: list[str]) -> None:
        for column in columns:
            bad = frame.filter(pl.col(column).is_not_null() & ~pl.col(column).is_in(["0", "1"]))
            for line, value in bad.select(LINE, column).iter_rows():
                self.problem(name, line, column, value, "1 or 0")

    def known_children(self, name: str, frame: pl.DataFrame, children: pl.Series) -> None:
        self.required(name, frame, [CHILD])
        strays = frame.filter(
            pl.col(CHILD).is_not_null() & ~pl.col(CHILD).is_in(children.implode())
        )
        for line, child in strays.select(LINE, CHILD).iter_rows():
            self.problem(name, line, CHILD, child, "a child who has a row in the Header table")

    def ids(self, name: str, frame: pl.DataFrame, id_expr: pl.Expr) -> pl.DataFrame:
        frame = frame.with_columns(id_expr.alias("id"))
        for line, value in (
            frame.filter(pl.col("id").str.len_chars() > ID_LENGTH).select(LINE, CHILD).iter_rows()
        ):
            self.problem(name, line, CHILD, value, f"an id short enough to key the record "
                         f"(at most {ID_LENGTH - 20} characters)")  # fmt: skip
        dupes = frame.filter(pl.col("id").is_duplicated() & pl.col("id").is_not_null())
        for line, value in dupes.select(LINE, CHILD).iter_rows():
            self.problem(name, line, CHILD, value, f"one {name} row per child and date")
        return frame

    # -- the tables ------------------------------------------------------------------------------

    def people(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        header = self.dates("Header")
        self.required("Header", header, [CHILD])
        dupes = header.filter(pl.col(CHILD).is_duplicated() & pl.col(CHILD).is_not_null())
        for line, child in dupes.select(LINE, CHILD).iter_rows():
            self.problem("Header", line, CHILD, child, "each child once in the Header")
        sex = pl.col("SEX")
        if self.year < 2025:
            sex = sex.replace_strict(SEX_BEFORE_2025, default=sex)
        header = header.with_columns(sex.alias("_sex"))
        self.codes("Header", header, "_sex", "person", "sex", "SEX")
        self.codes("Header", header, "ETHNIC", "person", "ethnicity")
        self.flags("Header", header, ["MOTHER"])
        upn_ok = pl.col("UPN").str.contains(UPN.pattern)
        unknown = pl.col("UPN").is_in(sorted(known_codes("upn_unknown_ssda903")))
        bad = header.filter(pl.col("UPN").is_not_null() & ~upn_ok & ~unknown)
        for line, value in bad.select(LINE, "UPN").iter_rows():
            self.problem("Header", line, "UPN", value, "a 13-character UPN or UN1 to UN5")
        person = header.select(
            pl.col(CHILD).alias("id"),
            pl.lit("child").alias("kind"),
            pl.col("_sex").alias("sex"),
            pl.col("ETHNIC").alias("ethnicity"),
            pl.col("DOB_d").alias("date_of_birth"),
            pl.when(upn_ok).then("UPN").alias("upn"),
            pl.when(unknown).then("UPN").alias("upn_unknown"),
            pl.col("MOTHER").replace_strict(FLAGS, default=None, return_dtype=pl.Boolean)
            .alias("is_mother"),
        )  # fmt: skip
        mothers = header.filter(pl.col("MC_DOB_d").is_not_null()).select(
            (pl.lit("903:") + pl.col(CHILD) + pl.lit(":MC")).alias("id"),
            pl.col(CHILD).alias("mother_id"),
            pl.col("MC_DOB_d").alias("child_date_of_birth"),
        )
        return person, mothers

    def episodes(self, children: pl.Series) -> pl.DataFrame:
        frame = self.dates("Episodes")
        self.known_children("Episodes", frame, children)
        self.required("Episodes", frame, ["DECOM"])
        for column, field in (("RNE", "reason_new_episode"), ("LS", "legal_status"),
                              ("CIN", "category_of_need"), ("PLACE", "placement_type"),
                              ("PLACE_PROVIDER", "placement_provider"), ("REC", "end_reason"),
                              ("REASON_PLACE_CHANGE", "reason_place_change")):  # fmt: skip
            self.codes("Episodes", frame, column, "cla_episode", field)
        frame = self.ids(
            "Episodes",
            frame,
            pl.format("903:{}:EP:{}", CHILD, pl.col("DECOM_d").dt.to_string("%Y%m%d")),
        ).sort(CHILD, "DECOM_d")
        starts = (pl.col("RNE") == "S") | (pl.col(CHILD) != pl.col(CHILD).shift(1)).fill_null(True)
        frame = frame.with_columns(starts.cum_sum().alias("_period"))
        frame = frame.with_columns(
            pl.col("DECOM_d").first().over(CHILD, "_period").alias("_period_start"),
            (pl.col("RNE").first().over(CHILD, "_period") == "S").alias("_entered"),
        )
        bad_end = frame.filter(pl.col("DEC_d") < pl.col("DECOM_d"))
        for line, value in bad_end.select(LINE, "DEC").iter_rows():
            self.problem("Episodes", line, "DEC", value, "a date on or after DECOM")
        bad_rec = frame.filter(pl.col("REC").is_not_null() & pl.col("DEC_d").is_null())
        for line, value in bad_rec.select(LINE, "REC").iter_rows():
            self.problem("Episodes", line, "REC", value, "no reason without a date ceased (DEC)")
        return frame.select(
            "id",
            pl.col(CHILD).alias("person_id"),
            pl.col("DECOM_d").alias("start_date"),
            pl.col("RNE").alias("reason_new_episode"),
            pl.col("LS").alias("legal_status"),
            pl.col("CIN").alias("category_of_need"),
            pl.col("PLACE").alias("placement_type"),
            pl.col("PLACE_PROVIDER").alias("placement_provider"),
            pl.col("DEC_d").alias("end_date"),
            pl.col("REC").alias("end_reason"),
            pl.col("REASON_PLACE_CHANGE").alias("reason_place_change"),
            pl.col("HOME_POST").alias("home_postcode"),
            pl.col("PL_POST").alias("placement_postcode"),
            pl.col("URN").alias("urn"),
            pl.format("903:{}:P:{}", CHILD, pl.col("_period_start").dt.to_string("%Y%m%d"))
            .alias("period_id"),
            pl.when("_entered").then("_period_start").alias("entered_care_date"),
        )  # fmt: skip

    def dated_rows(self, name: str, children: pl.Series, tag: str, date: str) -> pl.DataFrame:
        frame = self.dates(name)
        self.known_children(name, frame, children)
        self.required(name, frame, [date])
        return self.ids(
            name,
            frame,
            pl.format(
                "903:{}:{}:{}", CHILD, pl.lit(tag), pl.col(f"{date}_d").dt.to_string("%Y%m%d")
            ),
        )

    def reviews(self, children: pl.Series) -> pl.DataFrame:
        frame = self.dated_rows("Reviews", children, "RV", "REVIEW")
        self.codes("Reviews", frame, "REVIEW_CODE", "cla_review", "participation")
        return frame.select(
            "id",
            pl.col(CHILD).alias("person_id"),
            pl.col("REVIEW_d").alias("review_date"),
            pl.col("REVIEW_d").alias("due_date"),
            pl.col("REVIEW_CODE").alias("participation"),
        )

    def uasc(self, children: pl.Series) -> pl.DataFrame:
        frame = self.dates("UASC")
        self.known_children("UASC", frame, children)
        return frame.select(
            (pl.lit("903:") + pl.col(CHILD) + pl.lit(":UASC")).alias("id"),
            pl.col(CHILD).alias("person_id"),
            pl.lit("UASC").alias("status"),
            pl.col("DUC_d").alias("end_date"),
        )

    def outcomes(self, children: pl.Series) -> dict[str, pl.DataFrame]:
        """OC2's yearly items as the record's events, dated 31 March (see the module)."""
        frame = self.dates("OC2")
        self.known_children("OC2", frame, children)
        items = ["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
                 "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]  # fmt: skip
        self.flags("OC2", frame, items)
        self.codes("OC2", frame, "SDQ_REASON", "sdq_score", "reason")
        score = pl.col("SDQ_SCORE").cast(pl.Int64, strict=False)
        bad = frame.filter(
            pl.col("SDQ_SCORE").is_not_null() & (score.is_null() | (score < 0) | (score > 40))
        )
        for line, value in bad.select(LINE, "SDQ_SCORE").iter_rows():
            self.problem("OC2", line, "SDQ_SCORE", value, "a whole number from 0 to 40")
        day = pl.lit(self.end, pl.Date)
        stem = pl.lit("903:") + pl.col(CHILD) + pl.lit(f":{self.year}:")
        child = pl.col(CHILD).alias("person_id")
        checks = []
        for column, kind in (("HEALTH_CHECK", "health_check"), ("TEETH_CHECK", "dental_check"),
                             ("HEALTH_ASSESSMENT", "health_assessment")):  # fmt: skip
            checks.append(
                frame.filter(pl.col(column) == "1").select(
                    (stem + pl.lit(kind)).alias("id"),
                    child,
                    pl.lit(kind).alias("check_type"),
                    day.alias("check_date"),
                    pl.lit("completed").alias("status"),
                )
            )
        flag = {c: pl.col(c).replace_strict(FLAGS, default=None, return_dtype=pl.Boolean)
                for c in items}  # fmt: skip
        return {
            "health_check": pl.concat(checks),
            "immunisation": frame.filter(pl.col("IMMUNISATIONS").is_not_null()).select(
                (stem + pl.lit("IM")).alias("id"),
                child,
                flag["IMMUNISATIONS"].alias("up_to_date"),
                day.alias("status_date"),
            ),
            "sdq_score": frame.filter(
                pl.col("SDQ_SCORE").is_not_null() | pl.col("SDQ_REASON").is_not_null()
            ).select(
                (stem + pl.lit("SDQ")).alias("id"),
                child,
                day.alias("completed_date"),
                score.alias("score"),
                pl.col("SDQ_REASON").alias("reason"),
            ),
            "substance_misuse": frame.filter(pl.col("SUBSTANCE_MISUSE") == "1").select(
                (stem + pl.lit("SM")).alias("id"),
                child,
                day.alias("identified_date"),
                flag["INTERVENTION_RECEIVED"].alias("intervention_received"),
                flag["INTERVENTION_OFFERED"].alias("intervention_offered"),
            ),
            "conviction": frame.filter(pl.col("CONVICTED") == "1").select(
                (stem + pl.lit("CV")).alias("id"),
                child,
                day.alias("offence_date"),
            ),
        }

    def care_leavers(self, children: pl.Series, people: pl.DataFrame) -> pl.DataFrame:
        frame = self.dates("OC3")
        self.known_children("OC3", frame, children)
        for column, field in (("IN_TOUCH", "in_touch"), ("ACTIV", "activity"),
                              ("ACCOM", "accommodation")):  # fmt: skip
            self.codes("OC3", frame, column, "care_leaver", field)
        born = people.select(pl.col("id").alias(CHILD), "date_of_birth")
        frame = frame.join(born, on=CHILD, how="left")
        age = (
            self.end.year
            - pl.col("date_of_birth").dt.year()
            - ((pl.col("date_of_birth").dt.month() > 3).cast(pl.Int32))
        )  # age on 31 March
        return frame.select(
            (pl.lit("903:") + pl.col(CHILD) + pl.lit(f":CL:{self.year}")).alias("id"),
            pl.col(CHILD).alias("person_id"),
            pl.col("IN_TOUCH").alias("in_touch"),
            pl.col("date_of_birth")
            .dt.offset_by(pl.format("{}y", age))
            .alias("latest_contact_date"),
            pl.col("ACTIV").alias("activity"),
            pl.col("ACCOM").alias("accommodation"),
        )

    def permanence(self, children: pl.Series) -> pl.DataFrame:
        placed = self.dated_rows("PlacedAdoption", children, "PA", "DATE_PLACED")
        self.codes("PlacedAdoption", placed, "REASON_PLACED_CEASED", "permanence",
                   "decision_reversed_reason")  # fmt: skip
        ad1 = self.dates("AD1")
        self.known_children("AD1", ad1, children)
        self.flags("AD1", ad1, ["FOSTER_CARE"])
        for column, field in (("NB_ADOPTR", "number_of_adopters"), ("SEX_ADOPTR", "adopter_sex"),
                              ("LS_ADOPTR", "adopter_legal_status")):  # fmt: skip
            self.codes("AD1", ad1, column, "permanence", field)
        decisions = placed.select(
            CHILD,
            pl.col("DATE_PLACED_d").alias("decision_date"),
            pl.col("DATE_PLACED_CEASED_d").alias("decision_reversed_date"),
            pl.col("REASON_PLACED_CEASED").alias("decision_reversed_reason"),
        )
        adoptions = ad1.select(
            CHILD,
            pl.col("DATE_INT_d").alias("decision_date"),
            pl.col("DATE_MATCH_d").alias("matched_date"),
            pl.col("FOSTER_CARE").replace_strict(FLAGS, default=None, return_dtype=pl.Boolean)
            .alias("adopted_by_carer"),
            pl.col("NB_ADOPTR").alias("number_of_adopters"),
            pl.col("SEX_ADOPTR").alias("adopter_sex"),
            pl.col("LS_ADOPTR").alias("adopter_legal_status"),
        )  # fmt: skip
        # one row per decision; an adoption joins the decision it followed (its DATE_INT)
        both = decisions.join(adoptions, on=[CHILD, "decision_date"], how="full", coalesce=True)
        return both.select(
            pl.format("903:{}:AD:{}", CHILD,
                      pl.col("decision_date").dt.to_string("%Y%m%d").fill_null("-")).alias("id"),
            pl.col(CHILD).alias("person_id"),
            pl.exclude(CHILD),
        )  # fmt: skip

    def previous_permanence(self, children: pl.Series) -> pl.DataFrame:
        frame = self.dates("PrevPerm")
        self.known_children("PrevPerm", frame, children)
        self.codes("PrevPerm", frame, "PREV_PERM", "previous_permanence", "option")
        self.codes("PrevPerm", frame, "LA_PERM", "previous_permanence", "arranged_by_la")
        bad = frame.filter(
            pl.col("DATE_PERM").is_not_null()
            & ~pl.col("DATE_PERM").str.contains(r"^(\d{2}|ZZ)/(\d{2}|ZZ)/(\d{4}|ZZZZ)$")
        )
        for line, value in bad.select(LINE, "DATE_PERM").iter_rows():
            self.problem("PrevPerm", line, "DATE_PERM", value, "DD/MM/YYYY, unknown parts as ZZ")
        return frame.select(
            (pl.lit("903:") + pl.col(CHILD) + pl.lit(":PP")).alias("id"),
            pl.col(CHILD).alias("person_id"),
            pl.col("PREV_PERM").alias("option"),
            pl.col("LA_PERM").alias("arranged_by_la"),
            pl.col("DATE_PERM").alias("order_date"),
        )

    def missing(self, children: pl.Series) -> pl.DataFrame:
        frame = self.dated_rows("Missing", children, "MS", "MIS_START")
        self.codes("Missing", frame, "MISSING", "missing_episode", "missing_type")
        return frame.select(
            "id",
            pl.col(CHILD).alias("person_id"),
            pl.col("MISSING").alias("missing_type"),
            pl.col("MIS_START_d").alias("start_date"),
            pl.col("MIS_END_d").alias("end_date"),
        )

    def social_workers(self, children: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame]:
        if "SWEpisodes" not in self.t:
            return pl.DataFrame(), pl.DataFrame()
        frame = self.dated_rows("SWEpisodes", children, "SW", "SW_DECOM")
        self.required("SWEpisodes", frame, ["SW_ID"])
        worker = pl.lit("903:SW:") + pl.col("SW_ID")
        professionals = (
            frame.filter(pl.col("SW_ID").is_not_null())
            .select(worker.alias("id"), pl.col("SW_ID").alias("registration_number"))
            .unique("id")
        )
        involvement = frame.select(
            "id",
            pl.col(CHILD).alias("person_id"),
            worker.alias("professional_id"),
            pl.lit(ROLE).alias("role"),
            pl.col("SW_DECOM_d").alias("start_date"),
            pl.col("SW_DEC_d").alias("end_date"),
            pl.col("SW_REASON").alias("change_reason"),
        )
        return professionals, involvement

    def deprivation_of_liberty(self, children: pl.Series) -> pl.DataFrame:
        if "DoLo" not in self.t:
            return pl.DataFrame()
        frame = self.dated_rows("DoLo", children, "DL", "DOLO_START")
        return frame.select(
            "id",
            pl.col(CHILD).alias("person_id"),
            pl.col("DOLO_START_d").alias("start_date"),
            pl.col("DOLO_END_d").alias("end_date"),
        )

    def convert(self) -> dict[str, pl.DataFrame]:
        person, mothers = self.people()
        children = person["id"].drop_nulls()
        professionals, involvement = self.social_workers(children)
        out = {
            "person": person,
            "mother_child": mothers,
            "cla_episode": self.episodes(children),
            "cla_review": self.reviews(children),
            "immigration_status": self.uasc(children),
            **self.outcomes(children),
            "care_leaver": self.care_leavers(children, person),
            "permanence": self.permanence(children),
            "previous_permanence": self.previous_permanence(children),
            "missing_episode": self.missing(children),
            "professional": professionals,
            "involvement": involvement,
            "deprivation_of_liberty": self.deprivation_of_liberty(children),
        }
        return {name: frame for name, frame in out.items() if frame.height}


def return_to_frames(
    year: int,
    tables: Mapping[str, pl.DataFrame],
    previous: Mapping[str, pl.DataFrame] | None = None,
    *,
    sources: Mapping[str, str] | None = None,
) -> dict[str, pl.DataFrame]:
    """The record's rows as frames (record table → frame) for a return's raw text tables.

    Raises :class:`ReturnImportError` listing every value that does not fit the record.
    """
    converter = _Converter(year, _merged(year, tables, previous), sources or {})
    frames = converter.convert()
    if converter.problems:
        raise ReturnImportError(converter.problems)
    return frames


def return_to_rows(
    year: int,
    tables: Mapping[str, pl.DataFrame],
    previous: Mapping[str, pl.DataFrame] | None = None,
    *,
    sources: Mapping[str, str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """:func:`return_to_frames` as rows for :meth:`~safehold.access.Gate.load_rows`, each from
    the case-management record (the return was made from it)."""
    frames = return_to_frames(year, tables, previous, sources=sources)
    return {
        name: [row | {"source": "case_management"} for row in frame.to_dicts()]
        for name, frame in frames.items()
    }


__all__ = ["ImportProblem", "ReturnImportError", "return_to_frames", "return_to_rows"]
