"""What a rule's check function is given, and what it may return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import polars as pl

from safehold.codes import code_set, collection_period
from safehold.validate.frames import Dataset

T = TypeVar("T")


class CannotRun(Exception):
    """Raised by a rule (or by the context for it) when the input cannot support the rule.

    The rule is then listed as skipped, with this reason, instead of being counted as passed.
    """


@dataclass(frozen=True)
class Flag:
    """Failing rows of one table: ``rows`` must hold the table's ``_row`` column.

    ``fields`` overrides the rule's declared fields for these rows (a rule that fails on one of
    several columns can name the one that failed).
    """

    table: str
    rows: pl.DataFrame
    fields: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ReturnLevel:
    """A failure of the return as a whole (a count across children, say), not of one row."""

    detail: str | None = None
    values: Mapping[str, str | None] = field(default_factory=dict)


Finding = Flag | ReturnLevel
Findings = pl.DataFrame | Mapping[str, pl.DataFrame] | Finding | Sequence[Finding] | None


@dataclass
class Reference:
    """Reference data some rules need, supplied by the caller when it has it."""

    #: The authority's own code (the long ONS form for SSDA903, e.g. E09000027).
    local_authority: str | None = None
    #: Ofsted provider lists as one frame (URN rules), or None.
    providers: pl.DataFrame | None = None
    #: Any other reference tables a return's reader prepares (postcode lookups, say).
    extra: dict[str, Any] = field(default_factory=dict)


class Context:
    """The return being validated, as seen by one rule."""

    def __init__(self, dataset: Dataset, reference: Reference | None = None) -> None:
        self.dataset = dataset
        self.reference = reference or Reference()
        self.year = dataset.year
        self.collection_start, self.collection_end = collection_period(dataset.year)
        self._memo: dict[str, object] = {}

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """``build()``, computed once per run and shared by every rule that asks for ``key``.

        For derived frames many rules need (each child's episodes in order, say): Polars frames
        are immutable, so sharing one is safe. ``key`` must name everything the result depends
        on besides this run's dataset and reference. A build that raises is not remembered.
        """
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    @property
    def reference_date(self) -> dt.date:
        """31 March at the end of the collection year."""
        return self.collection_end

    def has_table(self, name: str) -> bool:
        return name in self.dataset.tables

    def table(self, name: str) -> pl.DataFrame:
        """This year's table ``name`` in its normalised form."""
        if name in self.dataset.unavailable:
            raise CannotRun(self.dataset.unavailable[name])
        try:
            return self.dataset.tables[name].frame
        except KeyError:
            raise CannotRun(f"no {name} table was supplied") from None

    def has_previous(self) -> bool:
        return self.dataset.previous is not None

    def previous(self, name: str) -> pl.DataFrame:
        """Last year's table ``name``."""
        if self.dataset.previous is None:
            raise CannotRun("needs last year's return (give it with --previous)")
        try:
            return self.dataset.previous[name].frame
        except KeyError:
            raise CannotRun(f"last year's return has no {name} table") from None

    def codes(self, name: str) -> frozenset[str]:
        """The codes of a code set in this collection year."""
        return code_set(name, self.year).codes
