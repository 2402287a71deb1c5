"""A small validated SSDA903 return for the report writers' tests."""

from __future__ import annotations

import polars as pl
import pytest

from safehold.validate.context import Context, Flag, ReturnLevel
from safehold.validate.engine import run_rules
from safehold.validate.registry import Registry, rule
from safehold.validate.report import Report
from safehold.validate.ssda903.dataset import dataset, rows_to_frame


def _registry() -> Registry:
    reg = Registry()

    @rule("101", return_name="ssda903", severity="error", message="Sex is not valid.",
          tables=["Header"], fields=["SEX"], registry=reg)  # fmt: skip
    def sex(ctx: Context) -> pl.DataFrame:
        return ctx.table("Header").filter(~pl.col("SEX").is_in(["M", "F"]))

    @rule("103", return_name="ssda903", severity="query", message="Ethnicity <unusual> & odd.",
          tables=["Header"], fields=["ETHNIC"], registry=reg)  # fmt: skip
    def ethnic(ctx: Context) -> pl.DataFrame:
        return ctx.table("Header").filter(pl.col("ETHNIC") != "WBRI")

    @rule("400", return_name="ssda903", severity="error", message="Episode starts badly.",
          tables=["Episodes"], fields=["DECOM", "RNE"], registry=reg)  # fmt: skip
    def episodes(ctx: Context) -> Flag:
        rows = ctx.table("Episodes").filter(pl.col("RNE") == "X")
        return Flag("Episodes", rows, fields=("RNE",))

    @rule("999", return_name="ssda903", severity="error", message="Too few children.",
          tables=["Header"], registry=reg)  # fmt: skip
    def count(ctx: Context) -> ReturnLevel:
        return ReturnLevel("3 children", {"children": "3"})

    @rule("1008", return_name="ssda903", severity="error", message="URN unknown.",
          tables=["Episodes"], fields=["URN"], needs=["providers"], registry=reg)  # fmt: skip
    def urn(ctx: Context) -> None:
        return None

    return reg


@pytest.fixture
def report() -> Report:
    rows = {
            "Header": [
                {"CHILD": "1", "SEX": "M", "DOB": "01/01/2010", "ETHNIC": "WBRI"},
                {"CHILD": "2", "SEX": "=HYPERLINK(\"http://evil\",\"x\")", "DOB": "02/02/2011",
                 "ETHNIC": "<script>alert(1)</script>"},
                {"CHILD": "3", "SEX": "F", "DOB": "03/03/2012", "ETHNIC": "@SUM(1)"},
            ],
            "Episodes": [
                {"CHILD": "1", "DECOM": "01/04/2025", "RNE": "S"},
                {"CHILD": "3", "DECOM": "01/05/2025", "RNE": "X"},
            ],
    }  # fmt: skip
    # as read from a file: the header is line 1, so data rows start on line 2
    tables = {
        name: rows_to_frame(name, table).with_columns(
            pl.Series("_line", range(2, 2 + len(table)), dtype=pl.UInt32)
        )
        for name, table in rows.items()
    }
    return run_rules(_registry().ruleset("ssda903", 2026), dataset(2026, tables))
