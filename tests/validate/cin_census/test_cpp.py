"""Child protection plan and review rules."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .support import child, episode, flagged, issues, row


def _cpp(pid: str, eid: str = "E1", start: str | None = "2025-06-02", end: str | None = None,
         cid: str = "C1", **fields: str | None) -> dict[str, str | None]:  # fmt: skip
    base: dict[str, str | None] = {"InitialCategoryOfAbuse": "NEG",
                                   "LatestCategoryOfAbuse": "NEG", "NumberOfPreviousCPP": "0"}  # fmt: skip
    base.update(fields)
    return row(cid=cid, eid=eid, CPPID=pid, CPPstartDate=start, CPPendDate=end, **base)


def _review(pid: str, day: str | None, eid: str = "E1") -> dict[str, str | None]:
    return row(eid=eid, CPPID=pid, CPPreviewDate=day)


def test_1105_start_before_referral() -> None:
    tables = {
        "CINdetails": [episode("E1", CINreferralDate="2025-05-01")],
        "ChildProtectionPlans": [_cpp("P1", start="2025-04-30"), _cpp("P2", start="2025-05-01")],
    }
    assert flagged("1105", tables) == {"ChildProtectionPlans": [0]}


def test_2885_start_on_icpc() -> None:
    tables = {
        "CINdetails": [
            episode("E1"),
            episode("E2", DateOfInitialCPC="2025-07-01"),
            episode("E3", DateOfInitialCPC="2025-07-01"),
            episode("E4", DateOfInitialCPC="2025-07-01"),
            episode("E5"),
        ],
        "Section47": [
            row(eid="E1", DateOfInitialCPC="2025-06-02", ICPCnotRequired="false"),
            row(eid="E3", DateOfInitialCPC="2025-06-20", ICPCnotRequired="false"),
            row(eid="E4", ICPCnotRequired="true"),
        ],
        "ChildProtectionPlans": [
            _cpp("P1", "E1", start="2025-06-02"),  # matches the S47 ICPC
            _cpp("P2", "E2", start="2025-07-01"),  # no S47: matches the CIN-level ICPC
            _cpp("P3", "E3", start="2025-07-01"),  # has an S47: the CIN-level date does not count
            _cpp("P4", "E4", start="2025-07-01"),  # only an ICPC-not-required S47
            _cpp("P5", "E5", start="2025-07-01"),  # no ICPC at all
            _cpp("P6", "E5", start="2025-03-01"),  # started before the census year
        ],
    }
    assert flagged("2885", tables) == {"ChildProtectionPlans": [2, 4]}


def test_8720_start_missing_or_late() -> None:
    plans = [_cpp("P1", start=None), _cpp("P2", start="2026-04-01"), _cpp("P3", start="2026-03-31")]
    assert flagged("8720", {"ChildProtectionPlans": plans}) == {"ChildProtectionPlans": [0, 1]}


def test_8730_previous_plans() -> None:
    values = ["0", "3", None, "-1", "two", "1.5"]
    plans = [_cpp(f"P{i}", NumberOfPreviousCPP=v) for i, v in enumerate(values)]
    assert flagged("8730", {"ChildProtectionPlans": plans}) == {
        "ChildProtectionPlans": [2, 3, 4, 5]
    }


def test_8832_plan_on_nfa() -> None:
    tables = {
        "CINdetails": [episode("E1", ReferralNFA="true"), episode("E2")],
        "ChildProtectionPlans": [_cpp("P1", "E1"), _cpp("P2", "E2")],
    }
    assert flagged("8832", tables) == {"ChildProtectionPlans": [0]}


def test_8840_8925_8930_end_dates() -> None:
    plans = [
        _cpp("P1", start="2025-06-02", end="2025-06-02"),
        _cpp("P2", start="2025-06-02", end="2025-06-01"),
        _cpp("P3", start="2025-01-02", end="2025-03-31"),
        _cpp("P4", start="2025-06-02", end="2026-03-31"),
    ]
    tables = {"ChildProtectionPlans": plans}
    assert flagged("8840", tables) == {"ChildProtectionPlans": [0]}
    assert flagged("8925", tables) == {"ChildProtectionPlans": [1]}
    assert flagged("8930", tables) == {"ChildProtectionPlans": [2]}


def test_8841_review_on_or_before_start() -> None:
    tables = {
        "ChildProtectionPlans": [_cpp("P1", start="2025-06-02"), _cpp("P2", start="2025-05-02")],
        "Reviews": [
            _review("P1", "2025-06-02"),
            _review("P1", "2025-08-01"),
            _review("P1", "2025-05-01"),
            _review("P2", "2025-06-01"),
        ],
    }
    assert flagged("8841", tables) == {"Reviews": [0, 2]}


def test_8841_every_review_date_counts() -> None:
    """Regression: the peer validator kept only the first CPPreviewDate of a <Reviews> block.
    A bad second or later date of the same plan must still be caught."""
    reviews = [
        _review("P1", "2025-07-01"),
        _review("P1", "2025-08-01"),
        _review("P1", "2025-06-01"),
    ]
    tables = {"ChildProtectionPlans": [_cpp("P1", start="2025-06-02")], "Reviews": reviews}
    assert flagged("8841", tables) == {"Reviews": [2]}


def test_8842q_review_missing_date() -> None:
    reviews = [_review("P1", "2025-07-01"), _review("P1", None), _review("P1", "not a date")]
    assert flagged("8842Q", {"Reviews": reviews}) == {"Reviews": [1, 2]}


def test_8905_and_8910_categories() -> None:
    plans = [
        _cpp("P1"),
        _cpp("P2", InitialCategoryOfAbuse=None, LatestCategoryOfAbuse="XYZ"),
        _cpp("P3", InitialCategoryOfAbuse="mul", LatestCategoryOfAbuse="emo"),
    ]
    assert flagged("8905", {"ChildProtectionPlans": plans}) == {"ChildProtectionPlans": [1]}
    assert flagged("8910", {"ChildProtectionPlans": plans}) == {"ChildProtectionPlans": [1]}


def test_8915_and_8920_after_death() -> None:
    tables = {
        "ChildIdentifiers": [child("C1", PersonDeathDate="2025-08-01"), child("C2")],
        "ChildProtectionPlans": [
            _cpp("P1", start="2025-08-02", cid="C1"),
            _cpp("P2", start="2025-06-02", end="2025-08-02", cid="C1"),
            _cpp("P3", start="2025-06-02", end="2025-08-01", cid="C1"),
            _cpp("P4", "E2", start="2025-09-02", cid="C2"),
        ],
    }
    assert flagged("8915", tables) == {"ChildProtectionPlans": [0]}
    assert flagged("8920", tables) == {"ChildProtectionPlans": [1]}


def test_8935_one_open_plan_per_child() -> None:
    plans = [
        _cpp("P1", "E1", cid="C1"),
        _cpp("P2", "E2", cid="C1"),
        _cpp("P3", "E3", cid="C2"),
        _cpp("P4", "E3", cid="C2", end="2025-07-01"),
    ]
    assert flagged("8935", {"ChildProtectionPlans": plans}) == {"ChildProtectionPlans": [0, 1]}


def test_8940_overlapping_plans() -> None:
    plans = [
        _cpp("P1", start="2025-05-01", end="2025-06-01", cid="C1"),
        _cpp("P2", start="2025-06-01", end="2025-07-01", cid="C1"),  # starts on P1's end
        _cpp("P3", start="2025-05-01", end="2025-06-01", cid="C2"),
        _cpp("P4", start="2025-06-02", cid="C2"),  # after P3 ended
        _cpp("P5", start="2025-05-01", cid="C3"),
        _cpp("P6", start="2025-09-01", end="2025-10-01", cid="C3"),  # during open P5
    ]
    assert flagged("8940", {"ChildProtectionPlans": plans}) == {
        "ChildProtectionPlans": [0, 1, 4, 5]
    }


_days = st.integers(min_value=0, max_value=300)


@settings(deadline=None, max_examples=50)
@given(st.lists(st.tuples(_days, st.none() | st.integers(min_value=0, max_value=60)),
                min_size=1, max_size=5))  # fmt: skip
def test_8940_matches_brute_force(plans: list[tuple[int, int | None]]) -> None:
    import datetime as dt

    base = dt.date(2025, 4, 1)
    ref = dt.date(2026, 3, 31)
    spans = [(base + dt.timedelta(s), None if n is None else base + dt.timedelta(s + n))
             for s, n in plans]  # fmt: skip
    rows = [_cpp(f"P{i}", start=s.isoformat(), end=e.isoformat() if e else None)
            for i, (s, e) in enumerate(spans)]  # fmt: skip
    expected: set[int] = set()
    for i, (start, _) in enumerate(spans):
        for j, (other_start, other_end) in enumerate(spans):
            if i != j and other_start <= start <= (other_end or ref):
                expected |= {i, j}
    got = flagged("8940", {"ChildProtectionPlans": rows}).get("ChildProtectionPlans", [])
    assert got == sorted(expected)
    assert all(
        i["element"].endswith("/CPPstartDate")
        for i in issues("8940", {"ChildProtectionPlans": rows})
    )
