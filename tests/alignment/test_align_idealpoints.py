"""Ideal points on simulated ordered-probit votes: recovery, interval coverage, sign, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from _helpers import country_names as _names
from _helpers import random_walk
from _helpers import simulate_votes as _simulate
from multivector.alignment import ideal_points
from multivector.errors import InputError


def test_static_recovers_simulated_thetas() -> None:
    rng = np.random.default_rng(7)
    n = 80
    theta = rng.normal(0, 1, n)
    theta[0] = 1.8  # USA: positive pole
    votes = _simulate(theta, 150, rng, 2001, _names(n))
    est = ideal_points(votes, method="static").set_index("iso3").loc[_names(n)]
    assert spearmanr(est["ideal_point"], theta).statistic > 0.95
    assert est.loc["USA", "ideal_point"] > 0
    # the latent scale is identified only up to location and scale (prior convention; logit vs the probit
    # truth), so put the truth on the estimate's scale (least squares) before checking coverage
    slope, intercept = np.polyfit(theta, est["ideal_point"], 1)
    truth = intercept + slope * theta
    covered = (est["lower"] <= truth) & (truth <= est["upper"])
    assert covered.mean() >= 0.85
    assert (est["lower"] < est["ideal_point"]).all() and (est["ideal_point"] < est["upper"]).all()
    assert list(est.reset_index().columns) == [
        "iso3",
        "year",
        "ideal_point",
        "se",
        "lower",
        "upper",
        "n_votes",
        "method",
    ]
    assert (est["method"] == "static").all()


def test_sign_follows_anchor() -> None:
    rng = np.random.default_rng(3)
    theta = rng.normal(0, 1, 40)
    theta[0] = -1.5  # the "USA" of this simulation sits at the negative end of the truth
    votes = _simulate(theta, 100, rng, 1990, _names(40))
    est = ideal_points(votes).set_index("iso3").loc[_names(40)]
    assert est.loc["USA", "ideal_point"] > 0
    assert spearmanr(est["ideal_point"], -theta).statistic > 0.9


def test_dynamic_recovers_random_walk_on_one_scale() -> None:
    rng = np.random.default_rng(11)
    n, years = 50, list(range(2000, 2006))
    theta = random_walk(rng, n, len(years), 0.2)
    votes = pd.concat([_simulate(theta[:, t], 60, rng, y, _names(n)) for t, y in enumerate(years)])
    est = ideal_points(votes, method="dynamic")
    truth = pd.DataFrame(
        {"iso3": np.repeat(_names(n), len(years)), "year": np.tile(years, n), "true": theta.ravel()}
    )
    merged = est.merge(truth, on=["iso3", "year"])
    assert len(merged) == n * len(years)
    assert spearmanr(merged["ideal_point"], merged["true"]).statistic > 0.95  # pooled: one scale
    for _, block in merged.groupby("year"):
        assert spearmanr(block["ideal_point"], block["true"]).statistic > 0.9
    assert (merged["method"] == "dynamic").all()
    assert (merged["se"] > 0).all()


def test_years_filter_and_unanimous_dropped() -> None:
    rng = np.random.default_rng(5)
    votes = pd.concat([_simulate(rng.normal(0, 1, 20), 30, rng, y, _names(20)) for y in (2000, 2001)])
    unanimous = pd.DataFrame({"vote_id": "u", "iso3": _names(20), "year": 2000, "vote_code": 1})
    est = ideal_points(pd.concat([votes, unanimous]), years=[2000])
    assert set(est["year"]) == {2000}
    assert est["n_votes"].max() <= 30


def test_final_passage_filter() -> None:
    rng = np.random.default_rng(9)
    votes = _simulate(rng.normal(0, 1, 20), 30, rng, 2000, _names(20))
    rollcalls = pd.DataFrame({"vote_id": [f"2000_{j}" for j in range(30)], "amend": [1] * 10 + [0] * 20})
    est = ideal_points(votes, rollcalls=rollcalls)
    assert est["n_votes"].max() <= 20
    est_all = ideal_points(votes, rollcalls=rollcalls, final_passage=False)
    assert est_all["n_votes"].max() > 20


def test_bad_input() -> None:
    rng = np.random.default_rng(1)
    votes = _simulate(rng.normal(0, 1, 10), 10, rng, 2000, _names(10))
    with pytest.raises(InputError, match="method"):
        ideal_points(votes, method="mcmc")
    with pytest.raises(InputError, match="vote_code"):
        ideal_points(votes.drop(columns="vote_code"))
    with pytest.raises(InputError, match="contested"):
        ideal_points(votes.assign(vote_code=1))
    with pytest.raises(InputError, match="level"):
        ideal_points(votes, level=1.5)


def test_procedural_ids_and_bridge_keys() -> None:
    from multivector.alignment import bridge_keys, procedural_ids

    rolls = pd.DataFrame(
        {
            "vote_id": ["a", "b", "c", "d", "e", "f", "g", "h"],
            "year": [1955, 1955, 1955, 1956, 2005, 1957, 1957, 1978],
            "short": ["X", "X", "Y", "X", "T", "Y", "Y", "Z"],
            "descr": [
                "TO ADOPT EL SALVADOR PROPOSAL TO ADJOURN THE MEETING.",
                "TO ADOPT 5TH COMM. DRAFT RESOLUTION (A/3016).",
                "TO ADOPT A GENERAL COMMITTEE RECOMMENDATION TO INCLUDE ITEM 5 IN THE AGENDA.",
                "TO ADOPT 5TH COMM. DRAFT RESOLUTION (A/3016).",
                "Promotion of the 2030 Agenda : resolution / adopted by the General Assembly",
                "TO ADOPT A GENERAL COMMITTEE RECOMMENDATION TO INCLUDE ITEM 5 IN THE AGENDA.",
                "TO ADOPT A GENERAL COMMITTEE RECOMMENDATION TO INCLUDE ITEM 5 IN THE AGENDA.",
                "TO APPROVE A RESOLUTION REQUESTING, ON A PRIORITY BASIS, A STUDY.",
            ],
        }
    )
    assert procedural_ids(rolls) == {"a", "c", "f", "g"}
    # b and d: same text in two years -> one item; c/f/g: text twice in 1957 -> ambiguous, not bridged
    keys = bridge_keys(rolls)
    assert set(keys) == {"b", "d"} and keys["b"] == keys["d"]
    assert procedural_ids(rolls.drop(columns="descr")) == set() and bridge_keys(rolls[["vote_id"]]) == {}


def test_dynamic_options_bridge_and_weight() -> None:
    rng = np.random.default_rng(5)
    n = 40
    names = _names(n)
    theta = rng.normal(0, 1, n)
    theta[0] = 1.5
    votes = pd.concat([_simulate(theta + rng.normal(0, 0.1, n), 40, rng, y, names) for y in (2001, 2002)])
    # the first 10 roll calls of 2002 repeat those of 2001 (same text)
    rolls = pd.DataFrame({"vote_id": sorted(votes["vote_id"].unique())})
    rolls["year"] = rolls["vote_id"].str[:4].astype(int)
    rolls["short"] = "S" + rolls["vote_id"].str[5:]
    rolls["descr"] = np.where(rolls["vote_id"].str[5:].astype(int) < 10, "SAME TEXT", rolls["vote_id"])
    for kw in ({"bridge": True}, {"rw_weight": "constant"}, {"rw_weight": "votes"}):
        est = ideal_points(votes, method="dynamic", rollcalls=rolls, **kw)
        for year, block in est.groupby("year"):
            truth = pd.Series(theta, index=names).loc[block["iso3"]]
            assert spearmanr(block["ideal_point"], truth).statistic > 0.85, (kw, year)
    with pytest.raises(InputError, match="rw_weight"):
        ideal_points(votes, method="dynamic", rw_weight="sessions")
