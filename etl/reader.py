"""Read a spreadsheet file (xlsx, xlsm, xls, xlsb, ods, csv) into plain rows, refusing hostile or broken files.

`read_workbook(path, display_name)` returns a `Workbook` of visible sheets whose rows keep absolute positions
(rows[0] is Excel row 1, rows[r][0] is column A). Every file that cannot be read raises `FileRejected` with a
Russian message naming the file and saying what to do. The checks run before anything is materialised, so a
zip bomb, an XML entity bomb or one far cell (XFD1048576) is refused with bounded memory.
"""
from __future__ import annotations

import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from etl import config, hidden_rows, number_texts
from etl.container_guard import OLE_MAGIC, ZIP_MAGIC, check_zip, ole_is_encrypted
from etl.fast_read import open_fast, read_whole, xls_merges, xlsx_hidden
from etl.model import FileRejected
from etl.pieces import read_in_pieces, split_worthy
from etl.read_refusals import corrupt, mb, no_data, password, reject, too_many_cells
from etl.sheet import Sheet
from etl.sheet_guard import Notes, sheet_extent
from etl.text_read import read_text
from etl.xls_hidden import XlsHidden

# The steps of a read: etl/container_guard.py (the container's checks: bombs, passwords, DTDs, ods and xlsb extents
# by etl/other_extents.py), etl/sheet_guard.py (the far-cell guard of xlsx worksheets), etl/fast_read.py (fastexcel →
# Arrow), etl/pieces.py (big worksheets parsed in pieces in parallel), etl/number_texts.py (text cells such as
# «24.317» kept apart from numbers), etl/text_read.py (csv); refusals in etl/read_refusals.py.


@dataclass
class Workbook:
    name: str  # display name of the file
    sheets: list[Sheet]  # visible sheets, in order
    notices: list[str] = field(default_factory=list)  # what the file holds besides cells: macros, external links
    hidden: list[str] = field(default_factory=list)  # worksheets the file hides (not read: said as left out)


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
        raise reject(name, "not_found", "Файл не найден или недоступен для чтения",
                      "Проверьте путь к файлу и права доступа") from None
    if size == 0:
        raise reject(name, "empty_file", "Файл пустой (0 байт)",
                      "Проверьте, что файл сохранён полностью, и загрузите его снова")
    limit = config.max_file_mb()
    if size > limit * 2**20:
        raise reject(name, "too_big", f"Файл слишком большой: {mb(size / 2**20)} МБ при допустимых {mb(limit)} МБ",
                      "Разделите файл на несколько (например, по муниципалитетам) или удалите лишние листы "
                      "и изображения")
    with open(path, "rb") as f:
        head = f.read(8)
    if head[:4] in ZIP_MAGIC:
        fmt, parts, merges, notices = check_zip(path, name)
        job = _read_sheets(path, name, parts, fmt, merges)
        return lambda progress: _with_notices(job(progress), notices)
    if head == OLE_MAGIC:
        if ole_is_encrypted(path):
            raise password(name)
        return _read_sheets(path, name, None, "xls")
    wb = Workbook(name, read_text(path, name))
    return lambda progress: wb



def _with_notices(wb: Workbook, notices: list[str]) -> Workbook:
    wb.notices = notices
    return wb


