"""Roadmap-execution reports as coordinators type them: the statuses in their everyday words or as a «+» in one of
several status columns, deadlines without a year, the report's «по состоянию на» date, a municipality's own report."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from _upload_fixtures import form_xlsx
from conftest import sql
from etl import pipeline

HEADER = ["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель", "Статус исполнения"]


def _roadmap(path: Path, title: str, rows: list[list], header: list | None = None) -> Path:
    return form_xlsx(path, [title], header or HEADER, rows)


@pytest.mark.parametrize("word, status", [
    ("вып.", "выполнено"), ("исп.", "выполнено"), ("100%", "выполнено"), ("участие принято", "выполнено"),
    ("70%", "в работе"), ("на контроле", "в работе"), ("на исполнении", "в работе"), ("постоянно", "в работе"),
    ("не исп.", "не выполнено"), ("срок не наступил", "не начато"), ("0%", "не начато"),
    ("Не проводилось", "не выполнено"), ("Мероприятие не проводилось", "не выполнено"),  # (tester round t75)
    ("4 из 6", "в работе"), ("6 из 6", "выполнено"),  # (tester round t76: the README said so, it was refused)
])
def test_everyday_status_words_are_read(dbp, tmp_path, word, status):
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 02.10.2023",
                    [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено"],
                     [2, "Вебинары для педагогов", "До 15.05.2024", "АСОУ", word]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT status, status_text FROM roadmap_items WHERE item_no = '2'") == [(status, word)]


def test_a_plus_in_one_of_the_status_columns_is_that_status(dbp, tmp_path):
    """«Отметка об исполнении» over «выполнено | в работе | не выполнено», a «+» in one of them: the marks under «в
    работе» and «не выполнено» were dropped and those measures loaded with no status («Ошибок не найдено»)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Исполнение плана мероприятий (дорожной карты) по профминимуму, Московская область, на 01.12.2023"])
    ws.append(["№ п/п", "Мероприятие", "Срок", "Исполнитель", "Отметка об исполнении", None, None])
    ws.append([None, None, None, None, "выполнено", "в работе", "не выполнено"])
    ws.merge_cells("E2:G2")
    ws.append([1, "Назначение ответственных", "До 22.08.2023", "МОМО", "+", None, None])
    ws.append([7, "Информационная кампания", "В течение года", "МОМО, АСОУ", None, "+", None])
    ws.append([16, "Разработка дорожной карты на 2024/2025", "До 29.03.2024", "АСОУ", None, None, "+"])
    ws.append([22, "Мониторинг договоров с ОО", "До 21.09.2023", "АСОУ", None, None, "+"])
    path = tmp_path / "ДК_плюсы.xlsx"
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no, status FROM roadmap_items ORDER BY source_row") == [
        ("1", "выполнено"), ("7", "в работе"), ("16", "не выполнено"), ("22", "не выполнено")]
    assert not [w for w in res.warnings if w.rule == "unrecognised_column"]
    # two columns marked for one measure: which status is meant only its author knows
    ws["E6"] = "+"
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    assert [(e.row, e.message) for e in res.errors] == [
        (6, "Отмечено несколько статусов исполнения (выполнено, не выполнено)")]


@pytest.mark.parametrize("text", ["в течение уч. года", "в течение учебного года", "В теч. уч. г."])
def test_the_school_year_named_without_its_years_is_due_at_its_end(dbp, tmp_path, text):
    """Tester round t75 (07.12.2026): «в течение уч. года» in a report of 01.04.2024 had no deadline and nothing was
    said — the measure could never be overdue."""
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.04.2024",
                    [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено"],
                     [2, "Профпробы для обучающихся 8–9 классов", text, "МОМО", "в работе"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT deadline FROM roadmap_items WHERE item_no = '2'") == [(date(2024, 8, 31),)]
    assert any(w.rule == "deadline_year_assumed" and "2023/2024 учебному году" in w.message for w in res.warnings)


def test_a_comment_saying_it_holds_the_documents_details_is_the_evidence(dbp, tmp_path):
    """Tester round t75: «Комментарий (реквизиты документа)» with «Распоряжение МОМО от 21.08.2023 № Р-901» was left
    out as a note; a bare «Примечание» still is."""
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.04.2024",
                    [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено",
                      "Распоряжение МОМО от 21.08.2023 № Р-901", "сверено"]],
                    header=HEADER + ["Комментарий (реквизиты документа)", "Примечание"])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT evidence FROM roadmap_items") == [("Распоряжение МОМО от 21.08.2023 № Р-901",)]


