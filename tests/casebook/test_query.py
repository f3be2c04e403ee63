"""case_ties, headline_ties, find_figures, citation and timeline on the real built-in case."""

from __future__ import annotations

import pandas as pd
import pytest

import multivector.casebook as casebook
from multivector.casebook import (
    TIES_COLUMNS,
    Case,
    case_ties,
    citation,
    find_figures,
    format_amount,
    headline_ties,
    load_case,
    source_of,
    tie_year,
    timeline,
)
from multivector.errors import CasebookError


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case("kazakhstan")


def _values(frame: pd.DataFrame) -> dict[str, float]:
    return frame.groupby("partner")["value"].sum().round(6).to_dict()


def test_public_names_are_pinned() -> None:
    assert sorted(casebook.__all__) == sorted(
        [
            "BUILTIN_DIR", "DIMENSIONS", "ONE_OFF_KINDS", "TIES_COLUMNS", "TIMELINE_COLUMNS",
            "Actor", "Agreement", "Amount", "Case", "Claim", "Dimension", "Flow", "Infrastructure",
            "Ownership", "Source", "Tie",
            "case_ties", "citation", "find_figures", "format_amount", "headline_ties", "list_cases",
            "load_case", "source_of", "tie_year", "timeline",
        ]
    )  # fmt: skip
    for name in casebook.__all__:
        assert hasattr(casebook, name)


def test_case_ties_columns_and_types(case: Case) -> None:
    ties = case_ties(case)
    assert tuple(ties.columns) == TIES_COLUMNS
    assert str(ties["year"].dtype) == "Int64"
    assert ties["value"].dtype == "float64"
    assert ties["value"].notna().all() and (ties["value"] >= 0).all()
    assert ties["unit"].notna().all()
    assert ties["tie_id"].is_unique
    assert len(ties) == sum(1 for t in case.ties if t.value is not None)


def test_case_ties_fdi_2022(case: Case) -> None:
    ties = case_ties(case)
    fdi = ties[(ties["kind"] == "fdi_inflow") & (ties["year"] == 2022)]
    assert _values(fdi) == {"USA": 5.1, "EU27": 12.5, "RUS": 1.5, "CHN": 1.4, "WLD": 28.0}
    assert set(fdi["unit"]) == {"billion USD"}
    assert set(fdi["dimension"]) == {"investment"}
    assert fdi.set_index("partner").loc["EU27", "source"] == "kazinform-pm-europe"


def test_case_ties_year_is_end_of_period(case: Case) -> None:
    ties = case_ties(case).set_index("tie_id")
    assert ties.loc["kaz-rus-arms-share-1992-2021", "year"] == 2021
    assert ties.loc["kaz-wld-fdi-cumulative-1993-2019", "year"] == 2019
    assert pd.isna(ties.loc["kaz-rus-border", "year"])
    assert pd.isna(ties.loc["kaz-chn-gas-exports-approx", "year"])


def test_case_ties_keeps_bases_apart(case: Case) -> None:
    ties = case_ties(case)
    chn_2023 = ties[(ties["partner"] == "CHN") & (ties["year"] == 2023) & (ties["kind"] == "trade_turnover")]
    by_basis = chn_2023.groupby("basis")["value"].apply(sorted).to_dict()
    assert by_basis == {"Kazakhstan official statistics": [21.7, 31.5], "China customs (GACC)": [41.0]}


def test_headline_ties_picks_one_group_per_dimension(case: Case) -> None:
    head = headline_ties(case)
    assert tuple(head.columns) == TIES_COLUMNS
    assert list(dict.fromkeys(head["dimension"])) == list(casebook.DIMENSIONS)
    for _, group in head.groupby("dimension"):
        for column in ("kind", "unit", "basis", "year"):
            assert group[column].nunique(dropna=False) == 1, column
    assert (head["country"] == "KAZ").all()


def test_headline_investment_is_fdi_2022_with_world_total(case: Case) -> None:
    head = headline_ties(case)
    inv = head[head["dimension"] == "investment"]
    assert _values(inv) == {"USA": 5.1, "EU27": 12.5, "RUS": 1.5, "CHN": 1.4, "WLD": 28.0}
    assert set(inv["kind"]) == {"fdi_inflow"} and set(inv["year"]) == {2022}


def test_headline_trade_is_kazakh_statistics_2022(case: Case) -> None:
    head = headline_ties(case)
    trade = head[head["dimension"] == "trade"]
    assert _values(trade) == {"RUS": 26.1, "CHN": 24.1, "EU27": 39.9, "UZB": 5.0}
    assert set(trade["basis"]) == {"Kazakhstan official statistics"}


