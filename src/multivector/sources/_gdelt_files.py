"""GDELT event files on disk: the time in their names, the single CSV inside a zip (extracted within the
decompression limits), and the scratch folders zips are extracted to (removed when an import ends, and
swept after a ``kill -9``). Part of :mod:`multivector.sources.gdelt`."""

from __future__ import annotations

import datetime
import os
import re
import shutil
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from multivector.errors import DataError
from multivector.sources.limits import MAX_MEMBERS, copy_member

__all__ = ["SCRATCH_PREFIX", "extract", "file_timestamp", "scratch", "sweep_scratch"]

#: Prefix of the scratch folders zips are extracted to: ``mv_gdelt_<pid>_<random>`` in the system temp folder.
SCRATCH_PREFIX = "mv_gdelt_"
_SCRATCH_PID = re.compile(r"^mv_gdelt_(\d+)_")
#: A scratch folder without a process id in its name (older versions) is removed after this many seconds.
_SCRATCH_MAX_AGE = 86_400.0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def sweep_scratch(root: Path | None = None) -> list[Path]:
    """Remove the scratch folders of GDELT imports whose process is gone (``kill -9`` leaves them behind).

    A folder named ``mv_gdelt_<pid>_*`` is removed when no process ``pid`` runs; one without a process id
    (older versions) when it is more than a day old. Returns the folders removed.
    """
    base = Path(root) if root is not None else Path(tempfile.gettempdir())
    removed: list[Path] = []
    for folder in base.glob(f"{SCRATCH_PREFIX}*"):
        if not folder.is_dir():
            continue
        m = _SCRATCH_PID.match(folder.name)
        if m is not None:
            stale = not _alive(int(m.group(1)))
        else:
            try:
                stale = time.time() - folder.stat().st_mtime > _SCRATCH_MAX_AGE
            except OSError:
                continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@contextmanager
def scratch() -> Iterator[Path]:
    """A scratch folder named after this process, removed on exit; stale ones of dead processes go first."""
    sweep_scratch()
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}_"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_STAMP = re.compile(r"(?<!\d)(\d{14}|\d{8})(?!\d)")


def file_timestamp(path: str | Path) -> datetime.datetime | None:
    """The time in a GDELT file name: ``YYYYMMDDHHMMSS`` (2.0) or ``YYYYMMDD`` (1.0 daily); None if absent."""
    m = _STAMP.search(Path(path).name)
    if m is None:
        return None
    text = m.group(1)
    try:
        return datetime.datetime.strptime(text, "%Y%m%d%H%M%S" if len(text) == 14 else "%Y%m%d")
    except ValueError:
        return None


def extract(path: Path, dest: Path) -> Path:
    """The single CSV member of a zip, written to ``dest`` chunk by chunk within the decompression limits
    of :mod:`multivector.sources.limits` (a bomb stops at the limit, its partial output removed);
    DataError for empty, truncated, corrupt zips and for one past a limit."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS:
                raise DataError(f"{path}: the zip lists {len(infos):,} files, more than {MAX_MEMBERS:,}")
            members = [i for i in infos if not i.is_dir()]
            if not members:
                raise DataError(f"{path}: empty zip archive (no file inside); download the file again")
            if len(members) > 1:
                csvs = [m for m in members if m.filename.lower().endswith(".csv")]
                if len(csvs) != 1:
                    names = ", ".join(m.filename for m in members[:5])
                    raise DataError(f"{path}: zip holds several files ({names}); expected one GDELT CSV")
                members = csvs
            out = dest / Path(members[0].filename).name
            copy_member(zf, members[0], out, f"{path}::{members[0].filename}")
            return out
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DataError(
            f"{path}: corrupt or truncated zip archive ({exc}); download the file again"
        ) from None