def test_two_status_columns_of_two_bodies_that_disagree_are_asked_about(dbp, tmp_path):
    """Tester round t75: «Отметка МОУО об исполнении» | «Отметка АСОУ об исполнении», different on three items: the
    left one was loaded, the other named only among the columns not loaded."""
    header = HEADER[:4] + ["Отметка МОУО об исполнении", "Отметка АСОУ об исполнении"]
    rows = [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено", "выполнено"],
            [2, "Вебинары для педагогов", "ежемесячно", "АСОУ", "выполнено", "в работе"]]
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.07.2024",
                    rows, header=header)
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected" and [e.rule for e in res.errors] == ["rival_status_columns"]
    assert "E «Отметка МОУО об исполнении» и F «Отметка АСОУ об исполнении» — расходятся" in res.errors[0].message
    res = pipeline.load_file(path, dbp, overrides={"Отметка АСОУ об исполнении": "-"})  # the analyst's choice
    assert res.status == "loaded" and sql(dbp, "SELECT status FROM roadmap_items ORDER BY item_no") == [
        ("выполнено",), ("выполнено",)]
    same = _roadmap(tmp_path / "ДК2.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.07.2024",
                    [r[:5] + [r[4]] for r in rows], header=header)
    assert pipeline.load_file(same, tmp_path / "same.duckdb").status == "loaded"  # agreeing: nothing to ask


def test_a_range_of_days_is_due_on_its_last_day(dbp, tmp_path):
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.12.2023",
                    [[1, "Вебинары для педагогов-навигаторов", "20–24.11.2023", "АСОУ", "выполнено"],
                     [2, "Совещание с МОУО", "с 24 по 26 октября 2023 г.", "АСОУ", "выполнено"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no, deadline FROM roadmap_items ORDER BY item_no") == [
        ("1", date(2023, 11, 24)), ("2", date(2023, 10, 26))]


def test_deadlines_without_a_year_fall_in_the_school_year_of_the_title(dbp, tmp_path):
    """«III кв.», «сентябрь», «до 1 декабря», «май» in a roadmap «на 2023/2024 учебный год»: loaded with no date and
    no word said, they could never be overdue."""
    rows = [[1, "Назначение ответственных лиц", "III кв.", "МОСО", "выполнено"],
            [2, "Отчёт о готовности ОО", "сентябрь", "ГАУ СО АРЧК", "выполнено"],
            [3, "Мониторинг эффективности", "до 1 декабря", "МОСО", "выполнено"],
            [4, "Исследование специфики ОО", "май", "ГАОУ ДПО ИРОСО", "не начато"],
            [5, "Информационная кампания", "в течение года", "МОСО", "в работе"]]
    path = _roadmap(tmp_path / "ДК_Сахалин.xlsx", "Дорожная карта профминимума Сахалинской области на 2023/2024 "
                    "учебный год — исполнение", rows)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT deadline FROM roadmap_items ORDER BY item_no") == [
        (date(2023, 9, 30),), (date(2023, 9, 30),), (date(2023, 12, 1),), (date(2024, 5, 31),), (None,)]
    (w,) = [w for w in res.warnings if w.rule == "deadline_year_assumed"]
    assert "2023/2024 учебному году" in w.message and "строки 3 («III кв.» → 30.09.2023)" in w.message
    # the school year in the file's name only («…_2023-2024.xlsx»: the extension right after the years)
    path = _roadmap(tmp_path / "ДК_Сахалин_2023-2024.xlsx", "Дорожная карта профминимума Сахалинской области", rows)
    res = pipeline.load_file(path, tmp_path / "named.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(tmp_path / "named.duckdb", "SELECT deadline FROM roadmap_items WHERE item_no = '4'") == [
        (date(2024, 5, 31),)]
    # no school year anywhere: said, naming the rows
    path = _roadmap(tmp_path / "ДК.xlsx", "Дорожная карта профминимума Сахалинской области", rows)
    res = pipeline.load_file(path, tmp_path / "other.duckdb")
    assert res.status == "loaded"
    (w,) = [w for w in res.warnings if w.rule == "deadline_without_year"]
    assert "строки 3 («III кв.»), 4 («сентябрь»), 5 («до 1 декабря»), 6 («май»)" in w.message


