"""The great powers and the blocs that multivector measures a country's ties against.

The great-power vector groups every partner into one of five poles: Russia (``RUS``), China (``CHN``),
the United States (``USA``), the European Union's 27 members as one bloc (``EU27``) and everyone else
(``OTHER``). The tilt triangle merges the USA and the EU27 into ``WEST``.

EU27 is the membership since 1 February 2020 (after the United Kingdom left), applied to every year so
that a series does not jump when members join; pass ``eu_members=`` to the functions that take it to use
another membership.
"""

from __future__ import annotations

__all__ = [
    "COLOURS",
    "EU27",
    "EU27_MEMBERS",
    "OTHER",
    "POLES",
    "POWERS",
    "POWER_NAMES",
    "TRIANGLE",
    "WEST",
    "WORLD",
    "pole_of",
]

EU27 = "EU27"
OTHER = "OTHER"
WEST = "WEST"
WORLD = "WLD"

#: ISO3 codes of the 27 EU member states since 1 February 2020.
EU27_MEMBERS: frozenset[str] = frozenset(
    {
        "AUT",
        "BEL",
        "BGR",
        "HRV",
        "CYP",
        "CZE",
        "DNK",
        "EST",
        "FIN",
        "FRA",
        "DEU",
        "GRC",
        "HUN",
        "IRL",
        "ITA",
        "LVA",
        "LTU",
        "LUX",
        "MLT",
        "NLD",
        "POL",
        "PRT",
        "ROU",
        "SVK",
        "SVN",
        "ESP",
        "SWE",
    }
)

#: The four great-power poles, in the order used in every output.
POWERS: tuple[str, ...] = ("RUS", "CHN", "USA", EU27)
#: How the report and charts name each power.
POWER_NAMES: dict[str, str] = {"RUS": "Russia", "CHN": "China", "USA": "USA", EU27: "EU27"}
#: The five groups of the great-power vector.
POLES: tuple[str, ...] = (*POWERS, OTHER)
#: The colour of each power (and of the West and the composite) in every chart.
COLOURS: dict[str, str] = {
    "RUS": "#c0392b",
    "CHN": "#d4a017",
    "USA": "#1f4e99",
    EU27: "#2e8b57",
    OTHER: "#98a2b3",
    WEST: "#1f4e99",
    "composite": "#111111",
}
#: The corners of the tilt triangle.
TRIANGLE: tuple[str, ...] = ("RUS", "CHN", WEST)


def pole_of(partner: str, eu_members: frozenset[str] = EU27_MEMBERS) -> str:
    """Return the pole (``RUS``, ``CHN``, ``USA``, ``EU27`` or ``OTHER``) a partner code belongs to.

    ``partner`` is an ISO3 code or the bloc code ``EU27`` (``EUU``, the World Bank's code, is accepted too).
    """
    code = partner.strip().upper()
    if code in ("RUS", "CHN", "USA"):
        return code
    if code in (EU27, "EUU", "EU") or code in eu_members:
        return EU27
    return OTHER
