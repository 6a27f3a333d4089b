"""A second table under the first on one sheet («Мероприятие | Дата | Обучающиеся» below the schools' figures): the
table found ends at its header (etl/row_judge.py), so its rows would be lost without a word — the file waits until
the second table is a file (or a sheet) of its own."""
from __future__ import annotations

from etl import textru
from etl.model import Problem
from etl.row_rules import INCLUDED_TITLE, R_INCLUDED, R_OTHER_TABLE, R_PLANNED, empty, planned_title
from etl.sheets import sections_per_row


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
    """The records under a plan's title row («Планируется к заключению в 2024 году:», etl/row_judge.py): a plan, not
    facts — left out and said (not in a roadmap, a plan itself); and those under a title saying their figures are
    counted above already («Таблица 2. Филиалы ОО (численность обучающихся включена в таблицу 1)»)."""
    if st.kind != "roadmap":
        _left_out(st, sheet, t, planned_title, R_PLANNED, "planned_rows_below", "это план, а не выполненное")
    _left_out(st, sheet, t, INCLUDED_TITLE.search, R_INCLUDED, "included_rows",
              "их числа уже учтены в таблице выше, как сказано в этой строке")


def _left_out(st, sheet, t, is_title, reason: str, rule: str, why: str) -> None:
    titles = {text for _r, text in t.sections if is_title(text)}
    under = sections_per_row(t, only=titles) if titles else None
    if not under:
        return
    t.data_rows = [r for r in t.data_rows if r not in under]
    t.skipped.extend((r, reason) for r in sorted(under))
    for title in dict.fromkeys(under.values()):
        rows = [r + 1 for r, text in sorted(under.items()) if text == title]
        at = next(r for r, text in t.sections if text == title)
        st.problems.append(Problem(
            st.name, sheet.name, at + 1, None, None, rule,
            f"{'Строка' if len(rows) == 1 else 'Строки'} {textru.some_of([str(r) for r in rows], 6)} под строкой "
            f"{at + 1} «{title}» не {'загружена' if len(rows) == 1 else 'загружены'}: {why}",
            "Если это не так, удалите строку с этим заголовком и загрузите файл снова", "warning"))
