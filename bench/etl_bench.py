"""ETL benchmark: full `python -m etl load` of a 100,000-row readiness workbook vs a bare python-calamine read.

The workbook is generated here (xlsxwriter), shaped like a real form: title rows with «по состоянию на 01.10.2023»,
a two-row merged header, a column-number row, «Итого по г.о. X» subtotals, numbers as text with spaces,
municipalities and levels written variously. The commands are timed as whole processes, alternating, in the
same run, after one untimed warm-up run of each (as on an analyst's machine, Python keeps the compiled modules of
the project); prints medians of wall and CPU time (user + system: steadier on a shared machine), their ratios
and peak memory. Targets (issue «Columnar ETL»): full load ≤ 1.0 × the bare read (wall), peak memory ≤ 250 MB.
A third command measures the floor: the product's guarded read and a native copy of the raw columns into
DuckDB, with none of the load's work (`floor`); a fourth the issue's premise: fastexcel's one-thread read straight
into Arrow and the same copy, with no guard at all (`raw`).

    .venv/bin/python bench/etl_bench.py [--rows 100000] [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BARE = ("import sys; from python_calamine import CalamineWorkbook; wb = CalamineWorkbook.from_path(sys.argv[1]); "
        "[wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names]")
# The premise: fastexcel straight into Arrow, then one native copy into DuckDB — no guard, no pieces, no work
RAW = ("import sys, duckdb, fastexcel; t = fastexcel.read_excel(sys.argv[1]).load_sheet(0, header_row=None, "
       "dtypes='string', eager=True); con = duckdb.connect(sys.argv[2]); con.register('t', t); "
       "con.execute('CREATE TABLE raw AS SELECT * FROM t'); con.close()")


def floor(xlsx: str, db: str) -> None:
    """The floor of any load on this machine: the product's guarded read (etl.reader, as `etl load` runs it, with
    DuckDB imported and the database opened meanwhile) and one native copy of the raw Arrow columns into a new
    DuckDB file, committed — no locating, mapping, parsing, rules, problems or log."""
    from etl import memory, reader

    memory.configure()
    reading = reader.start_reading(xlsx)
    got: list = []
    warm = threading.Thread(target=lambda: got.append(__import__("duckdb").connect(db)))
    warm.start()
    sheet = reading.result().sheets[0]
    import pyarrow as pa

    table = pa.Table.from_arrays(sheet.columns, names=[f"c{j}" for j in range(sheet.width)])
    warm.join()
    con = got[0]
    con.register("sheet", table)
    con.execute("BEGIN TRANSACTION")
    con.execute("CREATE TABLE raw AS SELECT * FROM sheet")
    con.execute("SET checkpoint_threshold = '0KB'")  # as etl/db.py store_load: rows straight into the file
    con.execute("COMMIT")
    con.close()


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

    munis = _municipalities(ROOT / "data" / "reference" / "municipalities.csv")
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


def _private_kb(pid: int, peak: list[int], done: threading.Event) -> None:
    """Sample the child's private (anonymous) memory every 2 ms: the rest of its RSS is shared library code and
    mapped files, which the kernel may count in larger pieces on one machine than on another."""
    while not done.is_set():
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("RssAnon:"):
                        peak[0] = max(peak[0], int(line.split()[1]))
                        break
        except OSError:
            return
        done.wait(0.002)


def run(cmd: list[str], env: dict, work: Path) -> tuple[float, float, int, int, str, str, int]:
    """Wall time, CPU time (user + system, all threads), peak RSS (KB), exit code, output and peak private
    memory (KB, sampled) of one child process."""
    with open(work / "out.txt", "w+b") as out, open(work / "err.txt", "w+b") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        private, done = [0], threading.Event()
        sampler = threading.Thread(target=_private_kb, args=(p.pid, private, done), daemon=True)
        sampler.start()
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        done.set()
        sampler.join()
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (dt, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, p.returncode,
                out.read().decode(errors="replace"), err.read().decode(errors="replace"), private[0])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--floor", nargs=2, metavar=("XLSX", "DB"), help=argparse.SUPPRESS)  # the floor's own process
    a = ap.parse_args()
    if a.floor:
        floor(*a.floor)
        return 0
    work = Path(tempfile.mkdtemp(prefix="etl_bench_"))
    try:
        return bench(work, a.rows, a.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def bench(work: Path, rows: int, repeat: int) -> int:
    xlsx = work / "Готовность_ОО_01.10.2023.xlsx"
    t0 = time.perf_counter()
    write_readiness_bench(xlsx, rows=rows)
    print(f"Файл: {xlsx.name}, {rows} строк, {xlsx.stat().st_size / 2**20:.1f} МБ "
          f"(создан за {time.perf_counter() - t0:.1f} с)")
    py = sys.executable
    # the warm-up run fills the cache of header word forms, as an analyst's machine has it after the first file
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(work / "archive"),
           "MONITORING_CACHE": str(work / "cache")}
    # as on an analyst's machine: Python keeps the compiled modules (__pycache__) after the first run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    res: dict[str, dict[str, list]] = {k: {"wall": [], "cpu": [], "rss": [], "private": []}
                                       for k in ("bare", "raw", "floor", "full")}

    def commands(i):
        return (("bare", [py, "-c", BARE, str(xlsx)]),
                ("raw", [py, "-c", RAW, str(xlsx), str(work / f"raw_{i}.duckdb")]),
                ("floor", [py, __file__, "--floor", str(xlsx), str(work / f"floor_{i}.duckdb")]),
                ("full", [py, "-m", "etl", "load", str(xlsx), "--db", str(work / f"bench_{i}.duckdb"), "--json"]))

    for key, cmd in commands("warmup"):  # one untimed run of each: compiled modules, a warm file cache
        run(cmd, env, work)
    for i in range(repeat):
        for key, cmd in commands(i):
            dt, cpu, rss, rc, out, err, private = run(cmd, env, work)
            if rc != 0:
                print(f"{key}: exit code {rc}\n{out[:2000]}\n{err[-3000:]}")
                return 1
            if key == "full" and i == 0:
                import json

                r = json.loads(out.splitlines()[-1])
                print(f"Загружено строк: {r['rows_loaded']}, отклонено: {r['rows_rejected']}, период {r['period']}")
                if r["rows_loaded"] != rows:
                    print(f"ожидалось {rows} строк: {r}")
                    return 1
            res[key]["wall"].append(dt)
            res[key]["cpu"].append(cpu)
            res[key]["rss"].append(rss)
            res[key]["private"].append(private)
    med = {k: {m: statistics.median(v[m]) for m in ("wall", "cpu")} for k, v in res.items()}
    for key, label in (("bare", "bare python-calamine read"), ("raw", "raw: fastexcel → DuckDB   "),
                       ("floor", "floor: read + raw copy   "),
                       ("full", "full python -m etl load  ")):
        r = res[key]
        print(f"{label}: median wall {med[key]['wall']:.2f} s (runs: {', '.join(f'{x:.2f}' for x in r['wall'])}), "
              f"CPU {med[key]['cpu']:.2f} s, peak {max(r['rss']) / 1024:.0f} MB "
              f"(private {max(r['private']) / 1024:.0f} MB, the rest shared library code and mapped files)")
    print(f"raw / bare = {med['raw']['wall'] / med['bare']['wall']:.2f} wall (fastexcel's read into Arrow and one copy "
          "into DuckDB, unguarded and on one thread: what the columnar design costs before any check or work)")
    print(f"floor / bare = {med['floor']['wall'] / med['bare']['wall']:.2f} wall (the guarded read, then a native copy "
          "of its raw columns into DuckDB, nothing else: full - floor is what the load's own work costs)")
    ratio = med["full"]["wall"] / med["bare"]["wall"]
    cpu_ratio = med["full"]["cpu"] / med["bare"]["cpu"]
    peak = max(res["full"]["rss"]) / 1024
    print(f"ratio full / bare = {ratio:.2f} wall, {cpu_ratio:.2f} CPU  "
          f"(target ≤ 1.00 wall: {'OK' if ratio <= 1.0 else 'NOT MET'}; peak {peak:.0f} MB, target ≤ 250 MB: "
          f"{'OK' if peak <= 250 else 'NOT MET'}); load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
