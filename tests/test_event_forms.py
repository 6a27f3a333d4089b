"""The events form as coordinators send it: columns of people who are not pupils, parents or teachers, events of
the catalogue written their own way, events held in another quarter."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from conftest import sql
from etl import pipeline

HEADER = ["Муниципалитет", "ОО", "Мероприятие", "Дата", "Обучающиеся", "Родители", "Педагоги"]


def events(path: Path, header: list, rows: list[list], title: str = "за IV квартал 2023 года") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг участия обучающихся, родителей и педагогов в профориентационных мероприятиях"])
    ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_representatives_of_enterprises_are_not_parents(dbp, tmp_path):
    path = events(tmp_path / "мероприятия.xlsx", ["Муниципалитет", "ОО", "Мероприятие", "Дата", "Обучающиеся",
                                                 "Педагоги", "Представители предприятий"],
                  [["Химки", "МБОУ СОШ № 1", "Профессиональные пробы", "14.11.2023", 30, 2, 20]])
    res = pipeline.load_file(path, dbp)
    assert res.status == "rejected"  # asked, never loaded as parents
    assert [(e.rule, e.column) for e in res.errors] == [("unmapped_numbers", "G «Представители предприятий»")]
    assert sql(dbp, "SELECT count(*) FROM event_participation") == [(0,)]
