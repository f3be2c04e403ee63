"""A synthetic GDELT 2.0 feed in the real 61-column export layout, with a known shift, for the monitor tests.

Invented ids, actors and URLs (no real GDELT row). Each day has ``files_per_day`` 15-minute files. Pairs:
KAZ-RUS cooperative (Goldstein about +3.4, CAMEO 036/042/051/057, QuadClass 1-2) until ``shift_day``, then
conflictual (about -5, CAMEO 112/130/172, QuadClass 3-4); USA-CHN and DEU-FRA stationary mixes.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

#: (CAMEO code, QuadClass, Goldstein) of the events drawn before and after the shift.
COOP = [("036", 1, 4.0), ("042", 1, 1.9), ("051", 1, 3.4), ("057", 1, 8.0), ("061", 2, 6.4)]
CONFLICT = [("112", 3, -2.0), ("130", 3, -4.4), ("172", 4, -5.0), ("163", 4, -8.0)]
MIXED = COOP[:3] + CONFLICT[:2]
SITES = ["news-a.example", "news-b.example", "www.news-c.example", "daily-d.example", "wire-e.example",
         "post-f.example"]  # fmt: skip


def line(
    eid: int, added: datetime, a1: str, a2: str, code: str, quad: int, gold: float, tone: float, url: str
) -> str:
    """One 61-field GDELT 2.0 export line (EU actors by country code; GEO fields filled plainly)."""
    day = added.strftime("%Y%m%d")
    actor = lambda c: [c, f"NAME {c}", c, "", "", "", "", "GOV", "", ""]  # noqa: E731
    geo = ["1", "Somewhere", "XX", "XX", "", "0", "0", "XX"] * 3
    fields = [
        str(eid), day, day[:6], day[:4], f"{day[:4]}.5000", *actor(a1), *actor(a2), "1", code, code[:3],
        code[:2], str(quad), f"{gold}", "4", "2", "4", f"{tone:.4f}", *geo, added.strftime("%Y%m%d%H%M%S"),
        url,
    ]  # fmt: skip
    assert len(fields) == 61
    return "\t".join(fields)


@dataclass
class Feed:
    """Where the files are and what was put in them."""

    folder: Path
    files: list[Path]
    start: date
    shift_day: date


def write_feed(
    folder: Path, days: int = 14, files_per_day: int = 2, shift_day: int = 10, per_file: int = 8,
    seed: int = 7, zipped_every: int = 3,
) -> Feed:  # fmt: skip
    """Write the feed into ``folder`` (every ``zipped_every``-th file zipped, as GDELT publishes them)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = date(2025, 3, 3)  # a Monday
    eid = 500_000
    files = []
    k = 0
    for d in range(days):
        for f in range(files_per_day):
            added = datetime(start.year, start.month, start.day) + timedelta(days=d, minutes=15 * f)
            rows = []
            pairs = [("KAZ", "RUS", CONFLICT if d >= shift_day else COOP, -4.0 if d >= shift_day else 2.0),
                     ("USA", "CHN", MIXED, -1.0), ("DEU", "FRA", COOP, 1.5)]  # fmt: skip
            for a1, a2, kinds, tone in pairs:
                for _ in range(per_file):
                    eid += 1
                    code, quad, gold = kinds[int(rng.integers(len(kinds)))]
                    site = SITES[int(rng.integers(len(SITES)))]
                    first, second = (a1, a2) if rng.random() < 0.5 else (a2, a1)
                    t = tone + float(rng.normal(0, 1.0))
                    rows.append(
                        line(eid, added, first, second, code, quad, gold, t, f"https://{site}/story/{eid}")
                    )
            # one article coded twice (same actors, code, day and URL): counts once in the series
            rows.append(rows[0].replace(rows[0].split("\t", 1)[0], str(eid + 1), 1))
            eid += 1
            name = added.strftime("%Y%m%d%H%M%S") + ".export.CSV"
            text = "\n".join(rows) + "\n"
            if zipped_every and k % zipped_every == zipped_every - 1:
                path = folder / (name + ".zip")
                with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                    zf.writestr(name, text)
            else:
                path = folder / name
                path.write_text(text)
            files.append(path)
            k += 1
    return Feed(folder, files, start, start + timedelta(days=shift_day))
