"""Rows that add up the rows above them (step «the rules»): a total whose label says no «Итого» — «По округу в
целом», «И Т О Г О :», «Σ», «г.о. Клин, всего». Loaded, each counted the schools twice with no word. A row is a
total by what it holds: every count it gives equals the sum of the same count over the rows above it (since the last
total, or the last total row the labels told), two rows at least; a row naming a school is one only when its label
says so too («всего», «итого», «в целом») — then it may add up just the rows above it. Dropped as totals, said in a
warning. (A school's own row beside rows of its name and a building or an address — «Лицей «Дубна» (всего по
комплексу)» over «Лицей «Дубна», корпус 1» — was taken as the school, its parts left out, when the sheet was
planned: etl/school_wholes.py. Rows of other names under it are schools: here it is their total.)

Vectorised over the rows' running sums: a form of 100 000 schools costs a few milliseconds (candidates by one count
first, each then checked by all its counts and its label)."""
from __future__ import annotations

import re

import numpy as np

from etl import row_sums
from etl.model import Problem
from etl.row_sums import Lazy
from etl.row_rules import R_SUMMARY, R_TOTAL, SCHOOL_WORDS
from etl.summary_rows import STAT_PATTERN
from etl.textru import some_of

# a label saying it adds up, wherever in it (a spaced «И Т О Г О», «…, всего», «(всего по комплексу)», «в целом»)
TOTAL_WORDS = re.compile(r"\b(итог\w*|всего|в\s+целом|сумм\w*|совокупн\w*)\b|и\s+т\s+о\s+г\s+о|в\s+с\s+е\s+г\s+о|σ|∑",
                         re.IGNORECASE)
KINDS = ("readiness", "effectiveness", "events")
PARTS_MAX = 12  # the most rows just above a school's «всего по комплексу» taken for its buildings
# a figure of another time (the readiness and effectiveness forms' rows: by name when the sheet is planned)
_ANOTHER_FIGURE = re.compile(STAT_PATTERN, re.IGNORECASE)


def found(st) -> dict[int, str]:
    """The records of rows that add up the rows above them (record index → R_TOTAL), and of an events form's
    «Справочно: АППГ» rows with no event (→ R_SUMMARY); said in a warning each."""
    if st.kind not in KINDS or not st.n:
        return {}
    events = st.cols.get("event") if st.kind == "events" else None
    if events is not None:  # rows with no event only: an event's row is an event (a total names none)
        ev = np.asarray(events, dtype=object)
        loose = np.flatnonzero((ev == None) | (ev == ""))  # noqa: E711 (elementwise)
        if not len(loose):
            return {}
    keys, made = row_sums.figures(st)
    if not keys:
        return {}
    names = st.cols.get("school_name") or [None] * st.n
    sheets = np.asarray(st.source_sheet, dtype=object)
    rows = np.asarray(st.source_row, dtype=np.int64)
    drop: dict[int, str] = {}
    said: dict[str, list] = {"total": [], "other": []}
    for sheet in dict.fromkeys(st.source_sheet):
        mine = sheets == sheet
        figs = Lazy(lambda f: row_sums.by_row(rows, *row_sums.of_sheet(made[f], mine)))
        marks = sorted(r for s, r, *_rest in st.totals if s == sheet)
        free = np.unique(rows[loose[mine[loose]]]) if events is not None else None  # rows with no event
        for row, why in _sheet(st, figs, keys, marks, rows, mine, names, events, free):
            recs = np.flatnonzero(mine & (rows == row)).tolist()
            drop.update((i, R_TOTAL if why == "total" else R_SUMMARY) for i in recs)
            said[why].append((sheet, row, _label(names, recs)))
    _say(st, said)
    return drop


def _label(names: list, recs: list[int]) -> str:
    return next((names[i].strip() for i in recs if isinstance(names[i], str) and names[i].strip()), "")


