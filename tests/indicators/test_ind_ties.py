"""validate_ties and partner_shares: hand-computed shares, the WLD residual, and bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _indicator_ties import ties

from multivector.errors import InputError
from multivector.indicators import OTHER_UNLISTED, partner_shares, validate_ties


def test_validate_cleans_codes_and_year() -> None:
    df = ties({" chn ": 1, "rus": 2}, dimension=" Trade ").astype({"year": "float64"})
    clean = validate_ties(df)
    assert clean["partner"].tolist() == ["CHN", "RUS"]
    assert clean["dimension"].tolist() == ["trade", "trade"]
    assert str(clean["year"].dtype) == "Int64"
    assert clean["value"].dtype == np.float64
    assert df["partner"].tolist() == [" chn ", "rus"], "input must not be modified"
    pd.testing.assert_frame_equal(validate_ties(clean), clean)


def test_extra_columns_kept_and_missing_year_allowed() -> None:
    df = ties({"CHN": 1, "RUS": 1}, year=None).assign(note="x", source=["s1", "s2"])
    clean = validate_ties(df)
    assert clean["year"].isna().all()
    assert clean["note"].tolist() == ["x", "x"]
    shares = partner_shares(df)
    assert shares["share"].tolist() == [0.5, 0.5]


def test_shares_over_listed_partners() -> None:
    out = partner_shares(ties({"CHN": 5, "RUS": 3, "KGZ": 2}))
    assert list(out.columns) == ["country", "dimension", "year", "partner", "value", "unit", "share"]
    assert dict(zip(out["partner"], out["share"], strict=True)) == pytest.approx(
        {"CHN": 0.5, "RUS": 0.3, "KGZ": 0.2}
    )
    assert OTHER_UNLISTED not in set(out["partner"])


def test_same_partner_rows_are_added() -> None:
    df = pd.concat([ties({"USA": 7.0}), ties({"USA": 4.2}), ties({"CHN": 11.2})])
    out = partner_shares(df)
    assert out.set_index("partner")["value"].to_dict() == pytest.approx({"USA": 11.2, "CHN": 11.2})


def test_world_total_adds_residual_row() -> None:
    out = partner_shares(ties({"CHN": 44, "RUS": 27, "WLD": 142}))
    row = out.set_index("partner")
    assert "WLD" not in row.index
    assert row.loc[OTHER_UNLISTED, "value"] == pytest.approx(71)
    assert row.loc["CHN", "share"] == pytest.approx(44 / 142)
    assert out["share"].sum() == pytest.approx(1.0)
    assert out["partner"].iloc[-1] == OTHER_UNLISTED


def test_world_total_rounding_tolerance_and_excess() -> None:
    out = partner_shares(ties({"CHN": 50.2, "RUS": 50.1, "WLD": 100}))  # 0.3 % over: rounding
    assert out.set_index("partner").loc[OTHER_UNLISTED, "value"] == 0.0
    with pytest.raises(InputError, match=r"more than the world total.*country='KAZ'.*dimension='trade'"):
        partner_shares(ties({"CHN": 60, "RUS": 50, "WLD": 100}))


def test_zero_total_group_has_nan_shares() -> None:
    out = partner_shares(ties({"CHN": 0, "RUS": 0}))
    assert out["share"].isna().all()


def test_eu_bloc_and_member_rejected() -> None:
    with pytest.raises(InputError, match=r"'partner'.*\['DEU', 'EU27'\].*counted twice"):
        partner_shares(ties({"EU27": 40, "DEU": 5, "CHN": 10}))


BAD = [
    (ties({"CHN": -1, "RUS": 2}), r"column 'value' is negative in row 0"),
    (ties({"CHN": float("nan"), "RUS": 2}), r"column 'value' is missing \(NaN\) in row 0"),
    (ties({"CHN": float("inf"), "RUS": 2}), r"column 'value' is infinite in row 0"),
    (ties({"CHN": 1}).assign(value=["12 bn"]), r"column 'value' must be numeric; row 0"),
    (ties({"CHN": 1}).drop(columns="unit"), r"missing column 'unit'"),
    (ties({"CHN": 1}).drop(columns=["unit", "year"]), r"missing columns 'year', 'unit'"),
    (ties({"CHN": 1}).iloc[:0], r"ties table is empty"),
    (ties({"CHN": 1}).assign(partner=[156]), r"column 'partner' must hold non-empty text codes; row 0"),
    (ties({"CHN": 1}).assign(partner=pd.Series([None], dtype=object)), r"column 'partner'"),
    (ties({"CHN": 1}).assign(year=[2024.5]), r"column 'year' must be a whole year"),
    (
        pd.concat([ties({"CHN": 1}), ties({"RUS": 1}, unit="Mt")], ignore_index=True),
        r"column 'unit' mixes units within group \(country='KAZ', dimension='trade', year=2024\).*'Mt'",
    ),
]


@pytest.mark.parametrize(("frame", "message"), BAD)
def test_bad_input_names_column_and_rows(frame: pd.DataFrame, message: str) -> None:
    with pytest.raises(InputError, match=message):
        validate_ties(frame)
    with pytest.raises(InputError, match=message):
        partner_shares(frame)


def test_not_a_dataframe() -> None:
    with pytest.raises(InputError, match="DataFrame"):
        validate_ties([{"country": "KAZ"}])  # type: ignore[arg-type]


def test_units_may_differ_between_groups_but_not_in_a_coarser_by() -> None:
    df = pd.concat([ties({"CHN": 1}), ties({"RUS": 1}, year=2023, unit="Mt")], ignore_index=True)
    assert len(partner_shares(df)) == 2
    with pytest.raises(
        InputError, match=r"'unit' mixes units within group \(country='KAZ', dimension='trade'\)"
    ):
        partner_shares(df, by=("country", "dimension"))


def test_bad_by() -> None:
    with pytest.raises(InputError, match="'region'"):
        partner_shares(ties({"CHN": 1}), by=("country", "region"))
    with pytest.raises(InputError, match="partner"):
        partner_shares(ties({"CHN": 1}), by=("partner",))
