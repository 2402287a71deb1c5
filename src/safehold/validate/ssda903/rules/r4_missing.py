"""SSDA903 rules 564 to 586 on missing or away-without-authorisation periods: their own dates and
type, how periods follow each other, and how they sit within the child's periods of care.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW, TEXT_SUFFIX
from safehold.validate.ssda903.common import CHILD, birthday, ssda903_rule
from safehold.validate.ssda903.rules.r4__helpers import PREV, with_neighbours

#: Far enough ahead to stand for "not ended yet" in date comparisons.
OPEN_END = pl.date(9999, 12, 31)


def _given(column: str) -> pl.Expr:
    """The cell was filled in (a valid date or not)."""
    return pl.col(column + TEXT_SUFFIX).is_not_null()


def periods_of_care(ctx: Context) -> pl.DataFrame:
    """Each child's periods of care: ``CHILD``, ``POC_START``, ``POC_END`` (null while open).

    A period runs on through episodes that ended ``X1`` (a new episode the same day) and ends
    with the first episode that ended for any other reason.
    """
    eps = with_neighbours(ctx.table("Episodes").filter(pl.col("DECOM").is_not_null()), ["REC"])
    starts = pl.col("REC" + PREV).ne_missing("X1")
    return (
        # Rows are grouped by child and each child's first row starts a period, so one running
        # count over the whole frame numbers every child's periods apart (no window per child).
        eps.with_columns(starts.cast(pl.Int32).cum_sum().alias("_period"))
        .group_by(CHILD, "_period", maintain_order=True)
        .agg(pl.col("DECOM").first().alias("POC_START"), pl.col("DEC").last().alias("POC_END"))
        .drop("_period")
    )


def missing_against_care(ctx: Context) -> pl.DataFrame:
    """Each Missing row with a start date, and where that start falls against the child's
    periods of care: ``_within`` (inside one), ``_after_end`` (after the end of one, and in none),
    ``_within_ended`` (inside one that has ended). Worked out once a run."""
    return ctx.memo("r4.missing_against_care", lambda: _missing_against_care(ctx))


def _missing_against_care(ctx: Context) -> pl.DataFrame:
    missing = ctx.table("Missing").filter(pl.col("MIS_START").is_not_null())
    pairs = missing.select(ROW, CHILD, "MIS_START").join(periods_of_care(ctx), on=CHILD, how="left")
    within = (pl.col("MIS_START") >= pl.col("POC_START")) & (
        pl.col("MIS_START") <= pl.col("POC_END").fill_null(OPEN_END)
    )
    after_end = pl.col("POC_END").is_not_null() & (pl.col("MIS_START") > pl.col("POC_END"))
    summary = pairs.group_by(ROW).agg(
        within.fill_null(False).any().alias("_within"),
        after_end.fill_null(False).any().alias("_after_end"),
        (within & pl.col("POC_END").is_not_null()).fill_null(False).any().alias("_within_ended"),
    )
    return missing.join(summary, on=ROW, how="left")


@ssda903_rule(
    "564",
    severity="error",
    message=(
        "Child was missing or away from placement without authorisation and the date started is "
        "blank."
    ),
    tables=["Missing"],
    fields=["MISSING", "MIS_START"],
    since=2025,
)
def missing_without_start(ctx: Context) -> pl.DataFrame:
    kinds = sorted(ctx.codes("missing_type"))
    missing = ctx.table("Missing")
    return missing.filter(pl.col("MISSING").is_in(kinds) & ~_given("MIS_START"))


@ssda903_rule(
    "565",
    severity="error",
    message=(
        "The date that the child started to be missing or away from placement without "
        "authorisation has been completed but whether the child was missing or away from "
        "placement without authorisation has not been completed."
    ),
    tables=["Missing"],
    fields=["MISSING", "MIS_START"],
    since=2025,
)
def start_without_type(ctx: Context) -> pl.DataFrame:
    missing = ctx.table("Missing")
    return missing.filter(_given("MIS_START") & pl.col("MISSING").is_null())


@ssda903_rule(
    "566",
    severity="error",
    message=(
        "The date that the child's episode of being missing or away from placement without "
        "authorisation ended has been completed but whether the child was missing or away "
        "without authorisation has not been completed."
    ),
    tables=["Missing"],
    fields=["MISSING", "MIS_END"],
    since=2025,
)
def end_without_type(ctx: Context) -> pl.DataFrame:
    missing = ctx.table("Missing")
    return missing.filter(_given("MIS_END") & pl.col("MISSING").is_null())


@ssda903_rule(
    "567",
    severity="error",
    message=(
        "The date that the missing episode or episode that the child was away from placement "
        "without authorisation ended is before the date that it started."
    ),
    tables=["Missing"],
    fields=["MIS_START", "MIS_END"],
    since=2025,
)
def ends_before_start(ctx: Context) -> pl.DataFrame:
    missing = ctx.table("Missing")
    return missing.filter(pl.col("MIS_END") < pl.col("MIS_START"))


@ssda903_rule(
    "570",
    severity="error",
    message=(
        "The date that the child started to be missing or away from placement without "
        "authorisation is after the end of the collection year."
    ),
    tables=["Missing"],
    fields=["MIS_START"],
    since=2025,
)
def starts_after_year(ctx: Context) -> pl.DataFrame:
    missing = ctx.table("Missing")
    return missing.filter(pl.col("MIS_START") > ctx.collection_end)


@ssda903_rule(
    "571",
    severity="error",
    message=(
        "The date that the child ceased to be missing or away from placement without "
        "authorisation is before the start or after the end of the collection year."
    ),
    tables=["Missing"],
    fields=["MIS_END"],
    since=2025,
)
def ends_outside_year(ctx: Context) -> pl.DataFrame:
    missing = ctx.table("Missing")
    end = pl.col("MIS_END")
    return missing.filter((end < ctx.collection_start) | (end > ctx.collection_end))


@ssda903_rule(
    "574",
    severity="error",
    message=(
        "A new missing/away from placement without authorisation period cannot start when the "
        "previous missing/away from placement without authorisation period is still open. "
        "Missing/away from placement without authorisation periods should also not overlap."
    ),
    tables=["Missing"],
    fields=["MIS_START", "MIS_END"],
    since=2025,
)
def overlapping_missing_periods(ctx: Context) -> pl.DataFrame:
    # Periods in order of when they ended (an open one by its start), so that an open period
    # followed by another is caught as well as one period starting inside the last.
    missing = ctx.table("Missing").with_columns(
        pl.coalesce("MIS_END", "MIS_START").alias("_order_end")
    )
    ordered = with_neighbours(missing, ["MIS_END"], order=("_order_end", "MIS_START"))
    ordered = ordered.filter(pl.col(ROW + PREV).is_not_null())
    previous_end = pl.col("MIS_END" + PREV)
    return ordered.filter(
        previous_end.is_null() | (pl.col("MIS_START") < previous_end).fill_null(False)
    )


@ssda903_rule(
    "575",
    severity="error",
    message=(
        "If the placement from which the child goes missing/away from placement without "
        "authorisation ends, the missing/away from placement without authorisation period in the "
        "missing module must also have an end date."
    ),
    tables=["Missing"],
    fields=["MIS_END"],
    since=2025,
)
def open_missing_from_ended_placement(ctx: Context) -> pl.DataFrame:
    ended = ctx.table("Episodes").filter(pl.col("DEC").is_not_null()).select(CHILD, "DECOM", "DEC")
    missing = ctx.table("Missing").filter(pl.col("MIS_START").is_not_null() & ~_given("MIS_END"))
    pairs = missing.join(ended, on=CHILD, how="inner")
    return pairs.filter(
        (pl.col("MIS_START") >= pl.col("DECOM")) & (pl.col("MIS_START") <= pl.col("DEC"))
    )


@ssda903_rule(
    "576",
    severity="error",
    message=(
        "There is an open missing/away from placement without authorisation period in last "
        "year’s return and there is no corresponding period recorded at the start of this year."
    ),
    tables=["Missing", "Header"],
    fields=["CHILD", "MIS_START"],
    since=2025,
    needs=["previous"],
)
def open_missing_not_carried_over(ctx: Context) -> dict[str, pl.DataFrame]:
    last_open = (
        ctx.previous("Missing")
        .filter(pl.col("MIS_START").is_not_null() & ~_given("MIS_END"))
        .sort([CHILD, "MIS_START"], descending=[False, True])
        .group_by(CHILD, maintain_order=True)
        .first()
        .select(CHILD, pl.col("MIS_START").alias("_last_start"))
    )
    missing = ctx.table("Missing")
    earliest = (
        missing.sort([CHILD, "MIS_START", ROW], nulls_last=True)
        .group_by(CHILD, maintain_order=True)
        .first()
    )
    differs = earliest.join(last_open, on=CHILD, how="inner").filter(
        pl.col("MIS_START").ne_missing(pl.col("_last_start"))
    )
    # A child still in this year's return with no missing period at all has not carried it on.
    absent = (
        ctx.table("Header")
        .join(last_open, on=CHILD, how="semi")
        .join(missing.select(CHILD), on=CHILD, how="anti")
    )
    return {"Missing": differs, "Header": absent}


@ssda903_rule(
    "577",
    severity="error",
    message=(
        "Child ceased to be looked after but there is a missing/away from placement without "
        "authorisation period without an end date."
    ),
    tables=["Missing"],
    fields=["MIS_END"],
    since=2025,
)
def open_missing_after_leaving_care(ctx: Context) -> pl.DataFrame:
    missing = missing_against_care(ctx)
    return missing.filter(pl.col("_within_ended") & ~_given("MIS_END"))


@ssda903_rule(
    "578",
    severity="error",
    message="The date that the child started to be missing is after the child ceased to be looked after.",
    tables=["Missing"],
    fields=["MIS_START"],
    since=2025,
)
def missing_after_leaving_care(ctx: Context) -> pl.DataFrame:
    missing = missing_against_care(ctx)
    return missing.filter(~pl.col("_within") & pl.col("_after_end"))


@ssda903_rule(
    "580",
    severity="error",
    message="Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
    tables=["Episodes"],
    fields=["REC"],
    since=2025,
)
def missing_at_18_not_e8(ctx: Context) -> pl.DataFrame:
    # A child still missing on their 18th birthday leaves care that day, for "any other reason".
    at_18 = ctx.table("Missing").filter(pl.col("MIS_END") == birthday("DOB", 18))
    ended = at_18.select(CHILD, pl.col("MIS_END").alias("DEC")).unique()
    eps = ctx.table("Episodes").join(ended, on=[CHILD, "DEC"], how="semi")
    return eps.filter(pl.col("REC").ne_missing("E8"))


@ssda903_rule(
    "581",
    severity="error",
    message="Child is missing but has not yet started to be looked after.",
    tables=["Missing"],
    fields=["MIS_START"],
    since=2025,
)
def missing_before_care(ctx: Context) -> pl.DataFrame:
    missing = missing_against_care(ctx)
    return missing.filter(~pl.col("_within") & ~pl.col("_after_end"))


@ssda903_rule(
    "586",
    severity="error",
    message="Dates of missing periods are before child’s date of birth.",
    tables=["Missing"],
    fields=["MIS_START"],
    since=2025,
)
def missing_before_birth(ctx: Context) -> pl.DataFrame:
    missing = ctx.table("Missing")
    return missing.filter(pl.col("MIS_START") <= pl.col("DOB"))
