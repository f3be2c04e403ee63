"""Downloads through an SDMX REST interface (manifest kind ``sdmx``): ``multivector data pull imts``.

The IMF serves International Trade in Goods (IMTS) through SDMX: one data query per reporter, key
``<REPORTER>.XG_FOB_USD+MG_CIF_USD..<FREQUENCY>`` (all partners), ``startPeriod``/``endPeriod`` for the
years, and the format chosen by the ``Accept`` header (SDMX-ML 2.1 generic data here, which the ``imts``
loader reads with sdmx1). The URL template is the manifest entry's ``url`` (``{key}`` replaced), so a
change of the IMF's endpoint is a one-line manifest change, and ``--mirror`` / ``MULTIVECTOR_MIRROR``
redirect it (the tests serve fixtures from 127.0.0.1).

Each reporter's answer is saved as ``<downloads>/imts/IMTS_<FREQUENCY>_<REPORTER>.xml`` through the same
verified, atomic download as every file (a partial answer never replaces a good one). A file younger than
:data:`MAX_AGE_DAYS` is reused (IMTS is revised monthly); a reporter the IMF has no data for (HTTP 404)
is reported as skipped, not an error. ``MULTIVECTOR_SDMX_PAUSE`` (seconds, default 0.6) spaces the
queries, within the IMF's published limit of 10 requests per 5 seconds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from rich.progress import Progress

from multivector import countries as _countries
from multivector.errors import DownloadError, InputError
from multivector.store.manifest import DownloadResult, ManifestEntry, rebase_url

__all__ = ["ACCEPT", "FREQUENCIES", "MAX_AGE_DAYS", "SdmxOptions", "imts_key", "pull_sdmx", "reporters"]

#: The SDMX format asked for: SDMX-ML 2.1 generic data (carries its dimensions and attributes itself).
ACCEPT = "application/vnd.sdmx.genericdata+xml;version=2.1"
FREQUENCIES = ("A", "Q", "M")
MAX_AGE_DAYS = 30
_INDICATORS = ("XG_FOB_USD", "MG_CIF_USD")


@dataclass(frozen=True)
class SdmxOptions:
    """What to pull: ``countries`` (reporters, ISO3 or names; None = every country), ``frequency`` and the
    years of ``since``/``until`` (None = from the start / to the latest period)."""

    countries: Sequence[str] | None = None
    frequency: str = "A"
    since: date | None = None
    until: date | None = None


def reporters(countries: Sequence[str] | None) -> list[str]:
    """ISO3 codes of the reporters to query: the given ones (names accepted) or every country of the
    crosswalk with an ISO3 code."""
    if countries is None:
        table = _countries.crosswalk()
        return sorted(set(table["iso3"].dropna().astype(str)))
    out = []
    for c in countries:
        code = _countries.to_iso3(str(c).strip(), not_found="nan")
        if not isinstance(code, str):
            raise InputError(f"unknown country {c!r} for the IMTS pull: give ISO3 codes such as KAZ")
        out.append(code)
    return sorted(set(out))


def imts_key(reporter: str, frequency: str) -> str:
    """The SDMX key of one reporter's goods exports and imports with every partner."""
    return f"{reporter}.{'+'.join(_INDICATORS)}..{frequency}"


def _url(entry: ManifestEntry, key: str, options: SdmxOptions, mirror: str | None) -> str:
    query = {}
    if options.since is not None:
        query["startPeriod"] = str(options.since.year)
    if options.until is not None:
        query["endPeriod"] = str(options.until.year)
    url = entry.url.replace("{key}", key)
    return rebase_url(url, mirror) + (("&" if "?" in url else "?") + urlencode(query) if query else "")


def pull_sdmx(
    entry: ManifestEntry,
    client: httpx.Client,
    root: Path,
    mirror: str | None,
    options: SdmxOptions,
    *,
    fetch: Callable[..., DownloadResult],
    progress: Progress | None = None,
) -> list[DownloadResult]:
    """One query per reporter (module docstring); ``fetch`` is :func:`multivector.store.download_file`."""
    if options.frequency not in FREQUENCIES:
        raise InputError(f"--frequency must be one of {', '.join(FREQUENCIES)}, not {options.frequency!r}")
    pause = float(os.environ.get("MULTIVECTOR_SDMX_PAUSE", "0.6"))
    folder = root / entry.name
    results: list[DownloadResult] = []
    for i, reporter in enumerate(reporters(options.countries)):
        name = entry.filename.replace("{frequency}", options.frequency).replace("{reporter}", reporter)
        dest = folder / name
        if dest.exists() and time.time() - dest.stat().st_mtime > MAX_AGE_DAYS * 86400:
            dest.unlink()  # IMTS is revised monthly: an old answer is asked again
        url = _url(entry, imts_key(reporter, options.frequency), options, mirror)
        if i and pause > 0 and not dest.exists():
            time.sleep(pause)
        kwargs: dict[str, Any] = {"client": client, "progress": progress, "name": f"{entry.name}/{name}"}
        try:
            results.append(fetch(url, dest, headers={"Accept": ACCEPT}, **kwargs))
        except DownloadError as exc:
            if "HTTP 404" not in str(exc):
                raise
            msg = f"{entry.name}: no IMTS data for {reporter} (the IMF answered 404)"
            results.append(DownloadResult(f"{entry.name}/{name}", url, "", "skipped", message=msg))
    return results
