"""Reporting periods as they are written in form titles and file names, for both regions' cadences."""
from datetime import date, datetime

import pytest

from etl import periods
from etl.periods import (
    cadence_of, deadline_for, is_valid, next_period, parse_period, period_bounds, period_from_asof,
    period_label_ru, periods_between, previous_period, sort_key, to_cadence,
)


@pytest.mark.parametrize("label, ok", [
    ("2024-Q1", True), ("2023-H2", True), ("2024-Q4", True), ("2024-Q5", False), ("2024-H3", False),
    ("2024Q1", False), ("2024-q1", False), ("", False), (None, False), (2024, False), ("I квартал 2024", False),
])
def test_is_valid(label, ok):
    assert is_valid(label) is ok


# (text, expected with cadence 'quarter', expected with cadence 'half')
WORDINGS = [
    ("2024-Q1", "2024-Q1", "2024-H1"),
    ("2024 Q1", "2024-Q1", "2024-H1"),
    ("2024Q1", "2024-Q1", "2024-H1"),
    ("отчет_2023-q3.xlsx", "2023-Q3", "2023-H2"),
    ("2023-H2", "2023-H2", "2023-H2"),
    ("Мониторинг за I квартал 2024 года", "2024-Q1", "2024-H1"),
    ("1 квартал 2024", "2024-Q1", "2024-H1"),
    ("I кв. 2024", "2024-Q1", "2024-H1"),
    # a two-digit year with «г.»/«года» after it (tester round t85: «1 кв. 24 г.» was not a period)
    ("Мониторинг за 1 кв. 24 г.", "2024-Q1", "2024-H1"),
    ("за 3 квартал 23 года", "2023-Q3", "2023-H2"),
    ("Отчёт 2 полугодие 23г.", "2023-H2", "2023-H2"),
    ("IV_квартал_2023", "2023-Q4", "2023-H2"),
    ("3кв2023", "2023-Q3", "2023-H2"),
    ("за III КВАРТАЛ 2023 г.", "2023-Q3", "2023-H2"),
    ("2-й квартал 2024 года", "2024-Q2", "2024-H1"),
    ("за 1 полугодие 2023/2024 учебного года", "2023-H2", "2023-H2"),
    ("2 полугодие 2023/2024 учебного года", "2024-H1", "2024-H1"),
    ("I полугодие 2023-2024 уч. года", "2023-H2", "2023-H2"),
    ("1 полугодие 2024 года", "2024-H1", "2024-H1"),
    ("2-е полугодие 2023 г.", "2023-H2", "2023-H2"),
    ("Второе полугодие 2023 года", "2023-H2", "2023-H2"),
    ("Мониторинг готовности ОО по состоянию на 01.10.2023", "2023-Q3", "2023-H2"),
    ("на 01.12.2023", "2023-Q4", "2023-H2"),
    ("по состоянию на 01.01.2024", "2023-Q4", "2023-H2"),
    ("по состоянию на 02.10.2023", "2023-Q3", "2023-H2"),  # the first days after a quarter: its report
    ("по состоянию на 10.10.2023", "2023-Q3", "2023-H2"), ("по состоянию на 11.10.2023", "2023-Q4", "2023-H2"),
    ("по состоянию на 15 сентября 2023 г.", "2023-Q3", "2023-H2"),
    ("Готовность_ОО_01.10.2023.xlsx", "2023-Q3", "2023-H2"),
    ("за сентябрь 2023", "2023-Q3", "2023-H2"),
    ("за март 2024 г.", "2024-Q1", "2024-H1"),
    ("с 01.07.2023 по 30.09.2023", "2023-Q3", "2023-H2"),
    ("Мониторинг (распоряжение от 18.08.2023 № Р-872) по состоянию на 01.01.2024", "2023-Q4", "2023-H2"),
    ("Корсаковский_готовность_1пол2024.xlsx", "2024-H1", "2024-H1"), ("Холмский_2_пол_2023", "2023-H2", "2023-H2"),
    ("I_пол_2024", "2024-H1", "2024-H1"),
    ("за 9 месяцев 2024 года", "2024-Q3", "2024-H2"), ("за 6 месяцев 2024 г.", "2024-Q2", "2024-H1"),
]


