"""What a header row says of each column beside the field it is read as (`HeaderFacts`): hidden, a plan, a total of
a group, grades 6–11, and the time it names — a date, a period, a school year, a year — for choosing between columns
of one figure (the later one; not one after the form's own time: a forecast) and telling alternatives from parts."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from etl.catalogue import header_key


def header_date(text: str) -> date | None:
    """The date a header names, or the last day of the period it names («(II полугодие 2023/24 уч. г.)»)."""
    span = header_span(text)
    return span[1] if span else None


def header_span(text: str) -> tuple[date, date] | None:
    """(first day, last day) of what a header names: a date (both), a period, a school year («(2024/2025 уч. год)»,
    «на начало 2024/25 уч. г.»), a year («2024 год»)."""
    from etl import periods
    from etl.normalize import extract_date

    if not any(ch.isdigit() for ch in text):
        return None
    d = extract_date(text)
    if d is not None:
        return d, d
    label = periods.parse_period(text)
    if label:
        return periods.period_bounds(label)
    span = periods.school_year_span(text, marked=False)
    if span:
        return span
    years = periods.years_named(text)
    return (date(years[0], 1, 1), date(years[0], 12, 31)) if years else None


# «план», «плановое значение» as a sub-header: the planned figure beside the actual one
PLANNED = re.compile(r"^(план|планов[а-я]*|по плану)( значени[а-я]*)?$")


def planned(last: str, header: str) -> bool:
    """A planned figure: its own sub-header says so («план», «плановое значение») or its header does («… (план)»)."""
    return bool(PLANNED.search(header_key(last))) or "(план" in header.lower()


# a group of columns that sums the others («Всего участников», «Итого по всем мероприятиям»), not an event
TOTAL_GROUP = re.compile(r"^\W*(всего|итого|итог|сумма|общ[а-яё]*\s+(?:количество|численность|число))\b",
                         re.IGNORECASE)


# a header naming a document's number («№ приказа о назначении ответственного», «Номер и дата распоряжения»): a
# number under it is that document — for a yes/no field, «да»
DOCUMENT_NUMBER = re.compile(r"(№|номер\w*|реквизит\w*)\s*(и\s+дат\w*\s+)?(приказ|распоряжени|постановлени|"
                             r"локальн\w*\s+акт|документ)", re.IGNORECASE)


@dataclass
class HeaderFacts:
    """What the headers say of each column beside its field: hidden by the file, the date or period it names, a plan
    beside a fact, a «всего» under a group header broken down over columns («Численность обучающихся | 6 кл. | … |
    всего»), pupils of grades 6–11."""
    hidden: set[int]
    dated: dict[int, date | None]
    planned: set[int]
    totals: set[int]
    grades: set[int]
    future: set[int]  # a column of a time after the form's own («2025 год» in a form for IV кв. 2024): a forecast
    numbered: set[int] = field(default_factory=set)  # «№ приказа о назначении …»: a document's number per row

    @classmethod
    def of(cls, table, form_span: tuple[date, date] | None = None) -> "HeaderFacts":
        """`form_span`: the form's period when given or named by the file (else its title's): «2023/2024 |
        2024/2025» in a form given as I кв. 2024 took 2024/2025 when only a title could say (tester round t85)."""
        cols = table.columns
        title = form_span or header_span(str(getattr(table, "title_text", "") or ""))
        spans = {c.index: header_span(c.header) for c in cols}
        return cls(future={i for i, sp in spans.items() if title and sp and sp[0] > title[1]},
                   hidden={c.index for c in cols if getattr(c, "hidden", False)},
                   dated={i: sp[1] if sp else None for i, sp in spans.items()},
                   planned={c.index for c in cols if planned(c.parts[-1] if c.parts else "", c.header)},
                   totals={c.index for c in cols if len(c.parts) > 1 and TOTAL_GROUP.match(c.parts[-1].strip())},
                   grades={c.index for c in cols if " 6 11 " in f" {header_key(c.header)} "},
                   numbered={c.index for c in cols if DOCUMENT_NUMBER.search(c.header)})


def event_day(name: str) -> date | None:
    """The day an event's name dates it by: a date («Урок 14.11.2024»), else the first day of a named month
    («(март 2025)»); None for a name with no date."""
    from etl.normalize import extract_date
    from etl.periods import span_start

    return extract_date(name) or (span_start(name) if _MONTH_YEAR.search(name) else None)


_MONTH_YEAR = re.compile(r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*\.?\s+"
                         r"20\d\d", re.IGNORECASE)
