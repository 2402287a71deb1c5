"""``safehold return ssda903``, ``safehold import ssda903`` and ``validate ssda903 --from-store``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safehold.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAFEHOLD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("SAFEHOLD_DATABASE_URL", raising=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'safehold.db'}"
    result = runner.invoke(app, ["synth", "--children", "400", "--seed", "5",
                                 "--today", "2026-05-15", "--db", url])  # fmt: skip
    assert result.exit_code == 0, result.output
    return url


def test_return_as_csv_then_import_into_an_empty_store(store: str, tmp_path: Path) -> None:
    out = tmp_path / "903"
    result = runner.invoke(app, ["return", "ssda903", "--year", "2026", "--out", str(out),
                                 "--db", store])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Episodes" in result.output
    names = {p.name for p in out.iterdir()}
    assert {"header.csv", "episodes.csv", "sw_episodes.csv"} <= names
    assert "dolo.csv" not in names  # DoLo is 2026/27's
    episodes = (out / "episodes.csv").read_text().splitlines()
    assert episodes[0].startswith("CHILD,DECOM,RNE,LS,CIN,PLACE") and len(episodes) > 5

    empty = f"sqlite:///{tmp_path / 'new.db'}"
    loaded = runner.invoke(app, ["import", "ssda903", str(out), "--year", "2026", "--db", empty])
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded" in loaded.output and "2025/26" in loaded.output
    again = runner.invoke(app, ["import", "ssda903", str(out), "--year", "2026", "--db", empty])
    assert again.exit_code == 2
    assert "nothing was written" in again.output and "loaded before" in again.output

    rebuilt = tmp_path / "again"
    result = runner.invoke(app, ["return", "ssda903", "--year", "2026", "--out", str(rebuilt),
                                 "--db", empty])  # fmt: skip
    assert result.exit_code == 0, result.output
    for path in out.iterdir():
        assert (rebuilt / path.name).read_bytes() == path.read_bytes(), path.name


def test_return_as_xml_keeps_social_worker_episodes_beside_it(store: str, tmp_path: Path) -> None:
    out = tmp_path / "xml"
    result = runner.invoke(app, ["return", "ssda903", "--year", "2026", "--out", str(out),
                                 "--format", "xml", "--db", store])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["ssda903.xml", "sw_episodes.csv"]
    assert (out / "ssda903.xml").read_bytes().startswith(b"<?xml")
    assert "cannot carry SWEpisodes" in result.output


def test_validate_from_the_store(store: str, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["validate", "ssda903", "--from-store", "--year", "2026",
                                 "--db", store, "--format", "json", "-o", str(report)])  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    issues = json.loads(report.read_text())
    text = json.dumps(issues)
    errors = '"severity": "error"' in text
    assert result.exit_code == (1 if errors else 0)
    assert "rules run" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "ssda903", "--year", "2026"], "--from-store"),
        (["validate", "ssda903", "x.csv", "--from-store", "--year", "2026"], "one or the other"),
        (["return", "ssda903", "--year", "2019", "--out", "x"], "--year 2019 is not supported"),
        (["return", "ssda903", "--year", "2026", "--out", "x", "--format", "pdf"], "csv or xml"),
        (["import", "ssda903", "nowhere", "--year", "2026"], "no such file or folder"),
    ],
)
def test_clear_errors(args: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, [*args, "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_return_written_by_an_analyst_is_in_the_sharing_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    assert runner.invoke(app, ["synth", "--children", "150", "--seed", "6",
                               "--today", "2026-05-15", "--db", url]).exit_code == 0  # fmt: skip
    for name, role in (("adm", "administrator"), ("ana", "performance_analyst"),
                       ("dee", "data_protection_officer")):  # fmt: skip
        added = runner.invoke(app, ["user", "add", name, "--role", role, "--db", url],
                              env={"SAFEHOLD_USER": "adm"})  # fmt: skip
        assert added.exit_code == 0, added.output
    out = tmp_path / "903"
    written = runner.invoke(app, ["return", "ssda903", "--year", "2026", "--out", str(out),
                                  "--db", url], env={"SAFEHOLD_USER": "ana"})  # fmt: skip
    assert written.exit_code == 0, written.output
    assert "sharing log" in written.output
    header = (out / "header.csv").read_text().splitlines()
    children = len(header) - 1
    log = runner.invoke(app, ["sharing", "log", "--format", "json", "--db", url],
                        env={"SAFEHOLD_USER": "dee"})  # fmt: skip
    assert log.exit_code == 0, log.output
    [entry] = json.loads(log.stdout)
    assert entry["recipient"] == "dfe"
    assert "SSDA903" in entry["what"] and "2025/26" in entry["what"]
    assert entry["by"] == "ana"
    assert entry["people"] == children
