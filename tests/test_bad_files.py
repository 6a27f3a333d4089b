"""Bad and hostile files through `python -m etl load`, as an analyst meets them: each one is refused with a
Russian message naming the file and saying what to do, exit code 1, the data unchanged, memory bounded, and
the refusal logged in `loads` (status 'rejected') with its reason in `quarantine`."""
import json
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from etl import db

ROOT = Path(__file__).resolve().parent.parent
DATA_VIEWS = ("readiness", "agreements", "event_participation", "effectiveness", "roadmap_items")
MAX_RSS_MB = 1024  # every refusal must stay far below this (a far cell would need tens of GB)


def cli(*args, db_path, env_extra=None):
    """Run the CLI as a child process; returns (CompletedProcess-like, peak RSS in MB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(Path(db_path).parent / "archive"),
           **(env_extra or {})}
    p = subprocess.Popen([sys.executable, "-m", "etl", *args, "--db", str(db_path)], cwd=ROOT, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=300)
    return p.returncode, out, err


def peak_rss_mb_of(*args, db_path, env_extra=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MONITORING_ARCHIVE": str(Path(db_path).parent / "archive"),
           **(env_extra or {})}
    p = subprocess.Popen([sys.executable, "-m", "etl", *args, "--db", str(db_path)], cwd=ROOT, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, ru.ru_maxrss / 1024


def good_book(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Мониторинг готовности ОО к реализации профминимума по состоянию на 01.10.2023"])
    ws.append([])
    ws.append(["№ п/п", "Муниципальное образование", "Наименование ОО", "ИНН", "Уровень реализации профминимума",
               "Ответственный за профминимум (ФИО)", "План утвержден", "Всего обучающихся 6–11 классов",
               "Охвачено профминимумом", "Обучено педагогов-навигаторов",
               "Регистрация на платформе «Билет в будущее»"])
    ws.append([1, "г.о. Химки", "МБОУ СОШ № 1", "5047000001", "базовый", "Иванова И.И.", "да", "1 200", "1 100",
               "2", "да"])
    ws.append([2, "Химки", "МБОУ СОШ № 2", "5047000002", "основной", "да", "да", "800", "800", "-", "нет"])
    wb.save(path)
    return path


# --- the bad files ----------------------------------------------------------------------------------

def corrupt(d):
    f = good_book(d / "повреждённый.xlsx")
    data = f.read_bytes()
    f.write_bytes(data[: len(data) // 2])  # cut in the middle: no central directory
    return f


def renamed_pdf(d):
    f = d / "отчёт.xlsx"
    f.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 20)
    return f


def empty(d):
    f = d / "пустой.xlsx"
    f.write_bytes(b"")
    return f


def title_only(d):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Мониторинг готовности ОО к реализации профминимума по состоянию на 01.10.2023"
    ws["A3"] = "Сведения будут представлены позднее"
    f = d / "только_заголовок.xlsx"
    wb.save(f)
    return f


def _dir_entry(name: str, typ: int, child=0xFFFFFFFF, right=0xFFFFFFFF) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    return (raw.ljust(64, b"\x00") + struct.pack("<HBB3I", len(raw), typ, 1, 0xFFFFFFFF, right, child)
            + b"\x00" * 16 + b"\x00" * 4 + b"\x00" * 16 + struct.pack("<IQ", 0xFFFFFFFE, 0))


def password_protected(d):
    """An OLE2 compound file as Excel writes an encrypted xlsx: streams EncryptionInfo and EncryptedPackage."""
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + b"\xff" * 4 * 108)
    assert len(header) == 512
    fat = struct.pack("<II", 0xFFFFFFFD, 0xFFFFFFFE) + b"\xff" * (512 - 8)
    dirs = (_dir_entry("Root Entry", 5, child=1) + _dir_entry("EncryptionInfo", 2, right=2)
            + _dir_entry("EncryptedPackage", 2) + b"\x00" * 128)
    f = d / "с_паролем.xlsx"
    f.write_bytes(header + fat + dirs)
    return f


def oversized(d):
    return good_book(d / "большой.xlsx")


def entity_bomb(d):
    src = good_book(d / "src_bomb.xlsx")
    lol = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
           + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10))
           + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>')
    f = d / "сущности.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            zout.writestr(i.filename, lol if i.filename == "xl/worksheets/sheet1.xml" else zin.read(i))
    src.unlink()
    return f


def zip_bomb(d):
    """A real workbook with a 200 MB run of zeros packed beside its sheet."""
    src = good_book(d / "src_zip.xlsx")
    f = d / "бомба.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            zout.writestr(i.filename, zin.read(i))
        with zout.open("xl/media/image1.bin", "w") as w:
            block = b"\x00" * 2**20
            for _ in range(200):
                w.write(block)
    src.unlink()
    return f


def far_cell(d):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Данные"
    ws["A1"] = "Мониторинг готовности ОО по состоянию на 01.10.2023"
    ws["XFD1048576"] = "x"
    f = d / "далёкая_ячейка.xlsx"
    wb.save(f)
    return f


def many_far_sheets(d):
    """(tester round t91) 24 sheets, each with one cell at XFD1200: every sheet within the limit, the file 3,6 GB."""
    wb = openpyxl.Workbook()
    for k in range(24):
        ws = wb.active if k == 0 else wb.create_sheet(f"Лист{k + 1}")
        ws["A1"] = "Мониторинг готовности ОО"
        ws["XFD1200"] = 1
    f = d / "много_листов.xlsx"
    wb.save(f)
    return f


def far_cell_xls(d):
    """(tester round t91) a 5,6 KB .xls with one number at IV65536: fastexcel made the whole range, 1,9 GB a sheet."""
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Данные")
    ws.write(0, 0, "Муниципалитет")
    ws.write(65535, 255, 1)
    f = d / "далёкая_ячейка.xls"
    wb.save(str(f))
    return f


def wide_csv(d):
    """(tester round t91) one line of 1 000 000 «x,»: 10,8 GB read as a million columns."""
    f = d / "широкий.csv"
    f.write_text(",".join(["x"] * 1_000_000) + "\n", encoding="utf-8")
    return f


def huge_cell_csv(d):
    """A CSV with one cell of 200 000 characters (beyond the CSV reader's field limit)."""
    f = d / "длинная_ячейка.csv"
    f.write_text("Наименование ОО;Охвачено\n" + "А" * 200_000 + ";5\n", encoding="utf-8")
    return f


def huge_cell_unicode_text(d):
    """The same in Excel's «Текст Юникод» (UTF-16 with its byte order mark): the limit holds after decoding."""
    f = d / "длинная_ячейка_юникод.txt"
    f.write_bytes(b"\xff\xfe" + ("Наименование ОО\tОхвачено\r\n" + "А" * 200_000 + "\t5\r\n").encode("utf-16-le"))
    return f


# file maker, expected rule, words the message must contain, environment
CASES = [
    (corrupt, "corrupt", "повреждён", {}),
    (renamed_pdf, "corrupt", "не является таблицей", {}),
    (empty, "empty_file", "пустой", {}),
    (title_only, "no_table", "не найдена таблица", {}),
    (password_protected, "encrypted", "защищён паролем", {}),
    (oversized, "too_big", "слишком большой", {"MONITORING_MAX_FILE_MB": "0.001"}),
    (entity_bomb, "xml_dtd", "DOCTYPE", {}),
    (zip_bomb, "zip_bomb", "zip-бомба", {}),
    (far_cell, "too_many_cells", "слишком большой", {}),
    (many_far_sheets, "too_many_cells", "на всех листах вместе", {}),
    (far_cell_xls, "too_many_cells", "слишком большой", {}),
    (wide_csv, "too_many_cells", "больше, чем бывает на листе Excel", {}),
    (huge_cell_csv, "field_too_long", "ячейка длиннее 131\u00a0072 знаков", {}),
    (huge_cell_unicode_text, "field_too_long", "ячейка длиннее 131\u00a0072 знаков", {}),
]


def data_counts(dbp):
    with db.read_connection(dbp) as con:
        return {v: con.execute(f"select count(*) from {v}").fetchall()[0][0] for v in DATA_VIEWS}


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory):
    d = tmp_path_factory.mktemp("bad")
    dbp = d / "m.duckdb"
    rc, out, err = cli("load", str(good_book(d / "хорошая.xlsx")), "--json", db_path=dbp)
    assert rc == 0, out + err
    return d, dbp


