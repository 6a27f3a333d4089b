"""«Аналитическая справка» (.docx): opens in python-docx, Russian text and numbers, tables, charts, sources."""
from __future__ import annotations

import io
from datetime import date

import pandas as pd
from docx import Document

import _report_fixtures as fx
from app.charts import series_table
from app.filters import Filters
from reports import note, note_docx
from reports.collect import ReportData

NBSP = "\u00a0"


class KF:  # app.kpi.KeyFigure's fields
    def __init__(self, label, text, delta_text="", denominator=""):
        self.key, self.label, self.text, self.delta_text = label, label, text, delta_text
        self.denominator, self.value, self.delta = denominator, None, None


def make_data(specs=None, lagging=None):
    lag = lagging if lagging is not None else pd.DataFrame({
        "Муниципалитет": ["Подольск", "Химки"], "Доля охвата": [0.7, 0.853], "Обучающихся": [15000, 12345]})
    return ReportData(
        filters=Filters("50", "2023-Q3"), region_name="Московская область", period_label="III квартал 2023 г.",
        specs=specs if specs is not None else fx.all_specs(),
        key_figures=[KF("ОО, готовых к профминимуму", f"1{NBSP}248", f"+21{NBSP}ОО"),
                     KF("Охват обучающихся 6–11 классов", f"85,3{NBSP}%", f"+3,1{NBSP}п.\u202fп.",
                        f"14{NBSP}140 из 16{NBSP}577 обучающихся"),
                     KF("Участники мероприятий", f"12{NBSP}250", "")],
        lagging=lag, sentences=["Охват вырос на 3,1 п. п. за квартал."], created=date(2023, 10, 2),
        goals=pd.DataFrame([["Доля охвата (2023/24 учебный год)", "100 %", "Распоряжение № 1"]],
                           columns=["Показатель", "Целевое значение", "Основание"]),
        recommendations=[("Подольск", ["охват 70,0 % (норматив не ниже 95 %): включить всех"])],
        previous="2023-Q2")


def open_note(data) -> Document:
    return Document(io.BytesIO(note_docx.build_note(data)))


def full_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_note_structure_and_russian_text():
    data = make_data()
    doc = open_note(data)
    text = full_text(doc)
    assert doc.paragraphs[0].text == "Аналитическая справка"
    # the management cycle: goals → indicators → results → analysis → recommendations → decisions
    for must in ("Московская область", "III квартал 2023 г.", "02.10.2023", "1. Цели и целевые значения",
                 "Доля охвата (2023/24 учебный год)", "Распоряжение № 1", "2. Основные показатели",
                 "3. Результаты мониторинга", "4. Анализ", "4.1. Муниципалитеты, требующие внимания",
                 "4.2. Рискуют не достичь цели к концу учебного года", "5. Рекомендации по отстающим муниципалитетам",
                 "охват 70,0 % (норматив не ниже 95 %): включить всех", "6. Предлагаемые решения",
                 "(Подольск, Химки), представить до 01.11.2023 планы устранения отставаний",
                 "Провести следующий этап мониторинга по состоянию на 01.01.2024", "7. Источники данных", fx.SRC,
                 "Охват вырос на 3,1 п. п. за квартал."):
        assert must in text, must
    # change against the previous period, named in Russian
    assert f"ОО, готовых к профминимуму: 1{NBSP}248; +21{NBSP}ОО (II квартал 2023 г.)." in text
    assert (f"Охват обучающихся 6–11 классов: 85,3{NBSP}% (14{NBSP}140 из 16{NBSP}577 обучающихся); "
            f"+3,1{NBSP}п.\u202fп. (II квартал 2023 г.).") in text
    assert f"Участники мероприятий: 12{NBSP}250; данных за II квартал 2023 г. для сравнения нет." in text
    # every chart has a section with its title
    for i, spec in enumerate(data.specs, 1):
        assert f"3.{i}. {spec.title}" in text


def test_the_note_lists_who_will_not_reach_a_target_by_the_end_of_the_school_year():
    import pandas as pd

    from app.kpi import AT_RISK_COLUMNS

    data = make_data()
    data.at_risk = pd.DataFrame([["Химки", "Доля охвата", "55,0 %", "74,4 %", "100 %", "25,6 п. п.", 5]],
                                columns=AT_RISK_COLUMNS)
    data.at_risk_note = "Прогноз — продолжение прямой, проведённой по значениям 2023/24 учебного года"
    text = full_text(open_note(data))
    assert "не достигнут целевых значений к 31 августа 1 муниципалитет (1 показатель)" in text
    assert "74,4 %" in text and "25,6 п. п." in text and "Прогноз — продолжение прямой" in text


def test_charts_are_images_and_numbers_are_tables():
    data = make_data()
    doc = open_note(data)
    drawn = [s for s in data.specs if s.kind != "table"]
    assert len(doc.inline_shapes) == len(drawn)
    text = full_text(doc)
    # the bar chart's table: the same numbers as the chart, written the Russian way
    cats, series = series_table(fx.bar())
    assert f"1{NBSP}234,5" in text and f"20{NBSP}480" in text
    assert "85,3" + NBSP + "%" in text  # shares as percent
    assert "1234.5" not in text and "0.853" not in text
    # the municipality table spec is a real table with its Russian header
    headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
    assert ["Муниципалитет", "Школ", "Обучающихся", "Доля охвата"] in headers
    assert ["Муниципалитет", "Охвачено"] in headers
    # the heatmap's numbers as a table: municipalities × criteria, shares in percent
    heat = next(t for t in doc.tables if t.rows[0].cells[0].text == "Муниципалитет" and len(t.columns) == 4
                and t.rows[0].cells[1].text == "Ответственный назначен")
    assert [c.text for c in heat.rows[1].cells] == ["Химки", f"90,0{NBSP}%", f"75,0{NBSP}%", f"60,0{NBSP}%"]


