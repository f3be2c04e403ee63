"""The detector against worked examples: the Student-t predictive, the exact run-length posterior by
enumerating every segmentation, a plain per-series loop, the pooled long-run bucket, the alarm rule."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats
from scipy.special import gammaln, logsumexp

from multivector.errors import InputError
from multivector.monitor.bocpd import DetectorConfig, DetectorState, predictive_logpdf, run_series


def test_predictive_is_the_normal_gamma_student_t() -> None:
    # Prior mu0=1, kappa0=2, alpha0=3, beta0=4 and data [0.5, 2.0, 1.5] (n=3, s1=4, s2=6.5):
    # kappa_n = 5, mu_n = (2*1 + 4)/5 = 1.2, alpha_n = 4.5,
    # beta_n = 4 + (6.5 + 2*1 - 5*1.44)/2 = 4 + 0.65 = 4.65; predictive t(9, 1.2, 4.65*6/(4.5*5)).
    got = predictive_logpdf(
        np.array([0.3]), np.array([3.0]), np.array([4.0]), np.array([6.5]), np.array([1.0]), 2.0, 3.0,
        np.array([4.0]),
    )  # fmt: skip
    scale = math.sqrt(4.65 * 6 / (4.5 * 5))
    assert got[0] == pytest.approx(stats.t.logpdf(0.3, df=9, loc=1.2, scale=scale), rel=1e-12)
    # no data: the prior predictive t(2*alpha0, mu0, beta0 (kappa0+1)/(alpha0 kappa0)) = t(6, 1, 2)
    z = np.zeros(1)
    prior = predictive_logpdf(np.array([0.3]), z, z, z, np.array([1.0]), 2.0, 3.0, np.array([4.0]))
    assert prior[0] == pytest.approx(stats.t.logpdf(0.3, df=6, loc=1.0, scale=math.sqrt(2.0)), rel=1e-12)


def _marginal(x: np.ndarray, mu0: float, k0: float, a0: float, b0: float) -> float:
    """log p(x_1..n) of one regime under the Normal-Gamma prior, in closed form (not via predictives)."""
    n = len(x)
    kn = k0 + n
    mean = x.mean()
    an = a0 + n / 2
    bn = b0 + 0.5 * ((x - mean) ** 2).sum() + k0 * n * (mean - mu0) ** 2 / (2 * kn)
    return float(
        gammaln(an) - gammaln(a0) + a0 * math.log(b0) - an * math.log(bn)
        + 0.5 * (math.log(k0) - math.log(kn)) - n / 2 * math.log(2 * math.pi)
    )  # fmt: skip


def test_run_length_posterior_equals_enumeration_of_every_segmentation() -> None:
    cfg = DetectorConfig(expected_run=5.0, window=3, min_run=0, warmup=4, max_run=32, threshold=0.5)
    warm = np.array([0.1, -0.4, 0.3, 0.0])
    data = np.array([0.2, 2.5, 2.9, 2.2, 3.1, -0.5])
    state = DetectorState.new(1, cfg)
    for v in warm:
        state.update(np.array([v]))
    mu0, b0 = float(state.mu0[0]), float(state.beta0[0])
    assert mu0 == pytest.approx(warm.mean()) and b0 == pytest.approx((cfg.alpha0 - 1) * warm.var(ddof=1))
    h = cfg.hazard
    for t in range(1, len(data) + 1):
        state.update(np.array([data[t - 1]]))
        # every set of change points among the t points after the warm-up (the warm-up is one regime)
        post: dict[int, list[float]] = {}
        for flags in itertools.product([0, 1], repeat=t):
            starts = [0] + [len(warm) + i for i in range(t) if flags[i]]
            xs = np.concatenate([warm, data[:t]])
            bounds = [*starts, len(xs)]
            logp = sum(math.log(h) if f else math.log(1 - h) for f in flags)
            logp += sum(
                _marginal(xs[a:b], mu0, cfg.kappa0, cfg.alpha0, b0) for a, b in itertools.pairwise(bounds)
            )
            run = len(xs) - starts[-1] - 1  # points of the last regime, minus one
            post.setdefault(run, []).append(logp)
        keys = sorted(post)
        expected = np.array([logsumexp(post[k]) for k in keys])
        expected -= logsumexp(expected)
        np.testing.assert_allclose(state.logp[0, keys], expected, rtol=0, atol=1e-9)
        assert np.isneginf(np.delete(state.logp[0], keys)).all()


def _loop_detector(x: np.ndarray, cfg: DetectorConfig) -> np.ndarray:
    """The same recursion, one series and one run length at a time (no vectorisation, no pooling)."""
    w = cfg.warmup
    warm = x[:w]
    mu0, b0 = warm.mean(), (cfg.alpha0 - 1) * max(warm.var(ddof=1), 1e-12)
    runs = [list(warm)]  # the points of each possible current run, shortest first after the first step
    logp = [0.0]
    probs = []
    base, armed = 0, True  # start index of the last regime alarmed on; armed flag
    for t, v in enumerate(x[w:], start=w):
        pred = [
            float(predictive_logpdf(np.array([v]), np.array([float(len(r))]), np.array([sum(r)]),
                                    np.array([sum(q * q for q in r)]), np.array([mu0]), cfg.kappa0,
                                    cfg.alpha0, np.array([b0]))[0])
            for r in runs
        ]  # fmt: skip
        z = np.zeros(1)
        prior = float(predictive_logpdf(np.array([v]), z, z, z, np.array([mu0]), cfg.kappa0, cfg.alpha0,
                                        np.array([b0]))[0])  # fmt: skip
        grow = [lp + math.log(1 - cfg.hazard) + p for lp, p in zip(logp, pred, strict=True)]
        new = [math.log(cfg.hazard) + prior, *grow]
        norm = logsumexp(new)
        logp = [v2 - norm for v2 in new]
        runs = [[v], *[[*r, v] for r in runs]]
        eligible = [(lp, len(r) - 1) for lp, r in zip(logp, runs, strict=True)
                    if cfg.min_run <= len(r) - 1 < cfg.window and t - (len(r) - 1) > base]  # fmt: skip
        prob = math.exp(logsumexp([lp for lp, _k in eligible])) if eligible else 0.0
        if armed and prob >= cfg.threshold:
            base = t - max(eligible)[1]  # the most probable eligible run's start
        armed = prob < cfg.threshold
        probs.append(prob)
    return np.array(probs)


def test_vectorised_detectors_equal_a_plain_loop() -> None:
    cfg = DetectorConfig(expected_run=20.0, window=5, warmup=6, max_run=60)
    rng = np.random.default_rng(3)
    x = rng.normal(0, 1, (3, 40))
    x[1, 25:] += 2.0
    x[2] = x[2] * 5 + 100  # another location and scale
    res = run_series(x, cfg)
    for i in range(3):
        np.testing.assert_allclose(res.prob[i, cfg.warmup :], _loop_detector(x[i], cfg), rtol=0, atol=1e-9)
    assert np.isnan(res.prob[:, : cfg.warmup]).all()
    assert res.alarm[1, 25:30].any()  # the shifted series alarmed: the loop followed the alarm's bookkeeping


def test_pooled_bucket_keeps_long_series_normalised_and_alert() -> None:
    cfg = DetectorConfig(max_run=16, warmup=6, window=5)
    rng = np.random.default_rng(5)
    x = rng.standard_normal((50, 300))
    x[:, 200:] += 4.0
    state = DetectorState.new(50, cfg)
    first_alarm = np.full(50, -1)
    for t in range(300):
        step = state.update(x[:, t])
        if t >= cfg.warmup:
            np.testing.assert_allclose(np.exp(logsumexp(state.logp, axis=1)), 1.0, atol=1e-9)
        first_alarm = np.where((first_alarm < 0) & step.alarm & (t >= 200), t, first_alarm)
    # a 4-sd shift is found within a few points of t=200 in every series, long after runs were pooled
    assert ((first_alarm >= 200) & (first_alarm <= 205)).all()


def test_one_alarm_per_change_and_the_size_of_the_shift() -> None:
    cfg = DetectorConfig(warmup=8, window=8)
    rng = np.random.default_rng(9)
    x = rng.normal(10.0, 0.5, (1, 120))
    x[0, 80:] -= 3.0  # down 6 standard deviations
    res = run_series(x, cfg)
    hits = np.flatnonzero(res.alarm[0])
    assert len(hits) == 1 and 80 <= hits[0] <= 83
    t = hits[0]
    run = res.run[0, t]
    assert t - run == 80  # the change is placed on the first shifted point
    assert res.after_mean[0, t] - res.before_mean[0, t] == pytest.approx(-3.0, abs=0.5)
    assert res.before_sd[0, t] == pytest.approx(0.5, abs=0.2)


def test_bad_input() -> None:
    with pytest.raises(InputError):
        DetectorConfig(window=1, min_run=1)
    with pytest.raises(InputError):
        DetectorConfig(threshold=1.0)
    state = DetectorState.new(2, DetectorConfig())
    with pytest.raises(InputError):
        state.update(np.array([1.0]))
    with pytest.raises(InputError):
        state.update(np.array([1.0, np.nan]))
