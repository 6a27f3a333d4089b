"""pipeline.prepare on every messy shape gives exactly the records a careful analyst would type in by hand."""
from datetime import date

import openpyxl
import pytest

from conftest import sql
from etl import db, normalize, pipeline
from etl.model import FileRejected
from tests import messy

CHECK = {
    "readiness": ["municipality", "school_name", "level", "responsible_appointed", "plan_approved", "students_total",
                  "students_covered", "navigators", "bvb_registered", "school_inn", "source_sheet", "source_row"],
    "events": ["municipality", "school_name", "event", "event_level", "event_date", "students", "parents", "teachers",
               "source_row"],
    "agreements": ["municipality", "school_name", "partner_type", "partner_name", "agreement_no", "signed_on",
                   "source_row"],
    "effectiveness": ["municipality", "indicator_code", "value", "period", "source_row"],
}


def records(p, fields):
    return [{f: p.columns[f][i] for f in fields} for i in range(p.n_rows)]


def expected(truth, fields):
    return [{f: r.get(f) for f in fields} for r in truth["records"]]


def others(p):
    """The problems of a file but the sheet-level «В таблице нет столбца …» (small forms without a level or a
    responsible column have them; tests/test_accounting.py checks those)."""
    return [x for x in p.problems if x.rule != "missing_field"]


def left_out(rep):
    """The columns of a sheet that are not loaded: not recognised, or recognised as holding no figure of their own
    (the reason after « — » cut off)."""
    return [c.split(" — ")[0] for c in rep.unmatched + rep.ignored]


