"""``multivector serve``: the REST API and dashboard (:func:`multivector.api.create_app`) under uvicorn.

Binds to loopback (127.0.0.1) unless ``--host`` says otherwise, and warns when it does: the API has no
authentication. The store is opened read-only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from multivector.cli.main import app
from multivector.errors import InputError

__all__ = ["LOOPBACK", "serve"]

#: Hosts that only this machine can reach.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_err = Console(stderr=True)


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
    uvicorn.run(create_app(store), host=host, port=port, log_level=log_level)
