"""Read a spreadsheet file (xlsx, xlsm, xls, xlsb, ods, csv) into plain rows, refusing hostile or broken files.

`read_workbook(path, display_name)` returns a `Workbook` of visible sheets whose rows keep absolute positions
(rows[0] is Excel row 1, rows[r][0] is column A). Every file that cannot be read raises `FileRejected` with a
Russian message naming the file and saying what to do. The checks run before anything is materialised, so a
zip bomb, an XML entity bomb or one far cell (XFD1048576) is refused with bounded memory.
"""
from __future__ import annotations

import csv
import io
import itertools
import os
import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from etl import config
from etl.model import FileRejected, Problem
from etl.sheet import Sheet

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ZIP_ENTRIES = 10_000
MAX_RATIO = 100  # uncompressed / compressed, for entries larger than BOMB_ENTRY_BYTES
BOMB_ENTRY_BYTES = 10 * 2**20
PROLOG_BYTES = 64 * 1024  # an XML part must reach its root element within this many bytes
CHUNK = 1 << 20

HINT_CORRUPT = ("Откройте файл в Excel (или LibreOffice), сохраните его как книгу Excel (.xlsx) и загрузите снова")


@dataclass
class _Notes:
    """What the guard pass over a worksheet's XML notices besides its extent: cells holding a formula error and
    hidden columns (calamine gives neither)."""

    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    in_head: bool = True  # before <sheetData>: where <cols> says which columns are hidden

    def clear(self) -> None:
        self.errors.clear()
        self.hidden_cols.clear()
        self.formulas.clear()
        self.merged.clear()
        self.in_head = True


@dataclass
class Workbook:
    name: str  # display name of the file
    sheets: list[Sheet]  # visible sheets, in order


def _reject(name: str, rule: str, message: str, hint: str, sheet: str | None = None, value=None) -> FileRejected:
    return FileRejected(Problem(file=name, sheet=sheet, row=None, column=None, value=value, rule=rule,
                                message=message, hint=hint))


def _corrupt(name: str, detail: str | None = None) -> FileRejected:
    msg = "Файл повреждён или не является таблицей Excel/CSV"
    return _reject(name, "corrupt", msg + (f" ({detail})" if detail else ""), HINT_CORRUPT)


def _mb(n: float) -> str:
    return f"{n:.1f}".replace(".", ",").replace(",0", "") if n < 100 else f"{n:.0f}"


# ---------------------------------------------------------------------------------------------

# The part of a read that materialises the file, after its safety checks: called with a progress callback
# (the fraction of the file read so far, 0…1; called from the reading thread).
Job = Callable[[Callable[[float], None]], Workbook]


def _no_progress(fraction: float) -> None:
    pass


def read_workbook(path, display_name: str | None = None) -> Workbook:
    """Read one file into visible sheets of plain values. Raises FileRejected (Russian) if it cannot."""
    path = Path(path)
    return _checked(path, display_name or path.name)(_no_progress)


class PendingRead:
    """A file being read in the background (see `start_reading`); `result()` gives its Workbook or raises
    FileRejected, exactly as `read_workbook` would; `fraction` says how far the reading is (0…1), for a progress
    bar drawn by the caller's thread (`wait` returns when done, or after a timeout)."""

    def __init__(self, job: Job | None = None, error: BaseException | None = None):
        self._value: Workbook | None = None
        self._error = error
        self._thread = None
        self.fraction = 0.0 if job is not None else 1.0
        if job is not None:
            self._thread = threading.Thread(target=self._run, args=(job,), name="read_workbook")
            self._thread.start()

    def _run(self, job: Job) -> None:
        try:
            self._value = job(self._progress)
        except BaseException as e:  # noqa: BLE001 - handed to the caller by result()
            self._error = e
        self.fraction = 1.0

    def _progress(self, fraction: float) -> None:
        self.fraction = min(max(fraction, self.fraction), 1.0)

    def wait(self, timeout: float) -> bool:
        """True once the reading is over (read or refused)."""
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    def result(self) -> Workbook:
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error
        return self._value


def start_reading(path, display_name: str | None = None) -> PendingRead:
    """`read_workbook`, split: the safety checks (zip bomb, DTD, far cells…) run now, in the caller's thread;
    the spreadsheet itself is then parsed in a background thread (calamine releases the GIL while it parses),
    so the caller can prepare everything else meanwhile. A refusal is kept and raised by `result()`."""
    path = Path(path)
    try:
        job = _checked(path, display_name or path.name)
    except FileRejected as e:
        return PendingRead(error=e)
    return PendingRead(job)


