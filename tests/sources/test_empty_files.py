"""Issue 14, items 6 and 4: every loader rejects an empty file (a header and no rows), a folder with one
empty file fails as a whole, an import of some of a table's files never drops the rows of the others, and
zips are extracted within the decompression limits (GDELT, BACI).

Each empty file here is a fixture in the real format cut after its header (SIPRI's exports: after their
note lines and header; a SIPRI TIV table: after its year header; an SDMX message: without its series).
Before the fix every loader but GDELT's returned "read 0" and an import replaced the stored rows with none.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from multivector.dimensions import (
    BACI_TRADE,
    SRC_BACI,
    SRC_TRADE_CURRENT,
    SRC_UNGA,
    TRADE_NATIONAL_STATS,
    UNGA_ROLLCALLS,
    UNGA_VOTES,
)
from multivector.errors import DataError, StoreError
from multivector.provenance import LoadResult
from multivector.sources import (
    alliances,
    baci,
    cited,
    cow,
    gdelt,
    igo,
    imts,
    sipri,
    sipri_2024,
    trade_current,
    unga,
    unga_undl,
)
from multivector.store import Store, import_source

Loader = Callable[[Path], dict[str, LoadResult]]


def _csv_header(text: str) -> str:
    return text.splitlines(keepends=True)[0]


def _register_header(text: str) -> str:
    """SIPRI's register export: its note lines and the header."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.lstrip('"').startswith("SIPRI AT Database ID"))
    return "".join(lines[: at + 1])


def _tiv_header(text: str) -> str:
    """SIPRI's "TIV of arms exports from X" table: its title, notes and year header, no partner row."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if re.match(r"\s*,\s*\d{4},", line))
    return "".join(lines[: at + 1])


def _no_series(text: str) -> str:
    """An SDMX-ML message with its data set's series removed."""
    return re.sub(r"<generic:Series>.*?</generic:Series>\s*", "", text, flags=re.DOTALL)


@dataclass(frozen=True)
class Case:
    copy: str  # file or folder under tests/fixtures, copied to a temporary folder
    target: str  # the file emptied (relative to the copy; "." = the copy; "zip::member" in a zip)
    load: Loader
    cut: Callable[[str], str] = _csv_header
    folder: bool = False  # load the copied folder (the other files are fine)


CASES = {
    "atop": Case("alliances/atop5_directed_dyad_year_test.csv", ".", alliances.load_atop),
    "cow_alliance": Case(
        "alliances/cow_alliance_v4.1_directed_dyad_year_test.csv", ".", alliances.load_cow_alliance
    ),
    "cow_majors": Case("alliances/cow_majors_test.csv", ".", cow.load_majors),
    "igo": Case("alliances/cow_igo_v3_shared_memberships_ndy_test.csv", ".", igo.load),
    "cow_trade": Case("trade", "cow_trade_v4_dyadic_test.csv", cow.load_trade, folder=True),
    "cow_trade_national": Case("trade", "cow_trade_v4_national_test.csv", cow.load_trade, folder=True),
    "cow_states": Case("trade/cow_states_test.csv", ".", cow.load_states),
    "sipri_tiv": Case("arms", "sipri_tiv_test_1950_2021.csv", sipri.load, folder=True),
    "sipri_register": Case("arms", "sipri_trade_register_test.csv", sipri.load, folder=True),
    "sipri_2024": Case("arms/sipri_trade_register_test.csv", ".", sipri_2024.load),
    "unga": Case("unga", "unga_votes_test.csv", unga.load, folder=True),
    "unga_undl_scrape": Case("unga", "undl_scrape_rollcalls_test.csv", unga.load, folder=True),
    "unvotes": Case("unga/unvotes", "un_roll_calls.csv", unga.load, folder=True),
    "unga_undl": Case("unga_2025", "undl_3dl_ga_votes_2025_long.csv", unga_undl.load, folder=True),
    "cited": Case("cited", "fdi/kaz_fdi_by_source_cited.csv", cited.load, folder=True),
    "trade_current": Case(
        "trade_current", "uzb_stat_imports_by_country_test.csv", trade_current.load, folder=True
    ),
    "baci": Case("baci", "BACI_HS92_Y2023_V202501.csv", baci.load, folder=True),
    "imts": Case("imts", "IMTS_A_KAZ.xml", imts.load, _no_series, folder=True),
    # the publishers' own files
    "official_atop": Case(
        "official/atop/atop_5.1_csv.zip", "zip::ATOP 5.1 (.csv)/atop5_1ddyr.csv", alliances.load_atop
    ),
    "official_cow_alliance": Case(
        "official/cow_alliance/cow_alliance_version4.1_csv.zip",
        "zip::version4.1_csv/alliance_v4.1_by_directed_yearly.csv",
        alliances.load_cow_alliance,
    ),
    "official_igo": Case("official/igo/cow_igo_dyadic_formatv3.zip", "zip::dyadic_formatv3.csv", igo.load),
    "official_cow_trade": Case(
        "official/cow_trade/COW_Trade_4.0.zip", "zip::COW_Trade_4.0/National_COW_4.0.csv", cow.load_trade
    ),
    "official_majors": Case("official/cow_majors/majors2016.csv", ".", cow.load_majors),
    "official_sipri_register": Case(
        "official/sipri/sipri_trade_register.csv", ".", sipri.load, _register_header
    ),
    "official_sipri_tiv": Case(
        "official/sipri_tiv/TIV-Export-RUS-1950-2021.csv", ".", sipri.load, _tiv_header
    ),
    "official_unga": Case(
        "official/unga/unga_voeten_dataverse_LEJUQZ.zip", "zip::UNVotes2024.csv", unga.load
    ),
}


