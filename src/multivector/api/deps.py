"""What the routes share: the settings, the read-only store per worker thread, input checks and caches.

Nothing a request carries ever becomes a file path: case names resolve only through
:func:`multivector.casebook.list_cases`, scenario names only through
:func:`multivector.scenarios.list_scenarios`, and the store path is fixed when the app is created.
"""

from __future__ import annotations

import re
import threading
from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request

from multivector import casebook as cb
from multivector import countries
from multivector.api.limits import MAX_ROWS
from multivector.casebook.schema import Case
from multivector.errors import MultivectorError, StoreBusyError, StoreError
from multivector.store import Store

__all__ = [
    "YEAR_MAX",
    "YEAR_MIN",
    "ApiError",
    "DataContext",
    "Settings",
    "case_id_for",
    "check_iso3",
    "get_ctx",
    "load_builtin_case",
    "parse_iso3_list",
    "parse_years",
    "public_message",
]

YEAR_MIN = 1816
YEAR_MAX = 2100
ISO3 = re.compile(r"^[A-Z]{3}$")
#: Bloc codes a partner list may hold besides ISO3 country codes.
BLOCS = ("EU27",)


def public_message(text: str, store_path: Path) -> str:
    """A library message fit for an HTTP client: the server's store path becomes "this server's store"
    (a client has no use for the server's file layout, and should not learn it)."""
    path = str(store_path)
    for where in (f"the store at {path}", f"store at {path}"):
        text = text.replace(where, "this server's store")
    return text.replace(path, "this server's store")


