"""Bayesian online change-point detection (Adams and MacKay 2007), vectorised over many series at once.

Model. Each series is a sequence of regimes; within a regime the points are i.i.d. Normal with unknown mean
and variance, with a Normal-Gamma prior (mu0, kappa0, alpha0, beta0). A new regime starts before any point
with the constant hazard ``H = 1 / expected_run``. The run length ``r_t`` (here: the number of points of
the current regime up to and including ``x_t``, minus one) has the posterior

    P(r_t = k + 1 | x_1..t)  ∝  P(r_{t-1} = k | x_1..t-1) (1 - H) p(x_t | the k + 1 points of run k)
    P(r_t = 0     | x_1..t)  ∝  H p(x_t | prior)

where p(x | n points) is the Normal-Gamma posterior predictive, a Student-t with 2 alpha_n degrees of
freedom, location mu_n and squared scale beta_n (kappa_n + 1) / (alpha_n kappa_n) (K. P. Murphy 2007,
"Conjugate Bayesian analysis of the Gaussian distribution", the Normal-Gamma prior). In Algorithm 1 of
Adams and MacKay the change-point mass at t is weighted by the old runs' predictive of x_t; here the first
point of a new regime is scored under the prior instead, so a jump shows in the posterior when it happens.

Run lengths 0 .. ``max_run - 2`` are tracked exactly; longer runs are pooled in one bucket (whose
statistics are those of the most probable run that entered it), so a state has a fixed size: the last
``max_run - 1`` points, ``max_run`` log-probabilities and the bucket's sums.

Warm-up. The first ``warmup`` points of a series set its prior: mu0 their mean, beta0 = (alpha0 - 1) s^2
with s^2 their variance (at least ``min_scale^2``), so E[sigma^2] = s^2; detection starts after them. The
procedure is then (up to the warm-up's noise) the same on any location and scale, which is what lets one
threshold, calibrated on standard normal series, serve every series.

Alarm. ``prob`` = P(min_run <= r_t < window | x_1..t), summed over the runs that began after the start of
the last regime alarmed on (at first, the warm-up's): the posterior probability that a new regime began
within the last ``window`` points and has lasted at least ``min_run + 1`` points (one outlying point is not
a shift). An alarm is raised when ``prob`` reaches ``threshold`` and the series is armed. The alarmed
regime's start becomes the new reference, so that regime cannot raise a second alarm, while a further
change, even one soon after, can; a series whose ``prob`` stays at or above the threshold without a new
alarm is disarmed until it falls below.

Reference: R. P. Adams and D. J. C. MacKay (2007), "Bayesian Online Changepoint Detection",
arXiv:0710.3742.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln, logsumexp

from multivector.errors import InputError

__all__ = ["DetectorConfig", "DetectorState", "StepResult", "predictive_logpdf", "run_series"]

Floats = NDArray[np.float64]


@dataclass(frozen=True)
class DetectorConfig:
    """The detector's settings. ``threshold`` is calibrated (docs/monitor.md, ``monitor.calibration``) so
    that stationary normal series give at most one false alarm per 1,000 points."""

    expected_run: float = 250.0
    window: int = 8
    min_run: int = 1
    threshold: float = 0.5
    warmup: int = 8
    max_run: int = 64
    kappa0: float = 0.1
    alpha0: float = 2.0

    def __post_init__(self) -> None:
        if not self.expected_run > 1:
            raise InputError(f"expected_run must be > 1, got {self.expected_run}")
        if not 0 <= self.min_run < self.window < self.max_run:
            raise InputError("need 0 <= min_run < window < max_run")
        if not 0 < self.threshold < 1:
            raise InputError(f"threshold must be in (0, 1), got {self.threshold}")
        if self.warmup < 2 or self.warmup >= self.max_run:
            raise InputError("warmup must be at least 2 and below max_run")
        if self.kappa0 <= 0 or self.alpha0 <= 1:
            raise InputError("kappa0 must be > 0 and alpha0 > 1")

    @property
    def hazard(self) -> float:
        """Probability that a new regime starts before a point."""
        return 1.0 / self.expected_run


def predictive_logpdf(
    x: Floats, n: Floats, s1: Floats, s2: Floats, mu0: Floats, kappa0: float, alpha0: float, beta0: Floats
) -> Floats:
    """log p(x | n points with sum s1 and sum of squares s2) under the Normal-Gamma model (broadcasting).

    Posterior: kappa_n = kappa0 + n, mu_n = (kappa0 mu0 + s1) / kappa_n, alpha_n = alpha0 + n / 2,
    beta_n = beta0 + (s2 + kappa0 mu0^2 - kappa_n mu_n^2) / 2; predictive Student-t(2 alpha_n, mu_n,
    beta_n (kappa_n + 1) / (alpha_n kappa_n)).
    """
    kn = kappa0 + n
    mun = (kappa0 * mu0 + s1) / kn
    an = alpha0 + n / 2.0
    bn = beta0 + 0.5 * (s2 + kappa0 * mu0 * mu0 - kn * mun * mun)
    bn = np.maximum(bn, beta0 * 1e-9)  # rounding can make the sum of squares a hair negative
    nu = 2.0 * an
    scale2 = bn * (kn + 1.0) / (an * kn)
    z = (x - mun) ** 2 / (nu * scale2)
    out: Floats = (
        gammaln((nu + 1.0) / 2.0)
        - gammaln(nu / 2.0)
        - 0.5 * np.log(np.pi * nu * scale2)
        - (nu + 1.0) / 2.0 * np.log1p(z)
    )
    return out


@dataclass
class StepResult:
    """What one update gave for each series updated (NaN/False/-1 for series still in warm-up).

    ``prob``: P(min_run <= r_t < window); ``alarm``: a new alarm now; ``run``: the most probable run length
    in [min_run, window) (the change began ``run`` points before this one); ``before_mean``, ``before_sd``,
    ``after_mean``: the points before and since that change (up to 30 before); ``n_after``: points since.
    """

    prob: Floats
    alarm: NDArray[np.bool_]
    run: NDArray[np.int64]
    before_mean: Floats
    before_sd: Floats
    after_mean: Floats
    n_before: NDArray[np.int64]


@dataclass
class DetectorState:
    """The state of ``size`` detectors (one per series), all with the same :class:`DetectorConfig`.

    Arrays (first axis: series): ``n`` points seen; ``buf`` the last ``max_run - 1`` points (most recent
    last); ``logp`` log P(r_t = k), k = 0 .. max_run - 1 (the last entry pools longer runs); ``bucket`` the
    pooled run's (count, sum, sum of squares); ``mu0``, ``beta0`` and ``min_scale`` the prior; ``armed``;
    ``base`` the index (0-based, over the series' points) of the first point of the last regime alarmed on.
    """

    config: DetectorConfig
    n: NDArray[np.int64]
    buf: Floats
    logp: Floats
    bucket: Floats
    mu0: Floats
    beta0: Floats
    min_scale: Floats
    armed: NDArray[np.bool_]
    base: NDArray[np.int64]

    @classmethod
    def new(cls, size: int, config: DetectorConfig, min_scale: Floats | float = 1e-6) -> DetectorState:
        """``size`` fresh detectors (in warm-up); ``min_scale`` floors the prior standard deviation."""
        r = config.max_run
        return cls(
            config=config,
            n=np.zeros(size, np.int64),
            buf=np.zeros((size, r - 1)),
            logp=np.full((size, r), -np.inf),
            bucket=np.zeros((size, 3)),
            mu0=np.full(size, np.nan),
            beta0=np.full(size, np.nan),
            min_scale=np.broadcast_to(np.asarray(min_scale, np.float64), (size,)).copy(),
            armed=np.ones(size, np.bool_),
            base=np.zeros(size, np.int64),
        )

    @property
    def size(self) -> int:
        """Number of detectors."""
        return len(self.n)

    def take(self, index: NDArray[np.int64]) -> DetectorState:
        """The detectors at ``index`` (copies)."""
        return DetectorState(
            self.config,
            self.n[index].copy(),
            self.buf[index].copy(),
            self.logp[index].copy(),
            self.bucket[index].copy(),
            self.mu0[index].copy(),
            self.beta0[index].copy(),
            self.min_scale[index].copy(),
            self.armed[index].copy(),
            self.base[index].copy(),
        )

    def put(self, index: NDArray[np.int64], other: DetectorState) -> None:
        """Write ``other`` (as many detectors as ``index``) back at ``index``."""
        self.n[index], self.buf[index], self.logp[index] = other.n, other.buf, other.logp
        self.bucket[index], self.mu0[index], self.beta0[index] = other.bucket, other.mu0, other.beta0
        self.min_scale[index], self.armed[index] = other.min_scale, other.armed
        self.base[index] = other.base

    # -- the update ------------------------------------------------------------------------------------
    def update(self, x: Floats) -> StepResult:
        """Feed one point to every detector (``x`` has one value per detector); returns the step's result."""
        x = np.asarray(x, np.float64)
        if x.shape != (self.size,):
            raise InputError(f"need one value per detector ({self.size}), got shape {x.shape}")
        if not np.all(np.isfinite(x)):
            raise InputError("detector input must be finite")
        cfg = self.config
        m = self.size
        res = StepResult(
            np.full(m, np.nan),
            np.zeros(m, np.bool_),
            np.full(m, -1, np.int64),
            np.full(m, np.nan),
            np.full(m, np.nan),
            np.full(m, np.nan),
            np.zeros(m, np.int64),
        )
        live = self.n >= cfg.warmup
        if live.any():
            idx = np.flatnonzero(live)
            sub = self.take(idx)
            sub._step(x[idx], res, idx)
            self.put(idx, sub)
        warm = ~live
        if warm.any():
            idx = np.flatnonzero(warm)
            self._push(idx, x[idx])
            self.n[idx] += 1
            ready = idx[self.n[idx] == cfg.warmup]
            if len(ready):
                self._start(ready)
        return res

    def _push(self, idx: NDArray[np.int64], values: Floats) -> None:
        self.buf[idx, :-1] = self.buf[idx, 1:]
        self.buf[idx, -1] = values

    def _start(self, idx: NDArray[np.int64]) -> None:
        """End of warm-up: the prior from the warm-up points, which form the first run."""
        cfg = self.config
        w = self.buf[idx, -cfg.warmup :]
        var = np.maximum(w.var(axis=1, ddof=1), self.min_scale[idx] ** 2)
        self.mu0[idx] = w.mean(axis=1)
        self.beta0[idx] = (cfg.alpha0 - 1.0) * var
        self.logp[idx] = -np.inf
        self.logp[idx, cfg.warmup - 1] = 0.0

    def _run_stats(self) -> tuple[Floats, Floats, Floats]:
        """(count, sum, sum of squares) of each run length's points, shape (m, max_run)."""
        r = self.config.max_run
        rev = self.buf[:, ::-1]
        count = np.broadcast_to(np.arange(1, r, dtype=np.float64), rev.shape)
        s1 = np.cumsum(rev, axis=1)
        s2 = np.cumsum(rev * rev, axis=1)
        n = np.concatenate([count, self.bucket[:, :1]], axis=1)
        return (
            n,
            np.concatenate([s1, self.bucket[:, 1:2]], axis=1),
            np.concatenate([s2, self.bucket[:, 2:3]], 1),
        )

    def _step(self, x: Floats, res: StepResult, where: NDArray[np.int64]) -> None:
        cfg = self.config
        r = cfg.max_run
        n, s1, s2 = self._run_stats()
        mu0, beta0 = self.mu0[:, None], self.beta0[:, None]
        pred = predictive_logpdf(x[:, None], n, s1, s2, mu0, cfg.kappa0, cfg.alpha0, beta0)
        zero = np.zeros((len(x), 1))
        prior = predictive_logpdf(x[:, None], zero, zero, zero, mu0, cfg.kappa0, cfg.alpha0, beta0)[:, 0]
        grow = self.logp + np.log1p(-cfg.hazard) + pred
        new = np.empty_like(self.logp)
        new[:, 0] = np.log(cfg.hazard) + prior
        new[:, 1 : r - 1] = grow[:, : r - 2]
        new[:, r - 1] = np.logaddexp(grow[:, r - 2], grow[:, r - 1])
        new -= logsumexp(new, axis=1, keepdims=True)
        # the pooled run keeps the statistics of the more probable run that enters it
        take_last = grow[:, r - 2] > grow[:, r - 1]
        last = np.stack([n[:, r - 2], s1[:, r - 2], s2[:, r - 2]], axis=1)
        self.bucket = np.where(take_last[:, None], last, self.bucket)
        self.bucket += np.stack([np.ones_like(x), x, x * x], axis=1)
        self.logp = new
        self.buf[:, :-1] = self.buf[:, 1:]
        self.buf[:, -1] = x
        self.n += 1
        # only runs that began after the start of the last regime alarmed on (at first: the warm-up's run),
        # so a second change soon after a first one is a new alarm, and the warm-up is never a change
        ks = np.arange(cfg.min_run, cfg.window)[None, :]
        recent = np.where(ks < (self.n - 1 - self.base)[:, None], new[:, cfg.min_run : cfg.window], -np.inf)
        prob = np.exp(logsumexp(recent, axis=1))
        alarm = self.armed & (prob >= cfg.threshold)
        self.armed = prob < cfg.threshold
        res.prob[where] = prob
        res.alarm[where] = alarm
        run = cfg.min_run + np.argmax(recent, axis=1)
        self.base = np.where(alarm, self.n - 1 - run, self.base)
        res.run[where] = run
        self._sizes(run, res, where)

    def _sizes(self, run: NDArray[np.int64], res: StepResult, where: NDArray[np.int64]) -> None:
        """Means before and since the most probable recent change (from the buffer of recent points)."""
        width = self.buf.shape[1]
        pos = np.arange(width)[None, :]
        start = width - 1 - run[:, None]  # buffer index of the first point of the new run
        seen = np.minimum(self.n, width)[:, None]
        valid = pos >= width - seen
        after = pos >= start
        before = valid & (pos < start) & (pos >= start - 30)
        with np.errstate(invalid="ignore", divide="ignore"):
            na = after.sum(axis=1)
            nb = before.sum(axis=1)
            mean_a = np.where(after, self.buf, 0.0).sum(axis=1) / na
            mean_b = np.where(before, self.buf, 0.0).sum(axis=1) / nb
            dev = np.where(before, self.buf - mean_b[:, None], 0.0)
            sd_b = np.sqrt((dev * dev).sum(axis=1) / np.maximum(nb - 1, 1))
        res.after_mean[where] = mean_a
        res.before_mean[where] = np.where(nb > 0, mean_b, np.nan)
        res.before_sd[where] = np.where(nb > 1, sd_b, np.nan)
        res.n_before[where] = nb


def run_series(values: Floats, config: DetectorConfig, min_scale: float = 1e-6) -> StepResult:
    """Run detectors over a (series x time) array, all series in step; returns per-point results stacked
    along a new last axis (``prob`` etc. of shape (series, time)). For tests, calibration and backtests."""
    data = np.atleast_2d(np.asarray(values, np.float64))
    state = DetectorState.new(data.shape[0], config, min_scale)
    steps = [state.update(data[:, t]) for t in range(data.shape[1])]
    return StepResult(
        *(np.stack([getattr(s, f) for s in steps], axis=1) for f in StepResult.__dataclass_fields__)
    )
