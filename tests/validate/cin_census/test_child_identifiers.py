"""Header and child-level rules."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.cin_census.rules.child_identifiers import CHECK_LETTERS, school_age_cutoff

from .support import HEADER, child, episode, flagged


def _upn(body: str) -> str:
    """A UPN with the right check letter for its 12 characters after the first."""
    total = 0
    for i, ch in enumerate(body, start=2):
        total += int(ch) * i if ch.isdigit() else CHECK_LETTERS.index(ch) * i
    return CHECK_LETTERS[total % 23] + body


def test_100_reference_date() -> None:
    assert flagged("100", {"Header": [HEADER]}) == {}
    assert flagged("100", {"Header": [{**HEADER, "ReferenceDate": "2025-03-31"}]}) == {
        "Header": [0]
    }
    assert flagged("100", {"Header": [{**HEADER, "ReferenceDate": None}]}) == {"Header": [0]}
    assert flagged("100", {}) == {"return": [-1]}


def test_1510_check_letter() -> None:
    good = _upn("201123456780")
    temporary = _upn("20112345678A")
    wrong = ("B" if good[0] == "A" else "A") + good[1:]
    ids = [child("C1", UPN=good), child("C2", UPN=wrong), child("C3", UPN=temporary)]
    assert flagged("1510", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [1]}


def test_1510_known_upn() -> None:
    # Worked by hand: 2*2+0*3+1*4+1*5+2*6+3*7+4*8+5*9+6*10+7*11+8*12+0*13 = 356; 356 % 23 = 11 -> M
    assert _upn("201123456780") == "M201123456780"
    assert flagged("1510", {"ChildIdentifiers": [child(UPN="M201123456780")]}) == {}


@settings(deadline=None, max_examples=50)
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_1510_accepts_every_correct_letter(body: str) -> None:
    assert flagged("1510", {"ChildIdentifiers": [child(UPN=_upn(body))]}) == {}


def test_1520_duplicate_upn() -> None:
    ids = [child("C1", UPN="M201123456780"), child("C2", UPN="M201123456780"), child("C3")]
    assert flagged("1520", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0, 1]}
    assert flagged("1520", {"ChildIdentifiers": ids[1:]}) == {}


def test_1530_la_code() -> None:
    ids = [
        child("C1", UPN="A201123456780"),
        child("C2", UPN="A999123456780"),
        child("C3", UPN="A942123456780"),
    ]
    assert flagged("1530", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [1]}


def test_1540_digits() -> None:
    ids = [child("C1", UPN="A2011234X6780"), child("C2", UPN="A201123456780")]
    assert flagged("1540", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0]}


def test_1550_last_character() -> None:
    ids = [child("C1", UPN="A20112345678I"), child("C2", UPN="A20112345678Z"), child("C3")]
    assert flagged("1550", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0]}


def test_1560q_former_upn() -> None:
    ids = [
        child("C1", FormerUPN="A20112345678"),
        child("C2", FormerUPN="A201123456780"),
        child("C3", FormerUPN="A20112345678T"),
        child("C4", FormerUPN="1201123456780"),
    ]
    assert flagged("1560Q", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0, 3]}


def test_1570_and_1580_child_id() -> None:
    ids = [child("A" * 20), child("B" * 21), child("AB-1"), child("AB 1"), child("ab1")]
    assert flagged("1570", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [1]}
    assert flagged("1580", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [2, 3]}


def test_4180_sex() -> None:
    ids = [child("C1", Sex="M"), child("C2", Sex="u"), child("C3", Sex="1"), child("C4", Sex=None)]
    assert flagged("4180", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [2, 3]}


def test_8500_and_8510_child_id() -> None:
    ids = [child("C1"), child("C1"), child("C2"), {"LAchildID": None, "Sex": "F"}]
    assert flagged("8500", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [3]}
    assert flagged("8510", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0, 1]}


def test_8520_birth_after_period() -> None:
    ids = [child("C1", PersonBirthDate="2026-03-31"), child("C2", PersonBirthDate="2026-04-01")]
    assert flagged("8520", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [1]}


def test_8525q_one_birth_date() -> None:
    ids = [
        child("C1"),
        child("C2", PersonBirthDate=None, ExpectedPersonBirthDate="2026-05-01"),
        child("C3", PersonBirthDate=None),
        child("C4", ExpectedPersonBirthDate="2026-05-01"),
    ]
    assert flagged("8525Q", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [2, 3]}


def test_8530q_expected_birth_window() -> None:
    dates = ["2026-03-01", "2026-03-02", "2026-12-30", "2026-12-31"]
    ids = [child(f"C{i}", PersonBirthDate=None, ExpectedPersonBirthDate=d) for i, d in
           enumerate(dates)]  # fmt: skip
    assert flagged("8530Q", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0, 3]}


def test_8535q_and_8545q_death() -> None:
    ids = [
        child("C1", PersonDeathDate="2015-05-01"),
        child("C2", PersonDeathDate="2025-04-01"),
        child("C3", PersonDeathDate="2025-03-31"),
        child("C4"),
    ]
    assert flagged("8535Q", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0]}
    assert flagged("8545Q", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [0, 2]}


def test_8590_child_without_episode() -> None:
    tables = {"ChildIdentifiers": [child("C1"), child("C2")], "CINdetails": [episode("E1", "C1")]}
    assert flagged("8590", tables) == {"ChildIdentifiers": [1]}


def test_8750_unborn_sex() -> None:
    ids = [
        child("C1", PersonBirthDate=None, ExpectedPersonBirthDate="2026-05-01", Sex="U"),
        child("C2", PersonBirthDate=None, ExpectedPersonBirthDate="2026-05-01", Sex="F"),
        child("C3", PersonBirthDate=None, ExpectedPersonBirthDate="2026-05-01", Sex=None),
        child("C4", Sex="F"),
    ]
    assert flagged("8750", {"ChildIdentifiers": ids}) == {"ChildIdentifiers": [1, 2]}


def test_8770q_school_age_cutoff() -> None:
    assert school_age_cutoff(dt.date(2026, 3, 31)) == dt.date(2020, 8, 31)


def test_8770q_school_age_upn() -> None:
    ids = [
        child("C1", PersonBirthDate="2020-08-31"),  # school age, no UPN, no reason
        child("C2", PersonBirthDate="2020-09-01"),  # not yet school age
        child("C3", PersonBirthDate="2015-01-01", UPNunknown="UN1"),  # UN1 wrong at school age
        child("C4", PersonBirthDate="2015-01-01", UPNunknown="UN3"),
        child("C5", PersonBirthDate="2015-01-01", UPN="A201123456780"),
        child("C6", PersonBirthDate="2015-01-01"),  # only an NFA referral
    ]
    cin = [episode(f"E{i}", f"C{i}") for i in range(1, 6)]
    cin.append(episode("E6", "C6", ReferralNFA="true"))
    assert flagged("8770Q", {"ChildIdentifiers": ids, "CINdetails": cin}) == {
        "ChildIdentifiers": [0, 2]
    }


def test_8772_un7() -> None:
    ids = [child("C1", UPNunknown="UN7"), child("C2", UPNunknown="UN7"), child("C3")]
    cin = [
        episode("E1", "C1", ReferralNFA="true"),
        episode("E2", "C2", ReferralNFA="1"),
        episode("E3", "C2", ReferralNFA="0"),
        episode("E4", "C3"),
    ]
    assert flagged("8772", {"ChildIdentifiers": ids, "CINdetails": cin}) == {
        "ChildIdentifiers": [1]
    }


def test_8775q_over_25() -> None:
    ids = [
        child("C1", PersonBirthDate="2000-01-01"),  # over 25, episode open
        child("C2", PersonBirthDate="2000-01-01"),  # over 25, closed before the 25th birthday
        child("C3", PersonBirthDate="2001-04-01"),  # 24 at the reference date
    ]
    cin = [
        episode("E1", "C1"),
        episode("E2", "C2", CINclosureDate="2024-12-31", ReasonForClosure="RC7"),
        episode("E3", "C3"),
    ]
    assert flagged("8775Q", {"ChildIdentifiers": ids, "CINdetails": cin}) == {
        "ChildIdentifiers": [0]
    }
