"""Export benchmark: the same 12 charts three ways, in one run, each from a cold start (no browser running):

1. naive — one `fig.to_image()` per chart (plotly starts Chromium for every image);
2. batch — ONE kaleido call for the 12 figures (`kaleido.write_fig_from_object_sync`: one browser);
3. deck  — the product's PowerPoint build (`reports.pptx_deck.build_deck`): native charts for bar/line/pie,
   images (one batch through the process's kaleido server) for heatmaps, the map and tables.

Prints the times and the ratios. Target (issue 5): deck ≤ 1.2 × batch. Also prints the warm per-image cost of the
product's server (after the first image) for reference.

    .venv/bin/python bench/export_bench.py [--db FILE]   (default: $MONITORING_DB if it exists, else a small
                                                          demo database built in a temp dir)
"""
from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N_CHARTS = 12


def _database(arg: str | None, tmp: Path) -> Path:
    if arg:
        return Path(arg)
    env = os.environ.get("MONITORING_DB")
    if env and Path(env).exists():
        return Path(env)
    from etl.demo_db import build_demo

    db = tmp / "demo.duckdb"
    t = time.perf_counter()
    os.environ["MONITORING_ARCHIVE"] = str(tmp / "archive")
    build_demo(db, samples_dir=tmp / "samples", scale=0.1)
    print(f"Демо-база: {time.perf_counter() - t:.1f} с")
    return db


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    a = ap.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    tmp = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        db = _database(a.db, tmp)
        os.environ["MONITORING_DB"] = str(db)
        import kaleido
        import streamlit.logger as stlog

        stlog.set_log_level("error")
        from app.filters import Filters
        from app.specs import CHARTS, spec_for
        from reports import images, pptx_deck

        region = "50"
        specs = [s for s in (spec_for(c.key, Filters(region, None), db) for c in CHARTS) if not s.empty][:N_CHARTS]
        kinds = ", ".join(f"{s.kind}" for s in specs)
        n_img = sum(1 for s in specs if not pptx_deck.is_native(s))
        print(f"Графиков: {len(specs)} ({kinds}); в презентации изображениями: {n_img}, остальные — диаграммы PowerPoint")
        size = images.SIZES[images.DEFAULT_SIZE]
        figs = [images.export_figure(s, size) for s in specs]
        opts = {"format": "png", "width": size.width, "height": size.height, "scale": 2}

        assert not images.server_running()
        t = time.perf_counter()
        for f in figs:
            f.to_image(**opts)
        naive = time.perf_counter() - t

        out = tmp / "batch"
        out.mkdir()
        t = time.perf_counter()
        kaleido.write_fig_from_object_sync(
            [{"fig": f, "path": out / f"{i:02d}.png", "opts": opts} for i, f in enumerate(figs)],
            cancel_on_error=True)
        batch = time.perf_counter() - t

        assert not images.server_running()
        t = time.perf_counter()
        deck = pptx_deck.build_deck(specs, region_name="Московская область", period_label="последний период",
                                    template=False)
        deck_s = time.perf_counter() - t
        (tmp / "deck.pptx").write_bytes(deck)

        # warm server: per-image cost once the browser is up (the product's steady state)
        t = time.perf_counter()
        images.chart_images(specs, "png")
        warm = time.perf_counter() - t
        images.stop_server()

        n = len(specs)
        print(f"1. fig.to_image по одному:   {naive:6.2f} с  ({naive / n:.2f} с на график)")
        print(f"2. один пакетный вызов kaleido: {batch:6.2f} с  ({batch / n:.2f} с на график)")
        print(f"3. презентация (продукт):     {deck_s:6.2f} с  ({len(deck) / 2**20:.1f} МБ)")
        print(f"   сервер продукта, прогретый: {warm:6.2f} с на {n} PNG 3840×2160 ({warm / n:.2f} с на график)")
        ratio = deck_s / batch
        print(f"Отношения: по одному / пакет = {naive / batch:.2f}; презентация / пакет = {ratio:.2f} "
              f"(цель ≤ 1,2: {'выполнена' if ratio <= 1.2 else 'НЕ выполнена'})")
        return 0 if ratio <= 1.2 else 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
