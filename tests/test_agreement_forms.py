"""The agreements form as coordinators fill it (etl/agreement_rules.py): one row per agreement."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import _upload_fixtures as fx
from conftest import sql
from etl import pipeline

HEADER = ["№ п/п", "Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра",
          "Номер договора", "Дата заключения"]


def agreements(path: Path, rows: list[list]) -> Path:
    return fx.form_xlsx(path, ["Мониторинг заключения договоров о сетевом взаимодействии",
                               "по состоянию на 01.01.2025 (IV квартал 2024 года)"], HEADER, rows, sheet="Договоры")


def load(dbp, path):
    return pipeline.load_file(path, dbp, region="50")


def test_a_partners_type_written_as_a_schools_legal_form_is_a_school_never_a_group_row(dbp, tmp_path):
    """(tester round t92) «Тип партнёра» written «МБОУ», «ЧОУ»: the rows were taken for group rows («МБОУ/МАОУ» over
    their schools) and four agreements of six were dropped with no word."""
    path = agreements(tmp_path / "Королёв.xlsx", [
        [1, "Королёв", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «Технологический университет»", "1", "01.10.2024"],
        [2, "Королёв", "МБОУ СОШ № 2", "МБОУ", "МБОУ СОШ № 5", "2", "01.10.2024"],
        [3, "Королёв", "МБОУ СОШ № 3", "МАОУ", "МАОУ Лицей № 4", "3", "01.10.2024"],
        [4, "Королёв", "МБОУ СОШ № 4", "ЧОУ", "ЧОУ «Школа «Летово»»", "4", "01.10.2024"]])
    res = load(dbp, path)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT partner_type, count(*) FROM agreements GROUP BY 1 ORDER BY 1") == [("ВУЗ", 1), ("ОО", 3)]


def test_an_agreements_validity_says_whether_it_is_in_force_when_its_state_is_not_given(dbp, tmp_path):
    """(tester round t92) «до 31.08.2023» beside an empty «Статус договора» was counted in force at 31.12.2023; «1 год»
    from «№ 1 от 01.09.2022» too; «до 30.06.2023 (автопролонгация)» was dropped; «Дог. № 15» kept whole."""
    header = ["ОО", "Тип партнёра", "Партнёр", "Номер и дата договора", "Срок действия", "Статус договора"]
    path = fx.form_xlsx(tmp_path / "Дмитров.xlsx", ["Мониторинг договоров о сетевом взаимодействии, Дмитровский "
                                                    "городской округ, по состоянию на 01.01.2024"], header, [
        ["МОУ СОШ № 1", "ВУЗ", "Университет «Дубна»", "Дог. № 21 от 01.09.2023", "бессрочно", "действует"],
        ["МОУ СОШ № 2", "предприятие", "ООО «Трикотаж»", "№ 8 от 10.09.2022", "до 31.08.2023", None],
        ["МОУ СОШ № 3", "СПО", "Техникум", "№ 9 от 01.09.2022", "1 год", None],
        ["МОУ СОШ № 4", "СПО", "Колледж", "№ 10 от 01.09.2022", "до 30.06.2023 (автопролонгация)", None]])
    res = load(dbp, path)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name, agreement_no FROM agreements ORDER BY 1") == [
        ("МОУ СОШ № 1", "21"), ("МОУ СОШ № 4", "10")]
    (ended,) = [w for w in res.warnings if "не действуют" in w.message]
    assert "2 (строки 4, 5)" in ended.message


def test_partners_names_by_type_under_a_title_of_network_partners_are_agreements(dbp, tmp_path):
    """(tester round t92) «ВУЗ | СПО | Индустриальный партнёр | МОУО | ОО» holding the partners' names, under
    «Сведения о сетевых партнёрах ОО»: no kind was told («готовность ОО» suggested)."""
    path = fx.form_xlsx(tmp_path / "Ступино.xlsx", ["Сведения о сетевых партнёрах ОО г.о. Ступино на 01.01.2025"],
                        ["№ п/п", "Наименование ОО", "ВУЗ", "СПО", "Индустриальный партнёр", "МОУО", "ОО"],
                        [[1, "МАОУ СОШ № 1 г. Ступино", "МГТУ «СТАНКИН»", "ГБПОУ МО «Ступинский техникум»", "АО «СМК»",
                          "-", "МАОУ СОШ № 2 г. Ступино"]])
    res = load(dbp, path)
    assert res.status == "loaded" and res.kind == "agreements", [e.message for e in res.errors]
    assert sql(dbp, "SELECT partner_type FROM agreements ORDER BY 1") == [
        ("ВУЗ",), ("ОО",), ("СПО",), ("индустриальный партнёр",)]


def test_several_partners_in_one_cell_are_asked_to_be_split(dbp, tmp_path):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "СПО", "ГБПОУ МО «Колледж «Подмосковье»»;\nГБПОУ МО «Химкинский техникум»",
         "16/СВ; 18", dt.date(2023, 9, 4)]]))
    assert res.status == "rejected"
    (e,) = res.errors
    assert (e.rule, e.row) == ("several_in_cell", 4) and e.message.startswith(
        "В ячейке 2 партнёра («ГБПОУ МО «Колледж «Подмосковье»»»; «ГБПОУ МО «Химкинский техникум»»): одна строка")
    assert sql(dbp, "SELECT count(*) FROM agreements") == [(0,)]


@pytest.mark.parametrize("partner, number, said", [
    # (a tester's Sakhalin forms: each loaded as ONE agreement whose partner joined the names)
    ("1. ФГБОУ ВО «Сахалинский государственный университет»\n2. ГБПОУ «Сахалинский политехнический центр № 5»\n"
     "3. ООО «Газпром добыча шельф Южно-Сахалинск»", "15/23\nСВ-7\n112-ГДШ", "В ячейке 3 партнёра"),
    ("1) ФГБОУ ВО «Сахалинский государственный университет»; 2) ГБПОУ «Сахалинский политехнический центр № 5»",
     "15/23", "В ячейке 2 партнёра"),
    ("ФГБОУ ВО «Сахалинский государственный университет»; Южно-Сахалинский институт (филиал) ФГБОУ ВО «РЭУ им. "
     "Г.В. Плеханова»", "15/23", "В ячейке 2 партнёра"),
    ("САХГУ, ДВФУ, РЭУ им. Плеханова", "15/23", "В ячейке 3 партнёра («САХГУ»; «ДВФУ»; «РЭУ им. Плеханова»)"),
    ("ФГБОУ ВО «Сахалинский государственный университет»", "15/23; 21/23",
     "В ячейке 2 номера договора («15/23»; «21/23»)"),
])
def test_several_agreements_in_one_row_however_listed_are_asked_to_be_split(dbp, tmp_path, partner, number, said):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", partner, number, dt.date(2023, 9, 15)],
        [2, "Химки", "МБОУ СОШ № 2", "ВУЗ", "ФГБОУ ВО «МАИ»", "16/23", dt.date(2023, 9, 15)]]))
    assert res.status == "rejected"
    (e,) = res.errors
    assert (e.rule, e.row) == ("several_in_cell", 4) and e.message.startswith(said), e.message
    assert e.message.endswith("одна строка — один договор")


@pytest.mark.parametrize("partner", [
    "ФГБОУ ВО «Сахалинский государственный университет», Институт психологии и педагогики",
    "ООО «Газпром добыча шельф Южно-Сахалинск», г. Южно-Сахалинск",
    "ООО «Рога, Копыта и Ко»",
    "1. ФГБОУ ВО «Московский государственный\nтехнический университет»",
])
def test_one_partner_written_with_commas_or_on_two_lines_is_one_agreement(dbp, tmp_path, partner):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", partner, "15/23", dt.date(2023, 9, 15)]]))
    assert res.status == "loaded" and res.rows_loaded == 1, [e.message for e in res.errors]


def test_a_partners_long_name_on_two_lines_is_one_partner(dbp, tmp_path):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «Московский государственный\nтехнический университет»", "15",
         dt.date(2023, 9, 1)]]))
    assert res.status == "loaded" and res.rows_loaded == 1


def test_schools_listed_in_one_cell_are_asked_to_be_split(dbp, tmp_path):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1, МАОУ Лицей № 6, МБОУ Гимназия № 9", "СПО", "ГБПОУ МО «Химкинский техникум»",
         "5-СВ", dt.date(2023, 9, 1)]]))
    (e,) = res.errors
    assert e.rule == "several_in_cell" and e.message.endswith("у каждой ОО своя строка")


def test_an_agreement_dated_after_the_period_is_asked_about(dbp, tmp_path):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "15", dt.date(2023, 9, 1)],
        [2, "Химки", "МБОУ СОШ № 2", "ВУЗ", "ФГБОУ ВО «МАИ»", "44", dt.date(2052, 9, 1)]]))  # 2025 mistyped
    assert res.status == "rejected"
    (e,) = res.errors
    assert (e.rule, e.row) == ("signed_after_period", 5) and e.message.startswith(
        "Дата договора 01.09.2052 — позже конца периода (IV квартал 2024 г., 31.12.2024)")


def test_rows_saying_a_school_has_no_agreement_are_no_agreements(dbp, tmp_path):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "15", dt.date(2023, 9, 1)],
        [2, "Химки", "МБОУ Гимназия № 9", None, "нет", None, None],
        [3, "Химки", "МБОУ СОШ № 10", "-", "-", "-", "-"],
        [4, "Химки", "МБОУ СОШ № 14", None, "договоры не заключены", None, None]]))
    assert res.status == "loaded" and res.rows_loaded == 1
    assert sql(dbp, "SELECT partner_name FROM agreements") == [("ФГБОУ ВО «МГТУ им. Н.Э. Баумана»",)]
    (w,) = [w for w in res.warnings if w.rule == "no_agreement_rows"]
    assert w.message.startswith("3 строки без договора («нет», «-»): не загружаются")


def test_a_municipality_whose_every_row_says_none_sent_the_form_with_no_agreement(dbp, tmp_path):
    """Tester round t86: a regional form's «Мытищи | МБОУ СОШ № 3 | нет» made Мытищи «не сдали» — its schools left
    the share's denominator (60,9 % for 51,9 %) and the tracker said «просрочено»."""
    from app import kpi, tracker
    from app.filters import Filters

    ready = fx.readiness_xlsx(tmp_path / "готовность_2024-Q4.xlsx", [
        ("Химки", "МБОУ СОШ № 1", "базовый", "да", 100, 90), ("Химки", "МБОУ Лицей № 6", "базовый", "да", 80, 70),
        ("Мытищи", "МБОУ СОШ № 3", "базовый", "да", 90, 80), ("Мытищи", "МБОУ СОШ № 4", "базовый", "да", 90, 80)])
    assert pipeline.load_file(ready, dbp, period="2024-Q4", region="50").status == "loaded"
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "15", dt.date(2023, 9, 1)],
        [2, "Химки", "МБОУ Лицей № 6", None, "нет", None, None],
        [3, "Мытищи", "МБОУ СОШ № 3", None, "договоры не заключены", None, None],
        [4, "Мытищи", "МБОУ СОШ № 4", "-", "нет", "-", "-"]]))
    assert res.status == "loaded" and res.rows_loaded == 1
    assert "2 муниципалитета" not in res.message and "Мытищи" in res.message and res.municipalities == [
        "Мытищи", "Химки"]
    (w,) = [w for w in res.warnings if w.rule == "no_agreement_rows"]
    assert w.message.endswith("договоров нет ни у одной ОО: Мытищи — считается сдавшим форму с 0 договоров")
    card = {k.key: k for k in kpi.key_figures(Filters("50", "2024-Q4"), dbp)}["agreement_share"]
    assert card.text == "25,0\u00a0%" and card.denominator.startswith("1 из 4 ОО")  # not 1 of Химки's 2
    _s, forms, _due = tracker.matrix(dbp, "50", "2024-Q4")
    assert forms["Договоры"]["Мытищи"] != "overdue"
    # (tester round t88) the chart by municipality shows Мытищи with 0
    from app import specs
    chart = specs.agreements_municipalities(Filters("50", "2024-Q4"), dbp)
    assert dict(chart.data.groupby("municipality")["agreements"].sum()) == {"Химки": 1, "Мытищи": 0}
    # a municipality's own form of «нет» only loads too: sent, with no agreement (was «нет данных» — refused)
    own = fx.form_xlsx(tmp_path / "Мытищи.xlsx", ["Договоры о сетевом взаимодействии, г.о. Мытищи, IV квартал 2024 г."],
                       ["Наименование ОО", "Наименование партнёра", "Номер договора"],
                       [["МБОУ СОШ № 3", "нет", None], ["МБОУ СОШ № 4", "-", "-"]])
    first = res.load_id
    res = load(dbp, own)
    assert res.status == "loaded" and res.municipalities == ["Мытищи"], res.message
    assert "Мытищи" in res.message
    # … and its load, with no row, is a source of the figures (t88: not listed, though counted as sent)
    from app import queries
    queries.version.clear()
    chart = specs.agreements_municipalities(Filters("50", "2024-Q4"), dbp)
    assert f"загрузки № {first}, {res.load_id}" in chart.source, chart.source


