"""Step «take the records»: the rows of one planned sheet become records (etl/staged.py) — a long layout column
by column (one C-level transpose), a wide one (events or indicators in columns) one record per filled group;
codes explained in a header decoded, «120/15/8» split into its fields, marked level columns read, the section's
or the sheet's municipality, level and event filled in; formula errors in record cells reported."""
from __future__ import annotations

from itertools import islice
from operator import itemgetter
from typing import Callable

from etl import legend, normalize, reader
from etl.model import Problem
from etl.plan import SheetPlan
from etl.staged import Staged


def records(st: Staged, p: SheetPlan) -> None:
    st.problems.extend(formula_errors(st.name, p.sheet, p.t, p.cmap, p.label))
    if p.cmap.layout == "wide" and st.kind in ("events", "effectiveness"):
        _wide(st, p)
    else:
        _long(st, p)


def _muni(p: SheetPlan, ri: int) -> str | None:
    return p.section_muni.get(p.muni_of.get(ri), p.sheet_muni) if p.section_muni else p.sheet_muni


def _wide(st: Staged, p: SheetPlan) -> None:
    rows, fields, label = p.sheet.rows, dict(p.cmap.fields), p.label
    for ri in p.t.data_rows:
        r = rows[ri]
        base = {f: (r[i] if i < len(r) else None) for f, i in fields.items()}
        if "municipality" not in base and (p.section_muni or p.sheet_muni is not None):
            base["municipality"] = _muni(p, ri)
        for group, sub in p.cmap.wide_groups:
            if st.kind == "events":
                vals = {k: (r[i] if i < len(r) else None) for k, i in sub.items()}
                if all(v in (None, "") for v in vals.values()):
                    continue
                st.add_one(p.sheet.name, ri, {**p.flabels, **{k: label(i) for k, i in sub.items()}},
                           {**base, **vals, "event": group})
            else:
                v = r[sub] if sub < len(r) else None
                if v in (None, "") or (isinstance(v, str) and not v.strip()):
                    continue
                st.add_one(p.sheet.name, ri, {**p.flabels, "value": label(sub), "indicator_code": label(sub)},
                           {**base, "indicator_code": group, "value": v})


def _long(st: Staged, p: SheetPlan) -> None:
    """Column by column (fast on 100 000 rows)."""
    cmap, t, rows = p.cmap, p.t, p.sheet.rows
    fields = dict(cmap.fields)
    by_index = {c.index: c for c in t.columns}
    split_col = [cmap.split_participants[0]] if cmap.split_participants else []
    w = max([*fields.values(), *cmap.level_marks.values(), *split_col], default=-1) + 1
    data = [r if len(r) >= w else r + [None] * (w - len(r)) for r in map(rows.__getitem__, t.data_rows)]
    split = _split_participants(data, *cmap.split_participants) if cmap.split_participants else {}
    k = len(data)
    # most of the first w columns are fields: transpose them in one C-level pass (zip), else pick each
    by_col = list(islice(zip(*data), w)) if data and 2 * len(fields) >= w else None
    start = st.n
    values: dict[str, list] = {}
    for f in st.cols:
        i = fields.get(f)
        lg = legend.legend_of(by_index[i].header) if i is not None else None
        if lg:  # codes explained in the header («1 – базовый, 2 – основной …»)
            vals, undefined = legend.decode(list(by_col[i] if by_col is not None else map(itemgetter(i), data)), lg)
            st.coded.extend((start + j, f, code, lg) for j, code in undefined.items())
            values[f] = vals
        elif i is not None:
            values[f] = list(by_col[i] if by_col is not None else map(itemgetter(i), data))
        elif f == "level" and cmap.level_marks:
            values[f] = _level_from_marks(data, cmap.level_marks)
        elif f == "level" and p.level_of:
            values[f] = [p.level_of.get(ri) for ri in t.data_rows]
        elif f == "event" and p.sheet_event:
            values[f] = [p.sheet_event] * k
        elif f in split:
            values[f] = split[f]
        elif f == "municipality" and (p.section_muni or p.sheet_muni is not None):
            values[f] = [_muni(p, ri) for ri in t.data_rows]
        elif f == "section" and p.section_of:
            values[f] = [p.section_of.get(ri) for ri in t.data_rows]
    st.add(p.sheet.name, t.data_rows, p.flabels, values)


def _level_from_marks(data: list[list], marks: dict[str, int]) -> list[str | None]:
    """The level of each row from its marked column («+», «да», «1», «х» …; «нет», «-» and empty are no mark);
    several marks give «базовый, основной», which the level parser reports as several levels."""
    out = []
    for r in data:
        marked = [lvl for lvl, i in marks.items()
                  if not normalize._empty(r[i]) and normalize.parse_yes_no(r[i])[0] is not False
                  and not (isinstance(r[i], str) and r[i].strip() in normalize.DASHES)]
        out.append(", ".join(marked) if marked else None)
    return out


def _split_participants(data: list[list], col: int, order: tuple[str, ...]) -> dict[str, list]:
    """«120/15/8» under «(обучающиеся/родители/педагоги)»: each part to its field, in the header's order. A cell
    that does not split into as many parts goes whole to the first field (its parser then reports it)."""
    out: dict[str, list] = {f: [] for f in order}
    for r in data:
        v = r[col]
        parts = v.split("/") if isinstance(v, str) else None
        if parts is not None and len(parts) == len(order):
            for f, part in zip(order, parts):
                out[f].append(part.strip() or None)
        else:
            out[order[0]].append(v)
            for f in order[1:]:
                out[f].append(None)
    return out


def formula_errors(name: str, sheet, t, cmap, label: Callable[[int], str]) -> list[Problem]:
    """A warning for each cell of a record that holds a formula error (calamine reads it as empty), and one per
    column whose formulas were all saved without being computed (every value 0 or none: a file written by a
    program and never opened in Excel)."""
    formulas = getattr(sheet, "formulas", None) or {}
    if not sheet.errors and not formulas:
        return []
    used = set(cmap.fields.values())
    for _group, sub in cmap.wide_groups or []:
        used.update(sub.values() if isinstance(sub, dict) else [sub])
    records = set(t.data_rows)
    out = [Problem(name, sheet.name, r + 1, label(c), reader.FORMULA_ERRORS_RU.get(code, code), "formula_error",
                   "В ячейке ошибка формулы: значение не загружено (пусто)",
                   "Исправьте формулу или впишите значение и загрузите файл снова", "warning")
           for (r, c), code in sorted(sheet.errors.items()) if r in records and c in used]
    by_col: dict[int, list] = {}
    for (r, c), value in sorted(formulas.items()):
        if r in records and c in used:
            by_col.setdefault(c, []).append((r, value))
    for c, cells in sorted(by_col.items()):
        if len(cells) >= 2 and all(v.strip() in ("", "0") for _r, v in cells):
            out.append(Problem(name, sheet.name, cells[0][0] + 1, label(c), None, "formulas_not_computed",
                               f"Формулы столбца ({len(cells)}) сохранены без пересчёта — все значения 0 или пусто: "
                               "файл, похоже, создан программой и не открывался в Excel; цифры, скорее всего, неверны",
                               "Откройте файл в Excel или LibreOffice, сохраните (формулы пересчитаются) и "
                               "загрузите снова", "warning"))
    return out
