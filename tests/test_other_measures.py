"""A column naming a figure in another measure — a plan, an expectation, last year, those who refused, dropped out or
stayed outside — is never loaded as the figure (a tester's round, 06.12.2026: twelve files loaded so, silently)."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from conftest import sql
from etl import pipeline

SCHOOLS = ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]


def readiness(path: Path, header: list[str], rows: list[list]) -> Path:
    """A readiness form of Химки with every criterion: the columns after the school's name are `header`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг готовности ОО г.о. Химки за III квартал 2024 года"])
    ws.append(["Наименование ОО", "Уровень", "Назначен ответственный", "План утверждён", "Педагогов-навигаторов",
               "Зарегистрирована на платформе «Билет в будущее»", *header])
    for name, r in zip(SCHOOLS, rows):
        ws.append([name, "базовый", "да", "да", 1, "да", *r])
    wb.save(path)
    return path


def effectiveness(path: Path, header: list, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Показатели эффективности профминимума, г.о. Химки, III квартал 2024 г."])
    for h in ([header] if isinstance(header[0], str) else header):
        ws.append(h)
    for name, r in zip(SCHOOLS, rows):
        ws.append([name, *r])
    wb.save(path)
    return path


def test_a_count_in_another_measure_alone_is_asked_about_saying_what_it_is(dbp, tmp_path):
    for header, said in (("Охвачено профминимумом (план)", "план"),
                         ("Планируется охватить профминимумом (чел.)", "план"),
                         ("Ожидаемый охват профминимумом к концу учебного года, чел.", "ожидаемое значение"),
                         ("Количество обучающихся, отказавшихся от участия в профминимуме", "отказавшиеся"),
                         ("Выбыли из профминимума, чел.", "выбывшие"),
                         ("Обучающиеся 6-11 кл., оставшиеся вне профминимума", "не охваченные")):
        path = readiness(tmp_path / "ф.xlsx", ["Обучающихся 6-11 кл., всего", header], [[500, 450], [300, 290]])
        res = pipeline.load_file(path, dbp)
        assert res.status == "rejected", header
        (e,) = res.errors
        assert e.rule == "unmapped_numbers" and f"по заголовку это {said}, а не сам показатель" in e.message, \
            (header, e.message)
    assert sql(dbp, "SELECT count(*) FROM readiness") == [(0,)]


def test_beside_the_figure_another_measure_is_noted_and_the_figure_loaded(dbp, tmp_path):
    path = readiness(tmp_path / "ф.xlsx", ["Обучающихся 6-11 кл. в прошлом году", "Обучающихся 6-11 кл.",
                                           "Охвачено профминимумом", "Выбыли из профминимума, чел."],
                     [[520, 500, 450, 12], [310, 300, 290, 3]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT students_total, students_covered FROM readiness ORDER BY school_name") == [
        (500, 450), (300, 290)]
    noted = " ".join(res.noted)
    assert "в прошлом году» — прошлый период (загружается текущий)" in noted, noted
    assert "«Выбыли из профминимума, чел.» — выбывшие: другая мера" in noted, noted


def test_of_two_school_years_the_later_is_loaded(dbp, tmp_path):
    for old, new in (("(2023/2024 уч. год)", "(2024/2025 уч. год)"), ("на начало 2023/24 уч. г.",
                                                                       "на начало 2024/25 уч. г.")):
        path = readiness(tmp_path / "ф.xlsx", [f"Кол-во обучающихся 6-11 кл. {old}",
                                               f"Кол-во обучающихся 6-11 кл. {new}", "Охвачено профминимумом"],
                         [[520, 500, 450], [310, 300, 290]])
        res = pipeline.load_file(path, tmp_path / f"{len(old)}.duckdb")
        assert res.status == "loaded", [e.message for e in res.errors]
        assert sql(tmp_path / f"{len(old)}.duckdb", "SELECT students_total FROM readiness ORDER BY school_name") == [
            (500,), (300,)], old


def test_a_school_year_after_the_given_period_is_not_taken(dbp, tmp_path):
    """(tester round t85) «2023/2024 | 2024/2025» in a form with no period in its title, given as I кв. 2024 on the
    command line or by its file name: 2024/2025 was loaded — the later column was checked against the title only."""
    for given, name in (("2024-Q1", "ф.xlsx"), (None, "Химки_охват_1кв2024.xlsx")):
        path = readiness(tmp_path / name, ["Кол-во обучающихся 6-11 кл. | 2023/2024", "Охвачено | 2023/2024",
                                           "Кол-во обучающихся 6-11 кл. | 2024/2025", "Охвачено | 2024/2025"],
                         [[640, 600, 670, 625], [510, 505, 530, 520]])
        wb = openpyxl.load_workbook(path)
        wb.active["A1"] = "Мониторинг готовности ОО г.о. Химки"
        wb.save(path)
        db = tmp_path / f"{name}.duckdb"
        res = pipeline.load_file(path, db, period=given, region="50")
        assert res.status == "loaded", [e.message for e in res.errors]
        assert sql(db, "SELECT period, students_total, students_covered FROM readiness ORDER BY school_name") == [
            ("2024-Q1", 640, 600), ("2024-Q1", 510, 505)], name


def test_effectiveness_last_year_beside_the_reporting_period_and_two_years(dbp, tmp_path):
    for sub in (["прошлый год", "отчётный период"], ["2023 год", "2024 год"], ["прошлый год", "текущий год"]):
        path = effectiveness(tmp_path / "э.xlsx", [
            ["Наименование ОО", "Прошли профориентационную диагностику", None],
            [None, *sub]], [[1400, 1579], [800, 820]])
        db = tmp_path / f"{sub[0]}.duckdb"
        res = pipeline.load_file(path, db)
        assert res.status == "loaded", (sub, [e.message for e in res.errors])
        assert sql(db, "SELECT value FROM effectiveness WHERE indicator_code = 'diagnostics_done' "
                       "ORDER BY school_name") == [(1579,), (820,)], sub


def test_refused_and_expected_participants_are_no_indicator(dbp, tmp_path):
    path = effectiveness(tmp_path / "э.xlsx", ["Наименование ОО", "Кол-во уч-ся 6-11 кл.",
                                               "Кол-во уч-ся, отказавшихся от прохождения профдиагностики",
                                               "Ожидаемое количество участников профпроб",
                                               "Кол-во уч-ся, которые пройдут профпробы до конца года"],
                         [[1500, 120, 600, 700], [900, 40, 300, 310]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    assert sorted(e.column[0] for e in res.errors if e.rule == "unmapped_indicator") == ["C", "D", "E"], \
        [e.message for e in res.errors]


def test_a_criterion_left_blank_for_some_schools_is_said_with_its_rows(dbp, tmp_path):
    """A tester's round (06.12.2026): a blank «Назначен ответственный» made the school not ready without a word."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг готовности ОО г.о. Химки за III квартал 2024 года"])
    ws.append(["Наименование ОО", "Уровень", "Назначен ответственный", "План утверждён", "Педагогов-навигаторов",
               "Зарегистрирована на платформе «Билет в будущее»", "Обучающихся 6-11 кл.", "Охвачено"])
    ws.append(["МБОУ СОШ № 1", "базовый", "да", "да", 1, "да", 500, 450])
    ws.append(["МБОУ СОШ № 2", "базовый", None, "да", 1, "да", 300, 290])
    wb.save(tmp_path / "ф.xlsx")
    res = pipeline.load_file(tmp_path / "ф.xlsx", dbp)
    assert res.status == "loaded"
    (w,) = [w for w in res.warnings if w.rule == "criterion_blank"]
    assert w.row == 4 and w.message.startswith("Не заполнено «назначен ответственный» у 1 ОО (строка 4): в доле ОО"), \
        w.message


def test_what_a_header_includes_or_leaves_out_is_no_other_measure(dbp, tmp_path):
    """A tester's round (06.12.2026): «(включая занятия вне ОО)», «(с учётом прибывших и выбывших)», «(без учёта
    отказавшихся)», «(по учебному плану)» made the column «another measure» — left out, or asked about."""
    for covered in ("Охвачено профминимумом (включая занятия вне ОО на базе предприятий)",
                    "Охвачено профминимумом (без учёта отказавшихся)", "Охвачено профминимумом (по учебному плану)"):
        path = readiness(tmp_path / "ф.xlsx", ["Обучающихся 6-11 кл. (с учётом прибывших и выбывших)", covered],
                         [[500, 450], [300, 290]])
        db = tmp_path / f"{len(covered)}.duckdb"
        res = pipeline.load_file(path, db)
        assert res.status == "loaded", (covered, [e.message for e in res.errors])
        assert sql(db, "SELECT students_total, students_covered FROM readiness ORDER BY school_name") == [
            (500, 450), (300, 290)], covered


def test_a_column_of_a_year_after_the_forms_own_is_no_figure_of_it(dbp, tmp_path):
    """A tester's round (06.12.2026): «2024 год | 2025 год» in a form for IV квартал 2024 — the 2025 column (a
    forecast) was loaded as the later one."""
    path = readiness(tmp_path / "ф.xlsx", ["Обучающихся 6-11 кл., 2024 год", "Обучающихся 6-11 кл., 2025 год",
                                           "Охвачено профминимумом"], [[500, 540, 450], [300, 320, 290]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT students_total FROM readiness ORDER BY school_name") == [(500,), (300,)]


def test_grade_parts_with_an_unknown_part_are_the_rows_error(dbp, tmp_path):
    """«6-9 кл.» | «10-11 кл.» with «н/д» in one part: not the sum of the other (300 for 320)."""
    path = readiness(tmp_path / "ф.xlsx", ["Обучающихся 6-9 кл.", "Обучающихся 10-11 кл.", "Охвачено профминимумом"],
                     [[300, "н/д", 250], [200, 80, 270]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert (e.row, e.value) == (3, "300 + н/д"), (e.row, e.value, e.message)


def test_a_form_with_its_header_only_is_said_to_be_empty_not_of_an_unknown_region(tmp_path):
    """A tester's round (06.12.2026): a csv with its header only answered «Не удалось определить регион» and «Не указан
    отчётный период» — the form is empty, and that is what is said."""
    path = tmp_path / "пустая.csv"
    path.write_bytes("Муниципалитет;Наименование ОО;Уровень;Обучающихся 6-11 кл.;Охвачено\n".encode("cp1251"))
    res = pipeline.load_file(path, tmp_path / "m.duckdb")
    assert res.status == "rejected" and [e.rule for e in res.errors] == ["no_rows"], [e.message for e in res.errors]


def _probes(path: Path, dbp, rows: list[list], merges: tuple[str, ...] = ()) -> list[tuple]:
    """A form of these rows (title, header rows, records) and merged cells, loaded: the probes' (unit, value)."""
    import _upload_fixtures as fx

    res = pipeline.load_file(fx.rows_xlsx(path, rows, merges), dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    _probes.noted = res.noted
    return sql(dbp, "SELECT coalesce(school_name, municipality), value FROM effectiveness "
                    "WHERE indicator_code = 'probes_done' ORDER BY 1")


def test_of_a_figure_since_the_school_years_start_and_its_part_in_the_quarter_the_figure_is_loaded(dbp, tmp_path):
    """(tester round t80) «Прошли профпробы, чел.» over «с начала учебного года | в т.ч. в I квартале 2024 г.»: the
    part in the quarter (dated, so taken as «the later») was loaded, silently — 120 where the form's figure, the state
    at the end of the quarter, is 310 (and the panel's share 14 % beside the form's 36 %)."""
    assert _probes(tmp_path / "Королёв.xlsx", dbp, [
        ["Мониторинг эффективности реализации профминимума, г.о. Королёв, I квартал 2024 г."],
        ["Наименование ОО", "Численность обучающихся 6-11 классов", "Прошли профпробы, чел.", None],
        [None, None, "с начала учебного года", "в т.ч. в I квартале 2024 г."],
        ["МБОУ СОШ № 1", 850, 310, 120], ["МБОУ Лицей № 5", 1020, 455, 200]], ("A2:A3", "B2:B3", "C2:D2")) == [
        ("МБОУ Лицей № 5", 455), ("МБОУ СОШ № 1", 310)]
    assert any("в т.ч. в I квартале 2024 г.»" in n for n in _probes.noted)


def test_of_a_figure_in_the_quarter_and_since_the_school_years_start_the_latter_is_loaded(dbp, tmp_path):
    """(tester round t83) «Участники профессиональных проб» over «за квартал | с начала учебного года»: read as two
    parts of one figure, the advice to add a «всего» of both (4 310 + 1 210 for 4 310)."""
    assert _probes(tmp_path / "МО.xlsx", dbp, [
        ["Показатели эффективности профминимума, I квартал 2024 г."],
        ["Муниципалитет", "Численность обучающихся 6-11 классов", "Участники профессиональных проб", None],
        [None, None, "за квартал", "с начала учебного года"], ["Химки", 14250, 1210, 4310], ["Лобня", 4120, 400, 1205]],
        ("A2:A3", "B2:B3", "C2:D2")) == [("Лобня", 1205), ("Химки", 4310)]


def test_parts_of_a_count_under_a_row_of_units_are_its_parts(dbp, tmp_path):
    """(tester round t83) «в т.ч. 6-9 кл. | в т.ч. 10-11 кл.» beside «Участники профессиональных проб» with a row of
    «чел.» under the header: refused as unknown indicators (the same table without the units row loaded)."""
    assert _probes(tmp_path / "МО.xlsx", dbp, [
        ["Мониторинг показателей эффективности реализации профминимума за I квартал 2024 года"],
        ["Муниципалитет", "Численность обучающихся 6-11 классов", "Участники профессиональных проб", "в т.ч. 6-9 кл.",
         "в т.ч. 10-11 кл."], [None, "чел.", "чел.", "чел.", "чел."],
        ["Химки", 14250, 4310, 3000, 1310], ["Клин", 6033, 2180, 1500, 680]]) == [("Клин", 2180), ("Химки", 4310)]


def test_a_percent_of_the_plan_is_its_fulfilment_not_a_plan(dbp, tmp_path):
    """(tester round t89) «Охват в % от плана» beside the figures: how much of the plan was done — said so, not
    «план»."""
    path = readiness(tmp_path / "ф.xlsx", ["Обучающихся 6-11 кл.", "Охвачено профминимумом", "Охват в % от плана"],
                     [[500, 450, 98], [300, 290, 101]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT students_total, students_covered FROM readiness ORDER BY school_name") == [
        (500, 450), (300, 290)]
    noted = " ".join(res.noted)
    assert "«Охват в % от плана» — выполнение плана, %: не загружается (загружается факт)" in noted, noted
