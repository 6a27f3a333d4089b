"""The embedded demo database: generated messy submissions loaded through the real ETL path."""
from __future__ import annotations

import os
import shutil
import tempfile
from datetime import datetime, time, timedelta
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
        simulate_submission_dates(tmp)
        for ext in ("", ".wal", ".read"):  # (the old database's read snapshot too: it would outlive its file)
            if Path(str(target) + ext).exists():
                os.unlink(str(target) + ext)
        os.replace(tmp, target)
        if Path(tmp + ".wal").exists():
            os.replace(tmp + ".wal", str(target) + ".wal")
    finally:
        for leftover in (tmp, tmp + ".wal", tmp + ".lock", tmp + ".read"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    say(1.0, "Готово")
    return {"truth": truth, "results": results}


def simulate_submission_dates(db_path: str | Path, now: datetime | None = None) -> None:
    """The demo loads every file within a minute; a real round of submissions arrives over the weeks around each
    period's deadline. Give each demo load of a period a submission time from two weeks before the deadline to
    a week after it (most on time, some late: the tracker and the history then look like a real year), keeping
    every later version of a submission later than the one it replaced. Roadmap loads keep their time."""
    import hashlib

    from etl import db, periods

    now = now or datetime.now()
    with db.write_connection(db_path) as con:
        loads = con.execute("""SELECT l.load_id, l.file_name, l.period,
                                      list(DISTINCT concat_ws('|', s.kind, s.region, s.period,
                                                              coalesce(s.municipality, ''))) AS scopes
                               FROM load_log l LEFT JOIN load_scope s ON s.load_id = l.load_id
                               WHERE l.period IS NOT NULL GROUP BY ALL ORDER BY l.load_id""").fetchall()
        latest: dict[str, datetime] = {}  # scope -> time of the newest version so far
        updates = []
        for load_id, name, period, scopes in loads:
            if not periods.is_valid(period):
                continue
            deadline = datetime.combine(periods.deadline_for(period), time(9))
            spread = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % (21 * 9)  # deterministic
            # working hours (9:00–18:00) of the 21 days from two weeks before the deadline
            when = deadline - timedelta(days=14) + timedelta(days=spread // 9, hours=spread % 9)
            keys = [k for k in (scopes or []) if k]
            for k in keys:
                if k in latest and when <= latest[k]:
                    when = latest[k] + timedelta(hours=1)
            when = min(when, now)
            for k in keys:
                latest[k] = when
            updates.append([when, load_id])
        if updates:
            con.executemany("UPDATE load_log SET loaded_at = ? WHERE load_id = ?", updates)


def ensure_demo(db_path: str | Path | None = None, progress=None) -> Path:
    """Build the demo database if the file does not exist yet."""
    target = Path(db_path or config.db_path())
    if not target.exists():
        from etl import db

        with db.write_lock(target, timeout=600):
            if not target.exists():
                build_demo(target, progress=progress)
    return target
