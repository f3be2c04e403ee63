"""The country crosswalk, driven by text files of positive and negative cases (like country_converter)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from multivector import countries
from multivector.errors import UnknownCountryError

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "countries"


def _match_cases() -> list[tuple[str, str | None, str]]:
    frame = pd.read_csv(FIX / "should_match.tsv", sep="\t", dtype=str, keep_default_na=False)
    return [(r.value, r.src or None, r.iso3) for r in frame.itertuples()]


def _no_match_cases() -> list[tuple[str, str | None]]:
    out = []
    for line in (FIX / "should_not_match.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            value, _, src = line.partition("\t")
            out.append((value, src.strip() or None))
    return out


@pytest.mark.parametrize(("value", "src", "iso3"), _match_cases())
def test_should_match(value: str, src: str | None, iso3: str) -> None:
    assert countries.to_iso3(value, src=src) == iso3  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "src"), _no_match_cases())
def test_should_not_match(value: str, src: str | None) -> None:
    with pytest.raises(UnknownCountryError) as err:
        countries.to_iso3(value, src=src)  # type: ignore[arg-type]
    assert "not_found='nan'" in str(err.value)
    assert math.isnan(countries.to_iso3(value, src=src, not_found="nan"))  # type: ignore[arg-type, call-overload]


def test_vectorised_keeps_index_and_missing() -> None:
    s = pd.Series(["Kazakhstan", None, "Atlantis", "Soviet Union"], index=[10, 11, 12, 13])
    out = countries.to_iso3(s, not_found="nan")
    assert list(out.index) == [10, 11, 12, 13]
    assert out.tolist()[0] == "KAZ" and out.tolist()[3] == "RUS"
    assert out.isna().tolist() == [False, True, True, False]
    assert str(out.dtype) == "string"


def test_cow_round_trip() -> None:
    assert countries.cow_to_iso3([705, 365, 710, 2]).tolist() == ["KAZ", "RUS", "CHN", "USA"]
    assert countries.iso3_to_cow(["KAZ", "DEU", "YEM", "SRB"]).tolist() == [705, 255, 679, 345]
    assert countries.iso3_to_cow("RUS") == 365
    with pytest.raises(UnknownCountryError):
        countries.iso3_to_cow("XXX")


def test_crosswalk_and_name() -> None:
    cw = countries.crosswalk()
    assert list(cw.columns) == ["iso3", "iso2", "cow", "cow_abb", "cameo", "un_m49", "name"]
    assert cw["iso3"].is_unique
    kaz = cw.set_index("iso3").loc["KAZ"]
    assert (kaz["iso2"], kaz["cow"], kaz["cow_abb"], kaz["un_m49"]) == ("KZ", 705, "KZK", 398)
    assert countries.name("KAZ") == "Kazakhstan"
    assert countries.cameo_to_iso3("ROM") == "ROU"


def test_overrides_are_documented() -> None:
    assert all(o.reason for o in countries.OVERRIDES)
    assert countries.actor_kind("Unknown supplier(s)") == "unknown"
    assert countries.actor_kind("NATO**") == "international_organisation"
    assert countries.actor_kind("SPLA (Sudan)*") == "non_state"
    assert countries.actor_kind("Kazakhstan") == "state"
