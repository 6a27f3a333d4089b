"""One function per chart: (filters, db_path) → ChartSpec. Shared by the pages and the exports.

`CHARTS` lists every chart of every page in page order; `spec_for(key, filters, db_path)` builds one.
Each spec carries `subtitle = filters.describe()` and the source line of the rows it shows.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from app import queries as q
from app import theme
from app.charts import ChartSpec
from app.filters import Filters, period_label, period_short, resolved, year_events_sent, year_periods
from app.fmt import fmt_date, fmt_delta, fmt_int, fmt_pct, not_accepted, of_municipalities
from etl.textru import plural, some_of

FORM_NAMES = {"readiness": "«Готовность ОО»", "agreements": "«Договоры о сетевом взаимодействии»",
              "events": "«Участие в мероприятиях»", "effectiveness": "«Показатели эффективности»",
              "roadmap": "«Дорожная карта»"}
MAX_IDS = 8
CATEGORY_NAMES = {"students": "обучающиеся", "parents": "родители", "teachers": "педагоги"}


@dataclass(frozen=True)
class ChartDef:
    key: str
    page: str  # the page title in app/nav.py
    title: str
    build: Callable[[Filters, Path | None], ChartSpec]


# ---------------------------------------------------------------------------------------------
# Helpers

def context(filters: Filters, db_path=None) -> tuple[str, int, Filters]:
    """(db, data version, filters with the period resolved: None → the region's latest period)."""
    db = q.db_str(db_path)
    v = q.version(db)
    if filters.pending:  # «включая непринятые»: every submission, accepted or not
        db = q.with_pending(db)
    if filters.period is None:
        filters = filters.with_period(q.latest_period(db, v, filters.region))
    return db, v, resolved(filters, db, v)


def _args(f: Filters) -> tuple:
    return f.region, f.period, tuple(f.municipalities), f.level


def _ev_args(f: Filters) -> tuple:
    """The events queries' arguments: over a school year the participants are summed from its first period."""
    return _args(f) + (f.since,)


def _year_events_sent(db: str, v: int, f: Filters) -> dict[str, set[str]]:
    """Over a school year: each of its periods → the municipalities that sent the events form for it."""
    return {p: set(q.submitted_municipalities(db, v, "events", f.region, p, tuple(f.municipalities)))
            for p in year_periods(db, v, f)}


def year_sent(db: str, v: int, f: Filters) -> set[str]:
    """Over a school year: the municipalities that sent the events form for each of its periods (one that missed a
    period has no year's figure of participations — not a low one)."""
    sent = [s for s in _year_events_sent(db, v, f).values() if s]
    return set.intersection(*sent) if sent else set()


def year_missed(db: str, v: int, f: Filters) -> str:
    """«Клин — нет II кв. 2024»: over a school year, the municipalities whose events form of some of its periods is
    missing — their figure of participations is of the periods they sent (t88: one quarter beside two, unmarked)."""
    sent = _year_events_sent(db, v, f)
    every = set().union(*sent.values()) if sent else set()
    missed = {m: [period_short(p) for p, ms in sent.items() if m not in ms] for m in sorted(every)}
    return some_of([f"{m} — нет {', '.join(ps)}" for m, ps in missed.items() if ps], 5)


def previous_period(db: str, v: int, f: Filters) -> str | None:
    """What a figure is compared with: the closest earlier period with data (of the chosen municipalities, when
    some are chosen); over a school year, the previous
    school year at the same point (its last period with data up to a year before this one's closing period), so
    half a year is not compared with a whole one."""
    munis = tuple(f.municipalities)  # the chosen municipalities' own earlier periods (one may have skipped one)
    if not f.school_year:
        return q.previous_period_with_data(db, v, f.region, f.period, munis)
    from etl import periods as ep

    year, part = f.period.split("-")
    same_point = f"{int(year) - 1}-{part}"
    before = ep.previous_school_year(f.school_year)
    earlier = [p for p in q.period_options(db, v, f.region, munis)
               if p <= same_point and ep.school_year_of(p) == before]
    return earlier[0] if earlier else None


def previous_filters(db: str, v: int, f: Filters) -> Filters | None:
    """The filters of the comparison (`previous_period`), a school year kept a school year."""
    from etl import periods as ep

    prev = previous_period(db, v, f)
    if not prev:
        return None
    return dataclasses.replace(f, period=prev, school_year=ep.school_year_of(prev) if f.school_year else None)


NO_SOURCE = "Источник: данных нет"


def source_text(db: str, v: int, kinds: list[str], f: Filters, periods_upto: bool = False) -> str:
    """«Источник: форма «Готовность ОО», загрузки № 12, 15; данные за III квартал 2023 г. (последняя загрузка
    03.10.2023)» — the period the data describe, never a date its forms did not give (a form «по состоянию на
    01.12.2024» is IV квартал's: «данные на 31.12.2024» made them a month fresher; the roadmap's day is its report's);
    a form not sent by enough municipalities says so: «сдали 12 из 56 муниципалитетов — данные неполные»."""

    ids: set[int] = set()
    loaded = None
    used = []
    reach = None  # the latest period of the rows shown (of periods up to the chosen one: maybe an earlier one)
    start = None  # … and the first: a chart over periods says their span (t82: «данные за IV квартал 2024 г.» under
    # a line from III квартал 2023 г.)
    for k in kinds:
        lids, a, last, first = q.source_loads(db, v, k, f.region, f.period, tuple(f.municipalities), f.level,
                                              periods_upto, f.since)
        if lids:
            used.append(k)
            ids.update(lids)
            reach = last if last and (reach is None or last > reach) else reach
            start = first if first and (start is None or first < start) else start
            if a is not None and not pd.isna(a) and (loaded is None or a > loaded):
                loaded = a
    if not ids:
        return NO_SOURCE
    ids_sorted = sorted(ids)
    shown = some_of([str(i) for i in ids_sorted], MAX_IDS)
    word = plural(len(ids_sorted), "загрузка", "загрузки", "загрузки")
    text = f"Источник: {_sources(db, v, used, ids_sorted)}, {word} № {shown}"
    if q.is_pending(db) and (waiting := q.unaccepted_loads(db, v, tuple(ids_sorted))):  # «включая непринятые»
        text += f" (не принят{'а' if len(waiting) == 1 else 'ы'}: № {some_of([str(i) for i in waiting], MAX_IDS)})"
    if f.period and any(k != "roadmap" for k in used):
        # (of periods up to the chosen one, or a school year's events summed: as of the latest period they have)
        upto = periods_upto or (f.since and "events" in used)
        span = upto and start and reach and start < reach  # (a school year's events: their quarters — t84)
        text += (f"; данные за {period_label(start)} – {period_label(reach)}" if span else
                 f"; данные за {period_label(reach if upto and reach else f.period)}")
        if loaded is not None:
            text += f" (последняя загрузка {fmt_date(loaded)})"
    elif used == ["roadmap"] and (as_of := q.roadmap_as_of(db, v, f.region)) is not None:
        text += f"; сведения на {fmt_date(as_of)}" + (f" (загружены {fmt_date(loaded)})" if loaded is not None else "")
    elif loaded is not None:
        text += f"; сведения на {fmt_date(loaded)}"
    for k in used:
        if k == "events" and f.since:  # a school year's events: who sent them, period by period
            said = year_events_sent(db, v, f)
            text += f" · {said} — данные неполные" if said else ""
            continue
        state = q.form_submissions(db, v, k, f.region, f.period, tuple(f.municipalities))
        if state and not state["complete"]:
            text += (f" · {FORM_NAMES[k] + ': ' if len(used) > 1 else ''}сдали "
                     f"{of_municipalities(state['submitted'], state['expected'])} — данные неполные")
    return text


def table_source(filters: Filters, kinds: list[str], db_path=None) -> str:
    """«Источник: …» of a table of the page computed from these forms (as a chart's)."""
    db, v, f = context(filters, db_path)
    return source_text(db, v, kinds, f) if f.period or kinds == ["roadmap"] else ""


def _sources(db: str, v: int, used: list[str], ids: list[int]) -> str:
    """«форма «Готовность ОО»», «формы «…», «…»»; effectiveness data of a platform named as its export («выгрузка
    «Билет в будущее»», «результаты «Мои ориентиры»»), never as the municipal form."""
    from etl.schema import SOURCE_NAMES_RU

    families = q.source_families(db, v, tuple(ids)) if "effectiveness" in used else []
    if not set(families) - {"form"}:
        return f"{plural(len(used), 'форма', 'формы', 'формы')} " + ", ".join(FORM_NAMES[k] for k in used)
    forms = [k for k in used if k != "effectiveness"]
    head = [f"{plural(len(forms), 'форма', 'формы', 'формы')} " + ", ".join(FORM_NAMES[k] for k in forms)] \
        if forms else []
    return ", ".join(head + [SOURCE_NAMES_RU[f] for f in families])


def _sent_labels(db: str, v: int, kind: str, f: Filters, periods) -> tuple[dict[str, str], str]:
    """period → its short label, «(3 из 5)» after it where not every municipality sent the form: a sum over fewer
    municipalities is no fall; and the source line's words for it ("" when every period is whole)."""
    labels, partial = {}, False
    for p in periods:
        state = q.form_submissions(db, v, kind, f.region, p, tuple(f.municipalities))
        labels[p] = period_short(p)
        if state and state["submitted"] < state["expected"]:
            labels[p] += f" ({fmt_int(state['submitted'])} из {fmt_int(state['expected'])})"
            partial = True
    return labels, (" · В скобках у периода — сколько муниципалитетов сдали форму, если не все: сумма за такой "
                    "период меньше не из-за спада" if partial else "")


def _spec(key: str, title: str, kind: str, data: pd.DataFrame, f: Filters, source: str, **kw) -> ChartSpec:
    return ChartSpec(key=key, title=title, kind=kind, data=data.reset_index(drop=True), subtitle=f.describe(),
                     source=source, **kw)


def _no_period(key, title, kind, f) -> ChartSpec:
    return ChartSpec(key=key, title=title, kind=kind, data=pd.DataFrame(), subtitle=f.describe(),
                     source=NO_SOURCE,
                     empty_message="В базе нет данных по выбранному региону. Загрузите формы мониторинга.")


# ---------------------------------------------------------------------------------------------
# Обзор

def _absent(db: str, v: int, f: Filters, shown: set[str]) -> dict[str, str]:
    """Why a municipality of the map has no value (t93: every one was «нет данных»): its readiness form not sent,
    or no school of the chosen level in the form it sent."""
    missing = set(q.missing_municipalities(db, v, "readiness", f.region, f.period, tuple(f.municipalities)))
    level = f"нет ОО уровня «{f.level}»" if f.level else None
    return {m: "не сдали" if m in missing else level for m in q.active_municipalities(db, v, f.region, f.period)
            if m not in shown and (m in missing or level)}


def overview_map(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "overview_map", "Карта муниципалитетов: доля ОО, готовых к реализации профминимума"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "map", f)
    from app.tilemap import load_grid, percent_thresholds

    # every municipality of the region keeps its tile and value; the chosen ones are highlighted, not the only ones
    whole = dataclasses.replace(f, municipalities=f.scope)  # (a coordinator's map: their municipalities only)
    by = q.readiness_by_municipality(db, v, *_args(whole))
    data = by[["municipality", "ready_share", "schools", "coverage"]] if not by.empty else pd.DataFrame()
    target = q.thresholds(db, v).get("readiness_share_min", 0.9)
    source = source_text(db, v, ["readiness"], whole)  # (of what is drawn: the region, the chosen ones outlined)
    if f.municipalities and (data.empty or not data["municipality"].isin(f.municipalities).any()):
        waiting = not_accepted(q.unaccepted_municipalities(db, v, "readiness", f.region, f.period,
                                                           tuple(f.municipalities)))
        source += (f" · формы готовности выбранных муниципалитетов за период {waiting}" if waiting else
                   f" · в выбранных муниципалитетах нет ОО уровня «{f.level}»"
                   if q.level_without_schools(db, v, *_args(f)) else
                   " · выбранные муниципалитеты форму готовности за период не сдавали")
    off = sorted(set(data["municipality"]) - set(load_grid(f.region)["municipality"])) if not data.empty else []
    if off:  # a municipality merged away since (its tile went with it): said, not silently dropped
        source += " · Нет на карте (упразднены): " + ", ".join(off)
    return _spec(key, title, "map", data, f, source, z="ready_share",
                 unit="%", percent=True,
                 labels={"ready_share": "Доля готовых ОО", "schools": "Число ОО", "coverage": "Охват"},
                 extra={"region": f.region, "thresholds": percent_thresholds(target),
                        "selected": tuple(f.municipalities), "only": tuple(f.scope),
                        "absent": _absent(db, v, whole, set(data["municipality"]) if not data.empty else set())},
                 empty_message="Нет данных о готовности ОО для выбранных фильтров")


# ---------------------------------------------------------------------------------------------
# Готовность ОО

def readiness_levels(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "readiness_levels", "Школы по уровням профминимума в муниципалитетах"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "stacked", f)
    data = q.readiness_levels(db, v, *_args(f))
    return _spec(key, title, "stacked", data, f, source_text(db, v, ["readiness"], f), x="municipality",
                 y="schools", series="level", unit="ОО", orientation="h", colors=dict(theme.LEVEL_COLORS),
                 labels={"municipality": "Муниципалитет", "schools": "Число ОО", "level": "Уровень"},
                 empty_message="Нет данных о готовности ОО для выбранных фильтров")


def readiness_criteria(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "readiness_criteria", "Доля ОО, выполняющих критерии готовности, по муниципалитетам"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "heatmap", f)
    data = q.readiness_criteria_shares(db, v, *_args(f))
    return _spec(key, title, "heatmap", data, f, source_text(db, v, ["readiness"], f), x="criterion",
                 y="municipality", z="share", unit="%", percent=True,
                 labels={"criterion": "Критерий", "municipality": "Муниципалитет", "share": "Доля ОО"},
                 empty_message="Нет данных о готовности ОО для выбранных фильтров")


def readiness_coverage(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "readiness_coverage", "Охват обучающихся 6–11 классов профминимумом (по форме «Готовность ОО»)"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "hbar", f)
    by = q.readiness_by_municipality(db, v, *_args(f))
    # the hover shows the numbers the share is made of (schools that gave both)
    data = (by.dropna(subset=["coverage"]).sort_values(["coverage", "municipality"])
            [["municipality", "coverage", "covered_paired", "total_paired"]]
            .rename(columns={"covered_paired": "students_covered", "total_paired": "students_total"})
            ) if not by.empty else by
    target = q.thresholds(db, v).get("coverage_share_min")
    return _spec(key, title, "hbar", data, f, source_text(db, v, ["readiness"], f), x="municipality",
                 y="coverage", unit="%", percent=True, target=target, target_label="Порог",
                 labels={"municipality": "Муниципалитет", "coverage": "Доля охваченных",
                         "students_covered": "Охвачено", "students_total": "Обучающихся 6–11 кл."},
                 empty_message="Нет данных об охвате обучающихся для выбранных фильтров")


# ---------------------------------------------------------------------------------------------
# Сетевое взаимодействие

def agreements_types(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "agreements_types", "Договоры о сетевом взаимодействии по типам партнёров"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "bar", f)
    data = q.agreements_by_type(db, v, *_args(f))
    return _spec(key, title, "bar", data, f, source_text(db, v, ["agreements"], f), x="partner_type",
                 y="agreements", unit="договоров", colors=dict(theme.PARTNER_COLORS),
                 labels={"partner_type": "Тип партнёра", "agreements": "Число договоров"},
                 empty_message="Нет данных о договорах для выбранных фильтров")


def agreements_municipalities(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "agreements_municipalities", "Договоры по муниципалитетам и типам партнёров"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "stacked", f)
    data = q.agreements_by_municipality(db, v, *_args(f))
    # a municipality that sent the form with no agreement (every row «нет»; none of the level's schools) has 0 — not
    # left off the chart (tester round t88); one whose schools' level is unknown (no readiness form) is no 0
    unknown = set(q.agreements_without_readiness(db, v, *_args(f)[:-1], None)) if f.level else set()
    zero = sorted(set(q.submitted_municipalities(db, v, "agreements", f.region, f.period, tuple(f.municipalities)))
                  - set(data["municipality"] if not data.empty else ()) - unknown)
    if zero:
        data = pd.concat([data, pd.DataFrame({"municipality": zero, "partner_type": theme.PARTNER_TYPES[0],
                                              "agreements": 0})], ignore_index=True)
    return _spec(key, title, "stacked", data, f, source_text(db, v, ["agreements"], f), x="municipality",
                 y="agreements", series="partner_type", unit="договоров", orientation="h",
                 colors=dict(theme.PARTNER_COLORS),
                 labels={"municipality": "Муниципалитет", "agreements": "Число договоров",
                         "partner_type": "Тип партнёра"},
                 empty_message="Нет данных о договорах для выбранных фильтров")


def _coverage_by_type(db, v, f) -> pd.DataFrame:
    cov = q.agreements_coverage(db, v, *_args(f))
    if cov.empty:
        return cov
    schools = cov.drop_duplicates("municipality")["schools"].sum()
    with_ = cov.dropna(subset=["partner_type"]).groupby("partner_type", sort=False)["with_agreement"].sum()
    order = [t for t in theme.PARTNER_TYPES if t in with_.index] + ["любой тип"] * ("любой тип" in with_.index)
    return pd.DataFrame({"partner_type": order, "with_agreement": [int(with_[t]) for t in order],
                         "schools": [int(schools)] * len(order),
                         "share": [with_[t] / schools if schools else None for t in order]})


def agreements_coverage(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "agreements_coverage", "Доля ОО, имеющих хотя бы один договор с партнёром каждого типа"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "bar", f)
    data = _coverage_by_type(db, v, f)
    colors = dict(theme.PARTNER_COLORS, **{"любой тип": theme.TEXT_COLOR})
    # the threshold is of schools with an agreement of any type: a line across every type's bar would make a
    # type's share look like a miss — it is said beside the chart instead
    least = q.thresholds(db, v).get("agreement_share_min")
    spec = _spec(key, title, "bar", data, f, source_text(db, v, ["agreements", "readiness"], f),
                 x="partner_type", y="share", unit="%", percent=True, colors=colors,
                 labels={"partner_type": "Тип партнёра", "share": "Доля ОО", "with_agreement": "ОО с договором",
                         "schools": "Всего ОО"},
                 empty_message="Нет данных о договорах или о школах для выбранных фильтров")
    if least is not None:
        spec.subtitle += f" · порог для ОО с договором любого типа — {fmt_pct(least, 0)}"
    return spec


def agreements_coverage_map(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "agreements_coverage_municipalities", "Доля ОО с договорами по муниципалитетам и типам партнёров"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "heatmap", f)
    cov = q.agreements_coverage(db, v, *_args(f))
    if not cov.empty:
        types = [t for t in theme.PARTNER_TYPES if t in set(cov["partner_type"].dropna())] + ["любой тип"]
        munis = list(cov.drop_duplicates("municipality")["municipality"])
        grid = pd.MultiIndex.from_product([munis, types], names=["municipality", "partner_type"]).to_frame(index=False)
        data = grid.merge(cov.dropna(subset=["partner_type"]), on=["municipality", "partner_type"], how="left")
        sch = cov.drop_duplicates("municipality").set_index("municipality")["schools"]
        data["schools"] = data["municipality"].map(sch)
        data["with_agreement"] = data["with_agreement"].fillna(0).astype(int)
        data["share"] = data["with_agreement"] / data["schools"]
        anyshare = data[data["partner_type"] == "любой тип"].set_index("municipality")["share"]
        data["_o"] = data["municipality"].map(anyshare)
        data = data.sort_values(["_o", "municipality"], kind="stable").drop(columns="_o")
    else:
        data = cov
    return _spec(key, title, "heatmap", data, f, source_text(db, v, ["agreements", "readiness"], f),
                 x="partner_type", y="municipality", z="share", unit="%", percent=True,
                 labels={"partner_type": "Тип партнёра", "municipality": "Муниципалитет", "share": "Доля ОО"},
                 empty_message="Нет данных о договорах или о школах для выбранных фильтров")


# ---------------------------------------------------------------------------------------------
# Мероприятия

def _people_long(df: pd.DataFrame, x: str) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame(columns=[x, "category", "people"])
    long = df.melt(id_vars=[x], value_vars=["students", "parents", "teachers"], var_name="category",
                   value_name="people")
    long["category"] = long["category"].map(CATEGORY_NAMES)
    order = {c: i for i, c in enumerate(pd.unique(df[x]))}
    cat_order = {c: i for i, c in enumerate(theme.CATEGORIES)}
    long = long.sort_values([x, "category"], key=lambda s: s.map(order) if s.name == x else s.map(cat_order))
    return long.reset_index(drop=True)


_PEOPLE_LABELS = {"people": "Число участий", "category": "Категория"}


_UNLEVELLED = {"без ОО": "сданы без ОО", "нет формы готовности": "нет формы готовности за период",
               "ОО нет в форме готовности": "ОО нет в форме готовности"}


def unlevelled_text(rows, year: bool = False) -> str:
    """«не вошли участия с неизвестным уровнем ОО: «Коломна» — нет формы готовности за период» — a level chosen
    (over a school year, with the periods: «Коломна» (I кв. 2025)); "" when none."""
    by: dict[str, dict[str, list[str]]] = {}
    for m, p, why in rows:
        by.setdefault(why, {}).setdefault(m, []).append(p)
    parts = [some_of([f"«{m}»" + (f" ({', '.join(map(period_short, ps))})" if year else "") for m, ps in ms.items()],
                     3) + f" — {_UNLEVELLED[why]}" for why, ms in by.items()]
    return "не вошли участия с неизвестным уровнем ОО: " + "; ".join(parts) if parts else ""


def _events_empty(db: str, v: int, f: Filters, data: pd.DataFrame, message: str) -> str:
    """What an events chart says when empty: no breakdown by the chosen level (the forms were sent per
    municipality), else `message`."""
    return q.EVENTS_NO_LEVELS if data.empty and q.events_without_levels(db, v, *_ev_args(f)) else message


def _unlevelled_note(db: str, v: int, f: Filters) -> str:
    """« · участия … не вошли: уровень их ОО не известен» — a level chosen and some participants of no known level."""
    said = unlevelled_text(q.events_unlevelled(db, v, f.region, f.period, tuple(f.municipalities), f.since),
                           bool(f.since)) if f.level else ""
    return f" · {said[:1].upper()}{said[1:]}" if said else ""


def _people_spec(key: str, title: str, kind: str, data: pd.DataFrame, f: Filters, source: str, x: str,
                 x_label: str, db: str, v: int, **kw) -> ChartSpec:
    """Participations (long form of _people_long: a pupil at three events counts three times — no «чел.») along
    `x`, one series per category; a level chosen, the participants of no known level named."""
    source += _unlevelled_note(db, v, f)
    return _spec(key, title, kind, data, f, source, x=x, y="people", series="category", **kw,
                 colors=dict(theme.CATEGORY_COLORS), labels=dict(_PEOPLE_LABELS, **{x: x_label}),
                 empty_message=_events_empty(db, v, f, data, "Нет данных об участии в мероприятиях для "
                                                             "выбранных фильтров"))


def events_by_event(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "events_by_event", "Участия в мероприятиях по мероприятиям"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "stacked", f)
    by = q.events_by_event(db, v, *_ev_args(f))
    data = _people_long(by[["event", "students", "parents", "teachers"]] if not by.empty else by, "event")
    return _people_spec(key, title, "stacked", data, f, source_text(db, v, ["events"], f), "event", "Мероприятие",
                        db, v, orientation="h")


def events_by_level(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "events_by_level", "Участия в мероприятиях по уровню мероприятия"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "stacked", f)
    data = _people_long(q.events_by_level(db, v, *_ev_args(f)), "event_level")
    return _people_spec(key, title, "stacked", data, f, source_text(db, v, ["events"], f), "event_level",
                        "Уровень мероприятия", db, v)


def events_per100(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "events_per100", "Участия обучающихся в мероприятиях на 100 обучающихся 6–11 классов"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "hbar", f)
    by = q.events_by_municipality(db, v, *_ev_args(f))
    source = source_text(db, v, ["events", "readiness"], f)
    if f.since and not by.empty:  # a school year: one that missed a period's form has no year's figure
        whole = year_sent(db, v, f)
        missed = sorted(set(by["municipality"]) - whole)
        by = by[by["municipality"].isin(whole)]
        if missed:
            source += (" · Не показаны муниципалитеты, сдавшие форму мероприятий не за все периоды учебного года: "
                       + some_of(missed, 5))
    source += _unlevelled_note(db, v, f)
    data = (by.dropna(subset=["per100"]).sort_values(["per100", "municipality"])
            [["municipality", "per100", "students", "pupils"]]) if not by.empty else by
    return _spec(key, title, "hbar", data, f, source, x="municipality",
                 y="per100", unit="на 100", additive=False,
                 target=q.thresholds(db, v).get("participants_per100_min"), target_label="Порог",
                 labels={"municipality": "Муниципалитет", "per100": "Участий обучающихся на 100 обучающихся",
                         "students": "Участия обучающихся", "pupils": "Обучающихся 6–11 кл."},
                 empty_message=_events_empty(db, v, f, data, "Нет данных об участии в мероприятиях или о "
                                                             "численности обучающихся для выбранных фильтров"))


def events_municipalities(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "events_municipalities", "Участия в мероприятиях по муниципалитетам"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "stacked", f)
    by = q.events_by_municipality(db, v, *_ev_args(f))
    if not by.empty:
        by = by.assign(_t=by["students"] + by["parents"] + by["teachers"]).sort_values(
            ["_t", "municipality"], ascending=[False, True])[["municipality", "students", "parents", "teachers"]]
    data = _people_long(by, "municipality")
    source = source_text(db, v, ["events"], f)
    if f.since and (missed := year_missed(db, v, f)):  # (a municipality's sum of fewer periods: said whose)
        source += f" · Не за все периоды учебного года (сумма сданных): {missed}"
    return _people_spec(key, title, "stacked", data, f, source, "municipality", "Муниципалитет", db, v,
                        orientation="h")


def events_trend(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "events_trend", "Участия в мероприятиях по периодам"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "line", f)
    by = q.events_over_time(db, v, *_args(f))
    source = source_text(db, v, ["events"], f, periods_upto=True)
    if f.level:  # periods with no participant of the level's schools (forms sent per municipality …): said so
        every = q.events_over_time(db, v, f.region, f.period, tuple(f.municipalities), None)
        missing = sorted(set(every["period"]) - set(by["period"])) if not every.empty else []
        if missing:
            source += (" · Не показаны периоды без участников из ОО этого уровня (в том числе когда мероприятия "
                       "сданы по муниципалитетам, без разбивки по уровням): " + ", ".join(map(period_short, missing)))
    if not by.empty:
        labels, said = _sent_labels(db, v, "events", f, by["period"])
        by, source = by.assign(period=by["period"].map(labels)), source + said
    data = _people_long(by, "period")
    return _people_spec(key, title, "line", data, f, source, "period", "Период", db, v)


# ---------------------------------------------------------------------------------------------
# Эффективность

def indicator_catalogue(db_path=None) -> pd.DataFrame:
    db = q.db_str(db_path)
    return q.indicators(db, q.version(db))


def default_indicator(db_path=None, filters: Filters | None = None) -> str | None:
    """The indicator shown when none is chosen: the first share of the catalogue — with `filters`, the first one
    with data in the chosen period (a form without the coverage columns shows its diagnostics share, not three
    charts «Нет данных»), then the first indicator with data, else the first share."""
    cat = indicator_catalogue(db_path)
    if cat.empty:
        return None
    ratio = cat[cat["aggregation"] == "ratio"]
    first = (ratio if not ratio.empty else cat)["code"].iloc[0]
    if filters is None:
        return first
    db, v, f = context(filters, db_path)
    if not f.period:
        return first
    vals = q.effectiveness_values(db, v, *_args(f), "none")
    have = set(vals.loc[(vals["period"] == f.period) & vals["value"].notna(), "code"]) if not vals.empty else set()
    return next((c for c in [*ratio["code"], *cat["code"]] if c in have), first)


def _ind(cat: pd.DataFrame, code: str) -> dict:
    row = cat[cat["code"] == code]
    return row.iloc[0].to_dict() if not row.empty else {"code": code, "name": code, "short_name": code,
                                                       "unit": "", "aggregation": "sum", "target": None}


def _as_display(values: pd.Series, ind: dict) -> pd.Series:
    """Ratio indicators (computed in %) become shares 0..1 so they print as «72,4 %» like every other share."""
    return values / 100.0 if ind.get("aggregation") == "ratio" else values


def _target(ind: dict, f: Filters | None = None):
    """The indicator's target in the chart's units (a share as 0..1): `_target_as_written`."""
    t = _target_as_written(ind, f)
    return None if t is None else t / 100.0 if ind.get("aggregation") == "ratio" else t


def _targets_basis(codes: list, f: Filters) -> str:
    """« · Цели — значение по умолчанию из справочника показателей: …» — what the targets drawn stand on (the
    document of targets.csv for the region and school year), said on the chart, not only in the note."""
    from app import projection as pj

    if not f.period:
        return ""
    known, year = pj.targets(), pj.school_year_of(f.period)
    # (tester round t86: a region with no targets of its own was shown the catalogue's, with no word where from)
    default = f"значение по умолчанию из справочника показателей: целей региона на {year} учебный год нет"
    bases = list(dict.fromkeys(known[k][1] if k in known else default for c in codes
                               if (k := (f.region, year, c)) not in known or known[k][1]))
    if not bases:
        return ""
    basis = "; ".join(bases)
    return f" · {'Цель' if len(codes) == 1 else 'Цели'} — {basis[:1].lower()}{basis[1:]}"


def _target_as_written(ind: dict, f: Filters | None = None) -> float | None:
    """The indicator's target for the region and the school year of the period (data/reference/targets.csv), else
    its catalogue target; as written there (a share in percent)."""
    from app import projection as pj

    t = ind.get("target")
    if f is not None and f.period:
        t = pj.targets().get((f.region, pj.school_year_of(f.period), ind.get("code")), (t, ""))[0]
    return None if t is None or pd.isna(t) else float(t)


def _traffic_lights(db: str, v: int, data: pd.DataFrame, x: str, target: float | None) -> tuple[dict, str]:
    """Each bar coloured by where it stands against the target — reached, near (not below «target_near_share» of
    it, thresholds.csv) or below — and the legend of the colours for the source line."""
    if target is None or data.empty:
        return {}, ""
    near = q.thresholds(db, v).get("target_near_share", 0.9)
    tm = theme.TRAFFIC_LIGHTS
    colors = {str(c): tm["reached"] if val >= target else tm["near"] if val >= near * target else tm["below"]
              for c, val in zip(data[x], data["value"])}
    return colors, (f"Цвет: зелёный — цель достигнута, жёлтый — не ниже {round(near * 100)} % цели, "
                    "красный — ниже")


def _also_in_readiness(ind: dict) -> bool:
    """An effectiveness indicator the readiness form also measures (pupils, covered, the coverage share): the two
    forms can differ, so its charts say which form they show."""
    from etl.schema import KIND_FIELDS

    fields = set(KIND_FIELDS["readiness"])
    return ind.get("code") in fields or {ind.get("numerator"), ind.get("denominator")} <= fields


EFFECTIVENESS_FORM = " (по форме «Показатели эффективности»)"


def _chosen_indicator(filters: Filters, db_path, indicator: str | None) -> tuple[str, int, Filters, str, dict]:
    """(db, data version, filters, indicator code, its catalogue row): the given indicator or the default one."""
    db, v, f = context(filters, db_path)
    cat = q.indicators(db, v)
    code = indicator or default_indicator(db_path, filters)
    return db, v, f, code, _ind(cat, code)


def _indicator_in_period(db: str, v: int, f: Filters, code: str, by: str) -> pd.DataFrame:
    """The indicator's values in the chosen period, one row per `by` ("municipality" or "level")."""
    vals = q.effectiveness_values(db, v, *_args(f), by)
    return vals[(vals["code"] == code) & (vals["period"] == f.period)].rename(columns={"grp": by})


def _value_axis(ind: dict) -> dict:
    """unit and percent of an indicator's values: ratio indicators print as shares («72,4 %»)."""
    ratio = ind.get("aggregation") == "ratio"
    return {"unit": "" if ratio else ind.get("unit", ""), "percent": ratio}


def effectiveness_national(filters: Filters, db_path=None) -> ChartSpec:
    """The region's value of each indicator the country has a reference value for (data/reference/
    national_reference.csv: «Мои ориентиры», the share of pupils with high readiness) beside that value."""
    from app import projection as pj
    from app.filters import region_name

    key, title = "effectiveness_national", "Регион в сравнении с Россией (ориентиры)"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "bar", f)
    refs = pj.national_references()
    cat = q.indicators(db, v).set_index("code")
    vals = q.effectiveness_values(db, v, *_args(f), "none")
    now = vals[(vals["period"] == f.period) & vals["code"].isin(refs)].set_index("code")["value"]
    who, rows, notes = region_name(f.region), [], []
    marks = set()
    for code, (value, year, grades, source, label) in refs.items():
        if code not in now.index:
            continue
        name = cat.at[code, "short_name"] if code in cat.index else code
        # the reference's own pupils and what it is in its name («Ориентир: 11 классы, …»): not the region's 6–11
        rows += [(name, who, now[code] / 100.0), (name, label, value / 100.0)]
        marks.add(label)
        notes.append(f"Ориентир ({grades}, {year} учебный год): {source}")
    data = pd.DataFrame(rows, columns=["indicator", "who", "value"])
    if data["indicator"].nunique() > 1:  # one bar per indicator and side, named by both
        marks = {f"{i}: {w}" for i, w in zip(data["indicator"], data["who"]) if w in marks}
        data["who"] = data["indicator"] + ": " + data["who"]
    elif not data.empty:
        title = f"{data['indicator'].iloc[0]}: регион в сравнении с Россией"
    source = source_text(db, v, ["effectiveness"], f) + ("; " + "; ".join(notes) if notes else "")
    why = ("Нет данных по показателям, для которых задан ориентир по России (например, «Мои ориентиры»: доля "
           "обучающихся с высоким уровнем готовности)")
    if data.empty:
        by_muni = q.effectiveness_values(db, v, *_args(f), "municipality")
        if not by_muni[(by_muni["period"] == f.period) & by_muni["code"].isin(refs)].empty:
            why = ("Значение по региону не рассчитать: муниципалитеты сдали только доли, без числа прошедших "
                   "диагностику и числа с высоким уровнем готовности, а доли не усредняются. Доли по "
                   "муниципалитетам — на вкладке «Показатель по муниципалитетам и уровням»")
    return _spec(key, title, "hbar", data, f, source, x="who", y="value", unit="%", percent=True,
                 colors={w: theme.PALETTE[4 % len(theme.PALETTE)] if w in marks else
                         theme.PALETTE[0] for w in data["who"]},
                 labels={"indicator": "Показатель", "value": "Значение", "who": ""}, empty_message=why)