def _checked(path: Path, name: str) -> Job:
    """Run every check that must precede materialising the file; return the job that reads it."""
    try:
        size = path.stat().st_size
    except OSError:
        raise _reject(name, "not_found", "Файл не найден или недоступен для чтения",
                      "Проверьте путь к файлу и права доступа") from None
    if size == 0:
        raise _reject(name, "empty_file", "Файл пустой (0 байт)",
                      "Проверьте, что файл сохранён полностью, и загрузите его снова")
    limit = config.max_file_mb()
    if size > limit * 2**20:
        raise _reject(name, "too_big", f"Файл слишком большой: {_mb(size / 2**20)} МБ при допустимых {_mb(limit)} МБ",
                      "Разделите файл на несколько (например, по муниципалитетам) или удалите лишние листы "
                      "и изображения")
    with open(path, "rb") as f:
        head = f.read(8)
    if head[:4] in ZIP_MAGIC:
        return _read_zip(path, name)
    if head == OLE_MAGIC:
        if _ole_is_encrypted(path):
            raise _password(name)
        return _read_sheets(path, name, None, "xls")
    wb = _read_text(path, name)
    return lambda progress: wb


def _password(name: str) -> FileRejected:
    return _reject(name, "encrypted", "Файл защищён паролем: снимите пароль и загрузите снова",
                   "В Excel: «Файл» → «Сведения» → «Защита книги» → «Зашифровать с использованием пароля», "
                   "удалите пароль и сохраните файл")


# --- zip containers (xlsx, xlsm, xlsb, ods) -----------------------------------------------------

def _bomb(name: str, detail: str) -> FileRejected:
    return _reject(name, "zip_bomb", f"Подозрительно сжатый файл (zip-бомба): {detail}",
                   "Такой файл не может быть обычной формой мониторинга. Откройте его в Excel, "
                   "сохраните заново как .xlsx и загрузите; если файл пришёл по почте — уточните у отправителя")


def _read_zip(path: Path, name: str) -> Job:
    try:
        z = zipfile.ZipFile(path)
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _corrupt(name) from None
    with z:
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _bomb(name, f"в архиве {len(infos)} частей")
        total = sum(i.file_size for i in infos)
        if total > config.max_unpacked_mb() * 2**20:
            raise _bomb(name, f"после распаковки {_mb(total / 2**20)} МБ при допустимых "
                              f"{_mb(config.max_unpacked_mb())} МБ")
        for i in infos:
            if i.file_size > BOMB_ENTRY_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                raise _bomb(name, f"часть «{i.filename}» сжата в {i.file_size // max(i.compress_size, 1)} раз")
            if i.flag_bits & 0x1:
                raise _password(name)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" in names:
            fmt = "xlsx"
        elif "xl/workbook.bin" in names:
            fmt = "xlsb"
        elif "content.xml" in names:
            fmt = "ods"
        else:
            raise _corrupt(name)
        for i in infos:
            if i.filename.lower().endswith((".xml", ".rels", ".vml")) and i.file_size:
                _check_xml_prolog(z, i, name)
        parts = _xlsx_sheet_parts(z, names) if fmt == "xlsx" else None
        limit = config.max_cells()
        merges: dict[str, list] = {}
        if fmt == "ods":
            for table, h, w in _ods_extents(z, merges):
                if h * w > limit:
                    raise _too_many_cells(name, table, h, w)
        elif fmt == "xlsb":
            bins = sorted((n for n in names if n.startswith("xl/worksheets/") and n.endswith(".bin")),
                          key=lambda n: (len(n), n))
            for k, part in enumerate(bins, 1):
                h, w = _xlsb_extent(z, part)
                if h * w > limit:
                    raise _too_many_cells(name, _xlsb_sheet_name(path, k), h, w)
    return _read_sheets(path, name, parts, fmt, merges)


