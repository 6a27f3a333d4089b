"""A school year of one region as it really goes (an independent tester's round of 05.12.2026): a municipality
skips a quarter, a form is sent for one quarter only. The cards compare each municipality with its own last
period and never show a zero for a form nobody sent."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import _upload_fixtures as fx
from app import kpi
from app import queries as q
from app.filters import Filters, resolved
from etl import pipeline

TITLES = {"2024-Q3": "III квартал 2024 года", "2024-Q4": "IV квартал 2024 года", "2025-Q1": "I квартал 2025 года"}


def readiness(tmp: Path, dbp, muni: str, period: str, covered: int) -> None:
    f = fx.readiness_xlsx(tmp / f"{muni}_{period}.xlsx", [(muni, "СОШ № 1", "базовый", "да", 100, covered)],
                          title=f"Мониторинг готовности ОО за {TITLES[period]}")
    assert pipeline.load_file(f, dbp).status == "loaded"


def agreements(tmp: Path, dbp, muni: str, period: str) -> None:
    f = tmp / f"договоры_{muni}_{period}.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"Договоры о сетевом взаимодействии за {TITLES[period]}"])
    ws.append(["Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра",
               "Дата договора"])
    ws.append([muni, "СОШ № 1", "СПО", "ГБПОУ МО «Колледж «Подмосковье»", "01.10.2024"])
    wb.save(f)
    assert pipeline.load_file(f, dbp).status == "loaded"


@pytest.fixture
def year(dbp, tmp_path):
    """Химки sends readiness every quarter, agreements in IV кв. only; Серпухов skips IV кв."""
    for period, cov in (("2024-Q3", 50), ("2024-Q4", 60), ("2025-Q1", 70)):
        readiness(tmp_path, dbp, "Химки", period, cov)
    readiness(tmp_path, dbp, "Серпухов", "2024-Q3", 50)
    readiness(tmp_path, dbp, "Серпухов", "2025-Q1", 80)
    agreements(tmp_path, dbp, "Химки", "2024-Q4")
    return dbp


def shown(text: str) -> str:
    """As read on the card (a number keeps its unit on one line: non-breaking spaces)."""
    return " ".join(text.split())


def cards(f: Filters, dbp) -> dict:
    return {k.key: k for k in kpi.key_figures(f, dbp)}


def test_a_municipality_that_skipped_a_quarter_is_compared_with_its_own_last_one(year):
    c = cards(Filters("50", "2025-Q1", ("Серпухов",)), year)
    assert shown(c["coverage_share"].text) == "80,0 %"
    assert shown(c["coverage_share"].delta_text) == "+30,0 п. п. к III кварталу 2024 г."


def test_a_school_year_shows_no_zero_for_a_form_not_sent_as_of_its_closing_period(year):
    db = str(year)
    f = resolved(Filters("50", "2024/25"), db, q.version(db))
    c = cards(f, year)
    assert (c["agreements"].text, c["agreements"].denominator) == \
        ("—", "нет данных: форму «Договоры о сетевом взаимодействии» за I квартал 2025 г. не сдавали; за IV квартал "
              "2024 г. — 1")
    assert (c["participants"].text, c["participants"].denominator) == \
        ("—", "нет данных: форму «Участие в мероприятиях» за учебный год не сдавали")


def test_the_per_100_card_without_an_events_form_says_there_is_no_data_not_0_of_0(year):
    c = cards(Filters("50", "2025-Q1", ("Серпухов",)), year)
    assert c["per100"].text == "—" and "0 из 0" not in c["per100"].denominator
    assert c["per100"].denominator.startswith("нет данных")


def test_a_municipality_that_sent_nothing_for_the_period_has_no_0_of_0_anywhere(year):
    for c in cards(Filters("50", "2024-Q4", ("Серпухов",)), year).values():
        assert c.text == "—" and c.denominator.startswith("нет данных"), (c.key, c.text, c.denominator)
        assert "0 из 0" not in c.denominator


def test_a_level_without_schools_is_said_so_not_blamed_on_the_events_form(year):
    c = cards(Filters("50", "2025-Q1", (), "продвинутый"), year)
    assert c["schools"].text == "0"
    assert (c["per100"].text, c["per100"].denominator) == ("—", "нет ОО этого уровня")
    assert "сданы по муниципалитетам" not in c["participants"].denominator
