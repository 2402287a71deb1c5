"""``safehold notice`` (the published privacy notice, and what changed between versions) and
``safehold privacy check`` (the conformance check of the system against the register)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from safehold.cli.app import app, console, err_console, fail
from safehold.cli.groups import privacy_app
from safehold.privacy.notice.render import FORMATS

if TYPE_CHECKING:
    import sqlalchemy as sa

    from safehold.privacy.notice.document import Audience
    from safehold.privacy.register import Register

AUDIENCES: tuple[Audience, ...] = ("adult", "young-person")

notice_app = typer.Typer(
    name="notice",
    help="The privacy notice, rendered from the register of processing.",
    invoke_without_command=True,
)
app.add_typer(notice_app, name="notice")

RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        help="A register YAML file (default: $SAFEHOLD_REGISTER, else the register shipped "
        "with Safehold).",
        dir_okay=False,
        show_default=False,
    ),
]


def _load(path: Path | None) -> Register:
    from safehold.privacy.register import RegisterError, load_register

    try:
        return load_register(path)
    except RegisterError as err:
        raise fail(escape(str(err))) from None


def _warn_placeholders(register: Register) -> None:
    contacts = register.contacts
    named = [
        what
        for what, contact in (("controller", contacts.controller), ("DPO", contacts.dpo))
        if contact.placeholder
    ]
    if named:
        err_console.print(
            f"[yellow]warning:[/] the {' and '.join(named)} contact details are the register's "
            "example placeholders; put in the authority's own (and set placeholder: false) "
            "before publishing",
            highlight=False,
        )


@notice_app.callback()
def notice(
    ctx: typer.Context,
    format: Annotated[
        str, typer.Option("--format", help=f"One of {', '.join(FORMATS)}.")
    ] = "markdown",
    audience: Annotated[
        str,
        typer.Option("--audience", help="adult (the full notice) or young-person (plain words)."),
    ] = "adult",
    register: RegisterOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write to this file instead of the terminal.", dir_okay=False
        ),
    ] = None,
) -> None:
    """Render the privacy notice from the register."""
    from safehold.privacy.notice.render import render_notice

    if ctx.invoked_subcommand is not None:
        return
    if format not in FORMATS:
        raise fail(
            f"--format {format!r} is not a notice format: expected one of {', '.join(FORMATS)}"
        )
    if audience not in AUDIENCES:
        raise fail(f"--audience {audience!r} is not known: expected one of {', '.join(AUDIENCES)}")
    loaded = _load(register)
    text = render_notice(loaded, format, audience)
    _warn_placeholders(loaded)
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise fail(escape(f"{output}: cannot write the notice: {err.strerror or err}")) from None
    err_console.print(
        escape(f"wrote the {audience} notice ({format}) to {output}"), highlight=False
    )


@notice_app.command("diff")
def notice_diff(
    old: Annotated[
        str, typer.Argument(help="The earlier register: a file, or a kept version (1).")
    ],
    new: Annotated[str, typer.Argument(help="The later register: a file, or a kept version.")],
) -> None:
    """What changed between two versions of the register, in words a resident can follow."""
    from safehold.privacy.notice.diff import diff_registers
    from safehold.privacy.notice.wording import month_year
    from safehold.privacy.register import RegisterError, load_version

    try:
        before, after = load_version(old), load_version(new)
    except RegisterError as err:
        raise fail(escape(str(err))) from None
    changes = diff_registers(before, after)
    typer.echo(
        f"Changes from version {before.version} ({month_year(before.last_updated)}) "
        f"to version {after.version} ({month_year(after.last_updated)}):"
    )
    if not changes:
        typer.echo("Nothing in the notice has changed.")
    for change in changes:
        typer.echo(f"- {change.sentence}")


def _record_metadata() -> sa.MetaData | None:
    """The record model's metadata, when :mod:`safehold.record` is installed."""
    import sqlalchemy as sa

    try:
        module = importlib.import_module("safehold.record")
    except ModuleNotFoundError as err:
        if err.name in ("safehold.record", "safehold"):
            return None
        raise
    metadata = getattr(module, "metadata", None)
    if metadata is None:
        metadata = getattr(getattr(module, "Base", None), "metadata", None)
    return metadata if isinstance(metadata, sa.MetaData) else None


@privacy_app.command("check")
def privacy_check(
    register: RegisterOption = None,
    recipient: Annotated[
        list[str] | None,
        typer.Option(
            "--recipient",
            help="A recipient id the system sends data to, besides the DfE returns (repeatable).",
        ),
    ] = None,
) -> None:
    """Check the record model and the recipients used against the register; exit 1 on any gap."""
    from safehold.privacy.conformance import RETURN_RECIPIENTS, check, columns_from_metadata

    loaded = _load(register)
    metadata = _record_metadata()
    columns = columns_from_metadata(metadata) if metadata is not None else []
    used = [*RETURN_RECIPIENTS, *(recipient or [])]
    gaps = check(loaded, columns, used)
    if metadata is None:
        err_console.print(
            "[yellow]note:[/] the record model (safehold.record) is not installed; "
            "checked the register and the recipients only",
            highlight=False,
        )
    if gaps:
        for gap in gaps:
            console.print(f"[red]✗[/] {escape(str(gap))}", highlight=False, soft_wrap=True)
        s = "s" if len(gaps) != 1 else ""
        err_console.print(
            f"[bold red]{len(gaps)} gap{s}[/] between the system and register version "
            f"{loaded.version}",
            highlight=False,
        )
        raise typer.Exit(1)
    tables = len({c.table for c in columns})
    console.print(
        f"[green]✓[/] the system conforms to register version {loaded.version}: "
        f"{len(columns)} columns in {tables} tables, recipients {', '.join(dict.fromkeys(used))}",
        highlight=False,
    )
