"""Issue 14, item 8: downloads checked beyond the publisher's checksum, against a local server on 127.0.0.1.

A tampered file (pinned on first download), an HTML error page, a body cut short without Content-Length,
a resumed ``.part`` of a file that changed on the server, a redirect from https to http, and the size cap.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import httpx
import pytest

from multivector.errors import DownloadError
from multivector.store import download_file, pull
from multivector.store.download import _client
from multivector.store.manifest import ManifestEntry
from multivector.store.verify import check_pins

# 22 + 24 x 200 = 4,822 bytes: the server's cut at half (2,411) falls inside a row
CSV_V1 = b"ccode,stateabb,styear\n" + b"2,USA,1898\n200,UKG,1816\n" * 200
CSV_V2 = CSV_V1.replace(b"1898", b"1899")
NOISE = os.urandom(200_000)  # incompressible: the archives below are as large as their content


def _zip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("member.csv", data)
    return buf.getvalue()


def _entry(path: str, filetype: str) -> ManifestEntry:
    """A manifest entry like cow_majors (no checksum published) at ``https://publisher.example/<path>``."""
    return ManifestEntry(
        name="majors", source="cow_majors", kind="file", url=f"https://publisher.example/{path}",
        filename=path.rsplit("/", 1)[-1], version="2016", verify="none", licence="x", citation="y",
        filetype=filetype,
    )  # fmt: skip


def _pull(local_server, tmp_path: Path, entry: ManifestEntry, accept_new: bool = False):  # type: ignore[no-untyped-def]
    return pull(
        ["majors"], mirror=local_server.url, dest=tmp_path, progress=False, manifest={"majors": entry},
        accept_new=accept_new,
    )  # fmt: skip


def test_a_tampered_file_is_refused_after_the_first_pull_pins_it(local_server, tmp_path: Path) -> None:
    entry = _entry("data/majors2016.csv", "csv")
    local_server.put("data/majors2016.csv", CSV_V1)
    first = _pull(local_server, tmp_path, entry)
    assert first[0].status == "downloaded" and "pinned" in first[0].message
    cached = tmp_path / "majors" / "majors2016.csv"
    cached.unlink()  # a later pull fetches the file again ...
    local_server.put("data/majors2016.csv", CSV_V2)  # ... and it has been changed on the way
    with pytest.raises(DownloadError, match=r"majors/majors2016.csv: differs from the copy first downloaded"):
        _pull(local_server, tmp_path, entry)
    assert not cached.exists()  # the changed copy is not left in the cache
    again = _pull(local_server, tmp_path, entry, accept_new=True)  # a new release, accepted on purpose
    assert again[0].status == "downloaded" and "re-pinned" in again[0].message
    assert cached.read_bytes() == CSV_V2


def test_a_cached_copy_changed_on_disk_is_refused_before_use(local_server, tmp_path: Path) -> None:
    entry = _entry("data/majors2016.csv", "csv")
    local_server.put("data/majors2016.csv", CSV_V1)
    _pull(local_server, tmp_path, entry)
    folder = tmp_path / "majors"
    check_pins(folder)  # unchanged: fine
    (folder / "majors2016.csv").write_bytes(CSV_V2)
    with pytest.raises(DownloadError, match=r"majors2016.csv: changed since it was downloaded and pinned"):
        check_pins(folder)
    with pytest.raises(DownloadError, match="differs from the copy first downloaded"):
        _pull(local_server, tmp_path, entry)  # the cached copy is checked against its pin too


@pytest.mark.parametrize("filetype", ["zip", "csv"])
def test_an_html_error_page_is_refused(local_server, tmp_path: Path, filetype: str) -> None:
    page = b"<!DOCTYPE html>\n<html><body>Service temporarily unavailable</body></html>\n"
    local_server.put(f"data/file.{filetype}", page)
    dest = tmp_path / "cache" / f"file.{filetype}"
    with pytest.raises(
        DownloadError, match=rf"file.{filetype}: the server sent an HTML page, not the {filetype}"
    ):
        download_file(f"{local_server.url}/data/file.{filetype}", dest, filetype=filetype)
    assert list(dest.parent.iterdir()) == []  # nothing cached, no partial file kept


