"""Integrity checks across tables: every child known to Header (INT01-INT09), the same date of
birth (INT11-INT18) and sex (INT21) everywhere, one row per child where the table has one
(INT31-INT36), episodes loaded for every child (EPI) and for last year (NoE)."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.registry import CheckFn
from safehold.validate.ssda903.common import CHILD, ssda903_rule
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

HEADER = "Header"

#: Child-level tables whose children must all be in Header.
IN_HEADER: dict[str, str] = {
    "INT01": "AD1",
    "INT02": "PlacedAdoption",
    "INT03": "Episodes",
    "INT04": "Missing",
    "INT05": "OC2",
    "INT06": "OC3",
    "INT07": "PrevPerm",
    "INT08": "Reviews",
    "INT09": "UASC",
}
#: Tables whose DOB must equal the Header's.
SAME_DOB: dict[str, str] = {
    "INT11": "AD1",
    "INT12": "PlacedAdoption",
    "INT13": "Missing",
    "INT14": "OC2",
    "INT15": "OC3",
    "INT16": "PrevPerm",
    "INT17": "Reviews",
    "INT18": "UASC",
}
#: Tables with at most one row per child.
ONE_PER_CHILD: dict[str, str] = {
    "INT31": "AD1",
    "INT32": "Header",
    "INT33": "OC2",
    "INT34": "OC3",
    "INT35": "PrevPerm",
    "INT36": "UASC",
}


def _in_header_check(table: str) -> CheckFn:
    def check(ctx: Context) -> pl.DataFrame:
        known = ctx.table(HEADER).select(CHILD).drop_nulls().unique()
        return ctx.table(table).join(known, on=CHILD, how="anti")

    check.__doc__ = f"Rows of {table} whose CHILD is not in Header."
    return check


def _same_as_header_check(table: str, column: str) -> CheckFn:
    def check(ctx: Context) -> pl.DataFrame:
        header = (
            ctx.table(HEADER)
            .select(CHILD, pl.col(column).alias("_header"))
            .filter(pl.col(CHILD).is_not_null())
            .unique(CHILD, keep="first")
        )
        return (
            ctx.table(table)
            .join(header, on=CHILD, how="inner")
            .filter(pl.col(column) != pl.col("_header"))
        )

    check.__doc__ = f"Rows of {table} whose {column} differs from the Header's (both given)."
    return check


def _one_per_child_check(table: str) -> CheckFn:
    def check(ctx: Context) -> pl.DataFrame:
        return ctx.table(table).filter(pl.col(CHILD).is_not_null() & pl.col(CHILD).is_duplicated())

    check.__doc__ = f"Every row of a child that appears more than once in {table}."
    return check


for _code, _table in IN_HEADER.items():
    ssda903_rule(
        _code,
        severity="error",
        message=MESSAGES[_code],
        tables=[_table],
        fields=["CHILD"],
        since=2025,
    )(_in_header_check(_table))

for _code, _table in SAME_DOB.items():
    ssda903_rule(
        _code,
        severity="error",
        message=MESSAGES[_code],
        tables=[_table],
        fields=["DOB"],
        since=2025,
    )(_same_as_header_check(_table, "DOB"))

ssda903_rule(
    "INT21",
    severity="error",
    message=MESSAGES["INT21"],
    tables=["UASC"],
    fields=["SEX"],
    since=2025,
)(_same_as_header_check("UASC", "SEX"))

for _code, _table in ONE_PER_CHILD.items():
    ssda903_rule(
        _code,
        severity="error",
        message=MESSAGES[_code],
        tables=[_table],
        fields=["CHILD"],
        since=2025,
    )(_one_per_child_check(_table))


@ssda903_rule(
    "EPI",
    severity="query",
    message=MESSAGES["EPI"],
    tables=[HEADER],
    fields=["CHILD"],
    since=2025,
)
def episodes_loaded(ctx: Context) -> pl.DataFrame:
    """A child in Header with neither episodes nor care leaver (OC3) data: a warning, because
    the DfE portal cannot validate the child further."""
    return (
        ctx.table(HEADER)
        .join(ctx.table("Episodes").select(CHILD), on=CHILD, how="anti")
        .join(ctx.table("OC3").select(CHILD), on=CHILD, how="anti")
    )


@ssda903_rule(
    "NoE",
    severity="error",
    message=MESSAGES["NoE"],
    tables=["Episodes"],
    fields=["DECOM"],
    since=2025,
    needs=["previous"],
)
def episodes_loaded_last_year(ctx: Context) -> pl.DataFrame:
    """An episode that began before this year belongs to a child who must have episodes in
    last year's return."""
    last_year = ctx.previous("Episodes").select(CHILD).drop_nulls().unique()
    return (
        ctx.table("Episodes")
        .filter(pl.col("DECOM") < ctx.collection_start)
        .join(last_year, on=CHILD, how="anti")
    )
