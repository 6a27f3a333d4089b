"""The columns of a wide events form, one per event under a title naming the participants (`events_by_column`), and
those that are not one event each: an event's columns split by grades (its «всего» and its grade groups), the
columns under a group header counting the participants (etl/wide.py asks)."""
from __future__ import annotations

import re

from etl import event_people, evidence, meaning, participant_cells, participants
from etl.catalogue import Catalogue, header_key
from etl.column_notes import SUBSET, not_participants
from etl.grades import grade_range
from etl.header_facts import TOTAL_GROUP, planned


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
                not c & {"pupil", "parent", "teacher", "school", "muni"} and \
                not any(not_participants(table.column(i).parts[-1]) for i in cols):  # («план | факт»: no events)
            out.update(cols)
    return out


def grade_groups(table, scores: dict[int, dict[str, int]]) -> dict[str, tuple[int | None, list[int]]]:
    """Events whose columns are split by grades under the event's name («Профпробы» over «6 кл.» … «11 кл.» |
    «всего»): event -> (its «всего» column or None, its grade columns). Grades overlapping («6-9 | 8-11 | 10-11»)
    are parts too: of the «всего», else asked about (each loaded as the event, 8–9 counted twice)."""
    found: dict[str, tuple[list, list]] = {}
    for col in table.columns:
        if col.index not in scores or len(col.parts) < 2 or TOTAL_GROUP.match(col.parts[-2]):
            continue
        g = grade_range(col.parts[-1], bare=True)
        if g is not None or participants.sum_of_every_group(col.parts[-1]):
            totals, grades = found.setdefault(col.parts[-2], ([], []))
            (grades if g is not None else totals).append((g, col.index))
    out = {}
    for ev, (totals, grades) in found.items():
        if len(grades) >= 2 and len(totals) <= 1:
            out[ev] = (totals[0][1] if totals else None, [i for _g, i in grades])
    return out


def _population(code: str | None, cat: Catalogue) -> bool:
    """An indicator that is no event of a wide events form: the pupils, those covered, a share."""
    return code is not None and (code in ("students_total", "students_covered") or code in cat.shares)


_QUOTED = re.compile(r"[«\"“„][^«»\"“”„]{3,}[»\"”]")


def one_event(table, index: int) -> bool:
    """A header naming one event by its own name in quotes («Всероссийская акция «Неделя без турникетов»»): a
    column of that event's figures, not a column of event names («Мероприятие», «Наименование акции»)."""
    col = table.column(index)
    return col is not None and bool(_QUOTED.search(col.header or ""))


def _named_over(parts, beside: set) -> str | None:
    """The event's name over a column beside its other measures: its parts above the sub-header, less one that only
    names its participants («Профпробы | кол-во участников, чел. | факт» → «Профпробы»)."""
    over = tuple(parts[:-1])
    if over not in beside:
        return None
    named = [p for p in over if meaning.read((p,)).concepts - {"persons", "participant", "count", "pupil", "value"}]
    return " | ".join(named or over)


