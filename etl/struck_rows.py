"""Rows a coordinator struck through (a closed school, a cancelled agreement): in Excel a struck-through row is a
deleted one. The cell styles whose font is struck are read from an xlsx's styles (etl/sheets_read.py), the cells
carrying them noticed by the guard pass over the worksheet's XML (etl/sheet_guard.py, piece by piece for big
sheets), and a record row whose every filled cell is struck is left out of the table, said in one warning per
sheet. A single struck cell (a corrected figure) changes nothing. Only xlsx: an .xls or .ods keeps its rows."""
from __future__ import annotations

import re
import zipfile

from etl.model import Problem
from etl.row_rules import empty

R_STRUCK = "строка зачёркнута в файле: не загружается"
_STYLES = "xl/styles.xml"
_LISTED = 15  # rows named in the warning; more are counted


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def strike_styles(z: zipfile.ZipFile) -> re.Pattern | None:
    """A regex finding the cells whose style's font is struck through (groups: column letters, row), or None when
    no cell style of the workbook strikes (nearly every file: one search of the styles' text)."""
    import xml.etree.ElementTree as ET

    try:
        info = z.getinfo(_STYLES)
        if info.file_size > 20 * 2**20:
            return None
        data = z.read(info)
        if b"strike" not in data:
            return None
        root = ET.fromstring(data)  # (the container's checks refused DTDs and entities before)
    except Exception:  # noqa: BLE001 - no styles, or unreadable ones: nothing is struck
        return None
    fonts = next((el for el in root if _local(el.tag) == "fonts"), None)
    xfs = next((el for el in root if _local(el.tag) == "cellXfs"), None)
    if fonts is None or xfs is None:
        return None
    struck = {i for i, font in enumerate(fonts) for el in font
              if _local(el.tag) == "strike" and (el.get("val") or "1").lower() not in ("0", "false")}
    ids = [str(i) for i, xf in enumerate(xfs) if xf.get("fontId", "0").isdigit() and int(xf.get("fontId")) in struck]
    if not ids:
        return None
    return re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d*)"[^>]*?\ss="(?:' + "|".join(ids).encode() + rb')"')


def notice(seg: bytes, notes) -> None:
    """The struck cells of a piece of worksheet XML into `notes.struck` (row → columns, 0-based)."""
    from etl.sheet_notes import col_number

    for letters, row in notes.strike.findall(seg):
        notes.struck.setdefault(int(row) - 1, set()).add(col_number(letters) - 1)


def _struck(row: list, struck_cols: set[int], cols: list[int]) -> bool:
    """Every filled cell of the table's columns struck (the number «5» of «№ п/п» in the first column may not be:
    the strike is often drawn from the name on)."""
    filled = [c for c in cols if c < len(row) and not empty(row[c])]
    left = [c for c in filled if c not in struck_cols]
    first = row[cols[0]] if left == [cols[0]] else None
    if isinstance(first, (int, float)) or (isinstance(first, str) and first.strip().rstrip(".").isdigit()):
        left = []
    return len(filled) >= 2 and not left


def drop(st, sheet, t) -> None:
    """Leave the table's struck-through record rows out (with their reason in the sheet's skipped rows) and say
    them once for the sheet."""
    marks = getattr(sheet, "struck", None)
    if not marks:
        return
    candidates = [r for r in t.data_rows if r in marks]
    if not candidates:
        return
    cols = sorted(c.index for c in t.columns)
    gone = {r for r, row in zip(candidates, sheet.take(candidates)) if _struck(row, marks[r], cols)}
    if not gone:
        return
    t.data_rows = [r for r in t.data_rows if r not in gone]
    t.skipped.extend((r, R_STRUCK) for r in sorted(gone))
    rows = sorted(gone)
    named = ", ".join(str(r + 1) for r in rows[:_LISTED]) + (f" … (всего {len(rows)})" if len(rows) > _LISTED else "")
    text = (f"Строка {named} зачёркнута в файле — не загружена" if len(rows) == 1 else
            f"Строки {named} зачёркнуты в файле — не загружены") + " (зачёркнутая строка — удалённая)"
    st.problems.append(Problem(st.name, sheet.name, None, None, None, "struck_rows", text,
                               "Если строка действующая, снимите зачёркивание в Excel и загрузите файл снова",
                               "warning"))
