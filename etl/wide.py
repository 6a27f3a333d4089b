"""Wide layouts of a header row (etl/mapping.py asks first): a column per event, the participants under each event's
name or named once in the title, or a column per effectiveness indicator. The layout's columns leave the scores the
fields are then taken from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from etl import evidence, meaning, participants
from etl.catalogue import PARTICIPANTS, Catalogue, header_key
from etl.column_notes import SUBSET, TOTAL_GROUP, HeaderFacts, grade_range, siblings


@dataclass
class Wide:
    layout: str = "long"  # 'long' | 'wide'
    # events: (event as written, {participant field: column}); effectiveness: (indicator code, column)
    groups: list = field(default_factory=list)
    twins: dict[int, str] = field(default_factory=dict)  # other columns of an indicator taken (index -> code)
    breakdown: dict[str, list[int]] = field(default_factory=dict)  # code -> the columns of its parts
    sums: set[int] = field(default_factory=set)  # a «Всего …» group: the sum of the others
    parts: set[int] = field(default_factory=set)  # an event's grade columns beside its «всего» (taken)


def find(table, cat: Catalogue, kind: str, fields: dict[str, int], scores: dict[int, dict[str, int]],
         facts: HeaderFacts, chosen: list[tuple[str, int]], samples: dict[int, list] | None) -> Wide:
    """The wide layout of the table, if it has one (`chosen`: indicators the analyst gave columns)."""
    w = Wide()
    if kind == "events" and "event" not in fields and \
            not any(s.get("event", 0) >= 2000 for i, s in scores.items() if not _one_event(table, i)):
        _events(w, table, cat, fields, scores, samples)
    elif kind == "effectiveness" and "indicator_code" not in fields and \
            not any(s.get("indicator_code", 0) >= 2000 for s in scores.values()):
        _indicators(w, table, cat, scores, facts, chosen)
    return w


def _events(w: Wide, table, cat: Catalogue, fields: dict[str, int], scores: dict[int, dict[str, int]],
            samples: dict[int, list] | None) -> None:
    """Events over participants («Шоу профессий | обучающиеся | родители»), else events under a title naming the
    participants (`_events_by_column`)."""
    order: list[str] = []
    by_event: dict[str, dict[str, int]] = {}
    group_totals: dict[str, int] = {}  # event -> its «всего» column beside its participants
    for col in table.columns:
        if col.index not in scores or len(col.parts) < 2:
            continue
        sub = {f: s for f, s in cat.field_scores("events", col.parts[-1:]).items() if f in PARTICIPANTS}
        if not sub:
            if participants.sum_of_every_group(col.parts[-1]):
                group_totals[col.parts[-2]] = col.index
            continue
        f = max(sub, key=sub.get)
        ev = col.parts[-2]
        if TOTAL_GROUP.match(ev):
            w.sums.add(col.index)
            continue  # «Всего участников» over обучающиеся / родители / педагоги: the sum of the events
        if ev not in by_event:
            by_event[ev] = {}
            order.append(ev)
        if f not in by_event[ev]:
            by_event[ev][f] = col.index
            scores.pop(col.index, None)
    if not by_event and not any(f in fields for f in PARTICIPANTS):
        by_event = _events_by_column(table, cat, scores, w, samples)
        order = list(by_event)
    if by_event or w.breakdown:
        w.layout = "wide"
        w.groups = [(ev, by_event[ev]) for ev in order]  # canonical names: event_names.event_info
        # an event's «всего» beside its participants, and «Всего участников» of one header cell over two rows:
        # sums of the columns loaded (an event with «всего» alone is not one: it stays a question)
        w.sums.update(i for ev, i in group_totals.items() if ev in by_event)
        w.sums.update(col.index for col in table.columns if col.index in scores and len(col.parts) == 1
                      and participants.sum_of_every_group(col.parts[0]))


def _indicators(w: Wide, table, cat: Catalogue, scores: dict[int, dict[str, int]], facts: HeaderFacts,
                chosen: list[tuple[str, int]]) -> None:
    """A column per effectiveness indicator; of two columns of one indicator the visible, actual, later one."""
    groups = []
    for col in table.columns:
        s = scores.get(col.index)
        if s is None:
            continue
        if any(f in ("municipality", "school_name", "period") and v >= 2000 for f, v in s.items()):
            continue
        # the sub-header names the indicator when it can («Доля охвата» over «всего обучающихся, чел.» |
        # «из них охвачено» | «%»); else the whole header does
        code = (cat.indicator(col.parts[-1]) if len(col.parts) > 1 else None) or cat.indicator(col.header)
        if code:
            groups.append((code, col))
    # one column per indicator: of two («… на 01.09.2022», «… на 01.09.2023», «план | факт», or one of them
    # hidden) the visible, actual, later one; the other is recognised and not loaded
    best: dict[str, Any] = {}
    for code, col in groups:
        key = (col.index not in facts.hidden, col.index not in facts.planned, col.index in facts.totals,
               facts.dated[col.index] or date.min, -col.index)
        if code not in best or key > best[code][0]:
            best[code] = (key, col)
    # (two columns read as one indicator that differ in none of those and are no parts of one group — «Прошли
    # профпробы» and «… поступивших в ПОО по профилю пройденных профпроб» — are no alternatives: the other one is
    # asked about, never dropped)
    apart = facts.planned | facts.hidden
    w.twins = {col.index: code for code, col in groups if best[code][1] is not col
               and not SUBSET.match(header_key(col.parts[-1]))  # («в т.ч. 6-9 кл.»: a part, asked about)
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


def _population(code: str | None, cat: Catalogue) -> bool:
    """An indicator that is no event of a wide events form: the pupils, those covered, a share."""
    return code is not None and (code in ("students_total", "students_covered") or code in cat.shares)


_QUOTED = re.compile(r"[«\"“„][^«»\"“”„]{3,}[»\"”]")


def _one_event(table, index: int) -> bool:
    """A header naming one event by its own name in quotes («Всероссийская акция «Неделя без турникетов»»): a
    column of that event's figures, not a column of event names («Мероприятие», «Наименование акции»)."""
    col = table.column(index)
    return col is not None and bool(_QUOTED.search(col.header or ""))


