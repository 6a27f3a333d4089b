"""Forms an independent tester wrote in wordings the catalogue never saw (round of 05.12.2026): each either loads
every figure right or stops and says which column to map — never a count of events held read as people, a count
of classes read as pupils, whole percents read as pupils, a municipality read as the event, or a level, a deadline
left silently empty."""
from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from etl import db, pipeline
from tests.test_indicator_meaning import _book
from tests.test_structure import book


@pytest.fixture(autouse=True)
def _own_database(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITORING_DB", str(tmp_path / "own" / "m.duckdb"))


def rows(dbp, sql):
    with db.read_connection(dbp) as con:
        return con.execute(sql).fetchall()


EFF_TITLE = "Показатели эффективности профминимума, г.о. Лыткарино, III квартал 2023 г."


@pytest.mark.parametrize("held", ["Экскурсий на предприятия проведено (ед.)", "Проведено экскурсий на предприятия",
                                  "Организовано экскурсий на предприятия"])
def test_a_count_of_excursions_held_is_never_the_pupils_who_went(tmp_path, held):
    dbp = tmp_path / "m.duckdb"
    header = ["Наименование ОО", "Кол-во уч-ся 6-11 кл.", held, "Посетили экскурсии на предприятия, чел."]
    f = book(tmp_path / "f.xlsx", header, [["МОУ СОШ № 1", 640, 4, 120], ["МОУ СОШ № 2", 512, 3, 90]], EFF_TITLE,
             sheet="Лыткарино")
    res = pipeline.load_file(f, dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.column == f"C «{held}»" and "Показатель в столбце не распознан" in e.message
    # the analyst says it is not to be loaded: the pupils who went are the figure
    res = pipeline.load_file(f, dbp, overrides={held: "-"})
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT sum(value) FROM effectiveness WHERE indicator_code = 'excursions_done'") == [(210,)]


def test_courses_held_for_teachers_are_not_teachers_trained(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Кол-во уч-ся 6-11 кл.", "Проведено курсов ДПО для педагогов"],
             [["МОУ СОШ № 1", 640, 4], ["МОУ СОШ № 2", 512, 3]], EFF_TITLE, sheet="Лыткарино")
    for kind in ("effectiveness", None):  # (nor the teachers trained as navigators of a readiness form)
        res = pipeline.load_file(f, tmp_path / "m.duckdb", kind=kind)
        assert res.status == "rejected"
        assert [e.column for e in res.errors] == ["C «Проведено курсов ДПО для педагогов»"]


READY_TITLE = "Мониторинг готовности ОО г.о. Чехов к реализации профминимума, III квартал 2023 г."


@pytest.mark.parametrize("classes", ["Кол-во классов 6-11", "Число классов-комплектов 6-11 кл."])
@pytest.mark.parametrize("first", [True, False])
def test_a_count_of_classes_is_never_the_pupils(tmp_path, classes, first):
    pupils = "Кол-во обучающихся 6-11 кл."
    cols = [classes, pupils] if first else [pupils, classes]
    vals = {classes: (18, 22), pupils: (480, 590)}
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Уровень профминимума", "Ответственный", *cols,
                                   "Из них охвачено"],
             [["МОУ СОШ № 1", "базовый", "да", *(vals[c][0] for c in cols), 470],
              ["МОУ СОШ № 2", "основной", "да", *(vals[c][1] for c in cols), 590]], READY_TITLE, sheet="Чехов")
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT sum(students_total), sum(students_covered) FROM readiness") == [(1070, 1060)]


def test_whole_percents_under_a_coverage_header_are_not_pupils(tmp_path):
    header = ["Наименование ОО", "Уровень", "Ответственный", "Кол-во уч-ся 6-11 кл.", "Охват профминимумом"]
    f = book(tmp_path / "f.xlsx", header, [["МОУ СОШ № 1", "базовый", "да", 520, 100],
                                           ["МОУ СОШ № 2", "базовый", "да", 480, 95],
                                           ["МОУ СОШ № 3", "основной", "да", 610, 98]], READY_TITLE, sheet="Фрязино")
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "share_in_count_column" and e.column == "E «Охват профминимумом»"
    assert "доли или проценты (100, 95, 98 …)" in e.message
    # a count the header says is one loads, however small beside the totals
    g = book(tmp_path / "g.xlsx", [*header[:4], "Охвачено профминимумом, чел."],
             [["МОУ СОШ № 1", "базовый", "да", 520, 100], ["МОУ СОШ № 2", "базовый", "да", 480, 95]],
             READY_TITLE, sheet="Фрязино")
    assert pipeline.load_file(g, tmp_path / "m.duckdb").status == "loaded"
    # a small school's whole coverage under «Охват» is a count: no total runs into the hundreds
    h = book(tmp_path / "h.xlsx", header, [["МОУ ООШ с. Вал", "базовый", "да", 45, 45],
                                           ["МОУ ООШ с. Ныш", "базовый", "да", 38, 30]], READY_TITLE, sheet="Фрязино")
    assert pipeline.load_file(h, tmp_path / "m2.duckdb").status == "loaded"


EVENTS_TITLE = "Профориентационные мероприятия городского округа Серпухов за II квартал 2024 г."
EVENT_ROWS = [["Экскурсия на завод «Металлист»", "городской", "10.04.2024", 45, 0, 4],
              ["День открытых дверей в СПО", "областной", "20.04.2024", 120, 35, 6]]


