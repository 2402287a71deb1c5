"""The typed schema of the register of processing.

The register is the one place where the authority says what it processes, why, on which lawful
basis, where the data comes from, who receives it, how long it is kept and which rights apply. The
published notice is rendered from it and the conformance check compares the system against it, so
the schema is strict: unknown keys are refused (a typo must not silently drop a declaration) and
every cross-reference between sections is checked (see :meth:`Register.reference_problems`).

Some checks are deliberately left to the conformance check rather than the schema: a purpose may
be loaded with no lawful basis, or a category may be declared but not yet listed in the notice, so
that ``safehold privacy check`` can name the gap instead of the loader refusing the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "Category",
    "Contact",
    "Contacts",
    "DataSubject",
    "Exemption",
    "Extension",
    "ExtraSection",
    "Gateway",
    "LawfulBasis",
    "Legislation",
    "Link",
    "NoticeText",
    "OptionalField",
    "Period",
    "Problem",
    "Purpose",
    "Recipient",
    "ReferenceProblems",
    "Register",
    "RetentionClass",
    "RetentionEvent",
    "Right",
    "Source",
    "SpecialCondition",
    "Trigger",
]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Url = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https?://\S+$")]
YearMonth = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LawfulBasis(StrEnum):
    """The six lawful bases of UK GDPR Article 6(1)."""

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"

    @property
    def article(self) -> str:
        return "Article 6(1)(" + "abcdef"[list(LawfulBasis).index(self)] + ")"

    @property
    def label(self) -> str:
        """The basis as the notice words it: ``legal obligation``."""
        return self.value.replace("_", " ")


class Trigger(StrEnum):
    """The event that starts a retention clock."""

    DATE_OF_BIRTH = "date_of_birth"
    DATE_OF_DEATH = "date_of_death"
    CLOSURE = "closure"
    LAST_ACTIVITY = "last_activity"
    ADOPTION_ORDER = "adoption_order"
    APPROVAL_ENDED = "approval_ended"
    PERPETRATOR_DATE_OF_BIRTH = "alleged_perpetrator_date_of_birth"
    EMPLOYMENT_ENDED = "employment_ended"
    EVENT = "event"

    @property
    def plain(self) -> str:
        """How a resident would say it: 'after your date of birth'."""
        return {
            Trigger.DATE_OF_BIRTH: "after your date of birth",
            Trigger.DATE_OF_DEATH: "after death",
            Trigger.CLOSURE: "after the record is closed",
            Trigger.LAST_ACTIVITY: "after the record was last used",
            Trigger.ADOPTION_ORDER: "after the adoption order",
            Trigger.APPROVAL_ENDED: "after the approval ends",
            Trigger.PERPETRATOR_DATE_OF_BIRTH: "after the date of birth of the person accused",
            Trigger.EMPLOYMENT_ENDED: "after the person stops working for us",
            Trigger.EVENT: "after it is recorded",
        }[self]


class RetentionEvent(StrEnum):
    """Something that happens later in a child's life and changes how long a record is kept."""

    BECOMES_LOOKED_AFTER = "becomes_looked_after"
    ADOPTED = "adopted"
    DIES_BEFORE_18 = "dies_before_18"
    DIES = "dies"
    NO_ADOPTION_ORDER = "no_adoption_order"

    @property
    def plain(self) -> str:
        return {
            RetentionEvent.BECOMES_LOOKED_AFTER: "if the child later becomes looked after",
            RetentionEvent.ADOPTED: "if the child is adopted",
            RetentionEvent.DIES_BEFORE_18: "if the child dies before their 18th birthday",
            RetentionEvent.DIES: "if the person dies",
            RetentionEvent.NO_ADOPTION_ORDER: "if no adoption order was made",
        }[self]


class DataSubject(_Model):
    id: Id
    name: Text
    description: Text | None = None


