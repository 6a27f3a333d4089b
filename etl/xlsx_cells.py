"""Cells of the workbooks the product writes (blank and pre-filled forms, table downloads): a text is written as a
text — «=1+1», «=HYPERLINK(…)» or «=cmd|…» typed in a file never becomes a formula, a link or a command in the
workbook a coordinator or an analyst opens, and the text itself stays exactly as it was (no apostrophe added)."""
from __future__ import annotations


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def put(ws, row: int, col: int, value):
    """Write `value` into the cell (row, col) of an openpyxl worksheet; a str as a string, whatever it starts with
    (one that starts like a formula is also marked as typed text, Excel's «'» prefix: editing the cell later does
    not turn it into a formula either)."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        as_text(cell)
    return cell


def as_text(cell) -> None:
    """A cell holding a str kept a string: marked as typed text when it starts like a formula."""
    cell.data_type = "s"
    if cell.value.startswith(FORMULA_START):
        cell.quotePrefix = True


def put_row(ws, row: int, values) -> None:
    """`put` each value of a row, from column A."""
    for col, value in enumerate(values, start=1):
        put(ws, row, col, value)
