"""Size limits: request bodies over :data:`MAX_BODY_BYTES` get a 413 before any route sees them.

A pure ASGI middleware (no buffering of the whole body first): it rejects a declared ``Content-Length``
over the limit at once, and counts the bytes of a streamed (chunked) body as they arrive. Response sizes
are limited by the routes themselves (row caps on ``/series`` and the panel export, :data:`MAX_ROWS`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["MAX_BODY_BYTES", "MAX_ROWS", "BodySizeLimit"]

#: Largest accepted request body (64 KiB): a scenario run's JSON is a few hundred bytes.
MAX_BODY_BYTES = 64 * 1024
#: Most rows a series or a panel export may return; narrow the partners or years to get less.
MAX_ROWS = 100_000

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Reject HTTP requests whose body exceeds ``max_bytes`` with ``413 {"error": ..., "field": "body"}``."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await self._reject(send, 400, "Content-Length is not a number")
                    return
                if declared > self.max_bytes:
                    await self._reject(send, 413, self._message())
                    return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._reject(send, 413, self._message())

    def _message(self) -> str:
        return f"request body is larger than {self.max_bytes // 1024} KiB"

    @staticmethod
    async def _reject(send: Send, status: int, error: str) -> None:
        body = json.dumps({"error": error, "field": "body"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body})
