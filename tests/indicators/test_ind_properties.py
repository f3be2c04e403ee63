"""Hypothesis property tests: bounds and invariances of the indicators."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from multivector.indicators import balance, concentration, partner_shares, power_vector

PARTNERS = ["RUS", "CHN", "USA", "EU27", "KGZ", "UZB", "TUR", "IND", "JPN", "KOR", "GBR"]
KEYS = ["country", "dimension", "year"]
value = st.floats(min_value=0.0, max_value=1e9, allow_nan=False, allow_infinity=False, allow_subnormal=False)


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    """1-3 groups, each with 1-8 distinct partners and a positive total (optionally an EU member code)."""
    frames = []
    for i, dim in enumerate(
        draw(st.lists(st.sampled_from(["trade", "energy", "security"]), min_size=1, max_size=3, unique=True))
    ):
        partners = draw(st.lists(st.sampled_from(PARTNERS), min_size=1, max_size=8, unique=True))
        if "EU27" in partners and draw(st.booleans()):
            partners[partners.index("EU27")] = draw(st.sampled_from(["DEU", "ITA", "FRA"]))
        values = draw(st.lists(value, min_size=len(partners), max_size=len(partners)))
        values[0] = max(values[0], 1.0)
        frames.append(
            pd.DataFrame(
                {
                    "country": "KAZ",
                    "partner": partners,
                    "dimension": dim,
                    "year": 2020 + i,
                    "value": values,
                    "unit": "u",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def sorted_frame(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.sort_values(keys, ignore_index=True)


@settings(deadline=None, max_examples=40)
@given(tables())
def test_shares_sum_to_one(df: pd.DataFrame) -> None:
    sums = partner_shares(df).groupby(KEYS)["share"].sum()
    assert np.allclose(sums, 1.0)
    pv = power_vector(df)
    assert (pv.groupby(KEYS).size() == 5).all()
    assert np.allclose(pv.groupby(KEYS)["share"].sum(), 1.0)


@settings(deadline=None, max_examples=40)
@given(tables())
def test_bounds(df: pd.DataFrame) -> None:
    c = concentration(df)
    for col in ("hhi", "hhi_norm", "entropy_norm"):
        assert c[col].between(0, 1).all(), col
    assert (c["effective_partners_hhi"] <= c["effective_partners"] + 1e-9).all()
    assert (c["effective_partners"] <= c["n_partners"] + 1e-9).all()
    b = balance(df)
    defined = b[b["balance"].notna()]
    for col in (
        "balance",
        "tilt_rus",
        "tilt_chn",
        "tilt_west",
        "tilt_strength",
        "power_share",
        "largest_exposure",
    ):
        assert defined[col].between(0, 1).all(), col
    assert np.allclose(defined[["tilt_rus", "tilt_chn", "tilt_west"]].sum(axis=1), 1.0)
    assert (defined["largest_exposure"] <= defined["power_share"] + 1e-12).all()


@pytest.mark.slow
@settings(deadline=None, max_examples=40)
@given(tables(), st.randoms(use_true_random=False), st.floats(min_value=1e-3, max_value=1e3))
def test_invariant_under_reordering_and_scaling(df: pd.DataFrame, rnd: object, factor: float) -> None:
    order = list(range(len(df)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    shuffled = df.iloc[order].reset_index(drop=True)
    scaled = df.assign(value=df["value"] * factor)
    base = balance(df).drop(columns=["total"])
    conc = concentration(df)
    for other in (shuffled, scaled):
        pd.testing.assert_frame_equal(
            sorted_frame(balance(other).drop(columns=["total"]), KEYS), sorted_frame(base, KEYS), rtol=1e-9
        )
        pd.testing.assert_frame_equal(
            sorted_frame(concentration(other), KEYS), sorted_frame(conc, KEYS), rtol=1e-9
        )
    pd.testing.assert_frame_equal(
        sorted_frame(partner_shares(shuffled), [*KEYS, "partner"]),
        sorted_frame(partner_shares(df), [*KEYS, "partner"]),
    )


@pytest.mark.slow
@settings(deadline=None, max_examples=40)
@given(tables(), st.sampled_from(["RUS", "CHN", "USA", "BRA", "IRN", "NLD"]))
def test_zero_partner_changes_nothing(df: pd.DataFrame, extra: str) -> None:
    first = df.iloc[[0]].assign(partner=extra, value=0.0)
    if "EU27" in set(df.loc[df["dimension"] == first["dimension"].iloc[0], "partner"]) and extra == "NLD":
        extra_df = first.assign(partner="BRA")
    else:
        extra_df = first
    more = pd.concat([df, extra_df], ignore_index=True)
    pd.testing.assert_frame_equal(power_vector(more), power_vector(df))
    # a stated zero is a measurement: only the count of quantified powers (and its flag) may change
    flags = ["n_powers_quantified", "coverage_ok"]
    pd.testing.assert_frame_equal(balance(more).drop(columns=flags), balance(df).drop(columns=flags))
    assert (balance(more)["n_powers_quantified"] >= balance(df)["n_powers_quantified"]).all()
    pd.testing.assert_frame_equal(concentration(more), concentration(df))
