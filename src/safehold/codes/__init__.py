"""DfE code sets, one definition per collection year, read from the YAML files beside this module.

A collection year is named by the year it ends: 2026 is 1 April 2025 to 31 March 2026. Each year's
file names its parent and lists only what changed, so a code set is written down once and every
later year inherits it until a file replaces, extends or retires it. The record model, the readers,
the returns, the validation rules and the web pages all read codes from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "SUPPORTED_YEARS",
    "CodeSet",
    "InvalidCode",
    "UnknownCodeSet",
    "UnsupportedYear",
    "code_set",
    "code_sets",
    "collection_period",
    "collection_year_of",
    "known_codes",
    "latest_year",
    "year_label",
]

SUPPORTED_YEARS: tuple[int, ...] = (2023, 2024, 2025, 2026, 2027)


class UnsupportedYear(ValueError):
    """A collection year Safehold has no code sets for."""

    def __init__(self, year: int) -> None:
        first, last = SUPPORTED_YEARS[0], SUPPORTED_YEARS[-1]
        super().__init__(
            f"collection year {year} is not supported: expected a year from {first} to {last} "
            f"(the year the collection ends, e.g. 2026 for 2025/26)"
        )
        self.year = year


class UnknownCodeSet(KeyError):
    """A code set name that no year defines, or that is retired in the year asked for."""

    def __str__(self) -> str:
        return str(self.args[0])


class InvalidCode(ValueError):
    """A value that is not a code of the set it should belong to."""

    def __init__(self, code_set: str, value: object, year: int | None = None) -> None:
        where = f" in {year_label(year)}" if year else ""
        super().__init__(f"{value!r} is not a valid {code_set} code{where}")
        self.code_set = code_set
        self.value = value
        self.year = year


@dataclass(frozen=True)
class CodeSet(Mapping[str, str]):
    """One code set in one collection year: its codes, in the DfE's order, with their labels."""

    name: str
    year: int
    description: str
    labels: Mapping[str, str]

    def __getitem__(self, code: str) -> str:
        return self.labels[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.labels)

    def check(self, value: str) -> str:
        """Return ``value`` if it is a code of this set, else raise :class:`InvalidCode`."""
        if value not in self.labels:
            raise InvalidCode(self.name, value, self.year)
        return value


def year_label(year: int) -> str:
    """``2026`` → ``"2025/26"``."""
    return f"{year - 1}/{year % 100:02d}"


def latest_year() -> int:
    return SUPPORTED_YEARS[-1]


def collection_period(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a collection year: 1 April of the year before to 31 March."""
    return dt.date(year - 1, 4, 1), dt.date(year, 3, 31)


def collection_year_of(day: dt.date) -> int:
    """The collection year a date falls in."""
    return day.year + 1 if day.month >= 4 else day.year


def _read_year_file(year: int) -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data", f"{year}.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or data.get("year") != year:
        raise RuntimeError(f"codes/data/{year}.yaml does not describe collection year {year}")
    return data


@cache
def _resolved(year: int) -> dict[str, CodeSet]:
    if year not in SUPPORTED_YEARS:
        raise UnsupportedYear(year)
    data = _read_year_file(year)
    parent = data.get("inherits")
    sets: dict[str, CodeSet] = {}
    if parent is not None:
        sets = {name: _rebind(cs, year) for name, cs in _resolved(int(parent)).items()}
    for name in data.get("retired", []) or []:
        sets.pop(name, None)
    for name, spec in (data.get("code_sets") or {}).items():
        labels: dict[str, str] = {}
        if spec.get("extends"):
            if name not in sets:
                raise RuntimeError(
                    f"codes/data/{year}.yaml extends {name}, which no parent defines"
                )
            labels = dict(sets[name].labels)
        for code in spec.get("remove", []) or []:
            labels.pop(str(code), None)
        labels.update({str(code): str(label) for code, label in (spec.get("codes") or {}).items()})
        sets[name] = CodeSet(name, year, str(spec.get("description", "")), labels)
    return sets


def _rebind(cs: CodeSet, year: int) -> CodeSet:
    return CodeSet(cs.name, year, cs.description, cs.labels)


def code_sets(year: int) -> Mapping[str, CodeSet]:
    """Every code set in force in a collection year."""
    return dict(_resolved(year))


def code_set(name: str, year: int) -> CodeSet:
    """One code set as it stands in a collection year."""
    sets = _resolved(year)
    if name not in sets:
        raise UnknownCodeSet(f"no code set {name!r} in {year_label(year)}")
    return sets[name]


@cache
def known_codes(name: str) -> frozenset[str]:
    """Every code the set has had in any supported year.

    The record keeps history that spans years (a 2022 placement may be H5), so the store accepts
    a code valid in any year; each return's rules check it against its own year.
    """
    found: set[str] = set()
    for year in SUPPORTED_YEARS:
        cs = _resolved(year).get(name)
        if cs is not None:
            found |= cs.codes
    if not found:
        raise UnknownCodeSet(f"no code set {name!r} in any supported year")
    return frozenset(found)
