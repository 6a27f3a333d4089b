"""What the platforms' exports share (etl/bvb.py: the «Билет в будущее» pupils' export; etl/course.py: the course
«Россия — мои горизонты»): a count cell that is no number, a column of numbers the export does not know (said, never
dropped), one record per school and indicator, the sheet's report."""
from __future__ import annotations

from etl import normalize
from etl.model import Problem
from etl.sheets import column_label
from etl.staged import SheetReport, Staged


def not_a_number(v) -> bool:
    """A count cell that is no number: text («н/д», «два», «1,5»); an empty cell and a dash read as 0."""
    n, error = normalize.parse_int(v)
    return error is not None or (n is None and not normalize._empty(v))


_NUMBERING = {"", "п п", "n", "no", "n п п", "номер", "номер п п", "пп"}  # «№ п/п»: the rows' numbers


def unknown_columns(st: Staged, sheet, t, cols: dict[str, int], what: str) -> None:
    """A column of numbers the export's roles do not know: a warning that it is not loaded (never silent)."""
    label = column_label(t)
    for c in t.columns:
        if c.index in cols.values() or normalize.norm_key(c.header) in _NUMBERING:
            continue
        values = [sheet.rows[ri][c.index] for ri in t.data_rows[:200] if c.index < len(sheet.rows[ri])]
        if sum(normalize.parse_int(v)[0] is not None for v in values) >= max(1, len(values) // 2):
            st.problems.append(Problem(st.name, sheet.name, t.header_rows[1] + 1, label(c.index), None,
                                       "unknown_column", f"Столбец с числами не распознан в {what}: его значения "
                                       "не загружаются", "Если это нужный показатель, назовите столбец так, как в "
                                       "выгрузке платформы, и загрузите файл снова", "warning"))


def add_schools(st: Staged, sheet, t, cols, by_school: dict, first_row: dict, bad: dict, codes: list[str],
                role_of) -> list[int]:
    """One record per school and indicator (the municipality and school as written: the next steps read them); a
    school's indicator whose column holds a cell that is not a number carries that cell (row, value) instead, so
    the value step stops the file there. Returns the index of each school's first record."""
    label = column_label(t)
    labels = {"municipality": label(cols["municipality"]), "school_name": label(cols["school"]),
              "value": "число обучающихся по выгрузке"}
    firsts = []
    for (muni, school), acc in by_school.items():
        firsts.append(st.n)
        said = False
        for code in codes:
            rec = {"municipality": muni, "school_name": school, "indicator_code": code, "value": acc[code]}
            row, role = first_row[(muni, school)], role_of(code)
            if (muni, school) not in bad or bad[(muni, school)][1] != role:
                st.add_one(sheet.name, row, labels, rec)
                continue
            if said:  # the same cell spoils the count without the archived pupils: said once, not loaded
                continue
            row, _role, rec["value"] = bad[(muni, school)]
            st.add_one(sheet.name, row, dict(labels, value=label(cols[role])), rec)
            said = True
            if normalize.parse_int(rec["value"]) == (None, None):  # «н/д»: a form's «no data», not here
                st.err(st.n - 1, "value", rec["value"], "bad_int",
                       "Ожидается число: число по ОО складывается из всех строк, без этой ячейки оно неверно",
                       "Впишите число (0, если никого) и загрузите файл снова")
    return firsts


def report(st: Staged, sheet, t, text: str) -> None:
    rep = SheetReport(sheet.name, True, header_rows=(t.header_rows[0] + 1, t.header_rows[1] + 1),
                      data_rows=len(t.data_rows))
    rep.matched = {"platform": text}
    st.reports.append(rep)
