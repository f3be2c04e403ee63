"""The claims ledger of the built-in casebook: every figure and claim has a verdict, none checked against
its own source, and the figures the datasets hold are supported by them."""

from __future__ import annotations

from pathlib import Path

import pytest
from claims_testdata import AS_OF  # type: ignore[import-not-found]

from multivector.casebook import load_case
from multivector.claims import (
    NOT_CHECKABLE,
    SUPPORTED,
    VERDICTS,
    casebook_claims,
    ledger,
    ledger_summary,
)
from multivector.claims.evidence import NO_STORE
from multivector.claims.ledger import TIE_MEASURES, UNCHECKABLE_KINDS
from multivector.store import Store


@pytest.fixture(scope="module")
def rows(real_store: Path) -> dict[str, list]:  # type: ignore[type-arg]
    with Store(real_store, read_only=True) as st:
        results = ledger("kazakhstan", st, current_year=AS_OF)
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for r in results:
        out.setdefault(str(r.entry), []).append(r)
    return out


def test_every_figure_and_claim_becomes_a_claim() -> None:
    case = load_case("kazakhstan")
    entries = {c.entry for c in casebook_claims(case)}
    assert {f"claims.{c.id}" for c in case.claims} <= entries
    figures = {
        f"ties.{t.id}"
        for t in case.ties
        if t.value is not None
        and (t.kind in TIE_MEASURES or t.kind in UNCHECKABLE_KINDS)
        and not (t.qualifier or "").startswith("by definition")
    }
    assert figures <= entries
    assert "infrastructure.cpc.capacity" in entries


def test_claims_carry_their_own_sources() -> None:
    for claim in casebook_claims(load_case("kazakhstan")):
        assert claim.entry and claim.own_sources, claim.entry


@pytest.mark.realdata
def test_the_datasets_support_the_curated_figures(rows: dict[str, list]) -> None:  # type: ignore[type-arg]
    """The arms shares, the ATOP pledges and the IGO counts were computed by the data curator from the same
    files (arms/ and alliances/ SOURCE.md sanity facts); the panels recompute them independently."""
    expected = {
        "ties.kaz-rus-arms-share-1992-2021": 85.695,  # SIPRI TIV 2022: 2,594 of 3,027 TIV
        "ties.kaz-rus-arms-share-2010-2020": 84.242,  # 1,807 of 2,145
        "ties.kaz-rus-arms-share-2010-2020-rev2025": 85.081,  # register 2025: 1,818 of 2,137
        "ties.kaz-rus-arms-share-2019-2023": 94.029,  # 845 of 899
        "ties.kaz-rus-igos-2014": 47,
        "ties.kaz-chn-igos-2014": 36,
        "ties.kaz-deu-igos-2014": 35,
        "ties.kaz-usa-igos-2014": 34,
    }
    for entry, value in expected.items():
        (r,) = rows[entry]
        assert r.verdict == SUPPORTED, (entry, r.reason)
        assert r.measured == pytest.approx(value, rel=1e-3)
        assert r.sources[0].kind == "dataset" and r.sources[0].version
    for entry in (
        "ties.kaz-rus-atop-defense",
        "ties.kaz-chn-atop-nonaggression",
        "ties.kaz-usa-atop-nonaggression",
    ):
        assert rows[entry][0].verdict == SUPPORTED, rows[entry][0].reason


@pytest.mark.realdata
def test_cited_figures_are_checked_against_other_sources_only(rows: dict[str, list]) -> None:  # type: ignore[type-arg]
    case = load_case("kazakhstan")
    urls = {s.id: s.url for s in case.sources}
    for entry, results in rows.items():
        if not entry.startswith("ties."):
            continue
        tie = next(t for t in case.ties if f"ties.{t.id}" == entry)
        own = {urls[s] for s in tie.sources if urls.get(s)}
        for r in results:  # datasets recompute a figure; cited pages must be other pages
            assert not own & {s.url for s in r.sources if s.kind != "dataset"}, entry
    # the Reuters and KMG figures of 2023 exports to China check each other (1.2 Mt vs 1,209 kt)
    assert rows["ties.kaz-chn-oil-2023"][0].verdict == SUPPORTED
    assert rows["ties.kaz-chn-oil-kcp-2023"][0].verdict == SUPPORTED
    # the article's 400,000 bpd is checked against KMG's 20 Mt/yr (7.33 barrels per tonne)
    assert rows["infrastructure.kazakhstan-china-oil.flows.0"][0].verdict == SUPPORTED
    # a figure only its own source reports is not checkable
    assert rows["ties.kaz-rus-oil-cpc-2022"][0].verdict == NOT_CHECKABLE


@pytest.mark.realdata
def test_statements_and_unmeasured_figures_say_why(rows: dict[str, list]) -> None:  # type: ignore[type-arg]
    assert "border" in rows["ties.kaz-rus-border"][0].reason
    assert "deal" in rows["ties.kaz-usa-deal-boeing"][0].reason
    gas = rows["claims.claim-gas-exports-88bcm"][0]
    assert gas.verdict == NOT_CHECKABLE and "plan" in gas.reason
    assert "reserves" in rows["claims.claim-gas-reserves-63tcm"][0].reason
    assert rows["claims.claim-no-alternative"][0].verdict == NOT_CHECKABLE


def test_without_a_store_data_checks_say_how_to_import() -> None:
    results = ledger("kazakhstan", None, current_year=AS_OF)
    by_entry = {r.entry: r for r in results}
    assert NO_STORE in by_entry["ties.kaz-rus-igos-2014"].reason
    # the routes are checked from the casebook's cited reports, no store needed
    assert by_entry["ties.kaz-chn-oil-2023"].verdict == SUPPORTED
    summary = ledger_summary(results)
    assert list(summary) == list(VERDICTS) and sum(summary.values()) == len(results)


def test_a_repeated_ledger_is_kept_per_store_and_returned_as_a_copy(
    rows: dict[str, list],
    real_store: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[type-arg]
) -> None:
    """The ``rows`` fixture checked this ledger in this process: asked again for the same store file, case
    and year, no claim is checked again; a caller changing what it got does not change the kept ledger; a
    different year is checked anew."""
    import importlib

    ledger_module = importlib.import_module("multivector.claims.ledger")  # not the ledger() function

    checked: list[object] = []
    real_check = ledger_module.check_claim
    monkeypatch.setattr(ledger_module, "check_claim", lambda c, ev: checked.append(c) or real_check(c, ev))
    again = ledger("kazakhstan", real_store, current_year=AS_OF)
    assert checked == []
    assert sorted((str(r.entry), r.verdict) for r in again) == sorted(
        (entry, r.verdict) for entry, results in rows.items() for r in results
    )
    again[0].verdict = "changed"
    assert ledger("kazakhstan", real_store, current_year=AS_OF)[0].verdict != "changed"
    ledger("kazakhstan", real_store, current_year=AS_OF - 1)
    assert len(checked) == len(again)
