"""Tables as formatted xlsx: title and active filters at the top, Russian headers, number formats; every text is
written as a text (etl/xlsx_cells.py: «=…» stays the text it was, never a formula)."""
from __future__ import annotations

import io
import re
import math
from datetime import date, datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from etl.xlsx_cells import put

# a share as the product writes it everywhere: «93,7 %», a non-breaking space before the sign (Excel's «0.0%» gives
# «93,7%»); the sign outside the quotes still makes Excel show the value × 100
PERCENT_FORMAT = '0.0"\u00a0"%'

HEADER_FILL = PatternFill("solid", fgColor="E8EEF5")


def _cell_value(v):
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, bool):
        return "да" if v else "нет"
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if isinstance(v, (int, float, date, datetime)):
        return v
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return str(v)


def to_xlsx(df: pd.DataFrame, title: str, filters_text: str, percent_cols=(), sheet: str = "Данные",
            fills: pd.DataFrame | None = None) -> bytes:
    """The table as an xlsx file (bytes); `fills`: a colour («#e3f2e1») per cell of `df` (same shape), or None."""
    return to_xlsx_sheets({sheet: df}, title, filters_text, percent_cols, {sheet: fills} if fills is not None else None)


def to_xlsx_sheets(frames: dict[str, pd.DataFrame], title: str, filters_text: str, percent_cols=(),
                   fills: dict[str, pd.DataFrame] | None = None) -> bytes:
    """Several tables, one sheet each (named by the key), each headed by the title and the filters."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, df in frames.items():
        _write_sheet(wb.create_sheet(_sheet_name(sheet)), df, title, filters_text, percent_cols,
                     (fills or {}).get(sheet))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\; a longer one cut at a word, with «…» (not
    «Договоры о сетевом взаимодейств»)."""
    name = re.sub(r"[\[\]:*?/\\«»]", "", name).strip()
    if len(name) > 31:
        name = name[:30].rsplit(" ", 1)[0].rstrip(" ,.;—-") + "…"
    return name or "Данные"


def _write_sheet(ws, df: pd.DataFrame, title: str, filters_text: str, percent_cols=(),
                 fills: pd.DataFrame | None = None) -> None:
    put(ws, 1, 1, title)
    ws["A1"].font = Font(bold=True, size=13)
    put(ws, 2, 1, "Фильтры: " + filters_text)
    put(ws, 3, 1, "Сформировано: " + datetime.now().strftime("%d.%m.%Y %H:%M"))
    ws["A2"].font = ws["A3"].font = Font(italic=True, color="555555")
    head = 5
    cols = list(df.columns)
    for j, c in enumerate(cols, start=1):
        cell = put(ws, head, j, str(c))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [min(60, max(10, len(str(c)) + 2)) for c in cols]
    for i, row in enumerate(df.itertuples(index=False), start=head + 1):
        for j, v in enumerate(row, start=1):
            val = _cell_value(v)
            cell = put(ws, i, j, val)  # a text never a formula
            col = cols[j - 1]
            if col in percent_cols and isinstance(val, (int, float)):
                cell.number_format = PERCENT_FORMAT
            elif isinstance(val, float):
                cell.number_format = "#,##0.0"
            elif isinstance(val, int):
                cell.number_format = "#,##0"
            elif isinstance(val, (date, datetime)):
                cell.number_format = "DD.MM.YYYY"
            if fills is not None and isinstance(colour := fills.iat[i - head - 1, j - 1], str) and colour:
                cell.fill = PatternFill("solid", fgColor=colour.lstrip("#").upper())
            if val is not None:
                widths[j - 1] = min(60, max(widths[j - 1], len(str(val)) + 2))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = w
    ws.freeze_panes = ws.cell(row=head + 1, column=1)
    if len(df):
        ws.auto_filter.ref = f"A{head}:{get_column_letter(len(cols))}{head + len(df)}"

