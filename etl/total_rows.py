"""The total rows of a planned sheet (the step «plan a sheet»): the counts each holds, for etl/total_checks.py to
check against the records once they are parsed, and the «в т.ч. …» rows under a record said when left out."""
from __future__ import annotations

import re

from etl import normalize, schema
from etl.model import Problem
from etl.row_rules import ANOTHER_TIME, BREAKDOWN_RE, GROUP_RE, R_BREAKDOWN, R_GROUP, R_TOTAL
from etl.textru import some_of

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
            f"{'Строка' if len(parts) == 1 else 'Строки'} {some_of(parts, 6)} — «в т.ч. …», "
            f"{'' if len(parts) == 1 else 'каждая — '}часть строки над ней: не "
            f"{'загружена' if len(parts) == 1 else 'загружены'} (иначе "
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
