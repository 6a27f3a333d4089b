"""Availability benchmark: a 1 000 000-row readiness csv of which 50 000 rows have a warning, loaded with
`python -m etl load` while a «page» in another process reads the database every 100 ms.

Prints the load's time and peak memory, its cost per row against the same load of 100 000 rows (measured in the
same run: linear growth means a ratio near 1), and how long the reader waited for the database during the load
against its time on an idle database (the baseline).

    .venv/bin/python bench/availability_bench.py [--rows 1000000] [--warnings 50000]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READER = """
import sys, time
from etl import db
path, stop, out = sys.argv[1], sys.argv[2], sys.argv[3]
waits = []
from pathlib import Path
while not Path(stop).exists():
    t0 = time.perf_counter()
    try:
        with db.read_connection(path, timeout=120) as con:
            con.execute("SELECT count(*), sum(students_total) FROM readiness").fetchall()
        waits.append(time.perf_counter() - t0)
    except Exception as e:
        waits.append(float("inf"))
    time.sleep(0.1)
Path(out).write_text("\\n".join(map(str, waits)))
"""


def write_csv(path: Path, rows: int, warnings: int) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write("Мониторинг готовности ОО Химки, I квартал 2024\n")
        f.write("Наименование ОО;Уровень;Ответственный;Всего обучающихся 6-11 классов;Охвачено профминимумом\n")
        step = max(1, rows // max(warnings, 1))
        for i in range(rows):
            total = "" if (warnings and i % step == 0 and i // step < warnings) else str(500 + i % 7)
            f.write(f"МБОУ СОШ № {i + 1};базовый;да;{total};{400 + i % 5}\n")


def load(csv: Path, dbp: Path) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of a whole `python -m etl load` process."""
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "etl", "load", str(csv), "--db", str(dbp),
                        "--region", "50", "--max-errors", "0"], cwd=ROOT, capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_MAX_FILE_MB": "500"})
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"загрузка не удалась: {p.stdout[-500:]} {p.stderr[-500:]}")
    return dt, int(p.stderr.strip().splitlines()[-1]) // 1024


def reader_waits(dbp: Path, during) -> list[float]:
    with tempfile.TemporaryDirectory() as d:
        stop, out = Path(d) / "stop", Path(d) / "out"
        r = subprocess.Popen([sys.executable, "-c", READER, str(dbp), str(stop), str(out)], cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        time.sleep(1.5)  # the reader is running
        try:
            result = during()
            time.sleep(0.5)
        finally:
            stop.touch()
            r.wait(timeout=300)
        waits = [float(x) for x in out.read_text().split()]
    return waits, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--warnings", type=int, default=50_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        small, big = d / "small.csv", d / "big.csv"
        write_csv(small, a.rows // 10, a.warnings // 10)
        write_csv(big, a.rows, a.warnings)
        dbp = d / "m.duckdb"
        t_small, m_small = load(small, d / "s.duckdb")
        # a database with data in it, then the big load while the reader reads
        load(small, dbp)
        idle, _ = reader_waits(dbp, lambda: time.sleep(2.0))
        waits, (t_big, m_big) = reader_waits(dbp, lambda: load(big, dbp))
    per_small, per_big = t_small / (a.rows // 10), t_big / a.rows
    base = max(idle)
    print(f"Загрузка {n(a.rows // 10)} строк: {f1(t_small)} с, пик памяти {n(m_small)} МБ")
    print(f"Загрузка {n(a.rows)} строк ({n(a.warnings)} с предупреждением): {f1(t_big)} с, пик памяти {n(m_big)} МБ")
    print(f"Стоимость строки: {f2(per_big / per_small)} × стоимости при {n(a.rows // 10)} строк (линейно — около 1)")
    print(f"Чтение страницы без загрузки (базовый уровень): до {n(base * 1000)} мс")
    print(f"Чтение страницы во время загрузки: до {n(max(waits) * 1000)} мс = {f1(max(waits) / base)} × базового; "
          f"неудачных чтений {sum(1 for w in waits if w == float('inf'))} из {len(waits)}")


def n(x: float) -> str:
    return f"{x:,.0f}".replace(",", "\u00a0")


def f1(x: float) -> str:
    return f"{x:.1f}".replace(".", ",")


def f2(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")

if __name__ == "__main__":
    main()
