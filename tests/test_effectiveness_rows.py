"""Rows and cells of an effectiveness form as coordinators type them (findings of tester round t57): a school's
branch under «в том числе:» is a part of it, the «Итого» row is checked against the schools, «нет» in a count is
nobody."""
from __future__ import annotations

import _upload_fixtures as fx
import pytest
from conftest import sql
from test_indicator_meaning import _book
from etl import db, indicator_scope, pipeline

KORSAKOV = "Показатели эффективности профминимума, Корсаковский городской округ, 2 полугодие 2023 г."
HEADER = ["№", "ОО", "Обучающиеся 6-11 кл.", "Охвачено, чел.", "Прошли диагностику, чел."]


def figures(dbp) -> dict:
    return dict(sql(dbp, "SELECT indicator_code, sum(value) FROM effectiveness GROUP BY 1"))


def test_a_branch_under_in_that_number_is_a_part_of_its_school_and_the_total_is_checked(dbp, tmp_path):
    path = _book(tmp_path / "Корсаков.xlsx", HEADER, [
        [1, "МАОУ СОШ № 1 г. Корсакова", 720, 715, 480],
        [2, "МАОУ СОШ № 2 г. Корсакова", 690, 690, 455],
        [3, "МБОУ СОШ № 3", 812, 800, 530],
        [None, "в том числе:"],
        [None, "филиал МБОУ СОШ № 3 в с. Новиково", 40, 40, 20],
        [None, "Итого по Корсаковскому ГО", 2232, 2205, 1465],  # 10 pupils more than the schools: a typo
    ], title=KORSAKOV)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 2222, "students_covered": 2205, "diagnostics_done": 1465}
    assert sql(dbp, "SELECT count(DISTINCT school_name) FROM effectiveness")[0][0] == 3
    (part,) = [w for w in res.warnings if w.rule == "school_parts"]
    assert part.message.startswith("Строка 8 под «в том числе:» — часть ОО строки 6 «МБОУ СОШ № 3»")
    (total,) = [w for w in res.warnings if w.rule == "total_differs"]
    assert (total.row, total.column) == (9, "C «Обучающиеся 6-11 кл.»")
    assert total.message.startswith("Итог в строке 9 — 2\xa0232, а сумма по 3 строкам ОО над ней — 2\xa0222")


def test_a_total_that_adds_up_says_nothing(dbp, tmp_path):
    path = _book(tmp_path / "Корсаков.xlsx", HEADER, [
        [1, "МАОУ СОШ № 1 г. Корсакова", 720, 715, 480],
        [2, "МАОУ СОШ № 2 г. Корсакова", 690, 690, 455],
        [None, "Итого", 1410, 1405, 935],
    ], title=KORSAKOV)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "total_differs"]


