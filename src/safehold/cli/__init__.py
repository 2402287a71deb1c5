"""The ``safehold`` command. Each group of sub-commands lives in its own module here."""

from __future__ import annotations

from safehold.cli import commands as _commands  # noqa: F401  (registers the sub-commands)
from safehold.cli.app import app

__all__ = ["app"]
