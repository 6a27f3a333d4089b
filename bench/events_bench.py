"""Benchmark: a 1 000 000-row events workbook (long layout: one row per school and event) loaded by
`python -m etl load` in one process — wall time and peak memory, beside a bare python-calamine read of the same
file in the same run. Target (issue «Columnar ETL»): peak memory under 2 GB.

The workbook is generated here (xlsxwriter, constant memory): a title with the quarter, a header as coordinators
write it, municipalities written variously, real dates, numbers, «Всего» under each municipality.

    .venv/bin/python bench/events_bench.py [--rows 1000000] [--keep FILE]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.etl_bench import BARE, _municipalities, run  # noqa: E402

EVENTS = ["Профориентационный урок «Россия — мои горизонты»", "Экскурсия на предприятие", "Профессиональная проба",
          "Мастер-класс", "Ярмарка профессий", "Родительское собрание по профориентации", "День открытых дверей в вузе",
          "Встреча с представителями колледжа", "Фестиваль «Билет в будущее»", "Профориентационная игра"]
LEVELS = ["муниципальный", "Региональный", "федеральный", "муниципальный уровень"]


def write_events(path: Path, rows: int) -> None:
    import random

    import xlsxwriter

    munis = _municipalities(ROOT / "data" / "reference" / "municipalities.csv")
    rnd = random.Random(7)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Мероприятия")
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    ws.write(0, 0, "Участие в профориентационных мероприятиях за I квартал 2024 года, Московская область")
    ws.write_row(2, 0, ["№ п/п", "Муниципальное образование", "Наименование ОО", "Наименование мероприятия",
                        "Уровень мероприятия", "Дата проведения", "Количество обучающихся-участников",
                        "Родители (законные представители)", "Педагогические работники"])
    r, n = 3, 0
    per = -(-rows // len(munis))
    start = datetime(2024, 1, 9)
    for mi, (name, spellings) in enumerate(munis):
        k = min(per, rows - n)
        if k <= 0:
            break
        total = [0, 0, 0]
        for j in range(k):
            n += 1
            counts = [rnd.randint(5, 300), rnd.randint(0, 40), rnd.randint(0, 12)]
            total = [a + b for a, b in zip(total, counts)]
            ws.write_row(r, 0, [n, spellings[j % len(spellings)], f"МБОУ СОШ № {j % 400 + 1}",
                                EVENTS[rnd.randrange(len(EVENTS))], LEVELS[rnd.randrange(len(LEVELS))]])
            ws.write_datetime(r, 5, start + timedelta(days=rnd.randrange(80)), date_fmt)
            ws.write_row(r, 6, counts)
            r += 1
        ws.write_row(r, 0, [None, f"Всего по {name}", None, None, None, None, *total])
        r += 1
    wb.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--keep", help="keep (or reuse) the generated workbook at this path")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="events_bench_"))
    try:
        xlsx = Path(a.keep) if a.keep else work / "Мероприятия_I_квартал_2024.xlsx"
        if not xlsx.exists():
            t0 = time.perf_counter()
            write_events(xlsx, a.rows)
            print(f"Файл создан за {time.perf_counter() - t0:.0f} с")
        print(f"Файл: {xlsx.name}, {a.rows} строк, {xlsx.stat().st_size / 2**20:.1f} МБ")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(work / "archive"),
               "MONITORING_CACHE": str(work / "cache")}  # a first file: the header words are analysed afresh
        py = sys.executable
        bare = run([py, "-c", BARE, str(xlsx)], env, work)
        full = run([py, "-m", "etl", "load", str(xlsx), "--db", str(work / "events.duckdb"), "--json"], env, work)
        if full[3] != 0:
            print(f"load: exit code {full[3]}\n{full[4][:2000]}\n{full[5][-3000:]}")
            return 1
        import json

        res = json.loads(full[4].splitlines()[-1])
        print(f"Загружено строк: {res['rows_loaded']}, отклонено: {res['rows_rejected']}, период {res['period']}")
        print(f"bare python-calamine read: wall {bare[0]:.1f} s, peak {bare[2] / 1024:.0f} MB")
        print(f"full python -m etl load  : wall {full[0]:.1f} s, peak {full[2] / 1024:.0f} MB")
        print(f"ratio full / bare = {full[0] / bare[0]:.2f} wall, {full[2] / bare[2]:.2f} memory  "
              f"(target: peak under 2 GB: {'OK' if full[2] < 2 * 2**20 else 'NOT MET'})")
        return 0 if res["rows_loaded"] == a.rows else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