def test_no_one_written_as_a_word_in_a_count_is_nought(dbp, tmp_path):
    path = _book(tmp_path / "МО_эффективность_III_кв_2023.xlsx",
                 ["Муниципальное образование", "Численность обучающихся 6-11 классов",
                  "Экскурсии на предприятия, чел."],
                 [["Химки", 19872, "нет"], ["Подольск", 24510, 1200], ["Клин", 5400, "н/д"]],
                 title="Мониторинг эффективности профминимума за III квартал 2023 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert dict(sql(dbp, "SELECT municipality, value FROM effectiveness WHERE indicator_code = 'excursions_done'")) \
        == {"Химки": 0, "Подольск": 1200, "Клин": None}  # («н/д»: no answer)


BALASHIKHA_Q4 = "Мониторинг эффективности профминимума, Московская область, IV квартал 2023 года"


def _pupils(tmp_path, name="Обучающиеся_IV_кв_2023.xlsx", rows=None):
    return _book(tmp_path / name, ["Муниципальное образование", "Численность обучающихся 6-11 классов",
                                   "Охвачено профминимумом", "Прошли профпробы, чел."],
                 rows or [["Балашиха", 28431, 27112, 8120], ["Химки", 19872, 19870, 5402]], title=BALASHIKHA_Q4)


def test_a_file_of_other_indicators_is_added_to_the_loaded_ones_not_put_in_their_place(dbp, tmp_path):
    assert pipeline.load_file(_pupils(tmp_path), dbp).status == "loaded"
    teachers = _book(tmp_path / "Педагоги_IV_кв_2023.xlsx",
                     ["Муниципальное образование", "Педагоги, прошедшие ДПО, чел.",
                      "Педагоги, прошедшие онлайн-инструктаж, чел."],
                     [["Балашиха", 214, 618], ["Химки", 156, 402]], title=BALASHIKHA_Q4)
    res = pipeline.load_file(teachers, dbp)
    assert res.status == "loaded" and not res.replaced
    assert not [w for w in res.warnings if w.rule == "indicators_dropped"]
    assert figures(dbp) == {"students_total": 48303, "students_covered": 46982, "probes_done": 13522,
                            "teachers_dpo": 370, "teachers_briefed": 1020}
    assert [s for (s,) in sql(dbp, "SELECT status FROM loads ORDER BY load_id")] == ["loaded", "loaded"]


def test_a_corrected_file_replaces_the_earlier_one_and_says_which_indicators_it_lacks(dbp, tmp_path):
    assert pipeline.load_file(_pupils(tmp_path), dbp).status == "loaded"
    fixed = _book(tmp_path / "Обучающиеся_исправленный_IV_кв_2023.xlsx",
                  ["Муниципальное образование", "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
                  [["Балашиха", 28431, 27200], ["Химки", 19872, 19870]], title=BALASHIKHA_Q4)
    p = pipeline.prepare(fixed)
    pipeline.compare_with_previous(p, dbp)  # (what the upload page says before «Загрузить»)
    (w,) = [w for w in p.problems if w.rule == "indicators_dropped"]
    assert w.severity == "warning" and w.message == (
        "Файл заменит загрузку № 1 «Обучающиеся_IV_кв_2023.xlsx» (Балашиха, Химки), а показателя «Обучающиеся, "
        "принявшие участие в профессиональных пробах» из неё в файле нет: после загрузки он пропадёт со страниц")
    res = pipeline.load_file(fixed, dbp)
    assert res.status == "loaded" and "заменены данные загрузки № 1" in res.message
    assert figures(dbp) == {"students_total": 48303, "students_covered": 47070}
    db.rollback_load(dbp, res.load_id)  # the earlier file comes back whole
    assert figures(dbp) == {"students_total": 48303, "students_covered": 46982, "probes_done": 13522}


def test_rolling_back_a_correction_names_the_form_it_brings_back_not_the_one_beside(dbp, tmp_path):
    """A tester's round (07.12.2026): pupils' form № 1, teachers' form № 2 added beside it, a corrected pupils' form
    № 3 replacing № 1; rolling № 3 back said «Вернулась предыдущая версия: загрузка № 2» — № 2 never went."""
    assert pipeline.load_file(_pupils(tmp_path), dbp).status == "loaded"
    teachers = _book(tmp_path / "Педагоги_IV_кв_2023.xlsx",
                     ["Муниципальное образование", "Педагоги, прошедшие ДПО, чел."],
                     [["Балашиха", 214], ["Химки", 156]], title=BALASHIKHA_Q4)
    assert pipeline.load_file(teachers, dbp).status == "loaded"
    fixed = _pupils(tmp_path, "Обучающиеся_исправленный_IV_кв_2023.xlsx",
                    [["Балашиха", 28431, 27200, 8120], ["Химки", 19872, 19870, 5402]])
    res = pipeline.load_file(fixed, dbp)
    assert res.status == "loaded" and "заменены данные загрузки № 1" in res.message
    msg = db.rollback_load(dbp, res.load_id)
    assert msg == ("Откат загрузки № 3 («Обучающиеся_исправленный_IV_кв_2023.xlsx»). Вернулась предыдущая версия: "
                   "загрузка № 1 («Обучающиеся_IV_кв_2023.xlsx»)")
    assert figures(dbp)["students_covered"] == 46982 and figures(dbp)["teachers_dpo"] == 370


def test_an_indicator_only_in_rows_with_errors_is_not_said_to_replace_the_earlier_form(dbp, tmp_path):
    """A tester's round (07.12.2026): a form whose probes row had an error and whose other row was teachers',
    loaded skipping the bad row, was warned «Файл заменит загрузку № 1 …: пропадёт со страниц» — and loaded beside
    № 1, which stayed whole."""
    assert pipeline.load_file(_pupils(tmp_path), dbp).status == "loaded"
    mixed = _book(tmp_path / "Химки_IV_кв_2023.xlsx", ["Муниципальное образование", "Прошли профпробы, чел.",
                                                       "Педагоги, прошедшие ДПО, чел."],
                  [["Химки", "много", 156]], title=BALASHIKHA_Q4)
    p = pipeline.prepare(mixed)
    pipeline.compare_with_previous(p, dbp)
    assert p.errors and not [w for w in p.problems if w.rule == "indicators_dropped"]
    res = pipeline.load_file(mixed, dbp, skip_bad_rows=True)
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "indicators_dropped"]
    assert figures(dbp) == {"students_total": 48303, "students_covered": 46982, "probes_done": 13522,
                            "teachers_dpo": 156}


def test_a_form_replacing_an_earlier_one_in_one_municipality_says_in_which(dbp, tmp_path):
    """A tester's round (07.12.2026): Химки's probes replace № 1 in Химки, Балашиха's teachers are added beside
    № 1's Балашиха figures; the message said «заменены данные загрузки № 1» as if Балашиха's went too."""
    assert pipeline.load_file(_pupils(tmp_path), dbp).status == "loaded"
    b = _book(tmp_path / "Дополнение_IV_кв_2023.xlsx", ["Муниципальное образование", "Прошли профпробы, чел.",
                                                        "Педагоги, прошедшие ДПО, чел."],
              [["Химки", 6000, None], ["Балашиха", None, 214]], title=BALASHIKHA_Q4)
    p = pipeline.prepare(b)
    pipeline.compare_with_previous(p, dbp)
    assert p.replaces_in == ["Химки"]
    res = pipeline.load_file(b, dbp)
    assert res.status == "loaded" and res.message.endswith("заменены данные загрузки № 1 в части «Химки»")
    assert dict(sql(dbp, "SELECT municipality, value FROM effectiveness WHERE indicator_code = 'probes_done'")) \
        == {"Балашиха": 8120, "Химки": 6000}


def test_a_database_of_whole_replacements_keeps_showing_what_it_showed(dbp, tmp_path):
    """A database made when a form replaced the earlier form whole: its claims are rebuilt from the loads' order."""
    assert pipeline.load_file(_pupils(tmp_path), dbp).status == "loaded"
    other = _pupils(tmp_path, "Балашиха_учащиеся_IV_кв_2023.xlsx", [["Балашиха", 28000, 27000, 8000]])
    assert pipeline.load_file(other, dbp).status == "loaded"
    shown = sorted(sql(dbp, "SELECT * EXCLUDE (load_id) FROM effectiveness"))
    with db.write_connection(dbp) as con:
        con.execute("DELETE FROM indicator_claims")
        indicator_scope.backfill(con)
    assert sorted(sql(dbp, "SELECT * EXCLUDE (load_id) FROM effectiveness")) == shown


def test_the_regions_share_names_the_municipalities_that_gave_only_shares(dbp, tmp_path):
    from app import specs
    from app.filters import Filters

    title = "Мониторинг эффективности профминимума за I квартал 2024 года"
    counts = _book(tmp_path / "МО_числа_I_кв_2024.xlsx", ["Муниципальное образование",
                   "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
                   [["Клин", 5400, 5300], ["Мытищи", 21340, 21100]], title=title)
    shares = _book(tmp_path / "МО_доли_I_кв_2024.xlsx", ["Муниципальное образование", "Доля охвата, %"],
                   [["Балашиха", "95,4%"], ["Химки", "100%"]], title=title)
    for path in (counts, shares):
        assert pipeline.load_file(path, dbp).status == "loaded"
    spec = specs.effectiveness_shares(Filters(region="50", period="2024-Q1"), dbp)
    (share,) = spec.data.loc[spec.data["code"] == "coverage_share", "value"]
    assert share == pytest.approx(26400 / 26740)  # (Клин and Мытищи: the share is of their counts)
    assert "не вошли в долю по региону (сдали только долю, без чисел, из которых она пересчитывается; доли не " \
        "усредняются): «Доля охвата» за I кв. 2024 — Балашиха, Химки" in spec.source


def test_a_share_one_municipality_gave_alone_is_drawn_as_given_and_said_so(dbp, tmp_path):
    """(tester round t79, in a browser) Холмский alone, «Охват профминимумом, %» 96,2 without those covered: the chart
    drew 96,2 % while its source line said the share «не вошли в долю по региону»."""
    from app import specs
    from app.filters import Filters

    path = _book(tmp_path / "Холмский_2пол2023.xlsx", ["Муниципальное образование",
                 "Численность обучающихся 6-11 классов", "Доля охвата, %"], [["Холмский", 1050, "96,2"]],
                 title="Показатели эффективности реализации профминимума за 2-е полугодие 2023 г.")
    assert pipeline.load_file(path, dbp).status == "loaded"
    spec = specs.effectiveness_shares(Filters(region="65", period="2023-H2"), dbp)
    (share,) = spec.data.loc[spec.data["code"] == "coverage_share", "value"]
    assert share == pytest.approx(0.962)
    assert "не вошли в долю" not in spec.source
    assert "показана доля, как её сдал один муниципалитет (без чисел, из которых она пересчитывается): «Доля " \
        "охвата» за 2-е полуг. 2023 — Холмский" in spec.source


@pytest.mark.parametrize("header", ["Мун. обр.", "Мун. образ.", "Образ."])  # («Образ.»: a school by its words)
def test_a_column_of_municipalities_is_the_municipality_however_short_its_header(dbp, tmp_path, header):
    path = _book(tmp_path / "Эффективность_МО_свод_III_кв_2023.xlsx",
                 ["№ п/п", header, "Численность обучающихся 6-11 кл., чел.", "Охвачено профминимумом, чел."],
                 [[1, "г.о. Балашиха", 28431, 27112], [2, "Химки", 19872, 19870],
                  [3, "Городской округ Подольск", 24510, 23001], [4, "Люберцы г.о.", 30100, 29800]],
                 title="Мониторинг показателей эффективности в муниципальных образованиях Московской области за "
                       "III квартал 2023 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert dict(sql(dbp, "SELECT municipality, value FROM effectiveness WHERE indicator_code = 'students_total'")) \
        == {"Балашиха": 28431, "Химки": 19872, "Подольск": 24510, "Люберцы": 30100}


def test_parts_of_the_pupils_by_grade_that_add_up_to_them_are_noted_not_asked(dbp, tmp_path):
    path = _book(tmp_path / "Корсаков.xlsx", ["№", "ОО", "Обучающиеся 6-11 кл.", "в т.ч. 6-9 кл.", "в т.ч. 10-11 кл.",
                                              "Охвачено, чел."],
                 [[1, "МАОУ СОШ № 1 г. Корсакова", 720, 504, 216, 715],
                  [2, "МАОУ СОШ № 2 г. Корсакова", 690, 483, 207, 690],
                  [3, "МБОУ СОШ с. Соловьёвка", 88, 62, 26, 88]], title=KORSAKOV)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 1498, "students_covered": 1493}
    (noted,) = res.noted  # (the CLI's «Не загружаются (распознаны)»)
    assert "D «в т.ч. 6-9 кл.» — часть столбца «Обучающиеся 6-11 кл.»: вместе они дают его значение" in noted


def test_indicators_down_and_two_periods_across_are_refused_as_two_periods_not_as_a_turned_table(dbp, tmp_path):
    path = _book(tmp_path / "Мытищи_эффективность_два_периода.xlsx", ["Показатель", "III кв. 2023", "IV кв. 2023"],
                 [["Численность обучающихся 6-11 классов", 21333, 21340], ["Охвачено профминимумом", 20998, 21100],
                  ["Прошли профдиагностику", 10444, 12001]], title="Показатели эффективности профминимума, г.о. Мытищи")
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "columns_of_periods" and e.message == (
        "Один показатель за разные периоды в соседних столбцах (B — III квартал 2023 г.; C — IV квартал 2023 г.)")
    assert e.hint == "Загрузите каждый период отдельным файлом: в файле — столбцы одного периода"


def test_a_second_table_under_the_first_stops_the_file_with_what_to_do(dbp, tmp_path):
    path = _book(tmp_path / "МО_эффективность_две_таблицы_IV_кв_2023.xlsx",
                 ["Муниципальное образование", "Численность обучающихся 6-11 классов", "Охвачено профминимумом",
                  "Прошли профпробы, чел."],
                 [["Балашиха", 28431, 27112, 8120], ["Химки", 19872, 19870, 5402], [],
                  ["Таблица 2. Педагоги"],
                  ["Муниципальное образование", "Педагоги, прошедшие ДПО, чел.",
                   "Педагоги, прошедшие онлайн-инструктаж, чел."],
                  ["Балашиха", 214, 618], ["Химки", 156, 402]], title=BALASHIKHA_Q4)
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    (e,) = res.errors  # (one message, not the teachers read as pupils)
    assert e.rule == "other_table_below" and e.message.startswith(
        "Ниже таблицы на листе есть ещё одна таблица (строка 8: «Муниципальное образование», «Педагоги, прошедшие "
        "ДПО, чел.»")


def test_an_unknown_municipality_beside_several_indicators_is_said_once(dbp, tmp_path):
    path = _pupils(tmp_path, rows=[["Балашиха", 28431, 27112, 8120], ["Химкинск", 19872, 19870, 5402]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    assert [(e.row, e.column, e.rule) for e in res.errors] == [(5, "A «Муниципальное образование»",
                                                                 "unknown_municipality")]


def test_a_quarter_that_does_not_end_the_half_year_of_a_half_yearly_region_is_said(dbp, tmp_path):
    path = _book(tmp_path / "Невельский_эффективность.xlsx", ["Муниципальное образование",
                 "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
                 [["Невельский", 1210, 1190]],
                 title="Показатели эффективности профминимума, Невельский городской округ, за III квартал 2023 года")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and res.period == "2023-H2"
    (w,) = [w for w in res.warnings if w.rule == "quarter_in_half_year"]
    assert w.message == ("Форма — за III квартал 2023 г., а Сахалинская область отчитывается по полугодиям: файл "
                         "учтён за 2-е полугодие 2023 г., но его числа — на 30.09.2023, а не на конец полугодия "
                         "31.12.2023")


def test_a_quarter_given_for_a_half_yearly_region_that_does_not_end_its_half_year_is_said(dbp, tmp_path):
    """(tester round t77) --period 2024-Q1 for a Sakhalin form with no period of its own was stored as the half-year
    with no word: figures as of 31.03 shown as of 30.06."""
    path = _book(tmp_path / "Невельский_эффективность.xlsx", ["Муниципальное образование",
                 "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
                 [["Невельский", 1210, 1190]], title="Показатели эффективности профминимума")
    res = pipeline.load_file(path, dbp, period="2024-Q1", region="65")
    assert res.status == "loaded" and res.period == "2024-H1"
    (w,) = [w for w in res.warnings if w.rule == "quarter_in_half_year"]
    assert w.message.startswith("Указан период «I квартал 2024 г.», а Сахалинская область отчитывается по "
                                "полугодиям: файл учтён за 1-е полугодие 2024 г., но его числа — на 31.03.2024")
    p = pipeline.prepare(path, period="2024-Q2", region="65")  # (the quarter that ends it: nothing said)
    assert p.period == "2024-H1" and not [w for w in p.problems if w.rule == "quarter_in_half_year"]


def test_a_row_of_units_under_the_header_belongs_to_the_header(dbp, tmp_path):
    path = _book(tmp_path / "Балашиха_эффективность_IV_кв_2023.xlsx",
                 ["Наименование ОО", "Обучающихся 6-11 кл.", "Охвачено профминимумом", "Охват", "Профпробы",
                  "Экскурсии", "Родители"],
                 [["МБОУ «СОШ № 1»", 1200, 1180, "98,3", 400, 210, 700],
                  ["МАОУ «Гимназия № 2»", 980, 980, "100,0", 350, 120, 512]],
                 title="Мониторинг эффективности профминимума, г.о. Балашиха, IV квартал 2023 года",
                 sub=[None, "чел.", "чел.", "%", "чел.", "чел.", "чел."])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    got = figures(dbp)
    assert got["students_total"] == 2180 and got["students_covered"] == 2160 and got["probes_done"] == 750
    assert got["excursions_done"] == 330 and got["parents_involved"] == 1212


def test_thousands_set_off_by_a_dot_in_text_cells_are_people_not_shares(dbp, tmp_path):
    """A tester's round: «32.450», «8.015», «4.210» typed as text under «Кол-во обучающихся 6–11 кл.» refused the
    file as «доли или проценты (32,45, 8,015, 4,21 …)»; «0,950» in a count is no 950 people."""
    from etl import normalize

    path = _book(tmp_path / "ПЭ.xlsx", ["Муниципалитет", "Кол-во обучающихся 6–11 кл.",
                                         "Кол-во обучающихся, прошедших профдиагностику"],
                 [["Балашиха", "32.450", "21.300"], ["Реутов", "8.015", "5.100"], ["Котельники", "4.210", "3.150"]],
                 title="Сведения о показателях эффективности профминимума за IV квартал 2023 года")
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 44675, "diagnostics_done": 29550}
    assert normalize.parse_int("0,950") == (None, "Ожидается целое число")


def test_a_part_of_a_count_under_its_header_is_no_other_indicator(dbp, tmp_path):
    """A tester's round: «в т.ч. 6-9 кл.» under «Кол-во обучающихся 6-11 классов, принявших участие в профпробах»
    was read as the pupils of grades 6–11 (150 of Холмский's 229 probes), the real column of them «not
    recognised», and the file refused with misleading figures."""
    path = _book(tmp_path / "ПЭ.xlsx",
                 ["Муниципальное образование", "Кол-во обучающихся 6-11 классов, принявших участие в профпробах (чел.)",
                  None, None, None, "Численность обучающихся 6-11 классов (чел.)"],
                 [["Холмский", 300, 229, 150, 79, 988], ["Макаровский", 120, 131, 90, 41, 512],
                  ["Северо-Курильский", 30, 18, 10, 8, 140]],
                 title="Показатели эффективности профминимума в Сахалинской области, 1 полугодие 2024 г.",
                 sub=[None, "план на 2023/2024 уч. год", "факт", "в т.ч. 6-9 кл.", "в т.ч. 10-11 кл.", None],
                 merges=("B3:E3", "A3:A4", "F3:F4"))
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"probes_done": 378, "students_total": 1640}


def test_a_count_over_its_levels_with_a_total_is_the_total(dbp, tmp_path):
    """A tester's round: «Охвачено профминимумом, чел.» over «базовый | основной | продвинутый уровень | всего»
    asked about the basic and advanced columns (only «в т.ч.» columns were known as parts adding up)."""
    path = _book(tmp_path / "ПЭ.xlsx", ["Муниципальное образование", "Численность обучающихся 6–11 классов, чел.",
                                         "Охвачено профминимумом, чел.", None, None, None],
                 [["Лобня", 6100, 2000, 3500, 400, 5900], ["Фрязино", 5200, 5000, 0, 0, 5000],
                  ["Дмитровский", 14800, 6000, 7000, 1500, 14500]],
                 title="Мониторинг показателей эффективности профминимума, II квартал 2024 г.",
                 sub=[None, None, "базовый уровень", "основной уровень", "продвинутый уровень", "всего"],
                 merges=("C3:F3", "A3:A4", "B3:B4"))
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 26100, "students_covered": 25400}


def test_an_indicator_written_as_a_part_of_the_one_above_is_loaded_not_dropped(dbp, tmp_path):
    """A row per indicator: «в т.ч. охваченных мероприятиями профминимума» under the pupils of grades 6–11 was taken
    for a total and dropped without a word (the coverage gone from the dashboard)."""
    path = _book(tmp_path / "ПЭ.xlsx", ["№ п/п", "Наименование показателя", "Ед. изм.", "Значение показателя"],
                 [[1, "Численность обучающихся 6–11 классов в ОО округа", "чел.", "2 418"],
                  [2, "в т.ч. охваченных мероприятиями профминимума", "чел.", "2 355"],
                  [3, "Кол-во обучающихся, прошедших профориентационную диагностику", "чел.", 1960]], title=KORSAKOV)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 2418, "students_covered": 2355, "diagnostics_done": 1960}


def test_a_municipality_that_sent_the_form_without_an_indicator_is_named_under_its_charts(dbp, tmp_path):
    """A tester's round (07.12.2026): Химки sent no probes; the share was right (over Балашиха), but «сдали 2 из N»
    was all the charts said, and Химки simply had no bar. A platform's export of one municipality leaves the others
    nothing missing: they did not send it (Балашиха was listed «без» every «БвБ» count)."""
    import _bvb_fixtures as bvb

    from app import specs
    from app.filters import Filters

    f = _pupils(tmp_path, rows=[["Балашиха", 28431, 27112, 8120], ["Химки", 19872, 19870, None]])
    assert pipeline.load_file(f, dbp).status == "loaded"
    export = tmp_path / "БвБ_выгрузка_IV_квартал_2023.xlsx"
    bvb.bvb_export(export, {("Химки", "МБОУ СОШ № 1"): 300})
    assert pipeline.load_file(export, dbp).status == "loaded"
    flt = Filters("50", "2023-Q4")
    said = "Нет данных за IV кв. 2023 (сдали форму без показателя, в значение по региону не входят): "
    assert said + "«Доля участников профпроб» — Химки" in specs.effectiveness_by_municipality(
        flt, dbp, "probes_share").source
    counts = specs.effectiveness_counts(flt, dbp).source
    assert said + "«Участники профпроб» — Химки" in counts and "БвБ" not in counts.split(said)[-1], counts
    table = specs.effectiveness_table(flt, dbp).attrs["compared"]
    assert "Химки" in table and "БвБ" not in table.split(said)[-1], table
    assert "Нет данных за" not in specs.effectiveness_by_municipality(flt, dbp, "coverage_share").source
    # (tester round t88) a later quarter with Химки's probes: the chart over periods still says the earlier gap
    q1 = _book(tmp_path / "Обучающиеся_I_кв_2024.xlsx", ["Муниципальное образование",
                                                         "Численность обучающихся 6-11 классов",
                                                         "Охвачено профминимумом", "Прошли профпробы, чел."],
               [["Балашиха", 28431, 27200, 9000], ["Химки", 19872, 19870, 5600]],
               title=BALASHIKHA_Q4.replace("IV квартал 2023 года", "I квартал 2024 года"))
    assert pipeline.load_file(q1, dbp).status == "loaded"
    from app import queries
    queries.version.clear()
    later = specs.effectiveness_counts(Filters("50", "2024-Q1"), dbp).source
    assert said + "«Участники профпроб» — Химки" in later, later
    assert "Нет данных за I кв. 2024" not in later


def test_a_schools_name_wrapped_onto_the_next_row_is_joined(dbp, tmp_path):
    """Tester round t75: «… с углублённым изучением отдельных» | «предметов»» on the next row — the school was stored
    cut short (its key then met no readiness form's school)."""
    path = _book(tmp_path / "Корсаков.xlsx", HEADER, [
        [1, "МАОУ СОШ № 1 г. Корсакова", 720, 715, 480],
        [2, "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 8 с "
            "углублённым изучением отдельных", 760, 744, 300],
        [None, "предметов»"],
    ], title=KORSAKOV)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT DISTINCT school_name FROM effectiveness ORDER BY 1")[1][0].endswith(
        "с углублённым изучением отдельных предметов»")
    assert any(w.rule == "school_name_wrapped" for w in res.warnings)


@pytest.mark.parametrize("rows", [2, 4])
def test_an_indicator_named_with_the_reporting_period_beside_last_years_is_loaded(dbp, tmp_path, rows):
    """(tester round t76, F03) «Прошли профпробы, чел. (отчётный период)» beside «… (АППГ)» in one header row: the
    file was refused «нет столбца «показатель»», and with two municipalities the first such column was read as the
    period of the rows (none of its numbers a period)."""
    header = ["Муниципальное образование", "Численность обучающихся 6-11 классов (АППГ)",
              "Численность обучающихся 6-11 классов (отчётный период)", "Прошли профпробы, чел. (АППГ)",
              "Прошли профпробы, чел. (отчётный период)"]
    data = [["Химки", 11000, 11500, 3000, 4100], ["Коломна", 9000, 9100, 2000, 2500],
            ["Балашиха", 15000, 15500, 5000, 5200], ["Люберцы", 12000, 12100, 4000, 4300]][:rows]
    path = _book(tmp_path / "Эффективность.xlsx", header, data,
                 title="Показатели эффективности реализации профминимума, Московская область, I квартал 2024 г.")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": sum(r[2] for r in data), "probes_done": sum(r[4] for r in data)}
    assert [n for n in res.noted if "АППГ" in n and "прошлый период" in n]


def _by_classes(tmp_path, first_school: list) -> object:
    return _book(tmp_path / "Корсаков_классы.xlsx", HEADER, [
        first_school,
        [None, "6 класс", 60, 60, 40], [None, "7 класс", 60, 60, 40], [None, "8-9 классы", 120, 120, 80],
        [None, "10-11 кл.", 60, 50, 40],
        [2, "МАОУ СОШ № 2 г. Корсакова", 120, 120, 70],
        [None, "6А", 20, 20, 10], [None, "6Б", 20, 20, 10], [None, "Параллель 7-х классов", 80, 80, 50],
        [None, "Итого", 420, 410, 270],
    ], title=KORSAKOV)


def test_rows_by_class_under_a_school_are_its_parts_not_schools(dbp, tmp_path):
    """(tester round t76, F09) «6 класс», «7 класс» … under each school were read as schools: the second school's
    «6 класс» was refused as the first one's «указан дважды», the classes would have counted as schools."""
    res = pipeline.load_file(_by_classes(tmp_path, [1, "МАОУ СОШ № 1 г. Корсакова", 300, 290, 200]), dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 420, "students_covered": 410, "diagnostics_done": 270}
    assert sql(dbp, "SELECT DISTINCT school_name FROM effectiveness ORDER BY 1") == [
        ("МАОУ СОШ № 1 г. Корсакова",), ("МАОУ СОШ № 2 г. Корсакова",)]
    said = [w.message for w in res.warnings if w.rule == "school_class_rows"]
    assert said == ["Строки 5–8 («6 класс» …) — классы ОО строки 4 «МАОУ СОШ № 1 г. Корсакова»: их числа входят в "
                    "числа ОО, отдельными ОО не загружены",
                    "Строки 10–12 («6А» …) — классы ОО строки 9 «МАОУ СОШ № 2 г. Корсакова»: их числа входят в "
                    "числа ОО, отдельными ОО не загружены"]
    assert not [w for w in res.warnings if w.rule == "total_differs"]


def test_a_school_with_figures_only_by_class_is_refused_not_guessed(dbp, tmp_path):
    res = pipeline.load_file(_by_classes(tmp_path, [1, "МАОУ СОШ № 1 г. Корсакова", None, None, None]), dbp)
    assert res.status == "rejected"
    (e,) = [e for e in res.errors if e.rule == "school_only_by_classes"]
    assert e.row == 4 and e.message.startswith("У ОО строки 4 «МАОУ СОШ № 1 г. Корсакова» в её строке чисел нет, а в "
                                               "строках 5–8 под ней — числа по классам")


def test_rows_of_another_period_or_a_plan_under_a_list_of_municipalities_are_left_out(dbp, tmp_path):
    """(tester round t78) «АППГ (I кв. 2023)» and «План на 2025 год» under the total of a list of municipalities:
    refused as unknown municipalities, and the two glued together as one «указан дважды»."""
    path = _book(tmp_path / "Эффективность.xlsx", ["МО", "Численность обучающихся 6–11 кл.", "Прошли профпробы",
                                                    "Посетили экскурсии"],
                 [["Раменский г.о.", 17500, 4200, 2600], ["Люберцы", 24000, 5000, 3100], ["Итого", 41500, 9200, 5700],
                  ["АППГ (I кв. 2023)", 40000, 3000, 2500], ["План на 2025 год", 45000, 12000, 8000]],
                 title="Показатели эффективности, Московская область, I квартал 2024 г.")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 41500, "probes_done": 9200, "excursions_done": 5700}
    (said,) = [w for w in res.warnings if w.rule == "summary_rows"]
    assert said.message.startswith("Строки 7 «АППГ (I кв. 2023)», 8 «План на 2025 год» — не муниципалитет")


