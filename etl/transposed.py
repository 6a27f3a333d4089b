"""A table turned on its side: effectiveness indicators down the first column, municipalities or schools across the
header («Показатель | Химки | Мытищи | Итого»). Read as it stands its figures would land under the wrong names, so
the file is refused with what to do (Excel's «Специальная вставка → Транспонировать», or the form's blank)."""
from __future__ import annotations

from etl import names, periods
from etl.model import Problem, col_letter

HEAD_ROWS = 40  # the rows looked at: a turned table's indicators start near the top


def problem(file: str, sheets, cat) -> Problem | None:
    """The refusal for the first sheet whose table is turned, None when none is."""
    for sheet in sheets:
        rows = sheet.head(HEAD_ROWS)
        for r, row in enumerate(rows):
            texts = [(c, v.strip()) for c, v in enumerate(row) if isinstance(v, str) and v.strip()]
            if len(texts) < 3:
                continue
            c0 = texts[0][0]
            below = [x[c0] for x in rows[r + 1:] if c0 < len(x) and isinstance(x[c0], str) and x[c0].strip()]
            indicators = [v for v in below if cat.indicator(v)]
            units = [v for c, v in texts[1:] if not cat.indicator(v)]
            if len(indicators) >= 2 and len(indicators) * 2 >= len(below) and len(units) >= 2:
                # «Показатель | III кв. 2023 | IV кв. 2023»: not turned, the figures of two periods side by side
                said = {col_letter(c): periods.period_label_ru(p) for c, v in texts[1:] if not cat.indicator(v)
                        and (p := names.period_from_texts([v], None, any_date=False))}
                if len(set(said.values())) > 1:
                    return periods_side_by_side(file, sheet.name, said)
                return refusal(file, sheet.name, r + 1, indicators, units)
    return None


def periods_side_by_side(file: str, sheet: str, said: dict[str, str]) -> Problem:
    """The refusal of one figure's columns for different periods (column letter -> the period it names, in
    Russian)."""
    return Problem(file, sheet, None, None, None, "columns_of_periods",
                   "Один показатель за разные периоды в соседних столбцах (" + "; ".join(
                       f"{c} — {p}" for c, p in said.items()) + ")",
                   "Загрузите каждый период отдельным файлом: в файле — столбцы одного периода")


def refusal(file: str, sheet: str, row: int | None, down: list[str], across: list[str]) -> Problem:
    """The refusal of a turned table: `down` what its first column lists (indicators), `across` what its header
    names (municipalities or schools)."""
    shown = ", ".join(f"«{v}»" for v in down[:2])
    names = ", ".join(f"«{v}»" for v in across[:3])
    return Problem(file, sheet, row, None, None, "turned_table",
                   f"Таблица повёрнута: показатели — в строках ({shown} …), а муниципалитеты или ОО — "
                   f"в столбцах ({names} …)",
                   "Поверните таблицу: выделите её в Excel, «Копировать», затем «Специальная вставка» → "
                   "«Транспонировать» (муниципалитеты или ОО — в строках, показатели — в столбцах), "
                   "или заполните бланк формы (кнопка «Скачать бланки форм» на странице «Загрузка данных»; в командной "
                   "строке — python -m etl forms)")


def municipalities_across(st, sheet, t) -> Problem | None:
    """A table with no municipality column whose header names two municipalities or more («Показатель | Ед. изм.
    | г.о. Химки | г.о. Балашиха»): turned, whatever its other columns."""
    across = [c.header for c in t.columns if st.reg.match(c.header, st.region) is not None]  # (the whole header)
    if len(across) < 2:
        return None
    first = min(c.index for c in t.columns)
    rows = sheet.take(t.data_rows[:HEAD_ROWS])
    down = [v.strip() for row in rows if first < len(row) and isinstance(v := row[first], str) and v.strip()]
    return refusal(st.name, sheet.name, t.header_rows[0] + 1, down or ["…"], across)
