"""A format-free notice: sections of paragraphs, bullet lists and address blocks.

The builders (:mod:`.adult`, :mod:`.young_person`) decide *what* the notice says from the register;
the templates decide only *how* it looks in markdown, HTML or plain text. So the three formats can
never say different things.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Audience", "Block", "BulletList", "Document", "Lines", "Paragraph", "Section"]

Audience = Literal["adult", "young-person"]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``link`` (a URL) is shown after the text, or alone when the text is empty."""

    text: str
    link: str | None = None
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Lines:
    """Lines kept together, such as a postal address and contact details."""

    lines: tuple[str, ...]
    kind: Literal["lines"] = "lines"


Block = Paragraph | BulletList | Lines


@dataclass(frozen=True)
class Section:
    heading: str
    level: int
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    title: str
    audience: Audience
    organisation: str
    version: int
    sections: tuple[Section, ...]
