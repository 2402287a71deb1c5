"""Nothing reaches the store around the gate: outside the gate's own packages and the doors, no
module imports ``safehold.store`` or opens an engine, connection or session itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import safehold

PACKAGE = Path(safehold.__file__).parent
#: May talk to the store: the gate, the store, the model, the audit trail, and the doors.
ALLOWED = ("access", "store", "record", "privacy/audit", "cli", "web")
#: Calls that open a way to the database.
OPENING_ATTRIBUTES = {"connect", "begin", "raw_connection", "connection", "begin_nested"}
OPENING_NAMES = {"Session", "sessionmaker", "scoped_session", "create_engine", "make_engine",
                 "create_async_engine", "transaction", "session_factory"}  # fmt: skip


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _allowed(path: Path) -> bool:
    relative = path.relative_to(PACKAGE).as_posix()
    return any(relative == f"{a}.py" or relative.startswith(f"{a}/") for a in ALLOWED)


def violations(source: str, name: str) -> list[str]:
    """What in ``source`` reaches the store around the gate (empty when nothing does)."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "safehold.store" or alias.name.startswith("safehold.store."):
                    found.append(f"{name}:{node.lineno}: imports {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module
            if module == "safehold.store" or module.startswith("safehold.store."):
                found.append(f"{name}:{node.lineno}: imports from {module}")
            if module == "safehold" and any(a.name == "store" for a in node.names):
                found.append(f"{name}:{node.lineno}: imports safehold.store")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and (
                func.attr in OPENING_ATTRIBUTES or func.attr in OPENING_NAMES
            ):
                found.append(f"{name}:{node.lineno}: calls .{func.attr}()")
            elif isinstance(func, ast.Name) and func.id in OPENING_NAMES:
                found.append(f"{name}:{node.lineno}: calls {func.id}()")
    return found


def test_the_guard_sees_each_way_around_the_gate() -> None:
    for bad in (
        "import safehold.store",
        "from safehold.store import make_engine",
        "from safehold.store.engine import transaction",
        "from safehold import store",
        "from sqlalchemy.orm import Session\nSession(engine)",
        "engine.connect()",
        "with engine.begin() as c: pass",
        "session.connection()",
        "sa.create_engine('sqlite://')",
        "Session(engine)",
    ):
        assert violations(bad, "bad.py"), bad
    for fine in ("import sqlalchemy as sa", "from safehold.access import Gate",
                 "gate.read_frame('person')", "x: sa.Engine",
                 "from sqlalchemy.orm import Session\ndef f(s: Session) -> None: ..."):  # fmt: skip
        assert violations(fine, "fine.py") == [], fine


@pytest.mark.parametrize(
    "path",
    [p for p in _modules() if not _allowed(p)],
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_features_reach_the_store_only_through_the_gate(path: Path) -> None:
    relative = path.relative_to(PACKAGE).as_posix()
    assert violations(path.read_text(encoding="utf-8"), relative) == []
