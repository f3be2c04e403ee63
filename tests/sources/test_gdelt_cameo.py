"""CAMEO lookups: GDELT's CRLF tab-separated tables, the 106 repair and fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from multivector.errors import DataError, InputError
from multivector.sources import cameo

LOOKUPS = Path(__file__).parents[1] / "fixtures" / "gdelt" / "lookups"


@pytest.fixture(scope="module")
def lk() -> cameo.CameoLookups:
    return cameo.load_lookups(LOOKUPS)


def test_tables_read_without_cr(lk: cameo.CameoLookups) -> None:
    assert lk.event_labels["043"] == "Make a visit"
    assert lk.countries["KAZ"] == "Kazakhstan"
    assert lk.known_groups["EEC"] == "European Union"
    assert lk.types["GOV"] == "Government"
    assert all("\r" not in v for v in lk.event_labels.values())


def test_goldstein_quad_class_label(lk: cameo.CameoLookups) -> None:
    assert cameo.goldstein("043", lk) == 2.8
    assert cameo.goldstein("190", lk) == -10.0
    assert cameo.quad_class("043", lk) == 1
    assert cameo.quad_class("190", lk) == 4
    assert cameo.event_label("190", lk).startswith("Use conventional military force")


@pytest.mark.parametrize(
    ("root", "quad"), [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3), ("15", 4), ("20", 4)]
)
def test_quad_class_by_root(root: str, quad: int) -> None:
    assert cameo.quad_class(root) == quad


def test_code_106_repaired_from_merged_line(lk: cameo.CameoLookups) -> None:
    assert lk.repaired == ("106",)
    assert lk.event_labels["1056"] == "Demand de-escalation of military engagement"
    assert cameo.event_label("106", lk) == "Demand withdrawal"
    assert cameo.goldstein("106", lk) == -5.0
    assert cameo.quad_class("106", lk) == 3


def test_code_106_fallback_without_lookups() -> None:
    assert cameo.goldstein("106") == -5.0 and cameo.event_label("106") == "Demand withdrawal"


def test_errors(tmp_path: Path, lk: cameo.CameoLookups) -> None:
    with pytest.raises(InputError):
        cameo.goldstein("999", lk)
    with pytest.raises(InputError):
        cameo.quad_class("abc")
    with pytest.raises(DataError, match=r"CAMEO\.eventcodes\.txt not found"):
        cameo.load_lookups(tmp_path)
