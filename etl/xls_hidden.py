"""Hidden columns and rows of a legacy .xls sheet, read by xlrd (fastexcel gives neither).

They are a help, never a condition of the read: the sheet itself is read by fastexcel, and any failure here
(a file xlrd cannot open, a sheet it names otherwise, an error inside it) means «nothing known to be hidden».
xlrd makes a Python object of every cell it parses (formatting info makes blank formatted cells cells too), so a
file larger than `MAX_MB` is not given to it: a legacy form is far smaller (65 000 rows × 12 numbers: 9 MB, read
by xlrd in ~0.8 s with ~70 MB)."""
from __future__ import annotations

from pathlib import Path

MAX_MB = 16

# The built-in name Excel keeps for a sheet's autofilter range (xlrd names the built-in names so)
_FILTER_NAME = "_filterdatabase"


class XlsHidden:
    """The hidden columns and rows of the sheets of one .xls, opened once on the first question."""

    def __init__(self, path: Path):
        self._path = path
        self._book = None
        self._failed = False
        self._seen: dict[str, tuple[tuple[int, int] | None, set[int], set[int]]] = {}

    def sheet_names(self) -> list[str]:
        """The sheets xlrd sees ([] if it cannot open the file: fastexcel says what is wrong)."""
        try:
            book = self._open()
            return list(book.sheet_names()) if book is not None else []
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            return []

    def extent(self, sname: str) -> tuple[int, int] | None:
        """(rows, columns) of the sheet's used range as xlrd reads its cells (sparse: a far cell costs nothing here,
        while fastexcel would make the whole range — t91: 1,2 GB a sheet of a 5,6 KB file), None if unknown."""
        return self._sheet(sname)[0]

    def of(self, sname: str) -> tuple[set[int], set[int]]:
        """(hidden columns, hidden rows) of the sheet, 0-based; the rows hidden by an autofilter (a view of the
        data) or inside a collapsed outline group (the rows under a subtotal) are left out."""
        return self._sheet(sname)[1:]

    def _sheet(self, sname: str) -> tuple[tuple[int, int] | None, set[int], set[int]]:
        if sname not in self._seen:
            self._seen[sname] = self._read(sname)
        return self._seen[sname]

    def _read(self, sname: str) -> tuple[tuple[int, int] | None, set[int], set[int]]:
        try:
            book = self._open()
            if book is None:
                return None, set(), set()
            sh = book.sheet_by_name(sname)
            try:
                cols = {c for c, info in sh.colinfo_map.items() if info.hidden}
                rows = set() if _filtered(book, sh.number) else \
                    {r for r, info in sh.rowinfo_map.items() if info.hidden and not info.outline_level}
                return (sh.nrows, sh.ncols), cols, rows
            finally:
                book.unload_sheet(sname)
        except BaseException as e:  # noqa: BLE001 - a help: the sheet itself was read by fastexcel
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            return None, set(), set()

    def _open(self):
        if self._book is None and not self._failed:
            self._failed = True
            if self._path.stat().st_size > MAX_MB * 2**20:
                return None
            import xlrd

            # by content: xlrd looks at the bytes, not the extension (a renamed .xls, an .xls named .xlsx)
            self._book = xlrd.open_workbook(str(self._path), formatting_info=True, on_demand=True,
                                            logfile=_Quiet())
            self._failed = False
        return self._book

    def close(self) -> None:
        if self._book is not None:
            try:
                self._book.release_resources()
            except Exception:  # noqa: BLE001
                pass
            self._book = None


def _filtered(book, index: int) -> bool:
    """The sheet has an autofilter (its built-in «_FilterDatabase» name)."""
    return any((getattr(n, "name", "") or "").lower() == _FILTER_NAME and getattr(n, "scope", -1) == index
               for n in getattr(book, "name_obj_list", []))


class _Quiet:
    """xlrd's log (warnings about odd records) goes nowhere: the user is told what matters elsewhere."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass
