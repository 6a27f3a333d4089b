"""The course export of «Россия — мои горизонты» (one row per school and class) loads as effectiveness indicators
per school — pupils of grades 6–11 and those who attended at least one lesson, summed over the classes — and their
share is re-aggregated from the two; a count that is not a number stops the file at its cell."""
from __future__ import annotations

import _bvb_fixtures as fx
import pytest
from app import queries as q
from etl import pipeline
from etl.db import query_df

SCHOOLS = {("Химки", "МБОУ СОШ № 1"): 60, ("г.о. Химки", "МАОУ Лицей № 2"): 45, ("Мытищи", "МБОУ СОШ № 7"): 52}


def test_the_course_file_loads_as_counts_per_school_and_a_share(tmp_path):
    f = tmp_path / "Россия_мои_горизонты.xlsx"
    truth = fx.course_export(f, SCHOOLS)
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp)
    assert (res.status, res.kind, res.period, res.region) == ("loaded", "effectiveness", "2024-Q1", "50"), res.errors
    got = query_df(dbp, "SELECT municipality, school_name, indicator_code, value FROM effectiveness")
    assert len(got) == len(SCHOOLS) * 2  # attended and pupils per school, no row per class
    canon = {"г.о. Химки": "Химки"}
    for (m, s), (pupils, attended) in truth.items():
        rows = got[(got["municipality"] == canon.get(m, m)) & (got["school_name"] == s)]
        assert {r.indicator_code: int(r.value) for r in rows.itertuples()} == {"course_pupils": pupils,
                                                                                "course_attended": attended}
    # the share by municipality is the sum of attended over the sum of pupils, not a mean of schools' shares
    db = str(dbp)
    vals = q.effectiveness_values(db, q.version(db), "50", "2024-Q1", (), None, "municipality")
    share = vals[(vals["code"] == "course_share") & (vals["grp"] == "Химки")]["value"].iloc[0]
    hk = [t for (m, _s), t in truth.items() if canon.get(m, m) == "Химки"]
    assert abs(share - 100 * sum(a for _p, a in hk) / sum(p for p, _a in hk)) < 1e-9


def test_other_wordings_of_the_course_columns(tmp_path):
    headers = ["Муниципалитет", "Наименование ОО", "Класс (параллель)", "Всего обучающихся в классе",
               "Зарегистрировано на платформе", "Кол-во обучающихся, посетивших хотя бы 1 занятие курса"]
    f = tmp_path / "курс.xlsx"
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Россия — мои горизонты, по состоянию на 01.04.2024"])
    ws.append(headers)
    ws.append(["Химки", "МБОУ СОШ № 1", 6, 30, 28, 25])
    ws.append(["Химки", "МБОУ СОШ № 1", 7, 31, 30, 29])
    wb.save(f)
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.errors
    got = dict(query_df(dbp, "SELECT indicator_code, value FROM effectiveness").itertuples(index=False))
    assert got == {"course_pupils": 61, "course_registered": 58, "course_attended": 54}


def test_a_count_that_is_not_a_number_stops_the_file_at_its_cell(tmp_path):
    f = tmp_path / "курс.xlsx"
    fx.course_export(f, SCHOOLS, bad=(1, 8))
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp)
    assert res.status != "loaded"
    # title, blank, header (row 3), six rows of school 1, then school 2's 6th, 7th and 8th class: row 12
    assert [(p.row, p.value, p.rule) for p in res.errors] == [(12, "много", "bad_number")]
    assert res.errors[0].column.startswith("E «Численность всех учащихся 6-11 классов, зарегистрированных")


def test_an_export_does_not_replace_the_municipalitys_other_indicators(tmp_path):
    """The course export, the pupils' export and «Мои ориентиры» are sources of their own: loading one keeps the
    municipality's effectiveness form (and the others); a new effectiveness form replaces the old one whole."""
    import openpyxl

    def form(path, headers, rows):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Показатели эффективности реализации профминимума по состоянию на 01.04.2024"])
        ws.append(headers)
        for r in rows:
            ws.append(r)
        wb.save(path)

    dbp = tmp_path / "m.duckdb"
    form(tmp_path / "эфф.xlsx", ["Муниципалитет", "Наименование ОО", "Численность обучающихся 6–11 классов",
                                 "Обучающиеся 6–11 классов, охваченные профминимумом"],
         [["Химки", "МБОУ СОШ № 1", 300, 280]])
    assert pipeline.load_file(tmp_path / "эфф.xlsx", dbp, kind="effectiveness").status == "loaded"
    fx.course_export(tmp_path / "курс.xlsx", {("Химки", "МБОУ СОШ № 1"): 50})
    assert pipeline.load_file(tmp_path / "курс.xlsx", dbp).status == "loaded"
    form(tmp_path / "ор.xlsx", ["Муниципалитет", "Наименование ОО", "Прошли диагностику «Мои ориентиры»",
                                "Из них с высоким уровнем готовности к профессиональному самоопределению"],
         [["Химки", "МБОУ СОШ № 1", 120, 41]])
    assert pipeline.load_file(tmp_path / "ор.xlsx", dbp, kind="effectiveness").status == "loaded"
    codes = lambda: set(query_df(dbp, "SELECT indicator_code FROM effectiveness")["indicator_code"])  # noqa: E731
    assert codes() == {"students_total", "students_covered", "course_pupils", "course_attended",
                       "orientiry_passed", "orientiry_high"}
    statuses = query_df(dbp, "SELECT status FROM load_log ORDER BY load_id")["status"].tolist()
    assert statuses == ["loaded", "loaded", "loaded"]  # each still current for its own indicators
    # a corrected effectiveness form replaces the form's indicators whole, and only them
    form(tmp_path / "эфф2.xlsx", ["Муниципалитет", "Наименование ОО", "Численность обучающихся 6–11 классов"],
         [["Химки", "МБОУ СОШ № 1", 310]])
    assert pipeline.load_file(tmp_path / "эфф2.xlsx", dbp, kind="effectiveness").status == "loaded"
    assert codes() == {"students_total", "course_pupils", "course_attended", "orientiry_passed", "orientiry_high"}
    assert query_df(dbp, "SELECT value FROM effectiveness WHERE indicator_code = 'students_total'")["value"][0] == 310
    assert query_df(dbp, "SELECT status FROM load_log ORDER BY load_id")["status"].tolist()[0] == "replaced"