class Category(_Model):
    """A category of personal data: what the notice lists and the record model tags columns with."""

    id: Id
    name: Text = Field(description="short name used in sentences: 'outcomes information'")
    notice_wording: Text
    plain_wording: Text = Field(description="the young people's notice: 'your name, ...'")
    examples: list[Text] = []
    special: bool
    subjects: list[Id] = Field(min_length=1)
    notice_list: Literal["main", "additional"] = "main"
    in_notice: bool = True
    covered_by: Text | None = Field(
        default=None, description="the other notice that covers it, when in_notice is false"
    )

    @model_validator(mode="after")
    def _covered_only_outside_notice(self) -> Category:
        if self.in_notice and self.covered_by is not None:
            raise ValueError("covered_by is only for categories with in_notice: false")
        return self


class Legislation(_Model):
    id: Id
    title: Text = Field(description="'Children Act 1989'")
    url: Url | None = None


class SpecialCondition(_Model):
    """An Article 9 condition for special category data, with its DPA 2018 Schedule 1 paragraph."""

    id: Id
    article: Annotated[str, StringConstraints(pattern=r"^9\(2\)\([a-j]\)$")]
    schedule_1: list[Text] = Field(min_length=1, description="DPA 2018 Schedule 1 paragraphs")
    name: Text
    notice_wording: Text
    appropriate_policy_document: bool


class Purpose(_Model):
    id: Id
    notice_wording: Text
    plain_wording: Text
    lawful_bases: list[LawfulBasis]
    legislation: list[Id] = []
    categories: list[Id] = Field(min_length=1)
    special_conditions: list[Id] = []
    automated_decision_making: bool
    automated_decision_note: Text


class OptionalField(_Model):
    category: Id
    field: Text
    note: Text


class Source(_Model):
    id: Id
    notice_wording: Text
    plain_wording: Text
    categories: list[Id] = Field(min_length=1)
    optional_at_collection: list[OptionalField] = []


class Gateway(_Model):
    """The law that allows or requires a disclosure: a provision of a piece of legislation."""

    legislation: Id
    provision: Text | None = None
    note: Text | None = Field(default=None, description="why this provision, or what to confirm")


class Link(_Model):
    title: Text
    url: Url


class ExtraSection(_Model):
    heading: Text
    paragraphs: list[Text] = Field(min_length=1)
    link: Url | None = None


class Recipient(_Model):
    id: Id
    name: Text = Field(description="short name used in sentences: 'schools'")
    notice_wording: Text
    plain_wording: Text
    categories: list[Id] = Field(min_length=1)
    purposes: list[Id] = Field(min_length=1)
    gateway: list[Gateway] = Field(min_length=1)
    routine: bool = True
    in_notice: bool = True
    onward_uses: list[Text] = []
    links: list[Link] = []
    notice_sections: list[ExtraSection] = Field(
        default=[],
        description="sections of the notice about this recipient (the DfE's National Pupil "
        "Database, subject access to the DfE), shown after what it uses the data for",
    )


class Period(_Model):
    trigger: Trigger
    # strict: a quoted "10" in the YAML is text, not a number of years
    years: int = Field(ge=0, le=200, strict=True)

    @property
    def plain(self) -> str:
        unit = "year" if self.years == 1 else "years"
        return f"{self.years} {unit} {self.trigger.plain}"


class Extension(_Model):
    """When ``when`` happens, the record is kept for ``period`` instead."""

    when: RetentionEvent
    period: Period
    authority: Text
    note: Text | None = None


class RetentionClass(_Model):
    id: Id
    name: Text = Field(description="plain name used in sentences: 'care leaver records'")
    description: Text
    period: Period
    not_before: Period | None = Field(
        default=None, description="never destroyed before this, whatever the period says"
    )
    basis: Literal["statute", "local_policy"]
    authority: Text = Field(description="the statute, or the policy and who set it")
    source_note: Text
    extensions: list[Extension] = []
    follows_linked: bool = Field(
        default=False,
        description="kept as long as the longest-kept record about the same person, and never "
        "for less than the period (for identity details, case notes and other shared records)",
    )
    in_notice: bool = True