def _events_by_column(table, cat: Catalogue, scores: dict[int, dict[str, int]], w: Wide,
                      samples: dict[int, list] | None) -> dict[str, dict[str, int]]:
    """One column per event, the participants named once in the title («Участие обучающихся в профориентационных
    мероприятиях (чел.)» over «Шоу профессий» | «Экскурсия на АО «Химпром»» | «Всего участников»): event -> {the
    participant field: column}. Only when the title speaks of taking part in events and names one kind of
    participants, and only for columns no field of any kind names."""
    r = meaning.read((str(getattr(table, "title_text", "") or ""),))
    who = [f for f, c in (("students", "pupil"), ("parents", "parent"), ("teachers", "teacher")) if c in r.concepts]
    if len(who) != 1 or "event" not in r.concepts or not r.concepts & {"covered", "participant"}:
        return {}
    out: dict[str, dict[str, int]] = {}
    graded = grade_groups(table, scores)
    under_count = under_participants(table)
    for ev, (total, grades) in graded.items():  # an event split by grades: its «всего», else a question
        if total is not None:
            out[ev] = {who[0]: total}
            w.parts.update(grades)
        else:
            w.breakdown[ev] = grades
    done = {i for total, grades in graded.values() for i in (total, *grades)}
    for col in table.columns:
        # (a population or a share is no event; «Экскурсии на предприятия» under such a title is one)
        # under «Число участников мероприятий, чел.» a column's own sub-header names its event
        under = col.index in under_count
        name = col.parts[-1] if under else col.header
        if col.index not in scores or col.index in done or meaning.ignorable(col.parts) or \
                _population(cat.indicator(name), cat):
            continue
        # by its values when they are known (a name that says «МО» is no municipality over numbers), else by the
        # header: one no field names
        one_event = _one_event(table, col.index)
        if not (evidence.fits("int", samples.get(col.index, [])) if samples else  # (read by its event's name
                all(v < 1000 for f, v in scores[col.index].items() if f != "event" or not one_event)):  # if under)
            continue
        if TOTAL_GROUP.match(name):
            w.sums.add(col.index)
        else:
            out.setdefault(name, {who[0]: col.index})
    for cols in out.values():
        scores.pop(next(iter(cols.values())), None)
    return out if len(out) >= 2 or (out and graded) else {}


def under_participants(table) -> set[int]:
    """Columns under a group header counting the participants of events, a column per event («Число участников
    мероприятий, чел.» over «Профпробы» | «Экскурсии»): each is read by its own sub-header, the event's name (the
    group's words — «участников», «мероприятий» — made every column read as the event or the pupils)."""
    groups: dict[tuple[str, ...], list[int]] = {}
    for col in table.columns:
        if len(col.parts) > 1:
            groups.setdefault(tuple(col.parts[:-1]), []).append(col.index)
    out: set[int] = set()
    for group, cols in groups.items():
        c = meaning.read(group).concepts
        if len(cols) >= 2 and c & {"participant", "covered"} and c & {"count", "persons"} and \
                not c & {"pupil", "parent", "teacher", "school", "muni"}:
            out.update(cols)
    return out


_BARE_GRADES = re.compile(r"^\s*(\d{1,2})(?:\s*[-–—]\s*(\d{1,2}))?\s*$")


def _grades(text: str) -> tuple[int, int] | None:
    """The grades a sub-header under an event names: «8 кл.», «6–7 классы», or bare «6-7», «11»."""
    m = _BARE_GRADES.match(text)
    if m is None:
        return grade_range(text)
    lo, hi = int(m[1]), int(m[2] or m[1])
    return (lo, hi) if 1 <= lo <= hi <= 11 else None


def grade_groups(table, scores: dict[int, dict[str, int]]) -> dict[str, tuple[int | None, list[int]]]:
    """Events whose columns are split by grades under the event's name («Профпробы» over «6 кл.» … «11 кл.» |
    «всего»): event -> (its «всего» column or None, its grade columns); only grades apart from one another."""
    found: dict[str, tuple[list, list]] = {}
    for col in table.columns:
        if col.index not in scores or len(col.parts) < 2 or TOTAL_GROUP.match(col.parts[-2]):
            continue
        g = _grades(col.parts[-1])
        if g is not None or participants.sum_of_every_group(col.parts[-1]):
            totals, grades = found.setdefault(col.parts[-2], ([], []))
            (grades if g is not None else totals).append((g, col.index))
    out = {}
    for ev, (totals, grades) in found.items():
        spans = sorted(g for g, _i in grades)
        if len(grades) >= 2 and len(totals) <= 1 and all(a[1] < b[0] for a, b in zip(spans, spans[1:])):
            out[ev] = (totals[0][1] if totals else None, [i for _g, i in grades])
    return out


def _differ(facts: HeaderFacts, a: int, b: int) -> bool:
    """Whether two columns of one indicator differ as alternatives do: one hidden, one a plan, one a total, or
    dated differently."""
    return (a in facts.hidden) != (b in facts.hidden) or (a in facts.planned) != (b in facts.planned) or \
        (a in facts.totals) != (b in facts.totals) or facts.dated.get(a) != facts.dated.get(b)