def test_a_school_written_short_in_one_form_and_in_full_in_the_other_is_one_school(dbp, tmp_path):
    from app import kpi
    from app.filters import Filters

    full = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»"
    ready = fx.readiness_xlsx(tmp_path / "готовность_2024-Q4.xlsx", [
        ("Химки", full, "базовый", "да", 100, 90), ("Химки", "МБОУ Лицей № 6", "базовый", "да", 80, 70)])
    assert pipeline.load_file(ready, dbp, period="2024-Q4", region="50").status == "loaded"
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ №1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "15", dt.date(2023, 9, 1)]]))
    assert res.status == "loaded"
    figs = {k.key: k for k in kpi.key_figures(Filters("50", "2024-Q4"), dbp)}
    assert figs["agreement_share"].denominator.startswith("1 из 2 ОО")  # not «0 из 2»


def test_an_agreement_of_the_weeks_after_the_period_is_said_not_refused(dbp, tmp_path):
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "15", dt.date(2025, 1, 20)]]))
    assert res.status == "loaded"  # the form is filled in January: said
    (w,) = [w for w in res.warnings if w.rule == "signed_soon_after_period"]
    assert "договор учтён в периоде, хотя заключён после его окончания" in w.message


def test_an_agreement_whose_validity_ended_before_the_period_ends_is_not_in_force(dbp, tmp_path):
    path = fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, IV квартал 2024 года"],
                        ["Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра",
                         "Срок действия договора"],
                        [["Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»",
                          "с 01.09.2022 по 31.08.2024"],  # over before the period's end
                         ["Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»",
                          "с 01.09.2023 по 31.08.2026"]])
    res = load(dbp, path)
    assert res.status == "loaded" and res.rows_loaded == 1
    assert sql(dbp, "SELECT school_name, signed_on FROM agreements") == [("МБОУ СОШ № 2", dt.date(2023, 9, 1))]
    assert [w.rule for w in res.warnings if w.rule == "agreement_not_in_force"] == ["agreement_not_in_force"]


def test_the_card_says_whose_agreements_are_outside_the_share(dbp, tmp_path):
    from app import kpi
    from app.filters import Filters

    ready = fx.readiness_xlsx(tmp_path / "готовность_2024-Q4.xlsx", [
        ("Химки", "МБОУ СОШ № 1", "базовый", "да", 100, 90), ("Химки", "МБОУ Лицей № 6", "базовый", "да", 80, 70)])
    assert pipeline.load_file(ready, dbp, period="2024-Q4", region="50").status == "loaded"
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "15", dt.date(2023, 9, 1)],
        [2, "Мытищи", "МБОУ СОШ № 3", "СПО", "ГБПОУ МО «Мытищинский колледж»", "7", dt.date(2023, 9, 1)]]))
    assert res.status == "loaded"
    card = {k.key: k for k in kpi.key_figures(Filters("50", "2024-Q4"), dbp)}["agreement_share"]
    assert card.denominator.startswith("1 из 2 ОО")
    assert card.denominator.endswith("договоры «Мытищи» в долю не вошли: нет формы готовности")
    # (tester round t88) «Кратко» says it too
    assert "Хотя бы один договор есть у 50,0\u00a0% ОО (договоры «Мытищи» в долю не вошли: нет формы готовности)." \
        in kpi.summary_sentences(Filters("50", "2024-Q4"), dbp), kpi.summary_sentences(Filters("50", "2024-Q4"), dbp)


