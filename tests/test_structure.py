"""Structure read by meaning: codes explained by a legend in the header, rows that break down a total, a level given
only by the sheet's name or title, and a summary form of municipalities refused with a message saying what it is."""
import openpyxl
import pytest

from etl import pipeline
from etl.model import FileRejected

TITLE = "Мониторинг готовности ОО Химки к реализации профминимума, I квартал 2024 г."


def book(path, header, rows, title=TITLE, sheet="Химки"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


LEVEL_CODED = "Уровень реализации профминимума (1 – базовый, 2 – основной, 3 – продвинутый)"


def test_level_codes_are_read_by_the_legend_in_the_header(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", LEVEL_CODED, "Ответственный", "Всего обучающихся 6-11 классов",
                                   "Охвачено"],
             [[1, "МБОУ СОШ № 1", 1, "да", 500, 450], [2, "МБОУ СОШ № 2", "3", "да", 300, 200],
              [3, "МБОУ СОШ № 3", 2.0, "нет", 120, 0]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["level"] == ["базовый", "продвинутый", "основной"]


def test_a_code_the_legend_does_not_define_is_an_error_not_a_guess(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", LEVEL_CODED, "Всего обучающихся 6-11 классов", "Охвачено"],
             [[1, "МБОУ СОШ № 1", 1, 500, 450], [2, "МБОУ СОШ № 2", 4, 300, 200]])
    p = pipeline.prepare(f, region="50")
    assert [(e.row, e.rule) for e in p.errors] == [(4, "undefined_code")]
    assert "Код «4» не описан" in p.errors[0].message


def test_rows_breaking_down_a_total_are_not_schools(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Муниципальное образование", "Наименование ОО", "Уровень", "Ответственный",
                                   "Всего обучающихся 6-11 классов", "Охвачено"],
             [["Химки", "Всего по Химки", "", "", 800, 650], ["", "в том числе:", "", "", "", ""],
              ["", "сельские ОО", "", "", 300, 250], ["", "городские ОО", "", "", 500, 400],
              ["Химки", "МБОУ СОШ № 1", "базовый", "да", 500, 400],
              ["Химки", "МБОУ СОШ № 2", "основной", "да", 300, 250]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]
    assert sum(p.columns["students_total"]) == 800  # not 1 600 with the breakdown counted again
    assert "разбивка итога («в том числе …»)" in p.sheets[0].skipped_rows


def test_a_level_given_by_the_sheet_name_is_taken_for_every_row_and_said(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", "Ответственный", "Всего обучающихся 6-11 классов",
                                   "Охвачено"],
             [[1, "МБОУ СОШ № 1", "да", 500, 450], [2, "МБОУ СОШ № 2", "да", 300, 200]],
             title="Список ОО г.о. Химки, реализующих профминимум, I квартал 2024 г.", sheet="Основной уровень")
    p = pipeline.prepare(f, region="50")
    assert p.columns["level"] == ["основной", "основной"]
    assert "название листа «Основной уровень»" in p.sheets[0].matched["level"]
    assert not [x for x in p.problems if x.rule == "missing_field"]


def test_a_level_given_by_the_title(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", "Ответственный", "Всего обучающихся 6-11 классов",
                                   "Охвачено"],
             [[1, "МБОУ СОШ № 1", "да", 500, 450]],
             title="Перечень ОО г.о. Химки, реализующих профминимум на продвинутом уровне, I квартал 2024 г.")
    p = pipeline.prepare(f, region="50")
    assert p.columns["level"] == ["продвинутый"]


def test_a_summary_form_of_municipalities_is_refused_saying_what_it_is(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Муниципальное образование", "Количество ОО всего", "из них на базовом уровне",
                                   "на основном уровне", "на продвинутом уровне", "назначен ответственный"],
             [["Химки", 30, 10, 15, 5, 30], ["Мытищи", 40, 20, 10, 10, 38], ["Балашиха", 50, 25, 20, 5, 50]],
             title="Сводная информация о реализации профминимума, I квартал 2024 г.", sheet="Лист1")
    with pytest.raises(FileRejected) as e:
        pipeline.prepare(f, region="50")
    assert "сводная форма" in str(e.value) and "одной строкой на каждую ОО" in str(e.value)
