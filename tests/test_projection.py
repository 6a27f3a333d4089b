"""«Are we getting there?»: a school year's periods, a least-squares projection to 31 August capped to the
indicator's bounds, and the municipalities that at their pace will not reach the target — checked against numbers
computed by hand."""
from __future__ import annotations

from datetime import date

import pytest

from app import kpi
from app import projection as pj
from app.filters import Filters
from etl import db as edb
from tests.conftest import _store


def test_school_years_and_months_left():
    assert [pj.school_year_of(p) for p in ("2023-Q3", "2024-Q2", "2024-Q3", "2023-H2", "2024-H1")] == \
        ["2023/24", "2023/24", "2024/25", "2023/24", "2023/24"]
    assert pj.school_year_bounds("2023/24") == (date(2023, 9, 1), date(2024, 8, 31))
    assert pj.months_left("2023-Q4") == 8 and pj.months_left("2024-Q2") == 2


def test_the_projection_is_the_least_squares_line_read_at_the_end_capped():
    # 40 on 30.09.2023 and 50 on 31.12.2023: 10 points in 92 days; 31.08.2024 is 336 days after 30.09.2023
    assert pj.project([(date(2023, 9, 30), 40), (date(2023, 12, 31), 50)], date(2024, 8, 31)) == \
        pytest.approx(40 + 10 * 336 / 92)
    # three points: slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² over days 0, 92, 183 with values 40, 50, 55
    xs, ys = [0, 92, 183], [40, 50, 55]
    mx, my = sum(xs) / 3, sum(ys) / 3
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    pts = [(date(2023, 9, 30), 40), (date(2023, 12, 31), 50), (date(2024, 3, 31), 55)]
    assert pj.project(pts, date(2024, 8, 31)) == pytest.approx(my + slope * (336 - mx))
    assert pj.project([(date(2023, 9, 30), 80), (date(2023, 12, 31), 99)], date(2024, 8, 31), 0, 100) == 100
    assert pj.project([(date(2023, 9, 30), 80)], date(2024, 8, 31)) is None  # one period: too few


def coverage(period: str, values: dict[str, float]) -> dict:
    cols = {k: [] for k in ["period", "region", "municipality", "school_name", "indicator_code", "value",
                            "source_file", "source_sheet", "source_row"]}
    for i, (m, v) in enumerate(values.items()):
        for k, x in (("period", period), ("region", "50"), ("municipality", m), ("school_name", None),
                     ("indicator_code", "coverage_share"), ("value", v), ("source_file", f"{period}.xlsx"),
                     ("source_sheet", "Лист1"), ("source_row", i + 3)):
            cols[k].append(x)
    return cols


def test_under_a_level_a_school_or_two_of_it_with_figures_is_no_reason_to_blame_the_periods(tmp_path):
    """(tester round t93) one school of the level with effectiveness figures: «меньше двух периодов» was given as the
    reason, while the form comes by municipality — that is the reason said."""
    from tests.conftest import _readiness

    dbp = tmp_path / "m.duckdb"
    with edb.write_connection(dbp) as con:
        _store(con, "readiness", "50", "2024-Q1", _readiness("50", "2024-Q1", 0), "r.xlsx")
        school = coverage("2024-Q1", {"Химки": 90.0})
        school["school_name"] = ["СОШ № 1 (Химки)"]
        _store(con, "effectiveness", "50", "2024-Q1", school, "e.xlsx")
    level = next(lv for lv in ("базовый", "основной", "продвинутый")
                 if not kpi.q.effectiveness_values(str(dbp), kpi.q.version(str(dbp)), "50", None, (), lv,
                                                   "municipality").empty)
    table, _note, empty = kpi.at_risk(Filters("50", "2024-Q1", level=level), dbp)
    assert table.empty and empty.startswith(f"Прогноза нет: показатели эффективности по уровню «{level}» почти не "
                                            "сдаются")


