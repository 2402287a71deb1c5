"""``safehold request erase`` end to end."""

from __future__ import annotations

import json

from tests.privacy.rights.test_rectify_cli import db, new, run, scalar

__all__ = ["db"]


def test_erase_refuses_a_current_record_with_reasons(db: str) -> None:
    request = new("erasure", subject="C2")
    code, out = run("erase", str(request), "--today", "2024-01-01")
    assert code == 0, out
    assert "Article 17(3)(b)" in out and "What to tell the family" in out
    assert "We cannot erase your child protection records" in out
    assert scalar(db, "SELECT count(*) FROM person WHERE id = 'C2'") == 1


def test_erase_past_retention_erases_everywhere(db: str) -> None:
    request = new("erasure", subject="C1")
    code, out = run("erase", str(request), "--today", "2025-01-01", "--format", "json")
    assert code == 0, out
    result = json.loads(out)
    assert {d["outcome"] for d in result["decisions"]} == {"erased"}
    assert all(line["request_id"] == request for line in result["destroyed"])
    assert scalar(db, "SELECT count(*) FROM person WHERE id = 'C1'") == 0
    assert scalar(db, f"SELECT count(*) FROM tombstone WHERE request_id = {request}") > 0


def test_erase_needs_an_erasure_request(db: str) -> None:
    code, out = run("erase", str(new("access")))
    assert code == 2 and "not erasure" in out
    code, out = run("erase", "99")
    assert code == 2 and "there is no request 99" in out