def test_a_partner_written_with_other_quotes_is_one_partner(dbp, tmp_path):
    from app import queries

    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "предприятие", "АО «Метровагонмаш»", "1", dt.date(2023, 9, 1)],
        [2, "Мытищи", "МБОУ СОШ № 3", "предприятие", 'АО "Метровагонмаш"', "2", dt.date(2023, 9, 1)],
        [3, "Мытищи", "МБОУ СОШ № 4", "предприятие", "АО «Метровагонмаш»", "3", dt.date(2023, 9, 1)],
        [4, "Мытищи", "МБОУ СОШ № 4", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "4", dt.date(2023, 9, 1)]]))
    assert res.status == "loaded"
    db = str(dbp)
    got = queries.agreements_partners(db, queries.version(db), "50", "2024-Q4", (), None)
    assert got.values.tolist() == [["АО «Метровагонмаш»", "индустриальный партнёр", 3, 3, 2],
                                   ["ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "ВУЗ", 1, 1, 1]]


def test_a_partner_written_once_each_way_is_shown_with_the_russian_quotes(dbp, tmp_path):
    from app import queries

    load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "предприятие", 'АО "Метровагонмаш"', "1", dt.date(2023, 9, 1)],
        [2, "Мытищи", "МБОУ СОШ № 3", "предприятие", "АО «Метровагонмаш»", "2", dt.date(2023, 9, 1)]]))
    got = queries.agreements_partners(str(dbp), queries.version(str(dbp)), "50", "2024-Q4", (), None)
    assert got["partner_name"].tolist() == ["АО «Метровагонмаш»"]


def test_a_validity_column_beside_the_date_says_which_agreements_ended(dbp, tmp_path):
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, IV квартал 2024 года"],
                                 HEADER + ["Срок действия"],
                                 [[1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "15",
                                   dt.date(2023, 9, 1), "по 31.08.2026"],
                                  [2, "Химки", "МАОУ Лицей № 6", "СПО", "ГБПОУ МО «Колледж «Подмосковье»»", "3",
                                   dt.date(2022, 9, 1), "по 31.08.2024"],  # ended before 31.12.2024
                                  [3, "Химки", "МБОУ Гимназия № 9", "ВУЗ", "ФГБОУ ВО «МАИ»", "8",
                                   dt.date(2023, 3, 1), "бессрочно"]]))
    assert res.status == "loaded" and res.rows_loaded == 2
    assert sql(dbp, "SELECT school_name FROM agreements ORDER BY source_row") == [("МБОУ СОШ № 1",),
                                                                                  ("МБОУ Гимназия № 9",)]
    assert [w.rule for w in res.warnings if w.rule == "agreement_not_in_force"] == ["agreement_not_in_force"]


def test_an_agreement_a_note_says_ended_is_not_in_force(dbp, tmp_path):
    """«Примечание: расторгнут 01.03.2024» beside an agreement: not counted as in force at 31.12.2024; one ended
    after the period's end, «не расторгнут» and «пролонгирован» are."""
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, IV квартал 2024 года"],
                                 HEADER + ["Примечание"],
                                 [[1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "15", dt.date(2023, 9, 1),
                                   "не расторгнут"],
                                  [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "3",
                                   dt.date(2022, 9, 1), "Договор расторгнут 01.03.2024"],
                                  [3, "Химки", "МБОУ СОШ № 3", "ВУЗ", "ФГБОУ ВО «МАИ»", "8", dt.date(2023, 3, 1),
                                   "расторгнут 20.01.2025"],
                                  [4, "Химки", "МБОУ СОШ № 4", "ВУЗ", "ФГБОУ ВО «МАИ»", "9", dt.date(2023, 3, 1),
                                   "утратил силу"],
                                  [5, "Химки", "МБОУ СОШ № 5", "ВУЗ", "ФГБОУ ВО «МАИ»", "10", dt.date(2023, 3, 1),
                                   "пролонгирован"]]))
    assert res.status == "loaded" and res.rows_loaded == 3
    assert sql(dbp, "SELECT school_name FROM agreements ORDER BY source_row") == [
        ("МБОУ СОШ № 1",), ("МБОУ СОШ № 3",), ("МБОУ СОШ № 5",)]
    said = next(w for w in res.warnings if w.rule == "ended_by_note")
    assert "строка 4: «Договор расторгнут 01.03.2024»" in said.message and "строка 6: «утратил силу»" in said.message
    assert said.column.endswith("«Примечание»")
    # (a tester read «Договоров, о прекращении которых сказано …: 3 … не учитываются» beside «не действуют: 2»: the
    # note's warning gives no count of its own — the rows left out are those the other warning counts)
    assert "прекращённые позже — учитываются как действующие" in said.message
    gone = next(w for w in res.warnings if w.rule == "agreement_not_in_force")
    assert "2 (строки 4, 6)" in gone.message


def test_a_note_saying_prolonged_beside_an_ended_validity_keeps_the_agreement(dbp, tmp_path):
    """(tester round t77) «Срок действия: по 31.08.2023» and «Примечание: пролонгирован до 31.08.2024»: the agreement
    was left out as expired at 31.03.2024 (СПО 0 for 1)."""
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, I квартал 2024 года"],
                                 HEADER + ["Срок действия", "Примечание"],
                                 [[1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "3", dt.date(2022, 9, 1),
                                   "по 31.12.2023", None],
                                  [2, "Химки", "МБОУ СОШ № 1", "СПО", "ГБПОУ МО «Химкинский техникум»", "8",
                                   dt.date(2022, 9, 1), "по 31.08.2023", "пролонгирован до 31.08.2024"],
                                  [3, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "9",
                                   dt.date(2022, 9, 1), "по 31.08.2023", "Договор продлён"],
                                  [4, "Химки", "МБОУ СОШ № 3", "ВУЗ", "ФГБОУ ВО «МАИ»", "10", dt.date(2022, 9, 1),
                                   "по 31.08.2023", "не пролонгирован"]]))
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT source_row FROM agreements ORDER BY source_row") == [(4,), (5,)]
    (said,) = [w for w in res.warnings if w.rule == "prolonged_by_note"]
    assert "строка 4: «пролонгирован до 31.08.2024»" in said.message and "строка 5: «Договор продлён»" in said.message


def test_a_note_saying_prolonged_beside_a_state_column_of_dates_keeps_the_agreement(dbp, tmp_path):
    """«Действует до: 31.12.2023» (read as the state column, its dates the validity) and «Прим.: продлён до
    31.12.2024»: left out as expired at 31.03.2024 — the note was read only beside a «Срок действия» column."""
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, I квартал 2024 года"],
                                 HEADER + ["Действует до", "Прим."],
                                 [[1, "Коломна", "МАОУ Лицей № 4", "предприятие", "АО «Коломенский завод»", "22/К",
                                   dt.date(2023, 11, 15), "31.12.2023", "продлён до 31.12.2024"],
                                  [2, "Коломна", "МБОУ СОШ № 9", "предприятие", "ООО «Авангард»", "3",
                                   dt.date(2023, 3, 20), "31.12.2023", None]]))
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name FROM agreements") == [("МАОУ Лицей № 4",)]
    assert [w for w in res.warnings if w.rule == "prolonged_by_note"]


def test_a_validity_as_a_term_among_dates_still_says_which_ended(dbp, tmp_path):
    """«5 лет» among the dates of a «Срок действия» column (it made the whole column be left out: an agreement ended
    in 2023 was counted as in force, no word said): a term runs from the agreement's date; the dates still count;
    a text that is none of them stops the file on its row."""
    rows = [[1, "Химки", "МБОУ СОШ № 1", "предприятие", "ООО «Химкинский завод»", "3", dt.date(2022, 9, 1),
             "01.09.2022 – 31.12.2023"],  # ended before 31.12.2024
            [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "4", dt.date(2023, 9, 1), "5 лет"],
            [3, "Химки", "МБОУ СОШ № 3", "ВУЗ", "ФГБОУ ВО «МАИ»", "5", dt.date(2019, 9, 1), "на 3 года"],  # 31.08.2022
            [4, "Химки", "МБОУ СОШ № 4", "ВУЗ", "ФГБОУ ВО «МАИ»", "6", dt.date(2023, 9, 1), "бессрочно"]]
    title = ["Договоры о сетевом взаимодействии, IV квартал 2024 года"]
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", title, HEADER + ["Срок действия договора"], rows))
    assert res.status == "loaded" and res.rows_loaded == 2
    assert sql(dbp, "SELECT school_name FROM agreements ORDER BY source_row") == [("МБОУ СОШ № 2",),
                                                                                  ("МБОУ СОШ № 4",)]
    rows[1][-1] = "см. договор"
    res = pipeline.prepare(fx.form_xlsx(tmp_path / "д2.xlsx", title, HEADER + ["Срок действия договора"], rows),
                           region="50")
    (e,) = res.errors
    assert e.value == "см. договор" and "срок действия договора" in e.message and "«на 5 лет»" in e.message


