"""A second table under the first on one sheet («Мероприятие | Дата | Обучающиеся» below the schools' figures): the
table found ends at its header (etl/row_judge.py), so its rows would be lost without a word — the file waits until
the second table is a file (or a sheet) of its own."""
from __future__ import annotations

from etl import textru
from etl.model import Problem
from etl.row_rules import R_OTHER_TABLE, R_PLANNED, empty


def refuse_if_below(st, sheet, t) -> None:
    """An error of the file when rows of another table with values of their own follow the table's header."""
    rows = [r for r, why in t.skipped if why == R_OTHER_TABLE]
    if not rows:
        return
    got = sheet.take(rows)
    header = next((i for i, vals in enumerate(got) if sum(1 for v in vals if not empty(v)) >= 3), None)
    if header is None or not any(sum(1 for v in vals if not empty(v)) >= 2 for vals in got[header + 1:]):
        return  # (a header with nothing under it, a note: nothing would be lost)
    shown = ", ".join(f"«{v}»" for v in got[header] if not empty(v))[:200]
    st.problems.append(Problem(
        st.name, sheet.name, None, None, None, "other_table_below",
        f"Ниже таблицы на листе есть ещё одна таблица (строка {rows[header] + 1}: {shown}): её строки не "
        "загрузились бы — файл не загружен",
        "Перенесите вторую таблицу в отдельный файл (или на отдельный лист) и загрузите её отдельно; если она не "
        "нужна мониторингу, удалите её"))


def planned_below(st, sheet, t) -> None:
    """A warning naming the rows under a plan's title row (etl/row_judge.py): left out, as a plan beside a fact."""
    rows = [r for r, why in t.skipped if why == R_PLANNED]
    if not rows:
        return
    got = sheet.take(rows)
    header = {str(part).strip() for c in t.columns for part in c.parts}
    filled = [r + 1 for r, vals in zip(rows[1:], got[1:]) if sum(1 for v in vals if not empty(v)) >= 2
              and not all(str(v).strip() in header for v in vals if isinstance(v, str) and v.strip())]
    if not filled:
        return
    title = next(v for v in got[0] if not empty(v))
    st.problems.append(Problem(
        st.name, sheet.name, rows[0] + 1, None, None, "planned_rows_below",
        f"{'Строка' if len(filled) == 1 else 'Строки'} {textru.some_of([str(r) for r in filled], 6)} под строкой "
        f"{rows[0] + 1} «{str(title).strip()}» не {'загружена' if len(filled) == 1 else 'загружены'}: это план, а "
        "не выполненное (загружаются строки над ней)",
        "Если это не так, удалите строку с этим заголовком и загрузите файл снова", "warning"))
