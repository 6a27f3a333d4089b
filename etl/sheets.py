"""One mapped sheet as the analyst is told about it (`report`: the columns taken, ignored and not recognised, the
rows skipped) and its section rows (a municipality's or a level's block), for the step «plan a sheet»."""
from __future__ import annotations

from typing import Callable

from etl import normalize
from etl.catalogue import PARTICIPANTS
from etl.model import col_letter
from etl.schema import FIELD_LABELS_RU
from etl.staged import SheetReport


def complete(m) -> bool:
    """A (sheet, table, column map) with every required column (the municipality may come from elsewhere)."""
    cmap = m[2]
    return cmap.layout == "wide" or not [f for f in cmap.missing_required if f != "municipality"]


def sections_per_row(t, only: set[str] | None = None) -> dict[int, str]:
    """For each record row, the text of the nearest section row above it (if any; of those in `only`)."""
    secs = sorted(s for s in (getattr(t, "sections", None) or []) if only is None or s[1] in only)
    if not secs:
        return {}
    out: dict[int, str] = {}
    j, cur = 0, None
    for ri in t.data_rows:
        while j < len(secs) and secs[j][0] < ri:
            cur = secs[j][1]
            j += 1
        if cur is not None:
            out[ri] = cur
    return out


def level_sections(t, section_of: dict[int, str]) -> dict[int, str]:
    """Record row -> the level named by the nearest level section above it («Базовый уровень»)."""
    levels = {}
    for text in dict.fromkeys(section_of.values()):
        lvl, error = normalize.parse_level(text)
        if lvl and error is None and len(text.split()) <= 5 and "уров" in text.lower():
            levels[text] = lvl
    if not levels:
        return {}
    return {ri: levels[text] for ri, text in sections_per_row(t, only=set(levels)).items()}


def type_sections(reg, section_of: dict[int, str]) -> dict[str, str]:
    """Section text -> the partner type it names, in an agreements form with no column of the type («2. Договоры с
    профессиональными образовательными организациями (СПО)» — СПО); a section naming one organisation («МБОУ СОШ
    № 3») or a municipality is none."""
    from etl import morph

    types = {}
    for text in dict.fromkeys(section_of.values()):
        typ, error = normalize.parse_partner_type(text)
        if typ and error is None and not any(ch in text for ch in "№«\"") and not reg.match(text.strip()) and \
                morph.names_plural(text):
            types[text] = typ
    return types


def _marks_label(field: str, marks: dict[str, int], by_index: dict) -> str:
    """«C–E «Уровень реализации профминимума»»: the mark columns of a field, for messages and the report."""
    first, last = min(marks.values()), max(marks.values())
    parts = by_index[first].parts if first in by_index else []
    title = parts[-2] if len(parts) > 1 else FIELD_LABELS_RU.get(field, field)
    return f"{col_letter(first)}–{col_letter(last)} «{title}»"


def _instead(cmap, idx: int, label: Callable[[int], str]) -> str:
    """« — взят столбец F «…»» for a column of a field another column was taken for."""
    f = cmap.alternatives.get(idx)
    if f is None:
        return ""
    if f not in cmap.fields:
        return f" — {f}"
    return f" — «{FIELD_LABELS_RU.get(f, f)}» взято из столбца {label(cmap.fields[f])}"


def column_label(t) -> Callable[[int], str]:
    """Column index -> «D «Уровень»» (the Excel letter and its header) of a located table, for messages."""
    by_index = {c.index: c for c in t.columns}

    def label(idx: int) -> str:
        c = by_index.get(idx)
        if c is None:
            return col_letter(idx)
        return f"{col_letter(idx)} «{c.header}»" + (" (скрытый столбец)" if c.hidden else "")

    return label


def report(sheet, t, cmap) -> tuple[SheetReport, Callable[[int], str]]:
    rep = SheetReport(sheet.name, True, header_rows=(t.header_rows[0] + 1, t.header_rows[1] + 1),
                      layout=cmap.layout, data_rows=len(t.data_rows), merged_filled=t.merged_filled)
    for _idx, reason in t.skipped:
        rep.skipped_rows[reason] = rep.skipped_rows.get(reason, 0) + 1
    by_index = {c.index: c for c in t.columns}
    label = column_label(t)
    rep.matched = {f: label(i) for f, i in cmap.fields.items()}
    for f, marks in cmap.marks.items():
        rep.matched[f] = _marks_label(f, marks, by_index)
    if cmap.split_participants:
        for f in cmap.split_participants[1]:
            rep.matched[f] = label(cmap.split_participants[0])
    if cmap.by_category:
        for f in PARTICIPANTS:
            rep.matched[f] = f"{label(cmap.by_category[1])} (по столбцу {label(cmap.by_category[0])})"
    if cmap.layout == "wide" and cmap.wide_groups:  # a column (or a group of columns) per event or indicator
        cols = [min(g[1].values()) if isinstance(g[1], dict) else g[1] for g in cmap.wide_groups]
        rep.matched[{"events": "event", "agreements": "partner_name"}.get(cmap.kind, "indicator_code")] = \
            f"по столбцам ({len(cols)}): " + ", ".join(label(i) for i in cols[:6]) + (" …" if len(cols) > 6 else "")
        for f in PARTICIPANTS if cmap.kind == "events" else ():  # each group of participants: its own columns
            mine = sorted({g[1][f] for g in cmap.wide_groups if isinstance(g[1], dict) and f in g[1]})
            if mine:
                rep.matched[f] = f"по столбцам ({len(mine)}): " + ", ".join(
                    " + ".join(map(label, cmap.wide_summed.get(i, [i]))) for i in mine[:6]) + \
                    (" …" if len(mine) > 6 else "")
    rep.unmatched = [label(c.index) for c in cmap.unmatched if c.index not in cmap.ignorable]
    rep.ignored = [label(c.index) + _instead(cmap, c.index, label) for c in cmap.unmatched
                   if c.index in cmap.ignorable]
    rep.why = dict(cmap.why)
    if cmap.wide_summed:  # an event's pupils by grades: said, as a readiness form's (etl/grade_parts.py)
        rep.why["students"] = "сумма столбцов по классам под названием мероприятия: столбца «обучающиеся» нет"
    return rep, label
