"""Key figures (KPI cards, the closing slide, the analytical note), lagging municipalities and a generated
summary in Russian. Everything is computed by app/queries.py; nothing here touches SQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import pandas as pd
import streamlit as st

from app import queries as q
from app.filters import Filters, period_label, period_short, region_name, year_events_sent, year_periods
from app.fmt import (fmt_date, fmt_delta, fmt_int, fmt_num, fmt_pct, lower_first, municipalities, not_accepted,
                     of_municipalities, round_half_up)
from app.specs import (FORM_NAMES, _args, _coverage_by_type, context, previous_filters, source_text,
                       unlevelled_text, year_missed, year_sent)
from etl import periods as ep
from etl.periods import period_bounds
from etl.textru import plural, some_of

PARTNER_SHORT = {"ВУЗ": "ВУЗ", "СПО": "СПО", "индустриальный партнёр": "предприятия", "МОУО": "МОУО", "ОО": "ОО",
                 "иное": "иные"}
PARTNER_WITH = {"ВУЗ": "с вузами", "СПО": "с организациями СПО", "индустриальный партнёр":
                "с индустриальными партнёрами", "МОУО": "с органами управления образованием",
                "ОО": "с другими школами", "иное": "с иными партнёрами"}


@dataclass
class KeyFigure:
    key: str
    label: str  # Russian card title
    value: float | None
    text: str  # the value as shown: «1 248», «85,3 %»
    denominator: str  # «из 1 248 ОО»
    delta: float | None  # change against the previous period (shares: in percentage points)
    delta_text: str  # «+12 к пред. периоду», «−3,5 п. п. к пред. периоду», "" when no previous period
    higher_is_better: bool = True
    completeness: str = ""  # «сдали 12 из 56 муниципалитетов» when the card's forms are incomplete for the period
    source: str = ""  # «Источник: форма «Готовность ОО», загрузки № 12, 15; данные на 30.09.2023»
    compared: str = ""  # «(по 3 муниципалитетам, сдавшим в обоих)»: whom the change is over, when not everyone


# the forms a card's figure is made of: its completeness and the municipalities it can be compared over
CARD_FORMS = {"schools": ("readiness",), "ready_share": ("readiness",), "covered": ("readiness",),
              "coverage_share": ("readiness",), "agreements": ("agreements",),
              "agreement_share": ("readiness", "agreements"), "participants": ("events",),
              "per100": ("readiness", "events")}


# The overview asks for the same figures several times per run (the cards, the summary, the previous period);
# each result is computed once per filters and data version, like the queries it is built from.
_cache = st.cache_data(max_entries=256, show_spinner=False)


def _share(a, b):
    return (a / b) if b else None


def _figures_raw(db, v, f: Filters) -> dict:
    """The numbers behind the cards for one period (or school year)."""
    return _figures_for(db, v, *_args(f), f.school_year)


@_cache
def _figures_for(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None,
                 school_year: str | None = None) -> dict:
    f = Filters(region, period, munis, level, school_year=school_year)
    r = q.readiness_totals(db, v, *_args(f))
    ev = q.events_totals(db, v, *_args(f), f.since)
    ag = q.agreements_by_type(db, v, *_args(f))
    cov = _coverage_by_type(db, v, f)
    any_row = cov[cov["partner_type"] == "любой тип"] if not cov.empty else cov
    people = ev["students"] + ev["parents"] + ev["teachers"]
    p100 = _per100(db, v, f)
    unlevelled = q.events_unlevelled(db, v, region, period, munis, f.since) if level else ()
    return {
        "schools": r["schools"], "municipalities": r["municipalities"], "ready": r["ready"],
        # over the schools of the municipalities whose forms give every criterion (a form without a criterion's
        # column says nothing of readiness: unknown, not «not ready»)
        "ready_share": _share(r["ready"], r["ready_schools"]), "ready_schools": r["ready_schools"],
        "students_total": r["students_total"], "covered": r["students_covered"],
        "coverage_share": _share(r["covered_paired"], r["total_paired"]),  # schools that gave both numbers
        "covered_paired": r["covered_paired"], "total_paired": r["total_paired"],
        "agreements": int(ag["agreements"].sum()) if not ag.empty else 0,
        "agreements_by_type": dict(zip(ag["partner_type"], ag["agreements"].astype(int))) if not ag.empty else {},
        "agreements_shared": q.agreements_shared(db, v, *_args(f)) if not ag.empty else 0,
        "with_agreement": int(any_row["with_agreement"].iloc[0]) if not any_row.empty else 0,
        # over the schools of the municipalities that sent the agreements form (one not sent is no 0 %)
        "agreement_schools": int(any_row["schools"].iloc[0]) if not any_row.empty else 0,
        "agreement_share": _share(int(any_row["with_agreement"].iloc[0]), int(any_row["schools"].iloc[0]))
        if not any_row.empty else None,
        "participants": people, "students": ev["students"], "parents": ev["parents"], "teachers": ev["teachers"],
        # over the municipalities that sent both forms, as the chart by municipality (a form not sent is no 0)
        "per100_students": p100[0], "per100_pupils": p100[1],
        "per100_one_form": p100[:2] != (ev["students"], r["students_total"])
        and _one_form_only(db, v, f, p100[2], {m for m, _p, _w in unlevelled}),
        # a school year: the municipalities left out (per100_one_form) include those missing a period's events form
        "per100_whole_year": bool(f.since),
        # a level chosen: participants at no school of the readiness form have no level (left out, said): their
        # municipalities, and the text saying why
        "events_unlevelled": sorted({m for m, _p, _w in unlevelled}),
        "events_unlevelled_text": unlevelled_text(unlevelled, bool(f.since)),
        "per100": 100.0 * p100[0] / p100[1] if p100[1] else None,
        # some municipality sent only one of the forms a two-form figure is made of: the figure says whose it is
        "agreement_partial": not any_row.empty and int(any_row["schools"].iloc[0]) != r["schools"],
        # the agreements form sent (by a municipality of the filters), if with no agreement of the level's schools
        "agreements_sent": not ag.empty or not any_row.empty,
        # whose agreements are outside the share: no readiness form of the period, its schools unknown
        # (of no level: with a level chosen their agreements are outside the count too — tester round t88)
        "agreements_outside": q.agreements_without_readiness(db, v, region, period, munis, None),
        "events_no_levels": q.events_without_levels(db, v, *_args(f), f.since),
    }


def _outside(munis: list[str]) -> str:
    """«; договоры «Мытищи» в долю не вошли: нет формы готовности» — agreements whose schools are unknown."""
    if not munis:
        return ""
    return f"; договоры {some_of(munis, 3, quoted=True)} в долю не вошли: нет формы готовности"


def _ready_of(cur: dict) -> str:
    """«18 из 91 ОО» under the readiness card; whose schools when some form lacks a criterion's column."""
    if not cur["ready_schools"]:
        return "в формах нет всех критериев готовности" if cur["schools"] else "нет данных о готовности"
    return f"{fmt_int(cur['ready'])} из {fmt_int(cur['ready_schools'])} ОО" + (
        " муниципалитетов, указавших все критерии" if cur["ready_schools"] != cur["schools"] else "")


