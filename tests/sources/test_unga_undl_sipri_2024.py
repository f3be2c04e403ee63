"""Loaders of unga_2025/ (3DL scrape of the UN Digital Library) and arms_2024/ (a later SIPRI release).

tests/fixtures/unga_2025 copies the 3DL layout (wide: one row per recorded vote with official counts and one
column per ISO3; long: the melt with Voeten codes). Its faults, line by line, are listed in the tests.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from multivector.dimensions import SIPRI_REGISTER_2024, UNDL_ROLLCALLS, UNDL_VOTES
from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources import sipri_2024, unga_undl


@pytest.fixture(scope="module")
def undl(fixtures: Path) -> dict[str, LoadResult]:
    return unga_undl.load(fixtures / "unga_2025")


def test_rollcalls_keep_general_assembly_votes_whose_tallies_match(
    undl: dict[str, LoadResult], check_result: Callable[[LoadResult], None]
) -> None:
    rolls = undl[UNDL_ROLLCALLS]
    check_result(rolls)
    assert (rolls.report.rows_read, rolls.report.rows_kept) == (5, 3)
    reasons = dict(zip(rolls.rejected["line"].astype(int), rolls.rejected["reason"], strict=True))
    assert reasons[2].startswith("Security Council vote")
    # record 5: officially 5-0-0, the votes say 4 yes and 1 no
    assert reasons[6] == "vote tallies (yes/no/abstain 4/1/0) differ from the official counts"
    table = rolls.table.set_index("vote_id")
    assert table.loc["undl3dl_2", "session"] == 79  # ES-11 in February 2025: the 79th session, by date
    assert table.loc["undl3dl_4", "session"] == 80  # A/RES/80/100
    assert table.loc["undl3dl_3", "resolution"] == "A/RES/79/267"
    assert (table["origin"] == "undl_3dl").all()


def test_votes_rejects_by_line(
    undl: dict[str, LoadResult], check_result: Callable[[LoadResult], None]
) -> None:
    votes = undl[UNDL_VOTES]
    check_result(votes)
    assert (votes.report.rows_read, votes.report.rows_kept, votes.report.rows_rejected) == (24, 15, 9)
    by_line = dict(zip(votes.rejected["line"].astype(int), votes.rejected["reason"], strict=True))
    assert by_line[19] == "3DL vote label and vote_code disagree"  # CHN "NO" coded 1
    assert by_line[18].startswith("unknown country code (XXX)")
    assert by_line[17] == "duplicate country vote in one roll call"  # DEU twice on record 4
    assert by_line[25] == "roll call not a kept General Assembly vote"  # the Security Council record
    assert [by_line[n] for n in range(20, 25)] == ["its roll call was rejected (tallies)"] * 5
    kaz = votes.table[votes.table["iso3"] == "KAZ"].set_index("vote_id")["vote_code"].to_dict()
    assert kaz == {"undl3dl_2": 2, "undl3dl_3": 1, "undl3dl_4": 1}
    assert votes.table.loc[votes.table["iso3"] == "RUS", "vote_code"].tolist() == [3, 8, 1]  # empty = 8


def test_wide_file_alone_gives_the_same_votes(fixtures: Path, tmp_path: Path) -> None:
    shutil.copy(fixtures / "unga_2025" / "undl_3dl_votes_2025_wide.csv", tmp_path)
    votes = unga_undl.load(tmp_path)[UNDL_VOTES]
    # 4 GA records x 5 columns read; record 5 (tallies) drops 5 votes
    assert (votes.report.rows_read, votes.report.rows_kept) == (20, 15)


def test_missing_wide_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no unga_undl file"):
        unga_undl.load(tmp_path)


@pytest.mark.realdata
def test_real_2025_votes(shared_data: Path) -> None:
    results = unga_undl.load(shared_data / "unga_2025")
    votes, rolls = results[UNDL_VOTES], results[UNDL_ROLLCALLS]
    assert votes.report.rows_rejected == 0 and len(votes.table) == 36672  # 192 GA roll calls x 191 states
    assert rolls.report.rows_kept == 192 and rolls.report.rows_rejected == 44  # the Security Council rows
    # SOURCE.md: Kazakhstan 2025 cast 177 yes, 10 abstain, 0 no, 5 non-voting
    kaz = votes.table.loc[votes.table["iso3"] == "KAZ", "vote_code"].value_counts().to_dict()
    assert kaz == {1: 177, 2: 10, 8: 5}


def test_sipri_2024_reads_a_register_as_its_own_release(fixtures: Path, tmp_path: Path) -> None:
    copy = tmp_path / "sipri_trade_register_test.csv"
    shutil.copy(fixtures / "arms" / "sipri_trade_register_test.csv", copy)
    result = sipri_2024.load(tmp_path)[SIPRI_REGISTER_2024]
    assert result.report.rows_read == result.report.rows_kept + result.report.rows_rejected
    assert "generation date not stated" in result.provenance.version  # an unknown copy: no invented date
    with pytest.raises(DataError, match="TIV tables"):
        sipri_2024.load(fixtures / "arms")  # the folder holds TIV tables too


@pytest.mark.realdata
def test_real_sipri_2024_release(shared_data: Path) -> None:
    result = sipri_2024.load(shared_data / "arms_2024")[SIPRI_REGISTER_2024]
    assert result.report.rows_read == 28673 and result.report.rows_rejected == 0
    assert result.provenance.version == "trade register generated 2026-02-13 (1990-2024)"
    assert "generated 13 Feb 2026" in result.provenance.citation
    table = result.table
    kaz_2024 = table[(table["recipient_iso3"] == "KAZ") & (table["delivery_year"] == 2024)]
    assert kaz_2024["tiv_delivered"].sum() == pytest.approx(550.16, abs=0.01)  # SOURCE.md: 550 TIV
