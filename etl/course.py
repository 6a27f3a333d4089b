"""The course export of «Россия — мои горизонты» (one row per school and class; columns: etl/bvb.py and
data/reference/bvb_columns.csv): the pupils of grades 6–11 who attended at least one lesson, those registered on
the platform and all pupils, summed per school over its class rows.

A row is a class when its class cell names one of grades 6–11 («6», «6 класс», «6А», «10-Б»), or grades no other row
of its school has («8-9»: a class of two grades in a small school). Where a school has class rows, its rows without
a class or over grades its classes have («6-11») are its totals and are not added again; rows of other grades (5)
are not the course's. Both are said in a warning, never dropped silently. More pupils attended
than the class has is an error of that row."""
from __future__ import annotations

import re

from etl import normalize, platform_exports
from etl.model import Problem
from etl.sheets import column_label
from etl.staged import Staged

SUMS = {"course_attended": "attended", "course_registered": "registered", "course_pupils": "total"}
GRADES = range(6, 12)
_GRADE = re.compile(r"^\s*(\d{1,2})(?!\d|\s*[-–—/,]\s*\d)")  # («10-11» is no grade 1)
_GRADES = re.compile(r"^\s*(\d{1,2})\s*[-–—/,]\s*(\d{1,2})\b")


def _combined(v, singles: set[int]) -> int | None:
    """The first grade of a class of several grades («8-9») none of which the school's other rows hold: a class, not
    a total (a total spans grades its classes have)."""
    m = _GRADES.match(str(v or ""))
    if m is None:
        return None
    lo, hi = int(m.group(1)), int(m.group(2))
    return lo if lo in GRADES and hi in GRADES and lo < hi and not singles & set(range(lo, hi + 1)) else None


def grade(v) -> int | None:
    """6 for «6», «6 класс», «6А», «6-А»; None for empty, «6-11», «6–9», text."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return int(v) if float(v).is_integer() else None
    m = _GRADE.match(str(v or ""))
    return int(m.group(1)) if m else None


def records(st: Staged, sheet, t, cols: dict[str, int]) -> None:
    rows = sheet.rows
    get = lambda r, role: r[cols[role]] if role in cols and cols[role] < len(r) else None  # noqa: E731
    keyed = [(ri, (get(rows[ri], "municipality"), get(rows[ri], "school"))) for ri in t.data_rows]
    keyed = [(ri, key) for ri, key in keyed if key != (None, None)]
    grades = {ri: grade(get(rows[ri], "grade")) if "grade" in cols else None for ri, _key in keyed}
    with_grades = {key for ri, key in keyed if grades[ri] is not None}
    singles: dict[tuple, set[int]] = {}
    for ri, key in keyed:
        if grades[ri] is not None:
            singles.setdefault(key, set()).add(grades[ri])
    for ri, key in keyed:  # «8-9» beside 6, 7, 10, 11: a class of two grades
        if grades[ri] is None and "grade" in cols:
            grades[ri] = _combined(get(rows[ri], "grade"), singles.get(key, set()))
    by_school: dict[tuple, dict] = {}
    first_row: dict[tuple, int] = {}
    bad: dict[tuple, tuple] = {}
    over: dict[tuple, tuple] = {}  # school -> (row, attended, total) of a class with more attended than pupils
    totals, others = [], []
    for ri, key in keyed:
        g = grades[ri]
        if key in with_grades and g is None:
            totals.append(ri)
            continue
        if g is not None and g not in GRADES:
            others.append((ri, g))
            continue
        first_row.setdefault(key, ri)
        acc = by_school.setdefault(key, dict.fromkeys(SUMS, 0))
        for code, role in SUMS.items():
            v = get(rows[ri], role) if role in cols else None
            if platform_exports.not_a_number(v) and key not in bad:
                bad[key] = (ri, role, v)
            acc[code] += normalize.parse_int(v)[0] or 0
        a, n = (normalize.parse_int(get(rows[ri], r))[0] for r in ("attended", "total"))
        if "total" in cols and a is not None and n is not None and a > n and key not in over:
            over[key] = (ri, a, n)
    codes = [code for code, role in SUMS.items() if role in cols]
    firsts = platform_exports.add_schools(st, sheet, t, cols, by_school, first_row, bad, codes, SUMS.get)
    label = column_label(t)
    for key, i in zip(by_school, firsts):
        if key in over and key not in bad:
            ri, a, n = over[key]
            j = i + codes.index("course_attended")
            st.source_row[j], st.labels[j] = ri + 1, dict(st.labels[j], value=label(cols["attended"]))
            st.err(j, "value", a, "course_over_class", f"Посетивших занятия ({a}) больше, чем учащихся в классе "
                   f"({n})", "Проверьте числа класса и загрузите файл снова")
    _say_left_out(st, sheet, totals, others, label(cols["grade"]) if "grade" in cols else None)
    platform_exports.unknown_columns(st, sheet, t, cols, "выгрузке курса")
    platform_exports.report(st, sheet, t, f"курс «Россия — мои горизонты»: {len(t.data_rows)} строк по классам, "
                                          f"{len(by_school)} ОО (числа классов сложены по ОО)")


def _say_left_out(st: Staged, sheet, totals: list[int], others: list[tuple[int, int]], column: str | None) -> None:
    if totals:
        st.problems.append(Problem(st.name, sheet.name, totals[0] + 1, column, None, "course_row_left_out",
                                   f"Строки без класса или с несколькими классами не сложены с классами ОО — это "
                                   f"итоги по ОО ({len(totals)}, первая — строка {totals[0] + 1})",
                                   "Если в такой строке данные класса, укажите в ней класс", "warning"))
    if others:
        grades = ", ".join(str(g) for g in sorted({g for _ri, g in others}))
        st.problems.append(Problem(st.name, sheet.name, others[0][0] + 1, column, others[0][1],
                                   "course_row_left_out",
                                   f"Строки {grades} класса не учтены: курс — для 6–11 классов ({len(others)}, "
                                   f"первая — строка {others[0][0] + 1})", "", "warning"))
