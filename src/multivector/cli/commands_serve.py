"""``multivector serve``: the REST API and dashboard (:func:`multivector.api.create_app`) under uvicorn.

Binds to loopback (127.0.0.1) unless ``--host`` says otherwise, and warns when it does: the API has no
authentication. The store is opened read-only, and only while requests are answered (an import can run
beside the server). uvicorn gets the limits of :mod:`multivector.api.limits`: at most
``--max-connections`` connections (more get a 503 at once), idle keep-alive connections closed after 5 s;
requests naming another host than loopback or ``--host`` (DNS rebinding) are refused (``--allow-host``
adds names; a server bound to all interfaces answers any).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from multivector.cli.main import app
from multivector.errors import InputError

__all__ = ["LOOPBACK", "allowed_hosts", "serve", "uvicorn_options"]

#: Hosts that only this machine can reach.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_err = Console(stderr=True)
#: Addresses that bind every interface: the server is then meant to be reached by any name.
_ANY = frozenset({"0.0.0.0", "::", ""})


def allowed_hosts(host: str, extra: list[str] | None = None) -> tuple[str, ...]:
    """The ``Host`` names the app answers when bound to ``host``: loopback, ``host`` and ``extra``; any
    (``"*"``) when bound to all interfaces."""
    from multivector.api.limits import LOOPBACK_HOSTS

    if host.strip("[]") in _ANY:
        return ("*",)
    return tuple(sorted({*LOOPBACK_HOSTS, host.strip("[]").lower(), *(h.lower() for h in extra or [])}))


def uvicorn_options(host: str, port: int, log_level: str, max_connections: int) -> dict[str, object]:
    """Keyword arguments of ``uvicorn.run``: address, logging and the connection limits."""
    from multivector.api.limits import KEEP_ALIVE_SECONDS, guarded_protocol

    return {
        "http": guarded_protocol(),
        "host": host,
        "port": port,
        "log_level": log_level,
        "limit_concurrency": max_connections,
        "timeout_keep_alive": KEEP_ALIVE_SECONDS,
        "timeout_graceful_shutdown": 10,
    }


@app.command("serve")
def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback exposes the API.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    store: Annotated[
        Path | None, typer.Option(help="DuckDB store to read (default: the one in MULTIVECTOR_HOME).")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    max_connections: Annotated[
        int, typer.Option(min=1, help="Most open connections; more get a 503 at once.")
    ] = 256,  # multivector.api.limits.MAX_CONNECTIONS (not imported here: the web extra is optional)
    allow_host: Annotated[
        list[str] | None, typer.Option(help="Another Host name to answer (besides loopback and --host).")
    ] = None,
) -> None:
    """Serve the REST API (/api/v1, docs at /docs) and the dashboard (/) over HTTP."""
    try:
        import uvicorn

        from multivector.api import create_app
    except ImportError as exc:
        raise InputError(
            f"`multivector serve` needs the web extra: pip install 'multivector[web]' ({exc})"
        ) from None
    if store is not None and not store.is_file():
        raise InputError(f"--store {store}: no such file; import data first or leave --store out")
    if host not in LOOPBACK:
        _err.print(
            f"[bold yellow]warning:[/] binding to {host}: the API has no authentication and anyone who can "
            "reach this address can read it. Use the default 127.0.0.1 unless you mean it.",
            highlight=False,
        )
    _err.print(
        f"multivector dashboard at http://{'[' + host + ']' if ':' in host else host}:{port}/",
        highlight=False,
    )
    app = create_app(store, allowed_hosts=allowed_hosts(host, allow_host))
    uvicorn.run(app, **uvicorn_options(host, port, log_level, max_connections))  # type: ignore[arg-type]
