"""A total row («Итого», «Всего по округу») against the records it adds up: the coordinator's own control sum. The
total is never loaded (the pages add the schools up themselves), but a total that differs from its schools means a
school row lost or mistyped: said, with both sums. Its counts are read when the sheet is planned (`collect`), the
records' once parsed (`check`, in the step «the rules»)."""
from __future__ import annotations

from etl import normalize, schema
from etl.model import Problem
from etl.row_rules import BREAKDOWN_RE, GROUP_RE, R_GROUP, R_TOTAL
from etl.textru import group_digits, plural

KINDS = ("readiness", "events")


def collect(st, sheet, t, cmap, label) -> None:
    """The counts of the sheet's total rows, as (sheet, Excel row, {field: count}, {field: column label}); a total
    row without counts («Итого по МБОУ СОШ № 5» over empty cells) still ends the block of the next one."""
    if st.kind not in KINDS:
        return
    fields = {s.field: cmap.fields[s.field] for s in schema.of_kind(st.kind)
              if s.type == "int" and s.field in cmap.fields and cmap.fields[s.field] < sheet.width}
    rows = [(r, why) for r, why in t.skipped if why in (R_TOTAL, R_GROUP)]
    if not fields or not rows:
        return
    for (r, why), row in zip(rows, sheet.take([r for r, _w in rows])):
        said = next((v for v in row if isinstance(v, str) and v.strip()), "")
        if why == R_TOTAL and BREAKDOWN_RE.match(said):  # «в т.ч. на базе ПОО» under an event: a part of it
            continue
        # a group of schools' name, for the message («Сельские ОО»); None for a total
        group = next((v.strip() for v in row if isinstance(v, str) and GROUP_RE.match(v)), said) \
            if why == R_GROUP else None
        counts = {f: normalize.parse_int(row[c])[0] for f, c in fields.items()}
        counts = {f: v for f, v in counts.items() if v is not None}  # (a total without counts still ends a block)
        # (a group of schools, «Городские ОО», sums those under it: checked against them only)
        st.totals.append((sheet.name, r + 1, counts, {f: label(fields[f]) for f in counts}, group))


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
    orders: dict[str, np.ndarray] = {}  # sheet -> its records in row order
    cums: dict[tuple, tuple] = {}  # (sheet, field) -> running sums of the values and of the missing ones

    def order(sheet: str) -> np.ndarray:
        if sheet not in orders:
            at = np.flatnonzero(sheets == sheet)
            orders[sheet] = at[np.argsort(rows_all[at], kind="stable")]
        return orders[sheet]

    def running(sheet: str, f: str) -> tuple:
        if (sheet, f) not in cums:
            vals = np.array(st.out[f], dtype=np.float64)[order(sheet)]  # None → nan
            cums[sheet, f] = (np.concatenate([[0], np.cumsum(np.nan_to_num(vals))]),
                              np.concatenate([[0], np.cumsum(np.isnan(vals))]))
        return cums[sheet, f]

    for sheet, row, counts, labels, group in st.totals:
        if not counts:
            continue
        rows = rows_all[order(sheet)]
        since = max((m for m in marks[sheet] if m < row), default=0)
        until = min((m for m in marks[sheet] if m > row), default=2**62)
        # the records strictly between
        spans = [(row, until, "под")] if group else \
            [(since, row, "над"), (0, row, "над"), (row, until, "под"), (row, 2**62, "под")]
        spans = [(int(np.searchsorted(rows, a, "right")), int(np.searchsorted(rows, b, "left")), where)
                 for a, b, where in spans]
        spans = [(a, b, where) for a, b, where in spans if b > a]
        if not spans:
            continue
        cs = {f: running(sheet, f) for f in counts}
        sums, whole = [], []
        for a, b, _where in spans:
            whole.append(all(cs[f][1][b] == cs[f][1][a] for f in counts))
            sums.append({f: int(round(cs[f][0][b] - cs[f][0][a])) for f in counts})
        if not whole[0] or any(ok and s == counts for ok, s in zip(whole, sums)):
            continue
        near = sums[0]
        f = next(f for f in counts if near[f] != counts[f])
        n, where = spans[0][1] - spans[0][0], spans[0][2]
        st.problems.append(Problem(
            st.name, sheet, row, labels[f], counts[f], "total_differs",
            (f"Сумма группы «{group}»" if group else "Итог")
            + f" в строке {row} — {group_digits(str(counts[f]))}, а сумма по {n} "
            f"{plural(n, 'строке', 'строкам', 'строкам')} ОО {where} ней — {group_digits(str(near[f]))}: строка ОО "
            "пропущена или число набрано с ошибкой", "Сверьте итог со строками ОО; итоговая строка не "
            "загружается, на панели числа ОО складываются заново", "warning"))
