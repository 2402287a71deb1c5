"""``safehold sharing log``: the sharing log, all of it or the disclosures about one child."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from safehold.cli.app import DbOption, app, console, fail
from safehold.cli.cmd_store import gate_for, open_store

#: Reading the log is the DPO's own work (accountability, subject access).
SHARING_PURPOSE = "data_protection"

sharing_app = typer.Typer(
    name="sharing", help="The sharing log: what was disclosed, to whom.", no_args_is_help=True
)
app.add_typer(sharing_app, name="sharing")


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


@sharing_app.command("log")
def sharing_log(
    child: Annotated[
        str | None, typer.Option("--child", help="Only disclosures about this person's id.")
    ] = None,
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.TABLE,
    db: DbOption = None,
) -> None:
    """What was disclosed, when, to whom, why, under which law and by whom (oldest first)."""
    from safehold.access import AccessRefused
    from safehold.privacy.sharing.log import list_disclosures

    gate = gate_for(open_store(db), SHARING_PURPOSE)
    try:
        shown = list_disclosures(gate, child)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    if format is Format.JSON:
        console.print_json(
            json.dumps(
                [
                    {
                        "id": d.id,
                        "when": d.disclosed_at.isoformat(),
                        "recipient": d.recipient,
                        "purpose": d.purpose,
                        "gateway": d.gateway,
                        "what": d.what,
                        "categories": list(d.categories),
                        "by": d.disclosed_by,
                        "people": d.people,
                    }
                    for d in shown
                ]
            )
        )
        return
    about = f" about {child}" if child else ""
    if not shown:
        console.print(f"No disclosures recorded{about}.", highlight=False)
        return
    table = Table(title=f"Disclosures{about}")
    for heading in ("id", "when (UTC)", "recipient", "purpose", "what", "under", "by", "people"):
        table.add_column(heading)
    for d in shown:
        table.add_row(
            str(d.id),
            d.disclosed_at.strftime("%Y-%m-%d %H:%M"),
            d.recipient,
            d.purpose,
            d.what,
            d.gateway,
            d.disclosed_by,
            f"{d.people:,}",
        )
    console.print(table)
