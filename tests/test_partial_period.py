"""The period people see first: a newer period that only a few municipalities have submitted is not opened by
default, and when chosen it says how incomplete it is; «all reach the thresholds» is never said over it."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app import queries
from etl import db as edb
from tests.conftest import _store

ROOT = Path(__file__).resolve().parent.parent


def readiness(period: str, munis: list[str]) -> dict:
    cols = {k: [] for k in ["period", "region", "municipality", "school_name", "school_inn", "level",
                            "responsible_appointed", "plan_approved", "students_total", "students_covered",
                            "navigators", "bvb_registered", "source_file", "source_sheet", "source_row"]}
    for i, m in enumerate(munis):
        for k, v in (("period", period), ("region", "65"), ("municipality", m), ("school_name", f"СОШ № 1 ({m})"),
                     ("school_inn", f"65{i:08d}"), ("level", "базовый"), ("responsible_appointed", True),
                     ("plan_approved", True), ("students_total", 200), ("students_covered", 199), ("navigators", 2),
                     ("bvb_registered", True), ("source_file", f"{period}.xlsx"), ("source_sheet", "Лист1"),
                     ("source_row", i + 3)):
            cols[k].append(v)
    return cols


@pytest.fixture
def partial_db(tmp_path):
    ref = pd.read_csv(ROOT / "data" / "reference" / "municipalities.csv", dtype=str)
    active = sorted(ref[(ref["region_code"] == "65") & ref["valid_to"].isna()]["municipality"])
    dbp = tmp_path / "m.duckdb"
    with edb.write_connection(dbp) as con:
        _store(con, "readiness", "65", "2023-H2", readiness("2023-H2", active), "полный.xlsx")
        _store(con, "readiness", "65", "2024-H1", readiness("2024-H1", active[:1]), "один.xlsx")
    return dbp, active


def test_the_default_period_is_the_newest_completely_submitted_one(partial_db):
    dbp, active = partial_db
    db = str(dbp)
    v = queries.version(db)
    assert queries.period_options(db, v, "65") == ["2024-H1", "2023-H2"]
    assert queries.complete_period(db, v, "65") == "2023-H2"
    state = queries.submission_state(db, v, "65", "2024-H1")
    assert (state["submitted"], state["expected"], state["complete"]) == (1, len(active), False)


def test_the_overview_opens_on_it_and_a_partial_period_says_so(partial_db, monkeypatch):
    dbp, active = partial_db
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    monkeypatch.delenv("MONITORING_USERS", raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["region"] = "65"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["period"] == "2023-H2"
    assert any("последний полностью сданный период" in c.value for c in at.caption)
    at.query_params["period"] = "2024-H1"
    at.session_state["period"] = "2024-H1"
    at.run()
    warnings = [w.value for w in at.warning]
    assert any(f"сдали 1 из {len(active)} муниципалитетов" in w for w in warnings), warnings
    text = "\n".join(m.value for m in at.markdown) + "\n".join(i.value for i in at.info)
    assert "Все муниципалитеты достигают" not in text


def test_every_card_and_chart_of_a_partial_period_says_how_much_was_sent_and_compares_like_with_like(partial_db):
    """One municipality's file of the new half-year: its cards say «сдали 1 из 18», and the change is over that
    municipality in both periods (1 school then and now: 0), not the whole region against one municipality."""
    from app import kpi, specs
    from app.filters import Filters

    dbp, active = partial_db
    f = Filters("65", "2024-H1")
    cards = {k.key: k for k in kpi.key_figures(f, dbp)}
    n = len(active)
    assert cards["schools"].text == "1"
    assert cards["schools"].completeness == f"сдали 1 из {n} муниципалитетов"
    assert cards["schools"].delta == 0 and "по 1 муниципалитету, сдавшему в обоих" in cards["schools"].delta_text
    assert cards["ready_share"].delta == 0  # 100 % then and now in that municipality — not «−0 п. п. of 18»
    for key in ("readiness_levels", "overview_map"):
        spec = specs.spec_for(key, f, dbp)
        assert f"сдали 1 из {n} муниципалитетов — данные неполные" in spec.source, spec.source
        assert "данные за 1-е полугодие 2024 г." in spec.source  # the period the data describe
    whole = {k.key: k for k in kpi.key_figures(Filters("65", "2023-H2"), dbp)}
    assert whole["schools"].completeness == "" and whole["schools"].text == str(n)


def test_only_the_period_the_pages_open_on_is_called_the_latest_complete_one(partial_db, monkeypatch):
    # 2023-H1 and 2023-H2 complete, 2024-H1 partial: only 2023-H2 is «последний полностью сданный период»
    from app.filters import Filters, completeness_note

    dbp, active = partial_db
    with edb.write_connection(dbp) as con:
        _store(con, "readiness", "65", "2023-H1", readiness("2023-H1", active), "первый.xlsx")
    queries.version.clear()
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    assert completeness_note(Filters("65", "2023-H2")) == "последний полностью сданный период"
    assert completeness_note(Filters("65", "2023-H1")) is None  # a newer complete period exists


def test_a_municipality_that_sent_nothing_for_the_period_shows_no_data_never_zeros(partial_db):
    """The second municipality sent no readiness form for 2024-H1: its cards say «нет данных», never «Школ 0» or
    «договоров нет» (it may well have agreements — nobody has said)."""
    from app import kpi
    from app.filters import Filters

    dbp, active = partial_db
    cards = {k.key: k for k in kpi.key_figures(Filters("65", "2024-H1", (active[1],)), dbp)}
    for key in ("schools", "covered", "agreements", "participants"):
        assert (cards[key].value, cards[key].text) == (None, "—"), key
        form = {"schools": "«Готовность ОО»", "covered": "«Готовность ОО»",
                "agreements": "«Договоры о сетевом взаимодействии»", "participants": "«Участие в мероприятиях»"}[key]
        assert cards[key].denominator == f"нет данных: форму {form} за период не сдавали", key
    assert "договоров нет" not in cards["agreements"].denominator
    # the one that sent keeps its figure
    assert {k.key: k for k in kpi.key_figures(Filters("65", "2024-H1", (active[0],)), dbp)}["schools"].text == "1"


def events(period: str, munis: list[str]) -> dict:
    cols = {k: [] for k in ["period", "region", "municipality", "school_name", "event", "event_level", "event_date",
                            "students", "parents", "teachers", "source_file", "source_sheet", "source_row"]}
    for i, m in enumerate(munis):
        for k, v in (("period", period), ("region", "65"), ("municipality", m), ("school_name", f"СОШ № 1 ({m})"),
                     ("event", "Шоу профессий"), ("event_level", "федеральный"), ("event_date", None),
                     ("students", 100), ("parents", 10), ("teachers", 5), ("source_file", f"e{period}.xlsx"),
                     ("source_sheet", "Лист1"), ("source_row", i + 3)):
            cols[k].append(v)
    return cols


def test_a_page_says_how_much_of_its_own_form_was_sent(partial_db, monkeypatch):
    """Every municipality sent the readiness form of 2023-H2, two the events form: the events page says «форму
    мероприятий … сдали 2 из 18», not the readiness form's count (the charts under it say 2, too)."""
    from app.filters import Filters, completeness_note

    dbp, active = partial_db
    with edb.write_connection(dbp) as con:
        _store(con, "events", "65", "2023-H2", events("2023-H2", active[:2]), "e1.xlsx")
    queries.version.clear()
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    f = Filters("65", "2023-H2")
    assert completeness_note(f) == "последний полностью сданный период"
    # (who has not sent it, named: t93)
    assert completeness_note(f, "events") == (
        f"Данные неполные: форму мероприятий за этот период сдали 2 из {len(active)} муниципалитетов, не сдали: "
        f"{', '.join(active[2:12])} и ещё {len(active) - 12}; сравнение с другими периодами и выводы об отставании — "
        "с осторожностью")
    assert completeness_note(Filters("65", "2024-H1"), "events").startswith(
        f"Данные неполные: форму мероприятий за этот период сдали 0 из {len(active)}")
    # (tester round t82) one municipality chosen that sent its form: its data are complete
    assert completeness_note(Filters("65", "2023-H2", (active[0],)), "events") in (
        None, "последний полностью сданный период")
    assert completeness_note(Filters("65", "2023-H2", (active[5],)), "events").startswith(
        "Данные неполные: форму мероприятий за этот период сдали 0 из 1")


