"""The pack as a PDF a family can read: plain headings, short sentences, one record at a time,
page numbers, and withheld text shown as "[withheld: third party]"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF

__all__ = ["write_pdf"]

_REPLACE = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
            "\u2014": "-", "\u2026": "...", "\u00a0": " "}  # fmt: skip
_HIDDEN = {"source", "import_id", "recorded_by", "recorded_at"}


def _latin1(text: str) -> str:
    """The PDF's built-in fonts cover Latin-1; anything else becomes its nearest or '?'."""
    for old, new in _REPLACE.items():
        text = text.replace(old, new)
    return text.encode("latin-1", "replace").decode("latin-1")


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return str(value)


class _Pack(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


class _Writer:
    """Writes wrapped text line by line. fpdf2's ``multi_cell`` re-measures each line character
    by character (most of a pack's time went there); measuring each distinct word once and
    printing whole lines with ``cell`` is several times faster and wraps the same way."""

    def __init__(self) -> None:
        self.pdf = _Pack(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=20)
        self.pdf.add_page()
        self._widths: dict[tuple[str, float, str], float] = {}

    def _width(self, word: str) -> float:
        key = (self.pdf.font_style, self.pdf.font_size_pt, word)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.pdf.get_string_width(word)
        return width

    def _wrap(self, text: str) -> list[str]:
        limit = self.pdf.epw
        space = self._width(" ")
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for word in paragraph.split(" "):
                width = self._width(word)
                while width > limit:  # a word wider than the page: break it
                    cut = max(1, int(len(word) * limit / width) - 1)
                    if line:
                        lines.append(line)
                        line, used = "", 0.0
                    lines.append(word[:cut])
                    word = word[cut:]
                    width = self._width(word)
                if line and used + space + width > limit:
                    lines.append(line)
                    line, used = word, width
                else:
                    line, used = (f"{line} {word}", used + space + width) if line else (word, width)
            lines.append(line)
        return lines

    def _text(self, text: str, height: float) -> None:
        for line in self._wrap(_latin1(text)):
            self.pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str, size: int = 16) -> None:
        self.pdf.ln(3)
        self.pdf.set_font("Helvetica", style="B", size=size)
        self._text(text, size * 0.5)
        self.pdf.ln(1)

    def para(self, text: str, *, bold: bool = False, size: int = 11) -> None:
        self.pdf.set_font("Helvetica", style="B" if bold else "", size=size)
        self._text(text, 5.5)
        self.pdf.ln(1)

    def bullets(self, items: list[str]) -> None:
        for item in items:
            self.para(f"-  {item}")

    def record(self, row: dict[str, Any]) -> None:
        lines = [
            f"{k.replace('_', ' ')}: {_value(v)}"
            for k, v in row.items()
            if k not in _HIDDEN and v not in (None, "", [], {})
        ]
        self.para("\n".join(lines), size=10)
        self.pdf.ln(1)


def write_pdf(content: dict[str, Any], path: Path, *, compress: bool = True) -> None:
    """Write the pack; ``compress=False`` leaves the page text readable in the file (tests)."""
    w = _Writer()
    w.pdf.set_compression(compress)
    pack = content["pack"]
    about = content["about_this_information"]
    w.heading(f"Your information: what {about['controller']} keeps about you", 18)
    w.para(
        f"You asked us for a copy of the information we keep about you. This is our answer to "
        f"request {pack['request']}, which we received on {pack['received']}. We made this pack "
        f"on {pack['produced_on']}."
    )
    w.para(
        "Some parts are about other people, not you. We have taken those parts out, and they "
        'say "[withheld: third party]". The end of this pack explains why.'
    )
    if pack["status"] == "draft":
        w.para(f"DRAFT - NOT TO BE SENT. {pack['note']}", bold=True)

    w.heading("What we keep about you")
    for section in content["your_record"]:
        w.heading(section["title"], 13)
        for row in section["rows"]:
            w.record(row)
    if content["people_who_worked_with_you"]:
        w.heading("People who worked with you")
        for section in content["people_who_worked_with_you"]:
            w.heading(section["title"], 13)
            for row in section["rows"]:
                w.record(row)

    w.heading("Why we keep it")
    w.bullets([f"to {p['why']} (the law lets us: {', '.join(p['lawful_basis'])}). "
               f"{p['automated_decisions']}" for p in about["purposes"]])  # fmt: skip
    w.heading("What kinds of information")
    w.bullets([c["what"] for c in about["categories"]])
    w.heading("Where it came from")
    w.bullets([s["where"] for s in about["sources"]])
    if about["sources_of_your_records"]:
        w.para("Your records came from: " + ", ".join(about["sources_of_your_records"]) + ".")
    w.heading("Who we share it with")
    w.bullets([r["who"] for r in about["recipients"]])
    w.heading("Who we have given it to")
    if content["disclosures"]:
        w.bullets([_value(d) for d in content["disclosures"]])
    else:
        w.para(content["disclosures_note"])
    w.heading("How long we keep it")
    w.bullets([f"{r['records']}: {r['kept_for']} ({r['authority']})" for r in about["retention"]])
    w.heading("Who has looked at your record")
    log = content["who_has_looked_at_your_record"]
    if log:
        w.bullets(_access_lines(log))
    else:
        w.para("No one has looked at your record through Safehold.")
    w.heading("What we have taken out, and why")
    withheld = content["withheld"]
    if withheld:
        w.para(
            f"We took out {len(withheld)} pieces of information about other people (the law "
            f"allows this: {withheld[0]['exemption']}). We do not normally take out the names "
            "of social workers."
        )
    else:
        w.para("We have not taken anything out.")
    for e in content["exemptions_relied_on"]:
        w.para(f"{e['exemption']} ({e['reference']}): {e['scope']}")
    w.heading("Your rights")
    w.bullets([f"{r['what']} ({r['article']})" for r in about["rights"]])
    w.heading("If you are unhappy")
    complaint = about["complaint"]
    w.para(complaint["first"])
    w.para(
        f"You can complain to the {complaint['ico']}: "
        + ", ".join(complaint["ico_address"])
        + (f"; phone {complaint['ico_phone']}" if complaint["ico_phone"] else "")
        + (f"; {complaint['ico_website']}" if complaint["ico_website"] else "")
        + "."
    )
    if about["dpo"]["email"]:
        w.para(f"Our Data Protection Officer: {about['dpo']['name']}, {about['dpo']['email']}.")
    w.pdf.output(str(path))


def _access_lines(log: list[dict[str, Any]]) -> list[str]:
    """One line per run of the same person doing the same thing on the same day."""
    lines: list[tuple[str, int]] = []
    last = None
    for e in log:
        text = (
            f"{e['when'][:10]}: {e['who']} ({e['role'].replace('_', ' ')}) - {e['action']} "
            f"for {e['purpose'].replace('_', ' ')}"
            + ("" if e["outcome"] == "allowed" else f" ({e['outcome']})")
        )
        if text == last:
            lines[-1] = (text, lines[-1][1] + 1)
        else:
            lines.append((text, 1))
        last = text
    return [text if n == 1 else f"{text} ({n} times)" for text, n in lines]
