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
    # a correction of the same unit's form replaces it, as any resubmission
    fix = pipeline.load_file(fx.readiness_xlsx(tmp_path / "обе2.xlsx", both[:4]), dbp)
    assert fix.status == "loaded"