REPORT_ROWS = [[1, "Назначение ответственных лиц", "До 22.08.2023", "МОМО, АСОУ", "выполнено"],
               [15, "Исследование специфики ОО", "До 15.05.2024", "АСОУ", "не начато"],
               [22, "Мониторинг договоров с ОО", "До 21.09.2023", "АСОУ", "не выполнено"]]


def test_the_report_date_dates_the_page_and_an_older_report_does_not_replace_a_newer(dbp, tmp_path):
    """A report «по состоянию на 02.10.2023»: the page said «сведения на» the day of the upload and counted an item
    due in May 2024 as overdue; the same report loaded after one «на 01.04.2024» replaced it without a word."""
    from app import queries, specs
    from app.filters import Filters

    title = "Информация об исполнении плана мероприятий (дорожной карты) по профминимуму в Московской области"
    old = form_xlsx(tmp_path / "ДК_на_02.10.2023.xlsx", [title, "по состоянию на 02.10.2023"], HEADER, REPORT_ROWS)
    res = pipeline.load_file(old, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    db, v = str(dbp), queries.version(str(dbp))
    rm = queries.roadmap(db, v, "50")
    assert sorted(rm[rm["overdue"]]["item_no"]) == ["22"]  # not № 15, due in May 2024
    spec = specs.roadmap_status(Filters("50", None), dbp)
    assert "сведения на 02.10.2023" in spec.source and spec.subtitle.endswith("дорожная карта на 02.10.2023")

    newer = form_xlsx(tmp_path / "ДК_новый.xlsx", [title, "по состоянию на 01.04.2024"],
                      HEADER, [r[:4] + ["выполнено"] for r in REPORT_ROWS])
    other = tmp_path / "other" / "m.duckdb"  # the newer report came first, the older one late
    assert pipeline.load_file(newer, other).status == "loaded"
    res = pipeline.load_file(old, other)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "roadmap_older_report" and e.message.startswith(
        "Отчёт об исполнении дорожной карты — на 02.10.2023, а действующий (загрузка № 1 «ДК_новый.xlsx») — на "
        "01.04.2024")
    assert sql(other, "SELECT count(*) FILTER (WHERE status = 'выполнено'), min(as_of) FROM roadmap_items") == [
        (3, date(2024, 4, 1))]


def test_a_sept_abbreviated_month_is_its_last_day(dbp, tmp_path):
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 02.10.2023",
                    [[10, "Заключение договоров с ВУЗами", "сент. 2023", "АСОУ, ВУЗ", "70%"]])
    assert pipeline.load_file(path, dbp).status == "loaded"
    assert sql(dbp, "SELECT deadline FROM roadmap_items") == [(date(2023, 9, 30),)]


