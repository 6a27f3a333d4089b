"""One piece of a big worksheet (etl/pieces.py cuts it): a small uncompressed workbook of its own parsed by fastexcel
in a thread, and the pieces' columns stitched back one under the other."""
from __future__ import annotations

import os
import threading
import zipfile

from etl import config
from etl.fast_read import eager_columns
from etl.read_refusals import too_many_cells


class Piece:
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


def piece_workbook(shared: dict[str, bytes], part: str, xml: list[bytes]) -> str:
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


def stitch(parts: list[list], name: str, sname: str) -> list | None:
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
