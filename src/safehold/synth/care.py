"""One period of care: episodes as the SSDA903 counts them, reviews, missing episodes, health,
adoption, leaving care and the care leaver's contacts afterwards."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache
from typing import TYPE_CHECKING, Any

import polars as pl

from safehold.synth.calendar import age_on, between, birthday, days
from safehold.synth.choices import NATIONALITIES, PLACE_CHANGE, SW_REASONS

if TYPE_CHECKING:
    from safehold.synth.generate import _Builder

FOSTER = (("U4", 20), ("U6", 30), ("U1", 6), ("U3", 7), ("U5", 2), ("U2", 1))
OTHER_PLACEMENTS = (("K2", 10), ("P1", 7), ("K3", 4), ("R1", 1), ("S1", 1), ("R3", 1))
PROVIDER = {"U": ("PR1", "PR1", "PR1", "PR4", "PR5"), "K": ("PR4", "PR4", "PR1", "PR5"),
            "P": ("PR0",), "R": ("PR3", "PR4"), "S": ("PR4", "PR5"), "A": ("PR1", "PR2")}  # fmt: skip
#: placement types Ofsted does not register, so they have no URN (rule 222)
NO_URN = frozenset({"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12",
                    "Z13", "Z14"})  # fmt: skip
ACTIVITIES = (("F2", 30), ("F4", 15), ("P2", 5), ("F1", 6), ("F5", 4), ("G5", 22), ("G4", 8),
              ("G6", 6), ("P4", 4))  # fmt: skip
ACCOMMODATION = (("U1", 25), ("Z1", 15), ("E1", 10), ("D1", 12), ("B1", 10), ("T1", 6),
                 ("C1", 4), ("K1", 3), ("U2", 3), ("B2", 3), ("S2", 2), ("X2", 2), ("V2", 1))  # fmt: skip


#: The synthetic authority's area: Birmingham (a single-tier authority) in the B postcode area.
HOME_AUTHORITY = "E08000025"
POSTCODE_AREA = "B"


@cache
def area_postcodes() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Real postcodes from the ONS directory (public reference data, not anyone's address):
    homes and the authority's own placements in :data:`HOME_AUTHORITY`, other placements
    anywhere in the B area, so that the placement rules (postcodes known, distance, placed in
    the authority's own area) hold. Empty when the reference package is not installed, and the
    generator falls back to made-up postcodes."""
    try:
        from safehold.validate.ssda903.postcodes import OnsPostcodes

        frame = OnsPostcodes()._decompress(POSTCODE_AREA)
    except (ImportError, OSError, KeyError):
        return (), ()
    frame = frame.filter(pl.col("laua").is_not_null() & pl.col("easting").is_not_null())
    spaced = pl.col("key").str.slice(0, pl.col("key").str.len_chars() - 3) + " " + pl.col(
        "key").str.slice(-3)  # fmt: skip
    pick = random.Random(903)
    home = sorted(frame.filter(pl.col("laua") == HOME_AUTHORITY).select(spaced)["key"].to_list())
    anywhere = sorted(frame.select(spaced)["key"].to_list())
    return tuple(pick.sample(home, 4000)), tuple(pick.sample(anywhere, 4000))


def _weighted(b: _Builder, options: tuple[tuple[str, float], ...]) -> str:
    return b.rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]


