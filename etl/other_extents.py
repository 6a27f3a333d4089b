"""The extent of ods tables and xlsb worksheets (up to the last cell holding a value), streamed before they are read:
the reader expands repeated cells and records cell by cell."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from etl.sheet_notes import CHUNK, segments

_ODS_TAG = re.compile(rb'<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_ROWS_SPANNED = re.compile(rb'table:number-rows-spanned="(\d+)"')
_ODS_COLS_SPANNED = re.compile(rb'table:number-columns-spanned="(\d+)"')


def ods_extents(z: zipfile.ZipFile, merges: dict[str, list] | None = None) -> list[tuple[str, int, int]]:
    """(table, rows, columns) up to the last repeated cell holding a value, streaming content.xml.

    LibreOffice writes the empty rest of a sheet as one huge repeated row; calamine skips that, but a repeated
    cell or row that holds a value is expanded cell by cell, so it counts.
    `merges` collects each table's merged ranges (calamine gives none for ods): name -> [((r0, c0), (r1, c1))]."""
    import html

    out = []
    name, row, max_r, max_c = "", 0, 0, 0
    rows_rep, col, row_has, row_c = 1, 0, False, 0
    for seg in segments(z, "content.xml"):
        for close, tag, attrs, selfclose in _ODS_TAG.findall(seg):
            if tag == b"table":
                if close:
                    out.append((name, max_r, max_c))
                else:
                    m = _ODS_NAME.search(attrs)
                    name = html.unescape(m.group(1).decode("utf-8", "replace")) if m else ""
                    row = max_r = max_c = 0
                    if merges is not None:
                        merges[name] = []
            elif tag == b"table-row":
                if close:
                    if row_has:
                        max_r, max_c = row + rows_rep, max(max_c, row_c)
                    row += rows_rep
                else:
                    m = _ODS_ROWS.search(attrs)
                    rows_rep, col, row_has, row_c = (int(m.group(1)) if m else 1), 0, False, 0
                    if selfclose:
                        row += rows_rep
            elif not close:
                m = _ODS_COLS.search(attrs)
                rep = int(m.group(1)) if m else 1
                if merges is not None and tag == b"table-cell" and b"-spanned=" in attrs:
                    rs, cs = _ODS_ROWS_SPANNED.search(attrs), _ODS_COLS_SPANNED.search(attrs)
                    rs, cs = (int(rs.group(1)) if rs else 1), (int(cs.group(1)) if cs else 1)
                    if rs > 1 or cs > 1:
                        merges[name].append(((row, col), (row + rs - 1, col + cs - 1)))
                if b"value-type" in attrs or not selfclose:
                    row_has, row_c = True, col + rep
                col += rep
    return out


def xlsb_extent(z: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """(rows, columns) up to the last value cell of an xlsb worksheet, walking its BIFF12 records."""
    import struct

    max_r = max_c = 0
    row = 0
    buf = b""
    pos = 0
    unpack = struct.unpack_from
    with z.open(part) as f:
        while True:
            chunk = f.read(CHUNK)
            buf = buf[pos:] + chunk
            pos = 0
            end = len(buf)
            while True:
                p = pos
                if p >= end:
                    break
                b0 = buf[p]
                p += 1
                rtype = b0 & 0x7F
                if b0 & 0x80:
                    if p >= end:
                        break
                    rtype |= (buf[p] & 0x7F) << 7
                    p += 1
                size = shift = 0
                for _ in range(4):
                    if p >= end:
                        size = -1
                        break
                    b = buf[p]
                    p += 1
                    size |= (b & 0x7F) << shift
                    shift += 7
                    if not b & 0x80:
                        break
                if size < 0 or p + size > end:
                    break
                if rtype == 0 and size >= 4:  # BrtRowHdr
                    row = unpack("<I", buf, p)[0]
                elif 2 <= rtype <= 11 and size >= 4:  # value cells (1 is a blank)
                    max_r = max(max_r, row + 1)
                    max_c = max(max_c, unpack("<I", buf, p)[0] + 1)
                pos = p + size
            if not chunk:
                break
    return max_r, max_c


def xlsb_sheet_name(path: Path, k: int) -> str:
    try:
        import fastexcel

        names = fastexcel.read_excel(str(path) if path.suffix.lower() == ".xlsb" else path.read_bytes()).sheet_names
        return names[k - 1] if k <= len(names) else f"№ {k}"
    except BaseException:  # noqa: BLE001
        return f"№ {k}"
