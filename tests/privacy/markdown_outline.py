"""A small reader of a notice's markdown: its sections with their bullets and paragraphs.

Enough of markdown for the seed notice and for what the renderer writes: ATX headings (with or
without bold markers), ``-`` bullets, and paragraphs separated by blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class OutlineSection:
    heading: str
    level: int
    bullets: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    text = text.replace("**", "").rstrip("\\")
    return re.sub(r"\s+", " ", text).strip()


def outline(markdown: str) -> list[OutlineSection]:
    sections = [OutlineSection("", 0)]
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            sections[-1].paragraphs.append(_clean(" ".join(paragraph)))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            flush()
            sections.append(OutlineSection(_clean(heading.group(2)), len(heading.group(1))))
        elif line.startswith("- "):
            flush()
            sections[-1].bullets.append(_clean(line[2:]))
        elif not line:
            flush()
        else:
            paragraph.append(line)
    flush()
    return [s for s in sections if s.heading or s.bullets or s.paragraphs]
