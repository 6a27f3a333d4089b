"""The step «map», its last part: the fields by the strength with which the catalogue reads each header (etl/mapping.py
asks after the analyst's choices and the wide layouts), values voting (etl/evidence.py)."""
from __future__ import annotations

from datetime import date

from etl import evidence, meaning, schema
from etl.column_map import ColumnMap
from etl.grades import GRADE_FIELDS
from etl.header_facts import HeaderFacts


def take(m: ColumnMap, scores: dict[int, dict[str, int]], facts: HeaderFacts,
                    samples: dict[int, list] | None, taken: set[int]) -> None:
    """Fields by the strength of their header match, strongest first, each field and each column used once. Among
    matches of one strength (exact, contained …) a visible column beats one the file hides, and of two columns
    differing by a date («… на 01.09.2022», «… на 01.09.2023») the later one wins; of a plan and a fact («план |
    факт», «(план)»), the fact; of pupils of the whole school and of grades 6–11, grades 6–11; then one whose
    values fit the field («Статус исполнения: выполнено» over «Информация об исполнении: Приказ № …»). Values that
    contradict a reading weaker than a synonym word for word take it out."""
    types = schema.FIELD_TYPES
    cands = sorted(((s // 1000, idx not in facts.hidden, idx not in facts.planned, idx not in facts.future,
                     f in GRADE_FIELDS and idx in facts.grades, idx in facts.totals,
                     bool(samples) and evidence.fits(types.get(f, "text"), samples.get(idx, [])), s,
                     facts.dated.get(idx) or date.min, -idx, f, idx)
                    for idx, fs in scores.items() for f, s in fs.items() if f not in m.fields), reverse=True)
    for c in cands:
        s, f, idx = c[7], c[-2], c[-1]
        if f in m.fields or idx in taken:
            continue
        if samples and evidence.contradicts(types.get(f, "text"), samples.get(idx, []), few=s < 2900) and (
                s < 2900 or fitting_rival(cands, f, idx, taken, samples)) and \
                not (idx in facts.numbered and types.get(f) == "yesno"):  # (an order's numbers: «да»)
            if s >= meaning.BASE:
                m.contradicted.setdefault(f, idx)
            continue  # (a synonym word for word yields only to another column of the field whose values fit it)
        if idx in facts.hidden and any(c2[-2] == f and c2[-1] not in facts.hidden and c2[-1] not in taken
                                       and c2[7] >= meaning.BASE for c2 in cands):
            continue  # a hidden column (last year's, superseded) yields to a visible one read as the field
        m.fields[f] = idx
        m.how[f] = "synonym"
        m.why[f] = ("заголовок из справочника" if s >= 2900 else "по смыслу слов заголовка" if s >= meaning.BASE
                    else "по словам заголовка")
        if samples and samples.get(idx):
            m.why[f] += "; значения: " + evidence.describe(types.get(f, "text"), samples[idx])
        taken.add(idx)


def fitting_rival(cands: list, f: str, idx: int, taken: set[int], samples: dict[int, list]) -> bool:
    """Another free column read as field f whose values fit it («Статус: выполнено» beside «Информация об
    исполнении: приказы изданы во всех 18 МО», both status headers)."""
    typ = schema.FIELD_TYPES.get(f, "text")
    return any(c[-2] == f and c[-1] != idx and c[-1] not in taken and evidence.fits(typ, samples.get(c[-1], []))
               for c in cands)