def test_a_note_saying_ended_counts_beside_a_validity_column(dbp, tmp_path):
    """«Примечание: расторгнут 01.02.2024» in a form that also has a «Срок действия» column (the note was not read:
    the terminated agreement was counted as in force)."""
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, IV квартал 2024 года"],
                                 HEADER + ["Срок действия", "Примечание"],
                                 [[1, "Химки", "МБОУ СОШ № 1", "предприятие", "ООО «Химкинский завод»", "3",
                                   dt.date(2023, 11, 15), "по 31.08.2026", "расторгнут 01.02.2024"],
                                  [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "4",
                                   dt.date(2023, 9, 1), "по 31.08.2026", "пролонгирован"],
                                  [3, "Химки", "МБОУ СОШ № 3", "ВУЗ", "ФГБОУ ВО «МАИ»", "5", dt.date(2022, 9, 1),
                                   "по 31.08.2024", None]]))
    assert res.status == "loaded" and res.rows_loaded == 1
    assert sql(dbp, "SELECT school_name FROM agreements") == [("МБОУ СОШ № 2",)]
    assert {"ended_by_note", "agreement_not_in_force"} <= {w.rule for w in res.warnings}


def test_a_state_column_is_read_and_can_be_given_by_the_analyst(dbp, tmp_path):
    """«Состояние договора» (действует / истёк) is the agreement's state; a column of states under a header that
    says nothing («Графа 8») is asked about, and the analyst's «договор действует» is taken (it was dropped: the
    same refusal came back and the only way out, «-», counted the expired agreement)."""
    rows = [[1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "5", dt.date(2023, 9, 1), "действует"],
            [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "4", dt.date(2022, 9, 1), "истёк"]]
    title = ["Договоры о сетевом взаимодействии, IV квартал 2024 года"]
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", title, HEADER + ["Состояние договора"], rows))
    assert res.status == "loaded" and res.rows_loaded == 1
    f = fx.form_xlsx(tmp_path / "д2.xlsx", title, HEADER + ["Графа 8"], rows)
    assert pipeline.load_file(f, tmp_path / "m2.duckdb").status == "rejected"
    res = pipeline.load_file(f, tmp_path / "m2.duckdb", overrides={"Графа 8": "in_force"})
    assert res.status == "loaded" and res.rows_loaded == 1
    assert sql(tmp_path / "m2.duckdb", "SELECT school_name FROM agreements") == [("МБОУ СОШ № 1",)]


def test_one_agreement_with_several_schools_is_counted_at_each_and_said(dbp, tmp_path):
    """A network agreement (one number, one date, one partner) written on the row of each of its three schools:
    each school has an agreement (the share), and the card says how many different agreements there are."""
    from app import kpi
    from app.filters import Filters

    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "15", dt.date(2024, 9, 1)],
        [2, "Химки", "МБОУ СОШ № 2", "ВУЗ", "ФГБОУ ВО \"МАИ\"", "15", dt.date(2024, 9, 1)],
        [3, "Химки", "МБОУ СОШ № 3", "ВУЗ", "ФГБОУ ВО «МАИ»", "15", dt.date(2024, 9, 1)],
        [4, "Химки", "МБОУ СОШ № 3", "СПО", "ГБПОУ МО «Химкинский техникум»", "3", dt.date(2024, 9, 2)]]))
    assert res.status == "loaded"
    card = {k.key: k for k in kpi.key_figures(Filters("50", "2024-Q4"), dbp)}["agreements"]
    assert card.text == "4"
    assert card.denominator.endswith("договор с несколькими ОО учтён у каждой: разных договоров 2")
    text = " ".join(kpi.summary_sentences(Filters("50", "2024-Q4"), dbp))
    assert "Договор с несколькими ОО учтён у каждой ОО; разных договоров — 2." in text


def test_two_partners_with_the_same_number_and_date_are_two_agreements(dbp, tmp_path):
    """Number «1-СВ-47» of 12.09.2023 with Wildberries and with a college: two agreements, not one network one
    (the partner's key reads Cyrillic names: a key of Latin letters and digits only made every name one)."""
    from app import kpi
    from app.filters import Filters

    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "предприятие", "ООО «Вайлдберриз»", "1-СВ-47", dt.date(2024, 9, 12)],
        [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГАПОУ МО «Подмосковный колледж «Энергия»", "1-СВ-47",
         dt.date(2024, 9, 12)]]))
    assert res.status == "loaded"
    card = {k.key: k for k in kpi.key_figures(Filters("50", "2024-Q4"), dbp)}["agreements"]
    assert card.text == "2" and "разных договоров" not in card.denominator


def test_requisites_with_their_date_beside_an_open_ended_validity_and_a_signed_footer(tmp_path):
    """«№ и дата договора» carries the date, so «Срок действия» («01.09.2023 – 31.08.2025», «бессрочно») says
    whether each agreement is in force (it was taken for the date and «бессрочно» stopped the file); «предпр.» is
    an industrial partner; «Ответственный: Козлова Т.И., тел.» under the table is its footer, not an agreement."""
    f = fx.form_xlsx(tmp_path / "дубна.xlsx", ["Сведения о договорах сетевого взаимодействия ОО г.о. Дубна, "
                                               "IV квартал 2023 года"],
                     ["№", "Наименование ОО", "С кем заключён договор", "Тип партнёра", "№ и дата договора",
                      "Срок действия"],
                     [[1, "МБОУ СОШ № 1", "ГУ «Дубна»", "ВО", "№ 5 от 01.09.2023", "01.09.2023 – 31.08.2025"],
                      [2, "МАОУ «Лицей № 10»", "АО «ДМЗ»", "предпр.", "№ 2/23 от 11.09.2023", "бессрочно"],
                      [3, "МБОУ «Гимназия № 3»", "ООО «Дубна-Техника»", "предпр.", "№ 8 от 01.09.2021",
                       "01.09.2021 – 31.08.2023"],
                      [None, "Ответственный: Козлова Т.И., 8-495-581-00-00"]])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded" and res.rows_loaded == 2, (res.message, [e.message for e in res.errors])
    got = sql(tmp_path / "m.duckdb", "SELECT partner_type, agreement_no, signed_on FROM agreements ORDER BY 2")
    assert got == [("индустриальный партнёр", "2/23", dt.date(2023, 9, 11)), ("ВУЗ", "5", dt.date(2023, 9, 1))]
    # the analyst's «not this column» stands: the validity is not read at all then
    res = pipeline.load_file(f, tmp_path / "m2.duckdb", overrides={"Срок действия": "-"})
    assert res.status == "loaded" and res.rows_loaded == 3


def test_a_validity_for_a_school_year_is_to_its_end(tmp_path):
    """(tester round t80) «Срок действия: на 2023/2024 уч. год» refused the whole file («Неизвестное состояние или
    срок действия»): it is valid to 31.08.2024 — in force in I quarter 2024, expired in I quarter 2025."""
    rows = [[1, "МБОУ СОШ № 1", "ГУ «Дубна»", "ВУЗ", "01.09.2023", "на 2023/2024 уч. год"],
            [2, "МАОУ «Лицей № 10»", "АО «ДМЗ»", "предприятие", "11.09.2023", "бессрочно"]]
    header = ["№", "Наименование ОО", "Партнёр", "Тип партнёра", "Дата заключения", "Срок действия"]
    for period, loaded in (("I квартал 2024 года", 2), ("I квартал 2025 года", 1)):
        f = fx.form_xlsx(tmp_path / f"дубна {period}.xlsx", [f"Договоры ОО г.о. Дубна, {period}"], header, rows)
        res = pipeline.load_file(f, tmp_path / f"{period}.duckdb")
        assert res.status == "loaded" and res.rows_loaded == loaded, (res.message, [e.message for e in res.errors])


