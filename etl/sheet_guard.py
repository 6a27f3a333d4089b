"""The far-cell guard of an xlsx worksheet: its XML streamed in pieces, the dense range the reader would build for it
found before it is parsed (one far cell, XFD1048576, would make it allocate the whole sheet), and what calamine
does not give noticed on the way: formula errors, formulas, merged ranges, hidden columns and hidden rows."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field

from etl import hidden_rows, struck_rows
from etl.number_texts import inline

CHUNK = 1 << 20


@dataclass
class Notes:
    """What the guard pass over a worksheet's XML notices besides its extent: cells holding a formula error,
    hidden columns and rows (calamine gives none of them)."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str | None] = field(default_factory=dict)  # value saved with it, if any
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    number_texts: set[str] = field(default_factory=set)  # inline text cells such as «24.317» (etl/number_texts.py)
    in_head: bool = True  # before <sheetData>: where <cols> says which columns are hidden
    # rows the file hides (0-based), not those of a collapsed outline group; `filtered`: the sheet has an autofilter
    # (its hidden rows are a view of the data), `tables`: it has a table (ListObject), whose filter may hide rows
    hidden_rows: set[int] = field(default_factory=set)
    filtered: bool = False
    tables: bool = False
    # cells whose style strikes their text through (etl/struck_rows.py): the regex of the workbook's struck
    # styles (None: no style strikes), and row → columns found (0-based)
    strike: re.Pattern | None = None
    struck: dict[int, set[int]] = field(default_factory=dict)

    def clear(self) -> None:
        self.errors.clear()
        self.hidden_cols.clear()
        self.formulas.clear()
        self.merged.clear()
        self.number_texts.clear()
        self.hidden_rows.clear()
        self.struck.clear()
        self.in_head = True
        self.filtered = self.tables = False


_LAST_ROW = re.compile(rb'<row r="(\d+)"')


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


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


# Formula errors as a Russian Excel shows them (the file stores the English codes).
FORMULA_ERRORS_RU = {"#DIV/0!": "#ДЕЛ/0!", "#N/A": "#Н/Д", "#REF!": "#ССЫЛКА!", "#VALUE!": "#ЗНАЧ!",
                     "#NAME?": "#ИМЯ?", "#NUM!": "#ЧИСЛО!", "#NULL!": "#ПУСТО!", "#SPILL!": "#ПЕРЕНОС!",
                     "#CALC!": "#ВЫЧИСЛ!", "#GETTING_DATA": "#ПОЛУЧЕНИЕ_ДАННЫХ"}
# A cell holding a formula error: <c r="B7" s="2" t="e"><f>C7/D7</f><v>#DIV/0!</v></c>
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d*)"[^>]*?\st="e"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?'
                         rb'<v>([^<]{1,16})</v>')


def segments(z: zipfile.ZipFile, part: str, notes: Notes | None = None):
    """A worksheet's XML streamed in ~1 MB pieces cut before a '<' (no tag is split between pieces); formula errors
    and hidden columns go into `notes`, if given."""
    tail = b""
    with z.open(part) as f:
        while True:
            chunk = f.read(CHUNK)
            buf = tail + chunk
            if not chunk:
                if buf:
                    _notice(buf, notes)
                    yield buf
                return
            cut = buf.rfind(b"<")
            if cut <= 0:
                tail = buf
                continue
            _notice(buf[:cut], notes)
            yield buf[:cut]
            tail = buf[cut:]


# A cell computed by a formula, with the value saved with it if any: <c r="D7"><f>SUM(D2:D6)</f><v>0</v></c>
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d*)"([^>]*)>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)'
                           rb'(?:<v>([^<]{0,32})[^<]*</v>)?')
_HIDDEN_COL = re.compile(rb'<col\b(?=[^>]*\bhidden="(?:1|true)")[^>]*?\bmin="(\d+)"[^>]*?\bmax="(\d+)"'
                         rb'|<col\b(?=[^>]*\bhidden="(?:1|true)")[^>]*?\bmax="(\d+)"[^>]*?\bmin="(\d+)"')


_MERGE_CELL = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([1-9]\d*):([A-Z]{1,3})([1-9]\d*)"')


def _notice(seg: bytes, notes: Notes | None) -> None:
    """Formula errors, formulas, merged ranges, hidden columns and rows of a piece of worksheet XML, into `notes`.

    Each search is done only when a byte it needs is in the piece (one memchr: `#` for an error value, `f` for
    a formula tag, `m` for a merge) — a piece of plain cells has none of them, and a two-byte search such as
    `<f` over megabytes of markup costs ten times more."""
    if notes is None:
        return
    if notes.in_head:
        end = seg.find(b"<sheetData")
        head = seg if end < 0 else seg[:end]
        notes.in_head = end < 0
        if b"hidden=" in head:
            for lo, hi, hi2, lo2 in _HIDDEN_COL.findall(head):
                lo, hi = int(lo or lo2), int(hi or hi2)
                if 1 <= lo <= hi and hi - lo < 16384:
                    notes.hidden_cols.update(range(lo - 1, hi))
    hidden_rows.notice(seg, notes)
    if notes.strike is not None:
        struck_rows.notice(seg, notes)
    if b"#" in seg and b't="e"' in seg:  # an error value starts with # (#DIV/0!, #N/A …)
        for letters, row, code in _ERROR_CELL.findall(seg):
            notes.errors[(int(row) - 1, col_number(letters) - 1)] = code.decode("ascii", "replace")
    if b"m" in seg and b"<mergeCell " in seg:
        for c0, r0, c1, r1 in _MERGE_CELL.findall(seg):
            notes.merged.append(((int(r0) - 1, col_number(c0) - 1), (int(r1) - 1, col_number(c1) - 1)))
    if b"inlineStr" in seg:
        notes.number_texts.update(inline(seg))
    if b"f" in seg and b"<f" in seg:
        for m in _FORMULA_CELL.finditer(seg):
            value = m.group(4)  # None: saved with no value, never computed (an empty text is a text's value)
            if value == b"" and b't="str"' not in m.group(3):
                value = None
            notes.formulas[(int(m.group(2)) - 1, col_number(m.group(1)) - 1)] = \
                None if value is None else value.decode("utf-8", "replace")


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
