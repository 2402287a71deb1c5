"""The data dictionary, generated from the model itself: every table and column, its type, its
data category, whether it is special category data, and the SSD field and DfE item it holds.

``python -m safehold.record.dictionary > docs/data-dictionary.md`` regenerates the published
copy; a test fails when the copy and the model disagree.
"""

from __future__ import annotations

import inspect
import sys

import sqlalchemy as sa

from safehold.record import Base, metadata


def _class_doc(table: sa.Table) -> str:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            own = mapper.class_.__dict__.get("__doc__")  # not the Provenance mixin's
            doc = inspect.cleandoc(own) if own else ""
            return " ".join(doc.split())
    return ""


def _type(column: sa.Column[object]) -> str:
    info = column.info
    if info.get("code_set"):
        return f"DfE code ({info['code_set']})"
    type_ = column.type
    if isinstance(type_, sa.String) and type_.length:
        return f"text({type_.length})"
    return type(type_).__name__.lower()


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ") if text else ""


def render() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from the record model by `python -m safehold.record.dictionary`; do not edit by",
        "hand. *Category* is the privacy register's data category (blank: the column holds no",
        "personal data); *special* marks special category data; *SSD* is the Standard Safeguarding",
        "Dataset field the column holds (used by `safehold import ssd` and `export ssd`); *DfE* is",
        "the return item it feeds.",
        "",
    ]
    for table in sorted(metadata.tables.values(), key=lambda t: t.name):
        kind = table.info.get("record_kind")
        lines.append(f"## `{table.name}`")
        lines.append("")
        doc = _class_doc(table)
        if doc:
            lines.append(doc)
            lines.append("")
        if kind:
            lines.append(f"Retention class: `{kind}`.")
            lines.append("")
        lines.append("| column | type | category | special | SSD | DfE | notes |")
        lines.append("|---|---|---|---|---|---|---|")
        for column in table.columns:
            info = column.info
            required = "" if column.nullable else "required"
            notes = "; ".join(x for x in (required, info.get("description") or "") if x)
            lines.append(
                "| "
                + " | ".join(
                    _cell(x)
                    for x in (
                        f"`{column.name}`",
                        _type(column),
                        info.get("category", ""),
                        "yes" if info.get("special") else "",
                        info.get("ssd", ""),
                        info.get("dfe", ""),
                        notes,
                    )
                )
                + " |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render())