@pytest.mark.parametrize("make, rule, words, env", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_file_is_refused_cleanly(loaded_db, make, rule, words, env):
    d, dbp = loaded_db
    f = make(d)
    before = data_counts(dbp)
    assert before["readiness"] == 2
    with db.read_connection(dbp) as con:
        n_loads = con.execute("select count(*) from loads").fetchall()[0][0]

    # the analyst's view: one line naming the file, a Russian reason and what to do
    rc, out, err = cli("load", str(f), db_path=dbp, env_extra=env)
    assert rc == 1, out + err
    assert "Traceback" not in out + err
    assert f"✗ {f.name}: Файл отклонён" in out, out
    assert words in out
    assert f"файл «{f.name}»" in out  # the problem line names the file …
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("•"))
    hint = line.split(". ", 1)[-1]
    assert len(hint) > 20 and any("а" <= ch <= "я" for ch in hint)  # … and says what to do, in Russian

    # the machine view
    rc, out, err = cli("load", str(f), "--json", db_path=dbp, env_extra=env)
    assert rc == 1
    res = json.loads(out.strip().splitlines()[-1])
    assert res["status"] == "rejected" and res["file"] == f.name and res["rows_loaded"] == 0
    assert res["errors"][0]["rule"] == rule and res["errors"][0]["hint"]

    # nothing changed; both refusals are logged with their reasons
    assert data_counts(dbp) == before
    with db.read_connection(dbp) as con:
        loads = con.execute("select load_id, status, file_name, message from loads order by load_id").fetchall()
        assert len(loads) == n_loads + 2
        for load_id, status, file_name, message in loads[-2:]:
            assert (status, file_name) == ("rejected", f.name)
            assert "отклонён" in message
            q = con.execute("select rule, message, hint from quarantine where load_id = ?", [load_id]).fetchall()
            assert q and q[0][0] == rule and words in q[0][1] and q[0][2]


