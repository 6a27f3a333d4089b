"""`python -m etl load` as an analyst uses it: exit codes, JSON lines, Russian messages, unchanged DB on failure."""
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from etl import db

ROOT = Path(__file__).resolve().parent.parent


def cli(*args, db_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(Path(db_path).parent / "archive")}
    p = subprocess.run([sys.executable, "-m", "etl", *args, "--db", str(db_path)], capture_output=True,
                       text=True, env=env, cwd=ROOT, timeout=300)
    return p


def readiness_book(path, rows, title="Мониторинг готовности ОО к реализации профминимума по состоянию на 01.10.2023"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append([title])
    ws.append([])
    ws.append(["№ п/п", "Муниципальное образование", "Наименование ОО", "ИНН", "Уровень реализации профминимума",
               "Ответственный за профминимум (ФИО)", "План утвержден", "Всего обучающихся 6–11 классов",
               "Охвачено профминимумом", "Обучено педагогов-навигаторов",
               "Регистрация на платформе «Билет в будущее»"])
    for i, r in enumerate(rows, 1):
        ws.append([i, *r])
    ws.append(["", "Итого", "", "", "", "", "", sum(int(str(r[6]).replace(" ", "")) for r in rows), "", "", ""])
    wb.save(path)
    return path


GOOD = [
    ["г.о. Химки", "МБОУ СОШ № 1", "5047000001", "Базовый уровень", "Иванова И.И.", "да", "1 200", "1 100", "2", "+"],
    ["Химки", "МБОУ СОШ № 2", "5047000002", "ОСНОВНОЙ", "да", "Да", "800", "800", "-", "нет"],
    ["городской округ Королев", "МАОУ Лицей № 3", "5018000003", " продвинутый ", "+", "1", "950", "900", "3", "да"],
]


def counts(p):
    with db.read_connection(p) as con:
        return (con.execute("select count(*) from readiness_rows").fetchall()[0][0],
                con.execute("select count(*) from load_log").fetchall()[0][0])


def test_load_json_and_contract(tmp_path):
    f = readiness_book(tmp_path / "готовность.xlsx", GOOD)
    dbp = tmp_path / "m.duckdb"
    p = cli("load", str(f), "--json", db_path=dbp)
    assert p.returncode == 0, p.stdout + p.stderr
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert set(res) >= {"file", "status", "load_id", "kind", "period", "region", "rows_loaded", "rows_rejected", "errors"}
    assert (res["status"], res["kind"], res["period"], res["region"], res["rows_loaded"]) == (
        "loaded", "readiness", "2023-Q3", "50", 3)
    with db.read_connection(dbp) as con:
        got = con.execute("""select municipality, school_name, level, responsible_appointed, plan_approved,
                              students_total, students_covered, navigators, bvb_registered, source_sheet, source_row
                              from readiness order by source_row""").fetchall()
    assert got == [
        ("Химки", "МБОУ СОШ № 1", "базовый", True, True, 1200, 1100, 2, True, "Лист1", 4),
        ("Химки", "МБОУ СОШ № 2", "основной", True, True, 800, 800, 0, False, "Лист1", 5),
        ("Королёв", "МАОУ Лицей № 3", "продвинутый", True, True, 950, 900, 3, True, "Лист1", 6),
    ]
    # the same file again is a duplicate and changes nothing
    before = counts(dbp)
    p = cli("load", str(f), "--json", db_path=dbp)
    assert p.returncode == 0
    assert json.loads(p.stdout.strip().splitlines()[-1])["status"] == "duplicate"
    assert counts(dbp)[0] == before[0]


def test_bad_rows_reject_whole_file_with_cell_level_messages(tmp_path):
    bad = [r[:] for r in GOOD]
    bad[1][7] = "900"  # covered 900 > total 800
    bad[2][3] = "средний"  # unknown level
    f = readiness_book(tmp_path / "плохой.xlsx", bad)
    dbp = tmp_path / "m.duckdb"
    p = cli("load", str(f), db_path=dbp)
    assert p.returncode == 1
    out = p.stdout
    assert "отклонён" in out and "плохой.xlsx" in out
    assert "строка 5" in out and "строка 6" in out and "лист «Лист1»" in out
    assert "Охвачено (900) больше, чем всего обучающихся (800)" in out
    with db.read_connection(dbp) as con:
        assert con.execute("select count(*) from readiness").fetchall()[0][0] == 0
        q = con.execute('select "row", rule from quarantine order by 1').fetchall()
    assert (5, "covered_gt_total") in q and (6, "bad_level") in q
    # --skip-bad-rows loads the good row and quarantines the two bad ones
    p = cli("load", str(f), "--json", "--skip-bad-rows", db_path=dbp)
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert (res["status"], res["rows_loaded"], res["rows_rejected"]) == ("loaded", 1, 2)


def test_unreadable_and_periodless_files_are_rejected_clearly(tmp_path):
    dbp = tmp_path / "m.duckdb"
    junk = tmp_path / "отчёт.xlsx"
    junk.write_bytes(b"%PDF-1.4 not a spreadsheet" * 10)
    nop = readiness_book(tmp_path / "без_периода.xlsx", GOOD, title="Мониторинг готовности ОО")
    p = cli("load", str(junk), str(nop), "--json", db_path=dbp)
    assert p.returncode == 1
    lines = [json.loads(x) for x in p.stdout.strip().splitlines()]
    assert [x["status"] for x in lines] == ["rejected", "rejected"]
    assert "отчёт.xlsx" in lines[0]["file"]
    assert any("период" in e["message"] for e in lines[1]["errors"])
    assert counts(dbp)[0] == 0
    # with an explicit period the second file loads
    p = cli("load", str(nop), "--period", "за IV квартал 2023 года", "--json", db_path=dbp)
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert (res["status"], res["period"]) == ("loaded", "2023-Q4")


def test_folder_load_and_rollback(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    readiness_book(d / "a.xlsx", GOOD)
    v2 = [r[:] for r in GOOD[:2]]
    v2[0][1] = "МБОУ СОШ № 1 им. Гагарина"
    readiness_book(d / "b.xlsx", v2)  # same kind/period/municipality (Химки): replaces a.xlsx for Химки
    dbp = tmp_path / "m.duckdb"
    p = cli("load", str(d), "--json", db_path=dbp)
    assert p.returncode == 0, p.stdout
    ids = [json.loads(x)["load_id"] for x in p.stdout.strip().splitlines()]
    with db.read_connection(dbp) as con:
        names = sorted(r[0] for r in con.execute("select school_name from readiness").fetchall())
    assert names == ["МАОУ Лицей № 3", "МБОУ СОШ № 1 им. Гагарина", "МБОУ СОШ № 2"]
    p = cli("rollback", str(ids[1]), db_path=dbp)
    # what the pages show now, said as on the page (a tester's round, 06.12.2026: the CLI said only «Откат …»)
    assert p.returncode == 0 and p.stdout.strip() == (f"Откат загрузки № {ids[1]} («b.xlsx»). Вернулась предыдущая "
                                                      f"версия: загрузка № {ids[0]} («a.xlsx»)")
    with db.read_connection(dbp) as con:
        names = sorted(r[0] for r in con.execute("select school_name from readiness").fetchall())
    assert names == ["МАОУ Лицей № 3", "МБОУ СОШ № 1", "МБОУ СОШ № 2"]
    # the numbers `rollback` takes, newest first, with what became of each load
    lines = cli("loads", db_path=dbp).stdout.strip().splitlines()
    assert lines[0].startswith(f"№ {ids[1]} · ") and lines[0].endswith(
        " · b.xlsx · готовность ОО · III квартал 2023 г. · отменено откатом · 2 строки")
    assert lines[1].endswith(" · a.xlsx · готовность ОО · III квартал 2023 г. · загружено · 3 строки")


def test_warnings_of_a_loaded_file_are_printed_and_in_json(tmp_path):
    rows = [r[:] for r in GOOD]
    rows[1][7] = None  # «охвачено» left empty: loaded, with a warning
    f = readiness_book(tmp_path / "готовность.xlsx", rows)
    p = cli("load", str(f), db_path=tmp_path / "a.duckdb")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "! файл «готовность.xlsx», лист «Лист1», строка 5, столбец I «Охвачено профминимумом»: Заполнено только" \
           in p.stdout
    p = cli("load", str(f), "--json", db_path=tmp_path / "b.duckdb")
    res = json.loads(p.stdout.strip().splitlines()[-1])
    assert res["status"] == "loaded" and res["errors"] == []
    assert [(w["row"], w["rule"]) for w in res["warnings"]] == [(5, "coverage_half_filled")]
    # the output piped into a reader that stops early ends quietly
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(tmp_path / "archive")}
    sh = subprocess.run(f'"{sys.executable}" -m etl load "{f}" --db "{tmp_path / "c.duckdb"}" --json | head -c 10',
                        shell=True, capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert "Traceback" not in sh.stderr and sh.stdout == '{"file": "'


def test_a_duplicate_leaves_no_rows_out_in_the_history(tmp_path):
    f = readiness_book(tmp_path / "готовность.xlsx", GOOD)
    dbp = tmp_path / "m.duckdb"
    cli("load", str(f), db_path=dbp)
    cli("load", str(f), db_path=dbp)
    with db.read_connection(dbp) as con:
        got = con.execute("select status, rows_loaded, rows_rejected from loads order by load_id").fetchall()
    assert got == [("loaded", 3, 0), ("duplicate", 0, 0)]


def test_a_mapping_confirmed_on_the_command_line_is_kept_beside_the_database_named(tmp_path):
    """`--map` teaches the installation of that database (`--db`), not the project's data folder."""
    f = tmp_path / "форма.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг готовности ОО по состоянию на 01.10.2023"])
    ws.append(["Муниципалитет", "Наименование ОО", "Всего обучающихся 6–11 классов", "Непонятный столбец"])
    ws.append(["Химки", "МБОУ СОШ № 1", 300, 250])
    wb.save(f)
    env_mappings = os.environ.pop("MONITORING_MAPPINGS", None)
    try:
        p = cli("load", str(f), "--region", "50", "--map", "Непонятный столбец=students_covered",
                db_path=tmp_path / "db" / "m.duckdb")
    finally:
        if env_mappings is not None:
            os.environ["MONITORING_MAPPINGS"] = env_mappings
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "db" / "learned_mappings.json").exists()
    assert not (ROOT / "data" / "learned_mappings.json").exists()


