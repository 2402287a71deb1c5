"""The notice rendered from the default register covers the seed notice item by item."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from safehold.privacy.notice.document import Audience
from safehold.privacy.notice.render import FORMATS, Format, escape_markdown, render_notice
from safehold.privacy.register import Register, load_register_text
from tests.privacy.conftest import DATA, default_register_data, dump
from tests.privacy.markdown_outline import OutlineSection, outline

SEED = outline((DATA / "seed-privacy-notice.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rendered(register: Register) -> list[OutlineSection]:
    return outline(render_notice(register, "markdown"))


def _section(sections: list[OutlineSection], heading: str) -> OutlineSection:
    matches = [s for s in sections if s.heading == heading]
    assert matches, f"no section {heading!r} in the rendered notice"
    return matches[0]


def test_the_seed_outline_is_read_correctly() -> None:
    """Guards the reader itself, so the coverage tests below cannot pass vacuously."""
    headings = [s.heading for s in SEED]
    assert headings[0] == "Privacy Notice" and headings[-1] == "Last updated"
    assert len(headings) == 17
    assert sum(len(s.bullets) for s in SEED) == 42


def test_every_seed_heading_is_rendered_in_the_seed_order(
    rendered: list[OutlineSection],
) -> None:
    rendered_headings = [s.heading for s in rendered]
    positions = []
    for seed in SEED:
        assert seed.heading in rendered_headings, f"missing heading {seed.heading!r}"
        positions.append(rendered_headings.index(seed.heading))
    assert positions == sorted(positions), "the headings are not in the seed notice's order"


@pytest.mark.parametrize(
    ("heading", "bullet"),
    [(s.heading, b) for s in SEED for b in s.bullets],
)
def test_every_seed_bullet_is_rendered_under_its_heading(
    rendered: list[OutlineSection], heading: str, bullet: str
) -> None:
    assert bullet in _section(rendered, heading).bullets


def test_bullets_keep_the_seed_order_within_each_section(rendered: list[OutlineSection]) -> None:
    for seed in SEED:
        if seed.bullets:
            ours = [b for b in _section(rendered, seed.heading).bullets if b in seed.bullets]
            assert ours == seed.bullets, seed.heading


@pytest.mark.parametrize(
    ("heading", "paragraph"),
    [(s.heading, p) for s in SEED for p in s.paragraphs],
)
def test_every_seed_paragraph_is_rendered_under_its_heading(
    rendered: list[OutlineSection], heading: str, paragraph: str
) -> None:
    assert paragraph in _section(rendered, heading).paragraphs


def test_contact_details_section_gives_real_contact_lines(register: Register) -> None:
    text = render_notice(register, "markdown")
    contacts = text.split("## Contact details", 1)[1].split("## Last updated", 1)[0]
    assert register.contacts.dpo.email and register.contacts.dpo.email in contacts
    assert register.contacts.controller.name in contacts


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_says_every_seed_item(register: Register, fmt: Format) -> None:
    out = render_notice(register, fmt)
    flat = _words(html.unescape(re.sub(r"<[^>]+>", " ", out)) if fmt == "html" else out)
    for seed in SEED:
        for item in [seed.heading, *seed.bullets]:
            assert _words(item) in flat, (fmt, item)


def test_html_is_standalone_with_govuk_typography(register: Register) -> None:
    page = render_notice(register, "html")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "govuk-heading-xl" in page and "govuk-list--bullet" in page and "govuk-body" in page
    assert "system-ui" in page
    # no external assets: nothing fetched from elsewhere, every URL is a link a reader follows
    assert not re.search(r"<(link|script|img)\b", page)
    assert "url(" not in page
    assert page.count("<h2") == 12 and page.count("<h3") == 4


def test_html_is_well_formed(register: Register) -> None:
    from lxml import etree

    audiences: tuple[Audience, ...] = ("adult", "young-person")
    for audience in audiences:
        page = render_notice(register, "html", audience=audience)
        # XHTML-compatible apart from the doctype and void <br>/<meta>: parse strictly as XML
        body = page.split("\n", 1)[1].replace("<br>", "<br/>")
        body = re.sub(r"(<meta [^>]*?)>", r"\1/>", body)
        root = etree.fromstring(body.encode("utf-8"), etree.XMLParser(recover=False))
        assert len(root.findall(".//{*}h1")) == 1
        assert root.find(".//{*}main") is not None


def test_html_escapes_register_text() -> None:
    data = default_register_data()
    data["purposes"][0]["notice_wording"] = "keep <script>alert(1)</script> & safe"
    register = load_register_text(dump(data), "edited.yaml")
    page = render_notice(register, "html")
    assert "<script>" not in page
    assert "keep &lt;script&gt;alert(1)&lt;/script&gt; &amp; safe" in page


def test_text_is_wrapped_for_reading(register: Register) -> None:
    out = render_notice(register, "text")
    long_lines = [line for line in out.splitlines() if len(line) > 78 and "http" not in line]
    assert long_lines == []
    assert "  * the right of access" in out


def test_register_changes_reach_the_notice() -> None:
    data = default_register_data()
    data["recipients"][1]["notice_wording"] = "schools, colleges and nurseries"
    data["last_updated"] = "2026-03"
    data["purposes"][0]["lawful_bases"] = ["public_task", "vital_interests"]
    register = load_register_text(dump(data), "edited.yaml")
    sections = outline(render_notice(register, "markdown"))
    assert (
        "schools, colleges and nurseries"
        in _section(sections, "Who we share this information with").bullets
    )
    assert (
        "This privacy notice was last updated on March 2026."
        in _section(sections, "Last updated").paragraphs
    )
    assert "vital interests" in _section(sections, "Lawful basis for processing").bullets


def test_special_category_sentence_follows_the_purposes_conditions() -> None:
    data = default_register_data()
    for purpose in data["purposes"]:
        purpose["special_conditions"] = [
            c for c in purpose["special_conditions"] if c != "health_social_care"
        ]
    register = load_register_text(dump(data), "edited.yaml")
    text = render_notice(register, "markdown")
    assert (
        "specifically for reasons of substantial public interest and safeguarding children "
        "and individuals at risk." in _words(text)
    )


def test_automated_decisions_are_stated(register: Register) -> None:
    assert "We do not make any decision about you by automated means alone." in render_notice(
        register, "markdown"
    )
    data = default_register_data()
    data["purposes"][3]["automated_decision_making"] = True
    edited = load_register_text(dump(data), "edited.yaml")
    assert (
        "We use automated decision making to assess, monitor and improve the quality of our "
        "services." in _words(render_notice(edited, "text"))
    )


class TestYoungPersonNotice:
    @pytest.fixture
    def guide(self, register: Register) -> str:
        return render_notice(register, "markdown", audience="young-person")

    def test_has_the_plain_sections(self, guide: str) -> None:
        headings = [s.heading for s in outline(guide)]
        for heading in ("What we keep", "Who we share it with", "Your rights", "How to ask"):
            assert heading in headings

    def test_lists_come_from_the_same_register(self, register: Register, guide: str) -> None:
        sections = outline(guide)
        keep = _section(sections, "What we keep").bullets
        assert keep == [c.plain_wording for c in register.categories if c.in_notice]
        share = _section(sections, "Who we share it with").bullets
        assert share == [r.plain_wording for r in register.recipients if r.in_notice]
        rights = _section(sections, "Your rights").bullets
        assert rights == [r.plain_wording for r in register.rights if r.in_notice]
        assert register.contacts.dpo.email and register.contacts.dpo.email in guide

    def test_speaks_plainly(self, guide: str) -> None:
        assert "you" in guide.lower()
        for jargon in ("Article", "lawful basis", "special category", "UK GDPR", "Schedule"):
            assert jargon not in guide
        items = [t for s in outline(guide) for t in (*s.paragraphs, *s.bullets)]
        sentences = [x for t in items for x in re.split(r"(?<=[.!?])\s+", t) if x]
        prose = [x for x in sentences if "http" not in x and "@" not in x]
        assert len(prose) > 40
        assert max(len(x.split()) for x in prose) <= 25

    def test_retention_in_plain_words(self, guide: str) -> None:
        words = _words(guide)
        assert "We keep care leaver records for 75 years after your date of birth." in words
        assert (
            "We keep child protection records for 35 years after the record is closed. We keep "
            "them longer if you later come into care or if you are adopted." in words
        )
        assert (
            "We keep child in need records for 3 years after the record was last used. We keep "
            "them at least until you are 18." in words
        )
        assert (
            "We keep records of who you are and how to contact you as long as we keep other "
            "records about you. We keep them for at least 6 years after the record was last "
            "used." in words
        )

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_every_format_renders(self, register: Register, fmt: Format) -> None:
        out = render_notice(register, fmt, audience="young-person")
        assert "Your information: a guide for children and young people" in html.unescape(out)


def _markdown_to_text(markdown: str) -> str:
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("strikethrough").enable("table").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@settings(max_examples=300, deadline=None)
@example(text="---")
@example(text="1. a list?")
@example(text="# a heading?")
@example(text="*emphasis* and [a link](http://x) &amp; <b>html</b>")
@given(text=st.text(alphabet=st.characters(codec="ascii", exclude_categories=["Cc"]), min_size=1))
def test_register_text_is_literal_in_markdown(text: str) -> None:
    """Whatever a register says, the markdown shows exactly those words: no emphasis, links,
    raw HTML, entities, headings or lists sneak in."""
    expected = " ".join(text.split())
    assume(expected)
    assert _markdown_to_text(escape_markdown(text)) == expected
    assert _markdown_to_text("- " + escape_markdown(text)) == expected
