"""The conformance check: does the system hold, keep and share only what the register declares?

The record model tags its columns and tables with SQLAlchemy ``info``:

* a column holding personal data: ``{"category": "<category id>", "special": True | False}``
* a column holding no personal data (ids, timestamps, provenance): ``{"personal": False}``
* a table: ``{"record_kind": "<retention class id>"}``

:func:`columns_from_metadata` reads those tags into :class:`ColumnInfo` rows and :func:`check`
compares the rows, and the recipients the system sends data to, with the register. Each
:class:`Gap` names what is wrong and what would fix it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from safehold.privacy.register.schema import Register

__all__ = [
    "RETURN_RECIPIENTS",
    "ColumnInfo",
    "Gap",
    "GapKind",
    "check",
    "columns_from_metadata",
]

#: Recipients the system always sends data to, whatever the sharing log says: the statutory
#: returns (CIN census, SSDA903, the DfE API) go to the Department for Education.
RETURN_RECIPIENTS: tuple[str, ...] = ("dfe",)


class GapKind(StrEnum):
    UNCATEGORISED_COLUMN = "uncategorised-column"
    UNDECLARED_CATEGORY = "undeclared-category"
    CATEGORY_NOT_IN_NOTICE = "category-not-in-notice"
    SPECIAL_MISMATCH = "special-category-mismatch"
    SPECIAL_WITHOUT_CONDITION = "special-category-without-condition"
    UNDECLARED_RECIPIENT = "undeclared-recipient"
    RECIPIENT_NOT_IN_NOTICE = "recipient-not-in-notice"
    NO_RETENTION_CLASS = "no-retention-class"
    UNKNOWN_RETENTION_CLASS = "unknown-retention-class"
    PURPOSE_WITHOUT_BASIS = "purpose-without-lawful-basis"


@dataclass(frozen=True)
class ColumnInfo:
    """One column of the record model and its privacy tags.

    ``personal`` is False only for a column explicitly marked as holding no personal data; a
    column with a ``category`` is personal; None means nobody has said.
    """

    table: str
    column: str
    category: str | None = None
    special: bool | None = None
    personal: bool | None = None
    record_kind: str | None = None

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"

    @property
    def holds_personal_data(self) -> bool:
        return self.category is not None or self.personal is not False


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.subject}: {self.message}"


def columns_from_metadata(metadata: sa.MetaData) -> list[ColumnInfo]:
    """Every column of every table in ``metadata`` with the privacy tags from its ``info``."""
    rows: list[ColumnInfo] = []
    for table in metadata.sorted_tables:
        record_kind = table.info.get("record_kind")
        for column in table.columns:
            info = column.info
            category = info.get("category")
            special = info.get("special")
            personal = info.get("personal")
            rows.append(
                ColumnInfo(
                    table=table.name,
                    column=column.name,
                    category=str(category) if category is not None else None,
                    special=bool(special) if special is not None else None,
                    personal=bool(personal) if personal is not None else None,
                    record_kind=str(record_kind) if record_kind is not None else None,
                )
            )
    return rows


def check(
    register: Register,
    columns: Sequence[ColumnInfo],
    recipients_used: Iterable[str] = (),
) -> list[Gap]:
    """Every way the system departs from ``register``, in a stable order (empty when conformant)."""
    gaps: list[Gap] = []
    gaps += _purpose_gaps(register)
    gaps += _column_gaps(register, columns)
    gaps += _table_gaps(register, columns)
    gaps += _recipient_gaps(register, recipients_used)
    return gaps


def _purpose_gaps(register: Register) -> list[Gap]:
    return [
        Gap(
            GapKind.PURPOSE_WITHOUT_BASIS,
            f"purpose {p.id}",
            f"the purpose '{p.notice_wording}' names no Article 6 lawful basis; add one to "
            "lawful_bases",
        )
        for p in register.purposes
        if not p.lawful_bases
    ]


def _column_gaps(register: Register, columns: Sequence[ColumnInfo]) -> list[Gap]:
    gaps: list[Gap] = []
    declared = {c.id: c for c in register.categories}
    reported_categories: set[str] = set()
    for col in columns:
        if col.category is None:
            if col.personal is not False:
                gaps.append(
                    Gap(
                        GapKind.UNCATEGORISED_COLUMN,
                        col.name,
                        "the column has no data category; tag it with info={'category': ..., "
                        "'special': ...} or, if it holds no personal data, info={'personal': False}",
                    )
                )
            continue
        category = declared.get(col.category)
        if category is None:
            if col.category not in reported_categories:
                reported_categories.add(col.category)
                users = ", ".join(c.name for c in columns if c.category == col.category)
                gaps.append(
                    Gap(
                        GapKind.UNDECLARED_CATEGORY,
                        f"category {col.category}",
                        f"held in {users} but the register does not declare it",
                    )
                )
            continue
        outside_notice = not category.in_notice and category.covered_by is None
        if outside_notice and col.category not in reported_categories:
            reported_categories.add(col.category)
            users = ", ".join(c.name for c in columns if c.category == col.category)
            gaps.append(
                Gap(
                    GapKind.CATEGORY_NOT_IN_NOTICE,
                    f"category {col.category}",
                    f"held in {users} but the notice does not list it and the register names "
                    "no other notice that covers it (set in_notice: true, or covered_by)",
                )
            )
        if col.special and not category.special:
            # A special category (characteristics) may hold ordinary columns (sex) too; the
            # reverse is the gap: special data in a category the register calls ordinary.
            gaps.append(
                Gap(
                    GapKind.SPECIAL_MISMATCH,
                    col.name,
                    f"the column holds special category data but the register declares category "
                    f"{category.id} as not special; set special: true on the category, or move "
                    "the column to a special category",
                )
            )
        special = bool(col.special or category.special)
        key = col.category + "/special"
        if special and key not in reported_categories and not register.conditions_for(category.id):
            reported_categories.add(key)
            gaps.append(
                Gap(
                    GapKind.SPECIAL_WITHOUT_CONDITION,
                    col.name,
                    f"special category data of category {category.id}, but no purpose that "
                    "processes it names an Article 9 condition (special_conditions)",
                )
            )
    return gaps


def _table_gaps(register: Register, columns: Sequence[ColumnInfo]) -> list[Gap]:
    gaps: list[Gap] = []
    classes = {r.id for r in register.retention_classes}
    tables: dict[str, list[ColumnInfo]] = {}
    for col in columns:
        tables.setdefault(col.table, []).append(col)
    for table, cols in tables.items():
        if not any(c.holds_personal_data for c in cols):
            continue
        kind = cols[0].record_kind
        if kind is None:
            gaps.append(
                Gap(
                    GapKind.NO_RETENTION_CLASS,
                    f"table {table}",
                    "the table holds personal data but names no retention class; set "
                    "info={'record_kind': '<retention class id>'} on the table",
                )
            )
        elif kind not in classes:
            gaps.append(
                Gap(
                    GapKind.UNKNOWN_RETENTION_CLASS,
                    f"table {table}",
                    f"record_kind {kind!r} is not a retention class of the register (known: "
                    f"{', '.join(sorted(classes))})",
                )
            )
    return gaps


def _recipient_gaps(register: Register, recipients_used: Iterable[str]) -> list[Gap]:
    gaps: list[Gap] = []
    declared = {r.id: r for r in register.recipients}
    for recipient_id in dict.fromkeys(recipients_used):
        recipient = declared.get(recipient_id)
        if recipient is None:
            gaps.append(
                Gap(
                    GapKind.UNDECLARED_RECIPIENT,
                    f"recipient {recipient_id}",
                    "data is sent to this recipient but the register does not declare it",
                )
            )
        elif not recipient.in_notice:
            gaps.append(
                Gap(
                    GapKind.RECIPIENT_NOT_IN_NOTICE,
                    f"recipient {recipient_id}",
                    f"data is sent to {recipient.name} but the notice does not name it",
                )
            )
    return gaps
