"""Synthetic identifiers that pass the DfE's and the NHS's checks (and belong to nobody)."""

from __future__ import annotations

import random

UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(body: str) -> str:
    """The check letter for the 12 characters after it (digits only, as Safehold generates)."""
    total = sum(int(ch) * weight for ch, weight in zip(body, range(2, 14), strict=True))
    return UPN_CHECK_LETTERS[total % 23]


def make_upn(rng: random.Random, la_code: str, year_allocated: int) -> str:
    """A permanent UPN: check letter, LA code, two-digit year, six serial digits, one digit."""
    body = f"{la_code}{year_allocated % 100:02d}{rng.randrange(10**6):06d}{rng.randrange(10)}"
    return upn_check_letter(body) + body


def nhs_check_digit(nine: str) -> int | None:
    """The NHS number's modulus 11 check digit, or None when the nine digits admit none."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def make_nhs_number(rng: random.Random) -> str:
    """A valid-looking NHS number in the 999 range, which the NHS reserves for test data."""
    while True:
        nine = "999" + f"{rng.randrange(10**6):06d}"
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)
