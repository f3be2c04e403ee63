"""The download manifest (``multivector/sources/manifest.toml``): where each dataset is published.

Each entry names the publisher's URL, the version, what the publisher gives to verify the file (SHA-256,
MD5, size, GDELT's MD5 lists, or nothing), the licence and the citation.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from multivector.errors import DataError, InputError

__all__ = [
    "FILETYPES",
    "KINDS",
    "VERIFY",
    "DownloadResult",
    "ManifestEntry",
    "get_entry",
    "load_manifest",
    "rebase_url",
]

KINDS = ("file", "gdelt1", "gdelt2", "manual", "sdmx")
VERIFY = ("sha256", "md5", "size", "md5list", "none")
#: What a downloaded file must look like (checked after every pull, see :mod:`multivector.store.verify`).
FILETYPES = ("zip", "csv", "text", "any")


@dataclass(frozen=True)
class DownloadResult:
    """One file of a pull. ``status``: downloaded, cached, skipped or manual."""

    name: str
    url: str
    path: str
    status: str
    bytes: int = 0
    verified: str = "none"
    sha256: str = ""
    resumed: bool = False
    message: str = ""


@dataclass(frozen=True)
class ManifestEntry:
    """One dataset as its publisher offers it."""

    name: str
    source: str
    kind: str
    url: str
    filename: str
    version: str
    verify: str
    licence: str
    citation: str
    format: str = ""
    publisher: str = ""
    page: str = ""
    list_url: str = ""
    sha256: str | None = None
    md5: str | None = None
    size: int | None = None
    notes: str = ""
    filetype: str = "any"


def _entry(name: str, raw: dict[str, object], origin: str) -> ManifestEntry:
    def text(key: str, required: bool = True) -> str:
        value = raw.get(key, "")
        if required and not value:
            raise DataError(f"{origin}: entry [{name}] lacks the field {key!r}")
        return str(value)

    kind, verify = text("kind"), text("verify")
    if kind not in KINDS:
        raise DataError(f"{origin}: entry [{name}] has kind {kind!r}; expected one of {', '.join(KINDS)}")
    if verify not in VERIFY:
        allowed = ", ".join(VERIFY)
        raise DataError(f"{origin}: entry [{name}] has verify {verify!r}; expected one of {allowed}")
    if verify in ("sha256", "md5", "size") and raw.get(verify) in (None, ""):
        raise DataError(f"{origin}: entry [{name}] says verify = {verify!r} but gives no {verify} value")
    filetype = str(raw.get("filetype", "any"))
    if filetype not in FILETYPES:
        allowed = ", ".join(FILETYPES)
        raise DataError(f"{origin}: entry [{name}] has filetype {filetype!r}; expected one of {allowed}")
    if kind in ("gdelt1", "gdelt2") and not raw.get("list_url"):
        raise DataError(f"{origin}: entry [{name}] of kind {kind} needs list_url")
    size = raw.get("size")
    return ManifestEntry(
        name=name,
        source=text("source"),
        kind=kind,
        url=text("url"),
        filename=text("filename"),
        version=text("version"),
        verify=verify,
        licence=text("licence"),
        citation=text("citation"),
        format=text("format", False),
        publisher=text("publisher", False),
        page=text("page", False),
        list_url=text("list_url", False),
        sha256=str(raw["sha256"]).lower() if raw.get("sha256") else None,
        md5=str(raw["md5"]).lower() if raw.get("md5") else None,
        size=int(str(size)) if size not in (None, "") else None,
        notes=text("notes", False),
        filetype=filetype,
    )


def load_manifest(path: str | Path | None = None) -> dict[str, ManifestEntry]:
    """Read the manifest (the packaged one by default) into entries keyed by name."""
    if path is None:
        data = resources.files("multivector.sources").joinpath("manifest.toml").read_bytes()
        origin = "multivector/sources/manifest.toml"
    else:
        data = Path(path).read_bytes()
        origin = str(path)
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"{origin}: not a valid TOML manifest: {exc}") from None
    return {name: _entry(name, dict(body), origin) for name, body in raw.items() if isinstance(body, dict)}


def get_entry(name: str, manifest: dict[str, ManifestEntry] | None = None) -> ManifestEntry:
    """The manifest entry ``name``, or :class:`InputError` listing the known names."""
    entries = manifest if manifest is not None else load_manifest()
    try:
        return entries[name]
    except KeyError:
        raise InputError(f"no download entry named {name!r}; known: {', '.join(sorted(entries))}") from None


def rebase_url(url: str, mirror: str | None) -> str:
    """``url`` with its scheme and host replaced by ``mirror``'s (whose path, if any, is prefixed)."""
    if not mirror:
        return url
    m, u = urlsplit(mirror), urlsplit(url)
    path = m.path.rstrip("/") + u.path
    return urlunsplit((m.scheme, m.netloc, path, u.query, u.fragment))
