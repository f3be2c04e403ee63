"""The assessment's rules on the tiny hand-made store (tests/_tiny.py), every expected value by hand.

The store, for Kazakhstan:
* trade 2013 (COW-style flows, million USD): RUS imports 10 + exports 5 = 15, CHN 20, EU27 = DEU 5 + FRA 5 =
  10, USA 0 (both are states with totals, no flow); world total 60 + 40 = 100. Balance over the four:
  q = (15, 20, 0, 10) / 45, H = -(1/3 ln 1/3 + 4/9 ln 4/9 + 2/9 ln 2/9) = 1.060857, / ln 4 = 0.765247.
  2014 has totals but no flows: no tie to any power, so no balance that year.
* security (SIPRI TIV, 5-year sums): RUS 10 a year 2010-2014, CHN 10 in 2014; coverage 2010-2014, so the
  first full window is 2010-2014: RUS 50, CHN 10, q = (5/6, 1/6), H = 0.450561, balance 0.325011.
* alliances: a defence pledge with Russia only, 2012-2014: balance 0.
* unga: three roll calls in 2013: evidence 3 of 30, and the powers' own agreement (the benchmark) has too
  few roll calls too, so no equidistance.
* events: 2013, cooperative either way: RUS 2, EU27 2 (DEU, EU), CHN 0 (conflict), USA 0: q = (1/2, 0, 0,
  1/2), balance ln 2 / ln 4 = 0.5, evidence 4 of 100 events.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from _helpers import run_cli
from multivector import dimensions as vocab
from multivector.assessment import assess, assess_series
from multivector.errors import InputError, StoreError

TRADE_2013 = 0.765247
SECURITY_2014 = 0.325011


def _by_dim(a):  # type: ignore[no-untyped-def]
    return {e.dimension: e for e in a.dimensions}


def test_every_dimension_listed_in_registry_order(tiny_store: Path) -> None:
    a = assess("KAZ", 2013, casebook=False, store=tiny_store)
    assert [e.dimension for e in a.dimensions] == list(vocab.DIMENSIONS)
    assert a.country == "KAZ" and a.name == "Kazakhstan" and a.year == 2013 and a.case is None


def test_figures_and_flags_in_2013(tiny_store: Path) -> None:
    d = _by_dim(assess("KAZ", 2013, casebook=False, store=tiny_store))
    assert d["trade"].balance == pytest.approx(TRADE_2013, abs=1e-6) and d["trade"].flags == []
    assert d["trade"].shares == pytest.approx(
        {"RUS": 0.15, "CHN": 0.20, "USA": 0.0, "EU27": 0.10, "OTHER": 0.55}
    )
    assert d["trade"].largest_power == "CHN" and d["trade"].largest_exposure == pytest.approx(0.20)
    assert d["trade"].origin == "data" and d["trade"].sources == ["data-cow_trade"]
    assert d["alliances"].balance == 0.0 and d["alliances"].in_composite
    # the security window 2010-2014 ends after 2013: no figure up to 2013
    assert d["security"].flags == ["no_data"] and d["security"].year is None
    assert d["events"].balance == pytest.approx(0.5)
    assert d["events"].flags == ["too_little_evidence"]
    assert (d["events"].evidence.count, d["events"].evidence.minimum) == (4, 100)
    assert d["unga"].flags == ["no_data"] and d["unga"].evidence.count == 3
    # casebook-only dimensions: no figure without a casebook
    for name in ("energy", "transit", "investment", "technology", "diplomacy"):
        assert d[name].flags == ["no_data"], name


def test_composite_is_the_mean_of_the_unflagged(tiny_store: Path) -> None:
    a = assess("KAZ", 2013, casebook=False, store=tiny_store)
    assert a.composite.dimensions_used == ["alliances", "trade"]
    assert a.composite.balance == pytest.approx((TRADE_2013 + 0.0) / 2, abs=1e-6)
    # coverage: 2 of the 8 comparable dimensions, weight 1 each
    assert len(vocab.comparable_dimensions()) == 8
    assert a.composite.coverage == pytest.approx(2 / 8)
    assert a.composite.years == {"alliances": 2013, "trade": 2013}
    assert a.composite.excluded == {"events": "too_little_evidence"}
    # the composite tilt is the mean of the two points: alliances (1, 0, 0), trade (1/3, 4/9, 2/9)
    assert a.composite.tilt.rus == pytest.approx((1 + 1 / 3) / 2, abs=1e-6)
    assert a.composite.tilt.chn == pytest.approx((4 / 9) / 2, abs=1e-6)


def test_one_weights_rule(tiny_store: Path) -> None:
    triple = assess("KAZ", 2013, casebook=False, store=tiny_store, weights={"trade": 3})
    assert triple.composite.balance == pytest.approx(3 * TRADE_2013 / 4, abs=1e-6)
    assert triple.weights["trade"] == 3 and triple.weights["alliances"] == 1  # unnamed keep 1
    no_alliances = assess("KAZ", 2013, casebook=False, store=tiny_store, weights={"alliances": 0})
    assert no_alliances.composite.balance == pytest.approx(TRADE_2013, abs=1e-6)
    assert "zero_weight" in _by_dim(no_alliances)["alliances"].flags
    with pytest.raises(InputError, match="unknown dimension 'arms'"):
        assess("KAZ", 2013, casebook=False, store=tiny_store, weights={"arms": 2})


def test_stale_figures_leave_the_composite(tiny_store: Path) -> None:
    d = _by_dim(assess("KAZ", 2016, casebook=False, store=tiny_store))
    assert d["trade"].year == 2013 and d["trade"].age == 3 and d["trade"].in_composite  # horizon 3
    d = _by_dim(assess("KAZ", 2017, casebook=False, store=tiny_store))
    assert d["trade"].age == 4 and d["trade"].flags == ["stale"]
    assert d["security"].year == 2014 and d["security"].balance == pytest.approx(SECURITY_2014, abs=1e-6)
    assert d["security"].in_composite and d["alliances"].in_composite  # ages 3, within 5 and 10


def test_latest_year_is_the_latest_with_a_figure(tiny_store: Path) -> None:
    a = assess("KAZ", casebook=False, store=tiny_store)
    assert a.year == 2014  # security and alliances have 2014 figures
    assert a.composite.dimensions_used == ["security", "alliances", "trade"]


def test_series_names_the_figure_year_and_never_carries_stale(tiny_store: Path) -> None:
    s = assess_series("KAZ", (2012, 2018), casebook=False, store=tiny_store)
    trade = s[s["dimension"] == "trade"].set_index("year")
    assert trade.loc[2013, "figure_year"] == 2013 and trade.loc[2016, "figure_year"] == 2013
    assert bool(trade.loc[2016, "in_composite"]) and trade.loc[2017, "flags"] == "stale"
    comp = s[s["dimension"] == "composite"].set_index("year")
    assert comp.loc[2012, "balance"] == 0.0  # alliances 2012 alone
    assert comp.loc[2013, "balance"] == pytest.approx(TRADE_2013 / 2, abs=1e-6)
    assert comp.loc[2017, "balance"] == pytest.approx(SECURITY_2014 / 2, abs=1e-6)  # trade stale by then
    assert comp.loc[2013, "coverage"] == pytest.approx(0.25)


def test_evidence_minimum_from_the_registry(tiny_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the UN-vote minimum lowered to 1 roll call the equidistance is 7/19 (worked in
    tests/panels/test_balance_construction.py): reported, flagged noncomparable, never in the composite."""
    spec = vocab.DIMENSIONS["unga"]
    low = dataclasses.replace(spec, evidence=vocab.Evidence("votes", 1, "test"))
    monkeypatch.setitem(vocab.DIMENSIONS, "unga", low)
    from multivector.store.memo import clear

    clear()
    d = _by_dim(assess("KAZ", 2013, casebook=False, store=tiny_store))
    clear()
    assert d["unga"].balance == pytest.approx(7 / 19, abs=1e-6)
    assert d["unga"].flags == ["noncomparable"] and not d["unga"].in_composite


