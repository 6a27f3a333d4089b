"""A total row («Итого», «Всего по округу») against the records it adds up: the coordinator's own control sum. The
total is never loaded (the pages add the schools up themselves), but a total that differs from its schools means a
school row lost or mistyped: said, with both sums. Its counts are read when the sheet is planned (`collect`), the
records' once parsed (`check`, in the step «the rules»)."""
from __future__ import annotations

import re

from etl import normalize, schema
from etl.model import Problem
from etl.row_rules import ANOTHER_TIME, BREAKDOWN_RE, GROUP_RE, R_BREAKDOWN, R_GROUP, R_TOTAL
from etl.textru import group_digits, plural, some_of

KINDS = ("readiness", "events", "effectiveness")
# a total of another time, for comparison: not the sum of these records
_ANOTHER_TIME = re.compile(r"\bаппг\b|" + ANOTHER_TIME, re.IGNORECASE)


def collect(st, sheet, t, cmap, label) -> None:
    """The counts of the sheet's total rows, as (sheet, Excel row, {field: count}, {field: column label}); a total
    row without counts («Итого по МБОУ СОШ № 5» over empty cells) still ends the block of the next one."""
    if st.kind not in KINDS:
        return
    fields = _counted(st.kind, cmap, sheet.width)
    rows = sorted((r, why) for r, why in t.skipped if why in (R_TOTAL, R_GROUP, R_BREAKDOWN))
    if not rows:
        return
    parts, last = [], None  # «в т.ч. с ОВЗ», «в т.ч. филиал п. Новогорск»: a part of the row above, said (t79)
    for (r, why), row in zip(rows, sheet.take([r for r, _w in rows])):
        said = next((v for v in row if isinstance(v, str) and v.strip()), "")
        if BREAKDOWN_RE.match(said) and not GROUP_RE.match(said) and (why == R_TOTAL or last == r - 1):
            parts.append(f"{r + 1} «{said.strip()}»")
            last = r  # (the next «в т.ч. …» under it: read as a breakdown of a total, one more part)
        if why == R_BREAKDOWN:
            continue
        if not fields or why == R_TOTAL and (BREAKDOWN_RE.match(said) or _ANOTHER_TIME.search(said)):
            continue  # «в т.ч. на базе ПОО» under an event: a part of it; «Итого за III кв. 2023 (для сравнения)»
        # a group of schools' name, for the message («Сельские ОО»); None for a total
        group = next((v.strip() for v in row if isinstance(v, str) and GROUP_RE.match(v)), said) \
            if why == R_GROUP else None
        # (a field summed from its grades' columns, «6-9 кл.» | «10-11 кл.»: the total's sum of them too — t80: its
        # «6-9 кл.» alone was compared with the schools' grades 6–11, «строка ОО пропущена»)
        counts = {f: _total(row, cmap.summed.get(f) or [c]) for f, c in fields.items()}
        counts = {f: v for f, v in counts.items() if v is not None}  # (a total without counts still ends a block)
        # (a group of schools, «Городские ОО», sums those under it: checked against them only)
        st.totals.append((sheet.name, r + 1, counts, {f: label(fields[f]) for f in counts}, group))
    if parts:
        st.problems.append(Problem(
            st.name, sheet.name, None, None, None, "category_not_counted",
            f"{'Строка' if len(parts) == 1 else 'Строки'} {some_of(parts, 6)} — «в т.ч. …», часть строки над "
            f"{'ней' if len(parts) == 1 else 'ними'}: не {'загружена' if len(parts) == 1 else 'загружены'} (иначе "
            f"{'её' if len(parts) == 1 else 'их'} числа были бы учтены дважды)",
            "Если это отдельная запись, впишите её без «в т.ч.»", "warning"))


def _total(row: list, cols: list[int]) -> int | None:
    """A total row's count over one column, or the sum over a field's grade columns (None when one is empty)."""
    vals = [normalize.parse_int(row[c])[0] if c < len(row) else None for c in cols]
    return None if None in vals else sum(vals)


def _counted(kind: str, cmap, width: int) -> dict[str, int]:
    """The counts a total row adds up, each with its column: the form's count fields, or in a wide effectiveness
    form the indicators counting people or things (a share is no sum)."""
    if kind == "effectiveness":
        units = schema.indicator_units()
        return {code: i for code, i in (cmap.wide_groups if cmap.layout == "wide" else ())
                if isinstance(i, int) and i < width and units.get(code) != "%"}
    return {s.field: cmap.fields[s.field] for s in schema.of_kind(kind)
            if s.type == "int" and s.field in cmap.fields and cmap.fields[s.field] < width}


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
        near = sums[0]
        f = next(f for f in counts if f in told and near[f] != counts[f])
        a, b, where = spans[0]
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
