"""The command groups (``safehold validate ...``, ``safehold return ...``), shared by the modules
that add commands to them."""

from __future__ import annotations

import typer

from safehold.cli.app import app


def _group(name: str, help_text: str) -> typer.Typer:
    group = typer.Typer(name=name, help=help_text, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group


validate_app = _group("validate", "Validate a return against the DfE's rules for its year.")
return_app = _group("return", "Build a statutory return from the store and write it.")
import_app = _group("import", "Load data into the store (all or nothing).")
export_app = _group("export", "Write data out of the store.")
db_app = _group("db", "Create and upgrade the database.")
privacy_app = _group("privacy", "The register of processing and its conformance check.")
audit_app = _group("audit", "The audit trail: who saw or changed a record, and its integrity.")
request_app = _group("request", "Rights requests on the ICO's clock.")
retention_app = _group("retention", "The retention schedule: what is due for destruction.")