def events_by_column(table, cat: Catalogue, scores: dict[int, dict[str, int]], w,
                      samples: dict[int, list] | None, given: dict[int, str] | None = None
                      ) -> dict[str, dict[str, int]]:
    """One column per event, the participants named once in the title («Участие обучающихся в профориентационных
    мероприятиях (чел.)» over «Шоу профессий» | «Экскурсия на АО «Химпром»» | «Всего участников»): event -> {the
    participant field: column}. Only when the title speaks of taking part in events and names one kind of
    participants, and only for columns no field of any kind names."""
    title = str(getattr(table, "title_text", "") or "")
    r = meaning.read((title,))
    who = [f for f, c in (("students", "pupil"), ("parents", "parent"), ("teachers", "teacher")) if c in r.concepts]
    # «(количество участников: обучающиеся / родители / педагоги)» over cells «40/0/4»: each cell split in that order
    order = participants.participants_in(title) if len(who) > 1 else ()
    # (the participants named in the title, taking part in its events said by it or by the columns' own sub-headers:
    # «Проведение мероприятий для обучающихся» over «Профпробы» | «кол-во участников, чел.»)
    takes_part = r.concepts & {"covered", "participant"} or any(
        "participant" in meaning.read(c.parts[-1:]).concepts for c in table.columns if len(c.parts) > 1)
    # a title of taking part in events naming no people: each column's own (by a noun), the analyst's, else the one
    # kind the columns name — a column with none of them asked about (t90: one column naming its people, the other
    # none, were both asked, «ни в заголовках»)
    per_col: dict[int, str] = {}  # column -> its people, when not every column is `who[0]`'s
    fallback = who[0] if len(who) == 1 else None
    if not who and not order and "event" in r.concepts and takes_part:
        fallback = (event_people.named_by_columns(table) or [None])[0]
        per_col = {c.index: f for c in table.columns if (f := event_people.own(c))} if fallback is None else {}
        who = [fallback or "students"]
    if given and not order:  # the analyst's word wins
        per_col |= given
    if not (len(who) == 1 or order) or "event" not in r.concepts or not takes_part:
        return {}
    out: dict[str, dict[str, int]] = {}
    graded = grade_groups(table, scores) if not order else {}
    under_count = under_participants(table)
    for ev, (total, grades) in graded.items():  # an event split by grades: its «всего», else a question
        if total is not None:
            out[ev] = {who[0]: total}
            w.parts.update(grades)
        else:
            w.breakdown[ev] = grades
    done = {i for total, grades in graded.values() for i in (total, *grades)}
    # an event's sub-columns that are not its participants («план | факт», «АППГ | отчётный период», «кол-во
    # мероприятий, ед. | кол-во участников, чел.»): left out, the event named by its own header over them
    # (also a measure between the event and «план | факт»: «Профпробы | кол-во проб, ед. | факт»)
    measures = {c.index for c in table.columns if len(c.parts) > 1 and c.index not in under_count
                and any(not_participants(p) for p in c.parts[1:])}
    beside = {tuple(table.column(i).parts[:-1]) for i in measures}
    beside |= {b[:-1] for b in beside if len(b) > 1 and not_participants(b[-1])}
    for col in table.columns:
        # (a population or a share is no event; «Экскурсии на предприятия» under such a title is one)
        # under «Число участников мероприятий, чел.» a column's own sub-header names its event
        under = col.index in under_count
        name = col.parts[-1] if under else _named_over(col.parts, beside) or col.header
        if col.index not in scores or col.index in done or col.index in measures or \
                meaning.ignorable(col.parts) or _population(cat.indicator(name), cat) or \
                "percent" in meaning.read(tuple(col.parts)).concepts:  # («% выполнения»: no event — t81)
            continue
        # by its values when they are known (a name that says «МО» is no municipality over numbers), else by the
        # header: one no field names
        named = one_event(table, col.index)
        if not ((participant_cells.split_cells(samples.get(col.index, []), len(order)) if order else  # («40/0/4»)
                 evidence.fits("int", samples.get(col.index, []))) if samples else  # (read by its event's name
                all(v < 1000 for f, v in scores[col.index].items() if f != "event" or not named)):  # if under)
            continue
        if TOTAL_GROUP.match(name):
            w.sums.add(col.index)
        elif SUBSET.match(header_key(name)) or planned(name, name):
            continue  # «в т.ч. обучающихся с ОВЗ» (a part of the others), «Шоу профессий (план)»: no event held
        elif not order and col.index not in (given or {}) and (people := per_col.get(col.index, fallback)) \
                is not None and event_people.not_theirs(col.parts, people):  # (the analyst's word: as given)
            continue  # «Родительские собрания (родители)», «Педагоги-навигаторы», «Количество проведённых
            # мероприятий» under a title of pupils: not the pupils of an event — asked about, never loaded as them
        else:
            f = per_col.get(col.index, fallback)
            out.setdefault(name, dict.fromkeys(order, col.index) if order else {f: col.index})
    if not (len(out) >= 2 or (out and graded)):
        return {}
    unsaid = sorted(i for cols in out.values() for f, i in cols.items() if f is None)
    if unsaid:  # asked about: the columns stay unrecognised (the upload page offers them a field each)
        w.unsaid = unsaid
        return {}
    for cols in out.values():
        scores.pop(next(iter(cols.values())), None)
    return out
