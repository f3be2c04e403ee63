"""One assessment behind every interface, on the real-data store (every shared dataset imported).

For KAZ, UZB, MNG, SRB and TUR the Python API, ``multivector profile X --format json`` and
``GET /api/v1/countries/X/profile`` give the same document; the CLI's ``--weights`` and the library's
``weights=`` give the same composite; ``compare`` shows each country's own composite.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from _helpers import run_cli
from multivector import dimensions as vocab
from multivector.api import create_app
from multivector.assessment import assess, assess_many, assess_series, compare

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.realdata

PARITY = ("KAZ", "UZB", "MNG", "SRB", "TUR")


@pytest.fixture(scope="module")
def api(real_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(real_store), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("country", PARITY)
def test_same_document_in_python_cli_and_api(
    country: str, real_store: Path, api: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    lib = assess(country, store=real_store).to_dict()
    code, out, err = run_cli(capsys, "profile", country, "--format", "json", "--store", str(real_store))
    assert code == 0, err
    answer = api.get(f"/api/v1/countries/{country}/profile")
    assert answer.status_code == 200, answer.text
    assert json.loads(out) == lib
    assert answer.json() == lib
    # a real assessment: a composite from at least the data dimensions every country has (UN members with
    # SIPRI and ATOP rows), and every source cited
    assert lib["composite"]["balance"] is not None and 0 <= lib["composite"]["balance"] <= 1
    ids = {s["id"] for s in lib["sources"]}
    for d in lib["dimensions"]:
        assert set(d["sources"]) <= ids, d["dimension"]


def test_cli_weights_are_the_library_weights(real_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "profile", "KAZ", "--weights", "security=2", "--format", "json", "--store", str(real_store)
    )
    assert code == 0
    doc = json.loads(out)
    lib = assess("KAZ", weights={"security": 2}, store=real_store)
    assert doc["composite"] == lib.to_dict()["composite"]
    assert doc["weights"]["security"] == 2 and doc["weights"]["trade"] == 1
    plain = assess("KAZ", store=real_store)
    used = plain.composite.dimensions_used
    assert "security" in used
    # the weighted mean moves toward security's balance, by the weights rule (others keep 1)
    w = {d: (2.0 if d == "security" else 1.0) for d in used}
    by = {e.dimension: e.balance for e in plain.dimensions}
    expected = sum(w[d] * by[d] for d in used) / sum(w.values())
    assert lib.composite.balance == pytest.approx(expected, abs=1e-5)


def test_kazakhstan_has_one_composite_everywhere(real_store: Path, api: TestClient) -> None:
    kaz = assess("KAZ", store=real_store)
    assert kaz.case == "kazakhstan"  # the built-in casebook joins
    row = compare(["KAZ", "UZB"], store=real_store).set_index("country")
    assert row.loc["KAZ", "balance"] == pytest.approx(kaz.composite.balance)
    rows = {r["country"]: r for r in api.get("/api/v1/compare?countries=KAZ,UZB").json()["rows"]}
    assert rows["KAZ"]["balance"] == pytest.approx(kaz.composite.balance)
    many = {a.country: a for a in assess_many(["KAZ", "UZB"], store=real_store)}
    assert many["KAZ"].to_dict() == kaz.to_dict()


def test_casebook_and_data_merge_rule(real_store: Path) -> None:
    kaz = {e.dimension: e for e in assess("KAZ", store=real_store).dimensions}
    # alliances come from ATOP only; energy, investment from the casebook only
    assert kaz["alliances"].origin == "data" and kaz["energy"].origin == "casebook"
    # security: the casebook's SIPRI share (2019-2023, year 2023) against the store's SIPRI TIV series;
    # the newer figure is used and the other is listed with the reason
    sec = kaz["security"]
    assert sec.alternatives, "the other origin's figure is listed"
    for alt in sec.alternatives:
        assert alt.origin != sec.origin or alt.year > sec.year
        if alt.year < sec.year:
            assert alt.why_not.startswith(f"older ({alt.year})")


def test_every_figure_has_its_year_and_a_stale_one_is_flagged(real_store: Path) -> None:
    a = assess("UZB", store=real_store)
    for e in a.dimensions:
        if e.origin is None:
            continue
        assert e.year is not None and e.age == a.year - e.year
        stale = e.age > vocab.DIMENSIONS[e.dimension].horizon
        assert ("stale" in e.flags) == stale, e.dimension
        assert e.in_composite == (not e.flags)


def test_series_from_1992_with_figure_years(real_store: Path) -> None:
    s = assess_series("KAZ", store=real_store)
    comp = s[s["dimension"] == "composite"]
    assert comp["year"].min() == 1992 and comp["year"].max() == assess("KAZ", store=real_store).year
    last = comp.iloc[-1]
    assert last["balance"] == pytest.approx(assess("KAZ", store=real_store).composite.balance)
    used = s[(s["dimension"] != "composite") & s["in_composite"].fillna(False).astype(bool)]
    assert (used["figure_year"] <= used["year"]).all()
    age = used["year"] - used["figure_year"]
    horizon = used["dimension"].map(lambda d: vocab.DIMENSIONS[d].horizon)
    assert (age <= horizon).all()  # never carried beyond the horizon


def test_api_series_flags_the_partial_vote_year(api: TestClient) -> None:
    """2024's votes cover 1 January to 4 June only: the API's alignment rows say so (``partial``, with the
    share of the year covered) and full years do not."""
    body = api.get("/api/v1/countries/KAZ/series").json()
    rows = {(r["partner"], r["year"]): r for r in body["alignment"]}
    assert rows[("RUS", 2024)]["partial"] is True
    assert 0.3 < rows[("RUS", 2024)]["coverage"] < 0.6
    assert rows[("RUS", 2023)]["partial"] is False and rows[("RUS", 2023)]["coverage"] == 1.0
    assert rows[("RUS", 2025)]["partial"] is False  # the 2025 scrape covers its whole year
