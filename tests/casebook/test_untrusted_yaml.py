"""Issue 14, items 1 and 10: a hostile case file fails fast with one line, never hangs or shows a traceback.

An 8-level alias bomb of a few hundred bytes expands to 10^8 nodes: the duplicate-key walk took minutes
(10^7 leaves: 8.9 s; 10^8: never ended). It is now refused after one walk of its ~100 distinct nodes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from multivector.casebook import load_case
from multivector.casebook.load import BUILTIN_DIR
from multivector.errors import CasebookError
from multivector.safeyaml import MAX_NODES, YamlLimitError, expanded_size


def _bomb(levels: int, width: int = 10) -> str:
    lines = ["a: &a [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*{'a' if i == 1 else f'l{i - 1}'}"] * width) + "]")
    last = f"l{levels - 1}"
    lines += ["id: x", "name: x", "country: KAZ", f"sources: [{{id: s, kind: web, title: t, note: *{last}}}]"]
    return "\n".join(lines) + "\n"


def _cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "multivector", *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


def test_alias_bomb_fails_fast_with_one_line(tmp_path: Path) -> None:
    f = tmp_path / "lol.yaml"
    f.write_text(_bomb(8), encoding="utf-8")
    assert f.stat().st_size < 600  # a few hundred bytes
    # the command the audit ran, first (in a subprocess): a timeout only the 10^8-node walk would reach
    run = _cli("profile", "KAZ", "--casebook", str(f))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("error: ") and "alias" in run.stderr
    with pytest.raises(CasebookError, match=r"lol\.yaml: the document expands to more than 100,000 nodes"):
        load_case(f)


def test_expansion_is_counted_without_walking_it() -> None:
    """Work done: the count of a 10^12-node document is one pass over its distinct nodes."""
    root = yaml.compose(_bomb(12), Loader=yaml.SafeLoader)
    with pytest.raises(YamlLimitError, match="more than 100,000 nodes"):
        expanded_size(root)
    assert expanded_size(root, max_nodes=10**15) > 10**12
    # the built-in case, for scale: far below the limit
    case = yaml.compose((BUILTIN_DIR / "kazakhstan.yaml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    assert expanded_size(case) < MAX_NODES / 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [*a]\nid: x\n", "line 1: an alias refers to a collection that contains it"),
        ("id: x\nname: " + "[" * 70 + "]" * 70 + "\n", "nested more than 64 levels deep"),
        ("id: x\nname: " + "[" * 5000 + "]" * 5000 + "\n", "not valid YAML|nested"),
    ],
)
def test_recursive_and_deep_documents(tmp_path: Path, text: str, message: str) -> None:
    f = tmp_path / "case.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(CasebookError, match=message):
        load_case(f)


def test_a_huge_year_is_a_located_error_not_an_overflow(tmp_path: Path) -> None:
    """``year: 99999999999999999999999`` on a tie made the profile crash inside pandas (a TypeError /
    OverflowError traceback); it is now a casebook error naming the entry, the field and the line."""
    text = (BUILTIN_DIR / "kazakhstan.yaml").read_text(encoding="utf-8")
    assert "    year: 2025\n" in text
    f = tmp_path / "bigyear.yaml"
    f.write_text(text.replace("    year: 2025\n", "    year: 99999999999999999999999\n", 1), encoding="utf-8")
    with pytest.raises(CasebookError) as exc:
        load_case(f)
    message = str(exc.value)
    assert "bigyear.yaml: 1 problem in the case" in message
    assert (
        "ties[6] (id=kaz-rus-strategic-alliance), field 'year': "
        "year 99999999999999999... is outside 1800-2100" in message
    )
    run = _cli("profile", "KAZ", "--casebook", str(f))
    assert run.returncode == 2 and "Traceback" not in run.stderr and "outside 1800-2100" in run.stderr