def effectiveness_shares(filters: Filters, db_path=None) -> ChartSpec:
    # (of the form and the platforms' exports alike: the source line names which)
    key, title = "effectiveness_shares", "Показатели-доли по периодам (пересчитаны из числителей и знаменателей)"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "line", f)
    cat = q.indicators(db, v)
    vals = q.effectiveness_values(db, v, *_args(f), "none")
    ratio = cat[cat["aggregation"] == "ratio"]
    data = vals[vals["code"].isin(ratio["code"])].copy()
    targets = {}
    if not data.empty:
        names = ratio.set_index("code")["short_name"]
        data["indicator"] = data["code"].map(names)
        data["value"] = data["value"] / 100.0
        data["period"] = data["period"].map(period_short)
        order = {c: i for i, c in enumerate(ratio["code"])}
        data = data.assign(_o=data["code"].map(order)).sort_values(["_o", "period"]).drop(columns="_o")
        # the x order (periods) must be chronological: series_table takes first appearance
        pord = {p: i for i, p in enumerate(sorted(vals["period"].unique()))}
        data["_p"] = data["period"].map({period_short(p): i for p, i in pord.items()})
        data = data.sort_values(["_p"], kind="stable").drop(columns="_p")[["period", "indicator", "value", "code"]]
        drawn = []
        shown = set(data["indicator"])  # (a target of a line not drawn is not named: tester round t84)
        for r in ratio.itertuples(index=False):  # the region's target of the period's school year (targets.csv)
            if r.short_name in shown and (t := _target(r._asdict(), f)) is not None:
                targets[r.short_name] = t
                drawn.append(r.code)
    given = set(zip(vals["code"], vals["period"]))  # (a share standing alone is drawn as given: said so)
    source = source_text(db, v, ["effectiveness"], f, periods_upto=True) + _shares_alone(db, v, f, ratio, given) \
        + _not_given(db, v, f, ratio["code"], ratio.set_index("code")["short_name"], sorted(vals["period"].unique())) \
        + (_targets_basis(drawn, f) if targets else "")
    return _spec(key, title, "line", data, f, source,
                 x="period", y="value", series="indicator", unit="%", percent=True, extra={"targets": targets},
                 labels={"period": "Период", "value": "Доля обучающихся, %", "indicator": "Показатель"},
                 empty_message="Нет данных о показателях эффективности для выбранных фильтров")


