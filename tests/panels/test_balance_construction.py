"""How each panel dimension enters the balance: defence pledges, UN-vote equidistance, the composite's flags.

Hand-computed on the tiny store of tests/panels/conftest.py; the real-data checks use ``real_store``.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest

import multivector.panels.balance as pb
from multivector import dimensions as vocab
from multivector.indicators import balance as share_balance
from multivector.panels import add_alliances, add_unga, balance_over_time, create_dyad_years, ties_from_panel
from multivector.powers import EU27_MEMBERS
from multivector.store import Store
from multivector.store.memo import clear


@pytest.fixture
def few_votes(monkeypatch: pytest.MonkeyPatch) -> object:
    """The tiny store has three roll calls in 2013: let them count (the registry's minimum lowered to 1)."""
    spec = vocab.DIMENSIONS["unga"]
    monkeypatch.setitem(
        vocab.DIMENSIONS, "unga", dataclasses.replace(spec, evidence=vocab.Evidence("votes", 1, "test"))
    )
    clear()
    yield None
    clear()


def test_constructions_come_from_the_registry() -> None:
    data = set(vocab.data_dimensions())
    assert data == {"security", "alliances", "trade", "unga", "events"}
    assert {d for d in data if vocab.DIMENSIONS[d].comparable} == {"security", "alliances", "trade", "events"}
    assert vocab.DIMENSIONS["unga"].construction == "vote-equidistance"
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
    # the panel does hold the other pledge types: a tie that counted them (RUS 3, EU27 1) or any ATOP
    # pledge (RUS 1, EU27 1) would give EU27 a tie and a balance above 0
    types = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    in_2013 = panel[panel["year"] == 2013].set_index("partner_iso3")
    assert in_2013[types].sum(axis=1).to_dict() == {"RUS": 3, "CHN": 0, "USA": 0, "EU27": 1}
    assert in_2013["atop_any"].to_dict() == {"RUS": 1, "CHN": 0, "USA": 0, "EU27": 1}


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
    # the shares-of-agreement construction on the same ties: near 1
    ties = ties_from_panel(add_unga(create_dyad_years("KAZ", years=(2013, 2013)), tiny_store), ["unga"])
    by_shares = share_balance(ties).iloc[0]["balance"]
    shares = np.array([5, 4, 1, 4]) / 14
    assert by_shares == pytest.approx(-(shares * np.log(shares)).sum() / np.log(4))
    assert by_shares > 0.9 > row["balance"]


def test_unga_below_its_minimum_is_kept_and_flagged(tiny_store: Path) -> None:
    assert vocab.DIMENSIONS["unga"].evidence.minimum == 30
    table = balance_over_time("KAZ", ["unga"], (2012, 2014), tiny_store)
    # three roll calls: the row is there with its evidence, flagged, and without a benchmark for the
    # powers' own agreement (they share three roll calls too) the equidistance is undefined
    row = table.iloc[0]
    assert table["year"].tolist() == [2013]
    assert (row["evidence_kind"], row["evidence"], row["evidence_min"]) == ("votes", 3, 30)
    assert not row["evidence_ok"] and "3 votes, below the minimum of 30" in row["note"]
    assert np.isnan(row["balance"])
    panel = add_unga(create_dyad_years("KAZ", years=(2013, 2013)), tiny_store)
    assert len(ties_from_panel(panel, ["unga"])) == 4  # the ties stay; the evidence decides


# --------------------------------------------------------------------------- real data
def _equidistance_from_votes(store: Path, country: str, year: int) -> float:
    """The vote equidistance of ``country`` in ``year`` computed here from the raw votes (table
    ``unga_votes``, Voeten's file): Voeten's agreement 1 - mean |v1 - v2| / 2 over the joint roll calls
    that are not unanimous among all voters (codes 1 yes, 2 abstain, 3 no); EU27 = the mean over the
    members that cast at least half of the year's roll calls; then 1 - sum_{i<j} |a_i - a_j| /
    sum_{i<j} (1 - a_ij) over the six pairs of powers."""
    with Store(store, read_only=True) as st:
        votes = st.query_df(f"SELECT vote_id, iso3, vote_code FROM unga_votes WHERE year = {int(year)}")
    n_rollcalls = votes["vote_id"].nunique()
    votes = votes[votes["vote_code"].isin([1, 2, 3])]
    cast = votes.groupby("iso3")["vote_id"].nunique()
    kinds = votes.groupby("vote_id")["vote_code"].nunique()
    votes = votes[votes["vote_id"].isin(kinds[kinds > 1].index)]
    wide = votes.pivot_table(index="vote_id", columns="iso3", values="vote_code", aggfunc="first")
    members = [m for m in sorted(EU27_MEMBERS) if cast.get(m, 0) >= n_rollcalls / 2]

    def agree(a: str, b: str) -> float:
        if a == "EU27" or b == "EU27":
            other = b if a == "EU27" else a
            return float(np.mean([agree(m, other) for m in members]))
        both = wide[[a, b]].dropna()
        return float(1 - (both[a] - both[b]).abs().mean() / 2)

    powers = ["RUS", "CHN", "USA", "EU27"]
    own = [agree(country, p) for p in powers]
    pairs = list(itertools.combinations(range(4), 2))
    spread = sum(abs(own[i] - own[j]) for i, j in pairs)
    span = sum(1 - agree(powers[i], powers[j]) for i, j in pairs)
    return 1 - spread / span


@pytest.mark.realdata
def test_kazakhstan_unga_equidistance_is_not_near_one(real_store: Path) -> None:
    table = balance_over_time("KAZ", ["unga"], (1992, 2024), real_store)
    covered = table[table["evidence_ok"]]
    assert covered["year"].min() <= 1993 and covered["year"].max() == 2023  # 2024: a few roll calls
    assert not table.set_index("year").loc[2024, "evidence_ok"]
    table = covered
    assert table["balance"].between(0, 1).all()
    assert table["balance"].max() < 0.7
    # 2023 from the raw votes (88 roll calls, none unanimous; all 27 EU members vote): agreement of KAZ
    # with RUS 0.642, CHN 0.831, USA 0.340, EU27 0.640; the powers' own 0.787 (RUS-CHN) ... 0.700
    # (USA-EU27); equidistance 0.495
    expected = _equidistance_from_votes(real_store, "KAZ", 2023)
    assert expected == pytest.approx(0.495, abs=0.001)
    assert table.set_index("year").loc[2023, "balance"] == pytest.approx(expected, rel=1e-9)
    assert (table["largest_power"] == "CHN").sum() > len(table) / 2  # closest to China in most years
    # the shares-of-agreement construction on the same ties: 0.9 and more in every year
    panel = add_unga(create_dyad_years("KAZ", years=(1992, 2023)), real_store)
    by_shares = share_balance(ties_from_panel(panel, ["unga"]))
    assert by_shares["balance"].min() > 0.9


@pytest.mark.realdata
def test_kazakhstan_alliances_defence_pledge_with_russia_only(real_store: Path) -> None:
    # the raw ATOP dyad-years: Kazakhstan's defence pledges among the powers (EU members counting as EU27)
    # are with Russia alone, in every year 1992-2018 (the others: ARM, AZE, BLR, GEO, KGZ, TJK, UZB)
    powers = ["RUS", "CHN", "USA", *sorted(EU27_MEMBERS)]
    with Store(real_store, read_only=True) as st:
        pledges = st.query_df(
            "SELECT partner_iso3, count(*) AS years FROM atop WHERE iso3 = 'KAZ' AND defense = 1"
            f" AND year BETWEEN 1995 AND 2018 AND partner_iso3 IN ({', '.join(repr(p) for p in powers)})"
            " GROUP BY 1"
        )
    assert pledges.set_index("partner_iso3")["years"].to_dict() == {"RUS": 24}
    table = balance_over_time("KAZ", ["alliances"], (1995, 2018), real_store)
    assert table["year"].tolist() == list(range(1995, 2019))
    assert (table["balance"] == 0.0).all()
    assert (table["largest_power"] == "RUS").all()
