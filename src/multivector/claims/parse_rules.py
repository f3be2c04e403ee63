"""The rules that recognise what a sentence measures and build its claims (used by
:mod:`multivector.claims.parse`).

One rule per family of measures, tried in this order: UN votes, arms imports, alliances, shared IGOs, oil
and gas routes, FDI, trade. A rule returns ``None`` when its words are absent, else the claims it found
(one not-checkable claim with the reason when the sentence is about its measure but cannot be checked, e.g.
a growth rate or an arms value in dollars). A sentence no rule takes gives a not-checkable claim when it
states a figure ("a 7,600-kilometre border") and nothing otherwise.

Roles (which country is measured, which is the partner) are :mod:`multivector.claims.parse_roles`; the
rules of the economic measures (routes, FDI, trade) are :mod:`multivector.claims.parse_economy`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from multivector.claims.model import Claim, Period, Quantity
from multivector.claims.parse_economy import (
    DEAL_WORDS,
    GROWTH,
    GROWTH_REASON,
    energy_claims,
    fdi_claims,
    leftover_figure,
    trade_claims,
    unsupported_claims,
)
from multivector.claims.parse_roles import (
    ParseContext,
    focal_of,
    make_claim,
    mention_after,
    not_checkable_claim,
    owner_of,
    rx,
    share_in,
    subject_before,
)
from multivector.claims.resolve import Mention, find_numbers, find_quantities, rank_phrase

__all__ = ["KNOWN_RESOLUTIONS", "ParseContext", "claims_of", "focal_of"]


#: UN General Assembly resolutions recognised from their subject when the symbol is not written:
#: (pattern, symbol). Symbols and subjects from the UN Digital Library.
KNOWN_RESOLUTIONS: tuple[tuple[str, str], ...] = (
    (r"suspen\w*.{0,80}Human Rights Council|Human Rights Council.{0,80}suspen\w*", "ES-11/3"),
    (r"humanitarian\s+(?:consequences|situation).{0,60}Ukraine", "ES-11/2"),
    (
        r"(?:invasion|aggression|war)\s+(?:of|against|in|on)\s+Ukraine|condemn\w*.{0,40}Russia.{0,60}Ukraine",
        "ES-11/1",
    ),
    (r"territorial\s+integrity\s+of\s+Ukraine|Crimea", "68/262"),
)

#: Patterns naming Kazakhstan's oil and gas export routes: casebook infrastructure id -> pattern.

_UN = rx(
    r"\bUN\b|\bU\.N\.|United\s+Nations|General\s+Assembly|\bUNGA\b|\bresolutions?\b|roll[- ]calls?|"
    r"recorded\s+votes?|\bA/RES/"
)
_VOTE = rx(r"\bvot(?:e|es|ed|ing)\b|\babstain\w*|\babstention")
_SYMBOL = rx(r"(?:\bA/RES/|\bA/|\bresolution\s+(?:no\.?\s*)?)(ES-\d{1,2}/\d{1,3}|\d{1,2}/\d{1,3}[A-Z]?)\b")
_VOTE_VERBS: tuple[tuple[str, str], ...] = (
    ("absent", r"did\s+not\s+(?:vote|take\s+part|participate)|was\s+absent|non-?voting|did\s+not\s+cast"),
    ("not_yes", r"did\s+not\s+(?:support|back|vote\s+(?:for|in\s+favou?r))|refused\s+to\s+(?:support|back)"),
    ("not_no", r"did\s+not\s+(?:oppose|vote\s+against|reject)"),
    ("abstain", r"abstain\w*|abstention"),
    ("no", r"voted\s+(?:against|no\b)|opposed|rejected|voted\s+to\s+reject"),
    (
        "yes",
        r"voted\s+(?:for|in\s+favou?r|yes\b|in\s+support)|supported|backed|endorsed|voted\s+to\s+(?:adopt|"
        r"condemn|suspend|support|demand)",
    ),
)
_ALIGN = rx(
    r"\bwith\b|same\s+way|alongside|in\s+line\s+with|coincid|\bagree|\bmatch|\balign|identical|\blike\b|"
    r"different|diverge|\bunlike\b"
)
_ARMS = rx(
    r"\barms\b|\bweapons?\b|\bweaponry\b|\bmilitary\s+(?:equipment|hardware|imports?|supplies|"
    r"deliveries|aircraft|purchases|procurement)\b|\barmaments?\b|\bdefen[cs]e\s+(?:equipment|imports|"
    r"procurement|supplies)\b|major\s+conventional|fighter\s+jets?|\bfighters\b|warplanes?|helicopters?|"
    r"\btanks\b|armou?red\s+vehicles|\bmissiles?\b|\bdrones\b"
)
_DEFENCE = rx(
    r"defen[cs]e\s+(?:pacts?|treat(?:y|ies)|alliances?|pledges?|agreements?|commitments?|"
    r"obligations?|guarantees?)|mutual[- ]defen[cs]e|military\s+(?:alliances?|allies|ally|pacts?)|"
    r"\ballies\b|\bally\b|\ballied\b|\bCSTO\b|Collective\s+Security\s+Treaty|security\s+guarantees?"
)
_DIFFER = rx(
    r"differently|different(?:ly)?\s+from|disagree\w*|diverge\w*|split\s+with|opposite|"
    r"against\s+(?:the\s+)?(?:position|line)|\bunlike\b"
)
#: An alliance stated to exist (or not) between states: "have an alliance", "are in an alliance".
_ALLIANCE_STATED = rx(
    r"\b(?:have|has|had|share|shares|shared|maintain|maintains|are|were|is|was|in|form|formed|no)\s+"
    r"(?:an?\s+|no\s+|any\s+)?(?:\w+\s+){0,2}alliances?\b"
)
_NEGATION = rx(r"\b(?:no|not|never|lacks?|lacked|without|neither|nor|none)\b|n't\b")
_IGO = rx(r"intergovernmental\s+organi[sz]ations?|\bIGOs?\b|international\s+organi[sz]ations")


# ------------------------------------------------------------------------------------------------ rules
def _unga(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    known = next((sym for pat, sym in KNOWN_RESOLUTIONS if re.search(pat, s, re.I)), None)
    voted = _VOTE.search(s) or any(re.search(pat, s, re.I) for _, pat in _VOTE_VERBS)
    if not ((_UN.search(s) or (known and _VOTE.search(s))) and voted):
        return None
    symbol_m = _SYMBOL.search(s)
    symbol = symbol_m.group(1).upper() if symbol_m else known
    out: list[Claim] = []
    for clause in re.split(r",\s*(?:while|whereas|but|and)\s+|;\s*|\s+while\s+|\s+whereas\s+", s):
        vote = next(((label, m) for label, pat in _VOTE_VERBS if (m := re.search(pat, clause, re.I))), None)
        if vote is None:
            continue
        label, vm = vote
        offset = s.find(clause)
        # the voters: countries named before the verb, not as an owner ("Russia's suspension") or after a
        # preposition ("the vote on Russia's suspension", "the resolution against Russia")
        subjects = [
            m
            for m in mentions
            if offset <= m.start < offset + vm.start()
            and not m.possessive
            and not re.search(
                r"\b(?:on|of|from|against|to|for|by|about|in|condemning)\s+(?:the\s+)?$",
                s[max(0, m.start - 14) : m.start],
                re.I,
            )
        ]
        for subject in dict.fromkeys(m.code for m in subjects):
            q = Quantity("vote", label=label, text=label.replace("_", " "))
            out.append(
                make_claim(
                    s,
                    "unga_vote",
                    period,
                    country=subject,
                    quantity=q,
                    detail={"resolution": symbol} if symbol else {},
                )
            )
    if out:
        if symbol is None:
            for c in out:
                c.reason = "the resolution is not named by its symbol (e.g. A/RES/ES-11/1)"
        return out
    return _unga_agreement(s, mentions, period, ctx)


def _unga_agreement(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not _ALIGN.search(s):
        return None
    owner = owner_of(s, mentions, r"votes?|voting")
    codes = list(dict.fromkeys(m.code for m in mentions))
    country = owner.code if owner else (codes[0] if codes else ctx.country)
    partner = next((c for c in codes if c != country), None)
    q = share_in(s)
    if q is None or partner is None:
        return None
    flow = "coincidence" if re.search(r"coinciden", s, re.I) else "same_vote"
    if re.search(r"agreement\s+(?:score|index)|Voeten", s, re.I):
        flow = "agreement"
    detail = {"inverse": "1"} if _DIFFER.search(s) else {}
    return [
        make_claim(
            s,
            "unga_agreement",
            period,
            country=country,
            partner=partner,
            quantity=q,
            flow=flow,
            detail=detail,
        )
    ]


_SUPPLY = (
    r"supplied|supplies|supply|provided|provides|delivered|delivers|sold|sells|accounted|accounts|"
    r"was|is|remains|remained|became|has\s+been|made\s+up|makes\s+up"
)


def _arms(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    if not _ARMS.search(s):
        return None
    if find_quantities(s, "billion USD"):
        return not_checkable_claim(
            s,
            period,
            "arms transfers are measured in SIPRI trend-indicator values (TIV), "
            "not dollars: a value in dollars cannot be checked",
            "arms_share",
        )
    nouns = r"arms|weapons|military|equipment|armaments|defen[cs]e"
    recipient = owner_of(s, mentions, r"arms|weapons|military|armed|army|defen[cs]e") or mention_after(
        s, mentions, r"to|by|for|of"
    )
    others = [m for m in mentions if m is not recipient]
    supplier = next(
        (
            m
            for m in others
            if m.form == "adjective" and re.match(rf"\s+(?:\w+\s+)?(?:{nouns})", s[m.end :], re.I)
        ),
        None,
    )
    supplier = supplier or mention_after(s, others, "from") or subject_before(s, others, _SUPPLY)
    codes = list(dict.fromkeys(m.code for m in mentions))
    if recipient is not None:
        country: str | None = recipient.code
    else:
        country = next((c for c in codes if supplier is None or c != supplier.code), ctx.country)
    partner = supplier.code if supplier else next((c for c in codes if c != country), None)
    span = "all" if re.search(r"\bused\b|in\s+service|inventory|arsenal|stock", s, re.I) else "5y"
    rank = rank_phrase(s)
    share = share_in(s)
    if share is not None:
        return [
            make_claim(
                s,
                "arms_share",
                period,
                country=country,
                partner=partner,
                quantity=share,
                detail={"span": span},
            )
        ]
    if rank is not None and re.search(r"supplier|source|exporter|provider|seller", s, re.I):
        return [
            make_claim(
                s, "arms_rank", period, country=country, partner=partner, quantity=rank, detail={"span": span}
            )
        ]
    if GROWTH.search(s):
        return not_checkable_claim(s, period, GROWTH_REASON, "arms_share")
    if any(n.unit is None and n.value >= 1 for n in find_numbers(s)):
        reason = "numbers of weapons delivered are not checked; SIPRI's TIV shares and ranks are"
        return not_checkable_claim(s, period, reason, "arms_share")
    return None


def _alliances(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    m = _DEFENCE.search(s)
    measure = "defence_pact"
    if m is None:
        m = _ALLIANCE_STATED.search(s)
        measure = "alliance"
    if m is None:
        return None
    codes = list(dict.fromkeys(x.code for x in mentions))
    if measure == "alliance" and len(codes) < 2:
        return None  # "the new alliance will help": about an alliance, not a pledge between two states
    if len(codes) < 2:
        if ctx.country and codes and codes[0] != ctx.country:
            codes = [ctx.country, codes[0]]
        else:
            return not_checkable_claim(
                s,
                period,
                "an alliance needs two states: ATOP records pledges between "
                "states, not membership of an organisation",
                measure,
            )
    country, partner = focal_of((codes[0], codes[1]), ctx)
    negated = bool(_NEGATION.search(s[: m.start()]))
    q = Quantity("presence", 0.0 if negated else 1.0, text=("no " if negated else "") + m.group(0))
    return [make_claim(s, measure, period, country=country, partner=partner, quantity=q)]


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
    return [make_claim(s, "shared_igos", period, country=country, partner=partner, quantity=q)]


def _deals(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim] | None:
    """A deal's or contract's value ("a $7 billion contract for Boeing aircraft"): not in the data."""
    money = [n for n in find_numbers(s) if n.unit == "billion USD"]
    for m in re.finditer(DEAL_WORDS, s, re.I):
        if any(abs(m.start() - n.end) <= 25 or abs(n.start - m.end()) <= 25 for n in money):
            return unsupported_claims(s, period) or None
    return None


_RULES: tuple[Callable[[str, list[Mention], Period, ParseContext], list[Claim] | None], ...] = (
    _deals,
    _unga,
    _arms,
    _alliances,
    _igos,
    energy_claims,
    fdi_claims,
    trade_claims,
)


def claims_of(s: str, mentions: list[Mention], period: Period, ctx: ParseContext) -> list[Claim]:
    """The claims of sentence ``s`` (see the module docstring); a figure on a topic no data measure stated
    beside them (a border's length) is reported as not checkable too."""
    if re.match(r"\s*(?:key\s*words|keywords|references)\s*:", s, re.I):
        return []  # an article's keyword list or reference heading is not a statement
    for rule in _RULES:
        claims = rule(s, mentions, period, ctx)
        if claims is not None:
            if any(c.measure is not None for c in claims):
                reasons = {c.reason for c in claims}
                claims += [c for c in leftover_figure(s, period) if c.reason not in reasons]
            return claims
    return unsupported_claims(s, period)
