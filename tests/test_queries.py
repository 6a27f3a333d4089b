"""Dashboard numbers against SQL written independently here, on the small fixture database.

What a ministry analyst would check: counts of schools, shares re-aggregated from numerators and
denominators (never averaged), filters applied, sources named, lagging municipalities, Russian summary."""
from __future__ import annotations

import shutil
from datetime import date
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from app import kpi, queries, specs
from app.filters import Filters
from app.fmt import fmt_int
from conftest import build_small_db, sql
from etl import db as edb
from etl import normalize

F50 = Filters("50", "2023-Q4")
F65 = Filters("65", "2024-H1")


def by_muni(df, col, key="municipality"):
    return {r[key]: r[col] for r in df.to_dict("records")}


def test_period_and_municipality_options(small_db):
    db, v = str(small_db), queries.version(str(small_db))
    assert queries.region_options(db, v) == ["50", "65"]
    assert queries.period_options(db, v, "50") == ["2023-Q4", "2023-Q3"]
    assert queries.period_options(db, v, "65") == ["2024-H1", "2023-H2"]  # half-years for Sakhalin
    assert queries.municipality_options(db, v, "65") == ["Холмский", "Южно-Сахалинск"]
    assert queries.previous_period_with_data(db, v, "50", "2023-Q4") == "2023-Q3"
    assert queries.previous_period_with_data(db, v, "50", "2023-Q3") is None


def test_schools_by_level_equal_sql_and_no_subtotals(small_db):
    spec = specs.readiness_levels(F50, small_db)
    expected = dict(((m, lvl or "не указан"), n) for m, lvl, n in sql(
        small_db, "select municipality, level, count(*) from readiness where region='50' and period='2023-Q4' "
                  "group by all"))
    got = {(r["municipality"], r["level"]): r["schools"] for r in spec.data.to_dict("records")}
    assert got == expected
    assert spec.data["schools"].sum() == sql(small_db, "select count(*) from readiness where region='50' "
                                                       "and period='2023-Q4'")[0][0]
    # sorted: the municipality with most schools first; no total rows among the categories
    totals = spec.data.groupby("municipality", sort=False)["schools"].sum()
    assert list(totals) == sorted(totals, reverse=True)
    assert not any(str(m).lower().startswith(("итого", "всего")) for m in spec.data["municipality"])
    assert spec.subtitle == "Московская область · IV квартал 2023 г. · все муниципалитеты · все уровни"


def test_criteria_shares_are_counts_over_schools(small_db):
    spec = specs.readiness_criteria(F50, small_db)
    rows = sql(small_db, """select municipality, count(*) filter (where plan_approved), count(*)
                            from readiness where region='50' and period='2023-Q4' group by all""")
    plan = spec.data[spec.data["criterion"] == "Утверждён план"]
    got = by_muni(plan, "share")
    for m, met, n in rows:
        assert got[m] == pytest.approx(met / n)  # NULL (not filled) counts as not met, never dropped
    nav = spec.data[spec.data["criterion"] == "Есть педагоги-навигаторы"]
    for m, met, n in sql(small_db, """select municipality, count(*) filter (where navigators > 0), count(*)
                                      from readiness where region='50' and period='2023-Q4' group by all"""):
        assert by_muni(nav, "share")[m] == pytest.approx(met / n)


def test_coverage_is_reaggregated_not_averaged(small_db):
    spec = specs.readiness_coverage(F50, small_db)
    got = by_muni(spec.data, "coverage")
    for m, cov, avg in sql(small_db, """select municipality, sum(students_covered) / sum(students_total),
                                              avg(students_covered / students_total)
                                       from readiness where region='50' and period='2023-Q4' group by all"""):
        assert got[m] == pytest.approx(cov)
        assert got[m] != pytest.approx(avg, abs=1e-9)  # the fixture makes the two differ
    assert spec.target == 0.95 and spec.percent
    assert list(spec.data["coverage"]) == sorted(spec.data["coverage"])  # lowest first


def test_level_and_municipality_filters(small_db):
    f = Filters("50", "2023-Q4", ("Химки", "Королёв"), "основной")
    db, v = str(small_db), queries.version(str(small_db))
    t = queries.readiness_totals(db, v, "50", "2023-Q4", ("Химки", "Королёв"), "основной")
    assert t["schools"] == sql(small_db, """select count(*) from readiness where region='50' and period='2023-Q4'
                                            and municipality in ('Химки','Королёв') and level='основной'""")[0][0]
    # agreements of a level = agreements of the schools of that level (readiness form, same period)
    ag = specs.agreements_types(f, small_db).data
    exp = sql(small_db, """select a.partner_type, count(*) from agreements a join readiness r
                            on r.region=a.region and r.period=a.period and r.municipality=a.municipality
                            and r.school_name=a.school_name
                           where a.region='50' and a.period='2023-Q4' and a.municipality in ('Химки','Королёв')
                             and r.level='основной' group by all""")
    assert dict(zip(ag["partner_type"], ag["agreements"])) == dict(exp)
    assert f.describe() == "Московская область · IV квартал 2023 г. · Химки, Королёв · уровень: основной"


def test_thresholds_are_drawn_as_thresholds_and_the_any_type_threshold_is_not_drawn_across_each_type(small_db):
    """An independent tester's round (06.12.2026): «Цель: 95 %» on the coverage chart was the monitoring's
    threshold while the effectiveness page showed the target 100 % for the same share; the agreements threshold
    (schools with an agreement of any type) was drawn across every partner type's bar."""
    from app.charts import build_figure, target_caption

    coverage = specs.readiness_coverage(F50, small_db)
    assert target_caption(coverage) == "Порог: 95\u00a0%"
    assert target_caption(specs.events_per100(F50, small_db)).startswith("Порог: 30")
    by_type = specs.agreements_coverage(F50, small_db)
    assert by_type.target is None and by_type.subtitle.endswith(" · порог для ОО с договором любого типа — 50\u00a0%")
    # the target the effectiveness chart draws says what it stands on, there and not only in the note
    by_muni = specs.effectiveness_by_municipality(F50, small_db, "coverage_share")
    assert target_caption(by_muni) == "Цель: 100\u00a0%"
    assert by_muni.source.endswith(" · Цель — значение по умолчанию из справочника показателей: дорожная карта "
                                   "региона числовых целей не устанавливает")
    drawn = build_figure(coverage).to_dict()
    assert any("Порог" in (a.get("text") or "") for a in drawn["layout"]["annotations"])
    assert not any("Цель" in (a.get("text") or "") for a in drawn["layout"]["annotations"])



def test_a_target_the_region_did_not_set_says_it_is_the_catalogues_default(small_db, monkeypatch):
    """(tester round t86) A region with no rows in targets.csv was shown the catalogue's targets with no word where
    they came from."""
    from app import projection
    from app.charts import target_caption

    monkeypatch.setattr(projection, "targets", lambda: {})
    by_muni = specs.effectiveness_by_municipality(F50, small_db, "coverage_share")
    assert target_caption(by_muni) == "Цель: 100\u00a0%"
    assert by_muni.source.endswith(" · Цель — значение по умолчанию из справочника показателей: целей региона на "
                                   "2023/24 учебный год нет")