def test_a_column_headed_by_the_agreement_alone_holding_its_requisites(tmp_path):
    """«Договор»: «Договор № 34/23 от 06.09.2023г.» — the agreement's number and date."""
    f = fx.form_xlsx(tmp_path / "невельск.xlsx", ["Договоры о сетевом взаимодействии, Невельский городской округ, "
                                                  "2 полугодие 2023 года"],
                     ["№ п/п", "Наименование общеобразовательной организации", "Сторона договора (партнёр)",
                      "Категория партнёра", "Договор"],
                     [[1, "МБОУ СОШ № 1 г. Невельска", "ФГБОУ ВО «СахГУ»", "образовательная организация высшего "
                       "образования", "Договор № 34/23 от 06.09.2023г."],
                      [2, "МБОУ СОШ № 2 г. Невельска", "ГБПОУ «СТОТиС»", "профессиональная образовательная "
                       "организация", "Договор № 94/23 от 16.09.2023г."]])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(tmp_path / "m.duckdb", "SELECT agreement_no, signed_on FROM agreements ORDER BY 1") == [
        ("34/23", dt.date(2023, 9, 6)), ("94/23", dt.date(2023, 9, 16))]


def test_counts_of_agreements_per_school_in_units_are_a_summary_form(dbp, tmp_path):
    """A tester's round (06.12.2026): «Заключено договоров, ед.» over «с ВУЗ | с СПО | с предприятиями | всего» beside
    the schools asked for a --map of «всего» and for a partner's name; it is a summary of agreements, said so."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Химки"
    for r in (["Количество заключённых договоров о сетевом взаимодействии, г.о. Химки, IV квартал 2023"], [],
              ["Наименование ОО", "Заключено договоров, ед.", None, None, None],
              [None, "с ВУЗ", "с СПО", "с предприятиями", "всего"], ["МБОУ СОШ № 1", 1, 1, 1, 3],
              ["МАОУ Лицей № 10", 1, 0, 0, 1], ["Итого", 2, 1, 1, 4]):
        ws.append(r)
    ws.merge_cells("B3:E3")
    wb.save(tmp_path / "кол-во.xlsx")
    res = pipeline.load_file(tmp_path / "кол-во.xlsx", dbp)
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "summary_form" and "«Заключено договоров, ед. | с ВУЗ»" in e.message, e.message
    # (tester round t80) beside a column of the partners' names listed in a cell: a summary all the same (it was
    # refused with «несколько типов партнёра» and «с числами не распознан», advice that did not help)
    ws.insert_cols(6)
    ws["F3"] = "Наименования партнеров"
    ws["F5"], ws["F6"] = "ГСГУ; Химкинский техникум; АО «Энергомаш»", "МГУ"
    wb.save(tmp_path / "кол-во2.xlsx")
    (e,) = pipeline.load_file(tmp_path / "кол-во2.xlsx", dbp).errors
    assert e.rule == "summary_form"


def test_partners_named_under_a_column_per_type_are_one_agreement_each(dbp, tmp_path):
    """A tester's round (06.12.2026): «Организации-партнёры, с которыми заключены договоры» over «ВУЗ | СПО |
    Предприятия» holding the partners' names was refused for want of a partner's name column."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Мытищи"
    for r in (["Сетевое взаимодействие ОО г.о. Мытищи (II квартал 2024 г.)"], [],
              ["№", "Наименование ОО", "Организации-партнёры, с которыми заключены договоры", None, None,
               "Реквизиты договоров"], [None, None, "ВУЗ", "СПО", "Предприятия", None],
              [1, "МБОУ СОШ № 3", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "ГБПОУ МО «Мытищинский колледж»",
               "ОАО «Метровагонмаш»", "№ 12/23 от 01.09.2023"],
              [2, "МБОУ СОШ № 26", None, "ГБПОУ МО «Мытищинский колледж»", None, "№ 8 от 01.02.2024"]):
        ws.append(r)
    ws.merge_cells("C3:E3")
    wb.save(tmp_path / "по типам.xlsx")
    res = pipeline.load_file(tmp_path / "по типам.xlsx", dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name, partner_name, partner_type, signed_on FROM agreements ORDER BY source_row, "
                    "partner_type") == [
        ("МБОУ СОШ № 3", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", "ВУЗ", dt.date(2023, 9, 1)),
        ("МБОУ СОШ № 3", "ГБПОУ МО «Мытищинский колледж»", "СПО", dt.date(2023, 9, 1)),
        ("МБОУ СОШ № 3", "ОАО «Метровагонмаш»", "индустриальный партнёр", dt.date(2023, 9, 1)),
        ("МБОУ СОШ № 26", "ГБПОУ МО «Мытищинский колледж»", "СПО", dt.date(2024, 2, 1))]
    # marks in those columns are the type of the row's one agreement, its partner named beside them
    wb = openpyxl.Workbook()
    for r in (["Договоры о сетевом взаимодействии, II квартал 2024 г."],
              ["Муниципалитет", "Наименование ОО", "Наименование партнёра", "Тип партнёра", None, None],
              [None, None, None, "ВУЗ", "СПО", "Предприятие"], ["Мытищи", "МБОУ СОШ № 3", "ОАО «Метровагонмаш»",
                                                                None, None, "+"]):
        wb.active.append(r)
    wb.active.merge_cells("D2:F2")
    marks = tmp_path / "отметки.xlsx"
    wb.save(marks)
    res = pipeline.load_file(marks, tmp_path / "marks.duckdb")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(tmp_path / "marks.duckdb", "SELECT partner_name, partner_type FROM agreements") == [
        ("ОАО «Метровагонмаш»", "индустриальный партнёр")]


def test_partners_of_schools_by_type_are_an_agreements_form_by_their_title(dbp, tmp_path):
    """(tester round t80) «Организации-партнеры ОО … по реализации профминимума» over «Организации-партнеры | ВУЗ |
    СПО | Предприятия» holding the partners' names: «Не удалось определить вид формы»."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Организации-партнеры ОО Щёлковского городского округа по реализации профминимума (I кв. 2024)"],
              ["№", "Наименование ОО", "Организации-партнеры", None, None], [None, None, "ВУЗ", "СПО", "Предприятия"],
              [1, "МБОУ СОШ № 1 г. Щёлково", "ГСГУ", "ГБПОУ МО «Щелковский колледж»", "АО «Щёлково Агрохим»"],
              [2, "МБОУ СОШ № 8", None, "ГБПОУ МО «Щелковский колледж»", "нет"]):
        ws.append(r)
    ws.merge_cells("C2:E2")
    wb.save(tmp_path / "Щёлково.xlsx")
    res = pipeline.load_file(tmp_path / "Щёлково.xlsx", dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT partner_type, count(*) FROM agreements GROUP BY 1 ORDER BY 1") == [
        ("ВУЗ", 1), ("СПО", 2), ("индустриальный партнёр", 1)]


def _flat(dbp, tmp_path, rows: list[list]) -> list[tuple]:
    """«Наименование ОО | ВУЗ | СПО | Предприятия» in one header row, the partners' names in the cells: loaded, its
    agreements (school, partner, type)."""
    path = fx.form_xlsx(tmp_path / "плоский.xlsx", ["Договоры о сетевом взаимодействии, г.о. Химки, "
                                                   "III квартал 2024 г."],
                        ["Наименование ОО", "ВУЗ", "СПО", "Предприятия"], rows)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    return sql(dbp, "SELECT school_name, partner_name, partner_type FROM agreements ORDER BY source_row, partner_type")


def test_partners_named_under_type_columns_with_no_group_header(dbp, tmp_path):
    """A tester's round (06.12.2026): «Наименование ОО | ВУЗ | СПО | Предприятия» in one header row with the partners'
    names in the cells — «В файле не найдена таблица с данными мониторинга»."""
    assert _flat(dbp, tmp_path, [["МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "ГБПОУ МО «Химкинский техникум»", None],
                                 ["МБОУ СОШ № 2", None, None, "АО «НПО Энергомаш»"]]) == [
        ("МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "ВУЗ"), ("МБОУ СОШ № 1", "ГБПОУ МО «Химкинский техникум»", "СПО"),
        ("МБОУ СОШ № 2", "АО «НПО Энергомаш»", "индустриальный партнёр")]


def test_a_slot_with_no_partner_under_type_columns_is_no_agreement(dbp, tmp_path):
    """(tester round t77) «-» or «нет» in one of «ВУЗ | СПО | Предприятия» holding the partners' names: refused «Нет
    обязательного столбца «наименование партнёра»» (blank cells loaded)."""
    assert _flat(dbp, tmp_path, [["МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "-", "АО «НПО Энергомаш»"],
                                 ["МБОУ СОШ № 2", "нет", "ГБПОУ МО «Химкинский техникум»", "отсутствует"]]) == [
        ("МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "ВУЗ"), ("МБОУ СОШ № 1", "АО «НПО Энергомаш»", "индустриальный партнёр"),
        ("МБОУ СОШ № 2", "ГБПОУ МО «Химкинский техникум»", "СПО")]


def test_plus_marks_by_type_beside_a_school_column_headed_only_oo(dbp, tmp_path):
    """(tester round t77) «№ | ОО | Партнёр | ВУЗ | СПО | Предприятие» with «+»: «ОО» over the schools' names was read
    as a fourth mark column (the partner type «ОО»), the marks refused, the advice «--map "ВУЗ=договор действует"»."""
    path = fx.form_xlsx(tmp_path / "плюсы.xlsx", ["Мониторинг сетевого взаимодействия ОО г.о. Балашиха за I квартал "
                                                 "2024 года"],
                        ["№", "ОО", "Партнёр", "ВУЗ", "СПО", "Предприятие", "№ договора", "Дата договора"],
                        [[1, "МБОУ СОШ № 1", "РОСБИОТЕХ", "+", None, None, "4", "12.09.2023"],
                         [2, "МБОУ СОШ № 1", "Балашихинский техникум", None, "+", None, "17", "18.09.2023"],
                         [3, "МБОУ СОШ № 3", "БЛМЗ", None, None, "+", "2/23", "02.10.2023"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name, partner_name, partner_type FROM agreements ORDER BY source_row") == [
        ("МБОУ СОШ № 1", "РОСБИОТЕХ", "ВУЗ"), ("МБОУ СОШ № 1", "Балашихинский техникум", "СПО"),
        ("МБОУ СОШ № 3", "БЛМЗ", "индустриальный партнёр")]


def test_plus_marks_under_a_type_group_right_after_a_school_column_headed_oo(dbp, tmp_path):
    """(tester round t80) «ОО (сторона договора)» just before «Тип партнёра» over «ВУЗ | СПО | Предприятие» with «+»:
    the school's column was read as a fourth type column, every row refused «несколько типов партнёра»."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг заключения договоров сетевого взаимодействия (по состоянию на 01.04.2024)"])
    ws.append(["№", "Муниципальное образование", "ОО (сторона договора)", "Тип партнёра", None, None,
               "Наименование партнера", "Дата заключения"])
    ws.append([None, None, None, "ВУЗ", "СПО", "Предприятие"])
    ws.append([1, "Одинцовский г.о.", "МБОУ Одинцовская СОШ № 1", None, "+", None, "ГБПОУ МО «Одинцовский техникум»",
               "14.09.2023"])
    ws.append([2, "Одинцовский г.о.", "МБОУ Одинцовский лицей № 6", "+", None, None, "ФГБОУ ВО РГАУ-МСХА",
               "04.10.2023"])
    ws.append([3, "Одинцовский г.о.", "МБОУ Одинцовская гимназия № 7", None, None, "+", "АО «Одинцовский КСМ»",
               "06.09.2023"])
    for rng in ("A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:G3", "H2:H3"):
        ws.merge_cells(rng)
    wb.save(tmp_path / "Одинцово.xlsx")
    res = pipeline.load_file(tmp_path / "Одинцово.xlsx", dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name, partner_type FROM agreements ORDER BY source_row") == [
        ("МБОУ Одинцовская СОШ № 1", "СПО"), ("МБОУ Одинцовский лицей № 6", "ВУЗ"),
        ("МБОУ Одинцовская гимназия № 7", "индустриальный партнёр")]


def test_the_date_under_agreement_from_is_the_agreements_date(dbp, tmp_path):
    """A tester's round (06.12.2026): «Договор» over «№ | от» beside «Срок действия | с | по» — «от» was «не
    распознан» while the date came from «с»; it is the agreement's date."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Реестр договоров о сетевом взаимодействии, г.о. Королёв, по состоянию на 01.10.2023"], [],
              ["ОО", "Партнёр", "Вид партнёра", "Договор", None, "Срок действия", None],
              [None, None, None, "№", "от", "с", "по"],
              ["МБОУ СОШ № 1", "ПАО «РКК «Энергия»", "предприятие", "РКК-12", dt.date(2023, 9, 12),
               dt.date(2023, 9, 15), dt.date(2024, 9, 12)],
              ["МАОУ Лицей № 4", "ФГБОУ ВО «МГУ им. М.В. Ломоносова»", "ВУЗ", "7", dt.date(2023, 9, 5),
               dt.date(2023, 9, 5), None]):
        ws.append(r)
    ws.merge_cells("D3:E3")
    ws.merge_cells("F3:G3")
    wb.save(tmp_path / "реестр.xlsx")
    res = pipeline.load_file(tmp_path / "реестр.xlsx", dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT signed_on FROM agreements ORDER BY source_row") == [(dt.date(2023, 9, 12),),
                                                                            (dt.date(2023, 9, 5),)]
    assert not [w for w in res.warnings if w.rule == "unrecognised_column"], [w.message for w in res.warnings]


def test_agreements_planned_under_a_title_row_are_not_loaded_and_said(dbp, tmp_path):
    """A tester's Sakhalin forms: «Таблица 2. Договоры, планируемые к заключению …» over the header repeated, or
    «Планируется к заключению в 2024 году:» alone: the planned agreements (no number, no date) were loaded."""
    rows = [[1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "15/23", dt.date(2023, 9, 15)],
            [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "СВ-7", dt.date(2023, 10, 4)],
            [None] * 7,
            ["Таблица 2. Договоры, планируемые к заключению в I квартале 2025 года"] + [None] * 6,
            HEADER,
            [1, "Химки", "МБОУ СОШ № 8", "ВУЗ", "ФГБОУ ВО «МГТУ им. Н.Э. Баумана»", None, None],
            [2, "Химки", "МБОУ Гимназия № 9", "предприятие", "АО «Химкинский завод»", "проект", None]]
    res = load(dbp, agreements(tmp_path / "д.xlsx", rows))
    assert res.status == "loaded" and res.rows_loaded == 2, [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name FROM agreements ORDER BY 1") == [("МБОУ СОШ № 1",), ("МБОУ СОШ № 2",)]
    (w,) = [w for w in res.warnings if w.rule == "planned_rows_below"]
    assert w.message.startswith("Строки 9, 10 под строкой 7 «Таблица 2. Договоры, планируемые к заключению в I "
                                "квартале 2025 года» не загружены: это план")
    rows[3:5] = [["Планируется к заключению в 2025 году:"] + [None] * 6]
    res = load(tmp_path / "b.duckdb", agreements(tmp_path / "д2.xlsx", rows))
    assert res.status == "loaded" and res.rows_loaded == 2
    assert [w.row for w in res.warnings if w.rule == "planned_rows_below"] == [7]


def test_an_agreement_not_signed_yet_written_where_its_partner_is_is_not_loaded_and_said(dbp, tmp_path):
    """«в стадии заключения (САХГУ)» with the type «ВУЗ» and no number or date was loaded as an agreement with that
    partner; and a row of «-» was said twice (as no agreement, and as one not in force)."""
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "15/23", dt.date(2023, 9, 15)],
        [2, "Химки", "МБОУ СОШ № 2", "ВУЗ", "в стадии заключения (МАИ)", None, None],
        [3, "Химки", "МБОУ СОШ № 3", "СПО", "на подписании", "-", None],
        [4, "Химки", "МБОУ СОШ № 4", "-", "-", "-", "-"]]))
    assert res.status == "loaded" and res.rows_loaded == 1, [e.message for e in res.errors]
    (w,) = [w for w in res.warnings if w.rule == "agreement_pending"]
    assert w.message == ("Договор ещё не заключён: строки 5 («в стадии заключения (МАИ)»), 6 («на подписании») — не "
                         "загружаются")
    assert [w.rule for w in res.warnings if w.rule in ("no_agreement_rows", "agreement_not_in_force")] == [
        "no_agreement_rows"]


def test_a_column_headed_only_no_holding_agreements_numbers_is_their_number(dbp, tmp_path):
    """«Наименование ОО | Организация-партнёр | Тип | № | Дата» with «15/23», «СВ-7», «б/н» under «№»: the numbers were
    taken for rows' ordinals and every agreement loaded with none."""
    path = fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, г.о. Химки, IV квартал 2024 года"],
                        ["Наименование ОО", "Организация-партнёр", "Тип", "№", "Дата"],
                        [["МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "ВУЗ", "15/23", dt.date(2023, 9, 15)],
                         ["МБОУ СОШ № 2", "ГБПОУ МО «Химкинский техникум»", "СПО", "СВ-7", dt.date(2023, 10, 4)],
                         ["МБОУ СОШ № 3", "АО «Химкинский завод»", "предприятие", "б/н", dt.date(2023, 11, 20)],
                         ["МБОУ СОШ № 4", "ФГБОУ ВО «МАИ»", "ВУЗ", 44, dt.date(2023, 12, 1)]])
    res = load(dbp, path)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT agreement_no FROM agreements ORDER BY source_row") == [
        ("15/23",), ("СВ-7",), ("б/н",), ("44",)]
    # a column of the rows' ordinals stays what it is
    path = fx.form_xlsx(tmp_path / "д2.xlsx", ["Договоры о сетевом взаимодействии, г.о. Химки, IV квартал 2024 года"],
                        ["№", "Наименование ОО", "Организация-партнёр", "Тип", "Дата"],
                        [[1, "МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "ВУЗ", dt.date(2023, 9, 15)],
                         [2, "МБОУ СОШ № 2", "ГБПОУ МО «Химкинский техникум»", "СПО", dt.date(2023, 10, 4)]])
    res = load(tmp_path / "b.duckdb", path)
    assert res.status == "loaded" and sql(tmp_path / "b.duckdb", "SELECT agreement_no FROM agreements") == [
        (None,), (None,)]


def test_agreements_written_side_by_side_in_a_row_are_asked_to_be_rows(dbp, tmp_path):
    """«Договор 1 | Договор 2 | Договор 3», each over «партнёр | тип»: only the first group loaded (4 agreements of 8),
    the others noted as «взято из столбца C»."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Договоры о сетевом взаимодействии ОО г.о. Химки, IV квартал 2024 года"])
    ws.append(["№ п/п", "Наименование ОО", "Договор 1", None, "Договор 2", None, "Договор 3", None])
    ws.append([None, None, "партнёр", "тип", "партнёр", "тип", "партнёр", "тип"])
    for a, b in (("A2", "A3"), ("B2", "B3"), ("C2", "D2"), ("E2", "F2"), ("G2", "H2")):
        ws.merge_cells(f"{a}:{b}")
    ws.append([1, "МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "ВУЗ", "ГБПОУ МО «Химкинский техникум»", "СПО",
               "АО «Химкинский завод»", "предприятие"])
    ws.append([2, "МБОУ СОШ № 2", "ФГБОУ ВО «МАИ»", "ВУЗ", None, None, None, None])
    wb.save(tmp_path / "д.xlsx")
    res = load(dbp, tmp_path / "д.xlsx")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "agreements_side_by_side" and e.message.startswith(
        "В строке записано по нескольку договоров: «наименование партнёра» — в столбцах C «Договор 1 | партнёр», "
        "E «Договор 2 | партнёр», G «Договор 3 | партнёр»")


def test_last_years_hidden_type_column_is_no_second_agreement(dbp, tmp_path):
    """(tester round t77) A hidden «Тип партнёра (2022)» beside «Тип партнёра»: refused «В строке записано по нескольку
    договоров … Запишите каждый договор отдельной строкой» — advice no one could follow (one agreement a row)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Сведения о сетевом взаимодействии г.о. Химки за I квартал 2024 года"])
    ws.append(["№", "Наименование ОО", "Партнёр", "Тип партнёра (2022)", "Тип партнёра", "Дата договора"])
    ws.append([1, "МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "ОО", "ВУЗ", "01.09.2023"])
    ws.append([2, "МБОУ СОШ № 1", "ГБПОУ МО «Химкинский техникум»", "ОО", "колледж", "04.09.2023"])
    ws.append([3, "МБОУ СОШ № 2", "АО «НПО Энергомаш»", "иное", "предприятие", "11.10.2023"])
    ws.column_dimensions["D"].hidden = True
    wb.save(tmp_path / "д.xlsx")
    res = load(dbp, tmp_path / "д.xlsx")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT partner_type FROM agreements ORDER BY source_row") == [
        ("ВУЗ",), ("СПО",), ("индустриальный партнёр",)]
    assert [n for n in res.noted if "Тип партнёра (2022)" in n]


def test_an_agreement_of_the_municipality_or_its_education_authority_is_asked_about(dbp, tmp_path):
    """«Город Южно-Сахалинск» where the school is, with a partner, number and date: dropped as the municipality's
    total without a word; «Департамент образования …» and «Все ОО городского округа» loaded as schools."""
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "15/23", dt.date(2023, 9, 15)],
        [2, "Химки", "Управление образования администрации г.о. Химки", "ВУЗ", "ФГБОУ ВО «МАИ»", "1-У",
         dt.date(2023, 9, 1)],
        [3, "Химки", "Все ОО городского округа", "СПО", "ГБПОУ МО «Химкинский техникум»", "12", dt.date(2023, 9, 5)],
        [4, "Химки", "Химки", "предприятие", "АО «Химкинский завод»", "ХЗ-9", dt.date(2023, 10, 10)]]))
    assert res.status == "rejected"
    assert [(e.rule, e.row) for e in res.errors] == [("agreement_not_of_school", r) for r in (5, 6, 7)]
    assert res.errors[2].message == "Договор записан не за ОО, а за «Химки»: в мониторинге договор — у ОО"