def test_the_sheets_left_out_are_said_too(tmp_path):
    f = readiness_book(tmp_path / "готовность.xlsx", GOOD)
    wb = openpyxl.load_workbook(f)
    help_sheet = wb.create_sheet("Инструкция")
    help_sheet.append(["Заполните форму по образцу"])
    help_sheet.append(["Наименование ОО", "пример"])
    wb.save(f)
    p = cli("load", str(f), db_path=tmp_path / "m.duckdb")
    assert p.returncode == 0, p.stdout + p.stderr
    assert "· Не загружается лист «Инструкция»: инструкция или справочник, а не данные\n" in p.stdout
    res = json.loads(cli("load", str(f), "--json", db_path=tmp_path / "n.duckdb").stdout.strip().splitlines()[-1])
    assert res["not_loaded_sheets"] == ["лист «Инструкция»: инструкция или справочник, а не данные"]


def test_a_batch_goes_from_the_older_file_to_the_newer_whatever_their_names_and_says_so(tmp_path):
    """A corrected form downloaded again is «… (1).xlsx», named before the first version: the newer one stands, and
    the replacement inside one batch is said; the batch ends with its count."""
    d = tmp_path / "in"
    d.mkdir()
    first = readiness_book(d / "Химки_готовность.xlsx", GOOD[:2])
    fixed = [r[:] for r in GOOD[:2]]
    fixed[0][6] = "1 250"
    again = readiness_book(d / "Химки_готовность (1).xlsx", fixed)
    os.utime(first, (1_735_117_200, 1_735_117_200))  # 25.12.2024
    os.utime(again, (1_735_300_000, 1_735_300_000))  # 27.12.2024
    dbp = tmp_path / "m.duckdb"
    p = cli("load", str(d), db_path=dbp)
    assert p.returncode == 0, p.stdout + p.stderr
    with db.read_connection(dbp) as con:
        assert con.execute("select sum(students_total) from readiness").fetchall() == [(2050,)]
    out = p.stdout.splitlines()
    assert out[0].startswith("[1/2] ✓ Химки_готовность.xlsx: Загружено 2 строки (готовность ОО, Химки, период")
    assert out[-1] == "Итого 2 файла: загружено 2, отклонено 0, уже были загружены 0"
    assert ("    ! заменяет «Химки_готовность.xlsx» из этого же пакета (загрузка № 1): файлы загружаются от более "
            "ранних к более поздним по времени изменения — проверьте, что этот файл новее") in out


