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
    """One warning for the rows of an events file dated before its period's start, one for those dated after its
    end, naming them."""
    end = st.period_end
    if st.kind != "events" or end is None:
        return
    start = periods.period_bounds(st.period)[0]
    label = periods.period_label_ru(st.period)
    _said(st, lambda d: d < start, "event_before_period",
          f"Мероприятия до начала периода ({label}, с {start:%d.%m.%Y})",
          "если они были и в форме прошлого периода, их участники будут учтены дважды",
          "Оставьте в форме только мероприятия этого периода или исправьте даты")
    _said(st, lambda d: d > end, "event_after_period", f"Мероприятия после конца периода ({label}, {end:%d.%m.%Y})",
          "если они войдут и в форму следующего периода, их участники будут учтены дважды",
          "Перенесите эти строки в форму следующего периода или исправьте даты")


def _said(st, outside, rule: str, what: str, risk: str, hint: str) -> None:
    dates = st.out.get("event_date") or []
    rows = [i for i, d in enumerate(dates) if d is not None and outside(d)]
    if rows:
        shown = some_of([f"{st.source_row[i]} ({dates[i]:%d.%m.%Y})" for i in rows], _LISTED)
        st.problems.append(Problem(st.name, st.source_sheet[rows[0]], None, None, None, rule,
                                   f"{what}: строки {shown} — учтены в этом периоде; {risk}", hint, "warning"))
