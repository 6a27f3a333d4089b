"""The grades a header names («Обучающиеся 6-9 классов», «10–11 кл.») and columns told apart by them or by their own
sub-header under one group: what the column notes, the breakdowns and the wide layouts ask."""
from __future__ import annotations

import re

from etl.header_facts import header_date

GRADE_FIELDS = frozenset({"students_total", "students_covered"})  # the readiness counts of grades 6–11


_GRADES = re.compile(r"(?<!\d)(\d{1,2})(?:\s*[-–—]\s*(\d{1,2}))?\s*(?:-?[а-я]{1,3}\s+)?кл(?:асс|\.|\b)", re.IGNORECASE)


_BARE_GRADES = re.compile(r"^\s*(\d{1,2})(?:\s*[-–—]\s*(\d{1,2}))?\s*$")


def grade_range(text: str, bare: bool = False) -> tuple[int, int] | None:
    """The grades a header names («Обучающиеся 6-9 классов» → (6, 9), «10–11 кл.», «8 кл.»), or None; `bare`: a
    sub-header under an event, where «6-7» or «11» alone names grades too."""
    m = (bare and _BARE_GRADES.match(text)) or _GRADES.search(text)
    if m is None:
        return None
    lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    return (lo, hi) if 1 <= lo <= hi <= 11 else None


def other_grades(table, a: int, b: int) -> bool:
    """Columns a and b of one figure for grades apart («Обучающиеся 6-9 классов» | «Обучающиеся 10-11 классов»):
    parts of it, neither the whole."""
    by = {c.index: c for c in table.columns}
    ra, rb = (grade_range(by[i].parts[-1]) if i in by else None for i in (a, b))
    if ra is None or rb is None or (len(by[a].parts) > 1 and len(by[b].parts) > 1 and  # (another group's grades:
                                     by[a].parts[:-1] != by[b].parts[:-1]):  # «Охвачено | 10-11 кл.», not the pupils)
        return False
    return ra[1] < rb[0] or rb[1] < ra[0]


def siblings(table, a: int, b: int, apart: set[int]) -> bool:
    """Columns a and b under one group header, told apart only by their own sub-header (not a plan beside a
    fact, a hidden one, or two dates)."""
    by = {c.index: c for c in table.columns}
    ca, cb = by.get(a), by.get(b)
    if ca is None or cb is None or len(ca.parts) < 2 or ca.parts[:-1] != cb.parts[:-1]:
        return False
    return a not in apart and b not in apart and header_date(ca.header) == header_date(cb.header)
