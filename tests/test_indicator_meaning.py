"""Effectiveness indicators read by meaning, as the form fields are: a coordinator's own wordings
(«уч-ся», «кол-во», «профпробы», «тестирование «Мои ориентиры»») are recognised through the abbreviations and the
lexicon (data/reference/indicators.csv: requires / excludes / prefers), and a column of numbers in a wide
effectiveness form that names no indicator stops the file with a --map hint instead of loading without it."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import _upload_fixtures as fx
from etl import catalogue, db, pipeline
from etl.__main__ import main, parse_maps


@pytest.fixture(autouse=True)
def _own_database(tmp_path, monkeypatch):
    """What an analyst confirms (learned mappings) is kept beside this test's database, never shared."""
    monkeypatch.setenv("MONITORING_DB", str(tmp_path / "own" / "m.duckdb"))


@pytest.fixture(scope="module")
def cat():
    return catalogue.catalogue()


@pytest.mark.parametrize("text, code", [
    # wordings that are in no list of names or synonyms
    ("Всего уч-ся 6-11 кл.", "students_total"),
    ("Кол-во уч-ся, принявших участие в профпробах", "probes_done"),
    ("Прошли тестирование «Мои ориентиры», чел.", "orientiry_passed"),
    ("Численность обучающихся, посетивших экскурсии", "excursions_done"),
    ("Кол-во педагогов, прошедших КПК по профориентации", "teachers_dpo"),
    ("Педагоги, прошедшие инструктаж", "teachers_briefed"),
    ("Число проведённых занятий «Россия – мои горизонты»", "rmg_lessons"),
    ("Из них прошли профдиагностику", "diagnostics_done"),
    ("Число родителей, участвовавших в профориентационных мероприятиях", "parents_involved"),
    ("Высокий уровень готовности, чел.", "orientiry_high"),
    ("Средний уровень, чел.", "orientiry_medium"),
    ("Низкий уровень, чел.", "orientiry_low"),
    # a share of a count read by meaning is the share, never the count
    ("Доля уч-ся, прошедших профпробы", "probes_share"),
    # not an indicator, or not one figure: never guessed
    ("Не прошли профпробы", None),
    ("Прошли профпробы и экскурсии", None),
    ("Кол-во мастер-классов", None),
    # what was held is not who took part: a count of people only when the header names them
    ("Проведено экскурсий на предприятия", None),
    ("Экскурсий на предприятия проведено (ед.)", None),
    ("Организовано экскурсий для обучающихся", None),
    ("Проведено курсов ДПО для педагогов", None),
    ("Обучающиеся, посетившие экскурсии, проведённые на предприятиях", "excursions_done"),
    ("Педагоги, прошедшие курсы ДПО, проведённые ИРО", "teachers_dpo"),
    ("Проведено занятий «Россия — мои горизонты»", "rmg_lessons"),  # (a count of lessons: held is what it counts)
    ("Наименование ОО", None),
    ("Количество родителей", None),
    # a course shorter than the indicator's «не менее 36 ч» is another figure; so are participations («раз»)
    ("Количество педагогов, прошедших обучение по программе «Основы профориентационной работы» (16 ч.)", None),
    ("Педагоги, прошедшие КПК по профориентации (16 ак. ч)", None),
    ("Педагоги, прошедшие курсы ДПО по профориентации (72 часа)", "teachers_dpo"),
    ("Педагоги, прошедшие обучение по программам ДПО (не менее 36 ч), чел.", "teachers_dpo"),
    ("Количество участий обучающихся в профессиональных пробах (чел./раз)", None),
    ("Кол-во участий в профпробах", None),
    ("Участие в профпробах, человеко-раз", None),
    ("Кол-во уч-ся, принявших участие в профпробах", "probes_done"),
])
def test_an_indicator_is_recognised_by_the_meaning_of_its_header(cat, text, code):
    assert cat.indicator(text) == code


