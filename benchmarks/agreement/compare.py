"""Compare two validators' findings rule by rule: which children (and rows) each one flags.

Both sides are reduced to the same shape first: one ``Finding`` per flagged row, naming the rule
code, the table, the 0-based row within that table and the child. A rule then *agrees* on a child
when both flag that child under that code, and is *only Safehold* or *only peer* otherwise. Rows
are compared too, where both report rows of the same table.
"""

from __future__ import annotations

import json
import platform
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    rule: str
    table: str
    row: int | None
    child: str


@dataclass
class RunResult:
    """What one validator did with one input."""

    findings: list[Finding]
    ran: set[str]
    skipped: dict[str, str]  # rule -> why it did not run
    crashed: set[str] = field(default_factory=set)
    wall_s: float = 0.0
    rules_s: float | None = None  # time inside the validator, when it reports it


@dataclass
class RuleComparison:
    rule: str
    safehold: int  # children flagged by Safehold
    peer: int
    agreed: int
    only_safehold: list[str]
    only_peer: list[str]
    rows_agreed: int
    rows_only_safehold: int
    rows_only_peer: int
    note: str  # why the rule is not compared, when it is not (skipped / crashed / absent)

    @property
    def disagrees(self) -> bool:
        return bool(self.only_safehold or self.only_peer)


def canonical(code: str) -> str:
    """Rule codes as both validators might spell them: ``197a`` and ``197A`` are one rule."""
    return code.strip().upper()


def compare(ours: RunResult, theirs: RunResult) -> list[RuleComparison]:
    by_rule: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: {"s": [], "p": []})
    for side, result in (("s", ours), ("p", theirs)):
        for finding in result.findings:
            by_rule[canonical(finding.rule)][side].append(finding)
    ran_s = {canonical(c) for c in ours.ran}
    ran_p = {canonical(c) for c in theirs.ran}
    skipped_s = {canonical(c): why for c, why in ours.skipped.items()}
    skipped_p = {canonical(c): why for c, why in theirs.skipped.items()}
    crashed_p = {canonical(c) for c in theirs.crashed}
    rows: list[RuleComparison] = []
    for rule in sorted(set(by_rule) | ran_s | ran_p | set(skipped_s) | set(skipped_p), key=_order):
        s_found, p_found = by_rule[rule]["s"], by_rule[rule]["p"]
        s_children = {f.child for f in s_found}
        p_children = {f.child for f in p_found}
        s_rows = {(f.table, f.row) for f in s_found if f.row is not None}
        p_rows = {(f.table, f.row) for f in p_found if f.row is not None}
        shared_tables = {t for t, _ in s_rows} & {t for t, _ in p_rows}
        s_rows = {r for r in s_rows if r[0] in shared_tables}
        p_rows = {r for r in p_rows if r[0] in shared_tables}
        notes = []
        if rule in crashed_p:
            notes.append("peer crashed")
        elif rule in skipped_p:
            notes.append(f"peer skipped ({skipped_p[rule]})")
        elif rule not in ran_p:
            notes.append("not in the peer's ruleset")
        if rule in skipped_s:
            notes.append(f"Safehold skipped ({skipped_s[rule]})")
        elif rule not in ran_s:
            notes.append("not in Safehold's ruleset")
        rows.append(
            RuleComparison(
                rule=rule,
                safehold=len(s_children),
                peer=len(p_children),
                agreed=len(s_children & p_children),
                only_safehold=sorted(s_children - p_children),
                only_peer=sorted(p_children - s_children),
                rows_agreed=len(s_rows & p_rows),
                rows_only_safehold=len(s_rows - p_rows),
                rows_only_peer=len(p_rows - s_rows),
                note="; ".join(notes),
            )
        )
    return rows


def _order(code: str) -> tuple[int, int, str]:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (0 if code[:1].isdigit() else 1, int(digits) if digits else 0, code)


def git_commit(path: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout.strip()
    except (subprocess.CalledProcessError, FileNotFoundError):
        return "unknown"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        import os

        cores = os.cpu_count()
    except Exception:  # pragma: no cover
        cores = None
    return f"{platform.system()} {platform.release()}, {cpu}, {cores} logical CPUs"


def sample(children: list[str], n: int = 3) -> str:
    shown = ", ".join(children[:n])
    return shown + (f" (+{len(children) - n})" if len(children) > n else "")


def load_json(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data
