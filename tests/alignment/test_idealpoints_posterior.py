"""Grid posterior of the ideal points (``estimate="mean"``): closed forms, Monte Carlo, the direction of the
mean-mode gap, and the option end to end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm, spearmanr

from multivector.alignment import _irt, ideal_points
from multivector.alignment._posterior import grid_posterior
from multivector.errors import InputError


def _one_vote_each(y: np.ndarray, beta: float, a: float, delta: float) -> tuple[_irt.Obs, np.ndarray]:
    """One roll call, one vote per person (``y`` sorted): parameter vector with theta = 0 placeholders."""
    n = len(y)
    obs = _irt.Obs(np.arange(n), np.zeros(n, dtype=np.int64), y, n, 1)
    return obs, np.concatenate([np.zeros(n), [beta, a, np.log(delta)]])


def _mode(x: np.ndarray, obs: _irt.Obs, loc: np.ndarray, prec: np.ndarray, link: str) -> np.ndarray:
    """MAP of theta with the roll-call parameters fixed (Newton on each person, by finite differences)."""
    empty = np.array([], dtype=np.int64)
    prior = _irt.Prior(empty, empty, empty, np.array([]), 1e6, 1e6, 1e6, theta_loc=loc, theta_prec=prec)
    x = x.copy()
    n = obs.n_person
    for _ in range(60):
        g = _irt.neg_log_post(x, obs, prior, link)[1][:n]
        h = _irt.theta_information(x, obs, link) + prec
        x[:n] -= g / h
    return x


def test_probit_one_vote_matches_the_skew_normal_closed_form() -> None:
    # theta ~ N(m, s^2), one vote: P(yes) = Phi(beta theta - c2) -> posterior mean
    # m + beta s^2 phi(k) / (Phi(k) sqrt(1 + beta^2 s^2)), k = (beta m - c2) / sqrt(1 + beta^2 s^2); a no vote
    # is the same with -beta, -c1
    beta, a, delta = 1.3, -0.4, 0.9
    y = np.array([0, 0, 2, 2, 2])
    m = np.array([0.5, -1.0, 0.0, 1.2, -2.0])
    s = np.array([1.0, 0.5, 2.0, 0.7, 1.5])
    obs, x = _one_vote_each(y, beta, a, delta)
    x = _mode(x, obs, m, 1 / s**2, "probit")
    post = grid_posterior(x, obs, m, 1 / s**2, "probit", probs=(0.5,))
    fine = grid_posterior(x, obs, m, 1 / s**2, "probit", probs=(0.5,), n_grid=201)
    sign = np.where(y == 2, 1.0, -1.0)
    cut = np.where(y == 2, a + delta, a)
    root = np.sqrt(1 + beta**2 * s**2)
    k = sign * (beta * m - cut) / root
    expected = m + sign * beta * s**2 * norm.pdf(k) / (norm.cdf(k) * root)
    np.testing.assert_allclose(fine.mean, expected, atol=1e-7)
    np.testing.assert_allclose(post.mean, expected, atol=5e-4)  # default 31-point grid
    # variance of the same skew normal: s^2 (1 - beta^2 s^2 / (1 + beta^2 s^2) * r (k + r)), r = phi/Phi
    r = norm.pdf(k) / norm.cdf(k)
    var = s**2 * (1 - beta**2 * s**2 / root**2 * r * (k + r))
    np.testing.assert_allclose(fine.sd, np.sqrt(var), atol=1e-7)
    np.testing.assert_allclose(post.sd, np.sqrt(var), rtol=1e-3)


@pytest.mark.parametrize("link", ["logit", "probit"])
def test_grid_posterior_matches_monte_carlo(link: str) -> None:
    # a few persons with several votes of all kinds; prior draws weighted by the likelihood
    rng = np.random.default_rng(4)
    n_p, n_i = 3, 6
    person = np.repeat(np.arange(n_p), n_i)
    item = np.tile(np.arange(n_i), n_p)
    y = rng.integers(0, 3, n_p * n_i)
    order = np.argsort(y, kind="stable")
    obs = _irt.Obs(person[order], item[order], y[order], n_p, n_i)
    items = np.concatenate([rng.normal(0, 1.2, n_i), rng.normal(0, 1, n_i), rng.normal(-0.5, 0.5, n_i)])
    loc, prec = np.array([0.3, -0.5, 1.0]), np.array([1.0, 4.0, 0.5])
    x = _mode(np.concatenate([np.zeros(n_p), items]), obs, loc, prec, link)
    post = grid_posterior(x, obs, loc, prec, link, probs=(0.1, 0.9))
    draws = loc[:, None] + rng.standard_normal((n_p, 400_000)) / np.sqrt(prec)[:, None]
    log_w = np.zeros_like(draws)
    _, beta, a, g = _irt.unpack(x, obs)
    for k in range(len(obs.y)):
        u = beta[obs.item[k]] * draws[obs.person[k]] - a[obs.item[k]]
        one = _irt.Obs(np.array([0]), np.array([0]), obs.y[k : k + 1], 1, 1)
        log_w[obs.person[k]] += _irt.vote_log_lik(
            u[None, :], np.exp(g[obs.item[k : k + 1]])[:, None], one, link
        )[0]
    w = np.exp(log_w - log_w.max(axis=1, keepdims=True))
    w /= w.sum(axis=1, keepdims=True)
    mc_mean = (w * draws).sum(axis=1)
    mc_sd = np.sqrt((w * (draws - mc_mean[:, None]) ** 2).sum(axis=1))
    np.testing.assert_allclose(post.mean, mc_mean, atol=0.01)
    np.testing.assert_allclose(post.sd, mc_sd, rtol=0.03)
    for p in range(n_p):
        srt = np.argsort(draws[p])
        cdf = np.cumsum(w[p, srt])
        mc_q = np.interp([0.1, 0.9], cdf, draws[p, srt])
        np.testing.assert_allclose(post.quantiles[p], mc_q, atol=0.02)
    assert np.all(post.quantiles[:, 0] < post.mean) and np.all(post.mean < post.quantiles[:, 1])


def test_mean_lies_on_the_flat_side_of_a_unanimous_voter() -> None:
    # yes on every roll call (positive discriminations): the likelihood is flat above and falls below, so
    # the posterior is skewed upwards and its mean lies above its mode; no on everything: below
    n_i = 5
    beta = np.full(n_i, 1.0)
    for vote, side in ((2, 1.0), (0, -1.0)):
        obs = _irt.Obs(np.zeros(n_i, dtype=np.int64), np.arange(n_i), np.full(n_i, vote), 1, n_i)
        x = np.concatenate([[0.0], beta, np.linspace(-1, 1, n_i), np.zeros(n_i)])
        loc, prec = np.zeros(1), np.ones(1)
        x = _mode(x, obs, loc, prec, "probit")
        post = grid_posterior(x, obs, loc, prec, "probit")
        assert side * (post.mean[0] - x[0]) > 0.02
        assert side * (post.mean[0] - loc[0]) > 0  # and the votes pull it away from the prior centre


def _votes(
    seed: int, n: int = 40, years: tuple[int, ...] = (2001, 2002, 2003)
) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    theta = rng.normal(0, 1, n)
    theta[0] = 1.8
    names = ["USA"] + [f"C{i:02d}" for i in range(n - 1)]
    frames = []
    for year in years:
        beta, c1 = rng.normal(0, 1.5, 40), rng.normal(-0.8, 0.8, 40)
        c2 = c1 + rng.uniform(0.1, 0.8, 40)
        latent = theta[:, None] * beta[None, :] + rng.normal(size=(n, 40))
        code = np.where(latent < c1, 3, np.where(latent < c2, 2, 1))
        ii, jj = np.meshgrid(np.arange(n), np.arange(40), indexing="ij")
        frames.append(
            pd.DataFrame(
                {
                    "vote_id": [f"{year}_{j}" for j in jj.ravel()],
                    "iso3": np.array(names)[ii.ravel()],
                    "year": year,
                    "vote_code": code.ravel(),
                }
            )
        )
    # one country votes yes on everything in the last year
    votes = pd.concat(frames, ignore_index=True)
    votes.loc[(votes["iso3"] == "C00") & (votes["year"] == years[-1]), "vote_code"] = 1
    return votes, theta


@pytest.mark.parametrize("method", ["forward", "static"])
def test_estimate_mean_end_to_end(method: str) -> None:
    votes, theta = _votes(5)
    mode = ideal_points(votes, method=method).set_index(["iso3", "year"])
    mean = ideal_points(votes, method=method, estimate="mean").set_index(["iso3", "year"])
    assert (mean["method"] == method).all() and list(mean.columns) == list(mode.columns)
    # informative country-years: mean and mode nearly agree; rankings of the truth as good
    for year, block in mean.groupby(level="year"):
        truth = pd.Series(theta, index=["USA"] + [f"C{i:02d}" for i in range(39)])
        truth = truth.loc[block.index.get_level_values("iso3")]
        assert spearmanr(block["ideal_point"], truth).statistic > 0.9
        assert spearmanr(block["ideal_point"], mode.loc[block.index, "ideal_point"]).statistic > 0.99, year
    # grid quantile intervals: around the mean, not symmetric for the unanimous voter
    assert ((mean["lower"] < mean["ideal_point"]) & (mean["ideal_point"] < mean["upper"])).all()
    assert (mean["se"] > 0).all()
    c00 = mean.loc[("C00", 2003)]
    assert c00["upper"] - c00["ideal_point"] > c00["ideal_point"] - c00["lower"]


def test_estimate_errors() -> None:
    votes, _ = _votes(6, n=20, years=(2001, 2002))
    with pytest.raises(InputError, match="estimate"):
        ideal_points(votes, method="forward", estimate="median")
    with pytest.raises(InputError, match="estimate"):
        ideal_points(votes, method="dynamic", estimate="mean")
