"""Columns headed by one value of a field alone, each row marked in one: levels «базовый | основной |
продвинутый», partner types «ВУЗ | СПО | предприятие», statuses «выполнено | в работе | не выполнено»."""
from __future__ import annotations

import re

from etl.catalogue import header_key

_LEVEL_WORDS = {"базовый": "базовый", "основной": "основной", "продвинутый": "продвинутый"}
_LEVEL_FILLER = {"уровень", "уровня", "ур", "реализации", "профминимума", "да", "нет", "отметка", "отметить",
                 "х", "x"}


def _level_named(col, marked: bool = False) -> str | None:
    """The level a column's header names alone («базовый», «Основной уровень»), else None."""
    words = header_key(col.parts[-1]).split()
    levels = {_LEVEL_WORDS[w] for w in words if w in _LEVEL_WORDS}
    if len(levels) == 1 and all(w in _LEVEL_WORDS or w in _LEVEL_FILLER or w.isdigit() for w in words):
        return levels.pop()
    return None


def _partner_type_named(col, marked: bool = False) -> str | None:
    """The partner type a short sub-header names under a group («Тип партнёра» over «ВУЗ», «СПО», «предприятие»),
    or alone when the column holds marks or names (`marked`: «ВУЗ | СПО | Предприятие» with «+» or the partners'
    names — two such columns at least, etl/mark_columns.py), else None. A header naming a name («Наименование ОО»)
    is none of them."""
    from etl.normalize import parse_partner_type

    key = header_key(col.parts[-1])
    if (len(col.parts) < 2 and not marked) or len(key.split()) > 3 or _NAMED.search(key):
        return None
    return parse_partner_type(col.parts[-1])[0]


_NAMED = re.compile(r"(?<![а-я])(?:наим|назв|ф и о|фио)")


def _status_named(col, marked: bool = False) -> str | None:
    """The status a short sub-header names under a group («Отметка об исполнении» over «выполнено | в работе | не
    выполнено»), or alone over marks only, else None."""
    from etl.statuses import parse

    if (len(col.parts) < 2 and not marked) or len(header_key(col.parts[-1]).split()) > 3:
        return None
    return parse(col.parts[-1])[0]


def marks_only(values: list) -> bool:
    """Cells that are all marks («+», «да», «1», «х», «✓», «-»), at least one: a column marked row by row."""
    from etl.normalize import YES_NO_SYMBOLS, YES_NO_WORDS, clean_text, norm_key

    said = [clean_text(v) for v in values if v is not None and str(v).strip()]
    return bool(said) and all(v in YES_NO_SYMBOLS or norm_key(v) in YES_NO_WORDS or v in ("х", "x", "X", "Х")
                              for v in said)


def _names(values: list) -> bool:
    """Cells that are all words (a partner's name), at least one; a slot saying «no partner» says nothing."""
    said = [str(v).strip() for v in values if v is not None and str(v).strip() and not no_partner(v)]
    return bool(said) and not marks_only(said) and all(sum(c.isalpha() for c in v) >= 3 for v in said)


# fields a form may mark column by column
MARKED = {"level": _level_named, "partner_type": _partner_type_named, "status": _status_named}


def mark_columns(field: str, columns: list, samples: dict[int, list] | None = None) -> dict[str, int]:
    """Columns headed by one value of a field alone — levels «базовый | основной | продвинутый», partner types
    «ВУЗ | СПО | предприятие», statuses «выполнено | в работе | не выполнено» — two or more of them with different
    values, next to each other, each row marked in one: value -> column index. Empty when the form has no such
    columns. `samples`: the columns' first values (a partner type heading a column alone, with no group header over
    it, needs marks under it)."""
    found: dict[str, int] = {}
    for col in columns:
        got = samples.get(col.index, []) if samples is not None else None
        # (under «ВУЗ | СПО | Предприятия» alone: marks, or the partners' names — etl/partner_columns.py)
        value = MARKED[field](col, got is not None and (marks_only(got) or (field == "partner_type" and _names(got))))
        if value is not None:
            if value in found:
                return {}  # the same value twice: not a set of mark columns
            found[value] = col.index
    # the longest run of them side by side («ОО» over the schools' names, two columns before «ВУЗ | СПО |
    # Предприятие», is no mark column of the type «ОО» — tester round t77: the marks were refused for it)
    # (and under one group header: «ОО (сторона договора)» just before «Тип партнёра» over «ВУЗ | СПО |
    # Предприятие» is the school's column — tester round t80: read as a fourth type, every row «two types»)
    group = {col.index: tuple(col.parts[:-1]) for col in columns}
    runs: list[list[tuple[int, str]]] = []
    for value, i in sorted(found.items(), key=lambda x: x[1]):
        if runs and runs[-1][-1][0] == i - 1 and group.get(i) == group.get(i - 1):
            runs[-1].append((i, value))
        else:
            runs.append([(i, value)])
    best = max(runs, key=len, default=[])
    if len(best) < 2 or sum(len(r) == len(best) for r in runs) > 1:
        return {}
    return {value: i for i, value in best}


def no_partner(v) -> bool:
    """A cell saying there is no partner in this slot: a dash, «0», or what says a school has no agreement
    (`normalize.NO_AGREEMENT`: «нет», «отсутствует», «не заключён» — the agreements rows' own words)."""
    from etl.normalize import DASHES, NO_AGREEMENT, clean_text

    t = clean_text(v)
    return bool(t) and (t in DASHES or t == "0" or bool(NO_AGREEMENT.match(t)))