def test_at_risk_lists_who_will_not_reach_the_target_at_their_pace(tmp_path):
    dbp = tmp_path / "m.duckdb"
    series = {"2023-Q3": {"Химки": 40.0, "Клин": 90.0, "Дубна": 70.0},
              "2023-Q4": {"Химки": 50.0, "Клин": 96.0},
              "2024-Q1": {"Химки": 55.0, "Клин": 99.0}}
    with edb.write_connection(dbp) as con:
        for p, vals in series.items():
            _store(con, "effectiveness", "50", p, coverage(p, vals), f"{p}.xlsx")
    table, note, _empty = kpi.at_risk(Filters("50", "2024-Q1"), dbp, today=date(2024, 4, 10))
    assert list(table["Муниципалитет"]) == ["Химки"]  # Клин reaches 100 % by its pace; Дубна: one period only
    row = table.iloc[0]
    xs, ys = [0, 92, 183], [40, 50, 55]
    mx, my = sum(xs) / 3, sum(ys) / 3
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    proj = my + slope * (336 - mx)  # 74,4 % by hand
    assert row["Сейчас"] == "55,0\u00a0%" and row["Цель"] == "100\u00a0%"
    assert row["Прогноз на 31 августа"] == f"{proj:.1f}".replace(".", ",") + "\u00a0%"
    assert row["Не хватит"] == f"{100 - proj:.1f}".replace(".", ",") + " п.\u00a0п."
    assert row["Осталось месяцев"] == 5
    assert "Недостаточно данных" in note and "2023/24" in note
    # (tester round t82) seen after the school year: no months are left, the projection is said to be as it was
    table, note, _empty = kpi.at_risk(Filters("50", "2024-Q1"), dbp, today=date(2026, 12, 7))
    assert table.iloc[0]["Осталось месяцев"] == "—" and "Учебный год 2023/24 завершён" in note
    # the year's last period in: its values are the year's result, no line drawn on to 31 August (tester round t84)
    with edb.write_connection(dbp) as con:
        _store(con, "effectiveness", "50", "2024-Q2", coverage("2024-Q2", {"Химки": 58.0, "Клин": 100.0}), "q2.xlsx")
    __import__("app.queries").queries.version.clear()
    table, note, _empty = kpi.at_risk(Filters("50", "2024-Q2"), dbp, today=date(2026, 12, 7))
    assert [(r["Муниципалитет"], r["Сейчас"], r["Прогноз на 31 августа"]) for _i, r in table.iterrows()] == [
        ("Химки", "58,0\u00a0%", "58,0\u00a0%")]
    assert note == ("Значения — по форме «Показатели эффективности». Итог 2023/24 учебного года — значения его "
                    "последнего периода (II квартал 2024 г.), без прогноза. Недостаточно данных (нет значения "
                    "последнего периода): 1 пара «муниципалитет — показатель» без прогноза.")


def test_the_target_comes_from_the_school_year_and_bars_are_coloured_by_where_they_stand(tmp_path):
    from app import specs, theme

    dbp = tmp_path / "m.duckdb"
    with edb.write_connection(dbp) as con:
        _store(con, "effectiveness", "50", "2023-Q4",
               coverage("2023-Q4", {"Химки": 100.0, "Клин": 92.0, "Дубна": 60.0}), "q4.xlsx")
    spec = specs.effectiveness_by_municipality(Filters("50", "2023-Q4"), dbp, "coverage_share")
    assert spec.target == 1.0  # targets.csv: 100 % for 2023/24
    tl = theme.TRAFFIC_LIGHTS
    assert spec.colors == {"Химки": tl["reached"], "Клин": tl["near"], "Дубна": tl["below"]}
    assert "зелёный — цель достигнута, жёлтый — не ниже 90 % цели" in spec.source


def test_a_past_school_years_targets_are_missed_not_at_risk_and_no_zero_gap_is_listed(tmp_path):
    from datetime import date as d

    dbp = tmp_path / "m.duckdb"
    series = {"2023-Q3": {"Химки": 40.0, "Шатура": 99.0}, "2023-Q4": {"Химки": 50.0, "Шатура": 99.95},
              "2024-Q1": {"Химки": 55.0, "Шатура": 99.96}}
    with edb.write_connection(dbp) as con:
        for p, vals in series.items():
            _store(con, "effectiveness", "50", p, coverage(p, vals), f"{p}.xlsx")
    f = Filters("50", "2024-Q1")
    table, _note, _empty = kpi.at_risk(f, dbp)
    assert list(table["Муниципалитет"]) == ["Химки"]  # Шатура's 99,96…→100,0 % is no gap of «0,0 п. п.»
    # the data end 31.03.2024: whatever today's date, 31 August is a forecast; the year's last period is no forecast
    assert not pj.school_year_closed("2024-Q1") and pj.school_year_closed("2024-Q2")
    assert pj.school_year_closed("2024-H1") and not pj.school_year_closed("2023-H2")
    said = dict(kpi.recommendations(f, dbp, table))["Химки"][-1]
    assert "не достигнута" not in said