def test_a_copy_under_another_name_names_the_file_it_copies_and_json_says_whose_rows(tmp_path):
    dbp = tmp_path / "m.duckdb"
    f = readiness_book(tmp_path / "Химки_готовность.xlsx", GOOD)
    res = json.loads(cli("load", str(f), "--json", db_path=dbp).stdout.strip())
    assert res["municipalities"] == ["Королёв", "Химки"]
    copy = tmp_path / "Лобня_готовность.xlsx"
    copy.write_bytes(f.read_bytes())
    res = json.loads(cli("load", str(copy), "--json", db_path=dbp).stdout.strip())
    assert (res["status"], res["errors"], res["municipalities"]) == ("duplicate", [], ["Королёв", "Химки"])
    assert res["message"].endswith("(загрузка № 1, файл «Химки_готовность.xlsx»)")
    p = cli("load", str(copy), db_path=dbp)
    assert p.stdout.startswith("= Лобня_готовность.xlsx: Этот файл уже загружен ранее: данные не изменены "
                               "(загрузка № 1, файл «Химки_готовность.xlsx»)"), p.stdout


def test_a_load_rolled_back_twice_says_its_status_in_russian(tmp_path):
    dbp = tmp_path / "m.duckdb"
    cli("load", str(readiness_book(tmp_path / "готовность.xlsx", GOOD)), db_path=dbp)
    assert cli("rollback", "1", db_path=dbp).returncode == 0
    p = cli("rollback", "1", db_path=dbp)
    assert p.returncode == 1
    assert "нельзя откатить: её статус — «отменено откатом»" in p.stderr and "rolled_back" not in p.stderr


