"""Header texts → contract fields of a kind (`map_columns`): the analyst's choices, wide layouts (a column per event
or per indicator, per level, participants in one column), then the fields by the strength with which the catalogue
(etl/catalogue.py) reads each header, values voting (etl/evidence.py); the columns not mapped accounted for
(etl/column_notes.py).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from etl import evidence, meaning, schema
from etl.catalogue import PARTICIPANTS, Catalogue, header_key
from etl.column_notes import (GRADE_FIELDS, PLANNED, SUBSET, TOTAL_GROUP, header_date, level_mark_columns, noted,
                              participants_in, share_of_loaded, siblings)
from etl.model import KINDS

# columns a form cannot do without: the schema's required fields and, but for the roadmap, the municipality (a column,
# or else the sheet name or title)
REQUIRED = {k: schema.REQUIRED[k] + ([] if k == "roadmap" else ["municipality"]) for k in KINDS}


@dataclass
class ColumnMap:
    kind: str
    fields: dict[str, int]  # field -> 0-based column index
    unmatched: list  # [locate.Column]
    missing_required: list[str]
    layout: str = "long"  # 'long' | 'wide'
    wide_groups: list = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)  # field -> 'synonym' | 'override'
    # readiness with one column per level, the school's level marked («+», «да», «1») in one of them:
    # level -> 0-based column index
    level_marks: dict[str, int] = field(default_factory=dict)
    # events with one column for several kinds of participants, «120/15/8» under «(обучающиеся/родители/педагоги)»:
    # (column index, the participant fields in the order the header names them)
    split_participants: tuple[int, tuple[str, ...]] | None = None
    # unmatched columns that hold no monitoring figure (№ п/п, ФИО, телефон, примечание …) or that the analyst
    # chose not to load
    ignorable: set[int] = field(default_factory=set)
    why: dict[str, str] = field(default_factory=dict)  # field -> Russian: how its column was recognised
    alternatives: dict[int, str] = field(default_factory=dict)  # column -> the field another column was taken for
    # a figure broken down over columns of one group with no «всего» among them («Численность обучающихся» over
    # «6 кл.» … «11 кл.»): field or indicator -> the columns of its parts (one part alone would be a wrong figure)
    breakdown: dict[str, list[int]] = field(default_factory=dict)

    def field_of(self, index: int) -> str | None:
        for f, i in self.fields.items():
            if i == index:
                return f
        return None


# ---------------------------------------------------------------------------------------------

def _override_for(col, overrides: dict[str, str]) -> tuple[bool, str | None]:
    """(found, field) for a column named in overrides (by exact header text or by its key)."""
    if col.header in overrides:
        return True, overrides[col.header]
    k = header_key(col.header)
    for h, f in overrides.items():
        if header_key(h) == k:
            return True, f
    return False, None


READINESS_COUNTS = ("students_total", "students_covered")  # readiness fields that are effectiveness indicators


def map_columns(table, cat: Catalogue, kind: str,
                overrides: dict[str, str] | None = None, samples: dict[int, list] | None = None) -> ColumnMap:
    """Map the columns of a located table to the fields of a kind (etl/kinds.py tells the kind).

    `samples`: the first values of each column (column index → cells); values a header reading is contradicted by
    («Наименование …» over numbers, a count over words) take that reading out, unless the header is a synonym
    word for word."""
    kind_fields = set(cat.synonyms.get(kind, {})) | {"municipality"}
    fields: dict[str, int] = {}
    how: dict[str, str] = {}
    why: dict[str, str] = {}  # field -> Russian: how the column was recognised (shown on the upload page)
    taken: set[int] = set()
    ignored: set[int] = set()
    chosen: list[tuple[str, int]] = []  # indicators of a wide effectiveness form chosen by the analyst

    # 1. explicit overrides (analyst's choice) win
    if overrides:
        codes = set(cat.indicators.values())
        for col in table.columns:
            found, f = _override_for(col, overrides)
            if not found:
                continue
            if f and f in kind_fields and f not in fields:
                fields[f] = col.index
                how[f] = "override"
                why[f] = "выбрано аналитиком"
                taken.add(col.index)
            elif kind == "effectiveness" and f in codes:
                chosen.append((f, col.index))
                taken.add(col.index)
            elif not f or f in ("-", "ignore", "—"):
                ignored.add(col.index)

    scores = {c.index: cat.field_scores(kind, c.parts) for c in table.columns
              if c.index not in taken and c.index not in ignored}
    if kind == "readiness":  # a header naming another indicator («прошедших диагностику «Мои ориентиры»», «из них
        for c in table.columns:  # с высоким уровнем готовности») is not the school's pupils or those covered
            code = cat.indicator(c.header) if c.index in scores else None
            if code and code not in READINESS_COUNTS:
                scores[c.index] = {f: v for f, v in scores[c.index].items() if f not in READINESS_COUNTS}

    hidden = {c.index for c in table.columns if getattr(c, "hidden", False)}
    dated = {c.index: header_date(c.header) for c in table.columns}
    planned = {c.index for c in table.columns if PLANNED.search(header_key(c.parts[-1]) if c.parts else "")
               or "(план" in c.header.lower()}
    # «всего» under a group header broken down over columns («Численность обучающихся | 6 кл. | … | всего»)
    totals = {c.index for c in table.columns if len(c.parts) > 1 and TOTAL_GROUP.match(c.parts[-1].strip())}
    # 2. wide layouts
    layout, groups = "long", []
    twins: dict[int, str] = {}  # a wide effectiveness form's other columns of an indicator taken (index -> code)
    breakdown: dict[str, list[int]] = {}
    sums: set[int] = set()  # a wide form's «Всего …» group: the sum of the others
    if kind == "events" and "event" not in fields and not any(s.get("event", 0) >= 2000 for s in scores.values()):
        order: list[str] = []
        by_event: dict[str, dict[str, int]] = {}
        for col in table.columns:
            if col.index not in scores or len(col.parts) < 2:
                continue
            sub = {f: s for f, s in cat.field_scores(kind, col.parts[-1:]).items() if f in PARTICIPANTS}
            if not sub:
                continue
            f = max(sub, key=sub.get)
            ev = col.parts[-2]
            if TOTAL_GROUP.match(ev):
                sums.add(col.index)
                continue  # «Всего участников» over обучающиеся / родители / педагоги: the sum of the events
            if ev not in by_event:
                by_event[ev] = {}
                order.append(ev)
            if f not in by_event[ev]:
                by_event[ev][f] = col.index
                scores.pop(col.index, None)
        if not by_event and not any(f in fields for f in PARTICIPANTS):
            by_event = _events_by_column(table, cat, scores, sums, samples)
            order = list(by_event)
        if by_event:
            layout = "wide"
            groups = [(ev, by_event[ev]) for ev in order]  # canonical names: event_names.event_info
    elif kind == "effectiveness" and "indicator_code" not in fields and \
            not any(s.get("indicator_code", 0) >= 2000 for s in scores.values()):
        for col in table.columns:
            s = scores.get(col.index)
            if s is None:
                continue
            strong = {f: v for f, v in s.items() if f in ("municipality", "school_name", "period") and v >= 2000}
            if strong:
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
            key = (col.index not in hidden, col.index not in planned, col.index in totals,
                   dated[col.index] or date.min, -col.index)
            if code not in best or key > best[code][0]:
                best[code] = (key, col)
        twins = {col.index: code for code, col in groups if best[code][1] is not col
                 and not SUBSET.match(header_key(col.parts[-1]))}  # («в т.ч. 6-9 кл.»: a part, asked about)
        chosen_codes = {code for code, _i in chosen}
        for code, (_key, col) in best.items():
            parts = [t for t, c in twins.items() if c == code and siblings(table, t, col.index, planned | hidden)]
            if parts and not totals & {col.index, *parts} and code not in chosen_codes:
                breakdown[code] = [col.index, *parts]
        groups = [(code, col.index) for code, col in groups if best[code][1] is col and code not in chosen_codes]
        groups = sorted(chosen + groups, key=lambda g: g[1])
        for _code, idx in groups:
            scores.pop(idx, None)
        if groups:
            layout = "wide"

    # 2b. one column per level («Уровень реализации» over «базовый | основной | продвинутый»), marked per school
    level_marks: dict[str, int] = {}
    if kind == "readiness" and "level" not in fields:
        level_marks = level_mark_columns([c for c in table.columns if c.index in scores])
        for idx in level_marks.values():
            scores.pop(idx, None)

    # 2c. one column for several kinds of participants, the numbers separated by «/»
    split = None
    if kind == "events" and layout == "long" and not any(f in fields for f in PARTICIPANTS):
        for col in table.columns:
            order = participants_in(col.parts[-1]) if col.index in scores else ()
            if len(order) >= 2:
                split = (col.index, order)
                scores.pop(col.index, None)
                break

    # 3. synonyms: strongest match first, each field and each column used once. Among matches of one strength
    # (exact, contained …) a visible column beats one the file hides, and of two columns differing by a date
    # («… на 01.09.2022», «… на 01.09.2023») the later one wins.
    # Of a plan and a fact («план | факт», «(план)»), the fact; of pupils of the whole school and of grades 6–11,
    # grades 6–11.
    grades = {c.index for c in table.columns if " 6 11 " in f" {header_key(c.header)} "}
    cands = sorted(((s // 1000, idx not in hidden, idx not in planned, f in GRADE_FIELDS and idx in grades,
                     idx in totals, s, dated.get(idx) or date.min, -idx, f, idx)
                    for idx, fs in scores.items() for f, s in fs.items() if f not in fields), reverse=True)
    types = schema.FIELD_TYPES
    for c in cands:
        s, f, idx = c[5], c[-2], c[-1]
        if f in fields or idx in taken:
            continue
        if samples and s < 2900 and evidence.contradicts(types.get(f, "text"), samples.get(idx, [])):
            continue
        fields[f] = idx
        how[f] = "synonym"
        why[f] = ("заголовок из справочника" if s >= 2900 else "по смыслу слов заголовка" if s >= meaning.BASE
                  else "по словам заголовка")
        if samples and samples.get(idx):
            why[f] += "; значения: " + evidence.describe(types.get(f, "text"), samples[idx])
        taken.add(idx)
    for f, idx in fields.items():  # one part of a figure broken down over columns is not the figure
        if schema.FIELD_TYPES.get(f) not in ("int", "number"):
            continue
        parts = [j for j, fs in scores.items() if j != idx and fs.get(f, 0) >= 1000 and j not in taken
                 and siblings(table, j, idx, planned | hidden)]
        if parts and not totals & {idx, *parts} and how.get(f) != "override" and \
                not (f in GRADE_FIELDS and idx in grades):  # (grades 6–11 beside the whole school: not parts)
            breakdown[f] = [idx, *parts]
    if layout == "wide":
        for f in (PARTICIPANTS if kind == "events" else ("indicator_code", "value")):
            fields.pop(f, None)

    if level_marks:
        fields.pop("level", None)
    if split:
        for f in PARTICIPANTS:
            fields.pop(f, None)
    used = set(fields.values()) | set(level_marks.values()) | ({split[0]} if split else set())
    for g in groups:
        used |= set(g[1].values()) if isinstance(g[1], dict) else {g[1]}
    unmatched = [c for c in table.columns if c.index not in used]
    ignorable = {c.index for c in unmatched if c.index in ignored or meaning.ignorable(c.parts)}
    # columns of a field another column was taken for (the plan beside the fact, the whole school beside grades
    # 6–11, the hidden or earlier one) and the sums of a wide form: recognised, not loaded, never «not recognised»
    alternatives = {idx: "сумма других столбцов" for idx in sums}
    alternatives.update({idx: "этот показатель взят из другого столбца" for idx in twins})
    loaded = {code for code, _i in groups} if kind == "effectiveness" else set()
    for c in unmatched:
        if c.index in ignorable or c.index in alternatives or SUBSET.match(header_key(c.parts[-1])):
            continue  # («из них … с ОВЗ» beside the pupils is a figure of its own, never «the same field»)
        got = {f: sc for f, sc in scores.get(c.index, {}).items()  # (numbers are no alternative of a name)
               if not samples or evidence.fits(schema.FIELD_TYPES.get(f, "text"), samples.get(c.index, []))}
        why_not = noted(c, cat, kind, fields, loaded, got)
        if why_not is None and share_of_loaded(c, cat, kind, fields, groups if kind == "effectiveness" else []):
            why_not = "доля: рассчитывается из загружаемых чисел"
        if why_not is not None:
            alternatives[c.index] = why_not
    ignorable |= set(alternatives)

    missing = [f for f in REQUIRED[kind] if f not in fields]
    if layout == "wide":
        missing = [f for f in missing if f not in ("event", "indicator_code", "value")]
    elif kind == "events" and not any(f in fields for f in PARTICIPANTS) and not split:
        missing.append("students")
    return ColumnMap(kind, fields, unmatched, missing, layout, groups, how, level_marks, split, ignorable, why,
                     alternatives, breakdown)


def _events_by_column(table, cat: Catalogue, scores: dict[int, dict[str, int]], sums: set[int],
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
    for col in table.columns:
        if col.index not in scores or meaning.ignorable(col.parts) or cat.indicator(col.header):
            continue
        # by its values when they are known (a name that says «МО» is no municipality over numbers), else by the
        # header: one no field names
        if not (evidence.fits("int", samples.get(col.index, [])) if samples else
                all(v < 1000 for v in scores[col.index].values())):
            continue
        if TOTAL_GROUP.match(col.header):
            sums.add(col.index)
        else:
            out.setdefault(col.header, {who[0]: col.index})
    for cols in out.values():
        scores.pop(next(iter(cols.values())), None)
    return out if len(out) >= 2 else {}


def layout_signature(table) -> str:
    """A stable hash of the normalised headers (remembered analyst mappings are keyed by it)."""
    text = "\x1f".join(f"{c.index}:{header_key(c.header)}" for c in table.columns)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

