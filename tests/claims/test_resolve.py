"""Resolving the parts of a sentence: countries, periods, quantities, ranks (no data needed)."""

from __future__ import annotations

import pytest

from multivector.claims.resolve import find_countries, find_numbers, find_period, rank_phrase, vague_share


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Kazakh oil flows to China", ["KAZ", "CHN"]),
        ("the US and the EU", ["USA", "EU27"]),
        ("44 billion US dollars", []),  # a currency, not the country
        ("trade with Europe", ["EUROPE"]),  # all of Europe, not the EU27
        ("Moscow and Beijing", ["RUS", "CHN"]),
        ("Kazakhstan-China trade", ["KAZ", "CHN"]),
        ("the Kyrgyz Republic and Uzbekistan", ["KGZ", "UZB"]),
        ("KAZ and RUS", ["KAZ", "RUS"]),
        ("the Russian Federation", ["RUS"]),
        ("Türkiye and the Netherlands", ["TUR", "NLD"]),
        ("the Soviet Union", ["RUS"]),
        ("us and them", []),  # the pronoun is not the USA
    ],
)
def test_countries(text: str, codes: list[str]) -> None:
    assert [m.code for m in find_countries(text)] == codes


def test_possessive_and_adjective_forms() -> None:
    kaz, chn = find_countries("Kazakhstan's trade with Chinese firms")
    assert kaz.possessive and kaz.form == "name"
    assert chn.form == "adjective" and not chn.possessive


@pytest.mark.parametrize(
    ("text", "start", "end", "partial", "future"),
    [
        ("in 2023", 2023, 2023, None, False),
        ("as of 2024", 2024, 2024, None, False),
        ("between 1991 and 2020", 1991, 2020, None, False),
        ("from 2010 to 2020", 2010, 2020, None, False),
        ("in 2020-2024", 2020, 2024, None, False),
        ("over 2019–23", 2019, 2023, None, False),
        ("in January-September 2023", 2023, 2023, "January-September", False),
        ("in the first half of 2023", 2023, 2023, "first half", False),
        ("in March 2022", 2022, 2022, "March", False),
        ("plans to export 88 bcm by 2026", 2026, 2026, None, True),
        ("in 2030", 2030, 2030, None, True),
        ("resolution ES-11/1 of 2022", 2022, 2022, None, False),
    ],
)
def test_periods(text: str, start: int, end: int, partial: str | None, future: bool) -> None:
    p = find_period(text, current_year=2026)
    assert (p.start, p.end, p.partial, p.future) == (start, end, partial, future)
    assert p.stated


def test_periods_open_and_unstated() -> None:
    assert find_period("since 2014", 2026).start == 2014 and find_period("since 2014", 2026).end is None
    none = find_period("China is a partner", 2026)
    assert not none.stated and none.label() == "latest"
    assert find_period("last year", 2026).partial == "relative date"


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("$7 billion", 7.0, "billion USD", "eq"),
        ("44 billion US dollars", 44.0, "billion USD", "eq"),
        ("USD 24.1 bn", 24.1, "billion USD", "eq"),
        ("about 400,000 barrels of oil per day", 400000.0, "barrels per day", "about"),
        ("more than 1.2 million tonnes", 1.2, "million tonnes", "gt"),
        ("81.5 Mt", 81.5, "million tonnes", "eq"),
        ("1,209 thousand tonnes", 1.209, "million tonnes", "eq"),
        ("under 5%", 5.0, "percent", "lt"),
        ("85.7 per cent", 85.7, "percent", "eq"),
        ("88 billion cubic meters", 88.0, "billion cubic metres", "eq"),
        ("$500 million", 0.5, "billion USD", "eq"),
    ],
)
def test_quantities(text: str, value: float, unit: str, qualifier: str) -> None:
    (n,) = find_numbers(text)
    assert (n.value, n.unit, n.qualifier) == (pytest.approx(value), unit, qualifier)


def test_years_and_ordinals_are_not_quantities() -> None:
    assert find_numbers("in 2023 and in the 19th century") == []


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        ("most of the arms", "share_over", 50.0),
        ("the vast majority", "share_over", 75.0),
        ("almost all of it", "share_over", 90.0),
        ("less than half", "lt", 50.0),
        ("a fifth of the trade", "about", 20.0),
        ("two-thirds of exports", "about", 200 / 3),
        ("more than a third", "gt", 100 / 3),
    ],
)
def test_vague_shares(text: str, comparator: str, value: float) -> None:
    q = vague_share(text)
    assert q is not None and q.comparator == comparator and q.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        ("China is the largest trading partner", "rank", 1),
        ("Russia's main trading partner", "rank", 1),
        ("the second-largest trading partner", "rank", 2),
        ("one of Kazakhstan's largest partners", "rank_within", 5),
        ("among the top three partners", "rank_within", 3),
    ],
)
def test_ranks(text: str, comparator: str, value: int) -> None:
    q = rank_phrase(text)
    assert q is not None and (q.comparator, q.value) == (comparator, value)
    assert rank_phrase("a partner of Kazakhstan") is None


@pytest.mark.parametrize("text", ["0" * 20_000, "1," * 6_000, "$" * 10_000 + "5 billion", ". " * 8_000])
def test_pathological_text_parses(text: str) -> None:
    """Long runs of digits, commas, symbols or dots (what a fuzzer sends to POST /check) give no claim or a
    not-checkable one, never an error (a growth pattern once backtracked quadratically on digit runs)."""
    from multivector.claims import parse_claims

    claims = [c for _, cs in parse_claims(text, current_year=2026) for c in cs]
    assert all(c.measure is None or c.quantity is not None or c.reason for c in claims)
