"""``safehold validate cin-census``: exit statuses, formats, schema problems, refused input."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner, Result

from safehold.cli import app, cmd_validate_cin
from safehold.cli.cmd_validate_cin import parse_size
from safehold.validate.context import Context
from safehold.validate.registry import Registry, rule
from tests.returns.cin_census.builders import (
    BILLION_LAUGHS,
    EXTERNAL_ENTITY,
    census,
    child,
    line_of,
    write,
)

runner = CliRunner()


def _rules() -> Registry:
    """A small ruleset whose verdicts the tests control: F is an error, U a query."""
    reg = Registry()

    @rule("T1", return_name="cin_census", severity="error", message="Sex is F",
          tables=["ChildIdentifiers"], fields=["Sex"], registry=reg)  # fmt: skip
    def sex_f(ctx: Context) -> pl.DataFrame:
        return ctx.table("ChildIdentifiers").filter(pl.col("Sex") == "F")

    @rule("T2Q", return_name="cin_census", severity="query", message="Sex is U",
          tables=["ChildIdentifiers"], fields=["Sex"], registry=reg)  # fmt: skip
    def sex_u(ctx: Context) -> pl.DataFrame:
        return ctx.table("ChildIdentifiers").filter(pl.col("Sex") == "U")

    return reg


@pytest.fixture
def controlled(monkeypatch: pytest.MonkeyPatch) -> Registry:
    reg = _rules()
    monkeypatch.setattr(cmd_validate_cin, "REGISTRY", reg)
    return reg


def _flat(text: str) -> str:
    """Output with Rich's line wrapping undone."""
    return " ".join(text.split())


def _invoke(*args: str) -> Result:
    return runner.invoke(app, ["validate", "cin-census", *args])


