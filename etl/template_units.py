"""Municipalities a form names without a single figure: the rows of a regional template left as they were (each
municipality filters its own rows and fills them; the others stay names only). Loaded, they would replace those
municipalities' real forms with schools that have done nothing; they are dropped and said. A form with no figure
at all is refused."""
from __future__ import annotations

from etl import normalize
from etl.model import Problem
from etl.staged import Staged
from etl.textru import plural, some_of

# fields that name a record rather than report on it
_NAMING = frozenset({"municipality", "school_name", "school_inn", "item_no", "section", "period"})


def empty_units(st: Staged) -> list[int]:
    """The records of the municipalities none of whose rows holds anything but names (said), when some other
    municipality's rows do; a form where no row holds anything is refused (an error)."""
    munis = st.out.get("municipality")
    fields = [f for f in st.cols if f not in _NAMING and len(st.cols[f]) == st.n]
    if not munis or not fields or st.kind not in ("readiness", "agreements", "events"):
        return []
    blank = list(range(st.n))  # rows with nothing but names, narrowed field by field (a record drops out early)
    for f in fields:
        col = st.cols[f]
        if len(blank) == st.n and None not in col and "" not in col:
            return []  # (one C-level pass: a field filled on every row)
        blank = [i for i in blank if normalize._empty(col[i])]
        if not blank:
            return []
    is_blank = set(blank)
    filled = {munis[i] for i in range(st.n) if i not in is_blank}
    if not filled:
        st.problems.append(Problem(st.name, st.source_sheet[0], None, None, None, "form_not_filled",
                                   "В форме у всех строк заполнены только наименования — ни одной графы с данными: "
                                   "загружать нечего (форма заменила бы прежние данные пустыми)",
                                   "Заполните графы формы и загрузите её снова"))
        return []
    empty = [m for m in dict.fromkeys(munis) if m is not None and m not in filled]
    if not empty:
        return []
    rows = [i for i, m in enumerate(munis) if m in empty]
    counts = {m: munis.count(m) for m in empty}
    said = [f"{m} ({n} {plural(n, 'строка', 'строки', 'строк')})" for m, n in counts.items()]
    st.problems.append(Problem(st.name, st.source_sheet[rows[0]], None, None, None, "unit_not_filled",
                               f"Строки без данных не загружены: {some_of(said, 5)} — у этих муниципалитетов не "
                               "заполнена ни одна графа (строки шаблона); их данные в системе не меняются",
                               "Если эти муниципалитеты должны быть в форме, заполните их строки", "warning"))
    return rows
