"""The root Typer application and the options every command shares."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

app = typer.Typer(
    name="safehold",
    help="Children's social care records, DfE returns, and the rights a privacy notice promises.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: $SAFEHOLD_DATABASE_URL, else the SQLite file ./safehold.db).",
        envvar="SAFEHOLD_DATABASE_URL",
        show_envvar=True,
    ),
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a clear error (no traceback) and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)
