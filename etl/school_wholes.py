"""One school written in several rows of its own name (the step «plan a sheet», after etl/part_rows.py): its
buildings or addresses — «Лицей «Дубна», корпус 1», «МБОУ СОШ № 5 (ул. Ленина, 5)» — beside a row of the school
itself, just above or just below them («Лицей «Дубна» (всего по комплексу)», «Итого по МБОУ СОШ № 5», or the name
alone). One rule for every such row: the rows of the school's name are its parts — when they add up to the school's
row they are left out (said) and the school is one; when a row saying it is the school's sum («всего») is not their
sum, asked; buildings «(корпус 1)», «— здание 2» with no row of the school, refused (the school counted twice, every
share of schools wrong: tester rounds t75, t77 and a review). Rows of other names under a total are schools:
etl/sum_rows.py takes the total out. Found by the school column's distinct texts (one RE2 pass)."""
from __future__ import annotations

import re

import numpy as np

from etl import arrow_ops
from etl.model import Problem
from etl.normalize import norm_key, parse_number
from etl.row_rules import R_TOTAL, clean
from etl.sheet import np_bool
from etl.textru import number_ru

R_BUILDING = "здание (корпус) ОО строкой выше"
PLACE = r"(?:здани[а-яё]*|корпус[а-яё]*|строени[а-яё]*|площадк[а-яё]*|учебн[а-яё]*\s+корпус[а-яё]*)"
# a school's name with its building or address after it: «… (корпус 1, …)», «… — здание 2», «…, ул. Мира, 3»
_STREET = r"(?:ул\.|улиц[а-яё]*|пр-т|просп[а-яё.]*|пр\.|пер\.|переул[а-яё]*|бульв[а-яё]*|б-р|ш\.|шоссе|наб\.|адрес)"
PART_OF = r"(?i)\S\s*[(,–—-]*\s*(?:" + PLACE + r"\s*(?:№\s*)?\d|" + _STREET + r")"
_BUILDING_OF = re.compile(r"^(.*?\S)\s*(?:[(,–—-]\s*)+" + PLACE + r"\s*(?:№\s*)?(\d+)", re.IGNORECASE)
# «(всего по комплексу)», «, всего», «— итого» after the school's name; «Итого по …» before it
_SUM_TAIL = re.compile(r"(?<=\S)\s*[(,:–—-]*\s*(?:всего|итого|в\s+целом)\b[^()]*\)?\s*$", re.IGNORECASE)
_SUM_HEAD = re.compile(r"^\s*(?:всего|итого)\s*(?:по\s+)?", re.IGNORECASE)


def own_name(label: str) -> str:
    """A school's name without the words saying its row is its sum: «Лицей «Дубна» (всего по комплексу)», «Итого по
    МБОУ СОШ № 5» → «Лицей «Дубна»», «МБОУ СОШ № 5» (the next form names it without them: one school across
    periods)."""
    return _SUM_HEAD.sub("", _SUM_TAIL.sub("", label)).strip() or label


def parts_beside(st, sheet, t, c, label, distinct, codes, figures, gone, named) -> None:
    """The runs of rows naming a school's part (a building, an address) next to the school's own row: left out when
    they add up to it (the school's row → its own name into `named`); a school's buildings as schools with no row of
    it: refused."""
    hit = np_bool(arrow_ops.match(distinct, PART_OF), null=False)
    if int(hit.sum()) < 2:
        return
    rows = np.asarray([r for r in t.data_rows if r not in gone] if gone else t.data_rows, dtype=np.int64)
    at = np.flatnonzero(np.append(hit, False)[codes[rows]]).tolist()  # positions in `rows` of the parts' rows
    runs: list[list[int]] = []  # runs of such positions, one after another
    for i in at:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    totals = {r for r, why in t.skipped if why == R_TOTAL}  # «Итого по МБОУ СОШ № 5» under its buildings
    for pos in runs:
        if len(pos) < 2:
            continue
        run = rows[pos].tolist()
        before = run[0] - 1 if run[0] - 1 in totals else int(rows[pos[0] - 1]) if pos[0] > 0 else None
        after = run[-1] + 1 if run[-1] + 1 in totals else int(rows[pos[-1] + 1]) if pos[-1] + 1 < len(rows) else None
        for whole, parts in ((before, run), (after, run[::-1])):
            free = [r for r in parts if r not in gone]
            if whole is None or whole in gone or not free or not _whole(st, sheet, c, label, whole, free, figures,
                                                                         gone, named):
                continue
            if whole in totals:  # the school's own row, not a total: a record
                t.skipped = [(r, why) for r, why in t.skipped if r != whole]
                t.data_rows = sorted(t.data_rows + [whole])
    _apart(st, sheet, t, c, label, distinct, codes, gone)


