"""A worksheet's XML streamed in ~1 MB pieces (`segments`), and what calamine does not give noticed on the way
(`Notes`): formula errors, formulas, merged ranges, hidden columns and rows, struck-through cells, inline text
cells such as «24.317». The far-cell guard (etl/sheet_guard.py) and the pieces (etl/pieces.py) stream through it."""
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


def col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


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
