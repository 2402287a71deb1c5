"""Social worker episode rules (SWxxSTGx), on the SWEpisodes table (CSV returns only: the XML
return carries no social worker episodes, so these rules are then skipped).

Stage 1 rules (STG1) check single fields; stage 2 rules (STG2) check episodes against each other
and against the collection year. The social worker reporting period is the collection year
(1 April to 31 March): SW12STG2 asks, for a child looked after on 31 March, for "all social worker
episodes for the full previous year", the twelve months to that 31 March, and SW07STG2 asks that
an episode's end fall in the same period. (csc-validator-be-903 accepts, from 2024/25, end dates
from a year earlier; the DfE's wording gives one year, which Safehold follows.)
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.ssda903.common import CHILD, invalid_date, not_valid_code, ssda903_rule
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

SW = "SWEpisodes"
#: The DfE's fixed date from which SW_ID and SW_REASON are both required.
REASON_REQUIRED_FROM = dt.date(2023, 4, 1)
ID_PREFIXES = ("SW", "XX")
#: Change requested by the family: the new episode may overlap the old one (SW10STG2).
FAMILY_REQUEST = "FCONTA"
#: SW10STG2: a new episode may start up to this many days before the previous one ended.
OVERLAP_TOLERANCE = dt.timedelta(days=7)
#: SW11bSTG2: an episode ending within this many days before 31 March needs a successor.
LATE_END_WINDOW = dt.timedelta(days=5)


def _reporting_start(ctx: Context) -> dt.date:
    """Start of the social worker reporting period: the first day of the collection year."""
    return ctx.collection_start


def _ordered(ctx: Context) -> pl.DataFrame:
    """Each child's social worker episodes with a valid SW_DECOM, in order of it, with the
    previous episode's SW_DEC and whether the episode is the child's latest (built once a run)."""
    return ctx.memo("r6.sw_ordered", lambda: _build_ordered(ctx))


def _build_ordered(ctx: Context) -> pl.DataFrame:
    # Rows are sorted by CHILD (never blank here), so a child's neighbours are the adjacent rows.
    return (
        ctx.table(SW)
        .filter(pl.col(CHILD).is_not_null() & pl.col("SW_DECOM").is_not_null())
        .sort([CHILD, "SW_DECOM", "SW_DEC", ROW], nulls_last=True)
        .with_columns(
            pl.when(pl.col(CHILD).shift(1) == pl.col(CHILD))
            .then(pl.col("SW_DEC").shift(1))
            .alias("_prev_dec"),
            (pl.col(CHILD).shift(-1) != pl.col(CHILD)).fill_null(True).alias("_is_last"),
        )
    )


def _last_episodes(ctx: Context) -> pl.DataFrame:
    """Each child's latest social worker episode by SW_DECOM (episodes with no valid start are
    ignored)."""
    return ctx.memo(
        "r6.sw_last",
        lambda: (
            ctx.table(SW)
            .filter(pl.col(CHILD).is_not_null() & pl.col("SW_DECOM").is_not_null())
            .sort([CHILD, "SW_DECOM", ROW])
            .group_by(CHILD, maintain_order=True)
            .last()
        ),
    )


@ssda903_rule(
    "SW01aSTG1",
    severity="error",
    message=MESSAGES["SW01aSTG1"],
    tables=[SW],
    fields=["SW_DECOM", "SW_ID"],
    since=2025,
)
def sw_complete_before_april_2023(ctx: Context) -> pl.DataFrame:
    """Every episode needs SW_DECOM; one starting before 1 April 2023 also needs SW_ID."""
    return ctx.table(SW).filter(
        pl.col("SW_DECOM__text").is_null()
        | ((pl.col("SW_DECOM") < REASON_REQUIRED_FROM) & pl.col("SW_ID").is_null())
    )


@ssda903_rule(
    "SW01bSTG1",
    severity="error",
    message=MESSAGES["SW01bSTG1"],
    tables=[SW],
    fields=["SW_DECOM", "SW_ID", "SW_REASON"],
    since=2025,
)
def sw_complete_from_april_2023(ctx: Context) -> pl.DataFrame:
    """Every episode needs SW_DECOM; one starting on or after 1 April 2023 also needs SW_ID
    and SW_REASON."""
    return ctx.table(SW).filter(
        pl.col("SW_DECOM__text").is_null()
        | (
            (pl.col("SW_DECOM") >= REASON_REQUIRED_FROM)
            & (pl.col("SW_ID").is_null() | pl.col("SW_REASON").is_null())
        )
    )


@ssda903_rule(
    "SW02STG1",
    severity="error",
    message=MESSAGES["SW02STG1"],
    tables=[SW],
    fields=["SW_ID"],
    since=2025,
)
def sw_id_prefix(ctx: Context) -> pl.DataFrame:
    """SW_ID must be given and start with SW or XX."""
    prefixed = pl.any_horizontal(pl.col("SW_ID").str.starts_with(p) for p in ID_PREFIXES)
    return ctx.table(SW).filter(~prefixed.fill_null(False))


@ssda903_rule(
    "SW04STG1",
    severity="error",
    message=MESSAGES["SW04STG1"],
    tables=[SW],
    fields=["SW_DECOM"],
    since=2025,
)
def sw_start_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table(SW).filter(invalid_date("SW_DECOM"))


@ssda903_rule(
    "SW05STG1",
    severity="error",
    message=MESSAGES["SW05STG1"],
    tables=[SW],
    fields=["SW_DEC"],
    since=2025,
)
def sw_end_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table(SW).filter(invalid_date("SW_DEC"))


@ssda903_rule(
    "SW06STG2",
    severity="error",
    message=MESSAGES["SW06STG2"],
    tables=[SW],
    fields=["SW_DECOM"],
    since=2025,
)
def sw_start_by_year_end(ctx: Context) -> pl.DataFrame:
    """An episode cannot start after 31 March (it may have started long before the year)."""
    return ctx.table(SW).filter(pl.col("SW_DECOM") > ctx.collection_end)


@ssda903_rule(
    "SW07STG2",
    severity="error",
    message=MESSAGES["SW07STG2"],
    tables=[SW],
    fields=["SW_DEC"],
    since=2025,
)
def sw_end_in_reporting_period(ctx: Context) -> pl.DataFrame:
    return ctx.table(SW).filter(
        ~pl.col("SW_DEC").is_between(_reporting_start(ctx), ctx.collection_end)
    )


@ssda903_rule(
    "SW08STG2",
    severity="error",
    message=MESSAGES["SW08STG2"],
    tables=[SW],
    fields=["SW_DEC"],
    since=2025,
)
def sw_earlier_episodes_closed(ctx: Context) -> pl.DataFrame:
    """Every episode but a child's latest must have ended."""
    return _ordered(ctx).filter(
        ~pl.col("_is_last") & pl.col("SW_DECOM").is_not_null() & pl.col("SW_DEC__text").is_null()
    )


