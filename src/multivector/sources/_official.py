"""Finding the publishers' ORIGINAL files (as `multivector data pull` downloads them) and their layout.

The official files come as zips (sometimes zips inside zips), with codebooks and other tables next to the
one a loader needs. A :class:`Layout` says which member a table comes from: file-name patterns and the
header columns that must be present. :func:`detect` looks in a file, a zip or a folder and returns the
members that match, each as a :class:`Member` whose ``label`` (``archive.zip::folder/member.csv``) names it
in messages, rejected rows and provenance (the provenance checksum is the archive's, as downloaded).
"""

from __future__ import annotations

import csv
import fnmatch
import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from multivector.errors import DataError
from multivector.provenance import FileInfo, file_info
from multivector.sources.limits import MAX_MEMBERS, gunzip, read_member
from multivector.sources.progress import reading

__all__ = ["Layout", "Member", "columns", "decode", "detect", "has_shared", "header"]

_DATA_EXT = (".csv", ".tab", ".txt", ".csv.gz")
_MAX_DEPTH = 3


@dataclass(frozen=True)
class Layout:
    """One official table: ``key`` (what the loader calls it), file-name globs (lower case), required
    header columns (matched case-insensitively) and the delimiter."""

    key: str
    names: tuple[str, ...]
    required: tuple[str, ...]
    title: str
    sep: str = ","
    names_only: bool = False  # inside a zip or folder, only a member with a matching NAME is taken
    forbidden: tuple[str, ...] = ()  # columns whose presence means another layout (e.g. the shared copy)

    def expected(self) -> str:
        return f"{self.title} ({', '.join(self.required)})"


@dataclass(frozen=True)
class Member:
    """A file on disk, or a member (possibly nested) of a zip on disk."""

    archive: Path
    inner: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return "::".join([str(self.archive), *self.inner])

    @property
    def name(self) -> str:
        return (self.inner[-1] if self.inner else self.archive.name).rsplit("/", 1)[-1]

    def info(self) -> FileInfo:
        """Provenance entry: the member's label with the size and SHA-256 of the file on disk."""
        base = file_info(self.archive)
        return FileInfo(path=self.label, bytes=base.bytes, sha256=base.sha256)

    def read(self, limit: int | None = None) -> bytes:
        """The member's bytes (the first ``limit`` bytes if given), gunzipped when ``.gz``; every
        decompression streams within the :mod:`~multivector.sources.limits`."""
        if limit is None:
            reading(self.label)
        try:
            if not self.inner:
                raw = _read_plain(self.archive, limit)
            else:
                head = None if self.name.lower().endswith(".gz") else limit  # a .gz is inflated whole
                with zipfile.ZipFile(self.archive) as zf:
                    raw = _read_nested(zf, self.inner, head, str(self.archive))
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError, KeyError) as exc:
            raise DataError(
                f"{self.label}: cannot read ({exc}); the archive is corrupt, download it again"
            ) from None
        if raw[:2] == b"\x1f\x8b":
            raw = gunzip(raw, self.label, head=limit)
        return raw if limit is None else raw[:limit]


def _read_plain(path: Path, limit: int | None) -> bytes:
    if limit is not None:
        with path.open("rb") as fh:
            head = fh.read(limit)
        if head[:2] != b"\x1f\x8b":
            return head
    return path.read_bytes()


def _read_nested(zf: zipfile.ZipFile, inner: tuple[str, ...], limit: int | None, where: str) -> bytes:
    label = f"{where}::{inner[0]}"
    if len(inner) == 1:
        return read_member(zf, inner[0], label, head=limit)
    with zipfile.ZipFile(io.BytesIO(read_member(zf, inner[0], label))) as sub:
        return _read_nested(sub, inner[1:], limit, label)


def is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(2) == b"PK"
    except OSError:
        return False


def _zip_members(
    archive: Path, zf: zipfile.ZipFile, prefix: tuple[str, ...], depth: int, seen: list[int]
) -> list[Member]:
    out: list[Member] = []
    label = "::".join([str(archive), *prefix])
    try:
        for info in zf.infolist():
            seen[0] += 1
            if seen[0] > MAX_MEMBERS:
                raise DataError(f"{archive}: the archive lists more than {MAX_MEMBERS:,} files; refused")
            n = info.filename
            base = n.rsplit("/", 1)[-1]
            if info.is_dir() or n.startswith("__MACOSX/") or base.startswith("._"):
                continue
            if base.lower().endswith(".zip") and depth < _MAX_DEPTH:
                inner = read_member(zf, info, f"{label}::{n}")
                with zipfile.ZipFile(io.BytesIO(inner)) as sub:
                    out += _zip_members(archive, sub, (*prefix, n), depth + 1, seen)
            else:
                out.append(Member(archive, (*prefix, n)))
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        raise DataError(f"{label}: the zip file is truncated or corrupt ({exc}); download it again") from None
    return out