def test_agreement_coverage_by_type(small_db):
    spec = specs.agreements_coverage(F50, small_db)
    schools = sql(small_db, "select count(*) from readiness where region='50' and period='2023-Q4'")[0][0]
    for ptype, n in sql(small_db, """select partner_type, count(distinct (municipality, school_name))
                                     from agreements where region='50' and period='2023-Q4' group by all"""):
        row = spec.data[spec.data["partner_type"] == ptype].iloc[0]
        assert row["share"] == pytest.approx(n / schools)
    anyrow = spec.data[spec.data["partner_type"] == "любой тип"].iloc[0]
    n_any = sql(small_db, "select count(distinct (municipality, school_name)) from agreements "
                          "where region='50' and period='2023-Q4'")[0][0]
    assert anyrow["share"] == pytest.approx(n_any / schools)


def test_events_per_100_pupils_uses_readiness_of_same_period(small_db):
    spec = specs.events_per100(F65, small_db)
    exp = sql(small_db, """select e.municipality, 100.0 * e.s / r.p from
        (select municipality, sum(students) s from event_participation where region='65' and period='2024-H1'
         group by all) e join
        (select municipality, sum(students_total) p from readiness where region='65' and period='2024-H1'
         group by all) r using (municipality)""")
    got = by_muni(spec.data, "per100")
    assert {m: pytest.approx(x) for m, x in exp} == got
    trend = specs.events_trend(F65, small_db).data
    # (two of Sakhalin's 18 municipalities sent the forms: each point says so)
    assert list(pd.unique(trend["period"])) == ["2-е полуг. 2023 (2 из 18)", "1-е полуг. 2024 (2 из 18)"]
    students = trend[trend["category"] == "обучающиеся"]["people"].tolist()
    assert students == [r[0] for r in sql(small_db, """select sum(students) from event_participation
                                                      where region='65' group by period order by period""")]


def test_effectiveness_ratio_is_reaggregated_from_numerator_and_denominator(small_db):
    db, v = str(small_db), queries.version(str(small_db))
    vals = queries.effectiveness_values(db, v, "50", "2023-Q4", (), None, "none")
    got = vals[(vals["code"] == "coverage_share") & (vals["period"] == "2023-Q4")]["value"].iloc[0]
    num, den, avg = sql(small_db, """select sum(value) filter (where indicator_code='students_covered'),
                                            sum(value) filter (where indicator_code='students_total'),
                                            avg(value) filter (where indicator_code='coverage_share')
                                     from effectiveness where region='50' and period='2023-Q4'""")[0]
    assert got == pytest.approx(100 * num / den)
    assert got != pytest.approx(avg, abs=1e-6)
    spec = specs.effectiveness_shares(F50, small_db)
    row = spec.data[(spec.data["code"] == "coverage_share") & (spec.data["period"] == "IV кв. 2023")]
    assert row["value"].iloc[0] == pytest.approx(num / den)
    assert spec.extra["targets"]["Доля охвата"] == pytest.approx(1.0)
    assert set(spec.extra["targets"]) <= set(spec.data["indicator"])  # (no target of a line not drawn: t84)
    table = specs.effectiveness_table(F50, small_db)
    cov = table[table["Показатель"].str.startswith("Доля обучающихся 6–11")].iloc[0]
    assert cov["Значение"] == pytest.approx(100 * num / den) and cov["Цель достигнута"] == "нет"


def test_the_effectiveness_chart_and_table_take_the_regions_target_of_the_school_year(small_db, monkeypatch):
    """A region's own target (targets.csv) over the catalogue's: «цель 75 %», not the catalogue's 70 %, on the
    chart of shares by period and in the indicators' table — a value of 72,8 % must not look reached."""
    from app import projection

    given = projection.targets()
    year = projection.school_year_of(F50.period)
    monkeypatch.setattr(projection, "targets", lambda: {**given, ("50", year, "diagnostics_share"): (99.0, "приказ")})
    spec = specs.effectiveness_shares(F50, small_db)
    name = queries.indicators(str(small_db), queries.version(str(small_db))).set_index("code")
    assert spec.extra["targets"][name.loc["diagnostics_share", "short_name"]] == pytest.approx(0.99)
    table = specs.effectiveness_table(F50, small_db).set_index("Показатель")
    row = table.loc[name.loc["diagnostics_share", "name"]]
    assert row["Цель"] == pytest.approx(99.0) and row["Цель достигнута"] == "нет"


def test_the_indicators_change_is_over_the_municipalities_that_gave_it_in_both_periods(small_db, tmp_path):
    """A tester's round (06.12.2026): a municipality that sent effectiveness only now counted as a rise («+698»
    pupils where the three that sent both times had +28); the change shown with its sign, a share's in п. п."""
    p = _copy(small_db, tmp_path, "DELETE FROM effectiveness_rows WHERE region = '50' AND period = '2023-Q3' "
                                  "AND municipality = 'Балашиха'")
    table = specs.effectiveness_table(F50, p).set_index("Показатель")
    others = Filters("50", "2023-Q4", ["Королёв", "Химки"])
    now = specs.effectiveness_table(others, p).set_index("Показатель")
    for name, row in table.iterrows():
        if pd.notna(row["Изменение"]) and name in now.index:
            assert row["Изменение"] == pytest.approx(now.at[name, "Изменение"])
            assert row["Изменение"] == pytest.approx(now.at[name, "Значение"] - now.at[name, "Предыдущий период"])
    assert table.attrs["compared"].endswith("предыдущий период и изменение — по муниципалитетам, сдавшим показатель в "
                                            "обоих периодах (столбец «Сравнение — по»)")
    # (tester round t88: «4 130 | 3 775 | +1 287» — the previous value was of all, the change of those in both)
    for name, row in table.iterrows():
        if pd.notna(row["Изменение"]) and name in now.index:
            assert row["Предыдущий период"] == pytest.approx(now.at[name, "Предыдущий период"])
            assert row["Сравнение — по"] == "2 из 3 муниципалитетов"
    # one without the indicator now: «Значение» is of those that gave it, the change adds up on the row
    (tmp_path / "2").mkdir()
    p2 = _copy(small_db, tmp_path / "2", "DELETE FROM effectiveness_rows WHERE region = '50' AND period = '2023-Q4' "
                                   "AND municipality = 'Балашиха' AND indicator_code = 'students_total'")
    row = specs.effectiveness_table(F50, p2).set_index("Показатель").loc["Численность обучающихся 6–11 классов"]
    assert row["Изменение"] == pytest.approx(row["Значение"] - row["Предыдущий период"])
    assert row["Сравнение — по"] == "2 из 3 муниципалитетов"
    shown = specs.signed_change(table.reset_index())
    assert all(c is None or c[0] in "+−±" for c in shown["Изменение"])
    assert any(c and c.endswith("п.\u202fп.") for c, u in zip(shown["Изменение"], shown["Ед."]) if u == "%")


def test_roadmap_overdue(small_db):
    db, v = str(small_db), queries.version(str(small_db))
    rm = queries.roadmap(db, v, "50")
    assert sorted(rm[rm["overdue"]]["item_no"]) == ["2", "3"]  # deadline passed, status not «выполнено»
    status = specs.roadmap_status(F50, small_db).data
    assert dict(zip(status["status"], status["items"]))["просрочено"] == 2
    assert status["items"].sum() == sql(small_db, "select count(*) from roadmap_items where region='50'")[0][0]
    ex = specs.roadmap_executors(F50, small_db).data
    assert set(ex["executor"]) >= {"МОУО", "ОО", "Министерство", "Координатор"}