def _check_xml_prolog(z: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    """Refuse DTDs (entity bombs, external entities): the root element must come before any <!DOCTYPE/<!ENTITY."""
    try:
        with z.open(info) as f:
            head = f.read(PROLOG_BYTES)
    except Exception:  # noqa: BLE001 - a broken deflate stream, a bad CRC…
        raise _corrupt(name) from None
    low = head.lower()
    if b"<!doctype" in low or b"<!entity" in low:
        raise _reject(name, "xml_dtd", "Файл содержит подозрительные XML-определения (DOCTYPE/ENTITY): "
                                       "такие файлы не загружаются из соображений безопасности",
                      "Откройте файл в Excel, сохраните заново как .xlsx и загрузите")
    # the root element must start within the prolog window (no megabytes of comments before it)
    if not re.search(rb"<[A-Za-z_]", head) and len(head) == PROLOG_BYTES:
        raise _reject(name, "xml_dtd", "Файл содержит подозрительную XML-часть без данных в начале",
                      "Откройте файл в Excel, сохраните заново как .xlsx и загрузите")


def _xlsx_sheet_parts(z: zipfile.ZipFile, names: set[str]) -> dict[str, str]:
    """Sheet name → its worksheet part (xl/worksheets/sheet1.xml). DTDs were refused before, so ET is safe."""
    import posixpath
    import xml.etree.ElementTree as ET

    out: dict[str, str] = {}
    try:
        if z.getinfo("xl/workbook.xml").file_size > 20 * 2**20:
            return out
        wb = ET.fromstring(z.read("xl/workbook.xml"))
        rels = {}
        if "xl/_rels/workbook.xml.rels" in names and z.getinfo("xl/_rels/workbook.xml.rels").file_size < 20 * 2**20:
            for el in ET.fromstring(z.read("xl/_rels/workbook.xml.rels")):
                target = el.get("Target") or ""
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
                rels[el.get("Id")] = target
        for el in wb.iter():
            if el.tag.rsplit("}", 1)[-1] != "sheet":
                continue
            rid = next((v for k, v in el.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            if el.get("name") is not None and rid in rels:
                out[el.get("name")] = rels[rid]
    except Exception:  # noqa: BLE001 - calamine will judge the workbook itself
        return {}
    return out


# --- the far-cell guard for xlsx worksheets -------------------------------------------------------

_LAST_ROW = re.compile(rb'<row r="(\d+)"')


def _col_number(letters: bytes) -> int:
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


def _segments(z: zipfile.ZipFile, part: str, notes: _Notes | None = None):
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
_FORMULA_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9]\d*)"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)'
                           rb'(?:<v>([^<]{0,32})</v>)?')
_HIDDEN_COL = re.compile(rb'<col\b(?=[^>]*\bhidden="(?:1|true)")[^>]*?\bmin="(\d+)"[^>]*?\bmax="(\d+)"'
                         rb'|<col\b(?=[^>]*\bhidden="(?:1|true)")[^>]*?\bmax="(\d+)"[^>]*?\bmin="(\d+)"')


_MERGE_CELL = re.compile(rb'<mergeCell ref="([A-Z]{1,3})([1-9]\d*):([A-Z]{1,3})([1-9]\d*)"')