def test_indicators_by_row_in_columns_of_last_year_and_this_period(dbp, tmp_path):
    """(tester round t78) «АППГ (1 полугодие 2023 г.)» | «1 полугодие 2024 г.» beside the indicators' names: both
    asked about, and the one choice offered for the past column, «значение», would have loaded last year's figures."""
    path = _book(tmp_path / "Оха.xlsx", ["№", "Наименование показателя", "Ед. изм.", "АППГ (1 полугодие 2023 г.)",
                                        "1 полугодие 2024 г."],
                 [[1, "Численность обучающихся 6-11 классов", "чел.", 1880, 1912],
                  [2, "Прошли профдиагностику", "чел.", 800, "1 104"],
                  [3, "Участвовали в профессиональных пробах", "чел.", 310, 422]],
                 title="Показатели эффективности профминимума. Охинский городской округ. 1 полугодие 2024 г.")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 1912, "diagnostics_done": 1104, "probes_done": 422}
    assert [n for n in res.noted if "АППГ (1 полугодие 2023 г.)» — прошлый период (загружается текущий)" in n]
    # (tester round t83) a plan beside them is noted, not asked about
    path = _book(tmp_path / "Оха2.xlsx", ["№", "Наименование показателя", "Ед. изм.", "АППГ (1 полугодие 2023 г.)",
                                         "План на 2024 год", "1 полугодие 2024 г."],
                 [[1, "Численность обучающихся 6-11 классов", "чел.", 1880, 1900, 1912],
                  [2, "Прошли профдиагностику", "чел.", 800, 1200, "1 104"]],
                 title="Показатели эффективности профминимума. Охинский городской округ. 1 полугодие 2024 г.")
    res = pipeline.load_file(path, tmp_path / "2.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert any("«План на 2024 год» — план (загружается факт)" in n for n in res.noted), res.noted
    # (tester round t83) columns of school years: the one the form's period is in
    path = _book(tmp_path / "Химки.xlsx", ["Показатель", "Ед. изм.", "2023/2024 уч. год", "2024/2025 уч. год"],
                 [["Численность обучающихся 6-11 классов", "чел.", 14250, 14800],
                  ["Прошли профдиагностику", "чел.", 11000, 6100]],
                 title="Показатели эффективности профминимума, городской округ Химки, за IV квартал 2024 года")
    res = pipeline.load_file(path, tmp_path / "3.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(tmp_path / "3.duckdb", "SELECT indicator_code, value FROM effectiveness ORDER BY 1") == [
        ("diagnostics_done", 6100), ("students_total", 14800)]



def test_a_column_of_numbers_headed_the_reporting_period_is_the_value_beside_last_years(dbp, tmp_path):
    """(tester round t87) «АППГ (IV кв. 2023 г.)» | «Отчётный период»: the latter was read as a column of periods;
    the refusal said no value column and offered the past column as the value (last year's figures)."""
    path = _book(tmp_path / "Химки.xlsx", ["Показатель", "Единица измерения", "АППГ (IV кв. 2023 г.)",
                                          "Отчётный период"],
                 [["Количество обучающихся 6-11 классов", "чел.", 15800, 16240],
                  ["Количество обучающихся, прошедших профпробы", "чел.", 2900, 3350]],
                 title="Показатели эффективности профминимума, г.о. Химки, IV квартал 2024 г.")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 16240, "probes_done": 3350}
    assert [n for n in res.noted if "АППГ (IV кв. 2023 г.)» — прошлый период (загружается текущий)" in n]