def test_source_line_names_the_loads_of_the_rows_shown(small_db):
    spec = specs.readiness_levels(F50, small_db)
    ids = [r[0] for r in sql(small_db, "select distinct load_id from readiness where region='50' "
                                      "and period='2023-Q4'")]
    assert spec.source.startswith("Источник: форма «Готовность ОО», загрузка № ")
    assert all(str(i) in spec.source for i in ids)
    assert "данные за " in spec.source
    both = specs.events_per100(F50, small_db).source
    assert "формы «Участие в мероприятиях», «Готовность ОО»" in both


def test_key_figures_equal_sql(small_db):
    figs = {k.key: k for k in kpi.key_figures(F50, small_db)}
    n, ready = sql(small_db, """select count(*), count(*) filter (where responsible_appointed and plan_approved
                                and navigators > 0 and bvb_registered) from readiness
                                where region='50' and period='2023-Q4'""")[0]
    n_prev = sql(small_db, "select count(*) from readiness where region='50' and period='2023-Q3'")[0][0]
    assert figs["schools"].value == n and figs["schools"].delta == n - n_prev
    assert figs["ready_share"].value == pytest.approx(ready / n)
    assert figs["ready_share"].denominator == f"{ready} из {n} ОО"
    cov, tot = sql(small_db, "select sum(students_covered), sum(students_total) from readiness "
                             "where region='50' and period='2023-Q4'")[0]
    assert figs["covered"].value == cov and figs["covered"].denominator == f"из 2\u00a0660 обучающихся"
    assert figs["coverage_share"].text == "72,4\u00a0%"
    ag = sql(small_db, "select count(*) from agreements where region='50' and period='2023-Q4'")[0][0]
    assert figs["agreements"].value == ag
    people = sql(small_db, "select sum(students + parents + teachers) from event_participation "
                           "where region='50' and period='2023-Q4'")[0][0]
    assert figs["participants"].value == people
    assert figs["participants"].delta_text.endswith("к пред. периоду")
    # participations, never «took part 532 of 2 660» (one pupil at three events counts three times)
    assert figs["per100"].denominator == "532 участия обучающихся в мероприятиях на 2\u00a0660 обучающихся 6–11 кл."


def test_lagging_municipalities_with_reasons(small_db):
    lag = kpi.lagging(F50, small_db)
    assert list(lag.columns[:2]) == ["Муниципалитет", "Причина"]
    byq = {m: r for m, r in sql(small_db, """select municipality, count(*) filter (where responsible_appointed
            and plan_approved and navigators > 0 and bvb_registered) / count(*) from readiness
            where region='50' and period='2023-Q4' group by all""")}
    below = {m for m, r in byq.items() if r < 0.9}
    assert below <= set(lag["Муниципалитет"])
    reason = lag.set_index("Муниципалитет").loc["Химки", "Причина"]
    assert "доля готовых ОО 25,0\u00a0% (норматив не ниже 90\u00a0%)" in reason


def test_a_value_just_under_the_norm_is_never_shown_at_it():
    """(tester round t93) 604 of 636 = 94,97 % was shown «95,0 % (норматив не ниже 95 %)» among the laggards."""
    from app.kpi import LAG_RULES, _failures

    key, col, _name, _share = LAG_RULES[1]
    ((_k, said),) = _failures({col: 604 / 636}, {key: 0.95})
    assert said == "охват обучающихся 94,97\u00a0% (норматив не ниже 95\u00a0%)"


def test_under_a_level_the_change_is_over_the_municipalities_with_its_schools_in_both(small_db, tmp_path):
    """(tester round t93) «(по 45 муниципалитетам, сдавшим в обоих)» under a level read as if 11 had not sent the
    form; every one had — they had no school of the level in one of the periods."""
    p = _copy(small_db, tmp_path, "UPDATE readiness_rows SET level = 'базовый' WHERE region = '50' "
                                  "AND period = '2023-Q3' AND municipality = 'Королёв' AND level = 'продвинутый'")
    cards = {k.key: k for k in kpi.key_figures(Filters("50", "2023-Q4", level="продвинутый"), p)}
    said = cards["ready_share"].delta_text
    assert "(по 1 муниципалитету с ОО уровня «продвинутый» в обоих периодах)" in said and "сдавш" not in said, said


def test_summary_is_correct_russian(small_db):
    text = " ".join(kpi.summary_sentences(F50, small_db))
    assert "в мониторинге 15 школ из 3 муниципалитетов" in text
    assert "Заключено 16 договоров о сетевом взаимодействии" in text
    assert "В мероприятиях — 694 участия (человек, побывавший на нескольких мероприятиях, учтён в каждом): " \
        "обучающихся — 532, родителей — 118, педагогов — 44." in text
    assert f"По дорожной карте на {date.today():%d.%m.%Y} просрочены 2 мероприятия из 6" in text  # marked now
    assert "72,4\u00a0%" in text and "72.4" not in text
    # of chosen municipalities: theirs, named — not the region's (tester round t84)
    assert "На 100 обучающихся 6–11 классов приходится " in text and " участия обучающихся в мероприятиях" in text
    one = kpi.summary_sentences(Filters("50", F50.period, ("Химки",)), small_db)[0]
    assert one == "Химки (Московская область), IV квартал 2023 г.: в мониторинге 4 школы."


def test_empty_database_gives_russian_messages(empty_db):
    f = Filters("50", None)
    for d in specs.CHARTS:
        spec = d.build(f, empty_db)
        assert spec.empty
        assert spec.empty_message and spec.empty_message[0].isupper()
    assert kpi.key_figures(f, empty_db) == []
    assert kpi.lagging(f, empty_db).empty
    assert kpi.summary_sentences(f, empty_db) == ["По региону «Московская область» данных мониторинга пока нет."]


def test_filters_matching_nothing(small_db):
    f = Filters("50", "2023-Q4", ("Несуществующий",))
    assert specs.readiness_levels(f, small_db).empty
    assert specs.events_by_event(f, small_db).empty
    assert [k.value for k in kpi.key_figures(f, small_db)][0] is None  # nobody sent: no figure, not a zero


def test_new_load_invalidates_cached_results(small_db, tmp_path):
    p = tmp_path / "copy.duckdb"
    shutil.copy(small_db, p)
    db = str(p)
    before = queries.readiness_totals(db, queries.version(db), "65", "2024-H1", (), None)["schools"]
    with edb.write_connection(p) as con:
        edb.store_load(con, file_name="new.xlsx", sha256="new", kind="readiness", period="2024-H1", region="65",
                       columns={"period": ["2024-H1"], "region": ["65"], "municipality": ["Холмский"],
                                "school_name": ["Новая школа"], "students_total": [10], "students_covered": [5]},
                       keep=None, problems=[], status="loaded", message="")
    queries.version.clear()
    v2 = queries.version(db)
    after = queries.readiness_totals(db, v2, "65", "2024-H1", (), None)["schools"]
    # the new submission replaces Холмский's schools: one school there now
    exp = sql(p, "select count(*) from readiness where region='65' and period='2024-H1'")[0][0]
    assert after == exp and after != before


def test_executor_names_follow_the_roadmap_text():
    from app.specs import executor_names

    text = ("МОМО, Государственное автономное образовательное учреждение Московской области «Подмосковный "
            "колледж «Энергия» (далее – «ПК» Энергия»); Руководители органов местного самоуправления, "
            "осуществляющих управление в сфере образования (далее – МОУО)")
    assert executor_names(text) == ["МОМО", "ПК Энергия", "МОУО"]
    assert executor_names("МОУО, ОО") == ["МОУО", "ОО"]
    assert executor_names(None) == []


