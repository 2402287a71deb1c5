"""The published privacy notice, section by section in the order of the authority's notice."""

from __future__ import annotations

from safehold.privacy.notice.document import Block, BulletList, Document, Lines, Paragraph, Section
from safehold.privacy.notice.wording import (
    bases_words,
    contact_lines,
    join_words,
    month_year,
    retention_words,
    sentence_case,
)
from safehold.privacy.register.schema import LawfulBasis, Register, Right

__all__ = ["automated_decision_statement", "build_notice", "limited_rights_bases"]


def build_notice(register: Register) -> Document:
    """The full notice for adults, rendered from ``register``."""
    n = register.notice
    sections = [
        Section(n.heading, 2, (Paragraph(n.introduction),)),
        _categories(register),
        _purposes(register),
        _lawful_basis(register),
        _collecting(register),
        _storing(register),
        _sharing(register),
        Section("Why we share this information", 3, (Paragraph(n.sharing_why),)),
        _collector(register),
        _rights(register),
        _complaints(register),
        _onward_uses(register),
        *(
            Section(
                extra.heading,
                2,
                (
                    *(Paragraph(p) for p in extra.paragraphs),
                    *((Paragraph("", extra.link),) if extra.link else ()),
                ),
            )
            for extra in register.recipient(n.statutory_collector).notice_sections
        ),
        _contacts(register),
        Section(
            "Last updated",
            2,
            (
                Paragraph(
                    f"This privacy notice was last updated on {month_year(register.last_updated)}."
                ),
                Paragraph(f"Version {register.version} of our register of processing."),
            ),
        ),
    ]
    return Document(
        title=n.title,
        audience="adult",
        organisation=register.contacts.controller.name,
        version=register.version,
        sections=tuple(sections),
    )


def _categories(register: Register) -> Section:
    n = register.notice
    blocks: list[Block] = [
        Paragraph(n.categories_intro),
        BulletList(tuple(c.notice_wording for c in register.notice_categories("main"))),
    ]
    additional = register.notice_categories("additional")
    if additional:
        blocks += [
            Paragraph(n.additional_intro),
            BulletList(tuple(c.notice_wording for c in additional)),
        ]
    blocks.append(Paragraph(n.categories_closing))
    return Section("The categories of personal information we process", 2, tuple(blocks))


def _purposes(register: Register) -> Section:
    return Section(
        "Why we collect and use this information",
        2,
        (
            Paragraph(register.notice.purposes_intro),
            BulletList(tuple(p.notice_wording for p in register.purposes)),
        ),
    )


def _lawful_basis(register: Register) -> Section:
    n = register.notice
    legislation_ids: list[str] = []
    for purpose in register.purposes:
        legislation_ids.extend(x for x in purpose.legislation if x not in legislation_ids)
    legislation = [x for x in register.legislation if x.id in legislation_ids]
    condition_ids = {c for p in register.purposes for c in p.special_conditions}
    conditions = [c for c in register.special_conditions if c.id in condition_ids]
    blocks: list[Block] = [
        Paragraph(n.lawful_basis_intro),
        BulletList(tuple(b.label for b in register.bases_in_use())),
    ]
    if legislation:
        blocks += [
            Paragraph(n.legislation_intro),
            BulletList(tuple(f"the {x.title}" for x in legislation)),
        ]
    if conditions:
        wording = join_words([c.notice_wording for c in conditions])
        blocks.append(Paragraph(f"{n.special_category_intro} {wording}."))
    return Section("Lawful basis for processing", 2, tuple(blocks))


def _collecting(register: Register) -> Section:
    n = register.notice
    blocks: list[Block] = [
        Paragraph(n.collecting_intro),
        BulletList(tuple(s.notice_wording for s in register.sources)),
        Paragraph(n.collecting_closing),
    ]
    optional = [o for s in register.sources for o in s.optional_at_collection]
    if optional:
        blocks += [
            Paragraph("Information you may choose not to give includes:"),
            BulletList(tuple(f"{o.field}: {o.note}" for o in optional)),
        ]
    return Section("Collecting this information", 3, tuple(blocks))


