"""Resolve the parts of an English sentence a claim is made of: countries, periods and quantities.

Countries (:func:`find_countries`): the short and official names of every country in
:func:`multivector.countries.crosswalk` (via ``country_converter``), ISO3 codes written in capitals, and a
table of demonyms, capitals and common aliases (:data:`ALIASES`: "Kazakh", "Chinese", "the US", "Moscow",
"the EU" ...). ``Europe`` is all European countries (``EUROPE``), not the EU. Each mention records whether
it is possessive ("Kazakhstan's") or an adjective ("Kazakh oil"), which is how the parser tells the country
whose ties are measured from its partner.

Periods (:func:`find_period`): "in 2023", "as of 2024", "between 1991 and 2020", "from 2010 to 2020",
"2020-2024", "2019–23", "since 2014", part-years ("January-September 2023", "the first half of 2023",
"March 2022") and plans ("by 2026", "plans to", "will").

Quantities (:func:`find_quantities`): money ("$7 billion", "44 billion US dollars", "USD 24.1 bn"),
percentages ("85%", "85.7 per cent"), fractions ("a fifth", "two-thirds", "half"), vague shares ("most",
"the vast majority"), volumes ("1.2 million tonnes", "400,000 barrels per day", "4 bcm"), counts, and the
qualifiers before them ("about", "more than", "under").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from multivector.claims.model import Period, Quantity
from multivector.powers import EU27

__all__ = [
    "ALIASES",
    "EUROPE",
    "FRACTIONS",
    "Mention",
    "Number",
    "find_countries",
    "find_numbers",
    "find_period",
    "find_quantities",
    "qualifier_before",
    "rank_phrase",
    "vague_share",
]

#: Code for "Europe" (all European countries, as Kazakh statistics report it): not the EU27 bloc.
EUROPE = "EUROPE"

#: Demonyms, capitals and aliases that country_converter's names do not cover. Adjectives are in
#: :data:`_ADJECTIVES`. Matching is case-insensitive except for codes written in capitals.
ALIASES: dict[str, tuple[str, ...]] = {
    "KAZ": ("Kazakhstan", "Republic of Kazakhstan", "Qazaqstan", "Astana", "Nur-Sultan"),
    "RUS": ("Russia", "Russian Federation", "Moscow", "the Kremlin"),
    "CHN": ("China", "People's Republic of China", "Beijing", "PRC"),
    "USA": ("United States of America", "United States", "USA", "U.S.A.", "U.S.", "US", "America"),
    EU27: ("European Union", "EU", "E.U.", "EU27", "EU-27", "Brussels"),
    EUROPE: ("Europe", "European countries"),
    "UZB": ("Uzbekistan", "Tashkent"),
    "KGZ": ("Kyrgyzstan", "Kyrgyz Republic", "Kirghizia", "Bishkek"),
    "TJK": ("Tajikistan", "Dushanbe"),
    "TKM": ("Turkmenistan", "Ashgabat"),
    "TUR": ("Turkey", "Türkiye", "Turkiye", "Ankara"),
    "DEU": ("Germany", "Berlin"),
    "ITA": ("Italy",),
    "FRA": ("France", "Paris"),
    "NLD": ("Netherlands", "the Netherlands", "Holland"),
    "GBR": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain", "London"),
    "CHE": ("Switzerland",),
    "KOR": ("South Korea", "Republic of Korea", "Korea", "Seoul"),
    "JPN": ("Japan", "Tokyo"),
    "IND": ("India", "New Delhi"),
    "IRN": ("Iran", "Tehran"),
    "AZE": ("Azerbaijan",),
    "GEO": ("Georgia", "Tbilisi"),
    "UKR": ("Ukraine", "Kyiv", "Kiev"),
    "BLR": ("Belarus", "Minsk"),
    "ARE": ("United Arab Emirates", "UAE", "Emirates"),
}
_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "KAZ": ("Kazakh", "Kazakhstani"),
    "RUS": ("Russian", "Soviet"),
    "CHN": ("Chinese",),
    "USA": ("American",),
    EUROPE: ("European",),
    "UZB": ("Uzbek",),
    "KGZ": ("Kyrgyz", "Kirghiz"),
    "TJK": ("Tajik",),
    "TKM": ("Turkmen",),
    "TUR": ("Turkish",),
    "DEU": ("German",),
    "ITA": ("Italian",),
    "FRA": ("French",),
    "NLD": ("Dutch",),
    "GBR": ("British",),
    "CHE": ("Swiss",),
    "KOR": ("Korean", "South Korean"),
    "JPN": ("Japanese",),
    "IND": ("Indian",),
    "IRN": ("Iranian",),
    "AZE": ("Azerbaijani", "Azeri"),
    "GEO": ("Georgian",),
    "UKR": ("Ukrainian",),
    "BLR": ("Belarusian",),
    "ESP": ("Spanish",),
    "BEL": ("Belgian",),
    "POL": ("Polish",),
}
#: Upper-case three-letter words that are ISO3 codes but also ordinary words in capitals.
_CODE_STOPWORDS = frozenset({"AND", "ARE", "CAN", "PER", "TON", "MAR", "NOR", "DOM", "GAB", "MLI", "COM"})
#: Names that would match parts of other phrases (the EU's "Union", "Soviet Union" ...), never used alone.
_NAME_STOPWORDS = frozenset({"union", "jersey", "chad", "jordan", "guinea", "niger", "turkey"})
#: Aliases matched case-sensitively (codes and abbreviations).
_CASED = frozenset({"US", "EU", "UK", "PRC", "UAE", "USA", "EU27", "EU-27", "U.S.", "U.K.", "E.U.", "U.S.A."})


_CURRENCY_AFTER = re.compile(r"\s*(?:dollars?|\$|cents?)\b|\$", re.I)


@dataclass(frozen=True)
class Mention:
    """A country named in a sentence: ``code`` (ISO3, ``EU27`` or ``EUROPE``) at ``start``..``end``;
    ``form`` is ``name``, ``adjective`` or ``code``; ``possessive`` for "Kazakhstan's"."""

    code: str
    start: int
    end: int
    text: str
    form: str
    possessive: bool


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, str]]]:
    """(case-insensitive pattern, case-sensitive pattern, lower-case alias -> (code, form))."""
    from multivector.countries import crosswalk

    table: dict[str, tuple[str, str]] = {}
    cased: dict[str, tuple[str, str]] = {}
    for code, names in ALIASES.items():
        for nm in names:
            (cased if nm in _CASED else table)[nm if nm in _CASED else nm.lower()] = (code, "name")
    for code, names in _ADJECTIVES.items():
        for nm in names:
            if nm in _CASED:
                cased[nm] = (code, "adjective")
            else:
                table.setdefault(nm.lower(), (code, "adjective"))
    try:
        import country_converter as coco

        data = coco.CountryConverter().data
        pairs = list(zip(data["ISO3"], data["name_short"], strict=True))
        pairs += list(zip(data["ISO3"], data["name_official"], strict=True))
    except ImportError:  # pragma: no cover - country_converter is a base dependency
        cw = crosswalk()
        pairs = list(zip(cw["iso3"], cw["name"], strict=True))
    for iso3, nm in pairs:
        key = str(nm).strip().lower()
        if len(key) > 3 and key not in _NAME_STOPWORDS:
            table.setdefault(key, (str(iso3), "name"))
    for iso3 in crosswalk()["iso3"].dropna():
        if str(iso3) not in _CODE_STOPWORDS:
            cased.setdefault(str(iso3), (str(iso3), "code"))

    def alternation(names: list[str]) -> str:
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))

    insensitive = re.compile(rf"(?<![\w])(?:{alternation(list(table))})(?![\w])", re.IGNORECASE)
    sensitive = re.compile(rf"(?<![\w.])(?:{alternation(list(cased))})(?![\w])")
    lookup = {**table, **{k: v for k, v in cased.items()}}
    return insensitive, sensitive, lookup


def find_countries(text: str) -> list[Mention]:
    """Every country named in ``text``, in order of appearance (overlaps: the longest match wins)."""
    insensitive, sensitive, lookup = _gazetteer()
    found: list[Mention] = []
    for pattern, cased in ((insensitive, False), (sensitive, True)):
        for m in pattern.finditer(text):
            key = m.group(0) if cased else m.group(0).lower()
            code, form = lookup.get(key, (None, ""))
            if code is None:
                continue
            after = text[m.end() : m.end() + 2]
            possessive = after in ("'s", "’s") or (m.group(0).endswith("s") and after[:1] in ("'", "’"))
            if code == "USA" and _CURRENCY_AFTER.match(text, m.end()):
                continue  # "US dollars", "US$": a currency, not the country
            found.append(Mention(code, m.start(), m.end(), m.group(0), form, possessive))
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Mention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            continue
        out.append(mention)
    return out


# ----------------------------------------------------------------------------------------------- periods
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_PARTIAL_PATTERNS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(rf"\b({_MONTH})\s*(?:-|–|—|to|through)\s*({_MONTH})\s*(?:of\s+)?({_YEAR})\b", re.I), None),
    (
        re.compile(
            rf"\bfirst\s+(half|quarter|nine months|six months|(?:\w+)\s+months)\s+of\s+({_YEAR})\b", re.I
        ),
        "first",
    ),
    (re.compile(rf"\b(H[12]|Q[1-4])\s*({_YEAR})\b"), "code"),
)
_DATE = re.compile(rf"\b(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?)\s+({_YEAR})\b", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+(?:of\s+)?({_YEAR})\b", re.I)
_RANGES = (
    re.compile(rf"\bbetween\s+({_YEAR})\s+and\s+({_YEAR})\b", re.I),
    re.compile(rf"\bfrom\s+({_YEAR})\s+(?:to|until|till|through|and)\s+({_YEAR})\b", re.I),
    re.compile(
        rf"\b({_YEAR})\s*(?:-|–|—|to|through)\s*((?:19|20)?\d\d)\b(?!\s*(?:%|percent|per cent))", re.I
    ),
)
_SINCE = re.compile(rf"\bsince\s+({_YEAR})\b", re.I)
_SINCE_INDEPENDENCE = re.compile(r"\bsince\s+(?:its\s+|the\s+)?independence\b", re.I)
_SINGLE = re.compile(rf"(?<![\d/.,$-])({_YEAR})(?![\d/]|\s*(?:%|percent|per cent))")
_FUTURE = re.compile(
    r"\b(?:plans?|planned|planning|will|would|aims?|aiming|intends?|expects?|expected|is to|are to|"
    r"target(?:s|ed)?|forecasts?|projected|set to|going to|could|may|might|should|hopes?)\b",
    re.I,
)
_COMPARED = re.compile(
    r"\b(?:from|than|compared\s+(?:with|to)|vs\.?|versus|against)\s+(?:in\s+)?(?:the\s+)?(?:year\s+)?$", re.I
)
_RELATIVE = re.compile(r"\b(?:last|this|next|previous)\s+(?:year|month|decade)\b", re.I)


def _year_of(short: str, first: int) -> int:
    """``23`` after 2019 -> 2023; a four-digit year as is."""
    if len(short) == 4:
        return int(short)
    century = first - first % 100
    value = century + int(short)
    return value if value >= first else value + 100


def find_period(text: str, current_year: int) -> Period:
    """The period ``text`` is about (see the module docstring). A year after ``current_year``, or a plan
    ("by 2026", "plans to", "will"), is a future period: no data can test it."""
    text = re.sub(rf"\b(?:mid|end|early|late)-(?={_YEAR})", "mid ", text, flags=re.I)  # "mid-2021": the year
    future_words = bool(_FUTURE.search(text))
    for pattern, kind in _PARTIAL_PATTERNS:
        m = pattern.search(text)
        if m:
            year = int(m.group(m.lastindex or 1))
            what = {None: f"{m.group(1)}-{m.group(2)}", "first": f"first {m.group(1)}"}.get(kind, m.group(1))
            return Period(year, year, partial=what, stated=True, future=year > current_year or future_words)
    for rx in _RANGES:
        m = rx.search(text)
        if m:
            first = int(m.group(1))
            last = _year_of(m.group(2), first)
            if first <= last <= first + 100:
                return Period(first, last, stated=True, future=last > current_year)
    m = _SINCE.search(text)
    if m:
        return Period(int(m.group(1)), None, stated=True)
    if _SINCE_INDEPENDENCE.search(text):
        return Period(1992, None, stated=True, partial=None)
    stripped = _strip_symbols(text)
    found = list(_SINGLE.finditer(stripped))
    # a year of comparison ("down 10% from 2021", "than in 2019") is not the claim's year
    main = [m for m in found if not _COMPARED.search(stripped[max(0, m.start() - 25) : m.start()])]
    years = [int(y.group(1)) for y in (main or found)]
    if not years:
        if _RELATIVE.search(text):
            return Period(None, None, stated=True, partial="relative date")
        return Period(future=future_words and bool(re.search(r"\bby\b", text, re.I)))
    year = years[0]
    m_date = _DATE.search(text)
    m_month = _MONTH_YEAR.search(text)
    partial = None
    if m_date:
        partial = "day"
    elif m_month and int(m_month.group(2)) == year:
        partial = m_month.group(1).rstrip(".").capitalize()
    future = year > current_year or (future_words and re.search(rf"\bby\s+{year}\b", text) is not None)
    return Period(year, year, partial=partial, stated=True, future=future)


def _strip_symbols(text: str) -> str:
    """``text`` without UN resolution symbols and slashed years (their digits are not years)."""
    return re.sub(r"\b(?:A/RES/|A/|RES/)?(?:ES-)?\d+/\d+\b", " ", text)


# ------------------------------------------------------------------------------------------- quantities
_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = {
    "trillion": 1e12,
    "billion": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "million": 1e6,
    "mln": 1e6,
    "m": 1e6,
    "thousand": 1e3,
    "k": 1e3,
}
_SCALE_RX = r"(trillion|billion|bn|bln|million|mln|thousand)"
#: Fractions written in words, as percentages.
FRACTIONS: dict[str, float] = {
    "half": 50.0,
    "a half": 50.0,
    "one half": 50.0,
    "a third": 100 / 3,
    "one third": 100 / 3,
    "one-third": 100 / 3,
    "two thirds": 200 / 3,
    "two-thirds": 200 / 3,
    "a quarter": 25.0,
    "one quarter": 25.0,
    "one-quarter": 25.0,
    "three quarters": 75.0,
    "three-quarters": 75.0,
    "a fifth": 20.0,
    "one fifth": 20.0,
    "one-fifth": 20.0,
    "two fifths": 40.0,
    "two-fifths": 40.0,
    "a tenth": 10.0,
    "one tenth": 10.0,
    "one-tenth": 10.0,
}
_FRACTION_RX = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(FRACTIONS, key=len, reverse=True)) + r")\b", re.I
)
#: Vague shares: phrase -> (threshold in percent, comparator). "most" = over half.
_VAGUE: tuple[tuple[str, float, str], ...] = (
    (r"(?:almost|nearly|virtually|practically)\s+all", 90.0, "share_over"),
    (r"the\s+(?:vast|overwhelming|great)\s+majority", 75.0, "share_over"),
    (r"the\s+bulk", 75.0, "share_over"),
    (r"the\s+lion'?s\s+share", 50.0, "share_over"),
    (r"(?:more\s+than|over)\s+half", 50.0, "share_over"),
    (r"(?:less\s+than|under)\s+half", 50.0, "lt"),
    (r"(?:the|a)\s+majority", 50.0, "share_over"),
    (r"most", 50.0, "share_over"),
)
_ABOUT = (
    r"about|around|approximately|approx\.?|roughly|some|nearly|almost|close\s+to|an\s+estimated|"
    r"estimated\s+at|circa|~|just\s+(?:under|over|below|above)|slightly\s+(?:under|over|below|above)"
)
_MORE = (
    r"more\s+than|over|above|exceed(?:ed|s|ing)?|in\s+excess\s+of|upwards\s+of|at\s+least|"
    r"surpass(?:ed|es)?|top(?:ped|s)|beyond|greater\s+than|higher\s+than"
)
_LESS = r"less\s+than|under|below|fewer\s+than|at\s+most|no\s+more\s+than|up\s+to|lower\s+than"
_QUALIFIER_RX = re.compile(rf"(?:^|\s)({_ABOUT}|{_MORE}|{_LESS})\s*$", re.I)
_UNITS: tuple[tuple[str, str, float], ...] = (
    # (regex after the number and scale, unit, multiplier to the unit)
    (r"(?:US\s*|U\.S\.\s*)?(?:dollars?|USD|\$)", "billion USD", 1e-9),
    (r"(?:cubic\s+met(?:re|er)s?|bcm|m3|m³)", "billion cubic metres", 1e-9),
    (r"(?:barrels?|bbl)\s*(?:of\s+oil\s+)?(?:per|a|/)\s*day|bpd|b/d", "barrels per day", 1.0),
    (r"(?:metric\s+)?(?:tonnes|tons|t)\b", "million tonnes", 1e-6),
    (r"Mt\b|mt\b|mmt\b", "million tonnes", 1.0),
    (r"(?:%|percent|per\s+cent|pct)", "percent", 1.0),
)


@dataclass(frozen=True)
class Number:
    """A number in the text: ``value`` in ``unit`` (after scaling), the qualifier before it, its span."""

    value: float
    unit: str | None
    qualifier: str
    start: int
    end: int
    text: str


def _to_float(text: str) -> float:
    return float(text.replace(",", ""))


def _clean(value: float) -> float:
    """``value`` rounded to 12 significant digits (5.1 * 1e9 * 1e-9 is 5.1, not 5.1000000000000005)."""
    return float(f"{value:.12g}")


def qualifier_before(text: str, start: int) -> str:
    """``about``, ``gt``, ``lt`` or ``eq``: the qualifier written just before position ``start``."""
    m = _QUALIFIER_RX.search(text[max(0, start - 40) : start])
    if not m:
        return "eq"
    word = re.sub(r"\s+", " ", m.group(1).lower())
    if re.fullmatch(_ABOUT, word, re.I):
        return "about"
    if re.fullmatch(_MORE, word, re.I):
        return "gt"
    return "lt"


def find_numbers(text: str) -> list[Number]:
    """Every quantity with a unit (money, percent, volume) or a bare count in ``text``, in order."""
    out: list[Number] = []
    money_first = re.compile(rf"(?:US\$|\$|USD|US\s+dollars?)\s*{_NUM}\s*(?:{_SCALE_RX}\b)?", re.I)
    for m in money_first.finditer(text):
        scale = _SCALE.get((m.group(2) or "").lower(), 1.0)
        out.append(
            Number(
                _clean(_to_float(m.group(1)) * scale * 1e-9),
                "billion USD",
                qualifier_before(text, m.start()),
                m.start(),
                m.end(),
                m.group(0),
            )
        )
    taken = [(n.start, n.end) for n in out]
    general = re.compile(rf"{_NUM}(?:\s*{_SCALE_RX}\b)?\s*(?:of\s+)?", re.I)
    for m in general.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        before = text[max(0, m.start() - 1) : m.start()]
        if before.isalnum() or before in ("/", "-", "–", "—", "."):
            continue
        rest = text[m.end() : m.end() + 40]
        raw = m.group(1)
        if re.match(r"(?:st|nd|rd|th)\b", text[m.end(1) : m.end(1) + 2]):
            continue  # an ordinal ("19th century"), not a quantity
        scale_word = (m.group(2) or "").lower()
        number = _to_float(raw) * _SCALE.get(scale_word, 1.0)
        unit, factor = None, 1.0
        for rx, name, mult in _UNITS:
            u = re.match(rx, rest, re.I)
            if u:
                unit, factor = name, mult
                end = m.end() + u.end()
                break
        else:
            end = m.end()
        if unit is None and re.fullmatch(_YEAR, raw) and not scale_word:
            continue  # a year, not a quantity
        if unit == "million tonnes" and rest[:2].lower() in ("mt", "mm"):
            number = _to_float(raw) * (_SCALE.get(scale_word, 1e6) / 1e6 if scale_word else 1.0)
            factor = 1.0
        out.append(
            Number(
                _clean(number * factor),
                unit,
                qualifier_before(text, m.start()),
                m.start(),
                end,
                text[m.start() : end],
            )
        )
    out.sort(key=lambda n: n.start)
    return out


def vague_share(text: str) -> Quantity | None:
    """The vague or fractional share written in ``text`` ("most", "a fifth", "more than half"), if any."""
    for rx, threshold, comparator in _VAGUE:
        m = re.search(rf"\b{rx}\b", text, re.I)
        if m:
            return Quantity(comparator, threshold, "percent", text=m.group(0))  # type: ignore[arg-type]
    m = _FRACTION_RX.search(text)
    if m:
        qual = qualifier_before(text, m.start())
        comparator = "about" if qual in ("eq", "about") else qual
        return Quantity(comparator, FRACTIONS[m.group(1).lower()], "percent", text=m.group(0))  # type: ignore[arg-type]
    return None


def find_quantities(text: str, unit: str) -> list[Quantity]:
    """The quantities in ``unit`` written in ``text`` (qualifier kept), in order."""
    out = []
    for n in find_numbers(text):
        if n.unit != unit:
            continue
        comparator = n.qualifier if n.qualifier in ("about", "gt", "lt") else "eq"
        written = text[max(0, n.start - 40) : n.start]
        q = _QUALIFIER_RX.search(written)
        shown = f"{q.group(1)} {n.text}" if q else n.text
        out.append(Quantity(comparator, n.value, unit, text=shown.strip()))  # type: ignore[arg-type]
    return out


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_TOP = r"largest|biggest|main|top|leading|primary|principal|chief|greatest|number[- ]one|no\.?\s?1|first|#1"


def rank_phrase(text: str) -> Quantity | None:
    """A rank written in ``text``: "the largest/main/top" (1), "second-largest" (2), "one of the largest",
    "among the top three" (within 5, 3)."""
    m = re.search(
        r"\b(?:among|in|one\s+of)\s+(?:the\s+|its\s+|their\s+|\w+(?:'s|’s)\s+)?"
        r"top[- ](three|five|ten|3|5|10)\b",
        text,
        re.I,
    )
    if m:
        n = {"three": 3, "five": 5, "ten": 10}.get(m.group(1).lower()) or int(m.group(1))
        return Quantity("rank_within", float(n), "rank", text=m.group(0))
    m = re.search(
        rf"\bone\s+of\s+(?:the\s+|its\s+|their\s+|\w+(?:'s|’s)\s+)?(?:{_TOP}|key|major|most\s+important|"
        r"biggest|important)\b",
        text,
        re.I,
    )
    if m:
        return Quantity("rank_within", 5.0, "rank", text=m.group(0))
    m = re.search(
        r"\b(second|third|fourth|fifth|2nd|3rd|4th|5th)(?:[- ](?:largest|biggest|main|top))?\b", text, re.I
    )
    if m and re.search(r"\b(?:partner|supplier|investor|source|exporter|importer)\b", text, re.I):
        return Quantity("rank", float(_ORDINALS[m.group(1).lower()]), "rank", text=m.group(0))
    m = re.search(rf"\b(?:{_TOP})\b", text, re.I)
    if m:
        return Quantity("rank", 1.0, "rank", text=m.group(0))
    return None
