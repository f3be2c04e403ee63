"""Downloads from the publishers: resumable (HTTP Range on a ``.part`` file), verified, cached.

:class:`ResumableDownloader` streams with httpx and follows pooch's downloader interface, so
:func:`download_file` hands it to :func:`pooch.retrieve`. A file is only moved into the cache once its size
and its checksum match what the publisher gives; otherwise :class:`DownloadError` names the file and the
expected and received values. A truncated download keeps its ``.part`` file, and the next pull resumes it.

GDELT files are verified against GDELT's own lists: ``events/md5sums`` (``md5  filename``) for 1.0 and
``gdeltv2/masterfilelist.txt`` (``size md5 url``) for 2.0, both fetched over https (an md5 list fetched
over http is no security check: whoever can change the file can change the list).

Beyond the publisher's checksum (most give none), every download is checked by
:mod:`multivector.store.verify`: no https -> http redirect, a size cap, the format the manifest names (no
HTML error page, no zip or CSV cut short), and a pin of the first verified copy (``downloads/pins.json``).
A ``.part`` file is resumed only when the server confirms, through ``If-Range`` with the ``ETag`` or
``Last-Modified`` it sent for the first bytes, that the file has not changed (or when a checksum will
catch a splice); otherwise the download starts again.

``MULTIVECTOR_MIRROR`` (or ``mirror=``) replaces the scheme and host of every URL, so tests and users behind
a mirror can point the downloads elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pooch
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from multivector import config
from multivector.errors import DownloadError, InputError
from multivector.store.manifest import DownloadResult, ManifestEntry, get_entry, load_manifest, rebase_url
from multivector.store.sdmx_pull import SdmxOptions, pull_sdmx
from multivector.store.verify import Pins, check_format, max_download_bytes, no_downgrade

__all__ = [
    "DownloadResult",
    "ResumableDownloader",
    "download_file",
    "parse_masterfilelist",
    "parse_md5sums",
    "pull",
    "rebase_url",
    "select_gdelt1",
    "select_gdelt2",
]

_console = Console(stderr=True)
_CHUNK = 1 << 16
_LIST_MAX_AGE = 3600.0


def _client() -> httpx.Client:
    """The HTTP client of every download: redirects followed, except from https to http."""
    return httpx.Client(follow_redirects=True, timeout=60.0, event_hooks={"response": [no_downgrade]})


# -- URLs and lists ---------------------------------------------------------------------------------


def parse_md5sums(lines: Iterable[str]) -> dict[str, str]:
    """GDELT 1.0 ``md5sums``: lines ``<md5>  <filename>`` -> {filename: md5}. Malformed lines are skipped."""
    out: dict[str, str] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and re.fullmatch(r"[0-9a-fA-F]{32}", parts[0]):
            out[parts[1]] = parts[0].lower()
    return out


def parse_masterfilelist(lines: Iterable[str]) -> Iterator[tuple[int, str, str]]:
    """GDELT 2.0 ``masterfilelist.txt``: lines ``<size> <md5> <url>`` -> (size, md5, url).

    Malformed lines (GDELT's list has a few) are skipped."""
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0].isdigit() and re.fullmatch(r"[0-9a-fA-F]{32}", parts[1]):
            yield int(parts[0]), parts[1].lower(), parts[2]


_V1_NAME = re.compile(r"^(\d{4})(\d{2})?(\d{2})?(?:\.export\.CSV)?\.zip$")
_V2_NAME = re.compile(r"/(\d{14})\.export\.CSV\.zip$")


def _v1_span(name: str) -> tuple[date, date] | None:
    m = _V1_NAME.match(name)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        d = date(year, int(str(month)), int(day))
        return d, d
    if month:
        mo = int(month)
        end = date(year + (mo == 12), mo % 12 + 1, 1)
        return date(year, mo, 1), date.fromordinal(end.toordinal() - 1)
    return date(year, 1, 1), date(year, 12, 31)


def select_gdelt1(md5s: dict[str, str], since: date, until: date) -> list[tuple[str, str]]:
    """(filename, md5) of GDELT 1.0 event files (daily, monthly or yearly) overlapping since..until."""
    chosen = []
    for name, md5 in md5s.items():
        span = _v1_span(name)
        if span and span[0] <= until and span[1] >= since:
            chosen.append((name, md5))
    return sorted(chosen)


