"""The parsing rules of the economic measures: oil and gas routes, FDI and trade (and the sentences that
state a figure no measure covers). Used by :mod:`multivector.claims.parse_rules`.
"""

from __future__ import annotations

import dataclasses
import re

from multivector.claims.model import Claim, Period, Quantity
from multivector.claims.parse_roles import (
    ParseContext,
    make_claim,
    mention_after,
    not_checkable_claim,
    owner_of,
    roles_of,
    rx,
    share_in,
    subject_before,
)
from multivector.claims.resolve import Mention, find_numbers, find_quantities, rank_phrase
from multivector.powers import WORLD

__all__ = [
    "GROWTH",
    "GROWTH_REASON",
    "ROUTE_PATTERNS",
    "energy_claims",
    "fdi_claims",
    "trade_claims",
    "unsupported_claims",
]

#: Words of a deal, a contract or a count of signed agreements (values the data do not hold).
DEAL_WORDS = (
    r"\bcontracts?\b|\bdeals?\b|\baircraft\b|\blocomotives?\b|\bpurchase\b|\bagreements?\b|"
    r"\bdocuments\b|\bmemorand(?:um|a)\b"
)
ROUTE_PATTERNS: dict[str, str] = {
    "routes-bypassing-russia": (
        r"bypass\w*\s+Russia|avoid\w*\s+Russia|not\s+(?:pass|go)\w*\s+through\s+Russia"
    ),
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


_FDI = rx(r"\binvest(?:ed|ment|ments|or|ors|s|ing)?\b|\bFDI\b|foreign\s+direct|capital\s+inflows?")
_ENERGY = rx(
    r"\boil\b|\bcrude\b|\bgas\b|\bpipelines?\b|\bbarrels?\b|\bbcm\b|\bcubic\b|\bcondensate\b|"
    r"\bCPC\b|\bpetroleum\b"
)
_TRADE = rx(r"\btrad(?:e|ing)\b|\bturnover\b|\bexport(?:s|ed|ing)?\b|\bimport(?:s|ed|ing)?\b|\bshipments?\b")
#: Why a change between years is not checked.
GROWTH_REASON = "changes between years (growth rates) are not checked; check each year's level"
#: Words of a change between years ("rose by 30%", "up 30% year on year", "doubled").
GROWTH = rx(
    r"\b(?:rose|grew|increased|fell|declined|dropped|jumped|surged|climbed|slumped|up|down|"
    r"growth|increase|decrease|decline|rise|drop)\b\s+(?:by\s+|of\s+)?(?:about\s+|around\s+|nearly\s+)?"
    r"\d|(?<![\d.])\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent)\s+"
    r"(?:year[- ]on[- ]year|y/y|yoy|increase|growth|rise|decline|drop|higher|lower|more|less)|"
    r"\bdoubled\b|\btripled\b|\bhalved\b"
)
#: Topics of figures no data measure: (pattern, reason). Also used to report such a figure beside the
#: claims a sentence makes ("share a 7,600-kilometre border and maintain security ties through the CSTO").
UNSUPPORTED: tuple[tuple[str, str], ...] = (
    (r"dry\s+port|\bports?\b(?!\s+of\b)|\bterminals?\b", "port and terminal rankings are not in the data"),
    (r"\bkilomet(?:re|er)s?\b|\bkm\b|\bborders?\b", "border lengths are not in the data"),
    (r"\breserves?\b", "resource reserves are not in the data"),
    (
        DEAL_WORDS,
        "deals, contracts and signed agreements are not in the data (the casebook records them as stated)",
    ),
    (
        r"\bGDP\b|\bpopulation\b|\bbudget\b|\bdebt\b|\binflation\b|\bgrowth\b",
        "not a measure of ties between countries",
    ),
)
_DEFAULT_REASON = (
    "no supported measure in this sentence (supported: trade, arms imports, UN votes, "
    "defence pacts, shared IGOs, oil and gas routes, FDI)"
)


def energy_claims(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    route = next((rid for rid, pat in ROUTE_PATTERNS.items() if re.search(pat, s, re.I)), None)
    if route is None and not _ENERGY.search(s):
        return None
    reserves = re.compile(r"\breserves?\b|\bdeposits?\b|\bdiscovered\b", re.I)
    if reserves.search(s):
        out = not_checkable_claim(s, period, "resource reserves are not in the data", "route_volume")
        # a figure of another clause ("plans to export 88 bcm ..., and 63 tcm of reserves were discovered")
        rest = ", ".join(c for c in re.split(r",\s*(?:and\s+)?|;\s*", s) if not reserves.search(c))
        if rest and rest != s:
            for claim in energy_claims(rest, [m for m in mentions if m.start < len(rest)], period, ctx) or []:
                if claim.measure is not None and claim.reason is None:
                    out.append(dataclasses.replace(claim, text=s))
        return out
    commodity = "gas" if re.search(r"\bgas\b|cubic|\bbcm\b", s, re.I) else "oil"
    detail = {"commodity": commodity, **({"route": route} if route else {})}
    owner = owner_of(s, mentions, r"oil|gas|crude|exports?|petroleum|condensate")
    buyer = mention_after(s, mentions, r"to|into|for")
    codes = [m.code for m in mentions]
    country = (
        owner.code if owner else next((c for c in codes if buyer is None or c != buyer.code), ctx.country)
    )
    partner = buyer.code if buyer is not None and buyer.code != country else None
    transit = _foreign_oil(s, mentions, ctx)
    if transit is not None:  # "Russian oil to China": another state's oil crossing the country
        country, oil_owner = transit
        if buyer is not None and buyer.code not in (country, oil_owner):
            detail = {**detail, "destination": buyer.code}
        return _transit_claims(s, period, country, oil_owner, detail)
    if re.search(r"\bcapacity\b", s, re.I):
        qs = find_quantities(s, "barrels per day") + find_quantities(s, "million tonnes")
        if not qs:
            return None
        return [
            make_claim(
                s, "route_capacity", period, country=country, partner=partner, quantity=qs[0], detail=detail
            )
        ]
    share = share_in(s)
    if share is not None and route is not None:
        return [make_claim(s, "route_share", period, country=country, quantity=share, detail=detail)]
    flow = "transit" if re.search(r"\btransit", s, re.I) else "exports"
    units = ("billion cubic metres", "million tonnes", "barrels per day", "billion USD")
    for unit in units:
        qs = find_quantities(s, unit)
        if qs:
            return [
                make_claim(
                    s,
                    "route_volume",
                    period,
                    country=country,
                    partner=partner,
                    quantity=qs[0],
                    flow=flow,
                    detail=detail,
                )
            ]
    return None


def _foreign_oil(s: str, mentions: list[Mention], ctx: ParseContext) -> tuple[str, str] | None:
    """(country crossed, owner of the oil) when the sentence is about another state's oil or gas crossing a
    country ("10 Mt of Russian oil to China via Kazakhstan"), else None (also when no crossed country is
    named or known: "Kazakh oil to China" is the country's own oil)."""
    for m in mentions:
        if m.form != "adjective" or not re.match(r"\s+(?:crude\s+)?(?:oil|gas)\b", s[m.end :], re.I):
            continue
        others = [
            x.code
            for x in mentions
            if x.code != m.code and not s[max(0, x.start - 4) : x.start].endswith("to ")
        ]
        crossed = others[0] if others else ctx.country
        if crossed is not None and crossed != m.code:
            return crossed, m.code
    return None


def _transit_claims(
    s: str, period: Period, country: str | None, owner: str, detail: dict[str, str]
) -> list[Claim] | None:
    qs = find_quantities(s, "million tonnes") + find_quantities(s, "billion cubic metres")
    if not qs:
        return None
    kept = {k: v for k, v in detail.items() if k != "route"}
    claim = make_claim(
        s, "route_volume", period, country=country, partner=owner, quantity=qs[0], flow="transit", detail=kept
    )
    return [claim]


_INVEST_VERBS = r"invested|invests|investing|investment|investments|investors?|FDI|provided|poured|put"


def fdi_claims(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
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
    recipient = mention_after(s, mentions, r"in|into|to") or next(
        (
            m
            for m in mentions
            if m.possessive
            and re.match(r"(?:'s|’s)\s+(?:\w+\s+){0,2}(?:FDI|foreign|inflows?|inward)", s[m.end :], re.I)
        ),
        None,
    )
    if recipient is None:
        recipient = subject_before(s, mentions, r"attracted|received|drew|got")
    others = [m for m in mentions if recipient is None or m.code != recipient.code]
    investor = (
        next((m for m in others if m.form == "adjective" or m.possessive), None)
        or mention_after(s, others, "from")
        or subject_before(s, others, _INVEST_VERBS)
        or (others[0] if others else None)
    )
    country = recipient.code if recipient else ctx.country
    partner = investor.code if investor else WORLD
    if country is None and investor is not None:
        return not_checkable_claim(
            s, period, "the country receiving the investment is not named", "fdi_value"
        )
    rank = rank_phrase(s)
    share = share_in(s)
    if money:
        return [
            make_claim(s, "fdi_value", period, country=country, partner=partner, quantity=money[0], flow=flow)
        ]
    if share is not None:
        return [
            make_claim(s, "fdi_share", period, country=country, partner=partner, quantity=share, flow=flow)
        ]
    if rank is not None and re.search(r"investor|source", s, re.I):
        return [make_claim(s, "fdi_rank", period, country=country, partner=partner, quantity=rank, flow=flow)]
    return None


_TRADE_NOUNS = r"trade|trading|exports?|imports?|turnover|goods|sales"
_SHARE_WORDS = rx(
    r"\bshares?\b|accounted?\s+for|accounting\s+for|made\s+up|makes?\s+up|represent\w*|"
    r"\bof\s+(?:\w+(?:'s|’s)\s+)?(?:total\s+|overall\s+|foreign\s+|external\s+)?"
    r"(?:trade|turnover|exports|imports)"
)
_PARTNER_WORDS = rx(
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
_BASIS_AFTER = rx(
    r"(?:'s|’s)?\s+(?:official\s+|national\s+|own\s+)?(?:customs|statistic\w*|data\b|figures|"
    r"bureau|mirror)"
)


def _basis(s: str, mentions: list[Mention]) -> tuple[str | None, list[Mention]]:
    """Whose statistics the sentence cites ("according to China's customs", "Kazakh statistics", "GACC"),
    and the mentions left for the roles (the one naming the basis removed)."""
    for m in mentions:
        if _BASIS_AFTER.match(s, m.end):
            return m.code, [x for x in mentions if x is not m]
    for pattern, code in _AGENCIES:
        if re.search(pattern, s):
            return code, mentions
    return None, mentions


def trade_claims(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not _TRADE.search(s):
        return None
    basis, mentions = _basis(s, mentions)
    country, partner = roles_of(s, mentions, ctx, _TRADE_NOUNS)
    if basis is not None and (country is None or country == partner) and basis != partner:
        country = basis
    if partner is None and re.search(
        r"(?:total|overall|foreign|external)\s+trade|trade\s+with\s+the\s+world", s, re.I
    ):
        partner = WORLD
    rank = rank_phrase(s)
    out: list[Claim] = []
    if rank is not None and _PARTNER_WORDS.search(s):
        out.append(_trade_rank(s, mentions, period, ctx, rank))
    share = share_in(s)
    if share is not None and _SHARE_WORDS.search(s):
        partner_m = next(
            (m for m in mentions if re.match(r"(?:'s|’s)\s+(?:total\s+)?share", s[m.end :], re.I)), None
        ) or subject_before(s, mentions, r"accounted|accounts|made|makes|represent\w*|was|is")
        owner = owner_of(s, mentions, _TRADE_NOUNS)
        c = owner.code if owner else country
        p = partner_m.code if partner_m is not None and partner_m.code != c else partner
        out.append(
            make_claim(
                s, "trade_share", period, country=c, partner=p, quantity=share, flow=_flow_at(s, len(s))
            )
        )
    for q, n in zip(
        find_quantities(s, "billion USD"),
        [x for x in find_numbers(s) if x.unit == "billion USD"],
        strict=False,
    ):
        out.append(
            make_claim(
                s,
                "trade_value",
                period,
                country=country,
                partner=partner,
                quantity=q,
                flow=_flow_at(s, n.start),
                basis=basis,
            )
        )
    if GROWTH.search(s):
        out.append(
            make_claim(
                s,
                "trade_value",
                period,
                country=country,
                partner=partner,
                reason=GROWTH_REASON,
            )
        )
    return out or None


def _trade_rank(s: str, mentions: list[Mention], period: Period, ctx: ParseContext, rank: Quantity) -> Claim:
    owner = owner_of(s, mentions, _TRADE_NOUNS + r"|largest|biggest|main|top|leading|partners?")
    owner = owner or mention_after(s, mentions, r"of|for")
    country = owner.code if owner else ctx.country
    ranked = next((m for m in mentions if m.code != country), None)
    flow = (
        "exports"
        if re.search(r"export\s+(?:market|destination|partner)", s, re.I)
        else ("imports" if re.search(r"import\s+(?:source|supplier|partner)", s, re.I) else "turnover")
    )
    return make_claim(
        s,
        "trade_rank",
        period,
        country=country,
        partner=ranked.code if ranked else None,
        quantity=rank,
        flow=flow,
    )


def _figures_in(s: str) -> bool:
    """True when ``s`` states a quantity: a number with a unit, or a count of something ("15 regions",
    "a 7,600-kilometre border"), not a list number ("8.") or the day of a date."""
    for n in find_numbers(s):
        if n.unit is not None:
            return True
        if n.value >= 2 and not _is_date_number(s, n.start) and re.match(r"[\s-]*[A-Za-z]", s[n.end :]):
            return True
    return False


def unsupported_claims(s: str, period: Period) -> list[Claim]:
    """One not-checkable claim when the sentence states a figure (or a superlative about a listed topic),
    none otherwise."""
    topic = next((reason for pat, reason in UNSUPPORTED if re.search(pat, s, re.I)), None)
    if GROWTH.search(s):
        topic = GROWTH_REASON
    if _figures_in(s) or (topic and rank_phrase(s) is not None and re.search(r"\b(?:is|are|was)\b", s)):
        return not_checkable_claim(s, period, topic or _DEFAULT_REASON)
    return []


def leftover_figure(s: str, period: Period) -> list[Claim]:
    """A not-checkable claim for a figure on an unmeasured topic (a border's length, a deal) stated beside
    the claims a rule found in ``s``; none when there is no such figure."""
    for pat, reason in UNSUPPORTED[:4]:
        m = re.search(pat, s, re.I)
        if m is None:
            continue
        near = s[max(0, m.start() - 40) : m.end() + 40]
        if _figures_in(near):
            return not_checkable_claim(s, period, reason)
    return []


def _is_date_number(s: str, start: int) -> bool:
    """True for the day of a date ("November 6, 2025", "12 November")."""
    around = s[max(0, start - 12) : start + 16]
    return bool(
        re.search(
            r"(?:January|February|March|April|May|June|July|August|September|October|November|"
            r"December)\s+\d{1,2}\b|\b\d{1,2}\s+(?:January|February|March|April|May|June|July|"
            r"August|September|October|November|December)",
            around,
        )
    )
