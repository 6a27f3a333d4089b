"""Wide layouts of a header row (etl/mapping.py asks first): a column per event, the participants under each event's
name or named once in the title, or a column per effectiveness indicator. The layout's columns leave the scores the
fields are then taken from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from etl import participants, wide_sums
from etl.catalogue import PARTICIPANTS, Catalogue, header_key
from etl.column_notes import SUBSET, grade_range, siblings
from etl.header_facts import TOTAL_GROUP, HeaderFacts, event_day
from etl.event_columns import events_by_column, one_event
from etl.meaning import BRACKETS
from etl.normalize import extract_date


@dataclass
class Wide:
    layout: str = "long"  # 'long' | 'wide'
    # events: (event as written, {participant field: column}); effectiveness: (indicator code, column)
    groups: list = field(default_factory=list)
    twins: dict[int, str] = field(default_factory=dict)  # other columns of an indicator taken (index -> code)
    breakdown: dict[str, list[int]] = field(default_factory=dict)  # code -> the columns of its parts
    sums: set[int] = field(default_factory=set)  # a «Всего …» group: the sum of the others
    parts: set[int] = field(default_factory=set)  # an event's grade columns beside its «всего» (taken)
    adds: dict[int, tuple] = field(default_factory=dict)  # sum column -> what it adds up (etl/wide_sums.py)
    summed: dict[int, list[int]] = field(default_factory=dict)  # an event's pupils by grades: first -> all
    unsaid: list[int] = field(default_factory=list)  # event columns whose people nobody named (asked)


def find(table, cat: Catalogue, kind: str, fields: dict[str, int], scores: dict[int, dict[str, int]],
         facts: HeaderFacts, chosen: list[tuple[str, int]], samples: dict[int, list] | None,
         given: str | None = None) -> Wide:
    """The wide layout of the table, if it has one (`chosen`: indicators the analyst gave columns; `given`: the
    participant field the analyst gave the columns of the events)."""
    w = Wide()
    if kind == "events" and "event" not in fields and \
            not any(s.get("event", 0) >= 2000 for i, s in scores.items() if not one_event(table, i)):
        _events(w, table, cat, fields, scores, samples, given)
    elif kind == "effectiveness" and "indicator_code" not in fields and \
            not any(s.get("indicator_code", 0) >= 2000 for s in scores.values()):
        _indicators(w, table, cat, scores, facts, chosen)
    return w


# a header cell holding a date or a span of dates and nothing else
_DATE_ONLY = re.compile(r"(?:(?:с|по|до|от|и|г|года?|\d+|[-–—.,/()\s]|(?:январ|феврал|март|апрел|ма[йя]|июн|июл|"
                        r"август|сентябр|октябр|ноябр|декабр)[а-я]*)\s*)+")


def _events(w: Wide, table, cat: Catalogue, fields: dict[str, int], scores: dict[int, dict[str, int]],
            samples: dict[int, list] | None, given: str | None) -> None:
    """Events over participants («Шоу профессий | обучающиеся | родители»), else events under a title naming the
    participants (etl/event_columns.py `events_by_column`)."""
    order: list[str] = []
    by_event: dict[str, dict[str, int]] = {}
    group_totals: dict[str, int] = {}  # event -> its «всего» column beside its participants
    graded: dict[str, list] = {}  # event -> its pupils' grade columns ((grades, column))
    for col in table.columns:
        if col.index not in scores or len(col.parts) < 2:
            continue
        sub = {f: s for f, s in cat.field_scores("events", col.parts[-1:]).items() if f in PARTICIPANTS}
        grades = grade_range(col.parts[-1], bare=True) if not sub and not TOTAL_GROUP.match(col.parts[-2]) else None
        if grades is not None and grades[0] >= 6:  # «6-9 кл.» | «10-11 кл.» beside «родители» under an event
            graded.setdefault(_event_name(col), []).append((grades, col.index))
            continue
        if not sub:
            if participants.sum_of_every_group(col.parts[-1]):
                group_totals[col.parts[-2]] = col.index
            elif SUBSET.match(header_key(col.parts[-1])):  # «в т.ч. с ОВЗ» under «Профпробы (муниципальный
                scores.pop(col.index, None)  # уровень)»: a part of the pupils (asked), never the event's level
            continue
        f = max(sub, key=sub.get)
        # the event's name over its participants — above a row of its dates («30.09.2023», «с 18 по 22 сентября»),
        # which gives its columns' date
        ev = _event_name(col)
        if col.index not in table.column_dates:  # (a date in the event's name: «Профессиональные пробы (март 2025)»)
            when = extract_date(col.parts[-2]) if ev != col.parts[-2] else event_day(ev)
            if when is not None:
                table.column_dates[col.index] = when
        if TOTAL_GROUP.match(ev):
            w.sums.add(col.index)
            continue  # «Всего участников» over обучающиеся / родители / педагоги: the sum of the events
        if ev not in by_event:
            by_event[ev] = {}
            order.append(ev)
        if f not in by_event[ev]:
            by_event[ev][f] = col.index
            scores.pop(col.index, None)
    _by_grades(w, by_event, order, graded, scores)
    if not by_event and not any(f in fields for f in PARTICIPANTS):
        by_event = events_by_column(table, cat, scores, w, samples, given)
        order = list(by_event)
    if by_event or w.breakdown:
        w.layout = "wide"
        w.groups = [(ev, by_event[ev]) for ev in order]  # canonical names: event_names.event_info
        # an event's «всего» beside its participants, and «Всего участников» of one header cell over two rows:
        # sums of the columns loaded (an event with «всего» alone is not one: it stays a question)
        w.sums.update(i for ev, i in group_totals.items() if ev in by_event)
        w.sums.update(col.index for col in table.columns if col.index in scores and len(col.parts) == 1
                      and participants.sum_of_every_group(col.parts[0]))
        w.adds = wide_sums.scopes(w.sums, table, cat, group_totals)


def _event_name(col) -> str:
    """The event's name over a column of its participants: the lowest header part that is not a date or a span of
    dates («30.09.2023», «с 18 по 22 сентября» — a row of dates under the names)."""
    return next((x for x in reversed(col.parts[:-1]) if not _DATE_ONLY.fullmatch(x.strip().lower())), col.parts[-2])


def _by_grades(w: Wide, by_event: dict, order: list, graded: dict, scores: dict) -> None:
    """An event's pupils in columns by grades apart («6-9 кл.» | «10-11 кл.»), beside its other participants, no
    «обучающиеся» column: their sum (etl/grade_parts.py); beside «обучающиеся, всего»: parts of it, not loaded.
    Grades overlapping in any event («6-9 | 8-11»): none taken, the form's grades are asked about
    (etl/event_columns.py)."""
    spans_of = {ev: sorted(cols) for ev, cols in graded.items()}  # ((grades), column) by grades
    if any(len(spans) < 2 or any(a[0][1] >= b[0][0] for a, b in zip(spans, spans[1:]))
           for spans in spans_of.values()):
        return
    for ev, spans in spans_of.items():
        columns = [i for _g, i in spans]
        if "students" in by_event.get(ev, {}):
            w.parts.update(columns)
        else:
            if ev not in by_event:
                by_event[ev] = {}
                order.append(ev)
            by_event[ev]["students"] = min(columns)
            w.summed[min(columns)] = columns
        for i in columns:
            scores.pop(i, None)


def _indicators(w: Wide, table, cat: Catalogue, scores: dict[int, dict[str, int]], facts: HeaderFacts,
                chosen: list[tuple[str, int]]) -> None:
    """A column per effectiveness indicator; of two columns of one indicator the visible, actual, later one."""
    groups = []
    for col in table.columns:
        s = scores.get(col.index)
        if s is None:
            continue
        if any(f in ("municipality", "school_name", "period") and v >= 2000 for f, v in s.items()) and not \
                (set(s) <= {"period"} and _of_a_period(cat, col)):
            continue  # (but «Прошли диагностику» over «прошлый год | отчётный период»: the indicator of the period)
        # the sub-header names the indicator when it can («Доля охвата» over «всего обучающихся, чел.» |
        # «из них охвачено» | «%»; «в т.ч. 6-9 кл.» under «… принявших участие в профпробах» — a part of that, not
        # all the pupils); else the whole header does
        sub = col.parts[-1] if len(col.parts) > 1 else None
        code = (None if sub is None else cat.part_indicator(sub) if SUBSET.match(header_key(sub))
                else cat.indicator(sub)) or cat.indicator(col.header)
        if code:
            groups.append((code, col))
    # one column per indicator: of two («… на 01.09.2022», «… на 01.09.2023», «план | факт», or one of them
    # hidden) the visible, actual, later one; the other is recognised and not loaded
    best: dict[str, Any] = {}
    for code, col in groups:
        key = (col.index not in facts.hidden, col.index not in facts.planned, col.index not in facts.future,
               not SUBSET.match(header_key(col.parts[-1])),  # («в т.ч. в I квартале» beside «с начала уч. года»)
               col.index in facts.totals,
               facts.dated[col.index] or date.min, -col.index)
        if code not in best or key > best[code][0]:
            best[code] = (key, col)
    # (two columns read as one indicator that differ in none of those and are no parts of one group — «Прошли
    # профпробы» and «… поступивших в ПОО по профилю пройденных профпроб» — are no alternatives: the other one is
    # asked about, never dropped)
    apart = facts.planned | facts.hidden
    w.twins = {col.index: code for code, col in groups if best[code][1] is not col
               # («в т.ч. 6-9 кл.»: a part, asked about; «в т.ч. в I квартале» of the figure since the school
               # year's start: its part by time, noted)
               and (not SUBSET.match(header_key(col.parts[-1])) or facts.dated.get(col.index))
               and (_differ(facts, col.index, best[code][1].index)
                    or siblings(table, col.index, best[code][1].index, apart))}
    chosen_codes = {code for code, _i in chosen}
    for code, (_key, col) in best.items():
        parts = [t for t, c in w.twins.items() if c == code and siblings(table, t, col.index, apart)]
        if parts and not facts.totals & {col.index, *parts} and code not in chosen_codes:
            w.breakdown[code] = [col.index, *parts]
    w.groups = sorted(chosen + [(code, col.index) for code, col in groups
                                if best[code][1] is col and code not in chosen_codes], key=lambda g: g[1])
    for _code, idx in w.groups:
        scores.pop(idx, None)
    if w.groups:
        w.layout = "wide"


def _of_a_period(cat: Catalogue, col) -> bool:
    """An indicator's column named with its period: «Прошли диагностику» over «отчётный период», or «Прошли
    профпробы, чел. (отчётный период)» beside «… (АППГ)» in one header row."""
    if len(col.parts) > 1:
        return bool(cat.indicator(col.parts[-2]))
    bare = BRACKETS.sub(" ", col.header).strip()
    return bare != col.header.strip() and bool(cat.indicator(bare))


def _differ(facts: HeaderFacts, a: int, b: int) -> bool:
    """Whether two columns of one indicator differ as alternatives do: one hidden, one a plan, one a total, or
    dated differently."""
    return (a in facts.hidden) != (b in facts.hidden) or (a in facts.planned) != (b in facts.planned) or \
        (a in facts.future) != (b in facts.future) or \
        (a in facts.totals) != (b in facts.totals) or facts.dated.get(a) != facts.dated.get(b)
