"""``safehold retention due|apply`` and ``safehold retention hold add|lift|list``."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from safehold.cli.app import DbOption, console, fail
from safehold.cli.cmd_store import gate_for, open_store
from safehold.cli.groups import retention_app
from safehold.privacy.retention.holds import REASON_KINDS

if TYPE_CHECKING:
    import polars as pl

    from safehold.access import Gate

#: Sweeping and destroying is keeping data, nothing more (the gate's ``storage`` purpose), run
#: by the system account; the Data Protection Officer may run it for ``data_protection``.
PURPOSES = ("storage", "data_protection")
#: Holds are the DPO's own work.
HOLD_PURPOSE = "data_protection"

hold_app = typer.Typer(
    name="hold", help="Legal holds: stop destruction for an inquiry or litigation.",
    no_args_is_help=True,
)  # fmt: skip
retention_app.add_typer(hold_app, name="hold")


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


FormatOption = Annotated[Format, typer.Option("--format", help="table, json or csv.")]
PurposeOption = Annotated[
    str, typer.Option("--purpose", help="storage (the system account) or data_protection (DPO).")
]


def _date(text: str | None, option: str) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option} {text!r} is not a date: expected YYYY-MM-DD") from None


@contextmanager
def _gate(db: str | None, purpose: str) -> Iterator[Gate]:
    from safehold.access import AccessRefused
    from safehold.privacy.retention import HoldError, ScheduleError

    if purpose not in PURPOSES and purpose != HOLD_PURPOSE:
        raise fail(f"--purpose {purpose!r}: expected one of {', '.join(PURPOSES)}")
    gate = gate_for(open_store(db), purpose)
    try:
        yield gate
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    except (HoldError, ScheduleError) as exc:
        raise fail(str(exc)) from None


DUE_COLUMNS = ["person_id", "retention_class", "due", "rule", "authority", "rows", "tables"]


def _emit(frame: pl.DataFrame, format: Format, title: str) -> None:
    if format is Format.JSON:
        console.print_json(json.dumps(frame.to_dicts(), default=str))
    elif format is Format.CSV:
        out = io.StringIO()
        frame.write_csv(out)
        console.print(out.getvalue(), end="", highlight=False, markup=False, soft_wrap=True)
    else:
        table = Table(title=title)
        for column in frame.columns:
            table.add_column(column)
        for row in frame.iter_rows():
            table.add_row(*("" if v is None else str(v) for v in row))
        console.print(table)


@retention_app.command("due")
def retention_due(
    before: Annotated[
        str | None, typer.Option(help="List what is due on or before this date (default today).")
    ] = None,
    format: FormatOption = Format.TABLE,
    purpose: PurposeOption = "storage",
    db: DbOption = None,
) -> None:
    """List every record due for destruction, with the rule and the statute or policy."""
    from safehold.privacy.retention import compute

    day = _date(before, "--before")
    with _gate(db, purpose) as gate:
        swept = compute(gate)
    due = swept.due_records(day).select(DUE_COLUMNS)
    if format is Format.TABLE and due.is_empty():
        console.print(f"Nothing is due for destruction on or before {day}.")
        return
    _emit(due, format, f"Records due for destruction on or before {day}")


@retention_app.command("apply")
def retention_apply(
    on: Annotated[
        str | None, typer.Option("--on", help="Destroy what is due on this date (default today).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be destroyed; change nothing.")
    ] = False,
    certificate: Annotated[
        Path | None,
        typer.Option(help="Also write the destruction certificate here (.json, or .csv)."),
    ] = None,
    purpose: PurposeOption = "storage",
    db: DbOption = None,
) -> None:
    """Destroy every record that is due and not under a legal hold, one transaction per
    person, leaving a tombstone and a destruction certificate."""
    from safehold.privacy.retention import apply, write_certificate

    day = _date(on, "--on")
    with _gate(db, purpose) as gate:
        result = apply(gate, day, dry_run=dry_run)
    if dry_run:
        console.print(
            f"Dry run: {result.rows:,} rows of {result.people:,} people are due on {day} and "
            "would be destroyed. Nothing was changed.",
            highlight=False,
        )
        if not result.due.is_empty():
            _emit(result.due.select(DUE_COLUMNS), Format.TABLE, "Would be destroyed")
        return
    console.print(
        f"Destroyed {result.rows:,} rows of {result.people:,} people due on {day}; "
        f"{len(result.lines):,} certificate lines recorded.",
        highlight=False,
    )
    if certificate is not None:
        try:
            write_certificate(
                certificate, result.lines, as_of=day.isoformat(), by=gate.user.username
            )
        except OSError as exc:
            raise fail(f"cannot write the certificate to {certificate}: {exc}") from None
        console.print(f"Certificate written to {certificate}.", highlight=False)


@hold_app.command("add")
def hold_add(
    reason: Annotated[str, typer.Option(help="The inquiry or the claim the hold is for.")],
    kind: Annotated[str, typer.Option(help=f"One of {', '.join(REASON_KINDS)}.")] = "inquiry",
    person: Annotated[str | None, typer.Option(help="Hold this person's whole record.")] = None,
    table: Annotated[str | None, typer.Option(help="Hold one row: its table...")] = None,
    row: Annotated[str | None, typer.Option(help="...and its id.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Placed on (default today).")] = None,
    db: DbOption = None,
) -> None:
    """Place a legal hold: nothing it covers is destroyed until it is lifted."""
    from safehold.privacy.retention import place_hold

    day = _date(on, "--on")
    with _gate(db, HOLD_PURPOSE) as gate:
        hold_id = place_hold(
            gate, reason_kind=kind, reason=reason, placed_on=day, person_id=person,
            table=table, row_id=row,
        )  # fmt: skip
    console.print(f"Legal hold {hold_id} placed on {day}.", highlight=False)


@hold_app.command("lift")
def hold_lift(
    hold_id: Annotated[int, typer.Argument(help="The hold's number.", min=1)],
    on: Annotated[str | None, typer.Option("--on", help="Lifted on (default today).")] = None,
    db: DbOption = None,
) -> None:
    """Lift a legal hold: what it held is destroyed when the schedule says so."""
    from safehold.privacy.retention import lift_hold

    day = _date(on, "--on")
    with _gate(db, HOLD_PURPOSE) as gate:
        lift_hold(gate, hold_id, day)
    console.print(f"Legal hold {hold_id} lifted on {day}.", highlight=False)


@hold_app.command("list")
def hold_list(
    all_: Annotated[bool, typer.Option("--all", help="Include lifted holds.")] = False,
    format: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """The legal holds in force (or all of them)."""
    from safehold.privacy.retention import list_holds

    with _gate(db, HOLD_PURPOSE) as gate:
        holds = list_holds(gate, active_only=not all_)
    columns = ["id", "scope", "person_id", "table_name", "row_id", "reason_kind", "reason",
               "placed_on", "placed_by", "lifted_on", "lifted_by"]  # fmt: skip
    if format is Format.TABLE and holds.is_empty():
        console.print("No legal holds." if all_ else "No legal holds are in force.")
        return
    _emit(holds.select(columns), format, "Legal holds")
