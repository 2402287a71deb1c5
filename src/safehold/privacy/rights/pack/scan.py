"""Find other people's personal data in free text, to propose redactions for a subject access
pack. A suggestion only: a reviewer accepts or rejects every finding (Presidio's own documentation
warns there is no guarantee of finding everything).

Three kinds of finder, run over the same text:

* **Known people**: every person the store links to the subject (relatives, carers, other
  children) by full name, by title and surname ("Mrs Jones"), and by their addresses' first line
  and postcode. Found wherever the text names them.
* **Identifiers and contact details**, through Microsoft Presidio's pattern recognisers, used
  directly with no NLP engine (no language model is downloaded or loaded): ``NhsRecognizer``
  (with its modulus 11 check), ``UkNinoRecognizer``, ``UkPostcodeRecognizer``,
  ``PhoneRecognizer`` (libphonenumber, GB), plus two ``PatternRecognizer``\\ s of our own: e-mail
  addresses (Presidio's ``EmailRecognizer`` validates domains with ``tldextract``, which tries to
  download the public suffix list at run time) and UK phone numbers in any layout
  (libphonenumber rejects Ofcom's ranges reserved for fiction, which synthetic data uses).
* **Names of people the store does not link** (a neighbour, a family friend): without a language
  model, a gazetteer: a run of capitalised words whose first is a known given name (the en_GB,
  en_IE and en_US given-name lists that ship with Faker, a dependency already). A bare surname
  or an unusual given name is missed; that is why a reviewer reads the pack too.

Names of the subject and of professionals whom policy does not withhold (social workers, by
default: the ICO says their identities should not normally be withheld) are never proposed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

__all__ = ["Finding", "KnownPerson", "Scanner"]

#: Person-name kinds a reviewer sees.
PERSON_NAME, ADDRESS, NHS, NINO, POSTCODE, PHONE, EMAIL = (
    "person_name",
    "address",
    "nhs_number",
    "ni_number",
    "postcode",
    "phone",
    "email",
)
_PRESIDIO_KINDS = {
    "UK_NHS": NHS,
    "UK_NINO": NINO,
    "UK_POSTCODE": POSTCODE,
    "PHONE_NUMBER": PHONE,
    "EMAIL_ADDRESS": EMAIL,
}
#: When findings overlap, the more specific wins.
_PRIORITY = {NHS: 0, NINO: 1, EMAIL: 2, ADDRESS: 3, POSTCODE: 4, PHONE: 5, PERSON_NAME: 6}
EMAIL_RE = r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
UK_PHONE_RE = r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)(?:\d[\s\-)]{0,2}){8,9}\d(?!\d)"
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")
_WORD = r"[A-Z][A-Za-z'\-]*[a-z]"
_CAPITALISED_RUN = re.compile(rf"\b{_WORD}(?:\s+{_WORD})+\b")
_TITLED = re.compile(rf"\b(?:{'|'.join(TITLES)})\.?\s+{_WORD}(?:\s+{_WORD})*\b")


@dataclass(frozen=True)
class KnownPerson:
    """A third party the store links to the subject, and how they can appear in text."""

    person_id: str
    relation: str
    forename: str | None
    surname: str | None
    address_lines: tuple[str, ...] = ()
    postcodes: tuple[str, ...] = ()

    @property
    def full_name(self) -> str | None:
        if self.forename and self.surname:
            return f"{self.forename} {self.surname}"
        return None


@dataclass(frozen=True)
class Finding:
    start: int
    end: int
    kind: str
    reason: str
    person_id: str | None = None


@cache
def given_names() -> frozenset[str]:
    from faker.providers.person.en_GB import Provider as GB
    from faker.providers.person.en_IE import Provider as IE
    from faker.providers.person.en_US import Provider as US

    names: set[str] = set()
    for provider in (GB, IE, US):
        names.update(str(n) for n in provider.first_names)
    return frozenset(names)


@cache
def _recognisers() -> tuple[Any, ...]:
    # Presidio imports spaCy's machinery (slow, a few seconds cold), so load it on first use.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    from presidio_analyzer import Pattern, PatternRecognizer
    from presidio_analyzer.predefined_recognizers import (
        NhsRecognizer,
        PhoneRecognizer,
        UkNinoRecognizer,
        UkPostcodeRecognizer,
    )

    return (
        NhsRecognizer(),
        UkNinoRecognizer(),
        UkPostcodeRecognizer(),
        PhoneRecognizer(supported_regions=("GB",)),
        PatternRecognizer(
            supported_entity="EMAIL_ADDRESS", patterns=[Pattern("email", EMAIL_RE, 0.5)]
        ),
        PatternRecognizer(
            supported_entity="PHONE_NUMBER", patterns=[Pattern("uk phone", UK_PHONE_RE, 0.4)]
        ),
    )


def _word_spans(text: str, phrase: str) -> Iterable[tuple[int, int]]:
    pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in phrase.split()) + r"(?!\w)"
    for match in re.finditer(pattern, text, flags=re.IGNORECASE):
        yield match.start(), match.end()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Scanner:
    """Scans text for the given third parties, identifiers and unknown names, never proposing
    the ``allowed_names`` (the subject, and professionals policy does not withhold)."""

    known: Sequence[KnownPerson]
    allowed_names: Sequence[str] = ()
    _phrases: list[tuple[str, str, str, str]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        for person in self.known:
            who = f"{person.relation} {person.person_id}"
            if person.full_name:
                self._phrases.append((person.full_name, PERSON_NAME, person.person_id,
                                      f"names a third party ({who})"))  # fmt: skip
            if person.surname:
                for title in TITLES:
                    self._phrases.append((f"{title} {person.surname}", PERSON_NAME,
                                          person.person_id, f"names a third party ({who})"))  # fmt: skip
            for line in person.address_lines:
                if len(line.strip()) >= 5:
                    self._phrases.append((line.strip(), ADDRESS, person.person_id,
                                          f"a third party's address ({who})"))  # fmt: skip
            for postcode in person.postcodes:
                self._phrases.append((postcode, POSTCODE, person.person_id,
                                      f"a third party's postcode ({who})"))  # fmt: skip

    def scan(self, text: str) -> list[Finding]:
        if not text:
            return []
        allowed = [span for name in self.allowed_names if name for span in _word_spans(text, name)]
        found: list[Finding] = []
        for phrase, kind, person_id, reason in self._phrases:
            found += [Finding(s, e, kind, reason, person_id) for s, e in _word_spans(text, phrase)]
        for recogniser in _recognisers():
            for result in recogniser.analyze(text, recogniser.supported_entities, None):
                pattern_kind = _PRESIDIO_KINDS.get(result.entity_type)
                if pattern_kind is not None:
                    found.append(Finding(result.start, result.end, pattern_kind,
                                         f"looks like {pattern_kind.replace('_', ' ')}"))  # fmt: skip
        names = given_names()
        for match in _CAPITALISED_RUN.finditer(text):
            words = list(re.finditer(r"\S+", match.group()))
            for word in words[:-1]:
                if word.group() in names:
                    start = match.start() + word.start()
                    found.append(Finding(start, match.end(), PERSON_NAME,
                                         "looks like a person's name"))  # fmt: skip
                    break
        found += [Finding(m.start(), m.end(), PERSON_NAME, "looks like a person's name")
                  for m in _TITLED.finditer(text)]  # fmt: skip
        kept = [f for f in found if not any(_overlaps((f.start, f.end), a) for a in allowed)]
        return _resolve(kept)


def _resolve(found: list[Finding]) -> list[Finding]:
    """One finding per stretch of text: a known person beats a pattern, a specific kind beats a
    general one, a longer span beats a shorter."""
    ranked = sorted(
        found,
        key=lambda f: (f.person_id is None, _PRIORITY[f.kind], -(f.end - f.start), f.start),
    )
    chosen: list[Finding] = []
    for finding in ranked:
        if not any(_overlaps((finding.start, finding.end), (c.start, c.end)) for c in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: f.start)
