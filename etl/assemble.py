"""Step «take the records»: the rows of one planned sheet become records (etl/staged.py) — a long layout column
by column (one C-level transpose), a wide one (events, partner types or indicators in columns) one record per filled
group (etl/wide_records.py); a field added up from its grades' columns (etl/grade_parts.py);
codes explained in a header decoded, «120/15/8» split into its fields, marked level columns read, the section's
or the sheet's municipality, level and event filled in; formula errors in record cells and hidden record rows
reported."""
from __future__ import annotations

import numpy as np

from etl import (event_repeats, formula_cells, grade_parts, hidden_rows, indicator_units, legend, named_counts,
                 normalize, participant_cells, participants, wide_records, wide_sums)
from etl.plan import SheetPlan
from etl.schema import FIELD_TYPES
from etl.sheet import Cells
from etl.staged import Staged


def records(st: Staged, p: SheetPlan) -> None:
    st.problems.extend(formula_cells.errors(st.name, p.sheet, p.t, p.cmap, p.label))
    st.problems.extend(hidden_rows.warning(st.name, st.kind, p.sheet, p.t))
    start = st.n
    if p.cmap.layout == "wide" and st.kind in ("events", "effectiveness", "agreements"):
        wide_records.records(st, p)
    else:
        _long(st, p)
    formula_cells.without_value(st, p, start)  # a formula never computed: its number is unknown
    event_repeats.note_classes(st, p)  # rows listed by class: no repeats of each other
    if p.cmap.layout == "wide" and st.kind == "events":
        wide_sums.check(st, p)  # the form's «Всего» against the events loaded


# An INN of 10 or 12 digits is read as the text it is (parsed as is), not as a number written back as digits.
_INN_TEXT = "^(?:[0-9]{10}|[0-9]{12})$"


def _long(st: Staged, p: SheetPlan) -> None:
    """Column by column: each field's cells taken from the sheet's Arrow column as distinct values and codes
    (Python values made once per distinct value; a field read straight from its column is parsed so, too)."""
    cmap, t, sheet = p.cmap, p.t, p.sheet
    fields = dict(cmap.fields)
    by_index = {c.index: c for c in t.columns}
    rows = t.data_rows
    at = np.asarray(rows, dtype=np.int64)
    k = len(rows)
    got: dict[int, list] = {}

    def column(i: int) -> list:
        if i not in got:
            got[i] = sheet.cells(i, at).values()
        return got[i]

    split = participant_cells.split(column(cmap.split_participants[0]), cmap.split_participants[1]) \
        if cmap.split_participants else {}
    unknown: list[int] = []
    if cmap.by_category:
        split, unknown = participants.by_category(column(cmap.by_category[0]), column(cmap.by_category[1]))
    start = st.n
    values: dict[str, list | Cells] = {}
    units = indicator_units.unit_column(t, fields) if "indicator_code" in fields else None
    percent_counts: list[int] = []
    for f in st.cols:
        i = fields.get(f)
        lg = legend.legend_of(by_index[i].header) if i is not None else None
        if lg:  # codes explained in the header («1 – базовый, 2 – основной …»)
            vals, undefined = legend.decode(list(column(i)), lg)
            st.coded.extend((start + j, f, code, lg) for j, code in undefined.items())
            values[f] = vals
        elif f == "indicator_code" and units is not None:  # «Охват … | % | 94»: the share, read with its unit
            values[f], percent_counts = indicator_units.named_with_units(column(i), column(units))
        elif f == "partner_type" and p.type_of:  # «2. Договоры с колледжами» over its rows, else by the name
            values[f] = [p.type_of.get(ri, v) for ri, v in zip(rows, column(i))]
        elif f in cmap.named:  # «Педагог-навигатор (ФИО)»: those named
            values[f] = named_counts.count(column(i))
        elif f in cmap.summed:  # «6-9 кл.» + «10-11 кл.»
            values[f] = grade_parts.add([column(j) for j in cmap.summed[f]])
        elif i is not None:
            values[f] = sheet.cells(i, at, _INN_TEXT if FIELD_TYPES.get(f) == "inn" else None)
        elif f in cmap.marks:
            values[f] = _from_marks({value: column(i) for value, i in cmap.marks[f].items()}, k)
        elif f == "level" and p.level_of:
            values[f] = [p.level_of.get(ri) for ri in rows]
        elif f == "event" and p.sheet_event:
            values[f] = [p.sheet_event] * k
        elif f == "school_name" and p.sheet_school:
            values[f] = [p.sheet_school] * k
        elif f in split:
            values[f] = split[f]
        elif f == "municipality" and (p.section_muni or p.sheet_muni is not None):
            values[f] = [p.muni(ri) for ri in rows]
        elif f == "section" and p.section_of:
            values[f] = [p.section_of.get(ri) for ri in rows]
    st.add(sheet.name, rows, p.flabels, values)
    if percent_counts:
        indicator_units.said(st, start, percent_counts, column(fields["indicator_code"]), column(units))
    for j in unknown:  # a count whose category names no group: in no field, so never silently dropped
        cats = column(cmap.by_category[0])
        named = cats[j] if isinstance(cats[j], str) and cats[j].strip() else None
        st.err(start + j, "students", cats[j], "unknown_participants",
               (f"Категория участников «{named}» не распознана" if named else "Не указана категория участников")
               + ": число участников не загружено",
               "Укажите в столбце категории обучающихся, родителей или педагогов (для каждой категории — своя строка)")


def _from_marks(marks: dict[str, list], k: int) -> list[str | None]:
    """The value of each row from its marked column («+», «да», «1», «х» …; «нет», «-» and empty are no mark);
    several marks give «базовый, основной», which the field's parser reports as several values."""
    def marked(v) -> bool:
        return not normalize._empty(v) and normalize.parse_yes_no(v)[0] is not False \
            and not (isinstance(v, str) and v.strip() in normalize.DASHES)

    out = []
    for j in range(k):
        lv = [lvl for lvl, col in marks.items() if marked(col[j])]
        out.append(", ".join(lv) if lv else None)
    return out
