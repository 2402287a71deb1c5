"""Rules 141–149, 178 and 199: each episode's dates and codes, and the order of episodes."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.ssda903.common import (
    CHILD,
    invalid_date,
    missing_or_invalid_date,
    not_valid_code,
    partly_filled,
    ssda903_rule,
)

#: Reasons an episode ceased that mean the child was adopted.
ADOPTED = ("E11", "E12")


@ssda903_rule(
    "141",
    severity="error",
    message="Date episode began is not a valid date.",
    tables=["Episodes"],
    fields=["DECOM"],
    since=2025,
)
def episode_start_valid(ctx: Context) -> pl.DataFrame:
    """Every episode has a start date, so a blank DECOM is as wrong as an unreadable one."""
    return ctx.table("Episodes").filter(missing_or_invalid_date("DECOM"))


@ssda903_rule(
    "142",
    severity="error",
    message="A new episode has started, but the previous episode has not ended.",
    tables=["Episodes"],
    fields=["DEC", "REC"],
    since=2025,
)
def earlier_episodes_ended(ctx: Context) -> pl.DataFrame:
    """Every episode but a child's latest (by DECOM) must have both DEC and REC."""
    episodes = ctx.table("Episodes").filter(
        pl.col("DECOM").is_not_null() & pl.col(CHILD).is_not_null()
    )
    ordered = episodes.sort([CHILD, "DECOM", ROW])
    not_last = pl.col(ROW) != pl.col(ROW).last().over(CHILD)
    unended = pl.col("DEC__text").is_null() | pl.col("REC").is_null()
    return ordered.filter(not_last & unended)


def _code_rule(code: str, column: str, code_set: str, message: str) -> None:
    """An episode's code, when given, must belong to the year's code set."""

    @ssda903_rule(code, severity="error", message=message, tables=["Episodes"], fields=[column],
                  since=2025)  # fmt: skip
    def check(ctx: Context) -> pl.DataFrame:
        episodes = ctx.table("Episodes")
        return episodes.filter(not_valid_code(column, ctx.codes(code_set), blank_ok=True))

    check.__name__ = f"rule_{code}_{column.lower()}_valid"


_code_rule(
    "143", "RNE", "reason_new_episode", "The reason for new episode code is not a valid code."
)
_code_rule("144", "LS", "legal_status", "The legal status code is not a valid code.")
_code_rule("145", "CIN", "category_of_need", "Category of need code is not a valid code.")
# The year's placement types: K3 joins in 2024/25 (H5 still allowed); H5, P2 and Z1 go in
# 2025/26, when Z1 is split into Z11-Z14. The code sets carry the change, so one declaration.
_code_rule("146", "PLACE", "placement_type", "Placement type code is not a valid code.")
_code_rule("149", "REC", "reason_episode_ceased", "Reason episode ceased code is not valid. ")


@ssda903_rule(
    "147",
    severity="error",
    message="Date episode ceased is not a valid date.",
    tables=["Episodes"],
    fields=["DEC"],
    since=2025,
)
def episode_end_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(invalid_date("DEC"))


@ssda903_rule(
    "148",
    severity="error",
    message="Date episode ceased and reason episode ceased must both be coded, or both left blank.",
    tables=["Episodes"],
    fields=["DEC", "REC"],
    since=2025,
)
def episode_end_date_and_reason_together(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(partly_filled(["DEC__text", "REC"]))


@ssda903_rule(
    "178",
    severity="error",
    message="Placement provider code is not a valid code.",
    tables=["Episodes"],
    fields=["PLACE_PROVIDER", "PLACE"],
    since=2025,
)
def placement_provider_valid(ctx: Context) -> pl.DataFrame:
    """A provider, when given, must be a valid code, and none may be given for the placement
    types that have no provider (temporary and "other" placements; the list changes with the
    placement types in 2025/26)."""
    episodes = ctx.table("Episodes")
    no_provider = pl.col("PLACE").is_in(sorted(ctx.codes("placement_without_provider")))
    bad = not_valid_code("PLACE_PROVIDER", ctx.codes("placement_provider"), blank_ok=True) | (
        pl.col("PLACE_PROVIDER").is_not_null() & no_provider.fill_null(False)
    )
    return episodes.filter(bad)


@ssda903_rule(
    "199",
    severity="error",
    message=(
        "Episode information shows child has been previously adopted from care. [NOTE: This only "
        "tests the current and previous year data loaded into the tool]"
    ),
    tables=["Episodes"],
    fields=["CHILD", "DECOM", "REC"],
    since=2025,
)
def previously_adopted(ctx: Context) -> pl.DataFrame:
    """An episode that starts after an earlier episode of the same child ended in adoption
    (REC E11 or E12), in this year's episodes or, when given, last year's."""
    columns = [ROW, CHILD, "DECOM", "REC"]
    current = ctx.table("Episodes").select(columns).filter(pl.col("DECOM").is_not_null())
    if ctx.has_previous() and "Episodes" in (ctx.dataset.previous or {}):
        earlier = (
            ctx.previous("Episodes")
            .filter(pl.col("REC").is_in(ADOPTED) & pl.col("DECOM").is_not_null())
            .join(current, on=[CHILD, "DECOM"], how="anti")
            .select(pl.lit(None, current.schema[ROW]).alias(ROW), CHILD, "DECOM", "REC")
        )
        current = pl.concat([earlier, current], how="vertical")
    adopted = pl.col("REC").is_in(ADOPTED).fill_null(False).cast(pl.UInt32)
    ordered = current.sort([CHILD, "DECOM", ROW], nulls_last=False)
    before = (adopted.cum_sum() - adopted).over(CHILD, order_by=["DECOM", ROW])
    return (
        ordered.with_columns(before.alias("_adopted_before"))
        .filter((pl.col("_adopted_before") > 0) & pl.col(ROW).is_not_null())
        .select(ROW)
    )
