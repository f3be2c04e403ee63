"""Facts from shared/data/gdelt/SOURCE.md, checked on the real GDELT files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from multivector.sources import cameo, gdelt

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def con(shared_data: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    report = gdelt.import_into(c, shared_data / "gdelt")
    assert report.rows_read == report.rows_kept == 27_758 + 144_248
    assert report.rows_rejected == 0
    return c


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> tuple:  # type: ignore[type-arg]
    row = con.execute(sql).fetchone()
    assert row is not None
    return row


def test_row_counts_and_no_duplicates(con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "SELECT count(*) FROM gdelt_events WHERE source_format = 'v1_daily'") == (27_758,)
    assert _one(
        con, "SELECT count(*), count(DISTINCT globaleventid) FROM gdelt_events WHERE source_format = 'v2'"
    ) == (144_248, 144_248)
    assert _one(con, "SELECT count(DISTINCT source_file) FROM gdelt_events WHERE source_format = 'v2'") == (
        98,
    )
    assert _one(
        con,
        "SELECT min(globaleventid), max(globaleventid), min(sqldate)::VARCHAR FROM gdelt_events "
        "WHERE source_format = 'v1_daily'",
    ) == (253461011, 253488869, "2003-04-04")


def test_kaz_actor_rows(con: duckdb.DuckDBPyConnection) -> None:
    sql = (
        "SELECT count(*) FROM gdelt_events WHERE source_format = '{f}' "
        "AND (actor1_country = 'KAZ' OR actor2_country = 'KAZ')"
    )
    assert _one(con, sql.format(f="v1_daily")) == (46,)
    assert _one(con, sql.format(f="v2")) == (260,)


def test_leading_spaces_gone_and_eu(con: duckdb.DuckDBPyConnection) -> None:
    assert _one(con, "SELECT count(*) FROM gdelt_events WHERE actor2_code LIKE ' %'") == (0,)
    n_eec, n_eu27 = _one(
        con,
        "SELECT count(*) FILTER (WHERE actor1_knowngroup = 'EEC') "
        "+ count(*) FILTER (WHERE actor2_knowngroup = 'EEC'), "
        "count(*) FILTER (WHERE actor1_iso3 = 'EU27') "
        "+ count(*) FILTER (WHERE actor2_iso3 = 'EU27') FROM gdelt_events "
        "WHERE source_format = 'v2'",
    )
    assert n_eec == n_eu27 == 900


@pytest.mark.parametrize(
    ("fmt", "partner", "n", "mean"),
    [
        ("v2", "RUS", 48, 2.34),
        ("v2", "CHN", 19, 3.33),
        ("v2", "USA", 20, 2.61),
        ("v1_daily", "RUS", 14, 6.14),
        ("v1_daily", "CHN", 6, 2.70),
    ],
)
def test_kaz_partner_goldstein(
    con: duckdb.DuckDBPyConnection, fmt: str, partner: str, n: int, mean: float
) -> None:
    # SOURCE.md: partners are the other actor's CountryCode in rows where exactly one side is KAZ
    got_n, got_mean = _one(
        con,
        f"""
        SELECT count(*), avg(goldstein) FROM gdelt_events WHERE source_format = '{fmt}' AND (
          (actor1_country = 'KAZ' AND coalesce(actor2_country, '') <> 'KAZ' AND actor2_country = '{partner}')
          OR (actor2_country = 'KAZ' AND coalesce(actor1_country, '') <> 'KAZ'
              AND actor1_country = '{partner}'))
    """,
    )
    assert got_n == n and round(got_mean, 2) == mean


def test_goldstein_matches_lookups_and_106(con: duckdb.DuckDBPyConnection, shared_data: Path) -> None:
    lk = cameo.load_lookups(shared_data / "gdelt" / "reference" / "lookups")
    assert "106" in lk.repaired
    pairs = con.execute("SELECT DISTINCT event_code, goldstein, quad_class FROM gdelt_events").fetchall()
    assert all(cameo.goldstein(c, lk) == g and cameo.quad_class(c, lk) == q for c, g, q in pairs)
    assert _one(con, "SELECT count(*) FROM gdelt_events WHERE event_code = '106'") == (9,)
