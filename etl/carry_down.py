"""A school written once for its block of rows. In a list of several records per school — agreements, events,
a row per indicator — a coordinator often writes the school on the first row of its block and leaves the cells
below it empty (not merged). Each of those rows is the school's: it takes the school of the record above. Rows
under a total («Итого по округу») whose school cell is empty are that total's continuation, not records."""
from __future__ import annotations

from etl.model import Problem
from etl.row_rules import R_SECTION, R_TOTAL
from etl.textru import plural

KINDS = ("agreements", "events", "effectiveness")


def carry_school(st, sheet, t, cmap, label) -> None:
    """Fill the empty school cells of the table's record rows from the record above (the sheet's column is
    changed); drop the rows that continue a total; one warning per sheet says how many rows took a school."""
    c = cmap.fields.get("school_name")
    if st.kind not in KINDS or cmap.layout != "long" or c is None or c >= sheet.width or not t.data_rows:
        return
    import numpy as np

    from etl import arrow_ops
    from etl.sheet import indices

    rows = sorted(t.data_rows)
    at = np.asarray(rows, dtype=np.int64)
    # a row without its school but with a record's data (a spare template row, the municipality only, is none)
    data = with_data(sheet, at, cmap, ("school_name", "municipality"))
    named = _filled(sheet, at, c)
    empty = ~named & data
    if not empty.any() or not named.any():
        return
    # a total ends a block (the empty rows under it continue it); a section («Городской округ Химки») too
    breaks = [(r, "total" if reason == R_TOTAL else "section") for r, reason in t.skipped
              if reason in (R_TOTAL, R_SECTION)]
    idx = np.arange(sheet.height)
    events = sorted([(r, "record") for r in rows] + breaks)
    source, carried, dropped = None, 0, set()
    empty_of, named_of = dict(zip(rows, empty.tolist())), dict(zip(rows, named.tolist()))
    for r, what in events:
        if what != "record":
            source = what if what == "total" else None
        elif named_of[r]:
            source = r
        elif not empty_of[r]:
            continue  # no data either (a spare row of a template)
        elif source == "total":
            dropped.add(r)
        elif source is not None:
            idx[r] = source
            carried += 1
    if carried:
        sheet.set_column(c, arrow_ops.take(sheet.columns[c], indices(idx)))
        m = cmap.fields.get("municipality")
        if m is not None and m < sheet.width:  # a row of the block with no municipality either: the block's
            took = at[(idx[at] != at) & ~_filled(sheet, at, m)]
            at_m = np.arange(sheet.height)
            at_m[took] = idx[took]
            sheet.set_column(m, arrow_ops.take(sheet.columns[m], indices(at_m)))
        st.problems.append(Problem(
            st.name, sheet.name, None, label(c), None, "school_carried_down",
            f"Наименование ОО записано один раз на несколько строк: в {carried} "
            f"{plural(carried, 'строке', 'строках', 'строках')} взято из строки выше (и муниципалитет, если его нет)",
            "Проверьте, что строки без наименования ОО относятся к ОО над ними", "warning"))
    if dropped:
        t.data_rows = [r for r in t.data_rows if r not in dropped]
        t.skipped.extend((r, R_TOTAL) for r in sorted(dropped))


