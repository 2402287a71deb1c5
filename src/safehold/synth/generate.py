"""A synthetic local authority: seeded, reproducible, with coherent journeys.

Children arrive through referrals spread evenly over the simulated span (the years asked for plus
two years of warm-up, so that cases open at the start of the window are realistic). Each referral
takes one path — no further action, assessment and closure, early help, a children in need plan,
a section 47 enquiry with a conference and a child protection plan, or care — with probabilities
tuned so that the rates per 10,000 children at 31 March come out near England's published ones
(referrals about 510 a year, children in need about 330, child protection plans about 40, looked
after about 70). The child population the rates are measured against is implied by the number of
referrals: ``population = referrals per year / 0.0510``.

Everything is generated in Python from one ``random.Random(seed)`` and one seeded Faker, so the
same arguments always give the same authority. Rows are plain dicts keyed by the record's column
names, one list per table, ready for a bulk load.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from faker import Faker

from safehold.synth.calendar import (
    add_working_days,
    age_on,
    between,
    birthday,
    days,
    next_working_day,
)
from safehold.synth.choices import (
    ABUSE,
    DISABILITIES,
    ETHNICITIES,
    FACTORS,
    MEDICAL_CONDITIONS,
    NEEDS,
    REFERRAL_SOURCES,
    TEAMS,
)
from safehold.synth.identifiers import make_nhs_number, make_upn, upn_check_letter

REFERRALS_PER_CHILD_PER_YEAR = 0.0510
WARM_UP_YEARS = 2
LA_CODE = "999"  # never a real authority's code
#: The LA code inside the authority's children's UPNs. A UPN carries the code of the authority
#: whose school allocated it, and the census rules (1530) accept only recognised codes, so the
#: synthetic schools allocate under a real code; the numbers themselves are random and fake.
UPN_LA_CODE = "938"


def weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]


@dataclass
class Authority:
    """A generated authority: rows per table, and what the tests need to check it."""

    today: dt.date
    start: dt.date
    population: int
    rows: dict[str, list[dict[str, Any]]]
    #: case note id → names and details of third parties written into it
    note_mentions: dict[str, list[str]] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


class _Builder:
    def __init__(self, seed: int, today: dt.date, years: int) -> None:
        self.rng = random.Random(seed)
        # Pre-proceedings draw from a generator of their own, so that adding them left every
        # other journey of a seed exactly as it was.
        self.legal_rng = random.Random(f"pre-proceedings:{seed}")
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.today = today
        self.window_start = dt.date(today.year - years, today.month, today.day)
        self.start = dt.date(self.window_start.year - WARM_UP_YEARS, today.month, today.day)
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.counters: dict[str, int] = defaultdict(int)
        self.note_mentions: dict[str, list[str]] = {}
        self.workers: list[dict[str, Any]] = []
        self.upns: set[str] = set()
        self.teams: list[str] = []
        self.open_involvement: dict[str, dict[str, Any]] = {}

    # -- plumbing ---------------------------------------------------------------------------
    def new_id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]:07d}"

    def add(self, table: str, source: str = "case_management", **values: Any) -> dict[str, Any]:
        values.setdefault("id", self.new_id(table[:3].upper()))
        values["source"] = source
        self.rows[table].append(values)
        return values

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def open_or(self, day: dt.date | None) -> dt.date | None:
        """A date that has not happened yet is not recorded."""
        return day if day is not None and day <= self.today else None

    def upn(self, year_allocated: int) -> str:
        """A UPN no other child of the authority holds (rule 1520). A clash, rare among a few
        thousand children but certain among tens of thousands, moves to the next serial number,
        so no further random draw is made and every other value of the seed stays the same."""
        upn = make_upn(self.rng, UPN_LA_CODE, year_allocated)
        while upn in self.upns:
            body = upn[1:]  # LA code (3), year (2), serial (6), final digit (1)
            serial = (int(body[5:11]) + 1) % 10**6
            body = f"{body[:5]}{serial:06d}{body[11]}"
            upn = upn_check_letter(body) + body
        self.upns.add(upn)
        return upn

    # -- the workforce ------------------------------------------------------------------------
    def workforce(self, children: int) -> None:
        for name in TEAMS:
            team = self.add("department", id=self.new_id("T"), name=f"{name} Team",
                            parent_name="Children's Services")  # fmt: skip
            self.teams.append(team["id"])
        for _ in range(max(12, children // 12)):
            worker = self.add(
                "professional",
                id=self.new_id("W"),
                staff_id=self.new_id("STAFF"),
                name=f"{self.fake.first_name()} {self.fake.last_name()}",
                registration_number=f"SW{self.rng.randrange(10**5, 10**6)}",
                job_title=self.rng.choice(
                    ("Social Worker", "Senior Social Worker", "Advanced Practitioner")
                ),
                caseload=self.rng.randint(8, 24),
                department_name=self.rng.choice(TEAMS) + " Team",
                full_time_equivalent=self.rng.choice((1.0, 1.0, 1.0, 0.8, 0.6)),
                agency_worker=self.chance(0.15),
            )
            self.workers.append(worker)

    def worker(self) -> dict[str, Any]:
        return self.rng.choice(self.workers)

    # -- people ---------------------------------------------------------------------------------
    def address(self, person_id: str, start: dt.date | None) -> dict[str, Any]:
        return self.add(
            "address",
            source="child_or_family",
            person_id=person_id,
            lines={"line1": self.fake.street_address(), "town": self.fake.city()},
            address_type="home",
            start_date=start,
            postcode=self.fake.postcode(),
        )

    def adult(self, child_id: str, relationship: str, sex: str, surname: str,
              responsibility: bool) -> dict[str, Any]:  # fmt: skip
        forename = self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()
        adult = self.add(
            "person",
            source="child_or_family",
            id=self.new_id("A"),
            kind="adult",
            forename=forename,
            surname=surname,
            sex=sex,
            date_of_birth=between(self.rng, dt.date(1970, 1, 1), dt.date(2004, 12, 31)),
            nhs_number=make_nhs_number(self.rng),
        )
        self.add("relationship", child_id=child_id, related_person_id=adult["id"],
                 relationship=relationship, parental_responsibility=responsibility,
                 lives_with_child=relationship != "father" or self.chance(0.4))  # fmt: skip
        self.address(adult["id"], None)
        return adult

    def child(self, referral_date: dt.date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rng = self.rng
        age_band = rng.choices(("unborn", "0-4", "5-9", "10-15", "16-17"),
                               weights=(3, 30, 27, 30, 10))[0]  # fmt: skip
        low, high = {"unborn": (0, 0), "0-4": (0, 4), "5-9": (5, 9), "10-15": (10, 15),
                     "16-17": (16, 17)}[age_band]  # fmt: skip
        expected = None
        if age_band == "unborn":
            expected = referral_date + days(rng.randint(30, 200))
            dob: dt.date | None = expected + days(rng.randint(-14, 10))
            if dob is not None and dob > self.today:
                dob = None
        else:
            age = rng.randint(low, high)
            dob = birthday(referral_date, -age - 1) + days(rng.randint(1, 364))
        born = dob is not None
        sex = rng.choice("MF") if born else "U"
        surname = self.fake.last_name()
        school_age = dob is not None and age_on(dob, self.today) >= 5
        forename = None
        if born:
            forename = self.fake.first_name_female() if sex == "F" else self.fake.first_name_male()
        person = self.add(
            "person",
            source="referral",
            id=self.new_id("C"),
            kind="child",
            forename=forename,
            surname=surname,
            sex=sex,
            gender=None,
            ethnicity=weighted(rng, ETHNICITIES) if born else "NOBT",
            date_of_birth=dob,
            expected_date_of_birth=None if born else expected,
            nhs_number=make_nhs_number(rng) if born else None,
            upn=self.upn(dob.year + 5) if school_age and dob else None,
            upn_unknown=None if school_age else "UN1",
        )
        family_id = self.new_id("F")
        self.add("family", family_id=family_id, person_id=person["id"])
        self.address(person["id"], dob or referral_date)
        parents = [self.adult(person["id"], "mother", "F", surname, True)]
        if self.chance(0.65):
            parents.append(self.adult(person["id"], "father", "M", surname, self.chance(0.8)))
        if self.chance(0.15):
            parents.append(self.adult(person["id"], "grandparent", rng.choice("MF"),
                                      self.fake.last_name(), False))  # fmt: skip
        for adult in parents:
            self.add("family", family_id=family_id, person_id=adult["id"])
        if born and self.chance(0.15):
            self.add("medical_information", source="health", person_id=person["id"],
                     recorded_date=referral_date, condition=rng.choice(MEDICAL_CONDITIONS),
                     details="Recorded from the health partner's summary.")  # fmt: skip
        if born and self.chance(0.10):
            self.add("behaviour_support", source="school", person_id=person["id"],
                     recorded_date=referral_date, kind=rng.choice(("behaviour", "support need")),
                     details="Support plan agreed with school.")  # fmt: skip
        if school_age and self.chance(0.15):
            self.add("send_record", source="school", person_id=person["id"], upn=person["upn"])
        if born:
            if self.chance(0.12):
                for code in rng.sample(DISABILITIES, rng.choice((1, 1, 2))):
                    self.add("disability", person_id=person["id"], code=code)
            else:
                self.add("disability", person_id=person["id"], code="NONE")
        return person, parents

    # -- children in need ---------------------------------------------------------------------
    def referral(self, child: dict[str, Any], parents: list[dict[str, Any]],
                 referral_date: dt.date, first: bool) -> dt.date | None:  # fmt: skip
        """One episode of need, from referral to closure; returns the closure date (or None)."""
        rng = self.rng
        cid = child["id"]
        worker = self.worker()
        self.add("contact", source="referral", person_id=cid,
                 contact_date=referral_date - days(rng.randint(0, 3)),
                 source_code=weighted(rng, REFERRAL_SOURCES))  # fmt: skip
        referral = self.add(
            "referral", source="referral", person_id=cid, referral_date=referral_date,
            referral_source=weighted(rng, REFERRAL_SOURCES), worker_id=worker["id"],
            team_id=self.teams[0], no_further_action=False,
        )  # fmt: skip
        self.involvement(cid, worker, referral_date, referral["id"])
        path = rng.choices(
            ("nfa", "assess_close", "early_help", "cin_plan", "cp", "care"),
            weights=(20, 31, 8, 26.5, 5.5, 9),
        )[0]
        if child["date_of_birth"] is None and path == "care":
            path = "cp"
        if path == "nfa":
            referral.update(no_further_action=True, primary_need=None,
                            close_date=referral_date, close_reason="RC7")  # fmt: skip
            return referral_date
        referral["primary_need"] = weighted(rng, NEEDS)
        a_start = referral_date + days(rng.randint(0, 6))
        a_end = a_start + days(rng.randint(12, 60))
        assessment = self.add(
            "assessment", source="assessment", person_id=cid, referral_id=referral["id"],
            start_date=a_start, authorised_date=self.open_or(a_end), child_seen=True,
            worker_id=worker["id"], team_id=self.teams[1],
        )  # fmt: skip
        if assessment["authorised_date"] is not None:
            factors = (["21"] if path in ("assess_close", "early_help") and self.chance(0.3)
                       else sorted({weighted(rng, FACTORS) for _ in range(rng.randint(1, 3))}))  # fmt: skip
            self.add("assessment_factors", assessment_id=assessment["id"], factors=factors)
        end: dt.date | None = a_end
        if path in ("assess_close", "early_help"):
            close_reason = "RC8" if path == "assess_close" else "RC9"
            return self.close(referral, end, close_reason)
        if path == "cin_plan":
            end = self.cin_plan(cid, referral, a_end, rng.randint(200, 720))
            return self.close(referral, end, "RC7")
        # Child protection: a section 47 enquiry, a conference, a plan.
        s47_start = a_start + days(rng.randint(0, 5))
        icpc = next_working_day(add_working_days(s47_start, rng.randint(5, 15)))
        self.add(
            "section47_enquiry", source="assessment", person_id=cid, referral_id=referral["id"],
            start_date=s47_start, end_date=self.open_or(icpc), no_further_action=False,
            worker_id=worker["id"], team_id=self.teams[3],
        )  # fmt: skip
        if icpc > self.today:
            return None
        conference = self.add(
            "initial_cp_conference", person_id=cid, referral_id=referral["id"],
            s47_enquiry_id=self.rows["section47_enquiry"][-1]["id"],
            target_date=add_working_days(s47_start, 15), conference_date=icpc,
            outcome_cp_plan=True, worker_id=worker["id"], team_id=self.teams[3],
        )  # fmt: skip
        category = weighted(rng, ABUSE)
        plan_end = icpc + days(rng.randint(100, 480))
        care_start = None
        if path == "care":
            care_start = max(icpc + days(rng.randint(20, 200)),
                             child["date_of_birth"] + days(rng.randint(1, 10)))  # fmt: skip
            if birthday(child["date_of_birth"], 18) <= care_start + days(90):
                care_start = None  # too near adulthood to come into care
            else:
                plan_end = care_start
        plan = self.add(
            "cp_plan", person_id=cid, referral_id=referral["id"], icpc_id=conference["id"],
            start_date=icpc, end_date=self.open_or(plan_end), initial_category=category,
            latest_category=category if self.chance(0.9) else weighted(rng, ABUSE),
            previous_plans=0 if first else rng.choice((0, 1)),
        )  # fmt: skip
        conference["cp_plan_id"] = plan["id"]
        review = next_working_day(icpc + days(90))
        while review < plan_end and review <= self.today:
            self.add("cp_review", person_id=cid, cp_plan_id=plan["id"], review_date=review,
                     due_date=review, plan_continues=True)  # fmt: skip
            review = next_working_day(review + days(182))
        self.pre_proceedings(cid, icpc, plan_end, care_start)
        if plan_end > self.today:
            return None
        if care_start is not None:
            end = self.care(child, parents, referral, care_start)
            if end is None:
                return None
            reason = referral.pop("_care_exit_reason", "RC7")
            return self.close(referral, end + days(rng.randint(0, 60)), reason)
        end = plan_end
        if self.chance(0.5):
            end = self.cin_plan(cid, referral, plan_end + days(1), rng.randint(90, 240))
        return self.close(referral, end, "RC7")

    def pre_proceedings(self, cid: str, plan_start: dt.date, plan_end: dt.date,
                        care_start: dt.date | None) -> None:  # fmt: skip
        """Pre-proceedings under the Public Law Outline for some children on a plan: most of
        those who go on to come into care (ending in a court application), a few others (ending
        in a decision to step down). The DfE's list of outcome codes is not known here, so the
        outcome is left unrecorded."""
        rng = self.legal_rng
        if rng.random() >= (0.6 if care_start is not None else 0.08):
            return
        latest = (care_start or plan_end) - days(14)
        decision = plan_start + days(rng.randint(21, 120))
        if decision > latest or decision > self.today:
            return
        letter = decision + days(rng.randint(1, 7))
        meeting = letter + days(rng.randint(5, 14))
        offered = rng.random() < 0.8
        row: dict[str, Any] = {
            "person_id": cid, "decision_date": decision, "letter_date": self.open_or(letter),
            "fgdm_offered": offered, "fgdm_held": offered and rng.random() < 0.6,
        }  # fmt: skip
        if care_start is not None:
            court = max(care_start - days(rng.randint(0, 5)), letter)
            meeting = min(meeting, court)
            row["care_proceedings_letter_date"] = self.open_or(court)
            row["court_application_date"] = self.open_or(court)
            finished = court
        else:
            finished = min(meeting + days(rng.randint(60, 150)), plan_end)
            row["stepdown_issue_date"] = self.open_or(finished)
        row["initial_meeting_date"] = self.open_or(meeting)
        if finished <= self.today:
            row["review_meetings"] = rng.randint(0, 3)
        self.add("pre_proceedings", **row)

    def cin_plan(self, cid: str, referral: dict[str, Any], start: dt.date, length: int) -> dt.date:
        if start > self.today:
            return start
        end = start + days(length)
        self.add("cin_plan", person_id=cid, referral_id=referral["id"], start_date=start,
                 end_date=self.open_or(end), worker_id=referral["worker_id"],
                 team_id=self.teams[2])  # fmt: skip
        visit = start + days(self.rng.randint(5, 20))
        while visit < end and visit <= self.today:
            self.add("cin_visit", person_id=cid, visit_date=visit, seen=True,
                     seen_alone=self.chance(0.6), bedroom_seen=self.chance(0.5))  # fmt: skip
            visit += days(self.rng.randint(20, 45))
        return end

    def close(self, referral: dict[str, Any], end: dt.date | None, reason: str) -> dt.date | None:
        if end is None or end > self.today:
            return None
        closed: dt.date = max(end, referral["referral_date"])
        referral["close_date"] = closed
        referral["close_reason"] = reason
        return closed

    def involvement(self, cid: str, worker: dict[str, Any], start: dt.date, referral_id: str,
                    reason: str = "CHCHAN") -> dict[str, Any]:  # fmt: skip
        """A new allocated social worker; the child's previous one, if still open, ends."""
        current = self.open_involvement.get(cid)
        if current is not None and current.get("end_date") is None:
            current["end_date"] = max(start, current["start_date"])
        row = self.add("involvement", person_id=cid, professional_id=worker["id"],
                       role="Allocated Social Worker", start_date=start, referral_id=referral_id,
                       change_reason=reason)  # fmt: skip
        self.open_involvement[cid] = row
        return row

    # -- looked after -----------------------------------------------------------------------
    def care(self, child: dict[str, Any], parents: list[dict[str, Any]],
             referral: dict[str, Any], entry: dt.date) -> dt.date | None:  # fmt: skip
        """A period of care from ``entry``; returns the date it ended (None if still looked after)."""
        from safehold.synth.care import CareJourney

        return CareJourney(self, child, parents, referral, entry).run()

    # -- notes ----------------------------------------------------------------------------------
    def notes(self, child: dict[str, Any], parents: list[dict[str, Any]]) -> None:
        from safehold.synth.notes import write_notes

        write_notes(self, child, parents)


