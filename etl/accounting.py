"""Every column accounted for: each non-empty column of a table is mapped to a field, known to be ignorable
(№ п/п, ФИО, телефон, примечание … — data/reference/fields.csv, kind «*»), or reported as not recognised.

A field the dashboard needs (the schema's `needed`) that has no column while a column nobody recognised holds
values of its type is the worst case — the file would load with that field silently empty — so the file is not
loaded: the message names the column and how to map it. A field that truly has no column is said once per sheet.
A column of numbers nobody recognised is never dropped either: the file waits until the analyst says what it holds."""
from __future__ import annotations

from etl import column_questions, event_people, evidence, meaning, participants, reference, schema, unmapped_numbers
from etl.catalogue import PARTICIPANTS
from etl.model import Problem

CONSEQUENCE = {
    "students_total": "доля охвата по этому файлу не рассчитывается",
    "students_covered": "доля охвата по этому файлу не рассчитывается",
    "level": "распределение ОО по уровням профминимума будет без этих ОО",
    "partner_type": "договоры не распределятся по типам партнёров",
    "partner_name": "договоры не загрузятся",
    "signed_on": "договоры не попадут в динамику по датам",
    "students": "участие обучающихся в мероприятиях не будет учтено",
}


def _criteria() -> list[str]:
    """The readiness form's fields that are readiness criteria (data/reference/readiness_criteria.csv)."""
    return [r["column"] for r in reference.rows("readiness_criteria.csv")]


def _contradicted(cmap, f: str, unrec: list, claimed: set[int]):
    """The unrecognised column whose header reads as field f but whose values contradict it, else None."""
    i = cmap.contradicted.get(f)
    return next((c for c in unrec if c.index == i and i not in claimed), None)


def _shown(values: list) -> str:
    """«702 из 720», «все» …: a column's first distinct values, as written."""
    said = list(dict.fromkeys(str(v).strip() for v in values if v is not None and str(v).strip()))
    return ", ".join(f"«{v[:40]}»" for v in said[:3]) + (" …" if len(said) > 3 else "")


def _map_hint(header: str, field: str, kind: str = "") -> str:
    label = schema.FIELD_LABELS_RU.get(field, field)
    done = schema.FIELD_LABELS_RU.get("done_on", "done_on")
    also = (f"; если в нём дата, когда мероприятие выполнено, — --map \"{header}={done}\""
            if kind == "roadmap" and field == "deadline_text" else "")  # («Дата исполнения»: planned or done?)
    return (f"Если в этом столбце «{label}», выберите это поле на странице «Загрузка данных» (раздел «Исправить "
            f"распознавание») или загрузите файл командой с параметром --map \"{header}={label}\"{also}; если в "
            f"нём другое — --map \"{header}=-\" (столбец не загружается)")


