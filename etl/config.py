"""Paths and limits. Every value can be overridden by an environment variable."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
ROADMAPS_DIR = DATA_DIR / "roadmaps"
SAMPLES_DIR = DATA_DIR / "samples"


def private_files() -> None:
    """Files this process creates (the database, the archive of originals, exports, learned mappings) are not
    readable by other accounts on the server; the service's own group keeps full access (a CLI run by an
    administrator of that group and the dashboard share one database)."""
    os.umask(0o007)


def db_path() -> Path:
    return Path(os.environ.get("MONITORING_DB", str(DATA_DIR / "monitoring.duckdb")))


def archive_dir(db: str | Path | None = None) -> Path:
    """Where original uploaded files are archived: $MONITORING_ARCHIVE, else `archive/` next to the database."""
    return Path(os.environ.get("MONITORING_ARCHIVE", str(Path(db or db_path()).parent / "archive")))


def max_file_mb() -> float:
    return float(os.environ.get("MONITORING_MAX_FILE_MB", "50"))


def max_unpacked_mb() -> float:
    """Limit on the summed uncompressed size of an xlsx (zip bomb guard)."""
    return float(os.environ.get("MONITORING_MAX_UNPACKED_MB", "500"))


def max_cells() -> int:
    """Limit on height*width of one sheet before it is materialised, and of all the sheets of a file together."""
    return int(os.environ.get("MONITORING_MAX_CELLS", "20000000"))


MAX_COLUMNS = 16_384  # as many columns as an Excel sheet can have (XFD): a CSV wider is no form


def lock_timeout() -> float:
    return float(os.environ.get("MONITORING_LOCK_TIMEOUT", "60"))


def cache_dir() -> Path:
    """Where the ETL keeps what it has learnt to spare work next time (the dictionary forms of header words):
    $MONITORING_CACHE, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache)/monitoring."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("MONITORING_CACHE", str(Path(base) / "monitoring")))
