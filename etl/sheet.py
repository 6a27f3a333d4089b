"""A sheet as the reader gives it: one Arrow string column per Excel column (A is 0), one entry per Excel row (row 1
is 0), merged ranges, formula errors, hidden columns and rows, and formula cells found by the guard pass.

The reader (fastexcel) writes every cell as text: numbers as «1200», «0.85», dates as «2023-10-01 00:00:00»,
booleans as «true». `typed` says the strings stand for such typed cells (a spreadsheet); a CSV's strings are
text (`typed=False`). Whole columns are read with Arrow compute; Python values are made only for the rows a step
asks for (`take`, `rows`), typed back as calamine would give them (1200.0, date, True).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pyarrow as pa

from etl import arrow_ops

# fastexcel's text of a number and of a date (both regex dialects read them: Python's re and Arrow's RE2)
_NUMBER_TEXT = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]*[1-9])?(?:[eE][-+]?[0-9]+)?"
_DATE_TEXT = r"([0-9]{4})-([0-9][0-9])-([0-9][0-9])(?:[ T]([0-9][0-9]):([0-9][0-9]):([0-9][0-9])(?:\.[0-9]+)?)?"
_NUMBER = re.compile(_NUMBER_TEXT + r"\Z")
_DATETIME = re.compile(_DATE_TEXT + r"\Z")
NUMBER_RE = f"^{_NUMBER_TEXT}$"  # for Arrow compute
TYPED_RE = f"^(?:{_NUMBER_TEXT}|{_DATE_TEXT}|true|false)$"  # a number, a date or a boolean: no text cell


def typed(s):
    """A cell's string as the value it stands for (fastexcel's text of a number, date or boolean)."""
    if s is None or s.__class__ is not str or not s:
        return s if s != "" else None
    c = s[0]
    if (c.isdigit() or c == "-") and s.isascii():
        if _NUMBER.match(s):
            return float(s)
        m = _DATETIME.match(s)
        if m:
            y, mo, d, h, mi, se = (int(x or 0) for x in m.groups())
            try:
                return date(y, mo, d) if not (h or mi or se) else datetime(y, mo, d, h, mi, se)
            except ValueError:
                return s
    elif s == "true":
        return True
    elif s == "false":
        return False
    return s


def indices(idx) -> pa.Array:
    """Row positions as an Arrow int64 array (from buffers: `pa.array` would import pandas, a quarter second)."""
    a = np.ascontiguousarray(idx, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(a), [None, pa.py_buffer(a)])


def mask(m: np.ndarray) -> pa.Array:
    """A numpy boolean array as an Arrow one."""
    return pa.Array.from_buffers(pa.bool_(), len(m), [None, pa.py_buffer(np.packbits(m, bitorder="little"))])


def _bits(buf, offset: int, n: int) -> np.ndarray:
    return np.unpackbits(np.frombuffer(buf, np.uint8), bitorder="little")[offset:offset + n].astype(bool)


def np_bool(arr: pa.Array, null: bool = False) -> np.ndarray:
    """An Arrow boolean array as numpy, nulls read as `null` (without `to_numpy`, which would import pandas)."""
    n = len(arr)
    validity, data = arr.buffers()[:2]
    vals = _bits(data, arr.offset, n) if data is not None else np.zeros(n, bool)
    if validity is None or arr.null_count == 0:
        return vals
    valid = _bits(validity, arr.offset, n)
    return np.where(valid, vals, null)


def encoded(arr: pa.Array, arrow: bool = False) -> tuple[list, np.ndarray]:
    """(distinct strings, each cell's index into them; an empty cell's index is len(distinct)); `arrow`: the
    distinct strings as an Arrow array."""
    enc = arrow_ops.encode(arr)
    distinct = enc.dictionary if arrow else enc.dictionary.to_pylist()
    ix = enc.indices
    codes = np.frombuffer(ix.buffers()[1], np.int32)[ix.offset:ix.offset + len(ix)].astype(np.int64)
    if ix.null_count:
        codes[~_bits(ix.buffers()[0], ix.offset, len(ix))] = len(distinct)
    return distinct, codes


def _type_pool(pool: np.ndarray, texts: pa.Array, keep: str | None = None,
               number_texts: frozenset[str] = frozenset()) -> None:
    """`typed` over distinct strings (`texts`, and the same in `pool`): numbers converted by Arrow, dates and
    booleans one by one, "" to None; strings matching `keep` (an Arrow regex) stay as they are, and so do the
    sheet's `number_texts`."""
    num = np_bool(arrow_ops.match(texts, NUMBER_RE))
    if keep is not None:
        num &= ~np_bool(arrow_ops.match(texts, keep))
    if number_texts and num.any():
        num &= ~_among(texts, number_texts)
    if num.any():
        pool[:-1][num] = arrow_ops.to_float(arrow_ops.keep(texts, mask(num))).to_pylist()
    for k in np.nonzero(~num & np_bool(arrow_ops.match(texts, r"^([0-9]{4}-|true$|false$|$)")))[0]:
        pool[k] = typed(pool[k])


