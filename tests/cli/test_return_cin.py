"""``safehold return cin-census``, ``safehold import cin-census`` and
``safehold validate cin-census --from-store``, end to end on a synthetic authority."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner, Result

from safehold.cli import app
from safehold.returns.cin_census.schema import message_schema
from tests.returns.cin_census.builders import census, child, write

runner = CliRunner()


def _run(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store holding a small synthetic authority (loaded once for the module)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'safehold.db'}"
    result = _run("synth", "--children", "400", "--seed", "5", "--today", "2026-07-01",
                  "--db", url)  # fmt: skip
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture(autouse=True)
def _no_la_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFEHOLD_LA_CODE", raising=False)


def test_return_writes_a_census_that_passes_its_schema_and_rules(
    store: str, tmp_path: Path
) -> None:
    out = tmp_path / "cin.xml"
    result = _run("return", "cin-census", "--year", "2026", "--out", str(out), "--db", store)
    assert result.exit_code == 0, result.output
    assert "Wrote the 2025/26 CIN census for LA 999" in _flat(result.output)
    document = etree.parse(str(out))
    assert message_schema(2026).validate(document)
    assert document.findtext("Header/Source/LEA") == "999"
    assert len(document.findall("Children/Child")) > 100
    checked = _run("validate", "cin-census", str(out))
    assert checked.exit_code == 0, checked.output
    assert " 0 errors" in _flat(checked.output)


def test_the_la_code_comes_from_the_option_or_the_environment(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "cin.xml"
    monkeypatch.setenv("SAFEHOLD_LA_CODE", "312")
    assert (
        _run("return", "cin-census", "--year", "2026", "-o", str(out), "--db", store).exit_code == 0
    )
    assert etree.parse(str(out)).findtext("Header/Source/LEA") == "312"
    result = _run("return", "cin-census", "--year", "2026", "-o", str(out), "--la", "881",
                  "--serial", "004", "--db", store)  # fmt: skip
    assert result.exit_code == 0, result.output
    document = etree.parse(str(out))
    assert (document.findtext("Header/Source/LEA"), document.findtext("Header/Source/SerialNo")) == (
        "881", "004"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2026", "--la", "E10000011"], "--la 'E10000011' is not an LA code"),
        (["--year", "2019"], "--year 2019: the CIN census is supported for"),
        (["--year", "2026", "--serial", "7"], "--serial '7' is not a serial number"),
    ],
)
def test_bad_options_are_clear_errors(
    store: str, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "cin.xml"
    result = _run("return", "cin-census", *args, "--out", str(out), "--db", store)
    assert result.exit_code == 2
    assert message in _flat(result.output)
    assert "Traceback" not in result.output
    assert not out.exists()


def test_a_year_with_no_children_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "cin.xml"
    result = _run("return", "cin-census", "--year", "2026", "--out", str(out),
                  "--db", f"sqlite:///{tmp_path / 'empty.db'}")  # fmt: skip
    assert result.exit_code == 1
    assert "no child in the store had a referral open in 2025/26" in _flat(result.output)
    assert not out.exists()


def test_import_loads_a_census_once_and_refuses_it_twice(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'imported.db'}"
    path = write(tmp_path, census([child("A1"), child("B2", busy=True)]))
    first = _run("import", "cin-census", str(path), "--db", url)
    assert first.exit_code == 0, first.output
    assert "Imported 2 children" in _flat(first.output)
    again = _run("import", "cin-census", str(path), "--db", url)
    assert again.exit_code == 1
    assert "child A1: the store already holds this child" in _flat(again.output)
    out = tmp_path / "back.xml"
    built = _run("return", "cin-census", "--year", "2026", "--out", str(out), "--db", url)
    assert built.exit_code == 0, built.output
    assert [c.findtext("ChildIdentifiers/LAchildID") for c in
            etree.parse(str(out)).findall("Children/Child")] == ["A1", "B2"]  # fmt: skip


def test_import_refuses_what_is_not_a_census(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'imported.db'}"
    not_xml = tmp_path / "notes.xml"
    not_xml.write_text("hello")
    result = _run("import", "cin-census", str(not_xml), "--db", url)
    assert result.exit_code == 2
    assert str(not_xml) in _flat(result.output) and "Traceback" not in result.output
    broken = write(tmp_path, census([child("A1").replace("<Sex>F</Sex>", "<Sex>Q</Sex>")]),
                   name="broken.xml")  # fmt: skip
    result = _run("import", "cin-census", str(broken), "--db", url)
    assert result.exit_code == 1
    assert "the census cannot be imported" in _flat(result.output)
    assert "schema:" in _flat(result.output)


def test_validate_from_the_store_in_one_step(store: str, tmp_path: Path) -> None:
    result = _run("validate", "cin-census", "--from-store", "--year", "2026", "--format", "json",
                  "--db", store)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "0 schema problems, 0 errors" in _flat(result.stderr)
    empty = _run("validate", "cin-census", "--from-store", "--year", "2026",
                 "--db", f"sqlite:///{tmp_path / 'empty.db'}")  # fmt: skip
    assert empty.exit_code == 1
    assert "no child in the store had a referral open" in _flat(empty.output)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from-store"], "--from-store needs the collection year"),
        (["--from-store", "--year", "2026", "x.xml"], "give a census FILE or --from-store"),
        ([], "give the census FILE to validate, or --from-store --year YEAR"),
    ],
)
def test_validate_from_the_store_needs_a_year_and_no_file(args: list[str], message: str) -> None:
    result = _run("validate", "cin-census", *args)
    assert result.exit_code == 2
    assert message in _flat(result.output)
