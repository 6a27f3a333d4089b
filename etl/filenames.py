"""File names from outside (an upload, a file to archive) made safe to write: no directory part, no control or
direction-override characters (a right-to-left override can make «…\u202excod.xlsx» look like another extension),
and short enough for the file system (255 bytes; a long Russian name is two bytes a letter), its extension kept."""
from __future__ import annotations

import re

from etl.model import CONTROL_CHARS

_DIRS = re.compile(r"[\\/]")
_BAD = re.compile(f"[\t\n\r\u200b-\u200f\ufeff{CONTROL_CHARS}]")
MAX_BYTES = 200  # room left for a prefix («000123_<sha>_») within the 255 bytes of a name


def safe_file_name(name: str | None, default: str = "файл.xlsx", max_bytes: int = MAX_BYTES) -> str:
    base = _BAD.sub("", _DIRS.split(name or "")[-1]).strip().lstrip(".").strip()
    if not base:
        return default
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem or len(ext.encode("utf-8")) > 10:
        stem, ext = base, ""
    suffix = f".{ext}" if ext else ""
    room = max_bytes - len(suffix.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip()
    return (cut or "файл") + suffix
