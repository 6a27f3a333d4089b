"""A count written as the people's names: «Педагог-навигатор (ФИО)» over «Ким Е.С.», «Иванова Н.Н., Пак А.Ю.» —
the navigators of a school are those named (tester round t90: the column was left out as names, the criterion
«педагоги-навигаторы» unknown for every school and the schools left out of the readiness share)."""
from __future__ import annotations

import re

from etl import evidence, meaning, normalize

# (field, the concept its header names): counts of people a form may list by name
_NAMED = (("navigators", "navigator"),)
_SEP = re.compile(r"[,;\n]+")


def take(m, table, samples: dict[int, list] | None) -> None:
    """The column naming the field's people whose cells are names, when no column gives the count itself."""
    if m.kind != "readiness" or not samples:
        return
    for f, concept in _NAMED:
        if f in m.fields:
            continue
        for col in table.columns:
            vals = samples.get(col.index, [])
            if col.index in m.fields.values() or concept not in meaning.read(tuple(col.parts)).concepts or \
                    not vals or evidence.fits("int", vals) or not any(_names(v) for v in vals):
                continue
            m.take(f, col.index, "по значениям: ФИО — учтено, сколько педагогов названо")
            m.named[f] = col.index
            break


def _names(v) -> int:
    """How many people a cell names: «Иванова Н.Н., Пак А.Ю.» → 2; none for a dash, «нет», «вакансия»."""
    text = normalize.clean_text(v)
    if not text or text in normalize.DASHES or normalize.parse_yes_no(text) == (False, None):
        return 0
    return sum(1 for part in _SEP.split(text) if sum(ch.isalpha() for ch in part) >= 3)


def count(cells: list) -> list:
    """The people named in each cell (None for an empty one); a number as it is («2»), «да» one."""
    out = []
    for v in cells:
        if normalize._empty(v):
            out.append(None)
            continue
        n, err = normalize.parse_int(v)
        if err is None and n is not None:
            out.append(n)
        elif normalize.parse_yes_no(v) == (True, None) and not _names(v):
            out.append(1)
        else:
            out.append(_names(v))
    return out
