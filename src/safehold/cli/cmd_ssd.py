"""``safehold import ssd DIR`` and ``safehold export ssd DIR``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn

from safehold.cli.app import DbOption, console, err_console, fail
from safehold.cli.cmd_store import gate_for, open_store
from safehold.cli.groups import export_app, import_app

FolderArg = Annotated[Path, typer.Argument(help="Folder of ssd_*.csv files.")]


@import_app.command("ssd")
def import_ssd(folder: FolderArg, db: DbOption = None) -> None:
    """Load a Standard Safeguarding Dataset extract: every file is checked, then all of it is
    written in one transaction, or none of it."""
    from safehold.access import AccessRefused
    from safehold.ingest.ssd import SsdImportError, import_extract

    gate = gate_for(open_store(db), "storage")
    try:
        with Progress(TextColumn("Loading {task.fields[table]:<24}"), BarColumn(),
                      console=err_console, transient=True) as progress:  # fmt: skip
            task = progress.add_task("load", total=None, table="")
            import_id, count = import_extract(
                gate, folder,
                progress=lambda table, n: progress.update(task, advance=n, table=table),
            )  # fmt: skip
    except SsdImportError as exc:
        err_console.print(f"[bold red]error:[/] the SSD extract in {folder} was not loaded; "
                          f"nothing was written. {len(exc.problems)} problem(s):", highlight=False)  # fmt: skip
        for problem in exc.problems[:100]:
            err_console.print(f"  {problem}", highlight=False, soft_wrap=True)
        if len(exc.problems) > 100:
            err_console.print(f"  ... and {len(exc.problems) - 100} more", highlight=False)
        raise typer.Exit(2) from None
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    console.print(f"Loaded {count:,} rows from {folder} (import {import_id}).")


@export_app.command("ssd")
def export_ssd(folder: FolderArg, db: DbOption = None) -> None:
    """Write the record as a Standard Safeguarding Dataset extract (one CSV per ssd_* table)."""
    from safehold.access import AccessRefused
    from safehold.ingest.ssd import export_extract

    gate = gate_for(open_store(db), "statutory_duties")
    try:
        written = export_extract(gate, folder)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    except OSError as exc:
        raise fail(f"cannot write to {folder}: {exc.strerror}") from None
    console.print(f"Wrote {len(written)} files, {sum(written.values()):,} rows, to {folder}.")
