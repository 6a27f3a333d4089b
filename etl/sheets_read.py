"""The sheets of a spreadsheet file that passed the container's checks (etl/reader.py), read into Arrow columns:
every visible xlsx worksheet guarded against far cells first (etl/sheet_guard.py), big ones read in pieces in
parallel (etl/pieces.py), the rest whole by fastexcel (etl/fast_read.py); formula errors, merges, hidden columns and
rows and text cells such as «24.317» kept with each sheet."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from etl import config, hidden_rows, number_texts, struck_rows
from etl.fast_read import open_fast, read_whole, xls_merges, xlsx_hidden
from etl.pieces import read_in_pieces, split_worthy
from etl.read_refusals import cells_within, corrupt, no_data
from etl.sheet import Sheet
from etl.sheet_guard import sheet_extent
from etl.sheet_notes import Notes
from etl.xls_hidden import XlsHidden


@dataclass
class Workbook:
    name: str  # display name of the file
    sheets: list[Sheet]  # visible sheets, in order
    notices: list[str] = field(default_factory=list)  # what the file holds besides cells: macros, external links
    hidden: list[str] = field(default_factory=list)  # worksheets the file hides (not read: said as left out)


# The part of a read that materialises the file, after its safety checks: called with a progress callback
# (the fraction of the file read so far, 0…1; called from the reading thread).
Job = Callable[[Callable[[float], None]], Workbook]


def no_progress(fraction: float) -> None:
    pass


def read_sheets(path: Path, name: str, parts: dict[str, str] | None, fmt: str,
                merges: dict[str, list] | None = None) -> Job:
    """Open the workbook and guard every visible xlsx worksheet against far cells; return the job that
    reads the sheets (the caller may run it in another thread). `merges`: merged ranges per sheet found by
    the guards, for formats whose reader gives none (ods). An .xls's sheets are measured by xlrd (sparse) first:
    fastexcel makes every sheet's whole range as it opens the file."""
    xls = XlsHidden(path) if fmt == "xls" else None
    if xls is not None:
        cells_within(name, [(s, *hw) for s in xls.sheet_names() if (hw := xls.extent(s)) is not None],
                     config.max_cells() // XLS_SHARE)
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
    pieces: dict[str, str] = {}  # sheet name → worksheet part, for big xlsx sheets read in parallel pieces
    notes: dict[str, Notes] = {}  # sheet name → what its guard pass noticed
    strike = None  # the workbook's struck-through cell styles, if any
    if parts is not None:
        with zipfile.ZipFile(path) as zf:
            strike = struck_rows.strike_styles(zf)
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
                        found[p] = Notes(strike=strike)
                        try:
                            extents[p] = sheet_extent(zf, p, found[p])
                        except Exception:  # noqa: BLE001
                            raise corrupt(name) from None
                    cells_within(name, [(sname, *extents[p])])  # ((0, 0): narrow, bounded; checked when read)
                if part is not None and part in found:
                    notes[sname] = found[part]
            cells_within(name, [], before=sum(h * w for h, w in extents.values()))  # (the sheets together)
    return lambda progress: _fast_sheets(book, name, names, fmt, path, pieces, progress, notes, merges, left_hidden,
                                         strike, xls)


# an .xls sheet is made whole by fastexcel, ~110 bytes a cell (an xlsx ~6): its cells are limited more (t91: one far
# cell at IV65536 took 1,9 GB) — 2 500 000 cells is 65 000 rows × 38 columns, more than any legacy form
XLS_SHARE = 8


def _fast_sheets(book, name: str, names: list[str], fmt: str, path: Path, pieces: dict[str, str],
                 progress: Callable[[float], None] = no_progress, notes: dict[str, Notes] | None = None,
                 merges: dict[str, list] | None = None, hidden: list[str] | None = None,
                 strike=None, xls: XlsHidden | None = None) -> Workbook:
    """Read the sheets of an open fastexcel workbook into Arrow columns. Every xlsx sheet was guarded against far
    cells before, except those in `pieces` (big worksheets: guarded and read piece by piece here).
    `notes`: sheet name → formula errors, hidden columns and rows and merges found by the guards (filled here for
    pieces); an .xls's hidden columns and rows are read by xlrd. `hidden`: the worksheets the file hides (not read);
    `strike`: the regex of the struck-through cell styles (etl/struck_rows.py)."""
    sheets: list[Sheet] = []
    notes = {} if notes is None else notes
    shared = number_texts.from_shared_strings(path) if fmt == "xlsx" else set()
    total = 0  # the cells of the sheets read so far: the file's budget (etl/config.py max_cells)
    limit = config.max_cells() // (XLS_SHARE if fmt == "xls" else 1)
    for k, sname in enumerate(names):
        cols = None
        if sname in pieces:
            notes[sname] = Notes(strike=strike)
            cols = read_in_pieces(path, name, pieces[sname], sname,
                                   lambda f, k=k: progress((k + f) / len(names)), notes[sname])
            if cols is None:
                # not a plain worksheet (far or unusual cell references…): guard it whole, then read it whole
                notes[sname] = Notes(strike=strike)
                with zipfile.ZipFile(path) as zf:
                    try:
                        h, w = sheet_extent(zf, pieces[sname], notes[sname])
                    except Exception:  # noqa: BLE001
                        raise corrupt(name) from None
                cells_within(name, [(sname, h, w)])
        if cols is None:
            got = read_whole(book, name, sname, visible_only=fmt != "xlsx")
            if got is None:
                continue
            cols = got
        total = cells_within(name, [(sname, len(cols[0]) if cols else 0, len(cols))], limit, before=total)
        seen = notes.get(sname) or Notes()
        merged = seen.merged or (merges or {}).get(sname) or (xls_merges(path, sname) if fmt == "xls" else [])
        if any(c.null_count < len(c) for c in cols):
            texts = shared | seen.number_texts if fmt == "xlsx" else \
                number_texts.from_calamine(path, sname) if number_texts.candidates(cols) else set()
            hidden_cols, rows = xls.of(sname) if xls else (seen.hidden_cols, hidden_rows.by_hand(seen, path))
            sheets.append(Sheet(sname, merged=merged, errors=seen.errors, hidden_cols=hidden_cols, hidden_rows=rows,
                                struck=seen.struck, formulas=seen.formulas, columns=cols,
                                number_texts=frozenset(texts)))
        progress((k + 1) / len(names))
    if xls is not None:
        xls.close()
    if not sheets:
        raise no_data(name)
    return Workbook(name, sheets, hidden=hidden or [])
