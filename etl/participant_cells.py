"""Cells holding the numbers of several groups of participants joined by «/» («40/0/4» under «обучающиеся / родители /
педагоги»): whether a column holds them, each cell split into its groups, and a cell that does not split — its row's
error (etl/assemble.py, etl/wide_records.py)."""
from __future__ import annotations

import re

from etl.normalize import DASHES, NO_DATA


def _nothing(v) -> bool:
    """A cell saying nobody («-») or nothing known («н/д»): no «/»-split of it is expected (tester round t81: one
    «н/д» among «40/0/4» cells dropped the whole event's column with a warning; a «-» was refused)."""
    t = str(v).strip().lower() if v is not None else ""
    return t in DASHES or t in NO_DATA


def split_cells(values: list, n: int) -> bool:
    """Cells that are at least half n whole numbers joined by «/» («40/0/4»), the others no words (a mistyped «25/2»
    or «80» is its row's error: `torn_cell`; «-» and «н/д» say nobody and nothing known)."""
    said = [str(v).strip() for v in values if v is not None and str(v).strip() and not _nothing(v)]
    rx = re.compile(r"\d[\d\s\xa0]*(?:/\s*\d[\d\s\xa0]*){%d}" % (n - 1))
    split = sum(1 for v in said if rx.fullmatch(v))
    return 2 * split >= len(said) > 0 and not any(c.isalpha() for v in said if not rx.fullmatch(v) for c in v)


def unsplit(cell, n: int) -> str | None:
    """A filled cell that is not n numbers joined by «/» («40/2», «80») in a column of split cells: its text."""
    whole = isinstance(cell, float) and cell.is_integer()  # (a number typed alone: «80», read as 80.0)
    text = "" if cell is None else str(int(cell)) if whole else str(cell).strip()
    return text if text and len(text.split("/")) != n and not _nothing(text) else None


def torn_cell(st, f: str, text: str, order: tuple[str, ...]) -> None:
    """The error of the record just added: its cell is not one number per group of participants."""
    from etl.schema import FIELD_LABELS_RU

    groups = " / ".join(FIELD_LABELS_RU.get(x, x) for x in order)
    st.err(st.n - 1, f, text, "participants_not_split",
           f"В ячейке «{text}» не {len(order)} числа через «/» ({groups}), как сказано в заголовке: чьё это число — "
           "неизвестно", f"Впишите {len(order)} числа через «/» в порядке заголовка («40/0/4»; ноль — «0»)")


def split(cells: list, order: tuple[str, ...]) -> dict[str, list]:
    """«120/15/8» under «(обучающиеся/родители/педагоги)»: each part to its field, in the header's order. A cell
    that does not split into as many parts goes whole to the first field (its parser then reports it)."""
    out: dict[str, list] = {f: [] for f in order}
    for v in cells:
        parts = v.split("/") if isinstance(v, str) else None
        if isinstance(v, str) and _nothing(v):  # «-»: nobody of any group; «н/д»: none known (as if empty)
            for f in order:
                out[f].append(v if v.strip() in DASHES else None)
        elif parts is not None and len(parts) == len(order):
            for f, part in zip(order, parts):
                out[f].append(part.strip() or None)
        else:
            out[order[0]].append(v)
            for f in order[1:]:
                out[f].append(None)
    return out
