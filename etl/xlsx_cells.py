"""Cells of the workbooks the product writes (blank and pre-filled forms, table downloads): a text is written as a
text — «=1+1», «=HYPERLINK(…)» or «=cmd|…» typed in a file never becomes a formula, a link or a command in the
workbook a coordinator or an analyst opens, and the text itself stays exactly as it was (no apostrophe added)."""
from __future__ import annotations


def put(ws, row: int, col: int, value):
    """Write `value` into the cell (row, col) of an openpyxl worksheet; a str as a string, whatever it starts with."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
