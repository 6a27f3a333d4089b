"""A «Свод» sheet beside the sheets of the municipalities (the step «find the tables»): left out, since it repeats their
totals — but only when it holds nothing they do not. A figure (a field, an indicator) none of them has, or a
municipality none of them is of, would be lost with no word (tester round t83: «Педагоги … ДПО» only on the «Свод»,
Лобня only on the «Свод»): the file is refused, naming what."""
from __future__ import annotations

from etl import names
from etl.model import Problem
from etl.sheets import column_label

_SHARED = {"municipality", "school_name", "school_inn", "period"}  # what names a row, not a figure


def more_than_details(st, summaries: list, detail: list) -> None:
    """Refuse (a problem each) a summary sheet with a figure or a municipality the detail sheets lack."""
    if not summaries:  # (a workbook of detail sheets only: nothing to compare, nothing read)
        return
    have = set()
    for sheet, t, cmap, _s in detail:
        have |= set(cmap.fields) | set(cmap.marks) | {code for code, _i in cmap.wide_groups if isinstance(code, str)}
        if "indicator_code" in cmap.fields:  # a long sheet: its indicators are in its rows (t92: «not there»)
            names = set(sheet.cells(cmap.fields["indicator_code"], t.data_rows).values())
            have |= {st.cat.indicator(v) for v in names if isinstance(v, str)}
    units = set()
    for sheet, t, cmap, _s in detail:
        units |= _municipalities(st, sheet, t, cmap)
    for sheet, t, cmap, _s in summaries:
        label = column_label(t)
        extra = [(f, i) for f, i in cmap.fields.items() if f not in have and f not in _SHARED]
        if st.kind == "effectiveness":
            extra += [(code, i) for code, i in cmap.wide_groups if isinstance(code, str) and code not in have]
        if extra:
            shown = ", ".join(label(i) for _f, i in extra[:4]) + (" …" if len(extra) > 4 else "")
            st.problems.append(Problem(
                st.name, sheet.name, None, label(extra[0][1]), None, "summary_sheet_more",
                f"Лист «{sheet.name}» не загружается — он повторяет итоги листов муниципалитетов, — но в нём есть "
                f"{shown}, {'которого' if len(extra) == 1 else 'которых'} на этих листах нет: файл не загружен, чтобы "
                "эти числа не пропали",
                "Перенесите эти столбцы на листы муниципалитетов или загрузите лист «" + sheet.name + "» отдельным "
                "файлом"))
        if "municipality" in cmap.fields and units:
            lost = sorted(_municipalities(st, sheet, t, cmap) - units)
            if lost:
                st.problems.append(Problem(
                    st.name, sheet.name, None, label(cmap.fields["municipality"]), None, "summary_sheet_more",
                    f"Лист «{sheet.name}» не загружается — он повторяет итоги листов муниципалитетов, — но в нём есть "
                    f"{', '.join(lost)}: {'у него' if len(lost) == 1 else 'у них'} своего листа нет — файл не "
                    "загружен, чтобы эти числа не пропали",
                    "Добавьте листы этих муниципалитетов или загрузите лист «" + sheet.name + "» отдельным файлом"))


def _municipalities(st, sheet, t, cmap) -> set[str]:
    """The municipalities a sheet is of: its column's, else its name's or title's."""
    if "municipality" in cmap.fields:
        vals = sheet.cells(cmap.fields["municipality"], t.data_rows).values()
        found = {m.municipality for v in set(vals) if isinstance(v, str) and (m := st.reg.match(v, st.region))}
        return found
    m = names.municipality_from_text(st.reg, sheet.name, st.region, cases=True) or \
        names.municipality_from_text(st.reg, t.title_text or "", st.region, cases=True)
    return {m.municipality} if m is not None else set()

