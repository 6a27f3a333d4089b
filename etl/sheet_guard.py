"""The far-cell guard of an xlsx worksheet: its XML streamed in pieces (etl/sheet_notes.py, which notices on the way
what calamine does not give), the dense range the reader would build for it found before it is parsed (one far
cell, XFD1048576, would make it allocate the whole sheet)."""
from __future__ import annotations

import re
import zipfile

from etl.sheet_notes import Notes, col_number, segments

_LAST_ROW = re.compile(rb'<row r="(\d+)"')


def _greater_than(r: int) -> str:
    """A regex matching decimal numbers (no leading zeros) greater than r."""
    s = str(r)
    alts = [rf"[1-9]\d{{{len(s)},}}"]
    for i, ch in enumerate(s):
        if ch != "9":
            alts.append(f"{s[:i]}[{int(ch) + 1}-9]" + (rf"\d{{{len(s) - i - 1}}}" if i < len(s) - 1 else ""))
    return "|".join(alts)


def _interesting_cells(r: int) -> re.Pattern:
    """One pass over a worksheet's XML: cells beyond column Z (groups 1, 2: letters, row), cells in a row beyond r
    (group 3), and cells whose reference is missing or unusual — lower case, leading zeros, '$' — (no group:
    calamine still places them, the exact parse decides)."""
    return re.compile(rb'<c(?: r="(?:([A-Z]{2,3})([1-9]\d*)|[A-Z](' + _greater_than(r).encode()
                      + rb'))"|(?! r="[A-Z]{1,3}[1-9]\d*")[\s>/])')


_PREFIXED_CELL = re.compile(rb":c[\s>/]")


# Any cell whose reference is not a plain A1..Z199999 (beyond Z, far rows, no or unusual reference).
_NOT_NARROW = re.compile(rb'<c(?! r="[A-Z](?:[1-9]\d{0,4}|1\d{5})")[\s>/]')


def sheet_extent(z: zipfile.ZipFile, part: str, notes: Notes | None = None) -> tuple[int, int]:
    """(rows, columns) of the dense range calamine will build for a worksheet, found by streaming its XML.

    (0, 0) means «narrow»: every cell carries its reference, in columns A–Z and rows below 200 000, so the
    range is at most 199 999 × 26 cells (~170 MB inside calamine at worst) — bounded, and checked exactly after
    calamine, before anything becomes Python objects. That takes one cheap regular-expression pass; anything
    else (wide sheets, far rows, cells placed by counting, namespace prefixes) gets the full scan.
    `notes` collects formula errors and hidden columns (not for sheets whose cells are placed by counting).
    """
    for seg in segments(z, part, notes):
        if not narrow(seg):
            if notes is not None:
                notes.clear()  # the next pass streams the sheet again from its start
            return _sheet_extent_refs(z, part, notes)
    return 0, 0


def narrow(seg: bytes) -> bool:
    """A piece of worksheet XML whose every cell carries a plain reference in A1..Z199999 (no namespace prefix)."""
    return not (_PREFIXED_CELL.search(seg) or _NOT_NARROW.search(seg))


def _sheet_extent_refs(z: zipfile.ZipFile, part: str, notes: Notes | None = None) -> tuple[int, int]:
    """(rows, columns) of calamine's dense range for a worksheet, from the cell references.

    Only a cell's own reference places it (<c r="XFD1048576"> inside <row r="1"> lands in row 1048576), so this
    reads cell references only: one regular expression matching just the cells beyond column Z or beyond the
    last row seen so far (columns A–Z count up to the last letter present). Cells without a leading reference or
    with a namespace prefix take the exact streaming parse.
    """
    max_row = max_col = 0
    letter = 0  # the last of the columns A–Z holding a cell (a cheap search per piece, from Z down)
    for seg in segments(z, part, notes):
        for k in range(26, letter, -1):
            if b'<c r="' + bytes([64 + k]) in seg:
                letter = k
                break
        if _PREFIXED_CELL.search(seg):
            if notes is not None:
                notes.clear()  # cells placed by counting: references cannot say where the errors are
            return sheet_extent_exact(z, part)
        i = seg.rfind(b"<row r=")
        if i >= 0:
            m = _LAST_ROW.match(seg, i)
            if m:
                max_row = max(max_row, int(m.group(1)))
        for letters, row, far in _interesting_cells(max_row).findall(seg):
            if letters:
                max_col = max(max_col, col_number(letters))
                max_row = max(max_row, int(row))
            elif far:
                max_row = max(max_row, int(far))
            else:
                if notes is not None:
                    notes.clear()
                return sheet_extent_exact(z, part)
    return max_row, max(max_col, letter)


def sheet_extent_exact(z: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """Cell positions as calamine assigns them (r attributes, else counting), streaming with bounded memory."""
    import xml.etree.ElementTree as ET

    ref = re.compile(r"([A-Za-z]+)(\d+)$")  # calamine accepts lower case and leading zeros
    max_row = max_col = 0
    row = col = -1
    with z.open(part) as f:
        for ev, el in ET.iterparse(f, events=("start", "end")):
            tag = el.tag.rsplit("}", 1)[-1]
            if ev == "start":
                if tag == "row":
                    r = el.get("r")
                    row = int(r) - 1 if r and r.isdigit() else row + 1
                    col = -1
                elif tag == "c":
                    r = ref.match(el.get("r") or "")
                    if r:
                        col = col_number(r.group(1).upper().encode()) - 1
                        rr = int(r.group(2)) - 1
                    else:
                        col += 1
                        rr = row
                    max_row = max(max_row, rr + 1)
                    max_col = max(max_col, col + 1)
            elif tag == "row":
                el.clear()
    return max_row, max_col
