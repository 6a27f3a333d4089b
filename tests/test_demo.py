"""The demo database: every generated messy form loads through the real ETL path, and the figures in the
contract views equal what the generator wrote (its truth) exactly — subtotals and «Свод» sheets never count."""
from collections import Counter

import pytest

from etl import db, demo
from etl.demo_db import build_demo, sample_files


def _build(tmp_path_factory, scale):
    base = tmp_path_factory.mktemp(f"demo_{scale}")
    dbp, samples = base / "demo.duckdb", base / "samples"
    out = build_demo(dbp, samples_dir=samples, scale=scale)
    return dbp, samples, out


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return _build(tmp_path_factory, 0.1)


def q(dbp, sql):
    with db.read_connection(dbp) as con:
        return con.execute(sql).fetchall()


def check_nothing_rejected(dbp, out):
    bad = [(r.file, r.message, [p.text() for p in r.errors[:3]]) for r in out["results"] if r.status != "loaded"]
    assert bad == []
    assert all(r.rows_rejected == 0 for r in out["results"])
    assert q(dbp, "SELECT count(*) FROM loads WHERE status <> 'loaded'") == [(0,)]
    assert q(dbp, "SELECT count(*) FROM quarantine WHERE severity = 'error'") == [(0,)]


def check_totals(dbp, truth: demo.Truth):
    got = q(dbp, """
        SELECT region, period, municipality, count(*), sum(students_total), sum(students_covered),
               count(*) FILTER (level = 'базовый'), count(*) FILTER (level = 'основной'),
               count(*) FILTER (level = 'продвинутый'), count(*) FILTER (responsible_appointed),
               count(*) FILTER (plan_approved), count(*) FILTER (bvb_registered),
               count(*) FILTER (navigators > 0), sum(navigators)
        FROM readiness GROUP BY ALL ORDER BY ALL""")
    assert [tuple(r) for r in got] == truth.readiness_rows()

    got = q(dbp, "SELECT region, period, municipality, partner_type, count(*) FROM agreements GROUP BY ALL ORDER BY ALL")
    assert [tuple(r) for r in got] == truth.agreement_rows()

    got = q(dbp, """
        SELECT region, period, municipality, event, sum(coalesce(students, 0)), sum(coalesce(parents, 0)),
               sum(coalesce(teachers, 0))
        FROM event_participation GROUP BY ALL ORDER BY ALL""")
    assert [tuple(r) for r in got] == truth.event_rows()

    got = q(dbp, """SELECT region, period, municipality, indicator_code, sum(value) FROM effectiveness
                    GROUP BY ALL ORDER BY ALL""")  # one municipality reports per school
    want = truth.effectiveness_rows()
    assert [r[:4] for r in got] == [w[:4] for w in want]
    assert all(abs(g[4] - w[4]) < 1e-9 for g, w in zip(got, want))


def check_no_subtotals(dbp, truth: demo.Truth):
    # rows stored = records written (no «Итого…» row, no «Свод» sheet, no footer slipped in)
    for kind, view in (("readiness", "readiness"), ("agreements", "agreements"),
                       ("events", "event_participation"), ("effectiveness", "effectiveness")):
        assert q(dbp, f"SELECT count(*) FROM {view}") == [(truth.rows[kind],)], kind
    assert q(dbp, """SELECT count(*) FROM readiness WHERE regexp_matches(lower(school_name), '^(итого|всего)')
                     OR lower(coalesce(source_sheet, '')) LIKE 'свод%'""") == [(0,)]


def test_small_demo_loads_cleanly(small):
    dbp, samples, out = small
    check_nothing_rejected(dbp, out)
    # every generated file plus both roadmaps was loaded
    assert len(out["results"]) == len(sample_files(samples)) + 2
    # the build's temporary database leaves nothing behind (no copy of the data beside the database)
    assert not [p.name for p in dbp.parent.glob("tmp*")]


def test_small_demo_totals_equal_truth(small):
    dbp, _, out = small
    truth = out["truth"]
    check_totals(dbp, truth)
    check_no_subtotals(dbp, truth)


