"""A bank of detectors, one per (series, country, power) of one period length, kept in the store.

The bank loads the detector states of one ``freq`` from ``monitor_detectors``, updates any subset of them
in one vectorised step per period (:meth:`DetectorBank.update`) and writes back only the states that
changed. Alongside each detector's recent points it keeps their periods, so an alarm can say which period
the change began in.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pyarrow as pa
from numpy.typing import NDArray

from multivector.dimensions import MONITOR_DETECTORS
from multivector.monitor.bocpd import DetectorConfig, DetectorState, StepResult
from multivector.monitor.tables import DETECTOR_COLUMNS

__all__ = ["DetectorBank", "Key"]

#: (series, iso3, power)
Key = tuple[str, str, str]


def _concat(a: DetectorState, b: DetectorState) -> DetectorState:
    return DetectorState(
        a.config,
        np.concatenate([a.n, b.n]),
        np.concatenate([a.buf, b.buf]),
        np.concatenate([a.logp, b.logp]),
        np.concatenate([a.bucket, b.bucket]),
        np.concatenate([a.mu0, b.mu0]),
        np.concatenate([a.beta0, b.beta0]),
        np.concatenate([a.min_scale, b.min_scale]),
        np.concatenate([a.armed, b.armed]),
        np.concatenate([a.base, b.base]),
    )


class DetectorBank:
    """The detectors of one period length (``freq``), keyed by (series, iso3, power)."""

    def __init__(self, freq: str, config: DetectorConfig) -> None:
        self.freq = freq
        self.config = config
        self.keys: list[Key] = []
        self.index: dict[Key, int] = {}
        self.state = DetectorState.new(0, config)
        self.periods: NDArray[np.int64] = np.zeros((0, config.max_run - 1), np.int64)
        self.changed: set[int] = set()

    def __len__(self) -> int:
        return len(self.keys)

    def __contains__(self, key: Key) -> bool:
        return key in self.index

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection, freq: str, config: DetectorConfig) -> DetectorBank:
        """The bank of ``freq`` as stored (empty when nothing is)."""
        bank = cls(freq, config)
        names = [c for c in DETECTOR_COLUMNS if c != "freq"]
        rows = con.execute(
            f"SELECT {', '.join(names)} FROM {MONITOR_DETECTORS} WHERE freq = ? ORDER BY series, iso3, power",
            [freq],
        ).fetchall()
        if not rows:
            return bank
        size = len(rows)
        r = config.max_run
        st = DetectorState.new(size, config)
        periods = np.zeros((size, r - 1), np.int64)
        for i, row in enumerate(rows):
            rec = dict(zip(names, row, strict=True))
            key = (str(rec["series"]), str(rec["iso3"]), str(rec["power"]))
            bank.index[key] = i
            bank.keys.append(key)
            st.n[i], st.armed[i], st.base[i] = int(rec["n"]), bool(rec["armed"]), int(rec["base"])
            st.mu0[i], st.beta0[i], st.min_scale[i] = rec["mu0"], rec["beta0"], rec["min_scale"]
            st.bucket[i] = (rec["bucket_n"], rec["bucket_s1"], rec["bucket_s2"])
            st.buf[i] = np.frombuffer(rec["buf"], np.float64)
            st.logp[i] = np.frombuffer(rec["logp"], np.float64)
            periods[i] = np.frombuffer(rec["periods"], np.int64)
        bank.state, bank.periods = st, periods
        return bank

    def save(self, con: duckdb.DuckDBPyConnection) -> int:
        """Write the states changed since loading; returns how many."""
        if not self.changed:
            return 0
        rows = sorted(self.changed)
        st = self.state
        keys = [self.keys[i] for i in rows]
        table = pa.table(
            {
                "freq": [self.freq] * len(rows),
                "series": [k[0] for k in keys],
                "iso3": [k[1] for k in keys],
                "power": [k[2] for k in keys],
                "n": pa.array(st.n[rows], pa.int64()),
                "armed": pa.array(st.armed[rows], pa.bool_()),
                "base": pa.array(st.base[rows], pa.int64()),
                "mu0": pa.array(st.mu0[rows], pa.float64()),
                "beta0": pa.array(st.beta0[rows], pa.float64()),
                "min_scale": pa.array(st.min_scale[rows], pa.float64()),
                "bucket_n": pa.array(st.bucket[rows, 0], pa.float64()),
                "bucket_s1": pa.array(st.bucket[rows, 1], pa.float64()),
                "bucket_s2": pa.array(st.bucket[rows, 2], pa.float64()),
                "buf": pa.array([st.buf[i].tobytes() for i in rows], pa.binary()),
                "logp": pa.array([st.logp[i].tobytes() for i in rows], pa.binary()),
                "periods": pa.array([self.periods[i].tobytes() for i in rows], pa.binary()),
            }
        )
        con.register("_mv_detectors", table)
        try:
            con.execute(
                f"DELETE FROM {MONITOR_DETECTORS} WHERE freq = ? AND series || '|' || iso3 || '|' || power IN"
                " (SELECT series || '|' || iso3 || '|' || power FROM _mv_detectors)",
                [self.freq],
            )
            cols = ", ".join(DETECTOR_COLUMNS)
            con.execute(f"INSERT INTO {MONITOR_DETECTORS} ({cols}) SELECT {cols} FROM _mv_detectors")
        finally:
            con.unregister("_mv_detectors")
        self.changed.clear()
        return len(rows)

    def ensure(self, keys: list[Key], min_scale: NDArray[np.float64]) -> NDArray[np.int64]:
        """The rows of ``keys``, creating fresh detectors (in warm-up) for the new ones."""
        new = [k for k in dict.fromkeys(keys) if k not in self.index]
        if new:
            scale = dict(zip(keys, min_scale, strict=True))
            fresh = DetectorState.new(len(new), self.config, np.array([scale[k] for k in new]))
            start = len(self.keys)
            for j, k in enumerate(new):
                self.index[k] = start + j
            self.keys.extend(new)
            self.state = _concat(self.state, fresh)
            self.periods = np.concatenate(
                [self.periods, np.zeros((len(new), self.periods.shape[1]), np.int64)]
            )
        return np.array([self.index[k] for k in keys], np.int64)

    def update(self, rows: NDArray[np.int64], x: NDArray[np.float64], period: date) -> StepResult:
        """Feed ``x`` (one value per row) observed in ``period`` to the detectors at ``rows``."""
        sub = self.state.take(rows)
        result = sub.update(x)
        self.state.put(rows, sub)
        self.periods[rows, :-1] = self.periods[rows, 1:]
        self.periods[rows, -1] = period.toordinal()
        self.changed.update(int(r) for r in rows)
        return result

    def change_period(self, row: int, run: int) -> date:
        """The period of the first point of a run of length ``run`` (0: the latest point) at ``row``."""
        return date.fromordinal(int(self.periods[row, -1 - run]))

    def rows_of(self, series: str) -> list[tuple[int, Key]]:
        """(row, key) of every detector of ``series``."""
        return [(i, k) for i, k in enumerate(self.keys) if k[0] == series]
