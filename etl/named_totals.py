"""A total without «Итого»: the school column names the municipality itself («г.о. Химки», «Городской округ Химки»)
among rows naming schools — the municipality's total, not one more school; with nothing beside it, or written alone
in another column of an empty row («Лобня» under «№ п/п»), the title of the municipality's block of schools. Found
over the column's distinct texts in Arrow (a form of 100 000 schools has as many names: only the few that no school
mark rules out are looked up in the registry), before the records are taken."""
from __future__ import annotations

from etl.carry_down import with_data
from etl.row_rules import R_SECTION, R_TOTAL, clean, empty

# what names a school (a type, «№ 5», a number), never a municipality (Arrow's RE2 dialect)
SCHOOL_MARK = r"(?i)сош|оош|нош|школ|лице|гимнази|кадет|интернат|оу(?:\P{L}|$)|№|[0-9]"


def drop(st, sheet, t, cmap) -> None:
    """Take the rows naming a municipality where the school is out of the table's records: as totals, or as the
    sections their schools belong to (a municipality's name over its block — with nothing beside it, «Балашиха»,
    «г. Королёв», or with its sums when the table opens with one)."""
    c = cmap.fields.get("school_name")
    if c is None or c >= sheet.width or not t.data_rows:
        return
    import numpy as np

    gone, first_school = _named(st, sheet, t, cmap, c)
    lone = _lone_names(st, sheet, t, c)
    if not gone and not lone:
        return
    at = np.asarray(sorted(gone), dtype=np.int64)
    filled = dict(zip(at.tolist(), with_data(sheet, at, cmap, ("school_name", "municipality")).tolist()))
    # (the table opens with a municipality's sums, before its first school: each such row heads its block)
    on_top = bool(gone) and filled[min(gone)] and first_school is not None and min(gone) < first_school
    heads = {r for r in gone if not filled[r] or on_top}
    t.data_rows = [r for r in t.data_rows if r not in gone and r not in lone]
    t.skipped.extend((r, R_SECTION if r in heads or r in lone else R_TOTAL) for r in sorted(gone | set(lone)))
    titles = {**dict(zip(sorted(heads), (clean(v[c]) for v in sheet.take(sorted(heads))))), **lone}
    if titles:
        t.sections = sorted([*(getattr(t, "sections", None) or []), *titles.items()])


def _named(st, sheet, t, cmap, c: int) -> tuple[set[int], int | None]:
    """Record rows whose school cell names a municipality («г.о. Химки», «Балашиха») or the region, and the first
    record row whose cell names a school («МБОУ СОШ № 1»: a school's mark) when there are such rows."""
    import numpy as np

    from etl import arrow_ops
    from etl.sheet import np_bool

    texts, codes = sheet.encoding(c)
    marked = np_bool(arrow_ops.match(texts, SCHOOL_MARK), null=True)
    if marked.all():
        return set(), None
    words = texts.to_pylist()
    named = {k for k in np.nonzero(~marked)[0].tolist()  # (or the region: «Московская область» over everything)
             if (w := (words[k] or "").strip()) and not w.isdigit()
             and (st.reg.match(w) is not None or st.reg.region_code(w) is not None)}
    if not named:
        return set(), None
    rows = np.asarray(t.data_rows, dtype=np.int64)
    hit = np.isin(codes[rows], list(named))
    if hit.all():
        return set(), None  # a column of municipality names only: no school column (mapped as one by mistake)
    gone = set(rows[hit].tolist())
    partner = cmap.fields.get("partner_name")
    if st.kind == "agreements" and partner is not None:  # a partner's name on it: an agreement (asked: the rules)
        gone = {r for r, vals in zip(sorted(gone), sheet.take(sorted(gone)))
                if partner >= len(vals) or not isinstance(vals[partner], str) or not vals[partner].strip()}
    schools = rows[np.append(marked, False)[codes[rows]]]  # (an empty cell's code is past the distinct texts)
    return gone, int(schools.min()) if len(schools) else None


def _lone_names(st, sheet, t, c: int) -> dict[int, str]:
    """Record rows with no school whose one filled cell names a municipality («Лобня» under «№ п/п»): their titles."""
    import numpy as np

    rows = np.asarray(t.data_rows, dtype=np.int64)
    no_school = rows[sheet.blank(c)[sheet.encoding(c)[1][rows]]].tolist()
    out = {}
    for r, row in zip(no_school, sheet.take(no_school) if no_school else []):
        filled = [v for v in row if not empty(v)]
        if len(filled) == 1 and isinstance(filled[0], str) and not filled[0].strip().isdigit() and \
                st.reg.match(filled[0].strip()) is not None:
            out[r] = clean(filled[0])
    return out
