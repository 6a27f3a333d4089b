"""Events dated outside their file's period: counted in it, said — after it, the next period's form will likely list
them again; before it, the earlier period's form likely did (a coordinator reporting cumulatively since September):
either way the school year would count their participants twice. (A row another period's load already holds is an
error of its own: etl/event_repeats.py.)"""
from __future__ import annotations

from etl import periods
from etl.model import Problem
from etl.textru import some_of

_LISTED = 10  # rows named in the warning; more are counted


def check(st) -> None:
    """One warning for the rows of an events file dated after its period's end, one for those dated before its
    start, naming them."""
    end = st.period_end
    if st.kind != "events" or end is None:
        return
    _before(st)
    late = [i for i, d in enumerate(st.out.get("event_date") or []) if d is not None and d > end]
    if not late:
        return
    shown = some_of([f"{st.source_row[i]} ({st.out['event_date'][i]:%d.%m.%Y})" for i in late], _LISTED)
    st.problems.append(Problem(
        st.name, st.source_sheet[late[0]], None, None, None, "event_after_period",
        f"Мероприятия после конца периода ({periods.period_label_ru(st.period)}, {end:%d.%m.%Y}): строки {shown} "
        "— учтены в этом периоде; если они войдут и в форму следующего периода, их участники будут учтены дважды",
        "Перенесите эти строки в форму следующего периода или исправьте даты", "warning"))


def _before(st) -> None:
    start = periods.period_bounds(st.period)[0]
    dates = st.out.get("event_date") or []
    early = [i for i, d in enumerate(dates) if d is not None and d < start]
    if not early:
        return
    shown = some_of([f"{st.source_row[i]} ({dates[i]:%d.%m.%Y})" for i in early], _LISTED)
    st.problems.append(Problem(
        st.name, st.source_sheet[early[0]], None, None, None, "event_before_period",
        f"Мероприятия до начала периода ({periods.period_label_ru(st.period)}, с {start:%d.%m.%Y}): строки {shown} "
        "— учтены в этом периоде; если они были и в форме прошлого периода, их участники будут учтены дважды",
        "Оставьте в форме только мероприятия этого периода или исправьте даты", "warning"))