def test_a_trend_of_sums_says_at_each_period_how_many_municipalities_sent_it(partial_db):
    """1 800 participants, then 100: not a fall — one municipality of 18 sent the second half-year. The point says
    «(1 из 18)», the source line says what the brackets mean."""
    from app import specs
    from app.filters import Filters

    dbp, active = partial_db
    with edb.write_connection(dbp) as con:
        _store(con, "events", "65", "2023-H2", events("2023-H2", active), "e1.xlsx")
        _store(con, "events", "65", "2024-H1", events("2024-H1", active[:1]), "e2.xlsx")
    spec = specs.events_trend(Filters("65", "2024-H1"), dbp)
    n = len(active)
    assert list(dict.fromkeys(spec.data["period"])) == ["2-е полуг. 2023", f"1-е полуг. 2024 (1 из {n})"]
    assert "В скобках у периода — сколько муниципалитетов сдали форму" in spec.source


def test_a_school_years_participants_say_how_many_sent_the_events_of_each_period(partial_db):
    """The year's participants are summed over its half-years: the card says each half-year's count, not only the
    last one's (which would be «сдали 1 из 18» beside the whole region's sums of the first half-year)."""
    from app import kpi
    from app.filters import Filters

    dbp, active = partial_db
    with edb.write_connection(dbp) as con:
        _store(con, "events", "65", "2023-H2", events("2023-H2", active), "e1.xlsx")
        _store(con, "events", "65", "2024-H1", events("2024-H1", active[:1]), "e2.xlsx")
    cards = {k.key: k for k in kpi.key_figures(Filters("65", "2024-H1", school_year="2023/24"), dbp)}
    n = len(active)
    assert cards["participants"].completeness == (f"мероприятия сдали: 2-е полуг. 2023 — {n}, 1-е полуг. 2024 — 1 "
                                                  f"из {n} муниципалитетов")
    assert cards["participants"].value == 115 * (n + 1)  # every half-year's rows summed


