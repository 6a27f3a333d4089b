"""The ETL steps one by one (etl/staged.py lists them): each is checked on its own staged object, as
`pipeline.prepare` runs them in order."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from etl import (assemble, file_context, munis, names, parse_column, pipeline, plan, reader, rules, tables,
                 values)
from etl.model import FileRejected
from etl.staged import Staged


def staged(kind=None, region=None, period=None, name="форма.xlsx") -> Staged:
    return Staged(Path(name), name, kind, region, period, None, pipeline._registry(), pipeline._catalogue(),
                  lambda f, t: None)


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


HEADER = ["№", "Наименование ОО", "Уровень профминимума", "Всего обучающихся 6–11 классов", "Охвачено"]
SCHOOLS = [[1, "МБОУ СОШ № 1", "базовый", 500, 450], [2, "МБОУ СОШ № 2", "основной", 300, 200]]


def read(path: Path, kind=None, region=None, period=None) -> Staged:
    st = staged(kind, region, period, path.name)
    st.wb = reader.read_workbook(path)
    return st


# --- staged ------------------------------------------------------------------------------------------

def test_records_keep_their_provenance_through_add_keep_and_err():
    st = staged("readiness")
    st.start_records()
    st.add("Химки", [4, 5, 6], {"school_name": "B «ОО»"}, {"school_name": ["а", "б", "в"]})
    st.out = {"school_name": ["а", "б", "в"]}
    st.err(2, "school_name", "в", "required", "сообщение")
    st.err(0, "school_name", "а", "control_characters", "замечание", severity="warning")
    assert st.bad == {2} and [p.row for p in st.problems] == [7, 5] and st.problems[0].column == "B «ОО»"
    st.keep([1, 2])
    assert st.n == 2 and st.source_row == [6, 7] and st.out["school_name"] == ["б", "в"]
    assert st.cols["school_name"] == ["б", "в"] and st.bad == {1}
    assert [p.row for p in st.problems] == [7]  # the dropped record's problem went with it


# --- names -------------------------------------------------------------------------------------------

def test_what_titles_and_names_say():
    reg = pipeline._registry()
    assert names.municipality_from_text(reg, "Отчёт г.о. Химки за III квартал", "50").municipality == "Химки"
    assert names.region_from_text(reg, "Мониторинг ОО Сахалинской области") == "65"
    assert names.region_from_text(reg, "65_готовность.xlsx") == "65"
    # the region's ministry or its roadmap's order name it too (regions.csv)
    assert names.region_from_text(reg, "Исполнение (распоряжение МОМО от 18.08.2023 № Р-872)") == "50"
    assert names.region_from_text(reg, "во исполнение распоряжения № 3.12-1264-р") == "65"
    assert names.period_from_texts(["Приказ от 18.08.2023", "за I квартал 2024 года"], "quarter") == "2024-Q1"
    assert names.period_from_texts(["по состоянию на 01.10.2023"], "quarter") == "2023-Q3"
    # the date of an order the title cites is no as-of date: no period rather than the order's quarter
    for cited in ("Мониторинг (распоряжение Министерства образования Московской области от 18.08.2023 № Р-872)",
                  "Мониторинг (распоряжение МОСО от 08.09.2023 № 3.12-1264-р) за 1 полугодие",
                  "Форма (приказ от 18 августа 2023 г. № 5)", "Готовность ОО (№ 45 от 01.09.2023)"):
        assert names.period_from_texts([cited], "quarter") is None, cited
    assert names.period_from_texts(["Сведения на 01.10.2023 (приказ № 45 от 01.09.2023)"], "quarter") == "2023-Q3"
    assert names.level_of_sheet("Основной уровень", "") == ("основной", "название листа «Основной уровень»")
    assert names.event_of_sheet(reg, "Лист1", "", "50") is None
    assert names.event_of_sheet(reg, "Шоу профессий", "", "50")
    assert names.event_of_sheet(reg, "Серпухов", "", "50") is None  # whose the rows are, not the event


# --- parse_column ------------------------------------------------------------------------------------

def test_a_column_is_parsed_once_per_distinct_value_and_bad_cells_are_indexed():
    calls = []

    def parse(v):
        calls.append(v)
        return (int(v), None) if str(v).isdigit() else (None, "не число")

    vals, bad, errors = parse_column.parse_column(parse, ["1", "2", "1", "х", "2", "х"])
    assert vals == [1, 2, 1, None, 2, None] and bad == [3, 5] and errors[3] == "не число"
    assert sorted(calls) == ["1", "2", "х"]
    # True == 1 share a dict key: a column with bools keeps them apart
    vals, _, _ = parse_column.parse_column(lambda v: (repr(v), None), [1, True, 1])
    assert vals == ["1", "True", "1"]


# --- tables ------------------------------------------------------------------------------------------

def test_help_and_summary_sheets_are_left_out_and_the_kind_found(tmp_path):
    f = workbook(tmp_path / "f.xlsx", {"Инструкция": [["Заполните форму"], HEADER, SCHOOLS[0]],
                                       "Химки": [HEADER, *SCHOOLS], "Свод": [HEADER, *SCHOOLS]})
    st = read(f)
    tables.find(st)
    assert st.kind == "readiness" and [s.name for s, *_ in st.used] == ["Химки"]
    assert {r.sheet: r.used for r in st.reports} == {"Инструкция": False, "Свод": False}


def test_a_file_with_no_table_is_refused(tmp_path):
    st = read(workbook(tmp_path / "f.xlsx", {"Лист1": [["просто текст"], ["и ещё"]]}))
    with pytest.raises(FileRejected, match="не найдена таблица"):
        tables.find(st)


# --- plan and assemble -------------------------------------------------------------------------------

def test_a_sheet_named_by_its_municipality_gives_it_to_every_record(tmp_path):
    st = read(workbook(tmp_path / "f.xlsx", {"Химки": [HEADER, *SCHOOLS]}), region="50")
    tables.find(st)
    st.start_records()
    (sheet, t, cmap, samples), = st.used
    p = plan.plan(st, sheet, t, cmap, samples)
    assert p.sheet_muni == "Химки" and p.rep.municipality == "Химки"
    assemble.records(st, p)
    assert st.cols["municipality"] == ["Химки", "Химки"] and st.source_row == [2, 3]
    assert st.cols["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]


def test_a_sheet_without_municipality_anywhere_is_skipped_and_said(tmp_path):
    st = read(workbook(tmp_path / "f.xlsx", {"Лист1": [HEADER, *SCHOOLS]}), region="50")
    tables.find(st)
    st.start_records()
    (sheet, t, cmap, samples), = st.used
    assert plan.plan(st, sheet, t, cmap, samples) is None
    assert [p.rule for p in st.problems] == ["no_municipality"]


def test_a_wide_events_sheet_gives_one_record_per_filled_event(tmp_path):
    head1 = ["Муниципалитет", "Наименование ОО", "Шоу профессий", None, "Проектория", None]
    head2 = [None, None, "обучающиеся", "родители", "обучающиеся", "родители"]
    rows = [["Химки", "СОШ № 1", 10, 2, None, None], ["Химки", "СОШ № 2", 5, None, 7, 1]]
    st = read(workbook(tmp_path / "f.xlsx", {"Мероприятия": [head1, head2, *rows]}), region="50")
    tables.find(st)
    st.start_records()
    for sheet, t, cmap, samples in st.used:
        assemble.records(st, plan.plan(st, sheet, t, cmap, samples))
    assert st.kind == "events" and st.n == 3
    assert sorted(zip(st.cols["school_name"], st.cols["students"])) == [("СОШ № 1", 10), ("СОШ № 2", 5),
                                                                        ("СОШ № 2", 7)]


# --- file_context, values, munis, rules --------------------------------------------------------------

def records(kind: str, **cols) -> Staged:
    st = staged(kind)
    st.start_records()
    n = len(next(iter(cols.values())))
    st.add("Лист1", list(range(4, 4 + n)), {}, cols)
    return st


def test_region_from_the_municipalities_and_period_from_the_title_with_a_conflict_said():
    st = records("readiness", municipality=["Химки", "Мытищи"], school_name=["а", "б"])
    st.titles = ["Мониторинг за II квартал 2024 г."]
    st.name = "готовность_I_квартал_2024.xlsx"
    file_context.settle(st)
    assert (st.region, st.period) == ("50", "2024-Q2")
    assert [p.rule for p in st.problems] == ["period_conflict"]


def test_values_are_parsed_by_type_with_month_first_dates_turned_round():
    st = records("agreements", signed_on=["10/16/2023", "10/02/2023"], partner_type=["вуз", "непонятно"])
    values.parse(st)
    assert [d.isoformat() for d in st.out["signed_on"]] == ["2023-10-16", "2023-10-02"]
    assert {p.rule for p in st.problems} == {"month_first_dates", "bad_partner_type"} and st.bad == {1}


def test_municipalities_read_to_their_canonical_names_never_guessed():
    st = records("readiness", municipality=["г.о. Химки", "Протвино", "Химкии-Бабкины"])
    st.region = "50"
    munis.parse(st)
    assert st.out["municipality"][:2] == ["Химки", "Серпухов"] and st.out["municipality"][2] is None
    assert {p.rule for p in st.problems} == {"merged_municipality", "unknown_municipality"} and st.bad == {2}


def test_rules_drop_template_rows_and_complete_each_record():
    st = records("readiness", municipality=["Химки", "Химки"], school_name=["СОШ № 1", None],
                 students_total=[100, None])
    st.region, st.period = "50", "2024-Q1"
    st.reports = [pipeline.SheetReport("Лист1", True, data_rows=2)]
    values.parse(st)
    munis.parse(st)
    rules.apply(st)
    assert st.n == 1 and st.out["period"] == ["2024-Q1"] and st.out["region"] == ["50"]
    assert st.reports[0].data_rows == 1 and sum(st.reports[0].skipped_rows.values()) == 1