def test_an_event_column_nobody_recognised_is_asked_for_not_replaced_by_the_sheets_municipality(tmp_path):
    header = ["Что проводилось", "Уровень", "Дата", "Обучающиеся", "Родители", "Педагоги"]
    f = book(tmp_path / "f.xlsx", header, EVENT_ROWS, EVENTS_TITLE, sheet="Серпухов")
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.column == "A «Что проводилось»" and "а столбца «мероприятие» в таблице нет" in e.message
    dbp = tmp_path / "m2.duckdb"
    g = book(tmp_path / "g.xlsx", ["Название профориентационной активности", *header[1:]], EVENT_ROWS,
             EVENTS_TITLE, sheet="Серпухов")
    assert pipeline.load_file(g, dbp).status == "loaded"
    assert rows(dbp, "SELECT event, municipality FROM event_participation ORDER BY event") == [
        ("День открытых дверей в СПО", "Серпухов"), ("Экскурсии на предприятия", "Серпухов")]


def test_an_event_level_column_is_read_by_its_words_or_asked_for(tmp_path):
    dbp = tmp_path / "m.duckdb"
    header = ["Мероприятие", "Масштаб (всероссийский / областной / городской)", "Дата", "Обучающиеся", "Родители",
              "Педагоги"]
    f = book(tmp_path / "f.xlsx", header, EVENT_ROWS, EVENTS_TITLE, sheet="Серпухов")
    assert pipeline.load_file(f, dbp).status == "loaded"
    assert rows(dbp, "SELECT event_level FROM event_participation ORDER BY students") == [("муниципальный",),
                                                                                          ("региональный",)]
    g = book(tmp_path / "g.xlsx", ["Мероприятие", "Ранг", *header[2:]], EVENT_ROWS, EVENTS_TITLE,
             sheet="Серпухов")
    res = pipeline.load_file(g, tmp_path / "m2.duckdb")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.column == "B «Ранг»" and "«уровень мероприятия»" in e.message
    assert "уровни мероприятий (2 из 2 значений)" in e.message


def test_a_roadmap_column_of_dates_nobody_recognised_is_asked_for_as_the_deadline(tmp_path):
    header = ["№ п/п", "Мероприятие", "Дата исполнения", "Ответственный исполнитель", "Отметка о выполнении"]
    items = [[1, "Назначить ответственных за профминимум", date(2023, 9, 14), "МОУО", "выполнено"],
             [2, "Провести родительские собрания", "27.08.2023", "ОО", "в работе"]]
    title = "Исполнение дорожной карты по профминимуму, Московская область, 2023/24 учебный год"
    f = book(tmp_path / "f.xlsx", header, items, title, sheet="Лист1")
    res = pipeline.load_file(f, tmp_path / "m.duckdb", kind="roadmap")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.column == "C «Дата исполнения»" and "а столбца «срок» в таблице нет" in e.message
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp, kind="roadmap", overrides={"Дата исполнения": "deadline_text"})
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT deadline FROM roadmap_items ORDER BY source_row") == [(date(2023, 9, 14),),
                                                                                  (date(2023, 8, 27),)]


def test_latin_look_alike_letters_surnames_and_abbreviations_load(tmp_path):
    """«Haименование OO» typed on a Latin layout, a bare surname as the responsible person, «утв.»/«не утв.»."""
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Haименование OO", "Уровень", "Ответственный", "План утв.",
                                   "Koл-вo oбучaющиxcя 6-11 клaccoв", "Из ниx oxвaчeнo"],
             [["МБОУ СОШ № 1", "базовый", "Ким", "утв.", 500, 450],
              ["МБОУ СОШ № 2", "основной", "Иванова", "не утв.", 300, 200]], READY_TITLE, sheet="Чехов")
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT school_name, responsible_appointed, plan_approved, students_total, students_covered "
                     "FROM readiness ORDER BY school_name") == [("МБОУ СОШ № 1", True, True, 500, 450),
                                                                 ("МБОУ СОШ № 2", True, False, 300, 200)]


