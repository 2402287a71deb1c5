"""Reading an SSDA903 file's bytes safely: the size limit, the encoding, and the one error type.

Every problem with an input file is a :class:`ReturnFileError` whose message names the file, what
was wrong and what was expected, so that the command line can print it instead of a traceback.
"""

from __future__ import annotations

import codecs
from pathlib import Path

#: Files larger than this are refused before they are read (1 GB).
DEFAULT_MAX_BYTES = 1 << 30


class ReturnFileError(ValueError):
    """An input file that cannot be read as part of the return."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def _size_text(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            break
    return f"{value:.1f} {unit}".replace(".0 ", " ")


def read_limited(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refusing a missing file, a directory or one over ``max_bytes``.

    The size is checked with ``stat`` first, so an enormous file is never read into memory.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReturnFileError(path, "no such file") from None
    except OSError as exc:
        raise ReturnFileError(path, f"cannot be read ({exc.strerror})") from None
    if path.is_dir():
        raise ReturnFileError(path, "is a directory, expected a .csv or .xml file")
    if size > max_bytes:
        raise ReturnFileError(
            path,
            f"is {_size_text(size)}, larger than the limit of {_size_text(max_bytes)}; "
            "an SSDA903 return is far smaller (raise the limit if this file is genuine)",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReturnFileError(path, f"cannot be read ({exc.strerror})") from None
    if len(data) > max_bytes:  # grew while we read it
        raise ReturnFileError(path, f"is larger than the limit of {_size_text(max_bytes)}")
    return data


def _looks_utf16(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    sample = data[:4096]
    if len(sample) < 4:
        return False
    # Text in UTF-16 without a BOM: every other byte is NUL.
    evens, odds = sample[0::2], sample[1::2]
    return evens.count(0) > 0.4 * len(evens) or odds.count(0) > 0.4 * len(odds)


def check_text(path: Path, data: bytes) -> bytes:
    """The bytes without a UTF-8 BOM, after refusing empty, UTF-16, binary or non-UTF-8 input."""
    if _looks_utf16(data):
        raise ReturnFileError(
            path,
            "is encoded as UTF-16; save it as UTF-8 (in Excel: Save As → CSV UTF-8)",
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if not data.strip():
        raise ReturnFileError(path, "is empty; expected a header row of column names")
    if b"\x00" in data:
        raise ReturnFileError(path, "is a binary file, not text; expected a .csv or .xml file")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReturnFileError(
            path,
            f"line {line}: byte {data[exc.start]:#04x} is not UTF-8 text; "
            "save the file as UTF-8 (in Excel: Save As → CSV UTF-8)",
        ) from None
    return data
