"""Wide layouts of a header row (etl/mapping.py asks first): a column per event, the participants under each event's
name or named once in the title, or a column per effectiveness indicator. The layout's columns leave the scores the
fields are then taken from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl import evidence, participants, wide_sums
from etl.wide_indicators import indicators
from etl.catalogue import PARTICIPANTS, Catalogue, header_key
from etl.column_notes import SUBSET
from etl.grades import grade_range
from etl.header_facts import TOTAL_GROUP, HeaderFacts, event_day
from etl.event_columns import events_by_column, one_event
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
         given: dict[int, str] | None = None) -> Wide:
    """The wide layout of the table, if it has one (`chosen`: indicators the analyst gave columns; `given`: the
    participant field the analyst gave columns of the events, column -> field)."""
    w = Wide()
    if kind == "events" and "event" not in fields and \
            not any(s.get("event", 0) >= 2000 for i, s in scores.items() if not one_event(table, i)):
        _events(w, table, cat, fields, scores, samples, given)
    elif kind == "effectiveness" and "indicator_code" not in fields and \
            not any(s.get("indicator_code", 0) >= 2000 for i, s in scores.items()
                    # (a column of numbers headed «Показатель 5 (чел.)» holds no indicators' names: t89 saw every
                    # indicator column of a wide form asked about)
                    if not (samples and evidence.contradicts("indicator", samples.get(i, []), few=True))):
        indicators(w, table, cat, scores, facts, chosen)
    return w


# a header cell holding a date or a span of dates and nothing else
_DATE_ONLY = re.compile(r"(?:(?:с|по|до|от|и|г|года?|\d+|[-–—.,/()\s]|(?:январ|феврал|март|апрел|ма[йя]|июн|июл|"
                        r"август|сентябр|октябр|ноябр|декабр)[а-я]*)\s*)+")


def _events(w: Wide, table, cat: Catalogue, fields: dict[str, int], scores: dict[int, dict[str, int]],
            samples: dict[int, list] | None, given: dict[int, str] | None) -> None:
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
    if by_event:  # a column beside the events' groups, one event of its own whose people the analyst gave (t90)
        for i, f in (given or {}).items():
            col = table.column(i)
            if i in scores and col is not None and col.header not in by_event:
                by_event[col.header] = {f: i}
                order.append(col.header)
                scores.pop(i, None)
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
