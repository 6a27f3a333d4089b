"""Read a spreadsheet file (xlsx, xlsm, xls, xlsb, ods, csv) into plain rows, refusing hostile or broken files.

`read_workbook(path, display_name)` returns a `Workbook` of visible sheets whose rows keep absolute positions
(rows[0] is Excel row 1, rows[r][0] is column A). Every file that cannot be read raises `FileRejected` with a
Russian message naming the file and saying what to do. The checks run before anything is materialised, so a
zip bomb, an XML entity bomb or one far cell (XFD1048576) is refused with bounded memory.
"""
from __future__ import annotations

import threading
from pathlib import Path

from etl import config, sheets_read
from etl.container_guard import OLE_MAGIC, ZIP_MAGIC, check_zip, ole_is_encrypted
from etl.model import FileRejected
from etl.read_refusals import mb, password, reject
from etl.sheets_read import Job, Workbook, no_progress
from etl.text_read import read_text

# The steps of a read: etl/container_guard.py (the container's checks: bombs, passwords, DTDs, ods and xlsb extents
# by etl/other_extents.py), etl/sheet_guard.py (the far-cell guard of xlsx worksheets), etl/fast_read.py (fastexcel →
# Arrow), etl/sheets_read.py (the sheets of an opened workbook), etl/pieces.py (big worksheets parsed in pieces in
# parallel), etl/number_texts.py (text cells such as «24.317» kept apart from numbers), etl/text_read.py (csv);
# refusals in etl/read_refusals.py.


def read_workbook(path, display_name: str | None = None) -> Workbook:
    """Read one file into visible sheets of plain values. Raises FileRejected (Russian) if it cannot."""
    path = Path(path)
    return _checked(path, display_name or path.name)(no_progress)


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
        job = sheets_read.read_sheets(path, name, parts, fmt, merges)
        return lambda progress: _with_notices(job(progress), notices)
    if head == OLE_MAGIC:
        if ole_is_encrypted(path):
            raise password(name)
        return sheets_read.read_sheets(path, name, None, "xls")
    wb = Workbook(name, read_text(path, name))
    return lambda progress: wb



def _with_notices(wb: Workbook, notices: list[str]) -> Workbook:
    wb.notices = notices
    return wb