def _course_file(path, headers, rows, title="Россия — мои горизонты, по состоянию на 01.04.2024"):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)


HEADERS = ["Муниципальное образование", "Наименование образовательной организации", "Класс",
           "Количество обучающихся в классе", "Имеют учётную запись на платформе, чел.",
           "Посетили занятия курса «Россия – мои горизонты», чел."]


def test_totals_without_a_word_and_other_grades_are_not_added_and_are_said(tmp_path):
    rows = [["Химки", "СОШ № 1", "6А", 25, 20, 18], ["Химки", "СОШ № 1", "7 класс", 30, 28, 25],
            ["Химки", "СОШ № 1", None, 55, 48, 43],  # the school's total, no word «Итого»
            ["Химки", "СОШ № 2", "6-11", 60, 50, 40],  # a total over the grades
            ["Химки", "СОШ № 2", 6, 20, 18, 15], ["Химки", "СОШ № 2", 11, 40, 32, 25],
            ["Химки", "СОШ № 2", "5 класс", 22, 20, 19]]  # not the course's grades
    f = tmp_path / "курс.xlsx"
    _course_file(f, HEADERS, rows)
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.errors
    got = {(r.school_name, r.indicator_code): int(r.value) for r in
           query_df(dbp, "SELECT school_name, indicator_code, value FROM effectiveness").itertuples()}
    assert got == {("СОШ № 1", "course_pupils"): 55, ("СОШ № 1", "course_registered"): 48,
                   ("СОШ № 1", "course_attended"): 43, ("СОШ № 2", "course_pupils"): 60,
                   ("СОШ № 2", "course_registered"): 50, ("СОШ № 2", "course_attended"): 40}
    said = [w.message for w in res.warnings if w.rule == "course_row_left_out"]
    assert any("итоги по ОО (2, первая — строка 5)" in m for m in said), said
    assert any("Строки 5 класса не учтены" in m for m in said), said


def test_a_class_of_two_grades_in_a_small_school_is_a_class_not_a_total(tmp_path):
    rows = [["Холмский", "СОШ с. Чапланово", 6, 11, 11, 10], ["Холмский", "СОШ с. Чапланово", 7, 9, 9, 9],
            ["Холмский", "СОШ с. Чапланово", "8-9", 11, 10, 10],  # класс-комплект: pupils of grades 8 and 9
            ["Холмский", "СОШ с. Чапланово", "10–11", 7, 7, 6],
            ["Холмский", "СОШ с. Чапланово", "6-11", 38, 37, 35]]  # its total: over grades its classes have
    f = tmp_path / "курс.xlsx"
    _course_file(f, HEADERS, rows)
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp, region="65")
    assert res.status == "loaded", res.errors
    got = {r.indicator_code: int(r.value) for r in
           query_df(dbp, "SELECT indicator_code, value FROM effectiveness").itertuples()}
    assert got == {"course_pupils": 38, "course_registered": 37, "course_attended": 35}
    said = [w.message for w in res.warnings if w.rule == "course_row_left_out"]
    assert said == ["Строки без класса или с несколькими классами не сложены с классами ОО — это итоги по ОО (1, "
                    "первая — строка 7)"], said


@pytest.mark.parametrize("cell, row, message", [
    ("н/д", 4, "Ожидается число"),  # «no data» of a form is no count here: the school's sum would be wrong
    ("много", 4, "Ожидается число"),
])
def test_a_count_that_is_not_a_number_stops_the_file(tmp_path, cell, row, message):
    f = tmp_path / "курс.xlsx"
    _course_file(f, HEADERS, [["Химки", "СОШ № 1", 6, 25, 20, 18], ["Химки", "СОШ № 1", 7, 30, 28, cell]])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    assert [(p.row, p.value) for p in res.errors] == [(row, cell)] and message in res.errors[0].message


def test_more_attended_than_the_class_has_is_an_error_of_that_row(tmp_path):
    f = tmp_path / "курс.xlsx"
    _course_file(f, HEADERS, [["Химки", "СОШ № 1", 6, 25, 20, 18], ["Химки", "СОШ № 1", 7, 25, 20, 250]])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    (p,) = res.errors
    assert (p.row, p.rule, p.column) == (4, "course_over_class", "F «Посетили занятия курса «Россия – мои горизонты», чел.»")
    assert "Посетивших занятия (250) больше, чем учащихся в классе (25)" in p.message


def test_a_numbers_column_the_export_does_not_know_is_said(tmp_path):
    f = tmp_path / "курс.xlsx"
    _course_file(f, HEADERS + ["Проведено занятий"], [["Химки", "СОШ № 1", 6, 25, 20, 18, 12]])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded"
    assert [(w.rule, w.column) for w in res.warnings if w.rule == "unknown_column"] == [
        ("unknown_column", "G «Проведено занятий»")]
