"""A school's branch written in a row of its own right under it, with no «в том числе:» (the step «plan a sheet»,
after etl/school_rows.py): «филиал МБОУ Борисовской СОШ – Бородинская ООШ» unnumbered, or numbered «2.1» under school
2 (tester round t80: loaded as one school more, its pupils counted twice — with no word where a figure of the row
was empty, the totals not checked). A branch is part of its school; whether its figures are in the school's is told
by the form's own total or group rows: the sum without the branch matches one — they are (the row left out, said);
the sum with it matches — they are not (asked: the school's figures are the whole school's); nothing tells — asked."""
from __future__ import annotations

import re

import numpy as np

from etl import arrow_ops
from etl.catalogue import COUNT_FIELDS
from etl.model import Problem
from etl.normalize import parse_number
from etl.row_rules import R_GROUP, R_PART, R_TOTAL, clean, empty
from etl.school_rows import PER_SCHOOL, _first, _leave
from etl.sheet import indices, np_bool

BRANCH = r"(?i)^\s*(?:филиал|структурн[а-яё]*\s+подразделени|обособленн[а-яё]*\s+подразделени|отделени[ея]\b)"
_SUB_NUMBER = re.compile(r"^\s*(\d+)\s*[.,]\s*\d+\s*\.?\s*$")  # «2.1» under school 2


def drop(st, sheet, t, cmap, label) -> None:
    """The branches right under their schools: left out when a total tells their figures are the school's, else
    asked."""
    c = cmap.fields.get("school_name")
    if st.kind not in PER_SCHOOL or c is None or c >= sheet.width or len(t.data_rows) < 2:
        return
    distinct, codes = sheet.encoding(c)
    hit = np.append(np_bool(arrow_ops.match(distinct, BRANCH), null=False), False)
    rows = np.asarray(t.data_rows, dtype=np.int64)
    found = rows[hit[codes[rows]]].tolist()
    if not found:
        return
    figures = [j for f, j in cmap.fields.items() if f in COUNT_FIELDS]
    data = set(t.data_rows)
    schools: dict[int, int] = {}  # branch row → its school's row
    for b in found:
        school = b - 1
        while school in schools or (school in data and school in found):
            school = schools.get(school, school - 1)  # (several branches of one school, one under another)
        if school in data and _under(sheet.take([school])[0], sheet.take([b])[0]):
            schools[b] = school
    if not schools:
        return
    told = _told(sheet, t, sorted((r, why) for r, why in t.skipped if why in (R_TOTAL, R_GROUP)), schools, figures)
    told.update({b: "in" for b, row in zip(schools, sheet.take(list(schools)))  # (a name with no figures: no sum)
                 if all(j >= len(row) or parse_number(row[j])[0] is None for j in figures)})
    gone: dict[int, str] = {}
    for b, school in schools.items():
        name, branch = clean(sheet.take([school])[0][c]), clean(sheet.take([b])[0][c])
        if told.get(b) == "in":
            gone[b] = R_PART
            st.problems.append(Problem(
                st.name, sheet.name, b + 1, label(c), branch, "school_parts",
                f"Строка {b + 1} «{branch}» — филиал (подразделение) ОО строки {school + 1} «{name}»: её числа входят "
                "в числа ОО (итог формы сходится без неё), отдельной ОО не загружена",
                "Если это отдельная ОО, впишите в строке её полное наименование и номер по порядку", "warning"))
            continue
        why = ("её числа в числа ОО не входят (итог формы сходится с ними), а ОО посчиталась бы дважды"
               if told.get(b) == "apart" else "входят ли её числа в числа ОО, не видно: итог формы этого не говорит")
        st.problems.append(Problem(
            st.name, sheet.name, b + 1, label(c), branch, "branch_rows",
            f"Строка {b + 1} «{branch}» — филиал (подразделение) ОО строки {school + 1} «{name}»: {why}; файл не "
            "загружен", "Если числа филиала уже в числах ОО, впишите над ним строку «в том числе:»; если нет — "
            "прибавьте их к числам ОО и удалите строку филиала"))
    _leave(t, gone)


def _under(school: list, branch: list) -> bool:
    """A branch's row is its school's: its leading cells (the number) empty where the school's are filled, or
    numbered «2.1» under school 2."""
    k = _first(school)
    if _first(branch) > k:
        return True
    m = _SUB_NUMBER.match(str(branch[k])) if k < len(branch) and not empty(branch[k]) else None
    return bool(m) and clean(school[k]).rstrip(".") == m.group(1)


def _told(sheet, t, marks: list, branches: dict[int, int], figures: list[int]) -> dict[int, str]:
    """Branch row → «in» where a total or group row sums the records of its block without the block's branches,
    «apart» where with them (the nearest mark telling first); a branch no mark tells of is not in it."""
    rows = np.asarray(t.data_rows, dtype=np.int64)
    at = [r for r, _why in marks]
    told: dict[int, str] = {}
    column: dict[int, np.ndarray] = {}  # figure column → its records' numbers (nan: none), parsed once

    def numbers(j: int) -> np.ndarray:
        if j not in column:
            vals = sheet.values(arrow_ops.take(sheet.columns[j], indices(rows)))
            column[j] = np.array([np.nan if (v := parse_number(x)[0]) is None else v for x in vals], dtype=float)
        return column[j]

    for m, why in marks:
        spans = [(m, min([x for x in at if x > m], default=2 ** 62))] if why == R_GROUP else []  # over its schools
        if m > min(branches):  # a total under a block: since the mark before it, or since the top
            spans += [(max([x for x in at if x < m], default=-1), m), (-1, m)]
        own = sheet.take([m])[0]
        for lo, hi in spans:
            inside = (rows > lo) & (rows < hi)
            mine = [b for b in branches if lo < b < hi and b not in told]
            if not mine or not inside.any():
                continue
            for j in figures:
                total = parse_number(own[j])[0] if j < len(own) else None
                vals = numbers(j)[inside]
                if total is None or np.isnan(vals).any():
                    continue
                parts = float(numbers(j)[np.isin(rows, mine)].sum())
                verdict = "in" if parts and abs(vals.sum() - parts - total) < 0.5 else \
                    "apart" if abs(vals.sum() - total) < 0.5 else None
                if verdict:
                    told.update(dict.fromkeys(mine, verdict))
                    break
    return told