def select_gdelt2(
    entries: Iterable[tuple[int, str, str]], since: date, until: date
) -> list[tuple[int, str, str]]:
    """(size, md5, url) of GDELT 2.0 event export files whose timestamp falls on since..until."""
    chosen = []
    for size, md5, url in entries:
        m = _V2_NAME.search(url)
        if m and since <= datetime.strptime(m.group(1)[:8], "%Y%m%d").date() <= until:
            chosen.append((size, md5, url))
    return sorted(chosen, key=lambda e: e[2])


# -- verified, resumable download of one file ----------------------------------------------------------


def _hash(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check(
    path: Path, label: str, size: int | None, md5: str | None, sha256: str | None, filetype: str = "any"
) -> str:
    """Verify a complete file; return what was verified, or raise DownloadError (the caller cleans up)."""
    got = path.stat().st_size
    if size is not None and got != size:
        kind = "truncated" if got < size else "too long"
        raise DownloadError(f"{label}: download {kind}: expected {size:,} bytes, got {got:,}")
    if sha256 is not None:
        value = _hash(path, "sha256")
        if value != sha256.lower():
            raise DownloadError(f"{label}: checksum mismatch: expected sha256 {sha256}, got {value}")
        return "sha256"
    if md5 is not None:
        value = _hash(path, "md5")
        if value != md5.lower():
            raise DownloadError(f"{label}: checksum mismatch: expected md5 {md5}, got {value}")
    check_format(path, filetype, label)
    if md5 is not None:
        return "md5"
    what = "size" if size is not None else "none"
    return what if filetype == "any" else (f"{what}+{filetype}" if what != "none" else filetype)


class ResumableDownloader:
    """A pooch downloader (``downloader(url, output_file, pooch)``) that resumes and verifies.

    Bytes go to ``part`` (default ``<output_file>.part``), resuming with an HTTP Range request when it
    exists. Only when the size and checksum match is the part file moved to ``output_file``.
    """

    def __init__(
        self,
        part: Path | None = None,
        *,
        label: str = "",
        size: int | None = None,
        md5: str | None = None,
        sha256: str | None = None,
        client: httpx.Client | None = None,
        progress: Progress | None = None,
        headers: dict[str, str] | None = None,
        filetype: str = "any",
    ) -> None:
        self.part, self.label, self.size, self.md5, self.sha256 = part, label, size, md5, sha256
        self.client, self.progress, self.filetype = client, progress, filetype
        self.headers = dict(headers or {})
        self.resumed = False
        self.verified = "none"

    def __call__(self, url: str, output_file: Any, pooch: Any = None, check_only: bool = False) -> Any:
        client = self.client or _client()
        try:
            if check_only:
                return client.head(url).status_code < 400
            out = Path(str(output_file))
            part = self.part or out.with_name(out.name + ".part")
            label = self.label or out.name
            self._fetch(client, url, part, label)
            try:
                self.verified = _check(part, label, self.size, self.md5, self.sha256, self.filetype)
            except DownloadError as exc:
                if "download truncated" not in str(exc):
                    part.unlink(missing_ok=True)  # corrupted: never resume from bad bytes
                    _meta(part).unlink(missing_ok=True)
                    raise DownloadError(f"{exc}; the file was deleted, pull again to retry") from None
                raise DownloadError(f"{exc}; the partial file {part} is kept, pull again to resume") from None
            part.replace(out)
            _meta(part).unlink(missing_ok=True)
        finally:
            if self.client is None:
                client.close()
        return None

    def _start(self, part: Path) -> tuple[int, dict[str, str]]:
        """Where to resume ``part`` and the request headers: Range with If-Range when the server gave a
        validator for the bytes we have; from 0 when it gave none and no checksum would catch a splice."""
        offset = part.stat().st_size if part.exists() else 0
        if self.size is not None and offset > self.size:
            offset = 0
        validator = _validator(part)
        if offset and validator is None and self.md5 is None and self.sha256 is None:
            offset = 0  # the file may have changed since: nothing would tell
        if not offset:
            return 0, {}
        headers = {"Range": f"bytes={offset}-"}
        if validator is not None:
            headers["If-Range"] = validator
        return offset, headers

    def _fetch(self, client: httpx.Client, url: str, part: Path, label: str) -> None:
        offset, headers = self._start(part)
        if self.size is not None and offset == self.size:
            return
        headers = {**self.headers, **headers}
        cap = max_download_bytes()
        task = None
        try:
            with client.stream("GET", url, headers=headers) as resp:
                if resp.status_code == 416 and offset:
                    part.unlink()
                    return self._fetch(client, url, part, label)
                if resp.status_code not in (200, 206):
                    raise DownloadError(f"{label}: {url} answered HTTP {resp.status_code}")
                mode = "ab"
                if resp.status_code == 206:
                    start = re.match(r"bytes (\d+)-", resp.headers.get("content-range", ""))
                    if not start or int(start.group(1)) != offset:
                        raise DownloadError(f"{label}: server resumed at the wrong offset ({resp.headers})")
                    self.resumed = offset > 0
                else:
                    mode, offset = "wb", 0  # a full answer: the file changed, or the server cannot resume
                    _save_validators(part, resp.headers)
                length = resp.headers.get("content-length")
                expected_total = offset + int(length) if length is not None else self.size
                if expected_total is not None and expected_total > cap:
                    raise DownloadError(
                        f"{label}: {expected_total:,} bytes, more than the download limit of {cap:,}; raise "
                        "MULTIVECTOR_MAX_DOWNLOAD_MB if the file is genuine"
                    )
                if self.progress is not None:
                    task = self.progress.add_task(label, total=expected_total, completed=offset)
                got = offset
                with part.open(mode) as fh:
                    for chunk in resp.iter_bytes(_CHUNK):
                        got += len(chunk)
                        if got > cap:
                            raise DownloadError(f"{label}: more than the download limit of {cap:,} bytes")
                        fh.write(chunk)
                        if task is not None and self.progress is not None:
                            self.progress.advance(task, len(chunk))
        except httpx.HTTPError as exc:
            got = part.stat().st_size if part.exists() else 0
            want = f"{self.size:,}" if self.size is not None else "unknown"
            raise DownloadError(
                f"{label}: download truncated: connection ended after {got:,} bytes (expected {want});"
                f" {type(exc).__name__}: {exc}. The partial file {part} is kept; pull again to resume"
            ) from None
        finally:
            if task is not None and self.progress is not None:
                self.progress.remove_task(task)
        got = part.stat().st_size
        if expected_total is not None and got < expected_total:
            raise DownloadError(
                f"{label}: download truncated: expected {expected_total:,} bytes, got {got:,}."
                f" The partial file {part} is kept; pull again to resume"
            )
        return None


def _meta(part: Path) -> Path:
    """Where the validators of a ``.part`` file are kept."""
    return part.with_name(part.name + ".json")


def _save_validators(part: Path, headers: httpx.Headers) -> None:
    """Keep the ``ETag`` and ``Last-Modified`` of the answer whose bytes go to ``part``."""
    found = {k: headers[k] for k in ("etag", "last-modified") if k in headers}
    if found:
        _meta(part).write_text(json.dumps(found), encoding="utf-8")
    else:
        _meta(part).unlink(missing_ok=True)


def _validator(part: Path) -> str | None:
    """The ``If-Range`` value for resuming ``part``: its strong ETag, else its Last-Modified date."""
    try:
        found = json.loads(_meta(part).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    etag = found.get("etag")
    if etag and not str(etag).startswith("W/"):
        return str(etag)
    return found.get("last-modified")


def download_file(
    url: str,
    dest: str | Path,
    *,
    size: int | None = None,
    md5: str | None = None,
    sha256: str | None = None,
    client: httpx.Client | None = None,
    progress: Progress | None = None,
    name: str = "",
    headers: dict[str, str] | None = None,
    filetype: str = "any",
) -> DownloadResult:
    """Download ``url`` to ``dest`` (resuming ``dest.part``), verify it and return what happened.

    A cached ``dest`` that still verifies is not downloaded again. Raises :class:`DownloadError` on HTTP
    errors, truncation and checksum mismatches; a bad file is never left at ``dest``. ``headers`` are sent
    with the request (e.g. the ``Accept`` of an SDMX query).
    """
    target = Path(dest)
    label = name or target.name
    if target.exists():
        try:
            verified = _check(target, label, size, md5, sha256, filetype)
            return DownloadResult(label, url, str(target), "cached", target.stat().st_size, verified)
        except DownloadError:
            target.unlink()  # a bad cached copy is replaced
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    downloader = ResumableDownloader(
        part, label=label, size=size, md5=md5, sha256=sha256, client=client, progress=progress,
        headers=headers, filetype=filetype,
    )  # fmt: skip
    known_hash = f"sha256:{sha256}" if sha256 else (f"md5:{md5}" if md5 else None)
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        pooch.retrieve(
            url, known_hash=known_hash, fname=target.name, path=target.parent, downloader=downloader,
            progressbar=False,
        )  # fmt: skip
    except ValueError as exc:  # pooch's own hash check (should not happen after ours)
        raise DownloadError(f"{label}: {exc}") from None
    finally:
        logger.setLevel(level)
    return DownloadResult(
        label, url, str(target), "downloaded", target.stat().st_size, downloader.verified,
        _hash(target, "sha256"), downloader.resumed,
    )  # fmt: skip


# -- pull --------------------------------------------------------------------------------------------


def _mirror(mirror: str | None) -> str | None:
    return mirror if mirror is not None else (os.environ.get("MULTIVECTOR_MIRROR") or None)


def _fetch_list(client: httpx.Client, url: str, dest: Path, max_age: float) -> list[str]:
    fresh = dest.exists() and time.time() - dest.stat().st_mtime < max_age
    if not fresh:
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            resp = client.get(url)
        except httpx.HTTPError as exc:
            msg = f"cannot fetch GDELT's file list {url}: {type(exc).__name__}: {exc}"
            raise DownloadError(msg) from None
        if resp.status_code != 200:
            raise DownloadError(f"cannot fetch GDELT's file list {url}: HTTP {resp.status_code}")
        tmp = dest.with_name(dest.name + ".tmp")
        tmp.write_bytes(resp.content)
        tmp.replace(dest)
    return dest.read_text(encoding="utf-8", errors="replace").splitlines()


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
        TimeRemainingColumn(), console=_console, transient=True,
    )  # fmt: skip


def _https(url: str, list_url: str) -> str:
    """``url`` over https when the list naming it was fetched over https (GDELT's lists give http URLs)."""
    if list_url.startswith("https://") and url.startswith("http://"):
        return "https://" + url[len("http://") :]
    return url


def _pull_file(
    entry: ManifestEntry, client: httpx.Client, root: Path, mirror: str | None, progress: Progress | None,
    accept_new: bool,
) -> DownloadResult:  # fmt: skip
    """One ``kind = "file"`` entry: downloaded (or cached), verified, then checked against its pin."""
    url = rebase_url(entry.url, mirror)
    result = download_file(
        url, root / entry.name / entry.filename, size=entry.size, md5=entry.md5, sha256=entry.sha256,
        client=client, progress=progress, name=f"{entry.name}/{entry.filename}", filetype=entry.filetype,
    )  # fmt: skip
    path = Path(result.path)
    try:
        pinned = Pins(root).check(f"{entry.name}/{entry.filename}", path, entry.url, accept_new=accept_new)
    except DownloadError:
        if result.status == "downloaded":
            path.unlink(missing_ok=True)  # never leave a copy that differs from the pin in the cache
        raise
    sha = result.sha256 or _hash(path, "sha256")
    if entry.verify == "none":
        msg = (
            f"{entry.name}: the publisher gives no checksum; checked as a {entry.filetype} file and {pinned} "
            f"(sha256 {sha}): later pulls must match it"
        )
        return DownloadResult(**{**result.__dict__, "sha256": sha, "message": msg})
    return result


def _pull_entry(
    entry: ManifestEntry,
    client: httpx.Client,
    root: Path,
    mirror: str | None,
    since: date | None,
    until: date | None,
    progress: Progress | None,
    countries: Sequence[str] | None = None,
    frequency: str = "A",
    accept_new: bool = False,
) -> list[DownloadResult]:
    folder = root / entry.name
    if entry.kind == "sdmx":
        options = SdmxOptions(countries=countries, frequency=frequency, since=since, until=until)
        return pull_sdmx(entry, client, root, mirror, options, fetch=download_file, progress=progress)
    if entry.kind == "manual":
        msg = f"{entry.name}: no stable download URL. {entry.notes} (page: {entry.page})"
        return [DownloadResult(entry.name, entry.page or entry.url, "", "manual", message=msg)]
    if entry.kind == "file":
        return [_pull_file(entry, client, root, mirror, progress, accept_new)]
    if since is None:
        msg = f"{entry.name}: GDELT has thousands of files; give --since (and --until) to choose the dates"
        return [DownloadResult(entry.name, entry.url, "", "skipped", message=msg)]
    end = until or datetime.now(UTC).date()
    list_url = rebase_url(entry.list_url, mirror)
    list_file = folder / Path(urlsplit(entry.list_url).path).name
    lines = _fetch_list(client, list_url, list_file, _LIST_MAX_AGE)
    results = []
    if entry.kind == "gdelt1":
        chosen = select_gdelt1(parse_md5sums(lines), since, end)
        base = entry.url if entry.url.endswith("/") else entry.url + "/"
        for name, md5 in chosen:
            url = rebase_url(base + name, mirror)
            label = f"{entry.name}/{name}"
            got = download_file(
                url, folder / name, md5=md5, client=client, progress=progress, name=label,
                filetype=entry.filetype,
            )  # fmt: skip
            results.append(got)
    else:
        for size, md5, url in select_gdelt2(parse_masterfilelist(lines), since, end):
            name = url.rsplit("/", 1)[-1]
            got = download_file(
                rebase_url(_https(url, entry.list_url), mirror), folder / name, size=size, md5=md5,
                client=client, progress=progress, name=f"{entry.name}/{name}", filetype=entry.filetype,
            )  # fmt: skip
            results.append(got)
    if not results:
        msg = f"{entry.name}: no file in GDELT's list for {since} to {end}"
        results.append(DownloadResult(entry.name, list_url, "", "skipped", message=msg))
    return results


def pull(
    names: Iterable[str] | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
    mirror: str | None = None,
    dest: str | Path | None = None,
    progress: bool = True,
    manifest: dict[str, ManifestEntry] | None = None,
    countries: Sequence[str] | None = None,
    frequency: str = "A",
    accept_new: bool = False,
) -> list[DownloadResult]:
    """Download the manifest entries ``names`` (all if empty) into ``dest`` (default: the downloads dir).

    ``since``/``until`` choose GDELT's daily (1.0) or 15-minute (2.0) files; GDELT entries without ``since``
    are skipped with a message. SDMX entries (IMF IMTS) are pulled only when named: one query per reporter
    in ``countries`` (default: every country), at ``frequency`` (``A``, ``Q`` or ``M``), for the years of
    ``since``/``until`` (default: all). Raises :class:`DownloadError` at the first file that fails,
    including a file that differs from the copy pinned at its first download (``accept_new=True`` re-pins
    it).
    """
    entries = manifest if manifest is not None else load_manifest()
    wanted = list(names or [])
    chosen = [get_entry(n, entries) for n in wanted] if wanted else list(entries.values())
    skipped = [e for e in chosen if e.kind == "sdmx" and not wanted]
    chosen = [e for e in chosen if e not in skipped]
    if until is not None and since is None:
        raise InputError("--until needs --since")
    if since is not None and until is not None and until < since:
        raise InputError(f"--until {until} is before --since {since}")
    root = Path(dest) if dest is not None else config.downloads_dir()
    base = _mirror(mirror)
    results: list[DownloadResult] = []
    with _client() as client:
        bar = _progress() if progress else None
        if bar is not None:
            bar.start()
        try:
            for entry in chosen:
                got = _pull_entry(
                    entry, client, root, base, since, until, bar, countries, frequency, accept_new
                )
                results.extend(got)
        finally:
            if bar is not None:
                bar.stop()
    for entry in skipped:
        msg = f"{entry.name}: one query per reporter; pull it by name: `multivector data pull {entry.name}`"
        results.append(DownloadResult(entry.name, entry.url, "", "skipped", message=msg))
    return results