def account(file: str, sheet: str, header_row: int, cmap, kind: str, samples: dict[int, list], label,
            have: set[str], headers: dict[int, str] | None = None) -> tuple[list[Problem], set[str]]:
    """(problems, fields that an unrecognised column may hold). `have`: fields given otherwise (a level per
    section or per sheet, participants of a wide form, an event per sheet); `headers`: column → header text."""
    unrec = [c for c in cmap.unmatched if c.index not in cmap.ignorable and samples.get(c.index)]
    mapped = set(cmap.fields) | set(have)
    mapped.update(cmap.marks)
    if cmap.split_participants or cmap.by_category or cmap.layout == "wide" or cmap.unsaid_people:
        mapped.update(PARTICIPANTS)  # (a wide form whose people nobody named: one question, below)
    if cmap.layout == "wide":  # the groups of columns give the event or the indicator and its value
        mapped.update(("event", "indicator_code", "value"))
    problems: list[Problem] = []
    asked: set[str] = set()
    claimed: set[int] = set(cmap.unsaid_people)
    said = event_people.question(file, sheet, cmap, label, headers or {})
    if said is not None:
        problems.append(said)
    needed = [f for f in schema.NEEDED.get(kind, []) + schema.REQUIRED.get(kind, []) if f not in mapped]
    for f in dict.fromkeys(needed):
        typ = schema.EVIDENCE_TYPES.get(f) or schema.FIELD_TYPES.get(f, "text")
        cands = [c for c in unrec if c.index not in claimed and c.index not in cmap.displaced  # (asked: below)
                 and evidence.fits(typ, samples[c.index])
                 and not meaning.excluded(kind, f, c.parts)  # («%», «не …», another population: never that field)
                 # («(план)», «выбыли», «в прошлом году»: another measure than the count — asked what it is)
                 and not (typ in ("int", "number") and meaning.other_measure(c.parts))
                 # («Всего, чел.» is never offered as the pupils, the parents or the teachers: asked what it is)
                 and not (f in PARTICIPANTS and participants.sum_of_every_group(c.header))]
        if cands:
            c = cands[0]
            problems.append(Problem(
                file, sheet, None, label(c.index), None, "unmapped_column",  # the whole file waits for it
                f"Столбец не распознан, а столбца «{schema.FIELD_LABELS_RU.get(f, f)}» в таблице "
                f"нет: файл не загружен, чтобы это поле не оказалось пустым (в столбце "
                f"{evidence.describe(typ, samples[c.index])})", _map_hint(c.header, f, kind)))
            claimed.add(c.index)
            asked.add(f)
        elif (c := _contradicted(cmap, f, unrec, claimed)) is not None:  # (t90: «702 (100%)» under «Охвачено»)
            problems.append(Problem(
                file, sheet, None, label(c.index), None, "unmapped_column",
                f"Столбец по заголовку — «{schema.FIELD_LABELS_RU.get(f, f)}», но его значения не читаются как это "
                f"поле (в столбце: {_shown(samples[c.index])}); другого столбца этого поля нет: файл не загружен, "
                "чтобы поле не оказалось пустым",
                "Исправьте значения в файле (только число в ячейке); " +
                _map_hint(c.header, f, kind).replace("Если в этом столбце", "если в этом столбце", 1)))
            claimed.add(c.index)
            asked.add(f)
        elif f in CONSEQUENCE and f not in schema.REQUIRED.get(kind, []) and \
                not (f in PARTICIPANTS and mapped & set(PARTICIPANTS)) and \
                not (f == "signed_on" and "agreement_no" in mapped):  # «№ 12 от 15.09.2023» holds the date
            problems.append(Problem(
                file, sheet, None, None, None, "missing_field",
                f"В таблице нет столбца «{schema.FIELD_LABELS_RU.get(f, f)}»: {CONSEQUENCE[f]}",
                "Если столбец в файле есть под другим названием, укажите его на странице «Загрузка данных» или "
                "параметром --map «заголовок=поле»", "warning"))
    lacking = [f for f in _criteria() if f not in mapped and f not in asked] if kind == "readiness" else []
    if lacking:  # said once: a school without a criterion is neither ready nor not — it is left out of the share
        problems.append(Problem(
            file, sheet, None, None, None, "missing_field",
            f"В таблице нет {'столбцов' if len(lacking) > 1 else 'столбца'} "
            + ", ".join(f"«{schema.FIELD_LABELS_RU.get(f, f)}»" for f in lacking)
            + ": доля ОО, готовых к реализации профминимума, будет без ОО этого листа (критерии готовности "
              "известны не все)",
            "Если столбец в файле есть под другим названием, укажите его на странице «Загрузка данных» или "
            "параметром --map «заголовок=поле»", "warning"))
    problems += column_questions.displaced(file, sheet, cmap, [c for c in unrec if c.index not in claimed], label,
                                           claimed)
    problems += column_questions.breakdowns(file, sheet, cmap, label)
    problems += column_questions.side_by_side(file, sheet, cmap, label)
    claimed.update(cmap.breakdown_columns())  # (asked about there, once)
    problems += column_questions.shares_as_counts(file, sheet, cmap, kind, samples, label, headers or {})
    if kind == "events":
        problems += column_questions.mixed_participants(file, sheet, cmap, label, headers or {})
    problems += column_questions.rival_statuses(file, sheet, cmap, samples, label, headers or {})
    problems += unmapped_numbers.numbers(file, sheet, cmap, kind, [c for c in unrec if c.index not in claimed], samples,
                                         label, claimed)
    for c in unrec:
        if c.index in claimed:
            continue
        problems.append(Problem(
            file, sheet, header_row, label(c.index), None, "unrecognised_column",
            "Столбец не распознан: его значения не загружаются",
            "Если в нём поле формы, укажите его на странице «Загрузка данных» или параметром "
            f"--map \"{c.header}=поле\"" + unmapped_numbers.choices(kind, cmap, parts=c.parts), "warning"))
    return problems, asked
