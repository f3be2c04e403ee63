"""Downloads against a local server: good, corrupted, truncated, resumed, and GDELT md5-list verification."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from datetime import date
from pathlib import Path

import pytest

from multivector.errors import DownloadError, InputError
from multivector.store import download_file, load_manifest, pull
from multivector.store.download import parse_masterfilelist, parse_md5sums, rebase_url, select_gdelt1
from multivector.store.manifest import ManifestEntry

PAYLOAD = os.urandom(300_000)
MD5 = hashlib.md5(PAYLOAD).hexdigest()
SHA = hashlib.sha256(PAYLOAD).hexdigest()


def test_good_file_verified_and_cached(local_server, tmp_path: Path) -> None:
    local_server.put("data/good.zip", PAYLOAD)
    dest = tmp_path / "cache" / "good.zip"
    got = download_file(f"{local_server.url}/data/good.zip", dest, size=len(PAYLOAD), sha256=SHA)
    assert got.status == "downloaded" and got.verified == "sha256" and dest.read_bytes() == PAYLOAD
    again = download_file(f"{local_server.url}/data/good.zip", dest, size=len(PAYLOAD), sha256=SHA)
    assert again.status == "cached"
    assert len(local_server.requests) == 1


def test_corrupted_file_is_rejected_and_not_cached(local_server, tmp_path: Path) -> None:
    local_server.put("data/bad.zip", PAYLOAD[:-1] + b"\x00")
    dest = tmp_path / "cache" / "bad.zip"
    expected = rf"bad.zip: checksum mismatch: expected md5 {MD5}, got [0-9a-f]{{32}}"
    with pytest.raises(DownloadError, match=expected):
        download_file(f"{local_server.url}/data/bad.zip", dest, md5=MD5)
    assert not dest.exists() and not dest.with_name("bad.zip.part").exists()
    assert list(dest.parent.iterdir()) == []


def test_size_mismatch_is_rejected(local_server, tmp_path: Path) -> None:
    local_server.put("data/short.zip", PAYLOAD[:1000])
    dest = tmp_path / "short.zip"
    expected = r"short.zip: download truncated: expected 300,000 bytes, got 1,000"
    with pytest.raises(DownloadError, match=expected):
        download_file(f"{local_server.url}/data/short.zip", dest, size=len(PAYLOAD))
    assert not dest.exists()


def test_truncated_then_resumed(local_server, tmp_path: Path) -> None:
    local_server.put("truncate/f.zip", PAYLOAD)
    dest = tmp_path / "f.zip"
    with pytest.raises(DownloadError, match=r"f.zip: download truncated.*expected 300,000"):
        download_file(f"{local_server.url}/truncate/f.zip", dest, size=len(PAYLOAD), md5=MD5)
    part = tmp_path / "f.zip.part"
    assert not dest.exists() and 0 < part.stat().st_size < len(PAYLOAD)
    half = part.stat().st_size
    local_server.put("good/f.zip", PAYLOAD)
    got = download_file(f"{local_server.url}/good/f.zip", dest, size=len(PAYLOAD), md5=MD5)
    assert got.resumed and got.verified == "md5" and dest.read_bytes() == PAYLOAD
    assert local_server.requests[-1] == ("/good/f.zip", f"bytes={half}-")
    assert not part.exists()


def test_resume_from_existing_part(local_server, tmp_path: Path) -> None:
    local_server.put("data/r.zip", PAYLOAD)
    (tmp_path / "r.zip.part").write_bytes(PAYLOAD[:12345])
    got = download_file(f"{local_server.url}/data/r.zip", tmp_path / "r.zip", sha256=SHA)
    assert got.resumed and (tmp_path / "r.zip").read_bytes() == PAYLOAD
    assert local_server.requests == [("/data/r.zip", "bytes=12345-")]


def test_http_error(local_server, tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_file(f"{local_server.url}/missing.zip", tmp_path / "m.zip")


def test_parse_gdelt_lists() -> None:
    md5s = parse_md5sums(["eae31b05c53ec7c57927560e23740149  20130401.export.CSV.zip", "garbage", ""])
    assert md5s == {"20130401.export.CSV.zip": "eae31b05c53ec7c57927560e23740149"}
    line = "150383 297a16b493de7cf6ca809a7cc31d0b93 http://x/gdeltv2/a.zip"
    rows = list(parse_masterfilelist([line, "1 2"]))
    assert rows == [(150383, "297a16b493de7cf6ca809a7cc31d0b93", "http://x/gdeltv2/a.zip")]
    chosen = select_gdelt1(
        {"2005.zip": "a" * 32, "201303.zip": "b" * 32, "20130401.export.CSV.zip": "c" * 32,
         "20130402.export.CSV.zip": "d" * 32, "GDELT.MASTERREDUCEDV2.1979-2013.zip": "e" * 32},
        date(2013, 3, 31), date(2013, 4, 1),
    )  # fmt: skip
    assert [n for n, _ in chosen] == ["201303.zip", "20130401.export.CSV.zip"]


def test_parse_real_gdelt_indexes(shared_data: Path) -> None:
    idx = shared_data / "gdelt" / "reference" / "file_indexes"
    md5s = parse_md5sums((idx / "v1_event_md5sums.txt").read_text().splitlines())
    assert md5s["20130401.export.CSV.zip"] == "eae31b05c53ec7c57927560e23740149"
    v2 = list(parse_masterfilelist((idx / "v2_masterfilelist_english.txt").read_text().splitlines()))
    assert len(v2) >= 800 and v2[0][0] == 150383


def test_rebase_url() -> None:
    assert rebase_url("http://data.gdeltproject.org/events/md5sums", "http://127.0.0.1:9/m") == (
        "http://127.0.0.1:9/m/events/md5sums"
    )
    assert (
        rebase_url("https://h/api/x/?persistentId=doi:1", "http://l:1")
        == "http://l:1/api/x/?persistentId=doi:1"
    )
    assert rebase_url("http://a/b", None) == "http://a/b"


def _zip(name: str, data: bytes) -> bytes:
    """A real zip archive holding ``data`` as ``name`` (GDELT entries are checked to be zips)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return buf.getvalue()


