"""Header and child-level rules: reference date, LA child id, UPN, birth, death, sex, UPN unknown."""

from __future__ import annotations

import datetime as dt

import polars as pl

from safehold.validate.cin_census.rules._common import (
    CHILD,
    ROW,
    add_months,
    add_years,
    cin_rule,
    invalid_code,
    is_false,
    is_true,
    outside_period,
)
from safehold.validate.context import Context, ReturnLevel

#: The check letter of a UPN: the weighted sum of characters 2 to 13, modulo 23, indexes this.
CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
#: Character 13 of a UPN: a digit, or a letter (temporary UPN) other than I, O and S.
UPN_LAST = "0-9A-HJ-NP-RT-Z"


@cin_rule("100", severity="error", message="Reference Date is incorrect",
          tables=["Header"], fields=["ReferenceDate"])  # fmt: skip
def reference_date(ctx: Context) -> pl.DataFrame | ReturnLevel:
    header = ctx.table("Header")
    if header.is_empty():
        return ReturnLevel("the return has no header, so no ReferenceDate",
                           {"expected": ctx.reference_date.isoformat()})  # fmt: skip
    wrong = pl.col("ReferenceDate").is_null() | (pl.col("ReferenceDate") != ctx.reference_date)
    return header.filter(wrong)


def _identifiers(ctx: Context) -> pl.DataFrame:
    return ctx.table("ChildIdentifiers")


@cin_rule("1510", severity="error", message="UPN invalid (wrong check letter at character 1)",
          tables=["ChildIdentifiers"], fields=["UPN"])  # fmt: skip
def upn_check_letter(ctx: Context) -> pl.DataFrame:
    """Weight characters 2 to 13 by their position (2..13), sum, modulo 23, map to a letter.

    Following the DfE UPN guide, a temporary UPN's letter at character 13 counts as its position
    in the check alphabet (A = 0 ... Z = 22). UPNs whose characters 2 to 13 are not of that shape
    cannot carry a check letter; rules 1530 to 1550 report them.
    """
    ids = _identifiers(ctx).filter(
        pl.col("UPN").str.contains(f"^[A-Z][0-9]{{11}}[{UPN_LAST}]$").fill_null(False)
    )
    weighted = [
        pl.col("UPN").str.slice(i, 1).cast(pl.Int64, strict=False) * (i + 1) for i in range(1, 12)
    ]
    values = {str(d): d for d in range(10)} | {ch: i for i, ch in enumerate(CHECK_LETTERS)}
    last = (
        pl.col("UPN").str.slice(12, 1).replace_strict(values, default=None, return_dtype=pl.Int64)
    )
    total = pl.sum_horizontal(*weighted) + last * 13
    letters = pl.lit(list(CHECK_LETTERS), dtype=pl.List(pl.String))
    expected = letters.list.get(total % 23)
    return ids.filter(pl.col("UPN").str.slice(0, 1) != expected)


@cin_rule("1520", severity="error", message="More than one record with the same UPN.",
          tables=["ChildIdentifiers"], fields=["UPN"])  # fmt: skip
def upn_unique(ctx: Context) -> pl.DataFrame:
    ids = _identifiers(ctx).filter(pl.col("UPN").is_not_null())
    return ids.filter(pl.col("UPN").is_duplicated())


@cin_rule("1530", severity="error",
          message="UPN invalid (characters 2-4 not a recognised LA code)",
          tables=["ChildIdentifiers"], fields=["UPN"])  # fmt: skip
def upn_la_code(ctx: Context) -> pl.DataFrame:
    codes = sorted(ctx.codes("upn_la_code"))
    ids = _identifiers(ctx).filter(pl.col("UPN").is_not_null())
    return ids.filter(~pl.col("UPN").str.slice(1, 3).is_in(codes))


@cin_rule("1540", severity="error", message="UPN invalid (characters 5-12 not all numeric)",
          tables=["ChildIdentifiers"], fields=["UPN"])  # fmt: skip
def upn_digits(ctx: Context) -> pl.DataFrame:
    ids = _identifiers(ctx).filter(pl.col("UPN").is_not_null())
    return ids.filter(~pl.col("UPN").str.slice(4, 8).str.contains("^[0-9]{8}$"))


@cin_rule("1550", severity="error",
          message="UPN invalid (character 13 not a recognised value)",
          tables=["ChildIdentifiers"], fields=["UPN"])  # fmt: skip
