"""``safehold validate ssda903``: formats, exit statuses, clear errors for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from safehold.cli import app
from safehold.returns.ssda903.schema import BY_NAME

runner = CliRunner()


@pytest.fixture(autouse=True)
def _postcode_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the postcode Parquet cache out of the home directory."""
    monkeypatch.setenv("SAFEHOLD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


GOOD_HEADER = [
    {"CHILD": "1", "SEX": "M", "DOB": "01/01/2012", "ETHNIC": "WBRI", "UPN": "A123456789012",
     "MOTHER": "", "MC_DOB": ""},
]  # fmt: skip


def _csv(path: Path, table: str, rows: list[dict[str, str]]) -> Path:
    columns = BY_NAME[table].columns
    lines = [",".join(columns)] + [",".join(r.get(c, "") for c in columns) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def bad_return(tmp_path: Path) -> Path:
    folder = tmp_path / "903"
    folder.mkdir()
    _csv(folder / "header.csv", "Header", [{"CHILD": "1", "SEX": "Q", "DOB": "01/01/2012",
                                           "ETHNIC": "WBRI"}])  # fmt: skip
    _csv(folder / "episodes.csv", "Episodes", [])
    return folder


def test_json_report_and_exit_1_on_errors(bad_return: Path) -> None:
    result = runner.invoke(app, ["validate", "ssda903", str(bad_return), "--year", "2026",
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 1, result.output
    document = json.loads(result.stdout)
    assert document["return"] == "ssda903" and document["year"] == 2026
    sex = [i for i in document["issues"] if i["rule"] == "101"]
    assert sex and sex[0]["fields"] == {"SEX": "Q"} and sex[0]["line"] == 2
    assert sex[0]["child"] == "1" and sex[0]["table"] == "Header"
    reasons = {s["reason"] for s in document["rules_skipped"]}
    assert any("--previous" in r for r in reasons)


def test_xml_input_skips_social_worker_rules_with_the_reason(tmp_path: Path) -> None:
    xml = tmp_path / "return.xml"
    xml.write_text(
        "<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><SEX>Q</SEX><DOB>01/01/2012</DOB>"
        "</HEADER></CHILD></EXPSSDA903>",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["validate", "ssda903", str(xml), "--year", "2026",
                                 "--format", "json"])  # fmt: skip
    document = json.loads(result.stdout)
    sw_reasons = [s["reason"] for s in document["rules_skipped"] if "social worker" in s["reason"]]
    sw_rules = [s["rule"] for s in document["rules_skipped"] if "social worker" in s["reason"]]
    if not sw_rules:
        pytest.skip("no SWEpisodes rules are registered yet")
    assert all("XML" in r for r in sw_reasons)


def test_exit_0_when_no_error_rule_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import polars as pl

    from safehold.validate.context import Context
    from safehold.validate.registry import Registry, rule

    reg = Registry()

    @rule("1", return_name="ssda903", severity="error", message="bad sex", tables=["Header"],
          fields=["SEX"], registry=reg)  # fmt: skip
    def sex(ctx: Context) -> pl.DataFrame:
        return ctx.table("Header").filter(pl.col("SEX") == "Q")

    @rule("2", return_name="ssda903", severity="query", message="a query", tables=["Header"],
          fields=["SEX"], registry=reg)  # fmt: skip
    def query(ctx: Context) -> pl.DataFrame:
        return ctx.table("Header")

    monkeypatch.setattr("safehold.cli.cmd_validate_ssda903.REGISTRY", reg)
    header = _csv(tmp_path / "h.csv", "Header", GOOD_HEADER)
    result = runner.invoke(app, ["validate", "ssda903", str(header), "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout and "1 queries" in result.stdout
    bad = _csv(tmp_path / "h.csv", "Header", [GOOD_HEADER[0] | {"SEX": "Q"}])
    result = runner.invoke(app, ["validate", "ssda903", str(bad), "--year", "2026"])
    assert result.exit_code == 1, result.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "html", "json", "table"])
def test_each_format_writes_its_file(bad_return: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(app, ["validate", "ssda903", str(bad_return), "--year", "2026",
                                 "--format", fmt, "--output", str(out)])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert out.stat().st_size > 0
    assert f"Wrote the {fmt} report to" in result.stderr


def test_previous_providers_and_la_are_accepted(bad_return: Path, tmp_path: Path) -> None:
    providers = tmp_path / "providers.csv"
    providers.write_text("URN,Placement code,Setting postcode\nSC1,K2,B1 1AA\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "ssda903", str(bad_return), "--year", "2026",
                                 "--previous", str(bad_return), "--providers", str(providers),
                                 "--la", "e09000027", "--format", "json"])  # fmt: skip
    assert result.exit_code == 1, result.output
    reasons = " ".join(s["reason"] for s in json.loads(result.stdout)["rules_skipped"])
    assert "--previous" not in reasons
    assert "--providers" not in reasons
    assert "--la" not in reasons


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--year", "2024"], "--year 2024 is not supported: expected one of 2025, 2026, 2027"),
        (["--year", "2026", "--format", "pdf"], "--format 'pdf' is not known"),
        (["--year", "2026", "--format", "xlsx"], "give it with --output"),
        (["--year", "2026", "--la", "318"], "--la '318' is not a local authority code"),
    ],
)
def test_bad_options_exit_2_with_a_message(
    bad_return: Path, args: list[str], expected: str
) -> None:
    result = runner.invoke(app, ["validate", "ssda903", str(bad_return), *args])
    assert result.exit_code == 2
    assert expected in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_unusable_input_exits_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "header.csv"
    bad.write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,UASC\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "ssda903", str(bad), "--year", "2026"])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "header.csv" in message and "unexpected column(s): UASC" in message
    assert "Traceback" not in result.output


def test_dolo_file_before_2027_is_refused(tmp_path: Path) -> None:
    dolo = _csv(tmp_path / "dolo.csv", "DoLo", [])
    result = runner.invoke(app, ["validate", "ssda903", str(dolo), "--year", "2026"])
    assert result.exit_code == 2
    assert "only has from 2026/27" in " ".join(result.stderr.split())


def test_crashing_rule_exits_2(bad_return: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from safehold.validate import registry as registry_module
    from safehold.validate.registry import Registry, rule

    reg = Registry()

    @rule("1", return_name="ssda903", severity="error", message="m", tables=["Header"],
          registry=reg)  # fmt: skip
    def broken(ctx: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("safehold.cli.cmd_validate_ssda903.REGISTRY", reg)
    assert registry_module.REGISTRY is not reg
    result = runner.invoke(app, ["validate", "ssda903", str(bad_return), "--year", "2026"])
    assert result.exit_code == 2
    assert "rule 1: ZeroDivisionError: boom" in result.stderr
