"""How each panel dimension enters the balance: defence pledges, UN-vote equidistance, the composite's flags.

Hand-computed on the tiny store of tests/panels/conftest.py; the real-data checks use ``real_store``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import multivector.panels.balance as pb
from multivector.indicators import balance as share_balance
from multivector.panels import (
    add_alliances,
    add_balance,
    add_unga,
    balance_over_time,
    compare,
    create_country_years,
    create_dyad_years,
    rank,
    ties_from_panel,
)


@pytest.fixture
def few_votes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tiny store has three roll calls in 2013: let them count."""
    monkeypatch.setattr(pb, "UNGA_MIN_VOTES", 1)


def test_constructions_cover_every_dimension() -> None:
    assert set(pb.CONSTRUCTION) == set(pb.DIMENSIONS)
    assert set(pb.COMPARABLE) == {"trade", "arms", "alliances", "events"}
    assert pb.CONSTRUCTION["unga"] == "vote-equidistance"
    assert pb.BALANCE_COLUMNS[-2:] == ("construction", "comparable")


# --------------------------------------------------------------------------- alliances: defence pledges
def test_alliances_are_defence_pledges_not_pledge_types(tiny_store: Path) -> None:
    # tiny ATOP: KAZ-RUS defence + non-aggression + consultation; KAZ-DEU consultation only
    panel = add_alliances(create_dyad_years("KAZ", years=(2012, 2014)), tiny_store)
    ties = ties_from_panel(panel, ["alliances"])
    values = ties[ties["year"] == 2013].set_index("partner")["value"].to_dict()
    assert values == {"RUS": 1.0, "CHN": 0.0, "USA": 0.0, "EU27": 0.0}
    table = balance_over_time("KAZ", ["alliances"], (2012, 2014), tiny_store)
    assert table["balance"].tolist() == [0.0, 0.0, 0.0]  # a defence pledge with Russia only
    row = table.iloc[0]
    assert row["largest_power"] == "RUS" and row["tilt_rus"] == 1.0
    assert row["unit"] == "defence pledge (0/1)"
    assert row["construction"] == "defence-pledge-presence" and row["comparable"]
    # the old pledge-type count (RUS 3, EU27 1) would have read as fairly balanced
    old = -(0.75 * np.log(0.75) + 0.25 * np.log(0.25)) / np.log(4)
    assert old == pytest.approx(0.4056, abs=1e-4)


# --------------------------------------------------------------------------- UN votes: equidistance
def test_unga_equidistance_by_hand(tiny_store: Path, few_votes: None) -> None:
    # agreement (1 - mean |v1 - v2| / 2) over r1-r3: KAZ with RUS 5/6, CHN 4/6, USA 1/6, EU27 (DEU 4/6,
    # FRA 4/6) 4/6; the powers: RUS-CHN 1/2, RUS-USA 1/3, RUS-EU27 (5/6 + 1/2)/2 = 2/3, CHN-USA 1/2,
    # CHN-EU27 1/3, USA-EU27 1/2. Spread = 1/6 + 4/6 + 1/6 + 3/6 + 0 + 3/6 = 2;
    # span = 1/2 + 2/3 + 1/3 + 1/2 + 2/3 + 1/2 = 19/6; equidistance = 1 - 12/19 = 7/19.
    table = balance_over_time("KAZ", ["unga"], (2012, 2014), tiny_store)
    assert table["year"].tolist() == [2013]
    row = table.iloc[0]
    assert row["balance"] == pytest.approx(7 / 19)
    assert row["largest_power"] == "RUS"  # the closest power
    assert row["construction"] == "vote-equidistance" and not row["comparable"]
    assert row["unit"] == "vote equidistance (0-1)"
    for col in ("tilt_rus", "tilt_chn", "tilt_west", "tilt_strength", "largest_exposure", "power_share"):
        assert np.isnan(row[col]), col
    assert row["tilt_lean"] is None
    # the old construction, shares of agreement, on the same ties: near 1
    ties = ties_from_panel(add_unga(create_dyad_years("KAZ", years=(2013, 2013)), tiny_store), ["unga"])
    old = share_balance(ties).iloc[0]["balance"]
    shares = np.array([5, 4, 1, 4]) / 14
    assert old == pytest.approx(-(shares * np.log(shares)).sum() / np.log(4))
    assert old > 0.9 > row["balance"]


def test_unga_needs_enough_roll_calls(tiny_store: Path) -> None:
    assert pb.UNGA_MIN_VOTES == 30
    assert balance_over_time("KAZ", ["unga"], (2012, 2014), tiny_store).empty
    panel = add_unga(create_dyad_years("KAZ", years=(2013, 2013)), tiny_store)
    assert ties_from_panel(panel, ["unga"]).empty
    assert len(ties_from_panel(panel, ["unga"], unga_min_votes=3)) == 4
    assert ties_from_panel(panel, ["unga"], unga_min_votes=4).empty


