"""Rows under a header that label the rows or columns they stand over: a numbered section written in two cells
(«1. | Городской округ Химки», etl/row_judge.py) and a row of the events' dates under their names (etl/locate.py)."""
from __future__ import annotations

import re
from datetime import date, datetime

from etl.row_rules import SCHOOL_WORDS, DIGITS_RE, SECTION_RE, clean, empty, is_num

R_DATES = "даты проведения мероприятий"


def numbered_section(row: list) -> str | None:
    """The title of a numbered section written in two cells, «1. | Городской округ Химки» (the ordinal a text or a
    number, nothing else filled in the row): a municipality's or a part's block, not a school with no data (a title
    naming a school — «1. | МБОУ СОШ № 1 …» — stays a record)."""
    filled = [v for v in row if not empty(v)]
    if len(filled) != 2 or filled[1].__class__ is not str:
        return None
    no, title = filled
    roman = isinstance(no, str) and re.match(r"^\s*[IVXLC]+\.?\s*$", no)
    if not ((isinstance(no, str) and (DIGITS_RE.match(no) or roman))
            or (is_num(no) and float(no).is_integer() and 0 < no < 1000)):
        return None
    # a part numbered in Roman figures («II. | Кадровое обеспечение» over the indicators: t92) whatever it names
    if not (roman or SECTION_RE.search(title)) or SCHOOL_WORDS.search(title):
        return None
    return clean(title)


_DATES_LABEL = re.compile(r"^\s*(дата|даты|сроки?|время|период)(\s+проведения)?\s*[:.]?\s*$", re.IGNORECASE)


def row_dates(row: list) -> dict[int, object]:
    """A row of the events' dates under their names («дата проведения» | 15.11.2023 | «октябрь 2023»): column ->
    its date as written; {} unless the row holds two dates or more, at most one label saying so and nothing else."""
    from etl.periods import deadline_of

    dates: dict[int, object] = {}
    labels = 0
    for j, v in enumerate(row):
        if empty(v):
            continue
        if isinstance(v, str) and _DATES_LABEL.match(v):
            labels += 1
        elif isinstance(v, (date, datetime)) or (isinstance(v, str) and deadline_of(v)):
            dates[j] = v
        else:
            return {}
    return dates if len(dates) >= 2 and labels <= 1 else {}