def book(path, *rows):
    """A one-sheet workbook of the given rows (as a municipality types a small form)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def check(p, truth):
    assert p.errors == [], [e.text() for e in p.errors]
    assert (p.kind, p.region, p.period) == (truth["kind"], truth["region"], truth.get("period", p.period))
    fields = [f for f in CHECK[truth["kind"]] if any(f in r for r in truth["records"])]
    assert records(p, fields) == expected(truth, fields)


def test_sheet_per_municipality_with_summary_sheet(tmp_path):
    f = tmp_path / "Готовность ОО.xlsx"
    truth = messy.readiness_by_sheets(f)
    p = pipeline.prepare(f)
    check(p, truth)
    # subtotal rows are never schools, the «Свод» sheet is not counted again
    assert p.n_rows == truth["n"] == 9
    assert not any("того" in n or "сего" in n for n in p.columns["school_name"])
    for m, total in truth["students_total"].items():
        got = sum(t for t, mm in zip(p.columns["students_total"], p.columns["municipality"]) if mm == m)
        assert got == total
    rep = {s.sheet: s for s in p.sheets}
    assert not rep["Свод"].used and "сводный лист" in rep["Свод"].reason
    assert not [x for x in p.problems if x.rule == "summary_sheet_differs"]  # the «Свод» agrees with the sheets
    assert rep["Химки"].municipality == "Химки" and rep["Одинцовский г.о."].municipality == "Одинцовский"
    assert rep["Химки"].header_rows == (4, 5)
    assert rep["Химки"].skipped_rows == {"нумерация столбцов": 1, "итоговая строка": 1, "пустая строка": 1,
                                         "подвал": 2}
    assert rep["Химки"].matched["students_covered"] == "H «Численность обучающихся 6–11 классов | из них охвачено»"


def test_a_stale_summary_of_a_readiness_workbook_is_said(tmp_path):
    """A readiness «Свод» (with «Количество ОО»: a summary form of its own) whose Химки pupils differ from the Химки
    sheet: the sheets load, the difference is said with both figures (tester round t83)."""
    f = tmp_path / "Готовность ОО.xlsx"
    truth = messy.readiness_by_sheets(f)
    wb = openpyxl.load_workbook(f)
    assert wb["Свод"].cell(3, 2).value == "Химки"
    wb["Свод"].cell(3, 4).value = "3 510"
    wb.save(f)
    p = pipeline.prepare(f)
    (w,) = [x for x in p.problems if x.rule == "summary_sheet_differs"]
    assert (w.sheet, w.row, w.severity) == ("Свод", 3, "warning")
    have = f"{truth['students_total']['Химки']:,}".replace(",", "\u00a0")
    assert w.message.startswith("На листе «Свод» у муниципалитета Химки в столбце D «Всего обучающихся 6–11 "
                                f"классов» — 3\u00a0510, а на его листах в сумме {have}")
    assert p.n_rows == truth["n"]


def test_three_row_header_municipality_variants_and_section_rows(tmp_path):
    f = tmp_path / "форма.xlsx"
    truth = messy.readiness_three_row_header(f)
    p = pipeline.prepare(f)
    check(p, truth)
    assert sum(p.columns["students_total"]) == truth["students_total"] == 3800
    assert sum(p.columns["students_covered"]) == truth["students_covered"]
    assert p.sheets[0].skipped_rows["заголовок раздела"] == 2


def test_events_wide_layout_half_year_region(tmp_path):
    f = tmp_path / "мероприятия.xlsx"
    truth = messy.events_wide(f)
    p = pipeline.prepare(f)
    check(p, truth)
    assert p.sheets[0].layout == "wide"
    by_event = {}
    for i in range(p.n_rows):
        by_event[p.columns["event"][i]] = by_event.get(p.columns["event"][i], 0) + sum(
            p.columns[k][i] or 0 for k in ("students", "parents", "teachers"))
    assert by_event == truth["participants_by_event"]


def test_events_long_period_from_file_name(tmp_path):
    f = tmp_path / "Мероприятия за I квартал 2024.xlsx"
    truth = messy.events_long(f)
    p = pipeline.prepare(f)
    check(p, truth)
    assert p.columns["event_date"][2] == date(2024, 3, 21)  # from the events catalogue


def test_values_merged_over_rows_belong_to_each_row(tmp_path):
    f = tmp_path / "мероприятия.xlsx"
    truth = messy.events_merged(f)
    p = pipeline.prepare(f)
    check(p, truth)  # every school has its event, level, date and municipality; subtotals are not schools
    rep = p.sheets[0]
    assert rep.merged_filled == truth["filled"] == 15
    assert rep.skipped_rows == {"заголовок раздела": 1, "итоговая строка": 2}
    assert sum(p.columns["students"]) == sum(r["students"] for r in truth["records"]) == 360


def test_agreements_csv_cp1251_explicit_period(tmp_path):
    f = tmp_path / "договоры.csv"
    truth = messy.agreements_csv(f)
    p = pipeline.prepare(f, period="2023-Q4")
    check(p, truth)
    assert p.period == "2023-Q4"
    # without an explicit period the file names none: a file-level error in Russian
    p = pipeline.prepare(f)
    assert [e.rule for e in p.file_errors] == ["no_period"]
    assert "период" in p.file_errors[0].message


def test_a_formula_error_saved_as_text_is_an_empty_cell_said(tmp_path):
    """A csv saved by a Russian Excel writes an error cell as its text («#ДЕЛ/0!», «#Н/Д»): read as the error cell
    of an xlsx — empty, said — not refused as «Ожидается целое число»."""
    f = tmp_path / "готовность за I квартал 2024.csv"
    f.write_text("Муниципальное образование;Наименование ОО;Всего обучающихся 6–11 классов;Охвачено профминимумом;"
                 "Педагоги-навигаторы\nХимки;СОШ № 1;300;280;#Н/Д\nХимки;СОШ № 2;200;#ДЕЛ/0!;2\n", encoding="cp1251")
    p = pipeline.prepare(f)
    assert p.errors == []
    said = sorted((w.row, w.value) for w in p.problems if w.rule == "formula_error")
    assert said == [(2, "#Н/Д"), (3, "#ДЕЛ/0!")]
    assert p.columns["navigators"] == [None, 2] and p.columns["students_covered"] == [280, None]


def test_effectiveness_csv_decimal_comma_and_period_column(tmp_path):
    f = tmp_path / "эффективность.csv"
    truth = messy.effectiveness_csv(f)
    p = pipeline.prepare(f)
    check(p, truth)


def test_effectiveness_wide(tmp_path):
    f = tmp_path / "показатели.xlsx"
    truth = messy.effectiveness_wide(f)
    p = pipeline.prepare(f)
    check(p, truth)
    assert p.sheets[0].layout == "wide"


def test_shares_in_percent_formatted_cells_are_read_as_percent(tmp_path):
    f = tmp_path / "показатели.xlsx"
    truth = messy.effectiveness_percent_cells(f)
    p = pipeline.prepare(f)
    check(p, truth)  # 0,853 in a «%» cell is 85,3 %; «72,5» and «64%» written as text are read as written
    (w,) = [x for x in p.problems if x.severity == "warning"]
    assert (w.rule, w.row, w.column, w.shown_value) == ("share_as_fraction", 3, "B «Доля охвата»", "0,853")
    assert w.message == ("Показатель «Доля охвата» записан долями единицы, значения умножены на 100: 0,853 → 85,3 % "
                         "(всего 2 значения в файле)")


def test_shares_written_in_percent_stay_and_above_100_is_an_error(tmp_path):
    f = tmp_path / "показатели.xlsx"
    book(f, ["Показатели эффективности за IV квартал 2023 года"],
         ["Муниципальное образование", "Доля охвата", "Участники профпроб"],
         ["Химки", 0.5, 0.5],  # half a percent next to 97,2 %, or a half? asked; counts never scaled (and half a
         # participant is an error: counts are whole)
         ["Королёв", 97.2, 10],
         ["Балашиха", 120, 10])
    p = pipeline.prepare(f)
    got = {(m, c): v for m, c, v in zip(p.columns["municipality"], p.columns["indicator_code"], p.columns["value"])}
    assert got[("Химки", "coverage_share")] == 0.5 and got[("Химки", "probes_done")] == 0.5
    assert got[("Королёв", "coverage_share")] == 97.2
    assert [(e.rule, e.row, e.severity) for e in p.problems] == [
        ("bad_int", 3, "error"),
        ("share_below_one", 3, "error"),  # 0,5 % or 50 %: only the author knows, asked (with «%» it is 0,5 %)
        ("share_over_100", 5, "error")]
    assert p.errors[-1].message == "Показатель «Доля охвата» больше 100 %"


def test_cell_problems_name_sheet_row_column_value_rule_and_hint(tmp_path):
    f = tmp_path / "готовность.xlsx"
    messy.readiness_by_sheets(f)
    wb = openpyxl.load_workbook(f)
    ws = wb["Королёв"]
    ws["D7"] = "средний"  # unknown level (row 7 = МБОУ СОШ № 8)
    ws["H8"] = 900  # covered 900 > total 700 (МАОУ Лицей № 9)
    wb.save(f)
    p = pipeline.prepare(f)
    errs = {(e.sheet, e.row, e.rule): e for e in p.errors}
    assert set(errs) == {("Королёв", 7, "bad_level"), ("Королёв", 8, "covered_gt_total")}
    e = errs[("Королёв", 7, "bad_level")]
    assert (e.column, e.value) == ("D «Уровень реализации профминимума»", "средний")
    assert "базовый, основной, продвинутый" in e.hint
    e = errs[("Королёв", 8, "covered_gt_total")]
    assert e.column == "H «Численность обучающихся 6–11 классов | из них охвачено»"
    assert e.message == "Охвачено (900) больше, чем всего обучающихся (700)"
    text = e.text()
    assert "лист «Королёв»" in text and "строка 8" in text and "столбец H" in text
    assert len(p.good_rows()) == 7


def test_unknown_municipality_gets_a_suggestion_not_a_guess(tmp_path):
    f = tmp_path / "договоры.csv"
    messy.agreements_csv(f)
    text = f.read_text(encoding="cp1251").replace("г.о. Химки", "г.о. Химкии")
    f.write_text(text, encoding="cp1251")
    p = pipeline.prepare(f, period="2023-Q4")
    (e,) = p.errors
    assert (e.rule, e.row, e.value) == ("unknown_municipality", 5, "г.о. Химкии")
    assert "Химки" in e.hint and p.columns["municipality"][2] is None


def test_no_table_is_rejected_in_russian(tmp_path):
    f = tmp_path / "письмо.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Уважаемые коллеги!"])
    wb.active.append(["Направляем информацию о ходе реализации профминимума."])
    wb.save(f)
    with pytest.raises(FileRejected) as e:
        pipeline.prepare(f)
    assert "письмо.xlsx" in str(e.value) and "не найдена таблица" in str(e.value)


def test_sheet_without_municipality_is_reported(tmp_path):
    f = tmp_path / "форма.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Мониторинг за I квартал 2024 года"])
    ws.append(["Наименование ОО", "Уровень профминимума", "План утвержден"])
    ws.append(["МБОУ СОШ № 1", "базовый", "да"])
    wb.save(f)
    p = pipeline.prepare(f, region="50")
    assert [e.rule for e in p.file_errors] == ["no_municipality"]
    assert "муниципальное образование" in p.file_errors[0].message.lower()


def test_loaded_figures_match_the_truth(tmp_path):
    f = tmp_path / "Готовность ОО.xlsx"
    truth = messy.readiness_by_sheets(f)
    dbp = tmp_path / "m.duckdb"
    res = pipeline.load_file(f, dbp)
    assert (res.status, res.rows_loaded, res.period) == ("loaded", 9, "2023-Q3")
    with db.read_connection(dbp) as con:
        got = dict(con.execute("select municipality, sum(students_total) from readiness group by 1").fetchall())
        n = con.execute("select count(*) from readiness").fetchall()[0][0]
    assert n == truth["n"]
    assert got == truth["students_total"]


def test_a_sheet_of_another_shape_beside_the_form_is_skipped_not_an_error(tmp_path):
    f = tmp_path / "Готовность ОО.xlsx"
    truth = messy.readiness_by_sheets(f)
    wb = openpyxl.load_workbook(f)
    ws = wb.create_sheet("Часы по уровням")
    ws.append(["Уровень профминимума", "Количество часов", "Охвачено"])
    for level, hours in (("базовый", 40), ("основной", 60), ("продвинутый", 80)):
        ws.append([level, hours, "все обучающиеся 6–11 классов"])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == truth["n"]
    rep = {s.sheet: s for s in p.sheets}
    assert not rep["Часы по уровням"].used and "наименование ОО" in rep["Часы по уровням"].reason


def test_an_instruction_sheet_with_a_sample_row_is_not_data(tmp_path):
    f = tmp_path / "Готовность ОО.xlsx"
    truth = messy.readiness_by_sheets(f)
    wb = openpyxl.load_workbook(f)
    ws = wb.create_sheet("Инструкция по заполнению", 0)
    ws.append(["Численность указывается по состоянию на 01.09.2023. Пример заполнения:"])
    ws.append(["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
               "Охвачено профминимумом"])
    ws.append(["Химки", "МБОУ СОШ № 1", 500, 450])  # the sample, not a school
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == truth["n"] and p.period == truth["period"]
    rep = {s.sheet: s for s in p.sheets}
    assert not rep["Инструкция по заполнению"].used
    assert rep["Инструкция по заполнению"].reason == "инструкция или справочник, а не данные: не загружается"


def test_municipality_from_a_title_cell_or_the_file_name(tmp_path):
    f = tmp_path / "готовность.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, title in (("Лист1", "Отчёт г.о. Королёв за I квартал 2024 года"),
                         ("Лист2", "Сведения по Одинцовскому городскому округу за I квартал 2024 года")):
        ws = wb.create_sheet(sheet)
        ws.append([title])
        ws.append(["Наименование ОО", "Уровень профминимума", "Всего обучающихся 6–11 классов"])
        ws.append([f"МБОУ СОШ № 1 ({sheet})", "базовый", 500])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == []
    assert (p.period, p.columns["municipality"]) == ("2024-Q1", ["Королёв", "Одинцовский"])
    # one sheet, nothing in the title: the file name names the municipality
    f = tmp_path / "Готовность_ОО_Котельники_2024-Q1.xlsx"
    book(f, ["Наименование ОО", "Уровень профминимума", "Всего обучающихся 6–11 классов"],
         ["МБОУ СОШ № 2", "основной", 300])
    p = pipeline.prepare(f)
    assert p.errors == []
    assert (p.period, p.region, p.columns["municipality"]) == ("2024-Q1", "50", ["Котельники"])


def test_named_period_beats_an_order_date_in_the_title(tmp_path):
    f = tmp_path / "Готовность ОО за III квартал 2024 года.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Приложение к распоряжению от 18.08.2023 № Р-872"])
    ws.append(["Муниципальное образование", "Наименование ОО", "Уровень профминимума"])
    ws.append(["Химки", "МБОУ СОШ № 1", "базовый"])
    wb.save(f)
    assert pipeline.prepare(f).period == "2024-Q3"
    # an as-of date in the title beats a bare date in the file name
    f2 = tmp_path / "Готовность ОО 15.01.2024.xlsx"
    ws["A1"] = "Мониторинг по состоянию на 01.10.2023"
    wb.save(f2)
    assert pipeline.prepare(f2).period == "2023-Q3"


def test_roadmap_with_section_rows(tmp_path):
    f = tmp_path / "50_дорожная_карта.xlsx"
    truth = messy.roadmap_sections(f)
    p = pipeline.prepare(f, kind="roadmap")
    assert p.errors == [], [e.text() for e in p.errors]
    fields = ["section", "item_no", "measure", "deadline_text", "executors", "planned_result", "status",
              "source_row"]
    assert records(p, fields) == expected(truth, fields)
    assert p.columns["deadline"][2] == date(2023, 8, 27)
    # the kind is recognised without being told
    assert pipeline.prepare(f).kind == "roadmap"


def test_units_merged_since_count_under_their_new_municipality(tmp_path):
    f = tmp_path / "готовность.xlsx"
    book(f, ["Мониторинг за I квартал 2024 года"],
         ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов"],
         ["г.о. Протвино", "МБОУ СОШ № 1 г. Протвино", 600],
         ["Городской округ Серпухов", "МБОУ СОШ № 2", 700])
    p = pipeline.prepare(f)
    assert p.errors == []
    assert p.columns["municipality"] == ["Серпухов", "Серпухов"]


def test_explicit_period_follows_the_cadence_of_the_region(tmp_path):
    f = tmp_path / "мероприятия.xlsx"
    messy.events_wide(f)
    p = pipeline.prepare(f, period="за I квартал 2024 года")
    assert (p.region, p.period) == ("65", "2024-H1")
    assert set(p.columns["period"]) == {"2024-H1"}


def test_a_school_twice_in_a_file_is_an_error_naming_the_first_row(tmp_path):
    f = tmp_path / "готовность.xlsx"
    book(f, ["Мониторинг за I квартал 2024 года"],
         ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов"],
         ["Химки", "МБОУ «СОШ № 1»", 600],
         ["Химки", "МБОУ СОШ № 2", -5],
         ["г.о. Химки", "МБОУ СОШ №1", 600])
    p = pipeline.prepare(f)
    assert [(e.row, e.rule) for e in p.errors] == [(4, "negative"), (5, "duplicate_school")]
    assert "строка 3" in p.errors[1].message


def test_summary_sheet_is_loaded_when_the_detail_sheets_are_blank(tmp_path):
    f = tmp_path / "договоры.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Свод"
    ws.append(["Договоры о сетевом взаимодействии за IV квартал 2023 года"])
    ws.append(["Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра"])
    ws.append(["Химки", "МБОУ СОШ № 1", "ВУЗ", "МАИ"])
    blank = wb.create_sheet("Королёв")  # an untouched template sheet
    blank.append(["Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра"])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [] and p.columns["partner_name"] == ["МАИ"]


def test_legacy_xls_with_merged_header(tmp_path):
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("Химки")
    ws.write(0, 0, "Мониторинг по состоянию на 01.10.2023")
    ws.write_merge(1, 2, 0, 0, "№ п/п")
    ws.write_merge(1, 2, 1, 1, "Наименование ОО")
    ws.write_merge(1, 1, 2, 3, "Численность обучающихся 6-11 классов")
    ws.write(2, 2, "всего")
    ws.write(2, 3, "из них охвачено")
    for i, r in enumerate([[1, "СОШ № 1", 100, 90], [2, "СОШ № 2", 200, 150], [None, "Итого", 300, 240]]):
        for c, v in enumerate(r):
            if v is not None:
                ws.write(3 + i, c, v)
    f = tmp_path / "готовность.xls"
    wb.save(str(f))
    p = pipeline.prepare(f)
    assert p.errors == []
    assert (p.period, p.columns["municipality"], p.columns["students_total"], p.columns["students_covered"]) == (
        "2023-Q3", ["Химки", "Химки"], [100, 200], [90, 150])



def test_excel_unicode_text_loads_its_figures(tmp_path, dbp):
    """A form Excel saved as «Текст Юникод (*.txt)» (UTF-16LE with a byte order mark, tabs) loads as its .csv would."""
    from tests.conftest import sql

    lines = ["Мониторинг готовности ОО г.о. Королёв по состоянию на 01.10.2024",
             "\t".join(["№ п/п", "Муниципальное образование", "Наименование ОО", "Всего обучающихся 6-11 классов",
                        "Охвачено профминимумом"]),
             "1\tг.о. Королёв\tМБОУ СОШ № 1\t640\t600",
             "2\tг.о. Королёв\t\"МАОУ \"\"Лицей № 4\"\"\"\t1\u00a0180\t1\u00a0020"]
    f = tmp_path / "готовность_Королёв_юникод.txt"
    f.write_bytes(b"\xff\xfe" + "\r\n".join(lines + [""]).encode("utf-16-le"))
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert sql(dbp, "select school_name, students_total, students_covered from readiness order by source_row") == [
        ("МБОУ СОШ № 1", 640, 600), ("МАОУ \"Лицей № 4\"", 1180, 1020)]

def test_a_school_with_only_one_of_total_and_covered_is_loaded_with_a_warning(tmp_path):
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Химки", "СОШ № 1", 100, 80],
         ["Химки", "СОШ № 2", None, 50],
         ["Химки", "СОШ № 3", 300, None])
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == 3
    assert [(w.row, w.column, w.rule, w.severity) for w in others(p)] == [
        (3, "C «Всего обучающихся 6–11 классов»", "coverage_half_filled", "warning"),
        (4, "D «Охвачено профминимумом»", "coverage_half_filled", "warning")]
    assert others(p)[0].message == ("Заполнено только «из них охвачено», нет «обучающихся 6–11 классов, всего»: "
                                     "школа не учитывается в доле охвата")


def test_a_count_written_in_words_is_its_own_error_not_also_not_filled(tmp_path):
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Химки", "СОШ № 1", "девятьсот сорок", 800], ["Химки", "СОШ № 2", 300, 300])
    p = pipeline.prepare(f)
    assert [(e.rule, e.row) for e in p.errors] == [("bad_int", 2)]
    assert not [w for w in p.problems if w.rule == "coverage_half_filled"]  # it is filled: in words


def test_a_formula_error_in_a_record_is_loaded_as_empty_with_a_warning(tmp_path):
    import xlsxwriter

    f = tmp_path / "готовность за I квартал 2024.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
                        "Охвачено профминимумом", "Примечание"])
    ws.write_row(1, 0, ["Химки", "СОШ № 1", 100, 80])
    ws.write_row(2, 0, ["Химки", "СОШ № 2", 120])
    ws.write_formula(2, 3, "=C3*F3", None, "#VALUE!")
    ws.write_formula(2, 5, "=1/0", None, "#DIV/0!")  # outside the table's columns: not a value of the school
    ws.write_row(3, 0, [None, "Итого"])
    ws.write_formula(3, 2, "=SUM(C2:C3)/0", None, "#DIV/0!")  # on the total row: not a school
    wb.close()
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == 2 and p.columns["students_covered"] == [80, None]
    w = others(p)[0]
    assert (w.row, w.column, w.shown_value, w.rule, w.severity) == (
        3, "D «Охвачено профминимумом»", "#ЗНАЧ!", "formula_error", "warning")
    assert w.message == "В ячейке ошибка формулы: значение не загружено (пусто)"
    assert [x.rule for x in others(p)] == ["formula_error", "coverage_half_filled"]


def _level_marks_book(path, marks):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг готовности ОО за I квартал 2024 года"])
    ws.append(["Муниципальное образование", "Наименование ОО", "Уровень реализации профминимума", None, None,
               "Всего обучающихся 6–11 классов", "Охвачено профминимумом"])
    ws.append([None, None, "базовый", "основной", "продвинутый", None, None])
    ws.merge_cells("C2:E2")
    for c in "ABFG":
        ws.merge_cells(f"{c}2:{c}3")
    for i, m in enumerate(marks, 1):
        ws.append(["Химки", f"СОШ № {i}", *m, 100, 90])
    wb.save(path)
    return path


def test_a_level_marked_in_one_column_per_level(tmp_path):
    f = _level_marks_book(tmp_path / "готовность.xlsx", [
        ("+", None, None), (None, "да", None), (None, None, 1), (None, None, None), ("нет", "-", "х")])
    p = pipeline.prepare(f)
    assert p.errors == []
    assert p.columns["level"] == ["базовый", "основной", "продвинутый", None, "продвинутый"]
    assert p.sheets[0].matched["level"] == "C–E «Уровень реализации профминимума»"
    assert p.sheets[0].unmatched == []


def test_two_levels_marked_for_one_school_is_an_error_naming_the_columns(tmp_path):
    f = _level_marks_book(tmp_path / "готовность.xlsx", [("+", None, None), ("+", "+", None)])
    p = pipeline.prepare(f)
    (e,) = p.errors
    assert (e.row, e.column, e.shown_value, e.message) == (
        5, "C–E «Уровень реализации профминимума»", "базовый, основной", "Указано несколько уровней профминимума")


def test_pupils_covered_written_in_the_column_of_the_schools_level_are_the_covered_and_the_level(dbp, tmp_path):
    """(tester round t90) «Охвачено профминимумом, чел.» over «базовый уровень | основной уровень | продвинутый
    уровень», each school's pupils in its level's column: read as level marks alone, coverage lost with no word."""
    f = tmp_path / "Жуковский.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Реализация профминимума по уровням, г.о. Жуковский, II квартал 2024 г."])
    ws.append(["Наименование ОО", "Численность обучающихся 6-11 кл., чел.", "Охвачено профминимумом, чел.", None,
               None])
    ws.append([None, None, "базовый уровень", "основной уровень", "продвинутый уровень"])
    ws.append(["МОУ Лицей № 14", 720, None, 715, None])
    ws.append(["МОУ СОШ № 1", 640, 610, None, None])
    ws.append(["МОУ Гимназия № 1", 810, None, None, 810])
    ws.append(["Итого", 2170, 610, 715, 810])
    for m in ("A2:A3", "B2:B3", "C2:E2"):
        ws.merge_cells(m)
    wb.save(f)
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name, level, students_total, students_covered FROM readiness ORDER BY 1") == [
        ("МОУ Гимназия № 1", "продвинутый", 810, 810), ("МОУ Лицей № 14", "основной", 720, 715),
        ("МОУ СОШ № 1", "базовый", 640, 610)]
    assert not [w for w in res.warnings if "нет столбца «из них охвачено»" in w.message]


def test_navigators_listed_by_name_are_counted(dbp, tmp_path):
    """(tester round t90) «Педагог-навигатор (ФИО)» over the names: left out as names, the criterion unknown for every
    school (and the schools out of the readiness share) — those named are the school's navigators."""
    f = tmp_path / "Южно-Сахалинск.xlsx"
    book(f, ["Мониторинг готовности ОО к реализации профминимума, 2 полугодие 2023 г."],
         ["Муниципальное образование", "Наименование ОО", "Уровень профминимума", "Кол-во обучающихся 6-11 кл.",
          "Педагог-навигатор (ФИО)"],
         ["Южно-Сахалинск", "МАОУ СОШ № 1", "основной", 1230, "Ким Е.С."],
         ["Южно-Сахалинск", "МАОУ Гимназия № 3", "продвинутый", 980, "Пак А.Ю., Хван О.Д."],
         ["Южно-Сахалинск", "МБОУ СОШ с. Дальнее", "базовый", 214, "вакансия"])
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(dbp, "SELECT school_name, navigators FROM readiness ORDER BY 1") == [
        ("МАОУ Гимназия № 3", 2), ("МАОУ СОШ № 1", 1), ("МБОУ СОШ с. Дальнее", 0)]
    assert "педагоги-навигаторы" not in " ".join(w.message for w in res.warnings)


def test_a_total_group_in_a_wide_events_form_is_not_an_event(tmp_path):
    f = tmp_path / "мероприятия за I квартал 2024.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Муниципальное образование", "Экскурсии на предприятия", None, "Всего участников", None])
    ws.append([None, "обучающиеся", "родители", "обучающиеся", "родители"])
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:C1")
    ws.merge_cells("D1:E1")
    ws.append(["Химки", 300, 10, "=B3", "=C3"])
    ws.append(["Королёв", 200, 0, "=B4", "=C4"])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == []
    assert p.columns["event"] == ["Экскурсии на предприятия"] * 2 and sum(p.columns["students"]) == 500
    assert left_out(p.sheets[0]) == ["D «Всего участников | обучающиеся»", "E «Всего участников | родители»"]


def _two_year_book(path, hide_older: bool):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Химки")
    ws.write_row(0, 0, ["Готовность ОО за IV квартал 2023 года"])
    ws.write_row(1, 0, ["Наименование ОО", "Численность обучающихся 6-11 классов на 01.09.2022",
                        "Численность обучающихся 6-11 классов на 01.09.2023", "Охвачено профминимумом"])
    ws.write_row(2, 0, ["СОШ № 1", 943, 1100, 980])
    ws.write_row(3, 0, ["СОШ № 2", 500, 520, 520])
    if hide_older:
        ws.set_column(1, 1, None, None, {"hidden": True})
    wb.close()
    return path


@pytest.mark.parametrize("hide_older", [True, False], ids=["older-hidden", "both-visible"])
def test_of_two_columns_of_one_meaning_the_visible_and_later_one_is_read(tmp_path, hide_older):
    p = pipeline.prepare(_two_year_book(tmp_path / "готовность.xlsx", hide_older))
    assert p.errors == [] and p.columns["students_total"] == [1100, 520]  # not last year's 943 (< 980 covered)
    older = "B «Численность обучающихся 6-11 классов на 01.09.2022»"
    assert left_out(p.sheets[0]) == [older + (" (скрытый столбец)" if hide_older else "")]