def test_a_summary_sheet_beside_the_municipalitys_list_is_left_out_not_a_second_form(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Химки"
    for r in [["Готовность ОО к профминимуму, по состоянию на 25.12.2023"],
              ["Наименование ОО", "Уровень", "Ответственный", "Кол-во учащихся 6-11 кл.", "Охвачено"],
              ["МБОУ СОШ № 12", "базовый", "Фёдорова Т.А.", 800, 790], ["Итого", None, None, 800, 790]]:
        ws.append(r)
    sv = wb.create_sheet("Свод")
    for r in [["Свод"], ["Муниципалитет", "Кол-во учащихся 6-11 кл", "Охвачено"], ["Химки", 800, 790],
              ["Всего", 800, 790]]:
        sv.append(r)
    wb.save(tmp_path / "f.xlsx")
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(tmp_path / "f.xlsx", dbp)
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT count(*), sum(students_total) FROM readiness") == [(1, 800)]


def test_municipal_abbreviation_and_a_sole_trader_partner_are_read():
    from etl.normalize import parse_event_level, parse_partner_type

    assert parse_event_level("муницип.") == ("муниципальный", None)
    assert parse_partner_type("индивидуальный предприниматель") == ("индустриальный партнёр", None)
    assert parse_partner_type("ИП Петров А. А.") == ("индустриальный партнёр", None)


WIDE_TITLE = "Участие в профориентационных мероприятиях за IV квартал 2023 года"


def test_a_wide_events_form_with_its_sums_loads_the_participants_once(tmp_path):
    """«Всего участников» in one cell over both header rows, and «всего» inside each event's group, are sums of
    the columns loaded — never a question, never counted again."""
    dbp = tmp_path / "m.duckdb"
    f = _book(tmp_path / "f.xlsx", ["Муниципальное образование", "Фестиваль «Путь навыков»", None, None,
                                    "Родительское собрание", None, None, None, "Всего участников"],
              [["Химки", 1020, 900, 120, 835, 0, 800, 35, 1855], ["Клин", 910, 850, 60, 420, 0, 400, 20, 1330]],
              WIDE_TITLE, sub=[None, "всего", "обуч-ся", "родит.", "всего", "обуч-ся", "родит.", "педаг.", None],
              merges=("A3:A4", "B3:D3", "E3:H3", "I3:I4"))
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [
        (1750, 1380, 55)]


PUPILS_TITLE = "Участие обучающихся в профориентационных мероприятиях (чел.), г.о. Лобня, IV квартал 2023 г."


def test_an_events_grades_beside_its_total_are_parts_of_it(tmp_path):
    """Each event over «6 кл.» … «11 кл.» | «всего»: the event's figure is its «всего» (grades and total were all
    loaded as events of their own: 978 for 489)."""
    dbp = tmp_path / "m.duckdb"
    grades = ["6 кл.", "7 кл.", "8 кл.", "9 кл.", "10 кл.", "11 кл.", "всего"]
    f = _book(tmp_path / "f.xlsx", ["№", "Наименование ОО", "Профпробы на базе колледжа", *[None] * 6,
                                    "Всероссийский открытый урок «ПроеКТОриЯ»", *[None] * 6],
              [[1, "МБОУ СОШ № 1", 0, 0, 5, 8, 6, 4, "23 ", 30, 28, 25, 27, 20, 18, 148],
               [2, "МБОУ СОШ № 3", "-", "-", 4, "6", 2, "нет", 12, 22, 24, 20, 19, "15", "12 чел.", 112]],
              PUPILS_TITLE, sub=[None, None, *grades, *grades], merges=("A3:A4", "B3:B4", "C3:I3", "J3:P3"))
    res = pipeline.load_file(f, dbp, region="50")
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT count(DISTINCT event), sum(students) FROM event_participation") == [(2, 295)]
    assert rows(dbp, "SELECT sum(students) FROM event_participation GROUP BY event ORDER BY 1") == [(35,), (260,)]


def test_an_events_grades_with_no_total_are_added_up(tmp_path):
    """«6-7 | 8-9 | 10-11» under each event and no «всего»: each group is no event of its own (they loaded as «День
    открытых дверей | 6-7» …); grades apart are the event's pupils in parts — their sum, as a flat form's «8-9 |
    10-11» (a tester's round, 07.12.2026: the form was refused, then asked about with no answer that could load it);
    the sheet's report says so. Grades overlapping («6-9 | 8-11») stay a question."""
    dbp = tmp_path / "m.duckdb"
    head = ["№ п/п", "Наименование ОО", "Экскурсии на предприятия", None, None, "День открытых дверей в МФТИ", None,
            None]
    data = [[1, "МАОУ Лицей № 5", 25, 30, 12, 0, 14, 40], [2, "МБОУ СОШ № 9", 18, 22, "-", 0, 8, 21]]
    f = _book(tmp_path / "f.xlsx", head, data, PUPILS_TITLE, sub=[None, None, "6-7", "8-9", "10-11", "6-7", "8-9",
                                                                  "10-11"],
              merges=("A3:A4", "B3:B4", "C3:E3", "F3:H3"))
    res = pipeline.load_file(f, dbp, region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert rows(dbp, "SELECT school_name, event, students FROM event_participation ORDER BY 1, 2") == [
        ("МАОУ Лицей № 5", "День открытых дверей в МФТИ", 54), ("МАОУ Лицей № 5", "Экскурсии на предприятия", 67),
        ("МБОУ СОШ № 9", "День открытых дверей в МФТИ", 29), ("МБОУ СОШ № 9", "Экскурсии на предприятия", 40)]
    p = pipeline.prepare(f, region="50")
    assert "сумма столбцов по классам" in p.sheets[0].why["students"]
    assert "C «Экскурсии на предприятия | 6-7» + D «Экскурсии на предприятия | 8-9»" in p.sheets[0].matched["students"]
    over = _book(tmp_path / "o.xlsx", head, data, PUPILS_TITLE, sub=[None, None, "6-9", "8-11", "10-11", "6-7", "8-9",
                                                                    "10-11"],
                 merges=("A3:A4", "B3:B4", "C3:E3", "F3:H3"))
    res = pipeline.load_file(over, tmp_path / "o.duckdb", region="50")
    assert res.status == "rejected"
    assert [(e.rule, e.column) for e in res.errors] == [
        ("breakdown_without_total", "C «Экскурсии на предприятия | 6-9»"),
        ("breakdown_without_total", "F «День открытых дверей в МФТИ | 6-7»")]
    # overlapping grades beside an event of one column loaded each grade column as the event: 8–9 counted twice
    alone = _book(tmp_path / "a.xlsx", head[:6], [r[:5] + [54] for r in data], PUPILS_TITLE,
                  sub=[None, None, "6-9", "8-11", "10-11", None], merges=("A3:A4", "B3:B4", "C3:E3", "F3:F4"))
    res = pipeline.load_file(alone, tmp_path / "a.duckdb", region="50")
    assert res.status == "rejected" and [e.rule for e in res.errors] == ["breakdown_without_total"]


def test_an_events_grades_beside_its_parents_and_teachers_are_added_up(tmp_path):
    """A tester's form (07.12.2026): «Профпробы» over «6-9 кл. | 10-11 кл. | родители | педагоги» — read as an
    effectiveness form and refused, with --kind events every grade column asked about."""
    dbp = tmp_path / "m.duckdb"
    f = _book(tmp_path / "f.xlsx", ["ОО", "Профпробы", None, None, None, "Экскурсии на предприятия", None, None, None],
              [["МБОУ СОШ № 5", 30, 12, 0, 2, 25, 0, 3, 2], ["МБОУ СОШ № 9", 14, 6, 0, 1, 18, 10, 0, 2]],
              "г.о. Мытищи — участие в профориентационных мероприятиях, IV квартал 2023 г.",
              sub=[None, "6-9 кл.", "10-11 кл.", "родители", "педагоги", "6-9 кл.", "10-11 кл.", "родители",
                   "педагоги"], merges=("A3:A4", "B3:E3", "F3:I3"))
    res = pipeline.load_file(f, dbp, region="50")
    assert res.status == "loaded" and res.kind == "events", [e.message for e in res.errors]
    assert rows(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [(115, 3, 7)]


def test_an_events_grades_add_up_to_the_forms_own_total(tmp_path):
    """Tester round t75 (07.12.2026): «Всего» beside events split by grades was said «не равен сумме загружаемых
    столбцов (… | 6-7 кл., … ) — 222 в столбце, 77 по мероприятиям»: only each event's first grade column was summed."""
    head = ["ОО", "Ярмарка профессий", None, "Экскурсии на предприятия", None, "Всего"]
    sub = [None, "6-9 кл.", "10-11 кл.", "6-9 кл.", "10-11 кл.", None]
    data = [["МБОУ СОШ № 1", 40, 30, 25, 10, 105], ["МБОУ СОШ № 2", 22, 18, 15, 12, 67]]
    title = "Участие обучающихся в профориентационных мероприятиях (чел.), г.о. Мытищи, IV квартал 2023 г."
    merges = ("A3:A4", "B3:C3", "D3:E3", "F3:F4")
    res = pipeline.load_file(_book(tmp_path / "f.xlsx", head, data, title, sub=sub, merges=merges),
                             tmp_path / "m.duckdb", region="50")
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "wide_total_differs"]
    data[1][5] = 70  # a row's «Всего» off by three: said, with both sums
    res = pipeline.load_file(_book(tmp_path / "g.xlsx", head, data, title, sub=sub, merges=merges),
                             tmp_path / "n.duckdb", region="50")
    (w,) = [w for w in res.warnings if w.rule == "wide_total_differs"]
    assert w.row == 6 and "70 в столбце, 67 по мероприятиям" in w.message


def test_events_under_a_group_header_counting_participants(tmp_path):
    """«Число участников мероприятий, чел.» merged over a column per event: each column is its event (the form was
    taken for a readiness form and refused; with --kind events the hints mapped the course to «родители»)."""
    dbp = tmp_path / "m.duckdb"
    f = _book(tmp_path / "f.xlsx", ["№ п/п", "Наименование ОО", "Число участников мероприятий, чел.", None, None,
                                    "Всего участий"],
              [[1, "МБОУ СОШ № 1", 45, 120, "1\xa0204", 1369], [2, "МБОУ Лицей № 8", "12 чел.", 60, 850, 922],
               [None, "Итого", 57, 180, 2054, 2291]],
              "Сведения об участии обучающихся 6–11 классов в профориентационных мероприятиях, г.о. Химки, "
              "IV квартал 2023 г.",
              sub=[None, None, "Профессиональные пробы в рамках проекта «Билет в будущее»",
                   "Экскурсии на предприятия г.о. Химки", "Курс внеурочной деятельности «Россия — мои горизонты»",
                   None],
              merges=("A3:A4", "B3:B4", "C3:E3", "F3:F4"))
    res = pipeline.load_file(f, dbp, region="50")
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT DISTINCT municipality FROM event_participation") == [("Химки",)]
    assert rows(dbp, "SELECT sum(students) FROM event_participation GROUP BY event ORDER BY 1") == [
        (57,), (180,), (2054,)]
    # what the upload page lists as matched: the events' columns, not the school's alone
    assert pipeline.prepare(f, region="50").sheets[0].matched["event"].startswith(
        "по столбцам (3): C «Число участников мероприятий, чел. | Профессиональные пробы")


def test_a_row_of_the_events_dates_under_their_names(tmp_path):
    """«дата проведения» | 15.11.2023 | «октябрь 2023» | «08.12.2023» under the events' names: their dates, not a
    record (the form was refused with «Нет обязательного столбца «мероприятие»»)."""
    dbp = tmp_path / "m.duckdb"
    f = _book(tmp_path / "f.xlsx", ["№", "Наименование ОО", "Профпроба «Билет в будущее»",
                                    "Экскурсия на предприятие АО «Мытищинский приборостроительный завод»",
                                    "Всероссийское родительское собрание"],
              [[None, "дата проведения", date(2023, 11, 15), "октябрь 2023", "08.12.2023"],
               [1, "МБОУ СОШ № 1", 12, 25, 40], [2, "МБОУ СОШ № 5", 8, "1\xa0020", 33], [None, "Итого", 20, 1045, 73]],
              "Участие обучающихся в профориентационных мероприятиях (чел.), г.о. Мытищи, IV квартал 2023 г.")
    # (a parents' meeting under a title of pupils — whose figure is it? asked: tester round t90)
    res = pipeline.load_file(f, dbp, region="50")
    assert res.status == "rejected" and res.errors[0].column == "E «Всероссийское родительское собрание»"
    res = pipeline.load_file(f, dbp, region="50", overrides={"Всероссийское родительское собрание": "students"})
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT event_date, sum(students) FROM event_participation GROUP BY 1 ORDER BY 1") == [
        (date(2023, 10, 1), 1045), (date(2023, 11, 15), 20), (date(2023, 12, 8), 73)]


def test_nobody_written_as_no_in_a_wide_events_form_is_zero(tmp_path):
    """«нет» among the numbers of two event columns (a count of nobody): zero, and the columns are still events (the
    form was read as of no event column at all and refused with «Нет обязательного столбца «мероприятие»»)."""
    dbp = tmp_path / "m.duckdb"
    f = _book(tmp_path / "f.xlsx", ["№ п/п", "Наименование ОО", "Экскурсии на предприятия",
                                    "День открытых дверей в МФТИ", "Шоу профессий"],
              [[1, "МАОУ Лицей № 5", 25, 30, 12], [2, "МБОУ СОШ № 9", 18, "нет", 4],
               [3, "МБОУ СОШ № 7", 18, 14, "нет"]], PUPILS_TITLE)
    res = pipeline.load_file(f, dbp, region="50")
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT sum(students) FROM event_participation GROUP BY event ORDER BY 1") == [
        (16,), (44,), (61,)]


