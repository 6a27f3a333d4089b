"""The events form as coordinators send it: columns of people who are not pupils, parents or teachers, events of
the catalogue written their own way, events held in another quarter."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

import _upload_fixtures as fx
from conftest import sql
from etl import pipeline

HEADER = ["Муниципалитет", "ОО", "Мероприятие", "Дата", "Обучающиеся", "Родители", "Педагоги"]


def events(path: Path, header: list, rows: list[list], title: str = "за IV квартал 2023 года") -> Path:
    return fx.form_xlsx(path, ["Мониторинг участия обучающихся, родителей и педагогов в профориентационных "
                               "мероприятиях", title], header, rows, sheet="Sheet")


def by_category(path: Path, muni: str, count: str, counts: list[tuple[str, int]]) -> Path:
    """One school's one event, a row per category of participants («Категория участников» beside one count)."""
    return events(path, ["Муниципалитет", "ОО", "Мероприятие", "Дата", "Категория участников", count],
                  [[muni, "МБОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", who, n] for who, n in counts])


def test_representatives_of_enterprises_are_not_parents(dbp, tmp_path):
    path = events(tmp_path / "мероприятия.xlsx", ["Муниципалитет", "ОО", "Мероприятие", "Дата", "Обучающиеся",
                                                 "Педагоги", "Представители предприятий"],
                  [["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 30, 2, 20]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"  # asked, never loaded as parents
    assert [(e.rule, e.column) for e in res.errors] == [("unmapped_numbers", "G «Представители предприятий»")]
    assert sql(dbp, "SELECT count(*) FROM event_participation") == [(0,)]


def test_a_total_of_pupils_with_grades_1_to_5_is_asked_about(dbp, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Участие в профориентационных мероприятиях за IV квартал 2023 года"])
    ws.append(["Муниципалитет", "ОО", "Мероприятие", "Дата", "Обучающиеся, чел.", None, None, None, None])
    ws.append([None, None, None, None, "1-5 кл.", "6-7 кл.", "8-9 кл.", "10-11 кл.", "Всего"])
    ws.append(["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 50, 30, 40, 25, 145])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:I2"):
        ws.merge_cells(cells)
    wb.save(tmp_path / "мероприятия.xlsx")
    res = pipeline.load_file(tmp_path / "мероприятия.xlsx", dbp)
    assert res.status == "rejected"  # 145 are not the pupils of grades 6–11 (95)
    (e,) = [e for e in res.errors if e.rule == "total_with_other_grades"]
    assert e.column == "I «Обучающиеся, чел. | Всего»"
    assert "включает и столбец E «Обучающиеся, чел. | 1-5 кл.»" in e.message


def test_catalogue_events_written_short_are_known_and_others_keep_their_names(dbp, tmp_path):
    path = events(tmp_path / "мероприятия.xlsx", HEADER, [
        ["Химки", "МБОУ СОШ № 1", "проф. пробы", "14.11.2023", 30, 0, 2],
        ["Химки", "МБОУ СОШ № 1", "Профпроба", "15.11.2023", 10, 0, 1],
        ["Химки", "МБОУ СОШ № 1", "ШП", "12.10.2023", 95, 0, 5],
        ["Химки", "МБОУ СОШ № 2", "Экскурсия на предприятие АО «Энергомаш»", "21.11.2023", 25, 0, 2],
        # a name holding a catalogue word says another event: never filed under the catalogue's
        ["Химки", "МБОУ СОШ № 2", "Открытый урок по финансовой грамотности", "16.11.2023", 40, 0, 2],
        ["Химки", "МБОУ СОШ № 2", "Вебинар для родителей «Как помочь ребёнку выбрать профессию»", "17.11.2023",
         0, 150, 0]])
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded"
    assert dict(sql(dbp, "SELECT event, sum(students + parents + teachers)::INT FROM event_participation "
                         "GROUP BY ALL")) == {
        "Профессиональные пробы": 43, "Всероссийский открытый урок «Шоу профессий»": 100,
        "Экскурсии на предприятия": 27, "Открытый урок по финансовой грамотности": 42,
        "Вебинар для родителей «Как помочь ребёнку выбрать профессию»": 150}
    (w,) = [w for w in res.warnings if w.rule == "event_not_in_catalogue"]
    assert w.row == 8 and w.message.startswith("Мероприятия нет в справочнике и уровень не указан: «Открытый урок по "
                                               "финансовой грамотности», «Вебинар для родителей")


def test_events_held_after_the_period_are_said(dbp, tmp_path):
    path = events(tmp_path / "мероприятия.xlsx", HEADER, [
        ["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 30, 0, 2],
        ["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "18.01.2024", 25, 0, 1]])
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded"
    (w,) = [w for w in res.warnings if w.rule == "event_after_period"]
    assert w.message.startswith("Мероприятия после конца периода (IV квартал 2023 г., 31.12.2023): строки 5 "
                                "(18.01.2024) — учтены в этом периоде")


def test_a_column_of_pupils_without_repeats_is_not_called_the_same_figure(dbp, tmp_path):
    path = events(tmp_path / "мероприятия.xlsx", HEADER + ["Охвачено обучающихся (без повторного учёта)"], [
        ["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 100, 0, 2, 100],
        ["Химки", "МБОУ СОШ № 1", "Экскурсии на предприятия", "21.11.2023", 100, 0, 2, None]])
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded"
    assert res.noted == ["лист «Sheet»: H «Охвачено обучающихся (без повторного учёта)» — обучающиеся без повторного "
                         "учёта: на панели — участия, этот столбец не загружается"]


def test_the_count_of_each_event_is_loaded_not_the_pupils_without_repeats(dbp, tmp_path):
    """«Кол-во обучающихся (без повторного учёта)», filled on a school's first row, beside each event's
    «Обучающиеся 6-11 кл. (чел.)»: the participations of each event are loaded (285), not the distinct pupils (245)."""
    path = events(tmp_path / "мероприятия.xlsx",
                  ["ОО", "Мероприятие", "Дата", "Обучающиеся 6-11 кл. (чел.)", "Родители", "Педагоги",
                   "Кол-во обучающихся (без повторного учёта)"],
                  [["МБОУ СОШ № 2", "Профессиональные пробы", "15.11.2023", 80, 0, 4, 95],
                   ["МБОУ СОШ № 2", "Экскурсии на предприятия", "20.11.2023", 30, "-", 2, None],
                   ["МБОУ Лицей № 13", "Профессиональные пробы", "12.11.2023", 150, 20, 8, 150],
                   ["МБОУ Лицей № 13", "Экскурсии на предприятия", "05.12.2023", 25, 0, 2, None]],
                  title="г.о. Мытищи, IV квартал 2023 года")
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded", res.errors
    assert sql(dbp, "SELECT sum(students), count(students) FROM event_participation") == [(285, 4)]
    assert res.noted == ["лист «Sheet»: G «Кол-во обучающихся (без повторного учёта)» — обучающиеся без повторного "
                         "учёта: на панели — участия, этот столбец не загружается"]


def test_an_event_over_a_span_in_words_and_its_parts_below_it(tmp_path):
    """«в течение квартала», «октябрь-декабрь 2023» in «Дата проведения»: the event counts (its date the span's
    start, or none) with a warning — the file was stopped; «в т.ч. на базе ПОО» rows under an event are its parts:
    not records, and no «итог differs» said of them; the «Всего» under all still checks out."""
    f = fx.form_xlsx(tmp_path / "чехов.xlsx", ["Мониторинг участия в мероприятиях по профориентации, городской округ "
                                            "Чехов, IV квартал 2023 года"],
                  ["№ п/п", "Мероприятие", "Дата проведения", "Уровень", "Обучающиеся", "Родители", "Педагоги"],
                  [[1, "Профпробы", "в течение квартала", "региональный", 305, 0, 12],
                   [None, "в т.ч. на базе ПОО", None, None, 210, 0, 8],
                   [None, "в т.ч. на предприятиях", None, None, 95, 0, 4],
                   [2, "Экскурсии на предприятия", "октябрь-декабрь 2023", "муниципальный", 104, 5, 5],
                   [3, "Урок с участием представителей предприятий", "26.10.2023", "муниципальный", 180, 0, 12],
                   [4, "Шоу профессий", "ноябрь 2023", "муниципальный", 40, 0, 2],
                   [5, "Классный час", "дек. 2023", "муниципальный", 30, 0, 1],  # (a month cut short: t75)
                   [None, "Всего", None, None, 659, 5, 32]])
    p = pipeline.prepare(f)
    assert not p.errors, [e.message for e in p.errors]
    assert sum(p.columns["students"]) == 659 and len(p.columns["students"]) == 5
    dates = dict(zip(p.columns["students"], p.columns["event_date"]))
    # a month named: its first day, not the quarter's (an event of November is not one of October)
    assert dates == {305: None, 104: date(2023, 10, 1), 180: date(2023, 10, 26), 40: date(2023, 11, 1),
                     30: date(2023, 12, 1)}
    # (the parts are said: tester round t79 — «в т.ч. …» rows were left out with no word)
    assert sorted(w.rule for w in p.problems) == ["category_not_counted"] + ["event_date_span"] * 4
    assert any("01.11.2023" in w.message for w in p.problems)
    (parts,) = [w for w in p.problems if w.rule == "category_not_counted"]
    assert parts.message.startswith("Строки 4 «в т.ч. на базе ПОО», 5 «в т.ч. на предприятиях» — «в т.ч. …», "
                                    "каждая — часть строки над ней: не загружены")


def test_a_column_of_terms_in_words_is_the_events_dates(dbp, tmp_path):
    """«Сроки» holding only spans in words («октябрь-ноябрь 2023», «в течение квартала») and a range of days is the
    events' date column all the same (it was «not recognised» and every date lost)."""
    path = events(tmp_path / "мероприятия.xlsx", ["Муниципалитет", "ОО", "Мероприятие", "Сроки", "Обучающиеся",
                                                 "Родители", "Педагоги"],
                  [["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "20–24.11.2023", 30, 0, 2],
                   ["Химки", "МБОУ СОШ № 1", "Экскурсия на предприятие", "октябрь-ноябрь 2023", 10, 0, 1],
                   ["Химки", "МБОУ СОШ № 2", "Классный час «Мир профессий»", "в течение квартала", 95, 0, 5],
                   ["Химки", "МБОУ СОШ № 2", "Родительское собрание", "декабрь 2023", 0, 40, 3]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", res.errors
    assert not [w for w in res.warnings if w.rule == "unrecognised_column"]
    assert sql(dbp, "SELECT students, event_date FROM event_rows ORDER BY source_row") == [
        (30, date(2023, 11, 20)), (10, date(2023, 10, 1)), (95, None), (0, date(2023, 12, 1))]
    assert sorted(w.row for w in res.warnings if w.rule == "event_date_span") == [5, 6, 7]


def test_catalogue_events_written_with_a_typo_or_without_their_date_are_the_catalogues(dbp, tmp_path):
    """«Професиональные пробы» is the catalogue's «Профессиональные пробы» and «Всероссийское родительское собрание»
    on 14.09.2023 is the catalogue's meeting of that day (each was an event of its own, level «не указан»): said
    once, naming what was read as what; a name another day, or only near a catalogue name, stays its own."""
    path = events(tmp_path / "мероприятия.xlsx", HEADER, [
        ["Химки", "МБОУ СОШ № 1", "Професиональные пробы", "14.09.2023", 30, 0, 2],
        ["Химки", "МБОУ СОШ № 2", "Всероссийское родительское собрание", "14.09.2023", 0, 95, 5],
        ["Химки", "МБОУ СОШ № 3", "Всероссийское родительское собрание", "15.09.2023", 0, 40, 3],
        ["Химки", "МБОУ СОШ № 3", "Профессиональные курсы", "20.09.2023", 12, 0, 1]],
        title="за III квартал 2023 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", res.errors
    assert sql(dbp, "SELECT event, event_level FROM event_rows ORDER BY source_row") == [
        ("Профессиональные пробы", "муниципальный"),
        ("Всероссийское родительское собрание по профориентации 14.09.2023", "федеральный"),
        ("Всероссийское родительское собрание", "федеральный"), ("Профессиональные курсы", None)]
    said = [w for w in res.warnings if w.rule == "event_read_as"]
    assert len(said) == 1 and said[0].row == 4
    assert "«Професиональные пробы» как «Профессиональные пробы»" in said[0].message
    assert "«Всероссийское родительское собрание» как «Всероссийское родительское собрание по профориентации " \
           "14.09.2023»" in said[0].message


def test_a_form_of_one_school_named_in_its_title_is_that_schools(tmp_path):
    """A school's own events form: no school column, the school and its municipality in the title — every row is
    that school's (the school was left empty: its events counted for no school)."""
    f = fx.form_xlsx(tmp_path / "мероприятия.xlsx", ["Участие в профориентационных мероприятиях за I квартал 2024 года",
                                                   "МБОУ СОШ № 7 г.о. Подольск"],
                     ["Наименование мероприятия", "Дата проведения", "Уровень мероприятия", "Обучающиеся, чел.",
                      "Родители, чел.", "Педагоги, чел."],
                     [["Профессиональные пробы", "15.02.2024", "региональный", 34, 0, 2],
                      ["Экскурсии на предприятия", "20.03.2024", "муниципальный", 51, 3, 4]])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 7"] * 2 and p.columns["municipality"] == ["Подольск"] * 2
    assert p.sheets[0].matched["school_name"] == "заголовок: МБОУ СОШ № 7 (для всех строк листа)"


def test_an_event_of_an_earlier_quarter_repeated_is_not_counted_twice(dbp, tmp_path):
    """A tester's round (06.12.2026): the I quarter's form repeated the 15.11.2023 excursion already in the IV
    quarter's form (a coordinator reporting cumulatively) and loaded silently — the school year counted its 1 048
    pupils twice. The row is an error naming the earlier form; the file loads without it when the analyst skips it.
    The other way round (the later form came first), the earlier form's own row loads and the repeat is said."""
    from etl import pipeline

    q4 = events(tmp_path / "q4.xlsx", HEADER, [["Химки", "МБОУ Лицей № 10", "Экскурсия на предприятие", "15.11.2023",
                                                1048, 0, 12]])
    q1 = events(tmp_path / "q1.xlsx", HEADER, [["Химки", "МБОУ Лицей № 10", "Экскурсия на предприятие", "15.11.2023",
                                                1048, 0, 12],
                                               ["Химки", "МБОУ Лицей № 10", "Профессиональные пробы", "20.02.2024",
                                                300, 0, 5]], title="за I квартал 2024 года")
    first = pipeline.load_file(q4, dbp)
    assert first.status == "loaded"
    res = pipeline.load_file(q1, dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert (e.rule, e.row) == ("event_counted_before", 4)
    assert e.message == (f"Мероприятие от 15.11.2023 этой школы уже учтено в форме за IV квартал 2023 г. (загрузка "
                         f"№ {first.load_id}): за учебный год его участники были бы учтены дважды")
    # (the row dated before the period is also said of the file: the earlier form may not be loaded yet)
    assert any(x.rule == "event_before_period" and "строки 4 (15.11.2023)" in x.message
               for x in pipeline.prepare(q1).problems)
    assert pipeline.load_file(q1, dbp, skip_bad_rows=True).status == "loaded"
    assert sql(dbp, "SELECT period, sum(students) FROM event_participation GROUP BY 1 ORDER BY 1") == [
        ("2023-Q4", 1048), ("2024-Q1", 300)]
    other = tmp_path / "other.duckdb"
    assert pipeline.load_file(q1, other).status == "loaded"
    res = pipeline.load_file(q4, other)
    assert res.status == "loaded"
    assert [w.rule for w in res.warnings if w.rule.startswith("event_counted")] == ["event_counted_later"]


def test_a_categorys_part_and_pupils_of_other_grades_are_not_added_to_the_pupils(dbp, tmp_path):
    """A tester's round (06.12.2026): in a list by category of participants, «в т.ч. обучающиеся с ОВЗ» (a part of
    the pupils' row) and «обучающиеся 1-4 кл.» were both added to the pupils — 359 instead of 200."""
    path = by_category(tmp_path / "по_категориям.xlsx", "Лобня", "Кол-во участников, чел.", [
        ("обучающиеся", 200), ("в т.ч. обучающиеся с ОВЗ", 9), ("обучающиеся 1-4 кл.", 150), ("родители", 60),
        ("педагоги", 12)])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [(200, 60, 12)]
    said = [w.message for w in res.warnings if w.rule == "category_not_counted"]
    assert said == ["Строка 5: «в т.ч.» — часть другой категории — их участники не загружаются (иначе были бы учтены "
                    "дважды)", "Строка 6: обучающиеся не 6–11 классов — их участники не загружаются (профминимум — "
                    "6–11 классы)"]


def test_a_planned_event_column_is_not_loaded_and_a_hidden_one_is_said(dbp, tmp_path):
    """A tester's round (06.12.2026): in a form with a column per event, «Шоу профессий (план)» (hidden) was loaded as
    an event held — 2 302 pupils instead of 895; a hidden event column without «план» loaded without a word."""
    def form(name: str, plan_header: str) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Долгопрудный"
        ws.append(["Участие обучающихся 6-11 классов в профориентационных мероприятиях, II квартал 2024 г. (чел.)"])
        ws.append(["№", "Наименование ОО", "«Путь навыков»", "Профпробы", plan_header, "Всего"])
        ws.append([1, "МБОУ СОШ № 1", 150, 25, 400, 175])
        ws.append([2, "МБОУ СОШ № 8", 95, 40, 300, 135])
        ws.column_dimensions["E"].hidden = True
        path = tmp_path / name
        wb.save(path)
        return path

    res = pipeline.load_file(form("план.xlsx", "«Шоу профессий» (план)"), dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(310,)]
    assert any("E ««Шоу профессий» (план)»" in x and "план мероприятия" in x for x in res.noted), res.noted
    other = tmp_path / "other.duckdb"
    res = pipeline.load_file(form("скрытый.xlsx", "«Шоу профессий»"), other)
    assert res.status == "loaded"
    (w,) = [w for w in res.warnings if w.rule == "hidden_column_loaded"]
    assert w.message == "Скрытые в файле столбцы загружены как мероприятия: E ««Шоу профессий»» (скрытый столбец)"


def test_a_category_column_with_as_many_unknown_categories_is_still_the_categories(dbp, tmp_path):
    """A tester's round (06.12.2026): «Категория участников» with обучающиеся / родители / педагоги and three other
    categories was not recognised; the refusal suggested mapping the count to the pupils, and following it loaded
    the parents and the teachers as pupils. The column is the categories: the unknown ones are the rows' errors."""
    path = by_category(tmp_path / "категории.xlsx", "Мытищи", "Кол-во, чел.", [
        ("обучающиеся", 40), ("родители", 20), ("педагоги", 5), ("представители работодателей", 3),
        ("студенты СПО", 4), ("выпускники", 3)])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    assert [e.rule for e in res.errors] == ["unknown_participants"] * 3
    assert pipeline.load_file(path, dbp, skip_bad_rows=True).status == "loaded"
    assert sql(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [(40, 20, 5)]


def test_a_row_of_dates_under_the_events_names_gives_their_dates_not_their_names(dbp, tmp_path):
    """A tester's round (06.12.2026): a three-row header — event, its date, уч. | род. | пед. — loaded the dates as
    the events' names («30.09.2023»), and the catalogue's «Путь навыков» lost its figures."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Долгопрудный"
    ws.append(["Участие в профориентационных мероприятиях ОО г.о. Долгопрудный за III квартал 2023 г."])
    ws.append(["№ п/п", "ОО", "Фестиваль «Путь навыков»", None, None, "Экскурсия на АО «Долгопрудненское НПП»"])
    ws.append([None, None, "30.09.2023", None, None, "с 18 по 22 сентября 2023"])
    ws.append([None, None, "уч.", "род.", "пед.", "уч.", "род.", "пед."])
    ws.append([1, "МБОУ СОШ № 1", 140, 20, 6, 30, 2, 2])
    ws.append([2, "МБОУ СОШ № 8", 95, 10, 4, "-", "-", "-"])
    for cells in ("A2:A4", "B2:B4", "C2:E2", "F2:H2", "C3:E3", "F3:H3"):
        ws.merge_cells(cells)
    path = tmp_path / "мероприятия.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_text, event_date, sum(students), sum(parents) FROM event_participation "
                    "GROUP BY ALL ORDER BY 2") == [
        ("Экскурсия на АО «Долгопрудненское НПП»", date(2023, 9, 18), 30, 2),
        ("Фестиваль «Путь навыков»", date(2023, 9, 30), 235, 30)]


def test_a_form_with_a_column_per_catalogue_event_and_no_number_column_is_found(dbp, tmp_path):
    """A tester's round (06.12.2026): «Наименование ОО | «Путь навыков» | Профпробы | «Шоу профессий»» under «Участие
    обучающихся … (чел.)» was refused as «в файле не найдена таблица» — one header cell the catalogue knew; with a
    «№» column it loaded. The catalogue's events head their columns too."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мытищи"
    ws.append(["Участие обучающихся в профориентационных мероприятиях, г.о. Мытищи, IV квартал 2023 г. (чел.)"])
    ws.append([])
    ws.append(["Наименование ОО", "«Путь навыков»", "Профпробы", "«Шоу профессий»"])
    ws.append(["МБОУ СОШ № 3", 150, 40, 600])
    ws.append(["МАОУ Гимназия № 17", 120, 25, 540])
    path = tmp_path / "Мытищи_мероприятия.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(1475,)]


def test_a_rows_total_that_differs_from_its_events_is_said(dbp, tmp_path):
    """A tester's round (06.12.2026) left it: the form's own «Всего» column was noted «сумма других столбцов» without
    a look at whether it is; a row whose «Всего» differs from the events loaded is said, with both sums."""
    def form(name: str, header: list, rows: list[list], title: str) -> Path:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append([title])
        for r in ([header] if isinstance(header[0], str) else header):
            ws.append(r)
        for r in rows:
            ws.append(r)
        path = tmp_path / name
        wb.save(path)
        return path

    title = "Участие обучающихся 6-11 классов в профориентационных мероприятиях, II квартал 2024 г. (чел.)"
    path = form("всего.xlsx", ["Муниципалитет", "Наименование ОО", "«Путь навыков»", "Профпробы", "Всего"],
                [["Долгопрудный", "МБОУ СОШ № 1", 150, 25, 175], ["Долгопрудный", "МБОУ СОШ № 8", 95, 40, 235],
                 ["Долгопрудный", "МБОУ СОШ № 9", 10, None, 12]], title)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(320,)]  # the events, as typed
    (w,) = [w for w in res.warnings if w.rule == "wide_total_differs"]
    assert w.message == ("Столбец E «Всего» не равен сумме загружаемых столбцов (C ««Путь навыков»», D «Профпробы») "
                         "в 2 строках: 4, 5 (в строке 4: 235 в столбце, 135 по мероприятиям)"), w.message
    # «Всего участников» over the pupils and the parents: each kind of participants against its own events
    two = form("группы.xlsx", [
        ["Муниципалитет", "ОО", "Шоу профессий", None, "Профпробы", None, "Всего участников", None],
        [None, None, "обучающиеся", "родители", "обучающиеся", "родители", "обучающиеся", "родители"]],
        [["Химки", "МБОУ СОШ № 2", 30, 5, 20, 0, 50, 5], ["Химки", "МБОУ СОШ № 3", 10, 2, 10, 1, 20, 4]],
        "Мониторинг участия в профориентационных мероприятиях за II квартал 2024 года")
    res = pipeline.load_file(two, tmp_path / "two.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    (w,) = [w for w in res.warnings if w.rule == "wide_total_differs"]
    assert w.row == 5 and w.value == 4 and "3 по мероприятиям" in w.message, w.message


def test_a_second_table_of_parents_under_the_pupils_one_is_the_parents(dbp, tmp_path):
    """A tester's round (06.12.2026): «Таблица 2. Участие родителей (чел.)» and the same header again under the pupils'
    table — the parents were loaded as pupils (1 995 + 78), without a word."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мытищи"
    head = ["Наименование ОО", "«Путь навыков»", "Профпробы", "«Шоу профессий»"]
    for r in (["Мониторинг участия в профориентационных мероприятиях, г.о. Мытищи, IV квартал 2023 г."], [],
              ["Таблица 1. Участие обучающихся 6-11 классов (чел.)"], head, ["МБОУ СОШ № 3", 150, 40, 600],
              ["МАОУ Гимназия № 17", 120, 25, 540], ["Итого", 270, 65, 1140], [],
              ["Таблица 2. Участие родителей (законных представителей) (чел.)"], head, ["МБОУ СОШ № 3", 35, 0, 0],
              ["МАОУ Гимназия № 17", 28, 0, 0], ["Итого", 63, 0, 0]):
        ws.append(r)
    wb.save(tmp_path / "две таблицы.xlsx")
    res = pipeline.load_file(tmp_path / "две таблицы.xlsx", dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students), sum(parents) FROM event_participation") == [(1475, 63)]
    (w,) = [w for w in res.warnings if w.rule == "participants_by_title_row"]
    assert w.row == 9 and w.message.startswith("Строки 11, 12 загружены как родители: так сказано в строке 9 "
                                               "«Таблица 2. Участие родителей"), w.message


def test_cells_of_three_numbers_under_a_title_naming_the_three_groups_are_split(dbp, tmp_path):
    """A tester's round (06.12.2026): «(количество участников: обучающиеся / родители / педагоги)» in the title,
    «40/0/4» in each event's cell — refused as «не удалось определить вид формы»; each number is its group's."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Участие ОО Холмского ГО в мероприятиях профминимума за 1 полугодие 2024 года"],
              ["(количество участников: обучающиеся / родители / педагоги)"], [],
              ["Наименование ОО", "Региональный чемпионат «Профессионалы»", "Шоу профессий"],
              ["МАОУ СОШ № 1 г. Холмска", "40/0/4", "310/0/9"], ["МБОУ СОШ с. Чехов", "0/0/0", "60 / 5 / 2"],
              ["МБОУ СОШ № 2 г. Холмска", "25/2", "280/0/8"]):
        ws.append(r)
    wb.save(tmp_path / "холмский.xlsx")
    res = pipeline.load_file(tmp_path / "холмский.xlsx", dbp)
    assert res.status == "rejected" and [(e.row, e.value) for e in res.errors] == [(7, "25/2")], \
        [e.message for e in res.errors]
    res = pipeline.load_file(tmp_path / "холмский.xlsx", dbp, skip_bad_rows=True)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [(690, 5, 23)]


def test_a_cell_with_fewer_numbers_than_the_groups_named_is_its_rows_error(dbp, tmp_path):
    """A tester's round (06.12.2026): «40/2» and «80» among «120/15/4» cells — the file was refused asking to map the
    event columns as «мероприятие»; each such cell is its row's error, saying what it should be."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Участие в профориентационных мероприятиях, г.о. Химки, III квартал 2024 г. (количество участников: "
               "обучающиеся / родители / педагоги)"],
              ["Наименование ОО", "Профессиональные пробы", "Экскурсии на предприятия"],
              ["МБОУ СОШ № 1", "120/15/4", "40/2"], ["МБОУ СОШ № 2", 80, "30/0/1"]):
        ws.append(r)
    wb.save(tmp_path / "дроби.xlsx")
    res = pipeline.load_file(tmp_path / "дроби.xlsx", dbp)
    assert res.status == "rejected"
    assert [(e.rule, e.row, e.value) for e in res.errors] == [("participants_not_split", 3, "40/2"),
                                                              ("participants_not_split", 4, "80")]
    assert res.errors[1].message.startswith("В ячейке «80» не 3 числа через «/» (обучающиеся / родители / педагоги)")


def test_a_wide_forms_report_names_each_groups_columns(tmp_path):
    """A tester's round (06.12.2026): the report listed only the pupils' columns of a form with «обуч. | родит. |
    педаг.» under each event, though all three were loaded."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Участие в профориентационных мероприятиях, г.о. Химки, I квартал 2025 г."],
              ["ОО", "Профессиональные пробы", None, None, "Шоу профессий", None, None],
              [None, "обуч.", "родит.", "педаг.", "обуч.", "родит.", "педаг."],
              ["МБОУ СОШ № 1", 40, 0, 2, 120, 10, 4]):
        ws.append(r)
    ws.merge_cells("B2:D2")
    ws.merge_cells("E2:G2")
    wb.save(tmp_path / "широкая.xlsx")
    m = pipeline.prepare(tmp_path / "широкая.xlsx", region="50").sheets[0].matched
    assert m["parents"] == "по столбцам (2): C «Профессиональные пробы | родит.», F «Шоу профессий | родит.»", m
    # a month in an event's name dates it (the same tester: «Профессиональные пробы (март 2025)» had no date)
    ws["B2"] = "Профессиональные пробы (март 2025)"
    wb.save(tmp_path / "широкая.xlsx")
    p = pipeline.prepare(tmp_path / "широкая.xlsx", region="50")
    assert list(zip(p.columns["event"], p.columns["event_date"])) == [
        ("Профессиональные пробы", date(2025, 3, 1)), ("Всероссийский открытый урок «Шоу профессий»", None)]


@pytest.mark.parametrize("title, pupils, said", [
    ("Запланированные мероприятия на I квартал 2024 года:", 55,
     "Строка 7 под строкой 6 «Запланированные мероприятия на I квартал 2024 года:» не загружена: это план"),
    # «проведённые сверх плана» names facts (held), not a plan: its rows count
    ("Мероприятия, проведённые сверх плана:", 115, None)])
def test_events_under_a_title_of_planned_ones_are_not_counted_those_held_beyond_the_plan_are(dbp, tmp_path, title,
                                                                                           pupils, said):
    path = events(tmp_path / "мероприятия.xlsx", HEADER, [
        ["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 30, 2, 1],
        ["Химки", "МБОУ СОШ № 2", "Экскурсия на предприятие", "20.11.2023", 25, 0, 2],
        [title, None, None, None, None, None, None],
        ["Химки", "МБОУ СОШ № 1", "Шоу профессий", "15.12.2023", 60, 10, 3]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(pupils,)]
    warned = [w for w in res.warnings if w.rule == "planned_rows_below"]
    if said is None:
        assert not warned
    else:
        (w,) = warned
        assert w.row == 6 and w.message.startswith(said)


def test_thousands_set_off_by_a_dot_in_a_count_of_pupils(dbp, tmp_path):
    """A tester's round: «1.050», «1.200» typed as text under «Обучающиеся, чел.» refused the file as shares."""
    res = pipeline.load_file(events(tmp_path / "м.xlsx", ["ОО", "Мероприятие", "Дата", "Обучающиеся, чел.",
                                                           "Родители, чел.", "Педагоги, чел."],
                                    [["МБОУ СОШ № 1", "Фестиваль «Путь навыков»", "12.02.2024", "1.050", "120", "15"],
                                     ["МБОУ СОШ № 2", "Фестиваль «Путь навыков»", "12.02.2024", "1.200", "95", "11"],
                                     ["МБОУ СОШ № 3", "Фестиваль «Путь навыков»", "12.02.2024", "2.015", "40", "8"]],
                                    title="г.о. Химки, I квартал 2024 г."), dbp, region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students), sum(parents) FROM event_participation") == [(4265, 255)]


def test_a_row_copied_twice_is_asked_about_not_summed(dbp, tmp_path):
    """A tester's round: the same school, event, date and numbers on two rows (next to each other or not) were summed
    without a word (88 pupils for 68)."""
    rows = [["Клин", "МОУ СОШ № 1", "Профпробы", "12.10.2023", 20, 0, 1],
            ["Клин", "МОУ СОШ № 4", "Экскурсия на предприятие", "23.11.2023", 30, 2, 2],
            ["Клин", "МОУ СОШ № 1", "Профпробы", "12.10.2023", 20, 0, 1],
            ["Клин", "МОУ СОШ № 1", "Профпробы", "16.11.2023", 18, 0, 1]]
    res = pipeline.load_file(events(tmp_path / "м.xlsx", HEADER, rows), dbp, region="50")
    assert res.status == "rejected"
    (e,) = res.errors
    assert (e.rule, e.row) == ("event_row_repeated", 6) and e.message.startswith("Строка повторяет строку 4: та же ОО")
    res = pipeline.load_file(events(tmp_path / "м.xlsx", HEADER, rows), dbp, region="50", skip_bad_rows=True)
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(68,)]


def test_a_part_of_an_events_participants_on_the_row_under_it_is_no_event(dbp, tmp_path):
    """A tester's round: «из них 6-9 кл.» under «Шоу профессий» (its school written once) was loaded as one more
    event with its 100 pupils («в т.ч. с ОВЗ» was left out already)."""
    rows = [["Лыткарино", "МОУ СОШ № 1", "Профпробы", "10.04.2024", 40, 0, 2],
            ["Лыткарино", None, "в т.ч. с ОВЗ", None, 5, None, None],
            ["Лыткарино", "МОУ СОШ № 3", "Шоу профессий", "16.05.2024", 160, 0, 6],
            ["Лыткарино", None, "из них 6-9 кл.", None, 100, None, None]]
    res = pipeline.load_file(events(tmp_path / "м.xlsx", HEADER, rows, title="за II квартал 2024 года"), dbp,
                             region="50")
    assert res.status == "loaded" and res.rows_loaded == 2, [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(200,)]


def test_a_named_category_column_with_mixed_categories_asks_about_those_rows(dbp, tmp_path):
    """A tester's round: «Категория участников» with «обучающиеся», «обучающиеся и родители», «все категории» was not
    recognised, and the refusal offered the count as the pupils' (148 for 48)."""
    res = pipeline.load_file(events(tmp_path / "м.xlsx", ["ОО", "Мероприятие", "Дата", "Категория участников",
                                                          "Кол-во, чел."],
                                    [["МОУ СОШ № 3", "Профпробы", "05.04.2024", "обучающиеся", 48],
                                     ["МОУ СОШ № 3", "Профпробы", "05.04.2024", "обучающиеся и родители", 20],
                                     ["МОУ СОШ № 3", "Шоу профессий", "22.05.2024", "все категории", 80]],
                                    title="Истра, II квартал 2024 года"), dbp, region="50")
    assert res.status == "rejected"
    assert [(e.rule, e.row) for e in res.errors] == [("unknown_participants", 5), ("unknown_participants", 6)]
    assert res.errors[0].message.startswith("Категория участников «обучающиеся и родители» не распознана")


def test_all_pupils_beside_those_of_grades_1_to_5_among_them_is_asked_about(dbp, tmp_path):
    """A tester's round: «Всего обучающихся | из них 1-5 кл.»: only the part was asked about, and «не загружать» it
    loaded the total with its 150 pupils of grades 1–5."""
    res = pipeline.load_file(events(tmp_path / "м.xlsx", ["ОО", "Мероприятие", "Дата", "Всего обучающихся",
                                                          "из них 1-5 кл.", "Родители", "Педагоги"],
                                    [["МАОУ СОШ № 7", "Профпробы", "10.02.2024", 50, 0, 0, 2],
                                     ["МАОУ СОШ № 7", "Классный час", "16.02.2024", 420, 150, 0, 18]],
                                    title="Чехов, I квартал 2024 г."), dbp, region="50",
                             overrides={"из них 1-5 кл.": "-"})
    assert res.status == "rejected"
    assert [e.rule for e in res.errors] == ["total_with_other_grades"]
    assert res.errors[0].message.startswith("«Всего обучающихся» включает и столбец E «из них 1-5 кл.»")


def test_a_part_under_an_event_whose_title_names_its_level_is_no_level(dbp, tmp_path):
    """A tester's round: «в т.ч. с ОВЗ» under «Профпробы (муниципальный уровень)» was read as the event's level
    («Неизвестный уровень мероприятия: 4» on every row); «школ.» is the school level."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Участие в профориентационных мероприятиях, г.о. Подольск, II квартал 2024 г."])
    ws.append(["ОО", "Профпробы (муниципальный уровень)", None, None, None])
    ws.append([None, "обучающиеся", "в т.ч. с ОВЗ", "родители", "педагоги"])
    ws.append(["МБОУ СОШ № 1", 60, 4, 0, 3])
    ws.merge_cells("B2:E2")
    wb.save(tmp_path / "м.xlsx")
    res = pipeline.load_file(tmp_path / "м.xlsx", dbp, region="50")
    assert [e.rule for e in res.errors if e.rule == "bad_event_level"] == []
    assert [e.column for e in res.errors] == ["C «Профпробы (муниципальный уровень) | в т.ч. с ОВЗ»"]
    from etl import normalize

    assert normalize.parse_event_level("школ.") == ("школьный", None)


def test_one_schools_form_never_replaces_its_municipalitys_other_schools(dbp, tmp_path):
    """Подольск's events form names two schools; СОШ № 7 then sends its own (the school in its title) for the same
    quarter: loaded, it replaced the municipality's form — СОШ № 8's participations gone with only «заменены данные
    загрузки № 1» said. It waits; a correction of the whole form — with one school left, too — replaces it."""
    whole = events(tmp_path / "Подольск.xlsx", HEADER, [
        ["Подольск", "МБОУ СОШ № 7", "Профессиональные пробы", "14.11.2023", 32, 0, 2],
        ["Подольск", "МБОУ СОШ № 8", "Профессиональные пробы", "15.11.2023", 20, 0, 1]])
    assert pipeline.load_file(whole, dbp).status == "loaded"
    own = fx.form_xlsx(tmp_path / "СОШ7.xlsx", ["Участие в профориентационных мероприятиях за IV квартал 2023 года",
                                               "МБОУ СОШ № 7 г.о. Подольск"],
                       ["Мероприятие", "Дата", "Обучающиеся", "Родители", "Педагоги"],
                       [["Профессиональные пробы", "14.11.2023", 35, 0, 2]])
    res = pipeline.load_file(own, dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "school_form_over_municipality" and "«МБОУ СОШ № 8»" in e.message
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(52,)]
    # (tester round t85) so does a school's own form with a school column holding it alone
    own = fx.form_xlsx(tmp_path / "СОШ7_2.xlsx", ["Участие обучающихся МБОУ СОШ № 7 г.о. Подольск в "
                                                 "профориентационных мероприятиях за IV квартал 2023 года"],
                       ["Наименование ОО", "Мероприятие", "Дата", "Обучающиеся", "Родители", "Педагоги"],
                       [["МБОУ СОШ № 7", "Профессиональные пробы", "14.11.2023", 35, 0, 2]])
    res = pipeline.load_file(own, dbp)
    assert res.status == "rejected" and [e.rule for e in res.errors] == ["school_form_over_municipality"]
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(52,)]
    fixed = events(tmp_path / "Подольск_испр.xlsx", HEADER, [
        ["Подольск", "МБОУ СОШ № 7", "Профессиональные пробы", "14.11.2023", 35, 0, 2]])
    res = pipeline.load_file(fixed, dbp)
    assert res.status == "loaded"
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(35,)]
    # (tester round t85: the correction's lost school was said nowhere)
    (w,) = [w for w in res.warnings if w.rule == "schools_dropped"]
    assert w.message == ("Файл заменит загрузку № 1 (Подольск) целиком, а ОО «МБОУ СОШ № 8» из неё в файле нет — "
                         "после загрузки её данные пропадут со страниц")


def test_a_quarters_events_never_replace_the_half_years_other_months(dbp, tmp_path):
    """Сахалинская область reports by half-years: «III квартал» and then «IV квартал» are both the 2nd half-year, and
    the second replaced the first — July–September's participations gone with only «заменены данные» said. The
    file waits; a form of the whole half-year replaces as any correction."""
    q3 = events(tmp_path / "Холмский_3кв.xlsx", HEADER, [
        ["Холмский", "МАОУ СОШ № 1", "Профессиональные пробы", "14.09.2023", 40, 0, 2],
        ["Холмский", "МАОУ СОШ № 2", "Профессиональные пробы", "15.09.2023", 35, 0, 1]],
        title="за III квартал 2023 года")
    assert pipeline.load_file(q3, dbp).status == "loaded"
    q4 = events(tmp_path / "Холмский_4кв.xlsx", HEADER, [
        ["Холмский", "МАОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 60, 0, 2],
        ["Холмский", "МАОУ СОШ № 2", "Экскурсии на предприятия", "15.11.2023", 20, 0, 1]],
        title="за IV квартал 2023 года")
    res = pipeline.load_file(q4, dbp)
    assert res.status == "rejected" and [e.rule for e in res.errors] == ["events_months_dropped"]
    assert "с 2 строками за III квартал 2023 г." in res.errors[0].message
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(75,)]
    half = events(tmp_path / "Холмский_2пол.xlsx", HEADER, [
        ["Холмский", "МАОУ СОШ № 1", "Профессиональные пробы", "14.09.2023", 40, 0, 2],
        ["Холмский", "МАОУ СОШ № 2", "Профессиональные пробы", "15.09.2023", 35, 0, 1],
        ["Холмский", "МАОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 60, 0, 2]],
        title="за 2 полугодие 2023 года")
    assert pipeline.load_file(half, dbp).status == "loaded"
    assert sql(dbp, "SELECT period, sum(students) FROM event_participation GROUP BY 1") == [("2023-H2", 135)]


SUBS = [("план", "факт"), ("запланировано", "приняли участие"), ("АППГ", "отчётный период"),
        ("кол-во мероприятий, ед.", "кол-во участников, чел."), ("ед.", "чел.")]


@pytest.mark.parametrize("other,held", SUBS)
def test_an_events_other_figure_beside_its_participants_is_not_one_more_event(dbp, tmp_path, other, held):
    """Tester round t75 (07.12.2026): «Шоу профессий» over «план | факт» loaded two events, plan and fact both as
    pupils (Солнечногорск 2 922 instead of 1 422) with no word; so «АППГ | отчётный период», «кол-во мероприятий,
    ед. | кол-во участников, чел.»."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Участие обучающихся 6-11 классов в профориентационных мероприятиях за III квартал 2024 г., чел."])
    ws.append([])
    ws.append(["Муниципальное образование", "Шоу профессий", None, "Профпробы", None])
    ws.append([None, other, held, other, held])
    ws.append(["Солнечногорск", 15, 1422, 6, 587])
    ws.append(["Истра", 12, 1104, 5, 512])
    for m in ("B3:C3", "D3:E3", "A3:A4"):
        ws.merge_cells(m)
    wb.save(path := tmp_path / "Мероприятия_3кв.xlsx")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sorted(sql(dbp, "SELECT municipality, event_text, students FROM event_participation")) == [
        ("Истра", "Профпробы", 512), ("Истра", "Шоу профессий", 1104),
        ("Солнечногорск", "Профпробы", 587), ("Солнечногорск", "Шоу профессий", 1422)]
    assert any(f"B «Шоу профессий | {other}»" in x for x in res.noted), res.noted


@pytest.mark.parametrize("header", ["Кол-во участников (обучающиеся и родители)", "Обучающиеся и их родители, чел.",
                                    "Участники (обуч-ся + род.)", "Кол-во обучающихся (вместе с родителями)",
                                    "Педагоги и родители, чел."])
def test_one_column_of_several_kinds_of_participants_is_asked_about(dbp, tmp_path, header):
    """Tester round t75: «Кол-во участников (обучающиеся и родители)» loaded every participant as a parent."""
    path = fx.form_xlsx(tmp_path / "Жуковский.xlsx", ["Участие в мероприятиях профминимума за IV квартал 2024 года"],
                        ["Муниципалитет", "ОО", "Мероприятие", "Дата", header],
                        [["Жуковский", "МОУ СОШ № 1", "Шоу профессий", "12.11.2024", 140],
                         ["Жуковский", "МОУ Лицей № 14", "Профпробы", "20.11.2024", 60]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    (e,) = [e for e in res.errors if e.rule == "participants_together"]
    assert e.column == f"E «{header}»" and e.message.startswith("В столбце вместе ")


@pytest.mark.parametrize("header", ["Родители обучающихся, чел.", "Родители (законные представители) обучающихся"])
def test_one_kind_of_participants_qualified_by_another_is_that_kind(dbp, tmp_path, header):
    from etl.participant_words import named_together

    assert named_together("Педагоги, сопровождавшие обучающихся") == []  # (a part's head word is what counts)
    path = fx.form_xlsx(tmp_path / "Жуковский.xlsx", ["Участие в мероприятиях профминимума за IV квартал 2024 года"],
                        ["Муниципалитет", "ОО", "Мероприятие", "Дата", "Обучающиеся, чел.", header],
                        [["Жуковский", "МОУ СОШ № 1", "Шоу профессий", "12.11.2024", 140, 12]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT students, coalesce(parents, teachers) FROM event_participation") == [(140, 12)]


def test_rows_listed_by_class_are_each_class_not_repeats(dbp, tmp_path):
    """Tester round t75: «6А» and «6Б», 25 pupils each at one event, refused «Строка повторяет строку 4 … Удалите
    повтор» — following it would have lost a class. Each class's row counts; a row copied twice is still a repeat."""
    header = ["ОО", "Класс", "Мероприятие", "Дата", "Обучающиеся", "Родители", "Педагоги"]
    rows = [["МБОУ СОШ № 2", "6А", "Шоу профессий", "07.11.2024", 25, 0, 1],
            ["МБОУ СОШ № 2", "6Б", "Шоу профессий", "07.11.2024", 25, 0, 1],
            ["МБОУ СОШ № 2", "7А", "Шоу профессий", "07.11.2024", 27, 0, 1]]
    title = ["Участие в профориентационных мероприятиях, г.о. Котельники, IV квартал 2024 г."]
    res = pipeline.load_file(fx.form_xlsx(tmp_path / "Котельники.xlsx", title, header, rows), dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students) FROM event_participation")[0][0] == 77
    copied = pipeline.load_file(fx.form_xlsx(tmp_path / "Котельники2.xlsx", title, header, rows + [rows[1]]),
                                tmp_path / "other.duckdb")
    assert copied.status == "rejected" and [e.rule for e in copied.errors] == ["event_row_repeated"]


@pytest.mark.parametrize("label", ["Справочно: АППГ (II кв. 2023 г.)", "Среднее по ОО", "План на III квартал",
                                   "2023 год (для сравнения)", "Целевой показатель", "Норматив"])
def test_a_wide_events_forms_row_of_another_figure_is_no_school(dbp, tmp_path, label):
    """Tester round t76 (07.12.2026): in a form with a column per event, «Справочно: АППГ», «Среднее по ОО», «План
    на III квартал» loaded as schools (Лыткарино 1 873 pupils for 834) — the long layout already left them out."""
    path = fx.form_xlsx(tmp_path / "Лыткарино.xlsx",
                        ["Участие обучающихся в профориентационных мероприятиях (чел.), г.о. Лыткарино, III квартал "
                         "2024 г."], ["Наименование ОО", "Шоу профессий", "Профпробы"],
                        [["МОУ СОШ № 1", 140, 22], ["МОУ Лицей № 4", 180, 31], ["Итого", 320, 53], [label, 160, 27]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT count(DISTINCT school_name), sum(students) FROM event_participation")[0] == (2, 373)
    # (said — «Справочно: …» under the table is its footer, left out as every footer is)
    assert any(w.rule == "summary_rows" for w in res.warnings) or label.startswith("Справочно")


@pytest.mark.parametrize("header", ["Родительские собрания (родители)", "Количество проведённых мероприятий",
                                    "Педагоги-навигаторы", "Вебинар для педагогов «Навигатор»"])
def test_a_column_of_other_people_under_a_title_of_pupils_is_asked_about(dbp, tmp_path, header):
    """Tester round t76: under «Количество обучающихся, принявших участие в … мероприятиях (чел.)» these loaded as
    events of pupils (parents, event counts, navigators counted as pupil participations)."""
    path = fx.form_xlsx(tmp_path / "Истра.xlsx",
                        ["Количество обучающихся, принявших участие в профориентационных мероприятиях (чел.)",
                         "Городской округ Истра, II квартал 2024 года"],
                        ["Наименование ОО", "Шоу профессий", "Профессиональные пробы", header],
                        [["МОУ Истринская СОШ № 3", 300, 45, 120], ["МОУ Дедовская СОШ № 1", 210, 20, 80]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected" and [e.column for e in res.errors] == [f"D «{header}»"]
    res = pipeline.load_file(path, dbp, overrides={header: "-"})  # the advice: not loaded, the events are
    assert res.status == "loaded" and sql(dbp, "SELECT sum(students) FROM event_participation")[0][0] == 575


def test_a_school_named_in_the_sentence_of_the_title_is_the_forms_school(dbp, tmp_path):
    """Tester round t76: «Информация МАОУ «Лицей № 2» городского округа Воскресенск об участии …» — the school was
    lost (empty), and the next school's form replaced the whole municipality's with no word."""
    head = ["№ п/п", "Мероприятие", "Дата проведения", "Обучающиеся", "Родители", "Педагоги"]
    lyceum = fx.form_xlsx(tmp_path / "Лицей2.xlsx", ["Информация МАОУ «Лицей № 2» городского округа Воскресенск об "
                                                     "участии в мероприятиях профминимума", "за IV квартал 2023 года"],
                          head, [[1, "Шоу профессий", "12.10.2023", 120, 0, 4],
                                 [2, "Профпробы", "15.11.2023", 35, 0, 3]])
    res = pipeline.load_file(lyceum, dbp)
    assert res.status == "loaded" and sql(dbp, "SELECT DISTINCT school_name FROM event_participation") == [
        ("МАОУ «Лицей № 2»",)]
    school = fx.form_xlsx(tmp_path / "СОШ11.xlsx", ["Отчёт МБОУ «СОШ № 11» г.о. Воскресенск об участии в мероприятиях "
                                                    "профминимума", "за IV квартал 2023 года"],
                          head, [[1, "Шоу профессий", "12.10.2023", 18, 0, 1]])
    res = pipeline.load_file(school, dbp)
    assert res.status == "rejected" and "Форма одной ОО «МБОУ «СОШ № 11»»" in res.errors[0].message
    assert sql(dbp, "SELECT sum(students) FROM event_participation")[0][0] == 155  # nothing replaced
    # a wide form of one school, its rows by grade: the school from the title too
    wide = fx.form_xlsx(tmp_path / "СОШ3.xlsx", ["Участие обучающихся МОУ «СОШ № 3» г.о. Егорьевск в "
                                                 "профориентационных мероприятиях (чел.)", "IV квартал 2023 года", ""],
                        ["Параллель", "Всероссийский открытый урок «Шоу профессий»", "Профессиональные пробы",
                         "Экскурсии на предприятия"], [["6 классы", 52, 0, 12], ["7 классы", 48, 10, 0],
                                                        ["8 классы", 50, 10, 25], ["Итого", 150, 20, 37]])
    res = pipeline.load_file(wide, tmp_path / "wide.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(tmp_path / "wide.duckdb", "SELECT DISTINCT school_name FROM event_participation") == [("МОУ «СОШ № 3»",)]


def test_a_municipality_written_once_carries_past_a_part_of_an_event(dbp, tmp_path):
    """Tester round t76: «в т.ч. в дистанционном формате» under an event ended the block of the municipality written
    on its first row — the next row was refused «Не указано муниципальное образование»."""
    path = fx.form_xlsx(tmp_path / "Сахалин.xlsx", ["Сводная информация об участии в мероприятиях по профориентации",
                                                    "Сахалинская область, I полугодие 2024 года"],
                        ["Муниципальное образование", "Образовательная организация", "Название мероприятия",
                         "Обучающиеся", "Родители", "Педагоги"],
                        [["Южно-Сахалинск", "МАОУ СОШ № 8", "Профпробы", 27, 0, 2],
                         [None, "в т.ч. в дистанционном формате", None, 10, None, None],
                         [None, "МАОУ СОШ № 8", "Ярмарка профессий", 45, 30, 12],
                         ["Итого по г. Южно-Сахалинск", None, None, 72, 30, 14],
                         ["Холмский", "МБОУ СОШ № 6 г. Холмска", "Экскурсия в порт", 15, 2, 1]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT municipality, sum(students) FROM event_participation GROUP BY 1 ORDER BY 1") == [
        ("Холмский", 15), ("Южно-Сахалинск", 72)]


def test_a_column_of_event_levels_is_never_read_as_municipalities(dbp, tmp_path):
    """A coordinator's header «Статус (фед./рег./муниц.)» over «фед.», «муниц.» was read as the municipality column:
    «Неизвестное муниципальное образование «фед.» — возможно, «Домодедово»». The values are levels: the question
    names the level, and the advice followed loads every figure."""
    path = fx.form_xlsx(tmp_path / "НароФоминск.xlsx", ["Сведения о проведённых профориентационных мероприятиях",
                                                        "Наро-Фоминский городской округ — II квартал 2024 г."],
                        ["Школа", "Форма мероприятия / тема", "Когда проводилось", "Статус (фед./рег./муниц.)",
                         "Сколько школьников", "Сколько родителей", "Сколько учителей"],
                        [["МАОУ Наро-Фоминская СОШ № 1", "Урок «Россия — мои горизонты»", "04.04.2024", "фед.",
                          "312", "0", "11"],
                         ["МАОУ Наро-Фоминская СОШ № 1", "Экскурсия на ООО «Данон Индустрия»", "17.05.2024", "муниц.",
                          "25", "3", "2"],
                         ["МБОУ Апрелевская СОШ № 3", "Профпробы в колледже", "12.04.2024", "рег.", "1 040", "—", "6"],
                         ["МБОУ Верейская СОШ", "Родительское собрание", "22.05.2024", "муниц.", "0", "58", "4"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected" and [e.column for e in res.errors] == ["D «Статус (фед./рег./муниц.)»"]
    assert "уровень мероприятия" in res.errors[0].message and "Домодедово" not in res.errors[0].message
    res = pipeline.load_file(path, dbp, overrides={"Статус (фед./рег./муниц.)": "event_level"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_level, students, parents, teachers FROM event_participation ORDER BY 2") == [
        ("муниципальный", 0, 58, 4), ("муниципальный", 25, 3, 2), ("федеральный", 312, 0, 11),
        ("региональный", 1040, 0, 6)]


def test_counts_of_things_held_between_the_event_and_plan_fact_are_not_pupils(dbp, tmp_path):
    """(tester round t76, E04) «Профпробы | кол-во проб, ед. | план | факт» beside «… | кол-во участников, чел. | план
    | факт»: the probes held were read as an event of pupils, «факт» as an event's name, and the file refused with
    advice naming the fact columns. Only the participants held load, each event by its own name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Информация об участии обучающихся в профориентационных мероприятиях, г.о. Химки, I квартал 2024 г."])
    ws.append(["Наименование ОО", "Профессиональные пробы", None, None, None, "Экскурсии на предприятия"])
    ws.append([None, "кол-во проб, ед.", None, "кол-во участников, чел.", None, "кол-во экскурсий, ед.", None,
               "кол-во участников, чел."])
    ws.append([None] + ["план", "факт"] * 4)
    for rng in ("A2:A4", "B2:E2", "F2:I2", "B3:C3", "D3:E3", "F3:G3", "H3:I3"):
        ws.merge_cells(rng)
    ws.append(["МБОУ СОШ № 1", 5, 6, 120, 130, 3, 3, 60, 75])
    ws.append(["МБОУ СОШ № 2", 4, 4, 90, 85, 2, 1, 40, 20])
    ws.append(["Итого", 9, 10, 210, 215, 5, 4, 100, 95])
    path = tmp_path / "Химки_мероприятия.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event, sum(students) FROM event_participation GROUP BY 1 ORDER BY 1") == [
        ("Профессиональные пробы", 215), ("Экскурсии на предприятия", 95)]
    assert [n for n in res.noted if "кол-во проб, ед. | факт» — число мероприятий, а не участников" in n]


def test_an_events_status_of_federal_or_municipal_is_its_level(dbp, tmp_path):
    """«Статус мероприятия» over «федеральный», «муниципальный» (a wording a published form uses for the level) was
    asked about; «Статус мероприятия» over «проведено» beside a level column stays no level."""
    path = events(tmp_path / "мероприятия.xlsx", ["Муниципалитет", "ОО", "Мероприятие", "Статус мероприятия", "Дата",
                                                 "Обучающиеся", "Родители", "Педагоги"],
                  [["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "федеральный", "14.11.2023", 30, 0, 2],
                   ["Химки", "МБОУ СОШ № 2", "Экскурсия на завод «Энергомаш»", "муниципальный", "16.11.2023", 25, 3,
                    1]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_level, students FROM event_participation ORDER BY students") == [
        ("муниципальный", 25), ("федеральный", 30)]
    path = events(tmp_path / "мероприятия2.xlsx", ["Муниципалитет", "ОО", "Мероприятие", "Уровень",
                                                  "Статус мероприятия", "Дата", "Обучающиеся", "Родители",
                                                  "Педагоги"],
                  [["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "региональный", "проведено", "14.02.2024", 30,
                    0, 2]], title="за I квартал 2024 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_level FROM event_participation WHERE period = '2024-Q1'") == [("региональный",)]


def _plan_fact(path: Path, title: str, events: tuple[str, str]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([title])
    ws.append([])
    ws.append(["Наименование ОО", events[0], None, events[1], None])
    ws.append([None, "план", "факт", "план", "факт"])
    ws.append(["МОУ СОШ № 1 г. Егорьевска", 300, 287, 40, 38])
    ws.append(["МОУ «Лицей № 4»", 250, 250, 30, 41])
    for m in ("B3:C3", "D3:E3", "A3:A4"):
        ws.merge_cells(m)
    wb.save(path)
    return path


def test_events_by_column_whose_people_nobody_names_are_asked_about_and_the_answer_loads(dbp, tmp_path):
    """(tester round t80) «Отчет об участии в мероприятиях профминимума» over «Шоу профессий | план | факт»: the kind
    of form was not told, and with --kind events the advice was «--map "Профпробы | факт=родители"» — followed, still
    refused. One question now, whose participation; the answer loads the facts."""
    path = _plan_fact(tmp_path / "Егорьевск.xlsx", "Отчет об участии в мероприятиях профминимума, Егорьевск, за I "
                      "квартал 2024 г.", ("Шоу профессий", "Профпробы"))
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "participants_unsaid" and e.message.startswith(
        "Не сказано, чьё участие в столбцах мероприятий (C «Шоу профессий | факт», E «Профпробы | факт»)")
    assert '--map "Шоу профессий | факт=обучающиеся" --map "Профпробы | факт=обучающиеся"' in e.hint
    res = pipeline.load_file(path, dbp, overrides={"Шоу профессий | факт": "students",
                                                   "Профпробы | факт": "students"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_text, sum(students) FROM event_participation GROUP BY 1 ORDER BY 1") == [
        ("Профпробы", 79), ("Шоу профессий", 537)]


def test_events_by_column_naming_their_people_in_their_headers_load(dbp, tmp_path):
    path = _plan_fact(tmp_path / "Егорьевск.xlsx", "Отчет об участии в мероприятиях профминимума, Егорьевск, за I "
                      "квартал 2024 г.", ("Шоу профессий (обучающиеся)", "Профпробы (обучающиеся)"))
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(616,)]


def test_each_event_column_is_its_own_event_with_the_people_its_header_or_the_analyst_gives(dbp, tmp_path):
    """(tester round t90) «Путь навыков (обучающиеся)» beside «Всероссийское родительское собрание 14.09.2023»: both
    were asked about («ни в заголовках», though one names its pupils), and following the advice loaded one event
    named after the sheet («Участие»). The column naming none is asked about alone; the answer loads two events."""
    path = tmp_path / "участие.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Участие"
    ws.append(["Участие в мероприятиях по профориентации за III квартал 2023 года"])
    ws.append(["Муниципальное образование", "Фестиваль «Путь навыков» (обучающиеся)",
               "Всероссийское родительское собрание 14.09.2023"])
    ws.append(["Балашиха", 1050, 1900])
    ws.append(["Бронницы", 210, 280])
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    (e,) = res.errors
    assert e.message.startswith("Не сказано, чьё участие в столбцах мероприятий (C «Всероссийское родительское "
                                "собрание 14.09.2023»): ")
    res = pipeline.load_file(path, dbp, overrides={"Всероссийское родительское собрание 14.09.2023": "parents"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_text, sum(students), sum(parents) FROM event_participation GROUP BY 1 "
                    "ORDER BY 1") == [("Всероссийское родительское собрание 14.09.2023", None, 2180),
                                      ("Фестиваль «Путь навыков» (обучающиеся)", 1260, None)]


def test_a_parents_meeting_under_a_title_of_pupils_is_asked_about_and_loads_as_answered(dbp, tmp_path):
    """(tester round t90) «Всероссийское родительское собрание» under «Участие обучающихся …»: its 1 040 were stored
    as pupils with no question."""
    path = tmp_path / "участие.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Участие обучающихся в профориентационных мероприятиях, IV квартал 2024 г. (чел.)"])
    ws.append(["Муниципальное образование", "Фестиваль «Путь навыков»", "Неделя без турникетов",
               "Всероссийское родительское собрание"])
    ws.append(["Воскресенск", 820, 140, 610])
    ws.append(["Зарайск", 230, 35, 190])
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    (e,) = res.errors
    assert (res.status, e.column) == ("rejected", "D «Всероссийское родительское собрание»")
    res = pipeline.load_file(path, dbp, overrides={"Всероссийское родительское собрание": "parents"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students), sum(parents) FROM event_participation") == [(1225, 800)]


def test_an_events_list_with_a_total_of_its_participants_and_a_count_of_schools_loads(dbp, tmp_path):
    """(tester round t90) «Количество участников | всего» beside «из них обучающихся | родителей | педагогов», and
    «Количество ОО, принявших участие»: each was asked about — a sum of the others and no count of people."""
    res = _merged_form(tmp_path / "Мытищи.xlsx", dbp, [
        ["Участие в профориентационных мероприятиях, г.о. Мытищи, IV квартал 2023 г."],
        ["Наименование мероприятия", "Дата", "Количество ОО, принявших участие", "Количество участников, чел.",
         None, None, None],
        [None, None, None, "всего", "из них обучающихся 6-11 кл.", "родителей", "педагогов"],
        ["Фестиваль «Путь навыков»", "16.10.2023", 12, 426, 382, 24, 20],
        ["Экскурсия на предприятие АО «Метровагонмаш»", "20.11.2023", 2, 33, 30, 0, 3]],
        ("A2:A3", "B2:B3", "C2:C3", "D2:G2"))
    assert sql(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [(412, 24, 23)]
    noted = " ".join(res.noted)
    assert "«Количество ОО, принявших участие» — число ОО, а не участников: не загружается" in noted, noted
    assert "«Количество участников, чел. | всего» — сумма других столбцов (участников)" in noted, noted


def test_a_column_beside_the_events_groups_given_its_people_is_an_event_of_its_own(dbp, tmp_path):
    """(tester round t90) «Шоу профессий | обучающиеся | родители» beside «Родительское собрание 14.09.2023» in one
    cell over both header rows: the advice «--map "…=родители"» was followed and the file still refused."""
    path = fx.rows_xlsx(tmp_path / "Химки.xlsx", [
        ["Участие в мероприятиях профминимума, г.о. Химки, III квартал 2023 г."],
        ["ОО", "Шоу профессий", None, "Всероссийское родительское собрание 14.09.2023"],
        [None, "обучающиеся", "родители", None],
        ["МАОУ Лицей № 5", 120, 14, 300], ["МАОУ СОШ № 1", 90, 8, 210]], ("B2:C2", "A2:A3", "D2:D3"))
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected" and "--map \"Всероссийское родительское собрание 14.09.2023=" in res.errors[0].hint
    res = pipeline.load_file(path, dbp, overrides={"Всероссийское родительское собрание 14.09.2023": "parents"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_text, sum(students), sum(parents) FROM event_participation GROUP BY 1 "
                    "ORDER BY 1") == [("Всероссийское родительское собрание 14.09.2023", None, 510),
                                      ("Шоу профессий", 210, 22)]


def test_a_title_of_taking_part_in_events_tells_the_kind_of_form(dbp, tmp_path):
    """(tester round t80) «Участие обучающихся ОО г.о. Долгопрудный в профориентационных мероприятиях» over
    «Профессиональные пробы | Экскурсии на предприятия», each by «6-7 | 8-9 | 10-11 кл.»: read as effectiveness
    indicators and refused with advice to map a column as «обучающихся 6–11 классов, всего»."""
    res = _merged_form(tmp_path / "Долгопрудный.xlsx", dbp, [
        ["Участие обучающихся ОО г.о. Долгопрудный в профориентационных мероприятиях, I квартал 2024 г."],
        ["ОО", "Профессиональные пробы", None, None, "Экскурсии на предприятия", None, None, "Всего"],
        [None, "6-7 кл.", "8-9 кл.", "10-11 кл.", "6-7 кл.", "8-9 кл.", "10-11 кл.", None],
        ["МАОУ Лицей № 5", 12, 40, 33, 0, 25, 18, 128], ["МАОУ СОШ № 1", 0, 22, 10, 30, 28, 0, 90]],
        ("B2:D2", "E2:G2", "A2:A3", "H2:H3"))
    assert sql(dbp, "SELECT event_text, sum(students) FROM event_participation GROUP BY 1 ORDER BY 1") == [
        ("Профессиональные пробы", 117), ("Экскурсии на предприятия", 101)]


def test_a_total_over_rows_leaving_a_figure_empty_is_checked_by_what_they_give(dbp, tmp_path):
    """(tester round t80) «ИТОГО» 620 parents over rows giving 310, the rest of the parents' cells empty: no word (a
    figure some row leaves empty was not checked at all); the panel shows 310."""
    path = events(tmp_path / "Коломна.xlsx", HEADER, [
        ["Коломна", "МБОУ СОШ № 2", "Профессиональные пробы", "14.02.2024", 120, None, 6],
        ["Коломна", "МБОУ СОШ № 2", "Всероссийское родительское собрание", "21.03.2024", None, 310, 25],
        ["Коломна", "МБОУ Гимназия № 8", "Экскурсии на предприятия", "05.03.2024", 28, None, 2],
        [None, "ИТОГО", None, None, 148, 620, 33]], title="за I квартал 2024 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    (said,) = [w for w in res.warnings if w.rule == "total_differs"]
    assert said.message.startswith("Итог в строке 7 — 620, а в строках над ней — 310; в 2 строках графа пуста")


def test_a_grand_total_after_a_subtotal_is_set_against_every_row_above_it(dbp, tmp_path):
    """(tester round t87) «ВСЕГО» under «Итого по мероприятию» and two more events: its teachers (15) were set against
    the two rows after the subtotal (5), not all four (14, one teacher short)."""
    path = events(tmp_path / "Коломна.xlsx", HEADER, [
        ["Коломна", "МБОУ СОШ № 2", "Профессиональные пробы", "14.02.2024", 25, 0, 2],
        ["Коломна", "МБОУ СОШ № 3", "Профессиональные пробы", "14.02.2024", 18, 0, 7],
        [None, "Итого по мероприятию", None, None, 43, 0, 9],
        ["Коломна", "МБОУ СОШ № 2", "Экскурсии на предприятия", "05.03.2024", 30, 0, 3],
        ["Коломна", "МБОУ Гимназия № 8", "Экскурсии на предприятия", "05.03.2024", 28, 0, 2],
        [None, "ВСЕГО", None, None, 101, 0, 15]], title="за I квартал 2024 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    (said,) = [w for w in res.warnings if w.rule == "total_differs"]
    assert said.message.startswith("Итог в строке 9 — 15, а сумма по 4 строкам ОО над ней — 14"), said.message

def test_a_level_taken_from_the_events_catalogue_is_said(dbp, tmp_path):
    """(tester round t79, in a browser) A form with no level: the events were charted at the catalogue's levels
    («муниципальный») with no word."""
    path = events(tmp_path / "Химки.xlsx", HEADER, [
        ["Химки", "МБОУ СОШ № 1", "Профпробы", "14.11.2023", 30, 0, 2],
        ["Химки", "МБОУ СОШ № 2", "Шоу профессий", "16.11.2023", 25, 3, 1]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    (said,) = [w for w in res.warnings if w.rule == "event_level_from_catalogue"]
    assert said.message == ("Уровень мероприятий в файле не указан и взят из справочника мероприятий: «Профессиональные "
                            "пробы» — муниципальный, «Всероссийский открытый урок «Шоу профессий»» — федеральный")


def test_a_percent_of_the_plan_beside_events_by_column_is_no_event(dbp, tmp_path):
    """(tester round t81) «% выполнения» (97, 98, 96) beside «Шоу профессий | план | факт» under a title of pupils: an
    event «% выполнения» with 291 pupils — 1 346 participations for 1 055."""
    res = _merged_form(tmp_path / "Люберцы.xlsx", dbp, [
        ["Участие обучающихся в мероприятиях профминимума, г.о. Люберцы, I квартал 2024 г."],
        ["ОО", "Шоу профессий", None, "Экскурсии на предприятия", None, "% выполнения"],
        [None, "план", "факт", "план", "факт", None], ["МОУ СОШ № 3", 300, 280, 50, 55, 97],
        ["МОУ Гимназия № 5", 400, 410, 60, 40, 98]], ("B2:C2", "D2:E2", "A2:A3", "F2:F3"))
    assert sql(dbp, "SELECT event_text, sum(students) FROM event_participation GROUP BY 1 ORDER BY 1") == [
        ("Шоу профессий", 690), ("Экскурсии на предприятия", 95)]
    assert any("F «% выполнения» — выполнение плана, %" in n for n in res.noted), res.noted


def test_cells_saying_nobody_or_no_data_among_split_cells(dbp, tmp_path):
    """(tester round t81) One «н/д» among «40/0/4» cells: the whole event's column «не распознан» and dropped with a
    warning (58 pupils lost); a «-» in such a cell was refused. «-» is nobody, «н/д» nothing known (no record)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Мероприятия профминимума г.о. Чехов за 1 кв. 2024 (количество участников: обучающиеся / родители / "
               "педагоги)"], ["ОО", "Профпробы", "Экскурсии на предприятия"],
              ["МАОУ СОШ № 1", "40/0/4", "25/0/2"], ["МАОУ СОШ № 7", "18/0/1", "-"],
              ["МАОУ Любучанская СОШ", "н/д", "12/2/1"]):
        ws.append(r)
    wb.save(tmp_path / "Чехов.xlsx")
    res = pipeline.load_file(tmp_path / "Чехов.xlsx", dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event_text, count(*), sum(students), sum(parents), sum(teachers) FROM event_participation "
                    "GROUP BY 1 ORDER BY 1") == [("Профпробы", 2, 58, 0, 5), ("Экскурсии на предприятия", 3, 37, 2, 3)]


def test_pupils_by_grades_alone_beside_parents_and_teachers_are_their_sum(dbp, tmp_path):
    """(tester round t81) «6-9 кл.» | «10-11 кл.» | «родители» | «педагоги» with no column of pupils: refused asking
    to map each as «обучающиеся» (and both so mapped, refused again)."""
    path = events(tmp_path / "Невельский.xlsx", ["ОО", "Мероприятие", "Дата", "6-9 кл.", "10-11 кл.", "родители",
                                                 "педагоги"],
                  [["МБОУ СОШ № 1 г. Невельска", "Ярмарка профессий", "18.04.2024", 120, 45, 10, 6],
                   ["МБОУ СОШ № 1 г. Невельска", "Экскурсия на рыбокомбинат", "22.05.2024", 30, "-", None, 2]],
                  title="Невельский городской округ, 1 полугодие 2024 г.")
    res = pipeline.load_file(path, dbp, region="65")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT students, teachers FROM event_participation ORDER BY source_row") == [(165, 6), (30, 2)]


def test_one_count_of_participants_under_a_title_naming_the_pupils_is_the_pupils(dbp, tmp_path):
    """(tester round t81) «Кол-во участников (чел.)» under «Участие обучающихся в профориентационных мероприятиях»:
    asked what it is (and with a «~25» among the counts refused as having no column of pupils at all)."""
    path = fx.form_xlsx(tmp_path / "СП.xlsx", ["Участие обучающихся в профориентационных мероприятиях (чел.), "
                                              "Сергиево-Посадский г.о., I квартал 2024 г."],
                        ["ОО", "Мероприятие", "Дата", "Кол-во участников (чел.)"],
                        [["МБОУ СОШ № 1", "Урок «Россия — мои горизонты»", "18.01.2024", "310"],
                         ["МБОУ Гимназия № 5", "Шоу профессий", "22.02.2024", "1 040"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students), count(parents) FROM event_participation") == [(1350, 0)]


def _merged_form(path: Path, dbp, rows: list[list], merges: tuple[str, ...]):
    """A form of these rows (title, header rows with these merged cells, records), loaded: its result, loaded."""
    res = pipeline.load_file(fx.rows_xlsx(path, rows, merges), dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    return res


@pytest.mark.parametrize("line, period, refused", [
    ("нарастающим итогом с начала 2023/2024 учебного года, по состоянию на 31.12.2023", "2023-Q4", True),
    ("нарастающим итогом с начала 2023/2024 учебного года, по состоянию на 30.09.2023", "2023-Q3", False),
    ("за период с 01.09.2023 по 31.12.2023", "2023-Q4", True),
    ("за период с 01.10.2023 по 31.12.2023", "2023-Q4", False),
    ("за 9 месяцев 2024 года", None, True),
    ("за 1 полугодие 2024 года", "2024-Q2", True),
    ("за IV квартал 2023 года (октябрь–декабрь)", None, False),
])
def test_an_events_form_of_more_than_its_period_is_refused(tmp_path, line, period, refused):
    """(tester round t85) Participations add up over the periods: four forms «нарастающим итогом» made 751 of 289,
    «с 01.09 по 31.12» loaded as IV квартал counted September twice, «за 9 месяцев» went into III квартал."""
    path = fx.form_xlsx(tmp_path / "Клин.xlsx", ["Участие обучающихся ОО г.о. Клин в профориентационных мероприятиях",
                                                line],
                        ["Наименование ОО", "Мероприятие", "Обучающиеся", "Родители", "Педагоги"],
                        [["МОУ СОШ № 2", "Профпробы", 40, 0, 3], ["МОУ Гимназия № 9", "Экскурсия на завод", 25, 2, 1]])
    res = pipeline.load_file(path, tmp_path / "db.duckdb", period=period, region="50")
    if not refused:
        assert res.status == "loaded", [e.message for e in res.errors]
        return
    assert res.status == "rejected"
    (e,) = [e for e in res.errors if e.rule == "events_span"]
    assert e.message.startswith("Форма мероприятий охватывает время с ") and "посчитались бы дважды" in e.message
    assert "без нарастающего итога" in e.hint


def test_sheets_or_columns_of_quarters_and_months_without_a_year_are_refused(tmp_path):
    """(tester round t85) Sheets «3 кв.» … «2 кв.», «Сентябрь» … «Декабрь», or columns «Профпробы | I кв. | II кв.» of
    an events form all went into the one period given: only periods with their year were told apart."""
    header = ["Наименование ОО", "Мероприятие", "Обучающиеся", "Родители", "Педагоги"]
    rows = [["МОУ СОШ № 2", "Профпробы", 40, 0, 3]]
    for n, sheets in enumerate((["3 кв.", "4 кв."], ["Сентябрь", "Октябрь"])):
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
        for name in sheets:
            ws = wb.create_sheet(name)
            for r in [["Участие обучающихся ОО г.о. Клин в профориентационных мероприятиях, 2023/2024 уч. год"],
                      header, *rows]:
                ws.append(r)
        wb.save(tmp_path / f"{n}.xlsx")
        res = pipeline.load_file(tmp_path / f"{n}.xlsx", tmp_path / f"{n}.duckdb", period="2023-Q4", region="50")
        assert res.status == "rejected"
        (e,) = [e for e in res.errors if e.rule == "sheets_of_periods"]
        assert e.message == ("В файле формы за разные периоды (лист «3 кв.» — III квартал; лист «4 кв.» — IV квартал)"
                             if n == 0 else "В файле формы за разные периоды (лист «Сентябрь» — сентябрь; "
                             "лист «Октябрь» — октябрь)")
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["Участие обучающихся ОО г.о. Клин в профориентационных мероприятиях в 2024 году"],
              ["Наименование ОО", "Профпробы", None, None, "Экскурсии на предприятия", None, None],
              [None, "I кв.", "II кв.", "III кв.", "I кв.", "II кв.", "III кв."],
              ["МОУ СОШ № 2", 10, 12, 14, 5, 6, 7]]:
        ws.append(r)
    ws.merge_cells("B2:D2")
    ws.merge_cells("E2:G2")
    wb.save(tmp_path / "к.xlsx")
    res = pipeline.load_file(tmp_path / "к.xlsx", tmp_path / "к.duckdb", period="2024-Q3", region="50")
    assert res.status == "rejected"
    (e,) = [e for e in res.errors if e.rule == "columns_of_periods"]
    assert e.message.startswith("Один показатель за разные периоды в соседних столбцах (B — I квартал; C — II квартал")


def test_quarters_of_a_figure_side_by_side_are_periods_not_parts_of_a_whole(tmp_path):
    """(tester round t85) «Охвачено | I кв. | II кв. | III кв.» was refused as a figure broken down with no «всего»,
    advising to add the sum of the quarters — a wrong figure for coverage."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["Мониторинг готовности ОО г.о. Химки, 2024 год"],
              ["Наименование ОО", "Уровень", "Назначен ответственный", "План утверждён", "Педагогов-навигаторов",
               "Зарегистрирована на платформе «Билет в будущее»", "Обучающихся 6-11 кл.", "Охвачено, чел.", None, None],
              [None, None, None, None, None, None, None, "I кв.", "II кв.", "III кв."],
              ["МБОУ СОШ № 1", "базовый", "да", "да", 1, "да", 640, 600, 607, 611]]:
        ws.append(r)
    ws.merge_cells("H2:J2")
    wb.save(tmp_path / "к.xlsx")
    res = pipeline.load_file(tmp_path / "к.xlsx", tmp_path / "к.duckdb", period="2024-Q1", region="50")
    assert res.status == "rejected"
    assert [e.rule for e in res.errors] == ["columns_of_periods"], [e.message for e in res.errors]
    assert "H — I квартал; I — II квартал; J — III квартал" in res.errors[0].message


def test_monthly_sheets_of_a_readiness_form_are_refused_as_periods_not_as_repeated_schools(tmp_path):
    """(tester round t85) «Январь», «Февраль», «Март 2024» — snapshots of one quarter — were refused as eight
    «ОО повторяется» errors."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for month in ("январь", "февраль", "март"):
        ws = wb.create_sheet(month.capitalize())
        for r in [["Мониторинг готовности ОО г.о. Химки"], [f"{month} 2024 г."],
                  ["Наименование ОО", "Уровень", "Назначен ответственный", "План утверждён", "Педагогов-навигаторов",
                   "Зарегистрирована на платформе «Билет в будущее»", "Обучающихся 6-11 кл.", "Охвачено"],
                  ["МБОУ СОШ № 1", "базовый", "да", "да", 1, "да", 640, 600]]:
            ws.append(r)
    wb.save(tmp_path / "м.xlsx")
    res = pipeline.load_file(tmp_path / "м.xlsx", tmp_path / "м.duckdb", period="2024-Q1", region="50")
    assert res.status == "rejected"
    assert [e.message for e in res.errors] == ["В файле формы за разные периоды (лист «Январь» — январь 2024 г.; "
                                               "лист «Февраль» — февраль 2024 г.; лист «Март» — март 2024 г.)"]


def test_an_undated_quarters_events_never_replace_the_other_quarter_of_the_half_year(dbp, tmp_path):
    """(tester round t85) Сахалинская область: undated events «за III квартал», then «за IV квартал» — both the 2nd
    half-year — and the second replaced the first with only «заменены данные» said (dated rows were refused). By
    the titles' quarters now: refused; a correction of the same quarter replaces; over a form of the whole
    half-year, the last quarter's form is said to replace it."""
    header = ["Муниципалитет", "ОО", "Мероприятие", "Обучающиеся", "Родители", "Педагоги"]

    def form(name, title, students):
        return events(tmp_path / name, header, [["Холмский", "МАОУ СОШ № 1", "Профессиональные пробы", students, 0, 2],
                                                ["Холмский", "МАОУ СОШ № 2", "Экскурсии на предприятия", 20, 0, 1]],
                      title=title)

    assert pipeline.load_file(form("3кв.xlsx", "за III квартал 2023 года", 40), dbp).status == "loaded"
    res = pipeline.load_file(form("4кв.xlsx", "за IV квартал 2023 года", 60), dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "events_months_dropped" and e.message.startswith(
        "Форма мероприятий — за IV квартал 2023 г., а заменила бы загрузку № 1 (за III квартал 2023 г.)")
    res = pipeline.load_file(form("3кв_испр.xlsx", "за III квартал 2023 года", 45), dbp)
    assert res.status == "loaded" and not res.errors
    assert sql(dbp, "SELECT sum(students) FROM event_participation") == [(65,)]
    db2 = tmp_path / "2.duckdb"
    assert pipeline.load_file(form("2пол.xlsx", "за 2-е полугодие 2023 года", 70), db2).status == "loaded"
    res = pipeline.load_file(form("4кв_2.xlsx", "за IV квартал 2023 года", 60), db2)
    assert res.status == "loaded"
    assert [w.rule for w in res.warnings if w.rule == "events_quarter_over_half"] == ["events_quarter_over_half"]


def test_an_event_dated_by_its_month_in_one_form_and_by_its_day_in_the_next_is_said(dbp, tmp_path):
    """(tester round t85) «апрель 2024» in the I quarter's form (01.04.2024) and «03.04.2024» in the II quarter's:
    counted twice with no word — said (not refused: a school may hold one event twice in a month)."""
    q1 = events(tmp_path / "1кв.xlsx", HEADER, [
        ["Химки", "МБОУ СОШ № 1", "Мастер-класс «Профессии будущего»", "апрель 2024", 35, 0, 2],
        ["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "14.02.2024", 20, 0, 1]], title="за I квартал 2024 года")
    assert pipeline.load_file(q1, dbp).status == "loaded"
    q2 = events(tmp_path / "2кв.xlsx", HEADER, [
        ["Химки", "МБОУ СОШ № 1", "Мастер-класс «Профессии будущего»", "03.04.2024", 35, 0, 2]],
        title="за II квартал 2024 года")
    res = pipeline.load_file(q2, dbp)
    assert res.status == "loaded"
    (w,) = [w for w in res.warnings if w.rule == "event_maybe_counted"]
    assert w.message.startswith("Это мероприятие этой школы есть и в форме за I квартал 2024 г. (загрузка № 1) с "
                                "датой 01.04.2024")


@pytest.mark.parametrize("title, school", [
    # tester round t87: none of these was read — one school's form was stored as its municipality's
    ("Участие обучающихся МБОУ СОШ № 5 г.о. Жуковский в мероприятиях профминимума", "МБОУ СОШ № 5"),
    ("Отчёт МОУ Гимназия № 1 г.о. Жуковский о показателях эффективности профминимума", "МОУ Гимназия № 1"),
    ("Показатели эффективности реализации профминимума в МАОУ СОШ № 12а г.о. Жуковский", "МАОУ СОШ № 12а"),
    ("Показатели эффективности | Муниципальное бюджетное общеобразовательное учреждение «Средняя "
     "общеобразовательная школа № 5» г.о. Жуковский", "Муниципальное бюджетное общеобразовательное учреждение "
                                                      "«Средняя общеобразовательная школа № 5»"),
    ("Показатели эффективности за IV квартал 2024 года | Муниципалитет: г.о. Жуковский | Наименование ОО: МБОУ СОШ "
     "№ 5", "МБОУ СОШ № 5"),
    ("Показатели эффективности (г.о. Жуковский) | Школа: МБОУ СОШ № 5", "МБОУ СОШ № 5"),
    ("Показатели эффективности профминимума | ОО: МАОУ «СОШ № 13», г.о. Жуковский", "МАОУ «СОШ № 13»"),
    # a municipality's form: no school
    ("Показатели эффективности профминимума, г.о. Клин, III квартал 2023 г.", None),
    ("Школа профессий: мероприятия г.о. Химки за IV квартал 2023 г.", None),
])
def test_the_school_a_title_names_however_it_is_written(title, school):
    from etl.names import school_of_title

    assert school_of_title(title) == school


def test_one_schools_effectiveness_form_never_replaces_its_municipalitys(dbp, tmp_path):
    """Tester round t87: «Показатели эффективности … в МБОУ СОШ № 5 г.о. Жуковский» loaded as Жуковский's figures and
    replaced its municipal form (9 300 pupils → 610); the next school's form replaced that one (→ 540)."""
    head = ["Показатель", "Ед. изм.", "Значение"]

    def form(name, title, pupils, probes):
        return fx.form_xlsx(tmp_path / name, [title, "за IV квартал 2024 года"], head,
                            [["Численность обучающихся 6-11 классов", "чел.", pupils],
                             ["Обучающиеся, принявшие участие в профпробах", "чел.", probes]])

    whole = form("Жуковский.xlsx", "Показатели эффективности реализации профминимума, г.о. Жуковский", 9300, 2100)
    assert pipeline.load_file(whole, dbp, region="50").status == "loaded"
    one = form("СОШ5.xlsx", "Показатели эффективности реализации профминимума в МБОУ СОШ № 5 г.о. Жуковский", 610,
               120)
    res = pipeline.load_file(one, dbp, region="50")
    assert res.status == "rejected" and res.errors[0].message.startswith(
        "Форма одной ОО «МБОУ СОШ № 5» (Жуковский) заменила бы загруженную форму муниципалитета (загрузка № 1), с "
        "показателями муниципалитета в целом")
    assert sql(dbp, "SELECT value FROM effectiveness WHERE indicator_code = 'students_total'") == [(9300.0,)]
    other = tmp_path / "other.duckdb"  # two schools' own forms: the second never replaces the first
    assert pipeline.load_file(one, other, region="50").status == "loaded"
    assert sql(other, "SELECT DISTINCT school_name FROM effectiveness") == [("МБОУ СОШ № 5",)]
    res = pipeline.load_file(form("Гимн1.xlsx", "Отчёт МОУ Гимназия № 1 г.о. Жуковский о показателях эффективности",
                                  540, 95), other, region="50")
    assert res.status == "rejected" and "где есть и другие ОО: «МБОУ СОШ № 5»" in res.errors[0].message


def test_a_quarters_months_on_sheets_are_its_events_and_a_months_form_never_replaces_another_month(tmp_path):
    """Tester round t87: sheets «Январь», «Февраль», «Март» titled «… январь 2025 г.» were refused as «формы за разные
    периоды», with the advice to load each alone — then February's file replaced January's, March's February's:
    the quarter held March only (0 pupils for 72)."""
    header = ["Наименование ОО", "Мероприятие", "Дата", "Обучающиеся", "Родители", "Педагоги"]
    months = [("Январь", "январь", [["МОУ СОШ № 2", "Мастер-класс «Профессии в IT»", "24.01.2025", 35, 0, 2]]),
              ("Февраль", "февраль", [["МОУ СОШ № 2", "Профпробы", "12.02.2025", 22, 0, 1],
                                      ["МОУ СОШ № 4", "Профпробы", "19.02.2025", 15, 0, 1]]),
              ("Март", "март", [["МОУ СОШ № 4", "Родительское собрание", "14.03.2025", 0, 58, 3]])]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, month, rows in months:
        ws = wb.create_sheet(sheet)
        for r in [[f"Участие в мероприятиях профминимума, г.о. Солнечногорск, {month} 2025 г."], header, *rows]:
            ws.append(r)
    wb.save(tmp_path / "квартал.xlsx")
    res = pipeline.load_file(tmp_path / "квартал.xlsx", tmp_path / "q.duckdb", region="50")
    assert res.status == "loaded" and res.period == "2025-Q1", [e.message for e in res.errors]
    assert sql(tmp_path / "q.duckdb", "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") \
        == [(72, 58, 7)]
    db = tmp_path / "m.duckdb"  # a month a file: the second never replaces the first
    for k, (sheet, month, rows) in enumerate(months[:2]):
        path = fx.form_xlsx(tmp_path / f"{sheet}.xlsx", [f"Участие в мероприятиях профминимума, г.о. Солнечногорск, "
                                                        f"{month} 2025 г."], header, rows)
        res = pipeline.load_file(path, db, region="50")
        assert res.status == ("loaded" if k == 0 else "rejected"), [e.message for e in res.errors]
    assert res.errors[0].message.startswith("В файле мероприятия только за февраль 2025 г., а он заменил бы загрузку "
                                            "№ 1 за I квартал 2025 г. с 1 строкой за январь 2025 г.")
    assert sql(db, "SELECT sum(students) FROM event_participation") == [(35,)]


def test_an_undated_event_with_the_same_figures_in_another_quarter_is_said(dbp, tmp_path):
    """(tester round t85) «Неделя без турникетов» 40/0/3 with no date in the I and the II quarter's forms of one
    school: counted twice in the school year, nothing said. Said (a school may hold it every quarter)."""
    row = ["Химки", "МБОУ СОШ № 1", "Всероссийская акция «Неделя без турникетов»", None, 40, 0, 3]
    other = ["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", None, 12, 0, 1]
    first = pipeline.load_file(events(tmp_path / "1кв.xlsx", HEADER, [row, other], "за I квартал 2024 года"), dbp)
    assert first.status == "loaded", [e.message for e in first.errors]
    res = pipeline.load_file(events(tmp_path / "2кв.xlsx", HEADER, [row, other[:4] + [15, 0, 1]],
                                    "за II квартал 2024 года"), dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    (said,) = [w for w in res.warnings if w.rule == "event_undated_repeated"]
    assert said.row == 4 and said.message.startswith(
        "Мероприятие без даты с теми же числами участников этой школы есть и в форме за I квартал 2024 г.")


def test_participants_broken_down_by_grades_are_the_pupils(dbp, tmp_path):
    """(a fresh coordinator's form, 07.12.2026) «Участники (чел.)» over «всего | 6-7 кл. | 8-9 кл. | 10-11 кл.» beside
    «Родители» and «Педагоги» was refused as having no column of pupils: by grades, they are the pupils."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Отчёт об участии обучающихся ОО Рузского городского округа в мероприятиях профориентационного "
               "минимума за IV квартал 2024 года"])
    ws.append(["№", "Название мероприятия", "Сроки проведения", "Участники (чел.)", None, None, None,
               "Родители (законные представители), чел.", "Педагоги, чел."])
    ws.append([None, None, None, "всего", "6-7 кл.", "8-9 кл.", "10-11 кл.", None, None])
    for c in "ABCHI":
        ws.merge_cells(f"{c}2:{c}3")
    ws.merge_cells("D2:G2")
    ws.append([1, "Экскурсия на ООО «Рузское молоко»", "07.11.2024", 45, 0, 45, 0, 0, 3])
    ws.append([2, "Профессиональные пробы", "12.11.2024", 30, 0, 10, 20, 2, 2])
    path = tmp_path / "Руза.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [(75, 2, 5)]
    assert any("«Участники (чел.) | 6-7 кл.» — часть столбца «Участники (чел.) | всего»" in n for n in res.noted)


def test_a_sheet_named_for_classes_or_pupils_is_no_event(dbp, tmp_path):
    """(tester round t89) A form about profile classes loaded as events (the kind chosen by hand): its sheet
    «Профильные классы» became an event of 79 pupils. A sheet naming schools, pupils or classes is no event's name —
    the event column is asked for; «Классные часы» still is an event."""
    def form(sheet: str) -> Path:
        return fx.form_xlsx(tmp_path / f"{sheet}.xlsx", ["Сведения за I квартал 2025 года, г.о. Клин"],
                            ["ОО", "Кол-во обучающихся, чел."], [["МБОУ «Гимназия № 3»", 52], ["МБОУ Лицей № 7", 27]],
                            sheet=sheet)
    res = pipeline.load_file(form("Профильные классы"), dbp, kind="events")
    assert res.status == "rejected" and sql(dbp, "SELECT count(*) FROM event_participation") == [(0,)]
    res = pipeline.load_file(form("Классные часы"), dbp, kind="events")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT DISTINCT event_text FROM event_participation") == [("Классные часы",)]


def test_the_platforms_trials_are_the_federal_projects_not_the_municipal_ones(dbp, tmp_path):
    """(tester round t90) «Профпробы «Билет в будущее»» with no level column took the catalogue level of any trials,
    «муниципальный»: the project's trials are federal."""
    path = fx.form_xlsx(tmp_path / "Щелково.xlsx",
                        ["Участие в мероприятиях профминимума, г.о. Щёлково, I квартал 2024 г."],
                        ["Наименование ОО", "Мероприятие", "Дата", "Обучающиеся, чел."],
                        [["МБОУ СОШ № 1", "Профпробы «Билет в будущее»", "12.02.2024", 40],
                         ["МБОУ СОШ № 2", "Профессиональные пробы", "15.02.2024", 25]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT event, event_level FROM event_participation ORDER BY 1") == [
        ("Профессиональные пробы", "муниципальный"),
        ("Профессиональные пробы проекта «Билет в будущее»", "федеральный")]
