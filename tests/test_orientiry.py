"""«Мои ориентиры» diagnostic results (issue «Effectiveness as ministries measure it»): a coordinator's table by
school loads as pupils who took the diagnostic and those with high readiness; the region's share is re-aggregated
from them and set beside the country's reference value, which comes from a data file with its source."""
from __future__ import annotations

import openpyxl
import pytest

from app import projection as pj
from app import specs
from app.filters import Filters
from etl import catalogue, pipeline
from etl.db import query_df

ROWS = [("Химки", "МБОУ СОШ № 1", 120, 41), ("Химки", "МБОУ СОШ № 2", 80, 30), ("Мытищи", "МБОУ СОШ № 7", 150, 52)]


def _form(path, headers):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Результаты диагностики «Мои ориентиры» обучающихся 8–11 классов по состоянию на 01.04.2024"])
    ws.append(headers)
    for m, s, p, h in ROWS:
        ws.append([m, s, p, h, round(100 * h / p, 1)])
    wb.save(path)


def test_the_diagnostic_loads_and_the_region_is_compared_with_the_country(tmp_path):
    f = tmp_path / "Мои_ориентиры.xlsx"
    _form(f, ["Муниципалитет", "Наименование ОО", "Количество обучающихся, прошедших диагностику «Мои ориентиры»",
              "Из них с высоким уровнем готовности к профессиональному самоопределению",
              "Доля обучающихся с высоким уровнем готовности, %"])
    db = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, db)
    assert res.status == "loaded", res.errors
    got = query_df(db, "SELECT school_name, indicator_code, value FROM effectiveness")
    for _m, s, p, h in ROWS:
        mine = dict(got[got["school_name"] == s][["indicator_code", "value"]].itertuples(index=False))
        assert (mine["orientiry_passed"], mine["orientiry_high"]) == (p, h)
    spec = specs.effectiveness_national(Filters("50", "2024-Q1"), db)
    values = dict(zip(spec.data["who"], spec.data["value"]))
    region = sum(h for *_x, h in ROWS) / sum(p for *_x, p, _h in ROWS)  # 123 / 350, not a mean of the schools
    assert values["Московская область"] == pytest.approx(region)
    country, year, grades, source, label = pj.national_references()["orientiry_high_share"]
    # whose pupils and what the value is, named on the bar: one region's 11th grade said to be at the country's
    # level is not «Россия»
    assert label == "Ориентир: 11 классы, среднероссийский уровень (по Владимирской обл.)"
    assert values[label] == pytest.approx(country / 100)
    assert f"Ориентир ({grades}, {year} учебный год): {source}" in spec.source


@pytest.mark.parametrize("header, code", [
    ("Количество обучающихся, прошедших диагностику «Мои ориентиры»", "orientiry_passed"),
    ("Численность обучающихся, прошедших профдиагностику «Мои ориентиры»", "orientiry_passed"),
    ('Число учащихся 8-11 классов, прошедших диагностику "Мои ориентиры"', "orientiry_passed"),
    ("Из них с высоким уровнем готовности к профессиональному самоопределению", "orientiry_high"),
    ("Доля обучающихся с высоким уровнем готовности, %", "orientiry_high_share"),
    ("Из них высокий уровень готовности («Мои ориентиры»), чел.", "orientiry_high"),
    ("Прошли диагностику «Мои ориентиры», чел.", "orientiry_passed"),
    # the general diagnostic is still itself
    ("Количество обучающихся, прошедших профориентационную диагностику", "diagnostics_done"),
    ("Численность обучающихся 6-11 классов, прошедших диагностику", "diagnostics_done"),
    # a percent of the pupils who took it is no indicator of the catalogue: asked, never loaded as a count
    ("Доля учащихся, прошедших диагностику «Мои ориентиры», %", None),
])
def test_a_quoted_name_tells_the_diagnostic_from_the_general_one(header, code):
    assert catalogue.catalogue().indicator(header) == code


def test_shares_alone_by_municipality_are_not_averaged_into_a_region_value(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Доля обучающихся с высоким уровнем готовности («Мои ориентиры») на 01.04.2024"])
    ws.append(["Муниципалитет", "Доля обучающихся с высоким уровнем готовности, %"])
    ws.append(["Химки", 34.2])
    ws.append(["Мытищи", 40.1])
    f = tmp_path / "доли.xlsx"
    wb.save(f)
    db = tmp_path / "m.duckdb"
    assert pipeline.load_file(f, db).status == "rejected"  # two columns do not say which form: asked
    assert pipeline.load_file(f, db, kind="effectiveness").status == "loaded"
    spec = specs.effectiveness_national(Filters("50", "2024-Q1"), db)
    assert spec.empty and "доли не усредняются" in spec.empty_message


def test_a_table_by_school_is_the_diagnostic_not_the_readiness_form(tmp_path):
    """«Количество обучающихся, прошедших диагностику «Мои ориентиры»» is no school's pupils, «Из них с высоким
    уровнем готовности» none covered by the programme: the file is the diagnostic's, not a readiness form."""
    f = tmp_path / "ориентиры.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Результаты диагностики «Мои ориентиры» (6–11 классы)"])
    ws.append(["по состоянию на 25.12.2024"])
    ws.append(["№", "Муниципалитет", "Наименование ОО",
               "Количество обучающихся, прошедших диагностику «Мои ориентиры»", "Из них высокий уровень", "Доля, %"])
    for i, (m, s, p, h) in enumerate(ROWS, 1):
        ws.append([i, m, s, p, h, round(100 * h / p, 1)])
    wb.save(f)
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert (res.status, res.kind) == ("loaded", "effectiveness"), res.errors
    got = query_df(tmp_path / "m.duckdb", "SELECT school_name, indicator_code, value FROM effectiveness")
    assert set(got["indicator_code"]) == {"orientiry_passed", "orientiry_high"}


def test_the_platforms_passed_count_in_its_results_never_replaces_the_form(tmp_path):
    """«Кол-во уч-ся, прошедших диагностику» beside the levels of «Мои ориентиры» is the platform's count: the
    results file loaded after the municipality's effectiveness form leaves the form's figures as they were."""
    db = tmp_path / "m.duckdb"
    form = tmp_path / "Химки_эффективность.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Показатели эффективности, г.о. Химки, II квартал 2024 г."])
    ws.append(["Наименование ОО", "Численность обучающихся 6-11 классов",
               "Численность обучающихся, прошедших профориентационную диагностику"])
    ws.append(["МБОУ СОШ № 1", 500, 450])
    wb.save(form)
    assert pipeline.load_file(form, db, region="50").status == "loaded"
    results = tmp_path / "Химки_Мои_ориентиры.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Результаты диагностики «Мои ориентиры», г.о. Химки, II квартал 2024 г."])
    ws.append(["№", "ОО", "Кол-во уч-ся, прошедших диагностику",
               "Уровень готовности к профессиональному самоопределению, чел.", None, None])
    ws.append([None, None, None, "высокий", "средний", "низкий"])
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:F2"):
        ws.merge_cells(cells)
    ws.append([1, "МБОУ СОШ № 1", 420, 130, 210, 80])
    wb.save(results)
    res = pipeline.load_file(results, db, region="50")
    assert res.status == "loaded", res.errors
    assert [w.rule for w in res.warnings] == ["orientiry_passed_of_results"]
    got = dict(query_df(db, "SELECT indicator_code, value FROM main.effectiveness").itertuples(index=False))
    assert (got["students_total"], got["diagnostics_done"]) == (500, 450)  # the form's, still current
    assert (got["orientiry_passed"], got["orientiry_high"]) == (420, 130)