def test_requisites_beside_a_date_column_give_their_number_and_a_differing_date_is_said(dbp, tmp_path):
    """«соглашение от 01.09.2023 № СЭ-2023/18» in the number column beside a date column: the whole text was kept as the
    number; «№ СВ-7 от 04.10.2023» beside «10.04.2023» in the date column: one of the two silently taken."""
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "соглашение от 01.09.2023 № СЭ-2023/18",
         dt.date(2023, 9, 1)],
        [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "№ СВ-7 от 04.10.2023",
         dt.date(2023, 4, 10)]]))
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT agreement_no, signed_on FROM agreements ORDER BY source_row") == [
        ("СЭ-2023/18", dt.date(2023, 9, 1)), ("СВ-7", dt.date(2023, 4, 10))]
    (w,) = [w for w in res.warnings if w.rule == "agreement_dates_differ"]
    assert w.row == 5 and w.message.startswith("Дата договора 10.04.2023 не совпадает с датой в его реквизитах")


def test_a_college_typed_as_a_university_is_said(dbp, tmp_path):
    """A tester's round: «ГБПОУ … техникум» under «ВУЗ» was loaded as a university's agreement without a word."""
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ГБПОУ МО «Химкинский техникум»", "15", dt.date(2023, 9, 1)],
        [2, "Химки", "МБОУ СОШ № 2", "ВУЗ", "ФГБОУ ВО «МАИ»", "16", dt.date(2023, 9, 1)],
        [3, "Химки", "МБОУ СОШ № 3", "СПО", "Колледж при ФГБОУ ВО «МАИ»", "17", dt.date(2023, 9, 1)]]))
    assert res.status == "loaded" and res.rows_loaded == 3
    (w,) = [w for w in res.warnings if w.rule == "partner_type_vs_name"]
    assert w.message.startswith("Тип партнёра не совпадает с его наименованием: строка 4 («ГБПОУ МО «Химкинский "
                                "техникум»» — ВУЗ) — загружено, как указано")


