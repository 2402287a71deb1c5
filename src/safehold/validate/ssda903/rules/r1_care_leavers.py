"""Rules 131–133 and 153: care leavers' outcomes (OC3)."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import not_valid_code, partly_filled, ssda903_rule
from safehold.validate.ssda903.rules.r1_adoption import OC3_ITEMS


def _oc3_code_rule(code: str, column: str, code_set: str, message: str) -> None:
    """A care leaver's item must be given and valid: a row in OC3 puts the child in the cohort."""

    @ssda903_rule(code, severity="error", message=message, tables=["OC3"], fields=[column],
                  since=2025)  # fmt: skip
    def check(ctx: Context) -> pl.DataFrame:
        return ctx.table("OC3").filter(not_valid_code(column, ctx.codes(code_set), blank_ok=False))

    check.__name__ = f"rule_{code}_{column.lower()}_valid"


_oc3_code_rule(
    "131",
    "IN_TOUCH",
    "care_leaver_in_touch",
    "Data entry for being in touch after leaving care is invalid.",
)
_oc3_code_rule(
    "132",
    "ACTIV",
    "care_leaver_activity",
    "Data entry for activity after leaving care is invalid.",
)
_oc3_code_rule(
    "133",
    "ACCOM",
    "care_leaver_accommodation",
    "Data entry for accommodation after leaving care is invalid. If reporting on a childs "
    "accommodation after leaving care the data entry must be valid",
)


@ssda903_rule(
    "153",
    severity="error",
    message=(
        "All data items relating to a child's activity or accommodation after leaving care must "
        "be coded or left blank."
    ),
    tables=["OC3"],
    fields=OC3_ITEMS,
    since=2025,
)
def care_leaver_items_all_or_none(ctx: Context) -> pl.DataFrame:
    return ctx.table("OC3").filter(partly_filled(OC3_ITEMS))