def _whole(st, sheet, c, label, whole: int, run: list[int], figures, gone, named) -> bool:
    """Whether row `whole` is the school whose parts start `run` (nearest first): they are then left out (its name
    without «всего» into `named`); asked when they do not add up to it."""
    name = clean(sheet.take([whole])[0][c])
    base = own_name(name)
    key = norm_key(base) + " "
    parts = []
    for r in run:
        if not norm_key(clean(sheet.take([r])[0][c])).startswith(key):
            break
        parts.append(r)
    # (a bare name that names no one school — «МБОУ СОШ» over «МБОУ СОШ (ул. Мира, 3)» — is no school's own row
    # unless it says it is their sum)
    if len(key) < 4 or len(parts) < 2 or (base == name and not any(ch.isdigit() for ch in key)
                                          and len(key.split()) < 3):
        return False
    parts.sort()
    shown = ", ".join(str(r + 1) for r in parts)
    differs = mismatch(sheet, whole, parts, figures)
    if differs is None:
        gone.update(dict.fromkeys(parts, R_BUILDING))
        if base != name:
            named[whole] = base
        st.problems.append(Problem(
            st.name, sheet.name, parts[0] + 1, label(c), clean(sheet.take([parts[0]])[0][c]), "school_class_rows",
            f"Строки {shown} — корпуса (здания) ОО строки {whole + 1} «{name}»: их числа входят в числа ОО, "
            "отдельными ОО не загружены", "Если это отдельные ОО, впишите в этих строках их полные наименования",
            "warning"))
        return True
    not_their_sum(st, sheet, parts[0] + 1, label, clean(sheet.take([parts[0]])[0][c]),
                  f"Строки {shown} рядом с ОО строки {whole + 1} «{name}»", differs)
    return False


def not_their_sum(st, sheet, row: int, label, cell: str, which: str, differs: tuple[int, float, float]) -> None:
    """The question of a school's buildings (`which`: «Строки 8, 9 рядом с ОО строки 7 «…»») whose figures are not
    the school's (`differs`: from `mismatch`)."""
    j, got, own = differs
    st.problems.append(Problem(
        st.name, sheet.name, row, label(j), cell, "school_building_rows",
        f"{which} — её корпуса? В столбце {label(j)} их сумма — {number_ru(got)}, а у ОО — "
        f"{number_ru(own)}: файл не загружен",
        "Если корпуса входят в ОО, впишите в её строку их сумму (строки корпусов не загружаются); если это отдельные "
        "ОО — впишите в этих строках их полные наименования", "error"))


def mismatch(sheet, whole: int, parts: list[int], figures: list[int]) -> tuple[int, float, float] | None:
    """The first figure column where row `whole`'s number is not the sum of `parts`' ((column, their sum, its
    number)); None when every number it gives is their sum. A column none of the parts gives a number in is not
    compared (buildings with their addresses only)."""
    own = sheet.take([whole])[0]
    cells = sheet.take(parts)
    for j in figures:
        v = parse_number(own[j])[0] if j < len(own) else None
        said = [x for x in (parse_number(row[j])[0] if j < len(row) else None for row in cells) if x is not None]
        if v is not None and said and sum(said) != v:
            return j, sum(said), v
    return None


def _apart(st, sheet, t, c, label, distinct, codes, gone) -> None:
    """«Гимназия № 5 (корпус 1, …)» and «Гимназия № 5 (корпус 2, …)» in rows of their own, no row of the school
    beside them: refused, the school asked for in one row."""
    base = {}
    for k in np.nonzero(np_bool(arrow_ops.match(distinct, r"(?i)" + PLACE + r"\s*(?:№\s*)?\d"), null=False))[0]:
        m = _BUILDING_OF.match(str(distinct[int(k)]))
        if m:
            base[int(k)] = norm_key(m.group(1))
    by: dict[str, list[int]] = {}
    for r in t.data_rows:
        if int(codes[r]) in base and r not in gone:
            by.setdefault(base[int(codes[r])], []).append(r)
    for rows in by.values():
        if len(rows) < 2:
            continue
        name = _BUILDING_OF.match(clean(sheet.take([rows[0]])[0][c])).group(1).strip()
        shown = ", ".join(str(r + 1) for r in rows)
        for r in rows[1:]:
            st.problems.append(Problem(
                st.name, sheet.name, r + 1, label(c), clean(sheet.take([r])[0][c]), "school_buildings_apart",
                f"Строки {shown} — корпуса (здания) одной ОО «{name}», записанные как отдельные ОО: ОО посчиталась бы "
                f"{len(rows)} раза",
                "Запишите ОО одной строкой: числа корпусов сложите, уровень и критерии — ОО в целом", "error"))
