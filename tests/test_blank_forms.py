"""Blank forms (`python -m etl forms`): they open, carry drop-down lists from the hidden «Справочники» sheet,
and a filled blank loads cleanly through the real pipeline."""
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from etl import db, pipeline
from etl.blank_forms import HEADER_ROW, write_blank_forms

ROOT = Path(__file__).resolve().parent.parent
KINDS = ["readiness", "agreements", "events", "effectiveness"]


def validations(ws) -> dict[str, object]:
    """First column letter of each validated range -> the validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            out[rng.split(":")[0].rstrip("0123456789")] = dv
    return out


def list_values(wb, formula: str) -> list[str]:
    sheet, cells = formula.split("!")
    a, b = cells.replace("$", "").split(":")
    ws = wb[sheet.strip("'")]
    return [ws[f"A{r}"].value for r in range(int(a[1:]), int(b[1:]) + 1)]


def test_four_forms_with_headers_lists_and_instruction(tmp_path):
    paths = write_blank_forms(tmp_path, region_code="50")
    assert [p.name for p in paths] == ["50_Бланк_готовность_ОО.xlsx", "50_Бланк_договоры_о_сетевом_взаимодействии.xlsx",
                                       "50_Бланк_участие_в_мероприятиях.xlsx", "50_Бланк_показатели_эффективности.xlsx"]
    wb = load_workbook(paths[0])
    ws = wb.worksheets[0]
    assert wb.sheetnames == ["Готовность ОО", "Справочники", "Инструкция"]
    assert wb["Справочники"].sheet_state == "hidden"
    assert ws["A3"].value == "за ___ квартал 20__ года"
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    headers = [c.value for c in ws[HEADER_ROW] if c.value]
    assert headers == ["Муниципальное образование", "Наименование ОО", "ИНН", "Уровень реализации профминимума",
                       "Ответственный за профминимум (ФИО)", "План утвержден", "Всего обучающихся 6–11 классов",
                       "Охвачено профминимумом", "Обучено педагогов-навигаторов",
                       "Регистрация на платформе «Билет в будущее»"]
    assert all(ws.column_dimensions[c].width >= 12 for c in "ABCDEFGHIJ")
    v = validations(ws)
    munis = list_values(wb, v["A"].formula1)
    assert "Химки" in munis and "Королёв" in munis and len(munis) == 56
    assert "Протвино" not in munis and "Южно-Сахалинск" not in munis  # merged units and other regions are not offered
    assert list_values(wb, v["D"].formula1) == ["базовый", "основной", "продвинутый"]
    assert list_values(wb, v["F"].formula1) == ["да", "нет"] == list_values(wb, v["J"].formula1)
    assert v["G"].type == "whole" and v["H"].type == "whole"
    assert "Инструкция по заполнению формы" == wb["Инструкция"]["A1"].value
    text = " ".join(str(c.value) for c in wb["Инструкция"]["A"] if c.value)
    assert "за I квартал 2024 года" in text and "Итого" in text

    wb = load_workbook(paths[1])
    v = validations(wb.worksheets[0])
    assert list_values(wb, v["C"].formula1) == ["ВУЗ", "СПО", "индустриальный партнёр", "МОУО", "ОО", "иное"]
    assert v["F"].type == "date"
    wb = load_workbook(paths[2])
    v = validations(wb.worksheets[0])
    assert list_values(wb, v["D"].formula1) == ["федеральный", "региональный", "муниципальный", "школьный"]
    events = list_values(wb, v["C"].formula1)
    assert "Профориентационный фестиваль «Путь навыков»" in events
    assert "Ярмарка профессий «Сахалин — мои горизонты»" not in events
    wb = load_workbook(paths[3])
    v = validations(wb.worksheets[0])
    indicators = list_values(wb, v["B"].formula1)
    assert "Численность обучающихся 6–11 классов" in indicators
    assert not any(i.startswith("Доля") for i in indicators)  # shares are computed, never typed in


def test_both_regions_and_half_year_placeholder(tmp_path):
    wb = load_workbook(write_blank_forms(tmp_path / "all")[0])
    assert wb.worksheets[0]["A3"].value == "за ___ квартал (полугодие) 20__ года"
    munis = list_values(wb, validations(wb.worksheets[0])["A"].formula1)
    assert "Химки" in munis and "Южно-Сахалинск" in munis
    wb = load_workbook(write_blank_forms(tmp_path / "65", region_code="Сахалинская область")[0])
    assert wb.worksheets[0]["A3"].value == "за ___ полугодие 20__ года"
    assert len(list_values(wb, validations(wb.worksheets[0])["A"].formula1)) == 18


def fill(path: Path, period_text: str, rows: list[list]) -> Path:
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["A3"] = period_text
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            ws.cell(HEADER_ROW + 1 + i, 1 + j, v)
    out = path.with_name("заполнено_" + path.name)
    wb.save(out)
    return out


def test_filled_blanks_load_cleanly(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITORING_ARCHIVE", str(tmp_path / "archive"))
    dbp = tmp_path / "m.duckdb"
    paths = dict(zip(KINDS, write_blank_forms(tmp_path / "forms", region_code="50")))
    data = {
        "readiness": [["Химки", "МБОУ СОШ № 1", "5047000017", "основной", "Иванова И.И.", "да", 1200, 1100, 2, "да"],
                      ["Химки", "МАОУ «Лицей № 2»", "5047000025", "базовый", "нет", "нет", 800, 640, 0, "нет"],
                      ["Королёв", "МБОУ «Гимназия № 3»", "5018000031", "продвинутый", "Петрова А.С.", "да", 950, 950, 4, "да"]],
        "agreements": [["Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГАОУ ВО «МФТИ»", "12-СВ", date(2024, 2, 15)],
                       ["Химки", "МБОУ СОШ № 1", "индустриальный партнёр", "АО «Мособлгаз»", "3", date(2024, 3, 1)]],
        "events": [["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "муниципальный", date(2024, 2, 20), 40, 0, 3],
                   ["Химки", "МБОУ СОШ № 1", "Всероссийское родительское собрание по профориентации 21.03.2024",
                    None, None, 0, 210, 4]],
        "effectiveness": [["Химки", "Численность обучающихся 6–11 классов", 2000],
                          ["Химки", "Обучающиеся 6–11 классов, охваченные профминимумом", 1740]],
    }
    for kind in KINDS:
        res = pipeline.load_file(fill(paths[kind], "за I квартал 2024 года", data[kind]), dbp)
        assert (res.status, res.kind, res.period, res.region, res.rows_loaded, res.rows_rejected) == \
            ("loaded", kind, "2024-Q1", "50", len(data[kind]), 0), [e.text() for e in res.errors]
        # its own hidden lists are a helper sheet, not «лист скрыт … если на нём данные формы, покажите лист»
        assert "лист «Справочники»: инструкция или справочник, а не данные" in res.sheets_left
        assert not any("скрыт" in x for x in res.sheets_left), res.sheets_left
    with db.read_connection(dbp) as con:
        assert con.execute("""SELECT municipality, count(*), sum(students_total), sum(students_covered),
                              count(*) FILTER (level = 'основной'), count(*) FILTER (responsible_appointed),
                              count(*) FILTER (bvb_registered)
                              FROM readiness GROUP BY ALL ORDER BY ALL""").fetchall() == [
            ("Королёв", 1, 950, 950, 0, 1, 1), ("Химки", 2, 2000, 1740, 1, 1, 1)]
        assert con.execute("SELECT partner_type, signed_on FROM agreements ORDER BY ALL").fetchall() == [
            ("ВУЗ", date(2024, 2, 15)), ("индустриальный партнёр", date(2024, 3, 1))]
        assert con.execute("SELECT event, event_level, event_date, students, parents, teachers "
                           "FROM event_participation ORDER BY students").fetchall() == [
            ("Всероссийское родительское собрание по профориентации 21.03.2024", "федеральный", date(2024, 3, 21),
             0, 210, 4),
            ("Профессиональные пробы", "муниципальный", date(2024, 2, 20), 40, 0, 3)]
        assert con.execute("SELECT indicator_code, value FROM effectiveness ORDER BY ALL").fetchall() == [
            ("students_covered", 1740.0), ("students_total", 2000.0)]


def test_unfilled_blank_is_rejected_with_a_russian_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITORING_ARCHIVE", str(tmp_path / "archive"))
    res = pipeline.load_file(write_blank_forms(tmp_path, region_code="50")[0], tmp_path / "m.duckdb")
    assert res.status == "rejected"
    assert any("нет строк" in e.message or "период" in e.message for e in res.errors)


def test_cli_forms(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.run([sys.executable, "-m", "etl", "forms", "--out", str(tmp_path / "бланки"), "--region", "65"],
                       capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert p.returncode == 0, p.stderr
    files = sorted((tmp_path / "бланки").glob("*.xlsx"))
    assert len(files) == 4 and all(f.name.startswith("65_Бланк_") for f in files)
    assert sorted(Path(line).name for line in p.stdout.splitlines()) == [f.name for f in files]


def test_a_prefilled_form_writes_school_names_from_files_as_texts_never_formulas(tmp_path):
    """A school named «=HYPERLINK(…)» or «=cmd|…» in a loaded file stays that text in the form a coordinator opens
    (no formula, no link, no command), exactly as written."""
    import openpyxl

    from etl.blank_forms import write_prefilled

    names = ['=1+1', '=HYPERLINK("http://example.invalid/h","click")', "=cmd|' /C calc'!A0", "+7 (495) 000", "@SUM(A1)"]
    path = write_prefilled(tmp_path, "65", "Курильский", "2025-H1", [(n, None, "базовый") for n in names])
    ws = openpyxl.load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row if c.value in names]
    assert sorted(c.value for c in cells) == sorted(names)
    assert {c.data_type for c in cells} == {"s"}
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