@pytest.mark.parametrize("make, env", [(zip_bomb, {}), (far_cell, {}), (entity_bomb, {})],
                         ids=["zip_bomb", "far_cell", "entity_bomb"])
def test_hostile_files_are_refused_with_bounded_memory(tmp_path, make, env):
    f = make(tmp_path)
    rc, peak = peak_rss_mb_of("load", str(f), db_path=tmp_path / "m.duckdb", env_extra=env)
    assert rc == 1
    assert peak < MAX_RSS_MB, f"peak RSS {peak:.0f} MB"


@pytest.mark.parametrize("make", [entity_bomb, zip_bomb, far_cell], ids=["entity_bomb", "zip_bomb", "far_cell"])
def test_error_report_of_a_hostile_file_never_opens_it(tmp_path, make):
    """The upload page's downloadable error report: a refused file is not handed to openpyxl; the report
    holds the sheet «Ошибки» with the reason alone."""
    import io

    import openpyxl

    from app import upload
    from etl import reader
    from etl.model import FileRejected

    f = make(tmp_path)
    with pytest.raises(FileRejected) as e:
        reader.read_workbook(f)
    wb = openpyxl.load_workbook(io.BytesIO(upload.error_report(f, e.value.problems)))
    assert wb.sheetnames == ["Ошибки"]
    assert wb["Ошибки"].cell(2, 5).value == e.value.problems[0].message