def members(path: Path) -> list[Member]:
    """The members of a zip (nested zips opened, within the limits), or the file itself."""
    if is_zip(path):
        try:
            with zipfile.ZipFile(path) as zf:
                return _zip_members(path, zf, (), 0, [0])
        except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
            raise DataError(
                f"{path}: the zip file is truncated or corrupt ({exc}); download it again"
            ) from None
    return [Member(path)]


def decode(raw: bytes, label: str) -> bytes:
    """UTF-8 bytes without BOM; Windows-1252 text (older SIPRI/COW exports) is converted to UTF-8."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"\x00" in raw[:4096]:
        raise DataError(f"{label}: binary content, not a CSV file; is this the right file?")
    try:
        raw.decode("utf-8")
        return raw
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace").encode("utf-8")


def header(data: bytes, sep: str = ",") -> list[str]:
    """The column names of the first line."""
    first = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r")
    return [c.strip() for c in next(csv.reader([first], delimiter=sep), [])]


def columns(head: Sequence[str], wanted: Sequence[str]) -> dict[str, str]:
    """Map each wanted column to its spelling in ``head`` (case-insensitive); missing ones left out."""
    lower = {h.lower(): h for h in head}
    return {w: lower[w.lower()] for w in wanted if w.lower() in lower}


def _is_data(m: Member) -> bool:
    return m.name.lower().endswith(_DATA_EXT) or not m.inner


def _named(m: Member, layout: Layout) -> bool:
    return any(fnmatch.fnmatch(m.name.lower(), pat) for pat in layout.names)


def _found(head: Sequence[str]) -> str:
    return ", ".join(head[:14]) + (" ..." if len(head) > 14 else "")


def detect(
    path: Path,
    layouts: Sequence[Layout],
    *,
    source: str,
    folder_patterns: Sequence[str] = (),
    strict_zip: bool = True,
) -> dict[str, Member]:
    """Official members under ``path`` (a file, a zip or a folder), keyed by layout key.

    A member whose NAME matches a layout but whose header lacks its columns raises :class:`DataError`
    naming the member and the columns found vs expected. A zip holding several data files none of which
    matches raises too (``strict_zip``); otherwise an empty dict means "not an official file".
    """
    path = Path(path)
    if path.is_dir():
        files = sorted({p for pat in folder_patterns for p in path.glob(pat) if p.is_file()})
    elif path.is_file():
        files = [path]
    else:
        return {}
    found: dict[str, Member] = {}
    data = [m for f in files for m in members(f) if _is_data(m)]
    heads: dict[tuple[str, str], list[str]] = {}

    def head_of(m: Member, sep: str) -> list[str]:
        if (m.label, sep) not in heads:
            heads[(m.label, sep)] = header(decode(m.read(limit=1 << 16), m.label), sep)
        return heads[(m.label, sep)]

    def fits(m: Member, lay: Layout) -> list[str]:
        head = head_of(m, lay.sep)
        have = columns(head, lay.required)
        missing = [c for c in lay.required if c not in have]
        if not missing and columns(head, lay.forbidden):
            missing = [f"(no {', '.join(lay.forbidden)})"]
        return missing

    used: set[str] = set()
    for lay in layouts:  # pass 1: members named like the official file
        for m in data:
            if m.label in used or not _named(m, lay):
                continue
            missing = fits(m, lay)
            if missing:
                raise DataError(
                    f"{m.label}: line 1: missing column(s) {', '.join(missing)} for {source} "
                    f"(found: {_found(head_of(m, lay.sep))}); expected the official layout {lay.expected()}"
                )
            found[lay.key] = m
            used.add(m.label)
            break
    explicit = path.is_file() and not is_zip(path)
    for lay in layouts:  # pass 2: any member with the right header
        if lay.key in found or (lay.names_only and not explicit):
            continue
        for m in data:
            if m.label not in used and not fits(m, lay):
                found[lay.key] = m
                used.add(m.label)
                break
    seen = [f"{m.label} (found: {_found(head_of(m, ','))})" for m in data if m.label not in used]
    n_data = len(data)
    if not found and strict_zip and path.is_file() and is_zip(path) and n_data > 1:
        raise DataError(
            f"{path}: no member of the zip is in a known {source} layout; members: {'; '.join(seen[:6])}; "
            f"expected one of: {'; '.join(lay.expected() for lay in layouts)}"
        )
    return found


def has_shared(path: Path, patterns: Sequence[str]) -> bool:
    """True when ``path`` is (or is a folder holding) a file named like the shared-data copy."""
    path = Path(path)
    if path.is_dir():
        return any(p.is_file() for pat in patterns for p in path.glob(pat))
    return any(fnmatch.fnmatch(path.name, pat) for pat in patterns)