def _empty_copy(case: Case, fixtures: Path, where: Path) -> tuple[Path, str]:
    """Copy the fixture to ``where`` with its target cut to its header; the path to load and the name the
    error must give (the file, or the zip member)."""
    src = fixtures / case.copy
    dest = where / src.name
    shutil.copytree(src, dest) if src.is_dir() else shutil.copy(src, dest)
    if case.target.startswith("zip::"):
        member = case.target.removeprefix("zip::")
        with zipfile.ZipFile(dest) as zf:
            files = {n: zf.read(n) for n in zf.namelist()}
        files[member] = case.cut(files[member].decode("utf-8")).encode("utf-8")
        with zipfile.ZipFile(dest, "w") as zf:
            for name, body in files.items():
                zf.writestr(name, body)
        return dest, member
    target = dest if case.target == "." else dest / case.target
    target.write_text(case.cut(target.read_text(encoding="utf-8")), encoding="utf-8")
    return (dest if case.folder else target), target.name


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_loader_rejects_a_file_without_rows(name: str, fixtures: Path, tmp_path: Path) -> None:
    case = CASES[name]
    whole = case.load(fixtures / case.copy)
    assert sum(r.report.rows_read for r in whole.values()) > 0  # the fixture itself has rows
    path, named = _empty_copy(case, fixtures, tmp_path)
    with pytest.raises(DataError, match=re.escape(named)) as err:
        case.load(path)
    assert re.search(r"no data rows|holds no values|no observations", str(err.value)), str(err.value)


