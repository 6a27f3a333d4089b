"""A roadmap report as a coordinator sends it: a measure's text going on in the next row (etl/roadmap_rows.py)."""
from __future__ import annotations

from datetime import date

import openpyxl

from conftest import sql
from etl import pipeline


def test_a_measure_written_over_two_rows_is_one_measure(dbp, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Информация об исполнении плана мероприятий по реализации профминимума"])
    ws.append(["Московская область, по состоянию на 01.10.2024"])
    ws.append(["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель",
               "Планируемые результаты", "Отметка об исполнении"])
    ws.append([1, "Назначение ответственных лиц", "До 22.08.2023", "МОМО", "Распоряжение", "выполнено"])
    ws.append([2, "Организация конференций и семинаров: - совещание по вопросам профминимума;", "по графику",
               "АСОУ", "Анонс, программа,", "выполнено"])
    ws.append([None, "- вебинар «Внедрение профминимума»", None, None, "пост-релиз на сайте АСОУ"])
    ws.append([3, "Мониторинг реализации профминимума", "IV квартал 2024 г.", "АСОУ", "Отчёт", "в работе"])
    path = tmp_path / "Исполнение_ДК_МО.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp, kind="roadmap", region="50")
    assert res.status == "loaded" and res.rows_loaded == 3  # three measures, none without a number and a status
    assert sql(dbp, "SELECT item_no, measure, planned_result, status FROM roadmap_items ORDER BY item_no") == [
        ("1", "Назначение ответственных лиц", "Распоряжение", "выполнено"),
        ("2", "Организация конференций и семинаров: - совещание по вопросам профминимума; - вебинар «Внедрение "
              "профминимума»", "Анонс, программа, пост-релиз на сайте АСОУ", "выполнено"),
        ("3", "Мониторинг реализации профминимума", "Отчёт", "в работе")]
    (w,) = [w for w in res.warnings if w.rule == "measure_continued"]
    assert w.row == 6 and w.message.startswith("Мероприятие № 2 (строка 5) продолжено в строке 6")


def test_a_status_column_beside_the_information_on_execution_is_the_status(dbp, tmp_path):
    """«Статус: Выполнено» beside «Информация об исполнении: Приказы изданы во всех 18 МО» (both headers name the
    status): the statuses are read from «Статус» — the file was refused as «Неизвестный статус исполнения» over
    the texts of the other column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Отчёт об исполнении дорожной карты по реализации профминимума, Сахалинская область, 2 полугодие 2023"])
    ws.append(["№", "Мероприятие", "Срок исполнения", "Исполнители", "Статус", "Информация об исполнении"])
    ws.append([1, "Назначение ответственных", "до 15.09.2023", "МОСО", "Выполнено", "Приказы изданы во всех 18 МО"])
    ws.append([2, "Утверждение планов ОО", "до 30.09.2023", "МОУО", "Выполнено", "Планы утверждены в 128 ОО"])
    ws.append([3, "Обучение педагогов-навигаторов", "декабрь 2023 г.", "ИРОСО", "Частично выполнено",
               "Обучено 98 педагогов"])
    path = tmp_path / "ДК_Сахалин.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp, kind="roadmap", region="65")
    assert res.status == "loaded", res.errors
    assert sql(dbp, "SELECT item_no, status FROM roadmap_items ORDER BY item_no") == [
        ("1", "выполнено"), ("2", "выполнено"), ("3", "в работе")]
    # and what was done is the evidence of each measure, not a column left out with a warning
    assert sql(dbp, "SELECT evidence FROM roadmap_items ORDER BY item_no") == [
        ("Приказы изданы во всех 18 МО",), ("Планы утверждены в 128 ОО",), ("Обучено 98 педагогов",)]
    assert not [w for w in res.warnings if w.rule == "unrecognised_column"]


def test_a_roadmap_without_its_regions_name_is_known_by_its_executors(tmp_path):
    """A Sakhalin roadmap in csv naming no region, its executors the region's ministry and coordinator («МОСО»,
    «ГАУ СО АРЧК»): Сахалинская область (it was asked for)."""
    f = tmp_path / "дорожная_карта.csv"
    f.write_text("№;Мероприятие;Срок исполнения;Исполнитель;Статус\n"
                 "1;Утверждение перечня ОО;август 2023 г.;МОСО;выполнено\n"
                 "2;Обучение педагогов-навигаторов;до 29 марта 2024 г.;ГАУ СО АРЧК;в работе\n", encoding="cp1251")
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded" and res.region == "65", [e.message for e in res.errors]


def test_a_deadline_typed_in_a_general_cell_is_its_date(dbp, tmp_path):
    """A deadline copied into a cell of the General format reads as its day number (45291): it is the date
    31.12.2023 — due then and shown so — not a text nobody can read (the item fell out of every «просрочено»)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Исполнение дорожной карты по реализации профминимума, Московская область, IV квартал 2023"])
    ws.append(["№ п/п", "Мероприятие", "Срок исполнения", "Исполнитель", "Статус"])
    ws.append([1, "Назначение ответственных", "до 15.09.2023", "МОМО", "выполнено"])
    ws.append([2, "Вебинары для педагогов", 45291, "АСОУ", "в работе"])
    path = tmp_path / "ДК_МО.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp, kind="roadmap", region="50")
    assert res.status == "loaded", res.errors
    assert sql(dbp, "SELECT item_no, deadline_text, deadline FROM roadmap_items ORDER BY item_no") == [
        ("1", "до 15.09.2023", date(2023, 9, 15)), ("2", "31.12.2023", date(2023, 12, 31))]


