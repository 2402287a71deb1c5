"""``safehold request ...`` end to end on a SQLite store, as the DPO."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from safehold.access import User, add_user
from safehold.cli import app
from safehold.store import make_engine, upgrade

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'requests.db'}"
    engine: sa.Engine = make_engine(url)
    upgrade(engine)
    add_user(engine, User("admin", "administrator"), "dpo", "data_protection_officer")
    engine.dispose()
    monkeypatch.setenv("SAFEHOLD_USER", "dpo")
    monkeypatch.setenv("SAFEHOLD_DATABASE_URL", url)
    return url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["request", *args])
    return result.exit_code, result.output


def run_json(*args: str) -> object:
    code, out = run(*args, "--format", "json")
    assert code == 0, out
    return json.loads(out)


def test_a_request_through_its_life(db: str) -> None:
    made = run_json("new", "--type", "access", "--subject", "C1", "--received", "2025-01-31",
                    "--requester-kind", "parent_or_carer", "--requester", "A Parent",
                    "--identity", "passport seen")  # fmt: skip
    assert isinstance(made, dict)
    assert made["id"] == 1 and made["due"] == "2025-02-28"
    paused = run_json("pause", "1", "--reason", "clarification", "--on", "2025-02-03")
    assert isinstance(paused, dict) and paused["due"] is None
    resumed = run_json("resume", "1", "--on", "2025-02-10")
    assert isinstance(resumed, dict) and resumed["due"] == "2025-03-10"
    extended = run_json("extend", "1", "--months", "1", "--reason", "records in three services",
                        "--told", "2025-02-20")  # fmt: skip
    assert isinstance(extended, dict) and extended["due"] == "2025-04-10"
    listed = run_json("list", "--due-within", "60", "--today", "2025-03-01")
    assert isinstance(listed, list) and [r["id"] for r in listed] == [1]
    assert run_json("list", "--overdue", "--today", "2025-03-01") == []
    overdue = run_json("list", "--overdue", "--today", "2025-04-11")
    assert isinstance(overdue, list) and [r["id"] for r in overdue] == [1]
    closed = run_json("close", "1", "--outcome", "pack sent", "--on", "2025-04-01")
    assert isinstance(closed, dict) and closed["state"] == "closed"
    code, out = run("show", "1")
    assert code == 0 and "pack sent" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "--type", "sar", "--subject", "C1", "--received", "2025-01-31"],
         "--type 'sar' is not known"),
        (["new", "--type", "access", "--subject", "C1", "--received", "31/01/2025"],
         "--received '31/01/2025' is not a date: expected YYYY-MM-DD"),
        (["pause", "1", "--reason", "holiday", "--on", "2025-02-01"], "--reason 'holiday'"),
        (["show", "7"], "there is no request 7"),
        (["extend", "1", "--months", "1", "--reason", "x", "--told", "2025-03-01"],
         "only if they are told within the first month"),
    ],
)  # fmt: skip
def test_bad_input_gets_a_clear_message(db: str, args: list[str], message: str) -> None:
    run("new", "--type", "access", "--subject", "C1", "--received", "2025-01-31")
    code, out = run(*args)
    assert code == 2
    assert message in " ".join(out.split())
    assert "Traceback" not in out


def test_other_roles_are_refused(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = make_engine(db)
    add_user(engine, User("admin", "administrator"), "sw", "social_worker")
    engine.dispose()
    monkeypatch.setenv("SAFEHOLD_USER", "sw")
    code, out = run("list")
    assert code == 2 and "refused" in out


def test_pack_review_and_final_pack(db: str, tmp_path: Path) -> None:
    import datetime as dt

    from safehold.access import Gate
    from safehold.synth.generate import generate

    authority = generate(20, 11, today=dt.date(2026, 3, 31))
    engine = make_engine(db)
    Gate(engine, User("loader", "system"), "storage").load_rows(
        authority.rows, kind="synthetic", origin="tests"
    )
    engine.dispose()
    child = sorted({r["person_id"] for r in authority.rows["case_note"]})[0]
    made = run_json("new", "--type", "access", "--subject", child, "--received", "2026-03-02")
    assert isinstance(made, dict)
    code, out = run("pack", str(made["id"]), "--out", str(tmp_path / "pack"))
    assert code == 0, out
    assert "Draft" in out and (tmp_path / "pack" / f"request-{made['id']}.pdf").exists()
    proposed = run_json("redactions", str(made["id"]))
    assert isinstance(proposed, list) and proposed
    assert all("»" in p["text"] and p["decision"] == "pending" for p in proposed)
    first, *rest = (p["id"] for p in proposed)
    args = ["redact", str(made["id"]), "--reject", str(first)]
    for rid in rest:
        args += ["--accept", str(rid)]
    code, out = run(*args)
    assert code == 0 and "rejected (disclosed)" in out
    code, out = run("pack", str(made["id"]), "--out", str(tmp_path / "final"))
    assert code == 0 and "Draft" not in out and "0 pending" in out
    pack = json.loads((tmp_path / "final" / f"request-{made['id']}.json").read_text("utf-8"))
    assert pack["pack"]["status"] == "final"
    code, out = run("redact", str(made["id"]), "--accept", "99999")
    assert code == 2 and "has no proposed redaction 99999" in out
    code, out = run("exempt", str(made["id"]), "--exemption", "nope", "--scope", "x",
                    "--reason", "y")  # fmt: skip
    assert code == 2 and "not in the register" in " ".join(out.split())


def test_pack_errors_are_clear(db: str, tmp_path: Path) -> None:
    run("new", "--type", "access", "--subject", "NOBODY", "--received", "2026-03-02")
    run("new", "--type", "erasure", "--subject", "NOBODY", "--received", "2026-03-02")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out = run("pack", "1", "--out", str(blocker))
    assert code == 2 and "cannot write the pack into" in " ".join(out.split())
    code, out = run("pack", "2", "--out", str(tmp_path / "p"))
    assert code == 2 and "packs answer access requests" in " ".join(out.split())
    code, out = run("pack", "1", "--out", str(tmp_path / "empty"))
    assert code == 0, out
    pack = json.loads((tmp_path / "empty" / "request-1.json").read_text("utf-8"))
    assert pack["your_record"] == [] and pack["pack"]["status"] == "final"
    assert "Traceback" not in out