@pytest.mark.parametrize("title, executor", [
    ("Информация об исполнении плана мероприятий (дорожной карты) в городском округе Подольск за III квартал 2023 г.",
     "Комитет образования г.о. Подольск, ОО"),
    ("Информация об исполнении плана мероприятий (дорожной карты) за III квартал 2023 г.",  # only its executors
     "Комитет образования г.о. Подольск, ОО"),
])
def test_a_municipalitys_roadmap_does_not_replace_the_regions(dbp, tmp_path, title, executor):
    """Подольск's report on its items of the regional roadmap: asked for a region («муниципалитеты не распознаны»),
    then loaded as the whole roadmap of Московская область — 7 measures of Подольск instead of the region's 24."""
    region = _roadmap(tmp_path / "ДК_МО.xlsx", "Дорожная карта профминимума Московской области, на 02.10.2023",
                      [[n, f"Мероприятие {n}", "До 22.08.2023", "МОМО, АСОУ", "выполнено"] for n in range(1, 25)])
    assert pipeline.load_file(region, dbp).status == "loaded"
    own = _roadmap(tmp_path / "Подольск_ДК.xlsx", title,
                   [[2, "Назначение ответственных в ОО", "До 22.08.2023", executor, "выполнено"],
                    [7, "Информационная кампания", "В течение года", executor, "в работе"]])
    for skip in (False, True):  # the whole file's error: no row to leave out makes it loadable
        res = pipeline.load_file(own, dbp, skip_bad_rows=skip)
        assert res.status == "rejected" and res.region == "50"
        (e,) = res.errors
        assert e.rule == "roadmap_of_municipality" and e.message.startswith(
            "Это дорожная карта (или отчёт об исполнении) муниципалитета «Подольск»")
    assert sql(dbp, "SELECT count(*) FROM roadmap_items WHERE region = '50'") == [(24,)]