def test_an_excursion_column_under_a_title_naming_the_participants_is_an_event(tmp_path):
    dbp = tmp_path / "m.duckdb"
    f = _book(tmp_path / "f.xlsx", ["Муниципальное образование", "Всероссийская акция «Неделя без турникетов»",
                                    "Профпробы на базе СПО", "Экскурсии на предприятия", "Итого"],
              [["Корсаковский ГО", 120, 80, 60, 260], ["Холмский ГО", 90, 40, 35, 165]],
              "Участие обучающихся в профориентационных мероприятиях (чел.) за 2-е полугодие 2023 года")
    res = pipeline.load_file(f, dbp, region="65")
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT count(DISTINCT event), sum(students) FROM event_participation") == [(3, 425)]


def test_headers_with_a_typing_slip_are_read_as_meant(tmp_path):
    """«Наименавание», «Ответсвенный», «Колличество», «Охваченно»: the dictionary word one slip away, when only
    one word of the lexicon is."""
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Наименавание ОО", "Уровень", "Ответсвенный назначен (ФИО)",
                                   "Колличество обучающихся 6-11 кл.", "Охваченно профминимумом"],
             [["МБОУ СОШ № 1", "базовый", "Ким Е. С.", 500, 450], ["МБОУ СОШ № 2", "основной", "нет", 300, 200]],
             READY_TITLE, sheet="Чехов")
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT school_name, responsible_appointed, students_total, students_covered FROM readiness "
                     "ORDER BY school_name") == [("МБОУ СОШ № 1", True, 500, 450), ("МБОУ СОШ № 2", False, 300, 200)]