def test_a_hidden_column_is_still_read_when_it_is_the_only_one(tmp_path):
    import xlsxwriter

    f = tmp_path / "готовность за IV квартал 2023.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Химки")
    ws.write_row(0, 0, ["Наименование ОО", "ИНН", "Всего обучающихся 6–11 классов", "Охвачено профминимумом"])
    ws.write_row(1, 0, ["СОШ № 1", "5047000001", 100, 90])
    ws.set_column(1, 1, None, None, {"hidden": True})  # hidden for printing, still the school's INN
    wb.close()
    p = pipeline.prepare(f)
    assert p.columns["school_inn"] == ["5047000001"]
    assert p.sheets[0].matched["school_inn"] == "B «ИНН» (скрытый столбец)"



LUBERTSY = [["МБОУ СОШ № 1", 640, 600], ["МБОУ СОШ № 2", 500, 480], ["МБОУ СОШ № 5 (закрыта)", 410, 0],
            ["МАОУ Лицей № 4", 1180, 1020], ["МБОУ ООШ № 7", 120, 110]]


def lubertsy_form():
    """A coordinator's readiness form of 5 schools (Excel rows 6–10; the closed school's is row 8): (book, sheet)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Готовность"
    ws.append(["Мониторинг готовности ОО г.о. Люберцы по состоянию на 01.10.2024"])
    ws.append([])
    ws.append(["№ п/п", "Муниципальное образование", "Наименование ОО", "Всего обучающихся 6-11 классов",
               "Охвачено профминимумом"])
    ws.append([1, 2, 3, 4, 5])
    ws.append([])
    for i, r in enumerate(LUBERTSY, 1):
        ws.append([i, "г.о. Люберцы", *r])
    return wb, ws


def _closed_schools_book(path, how: str):
    """The form whose closed school's row 8 is hidden: by hand, by an autofilter left on, or as a collapsed group."""
    wb, ws = lubertsy_form()
    if how == "group":
        ws.row_dimensions[8].outlineLevel = 1
    ws.row_dimensions[8].hidden = True
    if how == "autofilter":
        ws.auto_filter.ref = "A3:E10"
    wb.save(path)
    return path


@pytest.mark.parametrize("how", ["by-hand", "autofilter", "group"])
def test_a_hidden_school_row_is_loaded_and_said_unless_a_filter_or_a_group_hides_it(tmp_path, dbp, how):
    from tests.conftest import sql

    res = pipeline.load_file(_closed_schools_book(tmp_path / "готовность_Люберцы.xlsx", how), dbp)
    assert res.status == "loaded", res.message
    assert sql(dbp, "select count(*), sum(students_total), sum(students_covered) from readiness") == [(5, 2850, 2210)]
    said = [(w.sheet, w.row, w.message, w.hint) for w in res.warnings if w.rule == "hidden_rows"]
    assert said == ([] if how != "by-hand" else [
        ("Готовность", None, "Строка 8 скрыта в файле (в Excel её не видно) — загружена, как и остальные",
         "Если это закрытая или лишняя ОО, удалите эту строку из формы и загрузите её снова")])


def test_a_legacy_xls_takes_the_visible_column_and_says_its_hidden_rows(tmp_path, dbp):
    """Excel 97–2003: last year's columns kept and hidden beside this year's of the same header (F, H hidden),
    and two closed schools' rows hidden."""
    import xlwt

    from tests.conftest import sql

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Можайский")
    ws.write(0, 0, "Мониторинг готовности ОО Можайского г.о. по состоянию на 01.10.2024")
    header = ["№ п/п", "Муниципальное образование", "Наименование ОО", "ИНН", "Уровень",
              "Всего обучающихся 6-11 классов", "Всего обучающихся 6-11 классов", "Охвачено профминимумом",
              "Охвачено профминимумом"]
    for c, v in enumerate(header):
        ws.write(2, c, v)
    rows = [["МБОУ СОШ № 1", 400, 450, 300, 440], ["МБОУ СОШ № 2", 300, 320, 200, 310],
            ["МБОУ СОШ № 3", 500, 520, 400, 515], ["МБОУ ООШ № 4", 90, 95, 60, 90]]
    for i, (name, old_t, t, old_c, c) in enumerate(rows):
        for col, v in enumerate([i + 1, "Можайский г.о.", name, f"50280000{i}{i}", "базовый", old_t, t, old_c, c]):
            ws.write(3 + i, col, v)
    for c in (5, 7):
        ws.col(c).hidden = True
    for r in (4, 6):  # Excel rows 5 and 7
        ws.row(r).hidden = True
    f = tmp_path / "готовность_Можайский.xls"
    wb.save(str(f))
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", res.message
    assert sql(dbp, "select sum(students_total), sum(students_covered) from readiness") == [(1385, 1355)]
    assert [(w.sheet, w.message) for w in res.warnings if w.rule == "hidden_rows"] == [
        ("Можайский", "Строки 5, 7 скрыты в файле (в Excel их не видно) — загружены, как и остальные")]

def test_a_wide_effectiveness_form_takes_one_column_per_indicator(tmp_path):
    f = tmp_path / "показатели за IV квартал 2023.xlsx"
    book(f, ["Муниципальное образование", "Численность обучающихся 6-11 классов на 01.09.2022",
             "Численность обучающихся 6-11 классов на 01.09.2023", "Участники профпроб"],
         ["Химки", 11000, 12000, 3000])
    p = pipeline.prepare(f)
    got = dict(zip(p.columns["indicator_code"], p.columns["value"]))
    assert got == {"students_total": 12000.0, "probes_done": 3000.0}


def test_municipality_blocks_one_under_another_each_keep_their_municipality(tmp_path):
    f = tmp_path / "готовность.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    header = ["№ п/п", "Наименование ОО", "Уровень профминимума", "Всего обучающихся 6-11 классов",
              "Охвачено профминимумом"]
    ws.append(["Готовность ОО к реализации профминимума за III квартал 2023 года"])
    ws.append(["1. Городской округ Мытищи"])
    ws.append(header)
    ws.append([1, "МБОУ СОШ № 1", "базовый", 900, 880])
    ws.append([2, "МБОУ СОШ № 2", "основной", 750, 750])
    ws.append([None, "Итого", None, 1650, 1630])
    ws.append([])
    ws.append(["2. Пушкинский городской округ"])
    ws.append(header)
    ws.append([1, "МБОУ СОШ № 1", "базовый", 500, 450])  # the same name in another municipality: no duplicate
    ws.append([None, "Итого", None, 500, 450])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == []
    assert list(zip(p.columns["municipality"], p.columns["school_name"], p.columns["students_total"])) == [
        ("Мытищи", "МБОУ СОШ № 1", 900), ("Мытищи", "МБОУ СОШ № 2", 750), ("Пушкинский", "МБОУ СОШ № 1", 500)]
    assert p.sheets[0].municipality == "Мытищи, Пушкинский"


def test_the_rows_put_in_quarantine_agree_with_their_number():
    from etl.commit import summarise

    said = [summarise("loaded", "readiness", 3, n, "2024-Q1").split("; ")[1] for n in (1, 2, 5, 21)]
    assert said == ["1 строка с ошибками отложена в карантин", "2 строки с ошибками отложены в карантин",
                    "5 строк с ошибками отложено в карантин", "21 строка с ошибками отложена в карантин"]


def test_a_rejected_files_summary_counts_its_errors_not_its_rows(tmp_path):
    f = tmp_path / "готовность.xlsx"  # five schools, no period anywhere: one error of the file
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
               "Охвачено профминимумом"])
    for i in range(5):
        ws.append(["Химки", f"СОШ № {i + 1}", 100, 90])
    wb.save(f)
    r = pipeline.commit(pipeline.prepare(f), tmp_path / "m.duckdb")
    assert r.status == "rejected" and len(r.errors) == 1
    # (the form it was read as is named when its columns or rows are at fault: a period missing is not that)
    assert r.message == "Файл отклонён: 1 ошибка; данные не изменены"


def test_an_unreadable_required_value_is_one_error_not_two(tmp_path):
    f = tmp_path / "договоры за IV квартал 2023.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра"],
         ["Химки", "СОШ № 1", "министерство", "Минпросвещения"],  # filled, but no partner type
         ["Химки", "СОШ № 2", None, "МАИ"])  # not filled
    p = pipeline.prepare(f)
    assert [(e.row, e.rule) for e in p.errors] == [(2, "bad_partner_type"), (3, "required")]


def test_participants_written_in_one_column_with_slashes(tmp_path):
    f = tmp_path / "мероприятия за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Мероприятие",
             "Количество участников (обучающиеся/родители/педагоги)"],
         ["Химки", "СОШ № 1", "Экскурсии на предприятия", "120/15/8"],
         ["Химки", "СОШ № 2", "Экскурсии на предприятия", "200 / 20 / 10"],
         ["Химки", "СОШ № 3", "Экскурсии на предприятия", "45/3"])  # one number missing: reported
    p = pipeline.prepare(f)
    assert p.columns["students"][:2] == [120, 200] and p.columns["parents"][:2] == [15, 20]
    assert p.columns["teachers"][:2] == [8, 10]
    col = "D «Количество участников (обучающиеся/родители/педагоги)»"
    assert p.sheets[0].matched["parents"] == col
    assert [(e.row, e.column, e.shown_value, e.message) for e in p.errors] == [
        (4, col, "45/3", normalize.SLASHED_NUMBERS)]  # (as many numbers as the header names groups)


def test_wide_effectiveness_with_a_share_over_its_numerator_and_denominator(tmp_path):
    f = tmp_path / "показатели за II квартал 2024.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Муниципальное образование", "Доля обучающихся 6-11 классов, охваченных профминимумом", None, None,
               "Не охвачено профминимумом"])
    ws.append([None, "всего обучающихся 6-11 классов, чел.", "из них охвачено", "%", None])
    ws.merge_cells("B1:D1")
    ws.merge_cells("A1:A2")
    ws.merge_cells("E1:E2")
    ws.append(["Балашиха", 18450, 17900, 97.0, 550])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == []
    assert dict(zip(p.columns["indicator_code"], p.columns["value"])) == {
        "students_total": 18450.0, "students_covered": 17900.0, "coverage_share": 97.0}
    assert p.sheets[0].unmatched == ["E «Не охвачено профминимумом»"]  # not taken for «охвачено»


def test_one_fraction_among_shares_in_percent_is_asked_about(tmp_path):
    f = tmp_path / "показатели за IV квартал 2023.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Доля охвата, %"],
         ["Химки", "СОШ № 1", 95.1],
         ["Химки", "СОШ № 2", 0.97],  # this cell formatted «%»: 97 % or 0,97 %? only the analyst knows
         ["Химки", "СОШ № 3", "88,4"])
    p = pipeline.prepare(f)
    assert p.columns["value"] == [95.1, 0.97, 88.4]
    (w,) = p.problems  # never loaded as 0,97 % on a minister's slide without a word: the file waits for an answer
    assert (w.rule, w.row, w.severity) == ("share_below_one", 3, "error")
    assert "не доля ли это единицы" in w.message and "0,97 = 97 %" in w.message and "«0,5 %»" in w.hint


def test_fractions_typed_as_text_are_fractions_and_a_percent_sign_is_percent(tmp_path):
    f = tmp_path / "показатели Химки за IV квартал 2024.xlsx"
    book(f, ["Показатель", "Ед. изм.", "Значение"],
         ["Доля обучающихся, охваченных профминимумом", "%", "0,97"],
         ["Доля обучающихся, прошедших профпробы", "%", "0,36"])
    p = pipeline.prepare(f)
    assert dict(zip(p.columns["indicator_code"], p.columns["value"])) == {"coverage_share": 97.0,
                                                                          "probes_share": 36.0}
    f2 = tmp_path / "показатели за IV квартал 2024.xlsx"
    book(f2, ["Муниципальное образование", "Доля обучающихся, прошедших профпробы, %"],
         ["Химки", "36 %"], ["Мытищи", 0.23], ["Балашиха", "0,29"], ["Королёв", "0,5 %"])
    p = pipeline.prepare(f2, kind="effectiveness")
    assert p.errors == [] and p.columns["value"] == [36.0, 23.0, 29.0, 0.5]


def test_a_municipality_of_another_region_is_named_with_that_region(tmp_path):
    f = tmp_path / "мероприятия за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Мероприятие", "Обучающиеся"],
         ["Химки", "СОШ № 1", "Экскурсии на предприятия", 10],
         ["Красногорск", "СОШ № 2", "Экскурсии на предприятия", 12],
         ["Холмский городской округ", "СОШ № 3", "Экскурсии на предприятия", 5])
    p = pipeline.prepare(f)
    (e,) = p.errors
    assert (e.row, e.message) == (4, "Муниципалитет относится к другому региону: Сахалинская область")
    # (tester round t80: the hint said only «проверьте, что в файле данные одного региона») it says what to set
    assert e.hint.startswith("Указан регион «Московская область» (50): если файл — региона «Сахалинская область», "
                             "укажите его (поле «Регион» на странице загрузки, в командной строке --region 65)")


def test_a_title_and_a_file_name_naming_different_periods_are_pointed_out(tmp_path):
    f = tmp_path / "Показатели Мытищи 1 кв 2024.xlsx"
    book(f, ["Показатели эффективности за IV квартал 2023 года"],
         ["Муниципальное образование", "Численность обучающихся 6–11 классов", "Участники профпроб"],
         ["Мытищи", 9000, 300])
    p = pipeline.prepare(f)
    assert p.errors == [] and p.period == "2023-Q4"
    (w,) = p.problems
    assert (w.rule, w.severity) == ("period_conflict", "warning")
    assert w.message == ("В заголовке формы — IV квартал 2023 г., в имени файла — I квартал 2024 г.: "
                         "взят период из заголовка")


def test_a_workbook_with_a_sheet_per_quarter_is_refused_naming_the_periods(tmp_path):
    """«IV квартал 2024» and «I квартал 2025» on two sheets: one load is one period — its rows were all filed under
    the first (a readiness form was refused as «ОО повторяется», a school on each sheet)."""
    f = tmp_path / "Мытищи мероприятия.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, title, n in (("IV квартал 2024", "Участие в мероприятиях профминимума за IV квартал 2024 года", 430),
                            ("I квартал 2025", "Участие в мероприятиях профминимума за I квартал 2025 года", 120)):
        ws = wb.create_sheet(sheet)
        ws.append([title])
        ws.append(["Муниципальное образование", "Наименование ОО", "Мероприятие", "Обучающиеся"])
        ws.append(["Мытищи", "СОШ № 1", "Экскурсии на предприятия", n])
    wb.save(f)
    p = pipeline.prepare(f)
    assert [(e.rule, e.row) for e in p.errors] == [("sheets_of_periods", None)]
    assert p.errors[0].message == ("В файле формы за разные периоды (лист «IV квартал 2024» — IV квартал 2024 г.; "
                                   "лист «I квартал 2025» — I квартал 2025 г.)")


