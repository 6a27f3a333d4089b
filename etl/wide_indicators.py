"""A wide effectiveness form (etl/wide.py asks): a column per indicator; of two columns of one indicator the visible,
actual, later one, the figure itself before its part («в т.ч. в I квартале»), the other recognised and not loaded."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from etl.catalogue import Catalogue, header_key
from etl.column_notes import SUBSET
from etl.grades import siblings
from etl.header_facts import HeaderFacts
from etl.meaning import BRACKETS
from etl.model import Problem


def indicators(w, table, cat: Catalogue, scores: dict[int, dict[str, int]], facts: HeaderFacts,
               chosen: list[tuple[str, int]]) -> None:
    """A column per effectiveness indicator; of two columns of one indicator the visible, actual, later one."""
    groups = []
    for col in table.columns:
        s = scores.get(col.index)
        if s is None:
            continue
        if any(f in ("municipality", "school_name", "period") and v >= 2000 for f, v in s.items()) and not \
                (set(s) <= {"period"} and _of_a_period(cat, col)):
            continue  # (but «Прошли диагностику» over «прошлый год | отчётный период»: the indicator of the period)
        # the sub-header names the indicator when it can («Доля охвата» over «всего обучающихся, чел.» |
        # «из них охвачено» | «%»; «в т.ч. 6-9 кл.» under «… принявших участие в профпробах» — a part of that, not
        # all the pupils); else the whole header does
        sub = col.parts[-1] if len(col.parts) > 1 else None
        code = (None if sub is None else cat.part_indicator(sub) if SUBSET.match(header_key(sub))
                else cat.indicator(sub)) or cat.indicator(col.header)
        if code:
            groups.append((code, col))
    # one column per indicator: of two («… на 01.09.2022», «… на 01.09.2023», «план | факт», or one of them
    # hidden) the visible, actual, later one; the other is recognised and not loaded
    # the figure since the school year's start («с начала учебного года», «нарастающим итогом») beside its part in the
    # period («за квартал», «в т.ч. в I квартале»): the state at the period's end is the figure (README), the part
    # noted — never two parts of one figure to add up (tester round t83: advised a «всего» of both)
    since = {c.index for _code, c in groups if SINCE.search(c.parts[-1])}
    within = {c.index for _code, c in groups if WITHIN.search(c.parts[-1]) or facts.dated.get(c.index)}
    best: dict[str, Any] = {}
    for code, col in groups:
        key = (col.index not in facts.hidden, col.index not in facts.planned, col.index not in facts.future,
               not SUBSET.match(header_key(col.parts[-1])), col.index in since,
               col.index in facts.totals,
               facts.dated[col.index] or date.min, -col.index)
        if code not in best or key > best[code][0]:
            best[code] = (key, col)
    # (two columns read as one indicator that differ in none of those and are no parts of one group — «Прошли
    # профпробы» and «… поступивших в ПОО по профилю пройденных профпроб» — are no alternatives: the other one is
    # asked about, never dropped)
    apart = facts.planned | facts.hidden
    w.twins = {col.index: code for code, col in groups if best[code][1] is not col
               # («в т.ч. 6-9 кл.»: a part, asked about; «в т.ч. в I квартале» of the figure since the school
               # year's start: its part by time, noted)
               and (not SUBSET.match(header_key(col.parts[-1])) or col.index in within)
               and (_differ(facts, col.index, best[code][1].index)
                    or siblings(table, col.index, best[code][1].index, apart))}
    chosen_codes = {code for code, _i in chosen}
    for code, (_key, col) in best.items():
        parts = [t for t, c in w.twins.items() if c == code and siblings(table, t, col.index, apart)
                 and not (col.index in since and t in within)]
        if parts and not facts.totals & {col.index, *parts} and code not in chosen_codes:
            w.breakdown[code] = [col.index, *parts]
    w.groups = sorted(chosen + [(code, col.index) for code, col in groups
                                if best[code][1] is col and code not in chosen_codes], key=lambda g: g[1])
    for _code, idx in w.groups:
        scores.pop(idx, None)
    if w.groups:
        w.layout = "wide"


def _of_a_period(cat: Catalogue, col) -> bool:
    """An indicator's column named with its period: «Прошли диагностику» over «отчётный период», or «Прошли
    профпробы, чел. (отчётный период)» beside «… (АППГ)» in one header row."""
    if len(col.parts) > 1:
        return bool(cat.indicator(col.parts[-2]))
    bare = BRACKETS.sub(" ", col.header).strip()
    return bare != col.header.strip() and bool(cat.indicator(bare))


def _differ(facts: HeaderFacts, a: int, b: int) -> bool:
    """Whether two columns of one indicator differ as alternatives do: one hidden, one a plan, one a total, or
    dated differently."""
    return (a in facts.hidden) != (b in facts.hidden) or (a in facts.planned) != (b in facts.planned) or \
        (a in facts.future) != (b in facts.future) or \
        (a in facts.totals) != (b in facts.totals) or facts.dated.get(a) != facts.dated.get(b)


SINCE = re.compile(r"с\s+начала|нарастающ", re.IGNORECASE)
WITHIN = re.compile(r"(?:^|\s)(?:за|в)\s+(?:отч[её]тн\w*\s+)?(?:[ivx\d]+\s*[-–]?\s*(?:й|м|е|ом)?\s+)?"
                     r"(?:квартал|полугоди|период|месяц)", re.IGNORECASE)


def part_of_period_chosen(st, sheet, t, cmap) -> None:
    """An indicator the analyst gave a column of the period alone («Прошли диагностику за квартал»), though asked why
    it is none (etl/unmapped_numbers.py): loaded as chosen, said — a school year shows its last period's value, not
    the year's (tester round t85: 30 for 460)."""
    for code, idx in cmap.chosen:
        head = t.column(idx).header
        if WITHIN.search(head) and not SINCE.search(head):
            st.problems.append(Problem(
                st.name, sheet.name, None, None, None, "indicator_of_period_part",
                f"Столбец «{head}» — число за период, а показатели эффективности — с начала учебного года: "
                "за учебный год панель покажет значение последнего периода, а не сумму за год",
                "Если в форме есть число нарастающим итогом, сопоставьте показателю его", "warning"))
