"""A row whose numbers add up the rows above it is a total, whatever its label (findings of tester round t75,
07.12.2026: «И Т О Г О :», «По округу в целом», «Σ», «г.о. Клин, всего» and a lyceum's «(всего по комплексу)» were
loaded as one school more, the schools counted twice, with no word)."""
from __future__ import annotations

import pytest
from conftest import sql
from test_indicator_meaning import _book
from etl import pipeline

KLIN = "Показатели эффективности профминимума, городской округ Клин, I квартал 2024 г."
HEADER = ["№ п/п", "Наименование ОО", "Численность обучающихся 6-11 классов, чел.", "Охвачено профминимумом, чел.",
          "Участники профпроб, чел."]
SCHOOLS = [[1, "МОУ-СОШ № 1", 744, 744, 301], [2, "МОУ-СОШ № 2", 690, 688, 250],
           [3, "МОУ-Гимназия № 2", 812, 800, 333], [4, "МОУ-Высоковская СОШ № 1", 402, 395, 120]]


def pupils(dbp) -> tuple[int, int]:
    return tuple(sql(dbp, "SELECT count(DISTINCT school_name), sum(value) FROM effectiveness "
                          "WHERE indicator_code = 'students_total'")[0])


@pytest.mark.parametrize("label", ["И Т О Г О :", "По округу в целом", "В целом по округу", "По округу", "Σ",
                                   "г.о. Клин, всего"])
def test_a_row_adding_up_the_schools_above_is_a_total_whatever_its_label(dbp, tmp_path, label):
    path = _book(tmp_path / "Клин.xlsx", HEADER, SCHOOLS + [[None, label, 2648, 2627, 1004]], title=KLIN)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert pupils(dbp) == (4, 2648)
    (said,) = [w for w in res.warnings if w.rule == "sum_rows"]
    assert said.message.startswith(f"Строка 8 «{label}»: числа равны сумме строк выше "
                                   "— это итог, она не загружена")


def test_a_figure_of_last_year_under_the_total_is_no_school(dbp, tmp_path):
    path = _book(tmp_path / "Клин.xlsx", HEADER, SCHOOLS + [[None, "Итого", 2648, 2627, 1004],
                                                             [None, "Справочно: АППГ", 2580, 2401, 700]], title=KLIN)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and pupils(dbp) == (4, 2648)
    assert any(w.rule == "summary_rows" and "«Справочно: АППГ»" in w.message for w in res.warnings)


def test_a_lyceums_row_of_all_its_buildings_is_not_counted_on_top_of_them(dbp, tmp_path):
    path = _book(tmp_path / "Дубна.xlsx", ["№", "Наименование ОО", "Численность обучающихся 6-11 кл.",
                                           "Охвачено профминимумом", "Прошли профпробы"], [
        [1, "МБОУ СОШ № 1", 640, 640, 210],
        [2, "Лицей «Дубна», корпус 1", 410, 410, 190],
        [3, "Лицей «Дубна», корпус 2", 330, 322, 120],
        [4, "Лицей «Дубна» (всего по комплексу)", 740, 732, 310],
        [5, "МБОУ Гимназия № 3", 720, 700, 260],
    ], title="Показатели эффективности реализации профминимума, г.о. Дубна, III кв. 2024 г.")
    res = pipeline.load_file(path, dbp)
    # (tester round t77: the buildings are the lyceum's parts — one school, not two — and its own row is the school,
    # named as the next form names it)
    assert res.status == "loaded" and pupils(dbp) == (3, 2100)
    assert sql(dbp, "SELECT DISTINCT school_name FROM effectiveness WHERE school_name LIKE 'Лицей%'") == [
        ("Лицей «Дубна»",)]
    (said,) = [w for w in res.warnings if w.rule == "school_class_rows"]
    assert said.message.startswith("Строки 5, 6 — корпуса (здания) ОО строки 7 «Лицей «Дубна» (всего по комплексу)»")


def test_a_school_whose_numbers_happen_to_add_up_the_others_stays_a_school(dbp, tmp_path):
    """A school's row equal to the sum of those above, its label naming a school and no total: a school."""
    path = _book(tmp_path / "Клин.xlsx", HEADER[:3], [[1, "МОУ-СОШ № 1", 300], [2, "МОУ-СОШ № 2", 450],
                                                      [3, "МОУ-Гимназия № 2", 750]], title=KLIN)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and pupils(dbp) == (3, 1500)
    assert not [w for w in res.warnings if w.rule == "sum_rows"]


@pytest.mark.parametrize("label", ["И Т О Г О :", "По округу в целом", "Σ", "г.о. Реутов, всего"])
def test_a_total_row_of_an_events_list_is_not_asked_for_its_event(dbp, tmp_path, label):
    """Before: «Не заполнено обязательное поле «мероприятие». Заполните ячейку» — the coordinator told to name an
    event in the total row (it would then be counted as one)."""
    path = _book(tmp_path / "Реутов.xlsx", ["Наименование ОО", "Мероприятие", "Дата", "Обучающиеся, чел.",
                                            "Родители, чел.", "Педагоги, чел."], [
        ["МБОУ СОШ № 1", "Профессиональные пробы", "12.04.2024", 80, 0, 4],
        ["МБОУ СОШ № 2", "Шоу профессий", "15.05.2024", 120, 10, 6],
        ["МБОУ Лицей", "Экскурсия на предприятие", "20.05.2024", 55, 0, 2],
        [label, None, None, 255, 10, 12],
        ["Справочно: АППГ", None, None, 230, 5, 10],
    ], title="Участие обучающихся г.о. Реутов в мероприятиях профминимума за II квартал 2024 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT count(*), sum(students) FROM event_participation")[0] == (3, 255)
    assert {w.rule for w in res.warnings} >= {"sum_rows", "summary_rows"}