def test_a_roadmap_keeps_what_the_executor_wrote_beside_the_status(tmp_path):
    """«Выполнено частично: обучено 98 педагогов» counts as «в работе»; the words themselves stay with the item."""
    dbp = tmp_path / "m.duckdb"
    header = ["№ п/п", "Мероприятие", "Срок", "Ответственный исполнитель", "Отметка о выполнении"]
    items = [[1, "Назначить ответственных за профминимум", "до 14.09.2023", "МОУО", "Выполнено"],
             [2, "Обучить педагогов-навигаторов", "декабрь 2023 г.", "ОО", "Выполнено частично: обучено 98 педагогов"]]
    f = book(tmp_path / "f.xlsx", header, items,
             "Исполнение дорожной карты по профминимуму, Московская область, 2023/24 учебный год", sheet="Лист1")
    assert pipeline.load_file(f, dbp, kind="roadmap").status == "loaded"
    assert rows(dbp, "SELECT status, status_text FROM roadmap_items ORDER BY source_row") == [
        ("выполнено", "Выполнено"), ("в работе", "Выполнено частично: обучено 98 педагогов")]


def test_an_event_keeps_the_name_the_form_gives_it_beside_the_catalogues(tmp_path):
    dbp = tmp_path / "m.duckdb"
    header = ["Мероприятие", "Уровень", "Дата", "Обучающиеся", "Родители", "Педагоги"]
    f = book(tmp_path / "f.xlsx", header, [["Профпробы в ГБПОУ МО «Дмитровский техникум»", "региональный",
                                            "10.04.2024", 45, 0, 4]], EVENTS_TITLE, sheet="Серпухов")
    assert pipeline.load_file(f, dbp).status == "loaded"
    ((event, text),) = rows(dbp, "SELECT event, event_text FROM event_participation")
    assert text == "Профпробы в ГБПОУ МО «Дмитровский техникум»" and event != text  # grouped by the catalogue's


# --- round of 05.12.2026, second tester: agreements, events, effectiveness -------------------------------------

