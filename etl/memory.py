"""Keeping a big load's memory bounded on Linux (glibc): one malloc arena for the process, so what the reading
threads free is reused by the next steps instead of staying in arenas of their own; Arrow on the same allocator;
freed pages handed back to the system after the read (`release`). Elsewhere these do nothing."""
from __future__ import annotations

import ctypes
import functools
import gc
import os
import threading

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


_gc_lock = threading.Lock()
_gc_users = 0
_gc_was_enabled = True


def without_cyclic_gc(fn):
    """Run fn with the cyclic garbage collector paused (process-wide, re-entrant across threads).

    A large file is hundreds of thousands of row lists and tuples, none in a reference cycle; the collector
    would walk all of them again at every full collection while they are being built (~10 % of a 100 000-row
    load). Reference counting still frees everything as usual."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        global _gc_users, _gc_was_enabled
        with _gc_lock:
            if _gc_users == 0:
                _gc_was_enabled = gc.isenabled()
                gc.disable()
            _gc_users += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _gc_lock:
                _gc_users -= 1
                if _gc_users == 0 and _gc_was_enabled:
                    gc.enable()
    return wrapper
