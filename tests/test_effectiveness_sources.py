"""Effectiveness figures as they come from several sources, after an independent tester's round: a long form's
units say a share, one indicator twice in a form is asked about, a pupil repeated in the platform's export counts
once, and a form's column of a platform's figure never wipes the platform's own file."""
from __future__ import annotations

import openpyxl

import _bvb_fixtures as fx
from etl import pipeline
from etl.db import query_df


def _long_form(path, rows):
    """One municipality's effectiveness form, one row per indicator: «Показатель | Ед. изм. | Значение»."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Показатели эффективности профминимума, Холмский городской округ, 1 полугодие 2024 г."])
    ws.append(["№", "Показатель", "Ед. изм.", "Значение"])
    for k, r in enumerate(rows, 1):
        ws.append([k, *r])
    wb.save(path)
    return path


ROWS = [("Общее число учащихся 6-11 классов", "чел.", 3101), ("Учащиеся, охваченные профминимумом", "чел.", 2899)]


def _values(dbp) -> dict:
    return dict(query_df(dbp, "SELECT indicator_code, value FROM effectiveness").itertuples(index=False))


def test_a_row_whose_unit_is_percent_is_the_share_not_more_people(tmp_path, dbp):
    for value in (94, "93,5 %"):
        f = _long_form(tmp_path / "Холмский_эффективность_1пол2024.xlsx",
                       ROWS + [("Охват учащихся профминимумом", "%", value)])
        res = pipeline.load_file(f, dbp, region="65")
        assert res.status == "loaded", [e.message for e in res.errors]
        got = _values(dbp)
        assert (got["students_covered"], got["coverage_share"]) == (2899, 94 if value == 94 else 93.5)


def test_a_stated_share_its_own_numbers_contradict_is_asked_about(tmp_path, dbp):
    """Tester round t86: «Доля охвата, %» 98,0 beside 601 covered of 678 (88,6 %) was stored as stated — the
    contract view held a share its own numbers contradict. Rounded to whole percent it loads (93,5 → 94 above)."""
    f = _long_form(tmp_path / "Холмский_эффективность_1пол2024.xlsx",
                   ROWS + [("Охват учащихся профминимумом", "%", 98)])  # 2 899 of 3 101 is 93,5 %
    res = pipeline.load_file(f, dbp, region="65")
    assert res.status == "rejected"
    (e,) = res.errors
    assert e.rule == "share_against_parts" and e.message.startswith(
        "«Доля охвата» — 98 %, а по числам формы 2\u00a0899 из 3\u00a0101") and e.message.endswith("— 93,5 %")
    assert "не загружайте её столбец" in e.hint


def test_a_percent_unit_on_a_count_with_no_share_and_one_indicator_twice_are_asked_about(tmp_path, dbp):
    f = _long_form(tmp_path / "Холмский_эффективность_1пол2024.xlsx",
                   ROWS + [("Родители, принявшие участие в профориентационных мероприятиях", "%", 40),
                           ("Учащиеся, охваченные профминимумом", "чел.", 94)])
    res = pipeline.load_file(f, dbp, region="65")
    assert res.status == "rejected"
    assert sorted(e.rule for e in res.errors) == ["percent_of_a_count", "repeated_indicator"]
    (twice,) = [e for e in res.errors if e.rule == "repeated_indicator"]
    assert (twice.row, twice.message) == (6, "Показатель «Обучающиеся 6–11 классов, охваченные профминимумом» "
                                             "указан дважды для одной и той же организации: 2\u00a0899 и 94 — сумма "
                                             "была бы неверной")


def test_a_pupil_repeated_in_the_platforms_export_is_counted_once(tmp_path, dbp):
    f = tmp_path / "БвБ_выгрузка_I_квартал_2024.xlsx"
    fx.bvb_export(f, {("Химки", "МБОУ СОШ № 1"): 3}, headers=["ID ученика", *fx.HEADERS])  # (ids written below)
    wb = openpyxl.load_workbook(f)
    ws = wb.active
    pupils = [r for r in ws.iter_rows(min_row=4)]
    for k, r in enumerate(pupils, 1):  # the data shifted by the id column: put it first
        vals = [c.value for c in r][:-1]
        for c, v in zip(r, [100 + k, *vals[:len(fx.HEADERS)]]):
            c.value = v
    ws.append([c.value for c in pupils[1]])  # pupil 102 again: two downloads pasted together
    wb.save(f)
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert _values(dbp)["bvb_pupils"] == 3
    (w,) = [x for x in res.warnings if x.rule == "repeated_pupils"]
    assert w.message == "В выгрузке повторяются обучающиеся (тот же ID, строк: 1, первая — 7): каждый учтён один раз"


def test_a_forms_column_of_the_platforms_figure_never_replaces_the_platforms_file(tmp_path, dbp):
    results = tmp_path / "Мои_ориентиры_итоги.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Результаты диагностики «Мои ориентиры» по состоянию на 01.04.2024"])
    ws.append(["Муниципалитет", "Прошли диагностику «Мои ориентиры», чел.", "Из них с высоким уровнем готовности"])
    ws.append(["Химки", 700, 260])
    wb.save(results)
    assert pipeline.load_file(results, dbp).status == "loaded"
    form = tmp_path / "Эффективность_Химки_I_кв_2024.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Показатели эффективности профминимума за I квартал 2024 года"])
    ws.append(["Муниципалитет", "Обучающиеся, прошедшие профориентационную диагностику, чел.",
               "Приняли участие в профессиональных пробах, чел.", "Прошли диагностику «Мои ориентиры», чел."])
    ws.append(["Химки", 1870, 950, 650])
    wb.save(form)
    res = pipeline.load_file(form, dbp)
    assert res.status == "rejected"
    assert [e.rule for e in res.errors] == ["platform_figure_in_form"]
    assert _values(dbp) == {"orientiry_passed": 700, "orientiry_high": 260}  # the platform's, untouched
    res = pipeline.load_file(form, dbp, overrides={"Прошли диагностику «Мои ориентиры», чел.": "-"})
    assert res.status == "loaded", [e.message for e in res.errors]
    assert _values(dbp) == {"orientiry_passed": 700, "orientiry_high": 260, "diagnostics_done": 1870,
                            "probes_done": 950}


def test_a_charts_source_names_the_platforms_export_not_the_municipal_form(tmp_path, dbp, monkeypatch):
    from app import queries, specs
    from app.filters import Filters

    fx.bvb_export(tmp_path / "БвБ_выгрузка_I_квартал_2024.xlsx", {("Химки", "МБОУ СОШ № 1"): 5})
    assert pipeline.load_file(tmp_path / "БвБ_выгрузка_I_квартал_2024.xlsx", dbp).status == "loaded"
    queries.version.clear()
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    spec = specs.effectiveness_counts(Filters("50", "2024-Q1"), dbp)
    assert spec.source.startswith("Источник: выгрузка «Билет в будущее», загрузка № 1;"), spec.source
    assert "форма «Показатели эффективности»" not in spec.source + spec.title


def test_a_school_under_two_municipalities_in_the_platforms_export_is_said(tmp_path, dbp):
    f = tmp_path / "БвБ_выгрузка_I_квартал_2024.xlsx"
    fx.bvb_export(f, {("Химки", "МБОУ СОШ № 1"): 3, ("Мытищи", "МБОУ СОШ № 1"): 1})
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    (w,) = [x for x in res.warnings if x.rule == "school_in_two_municipalities"]
    assert w.message == ("ОО «МБОУ СОШ № 1» в выгрузке указана в разных муниципалитетах (Химки, Мытищи): её "
                         "обучающиеся учтены в каждом из них отдельно")
