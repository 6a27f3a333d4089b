"""Columns not taken for a field judged by their values (the step «map», etl/other_columns.py): a column whose
values are a field of the form no column gives (asked about, no alternative of another field), a share of two loaded
counts, the parts of a loaded count adding up to it row by row."""
from __future__ import annotations

from itertools import permutations

from etl import evidence, normalize, schema
from etl.catalogue import header_key
from etl.column_notes import SUBSET
from etl.grades import grade_range


def values_of_another_field(kind: str, fields: dict, samples: dict | None, idx: int) -> bool:
    """Whether a column's values read as a field of the form no column gives, of a type that tells («базовый»,
    «основной» under «Статус ОО»): no second school name then — left unrecognised, asked about (etl/accounting.py)."""
    values = (samples or {}).get(idx)
    return bool(values) and any(f not in fields and schema.EVIDENCE_TYPES.get(f) in _TELLING and evidence.fits(
        schema.EVIDENCE_TYPES[f], values) for f in schema.KIND_FIELDS.get(kind, []))


_TELLING = ("level", "partner_type", "event_level", "status", "in_force")


def numbers(samples: dict[int, list] | None, idx: int) -> list:
    """A column's first values as numbers (None where a value is none)."""
    return [normalize.parse_number(v)[0] for v in (samples or {}).get(idx, [])]


def ratio_of_loaded(vals: list, counts: dict[str, list]) -> bool:
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


def parts_adding_up(table, unmatched: list, fields: dict[str, int], counts: dict[str, list],
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
            cols = [numbers(samples, c.index) for c in parts]
            rows = [(w, [col[k] if k < len(col) else None for col in cols]) for k, w in enumerate(whole)]
            rows = [(w, ps) for w, ps in rows if w is not None or any(p is not None for p in ps)]
            if len(parts) >= 2 and len(rows) >= 2 and \
                    all(w is not None and None not in ps and abs(sum(ps) - w) < 0.5 for w, ps in rows):
                name = whole_col.header if whole_col is not None else ""
                return {c.index: f"часть столбца «{name}»: вместе они дают его значение" for c in parts}
    return {}
