"""Rows of a school list that are parts of a school, not schools (the step «plan a sheet»): its classes under it —
«6 класс», «10-11 классы», «6А» (tester round t76) — and its buildings under it — «здание 1 (ул. Левашова, 7)» under
«Образовательный комплекс № 21 (всего по комплексу)» (t77); and one school's buildings written as schools side by
side — «Гимназия № 5 (корпус 1, …)», «… (корпус 2, …)» (t77: 5 schools for 3, every share of schools wrong).
Found by the school column's distinct texts (one RE2 pass), said once per school. What cannot be told is asked: a
school whose own row is empty above its parts (its total is not guessed), buildings under a school whose figures are
not their sum, buildings side by side (which level, which criteria, the school's total: its author's to write)."""
from __future__ import annotations

import re

import numpy as np

from etl import arrow_ops
from etl.catalogue import COUNT_FIELDS
from etl.model import Problem
from etl.normalize import norm_key, parse_number
from etl.row_rules import clean
from etl.school_rows import PER_SCHOOL, _leave
from etl.sheet import np_bool
from etl.textru import group_digits, plural

R_CLASS = "класс ОО строкой выше («6 класс», «10-11 классы»)"
R_BUILDING = "здание (корпус) ОО строкой выше"
_KL = r"(?:кл(?:асс[а-яё]*)?\.?)"
_GRADE = r"(?:[1-9]|1[01])"
# a label that is only a grade or a class: «6 класс», «10-11 кл.», «9-е классы», «6А», «6 «Б»», «Параллель 7-х классов»
GRADE_ROW = (r"(?i)^\s*(?:" + _GRADE + r"(?:\s*[-–—]\s*" + _GRADE + r")?\s*(?:-?[ехы]{1,2})?\s*" + _KL +
             r"|" + _GRADE + r"\s*[«\"]?[а-яё][»\"]?(?:\s*" + _KL + r")?"
             r"|паралл[а-яё]*\s+" + _GRADE + r"(?:\s*-?[ехы]{1,2})?(?:\s*" + _KL + r")?)\s*$")
_PLACE = r"(?:здани[а-яё]*|корпус[а-яё]*|строени[а-яё]*|площадк[а-яё]*|учебн[а-яё]*\s+корпус[а-яё]*)"
BUILDING_ROW = r"(?i)^\s*" + _PLACE + r"(?:\s|№|\d|$)"  # «здание 1 (ул. Левашова, 7)», «корпус № 2»
# a school's name with its building after it: «МБОУ «Гимназия № 5» (корпус 1, пр. Красной Армии, 30)», «… — здание 2»
_BUILDING_OF = re.compile(r"^(.*?\S)\s*(?:[(,–—-]\s*)+" + _PLACE + r"\s*(?:№\s*)?(\d+)", re.IGNORECASE)


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
    data = set(t.data_rows)
    for r in sorted(parts):
        if r - 1 in parts or r - 1 not in data:
            continue  # (inside a run, or no school just above: a one-school form by class stays as it is)
        run = [r]
        while run[-1] + 1 in parts:
            run.append(run[-1] + 1)
        gone.update({x: R_CLASS if parts[x] == "class" else R_BUILDING for x in run})
        _say(st, sheet, c, label, r, run, figures, any(parts[x] == "building" for x in run))
    side_by_side(st, sheet, t, c, label, distinct, codes, figures, gone)
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
    if buildings:  # a building's figures are the school's only when they add up to them
        cells = sheet.take(run)
        for j, v in zip(figures, own):
            said = [x for x in (parse_number(row[j])[0] if j < len(row) else None for row in cells) if x is not None]
            got = sum(said)
            if v is not None and said and got != v:  # (buildings with no figure of it: their addresses only)
                st.problems.append(Problem(
                    st.name, sheet.name, run[0] + 1, label(j), cell, "school_building_rows",
                    f"Строки {rows} ({first}) под ОО строки {r} «{name}» — её корпуса? В столбце {label(j)} их "
                    f"сумма — {group_digits(_n(got))}, а у ОО — {group_digits(_n(v))}: файл не загружен",
                    "Если корпуса входят в ОО, впишите в её строку их сумму (строки корпусов не загружаются); если "
                    "это отдельные ОО — впишите в этих строках их полные наименования", "error"))
                return
    st.problems.append(Problem(
        st.name, sheet.name, run[0] + 1, label(c), cell, "school_class_rows",
        f"{plural(len(run), 'Строка', 'Строки', 'Строки')} {rows} ({first}) — {what} ОО строки {r} «{name}»: "
        "их числа входят в числа ОО, отдельными ОО не загружены",
        "Если это отдельные ОО, впишите в этих строках их полные наименования", "warning"))