@pytest.mark.parametrize("line", ["за III четверть 2023/2024 учебного года", "за IV кв. 23"])
def test_a_title_naming_a_time_that_is_no_period_is_said_to_be_not_understood(tmp_path, line):
    """(tester round t85) «Не указан отчётный период: его нет ни в заголовке» of a title that names one: the user
    is told which words were not taken for a period."""
    wb = openpyxl.Workbook()
    for r in [["Мониторинг готовности ОО г.о. Химки к реализации профминимума"], [line],
              ["Наименование ОО", "Обучающихся 6-11 кл.", "Охвачено"], ["МБОУ СОШ № 1", 640, 600]]:
        wb.active.append(r)
    wb.save(tmp_path / "ф.xlsx")
    p = pipeline.prepare(tmp_path / "ф.xlsx", region="50")
    (e,) = [e for e in p.file_errors if e.rule == "no_period"]
    assert e.message == f"Период в заголовке («{line}») не распознан как отчётный: нужен квартал или полугодие с годом"


def test_a_quarter_with_a_two_digit_year_and_its_g_is_the_period(tmp_path):
    """(tester round t85) «1 кв. 24 г.» was said not understood; with «г.» after it the year is 2024."""
    wb = openpyxl.Workbook()
    for r in [["Мониторинг готовности ОО г.о. Химки к реализации профминимума"], ["1 кв. 24 г."],
              ["Наименование ОО", "Обучающихся 6-11 кл.", "Охвачено"], ["МБОУ СОШ № 1", 640, 600]]:
        wb.active.append(r)
    wb.save(tmp_path / "ф.xlsx")
    p = pipeline.prepare(tmp_path / "ф.xlsx", region="50")
    assert p.errors == [] and p.period == "2024-Q1"


def test_a_given_period_that_the_title_and_file_name_do_not_say_is_pointed_out(tmp_path):
    f = tmp_path / "Химки готовность 1 кв 2025.xlsx"
    book(f, ["Мониторинг готовности ОО за I квартал 2025 года"],
         ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов", "Охвачено"],
         ["Химки", "СОШ № 1", 100, 90])
    p = pipeline.prepare(f, period="2024-Q4")
    assert p.errors == [] and p.period == "2024-Q4"
    (w,) = [x for x in p.problems if x.rule == "period_given_other"]
    assert w.severity == "warning" and w.message == ("В заголовке формы — I квартал 2025 г., а указан период "
                                                     "IV квартал 2024 г.: строки учтены за указанный")
    # the period the file names, given: nothing to say
    assert not [x for x in pipeline.prepare(f, period="2025-Q1").problems if x.rule == "period_given_other"]
    # a file name agreeing with the period given does not silence the title (another quarter's form named so)
    g = f.rename(tmp_path / "Химки готовность IV кв 2024.xlsx")
    assert [x.message for x in pipeline.prepare(g, period="2024-Q4").problems if x.rule == "period_given_other"] == [
        "В заголовке формы — I квартал 2025 г., а указан период IV квартал 2024 г.: строки учтены за указанный"]


def test_levels_as_section_rows_above_their_schools(tmp_path):
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
               "Охвачено профминимумом"])
    ws.append(["Базовый уровень"])
    ws.merge_cells("A2:D2")
    ws.append(["Химки", "СОШ № 1", 100, 90])
    ws.append(["Химки", "СОШ № 2", 200, 190])
    ws.append([None, "Основной уровень"])  # written in the name column, not merged
    ws.append(["Химки", "Лицей № 3", 300, 300])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [] and p.columns["school_name"] == ["СОШ № 1", "СОШ № 2", "Лицей № 3"]
    assert p.columns["level"] == ["базовый", "базовый", "основной"]


@pytest.mark.parametrize("note", ["¹ по данным ФИС ФРДО на 01.09.2023", "Мытищи Итог", "Общий итог"])
def test_footnotes_and_excel_subtotal_rows_are_not_schools(tmp_path, note):
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Мытищи", "СОШ № 1", 100, 90],
         ["Мытищи", "СОШ № 2", 200, 190],
         [None, note] if note.startswith("¹") else [note, None, 300, 280])
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == 2


def test_one_sheet_per_event_takes_the_event_from_the_sheet(tmp_path):
    f = tmp_path / "мероприятия Химки за II квартал 2024.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, title in (("Шоу профессий", "Всероссийский открытый урок «Шоу профессий»"),
                         ("Встреча с выпускниками", "Городской округ Химки")):
        ws = wb.create_sheet(sheet)
        ws.append([title])
        ws.append(["Муниципальное образование", "Наименование ОО", "Обучающиеся", "Родители"])
        ws.append(["Химки", "СОШ № 1", 30, 2])
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["event"] == ["Всероссийский открытый урок «Шоу профессий»", "Встреча с выпускниками"]
    assert p.sheets[1].matched["event"] == "лист «Встреча с выпускниками»: Встреча с выпускниками"


def test_a_school_repeated_on_another_sheet_names_that_sheet(tmp_path):
    f = tmp_path / "готовность Химки за III квартал 2024.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in ("Химки 1", "Химки 2"):
        ws = wb.create_sheet(sheet)
        ws.append(["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
                   "Охвачено профминимумом"])
        ws.append(["Химки", "СОШ № 7", 100, 90])
    wb.save(f)
    (e,) = pipeline.prepare(f).errors
    assert (e.sheet, e.message) == ("Химки 2", "ОО повторяется в файле (первый раз — лист «Химки 1», строка 2)")


def test_a_municipality_total_without_a_label_is_not_a_school(tmp_path):
    f = tmp_path / "готовность за 2 полугодие 2023.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Долинский", "СОШ № 1", 300, 280],
         ["Долинский", "СОШ № 2", 200, 150],
         ["Долинский", None, 500, 430],  # the municipality's total, its name and the sums only
         ["Холмский", "СОШ № 6", 512, 500],
         ["Холмский", None, 100, 90])  # numbers that are no total: still a row without a school name
    p = pipeline.prepare(f)
    assert p.columns["school_name"] == ["СОШ № 1", "СОШ № 2", "СОШ № 6", None]
    assert [(e.row, e.rule) for e in p.errors] == [(6, "required")]
    assert p.sheets[0].skipped_rows == {"итоговая строка": 1} and p.sheets[0].data_rows == 4


def _readiness_two_row(path, top, sub, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Готовность ОО за I квартал 2024 года"])
    ws.append(top)
    ws.append(sub)
    for c in range(1, len(top) + 1):
        if top[c - 1] is not None and (c == len(top) or top[c] is not None) and sub[c - 1] is None:
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_the_fact_is_read_not_the_plan(tmp_path):
    f = _readiness_two_row(tmp_path / "готовность.xlsx",
                           ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
                            "Охвачено профминимумом", None],
                           [None, None, None, "план", "факт"],
                           [["Химки", "СОШ № 1", 900, 820, 640]])
    p = pipeline.prepare(f)
    assert p.columns["students_covered"] == [640]


def test_a_plan_under_a_count_of_people_is_the_counts_plan_not_the_plan_approved(tmp_path):
    """«Охват профминимумом, чел. | план | факт»: the plan of the count beside its fact, never «план утверждён» —
    the file was refused with «Ожидается «да» или «нет»» for 380 pupils."""
    f = _readiness_two_row(tmp_path / "готовность.xlsx",
                           ["Муниципальное образование", "Наименование ОО", "Численность уч-ся 6-11 кл.",
                            "Охват профминимумом, чел.", None],
                           [None, None, None, "план", "факт"],
                           [["Серпухов", "МБОУ СОШ № 2", 380, 380, 362], ["Серпухов", "МБОУ Гимназия № 5", 560, 560, 548]])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    assert p.columns["students_covered"] == [362, 548] and "plan_approved" not in p.sheets[0].matched


def test_grades_6_to_11_are_read_not_the_whole_school(tmp_path):
    f = _readiness_two_row(tmp_path / "готовность.xlsx",
                           ["Муниципальное образование", "Наименование ОО", "Численность обучающихся", None,
                            "Охвачено профминимумом"],
                           [None, None, "всего в ОО", "из них 6–11 классов", None],
                           [["Химки", "СОШ № 1", 1450, 760, 700]])
    assert pipeline.prepare(f).columns["students_total"] == [760]


def test_a_percent_column_is_never_a_count(tmp_path):
    f = tmp_path / "готовность за IV квартал 2023.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов", "Охвачено, %",
             "Охвачено профминимумом, чел."],
         ["Химки", "СОШ № 1", 540, 80, 432])
    p = pipeline.prepare(f)
    assert p.columns["students_covered"] == [432]
    assert left_out(p.sheets[0]) == ["D «Охвачено, %»"]


def test_of_two_half_year_columns_the_later_is_read(tmp_path):
    f = tmp_path / "готовность за 1 полугодие 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом (I полугодие 2023/24 уч. г.)",
             "Охвачено профминимумом (II полугодие 2023/24 уч. г.)"],
         ["Холмский", "СОШ № 6", 600, 430, 505])
    assert pipeline.prepare(f).columns["students_covered"] == [505]


def test_counts_with_thousands_separators_in_an_effectiveness_form(tmp_path):
    f = tmp_path / "показатели за IV квартал 2023.xlsx"
    book(f, ["Муниципальное образование", "Численность обучающихся 6–11 классов", "Доля охвата"],
         ["Химки", "21.450", "91,5"],
         ["Королёв", "9,845", "88.25"])
    p = pipeline.prepare(f)
    got = {(m, c): v for m, c, v in zip(p.columns["municipality"], p.columns["indicator_code"], p.columns["value"])}
    assert got == {("Химки", "students_total"): 21450.0, ("Химки", "coverage_share"): 91.5,
                   ("Королёв", "students_total"): 9845.0, ("Королёв", "coverage_share"): 88.25}


def test_one_inn_under_two_names_is_one_school_twice(tmp_path):
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "ИНН", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Одинцовский", "МБОУ Одинцовская СОШ № 1", "5032040012", 870, 820],
         ["Одинцовский", "Муниципальное бюджетное общеобразовательное учреждение Одинцовская средняя "
                         "общеобразовательная школа № 1", "5032040012", 870, 820])
    (e,) = pipeline.prepare(f).errors
    assert (e.row, e.rule) == (3, "duplicate_inn") and "первый раз — строка 2" in e.message


def test_a_school_twice_with_other_figures_keeps_neither_row(tmp_path):
    """(tester round t89) «Загрузить без ошибочных строк» kept the first of two versions of a school, with no word
    which: written twice with other figures, both rows are errors; an exact copy keeps the first."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Химки", "МБОУ СОШ № 1", 525, 525],
         ["Химки", "МБОУ СОШ № 2", 700, 690],
         ["Химки", "МБОУ СОШ № 1", 530, 520],
         ["Химки", "МБОУ СОШ № 2", 700, 690])
    p = pipeline.prepare(f)
    assert sorted((e.row, e.rule) for e in p.errors) == [
        (2, "duplicate_school"), (4, "duplicate_school"), (5, "duplicate_school")]
    first = next(e for e in p.errors if e.row == 2)
    assert first.message == ("ОО записана в файле ещё раз (строка 4) с другими значениями: неизвестно, какая из "
                             "строк верна — не загружается ни одна")
    second = next(e for e in p.errors if e.row == 4)
    assert second.message.endswith("(первый раз — строка 2), значения в строках разные")
    assert next(e for e in p.errors if e.row == 5).message == "ОО повторяется в файле (первый раз — строка 3)"


def test_one_inn_in_two_municipalities_is_one_school_counted_twice(tmp_path):
    """(tester round t77) The same school, name and INN, in the blocks of Балашиха and Реутов: loaded in both, with
    no word — one school and its pupils more in the region."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "ИНН", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Балашиха", "ЧОУ Школа «Знание»", "5001099999", 200, 200],
         ["Балашиха", "МБОУ СОШ № 3", "5001012345", 700, 690],
         ["Реутов", "ЧОУ Школа «Знание»", "5001099999", 200, 200])
    (e,) = pipeline.prepare(f).errors
    assert (e.row, e.rule) == (4, "duplicate_inn")
    assert "записана в двух муниципалитетах — «Балашиха» и «Реутов»" in e.message


def test_a_regional_school_in_two_municipalities_is_counted_once_or_asked(tmp_path):
    """(tester round t77) A regional boarding school listed under two municipalities, no INN: its pupils counted in
    both, with no word. A municipal «МБОУ СОШ № 1» of two municipalities is two schools."""
    f = tmp_path / "готовность за 1 полугодие 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Долинский", "МБОУ СОШ № 1", 600, 600],
         ["Долинский", "ГБОУ «Сахалинская кадетская школа-интернат»", 150, 150],
         ["Макаровский", "МБОУ СОШ № 1", 300, 290],
         ["Макаровский", "ГБОУ «Сахалинская кадетская школа-интернат»", 150, 150])
    (e,) = pipeline.prepare(f).errors
    assert (e.row, e.rule) == (5, "duplicate_school")
    assert "— не муниципальная — записана в двух муниципалитетах" in e.message and "«Долинский»" in e.message


def test_one_school_under_its_short_and_its_full_name_is_one_school_twice(tmp_path):
    """«МБОУ СОШ № 1» and «Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа
    № 1»»: one school (one name key, the one every join is made on) — 921 pupils of one school were loaded."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Химки", "МБОУ СОШ № 1", 401, 390],
         ["Химки", "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
          520, 500])
    first, e = sorted(pipeline.prepare(f).errors, key=lambda x: x.row)  # (other figures: neither row is right)
    assert (first.row, first.rule, e.row, e.rule) == (2, "duplicate_school", 3, "duplicate_school")
    assert e.message == ("ОО повторяется в файле (первый раз — строка 2, «МБОУ СОШ № 1»: то же наименование, "
                         "записанное иначе), значения в строках разные")


def test_rows_of_another_municipality_in_a_municipalitys_form_are_errors(tmp_path, monkeypatch):
    """A form titled «г.о. Химки» with two rows of Мытищи among its own: loaded, they would replace Мытищи's whole
    form of the period (5 schools became 2) — each is an error; «без ошибочных строк» loads Химки's own rows."""
    monkeypatch.setenv("MONITORING_ARCHIVE", str(tmp_path / "arch"))
    f = tmp_path / "готовность.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг готовности ОО г.о. Химки к реализации профминимума, I квартал 2024 г."])
    ws.append(["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
               "Охвачено профминимумом"])
    for r in (["Химки", "МБОУ СОШ № 1", 500, 450], ["Химки", "МБОУ СОШ № 2", 400, 390],
              ["Мытищи", "МБОУ СОШ № 5", 300, 280], ["Мытищи", "МБОУ СОШ № 6", 200, 180]):
        ws.append(r)
    wb.save(f)
    p = pipeline.prepare(f, region="50")
    assert [(e.row, e.rule) for e in p.errors] == [(5, "municipality_not_of_form"), (6, "municipality_not_of_form")]
    assert p.errors[0].message.startswith("Строка муниципалитета «Мытищи» в форме Химки (муниципалитет назван в "
                                          "заголовке)")
    res = pipeline.load_file(f, tmp_path / "m.duckdb", region="50", skip_bad_rows=True)
    assert res.status == "loaded" and res.rows_loaded == 2
    assert sql(tmp_path / "m.duckdb", "SELECT DISTINCT municipality FROM readiness") == [("Химки",)]


