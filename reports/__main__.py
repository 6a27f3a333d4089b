"""Command line for scheduled reports (cron, Windows task scheduler):

    python -m reports build --region 50 --period 2023-Q3 --out отчёты/ [--db FILE] [--charts k1,k2] [--format png]

Writes the PowerPoint deck, the analytical note (DOCX and PDF) and one image per chart (`charts/NN_key.png`) into
`--out`, prints one Russian summary line and exits 0; exit 1 if there is nothing to report or the export fails,
2 on wrong arguments.
"""
from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import time
from pathlib import Path

from app.fmt import fmt_num, plural
from etl.progress import ProgressBar


def _quiet_streamlit() -> None:
    """The cached queries run without a Streamlit server here; their «no runtime» notices are noise."""
    os.environ.setdefault("STREAMLIT_GLOBAL_SHOW_WARNING_ON_DIRECT_EXECUTION", "false")
    for name in ("streamlit", "streamlit.runtime", "streamlit.runtime.caching"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        import streamlit.logger as stlog

        stlog.set_log_level("error")
    except Exception:  # noqa: BLE001 - logging tweaks only
        pass


def _period_arg(text: str | None) -> str | None:
    """--period as typed: «2024-Q1», «2024-H1», «2024/25», «2024/2025», «2024/25 учебный год» → its label."""
    import re

    from etl import periods

    if not text:
        return None
    t = text.strip()
    if periods.is_valid(t.upper()):
        return t.upper()
    m = re.fullmatch(r"(\d{4})\s*[/-]\s*(\d{4}|\d{2})(?:\s*(?:уч\.?|учебный)\s*(?:г\.?|год))?", t)
    if m:
        label = f"{m.group(1)}/{m.group(2)[-2:]}"
        return label if periods.is_school_year(label) else None
    return periods.parse_period(t)


def cmd_build(a) -> int:
    _quiet_streamlit()
    from app import queries
    from app.filters import Filters, period_label, region_name
    from etl import config
    from reports import bundle, collect, images, note_docx, note_pdf, pptx_deck

    db = Path(a.db) if a.db else config.db_path()
    if not db.exists():
        print(f"Ошибка: база данных не найдена: {db}", file=sys.stderr)
        return 1
    os.environ["MONITORING_DB"] = str(db)
    t0 = time.perf_counter()
    dbs = str(db)
    v = queries.version(dbs)
    if a.region not in queries.region_options(dbs, v):
        from app.filters import regions_reference

        known = regions_reference().get(a.region)
        if known is None:  # (a wrong argument: no region has that code)
            print(f"Ошибка: неизвестный код региона «{a.region}»: укажите код из data/reference/regions.csv "
                  f"(50 — Московская область).", file=sys.stderr)
            return 2
        print(f"Ошибка: в базе нет данных по региону «{a.region}» ({region_name(a.region)}).", file=sys.stderr)
        return 1
    from app.filters import period_choices
    from etl.periods import is_school_year

    periods = period_choices(dbs, v, a.region)
    period = _period_arg(a.period) if a.period else next((p for p in periods if not is_school_year(p)), None)
    if a.period and period is None:
        print(f"Ошибка: период «{a.period}» не распознан: укажите квартал (2024-Q1), полугодие (2024-H1) или "
              "учебный год (2024/25).", file=sys.stderr)
        return 2
    from etl import periods as ep
    from etl.registry import get_registry

    cadence = get_registry().cadence(a.region)
    if period and not is_school_year(period) and cadence and ep.cadence_of(period) != cadence:
        # (a wrong argument, not missing data: tester round t84)
        print(f"Ошибка: {region_name(a.region)} отчитывается {ep.CADENCE_WORDS[cadence][0]}: укажите "
              f"{'квартал (2024-Q1)' if cadence == 'quarter' else 'полугодие (2024-H1)'} или учебный год (2024/25).",
              file=sys.stderr)
        return 2
    if period not in periods:
        print(f"Ошибка: нет данных за период «{a.period}» по региону {region_name(a.region)}; "
              f"есть: {', '.join(periods) or 'ни одного'}.", file=sys.stderr)
        return 1
    munis, bad = _municipalities(a.municipalities, a.region)
    if bad:
        print(f"Ошибка: {bad}", file=sys.stderr)
        return 2
    filters = Filters(a.region, period, munis, a.level or None)
    all_keys = [c.key for c in collect.chart_defs()]
    keys = [k.strip() for k in a.charts.split(",")] if a.charts else all_keys
    unknown = [k for k in keys if k not in all_keys]
    if unknown:
        print(f"Ошибка: неизвестные графики: {', '.join(unknown)}. Доступны: {', '.join(all_keys)}.", file=sys.stderr)
        return 2
    out = Path(a.out)
    if out.exists() and not out.is_dir():
        print(f"Ошибка: «{out}» — файл, а для выгрузки нужна папка (параметр --out).", file=sys.stderr)
        return 2
    (out / "charts").mkdir(parents=True, exist_ok=True)
    for old in [*(out / "charts").glob("*.png"), *(out / "charts").glob("*.svg")]:  # a chart gone since (after a
        old.unlink()  # rollback, or not asked for) must not stay beside the new ones with its old figures (t84)
    bar = ProgressBar(f"Отчёты: {region_name(a.region)}", enabled=sys.stderr.isatty() or a.progress)

    def stage(lo: float, hi: float, text: str):
        """progress(done, total[, what]) of one stage → the bar between lo and hi."""
        return lambda done, total, *what: bar(lo + (hi - lo) * done / max(total, 1), what[0] if what else text)

    try:
        bar(0.0, "Сбор данных")
        data = collect.collect(filters, keys, db)
        deck = pptx_deck.deck_for(data, progress=stage(0.1, 0.4, "Презентация"))
        (out / images.document_name("pptx", filters.describe())).write_bytes(deck)
        (out / images.document_name("docx", filters.describe())).write_bytes(
            note_docx.build_note(data, progress=stage(0.4, 0.55, "Справка")))
        (out / images.document_name("pdf", filters.describe())).write_bytes(
            note_pdf.build_pdf(data, progress=stage(0.55, 0.7, "Справка PDF")))
        shown = [x for x in data.specs if not x.empty]  # (a chart with nothing to show gets no picture)
        files = images.chart_images(shown, a.format, a.size, progress=stage(0.7, 1.0, "Изображения"))
        names = bundle.bundle_names(shown, a.format)
        for name, blob in zip(names, files):
            (out / "charts" / name).write_bytes(blob)
    except images.ExportError as e:
        bar.close()
        print(f"Ошибка: {e}", file=sys.stderr)
        return 1
    finally:
        images.stop_server()
    bar.close()
    from pptx import Presentation

    n_slides = len(Presentation(io.BytesIO(deck)).slides)
    n = len(files)
    secs = time.perf_counter() - t0
    print(f"Готово: {region_name(a.region)}, {period_label(period)} — презентация ({n_slides} "
          f"{plural(n_slides, 'слайд', 'слайда', 'слайдов')}), аналитическая справка (DOCX и PDF) и {n} "
          f"{plural(n, 'изображение', 'изображения', 'изображений')} {a.format.upper()} в {out} "
          f"за {fmt_num(secs, 1)} с")
    return 0


def _municipalities(text: str | None, region: str) -> tuple[tuple[str, ...], str]:
    """The municipalities of --municipalities as the registry names them («г.о. Химки» → Химки, a unit merged since
    2023 → the one that absorbed it); ((), message) for a name it does not know."""
    from etl.registry import get_registry

    reg, out = get_registry(), []
    for name in (m.strip() for m in (text or "").split(",")):
        if not name:
            continue
        m = reg.match(name, region)
        if m is None or m.region_code != region:
            near = ", ".join(f"«{s[0]}»" for s in reg.suggest(name, region, limit=3))
            return (), (f"муниципалитет «{name}» не найден в справочнике региона"
                        + (f"; возможно, имелось в виду: {near}" if near else ""))
        out.append(m.municipality)
    return tuple(dict.fromkeys(out)), ""


def main(argv: list[str] | None = None) -> int:
    from reports.images import SIZES

    from etl.cli_ru import russian_argparse

    russian_argparse()
    ap = argparse.ArgumentParser(prog="python -m reports", description="Выгрузка отчётов мониторинга профминимума")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="презентация, аналитическая справка и изображения графиков")
    b.add_argument("--region", required=True, help="код региона: 50, 65")
    b.add_argument("--period", help="период: 2023-Q3, 2023-H2 или учебный год 2023/24 (по умолчанию последний "
                                    "период с данными)")
    b.add_argument("--out", required=True, help="папка для файлов")
    b.add_argument("--db", help="файл базы DuckDB (по умолчанию MONITORING_DB)")
    b.add_argument("--charts", help="ключи графиков через запятую (по умолчанию все)")
    b.add_argument("--municipalities", help="муниципалитеты через запятую (по умолчанию все)")
    b.add_argument("--level", choices=["базовый", "основной", "продвинутый"], help="уровень профминимума")
    b.add_argument("--format", choices=["png", "svg"], default="png")
    b.add_argument("--size", choices=list(SIZES), default="fullhd")
    b.add_argument("--progress", action="store_true", help="всегда показывать индикатор выполнения")
    a = ap.parse_args(argv)
    if a.cmd == "build":
        return cmd_build(a)
    return 2


def run() -> int:
    """main() with no traceback for the user (tester round t84: a corrupt --db, an --out that is a file)."""
    from etl.errors_ru import run_quietly

    return run_quietly(main, "Ошибка: ")


if __name__ == "__main__":
    sys.exit(run())
