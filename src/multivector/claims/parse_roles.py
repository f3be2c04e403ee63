"""Roles and shared helpers of the parsing rules: the context carried between sentences, which country is
measured and which is the partner, and how a claim is built.

In "trade between A and B" (or "A-B trade", "the two countries") the side that is not one of the four powers
is the country whose ties are measured (:func:`focal_of`); otherwise the possessive or adjective
("Kazakhstan's trade", "Kazakh exports") names the country (:func:`owner_of`) and the other country named, or
the one after with/to/from (:func:`mention_after`), is the partner. A supplier or investor is the subject of
"supplied", "invested", "accounted for" (:func:`subject_before`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise

from multivector.claims.model import Claim, Period, Quantity
from multivector.claims.resolve import Mention, find_quantities, vague_share
from multivector.powers import EU27

__all__ = [
    "POWERS_SET",
    "ParseContext",
    "focal_of",
    "make_claim",
    "mention_after",
    "not_checkable_claim",
    "owner_of",
    "pair_of",
    "roles_of",
    "rx",
    "share_in",
    "subject_before",
]

#: The four powers: in a symmetric pair the other side is the country whose ties are measured.
POWERS_SET = frozenset({"RUS", "CHN", "USA", EU27})


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


def rx(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled case-insensitively."""
    return re.compile(pattern, re.I)


def make_claim(s: str, measure: str | None, period: Period, **kw: object) -> Claim:
    """A claim read from sentence ``s``."""
    return Claim(text=s, measure=measure, period=period, **kw)  # type: ignore[arg-type]


def not_checkable_claim(s: str, period: Period, reason: str, measure: str | None = None) -> list[Claim]:
    """One claim of sentence ``s`` that cannot be checked, and why."""
    return [make_claim(s, measure, period, reason=reason)]


def pair_of(s: str, mentions: list[Mention]) -> tuple[str, str] | None:
    """A symmetric pair: "between A and B", "A-B", "A and B"."""
    for a, b in pairwise(mentions):
        gap = s[a.end : b.start]
        if a.code == b.code:
            continue
        if (
            a.start == b.start
            or re.fullmatch(r"\s*[-–—/]\s*", gap)
            or re.fullmatch(r"(?:'s|’s)?\s+and\s+(?:the\s+)?", gap, re.I)
        ):
            return a.code, b.code
    return None


def mention_after(s: str, mentions: list[Mention], words: str) -> Mention | None:
    """The first mention right after one of ``words`` ("with", "to the", "from")."""
    for m in mentions:
        if re.search(rf"\b(?:{words})\s+(?:the\s+|its\s+)?$", s[max(0, m.start - 16) : m.start], re.I):
            return m
    return None


def owner_of(s: str, mentions: list[Mention], nouns: str) -> Mention | None:
    """The mention whose ties are measured: a possessive, or an adjective before ``nouns``."""
    for m in mentions:
        if m.possessive and not re.match(r"(?:'s|’s)\s+(?:total\s+)?share", s[m.end :], re.I):
            return m
    for m in mentions:
        if m.form == "adjective" and re.match(rf"\s+(?:\w+\s+){{0,2}}(?:{nouns})", s[m.end :], re.I):
            return m
    return None


def subject_before(s: str, mentions: list[Mention], verbs: str) -> Mention | None:
    """The mention followed (within a few words) by one of ``verbs``: the supplier or investor."""
    for m in mentions:
        if re.match(rf"(?:'s|’s)?(?:\s+\w+){{0,3}}?\s+(?:{verbs})\b", s[m.end :], re.I):
            return m
    return None


def roles_of(s: str, mentions: list[Mention], ctx: ParseContext, nouns: str) -> tuple[str | None, str | None]:
    """(country, partner) for a bilateral measure (see the module docstring)."""
    codes = list(dict.fromkeys(m.code for m in mentions))
    pair = pair_of(s, mentions)
    if pair:
        return focal_of(pair, ctx)
    owner = owner_of(s, mentions, nouns)
    if owner is not None:
        other = mention_after(s, mentions, "with|to|from|and") or next(
            (m for m in mentions if m.code != owner.code), None
        )
        return owner.code, other.code if other is not None and other.code != owner.code else None
    marked = mention_after(s, mentions, "with|to|from")
    if marked is not None:
        rest = [c for c in codes if c != marked.code]
        return (rest[0] if rest else ctx.country), marked.code
    if len(codes) >= 2:
        return codes[0], codes[1]
    return (codes[0] if codes else ctx.country), None


_CHANGE_BEFORE = re.compile(
    r"(?:rose|grew|increased|fell|declined|dropped|jumped|surged|climbed|slumped|up|down|by)\s+"
    r"(?:by\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$",
    re.I,
)
_CHANGE_AFTER = re.compile(
    r"\s*(?:year[- ]on[- ]year|y/y|yoy|(?:an?\s+)?(?:increase|growth|rise|decline|drop|fall|jump)|"
    r"higher|lower|more\s+than\s+(?:a|the|in)\b|less\s+than\s+(?:a|the|in)\b)",
    re.I,
)


def is_change(s: str, text: str) -> bool:
    """True when the percentage ``text`` in ``s`` is a change between years ("rose by 30%", "30% y/y")."""
    at = s.find(text)
    if at < 0:
        return False
    return bool(_CHANGE_BEFORE.search(s[max(0, at - 30) : at]) or _CHANGE_AFTER.match(s, at + len(text)))


def share_in(s: str) -> Quantity | None:
    """The first percentage written in ``s`` that is not a change between years ("rose by 30%"), else the
    vague or fractional share ("most", "a fifth")."""
    for q in find_quantities(s, "percent"):
        number = q.text.split()[-1] if q.text else ""
        if not is_change(s, number):
            return q
    return vague_share(s)
