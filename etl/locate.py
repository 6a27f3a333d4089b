"""Find the table on a messy sheet: title rows, header rows (1–3, merged or not), data rows.

The header is found by scoring the first rows against the column-synonym catalogue (not by position), on those
rows only. Below it, every row is classified (etl/row_judge.py): records, subtotal/total rows, footers (and
everything after the first footer), blank rows, column-number rows and repeated header rows — the plain records in
bulk over the sheet's Arrow columns, the others one by one.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.model import col_letter
from etl.row_judge import RowJudge
from etl.row_rules import R_NUMBERS, R_UNITS, clean, empty, is_num, number_row, units_row

HEADER_SCAN_ROWS = 60  # the header must start within the first rows of a sheet
MAX_HEADER_ROWS = 3
MIN_HEADER_SCORE = 2

@dataclass
class Column:
    index: int  # 0-based
    letter: str  # Excel letter
    header: str  # parts of a multi-row header joined with ' | '
    parts: list[str] = field(default_factory=list)
    hidden: bool = False  # the file hides this column (xlsx): a visible column of the same meaning is preferred


@dataclass
class Table:
    sheet_name: str
    title_text: str  # text of the rows above the header, rows joined with ' | '
    header_rows: tuple[int, int]  # 0-based, inclusive
    data_rows: list[int]  # 0-based indices of record rows
    skipped: list[tuple[int, str]]  # (0-based row, Russian reason)
    columns: list[Column]
    number_row: int | None = None  # 0-based row of column numbers (1, 2, 3 …) under the header
    sections: list[tuple[int, str]] = field(default_factory=list)  # rows with one label only («Раздел 1 …»)
    merged_filled: int = 0  # cells under the header that took the value of a merge spanning several rows

    def column(self, index: int) -> Column | None:
        for c in self.columns:
            if c.index == index:
                return c
        return None


def _row_score(row: list, cat) -> tuple[int, int, int]:
    """(cells matching a known header synonym, text cells, numeric cells)."""
    hits = texts = nums = 0
    for v in row:
        if isinstance(v, str):
            s = v.strip()
            if not s:
                continue
            texts += 1
            if len(s) <= 300 and cat.is_header_text(s):
                hits += 1
        elif is_num(v):
            nums += 1
    return hits, texts, nums


def _merged_into(merged, r_from: int, r_to: int) -> bool:
    """Some merge range starts at or above r_from and reaches down to r_to."""
    return any(r0 <= r_from and r1 >= r_to for (r0, _c0), (r1, _c1) in merged)


def _header_block(rows: list[list], best: int, merged, cat) -> tuple[int, int]:
    """Extend the best-scoring row up and down to the whole (1–3 row) header."""
    first = last = best

    def texts(r):
        return [(c, v) for c, v in enumerate(rows[r]) if isinstance(v, str) and v.strip()]

    def has_nums(r):
        return any(is_num(v) for v in rows[r])

    def nonempty_cols(r):
        return {c for c, v in enumerate(rows[r]) if not empty(v)}

    # up: a parent row above (event names over обучающиеся / родители / педагоги, «Численность …» over «всего»)
    while first > 0 and last - first + 1 < MAX_HEADER_ROWS:
        r = first - 1
        t = texts(r)
        if len(t) < 2 or has_nums(r) or number_row(rows[r]):
            break
        below = nonempty_cols(first)
        above = {c for c, _ in t}
        merge = _merged_into(merged, r, first)
        # a parent row: merges reach into the row below, or (written without merge info) it has headers over
        # columns that are empty below (single headers) and the row below has sub-headers where it is empty
        if merge or (above - below and below - above):
            first = r
        else:
            break
    # down: sub-headers under merged parents
    while last + 1 < len(rows) and last - first + 1 < MAX_HEADER_ROWS:
        r = last + 1
        t = texts(r)
        if not t or has_nums(r) or number_row(rows[r]):
            break
        above = nonempty_cols(last)
        here = {c for c, _ in t}
        hits = sum(1 for _, v in t if cat.is_header_text(v))
        merge = _merged_into(merged, last, r)
        structured = bool(above - here) and (bool(here - above) or merge)
        if merge and (hits or structured):
            last = r
        elif structured and hits * 2 >= len(t):
            last = r
        else:
            break
    return first, last


def _fill_merged_down(sheet, merged, below: int) -> int:
    """A value merged over several rows under the header (a municipality written once for all its schools, an
    event for all its municipalities) belongs to each of those rows: the covered empty cells of the merge's first
    column take it. Merges three or more columns wide are labels (sections), not values, and stay as they are.
    Returns how many cells hold a merged value (done once per sheet: the same count when asked again)."""
    if sheet.merged_filled is not None:
        return sheet.merged_filled
    import numpy as np

    from etl import arrow_ops
    from etl.sheet import indices, np_bool

    n, count = sheet.height, 0
    by_col: dict[int, list] = {}
    for (r0, c0), (r1, c1) in merged:
        if r0 <= below or r1 <= r0 or c1 - c0 >= 2 or r0 >= n or c0 >= sheet.width:
            continue
        by_col.setdefault(c0, []).append((r0, min(r1, n - 1)))
    for c, spans in by_col.items():
        col = sheet.columns[c]
        missing = np_bool(arrow_ops.is_null(col))
        idx = np.arange(n)
        for r0, r1 in spans:
            v = col[r0].as_py()
            if v is None or not v.strip():
                continue
            seg = missing[r0 + 1:r1 + 1]
            idx[r0 + 1:r1 + 1][seg] = r0  # a cell with its own value (written under a merge) keeps it
            count += int(seg.sum())
        sheet.set_column(c, arrow_ops.take(col, indices(idx)))
    sheet.merged_filled = count
    return count


def _header_grid(rows: list[list], first: int, last: int, merged, width: int) -> list[list[str]]:
    grid = [[clean(rows[r][c]) if c < len(rows[r]) else "" for c in range(width)] for r in range(first, last + 1)]
    # merged cells: the top-left value fills the whole range (within the header rows)
    for (r0, c0), (r1, c1) in merged:
        if r1 < first or r0 > last or c0 >= width:
            continue
        v = clean(rows[r0][c0]) if r0 < len(rows) and c0 < len(rows[r0]) else ""
        if not v:
            continue
        for r in range(max(r0, first), min(r1, last) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                if not grid[r - first][c]:
                    grid[r - first][c] = v
    # no merge info (csv, or the writer did not merge): a parent fills the empty cells to its right
    # as long as the row below has sub-headers there (and the parent itself has one under it)
    for h in range(len(grid) - 1):
        cur, nxt = grid[h], grid[h + 1]
        carry = ""
        for c in range(width):
            if cur[c]:
                carry = cur[c] if nxt[c] else ""
            elif carry and nxt[c]:
                cur[c] = carry
            else:
                carry = ""
    return grid


def find_table(sheet, catalogue) -> Table | None:
    """Locate the header and the record rows of the table on a sheet; None if no header is found."""
    n = sheet.height
    rows = sheet.head(HEADER_SCAN_ROWS + MAX_HEADER_ROWS + 3)  # the header is within these
    merged = list(getattr(sheet, "merged", None) or [])
    hidden = getattr(sheet, "hidden_cols", None) or set()
    best, best_score = None, 0
    for r in range(min(len(rows), HEADER_SCAN_ROWS)):
        hits, texts, nums = _row_score(rows[r], catalogue)
        if hits > best_score and texts >= 2:
            best, best_score = r, hits
    if best is None or best_score < MIN_HEADER_SCORE:
        return None
    first, last = _header_block(rows, best, merged, catalogue)
    width = max(len(rows[r]) for r in range(first, last + 1))
    grid = _header_grid(rows, first, last, merged, width)

    columns: list[Column] = []
    for c in range(width):
        parts: list[str] = []
        for h in range(len(grid)):
            v = grid[h][c]
            if v and (not parts or parts[-1] != v):
                parts.append(v)
        if parts:  # columns without any header (spacers) are dropped
            columns.append(Column(c, col_letter(c), " | ".join(parts), parts, c in hidden))
    if not columns:
        return None

    title_lines = []
    for r in range(first):
        cells = [clean(v) for v in rows[r] if not empty(v)]
        if cells:
            title_lines.append(" ".join(cells))

    # header cell texts (raw and normalised), to recognise a repeated header row
    header_raw = set()
    header_keys = set()
    for col in columns:
        for p in col.parts:
            header_raw.add(p)
            header_keys.add(catalogue.key(p))
    for r in range(first, last + 1):
        header_raw.update(v.strip() for v in rows[r] if isinstance(v, str))

    merged_filled = _fill_merged_down(sheet, merged, last) if merged else 0
    skipped: list[tuple[int, str]] = []
    numbers_at = None
    start = last + 1
    for _ in range(2):  # a column-number row and a units row, in either order
        row = sheet.take([start])[0] if start < n else None
        if row is not None and number_row(row):
            numbers_at = start
            skipped.append((start, R_NUMBERS))
            start += 1
        elif row is not None and units_row(row):
            skipped.append((start, R_UNITS))
            start += 1
    judge = RowJudge(sheet, catalogue, header_raw, header_keys, len(columns), skipped,
                     {r0 for (r0, c0), (_r1, c1) in merged if c1 - c0 >= 2 and r0 > last}, _notes(columns))
    judge.run(start)
    return Table(sheet.name, " | ".join(title_lines), (first, last), judge.data_rows, skipped, columns, numbers_at,
                 judge.sections, merged_filled)


def _notes(columns) -> set[int]:
    """The columns of notes («Примечание», «Комментарий»): a note «в т.ч. данные бывшего г.о. Дзержинский» says
    nothing about what its row is (a record, not a total)."""
    from etl import meaning

    return {c.index for c in columns if "note" in meaning.read(tuple(c.parts)).concepts}
