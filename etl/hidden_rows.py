"""Rows a coordinator hid (closed schools, last year's lines): found in an xlsx worksheet's XML by the guard pass
(etl/sheet_guard.py, piece by piece for big sheets: etl/pieces.py) and in an .xls by xlrd (etl/xls_hidden.py).
A hidden row's cells are the file's data: its records are loaded like the others, and said once per sheet.
Rows hidden by a filter (a view of the data) or inside a collapsed outline group (the rows under a subtotal)
are not said."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from etl.model import Problem

# A hidden row: <row r="8" spans="1:10" hidden="1">; in a collapsed group it also has outlineLevel="1"
_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\shidden="(?:1|true)"[^>]*>')
_ROW_NUMBER = re.compile(rb'\sr="([1-9]\d*)"')
_OUTLINE = re.compile(rb'\soutlineLevel="[1-9]\d*"')
_LISTED = 15  # rows named in the warning; more are counted


def notice(seg: bytes, notes) -> None:
    """The hidden rows of a piece of worksheet XML into `notes` (etl/sheet_notes.Notes), and, once there are any,
    whether the sheet has an autofilter or a table (both come after the rows). One memchr per piece first: cells
    and rows hold no «h» (a search for «hidden=» over a megabyte of «="» costs a hundred times more)."""
    if b"h" in seg and b"hidden=" in seg:
        for tag in _HIDDEN_ROW.findall(seg):
            r = _ROW_NUMBER.search(tag)
            if r and not _OUTLINE.search(tag):
                notes.hidden_rows.add(int(r.group(1)) - 1)
    if notes.hidden_rows:
        notes.filtered = notes.filtered or b"<autoFilter" in seg
        notes.tables = notes.tables or b"<tablePart" in seg


def by_hand(notes, path: Path) -> set[int]:
    """The hidden rows of an xlsx sheet to be said: none when a filter may have hidden them (the sheet's
    autofilter, or a filter set in a table of the workbook)."""
    if not notes.hidden_rows or notes.filtered or (notes.tables and _table_filter(path)):
        return set()
    return set(notes.hidden_rows)


def _table_filter(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(i.filename.startswith("xl/tables/") and i.file_size < 2**20 and b"<filterColumn" in z.read(i)
                       for i in z.infolist())
    except Exception:  # noqa: BLE001 - unsure: say nothing
        return True


def warning(name: str, kind: str | None, sheet, t) -> list[Problem]:
    """One warning for the sheet's records (the table's data rows, not its titles, totals or empty rows) that the
    file hides, naming their Excel rows."""
    rows = sorted(set(t.data_rows) & (getattr(sheet, "hidden_rows", None) or set()))
    if not rows:
        return []
    named = ", ".join(str(r + 1) for r in rows[:_LISTED]) + (f" … (всего {len(rows)})" if len(rows) > _LISTED else "")
    if len(rows) == 1:
        text = f"Строка {named} скрыта в файле (в Excel её не видно) — загружена, как и остальные"
        what = "закрытая или лишняя ОО, удалите эту строку" if kind == "readiness" else "лишняя строка, удалите её"
    else:
        text = f"Строки {named} скрыты в файле (в Excel их не видно) — загружены, как и остальные"
        what = "закрытые или лишние ОО, удалите эти строки" if kind == "readiness" else "лишние строки, удалите их"
    # a warning of the sheet (no row of its own): the upload page shows it above the preview, as the sheet's others
    return [Problem(name, sheet.name, None, None, None, "hidden_rows", text,
                    f"Если это {what} из формы и загрузите её снова", "warning")]