@pytest.fixture
def trade_folder(fixtures: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "trade_current"
    shutil.copytree(fixtures / "trade_current", folder)
    return folder


def _snapshot(st: Store, table: str) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    rows = st.query_df(f'SELECT * FROM "{table}" ORDER BY ALL').astype(str).values.tolist()
    imports = st.query_df("SELECT table_name, sha256, rows_read FROM _imports ORDER BY ALL").values.tolist()
    return rows, imports


def test_a_folder_with_one_empty_file_fails_as_a_whole(trade_folder: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        import_source(SRC_TRADE_CURRENT, trade_folder, store=st, progress=False)
        before = _snapshot(st, TRADE_NATIONAL_STATS)
        assert len(before[0]) > 0
        empty = trade_folder / "uzb_stat_imports_by_country_test.csv"
        empty.write_text(_csv_header(empty.read_text(encoding="utf-8")), encoding="utf-8")
        with pytest.raises(DataError, match=r"uzb_stat_imports_by_country_test\.csv: no data rows"):
            import_source(SRC_TRADE_CURRENT, trade_folder, store=st, progress=False)
        assert _snapshot(st, TRADE_NATIONAL_STATS) == before


def test_an_import_of_one_changed_file_never_drops_the_rows_of_the_others(
    fixtures: Path, tmp_path: Path
) -> None:
    """unga_votes is read from the Voeten files and the UNDL scrape: importing the changed Voeten votes
    file alone (which reads the Voeten pair only) would drop the UNDL rows; it is refused, the store
    unchanged, and importing the folder replaces the table."""
    folder = tmp_path / "unga"
    shutil.copytree(fixtures / "unga", folder)
    shutil.rmtree(folder / "unvotes")
    with Store(tmp_path / "s.duckdb") as st:
        import_source(SRC_UNGA, folder, store=st, progress=False)
        before = _snapshot(st, UNGA_VOTES)
        origins = set(st.query_df(f"SELECT DISTINCT origin FROM {UNGA_VOTES}").origin)
        assert origins == {"voeten", "undl"}
        votes = folder / "unga_votes_test.csv"
        lines = votes.read_text(encoding="utf-8").splitlines()
        votes.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # the last vote withdrawn
        with pytest.raises(StoreError, match=r"would drop the rows of the others") as err:
            import_source(SRC_UNGA, votes, store=st, progress=False)
        assert "undl_scrape_votes_test.csv" in str(err.value)
        assert _snapshot(st, UNGA_VOTES) == before
        summary = import_source(SRC_UNGA, folder, store=st, progress=False)
        assert {t.table: t.action for t in summary.tables}[UNGA_VOTES] == "replaced"
        assert len(_snapshot(st, UNGA_VOTES)[0]) == len(before[0]) - 1
        assert set(st.query_df(f"SELECT DISTINCT origin FROM {UNGA_ROLLCALLS}").origin) == origins


def test_a_native_import_of_some_files_is_refused_too(fixtures: Path, tmp_path: Path) -> None:
    """BACI's yearly files (DuckDB-native import): one year's file alone would drop the other years."""
    folder = tmp_path / "baci"
    shutil.copytree(fixtures / "baci", folder)
    with Store(tmp_path / "s.duckdb") as st:
        import_source(SRC_BACI, folder, store=st, progress=False)
        before = st.query_df(f"SELECT DISTINCT year FROM {BACI_TRADE} ORDER BY 1").year.tolist()
        assert before == [2022, 2023]
        one = tmp_path / "one"
        one.mkdir()
        for name in ("BACI_HS92_Y2023_V202501.csv", "country_codes_V202501.csv"):
            shutil.copy(folder / name, one)
        with pytest.raises(StoreError, match=r"BACI_HS92_Y2022_V202501\.csv"):
            import_source(SRC_BACI, one, store=st, progress=False)
        assert st.query_df(f"SELECT DISTINCT year FROM {BACI_TRADE} ORDER BY 1").year.tolist() == before


# -- item 4: zips extracted within the decompression limits ----------------------------------------------


def _zip_of_zeros(path: Path, member: str, mib: int, extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(member, "w") as fh:
            block = bytes(1 << 20)
            for _ in range(mib):
                fh.write(block)
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
    return path


def test_a_gdelt_zip_bomb_stops_at_the_ratio_limit(tmp_path: Path) -> None:
    """64 MiB of zeros in a ~64 KB zip: extraction stops past 16 MiB (200 x its compressed size is less),
    with the member named; before, all of it was written to the scratch folder."""
    name = "20250101000000.export.CSV"
    bomb = _zip_of_zeros(tmp_path / f"{name}.zip", name, 64)
    assert bomb.stat().st_size < 200_000
    message = rf"{re.escape(name)}\.zip::{re.escape(name)}: decompresses to more than 200 times"
    with pytest.raises(DataError, match=message):
        gdelt.load(bomb)
    with pytest.raises(DataError, match=message):
        gdelt.detect_format(bomb)
    con = duckdb.connect()
    try:
        with pytest.raises(DataError, match=message):  # the per-file import of the store and the monitor
            gdelt.import_file(con, bomb)
    finally:
        con.close()


def test_the_gdelt_size_limit_is_overridable(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real 2.0 file repeated to 2 MiB under a 1 MiB limit: refused by size; under the default, read."""
    lines = (fixtures / "gdelt" / "good" / "20241022130000.export.CSV").read_bytes().splitlines(keepends=True)
    body = b"".join(lines[:1]) * ((2 << 20) // len(lines[0]) + 1)
    name = "20241022130000.export.CSV"
    f = tmp_path / f"{name}.zip"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, body)
    monkeypatch.setenv("MULTIVECTOR_MAX_UNCOMPRESSED_MB", "1")
    with pytest.raises(DataError, match=r"more than 1,048,576 bytes \(the limit per file\)"):
        gdelt.load(f)
    monkeypatch.delenv("MULTIVECTOR_MAX_UNCOMPRESSED_MB")
    res = gdelt.load(f)[gdelt.TABLE]
    assert res.report.rows_kept == 1 and res.report.reasons == {
        "duplicate GLOBALEVENTID": res.report.rows_rejected
    }


def test_a_baci_zip_bomb_stops_at_the_ratio_limit(fixtures: Path, tmp_path: Path) -> None:
    codes = (fixtures / "baci" / "country_codes_V202501.csv").read_bytes()
    bomb = _zip_of_zeros(
        tmp_path / "BACI_HS92_V202501.zip",
        "BACI_HS92_Y2022_V202501.csv",
        64,
        {"country_codes_V202501.csv": codes},
    )
    with pytest.raises(
        DataError, match=r"::BACI_HS92_Y2022_V202501\.csv: decompresses to more than 200 times"
    ):
        baci.load(bomb)
