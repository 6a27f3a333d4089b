"""Columns of numbers no field or indicator was read from (the step «map», etl/accounting.py): a figure the dashboard
may show, so the file waits for the analyst to say what it holds — never loads without it."""
from __future__ import annotations

from etl import evidence, meaning, participant_cells, schema
from etl.wide_indicators import SINCE, WITHIN
from etl.catalogue import catalogue, header_key
from etl.column_notes import OTHER_MEASURES, SUBSET
from etl.model import Problem


def choices(kind: str, cmap, numbers: bool = False, parts=()) -> str:
    """« (поле — одно из: «ИНН», «педагоги-навигаторы»)»: the form's fields no column gives yet (of numbers only,
    for a column of numbers) — what «=поле» of the advice may be (tester round t77: the advice never said); not one
    the header rules out (t90: «педагоги-навигаторы» offered for pupils registered on the platform, and for a «%»)."""
    free = [f for f in schema.KIND_FIELDS.get(kind, []) if f not in cmap.fields and f not in cmap.marks
            and (not numbers or schema.FIELD_TYPES.get(f) in ("int", "number"))
            and not (parts and _ruled_out(kind, f, parts))]
    if not free:
        return ""
    return " (поле — одно из: " + ", ".join(f"«{schema.FIELD_LABELS_RU.get(f, f)}»" for f in free) + ")"


def _ruled_out(kind: str, f: str, parts) -> bool:
    """A header naming other people than the field counts, or a percent for a count."""
    said = meaning.read(tuple(parts)).concepts
    teachers = f in ("navigators", "teachers")
    return meaning.excluded(kind, f, parts) or ("percent" in said and schema.FIELD_TYPES.get(f) == "int") or \
        (teachers and bool(said & {"pupil", "parent"}) and "teacher" not in said)


def numbers(file: str, sheet: str, cmap, kind: str, unrec: list, samples: dict[int, list], label,
             claimed: set[int]) -> list[Problem]:
    """A column of numbers nobody recognised may hold a figure the dashboard shows: the file waits for the analyst
    to say what it is (a field, an indicator of a wide effectiveness form, or «не загружать»), never loads without
    it. The complement of a figure loaded («Не охвачено» beside «Охвачено») says nothing new and is only noted."""
    cat = catalogue()
    loaded = set(cmap.fields) | {code for code, _i in cmap.wide_groups if kind == "effectiveness"}
    indicators = kind == "effectiveness" and cmap.layout == "wide"
    out = []
    for c in unrec:
        split = any(participant_cells.split_cells(samples[c.index], n) for n in (2, 3))  # («40/0/4»: numbers too, t81)
        if not (evidence.fits("number", samples[c.index]) or split) or cat.negated_indicator(c.header) in loaded:
            continue
        part = bool(SUBSET.match(header_key(c.parts[-1])))  # «в т.ч. 10-11 кл.», «из них с ОВЗ»: a part of another
        out.append(Problem(
            file, sheet, None, label(c.index), None, "unmapped_indicator" if indicators else "unmapped_numbers",
            ("Показатель в столбце не распознан" if indicators else "Столбец с числами не распознан") +
            f": файл не загружен, чтобы его значения не пропали (в столбце "
            f"{evidence.describe('number', samples[c.index])})" + _measure(c.parts) +
            ("; по заголовку это часть другого числа («в т.ч.», «из них»)" if part else "") +
            # (tester round t85: mapped as advised, a quarter's own figure made the year show its last quarter only)
            ("; по заголовку это значение только за квартал (период), а показатели эффективности — с начала "
             "учебного года: за учебный год было бы взято значение последнего периода, а не сумма — пришлите "
             "значение нарастающим итогом" if indicators and WITHIN.search(c.header) and
             not SINCE.search(c.header) else ""),
            ("Выберите показатель на странице «Загрузка данных» (раздел «Исправить распознавание») или загрузите "
             f"файл с параметром --map \"{c.header}=код показателя\" (коды показателей: python -m etl indicators)"
             if indicators else "Выберите поле на странице «Загрузка данных» (раздел «Исправить распознавание») "
             f"или загрузите файл с параметром --map \"{c.header}=поле\""
             + ("" if part else choices(kind, cmap, numbers=True, parts=c.parts))) +
            f"; если в столбце нет нужного мониторингу — --map \"{c.header}=-\" (столбец не загружается)"))
        claimed.add(c.index)
    return out


def _measure(parts) -> str:
    """«; по заголовку — план, а не достигнутое значение»: why a column naming a figure is not read as it."""
    said = meaning.other_measure(parts)
    said = said - {"plan", "planned"} if "fulfilment" in said else said  # (a percent of the plan: not the plan)
    what = list(dict.fromkeys(name for concept, name, _beside in OTHER_MEASURES if concept in said))
    return f"; по заголовку это {', '.join(what)}, а не сам показатель" if what else ""
