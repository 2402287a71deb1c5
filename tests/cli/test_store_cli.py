"""The store's commands end to end: demo, synth, db upgrade, import ssd, export ssd."""

from __future__ import annotations

import csv
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from safehold.cli import app
from safehold.store import current_revision, head_revision, make_engine

runner = CliRunner()


def _url(engine: sa.Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _people(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        count = connection.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
    engine.dispose()
    return int(count)


def test_db_upgrade_creates_the_schema(bare_engine: sa.Engine) -> None:
    result = runner.invoke(app, ["db", "upgrade", "--db", _url(bare_engine)])
    assert result.exit_code == 0, result.output
    assert current_revision(bare_engine) == head_revision()
    assert f"revision {head_revision()}" in result.output


def test_demo_builds_once_then_summarises(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    first = runner.invoke(app, ["demo", "--children", "60", "--db", url])
    assert first.exit_code == 0, first.output
    assert "Children by category today" in first.output
    assert "looked after" in first.output and "Rows held, by area" in first.output
    people = _people(url)
    assert people > 60
    second = runner.invoke(app, ["demo", "--children", "60", "--db", url])
    assert second.exit_code == 0, second.output
    assert f"already holds {people:,} people" in second.output
    assert _people(url) == people


def test_synth_is_reproducible(tmp_path: Path) -> None:
    urls = [f"sqlite:///{tmp_path / f'{n}.db'}" for n in ("a", "b")]
    for url in urls:
        result = runner.invoke(app, ["synth", "--children", "40", "--seed", "9",
                                     "--today", "2026-03-31", "--db", url])  # fmt: skip
        assert result.exit_code == 0, result.output
    dumps = []
    for url in urls:
        engine = make_engine(url)
        with engine.connect() as connection:
            dumps.append(connection.execute(
                sa.text("SELECT id, forename, surname, date_of_birth FROM person ORDER BY id")
            ).all())  # fmt: skip
        engine.dispose()
    assert dumps[0] == dumps[1] and len(dumps[0]) > 40


def test_bad_date_and_bad_url_are_clear_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", "--today", "31/03/2026",
                                 "--db", f"sqlite:///{tmp_path / 'x.db'}"])  # fmt: skip
    assert result.exit_code == 2
    assert "--today '31/03/2026' is not a date: expected YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["db", "upgrade", "--db", "mysql://u@h/db"])
    assert result.exit_code == 2
    assert "unsupported database 'mysql'" in result.output
    assert "Traceback" not in result.output


def test_export_then_import_ssd(engine: sa.Engine, tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    assert runner.invoke(app, ["synth", "--children", "30", "--db", source]).exit_code == 0
    out = tmp_path / "extract"
    exported = runner.invoke(app, ["export", "ssd", str(out), "--db", source])
    assert exported.exit_code == 0, exported.output
    assert (out / "ssd_person.csv").exists()
    imported = runner.invoke(app, ["import", "ssd", str(out), "--db", _url(engine)])
    assert imported.exit_code == 0, imported.output
    assert _people(_url(engine)) == _people(source)


def test_import_ssd_reports_problems_and_writes_nothing(engine: sa.Engine, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    with (folder / "ssd_person.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["pers_person_id", "pers_dob"])
        writer.writerow(["C1", "not a date"])
    result = runner.invoke(app, ["import", "ssd", str(folder), "--db", _url(engine)])
    assert result.exit_code == 2
    assert "nothing was written" in result.output
    assert "ssd_person.csv" in result.output and "missing" in result.output
    assert "Traceback" not in result.output
    assert _people(_url(engine)) == 0
