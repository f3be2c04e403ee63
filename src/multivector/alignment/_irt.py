"""Ordered logit / probit item response model for yes / abstain / no votes: log posterior, gradient,
information.

Vote ``y`` of country-period ``p`` on roll call ``j`` is coded 0 no, 1 abstain, 2 yes. With
``eta = beta_j * theta_p`` and cutpoints ``c1_j = a_j`` < ``c2_j = a_j + delta_j`` (``delta_j = exp(g_j)``),
``u = eta - c1``, ``w = eta - c2`` and ``F`` the logistic (``link="logit"``) or standard normal
(``link="probit"``) distribution function::

    P(y >= 1) = F(u),   P(y = 2) = F(w)

so ``P(no) = F(-u)``, ``P(yes) = F(w)``, ``P(abstain) = F(u) - F(w)``. Logit: ``P(abstain) = expit(u) *
expit(-w) * (1 - exp(-delta))`` (an identity that stays accurate when the two cutpoints are close). Probit:
the difference is taken in whichever tail keeps both arguments small, on the log scale. Everything is
vectorised over the observation arrays; sums per parameter use ``np.bincount``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, log_expit, log_ndtr

__all__: list[str] = []

LINKS = ("logit", "probit")
_LOG_SQRT_2PI = 0.5 * float(np.log(2.0 * np.pi))


@dataclass(frozen=True)
class Obs:
    """Observed votes sorted by vote: person (country-period) index, item (roll-call) index, vote
    0 no / 1 abstain / 2 yes."""

    person: np.ndarray
    item: np.ndarray
    y: np.ndarray
    n_person: int
    n_item: int

    def __post_init__(self) -> None:
        if len(self.y) > 1 and np.any(np.diff(self.y) < 0):
            raise ValueError("Obs must be sorted by vote (no, abstain, yes)")

    @property
    def groups(self) -> tuple[slice, slice, slice]:
        """Slices of the no, abstain and yes votes (observations are sorted by vote)."""
        n0, n1 = np.searchsorted(self.y, [1, 2])
        return slice(0, int(n0)), slice(int(n0), int(n1)), slice(int(n1), len(self.y))


@dataclass(frozen=True)
class Prior:
    """Priors: theta ~ N(0, 1) at each person's ``first`` period and a random walk along ``(cur, prev)``
    pairs with precision ``rw_prec`` (empty for the static model, where every person is ``first``);
    beta ~ N(0, beta_sd^2), a ~ N(0, a_sd^2), g = log(delta) ~ N(0, g_sd^2); ``all_prec`` > 0 adds
    theta ~ N(0, 1 / all_prec) on every person (pins the scale of the dynamic model); ``theta_prec`` (with
    ``theta_loc``, one entry per person) adds theta ~ N(theta_loc, 1 / theta_prec), a prior with a fixed
    centre (the forward filter's prior from the previous year)."""

    first: np.ndarray
    cur: np.ndarray
    prev: np.ndarray
    rw_prec: np.ndarray
    beta_sd: float = 2.5
    a_sd: float = 5.0
    g_sd: float = 2.0
    all_prec: float = 0.0
    theta_loc: np.ndarray | None = None
    theta_prec: np.ndarray | None = None


def unpack(x: np.ndarray, obs: Obs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Split the parameter vector into theta, beta, a, g."""
    n_p, n_i = obs.n_person, obs.n_item
    return x[:n_p], x[n_p : n_p + n_i], x[n_p + n_i : n_p + 2 * n_i], x[n_p + 2 * n_i :]


_Terms = tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _terms(x: np.ndarray, obs: Obs, link: str = "logit") -> _Terms:
    """Log likelihood and its derivatives per observation w.r.t. eta (``s``) and delta (``t``)."""
    return _terms_probit(x, obs) if link == "probit" else _terms_logit(x, obs)


def _log_phi(z: np.ndarray) -> np.ndarray:
    """Log of the standard normal density."""
    return -0.5 * z * z - _LOG_SQRT_2PI


def _log_abstain_probit(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    """``log(Phi(u) - Phi(w))`` for ``u > w``, as ``log Phi(hi) + log(1 - Phi(lo) / Phi(hi))`` in the tail
    where both arguments are small (``Phi(u) - Phi(w) = Phi(-w) - Phi(-u)``)."""
    upper = (u + w) > 0
    hi = np.where(upper, -w, u)
    lo = np.where(upper, -u, w)
    log_hi = log_ndtr(hi)
    out: np.ndarray = log_hi + np.log(-np.expm1(log_ndtr(lo) - log_hi))
    return out


def _linear(x: np.ndarray, obs: Obs) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per vote: beta_j, theta_i, delta_j = exp(g_j) (the cut-point gap), u = beta_j theta_i - a_j."""
    theta, beta, a, g = unpack(x, obs)
    b = beta[obs.item]
    th = theta[obs.person]
    return b, th, np.exp(g)[obs.item], b * th - a[obs.item]


def _terms_probit(x: np.ndarray, obs: Obs) -> _Terms:
    """Ordered probit: ``P(no) = Phi(-u)``, ``P(abstain) = Phi(u) - Phi(w)``, ``P(yes) = Phi(w)``."""
    b, th, d_it, u = _linear(x, obs)
    s = np.empty_like(u)
    t = np.zeros_like(u)
    i0, i1, i2 = obs.groups
    # no: log Phi(-u); d/deta = -phi(u) / Phi(-u)
    u0 = u[i0]
    lp0 = log_ndtr(-u0)
    ll = float(lp0.sum())
    s[i0] = -np.exp(_log_phi(u0) - lp0)
    # yes: log Phi(w), w = u - delta
    w2 = u[i2] - d_it[i2]
    lp2 = log_ndtr(w2)
    ll += float(lp2.sum())
    r2 = np.exp(_log_phi(w2) - lp2)
    s[i2] = r2
    t[i2] = -r2
    # abstain: log(Phi(u) - Phi(w)); d/deta = (phi(u) - phi(w)) / P, d/ddelta = phi(w) / P
    u1 = u[i1]
    w1 = u1 - d_it[i1]
    lp1 = _log_abstain_probit(u1, w1)
    ll += float(lp1.sum())
    pw = np.exp(_log_phi(w1) - lp1)
    s[i1] = np.exp(_log_phi(u1) - lp1) - pw
    t[i1] = pw
    return ll, s, t, b, th, d_it


def _terms_logit(x: np.ndarray, obs: Obs) -> _Terms:
    """Ordered logit (see the module docstring)."""
    b, th, d_it, u = _linear(x, obs)
    s = np.empty_like(u)
    t = np.zeros_like(u)
    ll = 0.0
    i0, i1, i2 = obs.groups
    # no: log expit(-u)
    u0 = u[i0]
    ll += float(log_expit(-u0).sum())
    s[i0] = -expit(u0)
    # yes: log expit(w), w = u - delta
    w2 = u[i2] - d_it[i2]
    ll += float(log_expit(w2).sum())
    sw2 = expit(-w2)
    s[i2] = sw2
    t[i2] = -sw2
    # abstain: log expit(u) + log expit(-w) + log(1 - exp(-delta))
    u1 = u[i1]
    d1 = d_it[i1]
    w1 = u1 - d1
    ll += float(log_expit(u1).sum() + log_expit(-w1).sum() + np.log(-np.expm1(-d1)).sum())
    sw1 = expit(w1)
    s[i1] = 1.0 - expit(u1) - sw1
    t[i1] = sw1 + 1.0 / np.expm1(d1)
    return ll, s, t, b, th, d_it


def neg_log_post(x: np.ndarray, obs: Obs, prior: Prior, link: str = "logit") -> tuple[float, np.ndarray]:
    """Negative log posterior and its gradient (for ``scipy.optimize.minimize(jac=True)``)."""
    theta, beta, a, g = unpack(x, obs)
    ll, s, t, b, th, d_it = _terms(x, obs, link)
    n_p, n_i = obs.n_person, obs.n_item
    g_theta: np.ndarray = np.bincount(obs.person, weights=s * b, minlength=n_p)
    g_beta: np.ndarray = np.bincount(obs.item, weights=s * th, minlength=n_i)
    g_a: np.ndarray = -np.bincount(obs.item, weights=s, minlength=n_i)
    g_g: np.ndarray = np.bincount(obs.item, weights=t * d_it, minlength=n_i)
    lp = ll
    # priors
    lp -= 0.5 * float(np.sum(theta[prior.first] ** 2))
    g_theta[prior.first] -= theta[prior.first]
    if prior.all_prec > 0:
        lp -= 0.5 * prior.all_prec * float(np.sum(theta**2))
        g_theta -= prior.all_prec * theta
    if prior.theta_prec is not None and prior.theta_loc is not None:
        dev = theta - prior.theta_loc
        lp -= 0.5 * float(np.sum(prior.theta_prec * dev**2))
        g_theta -= prior.theta_prec * dev
    if len(prior.cur):
        diff = theta[prior.cur] - theta[prior.prev]
        lp -= 0.5 * float(np.sum(prior.rw_prec * diff**2))
        force = prior.rw_prec * diff
        g_theta -= np.bincount(prior.cur, weights=force, minlength=n_p)
        g_theta += np.bincount(prior.prev, weights=force, minlength=n_p)
    lp -= 0.5 * float(np.sum(beta**2)) / prior.beta_sd**2
    g_beta -= beta / prior.beta_sd**2
    lp -= 0.5 * float(np.sum(a**2)) / prior.a_sd**2
    g_a -= a / prior.a_sd**2
    lp -= 0.5 * float(np.sum(g**2)) / prior.g_sd**2
    g_g -= g / prior.g_sd**2
    grad = np.concatenate([g_theta, g_beta, g_a, g_g])
    return -lp, -grad


def theta_information(x: np.ndarray, obs: Obs, link: str = "logit") -> np.ndarray:
    """Observed information of each theta from the likelihood, item parameters held at their estimates."""
    theta, beta, a, g = unpack(x, obs)
    delta = np.exp(g)
    b = beta[obs.item]
    u = b * theta[obs.person] - a[obs.item]
    w = u - delta[obs.item]
    if link == "probit":
        curv = _probit_curvature(u, w, obs)
    else:
        su, sw = expit(u), expit(w)
        vu, vw = su * (1.0 - su), sw * (1.0 - sw)
        curv = np.where(obs.y == 2, vw, np.where(obs.y == 0, vu, vu + vw))
    return np.bincount(obs.person, weights=curv * b**2, minlength=obs.n_person)


def _probit_curvature(u: np.ndarray, w: np.ndarray, obs: Obs) -> np.ndarray:
    """``-d^2 log P(y) / d eta^2`` of the ordered probit per observation."""
    curv = np.empty_like(u)
    i0, i1, i2 = obs.groups
    # no: -d^2 log Phi(-u) = m (m - u) with m = phi(u) / Phi(-u); yes: r (r + w) with r = phi(w) / Phi(w)
    m = np.exp(_log_phi(u[i0]) - log_ndtr(-u[i0]))
    curv[i0] = m * (m - u[i0])
    r = np.exp(_log_phi(w[i2]) - log_ndtr(w[i2]))
    curv[i2] = r * (r + w[i2])
    # abstain: P = Phi(u) - Phi(w): (P'/P)^2 - P''/P with P' = phi(u) - phi(w), P'' = w phi(w) - u phi(u)
    u1, w1 = u[i1], w[i1]
    lp = _log_abstain_probit(u1, w1)
    fu, fw = np.exp(_log_phi(u1) - lp), np.exp(_log_phi(w1) - lp)
    curv[i1] = (fu - fw) ** 2 + u1 * fu - w1 * fw
    return curv


def lbfgs(
    fun: Callable[[np.ndarray], tuple[float, np.ndarray]],
    x0: np.ndarray,
    maxiter: int,
    gtol: float,
    ftol: float = 1e-10,
    memory: int = 10,
) -> tuple[np.ndarray, int]:
    """Minimise ``fun`` (returning value and gradient) by L-BFGS with Armijo backtracking.

    A plain numpy two-loop recursion: with tens of thousands of parameters SciPy's L-BFGS-B spends as long
    in its bounded-subproblem bookkeeping as in the objective, which this unbounded problem does not need.
    Stops when the largest gradient component is below ``gtol``, the relative decrease of the objective is
    below ``ftol``, or after ``maxiter`` iterations. Returns the solution and the iteration count.
    """
    x = np.array(x0, dtype=float)
    f, g = fun(x)
    hist: deque[tuple[np.ndarray, np.ndarray, float]] = deque(maxlen=memory)
    it = 0
    for it in range(1, maxiter + 1):  # noqa: B007 - the count is returned
        if float(np.max(np.abs(g))) < gtol:
            break
        q = g.copy()
        alphas = []
        for s, y, rho in reversed(hist):
            alpha = rho * float(s @ q)
            q -= alpha * y
            alphas.append(alpha)
        if hist:
            s, y, _ = hist[-1]
            q *= float(s @ y) / float(y @ y)
        else:
            q /= max(1.0, float(np.linalg.norm(g)))
        for (s, y, rho), alpha in zip(hist, reversed(alphas), strict=True):
            q += s * (alpha - rho * float(y @ q))
        d = -q
        gd = float(g @ d)
        if gd >= 0:  # not a descent direction: restart from steepest descent
            hist.clear()
            d = -g / max(1.0, float(np.linalg.norm(g)))
            gd = float(g @ d)
        step = 1.0
        while True:
            x_new = x + step * d
            f_new, g_new = fun(x_new)
            if (np.isfinite(f_new) and f_new <= f + 1e-4 * step * gd) or step < 1e-12:
                break
            step *= 0.5
        s_new, y_new = x_new - x, g_new - g
        sy = float(s_new @ y_new)
        if sy > 1e-12:
            hist.append((s_new, y_new, 1.0 / sy))
        decrease = f - f_new
        x, f, g = x_new, f_new, g_new
        if 0 <= decrease < ftol * max(1.0, abs(f)):
            break
    return x, it


def vote_log_lik(u: np.ndarray, delta: np.ndarray, obs: Obs, link: str = "logit") -> np.ndarray:
    """Log probability of each observed vote at ``u = beta * theta - c1`` (rows = votes, sorted as
    ``obs``; any number of columns, e.g. grid points of theta) and cutpoint gap ``delta`` (rows = votes,
    broadcast over the columns)."""
    out = np.empty(np.broadcast_shapes(u.shape, delta.shape))
    i0, i1, i2 = obs.groups
    u1, d1 = u[i1], delta[i1]
    w1 = u1 - d1
    if link == "probit":
        out[i0] = log_ndtr(-u[i0])
        out[i2] = log_ndtr(u[i2] - delta[i2])
        out[i1] = _log_abstain_probit(u1, w1)
    else:
        out[i0] = log_expit(-u[i0])
        out[i2] = log_expit(u[i2] - delta[i2])
        out[i1] = log_expit(u1) + log_expit(-w1) + np.log(-np.expm1(-d1))
    return out
