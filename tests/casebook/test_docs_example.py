"""The example case in docs/casebook.md loads, so the documentation cannot drift from the schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from multivector.casebook import case_ties, load_case

DOC = Path(__file__).resolve().parents[2] / "docs" / "casebook.md"


def test_documented_example_loads(tmp_path: Path) -> None:
    if not DOC.is_file():
        pytest.skip("docs/casebook.md not found")
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "docs/casebook.md has no yaml example"
    path = tmp_path / "my_case.yaml"
    path.write_text(blocks[0], encoding="utf-8")
    case = load_case(path)
    ties = case_ties(case)
    assert ties.loc[0, "value"] == 44.0 and ties.loc[0, "partner"] == "CHN"
    assert case.claims[0].status == "claimed"
