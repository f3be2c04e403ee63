"""A local HTTP server on 127.0.0.1 serving files from a temporary folder, with Range support.

Paths under ``/truncate/`` send a full Content-Length but close the connection half-way through the body;
paths under ``/nolength/`` send no Content-Length and close half-way (a cut the client cannot see).
Every answer carries an ``ETag`` (the MD5 of the file's bytes) and honours ``If-Range``: a Range request
whose If-Range no longer matches gets the whole file (200). Every request's path and Range header is
recorded in ``server.requests``, its If-Range in ``server.if_range``.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@dataclass
class LocalServer:
    root: Path
    url: str
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    if_range: list[str | None] = field(default_factory=list)

    def put(self, rel: str, data: bytes) -> Path:
        path = self.root / rel.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            return

        def do_GET(self) -> None:
            rng = self.headers.get("Range")
            server.requests.append((self.path, rng))
            server.if_range.append(self.headers.get("If-Range"))
            rel = self.path.split("?", 1)[0].lstrip("/")
            truncate = rel.startswith("truncate/")
            no_length = rel.startswith("nolength/")
            path = server.root / rel
            if not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            etag = '"' + hashlib.md5(data).hexdigest() + '"'
            if_range = self.headers.get("If-Range")
            if rng and if_range is not None and if_range != etag:
                rng = None  # the file changed since the client's first bytes: send it whole
            start = 0
            if rng and rng.startswith("bytes="):
                start = int(rng[6:].split("-", 1)[0])
                if start >= len(data):
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{len(data)}")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            else:
                self.send_response(200)
            body = data[start:]
            self.send_header("ETag", etag)
            if no_length:
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if truncate:
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[LocalServer]:
    root = tmp_path / "www"
    root.mkdir()
    state = LocalServer(root=root, url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
