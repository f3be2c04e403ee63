"""Size limits: request bodies over :data:`MAX_BODY_BYTES` get a 413 before any route sees them.

A pure ASGI middleware: it rejects a declared ``Content-Length`` over the limit at once, and reads a streamed
(chunked) body only up to the limit before refusing it. Response sizes
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
        # Read the body (at most max_bytes of it) before the app sees it, then replay it: a body over the
        # limit is refused whether or not it declared its length.
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.max_bytes:
                await self._reject(send, 413, self._message())
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _message(self) -> str:
        return f"request body is larger than {self.max_bytes // 1024} KiB"

    @staticmethod
    async def _reject(send: Send, status: int, error: str) -> None:
        body = json.dumps({"error": error, "field": "body"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