def _storing(register: Register) -> Section:
    n = register.notice
    blocks: list[Block] = [Paragraph(p) for p in n.storing]
    kept = [r for r in register.retention_classes if r.in_notice]
    if kept:
        blocks += [
            Paragraph(n.retention_intro),
            BulletList(tuple(f"{sentence_case(r.name)}: {retention_words(r)}" for r in kept)),
        ]
    return Section("Storing personal data", 3, tuple(blocks))


def _sharing(register: Register) -> Section:
    n = register.notice
    named = [r for r in register.recipients if r.in_notice]
    blocks: list[Block] = [
        Paragraph(n.sharing_intro),
        BulletList(tuple(r.notice_wording for r in named if r.routine)),
    ]
    occasional = [r for r in named if not r.routine]
    if occasional:
        blocks += [
            Paragraph("We may also share information, when it is needed, with:"),
            BulletList(tuple(r.notice_wording for r in occasional)),
        ]
    return Section("Who we share this information with", 3, tuple(blocks))


def _collector(register: Register) -> Section:
    n = register.notice
    collector = register.recipient(n.statutory_collector)
    gateway = []
    for g in collector.gateway:
        title = register.legislation_item(g.legislation).title
        gateway.append(f"{g.provision} of the {title}" if g.provision else f"The {title}")
    blocks: list[Block] = [Paragraph(p) for p in n.collector_paragraphs]
    blocks += [Paragraph(n.gateway_intro), BulletList(tuple(gateway))]
    blocks += [Paragraph(p) for p in n.collector_closing]
    if collector.links:
        blocks.append(Paragraph(n.collector_link_intro, collector.links[0].url))
    return Section(n.collector_heading, 2, tuple(blocks))


def limited_rights_bases(register: Register) -> list[LawfulBasis]:
    """The bases in use under which some right of the notice does not apply."""
    rights = [r for r in register.rights if r.in_notice]
    return [b for b in register.bases_in_use() if any(b not in r.applies_under for r in rights)]


def automated_decision_statement(register: Register) -> str:
    automated = [p for p in register.purposes if p.automated_decision_making]
    if not automated:
        return "We do not make any decision about you by automated means alone."
    uses = join_words([p.notice_wording for p in automated])
    return f"We use automated decision making to {uses}."


def _rights(register: Register) -> Section:
    n = register.notice
    rights: list[Right] = [r for r in register.rights if r.in_notice]
    blocks: list[Block] = [
        Paragraph(n.rights_intro),
        BulletList(tuple(r.notice_wording for r in rights)),
    ]
    limited = limited_rights_bases(register)
    if limited:
        blocks.append(
            Paragraph(
                f"Some rights may not apply where processing is based on {bases_words(limited)}."
            )
        )
    blocks += [Paragraph(automated_decision_statement(register)), Paragraph(n.rights_request)]
    return Section("Your rights", 2, tuple(blocks))


def _complaints(register: Register) -> Section:
    blocks: list[Block] = [Paragraph(p) for p in register.notice.complaints]
    blocks.append(Lines(contact_lines(register.contacts.ico)))
    return Section("Complaints", 2, tuple(blocks))


def _onward_uses(register: Register) -> Section:
    n = register.notice
    collector = register.recipient(n.statutory_collector)
    return Section(
        n.onward_uses_heading,
        2,
        (Paragraph(n.onward_uses_intro), BulletList(tuple(collector.onward_uses))),
    )


def _contacts(register: Register) -> Section:
    contacts = register.contacts
    return Section(
        "Contact details",
        2,
        (
            Paragraph(register.notice.contact_intro),
            Lines(contact_lines(contacts.controller)),
            Paragraph("Our Data Protection Officer:"),
            Lines(contact_lines(contacts.dpo)),
        ),
    )
