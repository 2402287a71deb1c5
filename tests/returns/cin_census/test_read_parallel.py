"""Reading a census in several processes gives exactly what reading it in one gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from safehold.returns.cin_census import read as read_module
from safehold.returns.cin_census.read import CensusRead, CensusReadError, read_census
from tests.returns.cin_census.builders import census, child, write


def _children(n: int) -> list[str]:
    out = []
    for i in range(n):
        text = child(f"C{i}", busy=i % 3 == 0)
        if i % 17 == 5:
            text = text.replace("<Sex>F</Sex>", "<Sex>X</Sex>")  # a schema problem
        if i % 29 == 7:
            text = text.replace(f"<LAchildID>C{i}</LAchildID>", "<LAchildID></LAchildID>")
        out.append(text)
    return out


def _same(one: CensusRead, other: CensusRead) -> None:
    assert other.children == one.children
    assert other.problem_count == one.problem_count
    assert other.problems == one.problems
    assert set(other.tables) == set(one.tables)
    for name, frame in one.tables.items():
        assert other.tables[name].equals(frame), name


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("parallel"), census(_children(120)))


def test_parallel_read_is_the_same_as_one_process(big: Path) -> None:
    one = read_census(big, 2026, workers=1)
    assert one.problem_count > 0 and one.tables["Reviews"].height > 0
    for workers in (2, 3):
        _same(one, read_census(big, 2026, workers=workers))


def test_the_parallel_path_really_ran(big: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[bool] = []
    original = read_module._read_parallel

    def spy(*args: object) -> CensusRead | None:
        result = original(*args)  # type: ignore[arg-type]
        ran.append(result is not None)
        return result

    monkeypatch.setattr(read_module, "_read_parallel", spy)
    read_census(big, 2026, workers=2)
    assert ran == [True]


def test_problem_limit_across_segments(big: Path) -> None:
    _same(read_census(big, 2026, workers=1, max_problems=3),
          read_census(big, 2026, workers=3, max_problems=3))  # fmt: skip


def test_layout_problems_fall_back_to_one_process(tmp_path: Path) -> None:
    kids = _children(60)
    kids.insert(45, "<Stray>1</Stray>")
    path = write(tmp_path, census(kids).replace("</Children>", "</Children>\n<After/>"))
    one = read_census(path, 2026, workers=1)
    assert any("Stray" in p.message for p in one.problems)
    _same(one, read_census(path, 2026, workers=2))


@pytest.mark.parametrize("cut", [0.4, 0.9])
def test_broken_files_give_the_one_process_error(tmp_path: Path, cut: float) -> None:
    text = census(_children(60))
    path = write(tmp_path, text[: int(len(text) * cut)])
    with pytest.raises(CensusReadError) as one:
        read_census(path, 2026, workers=1)
    with pytest.raises(CensusReadError) as two:
        read_census(path, 2026, workers=2)
    assert str(two.value) == str(one.value)


def test_other_encodings_are_read_in_one_process(tmp_path: Path) -> None:
    text = census(_children(40)).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "census.xml"
    path.write_bytes(text.encode("utf-16"))
    assert not read_module._utf8(path)
    _same(read_census(path, 2026, workers=1), read_census(path, 2026, workers=2))


def test_small_files_are_read_in_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("a small file was read in parallel")

    monkeypatch.setattr(read_module, "_read_parallel", refuse)
    assert read_census(write(tmp_path, census()), 2026).children == 1
