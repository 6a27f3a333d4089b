"""Rows of an events list that are a part of the row above — «из них 6-9 кл.», «в т.ч. с ОВЗ» where the event is
named (added, its participants would count twice) — and rows by category of participants («Категория участников»
beside one count) that are not a group of their own: «в т.ч. обучающиеся с ОВЗ» (a part of the pupils' row above:
added, they would count twice) and pupils of grades outside 6–11 («обучающиеся 1-4 кл.»: not the minimum's pupils).
Taken out of the records before they are assembled, said once with their rows."""
from __future__ import annotations

from etl.column_notes import SUBSET
from etl.grades import grade_range
from etl.model import Problem
from etl.normalize import norm_key
from etl.textru import some_of

R_PART = "«в т.ч.» — часть другой категории"
R_GRADES = "обучающиеся не 6–11 классов"


def _why(text) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    if SUBSET.match(norm_key(text)):
        return R_PART
    g = grade_range(text)
    if g is not None and (g[1] < 6 or g[0] > 11 or g[0] < 6):
        return R_GRADES
    return None


def drop(st, sheet, t, cmap, label) -> None:
    if not cmap.by_category or not t.data_rows:
        return
    cat = cmap.by_category[0]
    cells = sheet.cells(cat, t.data_rows).values()
    gone = {ri: why for ri, v in zip(t.data_rows, cells) if (why := _why(v)) is not None}
    if not gone:
        return
    t.data_rows = [r for r in t.data_rows if r not in gone]
    t.skipped.extend(sorted(gone.items()))
    for reason in (R_PART, R_GRADES):
        rows = [r + 1 for r, why in sorted(gone.items()) if why == reason]
        if rows:
            st.problems.append(Problem(
                st.name, sheet.name, None, label(cat), None, "category_not_counted",
                ("Строка " if len(rows) == 1 else "Строки ") + some_of([str(r) for r in rows], 10)
                + f": {reason} — их участники не загружаются"
                + (" (иначе были бы учтены дважды)" if reason == R_PART else " (профминимум — 6–11 классы)"),
                "Если это отдельная категория участников, назовите её «обучающиеся», «родители» или «педагоги»",
                "warning"))


def parts_of_events(st, sheet, t, cmap, label) -> None:
    """Rows of an events list whose event cell says a part of the event above («из них 6-9 кл.», «в том числе с
    ОВЗ»): no event — taken out, said once with their rows."""
    ev = cmap.fields.get("event")
    if st.kind != "events" or ev is None or cmap.layout != "long" or not t.data_rows:
        return
    import numpy as np

    texts, codes = sheet.encoding(ev)  # (over the column's distinct texts: an events list may have a million rows)
    parts = [k for k, v in enumerate(texts.to_pylist()) if isinstance(v, str) and SUBSET.match(norm_key(v))]
    if not parts:
        return
    rows = np.asarray(t.data_rows, dtype=np.int64)
    gone = sorted(rows[np.isin(codes[rows], parts)].tolist())
    if not gone:
        return
    out = set(gone)
    t.data_rows = [r for r in t.data_rows if r not in out]
    t.skipped.extend((r, R_PART) for r in gone)
    st.problems.append(Problem(
        st.name, sheet.name, None, label(ev), None, "category_not_counted",
        ("Строка " if len(gone) == 1 else "Строки ") + some_of([str(r + 1) for r in gone], 10)
        + ": «из них …», «в т.ч. …» — часть мероприятия строкой выше, их участники не загружаются (иначе были бы "
          "учтены дважды)", "Если это отдельное мероприятие, впишите его название", "warning"))