def test_a_municipality_on_a_row_of_its_own_over_its_schools_is_theirs(tmp_path):
    """«Лобня» alone in the municipality column over its agreements (their municipality cells empty), the header
    repeated before «Долгопрудный»: each block's rows are its municipality's (they were refused, «не указан»)."""
    f = tmp_path / "договоры за I квартал 2024.xlsx"
    header = ["№ п/п", "Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра",
              "Номер договора", "Дата заключения"]
    book(f, header, [None, "Лобня", None, None, None, None, None],
         [1, None, "МБОУ СОШ № 1", "СПО", "ГБПОУ МО «Лобненский колледж»", "12", "01.09.2023"],
         [2, None, "МБОУ СОШ № 2", "ВУЗ", "ФГБОУ ВО «МФТИ»", "7", "15.09.2023"], header,
         [None, "Долгопрудный", None, None, None, None, None],
         [3, None, "МАОУ Лицей № 5", "ВУЗ", "ФГБОУ ВО «МФТИ»", "8", "16.09.2023"])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    assert p.columns["municipality"] == ["Лобня", "Лобня", "Долгопрудный"]
    assert [w.rule for w in p.problems if w.rule == "municipality_carried_down"] == ["municipality_carried_down"]


@pytest.mark.parametrize("with_column", [True, False])
@pytest.mark.parametrize("ordinal", ["1.", 1, "I."])
def test_a_numbered_municipality_block_in_two_cells_is_a_section(tmp_path, with_column, ordinal):
    """«1. | Городской округ Химки» over its schools (the ordinal in «№ п/п», the title beside it; the schools'
    municipality cells empty or no such column): each block's schools are its municipality's — with a column they
    were refused («Не указано МО»), without one the titles were read as schools and the file refused."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    muni = ["Муниципальное образование"] if with_column else []
    header = ["№ п/п", *muni, "Наименование ОО", "Уровень профминимума", "Обучающихся 6-11 классов, всего",
              "из них охвачено профминимумом"]
    pad = [None] * len(muni)
    second = "2." if ordinal == "1." else (2 if ordinal == 1 else "II.")
    book(f, header, [ordinal, "Городской округ Химки", *pad, None, None, None],
         [1, *pad, "МБОУ СОШ № 1", "базовый", 201, 200], [2, *pad, "МБОУ СОШ № 2", "основной", 202, 200],
         [second, "Городской округ Лобня", *pad, None, None, None],
         [1, *pad, "МБОУ СОШ № 1", "базовый", 301, 300], [2, *pad, "МБОУ СОШ № 2", "базовый", 302, 300])
    res = pipeline.load_file(f, tmp_path / "m.duckdb", region="50")
    assert res.status == "loaded", [e.message for e in res.errors]
    assert sql(tmp_path / "m.duckdb", "SELECT municipality, count(*), sum(students_total) FROM readiness "
                                      "GROUP BY 1 ORDER BY 1") == [("Лобня", 2, 603), ("Химки", 2, 403)]


def test_a_numbered_school_with_no_figures_stays_a_school(tmp_path):
    """«3. | МБОУ СОШ № 3 г.о. Химки» with every figure empty is a school that sent nothing, not a section: it stays
    a record (not left out in silence)."""
    f = tmp_path / "Химки готовность за I квартал 2024.xlsx"
    book(f, ["№ п/п", "Наименование ОО", "Уровень профминимума", "Обучающихся 6-11 классов, всего",
             "из них охвачено профминимумом"],
         ["1.", "МБОУ СОШ № 1 г.о. Химки", "базовый", 201, 200],
         ["2.", "МБОУ СОШ № 2 г.о. Химки", "базовый", 202, 200],
         ["3.", "МБОУ СОШ № 3 г.о. Химки", None, None, None])
    p = pipeline.prepare(f, region="50")
    assert p.columns["school_name"][-1] == "МБОУ СОШ № 3 г.о. Химки"
    assert "заголовок раздела" not in p.sheets[0].skipped_rows


def test_one_agreement_on_two_rows_is_an_error(tmp_path):
    f = tmp_path / "договоры за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра",
             "Номер договора", "Дата заключения"],
         ["Химки", "МБОУ СОШ № 1", "ВУЗ", "МАИ", "12", "01.09.2023"],
         ["Химки", "МБОУ СОШ № 1", "ВУЗ", "МАИ", "12", "01.09.2023"],
         ["Химки", "МБОУ СОШ № 2", "ВУЗ", "МАИ", "12", "01.09.2023"])  # (another school's agreement of that number)
    (e,) = pipeline.prepare(f, region="50").errors
    assert (e.row, e.rule) == (3, "duplicate_agreement") and "первый раз — строка 2" in e.message


def test_free_text_under_the_table_after_an_empty_row_is_a_note(tmp_path):
    """Lines of words under the table («Данные сверены с РСЭМ 05.04.2024»), apart from it by an empty row: notes,
    not schools (the file was refused: «Не указано муниципальное образование» for each)."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["№ п/п", "Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         [1, "Коломна", "МБОУ СОШ № 1", 301, 291], [2, "Коломна", "МБОУ СОШ № 2", 302, 292],
         [None, None, None, None, None], ["Зачёркнутые строки — ОО реорганизована, не учитывать"],
         ["Данные сверены с РСЭМ 05.04.2024"])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]


def test_a_regional_form_whose_instructions_name_one_municipality_is_no_municipalitys_form(tmp_path):
    """«Например: Химки — 10 000 обучающихся» above a table of every municipality: not Химки's form (each other
    municipality's row was an error «в форме Химки»)."""
    f = tmp_path / "эффективность за I квартал 2024.xlsx"
    book(f, ["Мониторинг показателей эффективности реализации профминимума за I квартал 2024 года"],
         ["Например: Химки — 10 000 обучающихся, охвачено 9 000."], [],
         ["Муниципалитет", "Численность обучающихся 6-11 классов", "Охвачено профминимумом"],
         ["Химки", 10000, 9000], ["Королёв", 8000, 7600], ["Мытищи", 12000, 11500])
    p = pipeline.prepare(f, region="50")
    assert not [e for e in p.errors if e.rule == "municipality_not_of_form"]


def test_a_title_naming_two_municipalities_is_the_form_of_both(tmp_path):
    """(tester round t79, in a browser) «… за IV квартал 2023 г. (Лобня, Клин)» over Лобня's and Клин's rows: read
    as Лобня's form, Клин's row an error — the only way left, «загрузить без ошибочных строк», dropped Клин."""
    f = tmp_path / "мероприятия.xlsx"
    book(f, ["Участие в профориентационных мероприятиях за IV квартал 2023 г. (Лобня, Клин)"],
         ["Муниципальное образование", "Мероприятие", "Обучающиеся", "Родители", "Педагоги"],
         ["г.о. Лобня", "Профессиональные пробы", 60, 0, 4], ["Городской округ Клин", "Профессиональные пробы", 80,
                                                              0, 6])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    assert p.columns["municipality"] == ["Лобня", "Клин"]


def test_a_school_named_with_another_municipality_and_too_many_pupils_are_said(tmp_path):
    f = tmp_path / "готовность.xlsx"
    book(f, ["Мониторинг готовности ОО городского округа Химки за I квартал 2024 года"],
         ["Наименование ОО", "Всего обучающихся 6–11 классов", "Охвачено профминимумом"],
         ["МБОУ СОШ № 1", 301, 291], ["МБОУ СОШ № 8 г.о. Лобня", 280, 280], ["МБОУ СОШ № 3", 50000, 290])
    p = pipeline.prepare(f, region="50")
    (e,) = p.errors  # counted for Химки, Лобня's school would be one Химки does not have
    assert (e.row, e.rule, e.message) == (4, "school_of_other_municipality",
                                          "ОО названа с муниципалитетом Лобня, а строка учтена за Химки")
    (w,) = [x for x in p.problems if x.rule == "implausible_pupils"]
    assert w.row == 5 and w.severity == "warning" and w.message.startswith("Обучающихся 6–11 классов в одной ОО — 50")


def test_a_half_year_for_a_region_that_reports_by_quarter_is_refused(tmp_path):
    f = tmp_path / "мероприятия за I полугодие 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Мероприятие", "Обучающиеся"],
         ["Химки", "СОШ № 1", "Экскурсии на предприятия", 10])
    p = pipeline.prepare(f)
    (e,) = p.file_errors
    assert e.message == "Период «1-е полугодие 2024 г.» — полугодие, а Московская область отчитывается по кварталам"
    assert pipeline.prepare(f, period="2024-Q2").errors == []  # the analyst names the quarter


def test_spare_template_rows_and_a_region_total_are_not_records(tmp_path):
    f = tmp_path / "мероприятия за 1 полугодие 2024.xlsx"
    book(f, ["№", "Муниципальное образование", "Наименование ОО", "Мероприятие", "Обучающиеся"],
         [1, "Холмский", "СОШ № 6", "Экскурсии на предприятия", 40],
         [2, "Холмский", None, None, None],  # a spare row of the template, municipality filled beforehand
         [3, "Холмский", None, None, None],
         [None, "Сахалинская область", None, None, 40])  # the region's total
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == 1
    assert p.sheets[0].skipped_rows == {"пустая строка": 2, "итоговая строка": 1}


def test_a_regional_templates_unfilled_municipalities_are_not_loaded_nor_replaced(tmp_path):
    """A regional template filtered to one's own municipality: the other municipalities' rows hold school names only.
    Loaded, they replaced Балашиха's real form with schools that did nothing; now they are left out and said."""
    dbp = tmp_path / "m.duckdb"
    header = ["Муниципалитет", "Наименование ОО", "Уровень", "Обучающихся 6-11 кл.", "Охвачено профминимумом"]
    own = tmp_path / "Балашиха_готовность_2кв2024.xlsx"
    book(own, ["Готовность ОО к реализации профминимума, II квартал 2024 г."], header,
         ["Балашиха", "МАОУ «Лицей № 27»", "основной", 700, 650], ["Балашиха", "МБОУ ООШ № 39", "базовый", 300, 280])
    assert pipeline.load_file(own, dbp).status == "loaded"
    f = tmp_path / "Химки_готовность_2кв2024.xlsx"
    book(f, ["Готовность ОО Московской области к реализации профминимума, II квартал 2024 г."], header,
         ["Балашиха", "МАОУ «Лицей № 27»", None, None, None], ["Балашиха", "МБОУ ООШ № 39", None, None, None],
         ["Химки", "МАОУ «Лицей № 15»", "базовый", 293, 281], ["Химки", "МБОУ СОШ № 33", "основной", 501, None],
         ["Мытищи", "МАОУ СОШ № 37", None, None, None])
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded" and res.rows_loaded == 2
    (w,) = [x for x in res.warnings if x.rule == "unit_not_filled"]
    assert w.message.startswith("Строки без данных не загружены: Балашиха (2 строки), Мытищи (1 строка)")
    assert sql(dbp, "SELECT municipality, sum(students_total) FROM readiness GROUP BY 1 ORDER BY 1") == [
        ("Балашиха", 1000), ("Химки", 794)]


def test_a_second_table_of_branches_counted_in_the_first_is_not_loaded(tmp_path):
    """«Таблица 2. Филиалы ОО (численность обучающихся включена в таблицу 1)» under the schools: its rows are the
    schools' branches, their pupils in the first table's already — loaded, they were two more schools and 83 pupils."""
    f = tmp_path / "Дубна_готовность_3кв2024.xlsx"
    header = ["№", "Наименование ОО", "Уровень", "Обучающихся 6-11 кл.", "Охвачено профминимумом"]
    book(f, ["г.о. Дубна. Таблица 1. Готовность ОО к реализации профминимума, III квартал 2024 г."], header,
         [1, "МБОУ СОШ № 17", "основной", 347, 335], [2, "МБОУ «Гимназия № 6»", "базовый", 664, 616], [],
         ["Таблица 2. Филиалы ОО (численность обучающихся включена в таблицу 1)"], header,
         [1, "филиал МБОУ СОШ № 17 в д. Ратмино", "основной", 45, 45],
         [2, "филиал МБОУ «Гимназия № 6» в пос. Юркино", "основной", 38, 36])
    p = pipeline.prepare(f)
    assert p.errors == [] and sum(p.columns["students_total"]) == 1011 and p.n_rows == 2
    (w,) = [x for x in p.problems if x.rule == "included_rows"]
    assert w.row == 6 and w.message.startswith("Строки 8, 9 под строкой 6 «Таблица 2. Филиалы ОО")


def test_rows_of_the_tables_figures_or_the_authority_are_no_schools(tmp_path):
    """«АППГ», «Среднее по г.о.», «Доля охвата, %» under «Итого» and «Управление образования … (МОУО)» above the
    schools were loaded as schools (their sums added to the pupils, «да» to the criteria); a «Средняя
    общеобразовательная школа» stays a school."""
    f = tmp_path / "Подольск_готовность_4кв2024.xlsx"
    book(f, ["Готовность ОО г.о. Подольск к реализации профминимума, IV квартал 2024 г."],
         ["№", "Наименование ОО", "Ответственный", "Обучающихся 6-11 кл.", "Охвачено профминимумом"],
         [None, "Управление образования администрации г.о. Подольск (МОУО)", "да", None, None],
         [1, "МБОУ «Средняя общеобразовательная школа № 3»", "да", 512, 484], [2, "МАОУ «Лицей № 29»", "да", 954, 905],
         [None, "Итого", None, 1466, 1389], [None, "АППГ (IV кв. 2023 г.)", None, 1400, 1200],
         [None, "Среднее по г.о.", None, 733, 695], [None, "Доля охвата, %", None, None, 94.7])
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == 2 and sum(p.columns["students_total"]) == 1466
    assert [w for w in p.problems if w.rule == "total_differs"] == []
    (w,) = [w for w in p.problems if w.rule == "summary_rows"]
    assert w.message.startswith("Строки 3 «Управление образования администрации г.о. Подольск (МОУО)», 7 «АППГ (IV кв. "
                                "2023 г.)», 8 «Среднее по г.о.», 9 «Доля охвата, %» — не ОО")


def test_a_total_of_another_period_for_comparison_is_not_checked(tmp_path):
    """«Итого за III квартал 2023 г. (для сравнения)» under this quarter's total is last quarter's sum: no «строка ОО
    пропущена» said of it."""
    f = tmp_path / "Химки_готовность_4кв2023.xlsx"
    book(f, ["Готовность ОО г.о. Химки, IV квартал 2023 г."],
         ["Наименование ОО", "Обучающихся 6-11 кл.", "Охвачено профминимумом"],
         ["МБОУ СОШ № 1", 500, 480], ["МБОУ СОШ № 2", 300, 290], ["Итого", 800, 770],
         ["Итого за III квартал 2023 г. (для сравнения)", 780, 700])
    p = pipeline.prepare(f)
    assert p.errors == [] and p.n_rows == 2
    assert [w.message for w in p.problems if w.rule == "total_differs"] == []


def test_blocks_closed_by_a_total_naming_their_municipality(tmp_path):
    """A regional summary with no municipality column nor rows over the blocks: «Итого по г.о. Клин» under Клин's
    schools says whose they are (it was «Не указано муниципальное образование»)."""
    f = tmp_path / "МО_свод_3кв2024.xlsx"
    book(f, ["Готовность ОО к реализации профминимума, III квартал 2024 г. (свод)"],
         ["№", "Наименование ОО", "Обучающихся 6-11 кл.", "Охвачено профминимумом"],
         [1, "МАОУ СОШ № 36", 748, 692], [2, "МБОУ «Гимназия № 19»", 700, 675],
         [None, "Итого по г.о. Клин", 1448, 1367],
         [1, "МАОУ «Лицей № 7»", 775, 758], [None, "Итого по городскому округу Истра", 775, 758])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.message for e in p.errors]
    assert p.columns["municipality"] == ["Клин", "Клин", "Истра"]
    assert [w.rule for w in p.problems if w.rule == "municipality_from_totals"] == ["municipality_from_totals"]


