"""Rows that add up the rows above them (step «the rules»): a total whose label says no «Итого» — «По округу в
целом», «И Т О Г О :», «Σ», «г.о. Клин, всего» — or a school's «(всего по комплексу)» over its buildings. Loaded,
each counted the schools twice with no word. A row is a total by what it holds: every count it gives equals the
sum of the same count over the rows above it (all of its sheet's, or those since the last total or group row), two
rows at least; a row naming a school is one only when its label says so too («всего», «итого», «в целом») — then
the rows just above it it adds up may be its buildings. Dropped as totals, said in a warning."""
from __future__ import annotations

import re

from etl import schema
from etl.model import Problem
from etl.row_rules import R_SUMMARY, R_TOTAL, SCHOOL_WORDS
from etl.summary_rows import STAT_PATTERN
from etl.textru import some_of

# a label saying it adds up, wherever in it (a spaced «И Т О Г О», «…, всего», «(всего по комплексу)», «в целом»)
TOTAL_WORDS = re.compile(r"\b(итог\w*|всего|в\s+целом|сумм\w*|совокупн\w*)\b|и\s+т\s+о\s+г\s+о|в\s+с\s+е\s+г\s+о|σ|∑",
                         re.IGNORECASE)
KINDS = ("readiness", "effectiveness", "events")


_ANOTHER_FIGURE = re.compile(STAT_PATTERN, re.IGNORECASE)  # (a figure of another time: the readiness and
# effectiveness forms' rows are taken out by name when the sheet is planned, etl/summary_rows.py)


def _figures(st) -> dict[int, dict[str, float]]:
    """Record index → its counts by figure: a readiness row's counts; an effectiveness record's indicator value
    (counts only: a share adds up to nothing); an events record's participants (summed over the row's events
    when a row has several: the wide form)."""
    out: dict[int, dict[str, float]] = {}
    if st.kind == "effectiveness":
        units = schema.indicator_units()
        for i, (code, v) in enumerate(zip(st.out.get("indicator_code") or [], st.out.get("value") or [])):
            if code and v is not None and units.get(code) != "%":
                out[i] = {code: float(v)}
        return out
    fields = [s.field for s in schema.of_kind(st.kind) if s.type == "int" and s.field in st.out]
    for i in range(st.n):
        got = {f: float(v) for f in fields if (v := st.out[f][i]) is not None and not isinstance(v, bool)}
        if got:
            out[i] = got
    return out


def _text(v) -> str:
    return v.strip() if isinstance(v, str) else ""


def _rows(st, figures: dict[int, dict[str, float]]) -> dict[str, list[tuple[int, list[int], dict, str, bool]]]:
    """Per sheet, its rows in order: (Excel row, its records, its counts, its label — the school's name —, whether it
    names an event)."""
    names, events = (st.cols.get(f) or [None] * st.n for f in ("school_name", "event"))
    by: dict[tuple[str, int], tuple[list[int], dict, list]] = {}
    for i, got in figures.items():
        recs, counts, said = by.setdefault((st.source_sheet[i], st.source_row[i]), ([], {}, ["", False]))
        recs.append(i)
        for f, v in got.items():
            counts[f] = counts.get(f, 0.0) + v
        said[0] = said[0] or _text(names[i])
        said[1] = said[1] or bool(_text(events[i]))
    out: dict[str, list] = {}
    for (sheet, row), (recs, counts, (label, event)) in sorted(by.items()):
        out.setdefault(sheet, []).append((row, recs, counts, label, event))
    return out


def _adds_up(counts: dict, above: list[dict]) -> bool:
    """Every count equals the same count summed over `above` (two rows at least, each giving it), one not zero."""
    if len(above) < 2 or not any(counts.values()):
        return False
    return all(sum(a.get(f, 0.0) for a in above) == v and sum(f in a for a in above) >= 2 for f, v in counts.items())


def found(st) -> dict[int, str]:
    """The records of rows that add up the rows above them: record index → R_TOTAL; said in one warning."""
    if st.kind not in KINDS or not st.n:
        return {}
    marks: dict[str, list[int]] = {}
    for sheet, row, *_rest in st.totals:
        marks.setdefault(sheet, []).append(row)
    drop: dict[int, str] = {}
    said: list[tuple[str, int, str]] = []  # totals
    other: list[tuple[str, int, str]] = []  # figures of another time
    for sheet, rows in _rows(st, _figures(st)).items():
        kept: list[tuple[int, dict]] = []  # (Excel row, counts) of the rows above, records
        for row, recs, counts, label, event in rows:
            if event:  # an event's row is an event (a total names none)
                kept.append((row, counts))
                continue
            if st.kind == "events" and _ANOTHER_FIGURE.match(label):  # «Справочно: АППГ» with no event
                drop.update((i, R_SUMMARY) for i in recs)
                other.append((sheet, row, label))
                continue
            school = bool(label) and bool(SCHOOL_WORDS.search(label))
            worded = bool(label) and bool(TOTAL_WORDS.search(label))
            since = max((m for m in marks.get(sheet, []) if m < row), default=0)
            spans = [[c for r, c in kept], [c for r, c in kept if r > since]]
            if worded:  # a school over its buildings: the rows just above it
                spans += [[c for _r, c in kept[-k:]] for k in range(2, len(kept))]
            if (not school or worded) and any(_adds_up(counts, s) for s in spans):
                drop.update((i, R_TOTAL) for i in recs)
                said.append((sheet, row, label))
                kept = []  # (a total ends its block)
                continue
            kept.append((row, counts))
    one = len(said) == 1
    if said:  # (no row: the rows dropped take their problems with them)
        st.problems.append(Problem(
            st.name, said[0][0], None, None, None, "sum_rows",
            f"{'Строка' if one else 'Строки'} {_shown(said)}: числа равны сумме строк выше — это итог, "
            f"{'она не загружена' if one else 'они не загружены'} (на панели числа складываются заново)",
            "Если это не итог, проверьте числа строки: они совпали с суммой строк над ней", "warning"))
    if other:
        st.problems.append(Problem(
            st.name, other[0][0], None, None, None, "summary_rows",
            f"{'Строка' if len(other) == 1 else 'Строки'} {_shown(other)} — не участие в мероприятии (сводная строка "
            f"таблицы): не {'загружена' if len(other) == 1 else 'загружены'}",
            "Если это мероприятие, впишите его название в столбец мероприятия", "warning"))
    return drop


def _shown(rows: list[tuple[str, int, str]]) -> str:
    return some_of([f"{row} «{label}»" if label else str(row) for _s, row, label in rows], 5)
