"""A count broken down over columns by grades with no «всего» — «Учащиеся 6-9 кл.» | «Учащиеся 10-11 кл.» — whose
parts are apart and together make grades 6–11 exactly: the figure is their sum, taken row by row and said in the
sheet's report. Parts of any other breakdown (some grades missing, overlapping, or no grades at all) stay a question
(etl/column_questions.py): one part alone would be a wrong figure, and a sum of an unknown whole a guess."""
from __future__ import annotations

from etl import normalize
from etl.column_notes import GRADE_FIELDS, grade_range

_COUNTS = GRADE_FIELDS | {"students"}  # the pupils of grades 6–11: the readiness form's, the events' participants


def take(m, table) -> None:
    """The breakdowns of a mapping that are grades 6–11 in parts: summed (`m.summed`), no longer asked about."""
    by = {c.index: c for c in table.columns}
    for f, cols in list(m.breakdown.items()):
        spans = sorted(g for i in cols for g in [grade_range(by[i].parts[-1]) if i in by else None] if g) \
            if f in _COUNTS else []
        if len(spans) != len(cols) or spans[0][0] != 6 or spans[-1][1] != 11 or \
                any(a[1] + 1 != b[0] for a, b in zip(spans, spans[1:])):
            continue
        del m.breakdown[f]
        m.summed[f] = sorted(cols)
        m.fields[f] = min(cols)
        m.why[f] = "сумма столбцов по классам (" + ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in spans) + \
            " кл.): столбца «всего» нет"


def add(columns: list[list]) -> list:
    """The row-by-row sum of the parts' cells: a whole number, None when every part is empty, or the first cell that
    is no number (its row's error says which, when the field is parsed)."""
    out = []
    for cells in zip(*columns):
        got = [normalize.parse_int(v) for v in cells]
        bad = next((v for v, (n, err) in zip(cells, got) if err), None)
        nums = [n for n, _e in got if n is not None]
        out.append(bad if bad is not None else (sum(nums) if nums else None))
    return out
