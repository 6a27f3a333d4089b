"""Rows of a school list that are parts of a school, not schools (the step «plan a sheet»): its classes under it —
«6 класс», «10-11 классы», «6А» (tester round t76) — and its buildings under it — «здание 1 (ул. Левашова, 7)» under
«Образовательный комплекс № 21 (всего по комплексу)» (t77); then the rows of a school's own name beside it
(etl/school_wholes.py). Found by the school column's distinct texts (one RE2 pass), said once per school. What
cannot be told is asked: a school whose own row is empty above its parts (its total is not guessed), buildings under
a school whose figures are not their sum."""
from __future__ import annotations

import numpy as np

from etl import arrow_ops, school_wholes
from etl.catalogue import COUNT_FIELDS
from etl.model import Problem
from etl.normalize import parse_number
from etl.row_rules import clean
from etl.school_rows import PER_SCHOOL, _leave
from etl.school_wholes import PLACE, R_BUILDING
from etl.sheet import np_bool
from etl.textru import plural

R_CLASS = "класс ОО строкой выше («6 класс», «10-11 классы»)"
_KL = r"(?:кл(?:асс[а-яё]*)?\.?)"
_GRADE = r"(?:[1-9]|1[01])"
# a label that is only a grade or a class: «6 класс», «10-11 кл.», «9-е классы», «6А», «6 «Б»», «Параллель 7-х классов»
GRADE_ROW = (r"(?i)^\s*(?:" + _GRADE + r"(?:\s*[-–—]\s*" + _GRADE + r")?\s*(?:-?[ехы]{1,2})?\s*" + _KL +
             r"|" + _GRADE + r"\s*[«\"]?[а-яё][»\"]?(?:\s*" + _KL + r")?"
             r"|паралл[а-яё]*\s+" + _GRADE + r"(?:\s*-?[ехы]{1,2})?(?:\s*" + _KL + r")?)\s*$")
BUILDING_ROW = r"(?i)^\s*" + PLACE + r"(?:\s|№|\d|$)"  # «здание 1 (ул. Левашова, 7)», «корпус № 2»


def drop(st, sheet, t, cmap, label) -> None:
    """The classes and buildings under each school: taken out of the records (said once per school), or asked."""
    c = cmap.fields.get("school_name")
    if st.kind not in PER_SCHOOL or c is None or c >= sheet.width or len(t.data_rows) < 2:
        return
    distinct, codes = sheet.encoding(c)
    grade = np.append(np_bool(arrow_ops.match(distinct, GRADE_ROW), null=False), False)
    place = np.append(np_bool(arrow_ops.match(distinct, BUILDING_ROW), null=False), False)
    rows = np.asarray(t.data_rows, dtype=np.int64)
    parts = {r: "class" for r in rows[grade[codes[rows]]].tolist()}
    parts.update({r: "building" for r in rows[place[codes[rows]]].tolist()})
    figures = [j for f, j in cmap.fields.items() if f in COUNT_FIELDS] + [j for _code, j in cmap.wide_groups]
    gone: dict[int, str] = {}
    named: dict[int, str] = {}  # a school's row → its name without «(всего по комплексу)»
    data = set(t.data_rows)
    for r in sorted(parts):
        if r - 1 in parts or r - 1 not in data:
            continue  # (inside a run, or no school just above: a one-school form by class stays as it is)
        run = [r]
        while run[-1] + 1 in parts:
            run.append(run[-1] + 1)
        gone.update({x: R_CLASS if parts[x] == "class" else R_BUILDING for x in run})
        school = clean(sheet.take([r - 1])[0][c])
        if school_wholes.own_name(school) != school:
            named[r - 1] = school_wholes.own_name(school)
        _say(st, sheet, c, label, r, run, figures, any(parts[x] == "building" for x in run))
    school_wholes.parts_beside(st, sheet, t, c, label, distinct, codes, figures, gone, named)
    if named:
        sheet.replace_cells(c, named)
    _leave(t, gone)


def _say(st, sheet, c, label, r, run, figures, buildings) -> None:
    school = sheet.take([r - 1])[0]
    name, cell = clean(school[c]), clean(sheet.take([run[0]])[0][c])
    first = f"«{cell}»" + (" …" if len(run) > 1 else "")
    rows = f"{run[0] + 1}–{run[-1] + 1}" if len(run) > 1 else str(run[0] + 1)
    what = "корпуса (здания)" if buildings else "классы"
    own = [parse_number(school[j])[0] if j < len(school) else None for j in figures]
    if figures and all(v is None for v in own):
        st.problems.append(Problem(
            st.name, sheet.name, r, label(c), name, "school_only_by_classes",
            f"У ОО строки {r} «{name}» в её строке чисел нет, а в строках {rows} под ней — числа по "
            f"{'корпусам' if buildings else 'классам'}: итог ОО по ним не угадывается, файл не загружен",
            "Впишите числа ОО (их сумму) в её строку — строки под ней тогда не загружаются — и загрузите файл снова"))
        return
    differs = school_wholes.mismatch(sheet, r - 1, run, figures) if buildings else None
    if differs is not None:  # a building's figures are the school's only when they add up to them
        school_wholes.not_their_sum(st, sheet, run[0] + 1, label, cell,
                                    f"Строки {rows} ({first}) под ОО строки {r} «{name}»", differs)
        return
    st.problems.append(Problem(
        st.name, sheet.name, run[0] + 1, label(c), cell, "school_class_rows",
        f"{plural(len(run), 'Строка', 'Строки', 'Строки')} {rows} ({first}) — {what} ОО строки {r} «{name}»: "
        "их числа входят в числа ОО, отдельными ОО не загружены",
        "Если это отдельные ОО, впишите в этих строках их полные наименования", "warning"))