def test_an_agreement_in_force_by_its_state_whose_validity_ended_is_said(dbp, tmp_path):
    """A tester's round: «действует» beside «Срок действия: до 31.08.2023» in a report at 31.12.2024 was loaded
    with the validity column unread and no word; it stays in force (the state is what the form says), said."""
    rows = [[1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "5", dt.date(2021, 9, 1), "до 31.08.2023",
             "действует"],
            [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", "4", dt.date(2023, 9, 1),
             "бессрочно", "действует"],
            [3, "Химки", "МБОУ СОШ № 3", "СПО", "ГБПОУ МО «Колледж «Подмосковье»»", "7", dt.date(2024, 9, 1),
             "до 31.08.2027", "действует"]]
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, IV квартал 2024 года"],
                                 HEADER + ["Срок действия", "Статус"], rows))
    assert res.status == "loaded" and res.rows_loaded == 3
    (w,) = [w for w in res.warnings if w.rule == "state_vs_validity"]
    assert w.message == ("Договор отмечен как действующий, но срок его действия закончился до конца периода "
                         "(31.12.2024): строка 3 («до 31.08.2023») — загружен как действующий, по столбцу состояния")
    assert w.hint.startswith("Если договор продлён, укажите новый срок действия")


def test_a_state_saying_the_agreement_is_not_signed_yet_is_no_agreement(dbp, tmp_path):
    """A tester's round: «на стадии подписания», «на согласовании» under «Статус» made the whole column unknown (its
    other value «действует» too), and the agreements not signed yet were loaded."""
    rows = [[1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "ФГБОУ ВО «МАИ»", "5", dt.date(2024, 9, 1), "действует"],
            [2, "Химки", "МБОУ СОШ № 2", "СПО", "ГБПОУ МО «Химкинский техникум»", None, None,
             "на стадии подписания"],
            [3, "Химки", "МБОУ СОШ № 3", "ВУЗ", "ФГБОУ ВО «МГУ»", "7", dt.date(2024, 10, 5), "на согласовании"]]
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, IV квартал 2024 года"],
                                 HEADER + ["Статус"], rows))
    assert res.status == "loaded" and res.rows_loaded == 1, [e.message for e in res.errors]
    (w,) = [w for w in res.warnings if w.rule == "agreement_pending"]
    assert w.message == ("Договор ещё не заключён: строки 4 («на стадии подписания»), 5 («на согласовании») — не "
                         "загружаются")
    assert sql(dbp, "SELECT school_name FROM agreements") == [("МБОУ СОШ № 1",)]


