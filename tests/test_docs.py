"""The code blocks of README.md and docs/*.md run, so the documentation cannot drift from the code.

Each file's ```python blocks run in order in one namespace, in a temporary working directory, with an
empty MULTIVECTOR_HOME (no store: what a new user has). A block fenced ```python store needs data: it runs
with ``store`` bound to the session's store of every shared dataset (tests/conftest.py) and
``multivector.config.data_dir()`` naming the shared data folder, and is skipped without the shared data.
Blocks in other languages (bash, yaml, json) are not run here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```python( store)?\n(.*?)^```", flags=re.S | re.M)


def _blocks(path: Path) -> list[tuple[bool, str]]:
    return [(bool(m.group(1)), m.group(2)) for m in FENCE.finditer(path.read_text(encoding="utf-8"))]


def test_the_docs_have_code() -> None:
    assert any(_blocks(p) for p in DOCS)
    assert _blocks(ROOT / "docs" / "assessment.md"), "docs/assessment.md must show runnable code"


@pytest.mark.parametrize("path", [p for p in DOCS if _blocks(p)], ids=lambda p: p.name)
def test_code_blocks_run(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    blocks = _blocks(path)
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    if any(needs for needs, _ in blocks):
        namespace["store"] = request.getfixturevalue("real_store")
        monkeypatch.setenv("MULTIVECTOR_DATA_DIR", str(request.getfixturevalue("shared_data")))
    monkeypatch.chdir(tmp_path)
    for i, (_needs, code) in enumerate(blocks, start=1):
        try:
            exec(compile(code, f"{path.name} block {i}", "exec"), namespace)
        except Exception as exc:  # name the block that failed
            raise AssertionError(f"{path.relative_to(ROOT)}, python block {i} failed: {exc!r}") from exc
