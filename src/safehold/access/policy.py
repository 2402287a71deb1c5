"""The role table: which role may act for which purpose, reading and changing which categories.

The table is data (``roles.yaml``), checked against the register of processing when it is
loaded: purposes and categories must exist, and a role may be granted, for a purpose the notice
declares, only the categories the register says that purpose processes (plus categories the
children's notice does not cover, such as workforce). See docs/decisions/0002.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from safehold.privacy.register import Register, load_register

#: Purposes for which restricted processing may continue (UK GDPR Article 18(2)): storage, legal
#: claims, and the DPO's own work (which includes lifting the restriction).
RESTRICTION_EXEMPT = frozenset({"storage", "legal_claims", "data_protection"})
ALL = "all"
REGISTER = "register"


class Mode(StrEnum):
    READ = "read"
    CHANGE = "change"


class PolicyError(ValueError):
    """The role table is not valid; the message lists every problem and where it is."""


class _Grant(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    read: list[str] = []
    change: list[str] = []


class _Role(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(min_length=1)
    manages_users: bool = False
    purposes: dict[str, _Grant]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    gate_purposes: dict[str, str]
    gate_categories: dict[str, str]
    roles: dict[str, _Role] = Field(min_length=1)


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    manages_users: bool
    #: purpose → mode → categories
    grants: Mapping[str, Mapping[Mode, frozenset[str]]]

    def may_act_for(self, purpose: str) -> bool:
        return purpose in self.grants

    def may(self, purpose: str, mode: Mode, category: str) -> bool:
        return category in self.grants.get(purpose, {}).get(mode, frozenset())


@dataclass(frozen=True)
class Policy:
    roles: Mapping[str, Role]
    purposes: frozenset[str]
    categories: frozenset[str]
    #: The register's purposes (the rest are the gate's own).
    register_purposes: frozenset[str]

    def role(self, role_id: str) -> Role:
        try:
            return self.roles[role_id]
        except KeyError:
            raise PolicyError(
                f"no such role {role_id!r}: expected one of {', '.join(sorted(self.roles))}"
            ) from None


def _expand(
    names: list[str],
    where: str,
    purpose: str,
    register: Register,
    categories: frozenset[str],
    problems: list[str],
) -> frozenset[str]:
    out: set[str] = set()
    all_register = {c.id for c in register.categories}
    for name in names:
        if name == ALL:
            out |= all_register
        elif name == REGISTER:
            try:
                out |= set(register.purpose(purpose).categories)
            except (KeyError, ValueError):
                problems.append(
                    f"{where}: 'register' stands for a register purpose's categories, and "
                    f"{purpose!r} is the gate's own purpose: list its categories instead"
                )
        elif name in categories:
            out.add(name)
        else:
            problems.append(
                f"{where}: {name!r} is not a category: expected one of "
                f"{', '.join(sorted(categories | {ALL, REGISTER}))}"
            )
    return frozenset(out)


def build_policy(data: Any, register: Register, source: str = "roles.yaml") -> Policy:
    """Check the parsed role table against ``register``; raise :class:`PolicyError` listing
    every problem."""
    try:
        table = _Table.model_validate(data)
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise PolicyError(f"{source} is not a valid role table:\n" + "\n".join(lines)) from None
    register_purposes = frozenset(p.id for p in register.purposes)
    purposes = register_purposes | frozenset(table.gate_purposes)
    categories = frozenset(c.id for c in register.categories) | frozenset(table.gate_categories)
    outside_notice = {c.id for c in register.categories if not c.in_notice}
    problems: list[str] = []
    for clash in sorted(register_purposes & set(table.gate_purposes)):
        problems.append(f"gate_purposes.{clash}: already a purpose of the register")
    roles: dict[str, Role] = {}
    for role_id, role in table.roles.items():
        grants: dict[str, dict[Mode, frozenset[str]]] = {}
        for purpose, grant in role.purposes.items():
            where = f"roles.{role_id}.purposes.{purpose}"
            if purpose not in purposes:
                problems.append(
                    f"{where}: {purpose!r} is not a purpose: expected one of "
                    f"{', '.join(sorted(purposes))}"
                )
                continue
            read = _expand(grant.read, f"{where}.read", purpose, register, categories, problems)
            change = _expand(
                grant.change, f"{where}.change", purpose, register, categories, problems
            )
            if not change <= read:
                problems.append(
                    f"{where}.change: {', '.join(sorted(change - read))} may be changed but not "
                    "read; a role changes only what it may read"
                )
            if purpose in register_purposes:
                declared = set(register.purpose(purpose).categories) | outside_notice
                beyond = sorted(read - declared)
                if beyond:
                    problems.append(
                        f"{where}: the register does not declare {', '.join(beyond)} for "
                        f"{purpose!r}; grant only what the notice says the purpose processes"
                    )
            grants[purpose] = {Mode.READ: read, Mode.CHANGE: change}
        roles[role_id] = Role(role_id, role.name, role.manages_users, grants)
    if problems:
        raise PolicyError(
            f"{source} is not a valid role table:\n" + "\n".join(f"  {p}" for p in problems)
        )
    return Policy(roles, purposes, categories, register_purposes)


def load_policy_text(text: str, register: Register, source: str) -> Policy:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source} is not valid YAML: {exc}") from None
    return build_policy(data, register, source)


def load_policy(path: Path | None = None, register: Register | None = None) -> Policy:
    """The role table (the packaged ``roles.yaml`` unless ``path`` is given)."""
    if path is None and register is None:
        return default_policy()
    text = (
        path.read_text(encoding="utf-8")
        if path is not None
        else files("safehold.access").joinpath("roles.yaml").read_text(encoding="utf-8")
    )
    return load_policy_text(text, register or load_register(), str(path or "roles.yaml"))


@lru_cache(maxsize=1)
def default_policy() -> Policy:
    text = files("safehold.access").joinpath("roles.yaml").read_text(encoding="utf-8")
    return load_policy_text(text, load_register(), "safehold/access/roles.yaml")
