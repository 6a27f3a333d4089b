"""Events dated after their file's period: counted in it, said — the next period's form will likely list them
again, and the school year would count their participants twice."""
from __future__ import annotations

from etl import periods
from etl.model import Problem
from etl.textru import some_of

_LISTED = 10  # rows named in the warning; more are counted


def check(st) -> None:
    """One warning for the rows of an events file dated after its period's end, naming them."""
    end = st.period_end
    if st.kind != "events" or end is None:
        return
    late = [i for i, d in enumerate(st.out.get("event_date") or []) if d is not None and d > end]
    if not late:
        return
    shown = some_of([f"{st.source_row[i]} ({st.out['event_date'][i]:%d.%m.%Y})" for i in late], _LISTED)
    st.problems.append(Problem(
        st.name, st.source_sheet[late[0]], None, None, None, "event_after_period",
        f"Мероприятия после конца периода ({periods.period_label_ru(st.period)}, {end:%d.%m.%Y}): строки {shown} "
        "— учтены в этом периоде; если они войдут и в форму следующего периода, их участники будут учтены дважды",
        "Перенесите эти строки в форму следующего периода или исправьте даты", "warning"))