def test_a_form_of_names_only_is_refused(tmp_path):
    """A template sent back unfilled: nothing to load, and loaded it would replace the real form with empty schools."""
    f = tmp_path / "Химки_готовность_2кв2024.xlsx"
    book(f, ["Готовность ОО к реализации профминимума, II квартал 2024 г."],
         ["Муниципалитет", "Наименование ОО", "Уровень", "Обучающихся 6-11 кл.", "Охвачено профминимумом"],
         ["Химки", "МАОУ «Лицей № 15»", None, None, None], ["Химки", "МБОУ СОШ № 33", None, None, None])
    p = pipeline.prepare(f)
    assert [e.rule for e in p.errors] == ["form_not_filled"]


def test_a_municipality_merged_since_2023_is_pointed_out(tmp_path):
    f = tmp_path / "готовность Протвино за IV квартал 2023.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом"],
         ["Протвино", "СОШ № 1", 300, 280],
         ["Протвино", "СОШ № 2", 200, 190])
    p = pipeline.prepare(f)
    assert p.errors == [] and p.columns["municipality"] == ["Серпухов", "Серпухов"]
    (w,) = others(p)
    assert (w.row, w.rule, w.message) == (2, "merged_municipality",
                                          "«Протвино» с 2023 г. входит в Серпухов: строки учтены за Серпухов")


def test_a_sheet_name_and_a_title_naming_different_municipalities_are_pointed_out(tmp_path):
    f = tmp_path / "готовность Мытищи за I квартал 2024.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Химки"  # a copy of last quarter's Химки form
    ws.append(["Готовность ОО, городской округ Мытищи, за I квартал 2024 года"])
    ws.append(["Наименование ОО", "Всего обучающихся 6–11 классов", "Охвачено профминимумом"])
    ws.append(["СОШ № 1", 300, 280])
    wb.save(f)
    p = pipeline.prepare(f)
    (w,) = [x for x in others(p) if x.severity == "warning"]
    assert (w.rule, w.severity) == ("municipality_conflict", "warning")
    assert w.message == "Лист назван «Химки», а в заголовке — Мытищи: строки учтены за Химки"
    # the file's name says Мытищи, too: whose form it is stays unsure — it waits (it would replace Химки's)
    assert [(e.rule, e.message) for e in p.errors] == [
        ("municipality_file_conflict", "В названии листа — Химки, а в имени файла — Мытищи: неясно, чья это форма; "
                                       "файл не загружен, чтобы не заменить форму другого муниципалитета")]
    renamed = tmp_path / "готовность за I квартал 2024.xlsx"  # a file name naming nobody: the warning alone
    f.rename(renamed)
    p = pipeline.prepare(renamed)
    assert p.errors == [] and [w.rule for w in others(p)] == ["municipality_conflict"]


