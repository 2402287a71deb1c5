"""Building the SSDA903 return for a collection year from the record: a pure function over frames.

``build_return(year, frames)`` takes the record's tables as Polars frames (keyed by record table
name, columns as :data:`~safehold.returns.ssda903.record_frames.READS` lists them) and gives every
table of the return as text frames in the DfE's column order, ready for the writers and the rules.

Who is in the return (the DfE's inclusion rules, as the validation rules enforce them):

* **Episodes**: every episode open at any time in the year (started by 31 March, not ended before
  1 April). The return is as at 31 March: an episode that ended later is reported open (no DEC,
  no REC). Earlier episodes of a period that began before the year are not repeated (the DfE holds
  them from earlier returns; rule 357 only asks for RNE S where the first episode is in the year).
* **Header**: every child with an episode in the year, and every care leaver in OC3.
* **Reviews** held in the year; **Missing** episodes open at any time in the year; **UASC** for
  children who were unaccompanied asylum seekers at any time in the year (DUC the date the
  status ceased, or, while it lasts, the 18th birthday when it will); **SWEpisodes** (from 2023/24) every social worker episode of a looked-after
  child open at any time in the year, including those while not looked after (SW12STG2);
  **DoLo** (from 2026/27) orders open at any time in the year.
* **OC2** for children looked after continuously for 12 months at 31 March (judged as rule
  ``continuously_looked_after`` does: an episode in the year and no start, end or short break in
  it), with health items from the year's outcome records.
* **OC3** for care leavers whose 17th to 21st birthday fell in the year, from the contact nearest
  that birthday; not for young people still looked after after the birthday (rules 1007, 1016).
* **AD1** for children adopted in the year (an episode ending E11 or E12 in the year; rule 602).
* **PlacedAdoption**: each decision to place for adoption in force at some time in the year for
  a child looked after in it (with its reversal if that came by 31 March).
* **PrevPerm** for children who started a period of care in the year.

Codes are written as the record holds them (they are DfE codes); dates as ``DD/MM/YYYY``. Nothing
the record does not hold is invented: a missing item is left blank, and the rules say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import polars as pl

from safehold.codes import SUPPORTED_YEARS, collection_period
from safehold.returns.ssda903.record_frames import conform
from safehold.returns.ssda903.schema import BY_NAME, tables_for
from safehold.returns.ssda903.write import as_text
from safehold.validate.ssda903.common import age_on

CHILD = "CHILD"
ADOPTED = ["E11", "E12"]
SHORT_BREAKS = ["V3", "V4"]
UPN_UNKNOWN = ["UN1", "UN2", "UN3", "UN4", "UN5"]
#: How far from the birthday a care leaver's contact may be to describe their position at it.
CONTACT_WINDOW_DAYS = 183


def _flag(expr: pl.Expr) -> pl.Expr:
    """A boolean as the return's ``1``/``0`` (null stays null)."""
    return pl.when(expr).then(pl.lit("1")).when(expr.not_()).then(pl.lit("0"))


def _open_in(start_col: str, end_col: str, start: dt.date, end: dt.date) -> pl.Expr:
    """A span that was open at some time from ``start`` to ``end``."""
    return (pl.col(start_col) <= end) & (pl.col(end_col).is_null() | (pl.col(end_col) >= start))


def _by_31_march(column: str, end: dt.date) -> pl.Expr:
    """The date if it came by the end of the year; the return is as at 31 March."""
    return pl.when(pl.col(column) <= end).then(pl.col(column))


def _within(column: str, start: dt.date, end: dt.date) -> pl.Expr:
    return (pl.col(column) >= start) & (pl.col(column) <= end)