def upn_last_character(ctx: Context) -> pl.DataFrame:
    ids = _identifiers(ctx).filter(pl.col("UPN").is_not_null())
    return ids.filter(~pl.col("UPN").str.slice(12).str.contains(f"^[{UPN_LAST}]$"))


@cin_rule("1560Q", severity="query",
          message="Please check and either amend or provide a reason: Former UPN wrongly formatted",
          tables=["ChildIdentifiers"], fields=["FormerUPN"])  # fmt: skip
def former_upn_format(ctx: Context) -> pl.DataFrame:
    """A former UPN has the UPN's shape: a letter, 11 digits, then a digit or (for a temporary
    UPN, the usual kind of former UPN) a letter other than I, O and S."""
    ids = _identifiers(ctx).filter(pl.col("FormerUPN").is_not_null())
    return ids.filter(~pl.col("FormerUPN").str.contains(f"^[A-Z][0-9]{{11}}[{UPN_LAST}]$"))


@cin_rule("1570", severity="error", message="LA Child ID must not be longer than 20 characters",
          tables=["ChildIdentifiers"], fields=["LAchildID"])  # fmt: skip
def child_id_length(ctx: Context) -> pl.DataFrame:
    return _identifiers(ctx).filter((pl.col(CHILD).str.len_chars() > 20).fill_null(False))


@cin_rule("1580", severity="error",
          message="LA Child ID must not contain any non-alphanumeric characters",
          tables=["ChildIdentifiers"], fields=["LAchildID"])  # fmt: skip
def child_id_alphanumeric(ctx: Context) -> pl.DataFrame:
    ids = _identifiers(ctx).filter(pl.col(CHILD).is_not_null())
    return ids.filter(~pl.col(CHILD).str.contains("^[A-Za-z0-9]+$"))


@cin_rule("4180", severity="error", message="Sex must be provided and equal M, F, or U",
          tables=["ChildIdentifiers"], fields=["Sex"])  # fmt: skip
def sex_valid(ctx: Context) -> pl.DataFrame:
    return _identifiers(ctx).filter(invalid_code("Sex", ctx.codes("sex")))


@cin_rule("8500", severity="error", message="LA Child ID missing",
          tables=["ChildIdentifiers"], fields=["LAchildID"])  # fmt: skip
def child_id_present(ctx: Context) -> pl.DataFrame:
    return _identifiers(ctx).filter(pl.col(CHILD).is_null())


@cin_rule("8510", severity="error",
          message="More than one child record with the same LA Child ID",
          tables=["ChildIdentifiers"], fields=["LAchildID"])  # fmt: skip
def child_id_unique(ctx: Context) -> pl.DataFrame:
    ids = _identifiers(ctx).filter(pl.col(CHILD).is_not_null())
    return ids.filter(pl.col(CHILD).is_duplicated())


@cin_rule("8520", severity="error",
          message="Date of Birth is after data collection period (must be on or before the end "
                  "of the census period)",
          tables=["ChildIdentifiers"], fields=["PersonBirthDate"])  # fmt: skip
def birth_in_period(ctx: Context) -> pl.DataFrame:
    return _identifiers(ctx).filter(pl.col("PersonBirthDate") > ctx.reference_date)


@cin_rule("8525Q", severity="query",
          message="Either Date of Birth or Expected Date of Birth must be provided (but not both)",
          tables=["ChildIdentifiers"],
          fields=["PersonBirthDate", "ExpectedPersonBirthDate"])  # fmt: skip
def one_birth_date(ctx: Context) -> pl.DataFrame:
    born = pl.col("PersonBirthDate").is_not_null()
    expected = pl.col("ExpectedPersonBirthDate").is_not_null()
    return _identifiers(ctx).filter(born == expected)


@cin_rule("8530Q", severity="query",
          message="Please check and either amend data or provide a reason: Expected Date of Birth "
                  "is outside the expected range for this census (March to December of the "
                  "Census Year end)",
          tables=["ChildIdentifiers"], fields=["ExpectedPersonBirthDate"])  # fmt: skip
def expected_birth_in_range(ctx: Context) -> pl.DataFrame:
    """Between the reference date less 30 days and the reference date plus 9 months, exclusive."""
    earliest = ctx.reference_date - dt.timedelta(days=30)
    latest = add_months(ctx.reference_date, 9)
    expected = pl.col("ExpectedPersonBirthDate")
    return _identifiers(ctx).filter((expected <= earliest) | (expected >= latest))


@cin_rule("8535Q", severity="query",
          message="Please check and either amend data or provide a reason: Child’s date of death "
                  "should not be prior to the date of birth",
          tables=["ChildIdentifiers"], fields=["PersonDeathDate", "PersonBirthDate"])  # fmt: skip
