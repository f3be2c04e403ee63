"""The rules that recognise what a sentence measures and build its claims (used by
:mod:`multivector.claims.parse`).

One rule per family of measures, tried in this order: UN votes, arms imports, alliances, shared IGOs, oil
and gas routes, FDI, trade. A rule returns ``None`` when its words are absent, else the claims it found
(one not-checkable claim with the reason when the sentence is about its measure but cannot be checked, e.g.
a growth rate or an arms value in dollars). A sentence no rule takes gives a not-checkable claim when it
states a figure ("a 7,600-kilometre border") and nothing otherwise.

Roles: in "trade between A and B" (or "A-B trade") the side that is not one of the four powers is the
country whose ties are measured (:func:`focal_of`); otherwise the possessive or adjective ("Kazakhstan's
trade", "Kazakh exports") names the country and the other country named, or the one after with/to/from,
is the partner. A supplier or investor is the subject of "supplied", "invested", "accounted for".
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from multivector.claims.model import Claim, Period, Quantity
from multivector.claims.resolve import (
    Mention,
    find_numbers,
    find_quantities,
    rank_phrase,
    vague_share,
)
from multivector.powers import EU27, WORLD

__all__ = ["KNOWN_RESOLUTIONS", "POWERS_SET", "ROUTE_PATTERNS", "ParseContext", "claims_of", "focal_of"]

#: The four powers: in a symmetric pair the other side is the country whose ties are measured.
POWERS_SET = frozenset({"RUS", "CHN", "USA", EU27})

#: UN General Assembly resolutions recognised from their subject when the symbol is not written:
#: (pattern, symbol). Symbols and subjects from the UN Digital Library.
KNOWN_RESOLUTIONS: tuple[tuple[str, str], ...] = (
    (r"suspen\w*.{0,80}Human Rights Council|Human Rights Council.{0,80}suspen\w*", "ES-11/3"),
    (r"humanitarian\s+(?:consequences|situation).{0,60}Ukraine", "ES-11/2"),
    (r"(?:invasion|aggression|war)\s+(?:of|against|in|on)\s+Ukraine|condemn\w*.{0,40}Russia.{0,60}Ukraine",
     "ES-11/1"),
    (r"territorial\s+integrity\s+of\s+Ukraine|Crimea", "68/262"),
)  # fmt: skip

#: Patterns naming Kazakhstan's oil and gas export routes: casebook infrastructure id -> pattern.
ROUTE_PATTERNS: dict[str, str] = {
    "routes-bypassing-russia": r"bypass\w*\s+Russia|avoid\w*\s+Russia|not\s+(?:pass|go)\w*\s+through\s+Russia",
    "cpc": r"\bCPC\b|Caspian\s+Pipeline\s+Consortium|Tengiz\s*[-–]\s*Novorossiysk",
    "atyrau-samara": r"Atyrau\s*[-–]\s*Samara",
    "kazakhstan-china-gas": r"Beineu\s*[-–]\s*Bozoi|Kazakhstan\s*[-–]\s*China\s+gas\s+pipeline",
    "central-asia-china-gas": r"Central\s+Asia\s*[-–]\s*China\s+gas\s+pipeline",
    "kazakhstan-china-oil": r"Kazakhstan\s*[-–]\s*China\s+(?:oil\s+)?pipeline|Atasu\s*[-–]\s*Alashankou|"
    r"pipeline\s+(?:supplying|carrying|delivering|that\s+(?:supplies|carries))\s+Kazakh\w*\s+oil\s+to\s+China|"
    r"oil\s+pipeline\s+(?:to|with)\s+China",
    "aktau-btc": r"Baku\s*[-–]\s*Tbilisi\s*[-–]\s*Ceyhan|\bBTC\b",
    "aktau-makhachkala": r"Makhachkala",
    "druzhba-germany": r"Druzhba",
    "munaitas": r"MunaiTas|Kenkiyak\s*[-–]\s*Atyrau",
    "aktau-port": r"(?:port\s+of\s+)?Aktau",
}


@dataclass
class ParseContext:
    """What carries from one sentence to the next: the country whose ties are discussed and the last pair
    of countries named. ``current_year`` decides which years are in the future."""

    country: str | None = None
    last_pair: tuple[str, str] | None = None
    current_year: int = field(default_factory=lambda: dt.date.today().year)


def focal_of(pair: tuple[str, str], ctx: ParseContext) -> tuple[str, str]:
    """(country, partner) of a symmetric pair: the context's country if it is one side, else the side that
    is not one of the four powers, else the pair's order."""
    a, b = pair
    if ctx.country in pair:
        return (a, b) if a == ctx.country else (b, a)
    if (a in POWERS_SET) != (b in POWERS_SET):
        return (b, a) if a in POWERS_SET else (a, b)
    return a, b


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_UN = _rx(r"\bUN\b|\bU\.N\.|United\s+Nations|General\s+Assembly|\bUNGA\b|\bresolutions?\b|roll[- ]calls?|"
          r"recorded\s+votes?")  # fmt: skip
