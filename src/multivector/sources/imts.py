"""IMF International Trade in Goods (IMTS, the successor of the Direction of Trade Statistics): source
``imts``, folder ``imts/`` (what ``multivector data pull imts`` writes), table ``imts_trade``.

IMTS is served through the IMF's SDMX interface (dataflow ``IMF.STA:IMTS``, key
``COUNTRY.INDICATOR.COUNTERPART_COUNTRY.FREQUENCY``, ISO3 country codes). The files are read with the
maintained SDMX client ``sdmx1`` (optional extra: ``pip install multivector[sdmx]``), so every format it
reads is accepted: SDMX-ML 2.1 generic or structure-specific data, SDMX-ML 3.0, SDMX-JSON. One row per
observation, in the long layout of :mod:`multivector.sources._trade_long` plus ``indicator``,
``frequency`` and ``period``:

* ``XG_FOB_USD`` -> ``exports`` (goods, FOB), ``MG_CIF_USD`` -> ``imports`` (goods, CIF; the DOTS
  convention the panels use), ``MG_FOB_USD`` -> ``imports`` (kept, not used by the panels);
* values in US dollars times 10**``SCALE`` (the series' unit-multiplier attribute, ``SCALE`` or
  ``UNIT_MULT``; 0 when absent, as the IMF's API serves IMTS in dollars), stored in million USD;
* the counterpart ``G001`` / ``W00`` (world) is the reporter's world total (kind ``world``); other codes
  that are not countries (regions, country groups) are kind ``group``.

Rejected (file, the observation's key as ``raw``, reason): an unknown reporter code, an indicator other
than the three above, a value that is missing, not a number or negative, and a second observation of the
same reporter, partner, indicator and period. A file sdmx1 cannot read raises a :class:`DataError`.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd

from multivector import countries
from multivector.dimensions import IMTS_TRADE, SRC_IMTS
from multivector.errors import DataError
from multivector.provenance import LoadResult, Provenance
from multivector.sources._readers import find_files, make_result, provenance, read_bytes
from multivector.sources._trade_long import REPORTED_COLUMNS
from multivector.sources.registry import register, source_spec

__all__ = ["IMTS_COLUMNS", "INDICATORS", "PROVENANCE", "load", "observations"]

SOURCE = SRC_IMTS
#: IMTS indicator -> flow (from the reporter's side)
INDICATORS = {"XG_FOB_USD": "exports", "MG_CIF_USD": "imports", "MG_FOB_USD": "imports"}
WORLD = ("G001", "W00")
IMTS_COLUMNS: dict[str, str] = {
    **REPORTED_COLUMNS,
    "indicator": "string",
    "frequency": "string",
    "period": "string",
}
PROVENANCE = Provenance(
    source=SOURCE,
    title="International Trade in Goods (by partner country) (IMTS)",
    publisher="International Monetary Fund (IMF), Statistics Department",
    version="as downloaded (the IMF revises IMTS monthly; see each file's prepared date)",
    citation=(
        "International Monetary Fund. International Trade in Goods (by partner country) (IMTS), "
        "dataflow IMF.STA:IMTS, IMF Data, https://data.imf.org (successor of the Direction of Trade "
        "Statistics)."
    ),
    url="https://data.imf.org",
    license="IMF copyright and usage terms: free use with attribution",
)
_PATTERNS = ("*.xml", "*.json", "*.xml.gz", "*.json.gz")


def _sdmx() -> Any:
    try:
        import sdmx
    except ImportError:
        raise DataError(
            "reading IMF IMTS files needs the SDMX client sdmx1: pip install 'multivector[sdmx]'"
        ) from None
    return sdmx


def observations(data: bytes, label: str) -> tuple[pd.DataFrame, str]:
    """Every observation of an SDMX data message: a frame of its dimensions, ``value`` and ``scale``, and
    the message's prepared date (or "")."""
    sdmx = _sdmx()
    try:
        msg = sdmx.read_sdmx(io.BytesIO(data))
    except Exception as exc:  # sdmx1 raises many kinds: each means the file is not SDMX it can read
        raise DataError(
            f"{label}: not an SDMX data message sdmx1 can read ({type(exc).__name__}: {exc})"
        ) from None
    if not hasattr(msg, "data"):
        raise DataError(f"{label}: an SDMX message without data (a structure message?)")
    rows = []
    for ds in msg.data:
        for obs in ds.obs:
            key = {k: str(v.value) for k, v in obs.key.values.items()}
            attrs = {
                k: str(v.value)
                for k, v in (obs.series_key.attrib if obs.series_key is not None else {}).items()
            }
            attrs |= {k: str(v.value) for k, v in obs.attrib.items()}
            key["value"] = obs.value
            key["scale"] = attrs.get("SCALE", attrs.get("UNIT_MULT", "0"))
            rows.append(key)
    prepared = getattr(getattr(msg, "header", None), "prepared", None)
    return pd.DataFrame(rows), str(prepared or "")


def _partner_kind(codes: pd.Series) -> tuple[pd.Series, pd.Series]:
    iso = countries.to_iso3(codes.where(~codes.isin(WORLD)), src="iso3", not_found="nan")
    kind = pd.Series("group", index=codes.index, dtype="string")
    kind[iso.notna().to_numpy()] = "country"
    kind[codes.isin(WORLD).to_numpy()] = "world"
    return iso.where(kind == "country"), kind