def test_a_roadmap_of_no_known_region_says_where_the_region_is_looked_for(dbp, tmp_path):
    path = _roadmap(tmp_path / "ДК.xlsx", "План мероприятий по реализации профминимума",
                    [[1, "Назначение ответственных", "До 22.08.2023", "Управление образования", "выполнено"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    assert [e.message for e in res.errors] == [
        "Не удалось определить регион: он не назван ни в заголовке, ни в имени файла, и среди исполнителей нет "
        "министерства или координатора одного региона"]


def test_a_column_of_texts_on_execution_is_the_evidence_not_unknown_statuses(dbp, tmp_path):
    """Only «Информация об исполнении» with texts («Распоряжение МОМО от 21.08.2023 № Р-901»): every row was an
    «Неизвестный статус исполнения» the coordinator could only answer by inventing a status."""
    header = HEADER[:4] + ["Информация об исполнении"]
    path = _roadmap(tmp_path / "ДК.xlsx", "Информация об исполнении дорожной карты профминимума (Московская область), "
                    "I квартал 2024", [[1, "Назначение ответственных", "До 22.08.2023", "МОМО, АСОУ",
                                        "Распоряжение МОМО от 21.08.2023 № Р-901"],
                                       [7, "Информационная кампания", "В течение года", "МОМО, АСОУ",
                                        "Информация размещается на сайтах"],
                                       [15, "Исследование специфики ОО", "До 15.05.2024", "АСОУ",
                                        "Исследование проводится, отчёт в мае"]], header)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no, status, evidence FROM roadmap_items ORDER BY source_row") == [
        ("1", None, "Распоряжение МОМО от 21.08.2023 № Р-901"), ("7", None, "Информация размещается на сайтах"),
        ("15", None, "Исследование проводится, отчёт в мае")]
    (w,) = [w for w in res.warnings if w.rule == "status_as_texts"]
    assert w.message.startswith("В столбце E «Информация об исполнении» — тексты об исполнении, а не статусы")


def test_a_dash_for_a_status_is_said(dbp, tmp_path):
    path = _roadmap(tmp_path / "ДК.xlsx", "Отчёт об исполнении ДК в Сахалинской области за 2 полугодие 2023",
                    [[11, "Мониторинг эффективности", "до 01.12.2023", "МОСО", "выполнено"],
                     [12, "Мониторинг участия в мероприятиях", "02.12.2023", "ГАУ СО АРЧК", "-"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded"
    assert [w.message for w in res.warnings if w.rule == "status_not_given"] == [
        "Статус исполнения не указан: строка 4 («-») — на странице их статус — «не указан»"]


def test_the_timeline_says_which_items_have_no_dated_deadline(dbp, tmp_path):
    """An independent tester's round (06.12.2026): «Сроки по месяцам» showed 22 of 24 items, and the two with «в
    течение года» / «по графику» were gone without a word."""
    from app import specs
    from app.filters import Filters

    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 02.10.2023",
                    [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено"],
                     [7, "Информационная кампания", "В течение года", "МОМО", "в работе"],
                     [17, "Профпробы", "по графику", "АСОУ", "выполнено"]])
    assert pipeline.load_file(path, dbp).status == "loaded"
    spec = specs.roadmap_timeline(Filters("50", None), dbp)
    assert int(spec.data["items"].sum()) == 1
    assert spec.source.endswith(" · Без срока-даты (на графике нет) — 2 мероприятия: № 7 «В течение года», "
                                "№ 17 «по графику»"), spec.source
    # (tester round t84) months named the Russian way, every month between the first deadline and the last
    path2 = _roadmap(tmp_path / "ДК2.xlsx", "Исполнение дорожной карты профминимума, Московская область, на "
                     "02.10.2023",
                     [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено"],
                      [2, "Профпробы", "До 15.11.2023", "АСОУ", "в работе"]])
    assert pipeline.load_file(path2, tmp_path / "months.duckdb").status == "loaded"
    spec = specs.roadmap_timeline(Filters("50", None), tmp_path / "months.duckdb")
    assert list(dict.fromkeys(spec.data["month"])) == ["авг. 2023", "сент. 2023", "окт. 2023", "нояб. 2023"]
    assert int(spec.data["items"].sum()) == 2
    # (tester round t88) a month with no item is empty on the chart: no «0» label, no «0» total
    from app.charts import build_figure
    drawn = {t["name"]: t for t in build_figure(spec).to_dict()["data"]}
    assert all(x == "" for x in drawn["Всего"]["text"][1:3]) and drawn["Всего"]["text"][0].strip() == "1"
    assert all(not x for t in drawn.values() for x in t["text"][1:3])
    # (tester round t83) and the load says so too: such an item never shows as overdue
    res = pipeline.load_file(path, tmp_path / "again.duckdb")
    (w,) = [w for w in res.warnings if w.rule == "deadline_undated"]
    assert w.message.startswith("Срок не называет дня: мероприятие не попадёт в «просрочено»: строки")
    assert "«В течение года»" in w.message and "«по графику»" in w.message


@pytest.mark.parametrize("plan, fact", [("Срок (план)", "Срок (факт)"),
                                        ("Срок исполнения", "Фактический срок исполнения"),
                                        ("Срок реализации", "Дата исполнения (факт)"),
                                        ("Плановый срок", "Фактическая дата")])
def test_the_day_a_measure_was_done_is_kept_and_a_late_one_counted(dbp, tmp_path, monkeypatch, plan, fact):
    """A report with the planned and the actual dates: the actual one was «not recognised, not loaded» — the
    minister could not see what was done late. It is kept (`done_on`); the page counts what was done after its
    deadline and shows the dates in the table."""
    from streamlit.testing.v1 import AppTest

    from app import queries

    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.12.2023",
                    [[1, "Утверждение модели", "до 01.09.2023", "28.08.2023", "Минобразования", "выполнено"],
                     [2, "Обучение навигаторов", "до 01.11.2023", "15.11.2023", "АСОУ", "выполнено"],
                     [3, "Мониторинг готовности", "декабрь 2023", None, "МОУО", "в работе"]],
                    header=["№ п/п", "Мероприятие", plan, fact, "Ответственный", "Статус"])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert not [w for w in res.warnings if fact in (w.column or "")], [w.message for w in res.warnings]
    assert sql(dbp, "SELECT item_no, deadline, done_on FROM roadmap_items ORDER BY item_no") == [
        ("1", date(2023, 9, 1), date(2023, 8, 28)), ("2", date(2023, 11, 1), date(2023, 11, 15)),
        ("3", date(2023, 12, 31), None)]
    rm = queries.roadmap(str(dbp), queries.version(str(dbp)), "50")
    assert list(rm.sort_values("item_no")["late"]) == [False, True, False]
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    monkeypatch.delenv("MONITORING_USERS", raising=False)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "dashboard.py"), default_timeout=60)
    at.switch_page("pages/roadmap.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "из них позже срока: 1" in [c.value for c in at.caption]


@pytest.mark.parametrize("plan, fact", [("Срок", "Дата исполнения"),
                                        ("Дата исполнения (план)", "Дата исполнения (факт)"),
                                        ("Плановая дата исполнения", "Когда выполнено")])
def test_a_date_of_execution_beside_the_deadline_is_the_day_done(dbp, tmp_path, plan, fact):
    """(tester round t76) «Срок | … | Дата исполнения» was «not recognised, not loaded», and «Дата исполнения (план)»
    was loaded as the confirmation text — every deadline empty with no word."""
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.12.2023",
                    [[1, "Совещание с руководителями ОО", "сентябрь 2023", "МОУО", "выполнено", "15.09.2023"],
                     [2, "Обучение навигаторов", "до 01.11.2023", "АСОУ", "выполнено", "15.11.2023"],
                     [3, "Родительские собрания", "декабрь 2023", "ОО", "в работе", None]],
                    header=["№", "Мероприятие", plan, "Ответственный", "Статус", fact])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert not res.noted and not [w.message for w in res.warnings if w.column]
    assert sql(dbp, "SELECT item_no, deadline, done_on, evidence FROM roadmap_items ORDER BY item_no") == [
        ("1", date(2023, 9, 30), date(2023, 9, 15), None), ("2", date(2023, 11, 1), date(2023, 11, 15), None),
        ("3", date(2023, 12, 31), None, None)]


def test_a_lone_date_of_execution_is_asked_whether_it_is_the_deadline_or_the_day_done(dbp, tmp_path):
    """With no deadline column «Дата исполнения» may be either: asked, both offered, and the answer loads it."""
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 01.12.2023",
                    [[1, "Совещание с руководителями ОО", "МОУО", "выполнено", "15.09.2023"],
                     [2, "Обучение навигаторов", "АСОУ", "выполнено", "15.11.2023"]],
                    header=["№", "Мероприятие", "Ответственный", "Статус", "Дата исполнения"])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert '--map "Дата исполнения=срок"' in e.hint and '--map "Дата исполнения=дата исполнения (факт)"' in e.hint
    res = pipeline.load_file(path, dbp, overrides={"Дата исполнения": "done_on"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT done_on FROM roadmap_items ORDER BY item_no") == [(date(2023, 9, 15),),
                                                                             (date(2023, 11, 15),)]


def test_a_roadmaps_section_of_planned_measures_is_part_of_the_roadmap(dbp, tmp_path):
    """A roadmap is a plan: its section «Мероприятия, планируемые на 2024 год» holds measures (a plan's title row
    ends the facts of every other form)."""
    rows = [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено"],
            ["Мероприятия, планируемые к реализации в 2024 году", None, None, None, None],
            [2, "Вебинары для педагогов", "До 15.05.2024", "АСОУ", "не начато"],
            [3, "Региональный конкурс", "До 20.06.2024", "МОМО", "не начато"]]
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты профминимума, Московская область, на 02.10.2023",
                    rows)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no FROM roadmap_items ORDER BY source_row") == [("1",), ("2",), ("3",)]
    assert not [w for w in res.warnings if w.rule == "planned_rows_below"]


