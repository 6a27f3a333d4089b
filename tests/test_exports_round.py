"""What leadership receives (an independent tester's round of the exports, 05.12.2026): a note says which
municipalities sent nothing instead of concluding «no lag», how complete the figures are, what a school year's
data reach; its tables and slides keep one number of decimals; long names never push the title or the source off
an image; file names keep their filters; the report CLI knows the municipalities it is given."""
from __future__ import annotations

import pandas as pd

from app.charts import ChartSpec
from app.filters import Filters
from reports import collect, images, note
from reports.__main__ import _municipalities
from tests.test_year_of_operation import year  # noqa: F401  (the fixture: a school year of one region)


def blocks_text(data) -> str:
    return "\n".join(b.text or "\n".join(b.items or []) for b in note.compose(data))


def test_a_note_on_a_municipality_that_sent_nothing_says_so_and_concludes_nothing(year):  # noqa: F811
    data = collect.collect(Filters("50", "2024-Q4", ("Серпухов",)), ["overview_map"], year)
    text = blocks_text(data)
    assert "Муниципалитетов ниже пороговых значений нет среди сдавших форму готовности." in text
    assert ("Нет формы готовности ОО за период от 1 муниципалитета: Серпухов; без его данных выводы о нём не "
            "делаются.") in text
    assert "Получить форму «Готовность ОО» за период от муниципалитетов, не сдавших её: Серпухов" in text
    assert "не выявлено" not in text
    # the map shows the region around it; its table is of the filters: none of Химки's rows
    assert "По выбранным муниципалитетам данных нет" in text
    assert data.specs[0].source.endswith("выбранные муниципалитеты форму готовности за период не сдавали")


def test_the_notes_key_figures_say_how_complete_they_are(year):  # noqa: F811
    data = collect.collect(Filters("50", "2024-Q4"), [], year)
    sentence = note.key_figure_sentence(data.key_figures[0], None)
    assert "— сдали 1 из 56 муниципалитетов, данные неполные;" in sentence


def test_a_school_year_note_says_what_its_data_reach_and_forecasts(year):  # noqa: F811
    data = collect.collect(Filters("50", "2024/25"), [], year)
    assert data.period_label == "2024/25 учебный год (последний период — I квартал 2025 г.)"
    text = blocks_text(data)
    assert "4.2. Рискуют не достичь цели к концу учебного года" in text and "Не достигли целей" not in text


def test_a_series_keeps_one_number_of_decimals():
    df = pd.DataFrame({"m": ["Химки", "Лобня", "Клин"], "v": [25.6, 30.8, 64.0]})
    spec = ChartSpec("per100", "На 100 обучающихся", "bar", df, x="m", y="v", additive=False)
    assert [r[1] for r in note.spec_table(spec)[1]] == ["25,6", "30,8", "64,0"]
    counts = ChartSpec("n", "Участники", "bar", pd.DataFrame({"m": ["Химки"], "v": [64.0]}), x="m", y="v")
    assert note.spec_table(counts)[1] == [["Химки", "64"]]


def test_long_row_names_never_push_the_title_or_the_source_off_the_image():
    name = "Межмуниципальный профориентационный форум «Профессии будущего: от школьной скамьи до " \
           "высокотехнологичного производства Подмосковья» для обучающихся 8–11 классов"
    df = pd.DataFrame({"event": [name, "Профпробы"], "students": [274, 169]})
    spec = ChartSpec("events", "Участники мероприятий по мероприятиям", "hbar", df, x="event", y="students",
                     subtitle="Московская область · IV квартал 2024 г.", source="Источник: форма «Участие»")
    fig = images.export_figure(spec)
    assert fig.layout.title.xref == "container" and fig.layout.title.x * fig.layout.width == images.EDGE
    shown = fig.layout.yaxis.ticktext
    assert shown[list(fig.layout.yaxis.tickvals).index(name)].endswith("…")  # cut, on two lines at most
    assert all(t.count("<br>") <= 1 for t in shown)
    assert fig.layout.margin.l <= fig.layout.width / 3 + 20


def test_file_names_keep_their_filters_whatever_the_title():
    long = "Показатели-доли по периодам (по форме «Показатели эффективности», пересчитаны из числителей и знаменателей)"
    a = images.russian_name(long, "Московская область · IV квартал 2024 г. · все муниципалитеты · все уровни", "png", "x")
    b = images.russian_name(long, "Московская область · IV квартал 2024 г. · Химки · уровень: базовый", "png", "x")
    assert a != b and "IV_кв_2024" in a and b.endswith("Химки_уровень_базовый.png")


def test_the_report_cli_knows_the_municipalities_it_is_given():
    assert _municipalities("Протвино, г.о. Химки", "50") == (("Серпухов", "Химки"), "")
    munis, error = _municipalities("Химкии", "50")
    assert munis == () and error.startswith("муниципалитет «Химкии» не найден в справочнике региона")
    assert "«Химки»" in error


def key_figure_lines(data) -> list[str]:
    return next(b.items for b in note.compose(data) if b.kind == "bullets")


def test_a_note_on_the_first_period_says_there_is_nothing_earlier(year):  # noqa: F811
    data = collect.collect(Filters("50", "2024-Q3"), [], year)
    lines = key_figure_lines(data)
    assert lines and all(line.endswith("; более ранних данных для сравнения нет.") for line in lines
                         if "нет данных" not in line), lines
    assert not any("II квартал 2024" in line for line in lines)
    assert "Изменение" in [c for b in note.compose(data) if b.kind == "table" for c in b.header]


def test_a_note_names_the_period_a_change_is_against_once_when_the_quarter_before_had_no_data(year):  # noqa: F811
    data = collect.collect(Filters("50", "2025-Q1", ("Серпухов",)), [], year)
    assert data.previous == "2024-Q3"
    lines = key_figure_lines(data)
    coverage = next(line for line in lines if line.startswith("Доля охвата"))
    assert " ".join(coverage.split()).endswith("; +30,0 п. п. к III кварталу 2024 г."), coverage
    assert "IV квартал 2024" not in coverage
    # a figure without data says why, not that it is incomplete or cannot be compared
    assert ("Участия в мероприятиях: нет данных: форму «Участие в мероприятиях» за период не сдавали.") in lines
    header = next(b.header for b in note.compose(data) if b.kind == "table" and "База" in b.header)
    assert header[-1] == "Изменение к периоду «III квартал 2024 г.»"
