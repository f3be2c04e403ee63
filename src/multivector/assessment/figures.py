"""Candidate figures of an assessment: per country, dimension and year, one row from the store's data and
one from a casebook, in one long table with the same columns (:data:`FIGURE_COLUMNS`).

* Data figures are :func:`multivector.panels.balance_table` rows: any country, every dimension the store
  measures (its tables imported), every year its sources cover. Their ``sources`` are dataset citation ids
  (``data-sipri``).
* Casebook figures are :func:`multivector.indicators.balance` over the casebook's headline ties
  (:func:`multivector.casebook.headline_ties`: per dimension the comparable group of ties the profile is
  built on), for the case's own country. Their ``sources`` are the casebook's source ids of every tie in
  the group, ``entries`` the tie ids.

Evidence: for kind ``powers`` a figure is sufficient when :func:`multivector.indicators.balance` finds its
coverage ok (two powers quantified, or one with a world total that bounds the rest); otherwise it is a
single-power figure. For ``votes`` and ``events`` the count must reach the dimension's minimum.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from multivector import dimensions as vocab
from multivector.casebook import headline_ties
from multivector.casebook.schema import Case
from multivector.citations import dataset_id
from multivector.indicators import balance
from multivector.panels.balance import balance_table
from multivector.store.db import Store

__all__ = ["FIGURE_COLUMNS", "casebook_figures", "data_figures", "measurable_dimensions"]

#: Columns of every candidate-figure table.
FIGURE_COLUMNS: tuple[str, ...] = (
    "country",
    "dimension",
    "year",
    "origin",
    "balance",
    "tilt_rus",
    "tilt_chn",
    "tilt_west",
    "tilt_lean",
    "tilt_strength",
    "share_rus",
    "share_chn",
    "share_usa",
    "share_eu27",
    "share_other",
    "largest_power",
    "largest_exposure",
    "power_share",
    "total_basis",
    "n_powers_quantified",
    "coverage_ok",
    "evidence_kind",
    "evidence",
    "evidence_min",
    "evidence_ok",
    "basis",
    "tables",
    "unit",
    "note",
    "sources",
    "entries",
)


def measurable_dimensions(store: Store) -> tuple[list[str], dict[str, str]]:
    """The data dimensions the store can measure (any of their tables imported: a step reads whichever
    release or basis is there), and for the others what to import."""
    stored = set(store.tables()) if store.exists else set()
    have: list[str] = []
    missing: dict[str, str] = {}
    for name in vocab.data_dimensions():
        spec = vocab.DIMENSIONS[name]
        if stored & set(spec.tables):
            have.append(name)
            continue
        sources = ", ".join(dict.fromkeys(vocab.TABLES[t].source for t in spec.tables))
        missing[name] = f"not imported (run `multivector data import SOURCE PATH` for one of: {sources})"
    return have, missing


def data_figures(
    countries: Sequence[str], years: tuple[int, int], store: Store, dims: Sequence[str]
) -> pd.DataFrame:
    """Candidate figures of ``countries`` from the store (:data:`FIGURE_COLUMNS`), ``years`` inclusive."""
    if not dims:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    table = balance_table(list(countries), list(dims), years, store)
    if table.empty:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    out = table.copy()
    out["origin"] = "data"
    # cite the datasets the row's figures were read from (the trade basis of that year, the SIPRI release)
    out["sources"] = [
        ",".join(dict.fromkeys(dataset_id(vocab.TABLES[t].source) for t in str(tables).split(",") if t))
        for tables in out["tables"]
    ]
    out["entries"] = ""
    return out.reindex(columns=list(FIGURE_COLUMNS))


def _tie_sources(case: Case) -> dict[str, list[str]]:
    return {t.id: list(t.sources) for t in case.ties}


_CASE_MEMO: dict[str, pd.DataFrame] = {}


def casebook_figures(case: Case) -> pd.DataFrame:
    """Candidate figures from a casebook's headline ties, for the case's own country (memoised by the
    case's content)."""
    key = hashlib.sha256(case.model_dump_json().encode()).hexdigest()
    hit = _CASE_MEMO.get(key)
    if hit is None:
        hit = _casebook_figures(case)
        if len(_CASE_MEMO) >= 16:
            _CASE_MEMO.pop(next(iter(_CASE_MEMO)))
        _CASE_MEMO[key] = hit
    return hit.copy()


def _casebook_figures(case: Case) -> pd.DataFrame:
    ties = headline_ties(case)
    ties = ties[ties["country"] == case.country]
    if ties.empty:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    table = balance(ties)
    by_tie = _tie_sources(case)
    keys = ["country", "dimension", "year"]
    groups = ties.groupby(keys, dropna=False, sort=False)
    src = groups["tie_id"].agg(lambda ids: ",".join(dict.fromkeys(s for i in ids for s in by_tie.get(i, []))))
    entries = groups["tie_id"].agg(lambda ids: ",".join(ids))
    basis = groups["basis"].agg(lambda b: ", ".join(dict.fromkeys(str(x) for x in b if pd.notna(x))))
    meta = pd.concat([src.rename("sources"), entries.rename("entries"), basis.rename("basis")], axis=1)
    out = table.merge(meta.reset_index(), on=keys, how="left")
    out["origin"] = "casebook"
    spec = out["dimension"].map(lambda d: vocab.dimension(str(d)))
    out["evidence_kind"] = spec.map(lambda s: s.evidence.kind)
    out["evidence_min"] = spec.map(lambda s: s.evidence.minimum).astype("int64")
    out["evidence"] = out["n_powers_quantified"].astype("int64")
    out["evidence_ok"] = out["coverage_ok"].astype(bool)
    out["basis"] = out["basis"].replace("", None)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    out["note"] = out["note"].fillna("").astype(str)
    return out.reindex(columns=list(FIGURE_COLUMNS))


def concat_figures(*frames: pd.DataFrame) -> pd.DataFrame:
    """One candidate table from several (empty ones skipped), with clean dtypes."""
    parts = [f for f in frames if not f.empty]
    if not parts:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    out = pd.concat([p.astype(object) for p in parts], ignore_index=True)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype("Int64")
    for col in (
        "balance",
        "tilt_rus",
        "tilt_chn",
        "tilt_west",
        "tilt_strength",
        "share_rus",
        "share_chn",
        "share_usa",
        "share_eu27",
        "share_other",
        "largest_exposure",
        "power_share",
    ):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype("float64")
    for col in ("n_powers_quantified", "evidence", "evidence_min"):
        out[col] = pd.to_numeric(out[col], errors="coerce").fillna(0).astype("int64")
    for col in ("coverage_ok", "evidence_ok"):
        out[col] = out[col].astype("boolean").fillna(False).astype(bool)
    out["usable"] = (
        out["balance"].notna().to_numpy()
        & out["coverage_ok"].to_numpy()
        & out["evidence_ok"].to_numpy(dtype=bool)
    )
    out["_rank"] = np.where(out["origin"] == "data", 1, 0)
    return out


def store_countries(store: Store, since: int) -> list[str]:
    """ISO3 codes of the countries the store has data for since ``since`` (in the tables of the data
    dimensions), sorted; blocs and codes that are not countries are left out."""
    from multivector.countries import name
    from multivector.errors import MultivectorError

    stored = set(store.tables())
    parts = []
    for dim in vocab.data_dimensions():
        for table in vocab.DIMENSIONS[dim].tables:
            spec = vocab.TABLES[table]
            if table not in stored or spec.year_column is None:
                continue
            for col in spec.country_columns:
                parts.append(
                    f"SELECT DISTINCT {col} AS iso3 FROM {table} WHERE {spec.year_column} >= {int(since)}"
                )
    if not parts:
        return []
    found = store.query_df(" UNION ".join(parts))["iso3"].dropna().astype(str)
    out = []
    for code in sorted(set(found)):
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            continue
        try:
            name(code)
        except MultivectorError:
            continue
        out.append(code)
    return out
