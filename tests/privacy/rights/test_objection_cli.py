"""``safehold request object|decide-objection`` end to end."""

from __future__ import annotations

import json

from tests.privacy.rights.test_rectify_cli import db, new, run

__all__ = ["db"]


def test_object_and_decide(db: str) -> None:
    request = new("objection")
    code, out = run("object", str(request), "--purpose", "statutory_duties")
    assert code == 2 and "no right to object to processing the law requires" in out
    code, out = run("object", str(request), "--purpose", "service_quality", "--format", "json")
    assert code == 0, out
    objection = json.loads(out)
    assert objection["decision"] == "pending"
    code, out = run("decide-objection", str(objection["objection"]), "--decision", "refused",
                    "--grounds", "Needed to check the service.", "--ground", "compelling_grounds",
                    "--format", "json")  # fmt: skip
    assert code == 0, out
    decided = json.loads(out)
    assert decided["decision"] == "refused"
    assert decided["grounds"].startswith("Refused on compelling legitimate grounds")
    code, out = run("object", str(request), "--purpose", "policy_evaluation",
                    "--decision", "upheld", "--grounds", "Left out.")  # fmt: skip
    assert code == 0 and "upheld" in out, out