def test_headline_energy_is_jan_oct_2024_route_split(case: Case) -> None:
    head = headline_ties(case)
    energy = head[head["dimension"] == "energy"]
    assert _values(energy) == {"RUS": 55.1, "CHN": 1.0, "DEU": 1.2, "AZE": 1.2}
    assert set(energy["year"]) == {2024}


def test_headline_security_diplomacy_transit_technology(case: Case) -> None:
    head = headline_ties(case)
    security = head[head["dimension"] == "security"]
    assert _values(security) == {"RUS": 94.0, "WLD": 100.0}
    assert set(security["kind"]) == {"arms_imports_share"}
    diplomacy = head[head["dimension"] == "diplomacy"]
    assert _values(diplomacy) == {"RUS": 47.0, "CHN": 36.0, "DEU": 35.0, "USA": 34.0}
    transit = head[head["dimension"] == "transit"]
    assert set(transit["kind"]) == {"transit"}  # a recurring flow beats the one-off Wabtec deal
    assert _values(transit) == {"RUS": 9979.0}
    technology = head[head["dimension"] == "technology"]
    assert _values(technology) == {"USA": 7.0}


def test_headline_on_a_case_without_ties() -> None:
    empty = Case.model_validate(
        {"id": "x", "name": "X", "country": "KAZ", "sources": [{"id": "s", "kind": "web", "title": "t"}]}
    )
    head = headline_ties(empty)
    assert head.empty and tuple(head.columns) == TIES_COLUMNS


def test_find_figures(case: Case) -> None:
    assert find_figures(case, 44, "billion USD") == [("ties", "kaz-chn-trade-2024")]
    assert find_figures(case, 44, "BILLION  usd") == [("ties", "kaz-chn-trade-2024")]
    assert ("infrastructure", "cpc") in find_figures(case, 81.5, "million tonnes per year")
    assert ("infrastructure", "cpc") in find_figures(case, 67)
    hits = find_figures(case, 9979, "thousand tonnes")
    assert ("ties", "kaz-rus-oil-transit-kcp-2023") in hits
    assert ("infrastructure", "kazakhstan-china-oil") in hits
    assert find_figures(case, 44, "km") == []
    assert find_figures(case, 44.0000001, "billion USD") == []
    assert find_figures(case, 44.0000001, "billion USD", rel_tol=1e-6) == [("ties", "kaz-chn-trade-2024")]
    assert ("claims", "claim-gas-reserves-63tcm") in find_figures(case, 63)


def test_source_of_and_citation(case: Case) -> None:
    assert source_of(case, "fn3").number == 3
    with pytest.raises(CasebookError, match="no source"):
        source_of(case, "fn99")
    declaration = citation(case, "kaz-rus-alliance-declaration-2025")
    assert [s.id for s in declaration] == ["article", "fn3"]
    cpc = citation(case, "cpc")
    assert {"kmg-ar2020-oil-transport", "trend-moe-2024-11"} <= {s.id for s in cpc}
    assert citation(case, source_of(case, "fn1")) == [source_of(case, "fn1")]
    with pytest.raises(CasebookError, match="no entry"):
        citation(case, "no-such-entry")


def test_timeline(case: Case) -> None:
    tl = timeline(case)
    assert list(tl.columns) == list(casebook.TIMELINE_COLUMNS)
    assert tl["date"].is_monotonic_increasing
    assert len(tl) == len(case.agreements)
    last = tl.iloc[-1]
    assert last["id"] == "kaz-rus-alliance-declaration-2025"
    assert last["date"] == pd.Timestamp("2025-11-12") and last["parties"][:2] == ["KAZ", "RUS"]
    meeting_day = tl[tl["date"] == pd.Timestamp("2025-11-06")]
    assert len(meeting_day) == 7
    wabtec = tl.set_index("id").loc["wabtec-locomotives-2025"]
    assert wabtec["amounts"] == "record 4.2 billion USD (supply of locomotives)"
    deere = tl.set_index("id").loc["john-deere-machinery-2025"]
    assert deere["amounts"].startswith("multi-billion dollar (value not stated")


def test_format_amount_keeps_precision() -> None:
    amount = casebook.Amount(value=0.30013, unit="billion USD", what="exports")
    assert format_amount(amount) == "0.30013 billion USD (exports)"
    big = casebook.Amount(value=400000, unit="barrels per day", what="capacity", qualifier="about")
    assert format_amount(big) == "about 400,000 barrels per day (capacity)"


def test_tie_year() -> None:
    raw = {"id": "t", "from": "KAZ", "to": "RUS", "dimension": "trade", "kind": "k", "sources": ["s"]}
    tie = casebook.Tie.model_validate({**raw, "period": "2023-01/2023-09"})
    assert tie_year(tie) == 2023