def _per100(db, v, f: Filters) -> tuple[int, int, set[str]]:
    """(pupil participants, pupils of grades 6–11, their municipalities) summed over the municipalities that sent
    both the events and the readiness form (over a school year: the events form of each of its periods): the numbers
    of «участников на 100 обучающихся»."""
    ev = q.events_by_municipality(db, v, *_args(f), f.since)
    both = ev[ev["pupils"].notna() & (ev["pupils"] > 0)] if not ev.empty else ev
    if f.since and not both.empty:  # a school year: one that missed a period's events form has no year's figure
        both = both[both["municipality"].isin(year_sent(db, v, f))]  # (as the chart by municipality — t86)
    if both.empty:
        return 0, 0, set()
    return int(both["students"].sum()), int(both["pupils"].sum()), set(both["municipality"])


def _one_form_only(db, v, f: Filters, counted: set[str], unlevelled: list[str]) -> bool:
    """Some municipality is not in «на 100 обучающихся» for having sent only one of the two forms (not for events
    sent without schools while a level is chosen: that is said apart)."""
    ready = q.readiness_by_municipality(db, v, *_args(f))
    left = set(ready["municipality"]) - counted if not ready.empty else set()
    ev = q.events_by_municipality(db, v, *_args(f), f.since)
    return bool(left - set(unlevelled)) or (not ev.empty and bool(set(ev["municipality"]) - counted))


def _per100_whose(cur: dict, note: bool = False) -> str:
    """Whose pupils «на 100 обучающихся» is of, when not every municipality is counted: « муниципалитетов, сдавших
    обе формы», «; участия, сданные без школ (…), не вошли …» (for the note: in brackets)."""
    both = "обе формы" + (" (мероприятия — за все периоды учебного года)" if cur["per100_whole_year"] else "")
    parts = ([f"по муниципалитетам, сдавшим {both}" if note else f"муниципалитетов, сдавших {both}"]
             if cur["per100_one_form"] else [])
    if cur["events_unlevelled"]:
        parts.append(cur["events_unlevelled_text"])
    if not parts:
        return ""
    return f" ({'; '.join(parts)})" if note else (" " if cur["per100_one_form"] else "; ") + "; ".join(parts)


def _delta(cur, prev, share: bool = False):
    if cur is None or prev is None:
        return None
    return (cur - prev) * 100.0 if share else cur - prev


def key_figures(filters: Filters, db_path=None) -> list[KeyFigure]:
    """The KPI cards of the overview, each with its denominator and the change against the previous period."""
    db, v, f = context(filters, db_path)
    if not f.period:
        return []
    return _key_figures(db, v, *_args(f), f.school_year)


