"""Facts on the real UNGA votes (shared datasets): Kazakhstan's alignment, SOURCE.md figures, Voeten check."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from scipy.stats import spearmanr

from multivector.alignment import dyad_alignment, final_passage_ids, ideal_points, procedural_ids
from multivector.provenance import LoadResult

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def tables(real_unga: dict[str, LoadResult]) -> dict[str, pd.DataFrame]:
    return {name: res.table for name, res in real_unga.items()}  # loaded once per run (tests/conftest.py)


@pytest.fixture(scope="module")
def votes(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return tables["unga_votes"]


@pytest.fixture(scope="module")
def rollcalls(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return tables["unga_rollcalls"]


@pytest.fixture(scope="module")
def kaz(votes: pd.DataFrame) -> pd.DataFrame:
    return dyad_alignment(votes, countries="KAZ", partners=["RUS", "CHN", "USA"])


def test_kaz_closer_to_china_than_us_every_year(kaz: pd.DataFrame) -> None:
    wide = kaz.pivot(index="year", columns="partner", values="same_vote").loc[2000:2023]
    assert len(wide) == 24
    assert (wide["CHN"] > wide["USA"]).all()


def test_source_md_same_vote_figures(votes: pd.DataFrame) -> None:
    # same_vote = identical yes/abstain/no among roll calls both cast yes/abstain/no, unanimous ones
    # included, calendar year, Voeten main file only (the loader also adds UN Digital Library votes)
    main = votes[votes["origin"] == "voeten"]
    out = dyad_alignment(main, countries="KAZ", partners=["RUS", "CHN", "USA"], measures=["same_vote"])
    got = out.set_index(["partner", "year"])
    assert got.loc[("RUS", 2021), "n_votes"] == 79
    assert got.loc[("RUS", 2022), "n_votes"] == 74
    assert got.loc[("RUS", 2023), "n_votes"] == 81
    expected = {
        ("RUS", 2021): 0.658,
        ("RUS", 2022): 0.608,
        ("RUS", 2023): 0.531,
        ("CHN", 2021): 0.785,
        ("CHN", 2022): 0.781,
        ("CHN", 2023): 0.725,
        ("USA", 2021): 0.205,
        ("USA", 2022): 0.243,
        ("USA", 2023): 0.259,
    }
    for key, value in expected.items():
        assert got.loc[key, "same_vote"] == pytest.approx(value, abs=0.0006), key


def test_ideal_points_match_voeten(votes: pd.DataFrame, rollcalls: pd.DataFrame, shared_data: Path) -> None:
    years = [2000, 2021]
    est = ideal_points(votes, years=years, rollcalls=rollcalls)
    ref = pd.read_csv(shared_data / "unga" / "reference" / "voeten_idealpoints_by_year_July2025.csv.gz")
    merged = est.merge(ref, left_on=["iso3", "year"], right_on=["iso3c", "year"])
    for year, block in merged.groupby("year"):
        assert len(block) > 150
        assert spearmanr(block["ideal_point"], block["idealpointfp"]).statistic >= 0.95, year
    kaz = est.set_index(["iso3", "year"])
    assert kaz.loc[("USA", 2021), "ideal_point"] > 0 > kaz.loc[("KAZ", 2021), "ideal_point"]


def test_final_passage_selection_from_loader(rollcalls: pd.DataFrame) -> None:
    # the loader carries the unvotes flags; final passage = unflagged and not a procedural motion
    keep = final_passage_ids(rollcalls)
    assert len(rollcalls) - len(keep) == int(((rollcalls["amend"] == 1) | (rollcalls["para"] == 1)).sum())
    proc = procedural_ids(rollcalls)
    descr = rollcalls.set_index("vote_id")["descr"]
    assert "427_19551003" in proc  # "TO ADOPT EL SALVADOR PROPOSAL TO ADJOURN THE MEETING."
    assert "433_19551105" not in proc  # "TO ADOPT 5TH COMM. DRAFT RESOLUTION (A/3016)."
    assert not any(descr[v].endswith("adopted by the General Assembly") for v in proc)
    assert rollcalls.loc[rollcalls["vote_id"].isin(proc), "year"].max() < 1990