def _read_sheets(path: Path, name: str, parts: dict[str, str] | None, fmt: str,
                   merges: dict[str, list] | None = None) -> Job:
    """Open the workbook and guard every visible xlsx worksheet against far cells; return the job that
    reads the sheets (the caller may run it in another thread). `merges`: merged ranges per sheet found by
    the guards, for formats whose reader gives none (ods)."""
    book = open_fast(path, name, fmt)
    try:
        names = list(book.sheet_names)
    except BaseException as e:  # noqa: BLE001
        if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise corrupt(name) from None
    hidden = xlsx_hidden(path) if fmt == "xlsx" else set()
    left_hidden: list[str] = []
    if parts:  # xlsx: worksheets only (not chart or macro sheets), visible ones
        names = [n for n in names if parts.get(n, "xl/worksheets/").startswith("xl/worksheets/")]
        left_hidden = [n for n in names if n in hidden]
        names = [n for n in names if n not in hidden]
    limit = config.max_cells()
    pieces: dict[str, str] = {}  # sheet name → worksheet part, for big xlsx sheets read in parallel pieces
    notes: dict[str, Notes] = {}  # sheet name → what its guard pass noticed
    if parts is not None:
        with zipfile.ZipFile(path) as zf:
            extents: dict[str, tuple[int, int]] = {}
            found: dict[str, Notes] = {}
            for sname in names:
                part = parts.get(sname)
                if part is None:  # unusual workbook: guard every worksheet part
                    cands = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
                else:
                    cands = [part] if part in zf.NameToInfo else []
                if part is not None and part in zf.NameToInfo and split_worthy(zf.getinfo(part)):
                    pieces[sname] = part  # guarded piece by piece as it is read (see read_in_pieces)
                    continue
                for p in cands:
                    if p not in extents:
                        found[p] = Notes()
                        try:
                            extents[p] = sheet_extent(zf, p, found[p])
                        except Exception:  # noqa: BLE001
                            raise corrupt(name) from None
                    h, w = extents[p]
                    if h * w > limit:  # (0, 0): narrow, bounded; checked exactly when read
                        raise too_many_cells(name, sname, h, w)
                if part is not None and part in found:
                    notes[sname] = found[part]
    return lambda progress: _fast_sheets(book, name, names, fmt, path, pieces, progress, notes, merges, left_hidden)



def _fast_sheets(book, name: str, names: list[str], fmt: str, path: Path, pieces: dict[str, str],
                 progress: Callable[[float], None] = _no_progress, notes: dict[str, Notes] | None = None,
                 merges: dict[str, list] | None = None, hidden: list[str] | None = None) -> Workbook:
    """Read the sheets of an open fastexcel workbook into Arrow columns. Every xlsx sheet was guarded against far
    cells before, except those in `pieces` (big worksheets: guarded and read piece by piece here).
    `notes`: sheet name → formula errors, hidden columns and rows and merges found by the guards (filled here for
    pieces); an .xls's hidden columns and rows are read by xlrd. `hidden`: the worksheets the file hides (not read)."""
    sheets: list[Sheet] = []
    notes = {} if notes is None else notes
    xls = XlsHidden(path) if fmt == "xls" else None  # opened once, on the first sheet with cells
    shared = number_texts.from_shared_strings(path) if fmt == "xlsx" else set()
    for k, sname in enumerate(names):
        cols = None
        if sname in pieces:
            notes[sname] = Notes()
            cols = read_in_pieces(path, name, pieces[sname], sname,
                                   lambda f, k=k: progress((k + f) / len(names)), notes[sname])
            if cols is None:
                # not a plain worksheet (far or unusual cell references…): guard it whole, then read it whole
                notes[sname] = Notes()
                with zipfile.ZipFile(path) as zf:
                    try:
                        h, w = sheet_extent(zf, pieces[sname], notes[sname])
                    except Exception:  # noqa: BLE001
                        raise corrupt(name) from None
                if h * w > config.max_cells():
                    raise too_many_cells(name, sname, h, w)
        if cols is None:
            got = read_whole(book, name, sname, visible_only=fmt != "xlsx")
            if got is None:
                continue
            cols = got
        seen = notes.get(sname) or Notes()
        merged = seen.merged or (merges or {}).get(sname) or (xls_merges(path, sname) if fmt == "xls" else [])
        if any(c.null_count < len(c) for c in cols):
            texts = shared | seen.number_texts if fmt == "xlsx" else \
                number_texts.from_calamine(path, sname) if number_texts.candidates(cols) else set()
            hidden_cols, rows = xls.of(sname) if xls else (seen.hidden_cols, hidden_rows.by_hand(seen, path))
            sheets.append(Sheet(sname, merged=merged, errors=seen.errors, hidden_cols=hidden_cols, hidden_rows=rows,
                                formulas=seen.formulas, columns=cols, number_texts=frozenset(texts)))
        progress((k + 1) / len(names))
    if xls is not None:
        xls.close()
    if not sheets:
        raise no_data(name)
    return Workbook(name, sheets, hidden=hidden or [])
