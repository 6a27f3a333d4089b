"""Keeping a big load's memory bounded on Linux (glibc): one malloc arena for the process, so what the reading
threads free is reused by the next steps instead of staying in arenas of their own; Arrow on the same allocator;
freed pages handed back to the system after the read (`release`). Elsewhere these do nothing."""
from __future__ import annotations

import ctypes
import os

_M_ARENA_MAX = -8
_libc = None


def _c():
    global _libc
    if _libc is None:
        try:  # glibc by its soname (ctypes.util.find_library would run ldconfig in a subprocess)
            _libc = ctypes.CDLL("libc.so.6")
            _libc.malloc_trim  # noqa: B018 - glibc only
        except (OSError, AttributeError):
            _libc = False
    return _libc


def configure() -> None:
    """For a process that loads files (the CLI): call before any thread starts."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    libc = _c()
    if libc:
        try:
            libc.mallopt(_M_ARENA_MAX, 1)
        except AttributeError:
            pass


def release() -> None:
    """Hand freed memory back to the system (after a file has been read)."""
    libc = _c()
    if libc:
        libc.malloc_trim(0)