def test_formulas_saved_without_a_value_are_asked_about_not_loaded_empty(tmp_path):
    """A file written by a program and never opened in Excel (openpyxl: «=600+40» with no value saved): the number
    is unknown — its row is an error, not a school with no pupils (Мытищи showed 920 pupils for 1 560)."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
             "Охвачено профминимумом", "Педагоги-навигаторы"],
         ["Мытищи", "СОШ № 1", 920, 800, 3],
         ["Мытищи", "СОШ № 2", "=600+40", "=450+50", 2],
         ["Мытищи", "СОШ № 3", 300, 290, "=2+3"])
    p = pipeline.prepare(f, region="50")
    assert [(e.rule, e.row, e.column) for e in p.errors] == [
        ("formula_without_value", 3, "C «Всего обучающихся 6–11 классов», D «Охвачено профминимумом»"),
        ("formula_without_value", 4, "E «Педагоги-навигаторы»")]
    assert "число неизвестно" in p.errors[0].message and "сохраните" in p.errors[0].hint
    assert sorted(p.bad_rows) == [1, 2]  # skipped with the bad rows, never loaded as empty


def test_a_column_of_formulas_all_saved_as_zero_is_pointed_out(tmp_path):
    import xlsxwriter

    f = tmp_path / "готовность за I квартал 2024.xlsx"  # xlsxwriter saves 0 for a formula it does not compute
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Муниципальное образование", "Наименование ОО", "6-11 кл", "Всего обучающихся 6–11 классов",
                        "Охвачено профминимумом"])
    ws.write_row(1, 0, ["Химки", "СОШ № 1", 480, "=C2", 400])
    ws.write_row(2, 0, ["Химки", "СОШ № 2", 300, "=C3", 300])
    wb.close()
    p = pipeline.prepare(f)
    (w,) = [x for x in p.problems if x.rule == "formulas_not_computed"]
    # its zeros are no figures: the file waits (they loaded as 0 pupils, with a warning only)
    assert (w.row, w.column, w.severity) == (None, "D «Всего обучающихся 6–11 классов»", "error")
    assert w.message.startswith("Формулы столбца (2, первая — в строке 2) сохранены без пересчёта")
    assert w in p.file_errors


def test_text_dates_month_first_are_read_month_first(tmp_path):
    f = tmp_path / "договоры за IV квартал 2023.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра",
               "Дата договора"])
    ws.append(["Химки", "СОШ № 1", "ВУЗ", "МАИ", "10/02/2023"])
    ws.append(["Химки", "СОШ № 2", "СПО", "Колледж", "10/16/2023"])  # the 16th: the column is month first
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [] and p.columns["signed_on"] == [date(2023, 10, 2), date(2023, 10, 16)]
    (w,) = p.problems
    assert (w.rule, w.row, w.severity) == ("month_first_dates", 2, "warning")
    # day first, as a Russian Excel writes them: nothing turned
    ws["E3"] = "16/10/2023"
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.columns["signed_on"] == [date(2023, 2, 10), date(2023, 10, 16)] and p.problems == []


def test_a_period_that_has_not_begun_is_refused(tmp_path):
    # a coordinator's typo in the year: «за I квартал 2027» on 05.12.2026 — no figures of it can exist yet
    from etl import periods

    today = date.today()
    ahead = periods.next_period(periods.quarter_of(today))
    f = tmp_path / f"Мероприятия за {periods.period_label_ru(ahead).removesuffix(' г.')}.xlsx"
    messy.events_long(f)
    p = pipeline.prepare(f)
    assert p.period == ahead
    (err,) = [x for x in p.file_errors if x.rule == "period_future"]
    assert err.message == (f"Период «{periods.period_label_ru(ahead)}» ещё не начался (сегодня "
                           f"{today:%d.%m.%Y}): данных за него быть не может")
    # the current quarter loads (its figures are being gathered)
    g = tmp_path / f"Мероприятия за {periods.period_label_ru(periods.quarter_of(today)).removesuffix(' г.')}.xlsx"
    messy.events_long(g)
    assert not [x for x in pipeline.prepare(g).file_errors if x.rule == "period_future"]


@pytest.mark.parametrize("label", ["г.о. Химки", "Городской округ Химки"])
def test_a_total_named_by_its_municipality_in_the_school_column_is_no_school(tmp_path, label):
    # no «Итого»: the municipality's own name where a school's would be, its sums beside (here not even equal to
    # the schools' sum: a school left out of the list)
    f = book(tmp_path / "готовность.xlsx", ["Готовность ОО к реализации профминимума за III квартал 2024 г."],
             ["Муниципалитет", "Наименование ОО", "Уровень", "Обучающиеся 6-11 кл., чел.",
              "Охвачено профминимумом, чел."],
             ["Химки", "МБОУ СОШ № 1", "базовый", 512, 500],
             ["Химки", "МАОУ Лицей № 10", "основной", 734, 700],
             ["Химки", label, None, 1290, 1240])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МАОУ Лицей № 10"]
    assert sum(p.columns["students_total"]) == 1246
    assert p.sheets[0].skipped_rows == {"итоговая строка": 1}


def test_the_yes_no_column_of_the_responsible_beats_the_column_of_their_names(tmp_path):
    # «Назначен ответственный (приказ)» says да / нет; «ФИО ответственного» beside it only names them: an explicit
    # «нет» is «not appointed», not «unknown» (a name column stands in only when it is the form's only one)
    f = book(tmp_path / "готовность.xlsx", ["Готовность ОО по состоянию на 01.04.2024"],
             ["Муниципалитет", "Наименование ОО", "Назначен ответственный за профминимум (приказ)",
              "Обучающихся 6-11 кл.", "Охвачено", "ФИО ответственного", "Телефон"],
             ["Химки", "МБОУ СОШ № 1", "да", 512, 500, "Петрова А.А.", "8(495)111-11-11"],
             ["Химки", "МБОУ Сходненская СОШ", "нет", 215, 180, None, None])
    p = pipeline.prepare(f)
    assert p.sheets[0].matched["responsible_appointed"] == "C «Назначен ответственный за профминимум (приказ)»"
    assert p.columns["responsible_appointed"] == [True, False]
    only_names = book(tmp_path / "фио.xlsx", ["Готовность ОО по состоянию на 01.04.2024"],
                      ["Муниципалитет", "Наименование ОО", "Обучающихся 6-11 кл.", "Охвачено", "ФИО ответственного"],
                      ["Химки", "МБОУ СОШ № 1", 512, 500, "Петрова А.А."])
    p = pipeline.prepare(only_names)
    assert p.sheets[0].matched["responsible_appointed"] == "E «ФИО ответственного»"
    assert p.columns["responsible_appointed"] == [True]


@pytest.mark.parametrize("numbered", [False, True])
def test_a_column_per_event_named_in_quotes_with_the_participants_in_the_title(tmp_path, numbered):
    # «Всероссийская акция «Неделя без турникетов»» names one event (its column holds that event's pupils), not a
    # column of event names; without a «№ п/п» column the header is still found («Примечание» is a header too)
    lead = ["№ п/п"] if numbered else []
    f = book(tmp_path / "мероприятия.xlsx", ["Участие обучающихся в профориентационных мероприятиях (чел.)"],
             ["г.о. Коломна, III квартал 2024 г."],
             lead + ["Наименование ОО", "Фестиваль «Путь навыков»", "Всероссийская акция «Неделя без турникетов»",
                     "Всего, чел.", "Примечание"],
             [1][:len(lead)] + ["МОУ СОШ № 9", 44, 18, 62, None],
             [2][:len(lead)] + ["МОУ Гимназия № 2", 61, 25, 86, "уточнено 02.10"],
             [None][:len(lead)] + ["Итого", 105, 43, 148, None])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert (p.kind, p.period) == ("events", "2024-Q3")
    got = sorted(zip(p.columns["school_name"], p.columns["event"], p.columns["students"]))
    assert got == [("МОУ Гимназия № 2", "Всероссийская акция «Неделя без турникетов»", 25),
                   ("МОУ Гимназия № 2", "Профориентационный фестиваль «Путь навыков»", 61),  # (the catalogue's name)
                   ("МОУ СОШ № 9", "Всероссийская акция «Неделя без турникетов»", 18),
                   ("МОУ СОШ № 9", "Профориентационный фестиваль «Путь навыков»", 44)]


def test_one_count_per_row_beside_a_category_of_participants(tmp_path):
    # «Категория участников» says whose the count is: each row's number goes to its group, never all to pupils
    rows = [["Участие в профориентационных мероприятиях, г.о. Химки, II квартал 2024 г."],
            ["ОО", "Мероприятие", "Категория участников", "Кол-во участников, чел."],
            ["МБОУ СОШ № 1", "Фестиваль «Путь навыков»", "обучающиеся", 120],
            ["МБОУ СОШ № 1", "Всероссийское родительское собрание", "родители (законные представители) обучающихся",
             300],
            ["МБОУ СОШ № 1", "Вебинар для педагогов-навигаторов", "Педагоги", 14]]
    p = pipeline.prepare(book(tmp_path / "мероприятия.xlsx", *rows))
    assert p.errors == [], [e.text() for e in p.errors]
    assert (p.kind, p.period) == ("events", "2024-Q2")
    assert list(zip(p.columns["students"], p.columns["parents"], p.columns["teachers"])) == [
        (120, None, None), (None, 300, None), (None, None, 14)]
    assert p.sheets[0].matched["parents"] == "D «Кол-во участников, чел.» (по столбцу C «Категория участников»)"
    # a category naming no group: its count would be in no field — the row is an error, nothing is dropped
    rows.append(["МБОУ СОШ № 1", "Экскурсия", "гости", 9])
    p = pipeline.prepare(book(tmp_path / "гости.xlsx", *rows))
    (e,) = p.errors
    assert (e.rule, e.row) == ("unknown_participants", 6)
    assert e.message == "Категория участников «гости» не распознана: число участников не загружено"


def test_the_number_of_an_agreement_under_its_group_is_loaded(tmp_path):
    # «Договор (соглашение)» over «№ | дата»: the «№» is the agreement's number (44, 45, 7), not a row number
    f = book(tmp_path / "договоры.xlsx", ["Договоры о сетевом взаимодействии ОО г.о. Дубна, II квартал 2024 г."],
             ["Наименование ОО", "Организация-партнёр", None, "Договор (соглашение)", None],
             [None, "тип", "наименование", "№", "дата"],
             ["МБОУ СОШ № 1", "ВО", "Университет «Дубна»", "44", date(2024, 4, 10)],
             ["МБОУ СОШ № 1", "индустриальный партнёр", "АО «ГосМКБ «Радуга»", 45, date(2024, 5, 15)],
             ["МБОУ Лицей «Дубна»", "СПО", "ГБПОУ МО «Колледж «Угреша»»", "7", date(2024, 6, 3)])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.sheets[0].matched["agreement_no"] == "D «Договор (соглашение) | №»"
    assert p.columns["agreement_no"] == ["44", "45", "7"]


def test_a_plan_beside_its_fact_is_noted_not_asked(tmp_path):
    # «Планируемое кол-во участников» beside «Кол-во участников (обучающиеся/родители/педагоги)»; a bare «План»
    # beside «Факт» in a row-per-indicator form: the plan is not a monitoring figure, the fact is loaded
    events = book(tmp_path / "мероприятия.xlsx", ["Мероприятия по профориентации. Невельский городской округ. "
                                                   "1 полугодие 2024 г."],
                  ["Наименование ОО", "Мероприятие", "Дата", "Планируемое кол-во участников",
                   "Кол-во участников (обучающиеся/родители/педагоги)"],
                  ["МБОУ СОШ № 1 г. Невельска", "Профпробы", "12.03.2024", 40, "25/3/2"])
    p = pipeline.prepare(events)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.sheets[0].ignored == ["D «Планируемое кол-во участников» — план (загружается факт)"]
    assert (p.columns["students"], p.columns["parents"], p.columns["teachers"]) == ([25], [3], [2])
    indicators = book(tmp_path / "показатели.xlsx", ["Показатели эффективности, Сахалинская область, 1 полугодие "
                                                     "2024 г."],
                      ["Муниципалитет", "Показатель", "План", "Факт"],
                      ["Анивский", "Численность обучающихся 6-11 классов", 1700, 1650])
    p = pipeline.prepare(indicators)
    assert p.errors == [], [e.text() for e in p.errors]
    assert "C «План» — план (загружается факт)" in p.sheets[0].ignored and p.columns["value"] == [1650]


def test_a_workbook_of_two_forms_is_refused_naming_the_other_sheet(tmp_path):
    # effectiveness on one sheet, the events on another: read as one form, the events sheet was dropped unsaid
    f = tmp_path / "формы.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Показатели"
    for r in (["Показатели эффективности профминимума, I квартал 2024 г."],
              ["Муниципальное образование", "Прошли профориентационную диагностику, чел.",
               "Приняли участие в профпробах, чел."], ["Химки", 14200, 3100], ["Мытищи", 15800, 2900]):
        ws.append(r)
    ev = wb.create_sheet("Мероприятия")
    for r in (["Участие в профориентационных мероприятиях, I квартал 2024 г."],
              ["Муниципальное образование", "Всероссийское родительское собрание 21.03.2024", None, None],
              [None, "обучающиеся", "родители", "педагоги"], ["Химки", 0, 5200, 310], ["Мытищи", 0, 6100, 280]):
        ev.append(r)
    ev.merge_cells("B2:D2")
    ev.merge_cells("A2:A3")
    wb.save(f)
    with pytest.raises(FileRejected) as e:
        pipeline.prepare(f)
    (p,) = e.value.problems
    # (each sheet's title names its kind: whichever the file is read as, the other sheet is named)
    assert (p.rule, p.sheet) in (("mixed_forms", "Мероприятия"), ("mixed_forms", "Показатели"))
    assert p.message in ("В файле формы разных видов: лист «Мероприятия» — участие в мероприятиях, а файл читается "
                         "как «показатели эффективности»", "В файле формы разных видов: лист «Показатели» — "
                         "показатели эффективности, а файл читается как «участие в мероприятиях»")


def test_a_municipality_and_school_written_once_for_their_block(tmp_path):
    """Both cells left empty under the block's first row (an .xls of agreements, not merged): the row is the
    block's school in the block's municipality — not «Не указано муниципальное образование»."""
    f = book(tmp_path / "договоры.xlsx", ["Договоры о сетевом взаимодействии, I квартал 2024 г."],
             ["Муниципальное образование", "Образовательная организация", "Организация-партнёр", "Тип партнёра"],
             ["Химки", "МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "вуз"],
             [None, None, "ГБПОУ МО «Химкинский техникум»", "СПО"],
             ["Мытищи", "МАОУ Гимназия № 4", "ФГАОУ ВО «МФТИ»", "вуз"])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 1", "МАОУ Гимназия № 4"]
    assert p.columns["municipality"] == ["Химки", "Химки", "Мытищи"]


def test_a_school_written_once_for_its_block_of_rows(tmp_path):
    # agreements: the school on the first row of its block, the cells below left empty (not merged)
    f = book(tmp_path / "договоры.xlsx", ["Договоры о сетевом взаимодействии ОО г.о. Химки на 01.10.2023"],
             ["№ п/п", "Образовательная организация", "Организация-партнёр", "Тип организации-партнёра", "№ договора"],
             [1, "МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "вуз", "15/23"],
             [None, None, "ГБПОУ МО «Химкинский техникум»", "СПО", "3"],
             [2, "МАОУ Гимназия № 4", "ФГАОУ ВО «МФТИ»", "вуз", "7"],
             [None, None, "ГБПОУ МО «Красногорский колледж»", "СПО", "б/н"])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 1", "МАОУ Гимназия № 4", "МАОУ Гимназия № 4"]
    (w,) = [x for x in p.problems if x.rule == "school_carried_down"]
    assert w.severity == "warning" and "в 2 строках взято из строки выше" in w.message
    # a row per indicator: the rows under «Итого по округу» continue the total, they are no school's
    f = book(tmp_path / "показатели.xlsx", ["Показатели эффективности, г.о. Мытищи, по состоянию на 01.01.2024"],
             ["Наименование ОО", "Наименование показателя", "Значение"],
             ["МБОУ СОШ № 5", "Прошли профориентационную диагностику, чел.", 310],
             [None, "Приняли участие в профпробах, чел.", 95],
             ["Итого по округу", "Прошли профориентационную диагностику, чел.", 310],
             [None, "Приняли участие в профпробах, чел.", 95])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert list(zip(p.columns["school_name"], p.columns["indicator_code"], p.columns["value"])) == [
        ("МБОУ СОШ № 5", "diagnostics_done", 310), ("МБОУ СОШ № 5", "probes_done", 95)]
    assert p.sheets[0].skipped_rows == {"итоговая строка": 2}


def test_a_roadmap_items_planned_deadline_and_number(tmp_path):
    # «Плановый срок» is the deadline, «Фактический срок исполнения» is when it was done; «Пункт ДК» numbers items
    f = tmp_path / "дорожная карта.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Исполнение плана мероприятий по профминимуму в Сахалинской области (1 полугодие 2024 г.)"],
              ["Пункт ДК", "Мероприятие", "Плановый срок", "Фактический срок исполнения", "Исполнитель", "Статус"],
              [1, "Региональный этап конкурса", date(2024, 3, 1), date(2024, 3, 20), "ГАУ СО АРЧК", "выполнено"],
              [2.1, "Профпробы на базе колледжей", date(2024, 5, 31), None, "ПОО", "в работе"]):
        ws.append(r)
    wb.save(f)
    p = pipeline.prepare(f, kind="roadmap")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["item_no"] == ["1", "2.1"]
    assert p.columns["deadline"] == [date(2024, 3, 1), date(2024, 5, 31)]


def test_agreements_without_a_type_column_take_the_type_from_the_partners_name(tmp_path):
    f = book(tmp_path / "соглашения.xlsx", ["Перечень соглашений о сетевом взаимодействии ОО г.о. Мытищи (на 01.10.2023)"],
             ["№", "ОО", "С кем заключено соглашение", "Номер и дата соглашения"],
             [1, "МБОУ СОШ № 5", "ФГБОУ ВО «Мытищинский филиал МГТУ им. Баумана»", "№ 1 от 01.09.2023"],
             [2, "МБОУ СОШ № 5", "ГБПОУ МО «Мытищинский колледж»", "№ 2 от 04.09.2023"],
             [3, "МБОУ СОШ № 6", "Банк ВТБ (ПАО)", "№ 4 от 12.09.2023"],
             [4, "МБОУ СОШ № 6", "Фонд «Наше будущее»", "№ 5 от 13.09.2023"])
    p = pipeline.prepare(f)
    assert p.columns["partner_type"][:3] == ["ВУЗ", "СПО", "индустриальный партнёр"]
    assert [(e.rule, e.row) for e in p.errors] == [("bad_partner_type", 6)]  # a name that tells no type: asked
    assert p.errors[0].message == ("Тип партнёра по его наименованию не определить, а столбца «Тип партнёра» в "
                                   "таблице нет") and p.errors[0].hint.startswith("Добавьте столбец «Тип партнёра»")
    assert any(w.rule == "partner_type_by_name" for w in p.problems if w.severity == "warning")
    assert "нет строк с данными" not in " ".join(e.message for e in p.errors)


def test_an_agreement_in_force_from_its_date_over_a_validity_with_from_and_to(tmp_path):
    f = book(tmp_path / "договоры.xlsx", ["Договоры о сетевом взаимодействии ОО г.о. Химки на 01.10.2023"],
             ["Наименование ОО", "Партнёр", "Тип партнёра", "Срок действия договора", None],
             [None, None, None, "с", "по"],
             ["МБОУ СОШ № 1", "ФГБОУ ВО «МАИ»", "вуз", date(2023, 9, 1), date(2025, 8, 31)])
    wb = openpyxl.load_workbook(f)
    for cells in ("A2:A3", "B2:B3", "C2:C3", "D2:E2"):  # a two-row header, as forms draw it
        wb.active.merge_cells(cells)
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["signed_on"] == [date(2023, 9, 1)]
    assert p.sheets[0].matched["signed_on"] == "D «Срок действия договора | с»"


def test_a_table_turned_on_its_side_is_refused_saying_so(tmp_path):
    f = book(tmp_path / "показатели.xlsx", ["Показатели эффективности реализации профминимума, Московская область, "
                                            "I квартал 2024 г."],
             ["Наименование показателя", "Химки", "Мытищи", "Коломна", "Итого"],
             ["Прошли профориентационную диагностику, чел.", 14200, 15800, 6100, 36100],
             ["Приняли участие в профпробах, чел.", 3100, 2900, 1400, 7400])
    with pytest.raises(FileRejected) as e:
        pipeline.prepare(f)
    (p,) = e.value.problems
    assert p.rule == "turned_table" and p.message.startswith("Таблица повёрнута: показатели — в строках")
    assert "«Химки», «Мытищи», «Коломна»" in p.message and "Транспонировать" in p.hint


@pytest.mark.parametrize("sheet", [None, "Химки"])
def test_a_turned_table_with_a_unit_column_is_refused_saying_so(tmp_path, sheet):
    # «Ед. изм.» before the municipalities made it a table «without a municipality column»; a sheet named by one
    # municipality too: the header still names three
    f = book(tmp_path / "показатели.xlsx", ["Показатели эффективности, Московская область, IV квартал 2024 г."],
             ["Показатель", "Ед. изм.", "г.о. Химки", "г.о. Балашиха", "г.о. Мытищи", "Итого по области"],
             ["Численность обучающихся 6-11 классов", "чел.", 14350, 21000, 9800, 45150],
             ["Охвачено профминимумом", "чел.", 13920, 20500, 9650, 44070])
    if sheet:
        wb = openpyxl.load_workbook(f)
        wb.active.title = sheet
        wb.save(f)
    res = pipeline.load_file(f, tmp_path / "m.duckdb", kind="effectiveness", region="50")
    assert res.status == "rejected"
    (p,) = res.errors
    assert p.rule == "turned_table" and "«г.о. Химки», «г.о. Балашиха», «г.о. Мытищи»" in p.message


def test_a_partner_type_marked_in_flat_columns_or_under_a_group_written_once(tmp_path):
    """«ВУЗ | СПО | Предприятие» as headers of their own with «+» under them, and «Тип партнёра» over such
    sub-headers with the other columns not merged down: the marks give the type (both were refused — the sub-header
    row read as a first agreement, and «ВУЗ» offered as «договор действует»)."""
    agreements = [["МБОУ СОШ № 1", "ГСГУ", "+", None, None, "10.01.2024"],
                  ["МБОУ СОШ № 1", "ГБПОУ МО «Коломенский аграрный колледж»", None, "+", None, "12.01.2024"],
                  ["МБОУ СОШ № 2", "АО «Коломенский завод»", None, None, "+", "15.01.2024"]]
    flat = book(tmp_path / "договоры.xlsx", ["Договоры о сетевом взаимодействии, г.о. Коломна, I квартал 2024"],
                ["Наименование ОО", "Партнёр", "ВУЗ", "СПО", "Предприятие", "Дата договора"], *agreements)
    grouped = book(tmp_path / "договоры_тип.xlsx", ["Договоры о сетевом взаимодействии, г.о. Коломна, I квартал 2024"],
                   ["Наименование ОО", "Наименование партнёра", "Тип партнёра", None, None, "Дата договора"],
                   [None, None, "ВУЗ", "СПО", "предприятие", None], *agreements)
    wb = openpyxl.load_workbook(grouped)
    wb.active.merge_cells("C2:E2")  # the group merged across, the other headers not merged down
    wb.save(grouped)
    for f in (flat, grouped):
        p = pipeline.prepare(f, region="50")
        assert not p.errors, [e.message for e in p.errors]
        assert p.columns["partner_type"] == ["ВУЗ", "СПО", "индустриальный партнёр"]
        assert p.columns["partner_name"][0] == "ГСГУ"


def test_columns_headed_by_a_partner_type_alone_holding_names_are_the_partners_of_that_type(tmp_path):
    """«ВУЗ | СПО» holding the partners' names (no marks): not type marks — each filled cell is an agreement with a
    partner of its column's type (it was asked about until 06.12.2026; etl/partner_columns.py)."""
    f = book(tmp_path / "договоры.xlsx", ["Договоры о сетевом взаимодействии, г.о. Коломна, I квартал 2024"],
             ["Наименование ОО", "ВУЗ", "СПО", "Дата договора"],
             ["МБОУ СОШ № 1", "ГСГУ", "Коломенский аграрный колледж", "10.01.2024"])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.message for e in p.errors]
    assert list(zip(p.columns["partner_name"], p.columns["partner_type"])) == [
        ("ГСГУ", "ВУЗ"), ("Коломенский аграрный колледж", "СПО")]


def test_a_turned_table_is_one_error_not_also_an_unknown_region(tmp_path):
    f = book(tmp_path / "показатели.xlsx", ["Показатели эффективности по муниципальным образованиям, 1 полугодие "
                                            "2024 г."],
             ["Показатель", "Ед. изм.", "Анивский ГО", "Невельский ГО", "Поронайский ГО", "Всего"],
             ["Численность обучающихся 6-11 классов", "чел.", 1450, 980, 1620, 4050],
             ["Прошли профдиагностику", "чел.", 1100, 700, 1300, 3100])
    res = pipeline.load_file(f, tmp_path / "m.duckdb")
    assert [p.rule for p in res.errors] == ["turned_table"]  # not «муниципалитеты не распознаны» as well


def test_a_partner_type_marked_in_a_column_per_type(tmp_path):
    f = book(tmp_path / "договоры.xlsx", ["Договоры о сетевом взаимодействии ОО г.о. Мытищи на 01.10.2023"],
             ["Наименование ОО", "Наименование партнёра", "Тип партнёра", None, None, "Дата заключения"],
             [None, None, "ВУЗ", "СПО", "предприятие", None],
             ["МБОУ СОШ № 5", "ФГБОУ ВО «МГТУ им. Баумана»", "+", None, None, date(2023, 9, 1)],
             ["МБОУ СОШ № 5", "ГБПОУ МО «Мытищинский колледж»", None, "+", None, date(2023, 9, 4)],
             ["МБОУ СОШ № 6", "АО «Метровагонмаш»", None, None, "+", date(2023, 9, 6)],
             ["МБОУ СОШ № 6", "ФГБОУ ВО «МГУ»", "+", "+", None, date(2023, 9, 7)])  # two marks: asked
    wb = openpyxl.load_workbook(f)
    for cells in ("A2:A3", "B2:B3", "C2:E2", "F2:F3"):
        wb.active.merge_cells(cells)
    wb.save(f)
    p = pipeline.prepare(f)
    assert p.columns["partner_type"][:3] == ["ВУЗ", "СПО", "индустриальный партнёр"]
    assert p.sheets[0].matched["partner_type"] == "C–E «Тип партнёра»"
    (e,) = p.errors
    assert (e.row, e.message) == (7, "Указано несколько типов партнёра: у договора один тип")