@_cache
def _key_figures(db: str, v: int, region: str, period: str, munis: tuple, level: str | None,
                 school_year: str | None = None) -> list[KeyFigure]:
    f = Filters(region, period, munis, level, school_year=school_year)
    cur = _figures_raw(db, v, f)
    pf = previous_filters(db, v, f)
    prev_p, prev_sy = (pf.period, pf.school_year) if pf else (None, None)
    prev = _figures_raw(db, v, pf) if pf else None
    versus = " " + _versus(period, prev_p, bool(school_year))[0]

    def sent(period: str, key: str) -> set[str]:
        """The municipalities that sent every form of the card in `period` (within the chosen ones); for the
        readiness share, those whose forms give every criterion (one without is unknown, no part of the change)."""
        sets = [set(q.submitted_municipalities(db, v, k, region, period, munis)) for k in CARD_FORMS[key]]
        if key == "ready_share":
            by = q.readiness_by_municipality(db, v, region, period, munis, level)
            sets.append(set(by.loc[by["ready_schools"] > 0, "municipality"]) if not by.empty else set())
        return set.intersection(*sets)

    compared: dict[str, str] = {}  # card -> whom its change is over (set by d)
    # a school year's events against the previous year's to the same point: only when both spans have data for the
    # same periods (t88: IV кв. 2024 + I кв. 2025 against I кв. 2024 alone — «+9 094», participations «doubled»)
    span_now = year_periods(db, v, f) if school_year and pf else []
    span_before = year_periods(db, v, pf) if school_year and pf else []
    spans_differ = [p.split("-")[1] for p in span_now] != [p.split("-")[1] for p in span_before]
    year_events = (year_sent(db, v, f), year_sent(db, v, pf)) if school_year and pf else None

    def d(key, share=False, digits=0):
        """The change against the previous period, over the municipalities that sent the card's forms both
        times: a municipality that has not sent yet is no fall, one that sent only now no rise."""
        if prev is None:
            return None, ""
        now, before = sent(period, key), sent(prev_p, key)
        if year_events and "events" in CARD_FORMS[key]:  # the year's events: every period of each span sent
            if spans_differ:
                return None, ""
            now, before = now & year_events[0], before & year_events[1]
        common = now & before
        # a level chosen: a municipality whose events were sent without schools in either period has participants
        # of no level there — compared, its part would count in one period and not in the other
        unlevelled = set(cur["events_unlevelled"]) | set(prev["events_unlevelled"]) \
            if "events" in CARD_FORMS[key] else set()
        if level and key in ("agreements", "agreement_share"):  # (agreements of schools of no known level)
            unlevelled |= set(cur["agreements_outside"]) | set(prev["agreements_outside"])
        common -= unlevelled
        if not common:  # a figure absent in the previous period (no form) is not a change from zero
            return None, ""
        a, b, note = cur, prev, ""
        if common != now or common != before:
            a = _figures_for(db, v, region, period, tuple(sorted(common)), level, school_year)
            b = _figures_for(db, v, region, prev_p, tuple(sorted(common)), level, prev_sy)
            n = len(common)
            whom = f"по {fmt_int(n)} {plural(n, 'муниципалитету', 'муниципалитетам', 'муниципалитетам')}"
            # (the ready share under a level: those with schools of it in both — not «sent»: all sent — t93)
            note = f" ({whom} с ОО уровня «{level}» в обоих периодах)" if level and key == "ready_share" \
                else f" ({whom}, {plural(n, 'сдавшему', 'сдавшим', 'сдавшим')} " + \
                ("в обоих)" if not unlevelled & (now | before) else "по школам в обоих)"
                 if "events" in CARD_FORMS[key] else "в обоих вместе с формой готовности)")
        x = _delta(a[key], b[key], share)
        if x is None:
            return None, ""
        compared[key] = note.strip()
        return x, fmt_delta(x, 1 if share or digits else 0, pct_points=share) + versus + note

    types = " · ".join(f"{PARTNER_SHORT.get(t, t)} — {fmt_int(n)}" for t, n in cur["agreements_by_type"].items())
    m = cur["municipalities"]
    out = [
        KeyFigure("schools", "Школ (ОО) в мониторинге", cur["schools"], fmt_int(cur["schools"]),
                  f"в {fmt_int(m)} {plural(m, 'муниципалитете', 'муниципалитетах', 'муниципалитетах')}",
                  *d("schools")),
        KeyFigure("ready_share", "Готовы к реализации профминимума", cur["ready_share"], fmt_pct(cur["ready_share"]),
                  _ready_of(cur), *d("ready_share", share=True)),
        KeyFigure("covered", "Охвачено обучающихся 6–11 кл.", cur["covered"], fmt_int(cur["covered"]),
                  f"из {fmt_int(cur['students_total'])} обучающихся", *d("covered")),
        KeyFigure("coverage_share", "Доля охвата профминимумом", cur["coverage_share"],
                  fmt_pct(cur["coverage_share"]), f"{fmt_int(cur['covered_paired'])} из "
                  f"{fmt_int(cur['total_paired'])} обучающихся"
                  # when some school gave only one of the two numbers, say whom the share is of
                  + (" ОО, указавших оба числа" if cur["total_paired"] != cur["students_total"]
                     or cur["covered_paired"] != cur["covered"] else ""), *d("coverage_share", share=True)),
        KeyFigure("agreements", "Договоры о сетевом взаимодействии", cur["agreements"], fmt_int(cur["agreements"]),
                  (types or "договоров нет") + _shared(cur)
                  + (f"; договоры {some_of(cur['agreements_outside'], 3, quoted=True)} не вошли: нет формы "
                     "готовности — уровень ОО не известен" if level and cur["agreements_outside"] else ""),
                  *d("agreements")),
        KeyFigure("agreement_share", "ОО хотя бы с одним договором", cur["agreement_share"],
                  fmt_pct(cur["agreement_share"]),
                  (f"{fmt_int(cur['with_agreement'])} из {fmt_int(cur['agreement_schools'])} ОО"
                   # when some municipality has not sent the agreements form, say whose schools the share is of
                   + (" муниципалитетов, сдавших форму договоров" if cur["agreement_partial"] else "")
                   + _outside(cur["agreements_outside"])
                   if cur["agreement_schools"]
                   else "муниципалитеты, сдавшие договоры, не сдали форму готовности") if cur["agreements_sent"]
                  else "нет данных о договорах за период", *d("agreement_share", share=True)),
        KeyFigure("participants", "Участия в мероприятиях", cur["participants"], fmt_int(cur["participants"]),
                  f"обучающиеся — {fmt_int(cur['students'])} · родители — {fmt_int(cur['parents'])} · "
                  f"педагоги — {fmt_int(cur['teachers'])}"
                  # a level chosen: the participants of events sent without schools have no level
                  + (f"; {cur['events_unlevelled_text']}" if cur["events_unlevelled"] else "")
                  # a school year: whose sum is of fewer periods (t88: beside «на 100», which leaves them out)
                  + (f"; не за все периоды учебного года: {missed}" if school_year and
                     (missed := year_missed(db, v, f)) else ""),
                  *d("participants")),
        # participations (a pupil at three events counts three times), never «took part N of M pupils»
        KeyFigure("per100", "Участий обучающихся на 100 обучающихся", cur["per100"], fmt_num(cur["per100"], 1),
                  f"{fmt_int(cur['per100_students'])} "
                  f"{plural(cur['per100_students'] or 0, 'участие', 'участия', 'участий')} обучающихся в "
                  "мероприятиях на "
                  f"{fmt_int(cur['per100_pupils'])} обучающихся 6–11 кл."
                  # when some municipality sent only one of the two forms, or its events without schools (a level
                  # chosen), say whose pupils they are
                  + _per100_whose(cur),
                  *d("per100", digits=1)),
    ]
    if year_events and spans_differ:  # said why the year's events have no change
        for k in out:
            if "events" in CARD_FORMS[k.key] and k.value is not None:
                k.denominator += (f" · без сравнения: за {period_label(pf.school_year)} данные за "
                                  f"{', '.join(map(period_short, span_before))}, за этот — за "
                                  f"{', '.join(map(period_short, span_now))}")
    if cur["events_no_levels"]:  # the events were sent per municipality: no figure of the level, not a zero
        for k in out[-2:]:
            k.value, k.text, k.denominator, k.delta, k.delta_text = None, "—", "нет разбивки по уровням: " \
                "мероприятия сданы по муниципалитетам", None, ""
    no_school = q.level_without_schools(db, v, region, period, munis, level)  # the forms sent, none of the level
    if no_school:  # (t88: «нет данных о готовности», «нет данных о договорах за период» of forms sent)
        for k in out:
            if k.value is None and k.key in ("ready_share", "coverage_share", "agreement_share"):
                k.denominator = f"нет ОО уровня «{level}»"
    if cur["per100"] is None and not cur["events_no_levels"]:  # no municipality sent both forms: not «0 из 0»
        out[-1].denominator = "нет ОО этого уровня" if no_school \
            else "нет данных: формы готовности и мероприятий за период вместе не сдавали"
    for k in out:  # no municipality chosen sent the card's form for the period: no figure, not a zero
        # (over a school year: a state's form as of its closing period; the events summed over the year)
        forms = CARD_FORMS[k.key]
        if not (cur["events_no_levels"] and "events" in forms) and not any(q.submitted_municipalities(
                db, v, form, region, period, munis, f.since if form == "events" else None) for form in forms):
            when = "период" if not school_year else "учебный год" if "events" in forms else period_label(period)
            # (named: the coverage share of this card is the readiness form's, not the effectiveness form's)
            named = ", ".join(FORM_NAMES[x] for x in forms)
            k.value, k.text, k.denominator, k.delta, k.delta_text = None, "—", \
                _waiting(db, v, forms, region, period, munis, when) or \
                f"нет данных: {'форму' if len(forms) == 1 else 'формы'} {named} за {when} не сдавали", None, ""
            if school_year and "events" not in forms:  # the year's last figure, in case it was sent earlier on
                k.denominator += _earlier_in_year(db, v, region, period, munis, level, k.key)
    for k in out:
        k.compared = compared.get(k.key, "") if k.delta is not None else ""
        k.completeness = _completeness(db, v, f, CARD_FORMS[k.key])
        k.source = source_text(db, v, list(CARD_FORMS[k.key]), f)
    return out


