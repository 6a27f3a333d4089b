"""What each row under a table's header is (a record, a total, a footer, a section label …), over a sheet's Arrow
columns: whole columns are read with Arrow compute to find the rows that are plainly records (two or more filled
cells, a first text that is no total, footer, number or header, no text saying «итого»); only the other rows
become Python values and are judged one by one by the rules of etl/locate.py (`Rows.judge`), in order.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.sheet import encoded, mask, np_bool

# fastexcel's text of a number, a date or a boolean (etl/sheet.py `typed`): not a text cell
_TYPED_RE = (r"^(-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?([eE][-+]?[0-9]+)?|[0-9]{4}-[0-9][0-9]-[0-9][0-9]"
             r"([ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9](\.[0-9]+)?)?|true|false)$")
_MAYBE_TOTAL_RE = "итог|всего|сумм|в т|total"  # etl/locate.py `_maybe_total`, on each lead text, lower case


def features(sheet, start: int) -> dict:
    """Per row from `start`: filled cells, text cells, the first three texts (lead0…2, Arrow) of each row."""
    m = max(sheet.height - start, 0)
    filled = np.zeros(m, np.int32)
    texts = np.zeros(m, np.int32)
    lead = [pa.nulls(m, pa.string()) for _ in range(3)]
    for col in sheet.columns:
        c = col.slice(start)
        if c.null_count == len(c):
            continue
        nonempty = ~np_bool(pc.match_substring_regex(c, r"^\s*$"), null=True)
        if sheet.typed:
            is_text = nonempty & ~np_bool(pc.match_substring_regex(c, _TYPED_RE))
        else:
            is_text = nonempty
        for k in range(3):
            at = is_text & (texts == k)
            if at.any():
                lead[k] = pc.if_else(mask(at), c, lead[k])
        filled += nonempty
        texts += is_text
    return {"filled": filled, "texts": texts, "lead": lead}


def plain_rows(f: dict, s0_special) -> np.ndarray:
    """Rows that are records by every rule of `Rows.judge` without looking further; `s0_special(text) -> bool`:
    the first text is one a rule looks at (footer, number, header text, total)."""
    filled, texts, lead = f["filled"], f["texts"], f["lead"]
    ok = (texts >= 1) & (filled >= 2)
    for k in range(3):
        low = pc.utf8_lower(lead[k])
        ok &= ~np_bool(pc.match_substring_regex(low, _MAYBE_TOTAL_RE))
    ok &= ~((texts > 2) & (texts == filled))  # text only: maybe the header of another table
    distinct, codes = encoded(lead[0])
    bad = np.array([bool(s0_special(v)) for v in distinct] + [True])
    ok &= ~bad[codes]
    f["s0_codes"] = codes
    return ok


def first_plain_of_s0(f: dict, plain: np.ndarray) -> np.ndarray:
    """For each row, the first plain row (with two texts or more) whose first text is the same (large if none):
    the «first texts of records» set of etl/locate.py, as of any row."""
    codes = f["s0_codes"]
    big = np.iinfo(np.int64).max
    first = np.full(codes.max() + 1 if len(codes) else 1, big, np.int64)
    idx = np.nonzero(plain & (f["texts"] >= 2))[0]
    # np.minimum.at keeps the smallest row per code
    np.minimum.at(first, codes[idx], idx)
    return first[codes] if len(codes) else np.zeros(0, np.int64)