def test_over_a_school_year_a_municipality_missing_a_periods_events_has_no_per100(partial_db):
    """Its participants of one half-year over its pupils would read as a low figure and list it as lagging; with a
    half-year's events form missing it has no year's figure."""
    from app import kpi
    from app.filters import Filters

    dbp, active = partial_db
    with edb.write_connection(dbp) as con:
        _store(con, "readiness", "65", "2024-H1", readiness("2024-H1", active[1:2]), "два.xlsx")
        _store(con, "events", "65", "2023-H2", events("2023-H2", active[:2]), "e1.xlsx")
        _store(con, "events", "65", "2024-H1", events("2024-H1", active[:1]), "e2.xlsx")
    m = kpi.municipality_metrics(Filters("65", "2024-H1", school_year="2023/24"), dbp).set_index("municipality")
    assert m.at[active[0], "per100"] == pytest.approx(100 * 200 / 200)  # both half-years' 100 pupils over 200
    assert pd.isna(m.at[active[1], "per100"])
    assert active[1] not in set(kpi.lagging(Filters("65", "2024-H1", school_year="2023/24"), dbp)["Муниципалитет"])


def test_a_period_counted_complete_still_names_who_has_not_sent_the_form(partial_db, monkeypatch):
    """(tester round t93) 55 of 56 sent the agreements form: the period counts as complete and the one missing
    vanished from every chart with no word — named on the page."""
    from app.filters import Filters, missing_note

    dbp, active = partial_db
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    queries.version.clear()
    f = Filters("65", "2023-H2")
    assert missing_note(f) is None  # (every municipality sent the readiness form)
    with edb.write_connection(dbp) as con:
        _store(con, "events", "65", "2023-H2", events("2023-H2", active[:-1]), "e_all_but_one.xlsx")
    queries.version.clear()
    assert missing_note(f, "events") == f"Форму мероприятий за этот период не сдали: {active[-1]}"
