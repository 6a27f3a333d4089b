"""Header texts → contract fields of a kind (`map_columns`): the analyst's choices, wide layouts (a column per event
or per indicator, per level, participants in one column), then the fields by the strength with which the catalogue
(etl/catalogue.py) reads each header, values voting (etl/strongest.py); the columns not mapped accounted for
(etl/other_columns.py, etl/column_notes.py); the analyst's choices and the layouts they are kept for in etl/learned.py.
"""
from __future__ import annotations

from etl import (event_columns, event_people, evidence, grade_parts, learned, level_parts, named_counts,
                 other_columns, partner_columns, participants, schema, strongest, wide)
from etl.catalogue import PARTICIPANTS, Catalogue
from etl.column_map import ColumnMap
from etl.header_facts import HeaderFacts
from etl.mark_columns import mark_columns
from etl.model import KINDS

# columns a form cannot do without: the schema's required fields and, but for the roadmap, the municipality (a column,
# or else the sheet name or title)
REQUIRED = {k: schema.REQUIRED[k] + ([] if k == "roadmap" else ["municipality"]) for k in KINDS}


READINESS_COUNTS = ("students_total", "students_covered")  # readiness fields that are effectiveness indicators


def map_columns(table, cat: Catalogue, kind: str,
                overrides: dict[str, str] | None = None, samples: dict[int, list] | None = None,
                form_span=None) -> ColumnMap:
    """Map the columns of a located table to the fields of a kind (etl/kinds.py tells the kind).

    `samples`: the first values of each column (column index → cells); values a header reading is contradicted by
    («Наименование …» over numbers, a count over words) take that reading out, unless the header is a synonym
    word for word. `form_span`: the (first, last) day of the form's period (given, the title's or the file name's;
    by default the title's): a column of a later time is no figure of it."""
    m = ColumnMap(kind, {}, [], [])
    taken: set[int] = set()
    ignored: set[int] = set()
    # (columns of an events form given a participant field: the people of a column per event, in a wide form)
    m.given_people = event_people.given(kind, overrides, table.columns) if overrides else {}
    chosen = learned.apply_overrides(m, table, cat, overrides, taken, ignored, set(m.given_people)) if overrides \
        else []
    m.chosen = chosen
    scores = {c.index: cat.field_scores(kind, c.parts) for c in table.columns
              if c.index not in taken and c.index not in ignored}
    if kind == "events":  # «Число участников мероприятий, чел.» over a column per event: read by the event's name
        for i in event_columns.under_participants(table) & set(scores):  # («Экскурсии … г.о. Химки»: no municipality)
            scores[i] = {f: v for f, v in cat.field_scores(kind, table.column(i).parts[-1:]).items()
                         if f not in ("municipality", "school_name")}
    if kind == "readiness":  # a header naming another indicator («прошедших диагностику «Мои ориентиры»», «из них
        for c in table.columns:  # с высоким уровнем готовности») is not the school's pupils or those covered
            code = cat.indicator(c.header) if c.index in scores else None
            if code and code not in READINESS_COUNTS:
                scores[c.index] = {f: v for f, v in scores[c.index].items() if f not in READINESS_COUNTS}
    facts = HeaderFacts.of(table, form_span)
    for c in table.columns:  # «Охват профминимумом, чел. | план»: the group's figure planned, never «план утверждён»
        # (but «Готовность (да/нет) | план» over «да», «нет» is)
        if c.index in facts.planned and len(c.parts) > 1 and c.index in scores and \
                not (samples and evidence.answers(samples.get(c.index, []))):
            scores[c.index] = {f: v for f, v in scores[c.index].items()
                               if schema.FIELD_TYPES.get(f) in ("int", "number")}
    w = wide.find(table, cat, kind, m.fields, scores, facts, chosen, samples, m.given_people)
    m.layout, m.wide_groups, m.breakdown, m.sums, m.wide_summed = w.layout, w.groups, w.breakdown, w.adds, w.summed
    m.unsaid_people = w.unsaid
    if m.layout == "long":  # (a long form: the columns of its participants, as the analyst said)
        event_people.take_given(m, taken, scores)
    # one column per level («Уровень реализации» over «базовый | основной | продвинутый»), marked per school; one
    # per partner type («Тип партнёра» over «ВУЗ | СПО | предприятие»), marked per agreement; one per status
    # («Отметка об исполнении» over «выполнено | в работе | не выполнено»), marked per measure
    f = {"readiness": "level", "agreements": "partner_type", "roadmap": "status"}.get(kind)
    if f is not None and f not in m.fields:
        found = mark_columns(f, [c for c in table.columns if c.index in scores], samples)
        if found:
            m.marks[f] = found
            if f == "level":  # (the pupils by level: «Охвачено, чел.» over «базовый | основной | продвинутый»)
                level_parts.take(m, table, cat, found, samples)
        for idx in found.values():
            scores.pop(idx, None)
    # one column for several kinds of participants, the numbers separated by «/»
    if kind == "events" and m.layout == "long" and not any(f in m.fields for f in PARTICIPANTS):
        for col in table.columns:
            order = participants.participants_in(col.parts[-1]) if col.index in scores else ()
            if len(order) >= 2:
                m.split_participants = (col.index, order)
                scores.pop(col.index, None)
                break
        if not m.split_participants:
            m.by_category = participants.category_columns(table, scores, samples)
            for idx in m.by_category or ():
                scores.pop(idx, None)
        if not m.split_participants and not m.by_category:  # «Кол-во участников» under «Участие обучающихся …»
            event_people.by_grades(m, table, scores)
            event_people.by_title(m, table, scores)
    strongest.take(m, scores, facts, samples, taken)
    s = m.fields.get("school_name")
    if s is not None and "municipality" not in m.fields and m.how.get("school_name") == "synonym" and \
            scores.get(s, {}).get("school_name", 0) < 2900 and evidence.municipalities((samples or {}).get(s, [])):
        # «Мун. образ.» read as a name of a school, its values units of the registry: the municipality
        m.fields["municipality"] = m.fields.pop("school_name")
        m.why["municipality"] = m.why.pop("school_name").split(";")[0] + "; значения — муниципалитеты справочника"
    other_columns.breakdowns(m, table, scores, facts, taken)
    grade_parts.take(m, table)  # «6-9 кл.» | «10-11 кл.» with no «всего»: their sum
    partner_columns.names_by_type(m, samples)  # «ВУЗ | СПО | Предприятия» holding the partners' names
    if m.layout == "wide":
        for f in (PARTICIPANTS if kind == "events" else ("indicator_code", "value")):
            m.fields.pop(f, None)
    for f in m.marks:
        m.fields.pop(f, None)
    if m.split_participants or m.by_category:
        for f in PARTICIPANTS:
            m.fields.pop(f, None)
    other_columns.account(m, table, cat, scores, w, ignored, samples)
    named_counts.take(m, table, samples)  # («Педагог-навигатор (ФИО)» over the names: how many are named)
    m.missing_required = [f for f in REQUIRED[kind] if f not in m.fields and f not in m.marks]
    if m.layout == "wide":
        m.missing_required = [f for f in m.missing_required
                              if f not in ("event", "indicator_code", "value", "partner_name", "partner_type")]
    elif m.unsaid_people:  # (one question instead: whose participation — etl/event_people.py)
        m.missing_required = [f for f in m.missing_required if f != "event"]
    elif kind == "events" and not any(f in m.fields for f in PARTICIPANTS) and not m.split_participants \
            and not m.by_category:
        m.missing_required.append("students")
    return m
