"""The columns of a mapped table not taken for a field (etl/mapping.py): the parts of a count broken down over
columns with no «всего», and every column not loaded accounted for (etl/column_notes.py says why; etl/column_values.py
judges them by their values)."""
from __future__ import annotations

import re

from etl import column_values, evidence, meaning, schema, wide
from etl.catalogue import COUNT_FIELDS, PARTICIPANTS, Catalogue, header_key
from etl.column_notes import SUBSET, noted, part_of_loaded, share_of_loaded
from etl.grades import GRADE_FIELDS, other_grades, siblings
from etl.header_facts import HeaderFacts


def breakdowns(m, table, scores: dict[int, dict[str, int]], facts: HeaderFacts,
                taken: set[int]) -> None:
    """A count taken from one column of a group that breaks it down with no «всего» («6 кл.» … «11 кл.»): one part
    alone is not the figure (`ColumnMap.breakdown`)."""
    apart = facts.planned | facts.hidden
    for f, idx in m.fields.items():
        if schema.FIELD_TYPES.get(f) not in ("int", "number"):
            continue
        parts = [j for j, fs in scores.items() if j != idx and fs.get(f, 0) >= 1000 and j not in taken
                 and (siblings(table, j, idx, apart) or other_grades(table, j, idx))]
        if parts and not facts.totals & {idx, *parts} and m.how.get(f) != "override" and \
                not (f in GRADE_FIELDS and idx in facts.grades):  # (grades 6–11 beside the whole school: not parts)
            m.breakdown[f] = [idx, *parts]


def account(m, table, cat: Catalogue, scores: dict[int, dict[str, int]], w: wide.Wide,
             ignored: set[int], samples: dict[int, list] | None) -> None:
    """The columns not loaded, and those of them that say nothing the loaded ones do not: columns of a field
    another column was taken for (the plan beside the fact, the whole school beside grades 6–11, the hidden or
    earlier one), the sums of a wide form, a share of loaded counts — recognised, never «not recognised»."""
    kind, fields = m.kind, m.fields
    used = set(fields.values()) | {i for mk in m.marks.values() for i in mk.values()} | \
        ({m.split_participants[0]} if m.split_participants else set()) | set(m.by_category or ())
    for g in m.wide_groups:
        used |= set(g[1].values()) if isinstance(g[1], dict) else {g[1]}
    used |= {i for cols in [*m.summed.values(), *m.wide_summed.values()] for i in cols}
    m.unmatched = [c for c in table.columns if c.index not in used]
    ignorable = {c.index for c in m.unmatched if c.index in ignored or meaning.ignorable(c.parts)}
    alternatives = {idx: "сумма других столбцов" for idx in w.sums}
    alternatives.update({idx: "часть числа по классам: взят столбец «всего»" for idx in w.parts})
    alternatives.update({idx: "этот показатель взят из другого столбца" for idx in w.twins})
    loaded = {code for code, _i in m.wide_groups} if kind == "effectiveness" else set()
    # the fields loaded, those of the participants given in one column («120/15/8», by category) too
    one = m.split_participants[0] if m.split_participants else m.by_category[1] if m.by_category else None
    seen = {**fields, **{f: one for f in PARTICIPANTS}} if one is not None else fields
    counts = {f: column_values.numbers(samples, i) for f, i in fields.items() if f in COUNT_FIELDS} if samples else {}
    # (in a wide effectiveness form the loaded counts are its indicators of people: «в т.ч. 6-9 кл.» are their parts)
    whole = {**fields, **{code: i for code, i in m.wide_groups if kind == "effectiveness" and isinstance(i, int)
                          and schema.indicator_units().get(code) == "чел."}}
    more = {f: column_values.numbers(samples, i) for f, i in whole.items() if f not in fields} if samples else {}
    alternatives.update(column_values.parts_adding_up(table, m.unmatched, whole, {**counts, **more}, samples))
    by_index = {c.index: c for c in table.columns}
    numbers = _agreement_numbers(m, samples) if "agreement_no" not in fields else None
    if numbers is not None:
        ignorable.discard(numbers)
        m.take("agreement_no", numbers, "по значениям: номера договоров, а не порядковые номера строк")
    for c in m.unmatched:
        if c.index not in ignorable and c.index not in alternatives and kind != "events" and \
                (part := part_of_loaded(c, cat, kind, fields)):
            alternatives[c.index] = part
            continue
        if c.index in ignorable or c.index in alternatives or SUBSET.match(header_key(c.parts[-1])) or \
                column_values.values_of_another_field(kind, fields, samples, c.index):
            continue  # («из них … с ОВЗ» beside the pupils is a figure of its own, never «the same field»)
        got = {f: sc for f, sc in scores.get(c.index, {}).items()  # (numbers are no alternative of a name)
               if not samples or evidence.fits(schema.FIELD_TYPES.get(f, "text"), samples.get(c.index, []))}
        why_not = noted(c, cat, kind, seen, loaded, got)
        if kind == "agreements" and why_not in fields and _repeated_group(c, by_index.get(fields[why_not])):
            m.side_by_side.setdefault(why_not, [fields[why_not]]).append(c.index)  # (asked about: one row, one)
        if why_not in fields and m.how.get(why_not) == "override":
            # read as the field the analyst gave another column: not «the same figure» — asked about, never dropped
            m.displaced[c.index] = why_not
            continue
        if why_not is None and (share_of_loaded(c, cat, kind, fields, m.wide_groups if kind == "effectiveness" else [])
                                or column_values.ratio_of_loaded(column_values.numbers(samples, c.index), counts)):
            why_not = "доля: рассчитывается из загружаемых чисел"
        if why_not is not None:
            alternatives[c.index] = why_not
    m.ignorable = ignorable | set(alternatives)
    m.alternatives = alternatives


def _repeated_group(c, taken) -> bool:
    """A column of a group repeating the taken column's group under another number: «Договор 2 | партнёр» beside
    «Договор 1 | партнёр», «Партнёр 2» beside «Партнёр 1». A year is no number of a group: «Тип партнёра (2022)»
    beside «Тип партнёра» is last year's column (tester round t77: asked «запишите каждый договор отдельной
    строкой»)."""
    if taken is None:
        return False
    a, b = [header_key(" ".join(x.parts)) for x in (c, taken)]
    return a != b and _NO_DIGITS.sub("", a).split() == _NO_DIGITS.sub("", b).split() and \
        any(int(n) < 100 for n in _NO_DIGITS.findall(a)) and not any(int(n) >= 100 for n in _NO_DIGITS.findall(a))


_NO_DIGITS = re.compile(r"\d+")


def _agreement_numbers(m, samples: dict[int, list] | None) -> int | None:
    """An agreements form's column headed «№» alone whose values are agreements' numbers («15/23», «СВ-7», «б/н»), not
    the rows' ordinals: its agreement numbers."""
    if m.kind != "agreements" or not samples:
        return None
    for c in m.unmatched:
        vals = [str(v).strip() for v in samples.get(c.index) or [] if v is not None and str(v).strip()]
        if meaning.read(tuple(c.parts)).concepts == {"ordinal"} and len(vals) >= 2 and \
                any(not v.replace(".", "").isdigit() for v in vals) and \
                sum(any(ch.isdigit() for ch in v) or v.lower() in ("б/н", "бн") for v in vals) == len(vals):
            return c.index
    return None