def _waiting(db: str, v: int, forms: tuple, region: str, period: str, munis: tuple, when: str) -> str:
    """«нет принятых данных: форма «Готовность ОО» за период на проверке у аналитика (Химки)» — a card with no
    accepted data whose forms were sent and are not accepted yet (never «не сдавали»); "" when none was sent."""
    parts, unsent = [], []
    for form in forms:
        by_state: dict[str, list[str]] = {}
        for m, state in q.unaccepted_municipalities(db, v, form, region, period, munis).items():
            by_state.setdefault(state, []).append(m)
        if by_state:
            parts.append(f"форма {FORM_NAMES[form]} за {when} " + "; ".join(
                f"{state} ({some_of(ms, 3)})" for state, ms in by_state.items()))
        else:
            unsent.append(f"форму {FORM_NAMES[form]} не сдавали")
    return "нет принятых данных: " + "; ".join(parts + unsent) if parts else ""


def _earlier_in_year(db: str, v: int, region: str, period: str, munis: tuple, level: str | None, key: str) -> str:
    """«; за IV квартал 2024 г. — 7»: a card's figure in the latest earlier period of the school year that has its
    forms (a form sent once a year, before the year's closing period), or ""."""
    year = ep.school_year_of(period)
    for p in q.period_options(db, v, region, munis):
        if p < period and ep.school_year_of(p) == year and \
                all(q.submitted_municipalities(db, v, form, region, p, munis) for form in CARD_FORMS[key]):
            card = next(c for c in _key_figures(db, v, region, p, munis, level) if c.key == key)
            return f"; за {period_label(p)} — {card.text}"
    return ""


CARD_PAGE = {"readiness": "pages/readiness.py", "agreements": "pages/agreements.py", "events": "pages/events.py"}
ROW_LABELS = {"municipality": "Муниципалитет", "school_name": "Школа", "school_inn": "ИНН", "level": "Уровень",
              "responsible_appointed": "Ответственный", "plan_approved": "План", "navigators": "Навигаторы",
              "bvb_registered": "«Билет в будущее»", "students_total": "Обучающихся 6–11 кл.",
              "students_covered": "Охвачено", "partner_type": "Тип партнёра", "partner_name": "Партнёр",
              "agreement_no": "№ договора", "signed_on": "Дата договора", "event": "Мероприятие",
              "event_level": "Уровень мероприятия", "event_text": "Мероприятие (как в файле)", "event_date": "Дата",
              "students": "Обучающиеся",
              "parents": "Родители", "teachers": "Педагоги", "load_id": "Загрузка №", "source_file": "Файл",
              "source_sheet": "Лист", "source_row": "Строка"}


def rows_behind(filters: Filters, key: str, db_path=None) -> dict[str, pd.DataFrame]:
    """The rows of each form a card's figure is computed from (Russian column names), by form name."""
    db, v, f = context(filters, db_path)
    return {FORM_NAMES[k]: q.rows_behind(db, v, k, *_args(f)).rename(columns=ROW_LABELS)
            for k in CARD_FORMS[key]}


def _completeness(db: str, v: int, f: Filters, kinds: tuple[str, ...]) -> str:
    """«сдали 12 из 56 муниципалитетов» for the least complete of a card's forms, "" when all are complete; a
    school year's events, summed over its periods, say each period's («мероприятия сдали: 2-е полуг. 2023 — 5,
    1-е полуг. 2024 — 4 из 18 муниципалитетов»)."""
    if f.since and "events" in kinds and (said := year_events_sent(db, v, f)):
        rest = _completeness(db, v, Filters(f.region, f.period, f.municipalities, f.level),
                             tuple(k for k in kinds if k != "events"))
        return "; ".join(x for x in (rest, said) if x)
    states = [q.form_submissions(db, v, k, f.region, f.period, tuple(f.municipalities)) for k in kinds]
    worst = min((s for s in states if s and not s["complete"]), key=lambda s: s["submitted"] / s["expected"],
                default=None)
    if worst is None:
        return ""
    waiting = not_accepted({m: s for k in kinds for m, s in q.unaccepted_municipalities(
        db, v, k, f.region, f.period, tuple(f.municipalities)).items()})
    return f"сдали {of_municipalities(worst['submitted'], worst['expected'])}" + (f"; {waiting}" if waiting else "")