class Exemption(_Model):
    id: Id
    name: Text
    reference: Text = Field(description="the DPA 2018 provision")
    verify: bool = Field(description="true until the paragraph is checked against the Act")
    description: Text
    rights: list[Id] = Field(min_length=1)


class Right(_Model):
    id: Id
    notice_wording: Text
    plain_wording: Text
    article: Text
    applies_under: list[LawfulBasis]
    in_notice: bool = True
    exemptions: list[Id] = []
    note: Text | None = None


class Contact(_Model):
    name: Text
    address: list[Text] = []
    email: Text | None = None
    phone: Text | None = None
    website: Url | None = None
    placeholder: bool = Field(
        description="true while the details are the example ones the authority must replace"
    )


class Contacts(_Model):
    controller: Contact
    dpo: Contact
    ico: Contact


class NoticeText(_Model):
    """The notice's own sentences: the prose around the lists the register data supplies."""

    title: Text
    heading: Text
    introduction: Text
    categories_intro: Text
    additional_intro: Text
    categories_closing: Text
    purposes_intro: Text
    lawful_basis_intro: Text
    legislation_intro: Text
    special_category_intro: Text
    collecting_intro: Text
    collecting_closing: Text
    storing: list[Text] = Field(min_length=1)
    retention_intro: Text
    sharing_intro: Text
    sharing_why: Text
    statutory_collector: Id = Field(description="the recipient the DfE section describes")
    collector_heading: Text
    collector_paragraphs: list[Text] = Field(min_length=1)
    gateway_intro: Text
    collector_closing: list[Text] = []
    collector_link_intro: Text
    rights_intro: Text
    rights_request: Text
    complaints: list[Text] = Field(min_length=1)
    onward_uses_heading: Text
    onward_uses_intro: Text
    contact_intro: Text


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a register: where (a path inside the YAML), the value, what was expected."""

    path: tuple[str | int, ...]
    value: object
    expected: str

    @property
    def dotted(self) -> str:
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "(top level)"


class ReferenceProblems(ValueError):
    """Raised by :class:`Register` validation when sections refer to ids that do not exist."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            "; ".join(f"{p.dotted}: {p.value!r}: expected {p.expected}" for p in problems)
        )
        self.problems = problems


