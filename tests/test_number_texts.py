"""Text cells typed «24.317» / «1.045» (thousands set off with a dot) are text, not the numbers 24,317 and 1,045:
the reader gives every cell as text, so where the file keeps its text cells says which they are."""
from __future__ import annotations

import zipfile

import duckdb
import openpyxl
import xlwt

from etl import pipeline, reader
from test_reader import ods_file


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Показатели"
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


EFFECTIVENESS = [["Мониторинг показателей эффективности реализации профминимума за I квартал 2024 г."],
                 ["Муниципалитет", "Численность обучающихся 6-11 кл., чел.",
                  "Прошли профориентационную диагностику, чел.", "Приняли участие в профпробах, чел."],
                 ["г.о. Химки", "24.317", "21.450", "9.845"],
                 ["г.о. Реутов", "7 120", "6.005", "1.207"]]


def _values(db) -> dict[tuple[str, str], float]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {(m, c): v for m, c, v in con.execute(
            "SELECT municipality, indicator_code, value FROM effectiveness_rows").fetchall()}


def test_counts_typed_with_a_dot_for_thousands_load_as_thousands(dbp, tmp_path):
    f = _xlsx(tmp_path / "эффективность.xlsx", EFFECTIVENESS)
    s = reader.read_workbook(f).sheets[0]
    assert s.rows[2][1:] == ["24.317", "21.450", "9.845"]  # text cells stay text
    pipeline.load_file(f, dbp)
    assert _values(dbp) == {("Химки", "students_total"): 24317, ("Химки", "diagnostics_done"): 21450,
                            ("Химки", "probes_done"): 9845, ("Реутов", "students_total"): 7120,
                            ("Реутов", "diagnostics_done"): 6005, ("Реутов", "probes_done"): 1207}


def test_a_count_in_a_number_cell_with_a_fraction_is_refused_not_divided(dbp, tmp_path):
    rows = [r[:] for r in EFFECTIVENESS]
    rows[2][1] = 24.317  # a number cell: 24,317 people — only its author knows what was meant
    f = _xlsx(tmp_path / "эффективность.xlsx", rows)
    assert reader.read_workbook(f).sheets[0].rows[2][1] == 24.317
    r = pipeline.load_file(f, dbp)
    assert r.status == "rejected" and _values(dbp) == {}
    (p,) = [p for p in r.errors if p.rule == "bad_int"]
    assert p.row == 3 and "дробное число 24,317" in p.message
    assert "Численность обучающихся 6–11 классов" in p.message


def test_a_readiness_count_typed_1_045_is_one_thousand_and_45(dbp, tmp_path):
    f = _xlsx(tmp_path / "готовность.xlsx", [
        ["Муниципальное образование", "Наименование ОО", "Уровень профминимума", "Назначен ответственный",
         "Обучающихся 6-11 классов, всего", "Из них охвачено"],
        ["Одинцовский", "МБОУ Одинцовский лицей № 2", "базовый", "да", "1.045", "1.045"],
        ["Одинцовский", "МБОУ Часцовская СОШ", "базовый", "да", 96, 90]])
    r = pipeline.load_file(f, dbp, period="2024-Q1")
    assert r.status == "loaded"
    with duckdb.connect(str(dbp), read_only=True) as con:
        assert con.execute("SELECT school_name, students_total, students_covered FROM readiness_rows "
                           "ORDER BY source_row").fetchall() == [("МБОУ Одинцовский лицей № 2", 1045, 1045),
                                                                 ("МБОУ Часцовская СОШ", 96, 90)]


def test_inline_strings_are_text_too(tmp_path):
    # some writers (Apache POI's streaming writer, 1C) put text in the cell itself, not in the shared strings
    f = _xlsx(tmp_path / "a.xlsx", [["Показатель", "Значение"], ["a", 1.5]])
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet '
             'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>Численность</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>24.317</t></is></c><c r="C1"><v>24.317</v></c></row>'
             '</sheetData></worksheet>')
    out = tmp_path / "inline.xlsx"
    with zipfile.ZipFile(f) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else zin.read(item)
            if item.filename != "xl/sharedStrings.xml":
                zout.writestr(item, data)
    s = reader.read_workbook(out).sheets[0]
    assert s.rows == [["Численность", "24.317", "24.317"]]  # (one text stands for both: text wins)


def test_xls_and_ods_text_cells_stay_text(tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Лист1")
    ws.write(0, 0, "24.317")
    ws.write(0, 1, 1.5)
    ws.write(0, 2, 9.875)
    xls = tmp_path / "форма.xls"
    wb.save(str(xls))
    assert reader.read_workbook(xls).sheets[0].rows == [["24.317", 1.5, 9.875]]
    ods = ods_file(tmp_path / "форма.ods",
                   '<table:table table:name="Лист1"><table:table-row>'
                   '<table:table-cell office:value-type="string"><text:p>1.045</text:p></table:table-cell>'
                   '<table:table-cell office:value-type="float" office:value="2.125"><text:p>2,125</text:p>'
                   '</table:table-cell></table:table-row></table:table>')
    assert reader.read_workbook(ods).sheets[0].rows == [["1.045", 2.125]]