def _book(path: Path, headers: list, rows: list, title="Отчёт г.о. Химки о профориентационной работе за "
                                                        "IV квартал 2024 года", sub: list | None = None,
          merges: tuple[str, ...] = ()) -> Path:
    """A form as a coordinator types it: a title, an empty row, the header (and its second row), the records."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in ([title], [], headers, *([sub] if sub else []), *rows):
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


COORD = ["№", "ОУ", "Всего уч-ся 6-11 кл.", "Из них охвачено профминимумом",
         "Кол-во уч-ся, принявших участие в профпробах", "Прошли тестирование «Мои ориентиры», чел."]
COORD_ROWS = [[1, "МБОУ СОШ № 1", 640, 610, 220, 300], [2, "МАОУ Лицей № 2", 512, 500, 198, 260],
              [3, "МБОУ СОШ № 5", 1020, 990, 401, 512]]


def _figures(dbp) -> dict[str, float]:
    with db.read_connection(dbp) as con:
        return dict(con.execute("SELECT indicator_code, sum(value) FROM effectiveness GROUP BY 1").fetchall())


@pytest.mark.parametrize("kind", ["effectiveness", None])
def test_a_coordinators_table_loads_every_column_with_or_without_the_kind(tmp_path, kind):
    f = _book(tmp_path / "отчёт Химки.xlsx", COORD, COORD_ROWS)
    res = pipeline.load_file(f, tmp_path / "m.duckdb", kind=kind)
    assert res.status == "loaded" and res.kind == "effectiveness", res.message
    assert not [w for w in res.warnings if w.rule == "unrecognised_column"]
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 2172, "students_covered": 2100,
                                               "probes_done": 819, "orientiry_passed": 1072}


UNKNOWN = ["Муниципальное образование", "Наименование ОО", "Кол-во обуч-ся 6-11 кл.",
           "Охват профминимумом (чел.)", "Были на экскурсиях на предприятиях, чел.", "Кол-во мастер-классов"]
UNKNOWN_ROWS = [["Химки", "МБОУ СОШ № 1", 600, 580, 120, 4], ["Химки", "МБОУ СОШ № 2", 400, 390, 80, 2]]


def test_a_column_of_numbers_naming_no_indicator_stops_the_file_and_says_how_to_map_it(tmp_path, capsys,
                                                                                        monkeypatch):
    f = _book(tmp_path / "показатели.xlsx", UNKNOWN, UNKNOWN_ROWS)
    dbp = tmp_path / "m.duckdb"
    assert main(["load", str(f), "--db", str(dbp)]) == 1
    out = capsys.readouterr().out
    assert "Файл отклонён" in out and "столбец F «Кол-во мастер-классов»: Показатель в столбце не распознан" in out
    assert '--map "Кол-во мастер-классов=код показателя"' in out and "python -m etl indicators" in out
    assert '--map "Кол-во мастер-классов=-"' in out
    assert _figures(dbp) == {}  # nothing of the file loaded
    with db.read_connection(dbp) as con:
        assert con.execute("SELECT rule, severity FROM quarantine").fetchall() == [("unmapped_indicator", "error")]


def test_a_column_of_numbers_with_no_data_marks_is_still_a_column_of_numbers(tmp_path, capsys):
    """«н/д», «нет данных» beside the figures of a column nobody recognised: no answer, not words — the column is
    still one of numbers and the file waits for the analyst (it loaded with 210 and 90 dropped as «text»)."""
    rows = [["Химки", "МБОУ СОШ № 1", 600, 580, 120, "н/д"], ["Химки", "МБОУ СОШ № 2", 400, 390, 80, 210],
            ["Химки", "МБОУ СОШ № 3", 300, 280, 60, "нет данных"], ["Химки", "МБОУ СОШ № 4", 350, 300, 50, 90]]
    f = _book(tmp_path / "показатели.xlsx", UNKNOWN, rows)
    dbp = tmp_path / "m.duckdb"
    assert main(["load", str(f), "--db", str(dbp)]) == 1
    out = capsys.readouterr().out
    assert "столбец F «Кол-во мастер-классов»: Показатель в столбце не распознан" in out
    assert "числа (2 из 2 значений; ещё 2 — «нет данных»)" in out
    assert _figures(dbp) == {}


def test_the_column_is_mapped_to_an_indicator_by_its_code_or_its_name_or_left_out(tmp_path, capsys, monkeypatch):
    f = _book(tmp_path / "показатели.xlsx", UNKNOWN, UNKNOWN_ROWS)
    capsys.readouterr()
    assert main(["load", str(f), "--db", str(tmp_path / "a.duckdb"), "--map", "Кол-во мастер-классов=-"]) == 0
    # every column accounted for: the one left out is said
    assert "· Не загружаются (распознаны), лист «Sheet»: F «Кол-во мастер-классов»" in capsys.readouterr().out
    assert _figures(tmp_path / "a.duckdb") == {"students_total": 1000, "students_covered": 970,
                                               "excursions_done": 200}
    assert main(["load", str(f), "--db", str(tmp_path / "b.duckdb"), "--map",
                 "Кол-во мастер-классов=Проведено занятий курса «Россия — мои горизонты»"]) == 0
    assert _figures(tmp_path / "b.duckdb") == {"students_total": 1000, "students_covered": 970,
                                               "excursions_done": 200, "rmg_lessons": 6}
    assert parse_maps(["Кол-во мастер-классов=probes_done"], "effectiveness") == {
        "Кол-во мастер-классов": "probes_done"}
    with pytest.raises(ValueError, match="показатели формы эффективности — python -m etl indicators"):
        parse_maps(["Кол-во мастер-классов=мастер"], "effectiveness")
    capsys.readouterr()
    assert main(["indicators"]) == 0
    listing = capsys.readouterr().out
    assert "probes_done — Обучающиеся, принявшие участие в профессиональных пробах" in listing
    assert "orientiry_medium — Обучающиеся со средним уровнем готовности" in listing


def test_the_complement_of_a_loaded_indicator_is_no_reason_to_stop(tmp_path):
    f = _book(tmp_path / "показатели.xlsx", UNKNOWN[:5] + ["Не охвачено профминимумом"],
              [r[:5] + [20] for r in UNKNOWN_ROWS])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded", res.message
    assert [(w.rule, w.column) for w in res.warnings] == [
        ("unrecognised_column", "F «Не охвачено профминимумом»")]


def test_the_levels_of_the_diagnostic_each_load_as_their_own_indicator(tmp_path):
    f = _book(tmp_path / "ориентиры.xlsx",
              ["Муниципальное образование", "Кол-во участников диагностики «Мои ориентиры», чел.",
               "Высокий уровень готовности к профессиональному самоопределению, чел.", "Средний уровень, чел.",
               "Низкий уровень, чел.", "Высокий уровень, %"],
              [["Балашиха", 4073, 840, 1921, 1312, 20.6], ["Химки", 10704, 4355, 4502, 1847, 40.7]],
              title="Сводные результаты диагностики «Мои ориентиры» за IV квартал 2024 года")
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded", res.message
    assert _figures(tmp_path / "m.duckdb") == pytest.approx({
        "orientiry_passed": 14777, "orientiry_high": 5195, "orientiry_medium": 6423, "orientiry_low": 3159,
        "orientiry_high_share": 61.3})


def test_the_upload_page_offers_the_indicators_for_an_unrecognised_column(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITORING_USERS", raising=False)
    dbp = tmp_path / "db" / "m.duckdb"
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    f = _book(tmp_path / "in" / "показатели.xlsx", UNKNOWN, UNKNOWN_ROWS)
    at = fx.page_app("upload.py")
    at.file_uploader[0].set_value((f.name, f.read_bytes(), fx.XLSX))
    at.run()
    assert "Найдено 1 ошибка в файле в целом" in [w.value for w in at.warning]
    assert any("Показатель в столбце не распознан" in d.value.to_string() for d in at.dataframe)
    preview = at.dataframe[0].value  # the indicators by their Russian names, not their codes
    assert set(preview["показатель"]) == {"Численность обучающихся 6–11 классов",
                                          "Обучающиеся 6–11 классов, охваченные профминимумом",
                                          "Обучающиеся, посетившие экскурсии на предприятия"}
    sel = [s for s in at.selectbox if s.label == "F «Кол-во мастер-классов»"][0]
    assert "показатель: Проведено занятий курса «Россия — мои горизонты»" in sel.options
    sel.set_value("rmg_lessons")
    [b for b in at.button if b.label.startswith("Применить и проверить снова")][0].click().run()
    [b for b in at.button if b.label.startswith("Загрузить")][0].click().run()
    assert not at.exception
    assert _figures(dbp) == {"students_total": 1000, "students_covered": 970, "excursions_done": 200,
                             "rmg_lessons": 6}


def test_a_readiness_form_with_an_unknown_column_of_numbers_waits_for_the_analyst(tmp_path, monkeypatch):
    rows = [("Химки", "СОШ № 1", "базовый", "да", 100, 90, 12), ("Химки", "СОШ № 2", "основной", "да", 80, 80, 9)]
    f = fx.readiness_xlsx(tmp_path / "готовность.xlsx", rows, extra_header="Кол-во кабинетов профориентации")
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    (e,) = res.errors
    assert (e.rule, e.column) == ("unmapped_numbers", "G «Кол-во кабинетов профориентации»")
    assert "Столбец с числами не распознан: файл не загружен" in e.message
    assert '--map "Кол-во кабинетов профориентации=-"' in e.hint
    # said once, the next file of this layout loads (the analyst's «не загружать» is remembered)
    res = pipeline.load_file(f, tmp_path / "m.duckdb", overrides={"Кол-во кабинетов профориентации": "-"})
    assert res.status == "loaded" and res.rows_loaded == 2
    # a column of text nobody recognised is only noted: it holds no figure
    f2 = fx.readiness_xlsx(tmp_path / "готовность2.xlsx", [r[:6] + ("корпус 2",) for r in rows],
                           extra_header="Здание")
    res = pipeline.load_file(f2, tmp_path / "m2.duckdb")
    assert res.status == "loaded"
    assert [(w.rule, w.column) for w in res.warnings] == [("unrecognised_column", "G «Здание»")]


EFF_TITLE = "Мониторинг показателей эффективности реализации профориентационного минимума за IV квартал 2024 года"


@pytest.mark.parametrize("header, why", [
    ("Численность обучающихся 5-9 классов", "обучающиеся не (только) 6–11 классов: не показатель профминимума"),
    ("Всего обучающихся в ОО (1-11 кл.)", "обучающиеся не (только) 6–11 классов: не показатель профминимума"),
    ("План охвата профминимумом, чел.", "план (загружается факт)"),  # a plan beside the fact
])
def test_beside_the_figure_itself_a_column_of_other_grades_or_of_the_plan_is_noted(tmp_path, header, why):
    f = _book(tmp_path / "показатели.xlsx", ["Муниципалитет", "Наименование ОО", "Кол-во обучающихся 6-11 кл.",
                                             "Охвачено профминимумом, чел.", header],
              [["Химки", "СОШ № 1", 600, 580, 700], ["Химки", "СОШ № 2", 400, 390, 450]], title=EFF_TITLE)
    p = pipeline.prepare(f)
    assert p.errors == [] and p.kind == "effectiveness"
    assert p.sheets[0].ignored == [f"E «{header}» — {why}"]
    assert pipeline.commit(p, tmp_path / "m.duckdb").status == "loaded"
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 1000, "students_covered": 970}


@pytest.mark.parametrize("pct", [[96.2, 104.0], [0.962, 1.04]])
def test_a_plans_fulfilment_in_percent_is_noted_never_a_share_of_the_pupils(tmp_path, pct):
    """Tester round t75 (07.12.2026): «Прошли диагностику» over «план | факт | % выполнения» stored 96,2 as the share
    of pupils who passed (it is 51,9); over 100 % the file was refused «Доля не может превышать 100 %»."""
    f = _two_row(tmp_path / "показатели.xlsx",
                 ["Муниципалитет", "Численность обучающихся 6-11 кл., чел.", "Прошли профориентационную диагностику",
                  None, None],
                 [None, None, "план", "факт", "% выполнения"],
                 [["Красногорск", 24100, 13000, 12510, pct[0]], ["Химки", 20000, 9000, 9360, pct[1]]],
                 ["A3:A4", "B3:B4", "C3:E3"])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 44100, "diagnostics_done": 21870}
    assert any("E «Прошли профориентационную диагностику | % выполнения» — выполнение плана, %" in x
               for x in res.noted), res.noted


@pytest.mark.parametrize("header", [
    "Количество проведённых профпроб",  # trials held, not pupils who took part
    "Количество экскурсий на предприятия",  # excursions, not pupils
    "Кол-во родительских собраний по профориентации",  # meetings, not parents
    "Прошли диагностику и профпробы, чел.",  # two figures in one
    "Количество обучающихся, зачисленных в профильные классы, чел.",  # a part of the pupils, not all of them
    "Количество участий обучающихся в профпробах (чел./раз)",  # participations, not pupils
])
def test_a_header_that_only_resembles_an_indicator_is_asked_about_not_loaded_as_it(tmp_path, header):
    f = _book(tmp_path / "показатели.xlsx", ["Муниципалитет", "Наименование ОО", "Кол-во обучающихся 6-11 кл.",
                                             "Охвачено профминимумом, чел.", header],
              [["Химки", "СОШ № 1", 600, 580, 70], ["Химки", "СОШ № 2", 400, 390, 30]], title=EFF_TITLE)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    assert [(e.rule, e.column) for e in res.errors] == [("unmapped_indicator", f"E «{header}»")]
    assert _figures(tmp_path / "m.duckdb") == {}


def _two_row(path: Path, top: list, sub: list, rows: list, merges: list[str]) -> Path:
    return _book(path, top, rows, title=EFF_TITLE, sub=sub, merges=tuple(merges))


def test_of_a_plan_and_a_fact_the_fact_loads(tmp_path):
    f = _two_row(tmp_path / "план-факт.xlsx", ["Муниципалитет", "Охвачено профминимумом", None,
                                               "Обучающиеся 6-11 кл. (всего)"],
                 [None, "план", "факт", None], [["Одинцовский", 30000, 28700, 31000]], ["A3:A4", "B3:C3", "D3:D4"])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded" and res.kind == "effectiveness", res.message
    assert _figures(tmp_path / "m.duckdb") == {"students_covered": 28700, "students_total": 31000}


def test_a_share_is_noted_when_the_counts_give_it_and_asked_about_when_nothing_does(tmp_path):
    f = _two_row(tmp_path / "доли.xlsx", ["Муниципалитет", "Кол-во обучающихся 6-11 кл.", "Охвачено профминимумом",
                                          None, "Посетили экскурсии на предприятиях", None],
                 [None, None, "чел.", "%", "чел.", "%"], [["Химки", 1000, 950, 95, 300, 30]],
                 ["A3:A4", "B3:B4", "C3:D3", "E3:F3"])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    # coverage has a share of its own (re-aggregated from the counts): its % column loads as that share; the
    # excursions have none, so their % column is a figure the system does not know and is asked about
    assert res.status == "rejected"
    assert [(e.rule, e.column) for e in res.errors] == [
        ("unmapped_indicator", "F «Посетили экскурсии на предприятиях | %»")]
    res = pipeline.load_file(f, tmp_path / "m.duckdb",
                             overrides={"Посетили экскурсии на предприятиях | %": "-"})
    assert res.status == "loaded", res.message
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 1000, "students_covered": 950,
                                               "coverage_share": 95, "excursions_done": 300}


def test_the_title_tells_an_effectiveness_table_by_municipality_from_a_readiness_form(tmp_path):
    f = _book(tmp_path / "по муниципалитетам.xlsx", ["Муниципалитет", "Кол-во обучающихся 6-11 кл.",
                                                      "Охвачено профминимумом, чел."],
              [["Мытищи", 21500, 20100], ["Химки", 26000, 25000]], title=EFF_TITLE)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded" and res.kind == "effectiveness", res.message
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 47500, "students_covered": 45100}


def test_a_count_of_schools_beside_indicators_is_a_column_to_map_not_a_summary_form(tmp_path):
    f = _book(tmp_path / "по муниципалитетам.xlsx", ["Муниципалитет", "Кол-во ОО", "Кол-во обучающихся 6-11 кл.",
                                                      "Принявших участие в профпробах, чел."],
              [["Мытищи", 40, 21500, 5000], ["Химки", 52, 26000, 7000]], title=EFF_TITLE)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert [(e.rule, e.column) for e in res.errors] == [("unmapped_indicator", "B «Кол-во ОО»")]
    res = pipeline.load_file(f, tmp_path / "m.duckdb", overrides={"Кол-во ОО": "-"})
    assert res.status == "loaded", res.message
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 47500, "probes_done": 12000}


def test_a_form_of_no_known_kind_names_the_columns_not_recognised(tmp_path):
    f = _book(tmp_path / "непонятно.xlsx", ["Муниципалитет", "Наименование ОО", "Количество проведённых профпроб",
                                            "Кол-во кабинетов профориентации"], [["Химки", "СОШ № 1", 12, 3]])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    (e,) = res.errors
    assert e.rule == "unknown_kind"
    assert "не распознаны «Количество проведённых профпроб», «Кол-во кабинетов профориентации»" in e.message
    assert "--kind" in e.hint and "--map" in e.hint


def test_a_form_of_no_clear_kind_names_the_nearest_kind_in_the_hint(tmp_path):
    f = _book(tmp_path / "непонятно.xlsx", ["Школа", "Графа 2", "Вид организации", "Графа 4"],
              [["СОШ № 1", "ФГБОУ ВО «МАИ»", "вуз", "12"], ["СОШ № 2", "АО «Завод»", "предприятие", "7"]])
    (e,) = pipeline.load_file(f, tmp_path / "m.duckdb").errors
    assert e.rule == "unknown_kind"
    assert "похоже, это «договоры о сетевом взаимодействии» (параметр --kind agreements" in e.hint


def test_a_bare_percent_under_a_group_is_the_share_of_the_count_before_it(tmp_path):
    f = _two_row(tmp_path / "ориентиры.xlsx", ["Муниципалитет", "Всего обучающихся 6-11 классов",
                                               "Диагностика «Мои ориентиры»", None, None],
                 [None, None, "прошли, чел.", "высокий уровень готовности, чел.", "%"],
                 [["Одинцовский", "8 496", "8 332", "1 928", "23,1"]], ["A3:A4", "B3:B4", "C3:E3"])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded", res.errors
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 8496, "orientiry_passed": 8332,
                                               "orientiry_high": 1928}


READY_TITLE = "Мониторинг готовности ОО к реализации профминимума за IV квартал 2024 года"
GRADES = ["6 кл.", "7 кл.", "8 кл.", "9 кл.", "10 кл.", "11 кл."]


def _by_grade(path: Path, total: bool) -> Path:
    sub = [None, None, *GRADES, *(["всего"] if total else []), None]
    last = chr(ord("C") + len(GRADES) - 1 + total)
    return _book(path, ["Муниципалитет", "Наименование ОО", "Численность обучающихся, чел.",
                        *[None] * (len(GRADES) - 1 + total), "Охвачено профминимумом, чел."],
                 [["Лобня", "СОШ № 1", 40, 45, 50, 48, 42, 40, *([265] if total else []), 60]],
                 title=READY_TITLE, sub=sub, merges=("A3:A4", "B3:B4", f"C3:{last}3",
                                                     f"{chr(ord(last) + 1)}3:{chr(ord(last) + 1)}4"))


def test_a_figure_broken_down_by_grade_is_taken_from_its_total_column(tmp_path):
    p = pipeline.prepare(_by_grade(tmp_path / "по классам.xlsx", total=True))
    assert p.errors == [] and p.columns["students_total"] == [265]  # not «6 кл.»: 40
    assert p.sheets[0].matched["students_total"] == "I «Численность обучающихся, чел. | всего»"


def test_a_figure_broken_down_by_every_grade_with_no_total_column_is_their_sum(tmp_path):
    """Grades 6, 7 … 11 with no «всего»: together they are grades 6–11 — the figure is their sum (06.12.2026; it was a
    refusal asking for a «всего» column); one part alone is never the whole."""
    p = pipeline.prepare(_by_grade(tmp_path / "по классам.xlsx", total=False))
    assert p.errors == [] and p.columns["students_total"] == [265]
    assert p.sheets[0].why["students_total"] == \
        "сумма столбцов по классам (6, 7, 8, 9, 10, 11 кл.): столбца «всего» нет"


def test_participants_in_columns_of_grades_apart_with_no_total_are_their_sum(tmp_path):
    """«Обучающиеся 6-9 классов» | «Обучающиеся 10-11 классов» with no group header and no total: parts of the pupils
    — one of them was loaded for the whole (96 of 132), the other noted as «взято из столбца D»; then the file was
    refused; grades 6–9 and 10–11 are grades 6–11: their sum. Parts that are not grades 6–11 stay a question."""
    def form(name: str, a: str, b: str):
        return fx.form_xlsx(tmp_path / name, ["Участие в профориентационных мероприятиях, г.о. Клин, "
                                              "I квартал 2024 года"],
                            ["Наименование ОО", "Мероприятие", a, b, "Родители", "Педагоги"],
                            [["МБОУ СОШ № 1", "Профессиональные пробы", 31, 11, 0, 1],
                             ["МБОУ СОШ № 2", "Профессиональные пробы", 32, "12 чел", 0, 1]])
    p = pipeline.prepare(form("м.xlsx", "Обучающиеся 6-9 классов", "Обучающиеся 10-11 классов"), region="50")
    assert p.file_errors == [] and p.columns["students"] == [42, 44]
    p = pipeline.prepare(form("8-11.xlsx", "Обучающиеся 8-9 классов", "Обучающиеся 10-11 классов"), region="50")
    assert p.file_errors == [] and p.columns["students"] == [42, 44]  # (no pupils of 6–7 took part)
    p = pipeline.prepare(form("5-11.xlsx", "Обучающиеся 5-9 классов", "Обучающиеся 10-11 классов"), region="50")
    assert [e.rule for e in p.file_errors] == ["breakdown_without_total"]
    assert p.file_errors[0].message.startswith("«обучающиеся» в форме — только по классам (5–9, 10–11: C «Обучающиеся "
                                               "5-9 классов», D «Обучающиеся 10-11 классов»): из них нельзя")


def test_an_indicator_broken_down_by_place_is_taken_from_its_total(tmp_path):
    head = ["Муниципалитет", "Кол-во обучающихся 6-11 кл.", "Приняли участие в профпробах, чел.", None, None]
    rows = [["Жуковский", 5200, 40, 55, 95]]
    f = _book(tmp_path / "пробы.xlsx", head, rows, title=EFF_TITLE, sub=[None, None, "на базе СПО",
                                                                          "на предприятиях", "всего"],
              merges=("A3:A4", "B3:B4", "C3:E3"))
    assert pipeline.load_file(f, tmp_path / "m.duckdb").status == "loaded"
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 5200, "probes_done": 95}
    f = _book(tmp_path / "пробы2.xlsx", head[:4], [r[:4] for r in rows], title=EFF_TITLE,
              sub=[None, None, "на базе СПО", "на предприятиях"], merges=("A3:A4", "B3:B4", "C3:D3"))
    res = pipeline.load_file(f, tmp_path / "m2.duckdb")
    assert [e.rule for e in res.errors] == ["breakdown_without_total"]


def test_a_subgroup_of_a_figure_is_asked_about_and_a_plan_beside_the_fact_is_noted(tmp_path):
    f = _book(tmp_path / "готовность.xlsx", ["Муниципалитет", "Наименование ОО", "Уровень профминимума",
                                             "Назначен ответственный", "Кол-во обучающихся 6-11 кл.",
                                             "Охвачено, чел.", "План охвата на 2024/25 уч. г., чел.",
                                             "из них обучающихся с ОВЗ"],
              [["Химки", "СОШ № 1", "базовый", "да", 600, 580, 600, 12]], title=READY_TITLE)
    p = pipeline.prepare(f)
    assert [(e.rule, e.column) for e in p.errors] == [("unmapped_numbers", "H «из них обучающихся с ОВЗ»")]
    assert p.sheets[0].ignored == ["G «План охвата на 2024/25 уч. г., чел.» — план (загружается факт)"]


def test_a_percent_or_a_negation_is_never_offered_as_the_count_the_form_lacks(tmp_path):
    f = _book(tmp_path / "готовность.xlsx", ["Муниципалитет", "Наименование ОО", "Уровень профминимума",
                                             "Кол-во обучающихся 6-11 кл.", "Процент охвата профминимумом"],
              [["Химки", "СОШ № 1", "базовый", 600, 96]], title=READY_TITLE)
    (e,) = pipeline.prepare(f).errors
    assert e.column == "E «Процент охвата профминимумом»" and "=students_covered" not in e.hint


def test_participants_of_other_grades_and_their_sum_are_not_the_pupils(tmp_path):
    f = _book(tmp_path / "мероприятия.xlsx", ["Муниципалитет", "Наименование ОО", "Мероприятие",
                                              "Кол-во обучающихся 1-5 кл.", "Кол-во обучающихся 6-11 кл.",
                                              "Кол-во родителей", "Всего участников"],
              [["Люберцы", "СОШ № 1", "Экскурсия на завод", 140, 345, 12, 497]],
              title="Участие в профориентационных мероприятиях за IV квартал 2024 года")
    p = pipeline.prepare(f)
    assert p.errors == [] and p.columns["students"] == [345] and p.columns["parents"] == [12]


@pytest.mark.parametrize("cells", [[95.2, 64.3, 99.5, 100], ["0,96", "0,64", "1", "0,5"]])
def test_shares_in_a_column_read_as_a_count_of_people_stop_the_file(tmp_path, cells):
    f = _book(tmp_path / "готовность.xlsx", ["Муниципалитет", "Наименование ОО", "Уровень профминимума",
                                             "Кол-во обучающихся 6-11 кл.", "Охват профминимумом"],
              [["Серпухов", f"СОШ № {k}", "базовый", 500, v] for k, v in enumerate(cells, 1)], title=READY_TITLE)
    p = pipeline.prepare(f)
    e = p.file_errors[0]
    assert (e.rule, e.column) == ("share_in_count_column", "E «Охват профминимумом»")
    assert "а в нём доли или проценты" in e.message and ("95,2" in e.message or "0,96" in e.message)


def test_one_column_per_event_with_the_participants_named_in_the_title(tmp_path):
    f = _book(tmp_path / "мероприятия.xlsx", ["Муниципалитет", "ОО", "Всероссийский открытый урок «Шоу профессий»",
                                              "Профпроба на базе ГБПОУ МО «Химкинский техникум»",
                                              "Экскурсия на АО «Химпром»", "Всего участников"],
              [["Химки", "МБОУ СОШ № 1", 120, 15, 30, 165], ["Химки", "МАОУ Лицей № 4", 98, 22, None, 120]],
              title="Участие обучающихся в профориентационных мероприятиях за IV квартал 2024 года (чел.)")
    p = pipeline.prepare(f)
    assert p.errors == [] and p.kind == "events"
    got = sorted(zip(p.columns["school_name"], p.columns["event"], p.columns["students"]))
    # (a «профпроба» at a college is a catalogue's «Профессиональные пробы», an excursion to an enterprise its
    # «Экскурсии на предприятия»; the form's own name is kept beside it)
    assert got == [("МАОУ Лицей № 4", "Всероссийский открытый урок «Шоу профессий»", 98),
                   ("МАОУ Лицей № 4", "Профессиональные пробы", 22),
                   ("МБОУ СОШ № 1", "Всероссийский открытый урок «Шоу профессий»", 120),
                   ("МБОУ СОШ № 1", "Профессиональные пробы", 15),
                   ("МБОУ СОШ № 1", "Экскурсии на предприятия", 30)]
    assert "Профпроба на базе ГБПОУ МО «Химкинский техникум»" in p.columns["event_text"]
    assert "Экскурсия на АО «Химпром»" in p.columns["event_text"]
    assert p.sheets[0].ignored == ["F «Всего участников» — сумма других столбцов"]


def test_one_figure_for_two_periods_side_by_side_is_refused_naming_the_columns(tmp_path):
    # «IV кв. 2024 | I кв. 2025» under each indicator: one period would be loaded as the file's, the other lost
    f = _two_row(tmp_path / "два периода.xlsx", ["Муниципалитет", "Прошли профпробы, чел.", None],
                 [None, "IV кв. 2024", "I кв. 2025"], [["Химки", 5210, 1200], ["Мытищи", 4100, 900]],
                 ["A3:A4", "B3:C3"])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "columns_of_periods" and e.message == (
        "Один показатель за разные периоды в соседних столбцах (B — IV квартал 2024 г.; C — I квартал 2025 г.)")
    assert _figures(tmp_path / "m.duckdb") == {}


def test_two_columns_read_as_one_indicator_that_are_no_alternatives_ask_about_the_other(tmp_path):
    """«Прошли профпробы» and «Кол-во выпускников 9 кл., поступивших в ПОО по профилю пройденных профпроб» both read
    as the probes indicator; the second is no plan, no earlier date, no hidden copy of the first: it is asked about
    (the file waits), never dropped as «взят из другого столбца» — its figure would vanish with nothing said."""
    from tests._upload_fixtures import form_xlsx

    f = form_xlsx(tmp_path / "эффективность.xlsx",
                  ["Мониторинг эффективности деятельности по реализации профминимума за IV квартал 2023 года"],
                  ["МО", "Обучающихся 6-11 кл., чел.", "Прошли профпробы, чел.",
                   "Кол-во выпускников 9 кл., поступивших в ПОО по профилю пройденных профпроб, чел."],
                  [["Истра", 9000, 2500, 140], ["Клин", 7000, 1800, 95]])
    p = pipeline.prepare(f)
    said = [e.message + " " + e.hint for e in p.file_errors]
    assert any("поступивших в ПОО" in x and "--map" in x for x in said), said
    assert not any("поступивших в ПОО" in " ".join(r.ignored) for r in p.sheets)


def test_pupils_of_a_subgroup_are_never_the_schools_pupils_or_those_covered(tmp_path):
    """«Численность обучающихся с ОВЗ и инвалидностью, охваченных профминимумом», «… 6-11 классов на базовом уровне»,
    «Количество часов профминимума»: a subgroup's counts and hours — such a form loaded 12 of 300 as the school's
    coverage (4 % on the overview, only a note said so). Never the school's pupils or those covered: asked about."""
    from tests._upload_fixtures import form_xlsx

    f = form_xlsx(tmp_path / "овз.xlsx", ["Мониторинг эффективности реализации профминимума, г.о. Химки, IV квартал "
                                          "2023 года"],
                  ["Наименование ОО", "Численность обучающихся с ОВЗ и инвалидностью, охваченных профминимумом",
                   "Количество часов профминимума", "Численность обучающихся 6-11 классов на базовом уровне",
                   "Численность педагогов-навигаторов"],
                  [["МБОУ СОШ № 1", 12, 60, 300, 3], ["МБОУ СОШ № 2", 5, 40, 200, 2]])
    p = pipeline.prepare(f, region="50")
    assert p.errors and all(v is None for f in ("students_covered", "students_total") for v in p.columns.get(f, []))
    g = form_xlsx(tmp_path / "готовность.xlsx", ["Мониторинг готовности ОО, г.о. Химки, IV квартал 2023 года"],
                  ["Наименование ОО", "Уровень", "Обучающихся 6-11 кл., всего", "Охвачено профминимумом",
                   "Численность обучающихся с ОВЗ и инвалидностью, охваченных профминимумом"],
                  [["МБОУ СОШ № 1", "базовый", 500, 480, 12], ["МБОУ СОШ № 2", "основной", 400, 400, 5]])
    p = pipeline.prepare(g, region="50")
    assert sum(p.columns["students_covered"]) == 880 and sum(p.columns["students_total"]) == 900
    assert any("с ОВЗ" in (e.column or "") for e in p.errors), [(e.column, e.message) for e in p.errors]


