"""The FastAPI application: :func:`create_app` wires the routes, the error handlers, the size limits and the
dashboard.

Errors, in one place: a route's :class:`~multivector.api.deps.ApiError`, a request that fails validation and
every :class:`~multivector.errors.MultivectorError` the library raises become a JSON answer
``{"error": "...", "field": "..."}`` with a 4xx status (:data:`ERROR_STATUS`); anything else is a 500 whose
body says only that the server failed (the traceback goes to the log, never to the client). Messages are
worded for an HTTP client: ``field`` is the request field as sent (``set.days`` for a scenario parameter,
from :attr:`ScenarioError.param <multivector.errors.ScenarioError>`), a union's per-type errors are one
problem of their field, and the store's path is never shown (:func:`~multivector.api.deps.public_message`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import multivector
from multivector import config
from multivector.api import (
    routes_alerts,
    routes_casebook,
    routes_check,
    routes_compare,
    routes_countries,
    routes_panel,
    routes_scenarios,
    routes_series,
    routes_trade,
)
from multivector.api.deps import ApiError, DataContext, Settings, public_message
from multivector.api.hotpath import CachedAnswers
from multivector.api.limits import (
    LOOPBACK_HOSTS,
    MAX_BODY_BYTES,
    MAX_ROWS,
    ASGIApp,
    BodySizeLimit,
    HostCheck,
    Receive,
    Scope,
    Send,
)
from multivector.errors import (
    CasebookError,
    DataError,
    InputError,
    MultivectorError,
    PipelineError,
    ScenarioError,
    StoreBusyError,
    StoreError,
    UnknownCountryError,
)

__all__ = ["API_PREFIX", "ERROR_STATUS", "RETRY_AFTER_SECONDS", "STATIC_DIR", "create_app"]

API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).resolve().parent / "static"
#: HTTP status of each library error (the most specific class listed wins).
ERROR_STATUS: tuple[tuple[type[MultivectorError], int], ...] = (
    (StoreBusyError, 503),
    (UnknownCountryError, 404),
    (ScenarioError, 422),
    (PipelineError, 400),
    (InputError, 422),
    (CasebookError, 404),
    (StoreError, 404),
    (DataError, 422),
)

_log = logging.getLogger("multivector.api")
#: What a 503 (an import holds the store) tells the client to wait before retrying.
RETRY_AFTER_SECONDS = 5


class _RequestScope:
    """Tell the :class:`DataContext` when requests start and end, so it closes the store's connections
    when the server is idle (an import can then take the store)."""

    def __init__(self, app: ASGIApp, ctx: DataContext) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.ctx.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.ctx.leave()


def _error(status: int, error: str, field: str | None = None) -> JSONResponse:
    return JSONResponse({"error": error, "field": field}, status_code=status)


def _busy() -> JSONResponse:
    """503 while an import holds the store, saying when to retry."""
    return JSONResponse(
        {"error": "the store is being updated (an import is running); retry in a few seconds", "field": None},
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _status_of(exc: MultivectorError) -> int:
    for cls, status in ERROR_STATUS:
        if isinstance(exc, cls):
            return status
    return 400


def _field_of(loc: tuple[object, ...] | list[object]) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")] or [str(p) for p in loc]
    return ".".join(parts) or None


#: The branches of a union pydantic names in an error's location (``set.days.float``), and what each accepts.
_UNION_BRANCHES = {"float": "a number", "int": "a number", "bool": "true/false", "str": "a string"}


def _shown(value: object) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def _problems(errors: Sequence[Any]) -> list[tuple[str | None, str]]:
    """Each problem of a failed validation as (field, message). The errors of a union's branches (pydantic
    reports one per branch, located at ``field.float``, ``field.int``, ...) are one problem of ``field``."""
    groups: dict[tuple[object, ...], list[Any]] = {}
    for err in errors:
        loc = tuple(err.get("loc", ()))
        key = loc[:-1] if len(loc) > 1 and str(loc[-1]) in _UNION_BRANCHES else loc
        groups.setdefault(key, []).append(err)
    out: list[tuple[str | None, str]] = []
    for key, errs in groups.items():
        first = errs[0]
        if key != tuple(first.get("loc", ())):
            kinds = list(dict.fromkeys(_UNION_BRANCHES[str(e["loc"][-1])] for e in errs))
            wanted = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
            msg = f"expected {wanted}, got {_shown(first.get('input'))}"
        else:
            msg = str(first.get("msg", "invalid request"))
            if first.get("type") == "enum":
                msg += f" (got {first.get('input')!r})"
        out.append((_field_of(key), msg))
    return out


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


def create_app(store: str | Path | None = None, *, read_only: bool = True, max_rows: int = MAX_ROWS,
               max_body_bytes: int = MAX_BODY_BYTES,
               allowed_hosts: Sequence[str] = tuple(LOOPBACK_HOSTS)) -> FastAPI:  # fmt: skip
    """The multivector REST API and dashboard.

    ``store`` is the DuckDB store to read (default :func:`multivector.config.store_path`); it is opened
    read-only unless ``read_only=False``, and only while requests are answered. ``max_rows`` caps the
    rows of a series or panel export and ``max_body_bytes`` the size of a request body. ``allowed_hosts``:
    the ``Host`` names answered (default: loopback only; ``"*"`` for any), see
    :class:`~multivector.api.limits.HostCheck`.
    """
    settings = Settings(
        store_path=Path(store) if store is not None else config.store_path(), read_only=read_only,
        max_rows=max_rows,
    )  # fmt: skip
    ctx = DataContext(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.close_all()  # the DuckDB connections of the worker threads

    app = FastAPI(
        lifespan=lifespan,
        title="multivector",
        version=multivector.__version__,
        description=(
            "How a middle state balances its ties among the great powers (RUS, CHN, USA, EU27): balance "
            "profiles with every figure's sources, dyad series, panel exports, comparisons, the casebook "
            'and scenario runs. Every error is JSON: {"error": ..., "field": ...}.'
        ),
    )
    app.state.ctx = ctx
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)
    app.add_middleware(_RequestScope, ctx=ctx)
    # Repeated GETs of the hot JSON endpoints never reach routing, pydantic or pandas.
    app.add_middleware(CachedAnswers, version=ctx.store_version, prefix=API_PREFIX)
    # Outermost: a request for another host name (DNS rebinding) is refused before anything else.
    app.add_middleware(HostCheck, allowed=tuple(allowed_hosts))

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.error, exc.field)

    @app.exception_handler(MultivectorError)
    async def _library_error(request: Request, exc: MultivectorError) -> JSONResponse:
        # A scenario parameter at fault is the body's set.<name> (the only place the API takes overrides).
        if isinstance(exc, StoreBusyError):
            return _busy()
        param = exc.param if isinstance(exc, ScenarioError) else None
        return _error(_status_of(exc), public_message(str(exc), settings.store_path),
                      f"set.{param}" if param else None)  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = _problems(exc.errors()) or [(None, "invalid request")]
        field, msg = problems[0]
        text = f"{field}: {msg}" if field else msg
        if len(problems) > 1:
            text += f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})"
        return _error(422, text, field)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail), "field": None}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))  # fmt: skip

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        _log.exception("unexpected error serving %s %s", request.method, request.url.path)
        return _error(500, "internal server error: the server failed to answer this request (see its log)")

    for module in (routes_countries, routes_series, routes_panel, routes_compare, routes_casebook,
                   routes_scenarios, routes_alerts, routes_check, routes_trade):  # fmt: skip
        app.include_router(module.router, prefix=API_PREFIX)

    @app.get(f"{API_PREFIX}/status", tags=["meta"], summary="Version, store and limits")
    def status() -> dict[str, object]:
        ctx: DataContext = app.state.ctx
        return {
            "version": multivector.__version__,
            "read_only": settings.read_only,
            "store": {"exists": settings.store_path.exists(), "tables": sorted(ctx.tables())},
            "limits": {"max_rows": settings.max_rows, "max_body_bytes": max_body_bytes},
        }

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> Response:
        return Response(_plotly_js(), media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=86400"})  # fmt: skip

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    return app
