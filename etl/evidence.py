"""Values as evidence: what the values under a header say about the field it holds.

A column's sample (its first non-empty cells under the header) supports a field when the field type's parser reads
most of them: whole numbers for counts, «да»/«нет» (or a name, an order) for yes/no fields, level names, dates,
partner types; a name field wants text, not numbers. A header reading the values contradict loses to one they
support; a column nobody recognised whose values fit a field the form lacks is the likely home of that field."""
from __future__ import annotations

import re

from etl import normalize
from etl.textru import plural

SAMPLE = 200  # cells looked at per column
TYPE_WORDS = {"int": "целые числа", "number": "числа", "yesno": "ответы «да»/«нет»", "level": "названия уровней",
              "date": "даты", "partner_type": "типы партнёров", "event_level": "уровни мероприятий",
              "status": "статусы исполнения", "inn": "ИНН", "text": "текст", "ref": "номера",
              "in_force": "состояния договоров", "muni": "текст", "indicator": "текст", "period": "периоды"}


def column_sample(sheet, data_rows, col: int, limit: int = SAMPLE) -> list:
    """The first non-empty cells of a column in the record rows (`data_rows`: a list or numpy array)."""
    if col >= sheet.width or not len(data_rows):
        return []
    import numpy as np

    from etl import arrow_ops
    from etl.sheet import indices

    d, codes = sheet.encoding(col)
    cells = codes[np.asarray(data_rows, dtype=np.int64)]
    first = np.nonzero(~sheet.blank(col)[cells])[0][:limit]
    return sheet.values(arrow_ops.take(d, indices(cells[first])))


def _is_number_text(v) -> bool:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return True
    return isinstance(v, str) and normalize.parse_number(v)[1] is None


def _counts(typ: str, values: list) -> tuple[int, int]:
    """(values a field of this type reads, values that say anything): «н/д», «нет данных» in a column of numbers
    or dates are no answer — neither for the type nor against it."""
    parse = normalize.PARSERS.get(typ)
    if parse is None:  # text, a municipality, an indicator, a period: words, not bare numbers nor bare answers
        # (nor, for a municipality, an event's level: «фед.», «муниц.» under «Статус (фед./рег./муниц.)»)
        level = (lambda v: normalize.parse_event_level(v)[0] is not None) if typ == "muni" else (lambda v: False)
        return sum(1 for v in values if not _is_number_text(v) and not (isinstance(v, str) and _answer(v))
                   and not level(v)), len(values)
    ok = blank = 0
    for v, (value, error) in zip(values, map(parse, values)):
        if error is None:
            if value is None:
                blank += 1
            else:
                ok += 1
        elif typ == "date" and _names_a_span(v):
            ok += 1  # «октябрь-ноябрь 2023», «в течение квартала»: when an event was held, though not a day
    return ok, len(values) - blank


_SPAN_WORDS = re.compile(r"\bв течени[еи]\b|\bвесь (?:период|год|квартал)|\bежемесячно|\bеженедельно", re.I)


def _names_a_span(v) -> bool:
    """A span of time in words, as a date column of events holds it: a month or a quarter named (the loader takes its
    first day), «в течение квартала» (no day at all)."""
    from etl import periods

    return isinstance(v, str) and (bool(_SPAN_WORDS.search(v)) or periods.span_start(v) is not None)


def support(typ: str, values: list) -> float:
    """The share of the values a field of this type reads (1.0 for no values: nothing to contradict)."""
    if not values or typ == "ref":  # (a document's number: words or digits alike)
        return 1.0
    ok, said = _counts(typ, values)
    return ok / said if said else 1.0


def contradicts(typ: str, values: list, few: bool = False) -> bool:
    """Values that a field of this type could not hold (three or more cells, fewer than half readable; `few`: also
    two cells, none readable — for a reading by meaning, weaker than a synonym)."""
    return (len(values) >= 3 and support(typ, values) < 0.5) or (few and len(values) == 2 and support(typ, values) == 0)


def fits(typ: str, values: list) -> bool:
    """Values a field of this type holds (most of them readable, at least one); text fits every column of words."""
    if not values:
        return False
    if typ == "ref":
        return True
    ok, said = _counts(typ, values)
    return ok > 0 and ok >= 0.8 * said


def describe(typ: str, values: list) -> str:
    """«целые числа (48 из 50)» — how far the values support a type, for the analyst («ещё 2 — «н/д»»: no answer)."""
    n = len(values)
    if not n:
        return "значений нет"
    k, said = _counts(typ, values) if typ != "ref" else (n, n)
    words = TYPE_WORDS.get(typ, typ)
    if typ == "yesno" and 2 * sum(1 for v in values if _answer(v)) < n:  # names, orders: read as «да»
        # (but «будет назначен» among them is «нет»: said so — t89 read «читаются как «да» (9 из 9)» beside it)
        no = sum(1 for v in values if normalize.parse_yes_no(v)[0] is False)
        words = "записи (ФИО, приказы …), читаются как «да»" + (f", {no} — как «нет»" if no else "")
    out = f"{words} ({k} из {said} {plural(said, 'значения', 'значений', 'значений')}"
    if said < n:
        out += f"; ещё {n - said} — «нет данных»"
    return out + ")"


def answers(values: list) -> bool:
    """Values that are all answers written as words or marks («да», «нет», «+»): not numbers, dates or names."""
    return bool(values) and all(isinstance(v, str) and _answer(v) for v in values)


def _answer(v) -> bool:
    """A value written as an answer («да», «нет», «+», 1, a date), not a name or an order read as «да»."""
    if isinstance(v, str):
        key = normalize.norm_key(normalize.clean_text(v) or "")
        return key in normalize.YES_NO_WORDS or (normalize.clean_text(v) or "") in normalize.YES_NO_SYMBOLS
    return True


def shares(values: list) -> bool:
    """Values that read as shares or percents, not counts of people: most of three or more numbers have a
    fraction, and all lie within 0…100 («95,2», «0,96» from a cell formatted «%»); a text «32.450» is thousands
    set off by a dot (`normalize.THOUSANDS`), a whole count."""
    nums = [v for v, e in map(_count_or_number, values) if e is None and v is not None]
    if len(nums) < 3 or any(not 0 <= x <= 100 for x in nums):
        return False
    return sum(1 for x in nums if x != int(x)) * 2 > len(nums)


def _count_or_number(v) -> tuple[float | None, str | None]:
    if isinstance(v, str) and normalize.THOUSANDS.match(normalize.clean_text(v) or ""):
        return float(normalize.parse_int(v)[0]), None
    return normalize.parse_number(v)


def whole_percents(values: list, totals: list) -> bool:
    """Whole numbers that read as percents beside the pupils they are of: two or more, every one within 0…100,
    while the totals beside them run into the hundreds («Охват профминимумом»: 100, 95, 98 of 520, 480, 610)."""
    nums = [v for v, e in map(normalize.parse_number, values) if e is None and v is not None]
    tots = [v for v, e in map(normalize.parse_number, totals) if e is None and v is not None]
    return len(nums) >= 2 and all(0 <= x <= 100 for x in nums) and any(t > 100 for t in tots)


def municipalities(values: list) -> bool:
    """Values that name municipalities of the registry («г.о. Балашиха», «Химки», «Люберцы г.о.»): three or more
    texts, at least four in five of them known units — a column of municipalities whatever its header says."""
    from etl.registry import get_registry

    texts = [v for v in values if isinstance(v, str) and v.strip()]
    if len(texts) < 3:
        return False
    reg = get_registry()
    return sum(1 for v in texts if reg.match(v) is not None) >= 0.8 * len(texts)