def test_a_body_cut_short_without_content_length_is_refused(local_server, tmp_path: Path) -> None:
    # The server sends no Content-Length and closes half-way: HTTP alone cannot tell. Before, the first
    # half of the rows was kept and then served as "cached"; the format checks catch it.
    cache = tmp_path / "cache"
    local_server.put("nolength/majors2016.csv", CSV_V1)
    with pytest.raises(DownloadError, match="does not end with a line break"):
        download_file(f"{local_server.url}/nolength/majors2016.csv", cache / "m.csv", filetype="csv")
    local_server.put("nolength/trade.zip", _zip(NOISE))
    with pytest.raises(DownloadError, match="not a complete zip archive"):
        download_file(f"{local_server.url}/nolength/trade.zip", cache / "t.zip", filetype="zip")
    assert list(cache.iterdir()) == []


def test_a_resumed_part_of_a_changed_file_is_not_spliced(local_server, tmp_path: Path) -> None:
    v1, v2 = _zip(NOISE + CSV_V1), _zip(NOISE + CSV_V2)
    assert len(v1) == len(v2) and v1 != v2
    local_server.put("truncate/f.zip", v1)
    dest = tmp_path / "f.zip"
    with pytest.raises(DownloadError, match="download truncated"):
        download_file(f"{local_server.url}/truncate/f.zip", dest, filetype="zip")
    part = tmp_path / "f.zip.part"
    half = part.stat().st_size
    assert 0 < half < len(v1)
    local_server.put("truncate/f.zip", v2)  # the publisher replaced the file meanwhile
    (local_server.root / "good").mkdir()
    local_server.put("good/f.zip", v2)
    got = download_file(f"{local_server.url}/good/f.zip", dest, filetype="zip")
    # the resume asked "only if unchanged" (If-Range with the first answer's ETag); the file had changed,
    # so the server sent all of it and nothing of the old half was kept
    assert local_server.requests[-1] == ("/good/f.zip", f"bytes={half}-")
    assert local_server.if_range[-1] is not None
    assert not got.resumed and dest.read_bytes() == v2


def test_a_part_without_validator_or_checksum_starts_over(local_server, tmp_path: Path) -> None:
    data = _zip(CSV_V1)
    local_server.put("data/g.zip", data)
    (tmp_path / "g.zip.part").write_bytes(b"bytes of some other file")
    got = download_file(f"{local_server.url}/data/g.zip", tmp_path / "g.zip", filetype="zip")
    assert local_server.requests == [("/data/g.zip", None)]  # no Range: nothing could check a splice
    assert not got.resumed and (tmp_path / "g.zip").read_bytes() == data


def test_a_redirect_from_https_to_http_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.scheme == "https":
            return httpx.Response(302, headers={"Location": "http://mirror.example/file.zip"})
        return httpx.Response(200, content=b"plain-text copy")

    with _client() as client:
        client._transport = httpx.MockTransport(handler)
        with pytest.raises(DownloadError, match=r"redirects to http://mirror\.example/file\.zip: refused"):
            client.get("https://publisher.example/file.zip")
        assert client.get("http://mirror.example/file.zip").status_code == 200  # plain http, asked for


def test_downloads_are_capped(local_server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MULTIVECTOR_MAX_DOWNLOAD_MB", "0.01")  # 10,485 bytes
    local_server.put("data/big.csv", CSV_V1 * 3)  # 14,466 bytes: over the cap
    with pytest.raises(DownloadError, match=r"big.csv: [\d,]+ bytes, more than the download limit"):
        download_file(f"{local_server.url}/data/big.csv", tmp_path / "big.csv")
    assert local_server.requests  # refused from the Content-Length, nothing written
    assert not (tmp_path / "big.csv.part").exists() or (tmp_path / "big.csv.part").stat().st_size == 0
    local_server.put("nolength/big.csv", CSV_V1 * 6)  # no length, half sent (14,466): stopped on the way
    with pytest.raises(DownloadError, match="more than the download limit of 10,485 bytes"):
        download_file(f"{local_server.url}/nolength/big.csv", tmp_path / "big2.csv")
