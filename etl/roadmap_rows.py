"""A roadmap measure written over two rows (a page break in the source document, a long text typed on): the second
row has no number, deadline or status of its own, only the rest of the measure's texts. It is joined to the measure
above, not loaded as one more measure with no number and no status (the step «plan a sheet»)."""
from __future__ import annotations

import re

from etl.model import Problem
from etl.row_rules import R_SECTION, R_WRAPPED_MEASURE, clean, empty

TEXTS = ("measure", "executors", "planned_result", "evidence")  # what goes on in the next row
OWN = ("item_no", "deadline_text", "status")  # what a measure of its own has


def continued(st, sheet, t, cmap, label) -> None:
    """Join the rows that continue the numbered measure above them (in a roadmap whose measures are numbered)."""
    no = cmap.fields.get("item_no")
    if st.kind != "roadmap" or no is None or "measure" not in cmap.fields or len(t.data_rows) < 2:
        return
    data = sorted(t.data_rows)
    rows = dict(zip(data, sheet.take(data)))  # a roadmap is tens of rows
    if 2 * sum(1 for r in data if not empty(rows[r][no])) < len(data):
        return  # measures without numbers: a row without one is a measure
    own = [cmap.fields[f] for f in OWN if f in cmap.fields] + [i for f in OWN for i in cmap.marks.get(f, {}).values()]
    texts = [cmap.fields[f] for f in TEXTS if f in cmap.fields]
    joined: dict[int, dict[int, str]] = {}  # the measure's row -> column -> its whole text
    into: dict[int, int] = {}  # a continuing row -> the measure's row
    sections = _sections(data, rows, no, cmap.fields["measure"], own, texts)
    for r in data:
        row = rows[r]
        if r in sections or any(not empty(row[c]) for c in own) or all(empty(row[c]) for c in texts):
            continue
        top = into.get(r - 1, r - 1)
        if top not in rows or empty(rows[top][no]):
            continue
        whole = joined.setdefault(top, {})
        for c in texts:  # (a merged cell's value filled down into the row is the measure's own, not more text)
            if not empty(row[c]) and clean(row[c]) != clean(rows[top][c]):
                before = whole.get(c, clean(rows[top][c]))
                whole[c] = f"{before} {clean(row[c])}".strip()
        into[r] = top
    if sections:  # «Кадровое обеспечение» over the numbered measures: their section, not a measure
        t.sections = sorted([*(getattr(t, "sections", None) or []), *((r, clean(rows[r][cmap.fields["measure"]]))
                                                                        for r in sections)])
        t.skipped.extend((r, R_SECTION) for r in sections)
        t.data_rows = [r for r in t.data_rows if r not in sections]
    if not into:
        return
    for c in texts:
        cells = {top: whole[c] for top, whole in joined.items() if c in whole}
        if cells:
            sheet.replace_cells(c, cells)
    for top in joined:
        more = [r + 1 for r, m in into.items() if m == top]
        st.problems.append(Problem(
            st.name, sheet.name, more[0], label(cmap.fields["measure"]), None, "measure_continued",
            f"Мероприятие № {clean(rows[top][no])} (строка {top + 1}) продолжено в "
            f"{'строке' if len(more) == 1 else 'строках'} {', '.join(map(str, more))} — без номера, срока и "
            "отметки об исполнении: строки соединены в одно мероприятие",
            "Если это отдельное мероприятие, впишите ему номер, срок и отметку об исполнении", "warning"))
    t.data_rows = [r for r in t.data_rows if r not in into]
    t.skipped.extend((r, R_WRAPPED_MEASURE) for r in sorted(into))


def _sections(data: list[int], rows: dict, no: int, measure: int, own: list[int], texts: list[int]) -> set[int]:
    """Rows of a numbered roadmap holding a title alone («Организационно-управленческое обеспечение») right above a
    numbered measure: sections. A text going on from the row above («- вебинар …», after «…:») is no title."""
    out = set()
    for k, r in enumerate(data):
        row, nxt = rows[r], rows[data[k + 1]] if k + 1 < len(data) else None
        text = clean(row[measure])
        if not text or any(not empty(row[c]) for c in own if c != no) or \
                any(not empty(row[c]) for c in texts if c != measure):
            continue
        if not empty(row[no]):  # «1.» | «Организационное обеспечение» over «1.1»: a numbered section
            if nxt is not None and (_parent(row[no], nxt[no]) or _numbered_apart(row[no], nxt[no])):
                out.add(r)
            continue
        above = clean(rows[data[k - 1]][measure]) if k and data[k - 1] == r - 1 else ""
        if nxt is not None and not empty(nxt[no]) and text[0].isupper() and not above.endswith((":", ";", ",")):
            out.add(r)
    return out


def _parent(number, below) -> bool:
    """«1.» over «1.1», «2» over «2.1.3»: the number of a section over its measures."""
    a, b = clean(number).rstrip("."), clean(below)
    return bool(a) and b.startswith(a + ".") and len(b.rstrip(".")) > len(a) + 1


_ROMAN = re.compile(r"^[IVXLC]+\.?$")


def _numbered_apart(number, below) -> bool:
    """«1.» (or «I.») over a measure numbered «1» on in a sequence of its own (the Р-872 roadmap numbers its measures
    through, its sections «1.», «2.» apart — tester round t81: the sections loaded as measures with no status)."""
    a, b = clean(number), clean(below)
    return bool(a) and bool(b) and b.isdigit() and (bool(_ROMAN.match(a)) or (a.endswith(".") and a[:-1].isdigit()))
