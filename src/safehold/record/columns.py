"""Column declarations that carry what the privacy register and the returns need to know.

Every column of the record says, in its SQLAlchemy ``info``:

* ``category``: the register's data category (``personal_details``, ``characteristics``,
  ``child_in_need``, ``looked_after``, ``outcomes``, ``adoption``, ``care_leavers``, ``medical``,
  ``special_educational_needs``, ``behavioural_support``, or ``workforce`` for staff), and
  ``special``: whether it is special category data; or ``personal: False`` for a column that holds
  no personal data (row ids, provenance, timestamps);
* ``ssd``: the Standard Safeguarding Dataset field it holds (``table.field``), which drives the SSD
  import and export, so the mapping is written once, here;
* ``dfe``: the DfE return items it feeds (for the data dictionary);
* ``code_set``: the DfE code set its values must belong to (checked on every write).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import MappedColumn, mapped_column
from sqlalchemy.types import TypeDecorator

from safehold.codes import InvalidCode, known_codes

ID_LENGTH = 48


class DfECode(TypeDecorator[str]):
    """A DfE code, checked against its code set (in any supported year) whenever it is written.

    The record keeps history that spans collection years, so a code valid in any supported year
    is accepted; each return's rules check it against its own year.
    """

    impl = sa.String
    cache_ok = True

    def __init__(self, code_set: str, length: int = 8) -> None:
        super().__init__(length)
        self.code_set = code_set

    def process_bind_param(self, value: str | None, dialect: sa.Dialect) -> str | None:
        if value is not None and value not in known_codes(self.code_set):
            raise InvalidCode(self.code_set, value)
        return value

    def check_all(self, values: Sequence[str | None]) -> None:
        """Check a whole column of values at once (one set difference, not a call per value):
        what bulk loads use before inserting through the plain string type. Raises
        :class:`InvalidCode` for the first unknown code in the order given."""
        known = known_codes(self.code_set)
        given = set(values)
        given.discard(None)
        if given <= known:
            return
        for value in values:
            if value is not None and value not in known:
                raise InvalidCode(self.code_set, value)


def _info(
    category: str | None,
    special: bool,
    ssd: str | None,
    dfe: str | None,
    code_set: str | None = None,
    description: str | None = None,
) -> dict[str, Any]:
    info: dict[str, Any] = (
        {"personal": False}
        if category is None
        else {"personal": True, "category": category, "special": special}
    )
    if ssd:
        info["ssd"] = ssd
    if dfe:
        info["dfe"] = dfe
    if code_set:
        info["code_set"] = code_set
    if description:
        info["description"] = description
    return info


def text(
    category: str | None,
    length: int | None = 255,
    *,
    special: bool = False,
    ssd: str | None = None,
    dfe: str | None = None,
    nullable: bool = True,
    doc: str | None = None,
    **kw: Any,
) -> MappedColumn[Any]:
    """A text column (``length=None`` for unbounded text such as case notes)."""
    type_: sa.types.TypeEngine[str] = sa.Text() if length is None else sa.String(length)
    return mapped_column(
        type_,
        nullable=nullable,
        info=_info(category, special, ssd, dfe, description=doc),
        doc=doc,
        **kw,
    )


def code(
    code_set: str,
    category: str,
    *,
    special: bool = False,
    ssd: str | None = None,
    dfe: str | None = None,
    length: int = 8,
    nullable: bool = True,
    doc: str | None = None,
) -> MappedColumn[Any]:
    """A DfE code column, validated against ``safehold.codes``."""
    return mapped_column(
        DfECode(code_set, length),
        nullable=nullable,
        info=_info(category, special, ssd, dfe, code_set, doc),
        doc=doc,
    )


def _typed(
    type_: sa.types.TypeEngine[Any],
    category: str,
    special: bool,
    ssd: str | None,
    dfe: str | None,
    doc: str | None,
    nullable: bool = True,
) -> MappedColumn[Any]:
    return mapped_column(
        type_, nullable=nullable, info=_info(category, special, ssd, dfe, description=doc), doc=doc
    )


def date(
    category: str,
    *,
    special: bool = False,
    ssd: str | None = None,
    dfe: str | None = None,
    nullable: bool = True,
    doc: str | None = None,
) -> MappedColumn[Any]:
    return _typed(sa.Date(), category, special, ssd, dfe, doc, nullable)


def flag(
    category: str,
    *,
    special: bool = False,
    ssd: str | None = None,
    dfe: str | None = None,
    doc: str | None = None,
) -> MappedColumn[Any]:
    return _typed(sa.Boolean(), category, special, ssd, dfe, doc)


def integer(
    category: str,
    *,
    special: bool = False,
    ssd: str | None = None,
    dfe: str | None = None,
    doc: str | None = None,
) -> MappedColumn[Any]:
    return _typed(sa.Integer(), category, special, ssd, dfe, doc)


def number(
    category: str, *, ssd: str | None = None, dfe: str | None = None, doc: str | None = None
) -> MappedColumn[Any]:
    return _typed(sa.Float(), category, False, ssd, dfe, doc)


def json_data(
    category: str,
    *,
    special: bool = False,
    ssd: str | None = None,
    dfe: str | None = None,
    doc: str | None = None,
) -> MappedColumn[Any]:
    """Structured values (a list of codes, an address's lines) held as JSON."""
    return _typed(sa.JSON(), category, special, ssd, dfe, doc)


def row_id(ssd: str | None = None) -> MappedColumn[str]:
    """The row's own id: the source system's id where it has one (kept as given)."""
    return mapped_column(sa.String(ID_LENGTH), primary_key=True, info=_info(None, False, ssd, None))


def person_ref(
    *,
    ssd: str | None = None,
    dfe: str | None = None,
    nullable: bool = False,
    column: str = "person.id",
    doc: str | None = None,
) -> MappedColumn[Any]:
    """A link to a person: the person's id is itself personal data (it identifies them)."""
    return mapped_column(
        sa.String(ID_LENGTH),
        sa.ForeignKey(column, ondelete="CASCADE"),
        nullable=nullable,
        index=True,
        info=_info("personal_details", False, ssd, dfe, description=doc),
        doc=doc,
    )


def row_ref(
    target: str,
    *,
    ssd: str | None = None,
    nullable: bool = True,
    ondelete: str = "CASCADE",
) -> MappedColumn[Any]:
    """A link to another row (not a person): holds no personal data itself."""
    return mapped_column(
        sa.String(ID_LENGTH),
        sa.ForeignKey(target, ondelete=ondelete),
        nullable=nullable,
        index=True,
        info=_info(None, False, ssd, None),
    )


def plain_ref(*, ssd: str | None = None) -> MappedColumn[Any]:
    """An id of another record that the source gives without a guaranteed target row."""
    return mapped_column(sa.String(ID_LENGTH), nullable=True, info=_info(None, False, ssd, None))