_VOTE = _rx(r"\bvot(?:e|es|ed|ing)\b|\babstain\w*|\babstention")
_SYMBOL = _rx(r"(?:\bA/RES/|\bA/|\bresolution\s+(?:no\.?\s*)?)(ES-\d{1,2}/\d{1,3}|\d{1,2}/\d{1,3}[A-Z]?)\b")
_VOTE_VERBS: tuple[tuple[str, str], ...] = (
    ("absent", r"did\s+not\s+(?:vote|take\s+part|participate)|was\s+absent|non-?voting|did\s+not\s+cast"),
    ("not_yes", r"did\s+not\s+(?:support|back|vote\s+(?:for|in\s+favou?r))|refused\s+to\s+(?:support|back)"),
    ("not_no", r"did\s+not\s+(?:oppose|vote\s+against|reject)"),
    ("abstain", r"abstain\w*|abstention"),
    ("no", r"voted\s+(?:against|no\b)|opposed|rejected|voted\s+to\s+reject"),
    ("yes", r"voted\s+(?:for|in\s+favou?r|yes\b|in\s+support)|supported|backed|endorsed|voted\s+to\s+(?:adopt|"
            r"condemn|suspend|support|demand)"),
)  # fmt: skip
_ALIGN = _rx(
    r"\bwith\b|same\s+way|alongside|in\s+line\s+with|coincid|\bagree|\bmatch|\balign|identical|\blike\b"
)
_ARMS = _rx(r"\barms\b|\bweapons?\b|\bweaponry\b|\bmilitary\s+(?:equipment|hardware|imports?|supplies|"
            r"deliveries|aircraft|purchases|procurement)\b|\barmaments?\b|\bdefen[cs]e\s+(?:equipment|imports|"
            r"procurement|supplies)\b|major\s+conventional")  # fmt: skip
_DEFENCE = _rx(
    r"defen[cs]e\s+(?:pacts?|treat(?:y|ies)|alliances?|pledges?|agreements?|commitments?|"
    r"obligations?|guarantees?)|mutual[- ]defen[cs]e|military\s+(?:alliances?|allies|ally|pacts?)|"
    r"\ballies\b|\bally\b|\ballied\b|\bCSTO\b|Collective\s+Security\s+Treaty|security\s+guarantees?"
)
_ALLIANCE = _rx(r"\balliances?\b")
_NEGATION = _rx(r"\b(?:no|not|never|lacks?|lacked|without|neither|nor|none)\b|n't\b")
_IGO = _rx(r"intergovernmental\s+organi[sz]ations?|\bIGOs?\b|international\s+organi[sz]ations")
_FDI = _rx(r"\binvest(?:ed|ment|ments|or|ors|s|ing)?\b|\bFDI\b|foreign\s+direct|capital\s+inflows?")
_ENERGY = _rx(r"\boil\b|\bcrude\b|\bgas\b|\bpipelines?\b|\bbarrels?\b|\bbcm\b|\bcubic\b|\bcondensate\b|"
              r"\bCPC\b|\bpetroleum\b")  # fmt: skip
_TRADE = _rx(r"\btrad(?:e|ing)\b|\bturnover\b|\bexport(?:s|ed|ing)?\b|\bimport(?:s|ed|ing)?\b|\bshipments?\b")
_GROWTH = _rx(r"\b(?:rose|grew|increased|fell|declined|dropped|jumped|surged|climbed|slumped|up|down|"
              r"growth|increase|decrease|decline|rise|drop)\b\s+(?:by\s+|of\s+)?(?:about\s+|around\s+|nearly\s+)?"
              r"\d|\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s+(?:year[- ]on[- ]year|y/y|yoy|increase|growth|rise|"
              r"decline|drop|higher|lower|more|less)|\bdoubled\b|\btripled\b|\bhalved\b")  # fmt: skip
