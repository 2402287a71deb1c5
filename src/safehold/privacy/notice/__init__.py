"""The privacy notice, rendered from the register: for adults and for young people, as markdown,
HTML or plain text, and the list of changes between two register versions."""

from safehold.privacy.notice.diff import Change, diff_registers
from safehold.privacy.notice.render import FORMATS, Format, build_document, render, render_notice

__all__ = [
    "FORMATS",
    "Change",
    "Format",
    "build_document",
    "diff_registers",
    "render",
    "render_notice",
]