def _notice(seg: bytes, notes: _Notes | None) -> None:
    """Formula errors, formulas, merged ranges and hidden columns of a piece of worksheet XML, into `notes`.

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
    if b"#" in seg and b't="e"' in seg:  # an error value starts with # (#DIV/0!, #N/A …)
        for letters, row, code in _ERROR_CELL.findall(seg):
            notes.errors[(int(row) - 1, _col_number(letters) - 1)] = code.decode("ascii", "replace")
    if b"m" in seg and b"<mergeCell " in seg:
        for c0, r0, c1, r1 in _MERGE_CELL.findall(seg):
            notes.merged.append(((int(r0) - 1, _col_number(c0) - 1), (int(r1) - 1, _col_number(c1) - 1)))
    if b"f" in seg and b"<f" in seg:
        for letters, row, value in _FORMULA_CELL.findall(seg):
            notes.formulas[(int(row) - 1, _col_number(letters) - 1)] = value.decode("utf-8", "replace")


# Any cell whose reference is not a plain A1..Z199999 (beyond Z, far rows, no or unusual reference).
_NOT_NARROW = re.compile(rb'<c(?! r="[A-Z](?:[1-9]\d{0,4}|1\d{5})")[\s>/]')


def _sheet_extent(z: zipfile.ZipFile, part: str, notes: _Notes | None = None) -> tuple[int, int]:
    """(rows, columns) of the dense range calamine will build for a worksheet, found by streaming its XML.

    (0, 0) means «narrow»: every cell carries its reference, in columns A–Z and rows below 200 000, so the
    range is at most 199 999 × 26 cells (~170 MB inside calamine at worst) — bounded, and checked exactly after
    calamine, before anything becomes Python objects. That takes one cheap regular-expression pass; anything
    else (wide sheets, far rows, cells placed by counting, namespace prefixes) gets the full scan.
    `notes` collects formula errors and hidden columns (not for sheets whose cells are placed by counting).
    """
    for seg in _segments(z, part, notes):
        if not _narrow(seg):
            if notes is not None:
                notes.clear()  # the next pass streams the sheet again from its start
            return _sheet_extent_refs(z, part, notes)
    return 0, 0


def _narrow(seg: bytes) -> bool:
    """A piece of worksheet XML whose every cell carries a plain reference in A1..Z199999 (no namespace prefix)."""
    return not (_PREFIXED_CELL.search(seg) or _NOT_NARROW.search(seg))


def _sheet_extent_refs(z: zipfile.ZipFile, part: str, notes: _Notes | None = None) -> tuple[int, int]:
    """(rows, columns) of calamine's dense range for a worksheet, from the cell references.

    Only a cell's own reference places it (<c r="XFD1048576"> inside <row r="1"> lands in row 1048576), so this
    reads cell references only: one regular expression matching just the cells beyond column Z or beyond the
    last row seen so far (columns A–Z count up to the last letter present). Cells without a leading reference or
    with a namespace prefix take the exact streaming parse.
    """
    max_row = max_col = 0
    letter = 0  # the last of the columns A–Z holding a cell (a cheap search per piece, from Z down)
    for seg in _segments(z, part, notes):
        for k in range(26, letter, -1):
            if b'<c r="' + bytes([64 + k]) in seg:
                letter = k
                break
        if _PREFIXED_CELL.search(seg):
            if notes is not None:
                notes.clear()  # cells placed by counting: references cannot say where the errors are
            return _sheet_extent_exact(z, part)
        i = seg.rfind(b"<row r=")
        if i >= 0:
            m = _LAST_ROW.match(seg, i)
            if m:
                max_row = max(max_row, int(m.group(1)))
        for letters, row, far in _interesting_cells(max_row).findall(seg):
            if letters:
                max_col = max(max_col, _col_number(letters))
                max_row = max(max_row, int(row))
            elif far:
                max_row = max(max_row, int(far))
            else:
                if notes is not None:
                    notes.clear()
                return _sheet_extent_exact(z, part)
    return max_row, max(max_col, letter)


def _sheet_extent_exact(z: zipfile.ZipFile, part: str) -> tuple[int, int]:
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
                        col = _col_number(r.group(1).upper().encode()) - 1
                        rr = int(r.group(2)) - 1
                    else:
                        col += 1
                        rr = row
                    max_row = max(max_row, rr + 1)
                    max_col = max(max_col, col + 1)
            elif tag == "row":
                el.clear()
    return max_row, max_col


_ODS_TAG = re.compile(rb'<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_ROWS_SPANNED = re.compile(rb'table:number-rows-spanned="(\d+)"')
_ODS_COLS_SPANNED = re.compile(rb'table:number-columns-spanned="(\d+)"')


def _ods_extents(z: zipfile.ZipFile, merges: dict[str, list] | None = None) -> list[tuple[str, int, int]]:
    """(table, rows, columns) up to the last repeated cell holding a value, streaming content.xml.

    LibreOffice writes the empty rest of a sheet as one huge repeated row; calamine skips that, but a repeated
    cell or row that holds a value is expanded cell by cell, so it counts.
    `merges` collects each table's merged ranges (calamine gives none for ods): name -> [((r0, c0), (r1, c1))]."""
    import html

    out = []
    name, row, max_r, max_c = "", 0, 0, 0
    rows_rep, col, row_has, row_c = 1, 0, False, 0
    for seg in _segments(z, "content.xml"):
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


def _xlsb_extent(z: zipfile.ZipFile, part: str) -> tuple[int, int]:
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


def _xlsb_sheet_name(path: Path, k: int) -> str:
    try:
        import fastexcel

        names = fastexcel.read_excel(str(path) if path.suffix.lower() == ".xlsb" else path.read_bytes()).sheet_names
        return names[k - 1] if k <= len(names) else f"№ {k}"
    except BaseException:  # noqa: BLE001
        return f"№ {k}"


def _too_many_cells(name: str, sheet: str, rows: int, cols: int) -> FileRejected:
    return _reject(name, "too_many_cells",
                   f"Лист «{sheet}» слишком большой: {rows} строк × {cols} столбцов "
                   f"(допустимо не более {config.max_cells()} ячеек)",
                   "Удалите с листа лишние ячейки далеко за пределами таблицы (выделите пустые строки и столбцы "
                   "после таблицы и удалите их) или разделите лист на несколько", sheet=sheet)


# --- fastexcel (calamine in Rust, Arrow out) ---------------------------------------------------------------------

_EXTENSIONS = {"xlsx": (".xlsx", ".xlsm"), "xlsb": (".xlsb",), "ods": (".ods",), "xls": (".xls",)}


def _open_fast(path: Path, name: str, fmt: str):
    """A fastexcel reader of the workbook (a renamed file is opened by its content, not its extension)."""
    import fastexcel

    try:
        if path.suffix.lower() in _EXTENSIONS[fmt]:
            return fastexcel.read_excel(str(path))
        return fastexcel.read_excel(path.read_bytes())
    except BaseException as e:  # noqa: BLE001 - calamine's errors and pyo3 panics
        if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        if "password" in str(e).lower() or "encrypt" in str(e).lower():
            raise _password(name) from None
        raise _corrupt(name) from None


def _load(book, sname: str):
    """One sheet as fastexcel reads it: every cell as text, rows from Excel row 1."""
    return book.load_sheet(sname, header_row=None, skip_rows=0, dtypes="string")


