"""Releases side by side: SIPRI's exports of 2022, 2025 and 2026 in one store, listed, picked, never spliced.

Three hand-made tables, one delivery of Russia to Kazakhstan each, with different values per release (as
SIPRI revises past years): TIV tables generated 2022-07-28 (2019: 10), register generated 3 Jan 2025
(2019: 11) and register generated 13 Feb 2026 (2019: 12, 2024: 5).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from multivector.dimensions import SIPRI_ARMS, SIPRI_REGISTER, SIPRI_REGISTER_2024, SIPRI_TIV, releases_of
from multivector.errors import InputError, StoreError
from multivector.panels import add_arms, create_dyad_years
from multivector.provenance import LoadReport, LoadResult, Provenance
from multivector.store import Store
from multivector.store.releases import generation_date, pick_release


def _result(table: pd.DataFrame, version: str) -> LoadResult:
    prov = Provenance("sipri", "SIPRI", "SIPRI", version, "-", "-", "-")
    return LoadResult(table=table, provenance=prov, report=LoadReport(len(table), len(table)))


def _register(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "supplier_iso3": "RUS",
            "recipient_iso3": "KAZ",
            "delivery_year": list(values),
            "tiv_delivered": list(values.values()),
        }
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("releases") / "r.duckdb"
    tiv = pd.DataFrame({"supplier_iso3": ["RUS"], "recipient_iso3": ["KAZ"], "year": [2019], "tiv": [10.0]})
    with Store(path) as st:
        st.import_result(
            "sipri",
            {
                SIPRI_TIV: _result(tiv, "TIV tables generated 2022-07-28 (1950-2021)"),
                SIPRI_REGISTER: _result(_register({2019: 11.0}), "trade register generated 3 Jan 2025"),
            },
        )
        st.import_result(
            "sipri_2024",
            {
                SIPRI_REGISTER_2024: _result(
                    _register({2019: 12.0, 2024: 5.0}), "trade register generated 13 Feb 2026"
                )
            },
        )
    return path


def test_releases_are_listed_newest_first(store: Path) -> None:
    assert set(releases_of(SIPRI_ARMS)) == {SIPRI_TIV, SIPRI_REGISTER, SIPRI_REGISTER_2024}
    with Store(store, read_only=True) as st:
        listing = st.releases(SIPRI_ARMS)
    assert listing["table"].tolist() == [SIPRI_REGISTER_2024, SIPRI_REGISTER, SIPRI_TIV]
    assert [str(d) for d in listing["generated"]] == ["2026-02-13", "2025-01-03", "2022-07-28"]
    assert listing[["first_year", "last_year"]].values.tolist() == [[2019, 2024], [2019, 2019], [2019, 2019]]


def test_pick_release(store: Path) -> None:
    with Store(store, read_only=True) as st:
        assert pick_release(st, SIPRI_ARMS)["table"] == SIPRI_REGISTER_2024
        assert pick_release(st, SIPRI_ARMS, "2025")["table"] == SIPRI_REGISTER
        assert pick_release(st, SIPRI_ARMS, "2022-07-28")["table"] == SIPRI_TIV
        assert pick_release(st, SIPRI_ARMS, SIPRI_REGISTER)["table"] == SIPRI_REGISTER
        with pytest.raises(InputError, match="no stored release of sipri_arms_transfers matches '2019'"):
            pick_release(st, SIPRI_ARMS, "2019")
        with pytest.raises(InputError, match="unknown dataset"):
            st.releases("sipri")


def test_add_arms_reads_one_release(store: Path) -> None:
    df = create_dyad_years("KAZ", ["RUS"], (2019, 2019))
    newest = add_arms(df, store)
    assert newest["arms_tiv"].iloc[0] == 12.0
    assert newest["arms_release"].iloc[0] == "sipri_register_2024: trade register generated 13 Feb 2026"
    assert add_arms(df, store, release="2025")["arms_tiv"].iloc[0] == 11.0
    assert add_arms(df, store, release="tiv")["arms_tiv"].iloc[0] == 10.0
    assert add_arms(df, store, "register")["arms_tiv"].iloc[0] == 12.0  # the newest register
    with pytest.raises(InputError, match="no stored release of sipri_arms_transfers matches 'tvi'"):
        add_arms(df, store, release="tvi")


def test_no_release_stored(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with Store(path) as st:
        st.import_result("cow_trade", {"cow_trade_national": _result(pd.DataFrame({"iso3": ["KAZ"]}), "4.0")})
    with pytest.raises(StoreError, match="multivector data import sipri"):
        add_arms(create_dyad_years("KAZ", ["RUS"], 2019), path)


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("trade register generated 2026-02-13 (1990-2024)", "2026-02-13"),
        ("trade register generated 3 Jan 2025 9:16:02 PM", "2025-01-03"),
        ("TIV tables generated July 28, 2022", "2022-07-28"),
        ("trade register, generation date not stated in the file; add it to your citation", "None"),
    ],
)
def test_generation_dates(version: str, expected: str) -> None:
    assert str(generation_date(version)) == expected
