"""Rows of a reference file (data/reference/<name>, utf-8 with or without BOM), read once per version of the file:
the one reader of the small catalogues the steps and pages look things up in."""
from __future__ import annotations

import csv
import functools
from pathlib import Path

from etl import config


@functools.lru_cache(maxsize=32)
def _rows(path: str, mtime: float) -> tuple[dict, ...]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return tuple(csv.DictReader(f))


def rows(name: str) -> tuple[dict, ...]:
    """The file's rows as dicts (header → text); () when the file does not exist."""
    path = Path(config.REFERENCE_DIR) / name
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return ()
    return _rows(str(path), mtime)
