"""Small helpers that turn register data into English phrases, shared by notices and the diff."""

from __future__ import annotations

import datetime as dt

from safehold.privacy.register.schema import Contact, LawfulBasis, Period, RetentionClass

__all__ = [
    "contact_lines",
    "join_words",
    "month_year",
    "period_words",
    "retention_words",
    "sentence_case",
]


def join_words(items: list[str], conjunction: str = "and") -> str:
    """``a``; ``a and b``; ``a, b, and c`` (the notice's serial comma)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


def bases_words(bases: list[LawfulBasis]) -> str:
    return join_words([b.label for b in bases], "or")


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def month_year(year_month: str) -> str:
    """``2026-01`` → ``January 2026``."""
    year, month = (int(part) for part in year_month.split("-"))
    return dt.date(year, month, 1).strftime("%B %Y")


def period_words(period: Period, person: str = "the") -> str:
    """``75 years after the date of birth`` (``person="your"`` for the young people's notice)."""
    text = period.plain
    return text if person == "your" else text.replace("your ", f"{person} ")


def retention_words(retention: RetentionClass, person: str = "the") -> str:
    """How long a class of record is kept, with its floor and extensions, in one phrase."""
    text = period_words(retention.period, person)
    if retention.follows_linked:
        text = f"as long as the longest-kept record about the same person, and at least {text}"
    if retention.not_before is not None:
        text += f", and never before {period_words(retention.not_before, person)}"
    for extension in retention.extensions:
        text += f"; {period_words(extension.period, person)} {extension.when.plain}"
    return text


def contact_lines(contact: Contact) -> tuple[str, ...]:
    lines = [contact.name, *contact.address]
    if contact.email:
        lines.append(f"Email: {contact.email}")
    if contact.phone:
        lines.append(f"Telephone: {contact.phone}")
    if contact.website:
        lines.append(f"Website: {contact.website}")
    return tuple(lines)