# ---------------------------------------------------------------------------------------------
# Lagging municipalities

LAG_RULES = [  # (threshold key, metric column, Russian name, is share)
    ("readiness_share_min", "ready_share", "доля готовых ОО", True),
    ("coverage_share_min", "coverage", "охват обучающихся", True),
    ("agreement_share_min", "agreement_share", "доля ОО с договорами", True),
    ("participants_per100_min", "per100", "участий обучающихся в мероприятиях на 100 обучающихся", False),
    ("navigator_share_min", "navigator_share", "доля ОО с педагогами-навигаторами", True),
]
LAG_COLUMNS = {"ready_share": "Доля готовых ОО", "coverage": "Охват обучающихся",
               "agreement_share": "Доля ОО с договорами", "per100": "Участий обучающихся на 100 обучающихся",
               "navigator_share": "Доля ОО с навигаторами", "schools": "Число ОО"}


def municipality_metrics(filters: Filters, db_path=None) -> pd.DataFrame:
    """Per municipality: schools, ready_share, coverage, navigator_share, agreement_share, per100."""
    db, v, f = context(filters, db_path)
    if not f.period:
        return pd.DataFrame()
    r = q.readiness_by_municipality(db, v, *_args(f))
    if r.empty:
        return r
    cov = q.agreements_coverage(db, v, *_args(f))
    anyt = cov[cov["partner_type"] == "любой тип"].set_index("municipality")["share"] if not cov.empty else {}
    ev = q.events_by_municipality(db, v, *_args(f), f.since)  # over a school year: its participants
    per100 = ev.set_index("municipality")["per100"] if not ev.empty else {}
    if f.since and not ev.empty:  # a school year: a municipality that missed a period's events form has no year's
        per100 = per100[per100.index.isin(year_sent(db, v, f))]  # figure (not a low one)
    out = r[["municipality", "schools", "ready_share", "coverage", "navigator_share"]].copy()
    has_ag = not cov.empty and cov["partner_type"].notna().any()
    out["agreement_share"] = out["municipality"].map(anyt) if has_ag else None  # not sent: unknown, not 0
    out["per100"] = out["municipality"].map(per100) if not ev.empty else None
    return out


def goals(filters: Filters, db_path=None) -> pd.DataFrame:
    """The targets of the period's school year for the region (data/reference/targets.csv) with the indicator's
    name, and the monitoring's thresholds: «Показатель», «Целевое значение», «Основание»."""
    from app import projection as pj

    db, v, f = context(filters, db_path)
    cols = ["Показатель", "Целевое значение", "Основание"]
    if not f.period:
        return pd.DataFrame(columns=cols)
    sy = pj.school_year_of(f.period)
    cat = q.indicators(db, v).set_index("code")
    rows = []
    for (region, year, code), (value, source) in pj.targets().items():
        if region == f.region and year == sy:
            name = cat.at[code, "name"] if code in cat.index else code
            unit = cat.at[code, "unit"] if code in cat.index else ""
            digits = 0 if float(value).is_integer() else 1  # «100 %» as the thresholds' «90 %», not «100,0 %»
            rows.append([f"{name} ({sy} учебный год)", fmt_num(value, digits) + (f"\u00a0{unit}" if unit else ""),
                         source])
    th = q.thresholds(db, v)
    described = {r["key"]: r.get("description", "") for r in q.reference(db, v, "thresholds").to_dict("records")}
    for key, _col, _name, share in LAG_RULES:
        if th.get(key) is not None:
            rows.append([described.get(key) or key, fmt_pct(th[key], 0) if share else fmt_num(th[key], 0),
                         "Пороговое значение мониторинга"])
    return pd.DataFrame(rows, columns=cols)


def not_sent(filters: Filters, db_path=None) -> list[str]:
    """The municipalities expected in the period (the chosen ones, else the region's) that sent no readiness form
    for it (as of a school year's closing period): nothing can be concluded about them — said, not taken for «no
    lag»."""
    db, v, f = context(filters, db_path)
    if not f.period:
        return []
    munis = tuple(f.municipalities)
    sent = set(q.submitted_municipalities(db, v, "readiness", f.region, f.period, munis))
    return [m for m in q.expected_municipalities(db, v, f.region, f.period, munis) if m not in sent]


def lagging(filters: Filters, db_path=None) -> pd.DataFrame:
    """Municipalities below a threshold of data/reference/thresholds.csv, with the reasons in Russian.
    Columns «Муниципалитет», «Причина», then the metrics (shares 0..1) and «Число ОО»."""
    db, v, f = context(filters, db_path)
    return _lagging(db, v, *_args(f), f.school_year)


def no_lagging_message(filters: Filters, db_path=None) -> str:
    """What an empty list of lagging municipalities means: «all reach» only over a completely submitted period."""
    db, v, f = context(filters, db_path)
    state = q.submission_state(db, v, f.region, f.period, tuple(f.municipalities))  # (the chosen ones')
    if state is not None and not state["complete"]:
        return ("Ниже пороговых значений никого нет, но форму готовности сдали только "
                f"{of_municipalities(state['submitted'], state['expected'])}.")
    if q.level_without_schools(db, v, *_args(f)):  # (t88: «Лобня достигает пороговых значений» with none of them)
        return f"ОО уровня «{f.level}» в {'выбранных муниципалитетах' if f.municipalities else 'регионе'} нет."
    return _all_reach(f)


def _shared(cur: dict) -> str:
    """«; договор с несколькими ОО учтён у каждой: разных договоров 14» — when some agreement is on several rows."""
    k = cur.get("agreements_shared") or 0
    return f"; договор с несколькими ОО учтён у каждой: разных договоров {fmt_int(cur['agreements'] - k)}" if k \
        else ""


