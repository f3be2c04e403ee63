"""Follow GDELT 2.0 as it publishes: ``lastupdate.txt`` every 15 minutes, ``masterfilelist.txt`` to fill gaps.

Each poll reads ``lastupdate.txt`` (three lines ``size md5 url``: the latest event export, mentions and GKG
files). When its export file is the one after the last the store has, only that file is fetched; after a
gap (the monitor was stopped) the files in between come from ``masterfilelist.txt`` (at most ``catch_up``
of them, the newest). Every file is downloaded with :func:`multivector.store.download.download_file`, which
checks the published size and md5 before the file is moved into place (a mismatch is deleted and
reported), and then handed to :meth:`Monitor.process` with the published values, which checks them again
and records them in ``gdelt_files``. A file that cannot be obtained (HTTP error, truncated, checksum
mismatch) is quarantined with the reason and the monitor goes on with the next.

GDELT publishes its lists over plain http: the md5 guards against corruption in transit and on disk, not
against tampering (anyone on the path could change file and list together). ``base_url`` may point to an
https mirror (or ``MULTIVECTOR_MIRROR`` to a local one).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx

from multivector.dimensions import GDELT_FILES
from multivector.errors import DownloadError, InputError
from multivector.monitor.engine import FileReport, Monitor, RunReport
from multivector.store.download import download_file, parse_masterfilelist, rebase_url
from multivector.store.files import Published

__all__ = ["DEFAULT_BASE_URL", "Follower", "Listed", "parse_listing"]

DEFAULT_BASE_URL = "http://data.gdeltproject.org/gdeltv2/"
_EXPORT = re.compile(r"/(\d{14})\.export\.CSV\.zip$")
_STEP = timedelta(minutes=15)


@dataclass(frozen=True)
class Listed:
    """One export file as GDELT lists it: published size and md5, URL, name and timestamp."""

    size: int
    md5: str
    url: str
    name: str
    stamp: datetime


def parse_listing(lines: Iterable[str]) -> list[Listed]:
    """The event export files in a ``lastupdate.txt`` or ``masterfilelist.txt`` (other files skipped)."""
    out = []
    for size, md5, url in parse_masterfilelist(lines):
        m = _EXPORT.search(url)
        if m is None:
            continue
        stamp = datetime.strptime(m.group(1), "%Y%m%d%H%M%S")
        out.append(Listed(size, md5, url, url.rsplit("/", 1)[-1], stamp))
    return sorted(out, key=lambda f: f.stamp)


class Follower:
    """Polls GDELT (or a mirror) and feeds new export files to a :class:`Monitor`."""

    def __init__(
        self,
        monitor: Monitor,
        dest: Path,
        base_url: str = DEFAULT_BASE_URL,
        *,
        mirror: str | None = None,
        client: httpx.Client | None = None,
        keep_files: bool = False,
        catch_up: int = 96,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise InputError(f"--base-url must be an http(s) URL, not {base_url!r}")
        self.monitor = monitor
        self.dest = Path(dest)
        self.base = base_url if base_url.endswith("/") else base_url + "/"
        self.mirror = mirror if mirror is not None else (os.environ.get("MULTIVECTOR_MIRROR") or None)
        self.client = client or httpx.Client(follow_redirects=True, timeout=60.0)
        self.keep_files = keep_files
        self.catch_up = catch_up

    def _url(self, url: str) -> str:
        return rebase_url(url, self.mirror)

    def _lines(self, name: str) -> list[str]:
        url = self._url(self.base + name)
        try:
            resp = self.client.get(url)
        except httpx.HTTPError as exc:
            raise DownloadError(f"cannot fetch GDELT's {name}: {type(exc).__name__}: {exc}") from None
        if resp.status_code != 200:
            raise DownloadError(f"cannot fetch GDELT's {name}: HTTP {resp.status_code}")
        return resp.text.splitlines()

    def _last_stamp(self) -> datetime | None:
        row = self.monitor.store.query_df(
            f"SELECT max(file_time) AS t FROM {GDELT_FILES}"
            " WHERE format = 'v2' OR name LIKE '%.export.CSV.zip'"
        )
        value = row["t"].iloc[0]
        return None if value is None or str(value) == "NaT" else value.to_pydatetime()

    def pending(self) -> list[Listed]:
        """The export files to fetch now, oldest first."""
        latest = parse_listing(self._lines("lastupdate.txt"))
        if not latest:
            raise DownloadError("GDELT's lastupdate.txt lists no event export file")
        newest = latest[-1]
        last = self._last_stamp()
        if last is not None and newest.stamp <= last:
            return []
        if last is None or newest.stamp - last <= _STEP:
            return [newest]
        listed = [
            f for f in parse_listing(self._lines("masterfilelist.txt")) if last < f.stamp <= newest.stamp
        ]
        if not listed or listed[-1].stamp != newest.stamp:
            listed.append(newest)
        return listed[-self.catch_up :]

    def fetch(self, item: Listed) -> FileReport:
        """Download one listed file (verified) and process it; quarantine it when it cannot be had."""
        published = Published(item.size, item.md5, item.url)
        target = self.dest / item.name
        try:
            download_file(
                self._url(item.url), target, size=item.size, md5=item.md5, client=self.client, name=item.name
            )
        except DownloadError as exc:
            return self.monitor.record_missing(item.name, f"download failed: {exc}", published)
        try:
            return self.monitor.process(target, published)
        finally:
            if not self.keep_files:
                target.unlink(missing_ok=True)

    def poll(self) -> RunReport:
        """One poll: fetch and process every pending file."""
        report = RunReport()
        for item in self.pending():
            report.files.append(self.fetch(item))
        return report

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()
