"""Rules 101–105, 165, 168, 171 and 174: the child's Header row (and UASC status)."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import CannotRun, Context
from safehold.validate.ssda903.common import (
    CHILD,
    invalid_date,
    missing_or_invalid_date,
    not_valid_code,
    ssda903_rule,
)

#: A UPN: a letter other than I, O or S, then 12 digits or 11 digits and a letter.
UPN_PATTERN = r"^[A-HJ-NP-RT-Z](\d{12}|\d{11}[A-Z])$"


@ssda903_rule(
    "101",
    severity="error",
    message="The child or young person’s reported sex is not valid.",
    tables=["Header"],
    fields=["SEX"],
    since=2025,
)
def sex_valid(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header")
    return header.filter(not_valid_code("SEX", ctx.codes("sex"), blank_ok=False))


@ssda903_rule(
    "102",
    severity="error",
    message="Date of birth is not a valid date.",
    tables=["Header"],
    fields=["DOB"],
    since=2025,
)
def dob_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("Header").filter(missing_or_invalid_date("DOB"))


@ssda903_rule(
    "103",
    severity="error",
    message="The ethnicity code is either not valid or has not been entered.",
    tables=["Header"],
    fields=["ETHNIC"],
    since=2025,
)
def ethnicity_valid(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header")
    return header.filter(not_valid_code("ETHNIC", ctx.codes("ethnicity"), blank_ok=False))


@ssda903_rule(
    "104",
    severity="error",
    message=(
        "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date."
    ),
    tables=["UASC"],
    fields=["DUC"],
    since=2025,
)
def uasc_ceased_date_valid(ctx: Context) -> pl.DataFrame:
    """DUC, if given, must be a real date, and not before the collection year: a status that
    ceased before 1 April is not this year's UASC information."""
    uasc = ctx.table("UASC")
    return uasc.filter(invalid_date("DUC") | (pl.col("DUC") < ctx.collection_start))


@ssda903_rule(
    "105",
    severity="error",
    message=(
        "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid "
        "or has not been completed."
    ),
    tables=["Header"],
    fields=["UASC"],
    since=2025,
)
def uasc_status_valid(ctx: Context) -> pl.DataFrame:
    """Only the XML form carries a UASC flag on the child; in CSV form it is derived from the
    UASC table and so cannot be wrong, and the rule does not apply."""
    header = ctx.table("Header")
    if "UASC" not in header.columns:
        raise CannotRun("the Header has no UASC status column (only the XML form carries it)")
    return header.filter(not_valid_code("UASC", ctx.codes("yes_no_01"), blank_ok=False))


@ssda903_rule(
    "165",
    severity="error",
    message="Data entry for mother status is invalid.",
    tables=["Header", "Episodes", "OC3"],
    fields=["MOTHER", "SEX"],
    since=2025,
)
def mother_status_valid(ctx: Context) -> pl.DataFrame:
    """MOTHER, if given, must be 0 or 1 and the child must not be male; it must be given for a
    girl looked after during the year. Episodes under short-break legal statuses (V3, V4) do not
    count, as for the other items short-break children are excused from.

    A girl with no episode this year (a care leaver known only from OC3) may leave it blank.
    Sex is M/F/U from 2024/25; a child of unknown sex (U) is not required to have it.
    """
    header = ctx.table("Header")
    episodes = ctx.table("Episodes")
    start, end = ctx.collection_start, ctx.collection_end
    in_year = episodes.filter(
        ~pl.col("LS").is_in(["V3", "V4"]).fill_null(False)
        & (pl.col("DECOM") <= end)
        & (pl.col("DEC").is_null() | (pl.col("DEC") >= start))
    ).select(CHILD)
    header = header.with_columns(pl.col(CHILD).is_in(in_year[CHILD].implode()).alias("_in_year"))
    given = pl.col("MOTHER").is_not_null()
    bad = (
        not_valid_code("MOTHER", ctx.codes("yes_no_01"), blank_ok=True)
        | (given & (pl.col("SEX") == "M"))
        | (~given & (pl.col("SEX") == "F") & pl.col("_in_year"))
    )
    return header.filter(bad)


@ssda903_rule(
    "168",
    severity="error",
    message=(
        "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, "
        "UN3, UN4 or UN5."
    ),
    tables=["Header"],
    fields=["UPN"],
    since=2025,
)
def upn_valid(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header")
    upn = pl.col("UPN")
    valid = upn.str.contains(UPN_PATTERN) | upn.is_in(sorted(ctx.codes("upn_unknown_ssda903")))
    return header.filter(upn.is_not_null() & ~valid)


@ssda903_rule(
    "171",
    severity="error",
    message="Date of birth of mother's child is not a valid date.",
    tables=["Header"],
    fields=["MC_DOB"],
    since=2025,
)
def mothers_child_dob_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("Header").filter(invalid_date("MC_DOB"))


@ssda903_rule(
    "174",
    severity="error",
    message="Mother's child date of birth is recorded but sex shows that the child is a male.",
    tables=["Header"],
    fields=["SEX", "MC_DOB"],
    since=2025,
)
def mothers_child_dob_for_male(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header")
    return header.filter((pl.col("SEX") == "M") & pl.col("MC_DOB__text").is_not_null())
