"""The server's limits: request bodies, Host names, connections, and the answer caches' memory.

- :class:`BodySizeLimit`: request bodies over :data:`MAX_BODY_BYTES` get a 413 before any route sees them
  (a declared ``Content-Length`` over the limit at once; a streamed body is read only up to the limit).
- :class:`HostCheck`: a request whose ``Host`` is not this machine's loopback name (``localhost``,
  ``127.0.0.1``, ``[::1]``) or a host the server was started for gets a 400: a web page on another site
  cannot reach the API through DNS rebinding (its requests carry that site's name).
- :data:`MAX_CONNECTIONS`, :data:`KEEP_ALIVE_SECONDS` and :func:`guarded_protocol`: what ``multivector
  serve`` gives uvicorn. A connection past :data:`MAX_CONNECTIONS` is closed as soon as it is accepted (its
  file descriptor freed: held connections cannot use up the open files), requests past it get a 503
  (``limit_concurrency``); a new connection must send its first request's headers within
  :data:`HEADER_SECONDS` (silent and slowloris clients are closed); idle keep-alive connections are closed
  after :data:`KEEP_ALIVE_SECONDS`.
- :class:`ByteLRU`: the answer caches are bounded by the bytes they hold (:data:`CACHE_BYTES`), not by a
  number of entries.

Response sizes are limited by the routes themselves (row caps on ``/series`` and the panel export,
:data:`MAX_ROWS`).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Collection, Hashable, Iterator, MutableMapping
from typing import Any, Generic, TypeVar

__all__ = [
    "CACHE_BYTES",
    "HEADER_SECONDS",
    "KEEP_ALIVE_SECONDS",
    "LOOPBACK_HOSTS",
    "MAX_BODY_BYTES",
    "MAX_CONNECTIONS",
    "MAX_ROWS",
    "BodySizeLimit",
    "ByteLRU",
    "HostCheck",
    "guarded_protocol",
]

#: Largest accepted request body (64 KiB): a scenario run's JSON is a few hundred bytes.
MAX_BODY_BYTES = 64 * 1024
#: Most rows a series or a panel export may return; narrow the partners or years to get less.
MAX_ROWS = 100_000
#: Most connections (and running requests) uvicorn keeps at once; more get a 503. Well under the usual
#: limit of 1,024 open files per process.
MAX_CONNECTIONS = 256
#: Seconds an idle keep-alive connection is kept open.
KEEP_ALIVE_SECONDS = 5
#: Seconds a new connection has to send the headers of its first request.
HEADER_SECONDS = 10
#: Bytes each answer cache may hold (the serialised JSON answers, the panel frames).
CACHE_BYTES = 64 * 1024 * 1024
#: Host names that reach this machine only; ``testserver`` is the in-process test client's (it never
#: resolves in a browser, so a rebinding page cannot use it).
LOOPBACK_HOSTS: frozenset[str] = frozenset({"localhost", "127.0.0.1", "::1", "testserver"})

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
    async def _reject(send: Send, status: int, error: str, field: str = "body") -> None:
        body = json.dumps({"error": error, "field": field}).encode()
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


def _host_name(value: bytes) -> str:
    """The host of a ``Host`` header without its port (``[::1]:8000`` -> ``::1``), lower case."""
    text = value.decode("latin-1").strip().lower()
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    return text.rsplit(":", 1)[0] if text.count(":") == 1 else text


class HostCheck:
    """Answer ``400 {"error": ..., "field": "host"}`` to a request whose ``Host`` is not allowed.

    ``allowed``: host names without port (:data:`LOOPBACK_HOSTS` and the address the server is bound to);
    ``"*"`` in it turns the check off (a server bound to all interfaces on purpose). A request without a
    ``Host`` header (HTTP/1.0) is refused too.
    """

    def __init__(self, app: ASGIApp, allowed: Collection[str] = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.allowed = frozenset(h.strip("[]").lower() for h in allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or "*" in self.allowed:
            await self.app(scope, receive, send)
            return
        host = next((v for k, v in scope.get("headers", []) if k == b"host"), None)
        name = _host_name(host) if host is not None else ""
        if name in self.allowed:
            await self.app(scope, receive, send)
            return
        shown = name[:60] or "(none)"
        names = ", ".join(sorted(self.allowed - {"testserver"}))
        error = (
            f"Host {shown!r} is not allowed: this server answers requests for {names} only (a guard against "
            "DNS rebinding); open it at http://127.0.0.1:PORT/ or start it with --allow-host NAME"
        )
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await BodySizeLimit._reject(send, 400, error, field="host")


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteLRU(Generic[K, V]):
    """A thread-safe least-recently-used map bounded by the bytes of its values (``size(value)``).

    A value larger than the whole budget is not kept. ``clear()`` empties it (e.g. when the store changes).
    """

    def __init__(self, max_bytes: int = CACHE_BYTES, size: Callable[[V], int] = len) -> None:  # type: ignore[assignment]
        self.max_bytes = max_bytes
        self._size = size
        self._data: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[K]:
        """The keys, least recently used first (a snapshot)."""
        with self._lock:
            return iter(list(self._data))

    def get(self, key: K) -> V | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is None:
                return None
            self._data.move_to_end(key)
            return hit[0]

    def put(self, key: K, value: V) -> None:
        n = int(self._size(value))
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            if n > self.max_bytes:
                return
            self._data[key] = (value, n)
            self.bytes += n
            while self.bytes > self.max_bytes:
                _, (_, dropped) = self._data.popitem(last=False)
                self.bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.bytes = 0

    def first_key(self) -> K | None:
        """The least recently used key (None when empty)."""
        with self._lock:
            return next(iter(self._data), None)


def guarded_protocol(header_seconds: float = HEADER_SECONDS) -> type[Any]:
    """uvicorn's HTTP protocol (httptools or h11, as uvicorn picks) that closes a connection accepted past
    ``limit_concurrency`` at once, and a connection whose first request's headers have not arrived after
    ``header_seconds``. Give it to uvicorn as ``http=``."""
    from uvicorn.protocols.http.auto import AutoHTTPProtocol

    base: Any = AutoHTTPProtocol

    class GuardedHTTPProtocol(base):
        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._deadline = None
            limit = self.limit_concurrency
            if limit is not None and len(self.connections) > limit:
                transport.close()  # shed: the file descriptor is freed at once
                return
            self._deadline = self.loop.call_later(header_seconds, self._first_request_late)

        def _first_request_late(self) -> None:
            if self.cycle is None and not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
            super().connection_lost(exc)

    return GuardedHTTPProtocol
