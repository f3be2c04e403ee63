"""Facts on the real data (shared datasets): alliances, trade shares, UN votes, balance, CLI output."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from _helpers import run_cli
from multivector import dimensions as vocab
from multivector.assessment import assess, compare
from multivector.cli.main import _register, app
from multivector.panels import add_alliances, add_trade, add_unga, balance_over_time, create_dyad_years

_register()

pytestmark = pytest.mark.realdata


def test_kaz_rus_atop_defense_1992_2018(real_store: Path) -> None:
    df = add_alliances(create_dyad_years("KAZ", ["RUS", "CHN"], (1992, 2020)), real_store)
    rus = df[df["partner_iso3"] == "RUS"].set_index("year")["atop_defense"]
    assert (rus.loc[1992:2018] == 1).all()
    assert rus.loc[2019:2020].isna().all()
    assert (df.loc[(df["partner_iso3"] == "CHN") & (df["year"] <= 2018), "atop_defense"] == 0).all()


def test_kaz_trade_shares_2014(real_store: Path) -> None:
    df = add_trade(create_dyad_years("KAZ", ["RUS", "CHN"], (2013, 2016)), real_store)
    share = df[df["year"] == 2014].set_index("partner_iso3")["trade_dependence"]
    assert share["CHN"] == pytest.approx(0.23, abs=0.01)
    assert share["RUS"] == pytest.approx(0.22, abs=0.01)
    # COW ends in 2014; 2015-2016 come from Kazakhstan's Comtrade reports (WITS), marked as a basis change
    assert set(df.loc[df["year"] <= 2014, "trade_basis"]) == {"cow"}
    assert set(df.loc[df["year"] >= 2015, "trade_basis"]) == {"comtrade"}
    assert df.loc[df["year"] == 2015, "trade_basis_break"].all()


def test_kaz_votes_with_china_more_than_with_us_2000_2023(real_store: Path) -> None:
    df = add_unga(create_dyad_years("KAZ", ["CHN", "USA"], (2000, 2023)), real_store)
    wide = df.pivot(index="year", columns="partner_iso3", values="unga_same_vote")
    assert wide.notna().all().all()
    assert (wide["CHN"] > wide["USA"]).all(), wide[wide["CHN"] <= wide["USA"]]


def test_balance_over_time_kaz(real_store: Path) -> None:
    table = balance_over_time("KAZ", store=real_store)
    trade = table[table["dimension"] == "trade"]
    # COW does not record trade among the former Soviet republics in 1992-93 (its zeros with Russia are not
    # measurements): Kazakhstan's trade balance starts in 1994 and runs on COW to 2014; Kazakhstan's Comtrade
    # reports of 2015-2017 and 2024 lack its exports to the USA and the EU27 (no balance of four powers), and
    # its statistics bureau covers 2018-2023.
    assert sorted(trade["year"]) == [*range(1994, 2015), *range(2018, 2024)]
    assert trade["balance"].notna().all() and trade["balance"].between(0, 1).all()
    assert set(table["dimension"]) == set(vocab.data_dimensions())
    assert (table["source"].notna()).all()
    # the other dimensions still start in 1992 where their source covers it
    first = table.groupby("dimension")["year"].min()
    assert first["alliances"] == 1992 and first["unga"] == 1992
    built = table.groupby("dimension")["construction"].unique()
    assert list(built["unga"]) == ["vote-equidistance"] and list(built["trade"]) == ["share-of-flows"]
    assert not table.loc[table["dimension"] == "unga", "comparable"].any()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_panel_writes_file(real_store: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"panel{suffix}"
    args = ["panel", "KAZ", "--partners", "RUS,CHN,USA,EU", "--years", "2010-2016", "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--store", str(real_store)])
    assert result.exit_code == 0, result.output
    assert "wrote 28 rows" in result.output and "trade flows and shares" in result.output
    df = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert len(df) == 28
    for col in (
        "iso3",
        "partner_iso3",
        "year",
        "trade_dependence",
        "arms_supplier_share_5y",
        "atop_defense",
        "igo_shared",
        "unga_agreement",
        "events_total",
        "influence_index",
    ):
        assert col in df.columns
    assert set(df["partner_iso3"]) == {"RUS", "CHN", "USA", "EU27"}


def test_cli_compare_json_is_the_library_compare(
    real_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "compare", "KAZ", "UZB", "--format", "json", "--store", str(real_store))
    assert code == 0, err
    rows = {r["country"]: r for r in json.loads(out)["countries"]}
    lib = compare(["KAZ", "UZB"], store=real_store).set_index("country")
    for country in ("KAZ", "UZB"):
        assert rows[country]["balance"] == pytest.approx(lib.loc[country, "balance"])
        assert rows[country]["balance"] == pytest.approx(assess(country, store=real_store).composite.balance)
    code, out, _ = run_cli(capsys, "compare", "KAZ", "UZB", "--store", str(real_store))
    flat = " ".join(out.split())
    assert code == 0 and "KAZ left out:" in flat and "unga:noncomparable" in flat
