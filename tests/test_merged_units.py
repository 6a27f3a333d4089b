"""A municipality merged into another counts for it in every period: a form sent as one of its units must not
replace the other unit's form of the same period (its schools would vanish from the pages); both in one file load."""
from __future__ import annotations

from pathlib import Path

import _upload_fixtures as fx
from conftest import sql
from etl import pipeline


def rows(unit: str, names: list[str]) -> list[tuple]:
    return [(unit, n, "базовый", "да", 100, 50) for n in names]


def test_a_merged_units_form_does_not_replace_the_other_units_form(dbp, tmp_path: Path):
    lub = pipeline.load_file(fx.readiness_xlsx(tmp_path / "люберцы.xlsx", rows("Люберцы", ["СОШ № 1", "СОШ № 2"])),
                             dbp)
    assert lub.status == "loaded"
    dz = pipeline.load_file(fx.readiness_xlsx(tmp_path / "дзержинский.xlsx",
                                              rows("Дзержинский", ["Лицей № 1", "Гимназия № 2", "СОШ № 3"])), dbp)
    assert dz.status == "rejected"
    (err,) = [e for e in dz.errors if e.rule == "merged_unit_replaced"]
    assert err.message == ("Строки муниципалитета «Дзержинский» учитываются за «Люберцы» и заменили бы форму "
                           f"«Люберцы» за III квартал 2023 г. (загрузка № {lub.load_id}, «люберцы.xlsx»): её школы "
                           "пропали бы из панели")
    assert "в один файл" in err.hint
    assert sql(dbp, "SELECT count(*) FROM readiness WHERE municipality = 'Люберцы'") == [(2,)]
    # both forms in one file: loaded, and it replaces the earlier one
    both = rows("Люберцы", ["СОШ № 1", "СОШ № 2"]) + rows("Дзержинский", ["Лицей № 1", "Гимназия № 2", "СОШ № 3"])
    res = pipeline.load_file(fx.readiness_xlsx(tmp_path / "обе.xlsx", both), dbp)
    assert res.status == "loaded" and res.rows_loaded == 5
    assert "«Дзержинский» с 2024 г. входит в Люберцы: строки учтены за Люберцы" in [w.message for w in res.warnings]
    assert sql(dbp, "SELECT count(*) FROM readiness WHERE municipality = 'Люберцы'") == [(5,)]
    # and then a form of one unit alone would drop the other's schools again: refused
    again = pipeline.load_file(fx.readiness_xlsx(tmp_path / "люберцы2.xlsx", rows("Люберцы", ["СОШ № 1"])), dbp)
    assert again.status == "rejected" and [e.rule for e in again.errors] == ["merged_unit_replaced"]
    assert again.errors[0].message.startswith(  # (not «Люберцы учитываются за Люберцы»: a tester's round)
        "Строки муниципалитета «Люберцы» заменили бы форму «Дзержинский» (вошедшего в «Люберцы») за III квартал")
    # a correction of the same unit's form replaces it, as any resubmission
    fix = pipeline.load_file(fx.readiness_xlsx(tmp_path / "обе2.xlsx", both[:4]), dbp)
    assert fix.status == "loaded"


def _sheet_form(path: Path, sheet: str, title: str, schools: list[tuple]) -> Path:
    """A readiness form with no municipality column: the unit is named by the sheet and the title only."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append(["Наименование ОО", "ИНН", "Уровень профминимума", "Назначен ответственный",
               "Обучающихся 6-11 классов, всего", "Из них охвачено"])
    for name, inn in schools:
        ws.append([name, inn, "базовый", "да", 100, 50])
    wb.save(path)
    return path


def test_a_merged_units_form_named_by_its_sheet_and_title_does_not_replace_the_other_units(dbp, tmp_path: Path):
    """Дзержинский's form with no municipality column (the sheet «Дзержинский», the title «Городской округ
    Дзержинский»): known as that unit's, refused like one with the column — Люберцы's schools were silently
    replaced by it."""
    lub = pipeline.load_file(fx.readiness_xlsx(tmp_path / "люберцы.xlsx", rows("Люберцы", ["СОШ № 1", "СОШ № 2"])),
                             dbp)
    assert lub.status == "loaded"
    dz = pipeline.load_file(_sheet_form(tmp_path / "дз.xlsx", "Дзержинский", "Городской округ Дзержинский: "
                                        "готовность ОО, III квартал 2023 г.", [("Лицей № 3", "5027011111")]), dbp)
    assert dz.status == "rejected" and [e.rule for e in dz.errors] == ["merged_unit_replaced"]
    assert sql(dbp, "SELECT count(*) FROM readiness WHERE municipality = 'Люберцы'") == [(2,)]


def test_two_schools_of_one_name_from_two_merged_units_are_two_schools(dbp, tmp_path: Path):
    """The one file the refusal asks for: each unit's «МОУ СОШ № 1», told apart by their INNs, is a school (the
    file was refused as «ОО повторяется в файле»); the same INN twice is still one school written twice."""
    import openpyxl

    path = tmp_path / "обе.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for unit, inn in (("Люберцы", "5027044441"), ("Дзержинский", "5027044443")):
        ws = wb.create_sheet(unit)
        ws.append([f"Городской округ {unit}: готовность ОО, III квартал 2023 г."])
        ws.append(["Наименование ОО", "ИНН", "Уровень профминимума", "Назначен ответственный",
                   "Обучающихся 6-11 классов, всего", "Из них охвачено"])
        ws.append(["МОУ СОШ № 1", inn, "базовый", "да", 100, 50])
    wb.save(path)
    res = pipeline.load_file(path, dbp)
    assert res.status == "loaded", [e.text() for e in res.errors]
    assert sql(dbp, "SELECT count(*), count(DISTINCT school_inn) FROM readiness WHERE municipality = 'Люберцы'") \
        == [(2, 2)]


def test_a_merged_units_indicators_beside_the_absorbing_ones_are_refused_naming_the_merger(dbp, tmp_path: Path):
    """A tester's round (07.12.2026): «Протвино» and «Серпухов» each with its diagnostics in one effectiveness form
    were refused «указан дважды для одной и той же организации» — the coordinator saw two municipalities. The
    refusal now names the merger; a form of the unit alone over the absorbing one's speaks of indicators, not
    schools."""
    from test_indicator_meaning import _book

    head = ["Муниципальное образование", "Прошли профдиагностику, чел."]
    title = "Мониторинг эффективности профминимума, Московская область, III квартал 2023 года"
    res = pipeline.load_file(_book(tmp_path / "свод.xlsx", head, [["Серпухов", 300], ["Протвино", 100]],
                                   title=title), dbp)
    assert res.status == "rejected"
    (err,) = [e for e in res.errors if e.rule == "repeated_indicator"]
    assert err.message == ("Показатель «Обучающиеся, прошедшие профориентационную диагностику» указан дважды для "
                           "«Серпухов» («Протвино» учитывается за «Серпухов»): 300 и 100 — сумма была бы неверной")
    assert "одной строкой" in err.hint
    assert pipeline.load_file(_book(tmp_path / "серпухов.xlsx", head, [["Серпухов", 300]], title=title),
                              dbp).status == "loaded"
    res = pipeline.load_file(_book(tmp_path / "протвино.xlsx", head, [["Протвино", 100]], title=title), dbp)
    (err,) = [e for e in res.errors if e.rule == "merged_unit_replaced"]
    assert err.message.endswith("её показатели пропали бы из панели")
    assert sql(dbp, "SELECT value FROM effectiveness WHERE municipality = 'Серпухов'") == [(300,)]
