"""A readiness count broken down over columns by level — «Охвачено профминимумом, чел.» over «базовый уровень |
основной уровень | продвинутый уровень», each school's pupils in the column of its level (tester round t90: read as
level marks alone, the pupils lost with no word): the count is the row's sum, the level the column filled (the marks,
etl/mark_columns.py)."""
from __future__ import annotations

from etl.catalogue import Catalogue
from etl.mark_columns import marks_only

_COUNTS = ("students_covered", "students_total")


def take(m, table, cat: Catalogue, found: dict[str, int], samples: dict[int, list] | None) -> None:
    """`found`: the level -> column of the level marks. When they stand under a header naming a count and hold
    numbers, not marks, that count is their sum (`m.summed`)."""
    cols = sorted(found.values())
    col = table.column(cols[0])
    group = tuple(col.parts[:-1]) if col is not None else ()
    if not group or not samples or any(marks_only(samples.get(i, [])) for i in cols):
        return
    scores = cat.field_scores(m.kind, group)
    f = max((f for f in _COUNTS if scores.get(f, 0) >= 1000), key=lambda f: scores[f], default=None)
    if f is None or f in m.fields:
        return
    m.summed[f] = cols
    m.fields[f] = cols[0]
    m.how[f] = "synonym"
    m.why[f] = f"сумма столбцов по уровням ({', '.join(found)}): у ОО заполнен столбец её уровня"
