"""A total without «Итого»: the school column names the municipality itself («г.о. Химки», «Городской округ Химки»)
among rows naming schools — the municipality's total, not one more school. Found over the column's distinct texts
in Arrow (a form of 100 000 schools has as many names: only the few that no school mark rules out are looked up in
the registry), before the records are taken."""
from __future__ import annotations

from etl.row_rules import R_TOTAL

# what names a school (a type, «№ 5», a number), never a municipality (Arrow's RE2 dialect)
SCHOOL_MARK = r"(?i)сош|оош|нош|школ|лице|гимнази|кадет|интернат|оу(?:\P{L}|$)|№|[0-9]"


def drop(st, sheet, t, cmap) -> None:
    """Take the rows whose school cell names a municipality out of the table's records, as totals."""
    c = cmap.fields.get("school_name")
    if c is None or c >= sheet.width or not t.data_rows:
        return
    import numpy as np

    from etl import arrow_ops
    from etl.sheet import np_bool

    texts, codes = sheet.encoding(c)
    marked = np_bool(arrow_ops.match(texts, SCHOOL_MARK), null=True)
    if marked.all():
        return
    words = texts.to_pylist()
    named = {k for k in np.nonzero(~marked)[0].tolist()
             if (w := (words[k] or "").strip()) and not w.isdigit() and st.reg.match(w) is not None}
    if not named:
        return
    rows = np.asarray(t.data_rows, dtype=np.int64)
    hit = np.isin(codes[rows], list(named))
    if hit.all():
        return  # a column of municipality names only: no school column (mapped as one by mistake, said elsewhere)
    gone = set(rows[hit].tolist())
    partner = cmap.fields.get("partner_name")
    if st.kind == "agreements" and partner is not None:  # a partner's name on it: an agreement (asked: the rules)
        gone = {r for r, vals in zip(sorted(gone), sheet.take(sorted(gone)))
                if partner >= len(vals) or not isinstance(vals[partner], str) or not vals[partner].strip()}
    t.data_rows = [r for r in t.data_rows if r not in gone]
    t.skipped.extend((r, R_TOTAL) for r in sorted(gone))
