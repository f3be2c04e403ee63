"""The calibration helpers on small samples: the false-alarm rate, the threshold search, injected shifts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from multivector.errors import InputError
from multivector.monitor.bocpd import DetectorConfig
from multivector.monitor.calibration import (
    calibrate_threshold,
    false_alarm_rate,
    shift_detection,
    stationary_series,
)


def test_stationary_series_have_unit_variance_and_the_asked_dependence() -> None:
    x = stationary_series(200, 500, seed=1, ar=0.5)
    assert x.std() == pytest.approx(1.0, abs=0.03)
    lag1 = np.mean([np.corrcoef(r[:-1], r[1:])[0, 1] for r in x])
    assert lag1 == pytest.approx(0.5, abs=0.03)
    t = stationary_series(200, 500, seed=1, noise="t5")
    assert t.std() == pytest.approx(1.0, abs=0.05)
    with pytest.raises(InputError):
        stationary_series(2, 5, seed=1, noise="cauchy")


def test_threshold_search_and_rates() -> None:
    cfg = DetectorConfig()
    low = false_alarm_rate(dataclasses.replace(cfg, threshold=0.2), n_series=40, length=300, seed=5)
    high = false_alarm_rate(dataclasses.replace(cfg, threshold=0.9), n_series=40, length=300, seed=5)
    assert low > high  # a lower threshold alarms more often
    threshold, rate = calibrate_threshold(cfg, target=2.0, n_series=40, length=300, seed=5, steps=3)
    assert rate <= 2.0 and 0.05 < threshold < 0.99
    assert false_alarm_rate(dataclasses.replace(cfg, threshold=threshold), 40, 300, 5) == pytest.approx(rate)


def test_big_shifts_are_found_fast_and_small_ones_slowly() -> None:
    cfg = DetectorConfig()
    big = shift_detection(cfg, 4.0, n_series=80, seed=2)
    small = shift_detection(cfg, 0.5, n_series=80, seed=2)
    assert big.detected >= 0.95 and big.median_delay <= 3
    assert small.detected < big.detected and small.n == 80
