"""A roadmap-execution report's dates: the day it reports as of («по состоянию на 02.10.2023» in its title or file
name, else the end of the quarter or half-year it names — what «просрочено» is judged on, and what tells an older
report from a newer one), the school year its title names, and the deadlines written without a year («III кв.»,
«сентябрь», «до 1 декабря», «май») taken into that school year — or said, never left silently without a date."""
from __future__ import annotations

import re
from datetime import date, timedelta

from etl import normalize, periods
from etl.model import Problem

_ASOF = re.compile(r"(?<![а-я])на[\s_]*(\d{1,2}[./]\d{1,2}[./]\d{2,4})", re.IGNORECASE)  # («…_на_01.10.2023.xlsx»)
_DATES = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4}")
_YEAR = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)|(?<!\d)\d{1,2}\.\d{1,2}\.\d{2}(?!\d)")
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s+(" + "|".join(normalize.MONTHS_GENITIVE) + ")")
_QUARTER = re.compile(r"(?<![0-9a-zа-я])(iv|i{1,3}|[1-4])\s*-?\s*(?:й|ый|ой|го|ого|е|ое)?\s*"
                      r"кв(?:артал[а-я]*)?(?![а-я])")
_STEMS = ("январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр")
_MONTH = re.compile(r"(?<![а-я])(?:" + "|".join(f"(?P<m{k}>{stem})" for k, stem in enumerate(_STEMS, 1)) + ")[а-я]*")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def as_of(texts: list[str]) -> date | None:
    """The day the report is as of: «по состоянию на 02.10.2023», «на 01.12.2023» in a title or the file name, else
    the last day of the quarter or half-year named («за III квартал 2023 г.» → 30.09.2023); None for a plan."""
    for t in texts:
        m = _ASOF.search(t or "")
        d = normalize.extract_date(m[1]) if m else None
        if d is not None:
            return d
    for t in texts:
        label = periods.parse_period(_DATES.sub(" ", t or ""))
        if label and periods.is_valid(label):
            return periods.period_bounds(label)[1]
    return None


def school_year(texts: list[str], asof: date | None) -> int | None:
    """The first calendar year of the school year a title or the file name names («на 2023/2024 учебный год»,
    «…_2023-2024.xlsx» → 2023), else the one the report's date falls in."""
    for t in texts:
        span = periods.school_year_span(t or "", marked=False)
        if span:
            return span[0].year
    if asof is not None:
        return asof.year if asof.month >= 9 else asof.year - 1
    return None


# a whole school year named without its years («в течение учебного года», «в теч. уч. г.»)
_WHOLE_YEAR = re.compile(r"(в\s+)?теч[а-яё]*\.?\s+(уч\.?|учебн[а-яё]*)\s*(г\.|год)")


def _month_end(y: int, m: int) -> date:
    return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def yearless(text) -> tuple[int, int, int | None] | None:
    """(month, day or 0 for the month's end, or the quarter as -n) of a deadline written without a year («до 1
    декабря» → (12, 1), «май» → (5, 0), «III кв.» → (0, -3)); None when it names a year or no day at all."""
    if not isinstance(text, str):
        return None
    s = text.lower().replace("ё", "е")
    if _YEAR.search(s):
        return None
    m = _DAY_MONTH.search(s)
    if m:
        return normalize.MONTHS_GENITIVE.index(m[2]) + 1, int(m[1])
    m = _QUARTER.search(s)
    if m:
        return 0, -(_ROMAN.get(m[1]) or int(m[1]))
    months = list(_MONTH.finditer(s))  # of «сентябрь–декабрь» the last
    if months:
        return int(months[-1].lastgroup[1:]), 0
    return None


def in_school_year(said: tuple[int, int], first: int, preparing: bool = False) -> date | None:
    """The day a yearless deadline names in the school year starting in `first` (September–December in it, January–
    August in the next); `preparing`: an August before the year's measures (the plan's first rows: «август», «до 25
    августа» in a plan for 2023/2024 approved in August 2023) is the August the year starts after."""
    month, day = said
    if month == 0:  # a quarter: III and IV in the first year, I and II in the next
        q = -day
        y = first if q >= 3 else first + 1
        return _month_end(y, 3 * q)
    y = first if month >= 9 or (month == 8 and preparing) else first + 1
    try:
        return date(y, month, day) if day else _month_end(y, month)
    except ValueError:
        return None