def _n(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else str(v).replace(".", ",")


def side_by_side(st, sheet, t, c, label, distinct, codes, figures, gone) -> None:
    """«Гимназия № 5 (корпус 1, …)» and «Гимназия № 5 (корпус 2, …)» in rows of their own: one school's buildings
    written as schools. Beside a row of the school itself whose figures are their sum («Лицей «Дубна» (всего по
    комплексу)»): its parts, left out; else refused, the school's row asked for."""
    hit = np_bool(arrow_ops.match(distinct, r"(?i)" + _PLACE + r"\s*(?:№\s*)?\d"), null=False)
    if not hit.any():
        return
    base = {}
    for k in np.nonzero(hit)[0].tolist():
        m = _BUILDING_OF.match(str(distinct[k]))
        if m:
            base[k] = norm_key(m.group(1))
    if len(base) < 2:
        return
    by: dict[str, list[int]] = {}
    for r in t.data_rows:
        k = int(codes[r])
        if k in base and r not in gone:
            by.setdefault(base[k], []).append(r)
    data = set(t.data_rows)
    for key, rows in by.items():
        if len(rows) < 2:
            continue
        name = _BUILDING_OF.match(clean(sheet.take([rows[0]])[0][c])).group(1).strip()
        shown = ", ".join(str(r + 1) for r in rows)
        whole = next((r for r in (rows[-1] + 1, rows[0] - 1) if r in data and int(codes[r]) not in base
                      and norm_key(clean(sheet.take([r])[0][c])).startswith(key)
                      and _adds_up(sheet, r, rows, figures)), None)
        if whole is not None:
            gone.update(dict.fromkeys(rows, R_BUILDING))
            st.problems.append(Problem(
                st.name, sheet.name, rows[0] + 1, label(c), clean(sheet.take([rows[0]])[0][c]), "school_class_rows",
                f"Строки {shown} — корпуса (здания) ОО строки {whole + 1} «{clean(sheet.take([whole])[0][c])}»: их "
                "числа входят в числа ОО, отдельными ОО не загружены",
                "Если это отдельные ОО, впишите в этих строках их полные наименования", "warning"))
            continue
        for r in rows[1:]:
            st.problems.append(Problem(
                st.name, sheet.name, r + 1, label(c), clean(sheet.take([r])[0][c]), "school_buildings_apart",
                f"Строки {shown} — корпуса (здания) одной ОО «{name}», записанные как отдельные ОО: ОО посчиталась бы "
                f"{len(rows)} раза",
                "Запишите ОО одной строкой: числа корпусов сложите, уровень и критерии — ОО в целом", "error"))


def _adds_up(sheet, whole: int, rows: list[int], figures: list[int]) -> bool:
    """Whether row `whole`'s figures are the sum of `rows`' (each figure it has; at least one)."""
    own = sheet.take([whole])[0]
    cells = sheet.take(rows)
    said = [(parse_number(own[j])[0], sum(parse_number(x[j])[0] or 0 for x in cells if j < len(x)))
            for j in figures if j < len(own)]
    return any(v is not None for v, _s in said) and all(v is None or v == s for v, s in said)
