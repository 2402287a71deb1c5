"""Care leaver rules (1000-1016, 3001): who may have care leaver (OC3) information, and what
other data a child with no episodes this year may have.

"Care leaver information" means any of IN_TOUCH, ACTIV and ACCOM filled in. Rules that look at
last year's episodes say so with ``needs=["previous"]``; like the DfE's own checks, they can only
see the two years given, so a child whose care ended earlier may be reported wrongly (the DfE
messages carry that note).
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import (
    CHILD,
    age_on,
    any_present,
    birthday,
    last_episodes,
    ssda903_rule,
)
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

OC3 = "OC3"
CARE_LEAVER_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
#: Rule 1001: a relevant child was looked after at least 13 weeks from age 14, some of it at 16+.
RELEVANT_DAYS_FROM_14 = 91
DIED = "E2"
TRANSFERRED = "E3"
#: Tables rule 1012 checks for children with no episodes this year.
CHILD_TABLES = ("PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2")


def _care_leavers(ctx: Context) -> pl.DataFrame:
    """OC3 rows with care leaver information filled in."""
    return ctx.table(OC3).filter(any_present(CARE_LEAVER_FIELDS))


def _leavers_aged_17_or_18(ctx: Context) -> pl.DataFrame:
    """Care leavers aged 17 or 18 on 31 March, with ``_bday``: their latest birthday by then.

    The date of birth is OC3's, else the Header's.
    """
    header_dob = ctx.table("Header").select(CHILD, pl.col("DOB").alias("_header_dob"))
    return (
        _care_leavers(ctx)
        .join(header_dob.unique(CHILD, keep="first"), on=CHILD, how="left")
        .with_columns(pl.coalesce("DOB", "_header_dob").alias("_dob"))
        .with_columns(age_on("_dob", ctx.collection_end).alias("_age"))
        .filter(pl.col("_age").is_in([17, 18]))
        .with_columns(pl.col("_dob").dt.offset_by(pl.format("{}y", pl.col("_age"))).alias("_bday"))
    )


def _children(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(CHILD).drop_nulls().unique()


def _both_years_episodes(ctx: Context) -> pl.DataFrame:
    """This year's and last year's episodes, each (CHILD, DECOM) once, preferring a row that
    gives a DEC (last year's copy of an episode may still have been open)."""
    columns = [CHILD, "DECOM", "DEC", "LS", "REC"]
    both = pl.concat(
        [ctx.table("Episodes").select(columns), ctx.previous("Episodes").select(columns)]
    )
    return (
        both.filter(pl.col(CHILD).is_not_null() & pl.col("DECOM").is_not_null())
        .sort([CHILD, "DECOM", "DEC"], nulls_last=True)
        .unique([CHILD, "DECOM"], keep="first", maintain_order=True)
    )


@ssda903_rule(
    "1000",
    severity="error",
    message=MESSAGES["1000"],
    tables=[OC3],
    fields=list(CARE_LEAVER_FIELDS),
    since=2025,
)
def no_care_leaver_info_for_child_who_died(ctx: Context) -> pl.DataFrame:
    """Episodes ending E2 (died) this year, or last year when last year's return is given."""
    died = ctx.table("Episodes").filter(pl.col("REC") == DIED).select(CHILD)
    if ctx.has_previous():
        died = pl.concat(
            [died, ctx.previous("Episodes").filter(pl.col("REC") == DIED).select(CHILD)]
        )
    return _care_leavers(ctx).join(_children(died), on=CHILD, how="semi")


@ssda903_rule(
    "1001",
    severity="error",
    message=MESSAGES["1001"],
    tables=[OC3],
    fields=list(CARE_LEAVER_FIELDS),
    since=2025,
    needs=["previous"],
)
def care_leaver_was_relevant_child(ctx: Context) -> pl.DataFrame:
    """Care leaver information needs a relevant or former relevant child: looked after for at
    least 13 weeks (91 days) from the 14th birthday, at least a day of it from the 16th, not
    counting short breaks (LS V3/V4), and not adopted at the end of the latest episode.

    The latest episode, if still open, counts to 31 March. Children whose date of birth is not
    known are not judged.
    """
    episodes = _both_years_episodes(ctx)
    latest = episodes.group_by(CHILD, maintain_order=True).last()
    adopted = latest.filter(pl.col("REC").is_in(sorted(ctx.codes("adoption_reason_ceased"))))
    latest_open = latest.filter(pl.col("DEC").is_null()).select(CHILD, "DECOM", _open=pl.lit(True))
    dob = ctx.table("Header").filter(pl.col("DOB").is_not_null()).select(CHILD, "DOB")
    counted = (
        episodes.filter(
            ~pl.col("LS").is_in(sorted(ctx.codes("short_breaks_legal_status"))).fill_null(False)
        )
        .join(latest_open, on=[CHILD, "DECOM"], how="left")
        .with_columns(
            pl.when(pl.col("_open")).then(pl.lit(ctx.collection_end)).otherwise("DEC").alias("DEC")
        )
        .join(dob.unique(CHILD, keep="first"), on=CHILD, how="inner")
    )

    def days_from(age: int) -> pl.Expr:
        since = pl.max_horizontal("DECOM", birthday("DOB", age))
        return (pl.col("DEC") - since).dt.total_days().clip(lower_bound=0).sum()

    totals = counted.group_by(CHILD).agg(
        days_from(14).alias("_from14"), days_from(16).alias("_from16")
    )
    relevant = totals.filter(
        (pl.col("_from14") >= RELEVANT_DAYS_FROM_14) & (pl.col("_from16") >= 1)
    )
    not_relevant = dob.join(relevant, on=CHILD, how="anti")
    failing = pl.concat([_children(adopted), _children(not_relevant)])
    return _care_leavers(ctx).join(failing, on=CHILD, how="semi")


@ssda903_rule(
    "1002",
    severity="error",
    message=MESSAGES["1002"],
    tables=[OC3],
    fields=list(CARE_LEAVER_FIELDS),
    since=2025,
    needs=["previous"],
)
def care_leaver_had_episodes(ctx: Context) -> pl.DataFrame:
    return (
        _care_leavers(ctx)
        .join(ctx.table("Episodes").select(CHILD), on=CHILD, how="anti")
        .join(ctx.previous("Episodes").select(CHILD), on=CHILD, how="anti")
    )


@ssda903_rule(
    "1007",
    severity="error",
    message=MESSAGES["1007"],
    tables=[OC3],
    fields=list(CARE_LEAVER_FIELDS),
    since=2025,
)
def no_care_leaver_info_when_looked_after_on_birthday(ctx: Context) -> pl.DataFrame:
    """A young person aged 17 or 18 on 31 March who was looked after on their latest birthday
    (an episode began on or before it and had not ended by it) is not yet a care leaver."""
    leavers = _leavers_aged_17_or_18(ctx)
    bday = leavers.select(CHILD, "_bday")
    episodes = ctx.table("Episodes").select(CHILD, "DECOM", "DEC")
    in_care = episodes.join(bday, on=CHILD, how="inner").filter(
        (pl.col("DECOM") <= pl.col("_bday"))
        & (pl.col("DEC").is_null() | (pl.col("DEC") > pl.col("_bday")))
    )
    return leavers.join(_children(in_care), on=CHILD, how="semi")


@ssda903_rule(
    "1010",
    severity="error",
    message=MESSAGES["1010"],
    tables=[OC3],
    fields=list(CARE_LEAVER_FIELDS),
    since=2025,
    needs=["previous"],
)
def care_leaver_missing_this_years_episodes(ctx: Context) -> pl.DataFrame:
    """Last year's latest episode was still open, yet this year has no episodes but OC3 data."""
    open_last_year = last_episodes(ctx, previous=True).filter(pl.col("DEC__text").is_null())
    return (
        _care_leavers(ctx)
        .join(ctx.table("Episodes").select(CHILD), on=CHILD, how="anti")
        .join(_children(open_last_year), on=CHILD, how="semi")
    )


@ssda903_rule(
    "1011",
    severity="error",
    message=MESSAGES["1011"],
    tables=[OC3],
    fields=list(CARE_LEAVER_FIELDS),
    since=2025,
)
def no_care_leaver_info_after_transfer(ctx: Context) -> pl.DataFrame:
    """The latest episode ended E3 (care transferred to another authority)."""
    transferred = last_episodes(ctx).filter(pl.col("REC") == TRANSFERRED)
    return _care_leavers(ctx).join(_children(transferred), on=CHILD, how="semi")


@ssda903_rule(
    "1012",
    severity="error",
    message=MESSAGES["1012"],
    tables=list(CHILD_TABLES),
    fields=["CHILD"],
    since=2025,
)
def no_other_data_without_episodes(ctx: Context) -> dict[str, pl.DataFrame]:
    """A child with no episodes this year (an OC3-only care leaver) has no rows in the tables
    about care: PlacedAdoption, Missing, Reviews, AD1, PrevPerm, OC2."""
    with_episodes = _children(ctx.table("Episodes"))
    return {
        name: ctx.table(name).join(with_episodes, on=CHILD, how="anti") for name in CHILD_TABLES
    }


@ssda903_rule(
    "1014",
    severity="error",
    message=MESSAGES["1014"],
    tables=["UASC", OC3],
    fields=["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
    since=2025,
)
def no_uasc_for_care_leavers(ctx: Context) -> dict[str, pl.DataFrame]:
    """A care leaver not looked after at any time in the year needs no UASC row."""
    looked_after = ctx.table("Episodes").filter(
        (pl.col("DECOM") <= ctx.collection_end)
        & (pl.col("DEC").is_null() | (pl.col("DEC") >= ctx.collection_start))
    )
    leavers = _care_leavers(ctx).join(_children(looked_after), on=CHILD, how="anti")
    uasc = ctx.table("UASC").join(_children(leavers), on=CHILD, how="semi")
    return {"UASC": uasc, OC3: leavers.join(_children(uasc), on=CHILD, how="semi")}


@ssda903_rule(
    "1016",
    severity="error",
    message=MESSAGES["1016"],
    tables=[OC3],
    fields=list(CARE_LEAVER_FIELDS),
    since=2025,
)
def no_care_leaver_info_when_leaving_after_birthday(ctx: Context) -> pl.DataFrame:
    """Aged 17 on 31 March and an episode ended on or after the 17th birthday, or aged 18 and
    one ended on or after the 18th: the young person is not yet a care leaver."""
    leavers = _leavers_aged_17_or_18(ctx)
    ages = leavers.select(CHILD, "_bday")
    after = (
        ctx.table("Episodes")
        .select(CHILD, "DEC")
        .join(ages, on=CHILD, how="inner")
        .filter(pl.col("DEC") >= pl.col("_bday"))
    )
    return leavers.join(_children(after), on=CHILD, how="semi")


@ssda903_rule(
    "3001",
    severity="error",
    message=MESSAGES["3001"],
    tables=[OC3],
    fields=["ACCOM"],
    since=2025,
)
def no_former_foster_carers_at_seventeen(ctx: Context) -> pl.DataFrame:
    """A young person whose 17th birthday falls in the year cannot be living with former
    foster carers (ACCOM Z1/Z2): that arrangement starts at 18."""
    header_dob = ctx.table("Header").select(CHILD, pl.col("DOB").alias("_header_dob"))
    seventeenth = birthday(pl.coalesce("_header_dob", "DOB"), 17)
    return (
        ctx.table(OC3)
        .join(header_dob.unique(CHILD, keep="first"), on=CHILD, how="left")
        .filter(
            pl.col("ACCOM").is_in(sorted(ctx.codes("former_foster_carer_accommodation")))
            & seventeenth.is_between(ctx.collection_start, ctx.collection_end)
        )
    )
