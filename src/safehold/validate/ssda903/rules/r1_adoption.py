"""Rules 112–120, 134, 151, 175–177 and 184: adoption (AD1) and decisions to place for adoption
(PlacedAdoption)."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW, TEXT_SUFFIX
from safehold.validate.ssda903.common import (
    CHILD,
    any_present,
    first_episode,
    invalid_date,
    last_episode,
    not_valid_code,
    partly_filled,
    ssda903_rule,
)

AD1_ITEMS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
#: The AD1 items as given, a date counting as given even when it is not a valid date.
AD1_GIVEN = tuple(c + TEXT_SUFFIX if c.startswith("DATE") else c for c in AD1_ITEMS)
OC3_ITEMS = ("IN_TOUCH", "ACTIV", "ACCOM")


def _date_rule(code: str, table: str, column: str, message: str) -> None:
    """Declare a rule that a date in ``table`` must, when given, be a valid date."""

    @ssda903_rule(code, severity="error", message=message, tables=[table], fields=[column],
                  since=2025)  # fmt: skip
    def check(ctx: Context) -> pl.DataFrame:
        return ctx.table(table).filter(invalid_date(column))

    check.__name__ = f"rule_{code}_{column.lower()}_valid_date"


_date_rule("112", "AD1", "DATE_INT", "Date should be placed for adoption is not a valid date.")
_date_rule("113", "AD1", "DATE_MATCH", "Date matching child and adopter(s) is not a valid date.")
_date_rule(
    "115",
    "PlacedAdoption",
    "DATE_PLACED",
    "Date of Local Authority's (LA) decision that a child should be placed for adoption is not "
    "a valid date.",
)
_date_rule(
    "116",
    "PlacedAdoption",
    "DATE_PLACED_CEASED",
    "Date of Local Authority's (LA) decision that a child should no longer be placed for "
    "adoption is not a valid date.",
)


def _code_rule(code: str, table: str, column: str, code_set: str, message: str) -> None:
    """Declare a rule that a code in ``table``, when given, must belong to ``code_set``."""

    @ssda903_rule(code, severity="error", message=message, tables=[table], fields=[column],
                  since=2025)  # fmt: skip
    def check(ctx: Context) -> pl.DataFrame:
        return ctx.table(table).filter(not_valid_code(column, ctx.codes(code_set), blank_ok=True))

    check.__name__ = f"rule_{code}_{column.lower()}_valid_code"


_code_rule(
    "114",
    "AD1",
    "FOSTER_CARE",
    "yes_no_01",
    "Data entry to record the status of former carer(s) of an adopted child is invalid.",
)
_code_rule(
    "120",
    "PlacedAdoption",
    "REASON_PLACED_CEASED",
    "reason_placed_ceased",
    "The reason for the reversal of the decision that the child should be placed for adoption "
    "code is not valid.",
)
_code_rule(
    "175",
    "AD1",
    "NB_ADOPTR",
    "number_of_adopters",
    "The number of adopter(s) code is not a valid code.",
)
_code_rule(
    "176",
    "AD1",
    "SEX_ADOPTR",
    "sex_of_adopters",
    "The gender of adopter(s) at the date of adoption code is not a valid code.",
)
_code_rule(
    "177",
    "AD1",
    "LS_ADOPTR",
    "legal_status_of_adopters",
    "The legal status of adopter(s) code is not a valid code.",
)


@ssda903_rule(
    "117",
    severity="error",
    message=(
        "Date of decision that a child should/should no longer be placed for adoption is beyond "
        "the current collection year or after the child ceased to be looked after."
    ),
    tables=["PlacedAdoption", "Episodes"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED", "DEC", "REC", "DECOM"],
    since=2025,
)
def placed_decisions_not_after_care(ctx: Context) -> dict[str, pl.DataFrame]:
    """Neither decision date may fall after 31 March, nor after the date the child's latest
    episode ceased (an episode ending X1 is followed by another, so it is not the last)."""
    placed = ctx.table("PlacedAdoption")
    latest = last_episode(ctx.table("Episodes"), where=pl.col("REC").fill_null("") != "X1").select(
        CHILD, pl.col(ROW).alias("_ep_row"), pl.col("DEC").alias("_dec")
    )
    joined = placed.join(latest, on=CHILD, how="left")
    late = pl.lit(False)
    for column in ("DATE_PLACED", "DATE_PLACED_CEASED"):
        late = late | (pl.col(column) > ctx.collection_end).fill_null(False)
        late = late | (pl.col(column) > pl.col("_dec")).fill_null(False)
    bad = joined.filter(late)
    return {
        "PlacedAdoption": bad.select(ROW),
        "Episodes": bad.filter(pl.col("_ep_row").is_not_null()).select(
            pl.col("_ep_row").alias(ROW)
        ),
    }


@ssda903_rule(
    "118",
    severity="error",
    message=(
        "Date of decision that a child should no longer be placed for adoption is before the "
        "current collection year or before the date the child started to be looked after."
    ),
    tables=["PlacedAdoption", "Episodes"],
    fields=["DATE_PLACED_CEASED", "DECOM", "LS"],
    since=2025,
)
def placed_ceased_not_before_care(ctx: Context) -> dict[str, pl.DataFrame]:
    """DATE_PLACED_CEASED may not be before 1 April, nor before the start of the child's
    earliest episode that is not a short break (LS V3/V4)."""
    placed = ctx.table("PlacedAdoption").filter(pl.col("DATE_PLACED_CEASED").is_not_null())
    earliest = first_episode(
        ctx.table("Episodes"), where=~pl.col("LS").is_in(["V3", "V4"]).fill_null(False)
    ).select(CHILD, pl.col(ROW).alias("_ep_row"), pl.col("DECOM").alias("_decom"))
    joined = placed.join(earliest, on=CHILD, how="left")
    early = (pl.col("DATE_PLACED_CEASED") < ctx.collection_start) | (
        pl.col("DATE_PLACED_CEASED") < pl.col("_decom")
    ).fill_null(False)
    bad = joined.filter(early)
    return {
        "PlacedAdoption": bad.select(ROW),
        "Episodes": bad.filter(pl.col("_ep_row").is_not_null()).select(
            pl.col("_ep_row").alias(ROW)
        ),
    }


@ssda903_rule(
    "119",
    severity="error",
    message=(
        "If the decision is made that a child should no longer be placed for adoption, then the "
        "date of this decision and the reason why this decision was made must be completed."
    ),
    tables=["PlacedAdoption"],
    fields=["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
    since=2025,
)
def placed_ceased_date_and_reason_together(ctx: Context) -> pl.DataFrame:
    placed = ctx.table("PlacedAdoption")
    return placed.filter(partly_filled(["DATE_PLACED_CEASED__text", "REASON_PLACED_CEASED"]))


@ssda903_rule(
    "134",
    severity="error",
    message="Data on adoption should not be entered for the OC3 cohort.",
    tables=["AD1", "OC3"],
    fields=[*AD1_ITEMS, *OC3_ITEMS],
    since=2025,
)
def no_adoption_data_for_care_leavers(ctx: Context) -> dict[str, pl.DataFrame]:
    """A child with care-leaver (OC3) information may not also have adoption (AD1) data."""
    ad1 = ctx.table("AD1").filter(any_present(AD1_GIVEN))
    oc3 = ctx.table("OC3").filter(any_present(OC3_ITEMS))
    return {
        "AD1": ad1.join(oc3.select(CHILD), on=CHILD, how="semi"),
        "OC3": oc3.join(ad1.select(CHILD), on=CHILD, how="semi"),
    }


@ssda903_rule(
    "151",
    severity="error",
    message="All data items relating to a childs adoption must be coded or left blank.",
    tables=["AD1"],
    fields=AD1_ITEMS,
    since=2025,
)
def adoption_items_all_or_none(ctx: Context) -> pl.DataFrame:
    return ctx.table("AD1").filter(partly_filled(AD1_GIVEN))


@ssda903_rule(
    "184",
    severity="error",
    message="Date of decision that a child should be placed for adoption is before the child was born.",
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DOB"],
    since=2025,
)
def placed_decision_not_before_birth(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header").select(CHILD, pl.col("DOB").alias("_dob"))
    placed = ctx.table("PlacedAdoption").join(header, on=CHILD, how="left")
    return placed.filter((pl.col("DATE_PLACED") < pl.col("_dob")).fill_null(False))
