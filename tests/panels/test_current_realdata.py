"""Issue 11 on the real data: current trade with its basis, SIPRI's 2026 release, UN votes of 2025, the
influence index 1994-2024. Expected values come from the SOURCE.md spot checks of each folder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from multivector.panels import (
    add_alliances,
    add_arms,
    add_igos,
    add_influence,
    add_trade,
    add_unga,
    create_dyad_years,
)
from multivector.panels.trade_compare import trade_bases

pytestmark = pytest.mark.realdata
POWERS = ["RUS", "CHN", "USA", "EU"]


@pytest.fixture(scope="module")
def kaz_trade(real_store: Path) -> pd.DataFrame:
    return add_trade(create_dyad_years("KAZ", POWERS, (1994, 2024)), real_store)


def test_kaz_trade_shares_1994_2023_and_the_cells_that_cannot_be_filled(kaz_trade: pd.DataFrame) -> None:
    wide = kaz_trade.pivot(index="year", columns="partner_iso3", values="trade_dependence")
    missing = {(int(y), p) for y, row in wide.iterrows() for p, v in row.items() if np.isnan(v)}
    # WITS's 2015-2017 and 2024 extract has Kazakh exports only to China, Russia and EU+UK (SOURCE.md):
    # the USA's and the EU27's shares cannot be computed on that basis, and are not mixed from another
    assert missing == {(y, p) for y in (2015, 2016, 2017, 2024) for p in ("USA", "EU27")}
    notes = kaz_trade.set_index(["year", "partner_iso3"])["trade_note"]
    assert "exports with USA unknown in 2016" in notes[(2016, "USA")]
    basis = kaz_trade.groupby("year")["trade_basis"].first()
    assert set(basis.loc[1994:2014]) == {"cow"} and set(basis.loc[2015:2017]) == {"comtrade"}
    assert set(basis.loc[2018:2023]) == {"national_statistics"} and basis[2024] == "comtrade"
    breaks = kaz_trade.groupby("year")["trade_basis_break"].any()
    assert sorted(breaks[breaks].index) == [2015, 2018, 2024]
    # BNS 2023: China 30.06 bn of 139.55 bn (SOURCE.md); COW 2014: China 0.23
    assert wide.loc[2023, "CHN"] == pytest.approx(30.06 / 139.55, abs=0.001)
    assert wide.loc[2014, "CHN"] == pytest.approx(0.23, abs=0.01)


def test_uzbekistan_and_kyrgyzstan_2010_2023(real_store: Path) -> None:
    df = add_trade(create_dyad_years(["UZB", "KGZ"], POWERS, (2010, 2023)), real_store)
    assert df["trade_dependence"].notna().all()
    later = df[df["year"] >= 2015]
    assert set(later["trade_basis"]) == {"national_statistics"}
    assert later["trade_source"].str.contains("stat.uz|NSC").all()
    kgz_2023 = df[(df["iso3"] == "KGZ") & (df["year"] == 2023)]
    assert kgz_2023["trade_preliminary"].all()  # NSC: 2023 imports preliminary


def test_trade_bases_china_customs_beside_the_bureau(real_store: Path) -> None:
    table = trade_bases("KAZ", "CHN", 2023, real_store)
    total = table[(table["flow"] == "total") & (table["period"] == "full_year")]
    bns = total[(total["basis"] == "national_statistics") & total["selected"]]
    assert bns["value_musd"].iloc[0] == pytest.approx(30055.39, abs=0.1)  # BNS 30.06 bn
    gacc = total[(total["basis"] == "cited") & (total["side"] == "partner")]
    assert gacc["value_musd"].tolist() == [41000.0]  # China's customs, hand-copied in trade/
    assert gacc["reporter_iso3"].iloc[0] == "CHN"


def test_trade_bases_past_the_data_select_nothing(real_store: Path) -> None:
    """A year no basis covers for the country (China as reporter after COW's 2014; KAZ in 2026) lists what
    there is and selects nothing: it used to raise "boolean value of NA is ambiguous"."""
    china = trade_bases("CHN", "KAZ", (2014, 2016), real_store)
    assert not china[china["year"] > 2014]["selected"].any()
    assert china[china["year"] == 2014]["selected"].any()  # COW still covers 2014
    kaz = trade_bases("KAZ", "CHN", (2023, 2026), real_store)
    assert kaz[kaz["year"] == 2023]["selected"].sum() == 3  # exports, imports, total on BNS
    assert not kaz[kaz["year"] >= 2025]["selected"].any()


def test_kaz_arms_2024_from_the_2026_release(real_store: Path) -> None:
    df = add_arms(create_dyad_years("KAZ", POWERS, (2020, 2024)), real_store)
    assert set(df["arms_release"]) == {"sipri_register_2024: trade register generated 2026-02-13 (1990-2024)"}
    share = df[df["year"] == 2024].set_index("partner_iso3")["arms_supplier_share_5y"]
    assert share["RUS"] == pytest.approx(0.884, abs=0.001)  # SOURCE.md: 88.4% for 2020-2024
    assert df.loc[(df["year"] == 2024), "arms_tiv_all"].iloc[0] == pytest.approx(550.16, abs=0.01)


def test_un_votes_2025_and_the_flags(real_store: Path) -> None:
    df = add_unga(create_dyad_years(["KAZ", "TUR"], ["RUS", "CHN", "USA"], (2023, 2025)), real_store)
    kaz = df[(df["iso3"] == "KAZ") & (df["year"] == 2025)].set_index("partner_iso3")
    # SOURCE.md: same vote (both present) 74.3% (n = 187), 90.4%, 2.7%
    assert kaz.loc["RUS", "unga_same_vote"] == pytest.approx(0.743, abs=0.001)
    assert kaz.loc["RUS", "unga_n_votes"] == 187
    assert kaz.loc["CHN", "unga_same_vote"] == pytest.approx(0.904, abs=0.001)
    assert kaz.loc["USA", "unga_same_vote"] == pytest.approx(0.027, abs=0.001)
    assert kaz["unga_state_dept"].notna().all()
    y2024 = df[df["year"] == 2024]
    assert y2024["unga_partial_year"].all() and y2024["unga_coverage"].iloc[0] == pytest.approx(156 / 366)
    tur = df[(df["iso3"] == "TUR") & (df["year"] == 2023)]
    assert tur["unga_low_participation"].all() and tur["unga_agreement"].isna().all()
    assert tur["unga_participation"].iloc[0] == pytest.approx(9 / 88)  # 9 of 88 roll calls cast


def test_influence_1994_2024_without_gaps(real_store: Path) -> None:
    df = create_dyad_years("KAZ", POWERS, (1992, 2024))
    for step in (add_trade, add_arms, add_alliances, add_igos, add_unga):
        df = step(df, real_store)
    out = add_influence(df)
    wide = out.pivot(index="year", columns="partner_iso3", values="influence_index")
    assert wide.loc[1994:2024].notna().all().all()
    assert wide.loc[1992:1993].isna().all().all()  # COW's 1992-93 Soviet gap: no trade shares
    # the old per-row renormalisation dropped China from 0.037 (2014) to 0.000 (2015) when COW ended; now
    # 2015 carries 2014's trade shares and moves only with arms and votes
    assert abs(wide.loc[2015, "CHN"] - wide.loc[2014, "CHN"]) < 0.005
    carried = out[(out["partner_iso3"] == "CHN") & (out["year"] == 2024)]["influence_carried"].iloc[0]
    expected = "bw_trade from 2023; bw_igos from 2014; bw_alliance from 2018; dep_trade from 2023; "
    assert carried == expected + "dep_alliance from 2018"
