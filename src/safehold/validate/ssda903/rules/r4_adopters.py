"""SSDA903 rules 511 to 524 on the adopters (AD1): their number, sexes and legal status agree.

Each rule reads "if this, then the sexes must be one of these"; a blank sex is not one of them.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.registry import CheckFn
from safehold.validate.ssda903.common import ssda903_rule

COUPLE = ("MM", "FF", "MF")
SINGLE = ("M1", "F1")
SAME_SEX = ("MM", "FF")


def _sexes_must_be(column: str, value: str, sexes: tuple[str, ...]) -> CheckFn:
    def check(ctx: Context) -> pl.DataFrame:
        ad1 = ctx.table("AD1")
        allowed = pl.col("SEX_ADOPTR").is_in(sexes).fill_null(False)
        return ad1.filter((pl.col(column) == value) & ~allowed)

    check.__name__ = f"{column.lower()}_{value.lower()}_needs_{'_'.join(sexes).lower()}"
    return check


for _code, _column, _value, _sexes, _message in (
    (
        "511",
        "NB_ADOPTR",
        "2",
        COUPLE,
        "If reporting that the number of person(s) adopting the looked after child is two "
        "adopters then the code should only be MM, FF or MF. MM = the adopting couple are both "
        "males; FF = the adopting couple are both females; MF = The adopting couple are male and "
        "female.",
    ),
    (
        "514",
        "LS_ADOPTR",
        "L0",
        SINGLE,
        "Data entry on the legal status of adopters shows a single adopter but data entry for "
        "the numbers of adopters shows it as a couple.",
    ),
    (
        "517",
        "LS_ADOPTR",
        "L3",
        ("MF",),
        "If reporting legal status of adopters is L3 then the genders of adopters should be "
        "coded as MF. MF = the adopting couple are male and female.",
    ),
    (
        "518",
        "LS_ADOPTR",
        "L4",
        SAME_SEX,
        "If reporting legal status of adopters is L4 then the genders of adopters should be "
        "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple "
        "are both females.",
    ),
    (
        "519",
        "LS_ADOPTR",
        "L2",
        COUPLE,
        "Data entered on the legal status of adopters shows civil partnership couple, but data "
        "entered on genders of adopters does not show it as a couple.",
    ),
    (
        "520",
        "LS_ADOPTR",
        "L11",
        ("MF",),
        "Data entry on the legal status of adopters shows different gender married couple but "
        "data entry on genders of adopters shows it as a same gender couple.",
    ),
    (
        "524",
        "LS_ADOPTR",
        "L12",
        SAME_SEX,
        "If reporting legal status of adopters is L12 then the genders of adopters should be "
        "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple "
        "are both females",
    ),
):
    ssda903_rule(
        _code,
        severity="error",
        message=_message,
        tables=["AD1"],
        fields=[_column, "SEX_ADOPTR"],
        since=2025,
    )(_sexes_must_be(_column, _value, _sexes))