def test_a_summary_sheet_with_a_figure_or_a_municipality_the_sheets_lack_is_asked_about(dbp, tmp_path):
    """(tester round t83) «Свод» beside the municipalities' sheets is left out as repeating their totals — but
    «Педагоги … ДПО» only on it, and Лобня with no sheet of its own, were lost with no word."""
    import openpyxl

    header = ["Муниципалитет", "Численность обучающихся 6-11 классов", "Охвачено профминимумом"]
    for n, (svod_header, svod_rows) in enumerate([
            (header + ["Педагоги, прошедшие обучение по программам ДПО, чел."],
             [["Химки", 2000, 1950, 112], ["Клин", 900, 880, 47]]),
            (header, [["Химки", 2000, 1950], ["Клин", 900, 880], ["Лобня", 4120, 4050]])]):
        wb = openpyxl.Workbook()
        wb.active.title = "Свод"
        for r in [["Показатели эффективности профминимума, I квартал 2024 г."], svod_header, *svod_rows]:
            wb.active.append(r)
        for muni, total, covered in (("Химки", 2000, 1950), ("Клин", 900, 880)):
            ws = wb.create_sheet(muni)
            for r in ([f"Показатели эффективности профминимума, {muni}, I квартал 2024 г."],
                      ["Наименование ОО", "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
                      ["МБОУ СОШ № 1", total, covered]):
                ws.append(r)
        wb.save(tmp_path / f"свод{n}.xlsx")
        res = pipeline.load_file(tmp_path / f"свод{n}.xlsx", tmp_path / f"{n}.duckdb")
        assert res.status == "rejected", n
        (e,) = res.errors
        assert e.rule == "summary_sheet_more" and e.message.startswith("Лист «Свод» не загружается — он повторяет")
        assert ("ДПО" if n == 0 else "Лобня: у него своего листа нет") in e.message


def test_a_summary_sheet_that_differs_from_the_sheets_is_said_with_both_figures(dbp, tmp_path):
    """(tester round t83) A «Свод» not updated (Химки 5 000 pupils, its sheet 2 000) was left out with no word, its
    reason «повторяет итоги других листов» asserting what nobody checked: the sheets load, the difference is said."""
    import openpyxl

    def book(name: str, svod_khimki: tuple[int, int]):
        wb = openpyxl.Workbook()
        wb.active.title = "Свод"
        for r in [["Показатели эффективности профминимума, I квартал 2024 г."],
                  ["Муниципалитет", "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
                  ["Химки", *svod_khimki], ["Клин", 900, 880], ["ИТОГО", svod_khimki[0] + 900, svod_khimki[1] + 880]]:
            wb.active.append(r)
        for muni, rows in (("Химки", [["МБОУ СОШ № 1", 1200, 1190], ["МБОУ СОШ № 2", 800, 780]]),
                           ("Клин", [["МОУ Гимназия № 2", 900, 880]])):
            ws = wb.create_sheet(muni)
            for r in ([f"Показатели эффективности профминимума, {muni}, I квартал 2024 г."],
                      ["Наименование ОО", "Численность обучающихся 6-11 классов", "Охвачено профминимумом"], *rows):
                ws.append(r)
        wb.save(tmp_path / name)
        return tmp_path / name

    res = pipeline.load_file(book("верный.xlsx", (2000, 1970)), tmp_path / "1.duckdb")
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "summary_sheet_differs"]
    res = pipeline.load_file(book("старый.xlsx", (5000, 1970)), tmp_path / "2.duckdb")
    assert res.status == "loaded"
    (w,) = [w for w in res.warnings if w.rule == "summary_sheet_differs"]
    assert (w.sheet, w.row) == ("Свод", 3)
    assert w.message == ("На листе «Свод» у муниципалитета Химки в столбце B «Численность обучающихся 6-11 классов» — "
                         "5\u00a0000, а на его листах в сумме 2\u00a0000: загружены листы муниципалитетов, "
                         "лист «Свод» — нет")
    assert sql(tmp_path / "2.duckdb", "SELECT municipality, indicator_code, sum(value) FROM effectiveness "
               "GROUP BY ALL ORDER BY ALL") == [("Клин", "students_covered", 880), ("Клин", "students_total", 900),
                                                ("Химки", "students_covered", 1970), ("Химки", "students_total", 2000)]


def test_a_correction_without_a_school_says_its_figures_leave_the_pages(dbp, tmp_path):
    """(tester round t85) An effectiveness correction of one school replaced the form with no word of the other
    school's indicators; a file of other indicators only is added, and says nothing."""
    import openpyxl

    def book(name: str, header: list[str], rows: list[list]):
        wb = openpyxl.Workbook()
        for r in [["Показатели эффективности профминимума, г.о. Химки, I квартал 2024 г."], header, *rows]:
            wb.active.append(r)
        wb.save(tmp_path / name)
        return tmp_path / name

    header = ["Наименование ОО", "Численность обучающихся 6-11 классов", "Прошли профориентационную диагностику"]
    assert pipeline.load_file(book("1.xlsx", header, [["МБОУ СОШ № 1", 640, 300], ["МАОУ Гимназия № 3", 820, 410]]),
                              dbp).status == "loaded"
    res = pipeline.load_file(book("2.xlsx", ["Наименование ОО", "Участники профпроб, чел."],
                                  [["МБОУ СОШ № 1", 120]]), dbp)
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "schools_dropped"]
    res = pipeline.load_file(book("3.xlsx", header, [["МБОУ СОШ № 1", 640, 310]]), dbp)
    assert res.status == "loaded"
    (w,) = [w for w in res.warnings if w.rule == "schools_dropped"]
    assert "ОО «МАОУ Гимназия № 3» из неё в файле нет" in w.message