def test_titles_over_numbered_measures_are_their_sections(dbp, tmp_path):
    """«Организационно-управленческое обеспечение», «Кадровое обеспечение» alone in a row over numbered measures (the
    header repeated after a page break): sections of the measures under them — they became measures with no number,
    or a continuation glued onto the measure above."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Отчёт об исполнении дорожной карты профминимума, Московская область, I квартал 2024 года"])
    header = ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Ответственные исполнители", "Статус"]
    ws.append(header)
    ws.append([None, "Организационно-управленческое обеспечение"])
    ws.append(["1", "Назначение ответственных", "до 15.09.2023", "МОУО", "выполнено"])
    ws.append(["2", "Утверждение планов профориентационной работы", "до 30.09.2023", "ОО", "выполнено"])
    ws.append([None, "Кадровое обеспечение"])
    ws.append(["3", "Обучение педагогов-навигаторов", "май 2024 г.", "АСОУ", "в работе"])
    ws.append(header)
    ws.append([None, "Информационное сопровождение"])
    ws.append(["4", "Родительское онлайн-собрание", "27.08.2023", "МОМО", "выполнено"])
    path = tmp_path / "ДК_МО.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp, kind="roadmap", region="50")
    assert res.status == "loaded" and res.rows_loaded == 4, res.errors
    assert sql(dbp, "SELECT item_no, section, measure FROM roadmap_items ORDER BY item_no") == [
        ("1", "Организационно-управленческое обеспечение", "Назначение ответственных"),
        ("2", "Организационно-управленческое обеспечение", "Утверждение планов профориентационной работы"),
        ("3", "Кадровое обеспечение", "Обучение педагогов-навигаторов"),
        ("4", "Информационное сопровождение", "Родительское онлайн-собрание")]
    assert not [w for w in res.warnings if w.rule == "measure_continued"]


def test_numbered_sections_are_sections_and_a_merged_executor_is_not_written_twice(dbp, tmp_path):
    """«1.» in the number column and the title beside it (the usual way) over «1.1», «1.2»: a section, not a measure
    with no deadline or status (the page counted 15 measures of 12). A measure going on in the next row under one
    executor merged down the rows: the executor once, not twice."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Отчёт об исполнении дорожной карты профминимума в Московской области за III квартал 2023 года"])
    ws.append(["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель",
               "Отметка об исполнении"])
    ws.append(["1.", "Организационно-методическое обеспечение", None, None, None])
    ws.append(["1.1", "Назначение ответственных", "до 01.09.2023", "АСОУ, МОМО", "выполнено"])
    ws.append(["1.2", "Заключение договоров сетевого взаимодействия между АСОУ,", "IV квартал 2023 г.", None,
               "частично"])
    ws.append([None, "колледжами и вузами", None, None, None])
    ws.merge_cells("D4:D6")
    ws.append(["2.", "Мероприятия для педагогов"])
    ws.merge_cells("B7:E7")
    ws.append(["2.1", "Обучение педагогов-навигаторов", "сентябрь-декабрь 2023 г.", None, "в работе"])
    path = tmp_path / "ДК_МО_III_кв_2023.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp, kind="roadmap", region="50")
    assert res.status == "loaded" and res.rows_loaded == 3, [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no, section, measure, executors FROM roadmap_items ORDER BY item_no") == [
        ("1.1", "Организационно-методическое обеспечение", "Назначение ответственных", "АСОУ, МОМО"),
        ("1.2", "Организационно-методическое обеспечение",
         "Заключение договоров сетевого взаимодействия между АСОУ, колледжами и вузами", "АСОУ, МОМО"),
        ("2.1", "Мероприятия для педагогов", "Обучение педагогов-навигаторов", None)]


def test_an_item_with_no_executor_is_counted_for_nobody_and_breaks_no_chart():
    import pandas as pd

    from app.specs import executor_names

    assert executor_names(float("nan")) == [] and executor_names(None) == [] and executor_names(pd.NA) == []


