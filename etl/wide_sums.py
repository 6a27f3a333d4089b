"""A form with a column per event often has its own «Всего» column: the coordinator's control sum of the events'
participants in the row. It is never loaded (the pages add the events up), but a row whose «Всего» differs from the
sum of the events loaded means an event column read wrongly (a plan, last year's figures) or one left out: said, with
both sums, so the analyst looks before the figures reach a slide.

`scopes` (etl/wide.py) says what each sum column adds up; `check` (step «take the records») compares row by row."""
from __future__ import annotations

from etl import normalize
from etl.catalogue import PARTICIPANTS
from etl.model import Problem
from etl.textru import group_digits, plural, some_of

# what a sum column adds up: ("event", its name) — the participants of one event; ("field", f) — one kind of
# participants over every event; ("all", None) — every event column loaded
Scope = tuple[str, str | None]


def scopes(sums: set[int], table, cat, group_totals: dict[str, int]) -> dict[int, Scope]:
    """The scope of each sum column found in a wide events table."""
    of_event = {i: ev for ev, i in group_totals.items()}
    out: dict[int, Scope] = {}
    for idx in sums:
        if idx in of_event:
            out[idx] = ("event", of_event[idx])
            continue
        col = table.column(idx)
        sub = {} if col is None or len(col.parts) < 2 else \
            {f: s for f, s in cat.field_scores("events", col.parts[-1:]).items() if f in PARTICIPANTS}
        out[idx] = ("field", max(sub, key=sub.get)) if sub else ("all", None)
    return out


def _columns(scope: Scope, groups: list, summed: dict[int, list[int]]) -> list[int]:
    """The event columns a sum column adds up; an event's pupils by grades as all their columns (`summed`)."""
    how, what = scope
    return [j for ev, sub in groups for f, i in sub.items()
            if how == "all" or (how == "field" and f == what) or (how == "event" and ev == what)
            for j in summed.get(i, [i])]


def check(st, p) -> None:
    """Each data row's «Всего» against the sum of the event columns it adds up; one warning per sum column."""
    groups = [(ev, sub) for ev, sub in p.cmap.wide_groups if isinstance(sub, dict)]
    for idx, scope in sorted((p.cmap.sums or {}).items()):
        cols = _columns(scope, groups, p.cmap.wide_summed or {})
        if not cols or len(set(cols)) < len(cols):  # (one column of several participants, «40/0/4»: not summed)
            continue
        off: list[tuple[int, int, int]] = []  # (Excel row, the sum written, the sum of the events)
        for ri in p.t.data_rows:
            r = p.sheet.rows[ri]
            total = normalize.parse_int(r[idx] if idx < len(r) else None)[0]
            parts = [normalize.parse_int(r[i] if i < len(r) else None)[0] for i in cols]
            if total is None or all(v is None for v in parts):
                continue
            got = sum(v for v in parts if v is not None)
            if got != total:
                off.append((ri + 1, total, got))
        if off:
            st.problems.append(_warning(st.name, p, idx, cols, off))


def _warning(name: str, p, idx: int, cols: list[int], off: list[tuple[int, int, int]]) -> Problem:
    row, total, got = off[0]
    rows = some_of([str(r) for r, _t, _g in off], 10)
    adds = some_of([p.label(i) for i in cols], 4)
    return Problem(
        name, p.sheet.name, row, p.label(idx), total, "wide_total_differs",
        f"Столбец {p.label(idx)} не равен сумме загружаемых столбцов ({adds}) в {len(off)} "
        f"{plural(len(off), 'строке', 'строках', 'строках')}: {rows} (в строке {row}: {group_digits(str(total))} "
        f"в столбце, {group_digits(str(got))} по мероприятиям)",
        "Проверьте, все ли мероприятия загружены и не попали ли в них плановые или прошлогодние числа; столбец "
        "«Всего» не загружается — панель складывает мероприятия сама", "warning")