def test_the_result_of_execution_holding_statuses_is_the_status(dbp, tmp_path):
    """A tester's round: «Результат исполнения» with «выполнено», «в работе» loaded every measure with no status
    (the header's «результат» reads as the planned result, and the column was only «not recognised»)."""
    path = _roadmap(tmp_path / "ДК.xlsx", "Отчёт об исполнении дорожной карты по профминимуму в Московской области по "
                    "состоянию на 01.04.2024", [[1, "Назначение ответственных", "До 22.08.2023", "АСОУ", "выполнено"],
                                                [7, "Информационная кампания", "В течение года", "АСОУ", "в работе"],
                                                [15, "Исследование специфики ОО", "До 15.05.2024", "АСОУ",
                                                 "не выполнено"]],
                    HEADER[:4] + ["Результат исполнения"])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "unrecognised_column"]
    assert sql(dbp, "SELECT item_no, status FROM roadmap_items ORDER BY source_row") == [
        ("1", "выполнено"), ("7", "в работе"), ("15", "не выполнено")]


def test_information_on_execution_beside_the_status_is_its_confirmation(dbp, tmp_path):
    """A tester's round: «Информация об исполнении» with orders beside «Статус исполнения» was left unread, or —
    filled in two rows only — taken for the status (its catalogue wording is longer), every order an «unknown
    status» and the real statuses dropped."""
    rows = [[1, "Назначение ответственных", "До 22.08.2023", "МОСО", "Исполнено в срок",
             "Приказ МОСО от 21.08.2023 № 3.12-1100-р"],
            [2, "Создание рабочей группы", "До 22.08.2023", "МОСО", "исполнено", None],
            [3, "Подготовка отчёта о готовности ОО", "До 30.09.2023", "ГАУ СО АРЧК", "не в полном объеме", None],
            [4, "Исследование специфики ОО", "До 15.05.2024", "ГАУ СО АРЧК", "реализуется",
             "Распоряжение МОСО от 01.10.2023 № 3.12-1300-р"]]
    path = _roadmap(tmp_path / "ДК.xlsx", "Информация об исполнении дорожной карты в Сахалинской области по состоянию "
                    "на 25.12.2023", rows, HEADER[:4] + ["Статус исполнения", "Информация об исполнении"])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "unrecognised_column"]
    assert sql(dbp, "SELECT item_no, status, evidence FROM roadmap_items ORDER BY source_row") == [
        ("1", "выполнено", "Приказ МОСО от 21.08.2023 № 3.12-1100-р"), ("2", "выполнено", None),
        ("3", "в работе", None), ("4", "в работе", "Распоряжение МОСО от 01.10.2023 № 3.12-1300-р")]