def test_effectiveness_by_level_needs_school_rows(small_db):
    spec = specs.effectiveness_by_level(F50, small_db, indicator="coverage_share")
    # the fixture's effectiveness rows are per school: each level re-aggregated from its schools
    exp = dict(sql(small_db, """select r.level, 100.0 * sum(e.value) filter (where e.indicator_code='students_covered')
                                      / sum(e.value) filter (where e.indicator_code='students_total')
                               from effectiveness e join readiness r on r.region=e.region and r.period=e.period
                                and r.municipality=e.municipality and r.school_name=e.school_name
                               where e.region='50' and e.period='2023-Q4' and r.level is not null group by 1"""))
    got = dict(zip(spec.data["level"], spec.data["value"]))
    for lvl, val in exp.items():
        assert got[lvl] == pytest.approx(val / 100)


def test_first_period_has_no_change_and_no_fake_delta(small_db):
    figs = kpi.key_figures(Filters("50", "2023-Q3"), small_db)
    assert figs and all(k.delta is None and k.delta_text == "" for k in figs)
    text = " ".join(kpi.summary_sentences(Filters("50", "2023-Q3"), small_db))
    assert "предыдущ" not in text


def test_period_none_means_the_latest(small_db):
    a = specs.readiness_levels(Filters("65", None), small_db)
    b = specs.readiness_levels(Filters("65", "2024-H1"), small_db)
    pd.testing.assert_frame_equal(a.data, b.data)
    assert "1-е полугодие 2024 г." in a.subtitle


def test_coverage_counts_only_schools_that_gave_both_numbers(small_db, tmp_path):
    p = tmp_path / "copy.duckdb"
    shutil.copy(small_db, p)
    db = str(p)
    schools = {"period": ["2024-H1"] * 3, "region": ["65"] * 3, "municipality": ["Холмский"] * 3,
               "school_name": ["СОШ № 1", "СОШ № 2", "СОШ № 3"],
               "students_total": [100, None, 300], "students_covered": [80, 50, None]}
    with edb.write_connection(p) as con:
        edb.store_load(con, file_name="half.xlsx", sha256="half", kind="readiness", period="2024-H1", region="65",
                       columns=schools, keep=None, problems=[], status="loaded", message="")
    queries.version.clear()
    f = Filters("65", "2024-H1", ("Холмский",))
    spec = specs.readiness_coverage(f, p)
    (row,) = spec.data.to_dict("records")
    # 80 of 100: СОШ № 2 (covered, no total) and СОШ № 3 (total, no covered) would make it 130 of 400
    assert (row["coverage"], row["students_covered"], row["students_total"]) == (0.8, 80, 100)
    figs = {k.key: k for k in kpi.key_figures(f, p)}
    assert figs["coverage_share"].value == 0.8 and figs["coverage_share"].text == "80,0\xa0%"
    assert figs["coverage_share"].denominator == "80 из 100 обучающихся ОО, указавших оба числа"
    assert figs["covered"].value == 130  # the count of covered pupils keeps every school
    t = queries.readiness_totals(db, queries.version(db), "65", "2024-H1", ("Холмский",), None)
    assert (t["students_total"], t["students_covered"]) == (400, 130)


def test_effectiveness_share_counts_only_units_that_gave_both_numbers(small_db, tmp_path):
    p = tmp_path / "copy.duckdb"
    shutil.copy(small_db, p)
    db = str(p)
    rows = [("Холмский", "students_covered", 80.0), ("Холмский", "students_total", 100.0),
            ("Южно-Сахалинск", "students_covered", 500.0)]  # no total: must not tip the region's share
    with edb.write_connection(p) as con:
        edb.store_load(con, file_name="eff.xlsx", sha256="eff-pairs", kind="effectiveness", period="2024-H1",
                       region="65", columns={"period": ["2024-H1"] * 3, "region": ["65"] * 3,
                                             "municipality": [r[0] for r in rows],
                                             "indicator_code": [r[1] for r in rows], "value": [r[2] for r in rows]},
                       keep=None, problems=[], status="loaded", message="")
    queries.version.clear()
    v = queries.version(db)
    vals = queries.effectiveness_values(db, v, "65", "2024-H1", (), None, "none")
    cur = vals[vals["period"] == "2024-H1"].set_index("code")["value"]
    assert cur["coverage_share"] == pytest.approx(80.0)  # 80 of 100, not 580 of 100
    assert cur["students_covered"] == 580.0  # the count itself keeps every municipality
    by = queries.effectiveness_values(db, v, "65", "2024-H1", (), None, "municipality")
    share = by[(by["period"] == "2024-H1") & (by["code"] == "coverage_share")].set_index("grp")["value"]
    assert share.to_dict() == {"Холмский": pytest.approx(80.0)}


def test_the_agreement_card_says_when_there_are_no_agreements(small_db, tmp_path):
    p = tmp_path / "copy.duckdb"
    shutil.copy(small_db, p)
    with edb.write_connection(p) as con:
        for statement in _unsent("region = '65'"):
            con.execute(statement)
    queries.version.clear()
    figs = {k.key: k for k in kpi.key_figures(F65, p)}
    assert figs["agreement_share"].text == "—" and figs["agreement_share"].denominator == \
        "нет данных о договорах за период"  # not «0 из 3 ОО» under a dash


def _unsent(where: str) -> list[str]:
    """The agreements of `where` taken out as if their form had not been sent: rows and scope (a form whose scope
    stays with no row is one that said «нет» — sent, with no agreement)."""
    return [f"DELETE FROM agreement_rows WHERE {where}",
            f"DELETE FROM load_scope WHERE kind = 'agreements' AND {where}"]


def _copy(small_db, tmp_path, *statements):
    """The fixture database changed as a test needs (statements run in one write)."""
    p = tmp_path / "copy.duckdb"
    shutil.copy(small_db, p)
    with edb.write_connection(p) as con:
        for s in statements:
            s(con) if callable(s) else con.execute(s)
    queries.version.clear()
    return p


# a form that writes the schools its own way: «СОШ №1 (Химки)», upper case, quotes for brackets; the name key is
# written at load (`school_key`), as a load of such a file would
_RESPELL = "upper(replace(replace(replace(school_name, '№ ', '№'), '(', '«'), ')', '»'))"


def _REKEY(table: str):
    def rekey(con):
        con.execute(f"UPDATE {table} SET school_key = NULL")
        edb.fill_school_keys(con, table)
    return rekey


def test_agreements_meet_the_readiness_schools_whatever_the_spelling(small_db, tmp_path):
    # the agreements form writes the schools its own way: «СОШ №1 (Химки)», upper case, quotes for brackets
    p = _copy(small_db, tmp_path, f"""UPDATE agreement_rows SET school_name = {_RESPELL}""", _REKEY("agreement_rows"))
    assert sql(p, "select count(*) from agreements a join readiness r using (region, period, municipality, "
                  "school_name)")[0][0] == 0  # not one name is the same as in the readiness form
    for f in (F50, Filters("50", "2023-Q4", level="базовый")):
        before = queries.agreements_coverage(str(small_db), queries.version(str(small_db)), *specs._args(f))
        after = queries.agreements_coverage(str(p), queries.version(str(p)), *specs._args(f))
        pd.testing.assert_frame_equal(before, after)
        assert after["with_agreement"].sum() > 0
    figs = {k.key: k for k in kpi.key_figures(F50, p)}
    assert figs["agreement_share"].value == {k.key: k for k in kpi.key_figures(F50, small_db)}[
        "agreement_share"].value