_UNSUPPORTED: tuple[tuple[str, str], ...] = (
    (r"\bborders?\b|\bkilomet(?:re|er)s?\b|\bkm\b", "border lengths are not in the data"),
    (r"\breserves?\b", "resource reserves are not in the data"),
    (r"\bcontracts?\b|\bdeals?\b|\baircraft\b|\blocomotives?\b|\bpurchase\b|\bagreements?\b|\bdocuments\b",
     "deals, contracts and signed agreements are not in the data (the casebook records them as stated)"),
    (r"dry\s+port|\bports?\b|\bterminal\b", "port and terminal rankings are not in the data"),
    (r"\bGDP\b|\bpopulation\b|\bbudget\b|\bdebt\b|\binflation\b|\bgrowth\b",
     "not a measure of ties between countries"),
)  # fmt: skip
_DEFAULT_REASON = ("no supported measure in this sentence (supported: trade, arms imports, UN votes, "
                   "defence pacts, shared IGOs, oil and gas routes, FDI)")  # fmt: skip


def _claim(s: str, measure: str | None, period: Period, **kw: object) -> Claim:
    return Claim(text=s, measure=measure, period=period, **kw)  # type: ignore[arg-type]


def _not_checkable(s: str, period: Period, reason: str, measure: str | None = None) -> list[Claim]:
    return [_claim(s, measure, period, reason=reason)]


# ------------------------------------------------------------------------------------------------ roles
def _pair(s: str, mentions: list[Mention]) -> tuple[str, str] | None:
    """A symmetric pair: "between A and B", "A-B", "A and B"."""
    for a, b in zip(mentions, mentions[1:], strict=False):
        gap = s[a.end : b.start]
        if a.code == b.code:
            continue
        if a.start == b.start or re.fullmatch(r"\s*[-–—/]\s*", gap) or re.fullmatch(r"(?:'s|’s)?\s+and\s+(?:the\s+)?", gap, re.I):
            return a.code, b.code
    return None


def _after(s: str, mentions: list[Mention], words: str) -> Mention | None:
    """The first mention right after one of ``words`` ("with", "to the", "from")."""
    for m in mentions:
        if re.search(rf"\b(?:{words})\s+(?:the\s+|its\s+)?$", s[max(0, m.start - 16) : m.start], re.I):
            return m
    return None


def _owner(s: str, mentions: list[Mention], nouns: str) -> Mention | None:
    """The mention whose ties are measured: a possessive, or an adjective before ``nouns``."""
    for m in mentions:
        if m.possessive and not re.match(r"(?:'s|’s)\s+(?:total\s+)?share", s[m.end :], re.I):
            return m
    for m in mentions:
        if m.form == "adjective" and re.match(rf"\s+(?:\w+\s+){{0,2}}(?:{nouns})", s[m.end :], re.I):
            return m
    return None


def _subject_before(s: str, mentions: list[Mention], verbs: str) -> Mention | None:
    """The mention followed (within a few words) by one of ``verbs``: the supplier or investor."""
    for m in mentions:
        if re.match(rf"(?:'s|’s)?(?:\s+\w+){{0,3}}?\s+(?:{verbs})\b", s[m.end :], re.I):
            return m
    return None


def _roles(s: str, mentions: list[Mention], ctx: ParseContext, nouns: str) -> tuple[str | None, str | None]:
    """(country, partner) for a bilateral measure (see the module docstring)."""
    codes = list(dict.fromkeys(m.code for m in mentions))
    pair = _pair(s, mentions)
    if pair:
        return focal_of(pair, ctx)
    owner = _owner(s, mentions, nouns)
    if owner is not None:
        other = _after(s, mentions, "with|to|from|and") or next(
            (m for m in mentions if m.code != owner.code), None
        )
        return owner.code, other.code if other is not None and other.code != owner.code else None
    marked = _after(s, mentions, "with|to|from")
    if marked is not None:
        rest = [c for c in codes if c != marked.code]
        return (rest[0] if rest else ctx.country), marked.code
    if len(codes) >= 2:
        return codes[0], codes[1]
    return (codes[0] if codes else ctx.country), None