@ssda903_rule(
    "SW09STG2",
    severity="error",
    message=MESSAGES["SW09STG2"],
    tables=[SW],
    fields=["SW_DECOM", "SW_DEC"],
    since=2025,
)
def sw_episode_at_least_a_day(ctx: Context) -> pl.DataFrame:
    return ctx.table(SW).filter(pl.col("SW_DEC") == pl.col("SW_DECOM"))


@ssda903_rule(
    "SW10STG2",
    severity="error",
    message=MESSAGES["SW10STG2"],
    tables=[SW],
    fields=["SW_DECOM"],
    since=2025,
)
def sw_no_overlap(ctx: Context) -> pl.DataFrame:
    """An episode may start no more than 7 days before the previous one ended, unless the
    family asked for the change (FCONTA)."""
    return _ordered(ctx).filter(
        (pl.col("SW_DECOM") < pl.col("_prev_dec") - OVERLAP_TOLERANCE)
        & (pl.col("SW_REASON").is_null() | (pl.col("SW_REASON") != FAMILY_REQUEST))
    )


@ssda903_rule(
    "SW11bSTG2",
    severity="error",
    message=MESSAGES["SW11bSTG2"],
    tables=[SW],
    fields=["SW_DEC"],
    since=2025,
)
def sw_successor_after_late_end(ctx: Context) -> pl.DataFrame:
    """A child's latest episode ending in the last 5 days of the year needs a successor."""
    return _last_episodes(ctx).filter(
        pl.col("SW_DEC").is_between(ctx.collection_end - LATE_END_WINDOW, ctx.collection_end)
    )


