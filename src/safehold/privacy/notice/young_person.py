"""The notice for children and young people: the same register, in short sentences, to "you".

Every list here comes from the register's ``plain_wording`` fields, so when the register changes
the young people's notice changes with the adult one.
"""

from __future__ import annotations

from safehold.privacy.notice.adult import limited_rights_bases
from safehold.privacy.notice.document import Block, BulletList, Document, Lines, Paragraph, Section
from safehold.privacy.notice.wording import contact_lines, join_words, month_year, period_words
from safehold.privacy.register.schema import (
    LawfulBasis,
    Register,
    RetentionClass,
    RetentionEvent,
    Trigger,
)

__all__ = ["build_young_person_notice"]


def build_young_person_notice(register: Register) -> Document:
    contacts = register.contacts
    sections = (
        Section(
            "About this guide",
            2,
            (
                Paragraph(
                    "This guide is for children and young people. It tells you what information "
                    "we keep about you. It tells you why we keep it and who we share it with. It "
                    "also tells you what you can ask us to do."
                ),
                Paragraph(f"We are {contacts.controller.name}."),
            ),
        ),
        _what_we_keep(register),
        _why(register),
        _where_from(register),
        _how_long(register),
        _sharing(register),
        _rights(register),
        _how_to_ask(register),
        Section(
            "Last updated",
            2,
            (Paragraph(f"We last changed this guide in {month_year(register.last_updated)}."),),
        ),
    )
    return Document(
        title="Your information: a guide for children and young people",
        audience="young-person",
        organisation=contacts.controller.name,
        version=register.version,
        sections=sections,
    )


def _what_we_keep(register: Register) -> Section:
    categories = [c for c in register.categories if c.in_notice]
    blocks: list[Block] = [
        Paragraph("We keep information about:"),
        BulletList(tuple(c.plain_wording for c in categories)),
    ]
    if any(c.special for c in categories):
        blocks.append(
            Paragraph(
                "Some of this is extra private, like your health or your ethnicity. "
                "The law protects it more. We take extra care with it."
            )
        )
    return Section("What we keep", 2, tuple(blocks))


def _why(register: Register) -> Section:
    blocks: list[Block] = [
        Paragraph("We use it to:"),
        BulletList(tuple(p.plain_wording for p in register.purposes)),
    ]
    bases = register.bases_in_use()
    if set(bases) <= {LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK}:
        blocks.append(
            Paragraph(
                "The law says we must do this. We do not need your permission. "
                "But we must tell you about it."
            )
        )
    return Section("Why we keep it", 2, tuple(blocks))


def _where_from(register: Register) -> Section:
    blocks: list[Block] = [
        Paragraph("We get it from:"),
        BulletList(tuple(s.plain_wording for s in register.sources)),
    ]
    optional = [o.field for s in register.sources for o in s.optional_at_collection]
    if optional:
        blocks.append(
            Paragraph(
                "You do not have to tell us some things. We will tell you when you can say no."
            )
        )
        blocks.append(BulletList(tuple(f"You do not have to tell us your {f}." for f in optional)))
    return Section("Where we get it from", 2, tuple(blocks))


def _how_long(register: Register) -> Section:
    kept = [r for r in register.retention_classes if r.in_notice]
    return Section(
        "How long we keep it",
        2,
        (
            Paragraph("We keep records for a long time. The law often tells us how long."),
            BulletList(tuple(_keep_sentence(r) for r in kept)),
        ),
    )


_LONGER = {
    RetentionEvent.BECOMES_LOOKED_AFTER: "if you later come into care",
    RetentionEvent.ADOPTED: "if you are adopted",
}


def _keep_sentence(retention: RetentionClass) -> str:
    """'We keep child protection records for 35 years after the record is closed. We keep them
    longer if you later come into care or if you are adopted.'"""
    period = period_words(retention.period, "your")
    if retention.follows_linked:
        sentences = [
            f"We keep {retention.name} as long as we keep other records about you.",
            f"We keep them for at least {period}.",
        ]
    else:
        sentences = [f"We keep {retention.name} for {period}."]
    floor = retention.not_before
    if floor is not None and floor.trigger is Trigger.DATE_OF_BIRTH:
        sentences.append(f"We keep them at least until you are {floor.years}.")
    elif floor is not None:
        sentences.append(f"We keep them for at least {period_words(floor, 'your')}.")
    longer = [_LONGER[e.when] for e in retention.extensions if e.when in _LONGER]
    if longer:
        sentences.append(f"We keep them longer {join_words(longer, 'or')}.")
    return " ".join(sentences)


def _sharing(register: Register) -> Section:
    return Section(
        "Who we share it with",
        2,
        (
            Paragraph("We share information with:"),
            BulletList(tuple(r.plain_wording for r in register.recipients if r.in_notice)),
            Paragraph(
                "We only share it when the law says we can or must. We also share it to keep you safe."
            ),
        ),
    )


def _rights(register: Register) -> Section:
    blocks: list[Block] = [
        Paragraph("You have rights. This is what they mean:"),
        BulletList(tuple(r.plain_wording for r in register.rights if r.in_notice)),
    ]
    if limited_rights_bases(register):
        blocks.append(
            Paragraph(
                "Some rights do not always work for this information. The law says we must keep "
                "some of it. If we cannot do what you ask, we will tell you why."
            )
        )
    return Section("Your rights", 2, tuple(blocks))


def _how_to_ask(register: Register) -> Section:
    contacts = register.contacts
    return Section(
        "How to ask",
        2,
        (
            Paragraph(
                "You can ask your social worker or personal adviser to help you. "
                "Or you can contact our Data Protection Officer:"
            ),
            Lines(contact_lines(contacts.dpo)),
            Paragraph("It is free. We will answer within one month."),
            Paragraph(
                "If you are not happy with our answer, you can tell the Information "
                "Commissioner's Office:"
            ),
            Lines(contact_lines(contacts.ico)),
        ),
    )