# --------------------------------------------------------------------------- the composite
def test_compare_leaves_unga_out_and_says_so(tiny_store: Path, few_votes: None) -> None:
    dims = ["trade", "alliances", "unga"]
    row = compare(["KAZ"], year=2013, store=tiny_store, dimensions=dims).iloc[0]
    assert row["dimensions_used"] == "trade,alliances"
    assert row["dimensions_excluded"] == "unga"
    assert row["coverage"] == 1.0
    assert row["balance"] == pytest.approx((row["balance_trade"] + row["balance_alliances"]) / 2)
    assert row["balance_unga"] == pytest.approx(7 / 19)
    assert row["constructions"] == (
        "trade=share-of-flows,alliances=defence-pledge-presence,unga=vote-equidistance"
    )
    both = compare(["KAZ"], year=2013, store=tiny_store, dimensions=dims, include_noncomparable=True).iloc[0]
    assert both["dimensions_used"] == "trade,alliances,unga"
    assert both["dimensions_excluded"] == ""
    assert both["balance"] == pytest.approx((row["balance_trade"] + row["balance_alliances"] + 7 / 19) / 3)
    # the tilt is averaged over the dimensions that have one (UN votes have none)
    assert both["tilt_rus"] == pytest.approx(row["tilt_rus"])
    ranked = rank(["KAZ"], year=2013, store=tiny_store, dimensions=dims, include_noncomparable=True)
    assert ranked.iloc[0]["balance"] == pytest.approx(both["balance"])


def test_explicit_weights_on_unga_still_need_the_flag(tiny_store: Path, few_votes: None) -> None:
    row = compare(["KAZ"], year=2013, store=tiny_store, dimensions=["trade", "unga"], weights={"unga": 1.0})
    assert row.iloc[0]["dimensions_used"] == "" and np.isnan(row.iloc[0]["balance"])
    assert row.iloc[0]["dimensions_excluded"] == "trade,unga"


def test_add_balance_mean_over_comparable_dimensions(tiny_store: Path, few_votes: None) -> None:
    cy = create_country_years(["KAZ"], (2013, 2013))
    out = add_balance(cy, tiny_store, dimensions=["trade", "alliances", "unga"]).iloc[0]
    assert out["balance_unga"] == pytest.approx(7 / 19)
    assert np.isnan(out["tilt_rus_unga"])
    assert out["balance_mean"] == pytest.approx((out["balance_trade"] + out["balance_alliances"]) / 2)
    assert out["balance_dimensions"] == 2
    more = add_balance(cy, tiny_store, dimensions=["trade", "alliances", "unga"], include_noncomparable=True)
    assert more.iloc[0]["balance_dimensions"] == 3


# --------------------------------------------------------------------------- real data
@pytest.mark.slow
@pytest.mark.realdata
def test_kazakhstan_unga_no_longer_near_one(real_store: Path) -> None:
    table = balance_over_time("KAZ", ["unga"], (1992, 2024), real_store)
    assert table["year"].min() <= 1993 and table["year"].max() == 2023  # 2024: six roll calls, left out
    assert table["balance"].between(0, 1).all()
    assert table["balance"].max() < 0.7
    assert table.set_index("year").loc[2023, "balance"] == pytest.approx(0.495, abs=0.01)
    assert (table["largest_power"] == "CHN").sum() > len(table) / 2  # closest to China in most years
    # the shares-of-agreement construction on the same ties: 0.9 and more in every year
    panel = add_unga(create_dyad_years("KAZ", years=(1992, 2023)), real_store)
    old = share_balance(ties_from_panel(panel, ["unga"]))
    assert old["balance"].min() > 0.9


@pytest.mark.realdata
def test_kazakhstan_alliances_defence_pledge_with_russia_only(real_store: Path) -> None:
    table = balance_over_time("KAZ", ["alliances"], (1995, 2018), real_store)
    assert (table["balance"] == 0.0).all()
    assert (table["largest_power"] == "RUS").all()


@pytest.mark.realdata
def test_compare_central_asia_composite_is_share_based(real_store: Path) -> None:
    table = compare(store=real_store).set_index("country")
    comparable = [f"balance_{d}" for d in ("trade", "alliances", "arms", "events")]
    for code, row in table.iterrows():
        assert "unga" not in row["dimensions_used"].split(","), code
        assert row["dimensions_excluded"] == "unga", code
        used = [f"balance_{d}" for d in row["dimensions_used"].split(",")]
        assert set(used) <= set(comparable)
        assert row["balance"] == pytest.approx(pd.to_numeric(row[used]).mean()), code
    # Turkmenistan has no defence pledge with any power in 2018: no alliances balance, not its 2002 one
    assert np.isnan(table.loc["TKM", "balance_alliances"])
    assert "alliances=" not in table.loc["TKM", "as_of"]
    assert table.loc["KAZ", "balance_alliances"] == 0.0
    assert table.loc["KAZ", "balance"] < 0.6  # was 0.76 with pledge types and shares of agreement
