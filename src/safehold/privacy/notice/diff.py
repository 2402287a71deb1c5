"""What changed between two versions of the register, in sentences a resident can follow.

Only what the notice tells people is compared: categories, purposes and their lawful bases, the
special category conditions, sources, recipients and what each receives, retention periods,
rights, exemptions and contact details. A change of internal wording that the notice does not show
is not reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from safehold.privacy.notice.wording import (
    bases_words,
    contact_lines,
    join_words,
    month_year,
    retention_words,
    sentence_case,
)
from safehold.privacy.register.schema import Contact, Register

__all__ = ["Change", "diff_registers"]


@dataclass(frozen=True)
class Change:
    """One change: the notice section it belongs to, and what a resident should be told."""

    section: str
    sentence: str


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _pairs(
    old: Sequence[_T], new: Sequence[_T], keep: Callable[[_T], bool] = lambda _: True
) -> tuple[list[_T], list[_T], list[tuple[_T, _T]]]:
    """(removed, added, kept as (old, new)) by id, among items ``keep`` accepts."""
    before = {x.id: x for x in old if keep(x)}
    after = {x.id: x for x in new if keep(x)}
    removed = [x for i, x in before.items() if i not in after]
    added = [x for i, x in after.items() if i not in before]
    kept = [(before[i], x) for i, x in after.items() if i in before]
    return removed, added, kept


def diff_registers(old: Register, new: Register) -> list[Change]:
    """Every change from ``old`` to ``new`` that the published notice shows."""
    changes: list[Change] = []
    changes += _categories(old, new)
    changes += _purposes(old, new)
    changes += _conditions(old, new)
    changes += _sources(old, new)
    changes += _recipients(old, new)
    changes += _retention(old, new)
    changes += _rights(old, new)
    changes += _legislation(old, new)
    changes += _collector(old, new)
    changes += _wording(old, new)
    changes += _contacts(old, new)
    return changes


def _categories(old: Register, new: Register) -> list[Change]:
    out: list[Change] = []
    removed, added, kept = _pairs(old.categories, new.categories, lambda c: c.in_notice)
    out += [Change("categories", f"We now keep {c.name} ({c.notice_wording}).") for c in added]
    out += [Change("categories", f"We no longer keep {c.name}.") for c in removed]
    for before, after in kept:
        if before.notice_wording != after.notice_wording:
            out.append(
                Change(
                    "categories",
                    f"We now describe {after.name} as “{after.notice_wording}” "
                    f"(was “{before.notice_wording}”).",
                )
            )
        if before.special != after.special:
            now = "now treat" if after.special else "no longer treat"
            out.append(
                Change(
                    "categories",
                    f"We {now} {after.name} as special category information, which the law "
                    "protects more strictly.",
                )
            )
    return out


def _purposes(old: Register, new: Register) -> list[Change]:
    out: list[Change] = []
    removed, added, kept = _pairs(old.purposes, new.purposes)
    out += [Change("purposes", f"We now use information to {p.notice_wording}.") for p in added]
    out += [
        Change("purposes", f"We no longer use information to {p.notice_wording}.") for p in removed
    ]
    for before, after in kept:
        if before.notice_wording != after.notice_wording:
            out.append(
                Change(
                    "purposes",
                    f"We now say we use information to {after.notice_wording} "
                    f"(was: to {before.notice_wording}).",
                )
            )
        if set(before.lawful_bases) != set(after.lawful_bases):
            out.append(
                Change(
                    "lawful basis",
                    f"To {after.notice_wording}, we now rely on "
                    f"{bases_words(after.lawful_bases) or 'no lawful basis'} "
                    f"(was {bases_words(before.lawful_bases) or 'none'}).",
                )
            )
        if before.automated_decision_making != after.automated_decision_making:
            out.append(
                Change(
                    "rights",
                    f"We now use automated decision making to {after.notice_wording}."
                    if after.automated_decision_making
                    else f"We no longer use automated decision making to {after.notice_wording}.",
                )
            )
    return out


def _conditions(old: Register, new: Register) -> list[Change]:
    def used(register: Register) -> dict[str, str]:
        ids = {c for p in register.purposes for c in p.special_conditions}
        return {c.id: c.notice_wording for c in register.special_conditions if c.id in ids}

    before, after = used(old), used(new)
    out = [
        Change("lawful basis", f"We now process special category information for {w}.")
        for i, w in after.items()
        if i not in before
    ]
    out += [
        Change("lawful basis", f"We no longer process special category information for {w}.")
        for i, w in before.items()
        if i not in after
    ]
    return out


def _sources(old: Register, new: Register) -> list[Change]:
    removed, added, _ = _pairs(old.sources, new.sources)
    out = [Change("sources", f"We now collect {s.notice_wording}.") for s in added]
    out += [Change("sources", f"We no longer collect {s.notice_wording}.") for s in removed]
    return out


def _category_names(register: Register, ids: Sequence[str]) -> list[str]:
    return [register.category(i).name for i in ids]


def _recipients(old: Register, new: Register) -> list[Change]:
    out: list[Change] = []
    removed, added, kept = _pairs(old.recipients, new.recipients, lambda r: r.in_notice)
    for r in added:
        what = join_words(_category_names(new, r.categories))
        out.append(Change("sharing", f"We now share information with {r.name}: {what}."))
    out += [Change("sharing", f"We no longer share information with {r.name}.") for r in removed]
    for before, after in kept:
        gained = [c for c in after.categories if c not in before.categories]
        lost = [c for c in before.categories if c not in after.categories]
        if gained:
            out.append(
                Change(
                    "sharing",
                    f"We now share {join_words(_category_names(new, gained))} with {after.name}.",
                )
            )
        if lost:
            out.append(
                Change(
                    "sharing",
                    f"We no longer share {join_words(_category_names(old, lost))} "
                    f"with {after.name}.",
                )
            )
    return out


def _retention(old: Register, new: Register) -> list[Change]:
    out: list[Change] = []
    removed, added, kept = _pairs(
        old.retention_classes, new.retention_classes, lambda r: r.in_notice
    )
    out += [
        Change("retention", f"We now keep {r.name} for {retention_words(r, 'your')}.")
        for r in added
    ]
    out += [
        Change("retention", f"Our notice no longer lists how long we keep {r.name}.")
        for r in removed
    ]
    for before, after in kept:
        was, now = retention_words(before, "your"), retention_words(after, "your")
        if was != now:
            out.append(Change("retention", f"We keep {after.name} for {now} (was {was})."))
    return out


def _rights(old: Register, new: Register) -> list[Change]:
    out: list[Change] = []
    removed, added, kept = _pairs(old.rights, new.rights, lambda r: r.in_notice)
    out += [Change("rights", f"Our notice now lists {r.notice_wording}.") for r in added]
    out += [Change("rights", f"Our notice no longer lists {r.notice_wording}.") for r in removed]
    bases = new.bases_in_use()
    for before, after in kept:
        gained = [b for b in bases if b in after.applies_under and b not in before.applies_under]
        lost = [b for b in bases if b in before.applies_under and b not in after.applies_under]
        if gained:
            out.append(
                Change(
                    "rights",
                    f"{sentence_case(after.notice_wording)} now applies where we rely on "
                    f"{bases_words(gained)}.",
                )
            )
        if lost:
            out.append(
                Change(
                    "rights",
                    f"{sentence_case(after.notice_wording)} no longer applies where we rely on "
                    f"{bases_words(lost)}.",
                )
            )
    ex_removed, ex_added, _ = _pairs(old.exemptions, new.exemptions)
    out += [
        Change("rights", f"We may now rely on the '{e.name}' exemption ({e.reference}).")
        for e in ex_added
    ]
    out += [Change("rights", f"We no longer rely on the '{e.name}' exemption.") for e in ex_removed]
    return out


def _legislation(old: Register, new: Register) -> list[Change]:
    def named(register: Register) -> dict[str, str]:
        ids = {x for p in register.purposes for x in p.legislation}
        return {x.id: x.title for x in register.legislation if x.id in ids}

    before, after = named(old), named(new)
    out = [
        Change("lawful basis", f"Our notice now names our duties under the {title}.")
        for i, title in after.items()
        if i not in before
    ]
    out += [
        Change("lawful basis", f"Our notice no longer names duties under the {title}.")
        for i, title in before.items()
        if i not in after
    ]
    return out


def _collector(old: Register, new: Register) -> list[Change]:
    """The Department for Education's own uses of the data, and the sections about it."""
    before = old.recipient(old.notice.statutory_collector)
    after = new.recipient(new.notice.statutory_collector)
    out = [
        Change("government", f"Data shared with {after.name} now also helps to {use}.")
        for use in after.onward_uses
        if use not in before.onward_uses
    ]
    out += [
        Change(
            "government", f"Our notice no longer says data shared with {after.name} helps to {use}."
        )
        for use in before.onward_uses
        if use not in after.onward_uses
    ]
    old_sections = {x.heading: x for x in before.notice_sections}
    for section in after.notice_sections:
        if section.heading not in old_sections:
            out.append(Change("government", f"Our notice has a new section: {section.heading}."))
        elif section != old_sections[section.heading]:
            out.append(Change("government", f"We have reworded the section {section.heading}."))
    new_headings = {x.heading for x in after.notice_sections}
    out += [
        Change("government", f"Our notice no longer has the section {heading}.")
        for heading in old_sections
        if heading not in new_headings
    ]
    return out


