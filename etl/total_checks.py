"""A total row («Итого», «Всего по округу») against the records it adds up: the coordinator's own control sum. The
total is never loaded (the pages add the schools up themselves), but a total that differs from its schools means a
school row lost or mistyped: said, with both sums. Its counts are read when the sheet is planned
(etl/total_rows.py), the records' once parsed (`check`, in the step «the rules»)."""
from __future__ import annotations

from etl.model import Problem
from etl.textru import group_digits, plural


def _records_of(st, f: str):
    """(the records giving figure `f`, their values): a field's are all records, an indicator's those of its code."""
    import numpy as np

    if st.kind == "effectiveness":
        at = np.flatnonzero(np.asarray(st.out["indicator_code"], dtype=object) == f)
        vals = np.asarray(st.out["value"], dtype=object)[at]
        return at, np.array([np.nan if v is None else v for v in vals], dtype=np.float64)
    return np.arange(st.n), np.array(st.out[f], dtype=np.float64)  # None → nan


def check(st) -> None:
    """Each total against the records of its sheet above it since the previous total (or, for a total after
    subtotals, all the sheet's records above it; for one written above its schools, those below it up to the
    next total, or all below it): a total that equals none of these is said. A count missing in one of the records
    is no sum."""
    if not st.totals:
        return
    import numpy as np

    rows_all = np.asarray(st.source_row, dtype=np.int64)
    sheets = np.asarray(st.source_sheet, dtype=object)
    marks: dict[str, list[int]] = {}
    for sheet, row, _c, _l, _g in st.totals:
        marks.setdefault(sheet, []).append(row)
    series: dict[tuple, tuple] = {}  # (sheet, figure) -> its records' rows in order, running sums of values, missing
    record_rows: dict[str, np.ndarray] = {}  # sheet -> its record rows, each once

    def running(sheet: str, f: str) -> tuple:
        if (sheet, f) not in series:
            at, vals = _records_of(st, f)
            mine = sheets[at] == sheet
            at, vals = at[mine], vals[mine]
            order = np.argsort(rows_all[at], kind="stable")
            vals = vals[order]
            series[sheet, f] = (rows_all[at][order], np.concatenate([[0], np.cumsum(np.nan_to_num(vals))]),
                                np.concatenate([[0], np.cumsum(np.isnan(vals))]))
        return series[sheet, f]

    for sheet, row, counts, labels, group in st.totals:
        if not counts:
            continue
        if sheet not in record_rows:
            record_rows[sheet] = np.unique(rows_all[sheets == sheet])
        rows = record_rows[sheet]
        since = max((m for m in marks[sheet] if m < row), default=0)
        until = min((m for m in marks[sheet] if m > row), default=2**62)
        # the records strictly between
        spans = [(row, until, "под")] if group else \
            [(since, row, "над"), (0, row, "над"), (row, until, "под"), (row, 2**62, "под")]
        spans = [(a, b, where) for a, b, where in spans
                 if np.searchsorted(rows, b, "left") > np.searchsorted(rows, a, "right")]
        if not spans:
            continue
        cs = {f: running(sheet, f) for f in counts}
        sums, given = [], []  # per span: the sums, the figures every record of it gives
        for a, b, _where in spans:
            at = {f: (int(np.searchsorted(cs[f][0], a, "right")), int(np.searchsorted(cs[f][0], b, "left")))
                  for f in counts}
            given.append({f for f in counts if cs[f][2][at[f][1]] == cs[f][2][at[f][0]]})
            sums.append({f: int(round(cs[f][1][at[f][1]] - cs[f][1][at[f][0]])) for f in counts})
        # (a figure some record leaves empty is no sum: the others are checked — a branch with no navigators
        # counted as a school hid the pupils' total from the check, tester round t80)
        told = given[0]
        fits = next((k for k, (ok, s) in enumerate(zip(given, sums))
                     if told <= ok and all(s[f] == counts[f] for f in told)), None) if told else 0
        if fits is not None:  # the figures every record gives add up: those some leave empty, by what they give
            _short(st, sheet, row, group, counts, labels, spans[fits], given[fits], sums[fits], cs)
            continue
        # the span nearest the total is quoted (t87: a «ВСЕГО» after «Итого по мероприятию» was set against the
        # rows after that subtotal only, when it was meant for all)
        k = min((k for k in range(len(spans)) if told <= given[k]),
                key=lambda k: sum(abs(sums[k][f] - counts[f]) for f in told))
        near = sums[k]
        f = next(f for f in counts if f in told and near[f] != counts[f])
        a, b, where = spans[k]
        n = int(np.searchsorted(rows, b, "left") - np.searchsorted(rows, a, "right"))
        st.problems.append(Problem(
            st.name, sheet, row, labels[f], group_digits(str(counts[f])), "total_differs",
            (f"Сумма группы «{group}»" if group else "Итог")
            + f" в строке {row} — {group_digits(str(counts[f]))}, а сумма по {n} "
            f"{plural(n, 'строке', 'строкам', 'строкам')} ОО {where} ней — {group_digits(str(near[f]))}: строка ОО "
            "пропущена или число набрано с ошибкой", "Сверьте итог со строками ОО; итоговая строка не "
            "загружается, на панели числа ОО складываются заново", "warning"))


def _short(st, sheet: str, row: int, group, counts: dict, labels: dict, span: tuple, given: set, sums: dict,
           cs: dict) -> None:
    """A total whose figure the records give only in part — some cells empty — and whose sum is not it (tester round
    t80: «ИТОГО» 620 parents over rows giving 310, the rest empty, said nothing): said, the empty cells counted."""
    import numpy as np

    f = next((f for f in counts if f not in given and sums[f] != counts[f]), None)
    if f is None:
        return
    a, b, where = span
    lo, hi = int(np.searchsorted(cs[f][0], a, "right")), int(np.searchsorted(cs[f][0], b, "left"))
    empty = int(cs[f][2][hi] - cs[f][2][lo])
    st.problems.append(Problem(
        st.name, sheet, row, labels[f], group_digits(str(counts[f])), "total_differs",
        (f"Сумма группы «{group}»" if group else "Итог") + f" в строке {row} — {group_digits(str(counts[f]))}, а "
        f"в строках {where} ней — {group_digits(str(sums[f]))}; в {empty} "
        f"{plural(empty, 'строке', 'строках', 'строках')} графа пуста, а пустая клетка — не ноль и не число: на панели "
        f"будет {group_digits(str(sums[f]))}",
        "Впишите числа в пустые клетки (0 — если никого) или исправьте итог", "warning"))
