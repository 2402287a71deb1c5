"""Free-text case notes that mention other people, as real notes do.

Each note names people the store links to the child (parents, grandparents), people it does not
(neighbours, a family friend), the social worker, and sometimes contact details and identifiers,
so that a subject access pack's redaction has real work to do. What each note mentions is kept
in ``Authority.note_mentions`` for the tests that check redaction finds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from safehold.synth.calendar import between, days
from safehold.synth.identifiers import make_nhs_number

if TYPE_CHECKING:
    from safehold.synth.generate import _Builder


def _name(person: dict[str, Any]) -> str:
    return f"{person['forename']} {person['surname']}"


def write_notes(b: _Builder, child: dict[str, Any], parents: list[dict[str, Any]]) -> None:
    rng, fake = b.rng, b.fake
    referrals = [r for r in b.rows["referral"][-3:] if r["person_id"] == child["id"]]
    if not referrals:
        return
    first = referrals[0]["referral_date"]
    last = referrals[-1].get("close_date") or b.today
    worker = next(w for w in b.workers if w["id"] == referrals[0]["worker_id"])
    mother = parents[0]
    father = next((p for p in parents if p is not mother and p["sex"] == "M"), None)
    child_name = child["forename"] or "the baby"
    for _ in range(rng.randint(1, 4)):
        neighbour = f"{fake.first_name()} {fake.last_name()}"
        phone = fake.phone_number()
        postcode = fake.postcode()
        email = fake.email()
        nhs = make_nhs_number(rng)
        options: list[tuple[str, list[str]]] = [
            (f"Home visit by {worker['name']}. Spoke with {_name(mother)} at the family home. "
             f"{neighbour}, a neighbour, called round during the visit and said she had heard "
             f"shouting on several evenings. {child_name} was seen and appeared well.",
             [_name(mother), neighbour]),
            (f"Telephone call from {_name(mother)} on {phone} asking about contact arrangements. "
             f"She said {neighbour} of {postcode} has been helping with school runs.",
             [_name(mother), phone, neighbour, postcode]),
            (f"GP practice letter received about {_name(mother)} (NHS number {nhs}): she has "
             f"been referred to the community mental health team.",
             [_name(mother), nhs]),
            (f"School contacted {worker['name']} with concerns about {child_name}'s attendance. "
             f"Family friend {neighbour} ({email}) offered to attend the next meeting.",
             [neighbour, email]),
        ]  # fmt: skip
        if father is not None:
            options.append((
                f"{_name(father)} attended the core group meeting and disputed the concerns "
                f"raised by {_name(mother)}. He can be reached on {phone}.",
                [_name(father), _name(mother), phone],
            ))  # fmt: skip
        body, mentions = rng.choice(options)
        note = b.add(
            "case_note",
            person_id=child["id"],
            note_date=between(rng, first, min(last, first + days(400))),
            author_id=worker["id"],
            subject="Case note",
            body=body,
        )
        b.note_mentions[note["id"]] = mentions
