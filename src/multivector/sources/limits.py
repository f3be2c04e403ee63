"""Limits on what an input file may expand to: decompressed size and ratio, zip members, field length.

Input files are untrusted (docs/security.md): a few hundred kilobytes of gzip or zip can expand to
gigabytes. Every decompression in the loaders goes through :func:`gunzip`, :func:`read_member` or
:func:`copy_member`, which stream the data in chunks and stop with a :class:`~multivector.errors.DataError`
naming the file as soon as its output passes either limit, so a bomb never reaches memory or disk:

- :data:`MAX_UNCOMPRESSED_MB` (default 4096 MiB, environment ``MULTIVECTOR_MAX_UNCOMPRESSED_MB``): the most
  one file or archive member may decompress to;
- :data:`MAX_RATIO` (default 200, environment ``MULTIVECTOR_MAX_COMPRESSION_RATIO``): the most it may
  decompress to per compressed byte, checked once the output passes :data:`RATIO_FLOOR_BYTES` (16 MiB; a
  small file may be as compressible as it likes). The real datasets compress 6-12 to 1.

:class:`Limits` overrides both per call (``Limits(max_bytes=..., max_ratio=...)``). :data:`MAX_MEMBERS`
caps the files listed in one archive (nested zips included) and :data:`MAX_FIELD_CHARS` the length of one
CSV field (the longest field of the real datasets has 1,494 characters): a longer field puts its row in
quarantine (``field too long``) before any of it is parsed or matched.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from multivector.errors import DataError

__all__ = [
    "MAX_FIELD_CHARS",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_UNCOMPRESSED_MB",
    "RATIO_FLOOR_BYTES",
    "Limits",
    "copy_member",
    "gunzip",
    "gunzip_file",
    "read_member",
]

MAX_UNCOMPRESSED_MB = 4096
MAX_RATIO = 200.0
RATIO_FLOOR_BYTES = 16 << 20
MAX_MEMBERS = 10_000
MAX_FIELD_CHARS = 10_000
_CHUNK = 1 << 20
_ENV_BYTES = "MULTIVECTOR_MAX_UNCOMPRESSED_MB"
_ENV_RATIO = "MULTIVECTOR_MAX_COMPRESSION_RATIO"


def _env_number(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{name}={text!r} is not a number; unset it or give e.g. {default:g}") from None
    if not value > 0:
        raise DataError(f"{name}={text!r} must be positive")
    return value


@dataclass(frozen=True)
class Limits:
    """The decompression limits of one call; ``None`` fields take the environment's or the defaults."""

    max_bytes: int | None = None
    max_ratio: float | None = None

    def resolved(self) -> tuple[int, float]:
        """(most bytes, most bytes per compressed byte) in force."""
        max_bytes = self.max_bytes
        if max_bytes is None:
            max_bytes = int(_env_number(_ENV_BYTES, MAX_UNCOMPRESSED_MB) * (1 << 20))
        max_ratio = self.max_ratio if self.max_ratio is not None else _env_number(_ENV_RATIO, MAX_RATIO)
        return max_bytes, max_ratio


class _Budget:
    """Counts the output of one decompression and raises when it passes a limit."""

    def __init__(self, label: str, compressed: int, limits: Limits | None) -> None:
        self.label = label
        self.compressed = max(compressed, 1)
        self.max_bytes, self.max_ratio = (limits or Limits()).resolved()
        self.out = 0

    def add(self, n: int) -> None:
        self.out += n
        if self.out > self.max_bytes:
            raise self._error(f"more than {self.max_bytes:,} bytes (the limit per file)")
        if self.out > RATIO_FLOOR_BYTES and self.out > self.max_ratio * self.compressed:
            raise self._error(
                f"more than {self.max_ratio:g} times its compressed size of {self.compressed:,} bytes"
            )

    def _error(self, what: str) -> DataError:
        return DataError(
            f"{self.label}: decompresses to {what}; refused as a possible decompression bomb. If the file "
            f"is genuine, raise the limit ({_ENV_BYTES}, {_ENV_RATIO}; see docs/security.md)"
        )