def lagging_line(lag: pd.DataFrame, limit: int = 5) -> str:
    """«Ниже пороговых значений — 13 муниципалитетов: Зарайск, … и ещё 8.» of `lagging`'s rows."""
    return f"Ниже пороговых значений — {municipalities(len(lag))}: {some_of(list(lag['Муниципалитет']), limit)}."


def _all_reach(f: Filters) -> str:
    """«Все муниципалитеты достигают…», or the one chosen: «Химки достигает…»."""
    if len(f.municipalities) == 1:
        return f"{f.municipalities[0]} достигает пороговых значений."
    return ("Все выбранные муниципалитеты достигают пороговых значений." if f.municipalities
            else "Все муниципалитеты достигают пороговых значений.")


def _failures(r: dict, th: dict) -> list[tuple[str, str]]:
    """(threshold key, «доля готовых ОО 70,0 % (норматив не ниже 90 %)») for each threshold a municipality's
    metrics (a row of `municipality_metrics`) fall below."""
    out = []
    for key, col, name, share in LAG_RULES:
        lim, val = th.get(key), r.get(col)
        if lim is None or val is None or pd.isna(val) or val >= lim:
            continue
        # a value just under the norm keeps the digits that show it is under (t93: 94,97 % shown «95,0 %», below 95 %)
        digits = next((d for d in (1, 2, 3) if round_half_up(val * 100 if share else val, d) <
                       (lim * 100 if share else lim)), 3)
        shown = fmt_pct(val, digits) if share else fmt_num(val, digits)
        limit = fmt_pct(lim, 0) if share else fmt_num(lim, 0)
        out.append((key, f"{name} {shown} (норматив не ниже {limit})"))
    return out


def advice_text(key: str, **values) -> str:
    """A recommendation or a proposed decision of the analytical note (data/reference/recommendations.csv)."""
    from etl import reference

    text = next((r["text"] for r in reference.rows("recommendations.csv") if r["key"] == key), "")
    return text.format(**values) if text else ""


def recommendations(filters: Filters, db_path=None, at_risk: pd.DataFrame | None = None
                    ) -> list[tuple[str, list[str]]]:
    """Per lagging municipality (below a threshold, or at risk of missing a target by 31 August): what lags and
    what to do, from data/reference/recommendations.csv — [(municipality, [«доля готовых ОО 70,0 % (норматив не
    ниже 90 %): обеспечить …»])], the most lagging first."""
    db, v, f = context(filters, db_path)
    if not f.period:
        return []
    m = municipality_metrics(f, db)
    th = q.thresholds(db, v)
    out: dict[str, list[str]] = {}
    order: dict[str, tuple] = {}
    for r in (m.to_dict("records") if not m.empty else []):
        items = [f"{reason}: {lower_first(advice_text(key))}" for key, reason in _failures(r, th)]
        if items:
            out[r["municipality"]] = items
            order[r["municipality"]] = _most_lagging_first(len(items), r.get("ready_share"), r["municipality"])
    out = dict(sorted(out.items(), key=lambda kv: order[kv[0]]))  # (as the table of section 4.1)
    from app import projection as pj

    over = pj.school_year_closed(f.period)  # the year's data are in: its targets are missed, not at risk
    for row in (at_risk.to_dict("records") if at_risk is not None and len(at_risk) else []):
        out.setdefault(row["Муниципалитет"], []).append(
            advice_text("missed" if over else "at_risk", indicator=row["Показатель"],
                        projected=row["Прогноз на 31 августа"], target=row["Цель"],
                        school_year=pj.school_year_of(f.period)))
    return list(out.items())


@_cache
def _lagging(db: str, v: int, region: str, period: str | None, munis: tuple, level: str | None,
             school_year: str | None = None) -> pd.DataFrame:
    f = Filters(region, period, munis, level, school_year=school_year)
    m = municipality_metrics(f, db)
    cols = ["Муниципалитет", "Причина"] + list(LAG_COLUMNS.values())
    if m.empty:
        return pd.DataFrame(columns=cols)
    th = q.thresholds(db, v)
    rows = []
    for r in m.to_dict("records"):
        reasons = [reason for _, reason in _failures(r, th)]
        if reasons:
            rows.append({"Муниципалитет": r["municipality"], "Причина": "; ".join(reasons), "_fails": len(reasons),
                         **{LAG_COLUMNS[c]: r.get(c) for c in LAG_COLUMNS}})
    if not rows:
        return pd.DataFrame(columns=cols)
    rows.sort(key=lambda x: _most_lagging_first(x["_fails"], x["Доля готовых ОО"], x["Муниципалитет"]))
    return pd.DataFrame(rows)[cols]


def _most_lagging_first(fails: int, ready_share, name: str) -> tuple:
    """One order of the lagging municipalities for the table and the recommendations (a tester saw them listed
    differently in one note): most thresholds missed, then the lowest share of ready schools, then the name."""
    share = float("inf") if ready_share is None or pd.isna(ready_share) else float(ready_share)
    return (-fails, share, name)


# ---------------------------------------------------------------------------------------------
# Summary in Russian

def _versus(period: str, prev: str | None, school_year: bool) -> tuple[str, str]:
    """What a change is against, for a card («к пред. периоду») and for the summary («в предыдущем периоде»); a
    comparison period that is not the one just before names itself («к IV кварталу 2024 г.»: the periods between
    have no data)."""
    if school_year:
        return "к тому же сроку пред. уч. года", "к тому же сроку прошлого учебного года"
    if names_its_period(period, prev, school_year):
        return ep.period_phrase(prev, "к"), ep.period_phrase(prev, "в")
    return "к пред. периоду", "в предыдущем периоде"


def names_its_period(period: str, prev: str | None, school_year: bool) -> bool:
    """Whether a change's wording names the period it is against (one that is not the period just before)."""
    return bool(prev) and not school_year and prev != ep.previous_period(period)