def test_a_municipality_that_has_not_sent_the_agreements_form_is_unknown_not_zero(small_db, tmp_path):
    p = _copy(small_db, tmp_path, *_unsent("region = '50' AND period = '2023-Q4' AND municipality = 'Балашиха'"))
    (with_, schools), = sql(p, """select count(distinct r.school_name) filter (where a.school_name is not null),
            count(distinct r.school_name) from readiness r left join agreements a using (region, period,
            municipality, school_name) where r.region = '50' and r.period = '2023-Q4'
            and r.municipality in ('Химки', 'Королёв')""")
    figs = {k.key: k for k in kpi.key_figures(F50, p)}
    card = figs["agreement_share"]
    assert card.value == pytest.approx(with_ / schools)  # Балашиха's schools are no part of the share
    assert card.denominator == f"{with_} из {schools} ОО муниципалитетов, сдавших форму договоров"
    assert card.completeness.startswith("сдали 2 из")  # both forms: Химки and Королёв
    m = kpi.municipality_metrics(F50, p).set_index("municipality")
    assert pd.isna(m.loc["Балашиха", "agreement_share"])  # unknown, not 0 %
    assert m.loc["Химки", "agreement_share"] > 0
    lag = kpi.lagging(F50, p)
    reasons = " ".join(lag.loc[lag["Муниципалитет"] == "Балашиха", "Причина"]) if not lag.empty else ""
    assert "договор" not in reasons  # not flagged as lagging for a form it has not sent
    cov = specs.agreements_coverage_map(F50, p).data
    assert "Балашиха" not in set(cov["municipality"])
    summary = " ".join(kpi.summary_sentences(F50, p))
    assert "ОО муниципалитетов, сдавших форму договоров." in summary


def test_participants_per_100_pupils_only_over_municipalities_that_sent_both_forms(small_db, tmp_path):
    p = _copy(small_db, tmp_path, "DELETE FROM event_rows WHERE region = '50' AND period = '2023-Q4' "
                                  "AND municipality = 'Балашиха'")
    (students,), = sql(p, "select sum(students) from event_participation where region = '50' "
                          "and period = '2023-Q4'")
    (pupils,), = sql(p, "select sum(students_total) from readiness where region = '50' and period = '2023-Q4' "
                        "and municipality in ('Химки', 'Королёв')")
    figs = {k.key: k for k in kpi.key_figures(F50, p)}
    assert figs["per100"].value == pytest.approx(100 * students / pupils)  # not over Балашиха's pupils too
    assert figs["per100"].denominator.endswith(" обучающихся 6–11 кл. муниципалитетов, сдавших обе формы")
    by = specs.events_per100(F50, p).data  # the chart by municipality says the same
    assert 100 * by["students"].sum() / by["pupils"].sum() == pytest.approx(figs["per100"].value)
    assert "(по муниципалитетам, сдавшим обе формы)" in " ".join(kpi.summary_sentences(F50, p))


def test_with_a_level_chosen_events_sent_without_schools_are_said_left_out_not_a_form_missing(small_db, tmp_path):
    """Балашиха's events as municipal totals (no school): with a level chosen its participants have no level — the
    cards say so, not «муниципалитетов, сдавших обе формы» (Балашиха sent both)."""
    p = _copy(small_db, tmp_path, "UPDATE event_rows SET school_name = NULL, school_key = NULL "
                                  "WHERE region = '50' AND period = '2023-Q4' AND municipality = 'Балашиха'")
    f = Filters("50", "2023-Q4", level="продвинутый")  # (Балашиха has schools of it)
    figs = {k.key: k for k in kpi.key_figures(f, p)}
    said = "не вошли участия с неизвестным уровнем ОО: «Балашиха» — сданы без ОО"
    assert figs["per100"].denominator.endswith("обучающихся 6–11 кл.; " + said)
    assert "сдавших обе формы" not in figs["per100"].denominator
    assert figs["participants"].denominator.endswith("; " + said)
    assert f"({said})" in " ".join(kpi.summary_sentences(f, p))
    whole = {k.key: k for k in kpi.key_figures(F50, p)}  # no level: every participant counts, nothing to say
    assert "без школ" not in whole["participants"].denominator + whole["per100"].denominator


def test_with_a_level_chosen_a_municipality_without_the_readiness_form_is_no_zero(small_db, tmp_path):
    """(tester round t88) Коломна sent its events by school but no readiness form for the quarter: with a level chosen
    its bar showed 0 participations (438 in the form), and the card said its participations were sent without
    schools. Its level is not known: it is left out of the chart and the card, and named with the reason."""
    p = _copy(small_db, tmp_path, "DELETE FROM readiness_rows WHERE region = '50' AND period = '2023-Q4' "
                                  "AND municipality = 'Балашиха'")
    f = Filters("50", "2023-Q4", level="продвинутый")
    by = specs.events_municipalities(f, p).data
    assert "Балашиха" not in set(by["municipality"])
    figs = {k.key: k for k in kpi.key_figures(f, p)}
    said = "не вошли участия с неизвестным уровнем ОО: «Балашиха» — нет формы готовности за период"
    assert figs["participants"].denominator.endswith("; " + said), figs["participants"].denominator
    assert specs.events_municipalities(f, p).source.endswith(" · Н" + said[1:])


def test_with_a_level_chosen_a_municipality_with_no_participant_of_that_level_took_part_zero_times(small_db,
                                                                                                    tmp_path):
    """A tester's round (06.12.2026): Невельский sent both forms, its one school of the level had no events — it was
    left out as if it had not sent a form (8,3 instead of 7,4 per 100, «муниципалитетов, сдавших обе формы»)."""
    level = "продвинутый"
    p = _copy(small_db, tmp_path, f"""DELETE FROM event_rows WHERE region = '50' AND period = '2023-Q4'
        AND municipality = 'Балашиха' AND school_key IN (SELECT school_key FROM readiness WHERE region = '50'
        AND period = '2023-Q4' AND municipality = 'Балашиха' AND level = '{level}')""")
    f = Filters("50", "2023-Q4", level=level)
    (pupils,), = sql(p, f"select sum(students_total) from readiness where region = '50' and period = '2023-Q4' "
                        f"and level = '{level}'")
    by = specs.events_per100(f, p).data
    assert by.set_index("municipality").at["Балашиха", "per100"] == 0
    figs = {k.key: k for k in kpi.key_figures(f, p)}
    assert figs["per100"].value == pytest.approx(100 * by["students"].sum() / pupils)  # over all three
    assert "сдавших обе формы" not in figs["per100"].denominator