def carry_municipality(st, sheet, t, cmap, label) -> None:
    """A municipality written on a row of its own over its schools («Лобня», the cells beside it empty, or a section
    «1. | Городской округ Химки»), or once on the first record of its block (the cells below it empty, not merged —
    a CSV is always so); the schools' municipality cells empty: its rows take it, up to a total (they were refused,
    «муниципалитет не указан»); one warning per sheet."""
    m = cmap.fields.get("municipality")
    if st.kind == "roadmap" or m is None or m >= sheet.width or not t.data_rows:
        return
    import numpy as np

    from etl import arrow_ops, names
    from etl.sheet import indices

    rows = sorted(t.data_rows)
    at = np.asarray(rows, dtype=np.int64)
    named = _filled(sheet, at, m)
    data = with_data(sheet, at, cmap, ("municipality",))
    heads = set(at[named & ~data].tolist())
    titled = {r: text for r, text in (getattr(t, "sections", None) or [])
              if names.municipality_from_text(st.reg, text, st.region) is not None}
    blank = at[~named]
    if not len(blank) or (not heads and not titled and not named.any()):
        return
    # the row each blank one takes its municipality from: the nearest above of a municipality's row of its own, a
    # section naming one, a record naming its own (its block's rows under it) — none after a total («Итого по …»)
    givers = ((_HEAD, sorted(heads)), (_TITLE, sorted(titled)), (_NAMED, at[named & data]),
              (_TOTAL, _totals(sheet, t)))
    src = np.concatenate([np.asarray(rows_of, dtype=np.int64) for _k, rows_of in givers])
    kind = np.concatenate([np.full(len(rows_of), k) for k, rows_of in givers])
    order = np.argsort(src, kind="stable")
    src, kind = src[order], kind[order]
    at_src = np.searchsorted(src, blank, side="right") - 1
    idx, took, below = np.arange(sheet.height), 0, 0
    over: dict[int, str] = {}  # rows under a section naming their municipality: its text
    for r, p in zip(blank.tolist(), at_src.tolist()):
        if p < 0 or kind[p] == _TOTAL:
            continue
        if kind[p] == _TITLE:
            over[r] = titled[int(src[p])]
        else:
            idx[r] = src[p]
        took += 1
        below += kind[p] == _NAMED
    if not took:
        return
    sheet.set_column(m, arrow_ops.take(sheet.columns[m], indices(idx)))
    if over:
        sheet.replace_cells(m, over)
    t.data_rows = [r for r in t.data_rows if r not in heads]
    t.skipped.extend((r, R_SECTION) for r in sorted(heads))
    said = []
    if took > below:
        said.append(f"Муниципалитет записан строкой над его ОО: в {took - below} "
                    f"{plural(took - below, 'строке', 'строках', 'строках')} взят из такой строки выше")
    if below:
        said.append(f"Муниципалитет записан один раз на блок строк: в {below} "
                    f"{plural(below, 'строке', 'строках', 'строках')} с пустой ячейкой муниципалитета взят из строки "
                    "выше")
    st.problems.append(Problem(st.name, sheet.name, None, label(m), None, "municipality_carried_down",
                               "; ".join(said), "Проверьте, что строки относятся к муниципалитету над ними",
                               "warning"))


# what a row a blank municipality cell looks up to is: a municipality's row of its own, a section naming one, a
# record naming its own, a total (after which a block is over)
_HEAD, _TITLE, _NAMED, _TOTAL = range(4)


def _filled(sheet, at, i: int):
    """Per record row (`at`: their sheet rows): whether column i's cell holds something."""
    return ~sheet.blank(i)[sheet.encoding(i)[1][at]]


def with_data(sheet, at, cmap, but: tuple[str, ...]):
    """Per record row: whether a mapped column other than the fields `but` holds something."""
    import numpy as np

    data = np.zeros(len(at), bool)
    for f, i in cmap.fields.items():
        if f not in but and i < sheet.width:
            data |= _filled(sheet, at, i)
    return data


def _totals(sheet, t) -> list[int]:
    """The total rows that end a municipality's block — not «в т.ч. в дистанционном формате» under a record: a part of
    it, its block goes on (the next rows were refused «не указано муниципальное образование»: tester round t76)."""
    from etl.row_rules import BREAKDOWN_RE

    rows = [r for r, why in t.skipped if why == R_TOTAL]
    said = [next((v for v in row if isinstance(v, str) and v.strip()), "") for row in sheet.take(rows)] if rows else []
    return [r for r, text in zip(rows, said) if not BREAKDOWN_RE.match(text)]