def generate(
    children: int,
    seed: int = 1,
    *,
    years: int = 3,
    today: dt.date | None = None,
) -> Authority:
    """Generate a synthetic authority with ``children`` children who have a social care record."""
    if children < 1:
        raise ValueError("children must be at least 1")
    if years < 1:
        raise ValueError("years must be at least 1")
    today = today or dt.date.today()
    builder = _Builder(seed, today, years)
    builder.workforce(children)
    span = (today - builder.start).days
    referrals = 0
    for _ in range(children):
        first = builder.start + dt.timedelta(days=builder.rng.randint(0, span))
        child, parents = builder.child(first)
        closed = builder.referral(child, parents, first, first=True)
        referrals += 1
        if closed is not None and builder.chance(0.22):
            again = closed + days(builder.rng.randint(60, 500))
            if again <= today and (child["date_of_birth"] is None
                                   or age_on(child["date_of_birth"], again) < 18):  # fmt: skip
                builder.referral(child, parents, again, first=False)
                referrals += 1
        builder.notes(child, parents)
    years_simulated = span / 365.25
    population = max(1, round(referrals / years_simulated / REFERRALS_PER_CHILD_PER_YEAR))
    return Authority(
        today=today,
        start=builder.start,
        population=population,
        rows=dict(builder.rows),
        note_mentions=builder.note_mentions,
    )
