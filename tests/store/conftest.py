"""Store test fixtures: fake sources registered for one test, and one real import per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _store_fakes import load_items

from multivector.provenance import LoadResult
from multivector.sources import registry


@pytest.fixture
def fake_sources(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Register sources ``fake`` (folder ``fake``), ``fake2`` (folder ``fake2``) and ``broken`` (raises)."""

    def broken(path: Path) -> dict[str, LoadResult]:
        raise ValueError("this loader is broken on purpose")

    specs = [
        registry.SourceSpec("fake", "fake", ("fake_items",), lambda p: load_items(p, "fake")),
        registry.SourceSpec("fake2", "fake2", ("fake2_items",), lambda p: load_items(p, "fake2")),
        registry.SourceSpec("broken", "broken", ("broken_items",), broken),
    ]
    # Only the fake sources: the real loaders have their own tests.
    monkeypatch.setattr(registry, "_REGISTRY", {s.name: s for s in specs})
    yield [s.name for s in specs]
