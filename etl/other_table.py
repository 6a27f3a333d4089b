"""A second table under the first on one sheet («Мероприятие | Дата | Обучающиеся» below the schools' figures): the
table found ends at its header (etl/row_judge.py), so its rows would be lost without a word — the file waits until
the second table is a file (or a sheet) of its own."""
from __future__ import annotations

from etl.model import Problem
from etl.row_rules import R_OTHER_TABLE, empty


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