def test_reports_on_execution_that_read_like_statuses_are_still_the_confirmation(dbp, tmp_path):
    """(tester round t78) «Информация об исполнении» beside «Статус» holding «Проведено 35 проб» and «перенесено»
    among orders: any text reading as a status made the column «not recognised», every confirmation lost."""
    rows = [[1, "Создание координационного центра", "до 01.10.2023", "МОСО", "выполнено",
             "Распоряжение МОСО от 20.09.2023 № 3.12-1300-р"],
            [2, "Обучение педагогов-навигаторов", "декабрь 2023", "ИРОСО", "вып.", "Обучено 140 чел."],
            [3, "Профпробы на базе ПОО", "до 31.05.2024", "АРЧК", "на контроле", "Проведено 35 проб"],
            [4, "Родительские собрания", "март 2024", "МОУО", "не исп.", "перенесено"]]
    path = _roadmap(tmp_path / "ДК.xlsx", "План-отчёт реализации профминимума в Сахалинской области, 1 полугодие "
                    "2024 г.", rows, ["№", "Мероприятие", "Срок", "Исполнитель", "Статус", "Информация об исполнении"])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and not [w for w in res.warnings if w.rule == "unrecognised_column"]
    assert sql(dbp, "SELECT status, evidence FROM roadmap_items ORDER BY source_row") == [
        ("выполнено", "Распоряжение МОСО от 20.09.2023 № 3.12-1300-р"), ("выполнено", "Обучено 140 чел."),
        ("в работе", "Проведено 35 проб"), ("не выполнено", "перенесено")]


def test_the_reports_date_in_a_file_name_with_underscores(dbp, tmp_path):
    """A tester's round: «ДК_исполнение_на_01.10.2023.xlsx» gave no report date (only «на 01.10.2023» with a space
    was read)."""
    path = _roadmap(tmp_path / "ДК_исполнение_на_01.10.2023.xlsx", "Исполнение дорожной карты профминимума",
                    [[1, "Назначение ответственных", "До 22.08.2023", "МОМО", "выполнено"]])
    assert pipeline.load_file(path, dbp, region="50").status == "loaded"
    assert sql(dbp, "SELECT as_of FROM roadmap_items") == [(date(2023, 10, 1),)]