def test_with_a_level_chosen_the_change_leaves_out_a_municipality_whose_earlier_events_had_no_schools(small_db,
                                                                                                    tmp_path):
    """Балашиха sent its events of the previous quarter as municipal totals: under a level, its participants then
    count now and not before — the change is over the others, and says so (an independent tester's round)."""
    p = _copy(small_db, tmp_path, "UPDATE event_rows SET school_name = NULL, school_key = NULL "
                                  "WHERE region = '50' AND period = '2023-Q3' AND municipality = 'Балашиха'")
    level = "продвинутый"
    figs = {k.key: k for k in kpi.key_figures(Filters("50", "2023-Q4", level=level), p)}
    others = ("Королёв", "Химки")
    now = {k.key: k for k in kpi.key_figures(Filters("50", "2023-Q4", others, level), p)}
    before = {k.key: k for k in kpi.key_figures(Filters("50", "2023-Q3", others, level), p)}
    assert figs["participants"].delta == now["participants"].value - before["participants"].value
    assert figs["participants"].delta_text.endswith("(по 2 муниципалитетам, сдавшим по школам в обоих)")
    assert figs["per100"].delta == pytest.approx(now["per100"].value - before["per100"].value)
    earlier = {k.key: k for k in kpi.key_figures(Filters("50", "2023-Q3", level=level), p)}
    assert figs["schools"].delta == figs["schools"].value - earlier["schools"].value  # not an events card


def test_a_chart_of_periods_up_to_the_chosen_one_dates_its_data_by_the_latest_period_it_shows(small_db, tmp_path):
    """An independent tester's round (06.12.2026): under a level, the effectiveness dynamics showed one point of an
    earlier period while its source said «данные на» the chosen period's end."""
    p = _copy(small_db, tmp_path, "UPDATE effectiveness_rows SET school_name = NULL, school_key = NULL "
                                  "WHERE region = '50' AND period = '2023-Q4'")
    level = sql(p, "select any_value(level) from readiness where region = '50' and period = '2023-Q3'")[0][0]
    spec = specs.effectiveness_shares(Filters("50", "2023-Q4", level=level), p)
    assert set(spec.data["period"]) == {"III кв. 2023"}, spec.data
    assert "данные за III квартал 2023 г." in spec.source and "IV квартал" not in spec.source
    whole = specs.effectiveness_shares(F50, p)  # no level: its periods up to the chosen one's own data
    # (tester round t82: a line from III квартал said «данные за IV квартал» — the span, said)
    assert "данные за III квартал 2023 г. – IV квартал 2023 г." in whole.source


def test_the_indicator_shown_by_default_is_one_with_data_in_the_period(small_db, tmp_path):
    # an effectiveness form without the coverage columns: the first share with data is shown, not «Нет данных»
    p = _copy(small_db, tmp_path, "DELETE FROM effectiveness_rows WHERE indicator_code IN "
                                  "('students_covered', 'coverage_share')")
    assert specs.default_indicator(small_db, F50) == "coverage_share" == specs.default_indicator(small_db)
    code = specs.default_indicator(p, F50)
    cat = specs.indicator_catalogue(p).set_index("code")
    assert code != "coverage_share" and cat.loc[code, "aggregation"] == "ratio"
    for spec in (specs.effectiveness_by_municipality(F50, p), specs.effectiveness_by_level(F50, p)):
        assert not spec.data.empty and spec.title.startswith(cat.loc[code, "short_name"]), spec.title


def test_under_a_level_a_municipality_without_agreements_of_its_schools_is_zero_not_missing(small_db):
    db, v = str(small_db), queries.version(str(small_db))
    f = Filters("50", "2023-Q4", level="основной")
    (n,), = sql(small_db, "select count(*) from readiness where region = '50' and period = '2023-Q4' "
                          "and municipality = 'Химки' and level = 'основной'")
    (k,), = sql(small_db, """select count(*) from agreements a join readiness r using (region, period, municipality,
                             school_name) where r.region = '50' and r.period = '2023-Q4' and r.municipality = 'Химки'
                             and r.level = 'основной'""")
    assert n > 0 and k == 0  # Химки sent the agreements form; none of its «основной» schools has one
    cov = queries.agreements_coverage(db, v, *specs._args(f))
    row = cov[(cov["partner_type"] == "любой тип") & (cov["municipality"] == "Химки")]
    assert list(row["share"]) == [0.0] and list(row["schools"]) == [n]


def test_the_agreement_card_when_no_municipality_sent_both_forms(small_db, tmp_path):
    p = _copy(small_db, tmp_path,
              *_unsent("region = '50' AND period = '2023-Q4' AND municipality <> 'Химки'"),
              "DELETE FROM readiness_rows WHERE region = '50' AND period = '2023-Q4' AND municipality = 'Химки'")
    card = {k.key: k for k in kpi.key_figures(F50, p)}["agreement_share"]
    assert card.text == "—" and card.denominator == "муниципалитеты, сдавшие договоры, не сдали форму готовности"


def test_the_level_filter_meets_the_schools_of_every_form_whatever_the_spelling(small_db, tmp_path):
    # agreements, events and effectiveness forms that write every school differently from the readiness form:
    # under a level every page shows what it shows when the names are written alike
    tables = ("agreement_rows", "event_rows", "effectiveness_rows")
    p = _copy(small_db, tmp_path, *[s for t in tables for s in (f"UPDATE {t} SET school_name = {_RESPELL} "
                                                               "WHERE school_name IS NOT NULL", _REKEY(t))])
    assert sql(p, "select count(*) from event_participation e join readiness r using (region, period, municipality, "
                  "school_name)")[0][0] == 0
    f = Filters("50", "2023-Q4", level="базовый")
    a, b = (str(small_db), queries.version(str(small_db))), (str(p), queries.version(str(p)))
    shown = 0
    for q in (queries.agreements_partners, queries.events_by_municipality, queries.events_over_time):
        before, after = q(*a, *specs._args(f)), q(*b, *specs._args(f))
        pd.testing.assert_frame_equal(before, after)
        shown += len(after)
    assert shown > 0
    for by in ("municipality", "level"):
        before = queries.effectiveness_values(*a, *specs._args(f), by)
        after = queries.effectiveness_values(*b, *specs._args(f), by)
        pd.testing.assert_frame_equal(before, after)
        assert after["value"].notna().any()
    assert queries.events_totals(*b, *specs._args(f))["students"] > 0


def test_a_database_made_before_the_name_key_gets_it(small_db, tmp_path):
    # a database of an earlier version: no school_key column; the next write (or the server's start) adds and
    # fills it, and the figures are those of a database loaded with it
    p = tmp_path / "old.duckdb"
    shutil.copy(small_db, p)
    import duckdb

    con = duckdb.connect(str(p))
    for t in ("readiness_rows", "agreement_rows", "event_rows", "effectiveness_rows"):
        con.execute(f"ALTER TABLE {t} DROP COLUMN school_key")
    con.execute("UPDATE meta SET value = 'older' WHERE key = 'schema_fingerprint'")
    con.close()
    edb.ensure_schema(p)
    (missing,), = sql(p, "select count(*) from agreement_rows where school_key is null and school_name is not null")
    assert missing == 0
    name, key = sql(p, "select school_name, school_key from readiness_rows where school_name like '%№%' limit 1")[0]
    assert "№" in name and key == normalize.norm_key(name)
    for f in (F50, Filters("50", "2023-Q4", level="базовый")):
        pd.testing.assert_frame_equal(
            queries.agreements_coverage(str(small_db), queries.version(str(small_db)), *specs._args(f)),
            queries.agreements_coverage(str(p), queries.version(str(p)), *specs._args(f)))