def test_a_quarters_own_figure_is_asked_about_saying_the_year_would_take_its_last_quarter(dbp, tmp_path):
    """(tester round t85) «Прошли проф. диагностику за квартал» was asked about with the advice to map it; mapped, the
    school year showed the last quarter's 30 of 460: the question says why such a column is no indicator."""
    import openpyxl

    wb = openpyxl.Workbook()
    for r in [["Показатели эффективности реализации профминимума, г.о. Клин"], ["за II квартал 2024 года"],
              ["№", "ОО", "Числ. обуч-ся 6-11 кл.", "Прошли проф. диагностику за квартал, чел.",
               "Участники профпроб в отчётном квартале, чел."],
              [1, "МОУ СОШ № 2", 640, 20, 10], [2, "МОУ Гимназия № 9", 820, 10, 20]]:
        wb.active.append(r)
    wb.save(tmp_path / "к.xlsx")
    res = pipeline.load_file(tmp_path / "к.xlsx", dbp)
    assert res.status == "rejected"
    said = [e for e in res.errors if e.rule == "unmapped_indicator"]
    assert [e.column[0] for e in said] == ["D", "E"]
    assert all("значение только за квартал (период), а показатели эффективности — с начала учебного года" in e.message
               for e in said)


def test_an_indicator_given_a_column_of_the_quarter_alone_is_loaded_as_chosen_and_said(tmp_path, dbp):
    """Tester round t85: «Прошли проф. диагностику за квартал, чел.» is asked about (no indicator: a figure of the
    quarter alone); mapped anyway, it loaded with no word — the school year showed the last quarter's 30 for 460."""
    path = fx.form_xlsx(tmp_path / "Клин_эффективность_3кв2023.xlsx",
                        ["Показатели эффективности профминимума, г.о. Клин, III квартал 2023 г."],
                        ["Наименование ОО", "Всего обучающихся 6-11 кл., чел.",
                         "Прошли проф. диагностику за квартал, чел."],
                        [["МАОУ СОШ № 1", 730, 120], ["МАОУ СОШ № 2", 730, 110]])
    head = "Прошли проф. диагностику за квартал, чел."
    res = pipeline.load_file(path, dbp, region="50", overrides={head: "diagnostics_done"})
    assert res.status == "loaded", [e.message for e in res.errors]
    (w,) = [w for w in res.warnings if w.rule == "indicator_of_period_part"]
    assert w.message.startswith(f"Столбец «{head}» — число за период, а показатели эффективности — с начала "
                                "учебного года")