def _eager_columns(book, sname: str, limit_name: tuple[str, str] | None = None) -> list:
    """An xlsx sheet (guarded against far cells before: its range is bounded) as Arrow columns placed at their
    Excel columns, loaded straight into Arrow (a quarter faster than a loaded sheet converted afterwards)."""
    at: list[int] = []  # the Excel column of each loaded column (the loader names them by position)
    batch = book.load_sheet(sname, header_row=None, skip_rows=0, dtypes="string", eager=True,
                            use_columns=lambda c: at.append(c.absolute_index) or True)
    if len(at) != batch.num_columns:
        return _columns(_load(book, sname), limit_name)
    return _placed(batch.num_rows, at, lambda: batch, limit_name)


def _columns(sh, limit_name: tuple[str, str] | None = None) -> list:
    """The sheet's Arrow columns placed at their Excel columns (A is 0; columns before the first used one are
    empty); refused if the range is larger than allowed (`limit_name`: the file's and the sheet's names)."""
    return _placed(sh.height, [c.absolute_index for c in sh.available_columns()], sh.to_arrow, limit_name)


def _placed(h: int, at: list[int], batch, limit_name: tuple[str, str] | None) -> list:
    """The columns of `batch()` (made only once the size is allowed) at their Excel columns `at`, the columns
    between them empty."""
    import pyarrow as pa

    w = max(at, default=-1) + 1
    if limit_name is not None and h * w > config.max_cells():
        raise _too_many_cells(limit_name[0], limit_name[1], h, w)
    got = batch()
    cols = [None] * w
    for k, j in enumerate(at):
        cols[j] = got.column(k)
    return [c if c is not None else pa.nulls(h, pa.string()) for c in cols]


def _read_sheets(path: Path, name: str, parts: dict[str, str] | None, fmt: str,
                   merges: dict[str, list] | None = None) -> Job:
    """Open the workbook and guard every visible xlsx worksheet against far cells; return the job that
    reads the sheets (the caller may run it in another thread). `merges`: merged ranges per sheet found by
    the guards, for formats whose reader gives none (ods)."""
    book = _open_fast(path, name, fmt)
    try:
        names = list(book.sheet_names)
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise _corrupt(name) from None
    hidden = _xlsx_hidden(path) if fmt == "xlsx" else set()
    if parts:  # xlsx: worksheets only (not chart or macro sheets), visible ones
        names = [n for n in names if n not in hidden and parts.get(n, "xl/worksheets/").startswith("xl/worksheets/")]
    limit = config.max_cells()
    pieces: dict[str, str] = {}  # sheet name → worksheet part, for big xlsx sheets read in parallel pieces
    notes: dict[str, _Notes] = {}  # sheet name → what its guard pass noticed
    if parts is not None:
        with zipfile.ZipFile(path) as zf:
            extents: dict[str, tuple[int, int]] = {}
            found: dict[str, _Notes] = {}
            for sname in names:
                part = parts.get(sname)
                if part is None:  # unusual workbook: guard every worksheet part
                    cands = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
                else:
                    cands = [part] if part in zf.NameToInfo else []
                if part is not None and part in zf.NameToInfo and _split_worthy(zf.getinfo(part)):
                    pieces[sname] = part  # guarded piece by piece as it is read (see _read_in_pieces)
                    continue
                for p in cands:
                    if p not in extents:
                        found[p] = _Notes()
                        try:
                            extents[p] = _sheet_extent(zf, p, found[p])
                        except Exception:  # noqa: BLE001
                            raise _corrupt(name) from None
                    h, w = extents[p]
                    if h * w > limit:  # (0, 0): narrow, bounded; checked exactly when read
                        raise _too_many_cells(name, sname, h, w)
                if part is not None and part in found:
                    notes[sname] = found[part]
    return lambda progress: _fast_sheets(book, name, names, fmt, path, pieces, progress, notes, merges)


def _xlsx_hidden(path: Path) -> set[str]:
    """Names of the hidden and very hidden sheets of an xlsx (workbook.xml; DTDs were refused before)."""
    import xml.etree.ElementTree as ET

    try:
        with zipfile.ZipFile(path) as z:
            if z.getinfo("xl/workbook.xml").file_size > 20 * 2**20:
                return set()
            root = ET.fromstring(z.read("xl/workbook.xml"))
    except Exception:  # noqa: BLE001
        return set()
    return {el.get("name") for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "sheet"
            and (el.get("state") or "visible") != "visible"}


