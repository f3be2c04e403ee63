"""Which file a loader is reading now: a hook for the importer's progress display.

The loaders call :func:`reading` with each file (or archive member) they read in full; whoever imports
(:mod:`multivector.store.importing`) listens with :func:`listening` and shows it. Without a listener
:func:`reading` does nothing. The listener is a context variable, so threads and nested imports do not mix
their files up.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["listening", "reading"]

_LISTENER: ContextVar[Callable[[str], None] | None] = ContextVar("multivector_reading", default=None)


def reading(label: str) -> None:
    """Tell the listener (if any) that the file or member ``label`` is being read."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(label)


@contextmanager
def listening(callback: Callable[[str], None]) -> Iterator[None]:
    """Call ``callback(label)`` for every file read inside the ``with`` block."""
    token = _LISTENER.set(callback)
    try:
        yield
    finally:
        _LISTENER.reset(token)