def test_lagging_sentence_uses_plural_forms():
    for n, word in ((1, "отстаёт 1 муниципалитет"), (2, "отстают 2 муниципалитета"), (5, "отстают 5 муниципалитетов"),
                    (21, "отстаёт 21 муниципалитет")):
        lag = pd.DataFrame({"Муниципалитет": [f"М{i}" for i in range(n)], "Доля охвата": [0.5] * n})
        text = full_text(open_note(make_data(specs=[fx.bar()], lagging=lag)))
        assert word in text, word
    text = full_text(open_note(make_data(specs=[fx.bar()], lagging=pd.DataFrame())))
    assert "Муниципалитетов ниже пороговых значений нет." in text


def test_empty_chart_says_no_data():
    spec = fx.pie()
    spec.data = spec.data.iloc[0:0]
    spec.empty_message = "Дорожная карта региона не загружена"
    doc = open_note(make_data(specs=[spec]))
    assert "Дорожная карта региона не загружена." in full_text(doc)  # the chart's own reason, as on the dashboard
    assert len(doc.inline_shapes) == 0
    assert doc.core_properties.author == "Мониторинг профминимума"  # not «python-docx»


def test_fmt_value_russian():
    assert note.fmt_value(1234.5) == f"1{NBSP}234,5"
    assert note.fmt_value(1234) == f"1{NBSP}234"
    assert note.fmt_value(0.853, percent=True) == f"85,3{NBSP}%"
    assert note.fmt_value(None) == "—"


def test_a_note_written_after_the_school_year_says_its_targets_were_missed():
    from app.kpi import AT_RISK_COLUMNS

    data = make_data()
    data.created = date(2024, 10, 1)  # 2023/24 is over
    data.at_risk = pd.DataFrame([["Химки", "Доля охвата", "55,0 %", "74,4 %", "100 %", "25,6 п. п.", 0]],
                                columns=AT_RISK_COLUMNS)
    # its data to 30.09.2023 only: what was reached by 31 August is a forecast, not a fact
    assert "4.2. Рискуют не достичь цели к концу учебного года" in full_text(open_note(data))
    data.filters = Filters("50", "2024-Q2")  # its data to the last period of the school year
    text = full_text(open_note(data))
    assert "4.2. Не достигли целей 2023/24 учебного года" in text
    assert "По итогам 2023/24 учебного года не достигли целевых значений 1 муниципалитет" in text
    assert "Учесть при планировании следующего учебного года муниципалитеты, не достигшие" in text
    assert "Рискуют не достичь" not in text
    # (the year's data are final: its values are its result — tester round t84 read a line drawn on to 31 August
    # stated as a fact)
    assert "Осталось месяцев" not in text and "Прогноз на 31 августа" not in text and "Итог года" in text


def test_figures_round_as_excel_does():
    """13 of 16 is 81,25 %: shown «81,3 %» as Excel shows it, not Python's «81,2 %» (half to even)."""
    from app.fmt import fmt_int, fmt_num, fmt_pct

    assert [fmt_pct(13 / 16), fmt_pct(5 / 16), fmt_pct(1 / 16)] == ["81,3\u00a0%", "31,3\u00a0%", "6,3\u00a0%"]
    assert (fmt_int(2.5), fmt_num(0.125, 2), fmt_num(2.675, 2)) == ("3", "0,13", "2,68")


def test_a_note_on_a_past_period_proposes_a_next_monitoring_stage_still_ahead():
    """An independent tester's round (06.12.2026): a note made in December 2026 of IV кв. 2024 proposed a
    monitoring «по состоянию на 01.04.2025» — long past — beside «представить до 05.01.2027»."""
    data = make_data()
    data.filters, data.created = Filters("50", "2024-Q4"), date(2026, 12, 6)
    text = full_text(open_note(data))
    assert "Провести следующий этап мониторинга по состоянию на 01.01.2027" in text
    assert "01.04.2025" not in text
    # (tester round t88) and it says its decisions are dated from the day it is made, not the period's
    assert "Справка за прошедший период: сроки решений — от даты её составления (06.12.2026)." in text


def test_a_column_with_a_fraction_is_written_with_one_decimal_throughout_and_no_empty_source_is_listed():
    """(tester round t84) The lagging table wrote «34» beside «1,8» in one column; section 7 ended with «Источник:
    данных нет»."""
    from reports.note import frame_table

    df = pd.DataFrame({"Муниципалитет": ["Химки", "Клин"], "Участий обучающихся на 100 обучающихся": [34.0, 1.8],
                       "Число ОО": [12, 3]})
    _header, rows, _numeric = frame_table(df)
    assert rows == [["Химки", "34,0", "12"], ["Клин", "1,8", "3"]]
    data = make_data()
    data.specs[0].source = "Источник: данных нет"
    sources = full_text(open_note(data)).split("7. Источники данных")[1]
    assert "данных нет" not in sources and sources.strip()
