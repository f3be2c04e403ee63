"""The built-in case holds every figure, date, footnote and reference the article states, each cited.

The article is Isroilov, "Between Giants" (https://doi.org/10.5281/zenodo.18616236). The lists below were
written by reading it; ``test_every_number_in_the_article_is_accounted_for`` re-reads the article itself when
the shared folder is present, so a figure added to the article's text cannot go unlisted.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from multivector.casebook import (
    DIMENSIONS,
    Case,
    case_ties,
    citation,
    find_figures,
    load_case,
    source_of,
)
from multivector.powers import POLES

ARTICLE_SIDE = {"article", "footnote", "reference"}


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case("kazakhstan")


# (value, unit, section, entry id): every figure in the article's text.
ARTICLE_FIGURES = [
    (44.0, "billion USD", "ties", "kaz-chn-trade-2024"),  # trade with China, 2024 (fn 4)
    (400_000, "barrels per day", "infrastructure", "kazakhstan-china-oil"),  # about 400,000 b/d
    (7_600, "km", "ties", "kaz-rus-border"),  # 7,600-kilometer border (fn 3)
    (7.0, "billion USD", "agreements", "air-astana-boeing-2025"),  # Boeing order (fn 6)
    (7.0, "billion USD", "ties", "kaz-usa-deal-boeing"),
    (4.2, "billion USD", "agreements", "wabtec-locomotives-2025"),  # record Wabtec deal (fn 6)
    (4.2, "billion USD", "ties", "kaz-usa-deal-wabtec"),
    (88, "billion cubic metres", "claims", "claim-gas-exports-88bcm"),  # by 2026 (fn 1)
    (63, "trillion cubic metres", "claims", "claim-gas-reserves-63tcm"),  # reserves claim (fn 1)
    (15, "count", "claims", "claim-gas-reserves-63tcm"),  # in 15 regions
    (24, "count", "agreements", "kaz-chn-deals-2025-06"),  # 24 agreements (title of fn 4's page)
]

# (agreement id, date, precision): every dated event in the article.
ARTICLE_DATES = [
    ("kaz-rus-alliance-declaration-2025", dt.date(2025, 11, 12), "day"),  # Moscow declaration (fn 3)
    ("trump-tokayev-meeting-2025-11-06", dt.date(2025, 11, 6), "day"),  # Trump-Tokayev (fn 6)
    ("air-astana-boeing-2025", dt.date(2025, 11, 6), "day"),
    ("wabtec-locomotives-2025", dt.date(2025, 11, 6), "day"),
    ("john-deere-machinery-2025", dt.date(2025, 11, 6), "day"),
    ("tungsten-processing-2025", dt.date(2025, 11, 6), "day"),
    ("leidos-air-traffic-control-2025", dt.date(2025, 11, 6), "day"),
    ("ai-digital-cooperation-2025", dt.date(2025, 11, 6), "day"),
    ("china-central-asia-summit-2023", dt.date(2023, 1, 1), "year"),  # first summit, Xi'an 2023 (ref 10)
    ("tokayev-the-hill-2024-09", dt.date(2024, 9, 1), "month"),  # The Hill, September (ref 7)
    ("kaz-chn-deals-2025-06", dt.date(2025, 6, 1), "month"),  # fn 1 and fn 4 (June 2025)
    ("tokayev-no-alternative-2024-01", dt.date(2024, 1, 1), "month"),  # fn 7 (January 2024)
]

FOOTNOTES = {
    1: "https://astanatimes.com/2025/06/kazakhstan-china-sign-key-deals-in-energy-technology-infrastructure/",
    2: "https://nesa-center.org/dev/wp-content/uploads/2022/03/2022-0126_The-Role-of-Kazakhstan-in-Strategic-Competition.pdf",
    3: "https://timesca.com/kazakhstan-russia-sign-comprehensive-strategic-partnership-declaration/",
    4: "https://astanatimes.com/2025/06/kazakhstan-china-deepen-strategic-partnership-sign-24-agreements/",
    5: "https://nesa-center.org/dev/wp-content/uploads/2022/03/2022-0126-The-Role-of-Kazakhstan-in-Strategic-Competition.pdf",
    6: "https://kz.usembassy.gov/a-new-era-in-u-s-kazakhstan-relations/",
    7: "https://astanatimes.com/2024/01/no-alternative-kazakhstan-continues-multi-vector-foreign-policy/",
}

REFERENCES = {
    1: ("Allison", "Russia and Central Asia", "2018"),
    2: ("Cooley", "Dictators Without Borders", "2017"),
    3: ("Dadabaev", "Multi-Vector Foreign Policy", "2020"),
    4: ("International Energy Agency", "World Energy Outlook 2024", "2024"),
    5: ("Laruelle", "Belt and Road Initiative in Central Asia", "2022"),
    6: ("Ministry of Energy", "Annual Energy Report", "2025"),
    7: ("Tokayev", "Global Responsibility in a Fragmenting World Order", "2024"),
    8: ("U.S. Department of State", "Strategic Partnership Framework", "2025"),
    9: ("World Bank", "Central Asia Economic Update", "2024"),
    10: ("Xi Jinping", "China-Central Asia Summit", "2023"),
}

# Every actor the article names.
ARTICLE_ACTORS = [
    "KAZ", "RUS", "CHN", "USA", "EU27", "TKM", "RUSSIAN-EMPIRE", "BRITISH-EMPIRE",
    "EAEU", "CSTO", "UN", "BRI",
    "CNPC", "KMG", "AIR-ASTANA", "BOEING", "WABTEC", "JOHN-DEERE", "LEIDOS", "NVIDIA", "ORACLE", "STARLINK",
    "TOKAYEV", "TRUMP", "XI", "ZHARKESHOV",
]  # fmt: skip

# Every project, place and relation the article states without a number.
ARTICLE_ENTRIES = [
    ("ties", "kaz-rus-military-technical"),
    ("ties", "kaz-eaeu-membership"),
    ("ties", "kaz-csto-membership"),
    ("ties", "kaz-rus-space-baikonur"),
    ("ties", "kaz-rus-industrial-infrastructure"),
    ("ties", "kaz-chn-bri-link"),
    ("ties", "kaz-chn-transit-corridor"),
    ("ties", "kaz-chn-energy-partnership"),
    ("ties", "kaz-usa-critical-minerals"),
    ("ties", "kaz-usa-air-traffic-control"),
    ("ties", "kaz-usa-ai-digital"),
    ("ties", "kaz-un-charter"),
    ("infrastructure", "baikonur"),
    ("infrastructure", "khorgos"),
    ("infrastructure", "central-asia-china-gas"),
    ("infrastructure", "kazakhstan-china-oil"),
    ("claims", "claim-no-alternative"),
    ("claims", "claim-un-charter"),
    ("claims", "claim-the-hill-turning-point"),
    ("claims", "claim-alliance-quote"),
    ("claims", "claim-khorgos-largest"),
    ("claims", "claim-khorgos-pandemic"),
    ("claims", "claim-perishables-restrictions"),
    ("claims", "claim-historical-rivalry"),
    ("claims", "claim-russia-privileged-interests"),
    ("claims", "claim-us-goal"),
]


def _entry(case: Case, section: str, entry_id: str):  # type: ignore[no-untyped-def]
    matches = [e for e in getattr(case, section) if e.id == entry_id]
    assert len(matches) == 1, f"{section}[{entry_id}] missing or duplicated"
    return matches[0]


def _cited_by_article(case: Case, entry: object) -> None:
    sources = citation(case, entry)  # type: ignore[arg-type]
    assert sources, "no citation"
    assert {s.kind for s in sources} & ARTICLE_SIDE, f"{entry!r} is not cited to the article or its notes"
    for s in sources:
        assert s.kind in ARTICLE_SIDE or s.url, f"source {s.id} has neither article role nor URL"


@pytest.mark.parametrize(("value", "unit", "section", "entry_id"), ARTICLE_FIGURES)
def test_article_figure_is_in_the_casebook_with_a_citation(
    case: Case, value: float, unit: str, section: str, entry_id: str
) -> None:
    assert (section, entry_id) in find_figures(case, value, unit)
    entry = _entry(case, section, entry_id)
    assert "footnote" in {s.kind for s in citation(case, entry)}, f"{entry_id} lacks its footnote"


@pytest.mark.parametrize(("entry_id", "date", "precision"), ARTICLE_DATES)
def test_article_date_is_in_the_casebook_with_a_citation(
    case: Case, entry_id: str, date: dt.date, precision: str
) -> None:
    agreement = _entry(case, "agreements", entry_id)
    assert agreement.date == date
    assert agreement.date_precision == precision
    _cited_by_article(case, agreement)


@pytest.mark.parametrize(("number", "url"), sorted(FOOTNOTES.items()))
def test_footnote_is_a_source_with_its_exact_url(case: Case, number: int, url: str) -> None:
    source = source_of(case, f"fn{number}")
    assert (source.kind, source.number, source.url) == ("footnote", number, url)


@pytest.mark.parametrize(("number", "parts"), sorted(REFERENCES.items()))
def test_reference_is_a_source(case: Case, number: int, parts: tuple[str, str, str]) -> None:
    source = source_of(case, f"ref{number}")
    assert (source.kind, source.number) == ("reference", number)
    for part in parts:
        assert part in source.title or part == source.date


def test_the_article_itself_is_a_source(case: Case) -> None:
    article = source_of(case, "article")
    assert article.kind == "article"
    assert article.url == "https://doi.org/10.5281/zenodo.18616236"


@pytest.mark.parametrize("actor_id", ARTICLE_ACTORS)
def test_article_actor_is_in_the_casebook(case: Case, actor_id: str) -> None:
    _cited_by_article(case, _entry(case, "actors", actor_id))


@pytest.mark.parametrize(("section", "entry_id"), ARTICLE_ENTRIES)
def test_article_entry_is_in_the_casebook(case: Case, section: str, entry_id: str) -> None:
    _cited_by_article(case, _entry(case, section, entry_id))


def test_gas_figures_are_recorded_as_claims_not_facts(case: Case) -> None:
    for claim_id in ("claim-gas-exports-88bcm", "claim-gas-reserves-63tcm"):
        claim = _entry(case, "claims", claim_id)
        assert claim.status == "claimed"
        assert claim.speaker == "ZHARKESHOV"
        assert claim.status_note and "not verified" in claim.status_note
        assert "fxmartlive-gas" in claim.sources  # the ~4 bcm/yr the note compares with
    exports = _entry(case, "claims", "claim-gas-exports-88bcm")
    assert "2026" in exports.amounts[0].what
    # no tie states the claimed figures as facts
    assert all(section == "claims" for section, _ in find_figures(case, 63, "trillion cubic metres"))
    assert all(section == "claims" for section, _ in find_figures(case, 88, "billion cubic metres"))


def test_kazakhstan_china_oil_pipeline(case: Case) -> None:
    pipe = _entry(case, "infrastructure", "kazakhstan-china-oil")
    assert {o.owner for o in pipe.owners} == {"CNPC", "KMG"}
    assert pipe.capacity is not None
    assert (pipe.capacity.value, pipe.capacity.unit) == (20, "million tonnes per year")
    bpd = [f for f in pipe.flows if f.unit == "barrels per day"]
    assert len(bpd) == 1 and bpd[0].value == 400_000 and bpd[0].qualifier == "about"
    assert pipe.pole == "CHN"


def test_central_asia_china_gas_pipeline_route(case: Case) -> None:
    pipe = _entry(case, "infrastructure", "central-asia-china-gas")
    assert pipe.crosses[0] == "TKM" and "KAZ" in pipe.crosses and pipe.crosses[-1] == "CHN"


def test_approximate_values_keep_their_qualifier(case: Case) -> None:
    assert _entry(case, "ties", "kaz-usa-deal-john-deere").value is None
    assert _entry(case, "ties", "kaz-usa-deal-john-deere").qualifier == "multi-billion dollar"
    assert _entry(case, "ties", "kaz-usa-deal-wabtec").qualifier == "record"
    assert _entry(case, "ties", "kaz-chn-oil-atasu-alashankou-2024-jan-oct").qualifier == "more than"
    assert _entry(case, "ties", "kaz-nld-fdi-stock-2021").qualifier.startswith("over")


def _article_text() -> str | None:
    from multivector.config import data_dir

    base = data_dir()
    candidates = [base.parent / "seed" / "between-giants.txt"] if base else []
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "seed" / "between-giants.txt")
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


# Every number in the article's body, and where the casebook holds it.
ARTICLE_NUMBERS = {
    "19": "claims/claim-historical-rivalry (late 19th century)",
    "20": "claims/claim-historical-rivalry (early 20th century)",
    "88": "claims/claim-gas-exports-88bcm",
    "2026": "claims/claim-gas-exports-88bcm (by 2026)",
    "63": "claims/claim-gas-reserves-63tcm",
    "15": "claims/claim-gas-reserves-63tcm (15 regions)",
    "12": "agreements/kaz-rus-alliance-declaration-2025 (November 12)",
    "2025": "agreements (12 Nov 2025, 6 Nov 2025)",
    "7,600": "ties/kaz-rus-border",
    "2024": "ties/kaz-chn-trade-2024",
    "44": "ties/kaz-chn-trade-2024",
    "400,000": "infrastructure/kazakhstan-china-oil",
    "6": "agreements/trump-tokayev-meeting-2025-11-06 (November 6)",
    "7": "agreements/air-astana-boeing-2025 ($7 billion)",
    "4.2": "agreements/wabtec-locomotives-2025",
}


def test_every_number_in_the_article_is_accounted_for() -> None:
    text = _article_text()
    if text is None:
        pytest.skip("the article (shared/seed/between-giants.txt) is not beside the repo")
    body = text.split("REFERENCES:")[0]
    body = re.sub(r"<?https?://\S+", "", body)
    body = re.sub(r"\S+@\S+", "", body)
    numbers = set(re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", body))
    assert numbers == set(ARTICLE_NUMBERS), "a number in the article is not listed (or one listed is gone)"
    urls = set(re.findall(r"https?://[^\s>]+", text))
    assert urls == {*FOOTNOTES.values(), "https://doi.org/10.5281/zenodo.18616236"}


def test_every_dimension_has_a_numeric_tie(case: Case) -> None:
    ties = case_ties(case)
    own = ties[ties["country"] == "KAZ"]
    for dimension in DIMENSIONS:
        assert (own["dimension"] == dimension).any(), f"no numeric tie on {dimension}"


def test_every_tie_is_cited_and_every_figure_has_a_unit(case: Case) -> None:
    for tie in case.ties:
        assert citation(case, tie)
        if tie.value is not None:
            assert tie.unit
    for infra in case.infrastructure:
        for flow in infra.flows:
            assert flow.unit and flow.sources


def test_references_inside_entries_resolve(case: Case) -> None:
    """Ids the schema does not check (crosses, pole, operator, speaker, home) resolve too."""
    actors = {a.id for a in case.actors}
    for infra in case.infrastructure:
        assert set(infra.crosses) <= actors, infra.id
        assert infra.pole is None or infra.pole in POLES or infra.pole in actors, infra.id
        assert infra.operator is None or infra.operator in actors, infra.id
    for claim in case.claims:
        assert claim.speaker is None or claim.speaker in actors
    for actor in case.actors:
        assert actor.home is None or actor.home in actors


def test_every_non_reference_source_is_cited(case: Case) -> None:
    cited: set[str] = set()
    for section in ("actors", "ties", "agreements", "infrastructure", "claims"):
        for entry in getattr(case, section):
            cited.update(s.id for s in citation(case, entry))
    unused = {s.id for s in case.sources if s.kind != "reference"} - cited
    assert not unused, f"sources listed but never cited: {sorted(unused)}"


def test_web_sources_have_urls(case: Case) -> None:
    for source in case.sources:
        if source.kind in ("web", "footnote", "article", "dataset", "report"):
            assert source.url and source.url.startswith("http"), source.id
