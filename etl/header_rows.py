"""The header of a sheet's table: the row scoring best against the column-synonym catalogue among the first rows,
extended up and down to the whole header (1–3 rows, merged or not), and its columns (etl/locate.py uses it)."""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.event_names import catalogue_event
from etl.header_joins import under_a_group, wrapped
from etl.normalize import parse_partner_type
from etl.model import col_letter
from etl.row_rules import clean, empty, is_num, number_row, units_row

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


def find(rows: list[list], merged, catalogue, hidden: set[int]) -> tuple[int, int, list[Column]] | None:
    """(first and last header rows, 0-based, and the columns with a header) of the first rows of a sheet; None if
    no row reads as a header. `hidden`: the columns the file hides."""
    best, best_score = None, 0
    for r in range(min(len(rows), HEADER_SCAN_ROWS)):
        hits, texts, nums = _row_score(rows[r], catalogue)
        if hits > best_score and texts >= 2 and not units_row(rows[r]):  # («чел. | чел. | %»: under the header)
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
    return (first, last, columns) if columns else None


def _row_score(row: list, cat) -> tuple[int, int, int]:
    """(cells matching a known header synonym, text cells, numeric cells)."""
    hits = texts = nums = 0
    kinds = set()  # partner types heading columns of their own («ВУЗ | СПО | Предприятия»): two or more are a header
    for v in row:
        if isinstance(v, str):
            s = v.strip()
            if not s:
                continue
            texts += 1
            # (a catalogue event's name heads its column in a form with a column per event: «Путь навыков»)
            if len(s) <= 300 and (cat.is_header_text(s) or catalogue_event(s) is not None):
                hits += 1
            elif len(s) <= 20 and len(s.split()) <= 2:
                kinds.add(parse_partner_type(s)[0])
        elif is_num(v):
            nums += 1
    kinds.discard(None)
    return hits + (len(kinds) if len(kinds) >= 2 else 0), texts, nums


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
        if merge or (above - below and below - above) or wrapped(rows[r], rows[first], cat):
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
        elif structured and (hits * 2 >= len(t) or under_a_group(rows[last], here, merged, last)):
            last = r
        else:
            break
    return first, last


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