#: Which section of the notice each piece of the notice's own prose belongs to.
_PROSE_SECTIONS = {
    "title": "the title",
    "heading": "the introduction",
    "introduction": "the introduction",
    "categories_intro": "the categories of personal information",
    "additional_intro": "the categories of personal information",
    "categories_closing": "the categories of personal information",
    "purposes_intro": "why we collect and use this information",
    "lawful_basis_intro": "the lawful basis for processing",
    "legislation_intro": "the lawful basis for processing",
    "special_category_intro": "the lawful basis for processing",
    "collecting_intro": "collecting this information",
    "collecting_closing": "collecting this information",
    "storing": "storing personal data",
    "retention_intro": "storing personal data",
    "sharing_intro": "who we share this information with",
    "sharing_why": "why we share this information",
    "collector_heading": "the Department for Education",
    "collector_paragraphs": "the Department for Education",
    "gateway_intro": "the Department for Education",
    "collector_closing": "the Department for Education",
    "collector_link_intro": "the Department for Education",
    "rights_intro": "your rights",
    "rights_request": "your rights",
    "complaints": "complaints",
    "onward_uses_heading": "how government uses your data",
    "onward_uses_intro": "how government uses your data",
    "contact_intro": "contact details",
}


def _wording(old: Register, new: Register) -> list[Change]:
    sections: list[str] = []
    for field, section in _PROSE_SECTIONS.items():
        changed = getattr(old.notice, field) != getattr(new.notice, field)
        if changed and section not in sections:
            sections.append(section)
    if not sections:
        return []
    return [Change("wording", f"We have reworded {join_words(sections)}.")]


def _contacts(old: Register, new: Register) -> list[Change]:
    out: list[Change] = []
    pairs: list[tuple[str, Contact, Contact]] = [
        ("our contact details", old.contacts.controller, new.contacts.controller),
        ("our Data Protection Officer's contact details", old.contacts.dpo, new.contacts.dpo),
        (
            "the Information Commissioner's Office's contact details",
            old.contacts.ico,
            new.contacts.ico,
        ),
    ]
    for what, before, after in pairs:
        if contact_lines(before) != contact_lines(after):
            now = "; ".join(contact_lines(after))
            out.append(Change("contact", f"We have updated {what}: {now}."))
    if old.last_updated != new.last_updated:
        out.append(
            Change(
                "last updated",
                f"The notice was last updated in {month_year(new.last_updated)} "
                f"(was {month_year(old.last_updated)}).",
            )
        )
    return out
