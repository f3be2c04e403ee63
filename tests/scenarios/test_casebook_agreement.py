"""The energy presets and the casebook agree wherever both state a figure (coordinated through ids)."""

from __future__ import annotations

import pytest

from multivector.casebook import load_case
from multivector.scenarios import load_scenario


def _case():
    return load_case("kazakhstan")


def test_channel_ids_capacities_and_poles_agree_with_the_casebook():
    case = _case()
    infra = {i.id: i for i in case.infrastructure}
    sc = load_scenario("cpc-outage")
    for ch in sc.channels:
        assert ch.infrastructure in infra, f"{ch.id}: no casebook infrastructure {ch.infrastructure!r}"
        entry = infra[ch.infrastructure]
        if entry.pole is not None:
            assert entry.pole == ch.pole, f"{ch.id}: pole {ch.pole} vs casebook {entry.pole}"
        cap = entry.capacity
        if (
            cap is not None
            and cap.value is not None
            and "million tonnes" in cap.unit
            and ch.cite.get("capacity", "").startswith("kmg")
        ):
            assert float(ch.capacity) == pytest.approx(cap.value), ch.id  # type: ignore[arg-type]
    for g in sc.groups:
        entry = infra[g.infrastructure]
        assert entry.capacity is not None and float(g.capacity) == pytest.approx(entry.capacity.value)  # type: ignore[arg-type]
