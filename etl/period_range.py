"""A file's period that cannot hold monitoring data: one that has not begun (a wrong year or quarter in the title or
the file name), or one before the region's first monitoring period (regions.csv `first_period`: the career-guidance
minimum began in September 2023 — «по состоянию на 01.04.2023» typed for 2024 would make a period of its own, and
the next periods would be compared with it). Both refuse the file, saying how to give the right period."""
from __future__ import annotations

import re
from datetime import date

from etl import periods
from etl.model import Problem

# the forms of the minimum itself (an effectiveness form may give earlier years' figures as its baseline)
_OF_THE_MINIMUM = ("readiness", "agreements", "events")
_HINT = ("Проверьте год и квартал (полугодие) в заголовке формы («по состоянию на …») и в имени файла или укажите "
         "верный период (параметр --period или поле «Период»)")


# «по состоянию на 01.04.2204»: an as-of date whose year no report can have
_AS_OF = re.compile(r"(?<![а-яё])на\s+(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)", re.IGNORECASE)


def check(st) -> None:
    _odd_title_dates(st)
    if not (st.period and periods.is_valid(st.period)):
        return
    start, _end = periods.period_bounds(st.period)
    label = periods.period_label_ru(st.period)
    if start > date.today():
        st.problems.append(Problem(st.name, None, None, None, label, "period_future",
                                   f"Период «{label}» ещё не начался (сегодня {date.today():%d.%m.%Y}): "
                                   "данных за него быть не может", _HINT))
        return
    region = st.reg.region(st.region) if st.region else None
    first = (region or {}).get("first_period") or ""
    if st.kind in _OF_THE_MINIMUM and periods.is_valid(first) and _end < periods.period_bounds(first)[0]:
        st.problems.append(Problem(
            st.name, None, None, None, label, "period_before_start",
            f"Период «{label}» раньше начала мониторинга профминимума в регионе (первый период — "
            f"{periods.period_label_ru(first)}): данных за него быть не может", _HINT))


def _odd_title_dates(st) -> None:
    """A title's as-of date with a year no report can have («на 01.04.2204»): not read as the period — said, with
    where the period came from instead."""
    for t in st.titles:
        m = _AS_OF.search(t)
        if m is None or 2000 <= int(m.group(3)) <= date.today().year + 1:
            continue
        taken = (f"период — {periods.period_label_ru(st.period)} (из имени файла или листа)"
                 if st.period and periods.is_valid(st.period) else "период не определён")
        st.problems.append(Problem(st.name, None, None, None, m.group(0), "title_date_odd",
                                   f"В заголовке дата «{m.group(1)}.{m.group(2)}.{m.group(3)}» не похожа на дату "
                                   f"отчёта и не учтена: {taken}", _HINT, "warning"))
        return