def deadlines(st) -> None:
    """Deadlines of the records (`st.out`): parsed, a yearless one taken into the school year of the title (said), or
    said when there is none; the report's date kept with every record (`as_of`)."""
    texts = [*st.titles, st.name]
    asof = as_of(texts)
    named = school_year(texts, None)
    first = named or school_year(texts, asof)
    out = st.out
    out["deadline"] = [periods.deadline_of(t) if t else None for t in out["deadline_text"]]
    out["as_of"] = [asof] * st.n
    taken, unknown, undated = [], [], []
    started = False  # a measure of the school year itself above (a deadline from September on)
    for i, (t, d) in enumerate(zip(out["deadline_text"], out["deadline"])):
        if d is None and first and isinstance(t, str) and _WHOLE_YEAR.search(t.lower()):
            out["deadline"][i] = date(first + 1, 8, 31)  # «в течение уч. года»: by the school year's end
            taken.append(i)
            continue
        said = yearless(t) if d is None else None
        if said is None:
            started = started or (d is not None and first is not None and d >= date(first, 9, 1))
            if d is None and isinstance(t, str) and t.strip() and t.strip() not in normalize.DASHES:
                undated.append(i)  # «по графику», «ежеквартально»: no day — said
            continue
        out["deadline"][i] = in_school_year(said, first, preparing=not started) if first else None
        started = started or said[0] != 8
        (taken if out["deadline"][i] else unknown).append(i)
    # a date in a General cell reads as its day number («45291»): shown as the executor's Excel showed it
    out["deadline_text"] = [f"{d:%d.%m.%Y}" if t and d and normalize.serial_text_date(t) else t
                            for t, d in zip(out["deadline_text"], out["deadline"])]
    if taken:
        _said(st, taken, "deadline_year_assumed",
              f"Срок указан без года — отнесён к {first}/{first + 1} учебному году ("
              + ("он назван в заголовке или имени файла" if named else f"отчёт — на {asof:%d.%m.%Y}") + ")",
              "Если срок в другом году, впишите год в срок (например, «сентябрь 2024»)")
    if undated:
        _said(st, undated, "deadline_undated", "Срок не называет дня: мероприятие не попадёт в «просрочено»",
              "Если у мероприятия есть срок, впишите его датой, месяцем или кварталом (например, «до 01.12.2023»)")
    if unknown:
        _said(st, unknown, "deadline_without_year",
              "Срок указан без года, а учебный год не назван ни в заголовке, ни в имени файла: дата срока не "
              "определена, мероприятие не попадёт в «просрочено»",
              "Впишите год в срок (например, «сентябрь 2023») или учебный год в заголовок («на 2023/2024 учебный "
              "год»)")


def _said(st, records: list[int], rule: str, message: str, hint: str) -> None:
    """One warning naming the rows and what they say."""
    rows = ", ".join(f"{st.source_row[i]} («{st.out['deadline_text'][i]}»"
                     + (f" → {st.out['deadline'][i]:%d.%m.%Y})" if st.out["deadline"][i] else ")") for i in records)
    word = "строка" if len(records) == 1 else "строки"
    st.problems.append(Problem(st.name, st.source_sheet[records[0]], None,
                               st.labels[records[0]].get("deadline_text", "срок"), None, rule,
                               f"{message}: {word} {rows}", hint, "warning"))


def statuses_missing(st) -> None:
    """Items of an execution report (some statuses given) with none of their own — an empty cell, «-» beside «будет
    представлена позднее» —: said once, naming the rows; on the pages they are «не указан»."""
    status = st.out.get("status") or []
    if st.kind != "roadmap" or not any(status):
        return
    bad = [i for i, s in enumerate(status) if s is None and i not in st.bad]
    if not bad:
        return
    raw = st.cols.get("status") or [None] * st.n
    rows = ", ".join(f"{st.source_row[i]}" + (f" («{raw[i]}»)" if raw[i] not in (None, "") else "") for i in bad)
    st.problems.append(Problem(st.name, st.source_sheet[bad[0]], None, st.labels[bad[0]].get("status", "статус"),
                               None, "status_not_given",
                               f"Статус исполнения не указан: {'строка' if len(bad) == 1 else 'строки'} {rows} — на "
                               "странице их статус — «не указан»",
                               "Укажите статус: выполнено, в работе, не выполнено или не начато", "warning"))
