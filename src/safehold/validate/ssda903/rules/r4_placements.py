"""SSDA903 rules 516 to 550 on an episode's placement: which providers can run which placements,
when a provider must be given, and the placement behind a special guardianship order."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from safehold.validate.context import Context
from safehold.validate.registry import CheckFn
from safehold.validate.ssda903.common import ssda903_rule

PROVIDER_FIELDS = ["PLACE", "PLACE_PROVIDER"]


@ssda903_rule(
    "516",
    severity="error",
    message=(
        "The episode data submitted for this child does not show that he/she was with their "
        "former foster carer(s) during the year.If the code in the reason episode ceased is E45 "
        "or E46 the child must have a placement code of U1 to U6."
    ),
    tables=["Episodes"],
    fields=["REC", "PLACE"],
    since=2025,
)
def sgo_to_foster_carers_needs_foster_placement(ctx: Context) -> pl.DataFrame:
    foster = sorted(ctx.codes("foster_placement"))
    eps = ctx.table("Episodes")
    return eps.filter(
        pl.col("REC").is_in(["E45", "E46"]) & ~pl.col("PLACE").is_in(foster).fill_null(False)
    )


@ssda903_rule(
    "526",
    severity="error",
    message="Child is missing a placement provider code for at least one episode.",
    tables=["Episodes"],
    fields=PROVIDER_FIELDS,
    since=2025,
)
def provider_missing(ctx: Context) -> pl.DataFrame:
    # Temporary and "other" placements have no provider; their codes change by year (Z1 was
    # split into Z11 to Z14 in 2025/26), which the code sets carry.
    exempt = sorted(ctx.codes("temporary_placement") | ctx.codes("other_placement"))
    eps = ctx.table("Episodes")
    return eps.filter(
        ~pl.col("PLACE").is_in(exempt).fill_null(False) & pl.col("PLACE_PROVIDER").is_null()
    )


def _provider_not_with(provider: str, placements: Iterable[str]) -> CheckFn:
    chosen = sorted(placements)

    def check(ctx: Context) -> pl.DataFrame:
        eps = ctx.table("Episodes")
        return eps.filter((pl.col("PLACE_PROVIDER") == provider) & pl.col("PLACE").is_in(chosen))

    check.__name__ = f"{provider.lower()}_not_with_{'_'.join(chosen).lower()}"
    return check


_FOSTER = ("U1", "U2", "U3", "U4", "U5", "U6")
_ADOPTION = ("A3", "A4", "A5", "A6")

for _code, _provider, _placements, _message in (
    (
        "527",
        "PR1",
        ("P1", "R2", "R5"),
        "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
    ),
    (
        "528",
        "PR2",
        ("P1", "R2", "R5"),
        "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
    ),
    (
        "529",
        "PR3",
        ("P1", *_ADOPTION, "K1", "K2", *_FOSTER),
        "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, "
        "K2 and U1 to U6 as these placements cannot be provided by other public organisations.",
    ),
    (
        "530",
        "PR4",
        ("P1",),
        "A placement provider code of PR4 cannot be associated with placement P1.",
    ),
    (
        "531",
        "PR5",
        ("P1",),
        "A placement provider code of PR5 cannot be associated with placements P1.",
    ),
):
    ssda903_rule(
        _code,
        severity="error",
        message=_message,
        tables=["Episodes"],
        fields=PROVIDER_FIELDS,
        since=2025,
    )(_provider_not_with(_provider, _placements))


@ssda903_rule(
    "550",
    severity="error",
    message="A placement provider code of PR0 can only be associated with placement P1.",
    tables=["Episodes"],
    fields=PROVIDER_FIELDS,
    since=2025,
)
def pr0_only_with_p1(ctx: Context) -> pl.DataFrame:
    eps = ctx.table("Episodes")
    return eps.filter((pl.col("PLACE_PROVIDER") == "PR0") & pl.col("PLACE").ne_missing("P1"))