def _sheet(st, figs: Lazy, keys: list[str], marks: list[int], rows, mine, names: list, events, free):
    """(Excel row, "total" | "other") of one sheet's rows that are no records, in order."""
    f0 = next((f for f in keys if len(figs[f][0])), None)  # candidates by the figure most rows give
    if f0 is None:
        return []
    r, cs = figs[f0]
    v = np.diff(cs)
    pos = np.arange(len(r))
    at_mark = np.asarray(marks, dtype=np.int64)
    last_mark = np.where(np.searchsorted(at_mark, r) > 0, at_mark[np.maximum(np.searchsorted(at_mark, r) - 1, 0)],
                         0) if len(at_mark) else np.zeros(len(r), np.int64)
    suffix = np.zeros(len(r), bool)  # equal to the sum of the 2 … PARTS_MAX rows just above
    for k in range(2, min(PARTS_MAX, len(r) - 1) + 1):
        suffix[k:] |= v[k:] == cs[k:-1] - cs[:-k - 1]
    loose = np.isin(r, free) if free is not None else np.zeros(len(r), bool)  # (an events form: rows with no event)
    b0, found_rows = 0, []
    while True:
        lo_all = np.searchsorted(r, b0, "right")
        lo_mark = np.searchsorted(r, np.maximum(last_mark, b0), "right")
        whole = ((pos - lo_all >= 2) & (cs[pos] - cs[lo_all] == v)) | ((pos - lo_mark >= 2) & (cs[pos] - cs[lo_mark]
                                                                                                 == v))
        cand = np.flatnonzero((r > b0) & (((v != 0) & (whole | suffix)) | loose))
        hit = next((j for j in cand.tolist() if (why := _judge(figs, keys, r, j, b0, last_mark[j], rows, mine, names,
                                                                events))), None)
        if hit is None:
            return found_rows
        found_rows.append((int(r[hit]), why))
        b0 = int(r[hit])


def _judge(figs: Lazy, keys: list[str], r, j: int, b0: int, mark: int, rows, mine, names: list, events) -> str | None:
    """Whether row r[j] is no record: "total" (its counts add up a span above it, its label no school's unless it
    says so), "other" (an events form's «Справочно: АППГ» with no event), else None."""
    row = int(r[j])
    recs = np.flatnonzero(mine & (rows == row)).tolist()
    if events is not None and any(isinstance(events[i], str) and events[i].strip() for i in recs):
        return None  # an event's row is an event (a total names none)
    label = _label(names, recs)
    if events is not None and label and _ANOTHER_FIGURE.match(label):
        return "other"
    worded = bool(label) and bool(TOTAL_WORDS.search(label))
    if label and SCHOOL_WORDS.search(label) and not worded:
        return None
    spans = [b0, max(b0, int(mark))] + ([int(r[j - k - 1]) for k in range(2, min(PARTS_MAX, j - 1) + 1)]
                                         if worded else [])
    return "total" if any(row_sums.adds_up(figs, keys, row, lo) for lo in spans) else None


def _say(st, said: dict[str, list]) -> None:
    for why, rows in said.items():
        if not rows:
            continue
        one = len(rows) == 1
        shown = some_of([f"{row} «{label}»" if label else str(row) for _s, row, label in rows], 5)
        st.problems.append(Problem(  # (no row: the rows dropped take their problems with them)
            st.name, rows[0][0], None, None, None, "sum_rows" if why == "total" else "summary_rows",
            f"{'Строка' if one else 'Строки'} {shown}: числа равны сумме строк выше — это итог, "
            f"{'она не загружена' if one else 'они не загружены'} (на панели числа складываются заново)"
            if why == "total" else f"{'Строка' if one else 'Строки'} {shown} — не участие в мероприятии (сводная "
            f"строка таблицы): не {'загружена' if one else 'загружены'}",
            "Если это не итог, проверьте числа строки: они совпали с суммой строк над ней" if why == "total" else
            "Если это мероприятие, впишите его название в столбец мероприятия", "warning"))