def test_a_change_against_a_period_that_is_not_the_one_before_names_it(small_db, tmp_path):
    # Московская область sent nothing for II and III quarters: IV quarter is compared with I quarter, and the cards
    # and the summary say so instead of «к пред. периоду»
    tables = ("readiness_rows", "agreement_rows", "event_rows", "effectiveness_rows", "load_scope", "load_log")
    p = _copy(small_db, tmp_path, *[f"UPDATE {t} SET period = '2023-Q1' WHERE region = '50' AND period = '2023-Q3'"
                                    for t in tables])
    figs = {k.key: k for k in kpi.key_figures(F50, p)}
    assert figs["schools"].delta is not None
    assert figs["schools"].delta_text.endswith(" к I кварталу 2023 г."), figs["schools"].delta_text
    assert "пред. периоду" not in " ".join(k.delta_text for k in figs.values())
    summary = " ".join(kpi.summary_sentences(F50, p))
    assert "чем в I квартале 2023 г." in summary and "в предыдущем периоде" not in summary
    assert "г.." not in summary  # one full stop after «г.» ending a sentence
    # with the quarter just before, as it was
    figs = {k.key: k for k in kpi.key_figures(F50, small_db)}
    assert figs["schools"].delta_text.endswith(" к пред. периоду")


def test_a_form_without_a_criterion_column_leaves_readiness_unknown_not_zero(small_db, tmp_path):
    # Химки's form has no «план утверждён» and no navigators column (every row empty): its schools are neither ready
    # nor not ready — the region's share is over the other municipalities, Химки is not lagging on readiness
    p = _copy(small_db, tmp_path, "UPDATE readiness_rows SET plan_approved = NULL, navigators = NULL "
                                  "WHERE region = '50' AND period = '2023-Q4' AND municipality = 'Химки'")
    crit = queries.readiness_criteria()
    ready_sql = " and ".join(f"coalesce({c['column']}, false)" if c["column"] != "navigators"
                             else "coalesce(navigators, 0) > 0" for c in crit)
    (ready, n), = sql(p, f"""select count(*) filter (where {ready_sql}), count(*) from readiness
                            where region = '50' and period = '2023-Q4' and municipality <> 'Химки'""")
    figs = {k.key: k for k in kpi.key_figures(F50, p)}
    card = figs["ready_share"]
    assert card.value == pytest.approx(ready / n)
    assert card.denominator == f"{ready} из {n} ОО муниципалитетов, указавших все критерии"
    # the change against the previous quarter: over the municipalities whose readiness is known both times
    (ready_q3, n_q3), = sql(p, f"""select count(*) filter (where {ready_sql}), count(*) from readiness
                                  where region = '50' and period = '2023-Q3' and municipality <> 'Химки'""")
    assert card.delta == pytest.approx(100 * (ready / n - ready_q3 / n_q3))
    assert "(по 2 муниципалитетам, сдавшим в обоих)" in card.delta_text
    m = kpi.municipality_metrics(F50, p).set_index("municipality")
    assert pd.isna(m.loc["Химки", "ready_share"]) and pd.isna(m.loc["Химки", "navigator_share"])
    assert m.loc["Королёв", "ready_share"] >= 0
    lag = kpi.lagging(F50, p)
    reasons = " ".join(lag.loc[lag["Муниципалитет"] == "Химки", "Причина"]) if not lag.empty else ""
    assert "готовых" not in reasons and "навигатор" not in reasons
    schools = queries.readiness_schools(str(p), queries.version(str(p)), "50", "2023-Q4", "Химки", None)
    assert schools["ready"].isna().all()
    summary = " ".join(kpi.summary_sentences(F50, p))
    assert f"ОО из {n} (в муниципалитетах, указавших все критерии готовности)" in summary
    # the summary's change says over whom it is, as the card does (a tester's round, 06.12.2026)
    assert "чем в предыдущем периоде (по 2 муниципалитетам, сдавшим в обоих)." in summary
    # a form that gives the criteria: as before
    assert {k.key: k for k in kpi.key_figures(F50, small_db)}["ready_share"].denominator.endswith(" ОО")


def test_under_a_level_no_agreement_of_its_schools_is_zero_of_them_and_events_by_municipality_no_zero(small_db,
                                                                                                    tmp_path):
    # Химки sent the agreements form, none of its «основной» schools has one: 0 % of its n schools, not «нет
    # данных»; its events form was sent per municipality: no figure of the level (not «0 участников»)
    p = _copy(small_db, tmp_path, *_unsent("region = '50' AND municipality <> 'Химки'"),
              "UPDATE event_rows SET school_name = NULL, school_key = NULL WHERE region = '50'")
    f = Filters("50", "2023-Q4", ("Химки",), "основной")
    (n,), = sql(p, "select count(*) from readiness where region = '50' and period = '2023-Q4' "
                   "and municipality = 'Химки' and level = 'основной'")
    cards = {k.key: k for k in kpi.key_figures(f, p)}
    assert (cards["agreement_share"].text, cards["agreement_share"].denominator) == (
        "0,0\xa0%", f"0 из {fmt_int(n)} ОО")
    for key in ("participants", "per100"):
        assert (cards[key].text, cards[key].denominator, cards[key].delta_text) == (
            "—", "нет разбивки по уровням: мероприятия сданы по муниципалитетам", "")
    spec = specs.spec_for("events_by_event", f, p)
    assert spec.empty and spec.empty_message.startswith("Разбивка по уровням недоступна")
    assert {k.key: k for k in kpi.key_figures(replace(f, level=None), p)}["participants"].text != "—"


def test_values_sent_per_municipality_are_no_level_bar(small_db, tmp_path):
    # one municipality sends its indicators per municipality: its values have no level — no bar «не указан»
    # beside the levels (it was «не указан 98,7 %»), the source line says they are left out
    (muni,), = sql(small_db, "select min(municipality) from effectiveness where region = '50' and period = '2023-Q4'")
    p = _copy(small_db, tmp_path, f"UPDATE effectiveness_rows SET school_name = NULL, school_key = NULL "
                                  f"WHERE region = '50' AND municipality = '{muni}'")
    spec = specs.effectiveness_by_level(F50, p, indicator="coverage_share")
    assert not spec.empty and "не указан" not in set(spec.data["level"])
    assert "Без уровня (в разбивку не входят): значения, сданные по муниципалитетам" in spec.source
    # and how many schools the bars stand on: a share «по уровням» of a few schools is not the region's
    n = sql(p, """SELECT count(DISTINCT (e.municipality, e.school_key)) FROM effectiveness e JOIN readiness r
                  ON r.region = e.region AND r.period = e.period AND r.municipality = e.municipality
                  AND r.school_key = e.school_key WHERE e.region = '50' AND e.period = '2023-Q4'
                  AND r.level IS NOT NULL AND e.indicator_code IN ('students_covered', 'students_total')""")[0][0]
    of = sql(p, "SELECT count(*) FROM readiness WHERE region = '50' AND period = '2023-Q4'")[0][0]
    assert 0 < n < of
    assert f"Разбивка — по {fmt_int(n)} ОО из {fmt_int(of)} в форме готовности" in spec.source
    assert spec.title.endswith(f" — по {fmt_int(n)} из {fmt_int(of)} ОО") == (n * 2 < of)