def _dot(sentence: str) -> str:
    """A sentence with its full stop — one, also after an abbreviation that ends it («… в IV квартале 2024 г.»)."""
    return sentence if sentence.endswith(".") else sentence + "."


def _change_words(fig: KeyFigure, unit: str, before: str) -> str:
    """«; это на 20,0 п. п. больше, чем в предыдущем периоде (по 3 муниципалитетам, сдавшим в обоих)» — over whom
    the card's change is, as the card says it."""
    x = fig.delta
    if x is None:
        return ""
    whom = f" {fig.compared}" if fig.compared else ""
    if abs(x) < 0.05:
        return f"; столько же, сколько {before}{whom}"
    more = "больше" if x > 0 else "меньше"
    return f"; это на {fmt_num(abs(x), 1)} {unit} {more}, чем {before}{whom}"


def summary_sentences(filters: Filters, db_path=None) -> list[str]:
    """A short generated summary: correct Russian plurals and number formats (1 234,5)."""
    db, v, f = context(filters, db_path)
    if not f.period:
        return [f"По региону «{region_name(f.region)}» данных мониторинга пока нет."]
    figs = {k.key: k for k in key_figures(f, db_path)}
    cur = _figures_raw(db, v, f)
    out = []
    n, m = cur["schools"], cur["municipalities"]
    # the municipalities chosen (or a coordinator's): the figures are theirs, not the region's (tester round t84:
    # «Московская область: в мониторинге 2 школы из 1 муниципалитета» of Клин alone)
    chosen = list(f.municipalities or f.scope)
    head = (f"{', '.join(chosen)} ({region_name(f.region)})" if chosen else region_name(f.region)) + f", {f.when()}"
    pf = previous_filters(db, v, f)
    before = _versus(f.period, pf.period if pf else None, bool(f.school_year))[1]
    if n:
        out.append(f"{head}: в мониторинге {fmt_int(n)} {plural(n, 'школа', 'школы', 'школ')}"
                   + ("." if len(chosen) == 1 else f" из {municipalities(m, genitive=True)}."))
        ready, rn = cur["ready"], cur["ready_schools"]
        verb = plural(ready, "Готова", "Готовы", "Готовы")
        if rn:
            whose = " (в муниципалитетах, указавших все критерии готовности)" if rn != n else ""
            out.append(_dot(f"{verb} к реализации профминимума {fmt_int(ready)} ОО из {fmt_int(rn)}{whose} "
                            f"({fmt_pct(cur['ready_share'])})"
                            f"{_change_words(figs['ready_share'], 'п. п.', before)}"))
        else:
            out.append("Готовность школ по критериям неизвестна: в формах нет всех критериев готовности.")
        if cur["total_paired"]:
            out.append(_dot(f"Профминимумом охвачено {fmt_pct(cur['coverage_share'])} обучающихся 6–11 классов "
                            f"({fmt_int(cur['covered_paired'])} из {fmt_int(cur['total_paired'])})"
                            f"{_change_words(figs['coverage_share'], 'п. п.', before)}"))
    elif q.level_without_schools(db, v, *_args(f)):  # (t88: «данных о готовности школ нет» of a form sent)
        out.append(f"{head}: ОО уровня «{f.level}» нет.")
    else:
        out.append(f"{head}: данных о готовности школ нет.")
    a = cur["agreements"]
    if a:
        verb = plural(a, "Заключён", "Заключено", "Заключено")
        parts = [f"{PARTNER_WITH.get(t, t)} — {fmt_int(k)}" for t, k in cur["agreements_by_type"].items()]
        s = f"{verb} {fmt_int(a)} {plural(a, 'договор', 'договора', 'договоров')} о сетевом взаимодействии: " \
            + ", ".join(parts) + "."
        if cur.get("agreements_shared"):  # one agreement of several schools is on each school's row
            s += f" Договор с несколькими ОО учтён у каждой ОО; разных договоров — " \
                 f"{fmt_int(a - cur['agreements_shared'])}."
        out.append(s)
        if cur["agreement_share"] is not None:
            part = " муниципалитетов, сдавших форму договоров" if cur["agreement_partial"] else ""
            outside = f" ({_outside(cur['agreements_outside'])[2:]})" if cur["agreements_outside"] else ""
            out.append(f"Хотя бы один договор есть у {fmt_pct(cur['agreement_share'])} ОО{part}{outside}.")
    if cur["participants"]:
        p = cur["participants"]
        # participations: one person at several events counts at each (forms count so), never «N people»
        out.append(f"В мероприятиях — {fmt_int(p)} {plural(p, 'участие', 'участия', 'участий')} (человек, побывавший "
                   f"на нескольких мероприятиях, учтён в каждом): обучающихся — {fmt_int(cur['students'])}, "
                   f"родителей — {fmt_int(cur['parents'])}, педагогов — {fmt_int(cur['teachers'])}.")
        if cur["per100"] is not None:
            x = round(cur["per100"], 1)
            part = _per100_whose(cur, note=True)
            # (a number written with a decimal takes «участия» whatever it is: «21,0 участия» — tester round t84)
            out.append(f"На 100 обучающихся 6–11 классов приходится {fmt_num(x, 1)} участия обучающихся в "
                       f"мероприятиях{part}.")
    lag = lagging(f, db_path)
    state = q.submission_state(db, v, f.region, f.period, tuple(f.municipalities))  # (the chosen ones')
    if n:
        if lag.empty and state is not None and not state["complete"]:
            out.append(f"Форму готовности за период сдали {of_municipalities(state['submitted'], state['expected'])}"
                       ": об отставании судить рано.")
        elif lag.empty:
            out.append(_all_reach(f))
        else:
            out.append(lagging_line(lag))
    rm = q.roadmap(db, v, f.region)
    if not rm.empty:
        od, total = int(rm["overdue"].sum()), len(rm)
        # (the roadmap as its executors marked it on their report's day, whatever the period; a plan: today)
        today = fmt_date(q.roadmap_as_of(db, v, f.region) or date.today())
        if od:
            out.append(f"По дорожной карте на {today} {plural(od, 'просрочено', 'просрочены', 'просрочено')} "
                       f"{fmt_int(od)} {plural(od, 'мероприятие', 'мероприятия', 'мероприятий')} из {fmt_int(total)}.")
        else:
            out.append(f"Просроченных мероприятий дорожной карты на {today} нет (всего {fmt_int(total)}).")
    return out