def test_an_agreement_that_is_no_longer_in_force_is_not_counted(tmp_path):
    f = book(tmp_path / "договоры.xlsx", ["Сведения о договорах сетевого взаимодействия ОО Одинцовского городского "
                                          "округа на 01.01.2024"],
             ["Наименование ОО", "Организация-партнёр", "Тип партнёра", "№ и дата договора",
              "Статус (действует/расторгнут)"],
             ["МБОУ Одинцовская СОШ № 1", "ФГБОУ ВО «МГУ»", "ВУЗ", "№ 5 от 01.09.2023", "действует"],
             ["МБОУ Одинцовская СОШ № 1", "ООО «Кондитерская фабрика»", "предприятие", "№ 6 от 02.09.2023",
              "расторгнут"],
             ["МБОУ Одинцовский лицей № 2", "АО «Одинцовский завод»", "предприятие", "№ 10 от 06.09.2023", "действующий"])
    p = pipeline.prepare(f)
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["partner_name"] == ["ФГБОУ ВО «МГУ»", "АО «Одинцовский завод»"]
    assert p.sheets[0].skipped_rows == {"договор не действует": 1}
    (w,) = [x for x in p.problems if x.rule == "agreement_not_in_force"]
    assert w.severity == "warning" and "не действуют (расторгнуты, истекли): 1 (строка 4) — не загружаются" in w.message


def test_a_sum_naming_no_group_is_never_offered_as_one_group_of_participants(tmp_path):
    # «Всего, чел.» beside events: whose it is only the analyst knows — asked, not «--map "Всего, чел.=parents"»
    f = book(tmp_path / "мероприятия.xlsx", ["Мероприятия по профориентации, г.о. Коломна, III квартал 2024 г."],
             ["Наименование ОО", "Мероприятие", "Дата", "Всего, чел."],
             ["МОУ СОШ № 9", "Экскурсия на завод", "12.09.2024", 44])
    p = pipeline.prepare(f, kind="events")
    assert p.errors and not any("=students" in e.hint or "=parents" in e.hint for e in p.errors)
    assert any(e.rule == "unmapped_numbers" and "Всего, чел." in e.hint for e in p.errors)


def test_a_half_year_for_a_region_of_quarters_names_the_quarter_it_ends_with(tmp_path):
    f = tmp_path / "Дмитровский.xlsx"
    book(f, ["Готовность ОО Дмитровского м.о., 1 полугодие 2024/2025 уч. года"],
         ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов", "Охвачено"],
         ["Дмитровский", "СОШ № 1", 100, 90])
    (e,) = pipeline.prepare(f).errors
    assert e.rule == "period_cadence" and "например, 2024-Q4 — IV квартал 2024 г." in e.hint


def test_a_share_part_above_its_whole_is_asked_about(tmp_path):
    """«Прошли диагностику 520» of «обучающихся 500» would be a share of 104 % on the pages: asked, naming both."""
    f = tmp_path / "показатели за IV квартал 2024.xlsx"
    book(f, ["Муниципальное образование", "Численность обучающихся 6-11 классов",
             "Численность обучающихся, прошедших профориентационную диагностику",
             "Численность участников профессиональных проб"],
         ["Химки", 500, 520, 100], ["Балашиха", 800, 700, 800])
    p = pipeline.prepare(f, region="50")
    (e,) = p.errors
    assert (e.rule, e.row, e.value) == ("part_over_whole", 2, 520)
    assert "— 520, больше, чем «Численность обучающихся 6–11 классов» — 500" in e.message
    assert "вышла бы 104 %" in e.message


def test_a_hidden_sheet_is_named_among_the_sheets_left_out(tmp_path, dbp):
    """Last year's copy of the form on a hidden sheet: not read, and said — not left out without a word."""
    f = book(tmp_path / "готовность за I квартал 2024.xlsx",
             ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
              "Охвачено профминимумом"], ["Химки", "СОШ № 1", 300, 280])
    wb = openpyxl.load_workbook(f)
    old = wb.copy_worksheet(wb.active)
    old.title = "I кв 2023"
    old.sheet_state = "hidden"
    wb.save(f)
    res = pipeline.load_file(f, dbp, region="50")
    assert res.status == "loaded" and res.rows_loaded == 1
    assert res.sheets_left == ["лист «I кв 2023»: лист скрыт в файле: не загружается (если на нём данные формы, "
                               "покажите лист в Excel и загрузите файл снова)"]


def test_a_quarter_in_a_latin_file_name_and_a_title_as_of_the_day_after_agree(tmp_path):
    """«по состоянию на 02.10.2023» (the regional roadmap's first report: «до 02.10.2023») is III квартал, as the file
    name «…_III_kv_2023» says — no conflict; where they do differ, the warning names the text the period was taken
    from."""
    f = tmp_path / "f01_MO_effektivnost_III_kv_2023.xlsx"
    book(f, ["Показатели эффективности по состоянию на 02.10.2023"],
         ["Муниципальное образование", "Численность обучающихся 6–11 классов", "Участники профпроб"],
         ["Мытищи", 9000, 300])
    p = pipeline.prepare(f)
    assert p.period == "2023-Q3" and not [x for x in p.problems if x.rule == "period_conflict"]
    g = tmp_path / "Mytishchi_IVkv2023.xlsx"
    book(g, ["Показатели эффективности по состоянию на 01.10.2023"],
         ["Муниципальное образование", "Численность обучающихся 6–11 классов", "Участники профпроб"],
         ["Мытищи", 9000, 300])
    p = pipeline.prepare(g)
    (w,) = [x for x in p.problems if x.rule == "period_conflict"]
    assert p.period == "2023-Q4" and w.message.endswith("взят период из имени файла"), (p.period, w.message)


def test_a_neighbours_blank_whose_title_names_another_municipality_than_the_file_is_refused(tmp_path, dbp):
    """Химки's schools typed into Долгопрудный's blank, its title kept: loaded as Долгопрудный's form, it would
    replace it. The file says neither which is right: it waits."""
    rows = [["МБОУ СОШ № 2", 1370, 1300], ["МАОУ СОШ № 21", 1131, 1104]]
    header = ["Наименование ОО", "Всего обучающихся 6–11 классов", "Охвачено профминимумом"]
    title = [["Мониторинг готовности ОО к реализации профминимума"], ["Городской округ Долгопрудный"],
             ["по состоянию на 25.12.2024"], []]
    f = book(tmp_path / "Химки_готовность_IV_кв_2024.xlsx", *title, header, *rows)
    res = pipeline.load_file(f, dbp)
    assert res.status == "rejected"
    assert [(e.rule, e.message, e.hint) for e in res.errors] == [(
        "municipality_file_conflict",
        "В заголовке — Долгопрудный, а в имени файла — Химки: неясно, чья это форма; файл не загружен, чтобы не "
        "заменить форму другого муниципалитета",
        "Исправьте заголовок, если форма — Химки, или имя файла, если форма — Долгопрудный, и загрузите файл снова")]
    ok = book(tmp_path / "Долгопрудный_готовность_IV_кв_2024.xlsx", *title, header, *rows)
    res = pipeline.load_file(ok, dbp)
    assert res.status == "loaded" and res.municipalities == ["Долгопрудный"], res.message


def test_a_period_before_the_minimum_began_is_refused(tmp_path):
    """A tester's round (06.12.2026): «по состоянию на 01.04.2023» typed for 2024 loaded as «I квартал 2023 г.» —
    a period of its own, before the career-guidance minimum began, and the next periods' cards were compared with
    it. Refused, saying how to give the period; given the right one, the file loads."""
    from _upload_fixtures import clean_rows, readiness_xlsx

    f = readiness_xlsx(tmp_path / "Лобня_готовность.xlsx", clean_rows("Лобня"),
                       title="Готовность ОО г.о. Лобня по состоянию на 01.04.2023")
    p = pipeline.prepare(f)
    assert p.period == "2023-Q1"
    (err,) = [x for x in p.file_errors if x.rule == "period_before_start"]
    assert err.message == ("Период «I квартал 2023 г.» раньше начала мониторинга профминимума в регионе (первый "
                           "период — III квартал 2023 г.): данных за него быть не может")
    assert "параметр --period" in err.hint
    assert not pipeline.prepare(f, period="2024-Q1").file_errors


def test_a_file_sent_again_says_what_its_earlier_load_is_now(tmp_path):
    """A tester's round (06.12.2026): the same file with «--period 2024-Q1» (its title's typo made it another
    period) and the original file sent again after its correction replaced it both answered a bare «данные не
    изменены». Now the one says which period it is loaded for and what to roll back; the other that its data were
    replaced and by which load."""
    from _upload_fixtures import clean_rows, readiness_xlsx

    dbp = tmp_path / "m.duckdb"
    old = readiness_xlsx(tmp_path / "Химки.xlsx", clean_rows(total=100))
    fixed = readiness_xlsx(tmp_path / "Химки_исправленный.xlsx", clean_rows(total=120))
    first = pipeline.load_file(old, dbp)
    again = pipeline.load_file(old, dbp, period="2023-Q4")
    assert again.status == "duplicate"
    assert again.message == (
        f"Этот файл уже загружен ранее: данные не изменены (загрузка № {first.load_id}): он загружен за III квартал "
        f"2023 г., а сейчас — за IV квартал 2023 г.; чтобы загрузить его за этот период, откатите загрузку № "
        f"{first.load_id} (страница «История загрузок» или команда «python -m etl rollback {first.load_id}») и "
        "загрузите файл снова")
    second = pipeline.load_file(fixed, dbp)
    assert second.status == "loaded"
    res = pipeline.load_file(old, dbp)
    assert res.status == "duplicate"
    assert res.message.endswith(f"(загрузка № {first.load_id}); её данные заменены загрузкой № {second.load_id} — на "
                                f"панели её данные. Чтобы вернуть эту версию, откатите загрузку № {second.load_id} "
                                "на странице «История загрузок»")


def test_a_title_date_with_an_impossible_year_is_said_not_dropped(tmp_path):
    """«по состоянию на 01.04.2204» (a tester's round, 06.12.2026) was dropped without a word; the period came from
    the file name."""
    from _upload_fixtures import clean_rows, readiness_xlsx

    f = readiness_xlsx(tmp_path / "Химки_готовность_I_кв_2024.xlsx", clean_rows(),
                       title="Готовность ОО по состоянию на 01.04.2204")
    p = pipeline.prepare(f)
    assert p.period == "2024-Q1" and not p.file_errors
    (w,) = [x for x in p.problems if x.rule == "title_date_odd"]
    assert w.message == ("В заголовке дата «01.04.2204» не похожа на дату отчёта и не учтена: период — I квартал "
                         "2024 г. (из имени файла или листа)")


def test_a_hidden_column_yields_to_the_visible_one_of_the_same_field(dbp, tmp_path):
    """A tester's round (06.12.2026): hidden D «Тип партнёра» (last year's values, all «СПО») beat visible E «Тип
    партнёра (уточн.)» because its header is the catalogue's word for word — every agreement typed СПО."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лобня"
    ws.append(["Договоры о сетевом взаимодействии за IV квартал 2023 года"])
    ws.append(["Муниципалитет", "ОО", "Наименование партнёра", "Тип партнёра", "Тип партнёра (уточн.)",
               "Дата договора"])
    for school, partner, new in [("МБОУ СОШ № 1", "МГУ", "ВУЗ"), ("МБОУ СОШ № 2", "Лобненский колледж", "СПО"),
                                 ("МБОУ СОШ № 3", "АО «Лобненский завод»", "индустриальный партнёр")]:
        ws.append(["Лобня", school, partner, "СПО", new, "01.09.2023"])
    ws.column_dimensions["D"].hidden = True
    f = tmp_path / "Лобня_договоры.xlsx"
    wb.save(f)
    res = pipeline.load_file(f, dbp)
    assert res.status == "loaded", [e.message for e in res.errors]
    from conftest import sql

    assert sql(dbp, "SELECT partner_type, count(*) FROM agreements GROUP BY 1 ORDER BY 1") == [
        ("ВУЗ", 1), ("СПО", 1), ("индустриальный партнёр", 1)]


@pytest.mark.parametrize("title, where", [("Балашиха", "school"), ("г. Королёв", "school"), ("Лобня", "first")])
def test_a_municipality_named_bare_over_its_block_of_schools_is_theirs(tmp_path, title, where):
    """A tester's round of regional summaries: «Балашиха», «г. Королёв» (in the school column) or «Лобня» (alone in
    «№ п/п») over a block after «Городской округ Химки»: the block's schools were silently counted as Химки's —
    the bare name was dropped as a total, its schools stayed under the section above."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    header = ["№ п/п", "Наименование ОО", "Уровень профминимума", "Обучающихся 6-11 кл.", "Из них охвачено"]
    named = [None, title, None, None, None] if where == "school" else [title, None, None, None, None]
    book(f, header, [None, "Городской округ Химки", None, None, None], [1, "МБОУ СОШ № 1", "базовый", 640, 610],
         [None, "Итого по г.о. Химки", None, 640, 610], named, [1, "МБОУ СОШ № 5", "базовый", 700, 650],
         [2, "МБОУ «Гимназия № 1»", "основной", 430, 430], [None, "Всего по области", None, 1770, 1690])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    other = title.removeprefix("г. ")
    assert list(zip(p.columns["municipality"], p.columns["school_name"])) == [
        ("Химки", "МБОУ СОШ № 1"), (other, "МБОУ СОШ № 5"), (other, "МБОУ «Гимназия № 1»")]


def test_municipalities_heading_their_blocks_with_their_sums_under_the_regions(tmp_path):
    """«Московская область | 4 237» over «Городской округ Химки | 2 352» over its schools, «Балашиха | 1 130» over
    its: each block's title with its sums (the table opens with them) — the file was refused, «МО не указано»."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    header = ["№ п/п", "Наименование ОО", "Уровень профминимума", "Обучающихся 6-11 кл.", "Из них охвачено"]
    book(f, header, [None, "Московская область", None, 1770, 1690], [None, "Городской округ Химки", None, 640, 610],
         [1, "МБОУ СОШ № 1", "базовый", 640, 610], [None, "Балашиха", None, 1130, 1080],
         [1, "МБОУ СОШ № 5", "базовый", 700, 650], [2, "МБОУ «Гимназия № 1»", "основной", 430, 430])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    assert p.columns["municipality"] == ["Химки", "Балашиха", "Балашиха"]


def test_a_municipality_written_once_for_its_block_is_the_blocks(tmp_path):
    """A municipality on the first row of its block, the cells below it empty (not merged — a CSV is always so):
    every row below was refused, «Не указано муниципальное образование»; they are its, up to the block's total."""
    f = tmp_path / "готовность за I квартал 2024.xlsx"
    header = ["Муниципалитет", "Наименование ОО", "Уровень профминимума", "Обучающихся 6-11 кл.", "Из них охвачено"]
    book(f, header, ["Химки", "МБОУ СОШ № 1", "базовый", 640, 610], [None, "МБОУ СОШ № 2", "основной", 512, 512],
         ["Итого", None, None, 1152, 1122], ["Балашиха", "МБОУ СОШ № 5", "базовый", 700, 650],
         [None, "МБОУ «Гимназия № 1»", "основной", 430, 430])
    p = pipeline.prepare(f, region="50")
    assert not p.errors, [e.message for e in p.errors]
    assert p.columns["municipality"] == ["Химки", "Химки", "Балашиха", "Балашиха"]
    (w,) = [w for w in p.problems if w.rule == "municipality_carried_down"]
    assert w.message == ("Муниципалитет записан один раз на блок строк: в 2 строках с пустой ячейкой муниципалитета "
                         "взят из строки выше")