def test_an_empty_list_says_all_reach_the_targets_only_where_a_projection_was_made(tmp_path):
    dbp = tmp_path / "m.duckdb"
    series = {"2023-Q3": {"Клин": 90.0, "Дубна": 70.0}, "2023-Q4": {"Клин": 96.0}, "2024-Q1": {"Клин": 99.0}}
    with edb.write_connection(dbp) as con:
        for p, vals in series.items():
            _store(con, "effectiveness", "50", p, coverage(p, vals), f"{p}.xlsx")
    # Клин reaches 100 % by its pace; Дубна has one period: no projection for it, and the message says so
    table, _note, empty = kpi.at_risk(Filters("50", "2024-Q1"), dbp)
    assert table.empty and empty.startswith("При нынешнем темпе целевых значений к 31 августа достигают все "
                                            "муниципалитеты, по которым прогноз есть (1 показатель)")
    assert "по остальным 1 — недостаточно данных" in empty
    # the first quarter of the year: one period for everyone, no projection at all — never «all reach»
    table, _note, empty = kpi.at_risk(Filters("50", "2023-Q3"), dbp)
    assert table.empty and empty == "Прогноза нет: по каждому показателю меньше двух периодов учебного года"
    # a level: the indicators come per municipality, there is nothing to project by level
    table, _note, empty = kpi.at_risk(Filters("50", "2024-Q1", level="базовый"), dbp)
    assert table.empty and empty.startswith("Прогноза нет: показатели эффективности по уровню «базовый» не сдаются")
    # Клин alone, three periods: all reach
    table, _note, empty = kpi.at_risk(Filters("50", "2024-Q1", ("Клин",)), dbp)
    assert table.empty and empty == "При нынешнем темпе все муниципалитеты достигают целевых значений к 31 августа"


@pytest.mark.parametrize("field, value, said", [
    ("value", "70 %", None), ("value", "семьдесят", "не число"), ("school_year", "2023-2024", "учебный год"),
    ("indicator", "Доля охвата", "не найден")])
def test_a_target_row_the_pages_cannot_use_is_refused_naming_its_line(monkeypatch, field, value, said):
    """(tester round t86) «70 %» stopped every report with an internal error; «2023-2024» and an indicator written
    by its name were dropped with no word."""
    from etl import reference
    from etl.reference import ReferenceFileError

    row = {"region_code": "40", "school_year": "2023/24", "indicator": "coverage_share", "value": "100", "source": "x"}
    real = reference.rows
    monkeypatch.setattr(reference, "rows", lambda name: ({**row, field: value},) if name == "targets.csv"
                        else real(name))
    if said is None:
        assert pj.targets() == {("40", "2023/24", "coverage_share"): (70.0, "x")}
        return
    with pytest.raises(ReferenceFileError, match=f"targets.csv», строка 2: .*{said}"):
        pj.targets()


def test_a_regions_cadence_or_first_period_written_otherwise_is_refused(tmp_path):
    """(tester round t86) «полугодие» for «half» filed a half-yearly region's forms by quarters with no word."""
    import shutil

    from etl.reference import ReferenceFileError
    from etl.registry import Registry

    ref = tmp_path / "ref"
    shutil.copytree("data/reference", ref)
    text = (ref / "regions.csv").read_text(encoding="utf-8")
    (ref / "regions.csv").write_text(text.replace(",half,", ",полугодие,"), encoding="utf-8")
    with pytest.raises(ReferenceFileError, match="regions.csv», строка 3 .*периодичность «полугодие» не распознана"):
        Registry.load(ref)
    (ref / "regions.csv").write_text(text.replace("2023-H2", "2 полугодие 2023"), encoding="utf-8")
    with pytest.raises(ReferenceFileError, match="первый период «2 полугодие 2023» записан не так"):
        Registry.load(ref)


def test_a_municipality_written_twice_or_coordinates_with_a_comma_are_refused(tmp_path):
    """(tester round t86) Козельский twice: the last row's coordinates won, under another short name a 13th unit
    that never submits; «54,5138» left Калуга off the map — all with no word."""
    import shutil

    from etl.reference import ReferenceFileError
    from etl.registry import Registry

    ref = tmp_path / "ref"
    shutil.copytree("data/reference", ref)
    text = (ref / "municipalities.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    klin = next(k for k, line in enumerate(lines) if ",Клин," in line)
    (ref / "municipalities.csv").write_text(text + lines[klin].replace("Клин,", "Клинский,", 1) + "\n",
                                            encoding="utf-8")
    with pytest.raises(ReferenceFileError, match=rf"строка {len(lines) + 1}: «Городской округ Клин» уже записан в "
                                                 rf"строке {klin + 1} того же региона"):
        Registry.load(ref)
    lat = lines[klin].split(",")[6]
    (ref / "municipalities.csv").write_text(text.replace(lat, f'"{lat.replace(".", ",")}"', 1), encoding="utf-8")
    with pytest.raises(ReferenceFileError, match=rf"строка {klin + 1} \(Клин\): широта «{lat.replace('.', ',')}» не "
                                                 "число — пишите с точкой"):
        Registry.load(ref)
