"""Big xlsx worksheets parsed in pieces, in parallel (etl/reader.py hands them over)."""
from __future__ import annotations

import os
import re
import threading
import zipfile
from pathlib import Path
from typing import Callable

from etl import config
from etl.fast_read import eager_columns
from etl.model import FileRejected
from etl.read_refusals import corrupt, too_many_cells
from etl.sheet_guard import narrow
from etl.sheet_notes import Notes, segments


def _no_progress(fraction: float) -> None:
    pass


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


def split_worthy(info: zipfile.ZipInfo) -> bool:
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
                self.cols = eager_columns(fastexcel.read_excel(self.path), sname)
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
            raise too_many_cells(name, sname, h, width)
        for j in range(width):
            chunks[j].append(cols[j].slice(height) if j < len(cols) else pa.nulls(h - height, pa.string()))
        height = h
    return [pa.concat_arrays(ch) if ch else pa.nulls(0, pa.string()) for ch in chunks]


def read_in_pieces(path: Path, name: str, part: str, sname: str,
                    progress: Callable[[float], None] = _no_progress,
                    notes: Notes | None = None) -> list | None:
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
            for seg in segments(z, part, notes):
                if not narrow(seg) or (b"[" in seg and b"<![CDATA[" in seg):
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
        raise corrupt(name) from None
    finally:
        if scanning:
            cores.release()
        for piece in pieces:
            piece.thread.join()
