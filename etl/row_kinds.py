"""What each row under a table's header is (a record, a total, a footer, a section label …), over a sheet's Arrow
columns: each column's distinct strings are read once with Arrow compute (empty? a number or date? a word of a
total?) and taken back to the rows by their codes, to find the rows that are plainly records (two or more filled
cells, a first text that is no total, footer, number or header, no text saying «итого»); only the other rows
become Python values and are judged one by one, in order (etl/row_judge.py `RowJudge.judge`).
"""
from __future__ import annotations

import numpy as np

from etl import arrow_ops
from etl.row_rules import GROUP_PATTERN, MAYBE_TOTAL
from etl.sheet import indices, mask, np_bool

_MAYBE_TOTAL_RE = "|".join(MAYBE_TOTAL)  # etl/row_rules.py `maybe_total`, on each lead text, lower case
_LOOKED_AT_RE = _MAYBE_TOTAL_RE + "|" + GROUP_PATTERN  # (one pass over a column's texts for both)


def features(sheet, start: int) -> dict:
    """Per row from `start`: filled cells, text cells, whether one of its first three texts may say «итого», and
    its first text (the column it is in and its code there)."""
    m = max(sheet.height - start, 0)
    filled = np.zeros(m, np.int32)
    texts = np.zeros(m, np.int32)
    maybe_total = np.zeros(m, bool)
    lead_col = np.full(m, -1, np.int64)
    lead_code = np.zeros(m, np.int64)
    merged = np.zeros(m, np.int32)  # cells holding a merged value (a municipality written once for its rows)
    for j in range(sheet.width):
        if sheet.columns[j].null_count == sheet.height:
            continue
        d, codes = sheet.encoding(j)
        codes = codes[start:]
        blank, text = sheet.text_kinds(j)
        nonempty = ~blank[codes]
        is_text = text[codes]
        total_word = np.zeros(len(text), bool)  # read on the texts only (a number says no «итого»)
        if text.any():  # (a group of schools, «Городские ОО», is judged one by one as well)
            words = arrow_ops.lower(arrow_ops.keep(d, mask(text[:-1])))
            total_word[np.flatnonzero(text)] = np_bool(arrow_ops.match(words, _LOOKED_AT_RE))
        maybe_total |= is_text & (texts < 3) & total_word[codes]
        first = is_text & (texts == 0)
        lead_col[first] = j
        lead_code[first] = codes[first]
        filled += nonempty
        texts += is_text
        took = sheet.merged_cells.get(j)
        if took is not None:
            merged += nonempty & took[start:]
    return {"filled": filled, "texts": texts, "maybe_total": maybe_total, "lead_col": lead_col,
            "lead_code": lead_code, "merged": merged}


def plain_rows(sheet, f: dict, s0_special) -> np.ndarray:
    """Rows that are records by every rule of `RowJudge.judge` without looking further; `s0_special(text) -> bool`:
    the first text is one a rule looks at (footer, number, header text, total). Also gives each row's first text
    an id (`f["s0"]`, -1 for none: the same text in any column has the same id)."""
    filled, texts = f["filled"], f["texts"]
    ok = (texts >= 1) & (filled >= 2) & ~f["maybe_total"]
    ok &= ~((texts > 2) & (texts == filled))  # text only: maybe the header of another table
    ok &= ~((filled == 2) & (texts == 1))  # maybe a numbered section, «1 | Городской округ Химки»
    ok &= ~((f["merged"] > 0) & (filled - f["merged"] <= 1))  # maybe a section under a merged cell (RowJudge)
    lead_col, lead_code = f["lead_col"], f["lead_code"]
    s0 = np.full(len(texts), -1, np.int64)
    bad = np.ones(len(texts), bool)
    ids: dict[str, int] = {}
    for j in np.nonzero(np.bincount(lead_col + 1))[0][1:] - 1 if len(lead_col) else []:
        rows = lead_col == j
        codes = lead_code[rows]
        d = sheet.encoding(int(j))[0]
        present = np.nonzero(np.bincount(codes, minlength=len(d)))[0]
        lut_id = np.zeros(len(d), np.int64)
        lut_bad = np.zeros(len(d), bool)
        for c, text in zip(present.tolist(), arrow_ops.take(d, indices(present)).to_pylist()):
            lut_id[c] = ids.setdefault(text, len(ids))
            lut_bad[c] = bool(s0_special(text))
        s0[rows] = lut_id[codes]
        bad[rows] = lut_bad[codes]
    f["s0"] = s0
    return ok & ~bad


def first_plain_of_s0(f: dict, plain: np.ndarray) -> np.ndarray:
    """For each row, the first plain row (with two texts or more) whose first text is the same (large if none):
    the «first texts of records» of `RowJudge`, as of any row."""
    s0 = f["s0"]
    big = np.iinfo(np.int64).max
    first = np.full(int(s0.max()) + 2 if len(s0) else 1, big, np.int64)
    idx = np.nonzero(plain & (f["texts"] >= 2))[0]
    np.minimum.at(first, s0[idx], idx)  # the smallest row per first text
    return first[s0] if len(s0) else np.zeros(0, np.int64)
