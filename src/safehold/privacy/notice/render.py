"""Render a notice :class:`~safehold.privacy.notice.document.Document` as markdown, HTML or text."""

from __future__ import annotations

import re
import textwrap
from typing import Literal

import jinja2

from safehold.privacy.notice.adult import build_notice
from safehold.privacy.notice.document import Audience, Document
from safehold.privacy.notice.young_person import build_young_person_notice
from safehold.privacy.register.schema import Register

__all__ = ["FORMATS", "Format", "build_document", "escape_markdown", "render", "render_notice"]

Format = Literal["markdown", "html", "text"]
FORMATS: tuple[Format, ...] = ("markdown", "html", "text")
_TEMPLATES: dict[Format, str] = {
    "markdown": "notice.md.j2",
    "html": "notice.html.j2",
    "text": "notice.txt.j2",
}
_WIDTH = 78


def _wrap_text(text: str, initial: str = "", subsequent: str = "") -> str:
    return textwrap.fill(
        text,
        width=_WIDTH,
        initial_indent=initial,
        subsequent_indent=subsequent,
        break_long_words=False,
        break_on_hyphens=False,
    )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~#!])")


def escape_markdown(text: str) -> str:
    """Register text as literal markdown: emphasis, links and raw HTML characters are escaped, and
    a paragraph that would start a heading, list or quote is kept a paragraph."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    text = re.sub(r"^([>+=-])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("safehold.privacy.notice", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["wrap_text"] = _wrap_text
    env.filters["md"] = escape_markdown
    return env


_ENV = _environment()


def build_document(register: Register, audience: Audience = "adult") -> Document:
    if audience == "adult":
        return build_notice(register)
    return build_young_person_notice(register)


def render(document: Document, format: Format) -> str:
    """Lay ``document`` out in ``format``; the wording is the document's, never the template's."""
    text = _ENV.get_template(_TEMPLATES[format]).render(doc=document)
    text = re.sub(r"\n{3,}", "\n\n", text) if format == "markdown" else text
    text = re.sub(r"\n{4,}", "\n\n\n", text) if format == "text" else text
    return text.strip("\n") + "\n"


def render_notice(
    register: Register, format: Format = "markdown", audience: Audience = "adult"
) -> str:
    """The notice rendered from ``register`` for ``audience`` in ``format``."""
    return render(build_document(register, audience), format)
