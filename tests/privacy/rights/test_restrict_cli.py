"""``safehold request restrict|lift-restriction`` end to end."""

from __future__ import annotations

import datetime as dt

from tests.privacy.rights.test_rectify_cli import db, new, run, scalar

__all__ = ["db"]


def test_restrict_then_lift(db: str) -> None:
    request = new("restriction")
    code, out = run("restrict", str(request), "--reason", "accuracy contested")
    assert code == 0 and "restricted" in out, out
    assert scalar(db, "SELECT count(*) FROM processing_restriction WHERE lifted_at IS NULL") == 1
    today = dt.date.today().isoformat()
    code, out = run("lift-restriction", str(request), "--told", today, "--told-by", "pigeon")
    assert code == 2 and "expected one of letter, email, phone, in_person" in out
    code, out = run("lift-restriction", str(request), "--told", today, "--told-by", "letter")
    assert code == 0 and "lifted" in out, out
    assert scalar(db, "SELECT told_method FROM restriction_lift") == "letter"
    assert scalar(db, "SELECT count(*) FROM processing_restriction WHERE lifted_at IS NULL") == 0