def _among(texts: pa.Array, values: frozenset[str]) -> np.ndarray:
    return np_bool(arrow_ops.is_in(texts, pa.array(sorted(values), pa.string())), null=False)


def as_text(v) -> str | None:
    """A Python cell value written the way the reader writes it (the inverse of `typed`)."""
    if v is None or v.__class__ is str:
        return v if v != "" else None
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.strftime("%Y-%m-%d 00:00:00")
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    return str(v)


@dataclass(frozen=True, eq=False)
class Cells:
    """A column's cells at some rows: their distinct values (typed as `Sheet.values` types them; an empty cell is
    the None at the end) and each row's index into them — a step can work once per distinct value."""

    pool: np.ndarray  # object
    codes: np.ndarray  # int64, one per row

    def values(self) -> list:
        return self.pool[self.codes].tolist()


@dataclass(eq=False)
class Sheet:
    name: str
    rows_in: list[list] | None = None  # Python rows to build the columns from (tests, CSV); not kept
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # 0-based, inclusive
    # cells holding a formula error (#DIV/0!, #N/A …; read as empty): (row, column) 0-based → code
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_cols: set[int] = field(default_factory=set)  # 0-based columns the file hides (xlsx, xls)
    # 0-based rows the file hides by hand (not by a filter, nor in a collapsed group: etl/hidden_rows.py)
    hidden_rows: set[int] = field(default_factory=set)
    struck: dict[int, set[int]] = field(default_factory=dict)  # row → its struck-through cells (etl/struck_rows.py)
    # cells computed by a formula: (row, column) 0-based → the value the file saved with it ("" when none)
    formulas: dict[tuple[int, int], str | None] = field(default_factory=dict)
    columns: list[pa.Array] | None = None  # string arrays of one length, index = Excel column
    typed: bool = True  # the strings stand for typed cells (see the module's note)
    # text cells that read like a number's text («24.317» typed as text: etl/number_texts.py): they stay text
    number_texts: frozenset[str] = frozenset()
    merged_filled: int | None = None  # set by etl/locate.py once merged values are filled down
    # column -> the rows whose cell took a merged value (etl/locate.py): a label row under a merge is judged by its own
    merged_cells: dict[int, np.ndarray] = field(default_factory=dict)

    def __post_init__(self):
        if self.columns is None:
            rows = self.rows_in or []
            width = max((len(r) for r in rows), default=0)
            enc = as_text if self.typed else (lambda v: None if v in (None, "") else str(v))
            self.columns = [pa.array([enc(r[c]) if c < len(r) else None for r in rows], pa.string())
                            for c in range(width)]
        self.rows_in = None
        self._rows = None
        self._enc: dict = {}  # column → (distinct strings, codes); ("pool", column) → {keep: their values}

    @property
    def height(self) -> int:
        return len(self.columns[0]) if self.columns else 0

    @property
    def width(self) -> int:
        return len(self.columns)

    def values(self, arr: pa.Array) -> list:
        """An array's cells as Python values (typed back for a spreadsheet), made once per distinct value."""
        if len(arr) < 1000:  # a few rows: one by one is cheaper than pooling
            vals = arr.to_pylist()
            if not self.typed:
                return vals
            keep = self.number_texts
            return [v if keep and v in keep else typed(v) for v in vals]
        texts, codes = encoded(arr, arrow=True)
        return self._pool(texts)[codes].tolist()

    def _pool(self, texts: pa.Array, keep: str | None = None) -> np.ndarray:
        """The values of distinct strings (those matching `keep` left as text), and None for an empty cell last."""
        pool = np.empty(len(texts) + 1, dtype=object)
        pool[:-1] = texts.to_pylist()
        if self.typed and len(texts):
            _type_pool(pool, texts, keep, self.number_texts)
        return pool

    def cells(self, c: int, idx, keep: str | None = None) -> Cells:
        """Column c's cells at these rows (a list or an int64 array; all empty beyond the sheet's columns);
        `keep`: an Arrow regex of the texts that stay text (an INN of digits is no number)."""
        if c >= self.width:
            return Cells(np.array([None], dtype=object), np.zeros(len(idx), np.int64))
        texts, codes = self.encoding(c)
        pools = self._enc.setdefault(("pool", c), {})
        if keep not in pools:
            pools[keep] = self._pool(texts, keep)
        return Cells(pools[keep], codes[np.asarray(idx, dtype=np.int64)])

    def take(self, idx: list[int]) -> list[list]:
        """The rows at these 0-based indices, as lists of Python values."""
        if not self.columns:
            return [[] for _ in idx]
        ix = indices(idx)
        cols = [self.values(arrow_ops.take(c, ix)) for c in self.columns]
        return [list(r) for r in zip(*cols)]

    @property
    def rows(self) -> list[list]:
        """Every row as Python values (made once; for small sheets and row-wise steps)."""
        if self._rows is None:
            self._rows = self.take(list(range(self.height)))
        return self._rows

    def head(self, n: int) -> list[list]:
        return self.rows[:n] if self._rows is not None else self.take(list(range(min(n, self.height))))

    def drop(self) -> None:
        """Let go of the cells (the records have been taken)."""
        self.columns = []
        self._rows = None
        self._enc.clear()

    def set_column(self, c: int, arr: pa.Array) -> None:
        self.columns[c] = arr
        self._rows = None
        self._enc.pop(c, None)
        self._enc.pop(("pool", c), None)
        self._enc.pop(("blank", c), None)

    def replace_cells(self, c: int, texts: dict[int, str]) -> None:
        """Column c with the cells at these rows replaced by these texts (a name or a measure joined from two
        rows)."""
        import pyarrow.compute as pc

        at = np.zeros(self.height, bool)
        rows = sorted(texts)
        at[rows] = True
        self.set_column(c, pc.replace_with_mask(self.columns[c].cast(pa.string()), pa.array(at),
                                                pa.array([texts[r] for r in rows], pa.string())))

    def blank(self, c: int) -> np.ndarray:
        """Per distinct string of column c (and an empty cell last): empty or only spaces."""
        return self.text_kinds(c)[0]

    def text_kinds(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        """Per distinct string of column c (and an empty cell last): (empty or only spaces, a text cell — neither
        empty nor standing for a number, date or boolean). Each regex reads only the strings the one before left
        open: a column of numbers (row numbers, INNs) is read once."""
        if ("blank", c) not in self._enc:
            d = self.encoding(c)[0]
            typed = np_bool(arrow_ops.match(d, TYPED_RE), null=True) if self.typed else \
                np.zeros(len(d), bool)
            if self.number_texts and typed.any():
                typed &= ~_among(d, self.number_texts)
            blank = np.zeros(len(d), bool)
            rest = ~typed
            if rest.all():
                blank = np_bool(arrow_ops.match(d, r"^\s*$"), null=True)
            elif rest.any():
                blank[rest] = np_bool(arrow_ops.match(arrow_ops.keep(d, mask(rest)), r"^\s*$"), null=True)
            self._enc[("blank", c)] = (np.append(blank, True), np.append(~typed & ~blank, False))
        return self._enc[("blank", c)]

    def encoding(self, c: int) -> tuple[pa.Array, np.ndarray]:
        """Column c as (its distinct strings, each row's index into them; an empty cell's is their count)."""
        if c not in self._enc:
            self._enc[c] = encoded(self.columns[c], arrow=True)
        return self._enc[c]
