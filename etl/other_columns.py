"""The columns of a mapped table not taken for a field (etl/mapping.py): the parts of a count broken down over
columns with no «всего», and every column not loaded accounted for (etl/column_notes.py says why)."""
from __future__ import annotations

import re
from itertools import permutations

from etl import evidence, meaning, normalize, schema, wide
from etl.catalogue import COUNT_FIELDS, PARTICIPANTS, Catalogue, header_key
from etl.column_notes import GRADE_FIELDS, SUBSET, grade_range, noted, other_grades, share_of_loaded, siblings
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
    counts = {f: _numbers(samples, i) for f, i in fields.items() if f in COUNT_FIELDS} if samples else {}
    # (in a wide effectiveness form the loaded counts are its indicators of people: «в т.ч. 6-9 кл.» are their parts)
    whole = {**fields, **{code: i for code, i in m.wide_groups if kind == "effectiveness" and isinstance(i, int)
                          and schema.indicator_units().get(code) == "чел."}}
    alternatives.update(_parts_adding_up(table, m.unmatched, whole, {
        **counts, **({f: _numbers(samples, i) for f, i in whole.items() if f not in fields} if samples else {})},
        samples))
    by_index = {c.index: c for c in table.columns}
    numbers = _agreement_numbers(m, samples) if "agreement_no" not in fields else None
    if numbers is not None:
        ignorable.discard(numbers)
        m.take("agreement_no", numbers, "по значениям: номера договоров, а не порядковые номера строк")
    for c in m.unmatched:
        if c.index in ignorable or c.index in alternatives or SUBSET.match(header_key(c.parts[-1])) or \
                _values_of_another_field(kind, fields, samples, c.index):
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
                                or _ratio_of_loaded(_numbers(samples, c.index), counts)):
            why_not = "доля: рассчитывается из загружаемых чисел"
        if why_not is not None:
            alternatives[c.index] = why_not
    m.ignorable = ignorable | set(alternatives)
    m.alternatives = alternatives


def _values_of_another_field(kind: str, fields: dict, samples: dict | None, idx: int) -> bool:
    """Whether a column's values read as a field of the form no column gives, of a type that tells («базовый»,
    «основной» under «Статус ОО»): no second school name then — left unrecognised, asked about (etl/accounting.py)."""
    values = (samples or {}).get(idx)
    return bool(values) and any(f not in fields and schema.EVIDENCE_TYPES.get(f) in _TELLING and evidence.fits(
        schema.EVIDENCE_TYPES[f], values) for f in schema.KIND_FIELDS.get(kind, []))


_TELLING = ("level", "partner_type", "event_level", "status", "in_force")


def _repeated_group(c, taken) -> bool:
    """A column of a group repeating the taken column's group under another number: «Договор 2 | партнёр» beside
    «Договор 1 | партнёр», «Партнёр 2» beside «Партнёр 1». A year is no number of a group: «Тип партнёра (2022)»
    beside «Тип партнёра» is last year's column (tester round t77: asked «запишите каждый договор отдельной строкой»)."""
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


def _numbers(samples: dict[int, list] | None, idx: int) -> list:
    """A column's first values as numbers (None where a value is none)."""
    return [normalize.parse_number(v)[0] for v in (samples or {}).get(idx, [])]


def _ratio_of_loaded(vals: list, counts: dict[str, list]) -> bool:
    """A column whose every value (`vals`) is one loaded count over another, row by row («Охват» 0,949 or 94,9
    beside 299 covered of 315): that share, computed from them — whatever its header says. `counts`: the loaded
    counts' first values."""
    given = [v for v in vals if v is not None]
    for a, b in permutations(counts, 2):
        rows = [(v, x / y) for v, x, y in zip(vals, counts[a], counts[b]) if v is not None and x is not None and y]
        if len(rows) >= 2 and len(rows) == len(given) and (all(abs(v - r) <= 0.0051 for v, r in rows)
                                                           or all(abs(v - 100 * r) <= 0.51 for v, r in rows)):
            return True
    return False


def _parts_adding_up(table, unmatched: list, fields: dict[str, int], counts: dict[str, list],
                     samples: dict[int, list] | None) -> dict[int, str]:
    """«в т.ч. 6-9 кл.» and «в т.ч. 10-11 кл.» beside «Кол-во обуч-ся 6–11 кл.», or «базовый | основной |
    продвинутый уровень» beside «всего» under one header, whose values add up to it row by row: parts of a loaded
    count (`counts`: the loaded counts' first values), nothing new (a subgroup that adds up to nothing — «из них с
    ОВЗ» — is still asked about)."""
    if not samples:
        return {}
    subsets = [c for c in unmatched if SUBSET.match(header_key(c.parts[-1]))]
    for f, whole in counts.items():
        whole_col = table.column(fields[f])
        siblings = [c for c in unmatched if whole_col is not None and len(whole_col.parts) > 1
                    and c.parts[:-1] == whole_col.parts[:-1]]
        # (of «в т.ч. 6-9 кл. | в т.ч. 10-11 кл. | … | в т.ч. с ОВЗ» the run just after the count, or those naming
        # grades: tester round t77 — with the ОВЗ one among them nothing added up, all three were asked about)
        after = [c for c in subsets if c.index > fields[f]]
        run = [c for k, c in enumerate(after) if c.index == fields[f] + 1 + k]
        graded = [c for c in subsets if grade_range(c.parts[-1])]
        for parts in (subsets, siblings, run, graded):
            cols = [_numbers(samples, c.index) for c in parts]
            rows = [(w, [col[k] if k < len(col) else None for col in cols]) for k, w in enumerate(whole)]
            rows = [(w, ps) for w, ps in rows if w is not None or any(p is not None for p in ps)]
            if len(parts) >= 2 and len(rows) >= 2 and \
                    all(w is not None and None not in ps and abs(sum(ps) - w) < 0.5 for w, ps in rows):
                name = whole_col.header if whole_col is not None else ""
                return {c.index: f"часть столбца «{name}»: вместе они дают его значение" for c in parts}
    return {}
