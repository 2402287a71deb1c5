"""``safehold notice``, ``safehold notice diff`` and ``safehold privacy check``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import yaml
from typer.testing import CliRunner

from safehold.cli import app, cmd_privacy
from safehold.privacy.register import default_register_path

runner = CliRunner()


def _default_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(default_register_path().read_text(encoding="utf-8"))
    return data


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_notice_defaults_to_the_markdown_notice() -> None:
    result = runner.invoke(app, ["notice"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Privacy Notice\n")
    assert "- the right to erasure, where applicable\n" in result.stdout
    assert "placeholder" in result.stderr  # the example contact details are flagged


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--format", "html"], '<h1 class="govuk-heading-xl">Privacy Notice</h1>'),
        (["--format", "text"], "  * the right of access"),
        (["--audience", "young-person"], "## What we keep"),
        (["--audience", "young-person", "--format", "html"], "Who we share it with</h2>"),
    ],
)
def test_notice_formats_and_audiences(args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["notice", *args])
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def test_notice_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "notice.html"
    result = runner.invoke(app, ["notice", "--format", "html", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert result.stdout == ""


def test_notice_from_a_register_file_without_placeholders(tmp_path: Path) -> None:
    data = _default_data()
    data["contacts"]["controller"].update(name="Anytown Council", placeholder=False)
    data["contacts"]["dpo"]["placeholder"] = False
    path = _write(tmp_path / "register.yaml", data)
    result = runner.invoke(app, ["notice", "--register", str(path)])
    assert result.exit_code == 0, result.output
    assert "Anytown Council" in result.stdout
    assert "placeholder" not in result.stderr


def test_invalid_register_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    data = _default_data()
    data["rights"][0]["applies_under"] = ["public_task", "whim"]
    path = _write(tmp_path / "bad.yaml", data)
    result = runner.invoke(app, ["notice", "--register", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert str(path) in result.stderr.replace("\n", "")
    assert "rights[0].applies_under[1]" in result.stderr
    assert "'whim'" in result.stderr


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["notice", "--format", "pdf"], "expected one of markdown, html, text"),
        (["notice", "--audience", "toddler"], "expected one of adult, young-person"),
        (["notice", "diff", "1", "7"], "a kept version (1)"),
        (["notice", "--register", "/nonexistent/register.yaml"], "an existing register file"),
    ],
)
def test_bad_options_exit_2_with_a_reason(args: list[str], expected: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert expected in result.stderr.replace("\n", " ")


def test_diff_between_a_kept_version_and_a_file(tmp_path: Path) -> None:
    data = _default_data()
    data["version"] = 2
    data["last_updated"] = "2026-09"
    next(r for r in data["recipients"] if r["id"] == "schools")["categories"].append("outcomes")
    path = _write(tmp_path / "register-v2.yaml", data)
    result = runner.invoke(app, ["notice", "diff", "v1", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Changes from version 1 (January 2026) to version 2 (September 2026):",
        "- We now share outcomes information with schools.",
        "- The notice was last updated in September 2026 (was January 2026).",
    ]


def test_diff_of_a_version_with_itself() -> None:
    result = runner.invoke(app, ["notice", "diff", "1", "1"])
    assert result.exit_code == 0
    assert "Nothing in the notice has changed." in result.stdout


def _metadata(extra_column: bool) -> sa.MetaData:
    md = sa.MetaData()
    columns: list[sa.Column[Any]] = [
        sa.Column("id", sa.Integer, primary_key=True, info={"personal": False}),
        sa.Column("name", sa.String, info={"category": "personal_details", "special": False}),
    ]
    if extra_column:
        columns.append(sa.Column("favourite_colour", sa.String))
    sa.Table("child", md, *columns, info={"record_kind": "looked_after_record"})
    return md


def test_privacy_check_passes_a_conformant_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cmd_privacy, "_record_metadata", lambda: _metadata(False))
    result = runner.invoke(app, ["privacy", "check", "--recipient", "schools"])
    assert result.exit_code == 0, result.output
    assert "conforms to register version 1" in result.stdout
    assert "2 columns in 1 tables" in result.stdout


def test_privacy_check_lists_each_gap_and_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cmd_privacy, "_record_metadata", lambda: _metadata(True))
    result = runner.invoke(app, ["privacy", "check", "--recipient", "a_data_broker"])
    assert result.exit_code == 1
    out = result.stdout.replace("\n", " ")
    assert "[uncategorised-column] child.favourite_colour" in out
    assert "[undeclared-recipient] recipient a_data_broker" in out
    assert "2 gaps" in result.stderr


def test_privacy_check_without_a_record_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cmd_privacy, "_record_metadata", lambda: None)
    result = runner.invoke(app, ["privacy", "check"])
    assert result.exit_code == 0, result.output
    assert "not installed" in result.stderr


def test_privacy_check_finds_the_record_model_when_installed() -> None:
    metadata = cmd_privacy._record_metadata()
    try:
        import safehold.record  # noqa: F401
    except ModuleNotFoundError:
        assert metadata is None
    else:
        assert metadata is not None and len(metadata.tables) > 0
