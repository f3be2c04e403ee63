"""Checks on downloaded files beyond the publisher's checksum: redirects, size, format, and local pins.

Most publishers give no checksum (``verify = "none"`` in ``sources/manifest.toml``), so a pull also:

- refuses a redirect from ``https`` to ``http`` (:func:`no_downgrade`, an httpx response hook): the file
  would then come over a channel anyone on the path can change;
- caps a download at :func:`max_download_bytes` (4096 MiB, environment ``MULTIVECTOR_MAX_DOWNLOAD_MB``),
  before it starts when the server states a larger ``Content-Length``, else while the bytes arrive;
- checks the format the manifest names (``filetype``): a ``zip`` must open and list its members (a zip cut
  short has no central directory), a ``csv`` must be text that ends with a line break (a body cut short
  without ``Content-Length`` usually does not); an HTML page (an error or login page answered with 200) is
  refused for either;
- pins what it got (:class:`Pins`): the first verified download of a file records its SHA-256 and size in
  ``downloads/pins.json`` ("trust on first use"); a later pull or a cached copy that differs is refused
  unless ``accept_new`` says the publisher released a new file. :func:`check_pins` repeats the check
  before an import reads the download folder.

GDELT's MD5 lists are fetched from the same server as the files: over ``http`` they detect a damaged
transfer, not a changed file (whoever can change the file can change the list); over ``https`` (what the
manifest uses) they are as trustworthy as GDELT's server.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from multivector.errors import DownloadError

__all__ = [
    "FILETYPES",
    "MAX_DOWNLOAD_MB",
    "Pins",
    "check_format",
    "check_pins",
    "looks_like_html",
    "max_download_bytes",
    "no_downgrade",
]

MAX_DOWNLOAD_MB = 4096
_ENV = "MULTIVECTOR_MAX_DOWNLOAD_MB"
FILETYPES = ("zip", "csv", "text", "any")
PINS_FILE = "pins.json"


def max_download_bytes() -> int:
    """The most bytes one download may have (``MULTIVECTOR_MAX_DOWNLOAD_MB``, default 4096 MiB)."""
    text = os.environ.get(_ENV, "").strip()
    try:
        mb = float(text) if text else MAX_DOWNLOAD_MB
    except ValueError:
        raise DownloadError(f"{_ENV}={text!r} is not a number of MiB") from None
    return int(mb * (1 << 20))


def no_downgrade(response: httpx.Response) -> None:
    """httpx response hook: refuse to follow a redirect from ``https`` to ``http``."""
    if not response.has_redirect_location or response.request.url.scheme != "https":
        return
    target = response.request.url.join(response.headers["location"])
    if target.scheme != "https":
        raise DownloadError(
            f"{response.request.url} redirects to {target}: refused, a redirect from https to http would let "
            "anyone on the network change the file"
        )


def looks_like_html(head: bytes) -> bool:
    """True when ``head`` (a file's first bytes) starts like an HTML page."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml"))


def check_format(path: Path, filetype: str, label: str) -> None:
    """Raise :class:`DownloadError` when ``path`` is not a ``filetype`` file (see the module docstring)."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if filetype == "any":
        return
    if looks_like_html(head):
        raise DownloadError(
            f"{label}: the server sent an HTML page, not the {filetype} file (an error or login page?)"
        )
    if filetype == "zip":
        try:
            with zipfile.ZipFile(path) as zf:
                if not zf.infolist():
                    raise DownloadError(f"{label}: the zip archive is empty")
        except (zipfile.BadZipFile, OSError) as exc:
            raise DownloadError(
                f"{label}: not a complete zip archive ({exc}); truncated or not a zip"
            ) from None
        return
    if b"\x00" in head:
        raise DownloadError(f"{label}: binary content, not a {filetype} file")
    if filetype == "csv":
        size = path.stat().st_size
        with path.open("rb") as fh:
            fh.seek(max(size - 1, 0))
            last = fh.read(1)
        if last not in (b"\n", b"\r"):
            raise DownloadError(
                f"{label}: the file does not end with a line break: the download was probably cut short"
            )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Pin:
    """What the first verified download of a file was."""

    sha256: str
    size: int
    url: str
    pinned_at: str


class Pins:
    """``downloads/pins.json``: SHA-256 and size of each file pulled, keyed by ``entry/filename``."""

    def __init__(self, root: Path) -> None:
        self.path = Path(root) / PINS_FILE

    def load(self) -> dict[str, Pin]:
        if not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {k: Pin(**v) for k, v in raw.items()}
        except (ValueError, TypeError) as exc:
            raise DownloadError(
                f"{self.path}: not a valid pins file ({exc}); delete it to start over"
            ) from None

    def save(self, pins: dict[str, Pin]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        text = json.dumps({k: v.__dict__ for k, v in sorted(pins.items())}, indent=2)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.path)

    def check(self, key: str, path: Path, url: str, *, accept_new: bool = False) -> str:
        """Compare ``path`` with its pin, or pin it. Returns what was done (``pinned``, ``matches pin``,
        ``re-pinned``); raises :class:`DownloadError` when it differs from its pin (unless ``accept_new``)."""
        pins = self.load()
        sha, size = _sha256(path), path.stat().st_size
        old = pins.get(key)
        if old is not None and old.sha256 == sha:
            return "matches pin"
        if old is not None and not accept_new:
            raise DownloadError(
                f"{key}: differs from the copy first downloaded on {old.pinned_at[:10]} (sha256 "
                f"{old.sha256}, {old.size:,} bytes; now {sha}, {size:,} bytes): the publisher's file changed "
                "or was tampered with. If the publisher released a new version, pull again with --accept-new"
            )
        pins[key] = Pin(sha, size, url, datetime.now(UTC).isoformat(timespec="seconds"))
        self.save(pins)
        return "re-pinned" if old is not None else "pinned"


def check_pins(folder: Path) -> None:
    """Before an import reads a download folder (``downloads/<entry>/``): every pinned file in it must
    still have its pinned SHA-256; raises :class:`DownloadError` naming the first that does not."""
    pins = Pins(folder.parent).load()
    for key, pin in pins.items():
        entry, _, name = key.partition("/")
        path = folder / name
        if entry != folder.name or not path.is_file():
            continue
        if _sha256(path) != pin.sha256:
            raise DownloadError(
                f"{path}: changed since it was downloaded and pinned on {pin.pinned_at[:10]} (sha256 "
                f"{pin.sha256}); pull it again with `multivector data pull {entry}`"
            )