class Register(_Model):
    version: int = Field(ge=1)
    last_updated: YearMonth = Field(description="the month the notice was last updated: 2026-01")
    contacts: Contacts
    data_subjects: list[DataSubject] = Field(min_length=1)
    categories: list[Category] = Field(min_length=1)
    legislation: list[Legislation] = []
    special_conditions: list[SpecialCondition] = []
    purposes: list[Purpose] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    recipients: list[Recipient] = []
    retention_classes: list[RetentionClass] = Field(min_length=1)
    exemptions: list[Exemption] = []
    rights: list[Right] = Field(min_length=1)
    notice: NoticeText

    @model_validator(mode="after")
    def _references_resolve(self) -> Register:
        problems = self.reference_problems()
        if problems:
            raise ReferenceProblems(problems)
        return self

    # -- lookups -------------------------------------------------------------------------------

    def category(self, id: str) -> Category:
        return _find(self.categories, id, "category")

    def purpose(self, id: str) -> Purpose:
        return _find(self.purposes, id, "purpose")

    def recipient(self, id: str) -> Recipient:
        return _find(self.recipients, id, "recipient")

    def source(self, id: str) -> Source:
        return _find(self.sources, id, "source")

    def retention_class(self, id: str) -> RetentionClass:
        return _find(self.retention_classes, id, "retention class")

    def right(self, id: str) -> Right:
        return _find(self.rights, id, "right")

    def legislation_item(self, id: str) -> Legislation:
        return _find(self.legislation, id, "legislation")

    def special_condition(self, id: str) -> SpecialCondition:
        return _find(self.special_conditions, id, "special category condition")

    def exemption(self, id: str) -> Exemption:
        return _find(self.exemptions, id, "exemption")

    def rights_for(self, basis: LawfulBasis | str) -> list[Right]:
        """The rights that apply when processing rests on ``basis``, in the register's order."""
        basis = LawfulBasis(basis)
        return [r for r in self.rights if basis in r.applies_under]

    def bases_in_use(self) -> list[LawfulBasis]:
        """Every lawful basis some purpose relies on, in Article 6(1)'s order."""
        used = {b for purpose in self.purposes for b in purpose.lawful_bases}
        return [b for b in LawfulBasis if b in used]

    def conditions_for(self, category_id: str) -> list[SpecialCondition]:
        """The Article 9 conditions of every purpose that processes the category."""
        ids: list[str] = []
        for purpose in self.purposes:
            if category_id in purpose.categories:
                ids.extend(c for c in purpose.special_conditions if c not in ids)
        return [self.special_condition(i) for i in ids]

    def notice_categories(self, notice_list: str) -> list[Category]:
        return [c for c in self.categories if c.in_notice and c.notice_list == notice_list]

    # -- cross-reference validation ------------------------------------------------------------

    def reference_problems(self) -> list[Problem]:
        """Every duplicate id and every reference to an id that the register does not declare."""
        problems: list[Problem] = []
        sections: dict[str, list[str]] = {}
        for name in (
            "data_subjects",
            "categories",
            "legislation",
            "special_conditions",
            "purposes",
            "sources",
            "recipients",
            "retention_classes",
            "exemptions",
            "rights",
        ):
            ids = [item.id for item in getattr(self, name)]
            sections[name] = ids
            for index, id_ in enumerate(ids):
                if id_ in ids[:index]:
                    problems.append(
                        Problem((name, index, "id"), id_, f"an id not used before in {name}")
                    )

        def ref(path: tuple[str | int, ...], value: str, section: str) -> None:
            if value not in sections[section]:
                known = ", ".join(sections[section]) or "none declared"
                problems.append(Problem(path, value, f"one of the {section} ids ({known})"))

        for i, c in enumerate(self.categories):
            for j, subject in enumerate(c.subjects):
                ref(("categories", i, "subjects", j), subject, "data_subjects")
        for i, p in enumerate(self.purposes):
            for j, x in enumerate(p.legislation):
                ref(("purposes", i, "legislation", j), x, "legislation")
            for j, x in enumerate(p.categories):
                ref(("purposes", i, "categories", j), x, "categories")
            for j, x in enumerate(p.special_conditions):
                ref(("purposes", i, "special_conditions", j), x, "special_conditions")
        for i, src in enumerate(self.sources):
            for j, x in enumerate(src.categories):
                ref(("sources", i, "categories", j), x, "categories")
            for j, o in enumerate(src.optional_at_collection):
                ref(
                    ("sources", i, "optional_at_collection", j, "category"),
                    o.category,
                    "categories",
                )
        for i, r in enumerate(self.recipients):
            for j, x in enumerate(r.categories):
                ref(("recipients", i, "categories", j), x, "categories")
            for j, x in enumerate(r.purposes):
                ref(("recipients", i, "purposes", j), x, "purposes")
            for j, g in enumerate(r.gateway):
                ref(("recipients", i, "gateway", j, "legislation"), g.legislation, "legislation")
        for i, e in enumerate(self.exemptions):
            for j, x in enumerate(e.rights):
                ref(("exemptions", i, "rights", j), x, "rights")
        for i, rt in enumerate(self.rights):
            for j, x in enumerate(rt.exemptions):
                ref(("rights", i, "exemptions", j), x, "exemptions")
        ref(("notice", "statutory_collector"), self.notice.statutory_collector, "recipients")
        return problems


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _find(items: list[_T], id: str, what: str) -> _T:
    for item in items:
        if item.id == id:
            return item
    known = ", ".join(item.id for item in items)
    raise KeyError(f"no {what} {id!r} in the register (known: {known})")