def test_a_level_breakdown_of_a_handful_of_schools_is_not_drawn(small_db, tmp_path):
    """All but one school's indicators sent per municipality: bars «по уровням» of one school are no picture of the
    region (a slide «базовый 100 %» from one of 1 250 schools) — not drawn, said why (the exports list it so)."""
    (muni, key), = sql(small_db, "select municipality, min(school_key) from effectiveness where region = '50' "
                                 "and period = '2023-Q4' and school_key is not null group by all order by 1 limit 1")
    p = _copy(small_db, tmp_path, f"UPDATE effectiveness_rows SET school_name = NULL, school_key = NULL "
                                  f"WHERE region = '50' AND NOT (municipality = '{muni}' AND school_key = '{key}')")
    of = sql(p, "SELECT count(*) FROM readiness WHERE region = '50' AND period = '2023-Q4'")[0][0]
    assert of > 10  # one school is under a tenth of them
    spec = specs.effectiveness_by_level(F50, p, indicator="coverage_share")
    assert spec.empty and spec.empty_message == ("Разбивка по уровням не показательна: показатель по школам сдали "
                                                 f"1 из {fmt_int(of)} ОО (меньше 10\xa0%)")


def test_the_events_trend_under_a_level_names_the_periods_it_leaves_out(small_db, tmp_path):
    (period,), = sql(small_db, "select min(period) from event_participation where region = '50'")
    p = _copy(small_db, tmp_path, f"UPDATE event_rows SET school_name = NULL, school_key = NULL "
                                  f"WHERE region = '50' AND period = '{period}'")
    spec = specs.spec_for("events_trend", Filters("50", "2023-Q4", level="основной"), p)
    assert "Не показаны периоды без участников из ОО этого уровня" in spec.source
    left_out = spec.source.split("Не показаны периоды без участников из ОО этого уровня", 1)[1].split(" · ")[0]
    assert specs.period_short(period) in left_out.rsplit(":", 1)[1]


def test_a_school_typed_with_latin_look_alike_letters_is_the_same_school(small_db, tmp_path):
    # «МБОУ COШ № 1» with a Latin C and O in the agreements form, as a coordinator's keyboard layout leaves it
    latin = "replace(replace(school_name, 'С', 'C'), 'О', 'O')"
    p = _copy(small_db, tmp_path, f"UPDATE agreement_rows SET school_name = {latin}", _REKEY("agreement_rows"))
    assert sql(p, "select count(*) from agreement_rows where regexp_matches(school_name, '[CO]')")[0][0] > 0
    before = queries.agreements_coverage(str(small_db), queries.version(str(small_db)), *specs._args(F50))
    after = queries.agreements_coverage(str(p), queries.version(str(p)), *specs._args(F50))
    pd.testing.assert_frame_equal(before, after)
    assert list(edb._school_keys(np.array(["МБОУ COШ № 1", None], dtype=object))) == ["мбоу сош 1", None]


def test_one_municipality_chosen_is_named_when_it_reaches_the_thresholds(small_db, tmp_path):
    p = _copy(small_db, tmp_path, "UPDATE readiness_rows SET responsible_appointed = true, plan_approved = true, "
                                  "navigators = 2, bvb_registered = true, students_covered = students_total "
                                  "WHERE municipality = 'Химки'",
              "UPDATE event_rows SET students = students * 2 WHERE municipality = 'Химки'")
    f = Filters("50", "2023-Q4", ("Химки",))
    assert kpi.lagging(f, p).empty, kpi.lagging(f, p).to_dict("records")
    assert kpi.no_lagging_message(f, p) == "Химки достигает пороговых значений."  # not «Все муниципалитеты»


def test_the_goals_table_writes_a_whole_target_as_the_thresholds_are_written(small_db):
    """«100 %» beside the threshold's «90 %», not «100,0 %»."""
    g = kpi.goals(F50, small_db)
    values = list(g["Целевое значение"])
    assert values and not any(v.endswith(",0\u00a0%") for v in values), values
    assert any(v.endswith("\u00a0%") for v in values)


def test_lagging_municipalities_and_their_recommendations_come_in_one_order(small_db):
    """A tester's round (07.12.2026): the note's table 4.1 listed «Коломна, Химки, Лобня…», its section 5
    «Коломна, Лобня, Химки…» (ties of the number of thresholds missed broken differently)."""
    from app import kpi

    lag = kpi.lagging(F50, small_db)
    named = [m for m, _items in kpi.recommendations(F50, small_db) if m in set(lag["Муниципалитет"])]
    assert len(named) >= 2 and named == [m for m in lag["Муниципалитет"] if m in named]


def test_under_a_level_indicators_sent_per_municipality_are_said_so_not_unsent(small_db, tmp_path):
    """(tester round t84) With a level chosen, «по уровням» said «показатель за период не сдан» of an indicator sent
    per municipality; with none chosen it said «сдан по муниципалитетам»."""
    p = _copy(small_db, tmp_path, "UPDATE effectiveness_rows SET school_name = NULL, school_key = NULL "
                                  "WHERE region = '50'")
    for f in (F50, Filters("50", "2023-Q4", level="базовый")):
        spec = specs.effectiveness_by_level(f, p, indicator="coverage_share")
        assert spec.empty and spec.empty_message.startswith("Разбивка по уровням недоступна: показатель сдан по "
                                                            "муниципалитетам")


def test_with_a_level_chosen_agreements_of_a_municipality_without_the_readiness_form_are_named_and_not_compared(
        small_db, tmp_path):
    """(tester round t88) With a level chosen, Коломна's agreements (no readiness form for the quarter: its schools'
    level unknown) left the count with no word (8 for 13), and the change set 4 municipalities now against 5 before
    (+1; over the same 4, +4)."""
    p = _copy(small_db, tmp_path, "DELETE FROM readiness_rows WHERE region = '50' AND period = '2023-Q4' "
                                  "AND municipality = 'Балашиха'")
    f = Filters("50", "2023-Q4", level="продвинутый")
    card = {k.key: k for k in kpi.key_figures(f, p)}["agreements"]
    assert card.denominator.endswith("; договоры «Балашиха» не вошли: нет формы готовности — уровень ОО не известен")
    assert card.delta is not None, card  # over the municipalities whose agreements have a level both times
    assert "сдавшим в обоих вместе с формой готовности)" in card.delta_text, card.delta_text
    common = ("Королёв", "Химки")
    now = {k.key: k for k in kpi.key_figures(Filters("50", "2023-Q4", common, "продвинутый"), p)}["agreements"]
    assert card.delta == now.value - {k.key: k for k in kpi.key_figures(
        Filters("50", "2023-Q3", common, "продвинутый"), p)}["agreements"].value


def test_a_municipality_with_no_school_of_the_chosen_level_is_said_to_have_none(small_db, tmp_path):
    """(tester round t88) Лобня sent readiness and agreements, none of its schools «продвинутый»: with that level the
    pages said it had not sent the readiness form, had no data on agreements and «достигает пороговых значений»."""
    p = _copy(small_db, tmp_path, "UPDATE readiness_rows SET level = 'базовый' WHERE region = '50' "
                                  "AND municipality = 'Химки'")
    f = Filters("50", "2023-Q4", ("Химки",), "продвинутый")
    cards = {k.key: k for k in kpi.key_figures(f, p)}
    for key in ("ready_share", "agreement_share"):
        assert cards[key].denominator == "нет ОО уровня «продвинутый»", cards[key]
    assert specs.overview_map(f, p).source.endswith(" · в выбранных муниципалитетах нет ОО уровня «продвинутый»")
    assert kpi.no_lagging_message(f, p) == "ОО уровня «продвинутый» в выбранных муниципалитетах нет."
    assert any(s.endswith(": ОО уровня «продвинутый» нет.") for s in kpi.summary_sentences(f, p))
