"""A form of what happened in a period (events: participations add up over the periods) whose title says it covers
more than its period — «нарастающим итогом с начала учебного года», «с 01.09.2023 по 31.12.2023», «за 9 месяцев»,
«за 1 полугодие» (a region reporting by quarters), «за 2023/2024 учебный год» — would count the earlier periods' events
again (tester round t85: four cumulative quarterly forms made 751 participations of 289). And a form of agreements —
a state: every agreement in force at the period's end — that lists only the agreements made in the period («новые
договоры», «заключённые во II квартале») would replace the state with a part of it. Both are refused, saying what to
send."""
from __future__ import annotations

import re
from datetime import date

from etl import periods
from etl.model import Problem

_CUMULATIVE = re.compile(r"нарастающ\w*\s+итог|с\s+начала\s+(?:(?:текущего|нового)\s+)?(?P<what>"
                         r"(?:20\d\d\s*[/-]\s*(?:20)?\d\d\s+)?учебн\w*\s+года|(?:20\d\d\s+)?года)")
_WHOLE = re.compile(r"(?<![а-я])за\s+(?P<sy>20\d\d\s*[/-]\s*(?:20)?\d\d\s+уч\w*\.?\s+г|(?P<y>20\d\d)\s+г(?:од|\.|\b))")
_NEW_ONLY = re.compile(r"нов\w*\s+(?:заключ\w+\s+)?договор|вновь\s+заключ|заключ\w*\s+(?:в|во|за)\s+(?:\S+\s+){0,2}"
                       r"(?:квартал|полугоди|период|месяц|отчетн)")


def check(st) -> None:
    if st.kind not in ("events", "agreements") or not st.titles:
        return
    label = st.period if st.period and periods.is_valid(st.period) else None
    for title in st.titles:
        text = title.replace("\xa0", " ").replace("ё", "е").lower()
        if st.kind == "agreements":
            if _NEW_ONLY.search(text):
                end = f" на {periods.period_bounds(label)[1]:%d.%m.%Y}" if label else " на конец периода"
                st.problems.append(Problem(
                    st.name, None, None, None, title, "agreements_new_only",
                    "Форма договоров — только новые, заключённые за период, а панель показывает все действующие "
                    "договоры ОО: заключённые раньше пропали бы из отчёта — файл не загружен",
                    f"Пришлите все действующие договоры{end} — и заключённые раньше, и новые"))
                return
            continue
        start = _start(text, label)
        if start is None:
            continue
        first = periods.period_bounds(label)[0] if label else None
        if first is not None and start >= first:
            continue
        what = ("нарастающим итогом" if start.year < 2000 else f"охватывает время с {start:%d.%m.%Y}" + (
            f", а загружается за {periods.period_label_ru(label)}" if label else ""))
        st.problems.append(Problem(
            st.name, None, None, None, title, "events_span",
            f"Форма мероприятий {what}: участия складываются по периодам, и участия прошлых периодов "
            "посчитались бы дважды — файл не загружен",
            "Пришлите участия только за отчётный период (квартал или полугодие) — без нарастающего итога"))
        return


def _start(text: str, label: str | None) -> date | None:
    """The first day of the time a title says its figures cover, when it says one longer than a period."""
    m = _CUMULATIVE.search(text)
    if m:
        if label is None:
            return date(1900, 1, 1)  # (a running total with no period: longer than any)
        end = periods.period_bounds(label)[1]
        if m.group("what") and "учебн" not in m.group("what"):
            return date(end.year, 1, 1)
        return date(end.year if end.month >= 9 else end.year - 1, 9, 1)
    m = periods.RX_RANGE.search(text)
    if m:
        a, b = periods.from_date_token(m.group("a")), periods.from_date_token(m.group("b"))
        if a and b and a < b and (label is not None or periods.period_of_day(a) != periods.period_of_day(b)):
            return a
    m = periods.RX_MONTHS_OF_YEAR.search(text)
    if m and int(m.group("k")) > 3:
        return date(int(m.group("y")), 1, 1)
    m = periods.RX_HALF.search(text)
    if m and (label is None or periods.cadence_of(label) == "quarter"):
        return date(int(m.group("y")), 1 if periods.ordinal(m.group("n")) == 1 else 7, 1)
    m = _WHOLE.search(text)
    if m:
        return date(int(m.group("y")), 1, 1) if m.group("y") else date(int(m.group("sy")[:4]), 9, 1)
    return None
