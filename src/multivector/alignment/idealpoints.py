"""UN General Assembly ideal points: the machinery of a one-dimensional ordered logit / probit IRT model,
static, dynamic (smoother) or forward (BSV's one-sided filter). The estimators users call, with their
parameters, are :mod:`multivector.alignment.estimators` (``ideal_points(votes, method=...)``).

Model (see :mod:`multivector.alignment._irt`): the vote of country ``i`` in year ``t`` on roll call ``j``
(no < abstain < yes) follows an ordered logit or probit (``link``) with latent ``beta_j * theta_it`` and two
cutpoints per roll call. Estimates are posterior modes (MAP) found with L-BFGS on the exact gradient.

* ``method="static"``: one fit per year; ``theta_it ~ N(0, 1)``, so each year has its own scale.
* ``method="dynamic"``: one joint fit of all years with the random-walk prior of Bailey, Strezhnev and
  Voeten (2017), ``theta_i,t ~ N(theta_i,t-1, rw_sd^2 * gap * w)`` (``gap`` = years since the country last
  voted; ``w = 2 n_t / (n_t + n_prev)`` from the country's vote counts, BSV's ``SmoothVector``, or 1 with
  ``rw_weight="constant"``) and ``theta ~ N(0, theta_sd^2)``, so all years share one scale: a smoother, each
  year leans on both neighbours. It starts from the static fits. Optionally (``bridge``) roll calls repeated
  across years with identical texts share their item parameters.
* ``method="forward"``: the same random walk one-sided, as BSV's sampler draws it: the years in order, each
  year's ideal points and roll calls fitted with the prior centred on the country's estimate in the year it
  last voted (a country's first year on its second year), repeated until the first/second-year links settle.
  Defaults are BSV's: ordered probit, ``beta ~ N(0, 1)``, ``rw_sd = 0.5`` (prior variance
  ``0.5 * n_t / (n_t + n_prev)``).

Vote selection with a roll-call table: final passage = not flagged ``amend``/``para`` and (by default) not
a procedural motion by its description (:func:`procedural_ids`).

Priors on roll-call parameters: ``beta ~ N(0, beta_sd^2)`` (2.5 with logit, 1 with probit), first cutpoint
``~ N(0, 5^2)``, log gap between the cutpoints ``~ N(0, 2^2)``. Roll calls where every voting country cast
the same vote carry no information and are dropped. Sign: flipped so that ``anchor`` (USA) is positive,
i.e. higher = closer to the US-led Western pole, as in Voeten's estimates.

With ``estimate="mean"`` (static, forward) the reported value is the posterior mean of each ideal point
given the roll-call estimates, by one-dimensional integration on a grid (:mod:`._posterior`), with the
posterior sd and equal-tailed quantiles as uncertainty.

Uncertainty (``estimate="mode"``): Laplace approximation for theta with the roll-call parameters held at
their estimates: the standard error is the square root of the inverse of the observed information of theta
(likelihood curvature plus prior precision; for the dynamic model the diagonal of the inverse of each
country's tridiagonal precision matrix over its years; for the forward filter the filtering variance, whose
prior variance adds that of the estimate it is centred on). It ignores roll-call parameter uncertainty, so
intervals are somewhat narrower than a full posterior.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy.stats import norm

from multivector.alignment._irt import Obs, Prior, lbfgs, neg_log_post, theta_information
from multivector.alignment._posterior import grid_posterior
from multivector.alignment.agreement import validate_votes
from multivector.errors import InputError

__all__ = [
    "Problem",
    "bridge_keys",
    "final_passage_ids",
    "finish",
    "fit_dynamic",
    "fit_forward",
    "fit_static",
    "prepare",
    "procedural_ids",
]

_COLUMNS = ["iso3", "year", "ideal_point", "se", "lower", "upper", "n_votes", "method"]


def final_passage_ids(rollcalls: pd.DataFrame) -> set[str]:
    """``vote_id`` of roll calls not flagged as amendment or separate-paragraph votes.

    Uses the ``amend`` and ``para`` flags of the roll-call table (``unga.load(...)["unga_rollcalls"]``, from
    ``unvotes``; coded through 1985 and partly 1995-2019, NA otherwise): a roll call counts as final passage
    unless a flag equals 1.
    """
    if "vote_id" not in rollcalls.columns:
        raise InputError("rollcalls lacks column 'vote_id'")
    flag = np.zeros(len(rollcalls), dtype=bool)
    for col in ("amend", "para"):
        if col in rollcalls.columns:
            flag |= pd.to_numeric(rollcalls[col], errors="coerce").fillna(0).to_numpy() == 1
    return set(rollcalls.loc[~flag, "vote_id"].astype(str))


_PROCEDURAL = re.compile(
    r"\b(?:ADJOURN\w*|AGENDA|POSTPON\w*|PRIORITY|RULES? OF PROCEDURE|CLOSURE|COMPETENCE|RULING|SUSPEND\w*|"
    r"MOTION|TWO-THIRDS)\b|2/3"
)
#: descriptions that name the adoption of a resolution itself ("TO APPROVE A RESOLUTION ...", "RES, ...", or
#: the UN Digital Library title style "<title> : resolution / adopted by the General Assembly") are final
#: passage whatever words they hold ("on a priority basis", "the 2030 Agenda", "promotion")
_ADOPTED_TITLE = re.compile(
    r": *(?:DRAFT )?RESOLUTION|ADOPTED BY THE GENERAL ASSEMBLY|"
    r"^(?:TO (?:ADOPT|APPROVE) (?:A |THE )?RESOL|RES\b)"
)


def procedural_ids(rollcalls: pd.DataFrame) -> set[str]:
    """``vote_id`` of roll calls whose description marks a procedural motion (adjournment, agenda, priority,
    rules of procedure, two-thirds rule, postponement, ...), not the adoption of a text.

    Uses ``descr`` (from ``unvotes``) where it is Voeten's upper-case summary of the question (in practice
    1946-1984); roll calls with another or no description are never procedural.
    """
    if "vote_id" not in rollcalls.columns or "descr" not in rollcalls.columns:
        return set()
    raw = rollcalls["descr"].astype("string").fillna("")
    descr = raw.str.upper()
    # only Voeten's own upper-case summaries (through 1984: "TO ADOPT ...", "LIBERIAN MOTION TO ...",
    # "RES, ...") describe the question put to the vote; later descriptions are resolution titles or
    # verbatim records in mixed case, where "agenda" or "motion" says nothing about the vote
    motion_style = (raw == descr) & raw.str.contains("[A-Z]", regex=True)
    hit = (
        motion_style
        & descr.str.contains(_PROCEDURAL, regex=True)
        & ~descr.str.contains(_ADOPTED_TITLE, regex=True)
    ).to_numpy(dtype=bool)
    return set(rollcalls.loc[hit, "vote_id"].astype(str))


def bridge_keys(rollcalls: pd.DataFrame) -> dict[str, str]:
    """Map ``vote_id`` -> shared item key for roll calls repeated across years with the same text.

    Two roll calls are the same item when their ``short`` title and ``descr`` are identical (both non-empty,
    after upper-casing and collapsing white space), they fall in different calendar years, and each is the
    only roll call with that text in its year (a text repeated within a year, e.g. separate admission votes
    or parts of one resolution, is ambiguous and not bridged). Only texts found in at least two years
    produce a key; other roll calls keep their own ``vote_id``.
    """
    need = {"vote_id", "short", "descr", "year"}
    if not need <= set(rollcalls.columns):
        return {}
    frame = rollcalls[list(need)].dropna()
    short = frame["short"].astype(str).str.upper().str.split().str.join(" ")
    descr = frame["descr"].astype(str).str.upper().str.split().str.join(" ")
    frame = frame.assign(key=short + " | " + descr)[(short != "") & (descr != "")]
    frame = frame[~frame.duplicated(["key", "year"], keep=False)]
    n_years = frame.groupby("key")["year"].transform("nunique")
    frame = frame[n_years > 1]
    return dict(zip(frame["vote_id"].astype(str), "bridge:" + frame["key"], strict=True))


def prepare(
    votes: pd.DataFrame,
    years: Iterable[int] | None,
    keep_ids: set[str] | None,
    bridge: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Cast votes (1/2/3) recoded 0 no / 1 abstain / 2 yes, without unanimous roll calls; column ``item``
    is the roll call's item key (its ``vote_id``, or the shared key of a bridged repeated text)."""
    clean = validate_votes(votes, "year")
    if years is not None:
        clean = clean[clean["year"].isin(list(years))]
    if keep_ids is not None:
        clean = clean[clean["vote_id"].isin(keep_ids)]
    cast = clean[clean["vote_code"].isin([1, 2, 3])].copy()
    cast["y"] = 3 - cast["vote_code"]
    n_cat = cast.groupby("vote_id")["y"].transform("nunique")
    cast = cast[n_cat > 1]
    cast["item"] = cast["vote_id"].astype(str)
    if bridge:
        cast["item"] = cast["item"].map(bridge).fillna(cast["item"])
    if cast.empty:
        raise InputError(
            "no contested roll calls (yes/abstain/no with at least two different votes) to scale"
        )
    return cast.reset_index(drop=True)


