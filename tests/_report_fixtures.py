"""Hand-built ChartSpecs for the export tests: every chart kind, Cyrillic names, numbers that need `1 234,5`."""
from __future__ import annotations

import pandas as pd

from app.charts import ChartSpec

SUB = "Московская область · III квартал 2023 г. · все муниципалитеты · все уровни"
SRC = "Источник: формы мониторинга готовности ОО, загрузки № 12, 15; данные на 15.09.2023"
MUNIS = ["Химки", "Королёв", "Подольск", "Балашиха"]


def bar() -> ChartSpec:
    df = pd.DataFrame({"municipality": MUNIS, "covered": [1234.5, 20480.0, 15000.0, 987.0]})
    return ChartSpec("covered_by_muni", "Охвачено профминимумом обучающихся 6–11 классов", "bar", df,
                     x="municipality", y="covered", subtitle=SUB, source=SRC, unit="чел.",
                     labels={"municipality": "Муниципалитет", "covered": "Охвачено"})


def hbar() -> ChartSpec:
    df = pd.DataFrame({"municipality": MUNIS, "share": [0.853, 0.92, 0.7, 0.995]})
    return ChartSpec("coverage_share", "Доля охвата обучающихся по муниципалитетам", "hbar", df,
                     x="municipality", y="share", subtitle=SUB, source=SRC, unit="%", percent=True,
                     labels={"municipality": "Муниципалитет", "share": "Доля охвата"}, target=0.95)


def stacked() -> ChartSpec:
    rows = [(m, lvl, n) for m, base in zip(MUNIS, (40, 55, 30, 12))
            for lvl, n in (("базовый", base), ("основной", base // 2), ("продвинутый", base // 5))]
    df = pd.DataFrame(rows, columns=["municipality", "level", "schools"])
    return ChartSpec("levels_by_muni", "Школы по уровням профминимума", "stacked", df, x="municipality",
                     y="schools", series="level", subtitle=SUB, source=SRC, unit="ОО",
                     labels={"municipality": "Муниципалитет", "schools": "Число ОО", "level": "Уровень"},
                     colors={"базовый": "#A9C8E8", "основной": "#4A7FB5", "продвинутый": "#1F3F66"})


def line() -> ChartSpec:
    df = pd.DataFrame({"period": ["III кв. 2023", "IV кв. 2023", "I кв. 2024", "II кв. 2024"],
                       "participants": [10500, 12250, 13100, 15875]})
    return ChartSpec("participants_trend", "Участники мероприятий по периодам", "line", df, x="period",
                     y="participants", subtitle=SUB, source=SRC, unit="чел.",
                     labels={"period": "Период", "participants": "Участники"})


def pie() -> ChartSpec:
    df = pd.DataFrame({"partner_type": ["ВУЗ", "СПО", "индустриальный партнёр", "иное"],
                       "agreements": [120, 340, 215, 17]})
    return ChartSpec("agreements_by_type", "Договоры о сетевом взаимодействии по типам партнёров", "pie", df,
                     x="partner_type", y="agreements", subtitle=SUB, source=SRC, unit="договоров",
                     labels={"partner_type": "Тип партнёра", "agreements": "Договоры"},
                     colors={"ВУЗ": "#3B6EA5", "СПО": "#E0A04B"})


def heatmap() -> ChartSpec:
    rows = [(m, ind, v) for m in MUNIS for ind, v in (("Ответственный назначен", 0.9), ("План утверждён", 0.75),
                                                      ("Регистрация на платформе", 0.6))]
    df = pd.DataFrame(rows, columns=["municipality", "criterion", "share"])
    return ChartSpec("readiness_heatmap", "Готовность ОО по критериям и муниципалитетам", "heatmap", df,
                     x="criterion", y="municipality", z="share", subtitle=SUB, source=SRC, unit="%",
                     percent=True, labels={"criterion": "Критерий", "municipality": "Муниципалитет",
                                           "share": "Доля ОО"})


def table() -> ChartSpec:
    df = pd.DataFrame({"Муниципалитет": MUNIS, "Школ": [48, 60, 35, 12], "Обучающихся": [12345, 20480, 15000, 987],
                       "Доля охвата": [0.853, 0.92, 0.7, 0.995]})
    return ChartSpec("muni_table", "Сводная таблица по муниципалитетам", "table", df, subtitle=SUB, source=SRC,
                     extra={"percent_cols": ["Доля охвата"]})


def native_specs() -> list[ChartSpec]:
    return [bar(), hbar(), stacked(), line(), pie()]


def all_specs() -> list[ChartSpec]:
    return native_specs() + [heatmap(), table()]


# ---------------------------------------------------------------------------------------------------------
# A small real database (through the storage layer, as tests/test_db.py does)
# ---------------------------------------------------------------------------------------------------------
DB_MUNIS = {"Химки": 7, "Королёв": 5, "Подольск": 4}
LEVELS = ["базовый", "основной", "продвинутый"]


def readiness_columns(period: str, bonus: int = 0) -> dict[str, list]:
    cols: dict[str, list] = {k: [] for k in (
        "period", "region", "municipality", "school_name", "level", "responsible_appointed", "plan_approved",
        "students_total", "students_covered", "navigators", "bvb_registered", "source_file", "source_sheet",
        "source_row")}
    row = 5
    for m, n in DB_MUNIS.items():
        for i in range(n + bonus):
            cols["period"].append(period)
            cols["region"].append("50")
            cols["municipality"].append(m)
            cols["school_name"].append(f"МБОУ СОШ № {i + 1} ({m})")
            cols["level"].append(LEVELS[i % 3])
            cols["responsible_appointed"].append(i % 4 != 3)
            cols["plan_approved"].append(i % 3 != 2)
            cols["students_total"].append(400 + 37 * i)
            cols["students_covered"].append(350 + 31 * i)
            cols["navigators"].append(i % 2)
            cols["bvb_registered"].append(True)
            cols["source_file"].append(f"готовность_{period}.xlsx")
            cols["source_sheet"].append(m)
            cols["source_row"].append(row)
            row += 1
    return cols


def make_db(path) -> str:
    """Readiness of 16 schools in 3 municipalities of Московская область for 2023-Q3 (and fewer for 2023-Q2)."""
    from etl import db

    for period, bonus, sha in (("2023-Q2", -1, "q2"), ("2023-Q3", 0, "q3")):
        with db.write_connection(path) as con:
            db.store_load(con, file_name=f"готовность_{period}.xlsx", sha256=sha, kind="readiness",
                          period=period, region="50", columns=readiness_columns(period, bonus), keep=None,
                          problems=[], status="loaded", message="")
    return str(path)
