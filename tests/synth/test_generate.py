"""The synthetic authority: reproducible, near England's rates, and free of impossible journeys."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.synth.calendar import age_on, birthday
from safehold.synth.generate import Authority, generate
from safehold.synth.identifiers import make_nhs_number, make_upn, nhs_check_digit, upn_check_letter
from safehold.synth.rates import ENGLAND, rates

TODAY = dt.date(2026, 3, 31)


@cache
def authority(seed: int = 7, children: int = 3000) -> Authority:
    return generate(children, seed, years=3, today=TODAY)


def test_same_seed_same_authority() -> None:
    a = generate(150, 11, today=TODAY)
    b = generate(150, 11, today=TODAY)
    assert a.rows == b.rows
    assert generate(150, 12, today=TODAY).rows != a.rows


@pytest.mark.parametrize(
    ("measure", "tolerance"),
    [
        ("referrals", 0.15),
        ("children_in_need", 0.2),
        ("child_protection", 0.35),
        ("looked_after", 0.3),
    ],
)
def test_rates_near_england(measure: str, tolerance: float) -> None:
    observed = rates(authority()).as_dict()[measure]
    target = ENGLAND[measure]
    assert abs(observed - target) <= tolerance * target, (measure, observed, target)


def test_about_one_referral_in_five_is_no_further_action() -> None:
    referrals = authority().rows["referral"]
    nfa = sum(1 for r in referrals if r["no_further_action"]) / len(referrals)
    assert 0.15 <= nfa <= 0.25


def test_neglect_is_the_commonest_plan_category_then_emotional_abuse() -> None:
    counts: dict[str, int] = defaultdict(int)
    for plan in authority().rows["cp_plan"]:
        counts[plan["initial_category"]] += 1
    ranked = sorted(counts, key=counts.__getitem__, reverse=True)
    assert ranked[:2] == ["NEG", "EMO"]


def test_about_two_thirds_of_placements_are_foster_care() -> None:
    episodes = authority().rows["cla_episode"]
    foster = sum(1 for e in episodes if e["placement_type"].startswith("U")) / len(episodes)
    assert 0.5 <= foster <= 0.8


def _by_person(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["person_id"]].append(row)
    return grouped


def test_no_impossible_journeys() -> None:
    rows = authority().rows
    people = {p["id"]: p for p in rows["person"]}
    for pid, episodes in _by_person(rows["cla_episode"]).items():
        dob = people[pid]["date_of_birth"]
        assert dob is not None, "an unborn child cannot be looked after"
        ordered = sorted(episodes, key=lambda e: e["start_date"])
        for episode in ordered:
            assert episode["start_date"] >= dob, "episode before birth"
            assert episode["start_date"] < birthday(dob, 18), "episode starting in adulthood"
            if episode.get("end_date") is not None:
                assert episode["end_date"] >= episode["start_date"]
                assert episode["end_date"] <= TODAY
        for earlier, later in itertools.pairwise(ordered):
            assert earlier.get("end_date") is not None, "an open episode followed by another"
            assert earlier["end_date"] <= later["start_date"], "overlapping care episodes"
    for perm in rows.get("permanence", []):
        if perm.get("order_date") is None:
            continue
        later = [e for e in _by_person(rows["cla_episode"])[perm["person_id"]]
                 if e["start_date"] > perm["order_date"]]  # fmt: skip
        assert later == [], "placement after the adoption order"
    for referral in rows["referral"]:
        assert referral["referral_date"] <= TODAY
        if referral.get("close_date") is not None:
            assert referral["close_date"] >= referral["referral_date"]


def test_unborn_children_have_an_expected_date_and_sex_u() -> None:
    unborn = [p for p in authority().rows["person"]
              if p["kind"] == "child" and p["date_of_birth"] is None]  # fmt: skip
    assert unborn, "the generator should include unborn children"
    for child in unborn:
        assert child["expected_date_of_birth"] is not None
        assert child["sex"] == "U"


def test_care_leavers_are_followed_from_17_to_21() -> None:
    rows = authority().rows
    people = {p["id"]: p for p in rows["person"]}
    leavers = rows["care_leaver"]
    assert leavers
    for row in leavers:
        age = age_on(people[row["person_id"]]["date_of_birth"], row["latest_contact_date"])
        assert 16 <= age <= 21


def test_notes_mention_the_people_the_store_links_to_the_child() -> None:
    a = generate(60, 3, today=TODAY)
    names = {f"{p['forename']} {p['surname']}" for p in a.rows["person"] if p["kind"] == "adult"}
    notes = {n["id"]: n for n in a.rows["case_note"]}
    assert notes
    linked = 0
    for note_id, mentions in a.note_mentions.items():
        for mention in mentions:
            assert mention in notes[note_id]["body"]
        linked += any(m in names for m in mentions)
    assert linked > len(notes) / 2


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=50)
def test_identifiers_pass_their_own_checks(seed: int) -> None:
    import random

    rng = random.Random(seed)
    upn = make_upn(rng, "999", 2020)
    assert len(upn) == 13 and upn[0] == upn_check_letter(upn[1:])
    nhs = make_nhs_number(rng)
    assert len(nhs) == 10 and nhs_check_digit(nhs[:9]) == int(nhs[9])


def test_upn_check_letter_detects_a_changed_digit() -> None:
    import random

    upn = make_upn(random.Random(1), "999", 2020)
    changed = upn[:5] + str((int(upn[5]) + 1) % 10) + upn[6:]
    assert upn_check_letter(changed[1:]) != upn[0]
