"""A count broken down over columns by grades with no «всего» — «Учащиеся 6-9 кл.» | «Учащиеся 10-11 кл.» — whose
parts are apart and together make grades 6–11 exactly (the events' participants: any grades of 6–11, apart): the
figure is their sum, taken row by row and said in the sheet's report. Parts of any other breakdown (some grades
missing, overlapping, or no grades at all) stay a question (etl/column_questions.py): one part alone would be a
wrong figure, and a sum of an unknown whole a guess."""
from __future__ import annotations

import re

from etl import meaning, normalize
from etl.grades import GRADE_FIELDS, grade_range

_COUNTS = GRADE_FIELDS | {"students"}  # the pupils of grades 6–11: the readiness form's, the events' participants


def take(m, table) -> None:
    """The breakdowns of a mapping that are grades 6–11 in parts: summed (`m.summed`), no longer asked about; a
    readiness count read from a column of some grades only («Обучающиеся 10-11 кл.», «5-9 кл.»): a part, asked."""
    by = {c.index: c for c in table.columns}
    _bare_grades(m, table)
    _narrow(m, table, by)
    for f, cols in list(m.breakdown.items()):
        spans = sorted(g for i in cols for g in [grade_range(by[i].parts[-1]) if i in by else None] if g) \
            if f in _COUNTS else []
        whole = f != "students"  # (the events' participants: any grades of 6–11 apart; a count of 6–11: all of them)
        if len(spans) != len(cols) or spans[0][0] < 6 or spans[-1][1] > 11 or \
                (whole and (spans[0][0] != 6 or spans[-1][1] != 11)) or \
                any((a[1] + 1 != b[0]) if whole else (a[1] >= b[0]) for a, b in zip(spans, spans[1:])):
            if spans and len(spans) == len(cols):
                m.grade_spans[f] = spans  # (the question says which grades they are)
            continue
        del m.breakdown[f]
        m.summed[f] = sorted(cols)
        m.fields[f] = min(cols)
        m.why[f] = f"сумма столбцов по классам ({shown(spans)} кл.): столбца «всего» нет"


def shown(spans: list[tuple[int, int]]) -> str:
    """«6–9, 10–11»: grades as a question or a report says them."""
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in spans)


def _narrow(m, table, by: dict) -> None:
    """The readiness form's pupils (or those covered) read from a column naming some grades, not 6–11, or the events'
    pupils from one beside columns of other grades: with those grade columns of its group (the same covered-ness when
    the header is one row), a breakdown."""
    taken = set(m.fields.values())
    for f in sorted(_COUNTS & m.fields.keys() - m.breakdown.keys()):
        col = by.get(m.fields[f])
        g = grade_range(col.parts[-1]) if col is not None else None
        if g is None or g == (6, 11):
            continue
        covered = _covered(col)
        others = [c.index for c in table.columns if c.index not in taken and c.parts[:-1] == col.parts[:-1]
                  and grade_range(c.parts[-1]) and (len(c.parts) > 1 or _covered(c) == covered)]
        if others or f in GRADE_FIELDS:  # (an event's pupils of some grades alone: those who took part)
            m.breakdown[f] = sorted([col.index, *others])


_GRADES_ONLY = re.compile(r"^\s*\d{1,2}\s*(?:[-–—]\s*\d{1,2}\s*)?(?:кл\w*\.?|классы?)?\s*$", re.IGNORECASE)


def _bare_grades(m, table) -> None:
    """An events list's pupils in columns headed by grades alone («6-9 кл.» | «10-11 кл.») beside its parents or
    teachers, with no column of pupils: their breakdown (tester round t81: asked to map each as «обучающиеся» —
    and both so mapped, refused)."""
    if m.kind != "events" or m.layout != "long" or "students" in m.fields or \
            not {"parents", "teachers"} & m.fields.keys():
        return
    taken = set(m.fields.values())
    cols = [c.index for c in table.columns if c.index not in taken and len(c.parts) == 1
            and _GRADES_ONLY.match(c.parts[-1]) and grade_range(c.parts[-1], bare=True)]
    if len(cols) >= 2:
        m.breakdown["students"] = cols


def _covered(col) -> bool:
    return bool(meaning.read(tuple(col.parts)).concepts & {"covered", "reach", "participant"})


def add(columns: list[list]) -> list:
    """The row-by-row sum of the parts' cells: a whole number (a blank part is none of those grades: 0), None when
    every part is empty; a part that is no number, or unknown («н/д») beside a number, makes the row's cell the
    parts as written («300 + н/д»): the field's parser then says the row's error — a sum of some parts is no figure."""
    out = []
    for cells in zip(*columns):
        got = [normalize.parse_int(v) for v in cells]
        nums = [n for n, _e in got if n is not None]
        unknown = any(err or (n is None and not normalize._empty(v)) for v, (n, err) in zip(cells, got))
        out.append(" + ".join("пусто" if normalize._empty(v) else str(n) if n is not None else str(v).strip()
                              for v, (n, _e) in zip(cells, got))
                   if unknown and (nums or any(err for _n, err in got)) else sum(nums) if nums else None)
    return out
