"""The REST API and web dashboard: ``multivector serve`` runs :func:`create_app` with uvicorn.

::

    from multivector.api import create_app
    app = create_app()                     # the default store, read-only
    # uvicorn.run(app, host="127.0.0.1", port=8000)

Endpoints live under ``/api/v1`` (OpenAPI at ``/openapi.json``, docs at ``/docs``); the dashboard is
at ``/``. See ``docs/api.md``.
"""

from __future__ import annotations

from multivector.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
