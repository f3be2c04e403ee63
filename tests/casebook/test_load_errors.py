"""Every malformed case gets an error naming the file, the entry, the field and the line.

Data-driven: each file in ``bad/`` starts with ``# expect:`` lines; each is a substring the error message
must contain. ``LINE(text)`` stands for the 1-based number of the first line of the file containing ``text``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from multivector.casebook import Case, list_cases, load_case
from multivector.errors import CasebookError, MultivectorError

HERE = Path(__file__).parent
BAD = sorted((HERE / "bad").glob("*.yaml"))
_LINE = re.compile(r"LINE\((.*)\)")


def _expectations(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    expected = []
    for line in lines:
        if not line.startswith("# expect: "):
            continue
        text = line.removeprefix("# expect: ")
        match = _LINE.search(text)
        if match:
            needle = match.group(1)
            number = next(i for i, body in enumerate(lines, 1) if needle in body and not body.startswith("#"))
            text = text[: match.start()] + str(number) + text[match.end() :]
        expected.append(text)
    return expected


def test_fixtures_are_there() -> None:
    names = {p.stem for p in BAD}
    assert {
        "bad_type",
        "unknown_field",
        "missing_sources",
        "unknown_source",
        "duplicate_id",
        "negative_value",
        "value_without_unit",
        "not_mapping",
        "bad_date",
        "not_yaml",
        "unknown_actor",
    } <= names


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_malformed_case_message(path: Path) -> None:
    expected = _expectations(path)
    assert expected, f"{path.name} has no '# expect:' lines"
    with pytest.raises(CasebookError) as info:
        load_case(path)
    message = str(info.value)
    assert str(path) in message, "the message must name the file"
    for needle in expected:
        assert needle in message, f"{needle!r} not in:\n{message}"
    if "problem" in message:  # validation errors: entry, field and line on every problem line
        for line in message.splitlines()[1:]:
            assert re.match(r"  - line \d+: ", line), line


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_malformed_case_is_a_multivector_error(path: Path) -> None:
    with pytest.raises(MultivectorError):
        load_case(str(path))


def test_several_problems_are_all_reported(tmp_path: Path) -> None:
    text = (HERE / "good" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("value: 1.5", "value: lots").replace("year: 2022", "year: 2022\n    shade: blue")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CasebookError) as info:
        load_case(path)
    message = str(info.value)
    assert "2 problems" in message
    assert "field 'value'" in message and "field 'shade'" in message


def test_good_minimal_case_loads() -> None:
    case = load_case(HERE / "good" / "minimal.yaml")
    assert isinstance(case, Case)
    assert case.id == "mini" and case.ties[0].from_ == "KAZ"


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(CasebookError, match="does not exist") as info:
        load_case(missing)
    assert str(missing) in str(info.value)


def test_directory_is_not_a_case(tmp_path: Path) -> None:
    with pytest.raises(CasebookError, match="directory"):
        load_case(tmp_path)


def test_unknown_builtin_name_lists_the_cases() -> None:
    with pytest.raises(CasebookError, match="kazakhstan") as info:
        load_case("atlantis")
    assert "--casebook" in str(info.value)


def test_list_cases() -> None:
    assert "kazakhstan" in list_cases()


def test_builtin_by_name_and_by_path_agree() -> None:
    from multivector.casebook import BUILTIN_DIR

    by_name = load_case("kazakhstan")
    by_path = load_case(BUILTIN_DIR / "kazakhstan.yaml")
    assert by_name == by_path


def test_each_load_returns_an_independent_copy() -> None:
    first = load_case()
    first.ties.clear()
    assert load_case().ties, "a caller's change must not leak into the next load"


def test_edited_file_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = (HERE / "good" / "minimal.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    assert load_case(path).name == "Mini"
    path.write_text(text.replace("name: Mini", "name: Mini, edited"), encoding="utf-8")
    assert load_case(path).name == "Mini, edited"
