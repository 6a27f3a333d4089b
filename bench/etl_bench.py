"""ETL benchmark: full `python -m etl load` of a 100,000-row readiness workbook vs a bare python-calamine read.

Both are timed as whole processes, alternating, in the same run; prints medians, their ratio and peak memory.
Target (issue): full load ≤ 1.5 × the bare read.

    .venv/bin/python bench/etl_bench.py [--rows 100000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = ("import sys; from python_calamine import CalamineWorkbook; wb = CalamineWorkbook.from_path(sys.argv[1]); "
        "[wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]")


def run(cmd: list[str], env: dict) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one child process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, ru = os.wait4(p.pid, 0)[1:]
    dt = time.perf_counter() - t0
    out, err = p.communicate()
    return dt, ru.ru_maxrss, p.returncode, out.decode(), err.decode()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    from etl.demo import write_readiness_bench

    work = Path(tempfile.mkdtemp(prefix="etl_bench_"))
    xlsx = work / "Готовность_ОО_01.10.2023.xlsx"
    t0 = time.perf_counter()
    write_readiness_bench(xlsx, rows=a.rows)
    print(f"Файл: {xlsx.name}, {a.rows} строк, {xlsx.stat().st_size / 2**20:.1f} МБ (создан за {time.perf_counter() - t0:.1f} с)")
    py = sys.executable
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(work / "archive")}
    bare, full, mem_bare, mem_full = [], [], [], []
    for i in range(a.repeat):
        dt, rss, rc, out, err = run([py, "-c", BARE, str(xlsx)], env)
        assert rc == 0, err
        bare.append(dt)
        mem_bare.append(rss)
        dbf = work / f"bench_{i}.duckdb"
        dt, rss, rc, out, err = run([py, "-m", "etl", "load", str(xlsx), "--db", str(dbf), "--json"], env)
        if rc != 0:
            print(out[:2000], err[-2000:])
            return 1
        full.append(dt)
        mem_full.append(rss)
        if i == 0:
            import json

            res = json.loads(out.splitlines()[-1])
            print(f"Загружено строк: {res['rows_loaded']}, отклонено: {res['rows_rejected']}, период {res['period']}")
            assert res["rows_loaded"] == a.rows, res
    mb, mf = statistics.median(bare), statistics.median(full)
    print(f"bare python-calamine read : median {mb:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in bare)}), "
          f"peak {max(mem_bare) / 1024:.0f} MB")
    print(f"full python -m etl load   : median {mf:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in full)}), "
          f"peak {max(mem_full) / 1024:.0f} MB")
    ratio = mf / mb
    print(f"ratio full / bare = {ratio:.2f}  (target ≤ 1.50: {'OK' if ratio <= 1.5 else 'NOT MET'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