def _start_values(y: np.ndarray, person: np.ndarray, item: np.ndarray, n_p: int, n_i: int) -> np.ndarray:
    """Starting values for one year: first principal component of the vote matrix, marginal cutpoints."""
    x = np.full((n_p, n_i), np.nan)
    x[person, item] = y / 2.0
    xc = np.nan_to_num(x - np.nanmean(x, axis=0))
    u, s, vt = np.linalg.svd(xc, full_matrices=False)
    theta = u[:, 0] * np.sqrt(n_p)
    theta = (theta - theta.mean()) / (theta.std() + 1e-12)
    beta = np.clip(vt[0] * s[0] / np.sqrt(n_p) * 6.0, -4, 4)
    count = np.bincount(item, minlength=n_i)
    p_ge1 = np.clip(np.bincount(item, weights=(y >= 1), minlength=n_i) / count, 0.02, 0.98)
    p_yes = np.clip(np.bincount(item, weights=(y == 2), minlength=n_i) / count, 0.01, 0.97)
    a = -np.log(p_ge1 / (1 - p_ge1))
    c2 = -np.log(p_yes / (1 - p_yes))
    g = np.log(np.maximum(c2 - a, 0.1))
    return np.concatenate([theta, beta, a, g])


class Problem:
    """Index of country-years (persons, sorted by country then year) and roll calls (items)."""

    def __init__(self, cast: pd.DataFrame, anchor: str, link: str = "logit", beta_sd: float = 2.5) -> None:
        self.link = link
        self.beta_sd = beta_sd
        cy = cast[["iso3", "year"]].drop_duplicates().sort_values(["iso3", "year"]).reset_index(drop=True)
        if cy["year"].map(cy["year"].value_counts()).min() < 3:
            few = cy["year"].value_counts()
            cast = cast[cast["year"].isin(few[few >= 3].index)]
            cy = cy[cy["year"].isin(few[few >= 3].index)].reset_index(drop=True)
        if cast.empty:
            raise InputError("no year has at least three countries voting on a contested roll call")
        self.persons = cy
        key = pd.Series(np.arange(len(cy)), index=pd.MultiIndex.from_frame(cy))
        person = key.reindex(pd.MultiIndex.from_frame(cast[["iso3", "year"]])).to_numpy().astype(np.int64)
        self.item_ids, item = np.unique(cast["item"].to_numpy(), return_inverse=True)
        y = cast["y"].to_numpy().astype(np.int64)
        order = np.argsort(y, kind="stable")
        self.obs = Obs(person[order], item[order].astype(np.int64), y[order], len(cy), len(self.item_ids))
        self.anchor = anchor
        self.years = cast["year"].to_numpy()[order]
        self.x0 = self._start()

    def _start(self) -> np.ndarray:
        """Per-year principal-component start, sign set so that the anchor is positive each year."""
        obs = self.obs
        x0 = np.zeros(obs.n_person + 3 * obs.n_item)
        order = np.argsort(self.years, kind="stable")
        bounds = np.flatnonzero(np.diff(self.years[order])) + 1
        iso = self.persons["iso3"].to_numpy()
        for idx in np.split(order, bounds):
            pu, pi = np.unique(obs.person[idx], return_inverse=True)
            iu, ii = np.unique(obs.item[idx], return_inverse=True)
            start = _start_values(obs.y[idx], pi, ii, len(pu), len(iu))
            th, rest = start[: len(pu)], start[len(pu) :].reshape(3, len(iu))
            hit = iso[pu] == self.anchor
            if hit.any() and th[hit][0] < 0:
                th, rest[0] = -th, -rest[0]
            x0[pu] = th
            for k in range(3):
                x0[obs.n_person + k * obs.n_item + iu] = rest[k]
        return x0

    def fit(self, x0: np.ndarray, prior: Prior, maxiter: int, gtol: float) -> np.ndarray:
        x, _ = lbfgs(lambda v: neg_log_post(v, self.obs, prior, self.link), x0, maxiter, gtol)
        return x

    def year_blocks(self) -> list[tuple[np.ndarray, np.ndarray, Obs]]:
        """Per year (ascending): its country-years, its roll calls and its votes re-indexed to both."""
        obs = self.obs
        order = np.argsort(self.years, kind="stable")  # within a year still sorted by vote
        bounds = np.flatnonzero(np.diff(self.years[order])) + 1
        blocks = []
        for idx in np.split(order, bounds):
            pu, pi = np.unique(obs.person[idx], return_inverse=True)
            iu, ii = np.unique(obs.item[idx], return_inverse=True)
            sub = Obs(pi.astype(np.int64), ii.astype(np.int64), obs.y[idx], len(pu), len(iu))
            blocks.append((pu, iu, sub))
        return blocks

    def chains(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Random-walk pairs (cur, prev) and the years between them."""
        iso = self.persons["iso3"].to_numpy()
        yr = self.persons["year"].to_numpy()
        cur = np.flatnonzero(iso[1:] == iso[:-1]) + 1
        return cur, cur - 1, yr[cur] - yr[cur - 1]


def fit_static(problem: Problem, maxiter: int) -> tuple[np.ndarray, np.ndarray]:
    """All years at once with independent N(0, 1) priors: the yearly fits are separable."""
    obs = problem.obs
    empty = np.array([], dtype=np.int64)
    prior = Prior(
        first=np.arange(obs.n_person), cur=empty, prev=empty, rw_prec=np.array([]), beta_sd=problem.beta_sd
    )
    x = problem.fit(problem.x0, prior, maxiter, 1e-5)
    # sign per year: anchor positive (flip that year's thetas and discriminations)
    theta = x[: obs.n_person]
    iso = problem.persons["iso3"].to_numpy()
    pyear = problem.persons["year"].to_numpy()
    item_year = np.zeros(obs.n_item, dtype=np.int64)
    item_year[obs.item] = problem.years
    for year in np.unique(pyear[(iso == problem.anchor) & (theta < 0)]):
        x[: obs.n_person][pyear == year] *= -1.0
        x[obs.n_person : obs.n_person + obs.n_item][item_year == year] *= -1.0
    se = 1.0 / np.sqrt(theta_information(x, obs, problem.link) + 1.0)
    return x, se


def _step_var(
    n: np.ndarray, cur: np.ndarray, prev: np.ndarray, gap: np.ndarray, rw_sd: float, rw_weight: str
) -> np.ndarray:
    """Variance of the random-walk step from ``prev`` to ``cur``: ``rw_sd^2 * gap``, times (``"votes"``)
    BSV's ``SmoothVector`` weight ``2 n_cur / (n_cur + n_prev)`` (x 2, so that equal counts give
    ``rw_sd^2``): a year with few votes leans on its neighbour, one with many on its own votes."""
    var = rw_sd**2 * gap.astype(float)
    if rw_weight == "votes":
        var = var * 2.0 * n[cur] / (n[cur] + n[prev])
    return var


def fit_dynamic(
    problem: Problem,
    rw_sd: float,
    theta_sd: float | None,
    maxiter: int,
    init_iter: int,
    rw_weight: str = "constant",
) -> tuple[np.ndarray, np.ndarray]:
    """Joint fit with the random-walk prior, started from the static fit."""
    obs = problem.obs
    x_static, _ = fit_static(problem, maxiter=init_iter)
    cur, prev, gap = problem.chains()
    n = np.bincount(obs.person, minlength=obs.n_person).astype(float)
    rw_prec = 1.0 / _step_var(n, cur, prev, gap, rw_sd, rw_weight)
    # theta ~ N(0, theta_sd^2) on every country-year, or (theta_sd=None) N(0, 1) in a country's first year
    all_prec = 0.0 if theta_sd is None else 1.0 / theta_sd**2
    first = np.setdiff1d(np.arange(obs.n_person), cur) if theta_sd is None else np.array([], dtype=np.int64)
    prior = Prior(
        first=first, cur=cur, prev=prev, rw_prec=rw_prec, all_prec=all_prec, beta_sd=problem.beta_sd
    )
    x = problem.fit(x_static, prior, maxiter, 1e-4)
    theta = x[: obs.n_person]
    is_anchor = problem.persons["iso3"].to_numpy() == problem.anchor
    if is_anchor.any() and theta[is_anchor].mean() < 0:
        x[: obs.n_person + obs.n_item] *= -1.0
    info = theta_information(x, obs, problem.link) + all_prec
    info[first] += 1.0
    se = _chain_se(info, cur, prev, rw_prec, obs.n_person)
    # report on a standard scale: mean 0, sd 1 over all country-years (MAP scale is arbitrary)
    theta = x[: obs.n_person]
    mu, sd = float(theta.mean()), float(theta.std())
    x[: obs.n_person] = (theta - mu) / sd
    return x, se / sd


def fit_forward(
    problem: Problem,
    rw_sd: float,
    theta_sd: float | None,
    maxiter: int,
    rw_weight: str,
    max_sweeps: int = 10,
    tol: float = 1e-2,
    estimate: str = "mode",
    probs: tuple[float, float] = (0.025, 0.975),
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """BSV's one-sided random walk as a forward filter: the years in order, each year's ideal points and
    roll calls fitted with ``theta_t ~ N(theta_hat_prev, step variance)`` centred on the country's estimate
    in the year it last voted (plus ``N(0, theta_sd^2)``, which pins the scale). A country's first year is
    centred on its second year as in BSV's sampler: estimated without that prior in the first sweep, with
    the second year of the previous sweep afterwards, until no estimate moves by ``tol`` or more (at most
    ``max_sweeps`` passes; the first and second years are the only two-way link).

    ``estimate="mean"``: after each year's fit, the posterior of each ideal point given that year's roll-call
    estimates and the same prior is integrated on a grid (:func:`grid_posterior`); its mean is reported and
    is what the next year (and a first year) is centred on, as a sampler's draws centre on the previous
    draws; sd and the ``probs`` quantiles give the uncertainty. Returns (parameters, sd, quantiles or
    None), ``theta`` standardised."""
    obs = problem.obs
    n_p = obs.n_person
    n = np.bincount(obs.person, minlength=n_p).astype(float)
    cur, prev, gap = problem.chains()
    prev_of = np.full(n_p, -1)
    prev_of[cur] = prev
    next_of = np.full(n_p, -1)
    next_of[prev] = cur
    fwd_var = np.full(n_p, np.inf)
    fwd_var[cur] = _step_var(n, cur, prev, gap, rw_sd, rw_weight)
    back_var = np.full(n_p, np.inf)  # first year -> second year: weight from the first year's votes
    back_var[prev] = _step_var(n, prev, cur, gap, rw_sd, rw_weight)
    is_first = prev_of < 0
    all_prec = 0.0 if theta_sd is None else 1.0 / theta_sd**2
    x = problem.x0.copy()
    theta, filt_var = x[:n_p], np.zeros(n_p)  # theta is a view: updates land in x
    empty = np.array([], dtype=np.int64)
    blocks = problem.year_blocks()
    post_mean, post_q = np.zeros(n_p), np.zeros((n_p, len(probs)))
    centre = post_mean if estimate == "mean" else theta  # what later years are centred on
    for sweep in range(max_sweeps):
        before = theta.copy()
        second = centre[np.maximum(next_of, 0)].copy()  # previous sweep's second-year estimates
        second_var = filt_var[np.maximum(next_of, 0)].copy()
        for pu, iu, sub in blocks:
            pp = prev_of[pu]
            has = pp >= 0
            loc, var = np.zeros(len(pu)), np.full(len(pu), np.inf)
            loc[has], var[has] = centre[pp[has]], fwd_var[pu[has]]
            back = is_first[pu] & (next_of[pu] >= 0) & (sweep > 0)
            loc[back], var[back] = second[pu[back]], back_var[pu[back]]
            rw_prec = 1.0 / var
            # theta_sd=None: N(0, 1) only where there is no random-walk prior (first years, first sweep)
            prec = rw_prec + all_prec if theta_sd is not None else np.where(rw_prec > 0, rw_prec, 1.0)
            item_idx = np.concatenate([n_p + k * obs.n_item + iu for k in range(3)])
            if sweep == 0:
                _align_start(x, pu, item_idx[: len(iu)], loc, has)
            prior = Prior(
                empty,
                empty,
                empty,
                np.array([]),
                problem.beta_sd,
                theta_loc=loc * rw_prec / prec,
                theta_prec=prec,
            )
            z = _fit_year(sub, prior, problem.link, np.concatenate([theta[pu], x[item_idx]]), maxiter)
            theta[pu], x[item_idx] = z[: len(pu)], z[len(pu) :]
            if estimate == "mean":
                post = grid_posterior(z, sub, loc * rw_prec / prec, prec, problem.link, probs)
                post_mean[pu], filt_var[pu], post_q[pu] = post.mean, post.sd**2, post.quantiles
                continue
            # filtering variance (Laplace): the prior's uncertainty includes that of the estimate it is
            # centred on (Kalman filter), the roll-call parameters are held at their estimates
            carried = np.where(has, filt_var[np.maximum(pp, 0)], np.where(back, second_var[pu], 0.0))
            info = theta_information(z, sub, problem.link) + prec - rw_prec
            filt_var[pu] = 1.0 / (info + 1.0 / (var + carried))
        if sweep > 0 and float(np.max(np.abs(theta - before))) < tol:
            break
    if estimate == "mean":
        theta[:] = post_mean
    is_anchor = problem.persons["iso3"].to_numpy() == problem.anchor
    if is_anchor.any() and theta[is_anchor].mean() < 0:
        x[: n_p + obs.n_item] *= -1.0
        post_q = -post_q[:, ::-1]
    mu, sd = float(theta.mean()), float(theta.std())
    x[:n_p] = (theta - mu) / sd
    return x, np.sqrt(filt_var) / sd, (post_q - mu) / sd if estimate == "mean" else None


def _fit_year(sub: Obs, prior: Prior, link: str, x0: np.ndarray, maxiter: int) -> np.ndarray:
    """MAP of one year's ideal points and roll-call parameters under a fixed-centre prior."""

    def objective(v: np.ndarray) -> tuple[float, np.ndarray]:
        return neg_log_post(v, sub, prior, link)

    z, _ = lbfgs(objective, x0, maxiter, 1e-5)
    return z


