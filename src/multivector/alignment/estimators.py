"""Ideal-point estimators, one per method, each with its own parameters validated in one place.

::

    from multivector.alignment.estimators import ForwardIdealPoints
    est = ForwardIdealPoints(rw_sd=0.5, estimate="mean").fit(votes, rollcalls=rollcalls)
    ideal_points(votes, method="forward", estimate="mean", rollcalls=rollcalls)   # the same

* :class:`StaticIdealPoints`: one fit per year, each on its own N(0, 1) scale.
* :class:`DynamicIdealPoints`: Bailey, Strezhnev and Voeten's (2017) random walk across years, all years
  fitted jointly (a smoother); optional ``bridge`` of repeated roll calls.
* :class:`ForwardIdealPoints`: the same random walk one-sided, as BSV's sampler draws it (ordered probit and
  their priors by default).

The model, priors and uncertainty are documented in :mod:`multivector.alignment.idealpoints`; vote
selection (final passage, procedural motions) is shared by every estimator (:func:`select_rollcalls`).
A parameter given to a method that does not take it, or a value out of range, is an
:class:`~multivector.errors.InputError` naming the parameter and the valid ones.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from multivector.alignment._irt import LINKS
from multivector.alignment._posterior import grid_posterior
from multivector.alignment.idealpoints import (
    Problem,
    bridge_keys,
    final_passage_ids,
    finish,
    fit_dynamic,
    fit_forward,
    fit_static,
    prepare,
    procedural_ids,
)
from multivector.errors import InputError

__all__ = [
    "ESTIMATORS",
    "DynamicIdealPoints",
    "ForwardIdealPoints",
    "StaticIdealPoints",
    "ideal_points",
    "select_rollcalls",
]

#: Prior sd of the roll-call discriminations by link: 2.5 with logit, 1.0 with probit (BSV's N(0, 1)).
BETA_SD = {"logit": 2.5, "probit": 1.0}


def select_rollcalls(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame | None,
    final_passage: bool = True,
    drop_procedural: bool = True,
) -> set[str] | None:
    """The roll calls to scale (None: all of ``votes``): with a roll-call table, final-passage votes only
    (not flagged ``amend``/``para``, as Voeten's ``idealpointfp``) and, with ``drop_procedural``, no
    procedural motions (:func:`~multivector.alignment.idealpoints.procedural_ids`)."""
    if rollcalls is None:
        return None
    keep = final_passage_ids(rollcalls) if final_passage else None
    if drop_procedural:
        ids = set(rollcalls["vote_id"].astype(str)) if keep is None else keep
        unlisted = set(votes["vote_id"].astype(str)) - set(rollcalls["vote_id"].astype(str))
        keep = (ids - procedural_ids(rollcalls)) | unlisted
    return keep


@dataclass(frozen=True)
class _Estimator:
    """Parameters every estimator has: the link, the discrimination prior, the interval, the sign anchor,
    the optimiser's iteration cap."""

    method: ClassVar[str] = ""
    link: str = "logit"
    beta_sd: float | None = None
    level: float = 0.95
    anchor: str = "USA"
    maxiter: int = 400

    def __post_init__(self) -> None:
        if self.link not in LINKS:
            raise InputError(f"link must be 'logit' or 'probit', got {self.link!r}")
        if not 0 < self.level < 1:
            raise InputError(f"level must lie in (0, 1), got {self.level!r}")
        if self.beta_sd is not None and not self.beta_sd > 0:
            raise InputError(f"beta_sd must be positive, got {self.beta_sd!r}")
        if self.maxiter < 1:
            raise InputError(f"maxiter must be at least 1, got {self.maxiter!r}")

    @property
    def prior_beta_sd(self) -> float:
        """The discrimination prior's sd: as given, else :data:`BETA_SD` of the link."""
        return self.beta_sd if self.beta_sd is not None else BETA_SD[self.link]

    @property
    def probs(self) -> tuple[float, float]:
        return 0.5 - self.level / 2.0, 0.5 + self.level / 2.0

    def problem(
        self, votes: pd.DataFrame, years: Iterable[int] | None, keep: set[str] | None,
        links: dict[str, str] | None = None,
    ) -> Problem:  # fmt: skip
        """The estimation problem: the contested votes of ``years`` (roll calls in ``keep``), the priors."""
        return Problem(prepare(votes, years, keep, links), self.anchor, self.link, self.prior_beta_sd)

    def fit(
        self,
        votes: pd.DataFrame,
        years: Iterable[int] | None = None,
        *,
        rollcalls: pd.DataFrame | None = None,
        final_passage: bool = True,
        drop_procedural: bool = True,
    ) -> pd.DataFrame:
        """Ideal points of every country and year: ``iso3, year, ideal_point, se, lower, upper, n_votes,
        method`` (see :func:`ideal_points`)."""
        keep = select_rollcalls(votes, rollcalls, final_passage, drop_procedural)
        return self._fit(votes, years, keep, rollcalls)

    def _fit(
        self, votes: pd.DataFrame, years: Iterable[int] | None, keep: set[str] | None,
        rollcalls: pd.DataFrame | None,
    ) -> pd.DataFrame:  # fmt: skip
        raise NotImplementedError


def _check_walk(rw_sd: float, theta_sd: float | None, rw_weight: str) -> None:
    if not rw_sd > 0:
        raise InputError(f"rw_sd must be positive, got {rw_sd!r}")
    if theta_sd is not None and not theta_sd > 0:
        raise InputError(f"theta_sd must be positive or None, got {theta_sd!r}")
    if rw_weight not in ("votes", "constant"):
        raise InputError(f"rw_weight must be 'votes' or 'constant', got {rw_weight!r}")


def _check_estimate(estimate: str) -> None:
    if estimate not in ("mode", "mean"):
        raise InputError(f"estimate must be 'mode' or 'mean', got {estimate!r}")


@dataclass(frozen=True)
class StaticIdealPoints(_Estimator):
    """One fit per year (``theta ~ N(0, 1)``: each year on its own scale). ``estimate``: ``"mode"``
    (posterior mode, Laplace se) or ``"mean"`` (grid posterior mean, sd and quantiles)."""

    method: ClassVar[str] = "static"
    estimate: str = "mode"

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_estimate(self.estimate)

    def _fit(self, votes: pd.DataFrame, years: Iterable[int] | None, keep: set[str] | None,
             rollcalls: pd.DataFrame | None) -> pd.DataFrame:  # fmt: skip
        problem = self.problem(votes, years, keep)
        x, se = fit_static(problem, self.maxiter)
        bounds = None
        if self.estimate == "mean":
            n_p = problem.obs.n_person
            post = grid_posterior(x, problem.obs, np.zeros(n_p), np.ones(n_p), problem.link, self.probs)
            x[:n_p], se, bounds = post.mean, post.sd, post.quantiles
        return finish(problem, x, se, self.level, self.method, bounds)


@dataclass(frozen=True)
class DynamicIdealPoints(_Estimator):
    """All years jointly with the random walk ``theta_t ~ N(theta_prev, rw_sd^2 * gap * w)`` (``w`` from the
    country's vote counts with ``rw_weight="votes"``, 1 with ``"constant"``) and ``theta ~ N(0,
    theta_sd^2)``; started from ``init_iter`` iterations of the static fits. ``bridge``: roll calls repeated
    with identical texts share their item parameters (needs ``rollcalls``)."""

    method: ClassVar[str] = "dynamic"
    rw_sd: float = 0.3
    theta_sd: float | None = 1.0
    rw_weight: str = "votes"
    init_iter: int = 80
    bridge: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_walk(self.rw_sd, self.theta_sd, self.rw_weight)

    def _fit(self, votes: pd.DataFrame, years: Iterable[int] | None, keep: set[str] | None,
             rollcalls: pd.DataFrame | None) -> pd.DataFrame:  # fmt: skip
        links = bridge_keys(rollcalls) if (rollcalls is not None and self.bridge) else None
        problem = self.problem(votes, years, keep, links)
        x, se = fit_dynamic(problem, self.rw_sd, self.theta_sd, self.maxiter, self.init_iter, self.rw_weight)
        return finish(problem, x, se, self.level, self.method, None)


@dataclass(frozen=True)
class ForwardIdealPoints(_Estimator):
    """BSV's one-sided random walk: the years in order, each centred on the country's previous estimate
    (a country's first year on its second). Ordered probit, ``beta ~ N(0, 1)`` and ``rw_sd = 0.5`` by
    default, as BSV; ``estimate="mean"`` centres later years on grid posterior means."""

    method: ClassVar[str] = "forward"
    link: str = "probit"
    rw_sd: float = 0.5
    theta_sd: float | None = 1.0
    rw_weight: str = "votes"
    estimate: str = "mode"

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_walk(self.rw_sd, self.theta_sd, self.rw_weight)
        _check_estimate(self.estimate)

    def _fit(self, votes: pd.DataFrame, years: Iterable[int] | None, keep: set[str] | None,
             rollcalls: pd.DataFrame | None) -> pd.DataFrame:  # fmt: skip
        problem = self.problem(votes, years, keep)
        x, se, bounds = fit_forward(problem, self.rw_sd, self.theta_sd, self.maxiter, self.rw_weight,
                                    estimate=self.estimate, probs=self.probs)  # fmt: skip
        return finish(problem, x, se, self.level, self.method, bounds)


#: The estimator of each method.
ESTIMATORS: dict[str, type[_Estimator]] = {
    cls.method: cls for cls in (StaticIdealPoints, DynamicIdealPoints, ForwardIdealPoints)
}


def _parameters(cls: type[_Estimator]) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def ideal_points(
    votes: pd.DataFrame,
    years: Iterable[int] | None = None,
    method: str = "static",
    *,
    rollcalls: pd.DataFrame | None = None,
    final_passage: bool = True,
    drop_procedural: bool = True,
    **parameters: Any,
) -> pd.DataFrame:
    """Estimate one-dimensional UNGA ideal points per country and calendar year with the estimator of
    ``method`` (:data:`ESTIMATORS`: ``"static"``, ``"dynamic"``, ``"forward"``) and its ``parameters``.

    Args:
        votes: long vote table (``vote_id, iso3, vote_code`` and ``year`` or ``date``; Voeten codes).
        years: calendar years to use (default: all in ``votes``).
        method: the estimator; each takes the parameters of its class (e.g. ``rw_sd`` for dynamic and
            forward, ``bridge`` for dynamic only, ``estimate`` for static and forward).
        rollcalls: optional roll-call table (``vote_id``, ``amend`` / ``para`` flags, ``descr``, ``short``)
            for the vote selection (:func:`select_rollcalls`) and ``bridge``.
        final_passage, drop_procedural: see :func:`select_rollcalls`.

    Returns:
        Frame ``iso3, year, ideal_point, se, lower, upper, n_votes, method``; higher = closer to the
        US-led pole (``anchor``, USA, positive), as in Voeten's estimates.

    Raises:
        InputError: bad columns or vote codes, an unknown method, a parameter the method does not take or
        out of range, nothing to scale.
    """
    cls = ESTIMATORS.get(method)
    if cls is None:
        raise InputError(f"method must be one of {', '.join(ESTIMATORS)}, got {method!r}")
    valid = _parameters(cls)
    unknown = sorted(set(parameters) - set(valid))
    if unknown:
        names, known = ", ".join(unknown), ", ".join(valid)
        raise InputError(f"{names} is not a parameter of method={method!r}; its parameters: {known}")
    return cls(**parameters).fit(
        votes, years, rollcalls=rollcalls, final_passage=final_passage, drop_procedural=drop_procedural
    )
