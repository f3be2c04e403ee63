"""A hand-made store where trade bases overlap, shared by the panel, API and report tests of "trade by
basis" (``multivector.panels.trade_spread``). tests/ is on ``sys.path``: import it as
``from _trade_store import build_trade_store``.

Every value (million USD) is small and round, so expected spreads are computed by hand in the tests:

* COW (the tiny tables of tests/_tiny.py): flows in 2013, national totals 2012-2014;
* Kazakhstan's bureau (``national_statistics``), 2022 and 2023:

  ====  ========  ========  ========  ========  ========
  year  world     CHN       RUS       USA       DEU
  ====  ========  ========  ========  ========  ========
  2022  500 / 300 100 / 80  60 / 140  5 / 20    25 / 15
  2023  600 / 400 150 / 100 50 / 150  10 / 40   30 / 20
  ====  ========  ========  ========  ========  ========

  (exports / imports; every partner listed, so an unlisted one is 0);
* Kazakhstan's Comtrade reports (``comtrade``), 2023 only: world 700 / 400; exports only for CHN 160 and
  RUS 40 (a derived panel: every other partner's exports unknown); imports from every partner: CHN 100,
  RUS 110, USA 45, DEU 20;
* cited, 2023: China's customs (GACC) on trade with China, 0.35 bn USD for the year; Kazakhstan's bureau
  on trade with China, 0.2 bn USD for January-September; Kazakhstan's MFA on trade with the EU27, 0.0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from _helpers import tiny_result
from multivector.store.db import Store

BNS = "Bureau of National Statistics of Kazakhstan (BNS)"
WITS = "UN Comtrade via World Bank WITS (reporter Kazakhstan)"
_BNS = {  # year -> partner -> (exports, imports); None: the world total row
    2022: {None: (500, 300), "CHN": (100, 80), "RUS": (60, 140), "USA": (5, 20), "DEU": (25, 15)},
    2023: {None: (600, 400), "CHN": (150, 100), "RUS": (50, 150), "USA": (10, 40), "DEU": (30, 20)},
}


def _long(rows: list[tuple[str | None, int, str, float, bool]], agency: str, file: str) -> pd.DataFrame:
    """Rows of ``trade_national_stats`` / ``trade_wits``: (partner or None for the world, year, flow,
    value, derived)."""
    out = pd.DataFrame(
        {
            "reporter_iso3": "KAZ",
            "partner_iso3": [p for p, *_ in rows],
            "partner": [p or "World" for p, *_ in rows],
            "partner_kind": ["world" if p is None else "country" for p, *_ in rows],
            "year": [y for _, y, *_ in rows],
            "flow": [f for _, _, f, *_ in rows],
            "value_musd": [float(v) for *_, v, _ in rows],
            "product": None,
            "agency": agency,
            "preliminary": False,
            "derived": [d for *_, d in rows],
            "source_file": file,
            "source_line": range(2, len(rows) + 2),
        }
    )
    return out.astype(
        {"partner_iso3": "string", "year": "Int64", "preliminary": "boolean", "derived": "boolean"}
    )


def _national() -> pd.DataFrame:
    rows = [
        (p, y, flow, v, False)
        for y, partners in _BNS.items()
        for p, (e, i) in partners.items()
        for flow, v in (("exports", e), ("imports", i))
    ]
    return _long(rows, BNS, "kaz_bns_trade_by_country_hand.csv")


def _wits() -> pd.DataFrame:
    rows: list[tuple[str | None, int, str, float, bool]] = [
        (None, 2023, "exports", 700, True), (None, 2023, "imports", 400, False),
        ("CHN", 2023, "exports", 160, True), ("RUS", 2023, "exports", 40, True),
        ("CHN", 2023, "imports", 100, False), ("RUS", 2023, "imports", 110, False),
        ("USA", 2023, "imports", 45, False), ("DEU", 2023, "imports", 20, False),
    ]  # fmt: skip
    return _long(rows, WITS, "kaz_wits_hand.csv")


def _cited() -> pd.DataFrame:
    rows = [  # year, period, reporter_basis, partner, partner_iso3, value (bn USD), url
        (2023, "full_year", "China (GACC)", "China", "CHN", 0.35, "https://example.org/gacc"),
        (2023, "jan_sep", "Kazakhstan (BNS)", "China", "CHN", 0.2, "https://example.org/bns"),
        (2023, "full_year", "Kazakhstan (MFA)", "European Union", "EU27", 0.0, "javascript:alert(1)"),
    ]
    return pd.DataFrame(
        {
            "year": pd.array([r[0] for r in rows], dtype="Int64"),
            "year_end": pd.array([r[0] for r in rows], dtype="Int64"),
            "period": [r[1] for r in rows],
            "reporter_basis": [r[2] for r in rows],
            "partner": [r[3] for r in rows],
            "partner_iso3": [r[4] for r in rows],
            "measure": "turnover",
            "value": [r[5] for r in rows],
            "unit": "billion USD",
            "reported_by": "hand-made test",
            "source_url": [r[6] for r in rows],
            "note": None,
        }
    )


def cow_tables() -> dict[str, object]:
    """The tiny COW tables of tests/_tiny.py (flows 2013, national totals 2012-2014)."""
    from _tiny import _trade

    return dict(_trade())


def build_trade_store(path: Path, *, cow_only: bool = False) -> Path:
    """Write the store of the module docstring to ``path`` (only the COW tables with ``cow_only``)."""
    with Store(path) as st:
        st.import_result("cow_trade", cow_tables())  # type: ignore[arg-type]
        if not cow_only:
            st.import_result(
                "trade_current",
                {
                    "trade_national_stats": tiny_result(_national(), "trade_current"),
                    "trade_wits": tiny_result(_wits(), "trade_current"),
                },
            )
            st.import_result("cited", {"cited_trade": tiny_result(_cited(), "cited")})
    return path