def test_nothing_known_names_what_to_import(tiny_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StoreError, match=r"nothing to assess for MNG .*multivector data import all DIR"):
        assess("MNG", casebook=False, store=tiny_store)
    code, out, err = run_cli(capsys, "profile", "MNG", "--store", str(tiny_store))
    assert code == 2 and out == ""
    assert "nothing to assess for MNG" in " ".join(err.split())


def test_names_are_accepted(tiny_store: Path) -> None:
    assert assess("Kazakhstan", 2013, casebook=False, store=tiny_store).country == "KAZ"


def test_casebook_of_another_country_is_refused(tiny_store: Path) -> None:
    with pytest.raises(InputError, match="is about KAZ, not UZB"):
        assess("UZB", casebook="kazakhstan", store=tiny_store)


def test_to_dict_is_json_and_complete(tiny_store: Path) -> None:
    doc = assess("KAZ", 2013, casebook=False, store=tiny_store).to_dict()
    assert json.loads(json.dumps(doc)) == doc
    assert set(doc) == {"country", "name", "year", "case", "generated_with", "weights", "rules",
                        "dimensions", "composite", "sources", "notes"}  # fmt: skip
    assert doc["composite"]["balance"] == pytest.approx(TRADE_2013 / 2, abs=1e-6)
    assert [s["id"] for s in doc["sources"]][:2] == ["data-atop", "data-cow_trade"]