class ApiError(Exception):
    """An answer other than 200, raised by a route: ``status``, what is wrong, and the field at fault."""

    def __init__(self, status: int, error: str, field: str | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.field = field


@dataclass(frozen=True)
class Settings:
    """How the app was started: the store it reads, whether it may write, and its response caps."""

    store_path: Path
    read_only: bool = True
    max_rows: int = MAX_ROWS


@dataclass(eq=False)
class DataContext:
    """The store behind the app, opened read-only once per worker thread (DuckDB connections are not
    shared between threads), and only while requests are being answered: when the last request in flight
    finishes (:meth:`leave`), every connection is closed, so the server never holds the store's lock
    while idle and ``multivector data import`` can write it. While an import holds it, a request gets
    :class:`~multivector.errors.StoreBusyError` (a 503 with ``Retry-After``)."""

    settings: Settings
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _tables: tuple[float, frozenset[str]] | None = field(default=None, repr=False)
    _opened: list[Store] = field(default_factory=list, repr=False)
    _in_flight: int = field(default=0, repr=False)

    def enter(self) -> None:
        """A request starts (stores may be opened until it ends)."""
        with self._lock:
            self._in_flight += 1

    def leave(self) -> None:
        """A request ended; the last one in flight closes every connection (they reopen on the next)."""
        with self._lock:
            self._in_flight -= 1
            if self._in_flight == 0:
                for store in self._opened:
                    with suppress(Exception):
                        store.close()  # a Store reconnects by itself at its next query

    def store_version(self) -> int:
        """The store file's modification time (ns), 0 when there is none: part of every cache key."""
        try:
            return self.settings.store_path.stat().st_mtime_ns
        except OSError:
            return 0

    def store(self) -> Store:
        """This thread's :class:`Store` (read-only unless the app was started writable)."""
        version = self.store_version()
        held: tuple[int, Store] | None = getattr(self._local, "store", None)
        if held is not None and held[0] == version:
            return held[1]
        if held is not None:
            held[1].close()
        store = Store(self.settings.store_path, read_only=self.settings.read_only)
        self._local.store = (version, store)
        with self._lock:
            self._opened[:] = [s for s in self._opened if s is not (held[1] if held else None)]
            self._opened.append(store)
        return store

    def tables(self) -> frozenset[str]:
        """Names of the data tables in the store (empty when there is no store)."""
        version = self.store_version()
        if version == 0:
            return frozenset()
        cached = self._tables
        if cached is not None and cached[0] == version:
            return cached[1]
        try:
            names = frozenset(self.store().tables())
        except StoreBusyError:
            raise  # an import holds the store: "busy, retry", not "no data"
        except StoreError:
            names = frozenset()
        self._tables = (version, names)
        return names

    def has(self, *tables: str) -> bool:
        """True when the store holds every table named."""
        have = self.tables()
        return bool(have) and all(t in have for t in tables)

    def query(self, sql: str, params: list[Any] | None = None) -> Any:
        """Run read-only SQL on this thread's connection (a DataFrame)."""
        return self.store().query_df(sql, params)

    def close(self) -> None:
        held: tuple[int, Store] | None = getattr(self._local, "store", None)
        if held is not None:
            held[1].close()
            self._local.store = None

    def close_all(self) -> None:
        """Close every thread's store (at shutdown, when no request is running)."""
        with self._lock:
            opened, self._opened[:] = list(self._opened), []
        for store in opened:
            with suppress(Exception):  # closing at shutdown must not fail the shutdown
                store.close()


async def get_ctx(request: Request) -> DataContext:
    """FastAPI dependency: the app's :class:`DataContext` (async, so it costs no trip to the thread pool)."""
    ctx: DataContext = request.app.state.ctx
    return ctx


# ------------------------------------------------------------------------------------------ input checks
def check_iso3(code: str, field: str = "iso3", *, allow_blocs: bool = False) -> str:
    """``code`` if it is an ISO3 code the crosswalk knows (or a bloc when allowed); else 400/404."""
    text = code.strip()
    if allow_blocs and text in BLOCS:
        return text
    if not ISO3.match(text):
        raise ApiError(422, f"{code!r} is not an ISO3 code (three capital letters, e.g. KAZ)", field)
    try:
        countries.name(text)
    except MultivectorError:
        raise ApiError(404, f"unknown country code {text!r}: not an ISO 3166 alpha-3 code", field) from None
    return text


def parse_iso3_list(text: str, field: str, *, allow_blocs: bool = False, limit: int = 50) -> list[str]:
    """A comma-separated list of ISO3 codes, each checked; duplicates dropped, order kept."""
    items = [t.strip() for t in text.split(",") if t.strip()]
    if not items:
        raise ApiError(422, f"{field} is empty: give comma-separated ISO3 codes, e.g. KAZ,UZB", field)
    if len(items) > limit:
        raise ApiError(422, f"{field} lists {len(items)} codes; at most {limit}", field)
    return list(dict.fromkeys(check_iso3(t, field, allow_blocs=allow_blocs) for t in items))


_YEARS = re.compile(r"^(\d{4})(?:\s*-\s*(\d{4}))?$")


def parse_years(text: str | None, default: tuple[int, int], field: str = "years") -> tuple[int, int]:
    """``"1992-2023"`` or ``"2000"`` as (start, end), both in 1816..2100 and start <= end; else 422."""
    if text is None or not text.strip():
        return default
    m = _YEARS.match(text.strip())
    if m is None:
        raise ApiError(422, f"years {text!r} must be YYYY or YYYY-YYYY, e.g. 1992-2023", field)
    start = int(m.group(1))
    end = int(m.group(2) or m.group(1))
    for year in (start, end):
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ApiError(422, f"year {year} is outside {YEAR_MIN}-{YEAR_MAX}", field)
    if start > end:
        raise ApiError(422, f"years {text!r}: the start year {start} is after the end year {end}", field)
    return start, end


# ------------------------------------------------------------------------------------------ the casebook
@lru_cache(maxsize=1)
def _case_countries() -> dict[str, str]:
    """Built-in case id -> its country's ISO3 (read once; the built-in cases ship with the package)."""
    return {cid: cb.load_case(cid).country for cid in cb.list_cases()}


def builtin_cases() -> dict[str, str]:
    """Built-in case ids and their countries."""
    return dict(_case_countries())


def case_id_for(name: str, field: str = "case") -> str:
    """The built-in case a name stands for: a case id (``kazakhstan``) or its country (``KAZ``); else 404.

    Only names listed by :func:`multivector.casebook.list_cases` resolve: anything else (a path, ``..``)
    is an unknown case.
    """
    cases = _case_countries()
    text = name.strip()
    if text in cases:
        return text
    for cid, iso3 in cases.items():
        if text == iso3:
            return cid
    raise ApiError(404, f"unknown case {name!r}; built-in cases: {', '.join(sorted(cases))}", field)


def case_for_country(iso3: str) -> str | None:
    """The built-in case of a country, or None."""
    for cid, code in _case_countries().items():
        if code == iso3:
            return cid
    return None


@lru_cache(maxsize=8)
def _cached_case(case_id: str) -> Case:
    return cb.load_case(case_id)


def load_builtin_case(case_id: str) -> Case:
    """A built-in case by id (cached; callers must not modify it)."""
    if case_id not in _case_countries():
        raise ApiError(404, f"unknown case {case_id!r}", "case")
    return _cached_case(case_id)