def _shares_alone(db: str, v: int, f: Filters, ratio: pd.DataFrame, drawn: set) -> str:
    """«; не вошли в долю региона …»: the municipalities that gave a share without the counts it is made of (shares
    are never averaged, so the region's share is over the others) — named per share and period; where such a share is
    the only value of its period and is drawn as given (`drawn`: (code, period) of the chart), said so instead (tester
    round t79: the one municipality's 96,2 % drawn under «не вошли в долю по региону»)."""
    alone = q.effectiveness_shares_alone(db, v, *_args(f))
    if alone.empty:
        return ""
    pairs = q.effectiveness_pairs(db, v, *_args(f), "none")
    paired = set(zip(pairs["code"], pairs["period"])) if not pairs.empty else set()
    names = ratio.set_index("code")["short_name"]
    left, given = [], []
    for (period, code), g in alone.groupby(["period", "code"], sort=True):
        text = f"«{names.get(code, code)}» за {period_short(period)} — {some_of(sorted(g['municipality']), 6)}"
        (given if (code, period) in drawn and (code, period) not in paired else left).append(text)
    out = ("; не вошли в долю по региону (сдали только долю, без чисел, из которых она пересчитывается; доли не "
           "усредняются): " + "; ".join(left)) if left else ""
    return out + ("; показана доля, как её сдал один муниципалитет (без чисел, из которых она пересчитывается): "
                  + "; ".join(given) if given else "")


