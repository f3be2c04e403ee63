"""Calibration and power of the detector on synthetic series (what ``monitor backtest`` and
``benchmarks/monitor.py`` report).

* :func:`false_alarm_rate`: alarms per 1,000 points on stationary series (after the warm-up); the null
  model is i.i.d. standard normal, optionally AR(1) or Student-t noise to show what dependence and heavy
  tails do to the rate.
* :func:`calibrate_threshold`: the smallest alarm threshold whose false-alarm rate on stationary normal
  series is at most a target (the default threshold of :class:`DetectorConfig` comes from it).
* :func:`shift_detection`: on series with one injected mean shift of known size (in standard deviations),
  the share detected within ``within`` points, the delays, and how many were preceded by a false alarm.

Alarms are counted as the detector raises them (:attr:`StepResult.alarm`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from multivector.errors import InputError
from multivector.monitor.bocpd import DetectorConfig, run_series

__all__ = [
    "ShiftDetection",
    "calibrate_threshold",
    "false_alarm_rate",
    "shift_detection",
    "stationary_series",
]


def stationary_series(
    n_series: int, length: int, seed: int, noise: str = "normal", ar: float = 0.0
) -> NDArray[np.float64]:
    """Stationary series with unit marginal variance: i.i.d. normal, Student-t(5) (``noise="t5"``),
    optionally AR(1) with coefficient ``ar``."""
    rng = np.random.default_rng(seed)
    if noise == "normal":
        e = rng.standard_normal((n_series, length))
    elif noise == "t5":
        e = rng.standard_t(5, (n_series, length)) / np.sqrt(5 / 3)
    else:
        raise InputError(f"noise must be 'normal' or 't5', not {noise!r}")
    if ar:
        if not -1 < ar < 1:
            raise InputError("ar must be in (-1, 1)")
        out = np.empty_like(e)
        out[:, 0] = e[:, 0]
        scale = np.sqrt(1 - ar * ar)
        for t in range(1, length):
            out[:, t] = ar * out[:, t - 1] + scale * e[:, t]
        e = out
    return e


def false_alarm_rate(
    config: DetectorConfig,
    n_series: int = 400,
    length: int = 1000,
    seed: int = 0,
    noise: str = "normal",
    ar: float = 0.0,
) -> float:
    """Alarms per 1,000 detection points on stationary series."""
    x = stationary_series(n_series, length, seed, noise, ar)
    res = run_series(x, config)
    return float(1000.0 * res.alarm.sum() / np.isfinite(res.prob).sum())


def calibrate_threshold(
    config: DetectorConfig,
    target: float = 1.0,
    n_series: int = 400,
    length: int = 1000,
    seed: int = 0,
    steps: int = 7,
) -> tuple[float, float]:
    """(threshold, its false alarms per 1,000 points): bisection for the smallest threshold whose rate on
    stationary normal series (the same series for every candidate) is at most ``target``."""
    low, high = 0.05, 0.99
    rate_high = false_alarm_rate(dataclasses.replace(config, threshold=high), n_series, length, seed)
    if rate_high > target:
        raise InputError(f"no threshold below 1 gives at most {target} false alarms per 1,000 points")
    for _ in range(steps):
        mid = round((low + high) / 2, 4)
        rate = false_alarm_rate(dataclasses.replace(config, threshold=mid), n_series, length, seed)
        if rate <= target:
            high, rate_high = mid, rate
        else:
            low = mid
    return high, rate_high


@dataclass(frozen=True)
class ShiftDetection:
    """Detection of injected shifts: ``detected`` share within ``within`` points, ``median_delay`` (points
    since the shift at the alarm, 1 = on the first shifted point; over the detected ones), ``prior_alarm``
    share of series with a false alarm before the shift, ``n`` series."""

    shift: float
    within: int
    detected: float
    median_delay: float
    prior_alarm: float
    n: int


def shift_detection(
    config: DetectorConfig,
    shift: float,
    within: int = 7,
    n_series: int = 400,
    before: int = 60,
    after: int = 60,
    seed: int = 1,
) -> ShiftDetection:
    """Inject a shift of ``shift`` standard deviations after ``before`` points; see :class:`ShiftDetection`.

    A shift counts as detected when an alarm falls on one of its first ``within`` points (series with a
    false alarm before it included: that alarm does not count)."""
    x = stationary_series(n_series, before + after, seed)
    x[:, before:] += shift
    res = run_series(x, config)
    alarms = res.alarm
    prior = alarms[:, :before].any(axis=1)
    post = alarms[:, before:]
    hit = post.any(axis=1)
    delay = np.where(hit, post.argmax(axis=1) + 1, np.iinfo(np.int64).max)
    detected = delay <= within
    median = float(np.median(delay[hit])) if hit.any() else float("nan")
    return ShiftDetection(shift, within, float(detected.mean()), median, float(prior.mean()), n_series)