AT_RISK_COLUMNS = ["Муниципалитет", "Показатель", "Сейчас", "Прогноз на 31 августа", "Цель", "Не хватит",
                   "Осталось месяцев"]


class Risk(NamedTuple):
    table: pd.DataFrame  # who will not reach a target, the largest gaps first
    note: str  # how the projection is made, and how many indicators had too few periods for one
    empty: str  # what an empty table means: everyone with a projection reaches the targets, or no projection at all


def at_risk(filters: Filters, db_path=None, today: date | None = None) -> Risk:
    """Municipalities that at their pace will not reach a target by the end of the school year.

    For each municipality and indicator with a target for the region and school year (targets.csv): its value
    now, and the projection at 31 August from this school year's periods up to the chosen one
    (`projection.project`: a least-squares line, capped to 0–100 % for a share). An empty table says «all reach
    their targets» only when projections were made: never for a level (the indicators are reported per
    municipality) or when every indicator has too few periods."""
    from app import projection as pj

    db, v, f = context(filters, db_path)
    empty = pd.DataFrame(columns=AT_RISK_COLUMNS)
    if not f.period:
        return Risk(empty, "", NO_PROJECTION)
    sy = pj.school_year_of(f.period)
    goals = {code: val for (r, s, code), (val, _src) in pj.targets().items() if r == f.region and s == sy}
    if not goals:
        return Risk(empty, f"Целевых значений на {sy} учебный год для региона нет в справочнике целевых значений",
                    NO_PROJECTION)
    vals = q.effectiveness_values(db, v, f.region, None, tuple(f.municipalities), f.level, "municipality")
    vals = vals[vals["code"].isin(goals) & vals["period"].map(lambda p: pj.school_year_of(p) == sy)
                & (vals["period"] <= f.period)]
    if vals.empty:
        return Risk(empty, "", NO_PROJECTION + (
            f": показатели эффективности по уровню «{f.level}» не сдаются — они приходят по муниципалитетам; "
            "прогноз — без фильтра уровня" if f.level else f": форм показателей эффективности за {sy} учебный год нет "
            "(прогноз строится по ним)"))
    cat = q.indicators(db, v).set_index("code")
    end = pj.school_year_bounds(sy)[1]
    over = (today or date.today()) > end  # (a school year over: no months left — t82 saw «8» for 2024/25 in Dec. 2026)
    # the year's last period in (data to June): its values are the year's result, no line drawn on to 31 August
    # (tester round t84: «не достигнута: к 31 августа 26,8 %» of a line from data ending 30.06)
    closed = pj.school_year_closed(f.period)
    rows, short = [], 0
    for (muni, code), g in vals.groupby(["grp", "code"], sort=True):
        g = g.sort_values("period")
        pct = cat.at[code, "unit"] == "%" if code in cat.index else False
        # (closed: a municipality with no value of the last period has no result — none is made up from older ones)
        proj = (float(g["value"].iloc[-1]) if g["period"].iloc[-1] == f.period else None) if closed else pj.project(
            [(period_bounds(p)[1], x) for p, x in zip(g["period"], g["value"])], end, 0.0, 100.0 if pct else None)
        if proj is None:
            short += 1
            continue
        goal = goals[code]
        if round(proj, 1) >= goal:  # a gap that rounds to «0,0» is none
            continue
        unit = "\u00a0%" if pct else ""
        rows.append((goal - proj, [muni, cat.at[code, "short_name"] if code in cat.index else code,
                                   fmt_num(g["value"].iloc[-1], 1) + unit, fmt_num(proj, 1) + unit,
                                   fmt_num(goal, 0) + unit, fmt_num(goal - proj, 1) + (" п.\u00a0п." if pct else ""),
                                   "—" if over else pj.months_left(f.period)]))
    table = pd.DataFrame([r for _, r in sorted(rows, key=lambda t: -t[0])], columns=AT_RISK_COLUMNS)
    # (the form named: the overview's lagging list shows the readiness form's coverage — t88 saw 77,4 % there and
    # 72,6 % here for one municipality)
    note = "Значения — по форме «Показатели эффективности». " + (
        f"Итог {sy} учебного года — значения его последнего периода ({period_label(f.period)}), без прогноза."
            if closed else
            f"Прогноз — продолжение прямой, проведённой по значениям {sy} учебного года (периоды по "
            f"{period_label(f.period)} включительно), до 31 августа; доли не выше 100 %."
            + (f" Учебный год {sy} завершён: прогноз — каким он был по данным на конец этого периода." if over
               else ""))
    if short:
        why = "нет значения последнего периода" if closed else "меньше двух периодов учебного года"
        note += (f" Недостаточно данных ({why}): {fmt_int(short)} "
                 f"{plural(short, 'пара', 'пары', 'пар')} «муниципалитет — показатель» без прогноза.")
    projected = vals.groupby(["grp", "code"]).ngroups - short
    if not projected:  # (under a level: the form comes by municipality, a school or two of the level at most — t93)
        empty_text = NO_PROJECTION + (f": показатели эффективности по уровню «{f.level}» почти не сдаются — они "
                                      "приходят по муниципалитетам; прогноз — без фильтра уровня" if f.level else
                                      ": по каждому показателю меньше двух периодов учебного года")
    elif short:
        n = f"{fmt_int(projected)} {plural(projected, 'показатель', 'показателя', 'показателей')}"
        empty_text = ("При нынешнем темпе целевых значений к 31 августа достигают все муниципалитеты, по которым "
                      f"прогноз есть ({n}); по остальным {fmt_int(short)} — недостаточно данных")
    else:
        empty_text = "При нынешнем темпе все муниципалитеты достигают целевых значений к 31 августа"
    return Risk(table, note, empty_text)


NO_PROJECTION = "Прогноза нет"
