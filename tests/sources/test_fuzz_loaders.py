"""Fuzzing every loader with mutated REAL rows (issue 14): Hypothesis mutates the first rows of each shared
dataset (a field replaced by a hostile value, a field dropped or added, a row repeated, bytes that are not
UTF-8, the file cut short) and writes them to a temporary file in the source's layout.

Whatever the input, a loader either raises one of the package's own errors (:class:`MultivectorError`) or
returns tables whose counts add up: rows read = kept + quarantined, one quarantine row per rejected row.
Any other exception (a pandas ``TypeError``, an ``OverflowError``, a ``RecursionError``) is a bug.
"""

from __future__ import annotations

import csv
import gzip
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from multivector.config import data_dir
from multivector.errors import MultivectorError
from multivector.provenance import LoadResult
from multivector.sources import alliances, cited, cow, gdelt, igo, sipri, unga

pytestmark = pytest.mark.realdata

ROWS = 25  # real rows taken from each file

#: values a field may be replaced with: empty, missing codes, numbers that do not fit, not numbers, dates
#: out of range, quotes, separators, long text, markup, non-Latin text
HOSTILE = [
    "", " ", "NA", "-9", "-1", "0", "-40", "99999", "99999999999999999999", "1e19", "1e400", "inf", "-inf",
    "nan", "1.5", "0x1F", "2015-13-45", "1800-01-01", "9999-12-31", '"', 'a "quoted" value', "a,b", "a\tb",
    "line\nbreak", "x" * 5_000, "<script>alert(1)</script>", "Казахстан", "٣", "🙂", "Unknown supplier(s)",
    "NATO**", "rebels*", "South Vietnam",
]  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One loader: the shared file(s) it reads (relative to the data dir), the name each is written
    under, the delimiter, and the call."""

    files: tuple[tuple[str, str], ...]
    load: Callable[[Path], dict[str, LoadResult]]
    sep: str = ","
    mutate: int = 0  # which of the files is mutated


CASES = {
    "sipri_tiv": Case(
        (("arms/sipri_tiv_supplier_recipient_year_1950_2021.csv.gz", "sipri_tiv_x.csv"),), sipri.load
    ),
    "sipri_register": Case(
        (("arms/sipri_trade_register_deliveries_2000_2023.csv.gz", "sipri_trade_register_x.csv"),), sipri.load
    ),
    "unga_voeten_votes": Case(
        (
            ("unga/unga_votes_1946_2024.csv.gz", "unga_votes_x.csv"),
            ("unga/unga_rollcalls_1946_2024.csv.gz", "unga_rollcalls_x.csv"),
        ),
        unga.load,
    ),
    "unga_voeten_rollcalls": Case(
        (
            ("unga/unga_votes_1946_2024.csv.gz", "unga_votes_x.csv"),
            ("unga/unga_rollcalls_1946_2024.csv.gz", "unga_rollcalls_x.csv"),
        ),
        unga.load,
        mutate=1,
    ),
    "unga_unvotes": Case(
        (
            ("unga/unvotes_0.3.0/un_votes.csv.gz", "un_votes.csv"),
            ("unga/unvotes_0.3.0/un_roll_calls.csv.gz", "un_roll_calls.csv"),
        ),
        unga.load,
    ),
    "unga_undl": Case(
        (
            ("unga/undl_scrape_rollcalls_by_calendar_year_1992_2022.csv.gz", "undl_scrape_rollcalls_x.csv"),
            ("unga/undl_scrape_votes_by_calendar_year_1992_2022.csv.gz", "undl_scrape_votes_x.csv"),
        ),
        unga.load,
    ),
    "cow_trade_dyadic": Case(
        (("trade/cow_trade_v4_dyadic_1870_2014.csv.gz", "cow_trade_v4_dyadic_x.csv"),), cow.load_trade
    ),
    "cow_trade_national": Case(
        (("trade/cow_trade_v4_national_1870_2014.csv.gz", "cow_trade_v4_national_x.csv"),), cow.load_trade
    ),
    "cow_states": Case((("trade/cow_states_2016.csv.gz", "cow_states_x.csv"),), cow.load_states),
    "cow_majors": Case((("alliances/cow_majors_2016.csv.gz", "cow_majors_x.csv"),), cow.load_majors),
    "atop": Case(
        (("alliances/atop5_directed_dyad_year_1815_2018.csv.gz", "atop5_x.csv"),), alliances.load_atop
    ),
    "cow_alliance": Case(
        (("alliances/cow_alliance_v4.1_directed_dyad_year_1816_2012.csv.gz", "cow_alliance_x.csv"),),
        alliances.load_cow_alliance,
    ),
    "igo": Case(
        (("alliances/cow_igo_v3_shared_memberships_ndy_1816_2014.csv.gz", "cow_igo_x.csv"),), igo.load
    ),
    "cited_energy": Case(
        (("energy/kaz_oil_export_routes_cited.csv.gz", "kaz_oil_export_routes_cited.csv"),), cited.load
    ),
    "cited_fdi": Case((("fdi/kaz_fdi_by_source_cited.csv.gz", "kaz_fdi_by_source_cited.csv"),), cited.load),
    "cited_trade": Case(
        (("trade/kaz_bilateral_trade_2021_2023_cited.csv.gz", "kaz_bilateral_trade_2021_2023_cited.csv"),),
        cited.load,
    ),
    "gdelt": Case(
        (("gdelt/subsets/kaz_actor_rows/gdelt1_20130401_kaz_actor_rows.tsv", "20130401.export.CSV"),),
        gdelt.load,
        sep="\t",
    ),
}


def _records(path: Path, sep: str) -> list[list[str]]:
    """The header and the first :data:`ROWS` records of a real file (gzipped or not)."""
    raw = path.read_bytes()
    text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8")
    if sep == "\t":  # GDELT: no quoting, one record per line
        return [line.split("\t") for line in text.splitlines()[: ROWS + 1]]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    return [row for _, row in zip(range(ROWS + 1), reader, strict=False)]


_REAL: dict[str, list[list[list[str]]]] = {}


def _real(case: Case) -> list[list[list[str]]]:
    root = data_dir()
    if root is None or not root.is_dir():
        pytest.skip("shared datasets not found (set MULTIVECTOR_DATA_DIR)")
    key = "|".join(f for f, _ in case.files)
    if key not in _REAL:
        _REAL[key] = [_records(root / f, case.sep) for f, _ in case.files]
    return _REAL[key]


def _write(rows: list[list[str]], sep: str) -> bytes:
    if sep == "\t":
        return ("\n".join("\t".join(r) for r in rows) + "\n").encode("utf-8")
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


BAD_BYTES = [b"\xff\xfe", b"\x00", b"\xe9"]  # not UTF-8, a NUL, a Latin-1 e-acute
edit = st.tuples(st.integers(0, ROWS), st.integers(0, 80), st.sampled_from(HOSTILE))
mutations = st.fixed_dictionaries(
    {
        "edits": st.lists(edit, max_size=6),
        "drop_field": st.none() | st.tuples(st.integers(1, ROWS), st.integers(0, 80)),
        "extra_field": st.none() | st.integers(1, ROWS),
        "repeat_row": st.none() | st.integers(1, ROWS),
        "bad_bytes": st.none() | st.tuples(st.integers(0, 100_000), st.sampled_from(BAD_BYTES)),
        "cut_at": st.none() | st.integers(0, 100_000),
        "gzip": st.booleans(),
    }
)


def _mutated(rows: list[list[str]], m: dict, sep: str) -> bytes:  # type: ignore[type-arg]
    rows = [list(r) for r in rows]
    for i, j, value in m["edits"]:
        if i < len(rows) and rows[i]:
            rows[i][j % len(rows[i])] = value
    if m["drop_field"] is not None and m["drop_field"][0] < len(rows):
        row = rows[m["drop_field"][0]]
        if row:
            row.pop(m["drop_field"][1] % len(row))
    if m["extra_field"] is not None and m["extra_field"] < len(rows):
        rows[m["extra_field"]].append("extra")
    if m["repeat_row"] is not None and m["repeat_row"] < len(rows):
        rows.append(list(rows[m["repeat_row"]]))
    data = _write(rows, sep)
    if m["bad_bytes"] is not None:
        at = m["bad_bytes"][0] % (len(data) + 1)
        data = data[:at] + m["bad_bytes"][1] + data[at:]
    if m["cut_at"] is not None:
        data = data[: m["cut_at"] % (len(data) + 1)]
    return data


def _check(results: object) -> None:
    assert isinstance(results, dict) and results
    for table, res in results.items():
        rep = res.report
        assert rep.rows_read == rep.rows_kept + rep.rows_rejected, table
        assert len(res.rejected) == rep.rows_rejected, table
        assert rep.rows_read >= 0 and rep.rows_kept >= 0


@pytest.mark.parametrize("name", sorted(CASES))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(m=mutations)
def test_loader_survives_mutated_real_rows(name: str, m: dict) -> None:  # type: ignore[type-arg]
    case = CASES[name]
    real = _real(case)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for k, ((_, filename), rows) in enumerate(zip(case.files, real, strict=True)):
            data = _mutated(rows, m, case.sep) if k == case.mutate else _write(rows, case.sep)
            target = folder / filename
            if m["gzip"] and case.sep != "\t":
                data, target = gzip.compress(data), target.with_name(target.name + ".gz")
            target.write_bytes(data)
        path = folder if len(case.files) > 1 else next(folder.iterdir())
        try:
            results = case.load(path)
        except MultivectorError:
            return  # a clear error of the package's own: what a bad file must give
        _check(results)