def test_section_rows_naming_the_partners_kind_give_the_type(dbp, tmp_path):
    """A tester's round: «1. Договоры с образовательными организациями высшего образования», «2. … (СПО)», «3. …
    с предприятиями» over the rows of a form with no type column; the file was refused for each partner whose name
    tells no type («Сахалинская ГРЭС-2»)."""
    header = [h for h in HEADER if h != "Тип партнёра"]
    res = load(dbp, fx.form_xlsx(tmp_path / "д.xlsx", ["Договоры о сетевом взаимодействии, IV квартал 2024 года"],
                                 header, [
        ["1. Договоры с образовательными организациями высшего образования"],
        [1, "Химки", "МБОУ СОШ № 1", "Московский авиационный институт", "5", dt.date(2024, 9, 1)],
        ["2. Договоры с профессиональными образовательными организациями (СПО)"],
        [2, "Химки", "МБОУ СОШ № 2", "Химкинский политехнический центр", "6", dt.date(2024, 9, 1)],
        ["3. Договоры с предприятиями (работодателями)"],
        [3, "Химки", "МБОУ СОШ № 2", "Химкинская ТЭЦ-2", "7", dt.date(2024, 9, 1)],
        [4, "Химки", "МБОУ СОШ № 3", "ГБУЗ МО «Химкинская областная больница»", "8", dt.date(2024, 9, 1)]]))
    assert res.status == "loaded" and res.rows_loaded == 4, [e.message for e in res.errors]
    assert sql(dbp, "SELECT partner_name, partner_type FROM agreements ORDER BY source_row") == [
        ("Московский авиационный институт", "ВУЗ"), ("Химкинский политехнический центр", "СПО"),
        ("Химкинская ТЭЦ-2", "индустриальный партнёр"),
        ("ГБУЗ МО «Химкинская областная больница»", "индустриальный партнёр")]
    (w,) = [w for w in res.warnings if w.rule == "partner_type_by_name"]
    assert "по строкам разделов («1. Договоры с образовательными организациями высшего образования» — ВУЗ" in w.message


def test_a_school_saying_no_agreement_in_its_numbers_cell_has_none(dbp, tmp_path):
    """(tester round t81) «нет» in the agreement's number cell, the partner's cells empty: refused for the partner's
    type and name; it is a school with no agreement (left out, said)."""
    path = fx.form_xlsx(tmp_path / "Егорьевск.xlsx", ["Сетевые договоры, городской округ Егорьевск, на 31.03.2024"],
                        ["№ п/п", "ОО", "Номер договора", "Дата договора", "Партнер", "Тип партнёра"],
                        [[1, "МОУ СОШ № 1", "17", "05.09.2023", "ГБПОУ МО «Егорьевский техникум»", "СПО"],
                         [2, "МОУ лицей № 4", "нет", None, None, None],
                         [3, "МОУ СОШ № 7", "ЕГ-3", "20.02.2024", "ООО «Егорьевская обувная фабрика»", "предприятие"]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name FROM agreements ORDER BY 1") == [("МОУ СОШ № 1",), ("МОУ СОШ № 7",)]
    assert any(w.rule == "no_agreement_rows" for w in res.warnings)


@pytest.mark.parametrize("line, refused", [
    ("заключённые во II квартале 2024 года (новые договоры)", True),
    ("вновь заключённые договоры за отчётный период (II квартал 2024 г.)", True),
    ("договоры, заключённые с организациями СПО и вузами, II квартал 2024 г.", False),
])
def test_a_form_of_only_the_new_agreements_is_refused(dbp, tmp_path, line, refused):
    """(tester round t85) The pages read every agreement in force at the period's end: a form of the quarter's new
    agreements replaced Химки's three with one."""
    path = fx.form_xlsx(tmp_path / "д.xlsx", ["Сведения о договорах о сетевом взаимодействии ОО г.о. Химки", line],
                        HEADER, [[1, "Химки", "МБОУ СОШ № 1", "СПО", "ГБПОУ МО «Химкинский техникум»", "18",
                                  dt.date(2024, 5, 14)]], sheet="Договоры")
    res = load(dbp, path)
    if not refused:
        assert res.status == "loaded", [e.message for e in res.errors]
        return
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "agreements_new_only" and "заключённые раньше пропали бы" in e.message
    assert e.hint == "Пришлите все действующие договоры на 30.06.2024 — и заключённые раньше, и новые"


def test_a_coordinators_form_with_p_n_numbers_and_a_row_of_no_agreement(dbp, tmp_path):
    """A fresh form (session check, 07.12.2026): «П/н» (порядковый номер) was a column of unknown numbers that stopped
    the file; «1 строка … не загружаются» disagreed in number."""
    path = fx.form_xlsx(tmp_path / "Договоры_Балашиха_1кв2024.xlsx",
                        ["Сведения о заключённых соглашениях (договорах) о сетевой форме взаимодействия",
                         "городской округ Балашиха, данные на 01.04.2024"],
                        ["П/н", "Школа (краткое наим.)", "С кем заключено соглашение", "Категория организации-партнёра",
                         "Реквизиты (№)", "Когда подписано"],
                        [[1, "МБОУ СОШ № 3", "ГБПОУ МО «Балашихинский техникум»", "ПОО", "17-с", dt.date(2023, 9, 5)],
                         [2, "МАОУ Лицей № 1", "АО «Криогенмаш»", "работодатель", "б/н", "01.02.2024"],
                         [3, "МБОУ Гимназия № 7", "договор не заключён", None, None, None]])
    res = pipeline.load_file(path, dbp, region="50")
    assert res.status == "loaded" and res.period == "2024-Q1", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name, partner_type FROM agreements ORDER BY source_row") == [
        ("МБОУ СОШ № 3", "СПО"), ("МАОУ Лицей № 1", "индустриальный партнёр")]
    (w,) = [w for w in res.warnings if w.rule == "no_agreement_rows"]
    assert w.message.startswith("1 строка без договора («нет», «-»): не загружается —")


def test_an_agreements_number_is_stored_without_its_sign_however_written(dbp, tmp_path):
    """(tester round t87) «№ 15/23» in a number column was stored with «№», while «№ 12 от 01.09.2023» gave «12»:
    one agreement written both ways would be two."""
    res = load(dbp, agreements(tmp_path / "д.xlsx", [
        [1, "Химки", "МБОУ СОШ № 1", "СПО", "ГБПОУ МО «Химкинский техникум»", "№ 15/23", dt.date(2023, 9, 4)],
        [2, "Химки", "МБОУ СОШ № 2", "ВУЗ", "МГТУ им. Н.Э. Баумана", "Договор № 12 от 01.09.2023", None],
        [3, "Химки", "МБОУ СОШ № 3", "ВУЗ", "МАИ", "7-СВ", dt.date(2023, 9, 5)]]))
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT agreement_no FROM agreements ORDER BY source_row") == [("15/23",), ("12",), ("7-СВ",)]