def test_sections_numbered_apart_over_measures_numbered_through_are_sections(dbp, tmp_path):
    """(tester round t81) «1.» | «Организационно-методическое обеспечение …» over measures 1, 2, 3 numbered through
    the roadmap (as Р-872 is): the sections loaded as measures with no status, every measure with no section."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Информация об исполнении плана мероприятий по реализации профминимума в Московской области"])
    ws.append(["по состоянию на 01.04.2024"])
    ws.append(["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель",
               "Отметка об исполнении"])
    ws.append(["1.", "Организационно-методическое обеспечение"])
    ws.append([1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено"])
    ws.append([2, "Создание рабочей группы", "До 22.08.2023", "МОМО", "выполнено"])
    ws.append(["II.", "Мероприятия для руководителей ОО"])
    ws.append([3, "Конференция руководителей", "Март 2024", "АСОУ", "в работе"])
    wb.save(tmp_path / "ДК.xlsx")
    res = pipeline.load_file(tmp_path / "ДК.xlsx", dbp, kind="roadmap", region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT section, item_no, status FROM roadmap_items ORDER BY source_row") == [
        ("Организационно-методическое обеспечение", "1", "выполнено"),
        ("Организационно-методическое обеспечение", "2", "выполнено"),
        ("Мероприятия для руководителей ОО", "3", "в работе")]


def test_a_roadmap_with_a_bad_row_loads_the_others_with_skip_bad_rows(dbp, tmp_path):
    """(tester round t81) `--skip-bad-rows` on a roadmap with one item marked twice stopped with «внутренняя ошибка»
    (a roadmap has no municipality column)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Отчёт об исполнении дорожной карты профминимума, Сахалинская область, на 01.01.2024"])
    ws.append(["№", "Мероприятие", "Срок", "Исполнитель", "Выполнено", "В работе"])
    ws.append([1, "Назначение ответственных", "До 01.09.2023", "МОСО", "+", None])
    ws.append([2, "Обучение педагогов-навигаторов", "Декабрь 2023", "ИРОСО", "+", "+"])
    ws.append([3, "Мониторинг", "Декабрь 2023", "АРЧК", None, "+"])
    wb.save(tmp_path / "ДК.xlsx")
    res = pipeline.load_file(tmp_path / "ДК.xlsx", dbp, kind="roadmap", region="65", skip_bad_rows=True)
    assert res.status == "loaded" and (res.rows_loaded, res.rows_rejected) == (2, 1), res.message
    assert sql(dbp, "SELECT item_no, status FROM roadmap_items ORDER BY 1") == [("1", "выполнено"), ("3", "в работе")]


def test_a_plan_sheet_beside_the_report_on_the_same_measures_is_left_out(dbp, tmp_path):
    """(tester round t83) «План» (no marks) and «Исполнение» (with statuses) of the same measures 1, 16, 23: each
    measure loaded twice, once «не указан»."""
    wb = openpyxl.Workbook()
    plan = wb.active
    plan.title = "План"
    report = wb.create_sheet("Исполнение")
    for ws, last in ((plan, "Планируемые результаты"), (report, "Отметка об исполнении")):
        ws.append(["Дорожная карта профминимума Московской области (Р-872) по состоянию на 01.04.2024"])
        ws.append(["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель", last])
        for no, what, status in (("1", "Назначение должностных лиц", "выполнено"),
                                 ("16", "Разработка дорожной карты", "выполнено"), ("23", "Мониторинг", "в работе")):
            ws.append([no, what, "До 29.03.2024", "АСОУ", status if ws is report else "Распоряжение"])
    wb.save(tmp_path / "ДК.xlsx")
    res = pipeline.load_file(tmp_path / "ДК.xlsx", dbp, kind="roadmap", region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no, status, source_sheet FROM roadmap_items ORDER BY source_row") == [
        ("1", "выполнено", "Исполнение"), ("16", "выполнено", "Исполнение"), ("23", "в работе", "Исполнение")]
    assert any(w.rule == "roadmap_plan_sheet" for w in res.warnings)


def test_a_measure_with_no_status_over_its_parts_with_theirs_is_not_one_more(dbp, tmp_path):
    """(tester round t83) «11» (no mark) over «11.1», «11.2» (with theirs, typed as numbers 11.1, 11.2): «11» was one
    more measure «не указан»."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Отчёт об исполнении дорожной карты профминимума, Сахалинская область, на 01.07.2024"])
    ws.append(["№", "Мероприятие", "Срок", "Исполнитель", "Статус"])
    ws.append([11, "Организация профессиональных проб", "2024", "МОСО", None])
    ws.append([11.1, "Пробы на базе колледжей", "до 01.03.2024", "СПО", "выполнено"])
    ws.append([11.2, "Пробы на предприятиях", "до 01.06.2024", "МОСО", "в работе"])
    ws.append([12, "Мониторинг", "до 01.06.2024", "АРЧК", "выполнено"])
    wb.save(tmp_path / "ДК.xlsx")
    res = pipeline.load_file(tmp_path / "ДК.xlsx", dbp, kind="roadmap", region="65")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no, status FROM roadmap_items ORDER BY source_row") == [
        ("11.1", "выполнено"), ("11.2", "в работе"), ("12", "выполнено")]
    assert any(w.rule == "roadmap_parent_item" for w in res.warnings)
