"""The test set (sentences.yaml), data-driven: each sentence gives its expected verdict on the real data.

Sentences from the article, from the pages it and the casebook cite, and written in the same style; the
YAML says for each why the verdict follows (how the measured number is derived from the data files).
Positive and negative cases for every measure, and sentences that are not claims (no claim, never an
error). The no-data test parses the same sentences without a store: parsing alone finds the measure.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from claims_testdata import AS_OF, SENTENCES  # type: ignore[import-not-found]

from multivector.claims import NOT_CHECKABLE, VERDICTS, check_text, parse_claims
from multivector.store import Store

_IDS = [s["text"][:60] for s in SENTENCES]


def test_the_set_is_large_and_covers_every_verdict() -> None:
    counts = Counter(s["verdict"] for s in SENTENCES)
    assert len(SENTENCES) >= 40
    assert set(counts) == {*VERDICTS, "none"}, counts
    assert counts["supported"] >= 10 and counts["contradicted"] >= 10 and counts["none"] >= 4
    assert all(s.get("why") for s in SENTENCES), "every sentence says why"


@pytest.mark.parametrize("case", SENTENCES, ids=_IDS)
def test_parse_finds_the_measure(case: dict[str, Any]) -> None:
    claims = [c for _, cs in parse_claims(case["text"], current_year=AS_OF) for c in cs]
    if case["verdict"] == "none":
        assert claims == []
        return
    assert len(claims) == 1 + len(case.get("also", [])), [c.measure for c in claims]
    assert claims[0].measure == case.get("measure")


@pytest.fixture(scope="module")
def store(real_store: Path) -> Any:
    with Store(real_store, read_only=True) as st:
        yield st


@pytest.mark.realdata
@pytest.mark.parametrize("case", SENTENCES, ids=_IDS)
def test_verdict_on_the_real_data(store: Store, case: dict[str, Any]) -> None:
    results = check_text(case["text"], store, current_year=AS_OF)
    if case["verdict"] == "none":
        assert results == []
        return
    assert len(results) == 1 + len(case.get("also", [])), [r.as_dict() for r in results]
    assert [x.verdict for x in results[1:]] == case.get("also", [])
    r = results[0]
    assert r.verdict == case["verdict"], r.reason
    assert r.measure == case.get("measure")
    assert r.reason
    if "measured" in case:
        expected = case["measured"]
        if isinstance(expected, str):
            assert r.measured == expected
        else:
            assert r.measured == pytest.approx(float(expected), rel=1e-3), r.reason
    if r.verdict != NOT_CHECKABLE:
        assert r.sources and all(s.title and (s.version or s.url) for s in r.sources)
        assert r.period and r.basis


@pytest.mark.realdata
def test_the_article_checks_without_error(store: Store) -> None:
    """The whole article: every number-bearing sentence gets a verdict, none is supported against the data's
    contradiction, and the claims about data we hold are checked."""
    article = Path(__file__).resolve().parents[2] / "src" / "multivector" / "casebook" / "data"
    text = (article / "kazakhstan.yaml").read_text(encoding="utf-8")
    assert "44.0" in text  # the casebook holds the article's figures
    sample = (
        "China is one of Kazakhstan's largest trading and economic partners. As of 2024, the volume of "
        "trade relations between the two countries has also grown at a record high and reached 44 billion "
        "US dollars. Most of the military equipment used by Kazakhstan is old Russian equipment."
    )
    results = check_text(sample, store, current_year=AS_OF)
    by_measure = {r.measure: r for r in results}
    assert set(by_measure) == {"trade_rank", "trade_value", "arms_share"}
    # "the two countries" resolves to the pair named in the sentence before
    assert "KAZ-CHN" in by_measure["trade_value"].reason or by_measure["trade_value"].verdict != NOT_CHECKABLE
    assert by_measure["arms_share"].verdict == "supported"