def test_teachers_trained_under_the_programme_are_teachers_not_pupils_covered(tmp_path):
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Муниципальное образование", "Кол-во уч-ся 6-11 кл.",
                                   "Повысили квалификацию по программе профминимума (не менее 36 ч), чел.",
                                   "Прошли КПК по профминимуму (36 ч), чел."],
             [["Холмский", 2100, 14, 3], ["Корсаковский", 2400, 2, 1]],
             "Показатели эффективности профминимума за 2-е полугодие 2023 года", sheet="Лист1")
    res = pipeline.load_file(f, dbp, region="65", kind="effectiveness")
    assert res.status == "rejected" or rows(dbp, "SELECT count(*) FROM effectiveness WHERE indicator_code = "
                                                  "'students_covered'") == [(0,)]
    g = book(tmp_path / "g.xlsx", ["Муниципальное образование", "Кол-во уч-ся 6-11 кл.",
                                   "Повысили квалификацию по программе профминимума, чел."],
             [["Холмский", 2100, 14], ["Корсаковский", 2400, 2]],
             "Показатели эффективности профминимума за 2-е полугодие 2023 года", sheet="Лист1")
    assert pipeline.load_file(g, tmp_path / "g.duckdb", region="65").status == "loaded"
    assert rows(tmp_path / "g.duckdb", "SELECT indicator_code, sum(value) FROM effectiveness GROUP BY 1 ORDER BY 1") \
        == [("students_total", 4500), ("teachers_dpo", 16)]


AGR_TITLE = "Договоры о сетевом взаимодействии ОО Наро-Фоминского городского округа, IV квартал 2023 г."


@pytest.mark.parametrize("header, yes, no", [("Действует (да/нет)", "да", "нет"), ("Действует", "да", "нет"),
                                             ("Договор действующий (+/-)", "+", "-")])
def test_an_agreement_marked_not_in_force_is_not_loaded(tmp_path, header, yes, no):
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Партнёр", "Тип партнёра", "Дата договора", header],
             [["МБОУ СОШ № 1", "ФГБОУ ВО «РГАУ-МСХА имени К. А. Тимирязева»", "ВУЗ", "01.09.2023", no],
              ["МБОУ СОШ № 1", "ГБПОУ МО «Наро-Фоминский техникум»", "СПО", "05.09.2023", yes]],
             AGR_TITLE, sheet="Наро-Фоминский")
    assert pipeline.load_file(f, dbp).status == "loaded"
    assert rows(dbp, "SELECT partner_type FROM agreements") == [("СПО",)]


@pytest.mark.parametrize("header", ["Срок действия соглашения", "Период действия договора"])
def test_a_validity_in_one_cell_gives_the_agreements_date(tmp_path, header):
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Партнёр", "Тип партнёра", header],
             [["МБОУ СОШ № 1", "ГБПОУ МО «Наро-Фоминский техникум»", "СПО", "01.09.2023 – 31.08.2024"],
              ["МБОУ СОШ № 2", "АО «Кварц»", "предприятие", "с 15.10.2023 бессрочно"]], AGR_TITLE,
             sheet="Наро-Фоминский")
    assert pipeline.load_file(f, dbp).status == "loaded"
    assert rows(dbp, "SELECT signed_on FROM agreements ORDER BY source_row") == [(date(2023, 9, 1),),
                                                                                (date(2023, 10, 15),)]


def test_a_period_of_an_event_and_date_ranges_give_its_first_day(tmp_path):
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Мероприятие", "Период проведения", "Уровень", "Обучающиеся"],
             [["Неделя без турникетов", "с 24 по 26 октября 2023 г.", "федеральный", 45],
              ["Профпробы в колледже", "20–24.11.2023", "всеросс.", 30],
              ["Экскурсия на завод", "20.11.2023–24.11.2023", "муниц.", 25]], EVENTS_TITLE.replace(
                 "II квартал 2024", "IV квартал 2023"), sheet="Серпухов")
    assert pipeline.load_file(f, dbp).status == "loaded"
    assert rows(dbp, "SELECT event_date, event_level FROM event_participation ORDER BY source_row") == [
        (date(2023, 10, 24), "федеральный"), (date(2023, 11, 20), "федеральный"),
        (date(2023, 11, 20), "муниципальный")]


def test_a_bare_category_column_with_groups_of_participants_splits_the_counts(tmp_path):
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Мероприятие", "Дата проведения", "Уровень", "ОО", "Категория", "Кол-во, чел."],
             [["Неделя без турникетов", "09.10.2023", "федеральный", "МБОУ СОШ № 1", "школьники 8-11 кл.", 45],
              ["Неделя без турникетов", "09.10.2023", "федеральный", "МБОУ СОШ № 1", "классные руководители", 3],
              ["Родительский всеобуч", "18.10.2023", "муниципальный", "МБОУ СОШ № 1", "законные представители", 60]],
             EVENTS_TITLE, sheet="Серпухов")
    assert pipeline.load_file(f, dbp).status == "loaded"
    assert rows(dbp, "SELECT sum(students), sum(parents), sum(teachers) FROM event_participation") == [(45, 60, 3)]


@pytest.mark.parametrize("total", ["Общее число участников", "Итого участников"])
def test_a_wide_events_forms_general_total_is_a_sum_not_an_event(tmp_path, total):
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["ОО", "Урок «Шоу профессий»", "Профпробы в техникуме", total],
             [["МБОУ СОШ № 3", 200, 25, 225], ["МБОУ Лицей № 1", 150, 30, 180]],
             "Участие обучающихся в профориентационных мероприятиях, г.о. Балашиха за I квартал 2024 года",
             sheet="Балашиха")
    assert pipeline.load_file(f, dbp).status == "loaded"
    assert rows(dbp, "SELECT count(DISTINCT event), sum(students) FROM event_participation") == [(2, 405)]