class CareJourney:
    def __init__(self, b: _Builder, child: dict[str, Any], parents: list[dict[str, Any]],
                 referral: dict[str, Any], entry: dt.date) -> None:  # fmt: skip
        self.b = b
        self.child = child
        self.cid: str = child["id"]
        self.dob: dt.date = child["date_of_birth"]
        self.parents = parents
        self.referral = referral
        self.entry = entry
        self.period = b.new_id("P")
        self.episodes: list[dict[str, Any]] = []
        self.home: str | None = self.postcode(own_area=True)

    def postcode(self, *, own_area: bool) -> str:
        """A real postcode in the authority's area (or anywhere in its postcode area)."""
        home, anywhere = area_postcodes()
        choices = home if own_area else anywhere
        return self.b.rng.choice(choices) if choices else self.b.fake.postcode()

    def place(self, day: dt.date, legal_status: str) -> tuple[str, str]:
        """A placement on ``day``: supported accommodation (K3) only from 16 (rule 371), and
        never with parents under section 20 (V2; rule 378)."""
        b = self.b
        age = age_on(self.dob, day)
        if age >= 16 and b.chance(0.4):
            placement = "K3"
        elif b.chance(0.66):
            placement = _weighted(b, FOSTER)
        else:
            placement = _weighted(b, OTHER_PLACEMENTS)
            while (
                (placement == "K3" and age < 16)
                or (placement == "S1" and age < 4)  # residential school from 4 (rule 373)
                or (placement == "P1" and legal_status == "V2")
            ):
                placement = _weighted(b, OTHER_PLACEMENTS)
        return placement, b.rng.choice(PROVIDER[placement[0]])

    def episode(self, start: dt.date, rne: str, legal_status: str, placement: str,
                provider: str, change_reason: str | None) -> dict[str, Any]:  # fmt: skip
        b = self.b
        previous = self.episodes[-1] if self.episodes else None
        if previous is not None:
            previous["end_date"] = start
            previous["end_reason"] = "X1"
            # the reason for a change of placement is the ending episode's (rules 225, 233)
            previous["reason_place_change"] = change_reason
        if previous is not None and rne == "L":  # same placement: same carers, place and URN
            postcode, urn = previous["placement_postcode"], previous["urn"]
        else:
            postcode = self.postcode(own_area=provider == "PR1")
            urn = "XXXXXXX" if placement in NO_URN or placement[0] in "UA" else (
                f"SC{b.rng.randrange(10**5, 10**6)}")  # fmt: skip
        row = b.add(
            "cla_episode", person_id=self.cid, start_date=start, reason_new_episode=rne,
            category_of_need=self.referral.get("primary_need") if self.referral.get(
                "primary_need") in {f"N{i}" for i in range(1, 9)} else "N1",
            period_id=self.period, referral_id=self.referral["id"],
            entered_care_date=self.entry, legal_status=legal_status, placement_type=placement,
            placement_provider=provider, reason_place_change=None,
            home_postcode=self.home, placement_postcode=postcode, urn=urn,
        )  # fmt: skip
        self.episodes.append(row)
        if rne in ("S", "P", "T", "B"):
            b.add("cla_placement", person_id=self.cid, start_date=start, placement_type=placement,
                  urn=row["urn"], period_id=self.period, provider=provider,
                  postcode=row["placement_postcode"], change_reason=change_reason)  # fmt: skip
        return row

    def run(self) -> dt.date | None:
        b, rng = self.b, self.b.rng
        # An adopted child is no longer the authority's child under this id (the adoption gives
        # them a new identity, and rule 199 refuses care after adoption from care): a later
        # concern is met without care under the old record.
        adopted: set[str] = b.__dict__.setdefault("adopted_children", set())
        if self.cid in adopted:
            return self.entry
        age = age_on(self.dob, self.entry)
        uasc = age >= 14 and b.chance(0.06)
        adoption = age <= 4 and b.chance(0.35)
        if uasc:
            self.child.update(sex="M" if b.chance(0.9) else "F", ethnicity=rng.choice(
                ("OOTH", "AOTH", "BAFR", "BOTH", "MOTH")))  # fmt: skip
            b.add("immigration_status", person_id=self.cid, status="UASC", start_date=self.entry,
                  end_date=b.open_or(birthday(self.dob, 18)))  # fmt: skip
            self.child["nationality"] = rng.choice(NATIONALITIES)
            self.home = None  # no home address in England: no home postcode (rule 406)
        legal = "V2" if uasc or b.chance(0.4) else rng.choice(("C1", "C1", "C1", "L2", "E1"))
        if legal == "E1":
            legal = "C1"
        placement, provider = self.place(self.entry, legal)
        if uasc:
            placement, provider = rng.choice(
                (("K3", "PR4"), ("U6", "PR4"), ("K2", "PR4")) if age >= 16 else
                (("U6", "PR4"), ("K2", "PR4")))  # fmt: skip
        self.episode(self.entry, "S", legal, placement, provider, None)
        # Every child starting care has their previous permanence recorded (rule 630); Z1 (none)
        # takes no order date or authority (rule 635).
        if b.chance(0.05) and self.entry > self.dob + days(400):
            b.add("previous_permanence", person_id=self.cid,
                  option=rng.choice(("P1", "P2", "P3")),
                  arranged_by_la=rng.choice(("800", "201", "330", "NUK")),
                  order_date=f"ZZ/{rng.randint(1, 12):02d}/{self.dob.year + 1}")  # fmt: skip
        else:
            b.add("previous_permanence", person_id=self.cid, option="Z1")
        eighteen = birthday(self.dob, 18)
        # How long the period lasts, and how it ends.
        if adoption:
            length = rng.randint(420, 900)
        elif legal == "V2" and not uasc:
            length = rng.randint(30, 500)
        else:
            length = int(rng.expovariate(1 / 900)) + 60
        end = min(self.entry + days(length), eighteen)
        day = self.entry
        if legal in ("C1", "L2"):
            change = self.entry + days(rng.randint(150, 330) if legal == "C1" else 8)
            if change < end and change <= b.today:
                self.episode(
                    change, "L", "C2" if legal == "C1" else "C1", placement, provider, None
                )
                legal = "C2" if legal == "C1" else "C1"
                day = change
        if adoption:
            end = self.adopt(end)
        else:
            while True:
                move = day + days(rng.randint(200, 700))
                if move >= end or move > b.today:
                    break
                placement, provider = self.place(move, legal)
                self.episode(move, "P", legal, placement, provider, _weighted(b, PLACE_CHANGE))
                day = move
        self.reviews(end)
        self.missing(end)
        self.health(end)
        self.social_workers(end)
        if b.chance(0.02) and age >= 13 and placement == "K2":
            start = self.entry + days(rng.randint(10, 100))
            if start < end and start <= b.today:
                b.add("deprivation_of_liberty", person_id=self.cid, start_date=start,
                      end_date=b.open_or(min(end, start + days(rng.randint(60, 300)))))  # fmt: skip
        if (
            self.child["sex"] == "F"
            and age_on(self.dob, min(end, b.today)) >= 16
            and b.chance(0.03)
        ):
            b.add("mother_child", mother_id=self.cid,
                  child_date_of_birth=between(rng, self.entry, min(end, b.today)))  # fmt: skip
            self.child["is_mother"] = True
        if end > b.today:
            return None
        last = self.episodes[-1]
        last["end_date"] = end
        if end == eighteen:
            last["end_reason"] = rng.choice(("E17", "E5", "E6", "E8", "E17"))
            if last["placement_type"][0] != "U" and last["end_reason"] == "E17":
                last["end_reason"] = "E5"
        elif adoption:
            last["end_reason"] = rng.choice(("E11", "E12"))
            adopted.add(self.cid)
            self.referral["_care_exit_reason"] = "RC1"
        elif b.chance(0.15):
            last["end_reason"] = rng.choice(("E45", "E46", "E47", "E48"))
            if last["end_reason"] in ("E45", "E46") and last["placement_type"][0] != "U":
                last["end_reason"] = "E47"
            self.referral["_care_exit_reason"] = "RC4"
        else:
            last["end_reason"] = rng.choice(("E4A", "E4A", "E4A", "E13", "E8", "E41"))
        if age_on(self.dob, end) >= 16 and (end - self.entry).days >= 91:
            self.care_leaver(end)
        return end

    def adopt(self, end: dt.date) -> dt.date:
        """Placement order, decision, match, placement for adoption and the adoption order."""
        b, rng = self.b, self.b.rng
        decision = self.entry + days(rng.randint(90, 240))
        last_start: dt.date = self.episodes[-1]["start_date"]
        order = max(decision + days(rng.randint(30, 120)), last_start + days(1))
        matched = order + days(rng.randint(30, 150))
        placed = matched + days(rng.randint(14, 40))
        adopted = placed + days(rng.randint(120, 300))
        with_carer = b.chance(0.15)
        perm = b.add(
            "permanence", person_id=self.cid, period_id=self.period,
            decision_date=b.open_or(decision), placement_order_date=b.open_or(order),
            matched_date=b.open_or(matched), placed_for_adoption_date=b.open_or(placed),
            adopted_by_carer=with_carer, order_date=b.open_or(adopted),
            order_type="Adoption Order" if adopted <= b.today else None,
            number_of_adopters=None, adopter_sex=None, adopter_legal_status=None,
        )  # fmt: skip
        if matched <= b.today:
            two = b.chance(0.8)
            perm.update(
                number_of_adopters="2" if two else "1",
                adopter_sex=rng.choice(("MF", "MF", "MF", "FF", "MM")) if two else rng.choice(
                    ("F1", "M1")),
                adopter_legal_status=None,
            )  # fmt: skip
            sex = perm["adopter_sex"]
            perm["adopter_legal_status"] = (
                "L0" if sex in ("F1", "M1") else "L11" if sex == "MF" else "L12"
            )
        if order <= b.today and order < adopted:
            self.episode(order, "L", "E1", self.episodes[-1]["placement_type"],
                         self.episodes[-1]["placement_provider"], None)  # fmt: skip
        if placed <= b.today:
            # with the foster carers already caring for the child: same carers (RNE T, rule 217)
            placement = "A5" if with_carer else "A6"
            self.episode(placed, "T" if with_carer else "P", "E1", placement, "PR1", "CARPL")
        return adopted

    def reviews(self, end: dt.date) -> None:
        b, rng = self.b, self.b.rng
        review = self.entry + days(rng.randint(10, 20))
        gap = 90
        while review < end and review <= b.today:
            code = "PN0" if age_on(self.dob, review) < 4 else rng.choice(
                ("PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"))  # fmt: skip
            b.add("cla_review", person_id=self.cid, period_id=self.period, review_date=review,
                  due_date=review, participation=code)  # fmt: skip
            review += days(gap - rng.randint(0, 10))
            gap = 182

    def missing(self, end: dt.date) -> None:
        b, rng = self.b, self.b.rng
        if age_on(self.dob, self.entry) < 11 or not b.chance(0.15):
            return
        last = min(end, b.today)
        starts = sorted(between(rng, self.entry, last) for _ in range(rng.randint(1, 4)))
        free = self.entry  # one period at a time, none overlapping (rule 574)
        for start in starts:
            if start < free or start > last:
                continue
            ended = b.open_or(start + days(rng.randint(0, 3)))
            b.add("missing_episode", person_id=self.cid, start_date=start,
                  missing_type=rng.choice("MMA"), end_date=ended,
                  return_interview_offered="Y", return_interview_accepted=rng.choice("YN"))  # fmt: skip
            if ended is None:
                break
            free = ended + days(1)

    def health(self, end: dt.date) -> None:
        b, rng = self.b, self.b.rng
        checks = self.entry + days(rng.randint(20, 28))
        while checks < end and checks <= b.today:
            for kind in ("health_assessment", "dental_check"):
                b.add("health_check", source="health", person_id=self.cid, check_type=kind,
                      check_date=checks + days(rng.randint(0, 30)),
                      status="completed" if b.chance(0.9) else "refused")  # fmt: skip
            b.add("immunisation", source="health", person_id=self.cid,
                  up_to_date=b.chance(0.85), status_date=checks)  # fmt: skip
            age = age_on(self.dob, checks)
            sdq_date = checks
            if age == 3:  # the first questionnaire soon after the fourth birthday
                fourth = birthday(self.dob, 4)
                year_end = dt.date(fourth.year + (fourth.month >= 4), 3, 31)
                # by the 31 March after the birthday, so the year that asks for it has it
                sdq_date = min(fourth + days(rng.randint(0, 20)), year_end)
                age = 4 if sdq_date < min(end, checks + days(365)) and sdq_date <= b.today else 3
            if 4 <= age <= 17:
                score = max(0, min(40, round(rng.gauss(14, 7))))
                scored = b.chance(0.8)
                b.add("sdq_score", source="school", person_id=self.cid, completed_date=sdq_date,
                      score=score if scored else None,
                      reason=None if scored else rng.choice(("SDQ2", "SDQ4", "SDQ5")))  # fmt: skip
            if age >= 12 and b.chance(0.04):
                b.add("substance_misuse", person_id=self.cid, identified_date=checks,
                      substance="cannabis", intervention_offered=True,
                      intervention_received=b.chance(0.6))  # fmt: skip
            if age >= 10 and b.chance(0.03):
                b.add("conviction", source="partner_agency", person_id=self.cid,
                      offence_date=checks - days(rng.randint(1, 200)),
                      offence="Criminal damage")  # fmt: skip
            checks += days(365)

    def social_workers(self, end: dt.date) -> None:
        """Changes of social worker while looked after (the builder ends the one before)."""
        b, rng = self.b, self.b.rng
        change = self.entry + days(rng.randint(120, 400))
        while change < end and change <= b.today:
            b.involvement(self.cid, b.worker(), change, self.referral["id"], rng.choice(SW_REASONS))
            change += days(rng.randint(150, 500))

    def care_leaver(self, left: dt.date) -> None:
        """Contacts around each birthday from 17 to 21 that has passed."""
        b, rng = self.b, self.b.rng
        for age in range(17, 22):
            birthday_date = birthday(self.dob, age)
            # not yet a care leaver at a birthday they left care on or after (rules 1007, 1016)
            if birthday_date <= left or birthday_date > b.today:
                continue
            in_touch = rng.choices(("YES", "NO", "REFU", "NREQ"), weights=(88, 6, 4, 2))[0]
            accommodation = _weighted(b, ACCOMMODATION)
            # at 17, not with former foster carers (rule 3001) nor in a foyer (rule 347)
            while age == 17 and accommodation in ("Z1", "Z2", "T1", "T2"):
                accommodation = _weighted(b, ACCOMMODATION)
            b.add(
                "care_leaver", person_id=self.cid, eligibility="Former relevant",
                in_touch=in_touch,
                latest_contact_date=birthday_date + days(rng.randint(-60, 60)),
                activity=_weighted(b, ACTIVITIES) if in_touch == "YES" else "0",
                accommodation=accommodation if in_touch == "YES" else "0",
                pathway_plan_review_date=birthday_date - days(rng.randint(0, 150)),
                personal_adviser=f"{b.fake.first_name()} {b.fake.last_name()}",
            )  # fmt: skip
