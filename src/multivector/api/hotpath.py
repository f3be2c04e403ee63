"""The hot path: repeated GETs of the read-mostly JSON endpoints answered from pre-serialised bytes.

:class:`CachedAnswers` is a pure ASGI middleware in front of the whole app. For a GET of one of
:data:`HOT_PATHS` without a body it looks up ``(store version, path, raw query string)``; on a hit it sends
the stored bytes with their ``Content-Type``, ``Content-Length``, ``ETag`` and ``Cache-Control`` headers
(a ``304`` when ``If-None-Match`` names the ETag) without routing, dependency injection, pydantic or
pandas. On a miss the request goes through the app as usual and a ``200`` JSON answer is kept for next
time. The key holds the store file's modification time, so a re-import serves fresh answers; an answer is
only ever reused for the exact same path and query string, so it is byte-for-byte what the route gave.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from multivector.api.limits import CACHE_BYTES, ASGIApp, ByteLRU, Message, Receive, Scope, Send

__all__ = ["CACHE_CONTROL", "HOT_PATHS", "CachedAnswers", "etag_of"]

#: Exact paths (under the API prefix) whose 200 answers are cached by the middleware.
HOT_PATHS: tuple[str, ...] = ("/series", "/compare", "/countries", "/indicators", "/dimensions")
#: ``/countries/{iso3}/profile``, ``/series`` and ``/trade-bases`` are cached too (matched by shape).
_COUNTRY_SUFFIXES = ("/profile", "/series", "/trade-bases")
#: The answers change only when the store is re-imported: let clients reuse them briefly, then revalidate.
CACHE_CONTROL = b"public, max-age=60"
#: Largest answer kept (bytes); all answers together hold at most CACHE_BYTES.
MAX_ANSWER_BYTES = 8 * 1024 * 1024


def etag_of(body: bytes) -> str:
    """A strong ETag for a body (quoted hex digest)."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


class CachedAnswers:
    """Serve repeated GETs of the hot JSON endpoints from memory (see the module docstring)."""

    def __init__(self, app: ASGIApp, version: Callable[[], int], prefix: str = "/api/v1") -> None:
        self.app = app
        self.version = version
        self.prefix = prefix
        self.exact = frozenset(prefix + p for p in HOT_PATHS)
        self.answers: ByteLRU[tuple[int, str, bytes], tuple[list[tuple[bytes, bytes]], bytes, bytes]] = (
            ByteLRU(CACHE_BYTES, lambda answer: len(answer[1]) + 256)
        )

    def _hot(self, path: str) -> bool:
        if path in self.exact:
            return True
        # /api/v1/countries/XXX/profile, /api/v1/countries/XXX/series
        return (
            path.endswith(_COUNTRY_SUFFIXES)
            and path.startswith(self.prefix + "/countries/")
            and path.count("/") == self.prefix.count("/") + 3
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or not self._hot(scope["path"]):
            await self.app(scope, receive, send)
            return
        if_none_match = None
        for name, value in scope["headers"]:
            if name in (b"content-length", b"transfer-encoding") and value not in (b"0",):
                await self.app(scope, receive, send)  # a GET with a body: let the app (and limits) judge
                return
            if name == b"if-none-match":
                if_none_match = value
        key = (self.version(), scope["path"], scope.get("query_string", b""))
        hit = self.answers.get(key)
        if hit is None:
            await self._fill(key, scope, receive, send)
            return
        headers, body, etag = hit
        if if_none_match is not None and etag in [t.strip() for t in if_none_match.split(b",")]:
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", etag), (b"cache-control", CACHE_CONTROL)]})  # fmt: skip
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def _fill(self, key: tuple[int, str, bytes], scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; buffer a 200 JSON answer, keep it and send it with its ETag; pass anything else on."""
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        buffering = True

        async def capture(message: Message) -> None:
            nonlocal start, size, buffering
            if message["type"] == "http.response.start":
                ctype = dict(message.get("headers", [])).get(b"content-type", b"")
                buffering = buffering and message["status"] == 200 and ctype.startswith(b"application/json")
                if buffering:
                    start = message
                else:
                    await send(message)
                return
            if not buffering or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if not message.get("more_body", False):
                headers, body, _ = self._keep(key, b"".join(chunks))
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
            elif size > MAX_ANSWER_BYTES:  # too large to keep: send what we have and stream the rest
                buffering = False
                assert start is not None
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                chunks.clear()

        await self.app(scope, receive, capture)

    def _keep(
        self, key: tuple[int, str, bytes], body: bytes
    ) -> tuple[list[tuple[bytes, bytes]], bytes, bytes]:
        etag = etag_of(body).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"etag", etag),
            (b"cache-control", CACHE_CONTROL),
        ]
        oldest = self.answers.first_key()
        if oldest is not None and oldest[0] != key[0]:
            self.answers.clear()  # the store changed: every older answer is stale
        self.answers.put(key, (headers, body, etag))
        return headers, body, etag
