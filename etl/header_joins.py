"""Whether a row above or below a table's header row belongs to the header (etl/header_rows.py extends the header by
them): sub-headers under a group written once, a header typed over two rows cell by cell."""
from __future__ import annotations

from etl.row_rules import empty


def wrapped(upper: list, lower: list, cat) -> bool:
    """A header typed over two rows cell by cell, with no merge («Уровень» over «профминимума», «План» over
    «утвержден», «№» over «п/п»): the same columns filled, most texts below going on from the word above (lower
    case), and more headers known once each column's two texts are read together."""
    pairs = [(a.strip(), b.strip()) for a, b in zip(upper, lower) if isinstance(a, str) and isinstance(b, str)
             and a.strip() and b.strip()]
    filled_up = sum(1 for v in upper if not empty(v))
    filled_low = sum(1 for v in lower if not empty(v))
    if len(pairs) < 3 or len(pairs) < filled_up or len(pairs) < filled_low:
        return False
    if 2 * sum(1 for _a, b in pairs if b[0].islower() or not b[0].isalpha()) < len(pairs):
        return False
    joined = sum(1 for a, b in pairs if cat.is_header_text(f"{a} {b}"))
    return joined > sum(1 for _a, b in pairs if cat.is_header_text(b))


def under_a_group(parent: list, here: set[int], merged, r: int) -> bool:
    """Texts that all sit under one group header of the row above («Тип партнёра» merged over «ВУЗ | СПО |
    предприятие», or written once with the cells to its right empty): sub-headers, even of words no catalogue
    knows, not the first row of data (which names its school or partner in the columns beside)."""
    if len(here) < 2:
        return False
    lo, hi = min(here), max(here)
    # merges of the row above over exactly these columns: one («Тип партнёра» over «ВУЗ | СПО»), or several side by
    # side («Договор» over «№ | от», «Срок действия» over «с | по»)
    spans = [(c0, c1) for (r0, c0), (r1, c1) in merged if r0 <= r <= r1 and c1 > c0 and lo <= c0 and c1 <= hi]
    if spans and {c for c0, c1 in spans for c in range(c0, c1 + 1)} == here:
        return True
    # no merge: the group's text over the first sub-header, nothing over the others, sub-headers side by side
    return (len(here) == hi - lo + 1 and lo < len(parent) and not empty(parent[lo])
            and all(c >= len(parent) or empty(parent[c]) for c in range(lo + 1, hi + 1)))