def test_a_row_whose_indicator_is_unknown_is_asked_and_the_answer_is_remembered_for_the_layout(dbp, tmp_path):
    """(tester round t89) a long form's row the catalogue does not know stops the load; the analyst names its
    indicator (the page's «Нераспознанные показатели», --map «текст строки=код»): it loads, and the next file of that
    layout is read with the answer, saying so."""
    header = ["№", "Наименование показателя", "Ед. изм.", "Значение"]
    rows = [[1, "Обучающиеся 6-11 классов, охваченные профминимумом", "чел.", 3950],
            [2, "Охват в % от плана", "%", 98]]
    title = "Показатели эффективности профминимума, Фрязино, I квартал 2025 г."
    f1 = _book(tmp_path / "Фрязино.xlsx", header, rows, title=title)
    res = pipeline.load_file(f1, dbp)
    (bad,) = res.errors
    assert (bad.rule, bad.row, bad.value) == ("unknown_indicator", 5, "Охват в % от плана")
    assert "«Нераспознанные показатели»" in bad.hint and '--map "текст строки=код"' in bad.hint
    res = pipeline.load_file(f1, dbp, overrides={"Охват в % от плана": "coverage_share"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_covered": 3950, "coverage_share": 98}
    f2 = _book(tmp_path / "Фрязино_2.xlsx", header, [rows[0][:3] + [4000], rows[1][:3] + [99]],
               title=title.replace("I квартал", "II квартал"))
    res = pipeline.load_file(f2, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    (said,) = [w for w in res.warnings if w.rule == "remembered_mapping"]
    assert "Прочитано по запомненному сопоставлению" in said.message
    assert "строка «Охват в % от плана» → Доля обучающихся 6–11 классов" in said.message


def test_a_percent_in_a_count_of_people_is_the_rows_error_and_a_count_with_its_percent_the_count(dbp, tmp_path):
    """(tester round t92) «40%» in «Приняли участие в профпробах, чел.» was stored as 40 pupils with no word;
    «120 (18,8%)» was refused."""
    path = _book(tmp_path / "Талдом.xlsx", ["ОО", "Обучающиеся 6-11 кл., чел.", "Приняли участие в профпробах, чел."], [
        ["МОУ СОШ № 1", 500, "40%"], ["МОУ СОШ № 2", 640, "120 (18,8%)"]],
        title="Показатели эффективности реализации профминимума, Талдомский г.о., IV квартал 2023 г.")
    res = pipeline.load_file(path, dbp)
    (e,) = res.errors
    assert (e.rule, e.row) == ("percent_in_count", 4)
    assert e.message == ("Показатель «Обучающиеся, принявшие участие в профессиональных пробах» — число людей или "
                         "занятий, а в ячейке процент 40%")
    res = pipeline.load_file(path, dbp, skip_bad_rows=True)
    assert figures(dbp) == {"students_total": 1140, "probes_done": 120}


def test_parts_numbered_in_roman_figures_over_the_indicators_are_sections(dbp, tmp_path):
    """(tester round t92) «II. | Кадровое обеспечение» with no value over its indicators: the file was refused
    («Неизвестный показатель», «Заполните ячейку» for a heading)."""
    path = _book(tmp_path / "Одинцово.xlsx", ["№ п/п", "Наименование показателя", "Ед. изм.", "Значение"], [
        ["I.", "Охват профминимумом", None, None],
        ["1.", "Численность обучающихся 6-11 классов", "чел.", 21500],
        ["2.", "Охвачено профминимумом, всего", "чел.", 20800],
        ["II.", "Кадровое обеспечение", None, None],
        ["3.", "Педагоги, прошедшие ДПО (не менее 36 ч)", "чел.", 112]],
        title="Показатели эффективности реализации профминимума в Одинцовском городском округе за IV квартал 2023 г.")
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 21500, "students_covered": 20800, "teachers_dpo": 112}


def test_sheets_of_indicator_rows_beside_a_wide_summary_sheet_load_without_it(dbp, tmp_path):
    """(tester round t92) a sheet per municipality («Наименование показателя | Ед. изм. | Значение») and a wide
    «Свод»: refused, the summary's columns said to be missing from the sheets — where they are, as rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Свод"
    for r in [["Свод показателей эффективности, IV квартал 2023 г."],
              ["Муниципальное образование", "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
              ["Лобня", 3000, 2900], ["Фрязино", 2500, 2450], ["Итого", 5500, 5350]]:
        ws.append(r)
    for muni, total, covered in (("Лобня", 3000, 2900), ("Фрязино", 2500, 2450)):
        ws = wb.create_sheet(muni)
        for r in [[f"Показатели эффективности реализации профминимума, г.о. {muni}, IV квартал 2023 г."],
                  ["Наименование показателя", "Ед. изм.", "Значение"],
                  ["Численность обучающихся 6-11 классов", "чел.", total], ["Охвачено профминимумом", "чел.", covered]]:
            ws.append(r)
    path = tmp_path / "эффективность.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert figures(dbp) == {"students_total": 5500, "students_covered": 5350}
