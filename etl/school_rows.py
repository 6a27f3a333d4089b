"""Rows of a school list that are not schools of their own, found once the columns are known (the step «plan a
sheet»): the parts of a school written under it after «в том числе:» (a branch, a structural unit — their figures
are in the school's own), and the rest of a long school name wrapped onto the next row."""
from __future__ import annotations

import re

from etl.model import Problem
from etl.row_rules import R_PART, R_TOTAL, R_WRAPPED, clean, empty
from etl.textru import plural

# a row of one text that opens the breakdown of the row above
MARK_RE = re.compile(r"^\s*(в\s+том\s+числе|в\s*т\.?\s*ч\.?|из\s+них)\s*[:.]?\s*$", re.IGNORECASE)
# what names a part of a school, not a school
BRANCH_RE = re.compile(r"^\s*(филиал|структурн|обособленн|отделени|корпус|здани|сп\b|дошкольн\w*\s+(групп|отдел))",
                       re.IGNORECASE)
# the forms listing schools one per row, each with its own figures (a branch under «в том числе:» is no school)
PER_SCHOOL = ("readiness", "effectiveness")
# the end of a name that goes on: an open quote is counted apart; a hyphen, a comma, a joining word
GOES_ON_RE = re.compile(r"([-,–]|\s(и|с|в|по|для|имени|им\.))\s*$", re.IGNORECASE)


def _first(row: list) -> int:
    return next((j for j, v in enumerate(row) if not empty(v)), len(row))


def parts_of_schools(st, sheet, t, cmap, label) -> None:
    """Rows under «в том числе:» below a school that are its parts (their leading cells — the number, the INN —
    empty where the school's are filled, or named as a branch): taken out of the records, said once per school."""
    c = cmap.fields.get("school_name")
    if st.kind not in PER_SCHOOL or c is None or not t.data_rows:
        return
    data = set(t.data_rows)
    marks = [r for r, why in t.skipped if why == R_TOTAL and r - 1 in data and r + 1 in data]
    gone: dict[int, str] = {}
    for m in marks:
        cells = [v for v in sheet.take([m])[0] if not empty(v)]
        if len(cells) != 1 or not isinstance(cells[0], str) or not MARK_RE.match(cells[0]):
            continue
        school = sheet.take([m - 1])[0]
        parts, r = [], m + 1
        while r in data:
            row = sheet.take([r])[0]
            name = row[c] if c < len(row) else None
            if not (_first(row) > _first(school) or (isinstance(name, str) and BRANCH_RE.match(name))):
                break
            parts.append(r)
            r += 1
        if not parts:
            continue
        gone.update(dict.fromkeys([m, *parts], R_PART))
        rows = f"{parts[0] + 1}–{parts[-1] + 1}" if len(parts) > 1 else str(parts[0] + 1)
        st.problems.append(Problem(
            st.name, sheet.name, parts[0] + 1, label(c), None, "school_parts",
            f"{plural(len(parts), 'Строка', 'Строки', 'Строки')} {rows} под «{clean(cells[0])}» — "
            f"{plural(len(parts), 'часть', 'части', 'части')} ОО строки {m} «{clean(school[c])}» (филиал, "
            "подразделение): их числа входят в числа ОО, отдельными ОО не загружены",
            "Если это отдельные ОО, удалите строку «в том числе» и заполните у них все графы", "warning"))
    _leave(t, gone)


def wrapped_names(st, sheet, t, cmap, label) -> None:
    """A row holding only a text in the school column, under a school whose name goes on (an open quote, a hyphen,
    a joining word at its end, or this text starting in lower case): the rest of that name, joined to it."""
    c = cmap.fields.get("school_name")  # (lists of schools: readiness, an effectiveness form by school)
    if st.kind not in ("readiness", "effectiveness") or c is None or c >= sheet.width or len(t.data_rows) < 2:
        return
    import numpy as np

    data = set(t.data_rows)
    rows = np.asarray(sorted(data), dtype=np.int64)
    filled = np.zeros(len(rows), np.int32)  # filled cells of each record row (of its own: not a merged value)
    for j in range(sheet.width):
        own = ~sheet.blank(j)[sheet.encoding(j)[1][rows]]
        took = sheet.merged_cells.get(j)
        filled += own & ~took[rows] if took is not None else own
    joined: dict[int, str] = {}  # the school's row -> its whole name
    gone: dict[int, str] = {}
    for r in rows[filled == 1].tolist():
        if r - 1 not in data or r - 1 in gone:
            continue
        rest = sheet.take([r])[0][c]
        above = joined.get(r - 1) or sheet.take([r - 1])[0][c]
        if not isinstance(rest, str) or not isinstance(above, str) or not rest.strip() or not above.strip():
            continue
        rest, above = clean(rest), clean(above)
        if not (rest[0].islower() or above.count("«") > above.count("»") or above.count('"') % 2
                or GOES_ON_RE.search(above)):
            continue
        joined[r - 1] = above + ("" if above.endswith("-") else " ") + rest
        gone[r] = R_WRAPPED
        st.problems.append(Problem(
            st.name, sheet.name, r + 1, label(c), rest, "school_name_wrapped",
            f"Наименование ОО продолжено в строке {r + 1}: соединено со строкой {r} — «{joined[r - 1]}»",
            "Если в строке отдельная ОО, заполните у неё все графы", "warning"))
    if joined:
        sheet.replace_cells(c, joined)
    _leave(t, gone)


def _leave(t, gone: dict[int, str]) -> None:
    """Take rows out of the table's records (and a marker out of its totals), with their reasons."""
    if not gone:
        return
    t.data_rows = [r for r in t.data_rows if r not in gone]
    t.skipped = [(r, why) for r, why in t.skipped if r not in gone] + sorted(gone.items())
