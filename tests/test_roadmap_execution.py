"""Roadmap-execution reports as coordinators type them: the statuses in their everyday words or as a «+» in one of
several status columns, deadlines without a year, the report's «по состоянию на» date, a municipality's own report."""
from __future__ import annotations

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