# ------------------------------------------------------------------------------------------------ rules
def _unga(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not (_UN.search(s) and _VOTE.search(s)):
        return None
    symbol_m = _SYMBOL.search(s)
    symbol = symbol_m.group(1).upper() if symbol_m else None
    if symbol is None:
        symbol = next((sym for rx, sym in KNOWN_RESOLUTIONS if re.search(rx, s, re.I)), None)
    out: list[Claim] = []
    for clause in re.split(r",\s*(?:while|whereas|but|and)\s+|;\s*|\s+while\s+|\s+whereas\s+", s):
        vote = next(((label, m) for label, rx in _VOTE_VERBS if (m := re.search(rx, clause, re.I))), None)
        if vote is None:
            continue
        label, vm = vote
        offset = s.find(clause)
        subjects = [m for m in mentions if offset <= m.start < offset + vm.start()]
        for subject in dict.fromkeys(m.code for m in subjects):
            q = Quantity("vote", label=label, text=label.replace("_", " "))
            out.append(_claim(s, "unga_vote", period, country=subject, quantity=q,
                              detail={"resolution": symbol} if symbol else {}))  # fmt: skip
    if out:
        if symbol is None:
            for c in out:
                c.reason = "the resolution is not named by its symbol (e.g. A/RES/ES-11/1)"
        return out
    return _unga_agreement(s, mentions, period, ctx)


def _unga_agreement(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not _ALIGN.search(s):
        return None
    owner = _owner(s, mentions, r"votes?|voting")
    codes = list(dict.fromkeys(m.code for m in mentions))
    country = owner.code if owner else (codes[0] if codes else ctx.country)
    partner = next((c for c in codes if c != country), None)
    qs = find_quantities(s, "percent")
    q = qs[0] if qs else vague_share(s)
    if q is None or partner is None:
        return None
    flow = "coincidence" if re.search(r"coinciden", s, re.I) else "same_vote"
    if re.search(r"agreement\s+(?:score|index)|Voeten", s, re.I):
        flow = "agreement"
    return [_claim(s, "unga_agreement", period, country=country, partner=partner, quantity=q, flow=flow)]


_SUPPLY = (
    r"supplied|supplies|supply|provided|provides|delivered|delivers|sold|sells|accounted|accounts|"
    r"was|is|remains|remained|became|has\s+been|made\s+up|makes\s+up"
)


def _arms(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not _ARMS.search(s):
        return None
    if find_quantities(s, "billion USD"):
        return _not_checkable(s, period, "arms transfers are measured in SIPRI trend-indicator values (TIV), "
                              "not dollars: a value in dollars cannot be checked", "arms_share")  # fmt: skip
    nouns = r"arms|weapons|military|equipment|armaments|defen[cs]e"
    recipient = _owner(s, mentions, r"arms|weapons|military|armed|army|defen[cs]e") or _after(
        s, mentions, r"to|by|for|of"
    )
    others = [m for m in mentions if m is not recipient]
    supplier = next((m for m in others if m.form == "adjective" and re.match(
        rf"\s+(?:\w+\s+)?(?:{nouns})", s[m.end :], re.I)), None)  # fmt: skip
    supplier = supplier or _after(s, others, "from") or _subject_before(s, others, _SUPPLY)
    codes = list(dict.fromkeys(m.code for m in mentions))
    if recipient is not None:
        country: str | None = recipient.code
    else:
        country = next((c for c in codes if supplier is None or c != supplier.code), ctx.country)
    partner = supplier.code if supplier else next((c for c in codes if c != country), None)
    span = "all" if re.search(r"\bused\b|in\s+service|inventory|arsenal|stock", s, re.I) else "5y"
    rank = rank_phrase(s)
    qs = find_quantities(s, "percent")
    share = qs[0] if qs else vague_share(s)
    if share is not None:
        return [_claim(s, "arms_share", period, country=country, partner=partner, quantity=share,
                       detail={"span": span})]  # fmt: skip
    if rank is not None and re.search(r"supplier|source|exporter|provider|seller", s, re.I):
        return [_claim(s, "arms_rank", period, country=country, partner=partner, quantity=rank,
                       detail={"span": span})]  # fmt: skip
    return None


def _alliances(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    m = _DEFENCE.search(s)
    measure = "defence_pact"
    if m is None:
        m = _ALLIANCE.search(s)
        measure = "alliance"
    if m is None:
        return None
    codes = list(dict.fromkeys(x.code for x in mentions))
    if len(codes) < 2:
        if ctx.country and codes and codes[0] != ctx.country:
            codes = [ctx.country, codes[0]]
        else:
            return _not_checkable(s, period, "an alliance needs two states: ATOP records pledges between "
                                  "states, not membership of an organisation", measure)  # fmt: skip
    country, partner = focal_of((codes[0], codes[1]), ctx)
    negated = bool(_NEGATION.search(s[: m.start()]))
    q = Quantity("presence", 0.0 if negated else 1.0, text=("no " if negated else "") + m.group(0))
    return [_claim(s, measure, period, country=country, partner=partner, quantity=q)]


def _igos(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not _IGO.search(s):
        return None
    counts = [n for n in find_numbers(s) if n.unit is None]
    codes = list(dict.fromkeys(x.code for x in mentions))
    if not counts or len(codes) < 2:
        return None
    country, partner = focal_of((codes[0], codes[1]), ctx)
    n = counts[0]
    comparator = n.qualifier if n.qualifier in ("about", "gt", "lt") else "eq"
    q = Quantity(comparator, n.value, "count", text=n.text.strip())  # type: ignore[arg-type]
    return [_claim(s, "shared_igos", period, country=country, partner=partner, quantity=q)]


def _energy(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    route = next((rid for rid, rx in ROUTE_PATTERNS.items() if re.search(rx, s, re.I)), None)
    if route is None and not _ENERGY.search(s):
        return None
    if re.search(r"\breserves?\b|\bdeposits?\b|\bdiscovered\b", s, re.I):
        return _not_checkable(s, period, "oil and gas reserves are not in the data", "route_volume")
    commodity = "gas" if re.search(r"\bgas\b|cubic|\bbcm\b", s, re.I) else "oil"
    detail = {"commodity": commodity, **({"route": route} if route else {})}
    owner = _owner(s, mentions, r"oil|gas|crude|exports?|petroleum|condensate")
    buyer = _after(s, mentions, r"to|into|for")
    codes = [m.code for m in mentions]
    country = (
        owner.code if owner else next((c for c in codes if buyer is None or c != buyer.code), ctx.country)
    )
    partner = buyer.code if buyer is not None and buyer.code != country else None
    if re.search(r"\bcapacity\b", s, re.I):
        qs = find_quantities(s, "barrels per day") + find_quantities(s, "million tonnes")
        if not qs:
            return None
        return [_claim(s, "route_capacity", period, country=country, partner=partner, quantity=qs[0],
                       detail=detail)]  # fmt: skip
    share = (find_quantities(s, "percent") or [None])[0] or vague_share(s)
    if share is not None and route is not None:
        return [_claim(s, "route_share", period, country=country, quantity=share, detail=detail)]
    flow = "transit" if re.search(r"\btransit", s, re.I) else "exports"
    units = ("billion cubic metres", "million tonnes", "barrels per day", "billion USD")
    for unit in units:
        qs = find_quantities(s, unit)
        if qs:
            return [_claim(s, "route_volume", period, country=country, partner=partner, quantity=qs[0],
                           flow=flow, detail=detail)]  # fmt: skip
    return None


_INVEST_VERBS = r"invested|invests|investing|investment|investments|investors?|FDI|provided|poured|put"


def _fdi(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    fdi_m = _FDI.search(s)
    if fdi_m is None:
        return None
    money = find_quantities(s, "billion USD")
    if money and _TRADE.search(s):
        first_money = s.find(money[0].text.split()[-1]) if money[0].text else len(s)
        trade_at = max((m.start() for m in _TRADE.finditer(s[:first_money])), default=-1)
        if trade_at > max(m.start() for m in _FDI.finditer(s[:first_money] or s)):
            return None  # the figure belongs to trade
    multi_year = period.start is not None and period.end != period.start
    if multi_year or re.search(
        r"cumulative|since\s+(?:its\s+|the\s+)?independence|accumulated|in\s+total", s, re.I
    ):
        flow = "cumulative"
    elif re.search(r"\bstock\b", s, re.I):
        flow = "stock"
    else:
        flow = "inflow"
    recipient = _after(s, mentions, r"in|into|to") or next((m for m in mentions if m.possessive and re.match(
        r"(?:'s|’s)\s+(?:\w+\s+){0,2}(?:FDI|foreign|inflows?|inward)", s[m.end :], re.I)), None)  # fmt: skip
    if recipient is None:
        recipient = _subject_before(s, mentions, r"attracted|received|drew|got")
    others = [m for m in mentions if recipient is None or m.code != recipient.code]
    investor = (
        next((m for m in others if m.form == "adjective" or m.possessive), None)
        or _after(s, others, "from")
        or _subject_before(s, others, _INVEST_VERBS)
        or (others[0] if others else None)
    )
    country = recipient.code if recipient else ctx.country
    partner = investor.code if investor else WORLD
    if country is None and investor is not None:
        return _not_checkable(s, period, "the country receiving the investment is not named", "fdi_value")
    rank = rank_phrase(s)
    share = (find_quantities(s, "percent") or [None])[0] or vague_share(s)
    if money:
        return [
            _claim(s, "fdi_value", period, country=country, partner=partner, quantity=money[0], flow=flow)
        ]
    if share is not None:
        return [_claim(s, "fdi_share", period, country=country, partner=partner, quantity=share, flow=flow)]
    if rank is not None and re.search(r"investor|source", s, re.I):
        return [_claim(s, "fdi_rank", period, country=country, partner=partner, quantity=rank, flow=flow)]
    return None


_TRADE_NOUNS = r"trade|trading|exports?|imports?|turnover|goods|sales"
_SHARE_WORDS = _rx(r"\bshares?\b|accounted?\s+for|accounting\s+for|made\s+up|makes?\s+up|represent\w*|"
                   r"\bof\s+(?:\w+(?:'s|’s)\s+)?(?:total\s+|overall\s+|foreign\s+|external\s+)?"
                   r"(?:trade|turnover|exports|imports)")  # fmt: skip
_PARTNER_WORDS = _rx(
    r"trad(?:e|ing)(?:\s+and\s+\w+)?\s+partners?|partners?\s+in\s+trade|"
    r"(?:export|import)\s+(?:markets?|destinations?|partners?|sources?|suppliers?)"
)


def _flow_at(s: str, pos: int) -> str:
    """``exports``, ``imports`` or ``turnover``: the trade word nearest before ``pos``."""
    words = list(_TRADE.finditer(s[:pos])) or list(_TRADE.finditer(s))
    if not words or re.search(r"exports?\s+and\s+imports?|imports?\s+and\s+exports?", s, re.I):
        return "turnover"
    word = words[-1].group(0).lower()
    return (
        "exports" if word.startswith("export") else ("imports" if word.startswith("import") else "turnover")
    )


_AGENCIES: tuple[tuple[str, str], ...] = (
    (r"\bGACC\b|General\s+Administration\s+of\s+Customs", "CHN"),
    (r"\bBNS\b|Bureau\s+of\s+National\s+Statistics|QazTrade|Center\s+for\s+Trade\s+Policy|Kazstat", "KAZ"),
    (r"\bRosstat\b|Federal\s+Customs\s+Service", "RUS"),
    (r"National\s+Statistical\s+Committee\s+of\s+(?:the\s+)?Kyrgyz", "KGZ"),
)
_BASIS_AFTER = _rx(
    r"(?:'s|’s)?\s+(?:official\s+|national\s+|own\s+)?(?:customs|statistic\w*|data\b|figures|"
    r"bureau|mirror)"
)


def _basis(s: str, mentions: list[Mention]) -> tuple[str | None, list[Mention]]:
    """Whose statistics the sentence cites ("according to China's customs", "Kazakh statistics", "GACC"),
    and the mentions left for the roles (the one naming the basis removed)."""
    for m in mentions:
        if _BASIS_AFTER.match(s, m.end):
            return m.code, [x for x in mentions if x is not m]
    for rx, code in _AGENCIES:
        if re.search(rx, s):
            return code, mentions
    return None, mentions


def _trade(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not _TRADE.search(s):
        return None
    basis, mentions = _basis(s, mentions)
    country, partner = _roles(s, mentions, ctx, _TRADE_NOUNS)
    if basis is not None and (country is None or country == partner) and basis != partner:
        country = basis
    if partner is None and re.search(r"(?:total|overall|foreign|external)\s+trade|trade\s+with\s+the\s+world",
                                     s, re.I):  # fmt: skip
        partner = WORLD
    rank = rank_phrase(s)
    if rank is not None and _PARTNER_WORDS.search(s):
        return [_trade_rank(s, mentions, period, ctx, rank)]
    share = (find_quantities(s, "percent") or [None])[0] or vague_share(s)
    out: list[Claim] = []
    if share is not None and _SHARE_WORDS.search(s) and not _GROWTH.search(s):
        partner_m = next(
            (m for m in mentions if re.match(r"(?:'s|’s)\s+(?:total\s+)?share", s[m.end :], re.I)), None
        ) or _subject_before(s, mentions, r"accounted|accounts|made|makes|represent\w*|was|is")
        owner = _owner(s, mentions, _TRADE_NOUNS)
        c = owner.code if owner else country
        p = partner_m.code if partner_m is not None and partner_m.code != c else partner
        out.append(_claim(s, "trade_share", period, country=c, partner=p, quantity=share,
                          flow=_flow_at(s, len(s))))  # fmt: skip
    for q, n in zip(find_quantities(s, "billion USD"), [x for x in find_numbers(s) if x.unit == "billion USD"],
                    strict=False):  # fmt: skip
        out.append(_claim(s, "trade_value", period, country=country, partner=partner, quantity=q,
                          flow=_flow_at(s, n.start), basis=basis))  # fmt: skip
    if _GROWTH.search(s):
        out.append(
            _claim(
                s,
                "trade_value",
                period,
                country=country,
                partner=partner,
                reason="changes between years (growth rates) are not checked; check each year's level",
            )
        )
    return out or None


def _trade_rank(s: str, mentions: list[Mention], period: Period, ctx: ParseContext, rank: Quantity) -> Claim:
    owner = _owner(s, mentions, _TRADE_NOUNS + r"|largest|biggest|main|top|leading|partners?")
    owner = owner or _after(s, mentions, r"of|for")
    country = owner.code if owner else ctx.country
    ranked = next((m for m in mentions if m.code != country), None)
    flow = (
        "exports"
        if re.search(r"export\s+(?:market|destination|partner)", s, re.I)
        else ("imports" if re.search(r"import\s+(?:source|supplier|partner)", s, re.I) else "turnover")
    )
    return _claim(s, "trade_rank", period, country=country, partner=ranked.code if ranked else None,
                  quantity=rank, flow=flow)  # fmt: skip


def _unsupported(s: str, period: Period) -> list[Claim]:
    """One not-checkable claim when the sentence states a figure (or a superlative about a listed topic),
    none otherwise."""
    has_figure = any(n.unit is not None or (n.value >= 2 and not _is_date_number(s, n.start))
                     for n in find_numbers(s))  # fmt: skip
    topic = next((reason for rx, reason in _UNSUPPORTED if re.search(rx, s, re.I)), None)
    if has_figure or (topic and rank_phrase(s) is not None and re.search(r"\b(?:is|are|was)\b", s)):
        return _not_checkable(s, period, topic or _DEFAULT_REASON)
    return []


def _is_date_number(s: str, start: int) -> bool:
    """True for the day of a date ("November 6, 2025", "12 November")."""
    around = s[max(0, start - 12) : start + 16]
    return bool(re.search(r"(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\s+\d{1,2}\b|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|"
                          r"August|September|October|November|December)", around))  # fmt: skip


_RULES: tuple[Callable[[str, list[Mention], Period, ParseContext], list[Claim] | None], ...] = (
    _unga, _arms, _alliances, _igos, _energy, _fdi, _trade,
)  # fmt: skip


def claims_of(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim]:
    """The claims of sentence ``s`` (see the module docstring)."""
    for rule in _RULES:
        claims = rule(s, mentions, period, ctx)
        if claims is not None:
            return claims
    return _unsupported(s, period)