def _fast_sheets(book, name: str, names: list[str], fmt: str, path: Path, pieces: dict[str, str],
                 progress: Callable[[float], None] = _no_progress, notes: dict[str, _Notes] | None = None,
                 merges: dict[str, list] | None = None) -> Workbook:
    """Read the sheets of an open fastexcel workbook into Arrow columns. Every xlsx sheet was guarded against far
    cells before, except those in `pieces` (big worksheets: guarded and read piece by piece here).
    `notes`: sheet name → formula errors, hidden columns and merges found by the guards (filled here for pieces)."""
    sheets: list[Sheet] = []
    notes = {} if notes is None else notes
    for k, sname in enumerate(names):
        cols = None
        if sname in pieces:
            notes[sname] = _Notes()
            cols = _read_in_pieces(path, name, pieces[sname], sname,
                                   lambda f, k=k: progress((k + f) / len(names)), notes[sname])
            if cols is None:
                # not a plain worksheet (far or unusual cell references…): guard it whole, then read it whole
                notes[sname] = _Notes()
                with zipfile.ZipFile(path) as zf:
                    try:
                        h, w = _sheet_extent(zf, pieces[sname], notes[sname])
                    except Exception:  # noqa: BLE001
                        raise _corrupt(name) from None
                if h * w > config.max_cells():
                    raise _too_many_cells(name, sname, h, w)
        if cols is None:
            got = _read_whole(book, name, sname, visible_only=fmt != "xlsx")
            if got is None:
                continue
            cols = got
        seen = notes.get(sname) or _Notes()
        merged = seen.merged or (merges or {}).get(sname) or (_xls_merges(path, sname) if fmt == "xls" else [])
        if any(c.null_count < len(c) for c in cols):
            sheets.append(Sheet(sname, merged=merged, errors=seen.errors, hidden_cols=seen.hidden_cols,
                                formulas=seen.formulas, columns=cols))
        progress((k + 1) / len(names))
    if not sheets:
        raise _no_data(name)
    return Workbook(name, sheets)


def _read_whole(book, name: str, sname: str, visible_only: bool = False) -> list | None:
    """One (guarded) sheet as Arrow columns; None for a hidden sheet (`visible_only`) or one that holds no cells
    (a chart sheet)."""
    try:
        if not visible_only:  # xlsx: guarded, hidden sheets left out before
            return _eager_columns(book, sname, (name, sname))
        sh = _load(book, sname)
        if str(sh.visible) != "visible":
            return None
        return _columns(sh, (name, sname))
    except FileRejected:
        raise
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        if "password" in str(e).lower():
            raise _password(name) from None
        raise _corrupt(name) from None


def _xls_merges(path: Path, sname: str) -> list:
    """Merged ranges of a legacy .xls sheet (fastexcel gives none; python-calamine reads them)."""
    try:
        import python_calamine as pc

        with open(path, "rb") as f:  # (by content: a renamed file too)
            wb = pc.CalamineWorkbook.from_filelike(f)
            try:
                return list(wb.get_sheet_by_name(sname).merged_cell_ranges or [])
            finally:
                wb.close()
    except BaseException as e:  # noqa: BLE001 - merges are a help, the sheet itself was read
        if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        return []


# --- big worksheets: parsed in pieces, in parallel ------------------------------------------------------------
# The reader parses a worksheet on one core (and releases the GIL meanwhile). A big worksheet is cut at row
# boundaries into pieces, each put in a small uncompressed workbook of its own beside the shared strings and
# styles, and the pieces are parsed at once on every core; their rows are stitched back at their own positions.
# The far-cell guard runs on each piece before it is parsed: a piece is only parsed when every cell in it carries
# a plain reference in columns A–Z below row 200 000, so each piece's range is bounded. Anything else falls back
# to the whole-sheet guard and read.

SPLIT_MIN_BYTES = 12 * 2**20  # uncompressed worksheet XML from which pieces pay off
PIECE_BYTES = 8 * 2**20
PIECES_PER_CORE = 1
_SHARED_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                 "xl/styles.xml", "xl/sharedStrings.xml")
_SHEETDATA_OPEN = re.compile(rb"<sheetData(?:\s[^>]*)?>")
_SHEET_END = b"</sheetData></worksheet>"


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _split_worthy(info: zipfile.ZipInfo) -> bool:
    return info.file_size >= SPLIT_MIN_BYTES and _cpus() > 1


