"""The UN vote series extended by a later scrape, its coverage by year, and the low-participation rule.

Hand-made store: ``unga_votes`` (the Voeten file) with four roll calls in 2023 and two in 2024, the last on
4 June 2024; ``unga_undl_votes`` (the scrape) with one roll call dated 1 March 2024 (inside the Voeten
file's coverage: it must not revise it) and two in 2025. Codes 1 yes, 2 abstain, 3 no, 8 absent.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from _helpers import tiny_result
from multivector.dimensions import UNDL_VOTES, UNGA_VOTES
from multivector.panels import add_unga, create_dyad_years
from multivector.panels.unga_votes import load_votes, participation, year_coverage
from multivector.store.db import Store

MAIN = {  # vote_id: (date, {country: code})
    "r1": ("2023-03-01", {"KAZ": 1, "RUS": 1, "USA": 3, "TUR": 1, "DEU": 3, "FRA": 3}),
    "r2": ("2023-10-01", {"KAZ": 1, "RUS": 1, "USA": 1, "TUR": 8, "DEU": 1, "FRA": 1}),
    "r3": ("2023-12-01", {"KAZ": 2, "RUS": 3, "USA": 1, "TUR": 8, "DEU": 1, "FRA": 2}),
    "r4": ("2023-12-02", {"KAZ": 1, "RUS": 1, "USA": 3, "TUR": 8, "DEU": 3, "FRA": 3}),
    "r5": ("2024-02-01", {"KAZ": 1, "RUS": 1, "USA": 3, "TUR": 1, "DEU": 2, "FRA": 3}),
    "r6": ("2024-06-04", {"KAZ": 3, "RUS": 3, "USA": 1, "TUR": 1, "DEU": 1, "FRA": 1}),
}
LATER = {
    "u0": ("2024-03-01", {"KAZ": 1, "RUS": 3, "USA": 1, "TUR": 1, "DEU": 1, "FRA": 1}),
    "u1": ("2025-02-24", {"KAZ": 2, "RUS": 3, "USA": 3, "TUR": 2, "DEU": 1, "FRA": 1}),
    "u2": ("2025-12-10", {"KAZ": 1, "RUS": 1, "USA": 8, "TUR": 1, "DEU": 1, "FRA": 1}),
}


def _votes(spec: dict[str, tuple[str, dict[str, int]]]) -> pd.DataFrame:
    rows = [
        (v, c, pd.Timestamp(d), pd.Timestamp(d).year, code)
        for v, (d, votes) in spec.items()
        for c, code in votes.items()
    ]
    return pd.DataFrame(rows, columns=["vote_id", "iso3", "date", "year", "vote_code"])


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("unga_cov") / "u.duckdb"
    with Store(path) as st:
        st.import_result("unga", {UNGA_VOTES: tiny_result(_votes(MAIN), "unga")})
        st.import_result("unga_undl", {UNDL_VOTES: tiny_result(_votes(LATER), "unga_undl")})
    return path


def test_extension_extends_and_never_revises(store: Path) -> None:
    with Store(store, read_only=True) as st:
        votes = load_votes(st)
    assert sorted(votes["vote_id"].unique()) == ["r1", "r2", "r3", "r4", "r5", "r6", "u1", "u2"]  # not u0


def test_year_coverage(store: Path) -> None:
    with Store(store, read_only=True) as st:
        cover = year_coverage(st)
    # the Voeten file: 1 January 2023 to 4 June 2024 (156 of 2024's 366 days); the scrape: all of 2025
    assert cover.to_dict() == {2023: 1.0, 2024: pytest.approx(156 / 366), 2025: 1.0}


def test_participation() -> None:
    part = participation(_votes(MAIN))
    assert part[("TUR", 2023)] == pytest.approx(1 / 4)  # cast r1 only
    assert part[("KAZ", 2023)] == 1.0


def test_partial_year_and_low_participation_flags(store: Path) -> None:
    df = add_unga(create_dyad_years(["KAZ", "TUR"], ["RUS", "USA", "EU"], (2023, 2026)), store)
    kaz = df[(df["iso3"] == "KAZ") & (df["partner_iso3"] == "RUS")].set_index("year")
    assert kaz["unga_partial_year"].tolist() == [False, True, False, False]
    assert kaz.loc[2024, "unga_coverage"] == pytest.approx(156 / 366)
    assert kaz.loc[2024, "unga_n_votes"] == 2  # r5, r6: the scrape's 2024 roll call is not added
    assert kaz.loc[2025, "unga_n_votes"] == 2  # u1, u2
    # 2026: no source covers it: NA, and no flag invented
    assert np.isnan(kaz.loc[2026, "unga_agreement"]) and kaz.loc[2026, "unga_coverage"] == 0.0
    assert pd.isna(kaz.loc[2026, "unga_low_participation"])
    tur = df[(df["iso3"] == "TUR") & (df["partner_iso3"] == "RUS")].set_index("year")
    assert bool(tur.loc[2023, "unga_low_participation"]) and tur.loc[2023, "unga_participation"] == 0.25
    assert tur.loc[2023, ["unga_agreement", "unga_state_dept", "unga_same_vote"]].isna().all()
    assert tur.loc[2023, "unga_n_votes"] == 1  # the count stays visible
    assert not bool(tur.loc[2024, "unga_low_participation"])


def test_state_dept_in_the_panel(store: Path) -> None:
    df = add_unga(create_dyad_years("KAZ", ["USA", "RUS"], (2023, 2025)), store)
    usa = df[df["partner_iso3"] == "USA"].set_index("year")["unga_state_dept"]
    # 2023 (partial credit from 2018): KAZ-USA r1 Y/N oppose, r2 Y/Y same, r3 A/Y partial, r4 Y/N oppose
    #   -> (1 + 0.5) / (1 + 2 + 1) = 0.375
    assert usa[2023] == pytest.approx(0.375)
    # 2025 (absences half from 2022): u1 A/N partial, u2 Y/absent -> (0 + 0.5 + 0.5) / (0 + 0 + 1 + 1) = 0.5
    assert usa[2025] == pytest.approx(0.5)
