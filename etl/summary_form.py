"""A summary form — rows are municipalities, columns count schools, agreements or events («Количество ОО всего |
из них на базовом уровне …») — is not a list of schools: loaded as one, its counts would be dropped and each
municipality taken for a school. It is recognised by its headers and refused with a message naming what it is and
which form to send instead."""
from __future__ import annotations

from etl import meaning, schema
from etl.model import Problem

# the field of a record per kind: a table with a column of it lists records, not totals
RECORD_FIELDS = {"readiness": "school_name", "agreements": "partner_name", "events": "event"}
COUNTED = {"agreements": "agreement", "events": "event"}  # what a count column counts, by the kind it is of
SHARED = ("students_total", "students_covered", "coverage_share")  # the indicators a readiness summary has too


def _rule():
    return next(s for s in schema.ignore_rules() if s.field == "summary_count")


def counts_units(parts: tuple[str, ...]) -> bool:
    """A header that counts units («Количество ОО», «Число договоров»): a summary's column."""
    rule = _rule()
    r = meaning.read(parts)
    return not rule.excludes & r.concepts and any(a <= r.concepts for a in rule.requires)


def count_columns(t, cat) -> list:
    """Columns that count units (ОО, договоры, мероприятия) rather than hold a record's value (an effectiveness
    indicator of the catalogue is a figure of its own, not a summary)."""
    return [c for c in t.columns if not cat.indicator(c.header) and counts_units(tuple(c.parts))]


def is_summary(t, cat) -> bool:
    """Counts of units and no column naming a record of what is counted: a school, a partner, an event (counts of
    agreements per school — «Количество договоров | с ВУЗами | с СПО» beside the schools — are a summary too: its
    records would be the agreements)."""
    counts = count_columns(t, cat)
    if not counts or any(cat.indicator(c.header) not in (None, *SHARED) for c in t.columns):
        return False  # (beside an effectiveness indicator of its own, «Кол-во ОО» is one more column of numbers)
    counted = frozenset.intersection(*(meaning.read(tuple(c.parts)).concepts for c in counts))
    records = {k: f for k, f in RECORD_FIELDS.items() if COUNTED.get(k) in counted} or RECORD_FIELDS
    if "agreement" in counted and len(counts) >= 2:
        return True  # agreements counted by type per school: beside them the partners' names are a list in a cell
        # (tester round t80: «Заключено договоров, ед. | всего | с ВУЗ | с СПО» beside «Наименования партнеров»)
    ids = {c.index for c in counts}
    for c in t.columns:
        if c.index in ids:
            continue
        for kind, f in records.items():
            if cat.field_scores(kind, c.parts).get(f, 0) >= 2000:
                return False
    return True


def problem(file: str, sheet: str, t, cat) -> Problem:
    shown = ", ".join(f"«{c.header}»" for c in count_columns(t, cat)[:3])
    return Problem(file, sheet, None, None, None, "summary_form",
                   f"Это сводная форма: в строках — муниципалитеты или ОО, в столбцах — количество ({shown}), а не "
                   "перечень ОО, договоров или мероприятий. Итоги система считает сама из перечня",
                   "Пришлите форму с одной строкой на каждую ОО (на каждый договор, на каждое мероприятие): бланки — "
                   "кнопка «Скачать бланки форм» на странице «Загрузка данных» (в командной строке — python -m etl "
                   "forms)")