def _align_start(
    x: np.ndarray, pu: np.ndarray, beta_idx: np.ndarray, loc: np.ndarray, has: np.ndarray
) -> None:
    """First sweep: start a year from its principal-component values, flipped (with the discriminations) if
    they run against the previous estimates of the continuing countries, which then start from those."""
    theta = x[pu]
    start, prev = theta[has], loc[has]
    if has.sum() > 2 and float((start - start.mean()) @ (prev - prev.mean())) < 0:
        x[pu] = -theta
        x[beta_idx] *= -1.0
    x[pu[has]] = loc[has]


def finish(
    problem: Problem, x: np.ndarray, se: np.ndarray, level: float, method: str, bounds: np.ndarray | None
) -> pd.DataFrame:
    """Output frame; ``bounds`` (persons x 2, grid-posterior quantiles) or the normal interval."""
    obs = problem.obs
    z = float(norm.ppf(0.5 + level / 2.0))
    theta = x[: obs.n_person]
    if bounds is None:
        bounds = np.column_stack([theta - z * se, theta + z * se])
    frame = problem.persons.assign(
        ideal_point=theta,
        se=se,
        lower=bounds[:, 0],
        upper=bounds[:, 1],
        n_votes=np.bincount(obs.person, minlength=obs.n_person).astype(np.int64),
        method=method,
    )
    frame["year"] = frame["year"].astype(np.int64)
    return frame[_COLUMNS].sort_values(["year", "iso3"]).reset_index(drop=True)


def _chain_se(
    info: np.ndarray, cur: np.ndarray, prev: np.ndarray, rw_prec: np.ndarray, n_p: int
) -> np.ndarray:
    """Marginal sd of each theta from the tridiagonal precision of each country's chain of years."""
    diag = info.copy()
    np.add.at(diag, cur, rw_prec)
    np.add.at(diag, prev, rw_prec)
    off = np.zeros(n_p)  # off[k] = precision entry between k and k-1 (0 when k starts a chain)
    off[cur] = -rw_prec
    starts = np.setdiff1d(np.arange(n_p), cur)
    ends = np.append(starts[1:], n_p)
    se = np.empty(n_p)
    for s, e in zip(starts, ends, strict=True):
        m = np.diag(diag[s:e])
        if e - s > 1:
            o = off[s + 1 : e]
            m += np.diag(o, 1) + np.diag(o, -1)
        se[s:e] = np.sqrt(np.diag(np.linalg.inv(m)))
    return se


#: defaults that depend on the method: link, random-walk sd; the discrimination prior sd depends on the link
