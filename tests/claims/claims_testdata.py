"""Claims tests: the test set of sentences (sentences.yaml) and the year the checks are made as of.

A plain module (not conftest.py: other test folders have their own conftest, and imports by that name
would collide when the whole suite runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

#: The checks are made as of this year, so that "the latest data" and "the future" do not move with the
#: calendar: a claim without a year is about 2026.
AS_OF = 2026
SENTENCES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).with_name("sentences.yaml")).read_text(encoding="utf-8")
)
