"""A process-wide memo of frames computed from a store, bounded by bytes.

Entries are keyed by the store file's identity (path, size, modification time) and the computation's own
key, so an import (which changes the file) is never answered from an older computation. Values are frames
(or tuples of frames); a hit returns a copy, so a caller may modify what it gets. The bound is
:data:`MAX_BYTES` of frame memory (``MULTIVECTOR_MEMO_BYTES`` overrides it; 0 turns the memo off), least
recently used entries leave first.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

import pandas as pd

from multivector.store.db import Store

__all__ = ["MAX_BYTES", "clear", "memoized", "store_identity"]

#: Default bound of the memo: 256 MiB of frame memory.
MAX_BYTES = 256 * 2**20
T = TypeVar("T", pd.DataFrame, tuple[pd.DataFrame, ...])

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[int, object]] = OrderedDict()
_size = 0


def _limit() -> int:
    try:
        return int(os.environ.get("MULTIVECTOR_MEMO_BYTES", MAX_BYTES))
    except ValueError:
        return MAX_BYTES


def store_identity(store: Store) -> tuple[str, int, int]:
    """(resolved path, size, mtime in ns) of the store file; size and mtime 0 when it does not exist."""
    try:
        st = store.path.stat()
    except OSError:
        return str(store.path), 0, 0
    return str(store.path.resolve()), st.st_size, st.st_mtime_ns


def _nbytes(value: object) -> int:
    frames = value if isinstance(value, tuple) else (value,)
    return sum(int(f.memory_usage(deep=True).sum()) for f in frames if isinstance(f, pd.DataFrame))


def _copy(value: Any) -> Any:
    if isinstance(value, tuple):
        return tuple(f.copy() for f in value)
    return value.copy()


def memoized(store: Store, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()`` once per (store identity, ``key``); later calls get a copy of the result."""
    limit = _limit()
    if limit <= 0:
        return compute()
    full = (store_identity(store), key)
    global _size
    with _lock:
        hit = _entries.get(full)
        if hit is not None:
            _entries.move_to_end(full)
            return cast(T, _copy(hit[1]))
    value = compute()
    size = _nbytes(value)
    if size <= limit:
        with _lock:
            if full not in _entries:
                _entries[full] = (size, _copy(value))
                _size += size
                while _size > limit and _entries:
                    _key, (old, _v) = _entries.popitem(last=False)
                    _size -= old
    return value


def clear() -> None:
    """Forget every memoised frame."""
    global _size
    with _lock:
        _entries.clear()
        _size = 0
