"""Reading a register file: YAML in, a validated :class:`Register` out, or a clear error.

Every error names the file, the line, the path inside the YAML (``purposes[2].lawful_bases[0]``),
the value found and what was expected. Duplicate keys are refused too: PyYAML would otherwise keep
the last one silently, and a register must never lose a declaration without anyone noticing.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from safehold.privacy.register.schema import Problem, ReferenceProblems, Register

__all__ = [
    "REGISTER_ENV",
    "RegisterError",
    "default_register_path",
    "load_register",
    "load_register_text",
    "load_version",
    "packaged_versions",
]

#: The environment variable naming the authority's own register file.
REGISTER_ENV = "SAFEHOLD_REGISTER"
_DATA = "data"
_CURRENT = "register.yaml"
_VERSIONS = "versions"
_VERSION_FILE = re.compile(r"^register-v(\d+)\.yaml$")


@dataclass(frozen=True)
class LocatedProblem:
    line: int | None
    problem: Problem

    def describe(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line is not None else source
        value = _show(self.problem.value)
        return f"{where}: {self.problem.dotted}: got {value}; expected {self.problem.expected}"


class RegisterError(ValueError):
    """A register file that cannot be read or does not follow the schema."""

    def __init__(self, source: str, problems: list[LocatedProblem]) -> None:
        self.source = source
        self.problems = problems
        lines = [p.describe(source) for p in problems]
        super().__init__(
            f"the register {source} is not valid ({len(lines)} problem"
            f"{'s' if len(lines) != 1 else ''}):\n  " + "\n  ".join(lines)
        )


_MISSING = object()
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _show(value: object) -> str:
    if value is _MISSING:
        return "nothing (the key is missing)"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def load_register_text(text: str, source: str) -> Register:
    """Validate register YAML given as text; ``source`` names it in errors."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise RegisterError(
            source,
            [LocatedProblem(line, Problem((), "unreadable YAML", f"valid YAML ({problem})"))],
        ) from None
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else None
        raise RegisterError(
            source,
            [LocatedProblem(line, Problem((), "not a mapping", "a mapping of register sections"))],
        )
    duplicates = list(_duplicate_keys(root, ()))
    if duplicates:
        raise RegisterError(source, duplicates)
    data: Any = yaml.constructor.SafeConstructor().construct_document(root)
    try:
        return Register.model_validate(data)
    except ValidationError as exc:
        raise RegisterError(source, _problems(exc, root)) from None


def _problems(exc: ValidationError, root: yaml.Node) -> list[LocatedProblem]:
    out: list[LocatedProblem] = []
    for err in exc.errors(include_url=False):
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, ReferenceProblems):
            out.extend(LocatedProblem(_line(root, p.path), p) for p in cause.problems)
            continue
        path = tuple(err["loc"])
        if err["type"] == "missing":
            value: object = _MISSING
            expected = "this key to be present"
        elif err["type"] == "extra_forbidden":
            value = err["input"]
            expected = "no key of this name here (check its spelling and its indentation)"
        else:
            value = err["input"]
            expected = err["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
            expected = expected[0].lower() + expected[1:] if expected else expected
        out.append(LocatedProblem(_line(root, path), Problem(path, value, expected)))
    return out


def _line(root: yaml.Node, path: tuple[str | int, ...]) -> int:
    """The line of the deepest YAML node that ``path`` reaches."""
    node = root
    for part in path:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            child = next((v for k, v in node.value if k.value == part), None)
            if child is None:  # an unknown key: point at the key itself
                child = next((k for k, _ in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def _duplicate_keys(node: yaml.Node, path: tuple[str | int, ...]) -> list[LocatedProblem]:
    out: list[LocatedProblem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                out.append(
                    LocatedProblem(
                        key.start_mark.line + 1,
                        Problem((*path, name), name, "each key only once in a mapping"),
                    )
                )
            seen.add(name)
            out.extend(_duplicate_keys(value, (*path, name)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out.extend(_duplicate_keys(item, (*path, index)))
    return out


def _data() -> Traversable:
    return resources.files("safehold.privacy.register").joinpath(_DATA)


def default_register_path() -> Traversable:
    """The register shipped in the package: the current published version."""
    return _data().joinpath(_CURRENT)


def _read(path: Path | Traversable, source: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegisterError(
            source, [LocatedProblem(None, Problem((), "no such file", "an existing register file"))]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegisterError(
            source, [LocatedProblem(None, Problem((), str(exc), "a readable UTF-8 text file"))]
        ) from None


@cache
def _packaged(name: str) -> Register:
    if name == _CURRENT:
        ref = default_register_path()
    else:
        ref = _data().joinpath(_VERSIONS).joinpath(name)
    return load_register_text(_read(ref, f"safehold:{name}"), f"safehold:{name}")


def load_register(path: str | Path | None = None) -> Register:
    """Load a register file; when ``path`` is None, the file named by ``$SAFEHOLD_REGISTER`` (the
    authority's own register), else the register shipped in the package."""
    if path is None:
        path = os.environ.get(REGISTER_ENV) or None
    if path is None:
        return _packaged(_CURRENT)
    file = Path(path)
    return load_register_text(_read(file, str(file)), str(file))


def packaged_versions() -> dict[int, str]:
    """Every register version kept in the package, by version number, with its file name."""
    out: dict[int, str] = {}
    versions = _data().joinpath(_VERSIONS)
    if versions.is_dir():
        for item in versions.iterdir():
            match = _VERSION_FILE.match(item.name)
            if match:
                out[int(match.group(1))] = item.name
    out[_packaged(_CURRENT).version] = _CURRENT
    return dict(sorted(out.items()))


def load_version(spec: str) -> Register:
    """A register given as a file path, or as a version kept in the package (``1`` or ``v1``)."""
    match = re.fullmatch(r"v?(\d+)", spec.strip())
    if match and not Path(spec).exists():
        number = int(match.group(1))
        versions = packaged_versions()
        if number not in versions:
            known = ", ".join(str(v) for v in versions)
            raise RegisterError(
                spec,
                [LocatedProblem(None, Problem((), number, f"a kept version ({known}) or a file"))],
            )
        return _packaged(versions[number])
    return load_register(spec)