@pytest.mark.parametrize("text, quarter, half", WORDINGS)
def test_parse_period_both_cadences(text, quarter, half):
    assert parse_period(text, "quarter") == quarter
    assert parse_period(text, "half") == half


@pytest.mark.parametrize("text, expected", [
    ("за I квартал 2024 года", "2024-Q1"),
    ("по состоянию на 01.12.2023", "2023-Q4"),  # cadence unknown → quarter
    ("2 полугодие 2023/2024 учебного года", "2024-H1"),
])
def test_parse_period_without_cadence(text, expected):
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", [
    "2023/2024 учебный год", "в 2023/2024 учебном году", "I квартал 2023/2024 учебного года", "Лист1",
    "Готовность ОО", "", None, "2024 год", "2024-H3", "2024-Q5",
    "IV кв. 23", "1 кв. 24 гимназия",  # a two-digit number with no «г.» after it may be anything
])
def test_parse_period_ambiguous_or_absent_is_none(text):
    assert parse_period(text) is None
    assert parse_period(text, "half") is None


def test_parse_period_accepts_a_date_object_as_asof():
    assert parse_period(date(2023, 10, 1), "quarter") == "2023-Q3"
    assert parse_period(datetime(2023, 12, 1, 12, 0), "half") == "2023-H2"


@pytest.mark.parametrize("label, cadence, expected", [
    ("2023-Q3", "half", "2023-H2"), ("2023-Q4", "half", "2023-H2"), ("2024-Q1", "half", "2024-H1"),
    ("2024-Q2", "half", "2024-H1"), ("2023-Q3", "quarter", "2023-Q3"), ("2023-H2", "quarter", "2023-H2"),
    ("2023-H2", "half", "2023-H2"), ("2023-Q3", None, "2023-Q3"),
])
def test_to_cadence(label, cadence, expected):
    assert to_cadence(label, cadence) == expected


@pytest.mark.parametrize("asof, quarter, half", [
    (date(2023, 10, 1), "2023-Q3", "2023-H2"),   # first day of Q4 → data about Q3
    (date(2023, 10, 2), "2023-Q3", "2023-H2"),   # the first days after it, when its report is due: Q3 still
    (date(2023, 10, 11), "2023-Q4", "2023-H2"),
    (date(2023, 9, 30), "2023-Q3", "2023-H2"),
    (date(2023, 7, 1), "2023-Q2", "2023-H1"),    # first day of H2 → data about H1
    (date(2024, 1, 1), "2023-Q4", "2023-H2"),    # across the year boundary
    (date(2023, 12, 1), "2023-Q4", "2023-H2"),
    (date(2024, 4, 1), "2024-Q1", "2024-H1"),
    (datetime(2023, 10, 1, 9, 30), "2023-Q3", "2023-H2"),
])
def test_period_from_asof(asof, quarter, half):
    assert period_from_asof(asof, "quarter") == quarter
    assert period_from_asof(asof, "half") == half
    assert period_from_asof(asof) == quarter


@pytest.mark.parametrize("label, start, end", [
    ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-Q2", date(2024, 4, 1), date(2024, 6, 30)),
    ("2023-Q3", date(2023, 7, 1), date(2023, 9, 30)),
    ("2023-Q4", date(2023, 10, 1), date(2023, 12, 31)),
    ("2024-H1", date(2024, 1, 1), date(2024, 6, 30)),
    ("2023-H2", date(2023, 7, 1), date(2023, 12, 31)),
])
def test_period_bounds(label, start, end):
    assert period_bounds(label) == (start, end)


def test_bounds_reject_bad_label():
    with pytest.raises(ValueError):
        period_bounds("2024-Q5")


@pytest.mark.parametrize("label, prev, nxt", [
    ("2024-Q1", "2023-Q4", "2024-Q2"), ("2023-Q4", "2023-Q3", "2024-Q1"),
    ("2024-H1", "2023-H2", "2024-H2"), ("2023-H2", "2023-H1", "2024-H1"),
])
def test_previous_and_next(label, prev, nxt):
    assert previous_period(label) == prev
    assert next_period(label) == nxt


@pytest.mark.parametrize("label, text", [
    ("2023-Q3", "III квартал 2023 г."), ("2024-Q1", "I квартал 2024 г."), ("2024-Q4", "IV квартал 2024 г."),
    ("2023-H2", "2-е полугодие 2023 г."), ("2024-H1", "1-е полугодие 2024 г."),
])
def test_period_label_ru(label, text):
    assert period_label_ru(label) == text