def test_people_in_thousands_are_said_to_be_thousands_never_a_percent(tmp_path):
    """Tester round t75: «Численность обучающихся 6-11 кл., тыс. чел.» over 38,4 was refused with «в нём доли или
    проценты … укажите «, %» в заголовке» — following it would have loaded thousands as a share."""
    f = _book(tmp_path / "показатели.xlsx", ["Муниципалитет", "Численность обучающихся 6-11 кл., тыс. чел.",
                                             "Охвачено профминимумом, тыс. чел."],
              [["Химки", 38.4, 37.1], ["Мытищи", 30.1, 29.9]], title=EFF_TITLE)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    said = [e for e in res.errors if e.rule == "share_in_count_column"]
    assert said and all("в тысячах" in e.message and "%" not in e.hint for e in said)


@pytest.mark.parametrize("header", ["Количество ОО, реализующих профминимум", "Число школ, реализующих профминимум",
                                    "Количество мероприятий профминимума",
                                    "Количество организаций-партнёров, участвующих в профминимуме"])
def test_a_count_of_schools_or_events_is_never_the_pupils_covered(tmp_path, header):
    """Tester round t76: «Количество ОО, реализующих профминимум» loaded as pupils covered (38 beside 11 840)."""
    f = _book(tmp_path / "показатели.xlsx", ["Муниципальное образование", header,
                                             "Численность обучающихся 6-11 классов",
                                             "Прошли профориентационную диагностику",
                                             "Участники профессиональных проб"],
              [["Дмитровский", 38, 11840, 9010, 2240], ["Чехов", 23, 8040, 6120, 1730]], title=EFF_TITLE)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected" and [(e.rule, e.column) for e in res.errors] == [
        ("unmapped_indicator", f"B «{header}»")]
    res = pipeline.load_file(f, tmp_path / "m.duckdb", overrides={header: "-"})
    assert res.status == "loaded" and _figures(tmp_path / "m.duckdb") == {
        "students_total": 19880, "diagnostics_done": 15130, "probes_done": 3970}


