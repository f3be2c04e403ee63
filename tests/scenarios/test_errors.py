"""Bad scenario files and parameters get errors that name the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from multivector.errors import ScenarioError
from multivector.scenarios import load_scenario, run_scenario

BASE = {
    "name": "bad",
    "commodities": {"oil": {"unit": "Mt", "value_per_unit": 0.5}},
    "channels": [
        {"id": "cpc", "commodity": "oil", "pole": "RUS", "planned": 10, "capacity": 12},
        {"id": "btc", "commodity": "oil", "pole": "OTHER", "planned": 1, "capacity": 5},
        {"id": "china", "commodity": "oil", "pole": "CHN", "planned": 1, "capacity": 5},
    ],
    "parameters": {"days": {"value": 30, "type": "int", "min": 1, "max": 365}},
    "shocks": [{"kind": "capacity_cut", "channel": "cpc", "fraction": 1.0, "days": "$days"}],
}


def _write(tmp_path: Path, data: dict) -> Path:
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(data))
    return p


def _with(**changes):
    import copy

    data = copy.deepcopy(BASE)
    for key, fn in changes.items():
        fn(data[key]) if callable(fn) else data.__setitem__(key, fn)
    return data


CASES = [
    (
        _with(shocks=[{"kind": "capacity_cut", "channel": "cpcx", "fraction": 1.0}]),
        r"shocks\[0\]\.channel: unknown channel 'cpcx'; known: cpc, btc, china",
    ),
    (_with(channels=lambda c: c[2].__setitem__("capacity", -1)), r"channels\[2\]\.capacity: must be >= 0"),
    (_with(shares={"cpc": 0.7, "btc": 0.5}, total=20), r"shares: sum 1\.2 exceeds 100%"),
    (
        _with(uncertain={"days": {"dist": "triangular", "low": 10, "mode": 5, "high": 9}}),
        r"uncertain\.days: triangular needs low <= mode <= high",
    ),
    (
        _with(uncertain={"days": {"dist": "normal", "mean": 1, "sd": -2}}),
        r"uncertain\.days: normal needs sd > 0",
    ),
    (
        _with(uncertain={"speed": {"dist": "uniform", "low": 0, "high": 1}}),
        r"uncertain\.speed: unknown parameter",
    ),
    (
        _with(shocks=[{"kind": "capacity_cut", "channel": "cpc", "fraction": 1.5}]),
        r"shocks\[0\]\.fraction: must be <= 1",
    ),
    (
        _with(shocks=[{"kind": "capacity_cut", "channel": "cpc", "fraction": "$frac"}]),
        r"shocks\[0\]\.fraction: unknown parameter '\$frac'",
    ),
    (_with(channels=lambda c: c[0].__setitem__("colour", "red")), r"channels\[0\]\.colour: unknown field"),
    (_with(channels=lambda c: c[0].__setitem__("pole", "XYZ")), r"channels\[0\]\.pole: unknown pole 'XYZ'"),
]


@pytest.mark.parametrize(("data", "pattern"), CASES)
def test_bad_files_name_the_field(tmp_path, data, pattern):
    with pytest.raises(ScenarioError, match=pattern):
        load_scenario(_write(tmp_path, data))


def test_good_file_runs(tmp_path):
    res = run_scenario(_write(tmp_path, BASE), overrides={"days": 365})
    assert res.channels["lost"].sum() == pytest.approx(10.0)  # no substitutions: all of cpc is lost


def test_unknown_set_key_lists_the_valid_ones():
    with pytest.raises(
        ScenarioError, match=r"--set dayz: unknown parameter 'dayz'; valid: days, fraction, oil_value"
    ):
        run_scenario("cpc-outage", overrides=["dayz=3"])


@pytest.mark.parametrize(
    ("item", "pattern"),
    [
        ("days=abc", "expected an int, got 'abc'"),
        ("days=0", "below the minimum"),
        ("days=2.5", "expected an int"),
        ("days", "expected key=value"),
    ],
)
def test_bad_set_values(item, pattern):
    with pytest.raises(ScenarioError, match=pattern):
        run_scenario("cpc-outage", overrides=[item])


def test_unknown_scenario_lists_builtins():
    with pytest.raises(ScenarioError, match=r"unknown scenario 'nope'; built-in: .*cpc-outage"):
        load_scenario("nope")


@pytest.mark.parametrize(
    ("overrides", "pattern"),
    [
        (["days=0"], r"^--set days: 0 is below the minimum 1$"),
        (["dayz=3"], r"^--set dayz: unknown parameter 'dayz'; valid: days, fraction, oil_value$"),
        ({"days": 0}, r"^parameter 'days': 0 is below the minimum 1$"),
        ({"days": "abc"}, r"^parameter 'days': expected an int, got 'abc'$"),
        ({"dayz": 3}, r"^unknown parameter 'dayz'; valid: days, fraction, oil_value$"),
    ],
)
def test_override_errors_carry_the_parameter(overrides, pattern):
    """key=value strings (the CLI's --set) are worded as --set; a mapping (Python, the API) is not; both
    carry the parameter's name as data for the front ends."""
    with pytest.raises(ScenarioError, match=pattern) as info:
        run_scenario("cpc-outage", overrides=overrides)
    key = next(iter(overrides)) if isinstance(overrides, dict) else overrides[0].split("=")[0]
    assert info.value.param == key


def test_malformed_set_item_names_the_parameter():
    with pytest.raises(ScenarioError, match=r"--set 'days': expected key=value, e\.g\. days=90") as info:
        run_scenario("cpc-outage", overrides=["days"])
    assert info.value.param == "days"


@pytest.mark.parametrize("value", [True, False])
def test_true_and_false_are_not_numbers(value):
    with pytest.raises(ScenarioError, match=rf"parameter 'days': expected an int, got {str(value).lower()}"):
        run_scenario("cpc-outage", overrides={"days": value})
    with pytest.raises(ScenarioError, match=r"parameter 'oil_value': expected a number, got true"):
        run_scenario("cpc-outage", overrides={"oil_value": True})


def test_scenario_error_param_is_keyword_only_and_optional():
    assert ScenarioError("shocks[0].channel: unknown").param is None
    exc = ScenarioError("bad", param="days")
    assert (str(exc), exc.param) == ("bad", "days")
    import pickle

    assert pickle.loads(pickle.dumps(exc)).param == "days"