class _Builder:
    def __init__(self, year: int, frames: Mapping[str, pl.DataFrame]) -> None:
        self.year = year
        self.start, self.end = collection_period(year)
        self.f = conform(frames)
        self.people = self.f["person"].rename({"id": CHILD, "date_of_birth": "DOB"})

    def with_dob(self, frame: pl.DataFrame, header: pl.DataFrame) -> pl.DataFrame:
        return frame.join(header.select(CHILD, "DOB"), on=CHILD, how="inner")

    # -- episodes and the children looked after ----------------------------------------------

    def episodes(self) -> pl.DataFrame:
        end = self.end
        return (
            self.f["cla_episode"]
            .filter(_open_in("start_date", "end_date", self.start, end))
            .select(
                pl.col("person_id").alias(CHILD),
                pl.col("start_date").alias("DECOM"),
                pl.col("reason_new_episode").alias("RNE"),
                pl.col("legal_status").alias("LS"),
                pl.col("category_of_need").alias("CIN"),
                pl.col("placement_type").alias("PLACE"),
                pl.col("placement_provider").alias("PLACE_PROVIDER"),
                _by_31_march("end_date", end).alias("DEC"),
                pl.when(pl.col("end_date") <= end).then(pl.col("end_reason")).alias("REC"),
                # the reason belongs to the episode the change of placement ended
                pl.when(pl.col("end_date") <= end)
                .then(pl.col("reason_place_change"))
                .alias("REASON_PLACE_CHANGE"),
                pl.col("home_postcode").alias("HOME_POST"),
                pl.col("placement_postcode").alias("PL_POST"),
                pl.col("urn").alias("URN"),
            )
            .sort(CHILD, "DECOM")
        )

    def continuously_looked_after(self, episodes: pl.DataFrame) -> pl.DataFrame:
        """Children looked after for the whole year (the OC2 cohort), as the rules judge it."""
        start = self.start
        enters = (pl.col("RNE") == "S") & (pl.col("DECOM") > start)
        leaves = pl.col("DEC").is_not_null() & pl.col("REC").ne_missing(pl.lit("X1"))
        breaks = enters | leaves | pl.col("LS").is_in(SHORT_BREAKS)
        return (
            episodes.group_by(CHILD)
            .agg(breaks.fill_null(False).any().alias("_break"))
            .filter(~pl.col("_break"))
            .select(CHILD)
        )

    # -- the tables ----------------------------------------------------------------------------

    def header(self, children: pl.DataFrame, looked_after: pl.DataFrame) -> pl.DataFrame:
        mothers = (
            self.f["mother_child"]
            .filter(
                pl.col("child_date_of_birth").is_null()
                | (pl.col("child_date_of_birth") <= self.end)
            )
            .group_by(pl.col("mother_id").alias(CHILD))
            .agg(pl.col("child_date_of_birth").min().alias("MC_DOB"), pl.lit(True).alias("_mother"))
        )
        sex = pl.col("sex")
        if self.year < 2025:  # the return coded sex 1 (male) and 2 (female) until 2023/24
            sex = pl.when(sex == "M").then(pl.lit("1")).when(sex == "F").then(pl.lit("2"))
        in_care = pl.col(CHILD).is_in(looked_after[CHILD].implode())
        is_mother = pl.col("_mother").fill_null(False) | pl.col("is_mother").fill_null(False)
        return (
            children.join(self.people, on=CHILD, how="left")
            .join(mothers, on=CHILD, how="left")
            .select(
                CHILD,
                sex.alias("SEX"),
                "DOB",
                pl.col("ethnicity").alias("ETHNIC"),
                pl.coalesce(
                    "upn", pl.when(pl.col("upn_unknown").is_in(UPN_UNKNOWN)).then("upn_unknown")
                ).alias("UPN"),
                pl.when(in_care & is_mother)
                .then(pl.lit("1"))
                .when(in_care & (pl.col("sex") == "F"))
                .then(pl.lit("0"))
                .alias("MOTHER"),
                pl.when(in_care & is_mother).then(pl.col("MC_DOB")).alias("MC_DOB"),
            )
            .sort(CHILD)
        )

    def reviews(self, header: pl.DataFrame) -> pl.DataFrame:
        reviews = self.f["cla_review"].filter(
            _within("review_date", self.start, self.end) & ~pl.col("cancelled").fill_null(False)
        )
        return self.with_dob(
            reviews.select(
                pl.col("person_id").alias(CHILD),
                pl.col("review_date").alias("REVIEW"),
                pl.col("participation").alias("REVIEW_CODE"),
            ),
            header,
        ).sort(CHILD, "REVIEW")

    def uasc(self, header: pl.DataFrame, looked_after: pl.DataFrame) -> pl.DataFrame:
        spans = (
            self.f["immigration_status"]
            .filter(
                (pl.col("status").str.strip_chars().str.to_uppercase() == "UASC")
                & (pl.col("start_date").is_null() | (pl.col("start_date") <= self.end))
                & (pl.col("end_date").is_null() | (pl.col("end_date") >= self.start))
            )
            .group_by(pl.col("person_id").alias(CHILD))
            .agg(
                pl.col("end_date").is_null().any().alias("_open"),
                pl.col("end_date").max().alias("_ended"),
            )
        )
        spans = spans.join(looked_after, on=CHILD, how="semi")
        return (
            spans.join(header.select(CHILD, "SEX", "DOB"), on=CHILD, how="inner")
            .select(
                CHILD,
                "SEX",
                "DOB",
                # the date the status ceases; while it lasts, the 18th birthday, when it must
                # (the convention rules 205A-D and 304 read DUC by)
                pl.when(~pl.col("_open"))
                .then("_ended")
                .otherwise(pl.col("DOB").dt.offset_by("18y"))
                .alias("DUC"),
            )
            .sort(CHILD)
        )

    def oc2(self, header: pl.DataFrame, cohort: pl.DataFrame) -> pl.DataFrame:
        start, end = self.start, self.end
        kids = self.with_dob(cohort, header).with_columns(
            age_on("DOB", end).alias("_age"), age_on("DOB", start).alias("_age_start")
        )
        in_year = {
            "health_check": _within("check_date", start, end)
            & (pl.col("status").str.to_lowercase() == "completed"),
            "sdq_score": _within("completed_date", start, end),
            "substance_misuse": _within("identified_date", start, end),
            "conviction": _within("offence_date", start, end),
        }
        checks = self.f["health_check"].filter(in_year["health_check"])

        def done(kinds: list[str], alias: str) -> pl.DataFrame:
            return (
                checks.filter(pl.col("check_type").str.to_lowercase().is_in(kinds))
                .select(pl.col("person_id").alias(CHILD))
                .unique()
                .with_columns(pl.lit(True).alias(alias))
            )

        sdq = (
            self.f["sdq_score"]
            .filter(
                in_year["sdq_score"]
                & (pl.col("score").is_not_null() | pl.col("reason").is_not_null())
            )
            .sort("completed_date", "id")
            .group_by(pl.col("person_id").alias(CHILD))
            .agg(pl.col("score").last().alias("_score"), pl.col("reason").last().alias("_reason"))
        )
        immunised = (
            self.f["immunisation"]
            .filter(pl.col("status_date").is_null() | (pl.col("status_date") <= end))
            .sort("status_date", "id", nulls_last=False)
            .group_by(pl.col("person_id").alias(CHILD))
            .agg(pl.col("up_to_date").last().alias("_immunised"))
        )
        misuse = (
            self.f["substance_misuse"]
            .filter(in_year["substance_misuse"])
            .group_by(pl.col("person_id").alias(CHILD))
            .agg(
                pl.lit(True).alias("_misuse"),
                pl.col("intervention_received").fill_null(False).any().alias("_received"),
                pl.col("intervention_offered").fill_null(False).any().alias("_offered"),
            )
        )
        convicted = (
            self.f["conviction"]
            .filter(in_year["conviction"])
            .select(pl.col("person_id").alias(CHILD))
            .unique()
            .with_columns(pl.lit(True).alias("_convicted"))
        )
        joined = kids
        for extra in (
            done(["health_check", "development_check"], "_health"),
            done(["dental_check"], "_teeth"),
            done(["health_assessment"], "_assessment"),
            sdq,
            immunised,
            misuse,
            convicted,
        ):
            joined = joined.join(extra, on=CHILD, how="left")
        # SDQ for those 4 or over at 31 March and 16 or under on 1 April (rules 186, 188, 189)
        sdq_age = (pl.col("_age") >= 4) & (pl.col("_age_start") <= 16)
        misused = pl.col("_misuse").fill_null(False)
        score = pl.when(sdq_age).then(pl.col("_score").cast(pl.String))
        return joined.select(
            CHILD,
            "DOB",
            score.alias("SDQ_SCORE"),
            pl.when(sdq_age & pl.col("_score").is_null()).then("_reason").alias("SDQ_REASON"),
            pl.when(pl.col("_age") >= 10)
            .then(_flag(pl.col("_convicted").fill_null(False)))
            .alias("CONVICTED"),
            pl.when(pl.col("_age") < 5)
            .then(_flag(pl.col("_health").fill_null(False)))
            .alias("HEALTH_CHECK"),
            _flag(pl.col("_immunised").fill_null(False)).alias("IMMUNISATIONS"),
            _flag(pl.col("_teeth").fill_null(False)).alias("TEETH_CHECK"),
            _flag(pl.col("_assessment").fill_null(False)).alias("HEALTH_ASSESSMENT"),
            _flag(misused).alias("SUBSTANCE_MISUSE"),
            pl.when(misused).then(_flag(pl.col("_received"))).alias("INTERVENTION_RECEIVED"),
            # offered is asked only of those who did not receive one (rule 158)
            pl.when(misused & ~pl.col("_received").fill_null(False))
            .then(_flag(pl.col("_offered")))
            .alias("INTERVENTION_OFFERED"),
        ).sort(CHILD)

    def oc3_children(self, all_episodes: pl.DataFrame) -> pl.DataFrame:
        """Care leavers whose 17th to 21st birthday fell in the year, with the contact nearest
        that birthday (within :data:`CONTACT_WINDOW_DAYS`)."""
        end = self.end
        people = self.people.select(CHILD, "DOB").with_columns(age_on("DOB", end).alias("_age"))
        people = people.filter((pl.col("_age") >= 17) & (pl.col("_age") <= 21)).with_columns(
            pl.col("DOB").dt.offset_by(pl.format("{}y", pl.col("_age"))).alias("_birthday")
        )
        # still looked after after the birthday: not yet a care leaver for it (rules 1007, 1016)
        still = (
            all_episodes.join(
                people.select(CHILD, "_birthday"), left_on="person_id", right_on=CHILD
            )
            .filter(
                (pl.col("start_date") <= pl.col("_birthday"))
                & (pl.col("end_date").is_null() | (pl.col("end_date") > pl.col("_birthday")))
            )
            .select(pl.col("person_id").alias(CHILD))
            .unique()
        )
        contacts = (
            self.f["care_leaver"]
            .rename({"person_id": CHILD})
            .join(people, on=CHILD, how="inner")
            .join(still, on=CHILD, how="anti")
            .with_columns(
                (pl.col("latest_contact_date") - pl.col("_birthday"))
                .dt.total_days()
                .abs()
                .alias("_gap")
            )
            .filter(pl.col("_gap") <= CONTACT_WINDOW_DAYS)
            .sort(CHILD, "_gap", "id")
            .group_by(CHILD, maintain_order=True)
            .first()
        )
        return contacts.select(
            CHILD,
            pl.col("in_touch").alias("IN_TOUCH"),
            pl.col("activity").alias("ACTIV"),
            pl.col("accommodation").alias("ACCOM"),
        )

    def ad1(self, header: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
        adopted = (
            episodes.filter(pl.col("REC").is_in(ADOPTED) & pl.col("DEC").is_not_null())
            .select(CHILD)
            .unique()
        )
        decisions = (
            self.f["permanence"]
            .rename({"person_id": CHILD})
            .join(adopted, on=CHILD, how="semi")
            .sort(CHILD, "order_date", "decision_date", "id", nulls_last=False)
            .group_by(CHILD, maintain_order=True)
            .last()
        )
        return self.with_dob(
            adopted.join(decisions, on=CHILD, how="left").select(
                CHILD,
                pl.col("decision_date").alias("DATE_INT"),
                pl.col("matched_date").alias("DATE_MATCH"),
                _flag(pl.col("adopted_by_carer")).alias("FOSTER_CARE"),
                pl.col("number_of_adopters").alias("NB_ADOPTR"),
                pl.col("adopter_sex").alias("SEX_ADOPTR"),
                pl.col("adopter_legal_status").alias("LS_ADOPTR"),
            ),
            header,
        ).sort(CHILD)

    def placed_adoption(self, header: pl.DataFrame, looked_after: pl.DataFrame) -> pl.DataFrame:
        end = self.end
        # a period of care that ended before the year takes its decision with it
        ended = (
            self.f["cla_episode"]
            .group_by("period_id")
            .agg(
                (
                    pl.col("end_date").is_not_null().all() & (pl.col("end_date").max() < self.start)
                ).alias("_ended")
            )
            .filter(pl.col("_ended") & pl.col("period_id").is_not_null())
        )
        decisions = (
            self.f["permanence"]
            .filter(
                pl.col("decision_date").is_not_null()
                & _open_in("decision_date", "decision_reversed_date", self.start, end)
                # an adoption order ends the decision
                & (pl.col("order_date").is_null() | (pl.col("order_date") >= self.start))
            )
            .join(ended, on="period_id", how="anti")
        )
        reversed_by_end = pl.col("decision_reversed_date") <= end
        return self.with_dob(
            decisions.rename({"person_id": CHILD})
            .join(looked_after, on=CHILD, how="semi")
            .select(
                CHILD,
                pl.col("decision_date").alias("DATE_PLACED"),
                pl.when(reversed_by_end).then("decision_reversed_date").alias("DATE_PLACED_CEASED"),
                pl.when(reversed_by_end)
                .then("decision_reversed_reason")
                .alias("REASON_PLACED_CEASED"),
            ),
            header,
        ).sort(CHILD, "DATE_PLACED")

    def prev_perm(self, header: pl.DataFrame, episodes: pl.DataFrame) -> pl.DataFrame:
        starters = (
            episodes.filter((pl.col("RNE") == "S") & (pl.col("DECOM") >= self.start))
            .select(CHILD)
            .unique()
        )
        latest = (
            self.f["previous_permanence"]
            .rename({"person_id": CHILD})
            .join(starters, on=CHILD, how="semi")
            .sort(CHILD, "id")
            .group_by(CHILD, maintain_order=True)
            .last()
        )
        return self.with_dob(
            latest.select(
                CHILD,
                pl.col("option").alias("PREV_PERM"),
                pl.col("arranged_by_la").alias("LA_PERM"),
                pl.col("order_date").alias("DATE_PERM"),
            ),
            header,
        ).sort(CHILD)

    def spans(
        self,
        table: str,
        header: pl.DataFrame,
        looked_after: pl.DataFrame,
        names: tuple[str, str],
        extra: Mapping[str, str] | None = None,
    ) -> pl.DataFrame:
        """Rows of ``table`` open at some time in the year, for children looked after in it."""
        start_name, end_name = names
        frame = (
            self.f[table]
            .filter(_open_in("start_date", "end_date", self.start, self.end))
            .rename({"person_id": CHILD})
            .join(looked_after, on=CHILD, how="semi")
        )
        columns = [pl.col(source).alias(target) for target, source in (extra or {}).items()]
        out = frame.select(
            CHILD,
            *columns,
            pl.col("start_date").alias(start_name),
            _by_31_march("end_date", self.end).alias(end_name),
        )
        return self.with_dob(out, header).sort(CHILD, start_name)

    def sw_episodes(self, header: pl.DataFrame, looked_after: pl.DataFrame) -> pl.DataFrame:
        workers = self.f["professional"].filter(pl.col("registration_number").is_not_null())
        involvement = self.f["involvement"].join(
            workers.rename({"id": "professional_id"}), on="professional_id", how="inner"
        )
        frame = (
            involvement.filter(_open_in("start_date", "end_date", self.start, self.end))
            .rename({"person_id": CHILD})
            .join(looked_after, on=CHILD, how="semi")
            .select(
                CHILD,
                pl.col("registration_number").str.strip_chars().alias("SW_ID"),
                pl.col("start_date").alias("SW_DECOM"),
                _by_31_march("end_date", self.end).alias("SW_DEC"),
                pl.col("change_reason").alias("SW_REASON"),
            )
        )
        return self.with_dob(frame, header).sort(CHILD, "SW_DECOM")

    # -- all of it -----------------------------------------------------------------------------

    def build(self) -> dict[str, pl.DataFrame]:
        episodes = self.episodes()
        looked_after = episodes.select(CHILD).unique()
        cohort = self.continuously_looked_after(episodes)
        oc3 = self.oc3_children(self.f["cla_episode"])
        children = pl.concat([looked_after, oc3.select(CHILD)]).unique()
        header = self.header(children, looked_after)
        tables: dict[str, pl.DataFrame] = {
            "Header": header,
            "Episodes": episodes,
            "Reviews": self.reviews(header),
            "UASC": self.uasc(header, looked_after),
            "OC2": self.oc2(header, cohort),
            "OC3": self.with_dob(oc3, header).sort(CHILD),
            "AD1": self.ad1(header, episodes),
            "PlacedAdoption": self.placed_adoption(header, looked_after),
            "PrevPerm": self.prev_perm(header, episodes),
            "Missing": self.spans(
                "missing_episode",
                header,
                looked_after,
                ("MIS_START", "MIS_END"),
                {"MISSING": "missing_type"},
            ),
            "SWEpisodes": self.sw_episodes(header, looked_after),
            "DoLo": self.spans(
                "deprivation_of_liberty", header, looked_after, ("DOLO_START", "DOLO_END")
            ),
        }
        return {
            spec.name: as_text(spec.name, tables[spec.name].select(BY_NAME[spec.name].columns))
            for spec in tables_for(self.year)
        }


def build_return(year: int, frames: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Every table of the year's SSDA903 return, as text frames in the DfE's column order.

    ``frames`` are the record's tables keyed by name (see
    :data:`~safehold.returns.ssda903.record_frames.READS`); tables not given are taken as empty.
    """
    if year not in SUPPORTED_YEARS:
        raise ValueError(
            f"collection year {year} is not supported: expected one of "
            f"{', '.join(map(str, SUPPORTED_YEARS))} (the year the collection ends)"
        )
    return _Builder(year, frames).build()


__all__ = ["build_return"]
