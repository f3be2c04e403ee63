"""Posterior of each ideal point on a grid: one-dimensional numerical integration of the ordered logit /
probit likelihood of a country-year's votes times its normal prior, the roll-call parameters held at their
estimates.

The ideal points of one year are conditionally independent given the roll-call parameters, so each
country-year's posterior is a one-dimensional density::

    p(theta | y) ∝ N(theta; loc, 1 / prec) * prod_j P(y_j | beta_j theta - c_j)

evaluated on ``n_grid`` equally spaced points around the mode. The likelihood is log-concave in ``theta``
(ordered logit and probit), so the posterior is log-concave and its sd is at most the prior sd
(Brascamp-Lieb). The grid spans ``+- width`` times the smaller of the prior sd and the Laplace sd at the
mode (``1 / sqrt(information + prec)``), times ``laplace_factor`` for the latter: the second keeps the grid
fine where the votes make the posterior much narrower than the prior, the first bounds it where they say
little. Returns the mean, sd and quantiles by the trapezoidal rule. Everything is vectorised over
votes x grid points; the sums over each country-year's votes are one sparse matrix product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.interpolate import CubicSpline

from multivector.alignment._irt import Obs, theta_information, unpack, vote_log_lik

__all__: list[str] = []


@dataclass(frozen=True)
class GridPosterior:
    """Posterior summaries per person: mean, sd, and the ``probs`` quantiles (one column each)."""

    mean: np.ndarray
    sd: np.ndarray
    quantiles: np.ndarray


def grid_posterior(
    x: np.ndarray,
    obs: Obs,
    loc: np.ndarray,
    prec: np.ndarray,
    link: str,
    probs: tuple[float, ...] = (0.025, 0.975),
    n_grid: int = 31,
    width: float = 6.0,
    laplace_factor: float = 2.0,
    refine: int = 10,
) -> GridPosterior:
    """Posterior mean, sd and quantiles of each ``theta`` given the roll-call parameters in ``x``.

    Args:
        x: parameter vector (``theta, beta, a, g`` as in :func:`multivector.alignment._irt.unpack`);
            ``theta`` is the mode (the grid's centre).
        obs: the votes.
        loc, prec: the normal prior of each theta, ``N(loc, 1 / prec)`` (``prec > 0``).
        link: ``"logit"`` or ``"probit"``.
        probs: quantile levels.
        n_grid: grid points per person (odd: the mode is one of them).
        width: half-width of the grid in prior sds.
        laplace_factor: the half-width is at most ``width * laplace_factor`` Laplace sds.
        refine: the log posterior is interpolated (cubic spline) to a grid this many times finer.
    """
    theta, beta, a, g = unpack(x, obs)
    n_p = obs.n_person
    laplace_sd = 1.0 / np.sqrt(theta_information(x, obs, link) + prec)
    half = width * np.minimum(1.0 / np.sqrt(prec), laplace_factor * laplace_sd)
    z = np.linspace(-1.0, 1.0, n_grid)
    grid = theta[:, None] + half[:, None] * z[None, :]  # persons x grid
    u = beta[obs.item, None] * grid[obs.person] - a[obs.item, None]
    ll_vote = vote_log_lik(u, np.exp(g)[obs.item, None], obs, link)
    rows = sparse.csr_matrix(
        (np.ones(len(obs.y)), (obs.person, np.arange(len(obs.y)))), shape=(n_p, len(obs.y))
    )
    log_post = np.asarray(rows @ ll_vote) - 0.5 * prec[:, None] * (grid - loc[:, None]) ** 2
    # the log posterior is smooth: a cubic spline in the common grid coordinate z carries it to a grid
    # ``refine`` times finer, on which the trapezoidal sums and the quantiles are taken
    z_fine = np.linspace(-1.0, 1.0, (n_grid - 1) * refine + 1)
    log_fine = CubicSpline(z, log_post, axis=1)(z_fine)
    log_fine -= log_fine.max(axis=1, keepdims=True)
    fine = theta[:, None] + half[:, None] * z_fine[None, :]
    mass = np.exp(log_fine)
    mass[:, [0, -1]] *= 0.5  # trapezoidal weights (the spacing cancels in the normalisation)
    mass /= mass.sum(axis=1, keepdims=True)
    mean = (mass * fine).sum(axis=1)
    sd = np.sqrt(np.maximum((mass * (fine - mean[:, None]) ** 2).sum(axis=1), 0.0))
    cdf = np.cumsum(mass, axis=1) - 0.5 * mass  # mid-point cumulative mass at each grid point
    quant = np.empty((n_p, len(probs)))
    for k in range(n_p):
        quant[k] = np.interp(probs, cdf[k], fine[k])
    return GridPosterior(mean, sd, quant)
