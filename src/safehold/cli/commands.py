"""Imports every command module so that each registers its commands on :data:`app`."""

from __future__ import annotations

import importlib
import pkgutil

import safehold.cli as _cli
from safehold.cli import groups as groups

for _module in pkgutil.iter_modules(_cli.__path__):
    if _module.name.startswith("cmd_"):
        importlib.import_module(f"safehold.cli.{_module.name}")
