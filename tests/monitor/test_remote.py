"""Following GDELT 2.0 (a local mirror on 127.0.0.1: lastupdate.txt, masterfilelist.txt, the zips) and the
webhook (retries with backoff, never logs its URL)."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from feed import Feed

from multivector.dimensions import GDELT_FILES, MONITOR_ALERTS
from multivector.errors import InputError
from multivector.monitor.engine import Monitor
from multivector.monitor.remote import Follower, parse_listing
from multivector.monitor.webhook import Webhook, deliver
from multivector.store import Store

GDELT = "http://data.gdeltproject.org/gdeltv2/"


@dataclass
class Server:
    root: Path
    url: str = ""
    posts: list[tuple[str, bytes]] = field(default_factory=list)
    post_status: list[int] = field(default_factory=list)  # answers to POSTs, in order (then 200)


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            path = server.root / self.path.lstrip("/")
            if not path.is_file():
                self.send_error(404)
                return
            data = path.read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            server.posts.append((self.path, body))
            status = server.post_status.pop(0) if server.post_status else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    state = Server(tmp_path / "www")
    state.root.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


def _publish(server: Server, feed: Feed, n: int) -> list[tuple[int, str, str]]:
    """Zip the first n feed files as GDELT publishes them; return their (size, md5, url) lines."""
    out = server.root / "gdeltv2"
    out.mkdir()
    lines = []
    for f in feed.files[:n]:
        name = f.name if f.name.endswith(".zip") else f.name + ".zip"
        target = out / name
        if f.name.endswith(".zip"):
            shutil.copy(f, target)
        else:
            with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
                zf.write(f, f.name)
        data = target.read_bytes()
        lines.append((len(data), hashlib.md5(data).hexdigest(), GDELT + name))
    return lines


def _write_lists(server: Server, lines: list[tuple[int, str, str]]) -> None:
    other = [
        (10, "0" * 32, GDELT + "20250303000000.mentions.CSV.zip"),
        (9, "1" * 32, GDELT + "x.gkg.csv.zip"),
    ]
    text = "\n".join(f"{s} {m} {u}" for s, m, u in [*lines, *other]) + "\n"
    (server.root / "gdeltv2" / "masterfilelist.txt").write_text(text)
    s, m, u = lines[-1]
    (server.root / "gdeltv2" / "lastupdate.txt").write_text(f"{s} {m} {u}\n" + "\n".join(
        f"{a} {b} {c}" for a, b, c in other) + "\n")  # fmt: skip


def test_parse_listing_keeps_the_event_exports() -> None:
    lines = [
        f"5 {'a' * 32} {GDELT}20250303001500.export.CSV.zip",
        f"7 {'b' * 32} {GDELT}20250303001500.mentions.CSV.zip",
        "broken line",
        f"6 {'c' * 32} {GDELT}20250303000000.export.CSV.zip",
    ]
    got = parse_listing(lines)
    assert [(g.name, g.size, g.md5) for g in got] == [
        ("20250303000000.export.CSV.zip", 6, "c" * 32),
        ("20250303001500.export.CSV.zip", 5, "a" * 32),
    ]


def test_follow_fills_the_gap_and_quarantines_what_cannot_be_had(
    server: Server, feed_dir: Feed, tmp_path: Path
) -> None:
    lines = _publish(server, feed_dir, 6)
    size, _md5, url = lines[2]
    lines[2] = (size, "f" * 32, url)  # the list says another md5: the download must be refused
    (server.root / "gdeltv2" / lines[3][2].rsplit("/", 1)[1]).unlink()  # listed, but gone: HTTP 404
    _write_lists(server, lines)
    with Store(tmp_path / "s.duckdb") as st:
        mon = Monitor(st)
        follower = Follower(mon, tmp_path / "dl", GDELT, mirror=server.url)
        try:
            first = follower.poll()  # an empty store: only the newest file
            assert [f.outcome.name for f in first.files] == [lines[5][2].rsplit("/", 1)[1]]
            mon.process(feed_dir.files[0])  # a file from earlier: the next poll fills the gap after it
            st._connection().execute(
                f"DELETE FROM {GDELT_FILES} WHERE name = ?", [first.files[0].outcome.name]
            )
            second = follower.poll()
        finally:
            follower.close()
        states = [(f.outcome.name[:14], f.outcome.state) for f in second.files]
        assert [s for _n, s in states] == ["imported", "quarantined", "quarantined", "imported", "imported"]
        reasons = [f.outcome.reason for f in second.files]
        assert "checksum mismatch" in reasons[1] and "HTTP 404" in reasons[2]
        rows = st.query_df(f"SELECT name, md5, md5_published, size_published, bytes FROM {GDELT_FILES}"
                           " WHERE state = 'imported' AND md5_published IS NOT NULL")  # fmt: skip
        assert (
            len(rows) == 3
            and (rows.md5 == rows.md5_published).all()
            and (rows.bytes == rows.size_published).all()
        )
        assert not list((tmp_path / "dl").glob("*.zip"))  # downloads are removed once imported
        again = Follower(mon, tmp_path / "dl", GDELT, mirror=server.url)
        try:
            assert again.poll().files == []  # nothing new
        finally:
            again.close()


def test_webhook_retries_with_backoff_and_never_logs_its_url(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "/hook/T0KEN-s3cret?key=abc"
    server.post_status[:] = [503, 429]
    waits: list[float] = []
    hook = Webhook(server.url + secret, attempts=4, backoff=0.5, sleep=waits.append)
    with caplog.at_level(logging.DEBUG):
        ok, message = hook.post([{"alert_id": "x", "iso3": "KAZ"}])
    assert ok and waits == [0.5, 1.0] and len(server.posts) == 3
    assert json.loads(server.posts[-1][1])["alerts"][0]["iso3"] == "KAZ"
    assert "s3cret" not in message and "s3cret" not in caplog.text and "s3cret" not in repr(hook)
    server.post_status[:] = [400]
    ok, message = hook.post([])
    assert not ok and "HTTP 400" in message and len(server.posts) == 4  # a client error is not retried
    server.post_status[:] = [500] * 4
    ok, message = hook.post([])
    assert not ok and "after 4 attempts" in message and "s3cret" not in message
    with pytest.raises(InputError):
        Webhook("file:///etc/passwd")


def test_deliver_marks_alerts_and_resends_failed_ones(server: Server, replayed_copy: Path) -> None:
    with Store(replayed_copy) as st:
        con = st._connection()
        ids = [r[0] for r in con.execute(f"SELECT alert_id FROM {MONITOR_ALERTS} ORDER BY 1").fetchall()]
        assert ids
        server.post_status[:] = [500, 500]
        hook = Webhook(server.url + "/hook", attempts=2, backoff=0, sleep=lambda s: None)
        sent, _msg = deliver(con, hook, ids[:1])
        assert sent == 0
        assert con.execute(
            f"SELECT webhook FROM {MONITOR_ALERTS} WHERE alert_id = ?", ids[:1]
        ).fetchall() == [("failed",)]
        sent, _msg = deliver(con, hook, [])  # the failed one goes again
        assert sent == 1
        assert con.execute(
            f"SELECT webhook FROM {MONITOR_ALERTS} WHERE alert_id = ?", ids[:1]
        ).fetchall() == [("sent",)]
