"""Rules 209, 210, 232, 301, 351 and 393: the child's Header (UPN, sex, date of birth, mother)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import birthday
from safehold.validate.ssda903.rules.r2__helpers import (
    HEADER_ROW,
    rows_of,
    with_header,
)

ssda903_rule = partial(rule, return_name="ssda903")


@ssda903_rule(
    "209",
    severity="error",
    message=(
        "Child looked after is of school age and should not have an unknown Unique Pupil Number "
        "(UPN) code of UN1."
    ),
    tables=["Header"],
    fields=["UPN", "DOB"],
    since=2025,
)
def un1_only_below_school_age(ctx: Context) -> pl.DataFrame:
    """UN1 (under school age) is wrong for a child who was 4 by 31 August of the year before
    the collection year began (e.g. 31/08/2024 for 2025/26): that child is of school age."""
    cutoff = dt.date(ctx.collection_start.year - 1, 8, 31)
    return ctx.table("Header").filter(
        (pl.col("UPN") == "UN1") & (birthday(pl.col("DOB"), 4) <= cutoff)
    )


@ssda903_rule(
    "210",
    severity="error",
    message=(
        "Children looked after for more than a week at 31 March should not have an unknown "
        "Unique Pupil Number (UPN) code of UN4."
    ),
    tables=["Header", "Episodes"],
    fields=["UPN", "DECOM"],
    since=2025,
)
def un4_only_when_newly_looked_after(ctx: Context) -> dict[str, pl.DataFrame]:
    """UN4 (newly looked after, UPN not yet known) fits only a child whose period of care began
    in the last week of the year (on or after 24 March).

    A child is looked after at 31 March when an episode is still open; their period of care began
    on the latest start of care (RNE ``S``) this year, or before the year if there is none.
    The community validator flags the opposite (UN4 with an episode starting after 24 March);
    this follows the rule's message.
    """
    week_before = dt.date(ctx.collection_end.year, 3, 24)
    episodes = ctx.table("Episodes")
    per_child = episodes.group_by("CHILD").agg(
        pl.col("DEC").is_null().any().alias("_open"),
        pl.col("DECOM").filter(pl.col("RNE") == "S").max().alias("_care_start"),
    )
    long_looked_after = per_child.filter(
        pl.col("_open") & (pl.col("_care_start").is_null() | (pl.col("_care_start") < week_before))
    )
    open_episodes = episodes.filter(pl.col("DEC").is_null()).join(
        long_looked_after, on="CHILD", how="semi"
    )
    merged = with_header(ctx, open_episodes, ["UPN"]).filter(pl.col("UPN") == "UN4")
    return rows_of(merged, {"Header": HEADER_ROW, "Episodes": ROW})


@ssda903_rule(
    "232",
    severity="query",
    message="Sex of the child/young person has been reported as unknown.",
    tables=["Header"],
    fields=["SEX"],
    since=2025,
)
def sex_unknown(ctx: Context) -> pl.DataFrame:
    return ctx.table("Header").filter(pl.col("SEX") == "U")


@ssda903_rule(
    "301",
    severity="error",
    message="Date of birth falls after the year ended.",
    tables=["Header"],
    fields=["DOB"],
    since=2025,
)
def born_after_year_end(ctx: Context) -> pl.DataFrame:
    return ctx.table("Header").filter(pl.col("DOB") > ctx.collection_end)


@ssda903_rule(
    "351",
    severity="error",
    message="Child was over 25 at the start of the current collection year.",
    tables=["Header"],
    fields=["DOB"],
    since=2025,
)
def over_25_at_year_start(ctx: Context) -> pl.DataFrame:
    """Over 25: the 25th birthday fell before the first day of the year."""
    return ctx.table("Header").filter(birthday(pl.col("DOB"), 25) < ctx.collection_start)


@ssda903_rule(
    "393",
    severity="error",
    message="Child is looked after but mother field is not completed.",
    tables=["Header"],
    fields=["MOTHER"],
    since=2025,
)
def mother_needed_for_looked_after_girls(ctx: Context) -> pl.DataFrame:
    """A girl (SEX ``F`` from 2024/25) with an episode other than short breaks (V3/V4) must
    have MOTHER."""
    looked_after = ctx.table("Episodes").filter(
        ~pl.col("LS").is_in(sorted(ctx.codes("short_breaks_legal_status"))).fill_null(False)
    )
    return (
        ctx.table("Header")
        .filter((pl.col("SEX") == "F") & pl.col("MOTHER").is_null())
        .join(looked_after.select("CHILD").unique(), on="CHILD", how="semi")
    )