def test_a_second_table_under_the_first_on_one_sheet_is_never_dropped_without_a_word(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клин"
    for r in [["Показатели эффективности профминимума, г.о. Клин, I квартал 2024 года"],
              ["ОО", "Обучающихся 6–11 кл.", "Прошли профдиагностику, чел."], ["МОУ СОШ № 1 г. Клин", 600, 450],
              ["МОУ Лицей № 10", 520, 400], [], ["Мероприятие", "Дата", "Обучающиеся"],
              ["Неделя без турникетов", "12.02.2024", 80],
              ["Профпробы в ГБПОУ МО «Клинский техникум»", "20.02.2024", 35]]:
        ws.append(r)
    wb.save(tmp_path / "f.xlsx")
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(tmp_path / "f.xlsx", dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "other_table_below" and "строка 6: «Мероприятие», «Дата», «Обучающиеся»" in e.message
    assert rows(dbp, "SELECT count(*) FROM effectiveness") == [(0,)]


def test_a_summary_by_level_under_the_schools_is_named_as_a_second_table(tmp_path):
    """«Сводная информация по уровням» under a readiness form («Уровень | Количество ОО | Численность …»): refused
    naming that table — its rows were read as schools («Неизвестное муниципальное образование: «основной»»)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [["Мониторинг готовности ОО к реализации профминимума за I квартал 2024 года"],
              ["№ п/п", "Муниципальное образование", "Наименование ОО", "ИНН", "Уровень реализации профминимума",
               "Численность обучающихся 6-11 классов, чел.", "из них охвачено профминимумом, чел."],
              [1, "Химки", "МБОУ СОШ № 1", "5047011111", "базовый", 1234, 1100],
              [2, "Химки", "МАОУ Лицей № 10", "5047011110", "продвинутый", 1510, 1510],
              [3, "Мытищи", "МБОУ СОШ № 2", "5029022222", "базовый", 640, 500], [], [],
              [None, "Сводная информация по уровням профминимума"],
              [None, "Уровень", "Количество ОО", "Численность обучающихся 6-11 классов, чел."],
              [None, "базовый", 2, 1874], [None, "продвинутый", 1, 1510], [None, "Всего", 3, 3384]]:
        ws.append(r)
    wb.save(tmp_path / "f.xlsx")
    res = pipeline.load_file(tmp_path / "f.xlsx", tmp_path / "m.duckdb")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "other_table_below"
    assert "строка 9: «Уровень», «Количество ОО», «Численность обучающихся 6-11 классов, чел.»" in e.message


def test_a_summary_sheet_without_a_header_is_left_out_as_a_summary(tmp_path):
    """«Свод» beside the municipalities' sheets, its figures under no header the reader knows: «сводный лист», as
    any summary sheet (not «на листе не найдена таблица»)."""
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Тип партнёра", "Наименование партнёра", "№ договора",
                                   "Дата договора"], [["МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "15", "01.09.2023"]],
             AGR_TITLE, sheet="Реутов")
    wb = openpyxl.load_workbook(f)
    ws = wb.create_sheet("Свод")
    for r in (["Итого по округам"], ["Реутов", 1], ["Котельники", 0]):
        ws.append(r)
    wb.save(f)
    p = pipeline.prepare(f, region="50")
    assert [(s.sheet, s.reason) for s in p.sheets if not s.used] == [
        ("Свод", "сводный лист: повторяет итоги других листов, не загружается")]


@pytest.mark.parametrize("header", ["Наименование ВУЗа, ПОО, предприятия", "Наименование колледжа / вуза"])
def test_the_name_of_a_kind_of_partner_is_the_partners_name(tmp_path, header):
    """«Наименование ВУЗа, ПОО, предприятия» names the partner (the form was refused as of no known kind)."""
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Тип партнёра", header, "№ договора", "Дата договора"],
             [["МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "15", "01.09.2023"],
              ["МБОУ СОШ № 2", "предприятие", "АО «Реутовский завод»", "7", "12.10.2023"]],
             AGR_TITLE, sheet="Реутов")
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT partner_name, partner_type FROM agreements ORDER BY source_row") == [
        ("ФГБОУ ВО «МАИ»", "ВУЗ"), ("АО «Реутовский завод»", "индустриальный партнёр")]


@pytest.mark.parametrize("header", ["Партнёр (наименование, реквизиты договора)",
                                    "Наименование организации-партнёра, реквизиты соглашения"])
def test_the_partner_and_its_agreement_in_one_column(tmp_path, header):
    """«МГТУ им. Н.Э. Баумана, договор № 15 от 01.09.2023»: the partner is the name, not the whole cell (a partner
    counted once per contract), and the agreement's number and date come from the same cell."""
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", header],
             [["МБОУ СОШ № 1", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана», договор № 15 от 01.09.2023"],
              ["МБОУ СОШ № 2", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана» (соглашение № 7/23 от 12.10.2023)"],
              ["МБОУ СОШ № 3", "АО «Договор-Сервис» – дог. № 112 от 05.02.2024"],
              ["МБОУ СОШ № 4", "ГБПОУ МО «Наро-Фоминский техникум»"]], AGR_TITLE, sheet="Наро-Фоминский")
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert rows(dbp, "SELECT partner_name, partner_type, agreement_no, signed_on FROM agreements ORDER BY source_row") \
        == [("ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "ВУЗ", "15", date(2023, 9, 1)),
            ("ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "ВУЗ", "7/23", date(2023, 10, 12)),
            ("АО «Договор-Сервис»", "индустриальный партнёр", "112", date(2024, 2, 5)),
            ("ГБПОУ МО «Наро-Фоминский техникум»", "СПО", None, None)]
    assert rows(dbp, "SELECT count(DISTINCT partner_name) FROM agreements") == [(3,)]


def test_a_position_named_as_the_responsible_person_means_one_is_appointed(tmp_path):
    """«зам. директора Петрова», «заместитель директора по УВР» in the responsible column: someone is named — «да»,
    not a cell error; «не назначен» stays «нет»."""
    dbp = tmp_path / "m.duckdb"
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Уровень", "Ответственный за профминимум", "Обучающихся 6-11 кл.",
                                   "Из них охвачено"],
             [["МБОУ СОШ № 1", "базовый", "зам. директора Петрова", 500, 450],
              ["МБОУ СОШ № 2", "основной", "заместитель директора по УВР", 300, 200],
              ["МБОУ СОШ № 3", "базовый", "советник директора по воспитанию", 200, 150],
              ["МБОУ СОШ № 4", "базовый", "не назначен", 100, 90]], READY_TITLE, sheet="Чехов")
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert not [e for e in res.errors if "да" in e.message]
    assert rows(dbp, "SELECT responsible_appointed FROM readiness ORDER BY school_name") == [(True,), (True,), (True,),
                                                                                            (False,)]


def test_a_header_typed_over_two_rows_cell_by_cell(tmp_path):
    """«Уровень» over «профминимума», «Ответственный» over «назначен», «План» over «утвержден», no merge: one header
    of two rows (only the lower one was read: «профминимума», «назначен» — asked about, the file stopped)."""
    from tests import _upload_fixtures as fx

    f = fx.form_xlsx(tmp_path / "Одинцовский_готовность_1кв2025.xlsx",
                     ["Одинцовский г.о. — готовность ОО к реализации профминимума, I квартал 2025 г."],
                     ["№", "Наименование", "Уровень", "Ответственный", "План", "Кол-во", "Кол-во"],
                     [["п/п", "ОО", "профминимума", "назначен", "утвержден", "обучающихся 6-11 кл.",
                       "охваченных профминимумом"],
                      [1, "МАОУ «Лицей № 4»", "основной", "да", "да", 351, 325],
                      [2, "МАОУ «Лицей № 26»", "продвинутый", "да", "нет", 1053, 1034]])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.message for e in p.errors]
    assert p.columns["level"] == ["основной", "продвинутый"] and p.columns["plan_approved"] == [True, False]
    assert p.columns["responsible_appointed"] == [True, True] and p.columns["students_covered"] == [325, 1034]


def test_a_plan_under_a_group_of_answers_is_the_plan_approved(tmp_path):
    """«Готовность (да/нет)» over «ответственный | план | БвБ»: «план» of «да»/«нет» is the plan approved, not a
    planned figure (it was «not recognised» and every school's plan lost)."""
    from tests import _upload_fixtures as fx

    f = fx.form_xlsx(tmp_path / "Клин_готовность_01.04.2024.xlsx",
                     ["Информация о готовности ОО г.о. Клин к реализации профминимума по состоянию на 01.04.2024"],
                     ["№ п/п", "Наименование ОО", "Обучающихся 6-11 кл.", "Готовность (да/нет)", None, None],
                     [[None, None, None, "ответственный", "план", "БвБ"],
                      [1, "МОУ СОШ № 7", 546, "да", "да", "нет"], [2, "МАОУ СОШ № 17", 348, "да", "нет", "да"]])
    p = pipeline.prepare(f)
    assert p.errors == [] and p.columns["plan_approved"] == [True, False]
    assert p.columns["bvb_registered"] == [False, True]


def test_surnames_the_dictionary_does_not_know_name_the_responsible_too(tmp_path):
    """«Ким», «Иванова» are read as «назначен»; «Пак», «Хван» beside them were «Ожидается «да» или «нет»» and the
    file stopped — in a column of names they are names as well."""
    from tests import _upload_fixtures as fx

    f = fx.form_xlsx(tmp_path / "Корсаковский_готовность_2пол2024.xlsx",
                     ["Готовность ОО Корсаковского городского округа за 2 полугодие 2024 г."],
                     ["ОО", "Ответственный", "Обучающихся 6-11 кл.", "Охвачено профминимумом"],
                     [["МАОУ СОШ № 5", "Ким", 77, 72], ["МБОУ СОШ с. Шахтёрск", "Пак", 93, 90],
                      ["МБОУ СОШ с. Огоньки", "Иванова", 65, 61], ["МБОУ СОШ с. Соловьёвка", "Хван", 76, 75]])
    p = pipeline.prepare(f, region="65")
    assert p.errors == [] and p.columns["responsible_appointed"] == [True] * 4


def test_an_orders_number_under_a_header_naming_it_is_the_responsible_appointed(tmp_path):
    """«№ приказа о назначении ответственного» holding 47, 54: each number is the order — «назначен» (the column was
    asked about and, mapped by hand, every row failed «Ожидается «да» или «нет»»)."""
    from tests import _upload_fixtures as fx

    f = fx.form_xlsx(tmp_path / "Подольск_готовность_1кв2024.xlsx",
                     ["Готовность ОО г.о. Подольск к реализации профминимума, I квартал 2024 г."],
                     ["ОО", "№ приказа о назначении ответственного", "Обучающихся 6-11 кл.", "Охвачено профминимумом"],
                     [["МБОУ СОШ № 11", 47, 1032, 1021], ["МАОУ СОШ № 23", "54", 318, 310],
                      ["МБОУ СОШ № 2", None, 500, 480]])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.message for e in p.errors]
    assert p.columns["responsible_appointed"] == [True, True, None]