def test_demo_covers_both_regions_all_periods_and_municipalities(small):
    dbp, _, out = small
    truth = out["truth"]
    assert truth.periods("50") == ["2023-Q3", "2023-Q4", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert truth.periods("65") == ["2023-H2", "2024-H1", "2024-H2"]
    active = q(dbp, "SELECT region_code, count(*) FROM municipalities WHERE coalesce(merged_into, '') = '' "
                    "GROUP BY ALL ORDER BY ALL")
    # merged units count under the unit that absorbed them in every period (today's borders):
    # Протвино and Пущино → Серпухов, Электрогорск → Павлово-Посадский, Дзержинский → Люберцы
    for region, n in active:
        for period in truth.periods(region):
            got = set(truth.municipalities(region, period))
            assert len(got) == n, (region, period)
            assert not {"Протвино", "Пущино", "Электрогорск", "Дзержинский"} & got
            assert set(r[0] for r in q(dbp, f"SELECT DISTINCT municipality FROM readiness WHERE period = '{period}' "
                                            f"AND region = '{region}'")) == got
    for period in ("2023-Q3", "2024-Q4"):  # old names in the forms: Протвино's schools count under Серпухов
        assert q(dbp, f"SELECT count(*) FROM readiness WHERE municipality = 'Серпухов' AND period = '{period}' "
                      "AND school_name LIKE '%г. Протвино'")[0][0] >= 1
    assert q(dbp, "SELECT count(*) FROM readiness WHERE municipality = 'Люберцы' AND period = '2023-Q3' "
                  "AND school_name LIKE '%г. Дзержинский'")[0][0] >= 1
    assert q(dbp, "SELECT count(*) FROM readiness WHERE municipality = 'Павлово-Посадский' AND period = '2023-Q3' "
                  "AND school_name LIKE '%г. Электрогорск'")[0][0] >= 1


def test_demo_mixes_messy_shapes(small):
    _, _, out = small
    shapes = Counter((f["kind"], f["shape"]) for f in out["truth"].files)
    for need in [("readiness", "region-xlsx"), ("readiness", "sheets+svod"), ("readiness", "csv-cp1251"),
                 ("readiness", "single-muni"), ("events", "wide"), ("effectiveness", "wide"),
                 ("effectiveness", "long-period-column"), ("effectiveness", "per-school-wide"),
                 ("agreements", "region")]:
        assert shapes[need] > 0, need
    assert any(f["shape"].startswith("long") for f in out["truth"].files if f["kind"] == "events")


def test_demo_shows_progress_and_lagging_municipalities(small):
    dbp, _, _ = small
    cov = dict(q(dbp, "SELECT period, sum(students_covered) / sum(students_total) FROM readiness "
                      "WHERE region = '50' GROUP BY ALL"))
    assert cov["2024-Q4"] > cov["2023-Q3"]
    basic = dict(q(dbp, "SELECT period, avg((level = 'базовый')::int) FROM readiness WHERE region = '50' GROUP BY ALL"))
    assert basic["2024-Q4"] < basic["2023-Q3"]
    agr = dict(q(dbp, "SELECT period, count(*) FROM agreements WHERE region = '50' GROUP BY ALL"))
    assert agr["2024-Q4"] > agr["2023-Q3"]
    # a few municipalities below the coverage threshold in the last period
    low = q(dbp, """SELECT municipality FROM readiness WHERE period = '2024-Q4' GROUP BY ALL
                    HAVING sum(students_covered) / sum(students_total) <
                       (SELECT value::DOUBLE FROM thresholds WHERE key = 'coverage_share_min')""")
    assert 1 <= len(low) <= 10


def test_generator_is_deterministic(tmp_path):
    a = demo.generate(tmp_path / "a", scale=0.05, seed=7)
    b = demo.generate(tmp_path / "b", scale=0.05, seed=7)
    assert a.readiness_rows() == b.readiness_rows() and a.event_rows() == b.event_rows()
    assert sorted(p.name for p in (tmp_path / "a").rglob("*") if p.is_file()) == \
        sorted(p.name for p in (tmp_path / "b").rglob("*") if p.is_file())


@pytest.mark.slow
def test_full_demo_loads_and_equals_truth(tmp_path_factory):
    """The demo `make run` builds (scale 1): every file in data/samples loads, totals equal the truth."""
    dbp, samples, out = _build(tmp_path_factory, 1.0)
    check_nothing_rejected(dbp, out)
    truth = out["truth"]
    assert 1200 <= sum(a.schools for (r, p, _), a in truth.readiness.items() if r == "50" and p == "2024-Q4") <= 1300
    assert 120 <= sum(a.schools for (r, p, _), a in truth.readiness.items() if r == "65" and p == "2024-H2") <= 140
    check_totals(dbp, truth)
    check_no_subtotals(dbp, truth)


def test_demo_submissions_arrive_around_their_deadlines(small):
    """The demo's loads carry submission times around each period's deadline (most on time, some late, in working
    hours), later versions of a submission later than the ones they replaced; the tracker reads them so."""
    from datetime import date, timedelta

    from app import tracker as tr
    from etl import periods

    dbp = small[0]
    rows = q(dbp, "SELECT load_id, period, loaded_at FROM loads WHERE period IS NOT NULL ORDER BY load_id")
    for _, period, when in rows:
        deadline = periods.deadline_for(period)
        assert deadline - timedelta(days=14) <= when.date() <= deadline + timedelta(days=7), (period, when)
        assert 9 <= when.hour < 18 or when.minute or when.second  # working hours, unless pushed after a version
    late = sum(when.date() >= periods.deadline_for(p) for _, p, when in rows)
    assert 0 < late < len(rows) / 2
    texts, states, _ = tr.matrix(dbp, "50", "2023-Q3", today=date(2024, 1, 1))
    assert (states == "on_time").to_numpy().sum() > (states == "late").to_numpy().sum() > 0
    replaced = q(dbp, """SELECT o.loaded_at, n.loaded_at FROM load_scope so JOIN load_scope sn
                          ON so.kind = sn.kind AND so.region = sn.region AND so.period = sn.period
                          AND so.municipality IS NOT DISTINCT FROM sn.municipality AND sn.load_id > so.load_id
                          JOIN loads o ON o.load_id = so.load_id JOIN loads n ON n.load_id = sn.load_id""")
    assert all(old < new for old, new in replaced)


def test_a_later_version_of_a_demo_submission_is_dated_later(tmp_path):
    import hashlib

    import _upload_fixtures as fx
    from etl import pipeline
    from etl.demo_db import simulate_submission_dates

    def spread(name):
        return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % (21 * 9)

    # two versions of Химки's readiness for 2023-Q3 whose names alone would date the second one earlier
    names = [f"химки_{i}.xlsx" for i in range(40)]
    first = max(names, key=spread)
    second = min(names, key=spread)
    dbp = tmp_path / "d.duckdb"
    for i, name in enumerate((first, second)):
        rows = fx.clean_rows("Химки", 3 + i)
        r = pipeline.load_file(fx.readiness_xlsx(tmp_path / name, rows), dbp)
        assert r.status == "loaded" and r.period == "2023-Q3"
    simulate_submission_dates(dbp)
    (a, sa), (b, sb) = q(dbp, "SELECT loaded_at, status FROM loads ORDER BY load_id")
    assert (sa, sb) == ("replaced", "loaded") and a < b


def test_a_per_school_effectiveness_form_gives_the_by_level_chart_data(small, monkeypatch):
    """One Moscow Oblast municipality reports effectiveness per school; its schools' levels come from the
    readiness form, so «Показатель по уровням» has bars — for those schools only, the rest under «без уровня»."""
    import logging

    from app import specs
    from app.filters import Filters

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    dbp = small[0]
    monkeypatch.setenv("MONITORING_DB", str(dbp))
    per_school = q(dbp, """SELECT DISTINCT period, municipality FROM effectiveness
                           WHERE region = '50' AND school_name IS NOT NULL ORDER BY 1""")
    assert per_school and len({p for p, _ in per_school}) == len(per_school)  # one municipality a quarter
    period, muni = per_school[-1]
    spec = specs.effectiveness_by_level(Filters("50", period, (muni,), None), dbp, indicator="students_covered")
    assert not spec.empty and set(spec.data["level"]) <= {"базовый", "основной", "продвинутый"}
    covered = q(dbp, f"""SELECT sum(value) FROM effectiveness WHERE region = '50' AND period = '{period}'
                         AND municipality = '{muni}' AND indicator_code = 'students_covered'""")[0][0]
    assert spec.data["value"].sum() == covered  # every school found its level


def test_demo_dates_of_another_period_do_not_push_each_other(tmp_path):
    """Loaded in any order, each period's submission is dated around its own deadline."""
    import _upload_fixtures as fx
    from etl import periods, pipeline
    from etl.demo_db import simulate_submission_dates

    dbp = tmp_path / "d.duckdb"
    for i, period in enumerate(("2024-Q1", "2023-Q3")):  # the later period first
        f = fx.readiness_xlsx(tmp_path / f"химки_{i}.xlsx", fx.clean_rows("Химки", 3 + i))
        assert pipeline.load_file(f, dbp, period=period).status == "loaded"
    simulate_submission_dates(dbp)
    for period, when in q(dbp, "SELECT period, loaded_at FROM loads"):
        deadline = periods.deadline_for(period)
        assert deadline.toordinal() - 14 <= when.date().toordinal() <= deadline.toordinal() + 7, (period, when)


def test_the_demo_has_some_municipalities_behind_their_pace(small):
    """«Рискуют не достичь цели» on the demo names some municipalities, not none and not all: the share of pupils
    in professional trials counts the school year so far (it grows from quarter to quarter), slower where events
    are few."""
    from app import filters as F
    from app import kpi

    dbp, _samples, _out = small
    table, _how, _empty = kpi.at_risk(F.Filters("50", None), dbp)
    behind = set(table["Муниципалитет"])
    with db.read_connection(dbp) as con:
        reporting = {r[0] for r in con.execute("SELECT DISTINCT municipality FROM effectiveness WHERE region = '50' "
                                               "AND period = '2024-Q4'").fetchall()}
    assert behind and len(behind) < len(reporting) / 2, (len(behind), len(reporting))
    probes = q(dbp, "SELECT period, sum(value) FROM effectiveness WHERE region = '50' AND indicator_code = "
                    "'probes_done' AND period IN ('2024-Q3', '2024-Q4') GROUP BY period ORDER BY period")
    assert probes[0][1] < probes[1][1]  # the school year so far: more pupils by the second quarter