def test_a_spelling_of_a_municipality_is_confirmed_on_the_command_line_too(tmp_path):
    """(tester round t80) «Люберцы (вкл. Дзержинский)»: the hint said «подтвердите на странице загрузки» only —
    from the command line there was no way. The hint gives the command; with it the file loads."""
    dbp = tmp_path / "db" / "m.duckdb"
    rows = [["Люберцы (вкл. Дзержинский)", *r[1:]] for r in GOOD]
    f = readiness_book(tmp_path / "люберцы.xlsx", rows)
    p = cli("load", str(f), "--json", db_path=dbp)
    assert p.returncode == 1
    (e,) = {x["hint"] for x in json.loads(p.stdout.splitlines()[-1])["errors"]
            if x["rule"] == "unknown_municipality"}
    assert 'python -m etl alias "Люберцы (вкл. Дзержинский)" "Люберцы"' in e
    assert cli("alias", "Люберцы (вкл. Дзержинский)", "Люберцы", db_path=dbp).returncode == 0
    assert (dbp.parent / "aliases_learned.csv").exists() and not (ROOT / "data" / "aliases_learned.csv").exists()
    p = cli("load", str(f), "--json", db_path=dbp)
    assert p.returncode == 0, p.stdout + p.stderr
    assert json.loads(p.stdout.splitlines()[-1])["municipalities"] == ["Люберцы"]
