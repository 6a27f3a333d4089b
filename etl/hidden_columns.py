"""A hidden column loaded as an event or an indicator of a wide form (one column each): the file hides it — last
year's figures, a plan, a draft — and nothing on the sheet as printed shows it, so its loading is said, naming the
columns. (Of two columns of one field, the visible one is taken: etl/mapping.py.)"""
from __future__ import annotations

from etl.model import Problem


def loaded(st, p) -> None:
    hidden = {c.index for c in p.t.columns if getattr(c, "hidden", False)}
    cols = [i for _g, sub in p.cmap.wide_groups for i in (sub.values() if isinstance(sub, dict) else [sub])
            if i in hidden]
    if not cols:
        return
    what = {"events": "мероприятия", "agreements": "партнёры"}.get(st.kind, "показатели")
    st.problems.append(Problem(
        st.name, p.sheet.name, None, ", ".join(p.label(i) for i in cols), None, "hidden_column_loaded",
        f"Скрытые в файле столбцы загружены как {what}: " + ", ".join(p.label(i) for i in cols),
        "Если это прошлогодние, плановые или черновые данные, удалите столбец или укажите «не загружать» (на странице "
        "«Загрузка данных» или параметром --map «заголовок=-»)", "warning"))
