"""The embedded demo database: generated messy submissions loaded through the real ETL path."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from etl import config


def sample_files(samples_dir: Path) -> list[Path]:
    return sorted(p for p in samples_dir.rglob("*") if p.is_file() and p.suffix.lower() in
                  (".xlsx", ".xlsm", ".xls", ".csv", ".ods"))


def build_demo(db_path: str | Path | None = None, *, samples_dir: Path | None = None, scale: float = 1.0,
               progress: Callable[[float, str], None] | None = None) -> dict:
    """Generate the demo submissions and load every file (plus both roadmaps) into a NEW database file.

    The database is built next to the target and moved into place at the end, so a running dashboard
    never sees a half-built demo. Returns {'truth': Truth, 'results': [LoadResult]}.
    """
    from etl import demo, pipeline

    say = progress or (lambda f, t: None)
    target = Path(db_path or config.db_path())
    target.parent.mkdir(parents=True, exist_ok=True)
    samples = Path(samples_dir or config.SAMPLES_DIR)
    if samples.exists():
        shutil.rmtree(samples)
    samples.mkdir(parents=True)
    say(0.0, "Генерация демонстрационных форм")
    truth = demo.generate(samples, scale=scale, progress=lambda f, t: say(0.1 * f, t))
    files = sample_files(samples) + sorted(config.ROADMAPS_DIR.glob("*.csv"))
    fd, tmp = tempfile.mkstemp(suffix=".duckdb", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)
    results = []
    try:
        for i, f in enumerate(files):
            say(0.1 + 0.9 * i / max(len(files), 1), f"Загрузка {f.name}")
            kind = "roadmap" if f.parent == config.ROADMAPS_DIR else None
            results.append(pipeline.load_file(f, tmp, kind=kind, loaded_by="демо"))
        for ext in ("", ".wal"):
            if Path(str(target) + ext).exists():
                os.unlink(str(target) + ext)
        os.replace(tmp, target)
        if Path(tmp + ".wal").exists():
            os.replace(tmp + ".wal", str(target) + ".wal")
    finally:
        for leftover in (tmp, tmp + ".wal", tmp + ".lock"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    say(1.0, "Готово")
    return {"truth": truth, "results": results}


def ensure_demo(db_path: str | Path | None = None, progress=None) -> Path:
    """Build the demo database if the file does not exist yet."""
    target = Path(db_path or config.db_path())
    if not target.exists():
        from etl import db

        with db.write_lock(target, timeout=600):
            if not target.exists():
                build_demo(target, progress=progress)
    return target
