"""Current bilateral goods trade (after COW's 2014): source ``trade_current``, folder ``trade_current/``.

Two tables, two publishers' bases (see shared/data/trade_current/SOURCE.md):

* ``trade_national_stats`` (:mod:`multivector.sources.trade_national`): the statistics agencies of
  Kazakhstan (BNS, 2018-2023), Uzbekistan (stat.uz, 2010-2023) and Kyrgyzstan (NSC, 1994-2023);
* ``trade_wits`` (:mod:`multivector.sources.trade_wits`): Kazakhstan as reporter in UN Comtrade, via
  WITS, 2015-2024.

``load(path)`` takes the folder or one of its files (recognised by the name prefix: ``kaz_bns_``,
``uzb_stat_``, ``kgz_nsc_``, ``kaz_wits_``).
"""

from __future__ import annotations

from pathlib import Path

from multivector.dimensions import SRC_TRADE_CURRENT, TRADE_NATIONAL_STATS, TRADE_WITS
from multivector.errors import DataError
from multivector.provenance import LoadResult
from multivector.sources._readers import find_files
from multivector.sources.registry import register, source_spec
from multivector.sources.trade_national import READERS, load_national
from multivector.sources.trade_wits import load_wits

__all__ = ["PATTERNS", "load"]

PATTERNS = ("kaz_bns_*.csv*", "uzb_stat_*.csv*", "kgz_nsc_*.csv*", "kaz_wits_*.csv*")


def load(path: Path) -> dict[str, LoadResult]:
    """Load the national-statistics and WITS files in ``path`` (a folder or one file)."""
    files = find_files(Path(path), list(PATTERNS), source=SRC_TRADE_CURRENT)
    national = [f for f in files if f.name.startswith(tuple(READERS))]
    wits = [f for f in files if f.name.startswith("kaz_wits_")]
    if not national and not wits:
        raise DataError(
            f"{path}: not a trade_current file; expected names starting with "
            + ", ".join(p.split("*")[0] for p in PATTERNS)
        )
    out: dict[str, LoadResult] = {}
    if national:
        out[TRADE_NATIONAL_STATS] = load_national(national)
    if wits:
        out[TRADE_WITS] = load_wits(wits)
    return out


register(
    source_spec(
        SRC_TRADE_CURRENT,
        load,
        "Trade by partner after 2014: KAZ/UZB/KGZ national statistics; KAZ in UN Comtrade (WITS)",
    )
)
