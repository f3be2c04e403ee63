"""Sentences -> structured claims, by rules (no model, no network).

:func:`split_sentences` cuts a text into sentences (footnote marks, URLs and page breaks removed;
abbreviations such as "U.S." and "Jan." kept). :func:`parse_claims` reads each sentence: it finds the
countries, the period and the quantities (:mod:`multivector.claims.resolve`), recognises the measure the
sentence is about from its words (:mod:`multivector.claims.parse_rules`) and returns one
:class:`~multivector.claims.model.Claim` per checkable statement. A sentence that states a figure the data
cannot measure (a border's length, a deal's value, gas reserves) gives one claim with ``measure=None`` and the
reason; a sentence with no figure and no supported measure ("Tokayev is expected to visit Beijing") gives
none.

Context carries across sentences: "the two countries" is the last pair named, "the country" and "its" the
country last named as the one whose ties are discussed (or the ``country`` given).
"""

from __future__ import annotations

import re

from multivector.claims.model import Claim
from multivector.claims.parse_rules import ParseContext, claims_of
from multivector.claims.resolve import Mention, find_countries, find_period

__all__ = ["ParseContext", "parse_claims", "parse_sentence", "split_sentences"]

_ABBREVIATIONS = (
    "U.S.A.",
    "U.S.",
    "U.K.",
    "E.U.",
    "U.N.",
    "e.g.",
    "i.e.",
    "etc.",
    "No.",
    "no.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "vs.",
    "approx.",
    "Jan.",
    "Feb.",
    "Mar.",
    "Apr.",
    "Jun.",
    "Jul.",
    "Aug.",
    "Sep.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Inc.",
    "Co.",
    "Ltd.",
    "Corp.",
    "Gen.",
    "Pres.",
    "Prof.",
    "Fig.",
    "Art.",
    "para.",
    "bln.",
)
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_URL = re.compile(r"<?https?://\S+>?")
_FOOTNOTE_LINE = re.compile(rf"^\s*[{_SUPERSCRIPTS}\d]+\s*<?https?://\S+>?\s*$", re.M)


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (see the module docstring); blank lines end a sentence unless the next
    paragraph starts in lower case (a page break in the middle of a sentence)."""
    text = _FOOTNOTE_LINE.sub(" ", text.replace("\r\n", "\n"))
    text = _URL.sub(" ", text)
    text = re.sub(rf"(?<=[\w.,;:!?)\"”’])[{_SUPERSCRIPTS}]+", "", text)
    text = re.sub(rf"[{_SUPERSCRIPTS}]", " ", text)
    paragraphs = re.split(r"\n\s*\n", text)
    joined: list[str] = []
    for para in paragraphs:
        para = " ".join(para.split())
        if not para:
            continue
        if joined and para[:1].islower():
            joined[-1] = f"{joined[-1]} {para}"
        else:
            joined.append(para)
    out: list[str] = []
    for para in joined:
        protected = para
        for i, abbr in enumerate(_ABBREVIATIONS):
            protected = protected.replace(abbr, f"\x00{i}\x00")
        parts = re.split(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9$])", protected)
        for part in parts:
            restored = re.sub(r"\x00(\d+)\x00", lambda m: _ABBREVIATIONS[int(m.group(1))], part).strip()
            if restored and not re.fullmatch(r"[\d.)\s]{1,6}", restored):  # a list number alone ("2.")
                out.append(restored)
    return out


def _context_mentions(sentence: str, mentions: list[Mention], ctx: ParseContext) -> list[Mention]:
    """``mentions`` plus the countries "the two countries", "the country" and "its" stand for."""
    out = list(mentions)
    m = re.search(r"\b(?:the|both|these)\s+two\s+(?:countries|states|sides|nations)\b", sentence, re.I)
    if m and ctx.last_pair and len({x.code for x in mentions}) < 2:
        a, b = ctx.last_pair
        out += [
            Mention(a, m.start(), m.end(), m.group(0), "name", False),
            Mention(b, m.start(), m.end(), m.group(0), "name", False),
        ]
    m = re.search(r"\b(?:the\s+country(?:'s|’s)?|its)\b", sentence, re.I)
    if m and ctx.country and ctx.country not in {x.code for x in out}:
        possessive = m.group(0).lower() != "the country"
        out.append(Mention(ctx.country, m.start(), m.end(), m.group(0), "name", possessive))
    out.sort(key=lambda x: x.start)
    return out


def _remember(claims: list[Claim], mentions: list[Mention], ctx: ParseContext) -> None:
    codes = list(dict.fromkeys(m.code for m in mentions))
    if len(codes) >= 2:
        ctx.last_pair = (codes[0], codes[1])
    focal = next((c.country for c in claims if c.country), None)
    if focal is None:
        owners = [m.code for m in mentions if m.possessive or m.form == "adjective"]
        focal = owners[0] if owners else (codes[0] if len(codes) == 1 and ctx.country is None else None)
    if focal is not None and ctx.country is None:
        ctx.country = focal


def parse_sentence(sentence: str, ctx: ParseContext | None = None) -> list[Claim]:
    """The claims in one sentence (see the module docstring); ``ctx`` is updated for the next sentence."""
    ctx = ctx or ParseContext()
    period = find_period(sentence, ctx.current_year)
    mentions = _context_mentions(sentence, find_countries(sentence), ctx)
    try:
        claims = claims_of(sentence, mentions, period, ctx)
    except (ValueError, IndexError, KeyError, re.error) as exc:  # a sentence never stops a check
        claims = [Claim(sentence, None, period=period, reason=f"the sentence could not be read ({exc})")]
    _remember(claims, mentions, ctx)
    return claims


def parse_claims(
    text: str, *, country: str | None = None, current_year: int | None = None
) -> list[tuple[str, list[Claim]]]:
    """Every sentence of ``text`` with the claims found in it (an empty list when a sentence holds none).

    ``country`` (ISO3) is the country the text is about when a sentence does not say ("the country's
    trade"); by default the first country a sentence names as the owner of the ties. ``current_year``
    (default: this year) decides which periods are in the future.
    """
    ctx = ParseContext(country=country.upper() if country else None)
    if current_year is not None:
        ctx.current_year = current_year
    return [(s, parse_sentence(s, ctx)) for s in split_sentences(text)]
