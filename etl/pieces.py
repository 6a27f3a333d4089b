"""Big xlsx worksheets parsed in pieces, in parallel (etl/reader.py hands them over)."""
from __future__ import annotations

import os
import re
import threading
import zipfile
from pathlib import Path
from typing import Callable

from etl.model import FileRejected
from etl.piece_parse import Piece, piece_workbook, stitch
from etl.read_refusals import corrupt
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


def read_in_pieces(path: Path, name: str, part: str, sname: str,
                    progress: Callable[[float], None] = _no_progress,
                    notes: Notes | None = None) -> list | None:
    """The Arrow columns of a big worksheet, parsed in pieces on every core; None when the worksheet is not plain
    enough to be cut safely (the caller then guards and reads it whole). `notes` collects formula errors, hidden
    columns and merged ranges."""
    pieces: list[Piece] = []
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
                        pieces.append(Piece(piece_workbook(shared, part, [head, *pending, _SHEET_END]), sname, cores))
                        pending = [seg[cut:]]
                        pending_len = len(pending[0])
            if head is None:
                return None
            pieces.append(Piece(piece_workbook(shared, part, [head, *pending]), sname, cores))
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
        return stitch(got, name, sname)
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