def _gdelt1_server(local_server) -> None:
    good = _zip("20130401.export.CSV", b"day one events\n" * 1000)
    bad = _zip("20130402.export.CSV", b"day two events\n" * 1000)
    local_server.put("events/20130401.export.CSV.zip", good)
    local_server.put("events/20130402.export.CSV.zip", bad[:-1] + b"X")
    local_server.put(
        "events/md5sums",
        f"{hashlib.md5(good).hexdigest()}  20130401.export.CSV.zip\n"
        f"{hashlib.md5(bad).hexdigest()}  20130402.export.CSV.zip\n".encode(),
    )


def test_pull_gdelt1_verifies_against_md5_list(local_server, tmp_path: Path, monkeypatch) -> None:
    _gdelt1_server(local_server)
    monkeypatch.setenv("MULTIVECTOR_MIRROR", local_server.url)
    got = pull(["gdelt"], since=date(2013, 4, 1), until=date(2013, 4, 1), dest=tmp_path, progress=False)
    assert [(r.status, r.verified) for r in got] == [("downloaded", "md5")]
    assert (tmp_path / "gdelt" / "20130401.export.CSV.zip").exists()
    with pytest.raises(DownloadError, match=r"20130402.export.CSV.zip: checksum mismatch: expected md5"):
        pull(["gdelt"], since=date(2013, 4, 2), until=date(2013, 4, 2), dest=tmp_path, progress=False)
    assert not (tmp_path / "gdelt" / "20130402.export.CSV.zip").exists()


def test_pull_gdelt2_masterfilelist(local_server, tmp_path: Path) -> None:
    data = _zip("20150218230000.export.CSV", b"\t".join([b"x"] * 61) + b"\n")
    local_server.put("gdeltv2/20150218230000.export.CSV.zip", data)
    local_server.put(
        "gdeltv2/masterfilelist.txt",
        f"{len(data)} {hashlib.md5(data).hexdigest()} http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip\n"
        f"5 {'0' * 32} http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip\n".encode(),
    )
    got = pull(["gdelt2"], since=date(2015, 2, 18), mirror=local_server.url, dest=tmp_path, progress=False)
    assert [(r.name, r.verified) for r in got] == [("gdelt2/20150218230000.export.CSV.zip", "md5")]


def test_pull_file_entry_and_skips(local_server, tmp_path: Path) -> None:
    local_server.put("wp-content/uploads/COW_Trade_4.0.zip", PAYLOAD)
    entry = ManifestEntry(name="cow_trade", source="cow_trade", kind="file",
                          url="https://correlatesofwar.org/wp-content/uploads/COW_Trade_4.0.zip",
                          filename="COW_Trade_4.0.zip", version="4.0", verify="sha256", licence="x",
                          citation="y", sha256=SHA)  # fmt: skip
    manifest = {**load_manifest(), "cow_trade": entry}
    got = pull(["cow_trade", "gdelt", "sipri"], mirror=local_server.url, dest=tmp_path, progress=False,
               manifest=manifest)  # fmt: skip
    assert [r.status for r in got] == ["downloaded", "skipped", "manual"]
    assert "--since" in got[1].message and "armstransfers.sipri.org" in got[2].message
    with pytest.raises(InputError, match="no download entry named 'nope'"):
        pull(["nope"], dest=tmp_path, progress=False)


def test_manifest_is_complete() -> None:
    manifest = load_manifest()
    assert {"unga", "cow_trade", "sipri", "atop", "cow_alliance", "igo", "gdelt", "gdelt2"} <= set(manifest)
    for entry in manifest.values():
        assert entry.url.startswith("http") and "github" not in entry.url
        assert entry.citation and entry.licence and entry.version
    # GDELT serves its lists over https: an md5 list fetched over http is no check against a changed file
    assert manifest["gdelt"].list_url == "https://data.gdeltproject.org/events/md5sums"
    assert all(e.filetype in ("zip", "csv") for e in manifest.values())
    assert "10.7910/DVN/LEJUQZ" in manifest["unga"].url and "/api/access/" in manifest["unga"].url
