"""Agreements with the partners' names written under a column per partner type: «Организации-партнёры» over «ВУЗ |
СПО | Предприятия», a school's row naming its university, college and enterprise. Each filled cell is one agreement,
its type the column's (etl/assemble.py makes the records). Marks in such columns («+», «да») are the type of the
row's one agreement (etl/mark_columns.py)."""
from __future__ import annotations

from etl.mark_columns import marks_only, no_partner


def names_by_type(m, samples: dict[int, list] | None) -> None:
    """The partner-type columns of a mapping holding names, with no column of the partner's name: a wide layout,
    (partner type, {"partner_name": column}) per column."""
    found = m.marks.get("partner_type")
    if m.kind != "agreements" or not found or "partner_name" in m.fields or not samples:
        return
    # (a slot with no partner — «-», «нет», «отсутствует» — says nothing of the column: tester round t77)
    cells = {i: [v for v in samples.get(i, []) if v is not None and str(v).strip() and not no_partner(v)]
             for i in found.values()}
    if not any(cells.values()) or any(marks_only(v) for v in cells.values() if v) or \
            not all(any(c.isalpha() for c in str(v)) for vs in cells.values() for v in vs):
        return
    del m.marks["partner_type"]
    m.layout = "wide"
    m.wide_groups = [(kind, {"partner_name": i}) for kind, i in sorted(found.items(), key=lambda kv: kv[1])]
    m.why["partner_name"] = "наименования партнёров в столбцах по типам партнёров"