def test_clean_file_exits_0(tmp_path: Path, controlled: Registry) -> None:
    path = write(tmp_path, census([child("A1", sex="M"), child("B2", sex="U")]))
    result = runner.invoke(app, ["validate", "cin-census", str(path), "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "2 children read; 0 schema problems, 0 errors, 1 queries" in result.output


def test_error_rule_exits_1_with_json_issues(tmp_path: Path, controlled: Registry) -> None:
    text = census([child("A1", sex="M"), child("B2", sex="F")])
    path = write(tmp_path, text)
    result = runner.invoke(
        app, ["validate", "cin-census", str(path), "--year", "2026", "--format", "json"]
    )
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["return"] == "cin_census" and document["year"] == 2026
    assert document["rules_run"] == ["T1", "T2Q"]
    (issue,) = document["issues"]
    assert list(issue) == ["rule", "severity", "message", "child", "element", "line", "fields"]
    assert issue["child"] == "B2"
    assert issue["element"] == "Child/ChildIdentifiers/Sex"
    assert issue["line"] == line_of(text, "<Sex>F</Sex>")
    assert issue["fields"] == {"Sex": "F"}
    assert document["problems"] == []


def test_schema_problems_are_shown_counted_and_fail(tmp_path: Path, controlled: Registry) -> None:
    text = census([child("A1", sex="M").replace("<Ethnicity>WBRI<", "<Ethnicity>XXXX<")])
    path = write(tmp_path, text)
    result = runner.invoke(app, ["validate", "cin-census", str(path), "--year", "2026"])
    assert result.exit_code == 1, result.output
    assert "1 schema problems" in result.output
    assert f"{path}:{line_of(text, 'XXXX')}" in result.output.replace("\n", "")
    assert "'XXXX' is not an element of the set" in _flat(result.output)


def test_schema_problems_in_json(tmp_path: Path, controlled: Registry) -> None:
    text = census([child("A1", sex="M").replace("<Ethnicity>WBRI<", "<Ethnicity>XXXX<")])
    path = write(tmp_path, text)
    result = _invoke(str(path), "--year", "2026", "--format", "json")
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["line"] == line_of(text, "XXXX")
    assert problem["element"] == "Child/ChildCharacteristics/Ethnicity"


def test_year_comes_from_the_header(tmp_path: Path, controlled: Registry) -> None:
    path = write(tmp_path, census([child("A1", sex="M", year=2025)], year=2025))
    result = runner.invoke(app, ["validate", "cin-census", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["year"] == 2025


def test_a_header_for_another_year_is_a_problem(tmp_path: Path, controlled: Registry) -> None:
    path = write(tmp_path, census([child("A1", sex="M", year=2025)], year=2025))
    result = runner.invoke(app, ["validate", "cin-census", str(path), "--year", "2026"])
    assert result.exit_code == 1
    assert "the header gives Year '2025'" in _flat(result.output)


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html", "table"])
def test_report_to_a_file(tmp_path: Path, controlled: Registry, fmt: str) -> None:
    path = write(tmp_path, census([child("B2", sex="F")]))
    out = tmp_path / f"report.{fmt}"
    result = _invoke(str(path), "--year", "2026", "--format", fmt, "--output", str(out))
    assert result.exit_code == 1, result.output
    assert out.exists() and out.stat().st_size > 0
    assert f"report written to {out}" in result.output


def test_xlsx_needs_an_output_file(tmp_path: Path, controlled: Registry) -> None:
    path = write(tmp_path, census())
    result = runner.invoke(app, ["validate", "cin-census", str(path), "--format", "xlsx"])
    assert result.exit_code == 2
    assert "--output" in result.output


def test_a_crashing_rule_exits_2(tmp_path: Path, controlled: Registry) -> None:
    @rule("T9", return_name="cin_census", severity="error", message="broken",
          tables=["ChildIdentifiers"], registry=controlled)  # fmt: skip
    def broken(ctx: Context) -> pl.DataFrame:
        return ctx.table("ChildIdentifiers").filter(pl.col("NoSuchColumn") == "1")

    path = write(tmp_path, census([child("A1", sex="M")]))
    result = runner.invoke(app, ["validate", "cin-census", str(path), "--year", "2026"])
    assert result.exit_code == 2
    assert "rule T9" in result.output and "could not complete" in result.output
    assert "Traceback" not in result.output


def test_the_real_rules_run_on_a_good_file(tmp_path: Path) -> None:
    path = write(tmp_path, census([child("A1", sex="M"), child("B2", busy=True)]))
    result = runner.invoke(
        app, ["validate", "cin-census", str(path), "--year", "2026", "--format", "json"]
    )
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    assert document["rules_run"]
    assert document["problems"] == []


REFUSED = {
    "not xml": ("LAchildID,Sex\nC1,F\n", "is not an XML file"),
    "wrong root": ("<Census><Children/></Census>", "root element is <Census>"),
    "namespace": (
        census().replace("<Message>", '<Message xmlns="http://example.org/cin">'),
        "uses the namespace 'http://example.org/cin'",
    ),
    "billion laughs": (BILLION_LAUGHS, "DOCTYPE"),
    "external entity": (EXTERNAL_ENTITY, "DOCTYPE"),
    "truncated": (census([child("A1"), child("B2")])[:-300], "ends early"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unusable_input_exits_2(tmp_path: Path, controlled: Registry, name: str) -> None:
    text, expected = REFUSED[name]
    path = write(tmp_path, text)
    result = runner.invoke(app, ["validate", "cin-census", str(path), "--year", "2026"])
    assert result.exit_code == 2, result.output
    flat = _flat(result.output)
    assert expected in flat and "error:" in flat
    assert "Traceback" not in result.output
    assert "root:x:0" not in result.output


def test_over_the_size_limit_exits_2(tmp_path: Path, controlled: Registry) -> None:
    path = write(tmp_path, census())
    result = runner.invoke(
        app, ["validate", "cin-census", str(path), "--year", "2026", "--max-size", "1K"]
    )
    assert result.exit_code == 2
    assert "over the limit of 1,024 bytes" in _flat(result.output)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--year", "2024"], "not supported for the CIN census"),
        (["--format", "pdf"], "is not a report format"),
        (["--max-size", "lots"], "is not a size"),
    ],
)
def test_bad_options_exit_2(tmp_path: Path, args: list[str], expected: str) -> None:
    path = write(tmp_path, census())
    result = runner.invoke(app, ["validate", "cin-census", str(path), *args])
    assert result.exit_code == 2
    assert expected in _flat(result.output)


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["validate", "cin-census", str(tmp_path / "no.xml"), "--year", "2026"]
    )
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_no_year_anywhere_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, census(header=False))
    result = runner.invoke(app, ["validate", "cin-census", str(path)])
    assert result.exit_code == 2
    assert "give one with --year" in _flat(result.output)


@pytest.mark.parametrize(
    ("text", "size"),
    [("4G", 4 * 1024**3), ("500M", 500 * 1024**2), ("1024", 1024), ("2.5KB", 2560)],
)
def test_parse_size(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("name", ["billion laughs", "external entity", "not xml"])
def test_unusable_input_is_refused_before_the_year_is_looked_up(tmp_path: Path, name: str) -> None:
    text, expected = REFUSED[name]
    path = write(tmp_path, text)
    result = runner.invoke(app, ["validate", "cin-census", str(path)])
    assert result.exit_code == 2, result.output
    assert expected in _flat(result.output)
    assert "Traceback" not in result.output
