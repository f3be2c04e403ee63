"""Facts on the real data (shared datasets): alliances, trade shares, UN votes, balance, CLI output."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from multivector.cli import commands_panel  # noqa: F401  (registers the commands)
from multivector.cli.main import app
from multivector.panels import (
    add_alliances,
    add_trade,
    add_unga,
    balance_over_time,
    compare,
    create_dyad_years,
)

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
    assert df.loc[df["year"] >= 2015, "trade_total"].isna().all()


def test_kaz_votes_with_china_more_than_with_us_2000_2023(real_store: Path) -> None:
    df = add_unga(create_dyad_years("KAZ", ["CHN", "USA"], (2000, 2023)), real_store)
    wide = df.pivot(index="year", columns="partner_iso3", values="unga_same_vote")
    assert wide.notna().all().all()
    assert (wide["CHN"] > wide["USA"]).all(), wide[wide["CHN"] <= wide["USA"]]


def test_balance_over_time_kaz(real_store: Path) -> None:
    table = balance_over_time("KAZ", store=real_store)
    trade = table[table["dimension"] == "trade"]
    # COW does not record trade among the former Soviet republics in 1992-93 (its zeros with Russia are not
    # measurements): Kazakhstan's trade balance starts in 1994, and runs every year to COW's last, 2014.
    assert sorted(trade["year"]) == list(range(1994, 2015))
    assert trade["balance"].notna().all() and trade["balance"].between(0, 1).all()
    assert set(table["dimension"]) == {"trade", "arms", "alliances", "unga", "events"}
    assert (table["source"].notna()).all()
    # the other dimensions still start in 1992 where their source covers it
    first = table.groupby("dimension")["year"].min()
    assert first["alliances"] == 1992 and first["unga"] == 1992
    built = table.groupby("dimension")["construction"].unique()
    assert list(built["unga"]) == ["vote-equidistance"] and list(built["trade"]) == ["share-of-flows"]
    assert not table.loc[table["dimension"] == "unga", "comparable"].any()


def test_compare_central_asia(real_store: Path) -> None:
    table = compare(store=real_store)
    assert list(table["country"]) == ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
    assert table["balance"].between(0, 1).all()


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_cli_panel_writes_file(real_store: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"panel{suffix}"
    args = ["panel", "KAZ", "--partners", "RUS,CHN,USA,EU", "--years", "2010-2016", "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--store", str(real_store)])
    assert result.exit_code == 0, result.output
    assert "wrote 28 rows" in result.output and "COW trade" in result.output
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


@pytest.mark.slow
def test_cli_compare_json(real_store: Path) -> None:
    result = CliRunner().invoke(
        app, ["compare", "KAZ", "UZB", "--format", "json", "--store", str(real_store)]
    )
    assert result.exit_code == 0, result.output
    assert '"country": "KAZ"' in result.output
    table = CliRunner().invoke(app, ["compare", "KAZ", "UZB", "--store", str(real_store)])
    assert table.exit_code == 0 and "KAZ" in table.output


@pytest.mark.slow
def test_cli_compare_marks_unga_and_the_excluded(real_store: Path) -> None:
    result = CliRunner().invoke(app, ["compare", "KAZ", "UZB", "--store", str(real_store)])
    assert result.exit_code == 0, result.output
    header = next(ln for ln in result.output.splitlines() if ln.strip().startswith("rank"))
    assert "unga\u2020" in header.split()
    assert "unga\u2020: vote equidistance, not a share of flows, not in the composite" in result.output
    for country in ("KAZ", "UZB"):
        line = next(ln for ln in result.output.splitlines() if ln.startswith(f"  {country}: "))
        assert line.endswith("(left out: unga)") and "unga=" not in line
    both = CliRunner().invoke(
        app,
        ["compare", "KAZ", "UZB", "--store", str(real_store), "--include-noncomparable", "--format", "json"],
    )
    rows = {r["country"]: r for r in json.loads(both.output)["countries"]}
    plain = compare(["KAZ", "UZB"], store=real_store).set_index("country")
    for country, row in rows.items():
        assert row["dimensions_excluded"] == "" and "unga" in row["dimensions_used"].split(",")
        assert plain.loc[country, "dimensions_excluded"] == "unga"


def test_cli_compare_before_a_dimension_starts_says_so(real_store: Path) -> None:
    """GDELT events start in 2013-2016: a 2010 comparison ranks on the other dimensions and says why."""
    result = CliRunner().invoke(app, ["compare", "KAZ", "UZB", "--year", "2010", "--store", str(real_store)])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())  # undo Rich's line wrapping
    assert "KAZ: trade=2010" in text and "events: no data up to 2010" in text
