"""docs/cli.md is the ``--help`` of every command: regenerated here, it must equal the committed file."""

from __future__ import annotations

import difflib
from pathlib import Path

from multivector.cli.main import COMMAND_MODULES
from multivector.cli.reference import command_paths, help_text, reference_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_docs_cli_md_is_the_generated_reference() -> None:
    committed = DOC.read_text(encoding="utf-8")
    generated = reference_markdown()
    diff = "".join(
        difflib.unified_diff(
            committed.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            "docs/cli.md (committed)",
            "generated",
            n=1,
        )
    )
    assert committed == generated, (
        "docs/cli.md is out of date: run `python -m multivector.cli.reference > docs/cli.md`\n" + diff[:4000]
    )


def test_the_reference_covers_every_command() -> None:
    paths = command_paths()
    assert paths[0] == () and len(set(paths)) == len(paths)
    assert set(COMMAND_MODULES) <= {p[0] for p in paths if p}
    assert {("data", "import"), ("scenario", "run"), ("monitor", "alerts")} <= set(paths)
    text = help_text(("profile",))
    assert "Usage: multivector profile" in text and "--weights" in text
    assert "\x1b[" not in text and max(len(line) for line in text.splitlines()) <= 100