def _reject(frame: pd.DataFrame, mask: pd.Series, reason: str | pd.Series, file: str) -> pd.DataFrame:
    raw = frame.loc[mask].drop(columns=["value"], errors="ignore").astype(str).agg(".".join, axis=1)
    return pd.DataFrame(
        {
            "source": SOURCE,
            "file": file,
            "line": pd.Series(pd.NA, index=raw.index, dtype="Int64"),
            "reason": reason[mask] if isinstance(reason, pd.Series) else reason,
            "raw": raw + "=" + frame.loc[mask, "value"].astype(str),
        }
    )


def _one_file(file: Path) -> tuple[pd.DataFrame, list[pd.DataFrame], int, str]:
    obs, prepared = observations(read_bytes(file), str(file))
    needed = {"COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "TIME_PERIOD"}
    if obs.empty:
        raise DataError(
            f"{file}: the SDMX message holds no observations; nothing was imported from its folder. Download "
            "it again (`multivector data pull imts`) or remove it"
        )
    if missing := needed - set(obs.columns):
        raise DataError(
            f"{file}: the series lack the IMTS dimension(s) {sorted(missing)}; is this IMTS data?"
        )
    if "FREQUENCY" not in obs.columns:
        obs["FREQUENCY"] = obs.get("FREQ", "A")
    rejects = []
    reporter = countries.to_iso3(obs["COUNTRY"], src="iso3", not_found="nan")
    checks: list[tuple[pd.Series, str | pd.Series]] = [
        (reporter.isna(), "unknown reporter code (" + obs["COUNTRY"].astype(str) + ")"),
        (
            ~obs["INDICATOR"].isin(list(INDICATORS)),
            "indicator not in IMTS goods trade (XG_FOB_USD, MG_CIF_USD)",
        ),
    ]
    value = pd.to_numeric(obs["value"], errors="coerce")
    scale = pd.to_numeric(obs["scale"], errors="coerce")
    checks += [
        (value.isna(), "missing or non-numeric value"),
        (value < 0, "negative trade value"),
        (scale.isna(), "unit multiplier (SCALE) is not a number"),
    ]
    bad = pd.Series(False, index=obs.index)
    for mask, reason in checks:
        mask = mask.fillna(False).astype(bool) & ~bad
        if mask.any():
            rejects.append(_reject(obs, mask, reason, str(file)))
        bad |= mask
    keys = ["COUNTRY", "COUNTERPART_COUNTRY", "INDICATOR", "FREQUENCY", "TIME_PERIOD"]
    dup = obs.duplicated(keys) & ~bad
    if dup.any():
        rejects.append(_reject(obs, dup, "duplicate observation (same series and period)", str(file)))
    keep = ~(bad | dup)
    obs, reporter, value, scale = obs[keep], reporter[keep], value[keep], scale[keep]
    partner_iso, kind = _partner_kind(obs["COUNTERPART_COUNTRY"].astype(str))
    period = obs["TIME_PERIOD"].astype(str)
    table = pd.DataFrame(
        {
            "reporter_iso3": reporter, "partner_iso3": partner_iso, "partner": obs["COUNTERPART_COUNTRY"],
            "partner_kind": kind, "year": pd.to_numeric(period.str.slice(0, 4), errors="coerce"),
            "flow": obs["INDICATOR"].map(INDICATORS), "value_musd": value * 10.0**scale / 1e6,
            "agency": "IMF IMTS", "preliminary": False, "derived": False, "source_file": file.name,
            "indicator": obs["INDICATOR"], "frequency": obs["FREQUENCY"], "period": period,
        }
    )  # fmt: skip
    for col in IMTS_COLUMNS:
        if col not in table.columns:
            table[col] = pd.NA
    return table[list(IMTS_COLUMNS)].astype(IMTS_COLUMNS), rejects, len(keep), prepared


def load(path: Path) -> dict[str, LoadResult]:
    """``imts_trade`` from the SDMX files in ``path`` (a folder, e.g. ``downloads/imts``, or one file)."""
    files = find_files(Path(path), list(_PATTERNS), source=SOURCE)
    parts, rejects, n_read, dates = [], [], 0, set()
    for f in files:
        table, rej, n, prepared = _one_file(f)
        parts.append(table)
        rejects += rej
        n_read += n
        if prepared:
            dates.add(prepared[:10])
    frames = [p for p in parts if len(p)]
    table = (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=list(IMTS_COLUMNS)).astype(IMTS_COLUMNS)
    )
    rejected = (
        pd.concat(rejects, ignore_index=True)
        if rejects
        else pd.DataFrame(columns=["source", "file", "line", "reason", "raw"])
    )
    prov = provenance(PROVENANCE, files)
    if dates:
        prov = Provenance(**{**prov.__dict__, "version": f"IMTS prepared {min(dates)} to {max(dates)}"})
    return {IMTS_TRADE: make_result(table, prov, rejected, n_read)}


register(
    source_spec(
        SOURCE, load, "IMF International Trade in Goods (IMTS, successor of DOTS) via SDMX: all reporters"
    )
)