def _inflate(chunks: Iterator[bytes], budget: _Budget, head: int | None) -> Iterator[bytes]:
    """Decompressed pieces of a gzip stream (several members allowed), at most ``_CHUNK`` at a time."""
    d = zlib.decompressobj(wbits=31)
    started = False  # the current decompressor has been given input
    for chunk in chunks:
        data = chunk
        while True:
            started = started or bool(data)
            piece = d.decompress(data, _CHUNK)
            if piece:
                budget.add(len(piece))
                yield piece
                if head is not None and budget.out >= head:
                    return
            if d.eof:  # a new gzip member may follow (concatenated .gz files)
                data, d, started = d.unused_data, zlib.decompressobj(wbits=31), False
                if not data:
                    break
                continue
            data = d.unconsumed_tail
            if not data and len(piece) < _CHUNK:  # input used up and no output pending
                break
    if started:
        raise EOFError("compressed data ended before the end-of-stream marker")


def gunzip(raw: bytes, label: str, limits: Limits | None = None, head: int | None = None) -> bytes:
    """The decompressed bytes of gzip data ``raw`` (the first ``head`` bytes if given), within the limits.

    Raises :class:`DataError` naming ``label`` when the data are truncated or corrupt, or expand past
    the limits (see the module docstring)."""
    budget = _Budget(label, len(raw), limits)
    pieces = [raw[i : i + _CHUNK] for i in range(0, len(raw), _CHUNK)]
    return _join(_inflate(iter(pieces), budget, head), label, "gzip", head)


def gunzip_file(path: Path, label: str | None = None, limits: Limits | None = None) -> bytes:
    """The decompressed bytes of the gzip file ``path``, read and inflated chunk by chunk."""
    where = label or str(path)
    budget = _Budget(where, path.stat().st_size, limits)
    with path.open("rb") as fh:
        return _join(_inflate(_chunks(fh), budget, None), where, "gzip", None)


def _chunks(fh: BinaryIO) -> Iterator[bytes]:
    return iter(lambda: fh.read(_CHUNK), b"")


def _join(pieces: Iterator[bytes], label: str, kind: str, head: int | None) -> bytes:
    out = bytearray()
    try:
        for piece in pieces:
            out += piece
    except (EOFError, OSError, zlib.error) as exc:
        raise DataError(
            f"{label}: the {kind} file is truncated or corrupt ({exc}); download it again"
        ) from None
    return bytes(out if head is None else out[:head])


def _member_info(zf: zipfile.ZipFile, member: str | zipfile.ZipInfo) -> zipfile.ZipInfo:
    return member if isinstance(member, zipfile.ZipInfo) else zf.getinfo(member)


def _member_chunks(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget, head: int | None
) -> Iterator[bytes]:
    with zf.open(info) as fh:
        while piece := fh.read(_CHUNK):
            budget.add(len(piece))
            yield piece
            if head is not None and budget.out >= head:
                return


def read_member(
    zf: zipfile.ZipFile,
    member: str | zipfile.ZipInfo,
    label: str,
    limits: Limits | None = None,
    head: int | None = None,
) -> bytes:
    """The bytes of one zip member (the first ``head`` bytes if given), within the limits.

    The member's compressed size in the archive is the base of the ratio; its declared uncompressed size
    is not trusted. Raises :class:`DataError` naming ``label`` for a corrupt member or one past a limit.
    """
    info = _member_info(zf, member)
    budget = _Budget(label, info.compress_size, limits)
    return _join(_member_chunks(zf, info, budget, head), label, "zip", head)


def copy_member(
    zf: zipfile.ZipFile, member: str | zipfile.ZipInfo, dest: Path, label: str, limits: Limits | None = None
) -> int:
    """Write one zip member to the file ``dest`` chunk by chunk, within the limits; the bytes written.

    For loaders that hand the extracted file to another reader (DuckDB): the shared helper the GDELT
    loader can call instead of ``shutil.copyfileobj``. On any error ``dest`` is removed and a
    :class:`DataError` naming ``label`` is raised.
    """
    info = _member_info(zf, member)
    budget = _Budget(label, info.compress_size, limits)
    try:
        with dest.open("wb") as out:
            for piece in _member_chunks(zf, info, budget, None):
                out.write(piece)
    except DataError:
        dest.unlink(missing_ok=True)
        raise
    except (EOFError, zlib.error, zipfile.BadZipFile) as exc:
        dest.unlink(missing_ok=True)
        raise DataError(f"{label}: the zip file is truncated or corrupt ({exc}); download it again") from None
    return budget.out
