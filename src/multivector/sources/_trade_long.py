"""The long layout shared by the reporter-side trade tables (national statistics, WITS, IMF IMTS).

One row = one figure a publisher gives: the goods ``flow`` (``exports`` or ``imports``, from the
reporter's side) between ``reporter_iso3`` and a partner, in one ``year``, in million current US dollars.

Columns (:data:`REPORTED_COLUMNS`):

* ``reporter_iso3``: whose statistics the figure is (the country that reports it);
* ``partner_iso3``: the partner country (NA when the partner is not a country, see ``partner_kind``);
* ``partner``: the partner as the file names it (``Russia``, ``Страны ЕС``, ``WLD``, ``0`` ...);
* ``partner_kind``: ``country``; ``world`` (the reporter's total with all partners); ``group`` (an
  aggregate such as the CIS or "the EU" of the year: never added to anything); ``eu`` (the European Union
  as one undivided partner, e.g. Kyrgyz imports of EU origin without the member: added to EU27);
  ``unallocated`` (trade the publisher does not assign to a country, e.g. Uzbekistan's "Other countries"
  or Kyrgyzstan's "Undefined country": part of the world total only); ``other`` (a partner that is not a
  state: the UN, the Channel Islands, special categories);
* ``year``, ``flow``, ``value_musd`` (NA where the file's cell is empty);
* ``product``: the product group a figure is for (WITS HS sections), NA for all goods;
* ``agency``: who published the figure (named in every panel column that uses it);
* ``preliminary``: the publisher marks the figure as preliminary;
* ``derived``: the figure was computed by the author of the copy from the publisher's data (e.g. a panel
  of WITS totals), not published as such; a publisher's figure is preferred to a derived one;
* ``source_file``, ``source_line``: the file and line the figure was read from.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from multivector import countries
from multivector.sources._readers import Rejects, rejects_from

__all__ = [
    "FLOWS",
    "PARTNER_KINDS",
    "REPORTED_COLUMNS",
    "long_frame",
    "to_musd",
]

REPORTED_COLUMNS: dict[str, str] = {
    "reporter_iso3": "string",
    "partner_iso3": "string",
    "partner": "string",
    "partner_kind": "string",
    "year": "Int64",
    "flow": "string",
    "value_musd": "float64",
    "product": "string",
    "agency": "string",
    "preliminary": "boolean",
    "derived": "boolean",
    "source_file": "string",
    "source_line": "Int64",
}
FLOWS = ("exports", "imports")
PARTNER_KINDS = ("country", "world", "group", "eu", "unallocated", "other")


def to_musd(thousands: pd.Series) -> pd.Series:
    """Thousand US dollars -> million US dollars."""
    return pd.to_numeric(thousands, errors="coerce").astype("float64") / 1000.0


def long_frame(rows: pd.DataFrame, **constants: object) -> pd.DataFrame:
    """``rows`` (some of :data:`REPORTED_COLUMNS` and ``_line``) completed with ``constants`` and NA for
    the rest, in column order and dtypes; ``_line`` is kept as ``source_line``."""
    out = rows.copy()
    for col, value in constants.items():
        out[col] = pd.Series([value] * len(out), index=out.index, dtype="object")
    if "_line" in out.columns and "source_line" not in out.columns:
        out["source_line"] = out["_line"]
    for col in REPORTED_COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    return out[[*REPORTED_COLUMNS, *(["_line"] if "_line" in out.columns else [])]].astype(REPORTED_COLUMNS)


def partner_codes(
    names: pd.Series,
    *,
    kinds: dict[str, str],
    manual: dict[str, str],
    src: countries.Source | None = None,
) -> tuple[pd.Series, pd.Series]:
    """(partner_iso3, partner_kind) of partner names or codes: ``kinds`` names the non-country rows
    (name -> kind), ``manual`` maps spellings the crosswalk lacks to ISO3; the rest go through
    :func:`multivector.countries.to_iso3` (``src``). Unknown names get kind NA (the caller rejects them)."""
    text = names.astype("string").str.strip()
    kind = text.map(lambda v: kinds.get(str(v)) if pd.notna(v) else None).astype("string")
    iso = pd.Series(pd.NA, index=names.index, dtype="string")
    rest = kind.isna() & text.notna()
    if rest.any():
        manual_iso = text[rest].map(lambda v: manual.get(str(v)))
        looked = countries.to_iso3(
            text[rest & manual_iso.reindex(text.index).isna()], src=src, not_found="nan"
        )
        iso.loc[rest] = manual_iso.astype("string")
        iso.loc[looked.index] = looked.to_numpy()
    kind = kind.where(kind.notna() | iso.isna(), "country")
    return iso, kind


def reject_unknown_partners(
    frame: pd.DataFrame, rejects: Rejects, *, source: str, file: Path | str, column: str
) -> pd.DataFrame:
    """``frame`` without the rows whose ``partner_kind`` is NA (a partner the crosswalk does not know),
    which go to ``rejects`` with their line."""
    bad = frame["partner_kind"].isna()
    rejects.add(
        rejects_from(
            frame[bad],
            "unknown partner (" + frame.loc[bad, column].astype(str) + "): add it to the loader's table",
            source=source,
            file=file,
        )
    )
    return frame[~bad]
