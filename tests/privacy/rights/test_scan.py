"""The redaction scanner on its own: identifiers by Presidio's recognisers, known people from the
store, unknown names by the gazetteer, and what is never proposed."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safehold.privacy.rights.pack.content import WITHHELD, redact_text
from safehold.privacy.rights.pack.scan import KnownPerson, Scanner
from safehold.synth.identifiers import nhs_check_digit

MOTHER = KnownPerson("A1", "mother", "Leanne", "Roberts", ("12 Cedar Road",), ("HD3 2HR",))


def kinds(text: str, scanner: Scanner | None = None) -> list[tuple[str, str]]:
    scanner = scanner or Scanner([])
    return [(f.kind, text[f.start : f.end]) for f in scanner.scan(text)]


nine_digits = st.text("0123456789", min_size=9, max_size=9).filter(lambda s: s[0] in "3456789")


@settings(max_examples=60, deadline=None)
@given(nine_digits, st.sampled_from(["", " "]))
def test_valid_nhs_numbers_are_found(nine: str, sep: str) -> None:
    check = nhs_check_digit(nine)
    assume(check is not None)
    number = f"{nine[:3]}{sep}{nine[3:6]}{sep}{nine[6:]}{check}"
    assert ("nhs_number", number) in kinds(f"GP letter (NHS number {number}) received.")


@settings(max_examples=60, deadline=None)
@given(nine_digits)
def test_nhs_numbers_failing_modulus_11_are_not(nine: str) -> None:
    check = nhs_check_digit(nine)
    assume(check is not None)
    wrong = f"{nine}{(check + 1) % 10}"
    assert all(kind != "nhs_number" for kind, _ in kinds(f"NHS number {wrong} given."))


@settings(max_examples=40, deadline=None)
@given(
    st.from_regex(r"[a-z][a-z0-9._]{0,10}[a-z0-9]", fullmatch=True),
    st.from_regex(r"[a-z]{2,10}", fullmatch=True),
    st.sampled_from(["org", "co.uk", "com", "gov.uk"]),
)
def test_email_addresses_are_found(local: str, domain: str, tld: str) -> None:
    assume(".." not in local)
    email = f"{local}@{domain}.{tld}"
    assert ("email", email) in kinds(f"Family friend ({email}) offered to attend.")


def test_identifiers_and_contact_details() -> None:
    text = ("Called on 01632 960 788 and +44(0)115 496 0648; NI AB 12 34 56 C; "
            "she lives at SW1A 1AA.")  # fmt: skip
    found = kinds(text)
    assert ("phone", "01632 960 788") in found
    assert ("phone", "+44(0)115 496 0648") in found
    assert ("ni_number", "AB 12 34 56 C") in found
    assert ("postcode", "SW1A 1AA") in found


def test_known_people_are_found_by_name_title_and_address() -> None:
    scanner = Scanner([MOTHER])
    text = "Spoke with LEANNE ROBERTS at 12 Cedar Road, HD3 2HR. Mrs Roberts was upset."
    found = [(f.kind, text[f.start : f.end], f.person_id) for f in scanner.scan(text)]
    assert ("person_name", "LEANNE ROBERTS", "A1") in found
    assert ("address", "12 Cedar Road", "A1") in found
    assert ("postcode", "HD3 2HR", "A1") in found
    assert ("person_name", "Mrs Roberts", "A1") in found


def test_unknown_names_by_gazetteer_but_never_allowed_names() -> None:
    scanner = Scanner([MOTHER], allowed_names=["Joe Bloggs", "Sam Roberts"])
    text = ("Home visit by Joe Bloggs. Sam Roberts was seen. Family friend Jane McDonald "
            "and Sean O'Neill-Smith came.")  # fmt: skip
    found = kinds(text, scanner)
    assert ("person_name", "Jane McDonald") in found
    assert ("person_name", "Sean O'Neill-Smith") in found
    assert not any("Bloggs" in t or "Sam" in t for _, t in found)


def test_one_finding_per_stretch_known_person_first() -> None:
    scanner = Scanner([MOTHER])
    text = "Leanne Roberts phoned."
    found = scanner.scan(text)
    assert len(found) == 1 and found[0].person_id == "A1"


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)),
                                      max_size=4))  # fmt: skip
def test_redact_text_replaces_exactly_the_spans(text: str, raw: list[tuple[int, int]]) -> None:
    spans: list[tuple[int, int]] = []
    for start, length in sorted(raw):
        end = min(start + length, len(text))
        if start < end and all(end <= a or start >= b for a, b in spans):
            spans.append((start, end))
    out = redact_text(text, spans)
    assert out.count(WITHHELD) >= len(spans)
    expected = text
    for start, end in sorted(spans, reverse=True):
        expected = expected[:start] + WITHHELD + expected[end:]
    assert out == expected
