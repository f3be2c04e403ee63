"""Ordered probit likelihood and the forward (BSV one-sided random walk) ideal-point filter, on hand-checkable
cases and simulated votes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, spearmanr

from _helpers import country_names as _names
from _helpers import random_walk
from _helpers import simulate_votes as _simulate
from multivector.alignment import _irt, ideal_points
from multivector.errors import InputError


def _panel(theta: np.ndarray, n_rc: int, rng: np.random.Generator, years: list[int]) -> pd.DataFrame:
    names = _names(theta.shape[0])
    return pd.concat([_simulate(theta[:, t], n_rc, rng, y, names) for t, y in enumerate(years)])


def _small_obs(rng: np.random.Generator) -> tuple[_irt.Obs, np.ndarray]:
    n_p, n_i, n = 6, 5, 60
    person, item = rng.integers(0, n_p, n), rng.integers(0, n_i, n)
    y = np.sort(rng.integers(0, 3, n))
    return _irt.Obs(person, item, y, n_p, n_i), rng.normal(0, 1.5, n_p + 3 * n_i)


def test_probit_likelihood_by_hand() -> None:
    rng = np.random.default_rng(0)
    obs, x = _small_obs(rng)
    theta, beta, a, g = _irt.unpack(x, obs)
    eta = beta[obs.item] * theta[obs.person]
    c1, c2 = a[obs.item], a[obs.item] + np.exp(g[obs.item])
    p_no, p_yes = norm.cdf(c1 - eta), norm.sf(c2 - eta)
    p = np.where(obs.y == 0, p_no, np.where(obs.y == 2, p_yes, 1.0 - p_no - p_yes))
    assert _irt._terms(x, obs, "probit")[0] == pytest.approx(float(np.log(p).sum()), rel=1e-10)
    # far in the tails the abstain probability is still finite: Phi(10) - Phi(9) = Phi(-9) - Phi(-10)
    got = _irt._log_abstain_probit(np.array([10.0, -10.0]), np.array([9.0, -11.0]))
    want = np.log([norm.cdf(-9) - norm.cdf(-10), norm.cdf(-10) - norm.cdf(-11)])
    np.testing.assert_allclose(got, want, rtol=1e-9)


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_gradient_and_information_match_finite_differences(link: str) -> None:
    rng = np.random.default_rng(1)
    obs, x = _small_obs(rng)
    empty = np.array([], dtype=np.int64)
    prior = _irt.Prior(
        np.arange(obs.n_person),
        empty,
        empty,
        np.array([]),
        theta_loc=rng.normal(size=6),
        theta_prec=np.full(6, 2.0),
    )
    _, grad = _irt.neg_log_post(x, obs, prior, link)
    eye, h = np.eye(len(x)), 1e-6
    numeric = [
        (
            _irt.neg_log_post(x + h * e, obs, prior, link)[0]
            - _irt.neg_log_post(x - h * e, obs, prior, link)[0]
        )
        / (2 * h)
        for e in eye
    ]
    np.testing.assert_allclose(grad, numeric, atol=1e-6)
    # observed information of theta = minus the second derivative of the log likelihood
    h = 1e-4
    ll = lambda v: _irt._terms(v, obs, link)[0]  # noqa: E731
    curv = [-(ll(x + h * e) - 2 * ll(x) + ll(x - h * e)) / h**2 for e in eye[: obs.n_person]]
    np.testing.assert_allclose(_irt.theta_information(x, obs, link), curv, atol=1e-4)


def test_static_probit_recovers_thetas() -> None:
    rng = np.random.default_rng(7)
    theta = rng.normal(0, 1, 60)
    theta[0] = 1.8
    est = ideal_points(_simulate(theta, 120, rng, 2001, _names(60)), link="probit").set_index("iso3")
    assert spearmanr(est.loc[_names(60), "ideal_point"], theta).statistic > 0.95


def test_forward_recovers_random_walk_and_intervals_cover() -> None:
    rng = np.random.default_rng(0)
    n, years = 50, list(range(2000, 2006))
    theta = random_walk(rng, n, len(years), 0.2)
    est = ideal_points(_panel(theta, 60, rng, years), method="forward")
    truth = pd.DataFrame(
        {"iso3": np.repeat(_names(n), len(years)), "year": np.tile(years, n), "true": theta.ravel()}
    )
    merged = est.merge(truth, on=["iso3", "year"])
    assert len(merged) == n * len(years) and (merged["method"] == "forward").all()
    assert spearmanr(merged["ideal_point"], merged["true"]).statistic > 0.95  # pooled: one scale
    for _, block in merged.groupby("year"):
        assert spearmanr(block["ideal_point"], block["true"]).statistic > 0.95
    # one linear map puts the truth on the estimate's scale; then the 95 % intervals should cover
    slope, intercept = np.polyfit(merged["true"], merged["ideal_point"], 1)
    on_scale = intercept + slope * merged["true"]
    assert ((merged["lower"] <= on_scale) & (on_scale <= merged["upper"])).mean() >= 0.85
    assert (merged["se"] > 0).all()


def _jump_panel(seed: int) -> tuple[pd.DataFrame, list[str], np.ndarray, list[int]]:
    """60 countries, 8 years; 15 of them jump by 2 (towards and across the centre) in the 5th year."""
    rng = np.random.default_rng(seed)
    n, years = 60, list(range(2000, 2008))
    theta = random_walk(rng, n, len(years), 0.05)
    jumpers = np.arange(1, 16)
    direction = np.sign(-theta[jumpers, 0])
    theta[jumpers, 4:] += 2.0 * direction[:, None]
    return _panel(theta, 40, rng, years), [_names(n)[j] for j in jumpers], direction, years


def test_forward_filter_does_not_anticipate_a_jump() -> None:
    votes, jumpers, direction, years = _jump_panel(0)
    moves = {}
    for method in ("forward", "dynamic"):
        wide = ideal_points(votes, method=method).pivot(index="iso3", columns="year", values="ideal_point")
        wide = wide.loc[jumpers]
        before = float(((wide[years[3]] - wide[years[2]]) * direction).mean())  # truth: no move
        at = float(((wide[years[4]] - wide[years[3]]) * direction).mean())  # truth: the jump
        moves[method] = (before, at)
    # the smoother (both neighbours) moves the jumpers a year early and spreads the jump; the filter only
    # looks back, so it does not move before the jump and takes more of it in the year it happens
    assert abs(moves["forward"][0]) < 0.1 < moves["dynamic"][0]
    assert moves["forward"][1] > moves["dynamic"][1] > 0


def test_forward_estimates_do_not_depend_on_later_years() -> None:
    votes, _, _, years = _jump_panel(1)
    full = ideal_points(votes, method="forward")
    early = ideal_points(votes, years=years[:4], method="forward")
    merged = early.merge(full, on=["iso3", "year"], suffixes=("_early", ""))
    # the same estimates up to the final standardisation (one linear map over all country-years)
    slope, intercept = np.polyfit(merged["ideal_point_early"], merged["ideal_point"], 1)
    np.testing.assert_allclose(
        intercept + slope * merged["ideal_point_early"], merged["ideal_point"], atol=1e-3
    )
    # the smoother has no such property
    full_d = ideal_points(votes, method="dynamic")
    early_d = ideal_points(votes, years=years[:4], method="dynamic")
    merged_d = early_d.merge(full_d, on=["iso3", "year"], suffixes=("_early", ""))
    slope, intercept = np.polyfit(merged_d["ideal_point_early"], merged_d["ideal_point"], 1)
    assert np.abs(intercept + slope * merged_d["ideal_point_early"] - merged_d["ideal_point"]).max() > 0.05


def test_first_year_leans_on_the_second_year() -> None:
    # C00 joins late: 2 votes in its first year, all in the second (BSV centre the first year on the second)
    rng = np.random.default_rng(2)
    names = _names(40)
    theta = rng.normal(0, 1, 40)
    theta[:2] = [1.8, 1.6]
    first, second = _simulate(theta, 50, rng, 2001, names), _simulate(theta, 50, rng, 2002, names)
    first.loc[(first["iso3"] == "C00") & ~first["vote_id"].isin(["2001_0", "2001_1"]), "vote_code"] = 9
    votes = pd.concat([first, second])
    fwd = ideal_points(votes, method="forward").set_index(["iso3", "year"])["ideal_point"]
    static = ideal_points(votes, method="static").set_index(["iso3", "year"])["ideal_point"]
    assert abs(fwd["C00", 2001] - fwd["C00", 2002]) < 0.2
    # on its own, the 2-vote year says little: the static fit puts C00 much lower in the ranking
    rank = lambda s, y: s.xs(y, level="year").rank(pct=True)["C00"]  # noqa: E731
    assert rank(fwd, 2001) - rank(static, 2001) > 0.2


def test_forward_options_and_errors() -> None:
    rng = np.random.default_rng(3)
    theta = np.repeat(rng.normal(0, 1, (30, 1)), 3, axis=1)
    theta[0] = 1.5
    votes = _panel(theta, 30, rng, [2001, 2002, 2003])
    for kw in ({"link": "logit"}, {"theta_sd": None}, {"rw_weight": "constant", "rw_sd": 0.3}):
        est = ideal_points(votes, method="forward", **kw)
        assert est.set_index(["iso3", "year"]).loc[("USA", 2002), "ideal_point"] > 0, kw
        for _, block in est.groupby("year"):
            truth = pd.Series(theta[:, 0], index=_names(30)).loc[block["iso3"]]
            assert spearmanr(block["ideal_point"], truth).statistic > 0.85, kw
    with pytest.raises(InputError, match="bridge"):
        ideal_points(votes, method="forward", bridge=True)
    with pytest.raises(InputError, match="link"):
        ideal_points(votes, method="forward", link="cloglog")
    with pytest.raises(InputError, match="beta_sd"):
        ideal_points(votes, method="forward", beta_sd=0.0)
    with pytest.raises(InputError, match="method"):
        ideal_points(votes, method="kalman")
