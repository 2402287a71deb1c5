"""The engine: year inheritance, skipping with reasons, failing runs, report rows."""

import polars as pl
import pytest

from safehold.validate.context import CannotRun, Context, Flag, ReturnLevel
from safehold.validate.engine import ValidationRunFailed, run_rules
from safehold.validate.registry import Registry, retire, rule
from safehold.validate.ssda903.dataset import from_rows


def _registry() -> Registry:
    reg = Registry()

    @rule("1", return_name="ssda903", severity="error", message="v1", tables=["Header"],
          fields=["SEX"], registry=reg)  # fmt: skip
    def v1(ctx: Context) -> pl.DataFrame:
        return ctx.table("Header").filter(pl.col("SEX") == "X")

    @rule("1", return_name="ssda903", severity="query", message="v2", tables=["Header"],
          fields=["SEX"], since=2025, registry=reg)  # fmt: skip
    def v2(ctx: Context) -> pl.DataFrame:
        return ctx.table("Header").filter(pl.col("SEX") == "Y")

    @rule("2", return_name="ssda903", severity="error", message="gone", tables=["Header"],
          registry=reg)  # fmt: skip
    def gone(ctx: Context) -> None:
        return None

    retire("2", return_name="ssda903", year=2026, registry=reg)
    return reg


def test_years_inherit_override_and_retire() -> None:
    reg = _registry()
    assert [(r.code, r.message) for r in reg.ruleset("ssda903", 2024)] == [
        ("1", "v1"),
        ("2", "gone"),
    ]
    assert [(r.code, r.message) for r in reg.ruleset("ssda903", 2025)] == [
        ("1", "v2"),
        ("2", "gone"),
    ]
    assert [(r.code, r.message) for r in reg.ruleset("ssda903", 2027)] == [("1", "v2")]


def test_issue_rows_carry_child_row_and_raw_values() -> None:
    reg = _registry()
    ds = from_rows(2025, {"Header": [{"CHILD": "a1", "SEX": "m"}, {"CHILD": "b2", "SEX": " y "}]})
    report = run_rules(reg.ruleset("ssda903", 2025), ds)
    [issue] = report.issue_dicts()
    assert issue["rule"] == "1"
    assert issue["severity"] == "query"
    assert issue["row"] == 1
    assert issue["child"] == "b2"
    assert issue["fields"] == {"SEX": " y "}
    assert report.rules_run == ["1", "2"]
    assert not report.has_errors


def test_needs_and_cannot_run_are_reported_as_skipped() -> None:
    reg = Registry()

    @rule("P", return_name="ssda903", severity="error", message="m", tables=["Header"],
          needs=["previous"], registry=reg)  # fmt: skip
    def needs_previous(ctx: Context) -> None:
        raise AssertionError("must not run")

    @rule("C", return_name="ssda903", severity="error", message="m", tables=["Header"],
          registry=reg)  # fmt: skip
    def cannot(ctx: Context) -> None:
        raise CannotRun("no SWEpisodes in an XML return")

    report = run_rules(reg.ruleset("ssda903", 2025), from_rows(2025, {}))
    assert report.rules_run == []
    assert {(s.rule, s.reason) for s in report.rules_skipped} == {
        ("P", "needs last year's return (give it with --previous)"),
        ("C", "no SWEpisodes in an XML return"),
    }


def test_a_rule_that_raises_fails_the_run() -> None:
    reg = Registry()

    @rule("B", return_name="ssda903", severity="error", message="m", tables=["Header"],
          registry=reg)  # fmt: skip
    def broken(ctx: Context) -> pl.DataFrame:
        return ctx.table("Header").select(pl.col("NO_SUCH_COLUMN"))

    with pytest.raises(ValidationRunFailed, match="rule B"):
        run_rules(reg.ruleset("ssda903", 2025), from_rows(2025, {"Header": [{"CHILD": "1"}]}))


def test_return_level_and_explicit_flags() -> None:
    reg = Registry()

    @rule("R", return_name="ssda903", severity="query", message="too many", tables=["Header"],
          registry=reg)  # fmt: skip
    def level(ctx: Context) -> list[ReturnLevel | Flag]:
        episodes = ctx.table("Episodes")
        return [
            ReturnLevel("3 of 4", {"count": "3"}),
            Flag("Episodes", episodes.filter(pl.col("RNE") == "Q"), fields=("RNE",)),
        ]

    ds = from_rows(2025, {"Header": [{"CHILD": "1"}], "Episodes": [{"CHILD": "1", "RNE": "Q"}]})
    issues = run_rules(reg.ruleset("ssda903", 2025), ds).issue_dicts()
    assert issues[0]["child"] is None and issues[0]["message"] == "too many (3 of 4)"
    assert issues[0]["fields"] == {"count": "3"}
    assert issues[1]["table"] == "Episodes" and issues[1]["fields"] == {"RNE": "Q"}


def test_dates_are_parsed_and_text_kept() -> None:
    ds = from_rows(
        2025, {"Header": [{"CHILD": "1", "DOB": "31/02/2015"}, {"CHILD": "2", "DOB": "01/02/2015"}]}
    )
    frame = ds.tables["Header"].frame
    assert frame["DOB"].to_list()[0] is None
    assert frame["DOB__text"].to_list() == ["31/02/2015", "01/02/2015"]
    assert str(frame["DOB"].to_list()[1]) == "2015-02-01"


def test_columns_that_are_not_text_are_read_as_text() -> None:
    from safehold.validate.ssda903.dataset import dataset

    raw = pl.DataFrame({"CHILD": [1, 2], "DOB": [None, None], "SEX": ["M", None]})
    frame = dataset(2026, {"Header": raw}).tables["Header"].frame
    assert frame.schema["CHILD"] == pl.String
    assert frame.schema["DOB"] == pl.Date
    assert frame["DOB__text"].to_list() == [None, None]


def test_ssda903_json_has_exactly_the_documented_keys() -> None:
    from safehold.validate.reports.json_report import report_document
    from safehold.validate.ssda903.dataset import from_rows

    reg = _registry()
    ds = from_rows(2025, {"Header": [{"CHILD": "b2", "SEX": "y"}]})
    document = report_document(run_rules(reg.ruleset("ssda903", 2025), ds))
    assert list(document) == ["return", "year", "rules_run", "rules_skipped", "issues"]
    assert list(document["issues"][0]) == [
        "rule", "severity", "message", "table", "row", "line", "child", "fields"
    ]  # fmt: skip
