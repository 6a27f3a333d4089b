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


def _municipalities(ref: Path) -> list[tuple[str, list[str]]]:
    """Active Moscow Oblast municipalities and the ways forms spell them."""
    import csv

    out = []
    with open(ref, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["region_code"] != "50" or r["merged_into"] or r["valid_to"]:
                continue
            name, official = r["municipality"], r["official_name"]
            spellings = [name, official]
            if official.lower().startswith("городской округ "):
                spellings += [f"г.о. {name}", f"городской округ {name} "]
            out.append((name, spellings))
    return out


def write_readiness_bench(path: Path, rows: int = 100_000) -> None:
    """A readiness workbook shaped like a real one: title rows, a two-row merged header, a column-number row,
    «Итого по г.о. X» subtotals, numbers as text with spaces, municipalities and levels written variously."""
    import random

    import xlsxwriter

    ref = ROOT / "data" / "reference" / "municipalities.csv"
    if not ref.exists():
        ref = Path("/work/shared/reference/municipalities.csv")
    munis = _municipalities(ref)
    rnd = random.Random(42)
    wb = xlsxwriter.Workbook(str(path))  # shared strings, as Excel writes them
    ws = wb.add_worksheet("Лист1")
    bold = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1})
    ws.write(0, 0, "Мониторинг готовности ОО к реализации профориентационного минимума")
    ws.write(1, 0, "Московская область, по состоянию на 01.10.2023")
    hdr = ["№ п/п", "Муниципальное образование", "Наименование ОО", "ИНН", "Уровень реализации профминимума",
           "Ответственный за профминимум (ФИО)", "План утвержден", None, None, "Обучено педагогов-навигаторов",
           "Регистрация на платформе «Билет в будущее»"]
    for c, h in enumerate(hdr):
        if h is not None:
            ws.merge_range(3, c, 4, c, h, bold)
    ws.merge_range(3, 7, 3, 8, "Численность обучающихся 6–11 классов", bold)
    ws.write(4, 7, "всего", bold)
    ws.write(4, 8, "из них охвачено", bold)
    ws.write_row(5, 0, list(range(1, len(hdr) + 1)), bold)
    levels = ["базовый", "Базовый уровень", "ОСНОВНОЙ", "основной", " продвинутый ", "Продвинутый уровень"]
    people = ["Иванова И.И.", "Петров П.П.", "Сидорова А.В.", "да", "Да", "+"]
    yes = ["да", "Да", "ДА", "+", "1", "нет", "-"]
    r = 6
    per = -(-rows // len(munis))
    n = 0
    for mi, (name, spellings) in enumerate(munis):
        k = min(per, rows - n)
        if k <= 0:
            break
        tot_sum = cov_sum = 0
        for j in range(k):
            n += 1
            total = rnd.randint(80, 1500)
            cov = rnd.randint(total // 2, total)
            tot_sum += total
            cov_sum += cov
            ws.write_row(r, 0, [
                n, spellings[j % len(spellings)], f"МБОУ СОШ № {j + 1}", f"50{mi:02d}{j:06d}",
                levels[rnd.randrange(len(levels))], people[rnd.randrange(len(people))],
                yes[rnd.randrange(len(yes))], f"{total:,}".replace(",", " "), f"{cov:,}".replace(",", " "),
                rnd.choice(["-", "1", "2", "3"]), yes[rnd.randrange(len(yes))]])
            r += 1
        ws.write_row(r, 0, ["", f"Итого по г.о. {name}", "", "", "", "", "", f"{tot_sum:,}".replace(",", " "),
                            f"{cov_sum:,}".replace(",", " "), "", ""])
        r += 1
    ws.write(r + 1, 1, "Исполнитель: Иванова И.И., тел. 8 (495) 000-00-00")
    wb.close()


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