def test_period_label_ru_lenient_for_non_labels():
    assert period_label_ru("2023-Q3, 2023-Q4") == "III квартал 2023 г., IV квартал 2023 г."
    assert period_label_ru("что-то") == "что-то"
    assert period_label_ru(None) == ""


def test_periods_between():
    assert periods_between("2023-Q3", "2024-Q2") == ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2"]
    assert periods_between("2023-H2", "2024-H2") == ["2023-H2", "2024-H1", "2024-H2"]
    assert periods_between("2024-Q1", "2024-Q1") == ["2024-Q1"]
    assert periods_between("2024-Q2", "2024-Q1") == []
    with pytest.raises(ValueError):
        periods_between("2023-Q3", "2024-H1")


@pytest.mark.parametrize("label, due", [
    ("2023-Q3", date(2023, 10, 1)), ("2023-Q4", date(2024, 1, 1)), ("2023-H2", date(2024, 1, 1)),
    ("2024-H1", date(2024, 7, 1)),
])
def test_deadline_is_the_day_after_the_period(label, due):
    assert deadline_for(label) == due
    # a form «по состоянию на» the deadline describes that very period
    assert period_from_asof(deadline_for(label), cadence_of(label)) == label


def test_sort_key_is_chronological():
    labels = ["2024-Q1", "2023-Q4", "2023-H2", "2023-Q3"]
    assert sorted(labels, key=sort_key) == ["2023-H2", "2023-Q3", "2023-Q4", "2024-Q1"]


@pytest.mark.parametrize("text, due", [
    ("До 22.08.2023", date(2023, 8, 22)),
    ("с 01.09.2023 по 31.05.2024", date(2024, 5, 31)),  # a range is due at its end, not at its start
    ("с 1 сентября по 31 мая 2024 г.", date(2024, 5, 31)),
    ("сентябрь 2023 г.", date(2023, 9, 30)),
    ("до конца октября 2023 года", date(2023, 10, 31)),
    ("сентябрь 2026 г. – май 2027 г.", date(2027, 5, 31)),  # a range of months: the last one's end
    ("декабрь 2023 – май 2024", date(2024, 5, 31)),
    ("IV квартал 2023 г.", date(2023, 12, 31)),
    ("1 полугодие 2023/2024 учебного года", date(2023, 12, 31)),
    ("I полугодие 2024 года", date(2024, 6, 30)),
    ("До 02.10.2023, далее ежеквартально", date(2023, 10, 2)),
    ("до конца 2023 г.", date(2023, 12, 31)),  # a calendar year: its last day
    ("в течение 2024 года", date(2024, 12, 31)),
    ("2023-2025 гг.", date(2025, 12, 31)),
    ("В течение 2023/2024 учебного года", date(2024, 8, 31)),  # a school year: its last day
    ("в течение 2023-2024 уч. г.", date(2024, 8, 31)),
    ("В течение учебного года", None),
    ("В течение года", None),
    ("по графику", None),
    ("ежеквартально", None),
])
def test_deadline_of_a_roadmap_item(text, due):
    assert periods.deadline_of(text) == due


def test_a_school_year_is_a_period_of_the_selector():
    assert periods.is_school_year("2023/24") and not periods.is_school_year("2023/25")
    assert not periods.is_school_year("2023-Q3") and not periods.is_school_year(None)
    assert periods.period_label_ru("2023/24") == "2023/24 учебный год"
    assert periods.school_year_first("2023/24", "quarter") == "2023-Q3"
    assert periods.school_year_first("2023/24", "half") == "2023-H2"
    assert periods.previous_school_year("2024/25") == "2023/24"
    assert periods.previous_school_year("2000/01") == "1999/00"
    # every period from the first to the last of a school year belongs to it, and no other
    for cad, last in (("quarter", "2024-Q2"), ("half", "2024-H1")):
        inside = periods.periods_between(periods.school_year_first("2023/24", cad), last)
        assert {periods.school_year_of(p) for p in inside} == {"2023/24"}
        assert periods.school_year_of(periods.previous_period(inside[0])) == "2022/23"
        assert periods.school_year_of(periods.next_period(inside[-1])) == "2024/25"
