"""Dashboard page benchmark: each page in headless Chromium against a bare Streamlit page with one plotly chart,
measured in the same run, plus the server time of a filter change.

    .venv/bin/python bench/pages_bench.py                 # builds a federal-scale demo database (slow)
    .venv/bin/python bench/pages_bench.py --scale 1       # Moscow Oblast + Sakhalin size
    .venv/bin/python bench/pages_bench.py --db path.duckdb  # reuse a database

A page is «rendered» when Streamlit reports the script run finished (`data-test-script-state="notRunning"`),
no skeleton is left and every plotly chart has drawn its svg. Targets: every page ≤ 1,5 × the bare page
(warm cache, median); a filter change ≤ 300 ms of server time (AppTest, the same script in-process).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import streamlit_harness as sh  # noqa: E402
BARE_APP = '''
import pandas as pd
import plotly.express as px
import streamlit as st

st.title("Пустая страница")
df = pd.DataFrame({"x": [f"Муниципалитет {i}" for i in range(60)], "y": list(range(60))})
st.plotly_chart(px.bar(df, x="x", y="y"))
'''


def _time_page(browser, url: str) -> float:
    """Seconds from navigation to a fully rendered page: a new tab (a new Streamlit session) in one browser
    context, so the static JS chunks come from the HTTP cache as for a user who has opened the dashboard before."""
    global _CTX
    if _CTX is None:
        _CTX = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = _CTX.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(sh.READY, timeout=120_000)
        page.wait_for_function(
            """() => !document.querySelector('[data-testid="stSkeleton"]')
                 && [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                      .every(c => c.querySelector('.main-svg'))
                 && document.querySelector('[data-testid="stApp"][data-test-script-state="notRunning"]')""",
            timeout=120_000, polling=20)
        dt = time.perf_counter() - t0
        if page.locator('[data-testid="stException"]').count():
            raise RuntimeError(f"исключение на странице {url}")
        return dt
    finally:
        page.close()


_CTX = None


def filter_change_server_ms(db: Path) -> dict[str, float]:
    """Server time of a filter change on every dashboard page: the script run after choosing another period
    (first time: cache miss for that period) — AppTest runs the same script in-process, no browser."""
    os.environ["MONITORING_DB"] = str(db)
    os.environ.pop("MONITORING_USERS", None)
    from streamlit.testing.v1 import AppTest

    out = {}
    for path in ["pages/overview.py", "pages/readiness.py", "pages/agreements.py", "pages/events.py",
                 "pages/effectiveness.py", "pages/roadmap.py"]:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        at.run()
        at.switch_page(path).run()
        periods = at.sidebar.selectbox(key="period").options
        box = at.sidebar.selectbox(key="period")
        target = box.options[1] if len(box.options) > 1 else box.options[0]
        t0 = time.perf_counter()
        box.select(target).run()
        cold = (time.perf_counter() - t0) * 1000
        at.sidebar.selectbox(key="period").select(periods[0]).run()
        t0 = time.perf_counter()
        at.sidebar.selectbox(key="period").select(target).run()
        warm = (time.perf_counter() - t0) * 1000
        if at.exception:
            raise RuntimeError(f"{path}: {at.exception[0].value}")
        out[path] = {"cold_ms": cold, "warm_ms": warm}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=30.0, help="масштаб демо-базы (30 ≈ вся Россия, 40 000 ОО)")
    ap.add_argument("--db", type=Path, help="готовая база (если файла нет — будет построена)")
    ap.add_argument("--runs", type=int, default=3, help="замеров каждой страницы (медиана)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "pages_bench.json")
    a = ap.parse_args(argv)

    from app import nav
    from etl import demo_db

    work = Path(tempfile.mkdtemp(prefix="pages_bench_"))
    db = a.db or work / "bench.duckdb"
    if not db.exists():
        t0 = time.perf_counter()
        print(f"Сборка демо-базы, масштаб {a.scale} …", flush=True)
        demo_db.build_demo(db, samples_dir=work / "samples", scale=a.scale)
        shutil.rmtree(work / "samples", ignore_errors=True)  # hundreds of MB of generated forms
        print(f"  готово за {time.perf_counter() - t0:.0f} с (база оставлена: {db}; повторный запуск: --db)",
              flush=True)
    from etl import db as edb
    with edb.read_connection(db) as con:
        schools = con.execute("select count(*) from readiness").fetchall()[0][0]
    print(f"База: {db} ({db.stat().st_size / 1e6:.0f} МБ, строк готовности ОО: {schools})", flush=True)

    bare = work / "bare.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    env = sh.local_env(db)
    pages = [p for p in nav.PAGES if p.section == "Мониторинг"]
    results: dict = {"db": str(db), "schools": schools, "pages": {}}
    with sh.serve(env, ROOT / "dashboard.py") as base, sh.serve(env, bare) as bare_base, sh.chromium() as browser:
        _time_page(browser, base + "/")  # first run of the process (legacy pages/ handling), not timed
        _time_page(browser, f"{bare_base}/")
        cold = {}
        for i, p in enumerate(pages):  # first visit: the queries run (cache empty)
            cold[p.title] = _time_page(browser, base + ("/" if i == 0 else f"/{p.url_path}"))
        bare_times, page_times = [], {p.title: [] for p in pages}
        for _ in range(a.runs):  # warm: interleaved so both see the same machine load
            bare_times.append(_time_page(browser, f"{bare_base}/"))
            for i, p in enumerate(pages):
                page_times[p.title].append(_time_page(browser, base + ("/" if i == 0 else f"/{p.url_path}")))

    b = statistics.median(bare_times)
    results["bare_s"] = b
    print(f"\nПустая страница с одним графиком: {b * 1000:.0f} мс (медиана {a.runs})")
    print(f"{'Страница':<26}{'первый раз, мс':>16}{'медиана, мс':>14}{'× пустой':>10}")
    worst = 0.0
    for p in pages:
        m = statistics.median(page_times[p.title])
        r = m / b
        worst = max(worst, r)
        results["pages"][p.title] = {"cold_s": cold[p.title], "median_s": m, "ratio": r}
        print(f"{p.title:<26}{cold[p.title] * 1000:>16.0f}{m * 1000:>14.0f}{r:>10.2f}")
    print(f"Худшее отношение: {worst:.2f} (цель ≤ 1,5)")

    print("\nСмена фильтра (период), серверное время прогона скрипта:")
    fc = filter_change_server_ms(db)
    results["filter_change"] = fc
    for path, t in fc.items():
        print(f"  {path:<26} без кэша {t['cold_ms']:>7.0f} мс   из кэша {t['warm_ms']:>6.0f} мс")
    print(f"Худшее (без кэша): {max(t['cold_ms'] for t in fc.values()):.0f} мс (цель ≤ 300)")
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
