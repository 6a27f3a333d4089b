"""A readiness form's schools with gaps (etl/validate_readiness.py runs these): a row with its name only, a readiness
criterion blank for some schools of a column others filled — counted as not met, and said."""
from __future__ import annotations

from typing import Callable

from etl import reference, schema
from etl.textru import some_of

FIELD_LABELS_RU = schema.FIELD_LABELS_RU
Err = Callable[..., None]


_SCHOOL_DATA = ("level", "responsible_appointed", "plan_approved", "students_total", "students_covered",
                "navigators", "bvb_registered")


def without_data(out: dict[str, list], n: int, err: Err) -> None:
    """A school whose row holds its name only: counted as a school that has done nothing, so said (a row of a school
    that sent nothing, or the rest of a name the reader could not join to the row above)."""
    cols = [out[f] for f in _SCHOOL_DATA if f in out and len(out[f]) == n]
    if not cols or not all(None in c for c in cols):
        return
    for i in range(n):
        if out["school_name"][i] is not None and all(c[i] is None for c in cols):
            err(i, "school_name", out["school_name"][i], "school_without_data",
                "У ОО не заполнена ни одна графа: она учтена как ОО без данных (во всех долях — как не выполнившая)",
                "Заполните графы этой ОО или удалите строку, если ОО в форму не входит", severity="warning")


def criteria_blank(out: dict[str, list], n: int, err: Err) -> None:
    """A readiness criterion left blank for some schools of a column that others filled: counted as not met (so the
    school is not ready), said once per criterion with its rows — never a silent «нет»."""
    rows = out.get("source_row") or list(range(1, n + 1))
    cols = [out[f] for f in _SCHOOL_DATA if f in out and len(out[f]) == n]
    criteria = [(r["column"], out.get(r["column"])) for r in reference.rows("readiness_criteria.csv")]
    for f, col in criteria:
        if not col or len(col) != n or col.count(None) in (0, n):
            continue  # (a criterion the form has not is said by accounting.py; tester round t77: one the form has,
            # left blank for some schools, went unsaid whenever another criterion was missing)
        blank = [i for i, v in enumerate(col) if v is None and out["school_name"][i] is not None
                 and not all(c[i] is None for c in cols)]  # (a row with no data at all is said apart)
        if blank:
            err(blank[0], f, None, "criterion_blank",
                f"Не заполнено «{FIELD_LABELS_RU.get(f, f)}» у {len(blank)} ОО (строк"
                f"{'а' if len(blank) == 1 else 'и'} {some_of([str(rows[i]) for i in blank], 10)}): в доле ОО, "
                "выполнивших критерий (и готовых к реализации профминимума), они учтены как не выполнившие его",
                "Заполните ячейки («да» или «нет»; для педагогов-навигаторов — число)", severity="warning")
