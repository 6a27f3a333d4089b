"""A school year as a period (issue «Effectiveness as ministries measure it»): the selector offers each school year
(1 September – 31 August) before its periods; its figures are as of its last period with data, participants in
events are summed over the year, and a figure is compared with the previous school year at the same point."""
from __future__ import annotations

import pytest

import conftest
from app import kpi
from app.filters import Filters
from app.fmt import fmt_delta, fmt_int
from conftest import sql
from test_pages import make_app, metrics


def _events_sum(db, region, periods):
    return sql(db, "select sum(students) + sum(parents) + sum(teachers) from event_participation "
                   "where region = ? and list_contains(?, period)", [region, periods])[0][0]


def test_the_selector_offers_the_school_year_and_its_figures_are_for_the_year(small_db, monkeypatch):
    at = make_app(small_db, monkeypatch)
    period = at.sidebar.selectbox(key="period")
    assert period.options[:3] == ["2023/24 учебный год", "IV квартал 2023 г.", "III квартал 2023 г."]
    period.set_value("2023/24").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.caption[0].value == ("Московская область · 2023/24 учебный год (последний период — IV квартал 2023 г.) · "
                                   "все муниципалитеты · все уровни")
    m = metrics(at)
    schools = sql(small_db, "select count(*) from readiness where region='50' and period='2023-Q4'")[0][0]
    assert m["Школ (ОО) в мониторинге"] == fmt_int(schools)  # a stock: as of the year's last period
    assert m["Участия в мероприятиях"] == fmt_int(_events_sum(small_db, "50", ["2023-Q3", "2023-Q4"]))  # a flow
    # the events page sums the year too, and its source names the loads of both quarters
    at.switch_page("pages/events.py").run()
    assert not at.exception
    assert at.caption[0].value.startswith("Московская область · 2023/24 учебный год")
    loads = sql(small_db, "select list_sort(list(distinct load_id)) from event_participation where region='50'")[0][0]
    sources = " ".join(c.value for c in at.caption if c.value.startswith("Источник"))
    assert "загрузки № " + ", ".join(str(i) for i in loads) in sources


def test_a_link_to_a_school_year_reproduces_the_view(small_db, monkeypatch):
    at = make_app(small_db, monkeypatch, {"region": "Сахалинская область", "period": "2023/24 учебный год"})
    assert at.caption[0].value.startswith(
        "Сахалинская область · 2023/24 учебный год (последний период — 1-е полугодие 2024 г.)")
    assert metrics(at)["Участия в мероприятиях"] == fmt_int(_events_sum(small_db, "65", ["2023-H2", "2024-H1"]))


@pytest.fixture(scope="module")
def three_years(tmp_path_factory):
    """Quarters of three school years: 2022/23 (II кв. 2023), 2023/24 (III and IV кв. 2023), 2024/25 (III кв.)."""
    p = tmp_path_factory.mktemp("years") / "years.duckdb"
    saved = conftest.PERIODS
    conftest.PERIODS = {"50": ["2023-Q2", "2023-Q3", "2023-Q4", "2024-Q3"]}
    try:
        conftest.build_small_db(p)
    finally:
        conftest.PERIODS = saved
    return p


def test_a_school_year_is_compared_with_the_previous_one_at_the_same_point(three_years):
    cards = {k.key: k for k in kpi.key_figures(Filters("50", "2024/25"), three_years)}
    now = _events_sum(three_years, "50", ["2024-Q3"])
    before = _events_sum(three_years, "50", ["2023-Q3"])  # not the whole of 2023/24: the same point of it
    assert cards["participants"].text == fmt_int(now)
    assert cards["participants"].delta_text == fmt_delta(now - before, 0) + " к тому же сроку пред. уч. года"
    # the whole of 2023/24 against 2022/23 at its IV quarter: no data there that early, so no change is shown
    cards = {k.key: k for k in kpi.key_figures(Filters("50", "2023/24"), three_years)}
    assert cards["participants"].text == fmt_int(_events_sum(three_years, "50", ["2023-Q3", "2023-Q4"]))
    assert cards["participants"].delta_text == ""
    # a quarter is still compared with the quarter before it
    cards = {k.key: k for k in kpi.key_figures(Filters("50", "2023-Q4"), three_years)}
    assert cards["participants"].delta_text.endswith(" к пред. периоду")


def test_the_summary_and_the_lagging_speak_of_the_school_year(three_years):
    said = kpi.summary_sentences(Filters("50", "2024/25"), three_years)
    assert said[0].startswith(
        "Московская область, 2024/25 учебный год (последний период — III квартал 2024 г.): в мониторинге")
    assert "к тому же сроку прошлого учебного года" in said[1]
    # participants per 100 pupils of a municipality over the year: the year's participants, as on the cards
    metrics = kpi.municipality_metrics(Filters("50", "2023/24"), three_years).set_index("municipality")
    m = metrics.index[0]
    students = sql(three_years, "select sum(students) from event_participation where municipality = ? and "
                                "period in ('2023-Q3', '2023-Q4')", [m])[0][0]
    pupils = sql(three_years, "select sum(students_total) from readiness where municipality = ? and "
                              "period = '2023-Q4'", [m])[0][0]
    assert metrics.at[m, "per100"] == pytest.approx(100 * students / pupils)


