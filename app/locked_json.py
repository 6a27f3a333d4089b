"""A small JSON file read and written back under an exclusive file lock (`<file>.lock`): the failed sign-ins and
the open sessions, which several server threads and processes update at once."""
from __future__ import annotations

import contextlib
import fcntl
import json
import os
from pathlib import Path


@contextlib.contextmanager
def locked_json(path: Path, write: bool = True):
    """Yields a one-item list holding the data ({} when missing or unreadable); with `write`, whatever is in it at
    the end is written back atomically (mode 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(str(path) + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        box = [data]
        yield box
        if write:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(box[0]), encoding="utf-8")
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