@ssda903_rule(
    "SW12STG2",
    severity="error",
    message=MESSAGES["SW12STG2"],
    tables=[SW, "Episodes"],
    fields=["SW_DECOM"],
    since=2025,
)
def sw_full_year_for_children_in_care(ctx: Context) -> dict[str, pl.DataFrame]:
    """A child looked after on 31 March (an open episode, not a short break) needs every social
    worker episode of the year reported, including those from before the child was looked after.

    A validator cannot see when a child first had a social worker, only the earliest sign of
    it in the return: being looked after. So the child's social worker episodes must reach back
    to the latest of the start of the reporting period, the child's birth, and the start of the
    child's first episode of care in the period (one that had not ended before it began). A child
    looked after since June with a social worker since June passes; one looked after all year
    whose first social worker episode began in June does not.

    The child's earliest social worker episode is flagged; a child with none has its open
    episode flagged.
    """
    start = _reporting_start(ctx)
    short_breaks = sorted(ctx.codes("short_breaks_legal_status"))
    episodes = ctx.table("Episodes").filter(pl.col(CHILD).is_not_null())
    in_care = episodes.filter(
        (pl.col("DECOM") <= ctx.collection_end)
        & pl.col("DEC__text").is_null()
        & ~pl.col("LS").is_in(short_breaks).fill_null(False)
    ).unique(CHILD, keep="first", maintain_order=True)
    care_from = (
        episodes.filter(
            pl.col("DECOM").is_not_null() & (pl.col("DEC").is_null() | (pl.col("DEC") >= start))
        )
        .group_by(CHILD)
        .agg(pl.col("DECOM").min().alias("_care_from"))
    )
    dob = ctx.table("Header").select(CHILD, pl.col("DOB").alias("_dob")).unique(CHILD)
    first_sw = (
        ctx.table(SW)
        .filter(pl.col(CHILD).is_not_null() & pl.col("SW_DECOM").is_not_null())
        .sort([CHILD, "SW_DECOM", ROW])
        .group_by(CHILD, maintain_order=True)
        .first()
    )
    due = pl.max_horizontal(pl.lit(start), pl.col("_dob"), pl.col("_care_from"))
    late = (
        first_sw.join(in_care.select(CHILD), on=CHILD, how="semi")
        .join(dob, on=CHILD, how="left")
        .join(care_from, on=CHILD, how="left")
        .filter(pl.col("SW_DECOM") > due)
    )
    none = in_care.join(ctx.table(SW).select(CHILD), on=CHILD, how="anti")
    return {SW: late, "Episodes": none}


@ssda903_rule(
    "SW13STG1",
    severity="error",
    message=MESSAGES["SW13STG1"],
    tables=[SW],
    fields=["SW_REASON"],
    since=2025,
)
def sw_reason_valid(ctx: Context) -> pl.DataFrame:
    """SW_REASON must be a valid code; it may be blank only for an episode that started before
    1 April 2023."""
    return ctx.table(SW).filter(
        not_valid_code("SW_REASON", ctx.codes("social_worker_change_reason"), blank_ok=True)
        | (pl.col("SW_REASON").is_null() & (pl.col("SW_DECOM") >= REASON_REQUIRED_FROM))
    )


@ssda903_rule(
    "SW17STG2",
    severity="error",
    message=MESSAGES["SW17STG2"],
    tables=[SW],
    fields=["SW_DEC", "SW_DECOM"],
    since=2026,
)
def sw_open_at_year_end(ctx: Context) -> pl.DataFrame:
    """Each child's latest social worker episode must still be open (no SW_DEC)."""
    return _last_episodes(ctx).filter(pl.col("SW_DEC__text").is_not_null())
