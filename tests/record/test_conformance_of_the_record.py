"""The shipped record model conforms to the shipped register: no change can make the notice untrue.

When this fails, a column or table was added without saying what it holds (a data category, or
``personal: False``; a retention class), or the register lost something the record still holds.
"""

from __future__ import annotations

from safehold.privacy.conformance import RETURN_RECIPIENTS, check, columns_from_metadata
from safehold.privacy.register import load_register
from safehold.record import metadata


def test_the_record_conforms_to_the_register() -> None:
    gaps = check(load_register(), columns_from_metadata(metadata), RETURN_RECIPIENTS)
    assert [str(g) for g in gaps] == []


def test_every_column_says_what_it_holds() -> None:
    for table in metadata.tables.values():
        for column in table.columns:
            info = column.info
            assert info.get("personal") is False or info.get("category"), (
                f"{table.name}.{column.name}"
            )


def test_the_published_data_dictionary_is_current() -> None:
    from pathlib import Path

    from safehold.record.dictionary import render

    published = Path(__file__).parents[2] / "docs" / "data-dictionary.md"
    assert published.read_text(encoding="utf-8") == render(), (
        "docs/data-dictionary.md is out of date: run "
        "`python -m safehold.record.dictionary > docs/data-dictionary.md`"
    )