def test_over_a_school_year_the_chart_per_100_leaves_out_who_missed_a_periods_events_form_as_the_cards_do(
        three_years, tmp_path):
    """A tester's round (06.12.2026): Невельский sent no events form in the year's first half-year — the overview
    left it out of the year's figure (no figure, not a low one), the events page showed its half-year as the year's."""
    import shutil

    from app import queries, specs
    from etl import db as edb

    p = tmp_path / "copy.duckdb"
    shutil.copy(three_years, p)
    m = sql(p, "select min(municipality) from event_participation where period = '2023-Q3'")[0][0]
    with edb.write_connection(p) as con:
        con.execute("DELETE FROM event_rows WHERE period = '2023-Q3' AND municipality = ?", [m])
    queries.version.clear()
    f = Filters("50", "2023/24")
    chart = specs.events_per100(f, p)
    assert m not in set(chart.data["municipality"]) and not chart.data.empty
    assert chart.source.endswith(f"Не показаны муниципалитеты, сдавшие форму мероприятий не за все периоды учебного "
                                 f"года: {m}")
    metrics = kpi.municipality_metrics(f, p).set_index("municipality")
    assert set(metrics["per100"].dropna().index) == set(chart.data["municipality"])
    # the card too (tester round t86: it summed one's whole year with the others' half-years — 103,7 for 103,5)
    card = {k.key: k for k in kpi.key_figures(f, p)}["per100"]
    assert card.value == pytest.approx(100 * chart.data["students"].sum() / chart.data["pupils"].sum())
    assert "сдавших обе формы (мероприятия — за все периоды учебного года)" in card.denominator
    # (tester round t88) the participations card and the chart by municipality say whose sum is of fewer periods
    said = f"{m} — нет III кв. 2023"
    cards = {k.key: k for k in kpi.key_figures(f, p)}
    assert cards["participants"].denominator.endswith(f"; не за все периоды учебного года: {said}")
    assert specs.events_municipalities(f, p).source.endswith(
        f" · Не за все периоды учебного года (сумма сданных): {said}")


def test_a_school_years_events_say_as_of_which_period_they_are_and_who_sent_them(three_years, tmp_path,
                                                                                monkeypatch):
    """A tester's round (07.12.2026): the year's events summed up to its first quarter (no events form of the
    second yet) were said to be «данные на» the second quarter's end, «сдали 0 из N муниципалитетов»."""
    import shutil

    from app import queries, specs
    from app.filters import completeness_note
    from etl import db as edb

    p = tmp_path / "copy.duckdb"
    shutil.copy(three_years, p)
    with edb.write_connection(p) as con:
        con.execute("DELETE FROM event_rows WHERE period = '2023-Q4'")
    queries.version.clear()
    f = Filters("50", "2023/24")
    chart = specs.events_municipalities(f, p)
    assert "данные за III квартал 2023 г." in chart.source and "IV квартал" not in chart.source
    assert "мероприятия сдали: III кв. 2023 — " in chart.source and ", IV кв. 2023 — 0 из " in chart.source
    monkeypatch.setenv("MONITORING_DB", str(p))  # (the page's note reads the configured database)
    assert completeness_note(f, "events").startswith("Данные неполные: мероприятия сдали: III кв. 2023 — ")


def test_a_school_years_events_name_the_span_of_their_quarters(three_years):
    """(tester round t84) A school year's events summed over its quarters were sourced «данные за» its last quarter
    alone: the span is named."""
    from app import specs

    f = Filters("50", "2023/24")
    chart = specs.events_municipalities(f, three_years)
    assert "; данные за III квартал 2023 г. – " in chart.source, chart.source


def test_a_school_years_events_are_not_compared_with_a_year_of_fewer_periods_of_data(tmp_path):
    """(tester round t88) 2024/25 (IV кв. 2024 + I кв. 2025) against 2023/24 to the same point, of which only I кв.
    2024 has data: «+9 094 к тому же сроку пред. уч. года» read as participations doubled. No change; said why."""
    p = tmp_path / "years.duckdb"
    saved = conftest.PERIODS
    conftest.PERIODS = {"50": ["2024-Q1", "2024-Q4", "2025-Q1"]}
    try:
        conftest.build_small_db(p)
    finally:
        conftest.PERIODS = saved
    cards = {k.key: k for k in kpi.key_figures(Filters("50", "2024/25"), p)}
    for key in ("participants", "per100"):
        assert cards[key].delta is None and cards[key].delta_text == "", cards[key]
        assert cards[key].denominator.endswith(" · без сравнения: за 2023/24 учебный год данные за I кв. 2024, "
                                               "за этот — за IV кв. 2024, I кв. 2025"), cards[key].denominator
    assert cards["coverage_share"].delta is not None  # a state is compared at the year's points as before


def test_the_notes_table_of_a_school_year_says_its_change_is_to_the_same_point(three_years):
    """(tester round t88) «Изменение к периоду «2023/24 учебный год»» read as against the whole previous year."""
    from reports import collect, note

    blocks = note.compose(collect.collect(Filters("50", "2024/25"), [], three_years))
    (table,) = [b for b in blocks if b.kind == "table" and b.header[:3] == ["Показатель", "Значение", "База"]]
    assert table.header[-1] == "Изменение к тому же сроку пред. учебного года"
