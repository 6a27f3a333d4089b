"""Find the table on a messy sheet: title rows, header rows (1–3, merged or not), data rows.

The header is found by scoring rows against the column-synonym catalogue (not by position). Below it,
every row is classified by looking only at its first few text cells (fast: a 100 000-row sheet takes a
fraction of a second): records, subtotal/total rows, footers (and everything after the first footer),
blank rows, column-number rows and repeated header rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from etl.model import col_letter

HEADER_SCAN_ROWS = 60  # the header must start within the first rows of a sheet
MAX_HEADER_ROWS = 3
MIN_HEADER_SCORE = 2

# Reasons (Russian, shown to the analyst) for rows that are not records.
R_TOTAL = "итоговая строка"
R_FOOTER = "подвал"
R_NUMBERS = "нумерация столбцов"
R_EMPTY = "пустая строка"
R_HEADER = "повтор заголовка"
R_SECTION = "заголовок раздела"
R_UNITS = "единицы измерения"
R_OTHER_TABLE = "другая таблица ниже на листе"
R_BREAKDOWN = "разбивка итога («в том числе …»)"
_UNITS_RE = re.compile(r"^\s*(чел|человек|ед|шт|%|руб|тыс|час|ч|ед\.?\s*изм|да\s*/\s*нет|дд\.мм\.гггг)\.?\s*$",
                       re.IGNORECASE)

_TOTAL_RE = re.compile(
    r"^\s*(итого\b|итог\b|всего\b|сумма\b|в\s+том\s+числе|в\s*т\.\s*ч\.?|общий\s+итог|total\b)"
    r"|\bитого\b|\(итого?\)|\bитог\s*$", re.IGNORECASE)  # «Мытищи Итог»: Excel's «Промежуточные итоги»
_FOOTER_RE = re.compile(
    r"^\s*(исполнитель|ответственный\s+исполнитель\s*:|примечани|справочно|справка\s*:|пояснени|"
    r"руководител|м\.\s*п\.?|мп\b|подпись|"
    r"ф\.\s*и\.\s*о\.\s*исполн|тел\.|телефон|e-?mail|дата\s+заполнения|директор\s*_|начальник\s+управления|"
    r"составил|исп\.\s|\*\s*\S|сноск|[¹²³⁴⁵⁶⁷⁸⁹]\s*\S)", re.IGNORECASE)
_SECTION_RE = re.compile(
    r"^\s*(раздел|[IVXLC]+\.?\s|\d+(\.\d+)*\.?\s+\D)|городск|округ|район|муниципальн|\bг\.\s*о\.|\bго\b|\bмо\b"
    r"|^\s*(базов|основн|продвинут)\w*\s+уров",
    re.IGNORECASE)
# rows under a total that break it down («в том числе:», «сельские ОО», «городские ОО», «из них …»): not schools
_BREAKDOWN_RE = re.compile(r"^\s*(из\s+них\b|в\s+т\.?\s*ч\.?|в\s+том\s+числе|(сельск|городск|поселков)(ие|их)\b"
                           r"|(оо|школы|организации)\s+(в\s+)?(сельск|городск)|малокомплектн\w*\s+(оо|школ)"
                           r"|(расположенн|находящ)\w*\s+в\s+(сельск|городск))", re.IGNORECASE)
_WS_RE = re.compile(r"\s+")
_DIGITS_RE = re.compile(r"^\s*\d{1,3}\s*\.?\s*$")


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


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _clean(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (date, datetime)):
        return v.strftime("%d.%m.%Y")
    return _WS_RE.sub(" ", str(v)).strip()


def _maybe_total(lead: list[str]) -> bool:
    """A cheap pre-check before the total-row regex (most rows are records)."""
    sl = " ".join(lead).lower()
    return "итог" in sl or "всего" in sl or "сумм" in sl or "в т" in sl or "total" in sl


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
        elif _is_num(v):
            nums += 1
    return hits, texts, nums


def _other_header(row: list, cat) -> bool:
    """A header row of another table: text only, three or more cells that are known headers word for word, and
    they are most of its cells (a record's values — a municipality, «ОО» as a partner type — are not)."""
    texts = exact = 0
    for v in row:
        if v is None:
            continue
        if v.__class__ is not str:
            return False
        if v.strip():
            texts += 1
            exact += cat.is_exact_header(v)
    return exact >= 3 and 2 * exact > texts


def _number_row(row: list) -> bool:
    """A row of column numbers: 1, 2, 3 … (ints or digit strings), at least three consecutive."""
    vals = []
    for v in row:
        if _empty(v):
            continue
        if _is_num(v) and float(v).is_integer():
            vals.append(int(v))
        elif isinstance(v, str) and _DIGITS_RE.match(v):
            vals.append(int(v.strip().rstrip(".")))
        else:
            return False
    if len(vals) < 3:
        return False
    ok = sum(1 for a, b in zip(vals, vals[1:]) if b == a + 1)
    return ok >= len(vals) - 2 and vals[0] <= 2


def _units_row(row: list) -> bool:
    """A row of units under the header: «чел.», «ед.», «%», «да/нет» only."""
    cells = [v for v in row if not _empty(v)]
    return bool(cells) and all(isinstance(v, str) and _UNITS_RE.match(v) for v in cells)


def _merged_into(merged, r_from: int, r_to: int) -> bool:
    """Some merge range starts at or above r_from and reaches down to r_to."""
    return any(r0 <= r_from and r1 >= r_to for (r0, _c0), (r1, _c1) in merged)


def _header_block(rows: list[list], best: int, merged, cat) -> tuple[int, int]:
    """Extend the best-scoring row up and down to the whole (1–3 row) header."""
    first = last = best

    def texts(r):
        return [(c, v) for c, v in enumerate(rows[r]) if isinstance(v, str) and v.strip()]

    def has_nums(r):
        return any(_is_num(v) for v in rows[r])

    def nonempty_cols(r):
        return {c for c, v in enumerate(rows[r]) if not _empty(v)}

    # up: a parent row above (event names over обучающиеся / родители / педагоги, «Численность …» over «всего»)
    while first > 0 and last - first + 1 < MAX_HEADER_ROWS:
        r = first - 1
        t = texts(r)
        if len(t) < 2 or has_nums(r) or _number_row(rows[r]):
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
        if not t or has_nums(r) or _number_row(rows[r]):
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

    from etl.sheet import indices, np_bool

    n, count = sheet.height, 0
    by_col: dict[int, list] = {}
    for (r0, c0), (r1, c1) in merged:
        if r0 <= below or r1 <= r0 or c1 - c0 >= 2 or r0 >= n or c0 >= sheet.width:
            continue
        by_col.setdefault(c0, []).append((r0, min(r1, n - 1)))
    for c, spans in by_col.items():
        col = sheet.columns[c]
        empty = np_bool(col.is_null())
        idx = np.arange(n)
        for r0, r1 in spans:
            v = col[r0].as_py()
            if v is None or not v.strip():
                continue
            seg = empty[r0 + 1:r1 + 1]
            idx[r0 + 1:r1 + 1][seg] = r0  # a cell with its own value (written under a merge) keeps it
            count += int(seg.sum())
        sheet.set_column(c, col.take(indices(idx)))
    sheet.merged_filled = count
    return count


def _header_grid(rows: list[list], first: int, last: int, merged, width: int) -> list[list[str]]:
    grid = [[_clean(rows[r][c]) if c < len(rows[r]) else "" for c in range(width)] for r in range(first, last + 1)]
    # merged cells: the top-left value fills the whole range (within the header rows)
    for (r0, c0), (r1, c1) in merged:
        if r1 < first or r0 > last or c0 >= width:
            continue
        v = _clean(rows[r0][c0]) if r0 < len(rows) and c0 < len(rows[r0]) else ""
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
        cells = [_clean(v) for v in rows[r] if not _empty(v)]
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
    rows = None  # (filled down: read again)
    skipped: list[tuple[int, str]] = []
    number_row = None
    start = last + 1
    for _ in range(2):  # a column-number row and a units row, in either order
        row = sheet.take([start])[0] if start < n else None
        if row is not None and _number_row(row):
            number_row = start
            skipped.append((start, R_NUMBERS))
            start += 1
        elif row is not None and _units_row(row):
            skipped.append((start, R_UNITS))
            start += 1
    judge = _Rows(sheet, catalogue, header_raw, header_keys, len(columns), skipped,
                  {r0 for (r0, c0), (_r1, c1) in merged if c1 - c0 >= 2 and r0 > last})
    judge.run(start)
    return Table(sheet.name, " | ".join(title_lines), (first, last), judge.data_rows, skipped, columns, number_row,
                 judge.sections, merged_filled)


class _Rows:
    """The rows under the header, judged in order: the plain records in bulk (etl/row_kinds.py), every other row
    by the rules below, with what they remember (the row after a total, the first texts of records)."""

    def __init__(self, sheet, cat, header_raw: set, header_keys: set, ncols: int, skipped: list, wide_merge_rows):
        self.sheet, self.cat, self.header_raw, self.header_keys = sheet, cat, header_raw, header_keys
        self.ncols, self.skipped, self.wide_merge_rows = ncols, skipped, wide_merge_rows
        self.data_rows: list[int] = []
        self.sections: list[tuple[int, str]] = []
        self.after_total = False  # the rows right under a total may break it down
        self.plain0: set[str] = set()  # first texts of records judged one by one that are nothing special

    def s0_special(self, s0: str) -> bool:
        """A first text some rule looks at (a footer, a number, a header text, maybe a total)."""
        return bool(_FOOTER_RE.match(s0) or "____" in s0 or _DIGITS_RE.match(s0) or s0.strip() in self.header_raw
                    or _maybe_total([s0]))

    def run(self, start: int) -> None:
        import numpy as np

        from etl import row_kinds

        n = self.sheet.height
        f = row_kinds.features(self.sheet, start)
        plain = row_kinds.plain_rows(f, self.s0_special)
        self.first_plain = row_kinds.first_plain_of_s0(f, plain)
        self.start = start
        special = np.nonzero(~plain)[0]
        values = dict(zip(special.tolist(), self.sheet.take((special + start).tolist())))
        pos, m = 0, n - start
        for i in [*special.tolist(), m]:
            while pos < i:
                if not self.after_total:
                    self.data_rows.extend(range(start + pos, start + i))
                    pos = i
                    break
                if self.judge(pos, self.sheet.take([start + pos])[0]):  # a plain row under a total
                    return
                pos += 1
            if i == m or self.judge(i, values.pop(i)):
                return
            pos = i + 1

    def _seen(self, i: int, s0: str) -> bool:
        return s0 in self.plain0 or self.first_plain[i] < i

    def judge(self, i: int, row: list) -> bool:
        """Judge the row `i` rows below the start; True: the table ends here (a footer, another table)."""
        r, n, skipped, data_rows = self.start + i, self.sheet.height, self.skipped, self.data_rows
        if not any(row):
            if all(_empty(v) for v in row):
                skipped.append((r, R_EMPTY))
                return False
        # the first few text cells decide what the row is
        lead = [v for v in row if v.__class__ is str]
        if lead and (lead[0].isspace() or (len(lead) > 1 and lead[1].isspace())):
            lead = [v for v in lead if not v.isspace()]
        if not lead:
            if all(_empty(v) for v in row):
                skipped.append((r, R_EMPTY))
            elif _number_row(row):
                skipped.append((r, R_NUMBERS))
            elif self.ncols >= 3 and all(v is None or _is_num(v) for v in row):
                # only numbers, no label at all: a totals row whose label is lost (formula rows)
                skipped.append((r, R_TOTAL))
            else:
                data_rows.append(r)
            return False
        if len(lead) > 3:
            lead = lead[:3]
        s0 = lead[0]
        if self.after_total and any(_BREAKDOWN_RE.match(v) for v in lead):
            skipped.append((r, R_BREAKDOWN))
            return False
        self.after_total = False
        if len(lead) > 1 and self._seen(i, s0):
            # the first text is one already seen in a record (a municipality): only the others can say «Итого»
            rest = lead[1:]
            if _maybe_total(rest) and any(_TOTAL_RE.search(s) for s in rest):
                skipped.append((r, R_TOTAL))
                self.after_total = True
            else:
                data_rows.append(r)
            return False
        if _FOOTER_RE.match(s0) or "____" in s0:
            filled = sum(1 for v in row if not _empty(v))
            if filled <= max(3, self.ncols // 3):
                skipped.extend((rr, R_FOOTER) for rr in range(r, n))
                return True
        if _maybe_total(lead) and any(_TOTAL_RE.search(s) for s in lead):
            skipped.append((r, R_TOTAL))
            self.after_total = True
            return False
        if len(lead) == 1 and self.ncols >= 4 and sum(1 for v in row if not _empty(v)) == 1 and \
                (r in self.wide_merge_rows or _SECTION_RE.search(s0)):
            skipped.append((r, R_SECTION))
            self.sections.append((r, _clean(s0)))
            return False
        raw, keys, key = self.header_raw, self.header_keys, self.cat.key
        if len(lead) > 1 and s0.strip() in raw and lead[1].strip() in raw and key(s0) in keys and \
                key(lead[1]) in keys and all(v.strip() in raw or key(v) in keys
                                             for v in row if v.__class__ is str and v.strip()):
            skipped.append((r, R_HEADER))
            return False
        if len(lead) > 2 and _other_header(row, self.cat):
            # the header of another table under this one («Таблица 2. Договоры …»): this table ends here; its
            # title rows (one label each) just above go with it
            while data_rows and data_rows[-1] == r - 1 and \
                    sum(1 for v in self.sheet.take([r - 1])[0] if not _empty(v)) == 1:
                r -= 1
                data_rows.pop()
            skipped.extend((rr, R_OTHER_TABLE) for rr in range(r, n))
            return True
        if _DIGITS_RE.match(s0):
            if _number_row(row):
                skipped.append((r, R_NUMBERS))
                return False
        elif len(lead) > 1 and not _maybe_total(lead[:1]) and s0.strip() not in raw and \
                not _FOOTER_RE.match(s0) and "____" not in s0:
            self.plain0.add(s0)
        data_rows.append(r)
        return False
