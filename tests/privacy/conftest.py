"""Shared helpers for the privacy tests: the default register and edited copies of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from safehold.privacy.register import Register, default_register_path, load_register

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def register() -> Register:
    return load_register()


_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@cache
def _default_text() -> str:
    return default_register_path().read_text(encoding="utf-8")


def default_register_data() -> dict[str, Any]:
    """A fresh, editable copy of the default register's data."""
    data: dict[str, Any] = yaml.load(_default_text(), Loader=_LOADER)
    return data


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)


@pytest.fixture
def write_register(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Write register data (a dict, e.g. an edited default) to a YAML file and return its path."""
    counter = iter(range(1_000))

    def write(data: dict[str, Any]) -> Path:
        path = tmp_path / f"register-{next(counter)}.yaml"
        path.write_text(dump(data), "utf-8")
        return path

    return write