def death_after_birth(ctx: Context) -> pl.DataFrame:
    return _identifiers(ctx).filter(pl.col("PersonDeathDate") < pl.col("PersonBirthDate"))


@cin_rule("8545Q", severity="query",
          message="Please check and either amend data or provide a reason: Child's date of death "
                  "should be within the census year",
          tables=["ChildIdentifiers"], fields=["PersonDeathDate"])  # fmt: skip
def death_in_period(ctx: Context) -> pl.DataFrame:
    return _identifiers(ctx).filter(outside_period(ctx, "PersonDeathDate"))


@cin_rule("8590", severity="error", message="Child does not have a recorded CIN episode.",
          tables=["ChildIdentifiers"], fields=["LAchildID"])  # fmt: skip
def child_has_episode(ctx: Context) -> pl.DataFrame:
    episodes = ctx.table("CINdetails").select(CHILD).drop_nulls().unique()
    ids = _identifiers(ctx).filter(pl.col(CHILD).is_not_null())
    return ids.join(episodes, on=CHILD, how="anti")


@cin_rule("8750", severity="error", message="Sex must equal U for an unborn child",
          tables=["ChildIdentifiers"], fields=["Sex", "ExpectedPersonBirthDate"])  # fmt: skip
def unborn_sex(ctx: Context) -> pl.DataFrame:
    unborn = pl.col("PersonBirthDate").is_null() & pl.col("ExpectedPersonBirthDate").is_not_null()
    return _identifiers(ctx).filter(unborn & (pl.col("Sex") != "U").fill_null(True))


def school_age_cutoff(reference_date: dt.date) -> dt.date:
    """Children born on or before this date are of school age in the census (2024/25 rule):
    the reference date plus 4 months and 31 days, less 6 years (31 August, six years earlier)."""
    return add_years(add_months(reference_date, 4) + dt.timedelta(days=31), -6)


@cin_rule("8770Q", severity="query",
          message="Please check and either amend data or provide a reason: UPN is missing or "
                  "reason UPN is missing or is UN1 for a child who is of school age.",
          tables=["ChildIdentifiers"], fields=["UPNunknown", "UPN"])  # fmt: skip
def school_age_upn(ctx: Context) -> pl.DataFrame:
    further_action = (
        ctx.table("CINdetails").filter(is_false("ReferralNFA")).select(CHILD).drop_nulls().unique()
    )
    reasons = sorted(ctx.codes("upn_unknown_cin") - {"UN1"})
    ids = _identifiers(ctx).filter(
        (pl.col("PersonBirthDate") <= school_age_cutoff(ctx.reference_date))
        & pl.col("UPN").is_null()
        & ~pl.col("UPNunknown").is_in(reasons).fill_null(False)
    )
    return ids.join(further_action, on=CHILD, how="semi")


@cin_rule("8772", severity="error",
          message="UPN unknown reason is UN7 (Referral with no further action) but at least one "
                  "CIN details is a referral going on to further action",
          tables=["ChildIdentifiers"], fields=["UPNunknown"])  # fmt: skip
def un7_all_nfa(ctx: Context) -> pl.DataFrame:
    not_nfa = (
        ctx.table("CINdetails").filter(~is_true("ReferralNFA")).select(CHILD).drop_nulls().unique()
    )
    ids = _identifiers(ctx).filter(pl.col("UPNunknown") == "UN7")
    return ids.join(not_nfa, on=CHILD, how="semi")


@cin_rule("8775Q", severity="query",
          message="Please check and either amend data or provide a reason: Child is over 25 years "
                  "old",
          tables=["ChildIdentifiers"], fields=["PersonBirthDate"])  # fmt: skip
def over_25(ctx: Context) -> pl.DataFrame:
    """Born more than 25 years before the reference date, with an episode still open or closed
    after the 25th birthday."""
    old = _identifiers(ctx).filter(pl.col("PersonBirthDate") < add_years(ctx.reference_date, -25))
    episodes = old.select(ROW, CHILD, "PersonBirthDate").join(
        ctx.table("CINdetails").select(CHILD, "CINclosureDate"), on=CHILD, how="inner"
    )
    late = episodes.filter(
        pl.col("CINclosureDate").is_null()
        | (pl.col("CINclosureDate") > pl.col("PersonBirthDate").dt.offset_by("25y"))
    )
    return old.filter(pl.col(ROW).is_in(late.get_column(ROW).implode()))