@pytest.mark.parametrize("row, why", [
    ("Количество педагогов, прошедших обучение по программе «Основы профориентационной работы» (16 ч.)",
     "часов обучения указано меньше, чем в показателе «Педагоги, прошедшие обучение по программам ДПО "
     "(не менее 36 ч)»"),
    ("Количество участий обучающихся в профессиональных пробах (чел./раз)",
     "указано число участий (раз), а показатели считают людей"),
])
def test_a_row_of_a_long_form_that_only_resembles_an_indicator_is_refused_saying_why(tmp_path, row, why):
    f = _book(tmp_path / "показатели.xlsx", ["№", "Показатель", "Ед. изм.", "Значение"],
              [[1, "Численность обучающихся 6-11 классов", "чел.", 1450], [2, row, "чел.", 12]],
              title="Показатели эффективности реализации профминимума, г.о. Химки, I квартал 2025 г.")
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    assert [(e.rule, e.row, e.message) for e in res.errors] == [
        ("unknown_indicator", 5, f"Неизвестный показатель: {why}")]
    assert _figures(tmp_path / "m.duckdb") == {}


def test_a_column_of_numbers_headed_by_the_word_indicator_leaves_the_wide_form_wide(tmp_path):
    """(tester round t89) «Показатель 5 (чел.)» over numbers beside «Всего уч-ся 6-11 кл.» and «Кол-во уч-ся, принявших
    участие в профпробах»: read as the column of indicators' names, every indicator column was asked about as «не
    распознан, а столбца «значение» нет». Only it is asked about; answered, the others load."""
    header = ["Наименование ОО", "Всего уч-ся 6-11 кл.", "Кол-во уч-ся, принявших участие в профпробах",
              "Показатель 5 (чел.)"]
    rows = [["МБОУ СОШ № 1", 640, 220, 5], ["МАОУ Лицей № 2", 512, 198, 7]]
    f = _book(tmp_path / "показатели.xlsx", header, rows, title=EFF_TITLE.replace("за IV", "г.о. Химки за IV"))
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "rejected"
    assert [(e.rule, e.column) for e in res.errors] == [("unmapped_indicator", "D «Показатель 5 (чел.)»")]
    res = pipeline.load_file(f, tmp_path / "m.duckdb", overrides={"Показатель 5 (чел.)": "-"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert _figures(tmp_path / "m.duckdb") == {"students_total": 1152, "probes_done": 418}


def test_a_remembered_indicator_column_is_named_by_its_indicator(tmp_path):
    """(tester round t89) The notice of a remembered answer named an effectiveness column by the readiness field's
    label («обучающихся 6–11 классов, всего»), the other columns by their indicators' names."""
    header = ["Наименование ОО", "Графа 2", "Кол-во уч-ся, принявших участие в профпробах"]
    rows = [["МБОУ СОШ № 1", 640, 220], ["МАОУ Лицей № 2", 512, 198]]
    title = EFF_TITLE.replace("за IV", "г.о. Химки за IV")
    f = _book(tmp_path / "1.xlsx", header, rows, title=title)
    db = tmp_path / "own" / "m.duckdb"  # (the answers are kept beside the database they were given for)
    assert pipeline.load_file(f, db, overrides={"Графа 2": "students_total"}).status == "loaded"
    f2 = _book(tmp_path / "2.xlsx", header, rows, title=title.replace("IV квартал", "III квартал"))
    res = pipeline.load_file(f2, db)
    assert res.status == "loaded", [e.message for e in res.errors]
    (said,) = [w for w in res.warnings if w.rule == "remembered_mapping"]
    assert said.message.endswith("«Графа 2» → Численность обучающихся 6–11 классов"), said.message