def effectiveness_counts(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "effectiveness_counts", "Показатели в человеках по периодам"
    db, v, f = context(filters, db_path)
    if not f.period:
        return _no_period(key, title, "line", f)
    cat = q.indicators(db, v)
    people = cat[(cat["aggregation"] == "sum") & (cat["unit"] == "чел.") & (cat["code"] != "students_total")]
    vals = q.effectiveness_values(db, v, *_args(f), "none")
    data = vals[vals["code"].isin(people["code"])].copy()
    source = source_text(db, v, ["effectiveness"], f, periods_upto=True)
    if not data.empty:
        data["indicator"] = data["code"].map(people.set_index("code")["short_name"])
        data = data.sort_values(["period", "code"])
        plotted = sorted(data["period"].unique())
        labels, said = _sent_labels(db, v, "effectiveness", f, plotted)
        data["period"], source = data["period"].map(labels), source + said
        data = data[["period", "indicator", "value", "code"]]
        source += _not_given(db, v, f, people["code"], people.set_index("code")["short_name"], plotted)
    return _spec(key, title, "line", data, f, source,
                 x="period", y="value", series="indicator", unit="чел.",
                 labels={"period": "Период", "value": "Человек", "indicator": "Показатель"},
                 empty_message="Нет данных о показателях эффективности для выбранных фильтров")


def effectiveness_by_municipality(filters: Filters, db_path=None, indicator: str | None = None) -> ChartSpec:
    db, v, f, code, ind = _chosen_indicator(filters, db_path, indicator)
    key, title = "effectiveness_municipalities", f"{ind['short_name']}: по муниципалитетам" + (
        EFFECTIVENESS_FORM if _also_in_readiness(ind) else "")
    if not f.period:
        return _no_period(key, title, "hbar", f)
    data = _indicator_in_period(db, v, f, code, "municipality")
    data = data.assign(value=_as_display(data["value"], ind)).sort_values(["value", "municipality"])
    target = _target(ind, f)
    colors, legend = _traffic_lights(db, v, data, "municipality", target)
    return _spec(key, title, "hbar", data[["municipality", "value"]], f,
                 source_text(db, v, ["effectiveness"], f) + (f" · {legend}" if legend else "")
                 + _not_given(db, v, f, [code], {code: ind["short_name"]})
                 + (_targets_basis([code], f) if target is not None else ""), x="municipality",
                 y="value", **_value_axis(ind), target=target, colors=colors,
                 labels={"municipality": "Муниципалитет", "value": ind["short_name"]},
                 extra={"indicator": code},
                 empty_message=f"Нет данных по показателю «{ind['short_name']}» для выбранных фильтров")


def effectiveness_by_level(filters: Filters, db_path=None, indicator: str | None = None) -> ChartSpec:
    db, v, f, code, ind = _chosen_indicator(filters, db_path, indicator)
    key, title = "effectiveness_levels", f"{ind['short_name']}: по уровням профминимума" + (
        EFFECTIVENESS_FORM if _also_in_readiness(ind) else "")
    if not f.period:
        return _no_period(key, title, "bar", f)
    data = _indicator_in_period(db, v, f, code, "level")
    # values sent per municipality (or of schools the readiness form does not know) have no level: they are no
    # bar «не указан» beside the levels, the source line says they are left out
    unleveled = bool((data["level"] == theme.NO_LEVEL).any())
    if data.empty and f.level:  # a level chosen: values with none are not «не сдан» (tester round t84)
        every = _indicator_in_period(db, v, dataclasses.replace(f, level=None), code, "level")
        unleveled = bool((every["level"] == theme.NO_LEVEL).any())
    order = {lvl: i for i, lvl in enumerate(theme.LEVELS)}
    data = data[data["level"] != theme.NO_LEVEL]
    data = data.assign(value=_as_display(data["value"], ind), _o=data["level"].map(order)).sort_values("_o")
    source = source_text(db, v, ["effectiveness"], f) + (
        " · Без уровня (в разбивку не входят): значения, сданные по муниципалитетам, и ОО, которых нет в форме "
        "готовности" if unleveled and not data.empty else "")
    if not data.empty:  # what the bars stand on: a share «по уровням» of one school is not the region's
        parts = tuple(x for x in (ind.get("numerator"), ind.get("denominator")) if isinstance(x, str) and x) \
            or (code,)
        n, of = q.effectiveness_level_schools(db, v, *_args(f), parts)
        source += f" · Разбивка — по {fmt_int(n)} ОО из {fmt_int(of)} в форме готовности (сдавшим показатель по школам)"
        least = q.thresholds(db, v).get("level_breakdown_min_share", 0.1)
        if of and n < least * of:  # a few schools' bars are no picture of the region's levels: not drawn, said why
            return _spec(key, title, "bar", data.iloc[:0][["level", "value"]], f, source, x="level", y="value",
                         labels={"level": "Уровень", "value": ind["short_name"]}, extra={"indicator": code},
                         empty_message=f"Разбивка по уровням не показательна: показатель по школам сдали "
                                       f"{fmt_int(n)} из {fmt_int(of)} ОО (меньше {fmt_pct(least, 0)})")
        if of and n * 2 < of:
            title += f" — по {fmt_int(n)} из {fmt_int(of)} ОО"
    return _spec(key, title, "bar", data[["level", "value"]], f, source,
                 x="level", y="value", **_value_axis(ind), target=_target(ind, f), colors=dict(theme.LEVEL_COLORS),
                 labels={"level": "Уровень", "value": ind["short_name"]}, extra={"indicator": code},
                 empty_message="Разбивка по уровням недоступна: показатель сдан по муниципалитетам, а не по "
                               "школам (или школы не найдены в форме готовности ОО)" if unleveled else
                 "Нет данных: показатель за период не сдан")


def effectiveness_change(filters: Filters, db_path=None, indicator: str | None = None) -> ChartSpec:
    db, v, f, code, ind = _chosen_indicator(filters, db_path, indicator)
    prev = previous_period(db, v, f)
    ratio = ind.get("aggregation") == "ratio"
    key = "effectiveness_change"
    title = (f"{ind['short_name']}: изменение к периоду «{period_label(prev)}»" if prev
             else f"{ind['short_name']}: изменение к предыдущему периоду") + (
        EFFECTIVENESS_FORM if _also_in_readiness(ind) else "")
    if not f.period:
        return _no_period(key, title, "hbar", f)
    vals = q.effectiveness_values(db, v, *_args(f), "municipality")
    cur = vals[(vals["code"] == code) & (vals["period"] == f.period)].set_index("grp")["value"]
    old = vals[(vals["code"] == code) & (vals["period"] == prev)].set_index("grp")["value"] if prev else None
    if old is None or cur.empty:
        data = pd.DataFrame(columns=["municipality", "change"])
    else:
        both = cur.index.intersection(old.index)
        ch = cur[both] - old[both]  # ratio indicators are in %, so the change is in percentage points
        data = pd.DataFrame({"municipality": list(both), "change": ch.values}).sort_values(["change", "municipality"])
    colors = {m: (theme.PALETTE[2] if c >= 0 else theme.PALETTE[3]) for m, c in zip(data["municipality"],
                                                                                       data["change"])}
    return _spec(key, title, "hbar", data, f, source_text(db, v, ["effectiveness"], f, periods_upto=True),
                 x="municipality", y="change", unit="п.\u00a0п." if ratio else ind.get("unit", ""), additive=False,
                 colors=colors, labels={"municipality": "Муниципалитет",
                                        "change": "Изменение"},
                 extra={"indicator": code, "previous": prev, "signed": True},
                 empty_message=(f"Нет данных по уровню «{f.level}»: показатели сданы по муниципалитетам, а не по "
                                "школам (изменение — без выбора уровня)") if f.level and prev and data.empty
                 else "Нет предыдущего периода с данными по этому показателю для сравнения")


def _not_given(db: str, v: int, f: Filters, codes, names, periods: list | None = None) -> str:
    """« · Нет данных за IV кв. 2024: «Участники профпроб» — Лобня»: municipalities that sent the form of the period
    without an indicator — its region's value is over the others, and a chart by municipality has no bar of theirs
    (a tester read «сдали 6 из 56» as all six in it); of every period a chart over periods plots (t88: the earlier
    point's gap went unsaid, and its municipality's return read as a jump)."""
    from etl.schema import source_family

    by = q.effectiveness_values(db, v, *_args(f), "municipality")  # (every period up to the chosen one)
    out = ""
    for period in periods or [f.period]:
        now = by[by["period"] == period]
        family = now["code"].map(source_family)
        parts = []
        for code in codes:  # (sent: of the indicator's own source — a platform's export covering one municipality
            sent = set(now[family == source_family(code)]["grp"].dropna())  # leaves the others nothing missing)
            gone = sorted(sent - set(now[now["code"] == code]["grp"].dropna()))
            if gone and len(gone) < len(sent):
                parts.append(f"«{names.get(code, code)}» — {some_of(gone, 6)}")
        if parts:
            out += (f" · Нет данных за {period_short(period)} (сдали форму без показателя, в значение по региону не "
                    f"входят): " + "; ".join(parts))
    return out


def effectiveness_table(filters: Filters, db_path=None) -> pd.DataFrame:
    """Every indicator: value in the period, previous value, change, target, whether the target is met.
    Ratio indicators in % (re-aggregated from numerator and denominator)."""
    db, v, f = context(filters, db_path)
    if not f.period:
        return pd.DataFrame()
    cat = q.indicators(db, v)
    vals = q.effectiveness_values(db, v, *_args(f), "none")
    if vals.empty:
        return pd.DataFrame()
    prev = previous_period(db, v, f)
    cur = vals[vals["period"] == f.period].set_index("code")["value"]
    old = vals[vals["period"] == prev].set_index("code")["value"] if prev else pd.Series(dtype=float)
    change, partly, basis = _like_for_like(db, v, f, prev, cur, old)
    rows = []
    for ind in cat.itertuples(index=False):
        if ind.code not in cur.index and ind.code not in old.index:
            continue
        c, o = cur.get(ind.code), old.get(ind.code)
        t = _target_as_written(ind._asdict(), f)  # (the region's target of the school year, as the values: %)
        met = None if t is None or c is None else ("да" if (c >= t) == bool(ind.higher_is_better) else "нет")
        # (the previous value of the municipalities the change is over: «4 130 | 3 775 | +1 287» did not add up)
        o, over = basis.get(ind.code, (o, None))
        rows.append({"Показатель": ind.name, "Ед.": ind.unit, "Значение": c, "Предыдущий период": o,
                     "Изменение": change.get(ind.code), "Цель": t, "Цель достигнута": met}
                    | ({"Сравнение — по": over or ""} if partly else {}))
    out = pd.DataFrame(rows)
    out.attrs["previous"] = prev
    out.attrs["compared"] = (f"Сравнение с периодом «{period_label(prev)}»" + (
        "; предыдущий период и изменение — по муниципалитетам, сдавшим показатель в обоих периодах (столбец "
        "«Сравнение — по»)" if partly else "")
        if prev else "Предыдущего периода с данными нет.") + _not_given(db, v, f, cat["code"],
                                                                       cat.set_index("code")["short_name"])
    return out


def signed_change(table: pd.DataFrame) -> pd.DataFrame:
    """The indicators' table as shown: each change with its sign, a share's in percentage points («+30,7 п. п.»)."""
    if table.empty:
        return table
    shown = table.copy()
    shown["Изменение"] = [fmt_delta(c, 0 if u != "%" and float(c).is_integer() else 1, pct_points=u == "%")
                          if c is not None and not pd.isna(c) else None
                          for c, u in zip(table["Изменение"], table["Ед."])]
    return shown


def _like_for_like(db: str, v: int, f: Filters, prev: str | None, cur: pd.Series, old: pd.Series
                   ) -> tuple[dict, str, dict]:
    """Each indicator's change over the municipalities that gave it in both periods (a municipality that sent only
    now would count as a rise); («3 из 4» when some gave it only in one of them, else ""); code → (its previous
    value over those municipalities, «4 из 5 муниципалитетов») where they are not all."""
    if not prev:
        return {}, "", {}
    by = q.effectiveness_values(db, v, *_args(f), "municipality")
    change, said, basis = {}, set(), {}
    for code in cur.index.intersection(old.index):
        now = set(by[(by["code"] == code) & (by["period"] == f.period)]["grp"].dropna())
        then = set(by[(by["code"] == code) & (by["period"] == prev)]["grp"].dropna())
        both = tuple(sorted(now & then))
        if now == then or not both:
            change[code] = cur[code] - old[code] if now == then else None
            continue
        got = q.effectiveness_values(db, v, f.region, f.period, both, f.level, "none")
        c = got[(got["code"] == code) & (got["period"] == f.period)]["value"]
        o = got[(got["code"] == code) & (got["period"] == prev)]["value"]
        change[code] = float(c.iloc[0] - o.iloc[0]) if len(c) and len(o) else None
        n, of = len(both), len(now | then)  # (t88: «4 из 4» when 5 sent the form, one without the indicator)
        said.add(f"{fmt_int(n)} из {fmt_int(of)}")
        if len(o):
            basis[code] = (float(o.iloc[0]), f"{fmt_int(n)} из {fmt_int(of)} "
                                             f"{plural(of, 'муниципалитета', 'муниципалитетов', 'муниципалитетов')}")
    return change, ", ".join(sorted(said)), basis


# ---------------------------------------------------------------------------------------------
# Дорожная карта

_STATUS_ORDER = ("выполнено", "в работе", "не начато", "просрочено", "не выполнено", "не указан")


def _status_now(rm: pd.DataFrame) -> pd.Series:
    """An item's status, «просрочено» where its deadline has passed unfulfilled."""
    return rm["status"].where(~rm["overdue"], "просрочено")


def _status_colors() -> dict:
    return dict(theme.STATUS_COLORS, **{"просрочено": theme.OVERDUE_COLOR, "не выполнено": "#8E3B46"})


def roadmap_status(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "roadmap_status", "Мероприятия дорожной карты по статусу исполнения"
    db, v, f = context(filters, db_path)
    rm = q.roadmap(db, v, f.region)
    if not rm.empty:
        st_ = rm.assign(status=_status_now(rm))
        cnt = st_.groupby("status").size()
        order = [s for s in _STATUS_ORDER if s in cnt.index]
        data = pd.DataFrame({"status": order, "items": [int(cnt[s]) for s in order]})
    else:
        data = pd.DataFrame(columns=["status", "items"])
    colors = _status_colors()
    return ChartSpec(key, title, "pie", data, x="status", y="items", unit="мероприятий",
                     subtitle=_roadmap_subtitle(f, db, v), source=source_text(db, v, ["roadmap"], f), colors=colors,
                     labels={"status": "Статус", "items": "Число мероприятий"},
                     empty_message="Дорожная карта региона не загружена")


def _roadmap_subtitle(f: Filters, db: str, v: int) -> str:
    """«Московская область · дорожная карта на 02.10.2023»: the day of the report in use (today for a plan)."""
    from app.filters import region_name
    return f"{region_name(f.region)} · дорожная карта на {fmt_date(roadmap_day(db, v, f.region))}"


def roadmap_day(db: str, v: int, region: str):
    """The day the roadmap's statuses are of: its report's «по состоянию на», or today for a plan."""
    return q.roadmap_as_of(db, v, region) or pd.Timestamp.today().date()


_MONTHS_SHORT = ("янв.", "февр.", "март", "апр.", "май", "июнь", "июль", "авг.", "сент.", "окт.", "нояб.", "дек.")


def roadmap_timeline(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "roadmap_timeline", "Сроки мероприятий дорожной карты по месяцам"
    db, v, f = context(filters, db_path)
    tl = q.roadmap_timeline(db, v, f.region)
    if not tl.empty:
        # every month from the first deadline to the last, named the Russian way («окт. 2023», not «10.2023»); a
        # month with no deadline is there, empty — the axis is a time axis (tester round t84)
        have = pd.to_datetime(tl["month"])
        gaps = pd.date_range(have.min(), have.max(), freq="MS").difference(have)
        tl = pd.concat([tl, pd.DataFrame({"month": [m.date() for m in gaps], "status": tl["status"].iloc[0],
                                          "items": None})], ignore_index=True)
        tl["month"] = pd.to_datetime(tl["month"])
        tl = tl.sort_values("month", kind="stable")
        tl = tl.assign(month=[f"{_MONTHS_SHORT[d.month - 1]} {d.year}" for d in tl["month"]])
    colors = _status_colors()
    source = source_text(db, v, ["roadmap"], f)
    undated = q.roadmap_undated(db, v, f.region)
    if undated and not tl.empty:  # (said, not dropped without a word: «в течение года» is no month)
        items = [f"№ {n} «{t}»" if n else f"«{t}»" for n, t in undated]
        source += (f" · Без срока-даты (на графике нет) — {fmt_int(len(undated))} "
                   f"{plural(len(undated), 'мероприятие', 'мероприятия', 'мероприятий')}: " + some_of(items, 5))
    return ChartSpec(key, title, "stacked", tl, x="month", y="items", series="status", unit="мероприятий",
                     subtitle=_roadmap_subtitle(f, db, v), source=source, colors=colors,
                     labels={"month": "Срок (месяц)", "items": "Число мероприятий", "status": "Статус"},
                     empty_message="Дорожная карта региона не загружена или сроки не указаны датами")


_ALIAS = re.compile(r"\(\s*далее\s*[-–—]?\s*([^)]+?)\s*\)", re.I)
_SPLIT = re.compile(r"[,;]\s*(?=[A-ZА-ЯЁ0-9«])")  # a new executor starts with a capital; «…, осуществляющих» does not


def executor_names(text: str | None) -> list[str]:
    """«ГАОУ … (далее – АСОУ), МОМО; Руководители ОМСУ, осуществляющих … (далее – МОУО)» → ['АСОУ', 'МОМО', 'МОУО']."""
    out = []
    for part in _SPLIT.split(text if isinstance(text, str) else ""):  # (an item with no executor: NaN from pandas)
        part = part.strip(" .")
        if not part:
            continue
        m = _ALIAS.search(part)
        name = re.sub(r"\s+", " ", m.group(1).replace("«", "").replace("»", "").replace('"', "")).strip() \
            if m else part
        out.append(name if len(name) <= 48 else name[:46].rstrip() + "…")
    return out


def roadmap_executors(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "roadmap_executors", "Мероприятия дорожной карты по исполнителям"
    db, v, f = context(filters, db_path)
    rm = q.roadmap(db, v, f.region)  # a few dozen items of the region's roadmap
    if not rm.empty:
        st_ = _status_now(rm)
        rows = [(name, s) for text, s in zip(rm["executors"], st_) for name in dict.fromkeys(executor_names(text))]
        ex = pd.DataFrame(rows, columns=["executor", "status"]).value_counts().rename("items").reset_index()
        total = ex.groupby("executor")["items"].sum()
        order = {s: i for i, s in enumerate(_STATUS_ORDER)}
        ex = ex.assign(_t=ex["executor"].map(total), _s=ex["status"].map(order).fillna(9)).sort_values(
            ["_t", "executor", "_s"], ascending=[False, True, True]).drop(columns=["_t", "_s"])
        ex = ex[ex["executor"].isin(total.sort_values(ascending=False).index[:15])]  # the 15 busiest
    else:
        ex = pd.DataFrame(columns=["executor", "status", "items"])
    colors = _status_colors()
    return ChartSpec(key, title, "stacked", ex, x="executor", y="items", series="status", unit="мероприятий",
                     orientation="h", subtitle=_roadmap_subtitle(f, db, v),
                     source=source_text(db, v, ["roadmap"], f), colors=colors,
                     labels={"executor": "Исполнитель", "items": "Число мероприятий", "status": "Статус"},
                     empty_message="Дорожная карта региона не загружена")


def roadmap_overdue(filters: Filters, db_path=None) -> ChartSpec:
    key, title = "roadmap_overdue", "Просроченные мероприятия дорожной карты"
    db, v, f = context(filters, db_path)
    rm = q.roadmap(db, v, f.region)
    data = overdue_table(rm)
    return ChartSpec(key, title, "table", data, subtitle=_roadmap_subtitle(f, db, v),
                     source=source_text(db, v, ["roadmap"], f),
                     empty_message="Просроченных мероприятий нет" if not rm.empty
                     else "Дорожная карта региона не загружена")


def overdue_table(rm: pd.DataFrame) -> pd.DataFrame:
    if rm.empty:
        return pd.DataFrame()
    od = rm[rm["overdue"]]
    return pd.DataFrame({"№": od["item_no"], "Мероприятие": od["measure"], "Срок": od["deadline_text"],
                         "Исполнители": od["executors"], "Статус": od["status"]})


# ---------------------------------------------------------------------------------------------

CHARTS: list[ChartDef] = [
    ChartDef("overview_map", "Обзор", "Карта муниципалитетов: доля готовых ОО", overview_map),
    ChartDef("readiness_levels", "Готовность ОО", "Школы по уровням профминимума", readiness_levels),
    ChartDef("readiness_criteria", "Готовность ОО", "Критерии готовности по муниципалитетам", readiness_criteria),
    ChartDef("readiness_coverage", "Готовность ОО", "Охват обучающихся 6–11 классов", readiness_coverage),
    ChartDef("agreements_types", "Сетевое взаимодействие", "Договоры по типам партнёров", agreements_types),
    ChartDef("agreements_municipalities", "Сетевое взаимодействие", "Договоры по муниципалитетам",
             agreements_municipalities),
    ChartDef("agreements_coverage", "Сетевое взаимодействие", "Доля ОО с договорами по типам партнёров",
             agreements_coverage),
    ChartDef("agreements_coverage_municipalities", "Сетевое взаимодействие",
             "Доля ОО с договорами по муниципалитетам", agreements_coverage_map),
    ChartDef("events_by_event", "Мероприятия", "Участия по мероприятиям", events_by_event),
    ChartDef("events_by_level", "Мероприятия", "Участия по уровню мероприятия", events_by_level),
    ChartDef("events_per100", "Мероприятия", "Участия обучающихся на 100 обучающихся", events_per100),
    ChartDef("events_municipalities", "Мероприятия", "Участия по муниципалитетам", events_municipalities),
    ChartDef("events_trend", "Мероприятия", "Участия по периодам", events_trend),
    ChartDef("effectiveness_shares", "Эффективность", "Показатели-доли по периодам", effectiveness_shares),
    ChartDef("effectiveness_counts", "Эффективность", "Показатели в человеках по периодам", effectiveness_counts),
    ChartDef("effectiveness_municipalities", "Эффективность", "Показатель по муниципалитетам",
             effectiveness_by_municipality),
    ChartDef("effectiveness_levels", "Эффективность", "Показатель по уровням", effectiveness_by_level),
    ChartDef("effectiveness_change", "Эффективность", "Изменение к предыдущему периоду", effectiveness_change),
    ChartDef("effectiveness_national", "Эффективность", "Регион в сравнении с Россией", effectiveness_national),
    ChartDef("roadmap_status", "Дорожная карта", "Статус исполнения", roadmap_status),
    ChartDef("roadmap_timeline", "Дорожная карта", "Сроки по месяцам", roadmap_timeline),
    ChartDef("roadmap_executors", "Дорожная карта", "Исполнители", roadmap_executors),
    ChartDef("roadmap_overdue", "Дорожная карта", "Просроченные мероприятия", roadmap_overdue),
]
_BY_KEY = {c.key: c for c in CHARTS}


def spec_for(key: str, filters: Filters, db_path=None) -> ChartSpec:
    """The ChartSpec of one chart (the same the page shows)."""
    try:
        d = _BY_KEY[key]
    except KeyError:
        raise KeyError(f"Неизвестный график «{key}»") from None
    return d.build(filters, db_path)
