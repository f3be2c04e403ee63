"""CAMEO lookup tables as GDELT publishes them: event codes, Goldstein scale, QuadClass, actor codes.

GDELT's lookups (https://www.gdeltproject.org/data/lookups/) are tab-separated text files with a header row
and CRLF line endings. :func:`load_lookups` reads a folder holding them (e.g. ``shared/data/gdelt/reference/
lookups``) into a :class:`CameoLookups`; the module-level helpers answer single codes::

    lk = load_lookups("path/to/lookups")
    goldstein("043", lk)      # 2.8   Goldstein (1992) weight of the event code
    quad_class("043", lk)     # 1     QuadClass of the event code (from its root code)
    event_label("043", lk)    # "Make a visit"

Files read (missing optional ones give empty tables):

- ``CAMEO.eventcodes.txt``      CAMEOEVENTCODE, EVENTDESCRIPTION (Schrodt, CAMEO codebook)
- ``CAMEO.goldsteinscale.txt``  CAMEOEVENTCODE, GOLDSTEINSCALE (Goldstein 1992, as GDELT assigns it)
- ``CAMEO.country.txt``, ``CAMEO.knowngroup.txt``, ``CAMEO.type.txt`` (+ ethnic, religion): CODE, LABEL
- ``CAMEO.QuadClass.txt`` (optional; the mapping below is built in)

**QuadClass** follows the GDELT 1.0/2.0 event codebooks, by EventRootCode: 01-05 verbal cooperation (1),
06-09 material cooperation (2), 10-14 verbal conflict (3), 15-20 material conflict (4). Every row of the
stored GDELT files agrees with it.

**Code 106 ("Demand withdrawal")** is missing from GDELT's published eventcodes and goldsteinscale files: in
GDELT's eventcodes file its line was merged into the description of 1056 (``...military engagement106:[-5.0]
Demand withdrawal``). :func:`load_lookups` splits such merged lines back out, and :data:`FALLBACK_CODES`
supplies code 106 when a lookup lacks it anyway: label "Demand withdrawal", Goldstein -5.0, QuadClass 3 -
the values GDELT itself assigns to 106 in its event files (checked on the 9 such rows in ``raw/gdelt2``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from multivector.errors import DataError, InputError

__all__ = [
    "FALLBACK_CODES",
    "QUAD_CLASS_LABELS",
    "ROOT_QUAD_CLASS",
    "CameoLookups",
    "event_label",
    "goldstein",
    "load_lookups",
    "quad_class",
    "read_lookup",
]

#: QuadClass labels (GDELT event codebook).
QUAD_CLASS_LABELS: dict[int, str] = {
    1: "Verbal Cooperation",
    2: "Material Cooperation",
    3: "Verbal Conflict",
    4: "Material Conflict",
}

#: QuadClass of each CAMEO root code (GDELT codebook: 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4).
ROOT_QUAD_CLASS: dict[str, int] = {
    f"{r:02d}": (1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4) for r in range(1, 21)
}

#: Codes absent from GDELT's lookups but used in its event files: code -> (label, Goldstein).
FALLBACK_CODES: dict[str, tuple[str, float]] = {"106": ("Demand withdrawal", -5.0)}

_MERGED = re.compile(r"^(?P<head>.*?)(?P<code>\d{2,4}):\[(?P<gs>-?\d+(?:\.\d+)?)\]\s*(?P<label>.+)$")


@dataclass(frozen=True)
class CameoLookups:
    """The CAMEO tables, as dictionaries keyed by code (event codes keep their leading zeros)."""

    event_labels: dict[str, str] = field(default_factory=dict)
    goldstein: dict[str, float] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    known_groups: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    ethnic: dict[str, str] = field(default_factory=dict)
    religions: dict[str, str] = field(default_factory=dict)
    repaired: tuple[str, ...] = ()


def read_lookup(path: str | Path, *, header: bool = True) -> list[tuple[str, str]]:
    """Rows ``(code, value)`` of one GDELT lookup file (tab-separated, CRLF or LF, header skipped).

    Undecodable bytes (GDELT's mis-encoded quotes in code 044) are replaced, never fatal. Raises
    :class:`DataError` naming the file and line for a line without a tab.
    """
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise DataError(f"{p}: cannot read CAMEO lookup ({exc.strerror})") from None
    rows: list[tuple[str, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if (header and lineno == 1) or not line.strip():
            continue
        code, sep, value = line.partition("\t")
        if not sep:
            raise DataError(f"{p}, line {lineno}: expected CODE<TAB>VALUE, got {line[:60]!r}")
        rows.append((code.strip(), value.strip()))
    return rows


def _table(folder: Path, name: str, *, header: bool = True) -> dict[str, str]:
    f = folder / name
    return dict(read_lookup(f, header=header)) if f.is_file() else {}


def load_lookups(folder: str | Path) -> CameoLookups:
    """Read GDELT's CAMEO lookup files from ``folder`` (see the module docstring for the files).

    ``CAMEO.eventcodes.txt`` and ``CAMEO.goldsteinscale.txt`` are required; lines that GDELT merged
    (``<desc><code>:[<goldstein>] <label>``) are split back into two codes and listed in ``repaired``.
    """
    d = Path(folder)
    for required in ("CAMEO.eventcodes.txt", "CAMEO.goldsteinscale.txt"):
        if not (d / required).is_file():
            raise DataError(
                f"{d}: {required} not found; point to GDELT's lookup folder "
                "(https://www.gdeltproject.org/data/lookups/)"
            )
    labels: dict[str, str] = {}
    scores: dict[str, float] = {}
    repaired: list[str] = []
    for code, desc in read_lookup(d / "CAMEO.eventcodes.txt"):
        m = _MERGED.match(desc)
        if m:
            labels[code] = m["head"].strip()
            labels[m["code"]] = m["label"].strip()
            scores[m["code"]] = float(m["gs"])
            repaired.append(m["code"])
        else:
            labels[code] = desc
    for lineno, (code, value) in enumerate(read_lookup(d / "CAMEO.goldsteinscale.txt"), start=2):
        try:
            scores[code] = float(value)
        except ValueError:
            raise DataError(
                f"{d / 'CAMEO.goldsteinscale.txt'}, line {lineno}: Goldstein score {value!r} is not a number"
            ) from None
    return CameoLookups(
        event_labels=labels,
        goldstein=scores,
        countries=_table(d, "CAMEO.country.txt"),
        known_groups=_table(d, "CAMEO.knowngroup.txt"),
        types=_table(d, "CAMEO.type.txt"),
        ethnic=_table(d, "CAMEO.ethnic.txt"),
        religions=_table(d, "CAMEO.religion.txt"),
        repaired=tuple(repaired),
    )


def _norm(code: str | int) -> str:
    text = str(code).strip()
    if not text.isdigit() or not 2 <= len(text) <= 4:
        raise InputError(f"{code!r} is not a CAMEO event code (2 to 4 digits with leading zeros, e.g. '043')")
    return text


def goldstein(code: str | int, lookups: CameoLookups | None = None) -> float:
    """Goldstein (1992) conflict-cooperation weight (-10 to +10) of a CAMEO event code.

    Uses ``lookups.goldstein`` when given, then :data:`FALLBACK_CODES`; unknown codes raise
    :class:`InputError`.
    """
    c = _norm(code)
    if lookups is not None and c in lookups.goldstein:
        return lookups.goldstein[c]
    if c in FALLBACK_CODES:
        return FALLBACK_CODES[c][1]
    raise InputError(f"no Goldstein score for CAMEO code {c!r}; load GDELT's lookups with load_lookups()")


def quad_class(code: str | int, lookups: CameoLookups | None = None) -> int:
    """QuadClass (1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict) of an event code.

    Determined by the root code (first two digits), per the GDELT codebook; ``lookups`` is accepted for a
    uniform signature and used to check that the code exists when given.
    """
    c = _norm(code)
    if lookups is not None and c not in lookups.event_labels and c not in FALLBACK_CODES:
        raise InputError(f"unknown CAMEO event code {c!r}")
    root = c[:2]
    if root not in ROOT_QUAD_CLASS:
        raise InputError(f"unknown CAMEO root code {root!r} (expected 01 to 20)")
    return ROOT_QUAD_CLASS[root]


def event_label(code: str | int, lookups: CameoLookups | None = None) -> str:
    """Label of a CAMEO event code (e.g. ``"043"`` -> ``"Make a visit"``)."""
    c = _norm(code)
    if lookups is not None and c in lookups.event_labels:
        return lookups.event_labels[c]
    if c in FALLBACK_CODES:
        return FALLBACK_CODES[c][0]
    raise InputError(f"no label for CAMEO code {c!r}; load GDELT's lookups with load_lookups()")
