"""How far a process-parallel load could go on this machine: the evidence behind «the ETL speed target cannot be
met on two cores».

The 100,000-row readiness workbook of `bench/etl_bench.py` is written once whole and once as two 50,000-row halves
(each with the same title and header). The probe then times, as whole processes, alternating with the bare
python-calamine read of the whole file (the same baseline as etl_bench.py):

    an idealised two-process load: the main process forks one child per half right after its imports; each child
    reads, locates, maps, normalises and validates its half (`pipeline.prepare`) and pickles the columns back; the
    main process meanwhile prepares the database, then writes all 100,000 rows in one transaction.

It leaves out what a real split would add (cutting one file in two, the header found once, checks across the
halves), so its ratio is a lower bound for any design that keeps python-calamine's Python objects.

    .venv/bin/python bench/etl_split_probe.py [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from etl_bench import BARE, run, write_readiness_bench  # noqa: E402

PROBE = r'''
import os, pickle, sys, threading
from etl import pipeline

db, halves = sys.argv[1], sys.argv[2:]
pipeline._registry(), pipeline._catalogue()  # loaded once, before the fork
kids = []
for f in halves:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        p = pipeline.prepare(f)
        with os.fdopen(w, "wb") as out:
            out.write(pickle.dumps((p.columns, p.kind, p.region, p.period), protocol=5))
        os._exit(0)
    os.close(w)
    kids.append((pid, r))
warm = threading.Thread(target=pipeline._warm_database, args=(db,))
warm.start()
parts = []
for pid, r in kids:
    with os.fdopen(r, "rb") as inp:
        parts.append(pickle.loads(inp.read()))
    os.waitpid(pid, 0)
cols = {k: [v for part in parts for v in part[0][k]] for k in parts[0][0]}
_, kind, region, period = parts[0]
prep = pipeline.Prepared(pipeline.Path(halves[0]), "probe.xlsx", "probe", kind, region, period, None, cols, [],
                         set(), [])
warm.join()
res = pipeline.commit(prep, db, archive=False)
print(res.rows_loaded)
sys.stdout.flush()
os._exit(0)
'''


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="etl_probe_"))
    try:
        whole = work / "Готовность_ОО_01.10.2023.xlsx"
        halves = [work / f"Готовность_ОО_{k}_01.10.2023.xlsx" for k in (1, 2)]
        write_readiness_bench(whole, rows=a.rows)
        for h in halves:
            write_readiness_bench(h, rows=a.rows // 2)
        py = sys.executable
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        walls: dict[str, list[float]] = {"bare": [], "probe": []}

        def commands(i):
            return (("bare", [py, "-c", BARE, str(whole)]),
                    ("probe", [py, "-c", PROBE, str(work / f"probe_{i}.duckdb"), *map(str, halves)]))

        for _key, cmd in commands("warmup"):
            run(cmd, env, work)
        for i in range(a.repeat):
            for key, cmd in commands(i):
                dt, _cpu, _rss, rc, out, err = run(cmd, env, work)
                if rc != 0 or (key == "probe" and out.strip() != str(2 * (a.rows // 2))):
                    print(f"{key}: exit code {rc}\n{out[:2000]}\n{err[-3000:]}")
                    return 1
                walls[key].append(dt)
        med = {k: statistics.median(v) for k, v in walls.items()}
        print(f"bare python-calamine read of {a.rows} rows: median {med['bare']:.2f} s")
        print(f"idealised two-process load        : median {med['probe']:.2f} s "
              f"(runs: {', '.join(f'{x:.2f}' for x in walls['probe'])})")
        print(f"ratio = {med['probe'] / med['bare']:.2f} (a lower bound for a process-parallel load on "
              f"{os.cpu_count()} cores; the target is ≤ 1.50)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
