"""Formula cells of a sheet's records (found by the guard pass, etl/sheet_guard.py: calamine gives only the value
a formula was saved with): a formula error (#ДЕЛ/0!) is an empty cell, said; a formula saved with no value (a file
written by a program and never opened in Excel: «=600+40» with nothing computed) is a number nobody knows — its
record is an error, never loaded as empty; a column of formulas all saved as 0 is said."""
from __future__ import annotations

from typing import Callable

from etl import sheet_notes
from etl.model import Problem

_RECALC = "Откройте файл в Excel или LibreOffice, сохраните (формулы пересчитаются) и загрузите снова"
# a formula error: calamine reads its cell as empty; a csv saved by Excel writes it as its text («#ДЕЛ/0!»)
ERROR_MESSAGE = "В ячейке ошибка формулы: значение не загружено (пусто)"
ERROR_HINT = "Исправьте формулу или впишите значение и загрузите файл снова"
_ERROR_TEXTS = frozenset(x.upper() for pair in sheet_notes.FORMULA_ERRORS_RU.items() for x in pair)


def is_error_text(v) -> bool:
    """A cell's text that is a formula error as Excel writes it, in English or Russian («#DIV/0!», «#Н/Д»)."""
    return v.__class__ is str and v.strip().upper() in _ERROR_TEXTS


def _used(cmap) -> set[int]:
    used = set(cmap.fields.values())
    for _group, sub in cmap.wide_groups or []:
        used.update(sub.values() if isinstance(sub, dict) else [sub])
    return used


def errors(name: str, sheet, t, cmap, label: Callable[[int], str]) -> list[Problem]:
    """A warning for each cell of a record that holds a formula error (calamine reads it as empty), and one per
    column whose formulas were all saved as 0 or an empty text (xlsxwriter's default: never computed)."""
    formulas = getattr(sheet, "formulas", None) or {}
    if not sheet.errors and not formulas:
        return []
    used = _used(cmap)
    records = set(t.data_rows)
    out = [Problem(name, sheet.name, r + 1, label(c), sheet_notes.FORMULA_ERRORS_RU.get(code, code), "formula_error",
                   ERROR_MESSAGE, ERROR_HINT, "warning")
           for (r, c), code in sorted(sheet.errors.items()) if r in records and c in used]
    by_col: dict[int, list] = {}
    for (r, c), value in sorted(formulas.items()):
        if r in records and c in used and value is not None:
            by_col.setdefault(c, []).append((r, value))
    for c, cells in sorted(by_col.items()):
        if len(cells) >= 2 and all(v.strip() in ("", "0") for _r, v in cells):
            # the whole file waits (with «без ошибочных строк» too): its zeros are no figures
            out.append(Problem(name, sheet.name, None, label(c), None, "formulas_not_computed",
                               f"Формулы столбца ({len(cells)}, первая — в строке {cells[0][0] + 1}) сохранены без "
                               "пересчёта — все значения 0 или пусто: файл, похоже, создан программой и не "
                               "открывался в Excel; числа неизвестны, файл не загружен", _RECALC))
    return out


def without_value(st, p, start: int) -> None:
    """The records from `start` on (those of plan `p`) whose row holds a formula saved with no value in a loaded
    column: errors of their rows, one per row naming its cells (loaded empty, a school's pupils would be 0)."""
    formulas = getattr(p.sheet, "formulas", None) or {}
    if not formulas or None not in formulas.values():
        return
    used, records = _used(p.cmap), set(p.t.data_rows)
    by_row: dict[int, list[int]] = {}
    for (r, c), value in sorted(formulas.items()):
        if value is None and c in used and r in records:
            by_row.setdefault(r, []).append(c)
    for r, cols in by_row.items():
        st.problems.append(Problem(
            st.name, p.sheet.name, r + 1, ", ".join(p.label(c) for c in cols), None, "formula_without_value",
            f"{'В ячейке формула' if len(cols) == 1 else 'В ячейках формулы'} без сохранённого значения (файл "
            "сохранён программой без пересчёта): число неизвестно, строка не загружена", _RECALC))
    st.bad.update(i for i in range(start, st.n) if st.source_row[i] - 1 in by_row)