class _Piece:
    """One piece of a worksheet (a small workbook in a temporary file) being parsed in a thread of its own."""

    def __init__(self, path: str, sname: str, cores: threading.Semaphore):
        self.cols = None
        self.error: BaseException | None = None
        self.path = path
        self.thread = threading.Thread(target=self._run, args=(sname, cores), name="read_piece", daemon=True)
        self.thread.start()

    def _run(self, sname: str, cores: threading.Semaphore) -> None:
        import fastexcel

        try:
            with cores:
                self.cols = _eager_columns(fastexcel.read_excel(self.path), sname)
        except BaseException as e:  # noqa: BLE001 - handed to the reader
            self.error = e
        finally:
            _remove(self.path)

    def result(self) -> list:
        """The piece's columns (rows from Excel row 1: those of the pieces before it are empty), handed over once."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        cols, self.cols = self.cols, None
        return cols


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass


def _piece_workbook(shared: dict[str, bytes], part: str, xml: list[bytes]) -> str:
    """A small uncompressed workbook in a temporary file: the shared parts, and the worksheet part made of `xml`
    pieces (on disk, not in memory: a piece is parsed from its file)."""
    import tempfile

    fd, path = tempfile.mkstemp(prefix="piece_", suffix=".xlsx")
    try:
        with os.fdopen(fd, "wb") as f, zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as zo:
            for member, data in shared.items():
                zo.writestr(member, data)
            with zo.open(part, "w") as w:
                for x in xml:
                    w.write(x)
    except BaseException:
        _remove(path)
        raise
    return path


def _stitch(parts: list[list], name: str, sname: str) -> list | None:
    """The pieces' columns one under the other (each piece's rows start where the pieces before it end); None when
    a piece holds rows above the end of the pieces before it (rows out of order: read whole)."""
    import pyarrow as pa

    width = max((len(c) for c in parts), default=0)
    height = 0
    chunks: list[list] = [[] for _ in range(width)]
    for cols in parts:
        h = len(cols[0]) if cols else 0
        if h <= height:
            if any(c.null_count < len(c) for c in cols):
                return None
            continue
        if any(c.slice(0, height).null_count < height for c in cols):
            return None
        if h * width > config.max_cells():
            raise _too_many_cells(name, sname, h, width)
        for j in range(width):
            chunks[j].append(cols[j].slice(height) if j < len(cols) else pa.nulls(h - height, pa.string()))
        height = h
    return [pa.concat_arrays(ch) if ch else pa.nulls(0, pa.string()) for ch in chunks]


def _read_in_pieces(path: Path, name: str, part: str, sname: str,
                    progress: Callable[[float], None] = _no_progress,
                    notes: _Notes | None = None) -> list | None:
    """The Arrow columns of a big worksheet, parsed in pieces on every core; None when the worksheet is not plain
    enough to be cut safely (the caller then guards and reads it whole). `notes` collects formula errors, hidden
    columns and merged ranges."""
    pieces: list[_Piece] = []
    # one parse per core; this thread holds a core while it guards and cuts the XML
    cores = threading.Semaphore(_cpus())
    cores.acquire()
    scanning = True
    try:
        with zipfile.ZipFile(path) as z:
            size = z.getinfo(part).file_size
            n = max(2, min(PIECES_PER_CORE * _cpus(), round(size / PIECE_BYTES)))
            target = size // n + 1
            shared = {m: z.read(m) for m in _SHARED_PARTS if m in z.NameToInfo}
            scanned = 0
            head = None  # the worksheet up to and including <sheetData>
            pending: list[bytes] = []  # rows not yet in a piece
            pending_len = 0
            for seg in _segments(z, part, notes):
                if not _narrow(seg) or (b"[" in seg and b"<![CDATA[" in seg):
                    return None  # (in CDATA, «<row » could be text: only plain worksheets are cut)
                if head is None:
                    pending.append(seg)
                    text = b"".join(pending)
                    m = _SHEETDATA_OPEN.search(text)
                    if m is None:
                        if len(text) > PIECE_BYTES:  # no sheet data where it should be: not a plain worksheet
                            return None
                        pending = [text]
                        continue
                    head, seg = text[:m.end()], text[m.end():]
                    pending, pending_len = [], 0
                pending.append(seg)
                pending_len += len(seg)
                scanned += len(seg)
                progress(0.6 * scanned / size)
                if pending_len >= target and len(pieces) < n - 1 and b"</sheetData" not in seg:
                    # cut before the last row that starts in this segment (a tag never spans two segments)
                    cut = max(seg.rfind(b"<row "), seg.rfind(b"<row>"))
                    if cut > 0 or (cut == 0 and len(pending) > 1):
                        pending[-1] = seg[:cut]
                        pieces.append(_Piece(_piece_workbook(shared, part, [head, *pending, _SHEET_END]), sname, cores))
                        pending = [seg[cut:]]
                        pending_len = len(pending[0])
            if head is None:
                return None
            pieces.append(_Piece(_piece_workbook(shared, part, [head, *pending]), sname, cores))
            del pending, shared
        cores.release()
        scanning = False
        got = []
        for k, piece in enumerate(pieces):
            try:
                got.append(piece.result())
            except Exception:  # noqa: BLE001 - a piece the reader cannot parse: let the whole read decide
                return None
            progress(0.6 + 0.4 * (k + 1) / len(pieces))
        return _stitch(got, name, sname)
    except FileRejected:
        raise
    except BaseException as e:  # noqa: BLE001 - calamine raises its own errors and pyo3 panics
        if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise _corrupt(name) from None
    finally:
        if scanning:
            cores.release()
        for piece in pieces:
            piece.thread.join()


def _no_data(name: str) -> FileRejected:
    return _reject(name, "no_data", "В файле нет данных: все видимые листы пустые",
                   "Проверьте, что таблица заполнена и лист с ней не скрыт, и загрузите файл снова")



# --- OLE2 (legacy .xls and encrypted OOXML) ---------------------------------------------------------

_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"


def _ole_is_encrypted(path: Path) -> bool:
    """An OLE2 compound file holding an «EncryptedPackage» stream is a password-protected xlsx.

    Directory entries are 128 bytes and start at sector boundaries (sector 0 begins at byte 512), so a real
    entry's name sits at an offset that is a multiple of 128.
    """
    with open(path, "rb") as f:
        pos = 0
        prev = b""
        while True:
            chunk = f.read(CHUNK)
            if not chunk:
                return False
            buf = prev + chunk
            base = pos - len(prev)
            i = buf.find(_ENCRYPTED_NAME)
            while i >= 0:
                if (base + i) % 128 == 0:
                    return True
                i = buf.find(_ENCRYPTED_NAME, i + 1)
            prev = buf[-len(_ENCRYPTED_NAME):]
            pos += len(chunk)


# --- CSV and other text ---------------------------------------------------------------------------

def _read_text(path: Path, name: str) -> Workbook:
    data = path.read_bytes()
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF") or b"\x00" in data[:65536]:
        raise _corrupt(name)
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<table", b"{\\rtf")):
        raise _corrupt(name, "это не таблица Excel, а веб-страница или документ")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")
    if not text.strip():
        raise _reject(name, "empty_file", "Файл пустой", "Проверьте, что файл сохранён полностью, и загрузите снова")
    delim = _sniff_delimiter(text)
    limit = config.max_cells()
    cols = _csv_columns(text, delim, limit)
    if cols is not None:
        if not cols:
            raise _no_data(name)
        return Workbook(name, [Sheet(Path(name).stem, columns=cols, typed=False)])
    rows: list[list] = []
    width = 0
    try:
        for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            r = [None if not v.strip() else v for v in rec]
            while r and r[-1] is None:
                r.pop()
            rows.append(r)
            width = max(width, len(r))
            if len(rows) * width > limit:
                raise _too_many_cells(name, Path(name).stem, len(rows), width)
    except csv.Error:  # a field longer than 128 KB, a NUL byte…
        raise _corrupt(name) from None
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise _no_data(name)
    return Workbook(name, [Sheet(Path(name).stem, rows, typed=False)])


def _csv_columns(text: str, delim: str, limit: int) -> list | None:
    """The columns of a rectangular CSV (every record as wide as the first lines, no blank lines) read by Arrow's
    CSV reader, as the row by row reader would give them (whitespace-only cells empty, empty rows and columns at the
    end dropped); None for any other CSV (the row by row reader takes it and says what is wrong)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from etl import arrow_ops

    from etl.sheet import mask, np_bool

    head = itertools.islice(io.StringIO(text, newline=""), 30)  # the first lines (not the whole text split)
    width = max((len(r) for r in csv.reader(head, delimiter=delim)), default=0)
    if not width or (text.count("\n") + 1) * width > limit:
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, ValueError):
        return None
    cols = []
    for c in table.columns:
        c = c.combine_chunks()
        blank = np_bool(arrow_ops.match(c, r"^\s*$"))
        cols.append(arrow_ops.if_else(mask(blank), pa.nulls(len(c), pa.string()), c) if blank.any() else c)
    while cols and cols[-1].null_count == len(cols[-1]):
        cols.pop()
    if not cols:
        return []
    import numpy as np

    # the last row holding a value in any column: the empty rows after it are dropped
    last = max(int(np.flatnonzero(~np_bool(arrow_ops.is_null(c)))[-1]) for c in cols if c.null_count < len(c))
    return [c.slice(0, last + 1) for c in cols]


def _sniff_delimiter(text: str) -> str:
    """`;`, tab or `,`: the one splitting the first lines most consistently (ties prefer ; then tab)."""
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    best, best_score = ";", (-1, -1)
    for d in (";", "\t", ","):
        counts = [ln.count(d) for ln in lines]
        nz = [c for c in counts if c]
        if not nz:
            continue
        mode = max(set(nz), key=nz.count)
        score = (sum(1 for c in nz if c == mode) + len(nz), mode)
        if score > best_score:
            best, best_score = d, score
    return best