def test_a_measure_going_on_with_plan_schedules_is_one_measure(dbp, tmp_path):
    """A tester's round: «…, в том числе» | «положений, приказов и планов-графиков ОО» on the next row was read as a
    plan's title (a section): the measure lost its end and the next measures were put under it."""
    path = _roadmap(tmp_path / "ДК.xlsx", "Исполнение дорожной карты по профминимуму в Московской области по состоянию "
                    "на 02.10.2023", [["1.1", "Создание рабочей группы", "До 22.08.2023", "МОМО", "исполнено"],
                                      ["1.2", "Разработка организационных документов, в том числе", "До 22.08.2023",
                                       "АСОУ, МОУО, ОО", "исполнено"],
                                      [None, "положений, приказов и планов-графиков ОО", None, None, None],
                                      ["1.3", "Создание чата в мессенджере", "До 25.08.2023", "АСОУ", "исполнено"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded" and res.rows_loaded == 3
    assert sql(dbp, "SELECT item_no, section, measure FROM roadmap_items ORDER BY source_row") == [
        ("1.1", None, "Создание рабочей группы"),
        ("1.2", None, "Разработка организационных документов, в том числе положений, приказов и планов-графиков ОО"),
        ("1.3", None, "Создание чата в мессенджере")]
    assert [w.rule for w in res.warnings] == ["measure_continued"]


def test_a_yearless_august_before_the_years_measures_is_the_august_it_starts_after(dbp, tmp_path):
    """A tester's round: «август», «до 25 августа» at the top of a plan for 2023/2024 (the preparation, as in both
    regions' roadmaps: «До 22.08.2023») were put in August 2024, after the measures done by the report's date; an
    August after the year's measures (the summing up) is the year's last."""
    path = _roadmap(tmp_path / "ПГ.xlsx", "План-график мероприятий по реализации профминимума на 2023/2024 учебный год",
                    [[1, "Назначение ответственных", "август", "МОСО", "выполнено"],
                     [2, "Перечень ОО с уровнями", "до 25 августа", "МОСО", "выполнено"],
                     [3, "Итоговая конференция", "май", "МОСО", "не начато"],
                     [4, "Подведение итогов года", "август", "МОСО", "не начато"]])
    assert pipeline.load_file(path, dbp, region="65").status == "loaded"
    assert sql(dbp, "SELECT deadline FROM roadmap_items ORDER BY source_row") == [
        (date(2023, 8, 31),), (date(2023, 8, 25),), (date(2024, 5, 31),), (date(2024, 8, 31),)]


def test_texts_of_execution_with_documents_are_the_confirmation_and_a_status_where_they_name_one(dbp, tmp_path):
    """(tester round t92) «Информация об исполнении» alone: «Исполнено. Распоряжение …» and «Распоряжение МОМО от
    21.08.2023 № Р-901» — the second was refused as an unknown status, and no confirmation was stored."""
    path = _roadmap(tmp_path / "ДК.xlsx", "Отчёт об исполнении дорожной карты по реализации профминимума в Московской "
                    "области по состоянию на 01.01.2024", [
                        [1, "Назначение ответственных", "до 22.08.2023", "МОМО",
                         "Исполнено. Распоряжение МОМО от 21.08.2023 № Р-901"],
                        [2, "Информационная кампания", "до 01.12.2023", "АСОУ",
                         "Распоряжение МОМО от 21.08.2023 № Р-901"]],
                    header=["№ п/п", "Мероприятие", "Срок", "Ответственный", "Информация об исполнении"])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT item_no, status, evidence FROM roadmap_items ORDER BY 1") == [
        ("1", "выполнено", "Исполнено. Распоряжение МОМО от 21.08.2023 № Р-901"),
        ("2", None, "Распоряжение МОМО от 21.08.2023 № Р-901")]
    assert [w for w in res.warnings if w.rule == "status_not_given" and "строка 4" in w.message]
