"""What the columns of a header row say beside the fields they are read as (what each header itself says — its
date, a plan, a total — is etl/header_facts.py): a figure broken down over sibling columns, a percent of a loaded
count, participants listed «120/15/8», a column per level — and why a column left unmapped says nothing new
(`noted`)."""
from __future__ import annotations

import re

from etl import meaning, schema
from etl.catalogue import COUNT_FIELDS, PARTICIPANTS, Catalogue, header_key
from etl.grades import grade_range
from etl.header_facts import TOTAL_GROUP

SUBSET = re.compile(r"^(?:из них|из числа|в том числе|в т ч|т ч)\b")
_PLAN_TEXT = re.compile(r"\bплан[а-я]*\b|\bпо плану\b|\bпланируем[а-я]*\b|\bпланов[а-я]*\b", re.IGNORECASE)


PLAN_NOTE = "план (загружается факт)"  # a plan beside its fact (also of etl/value_period.py)


def noted(c, cat: Catalogue, kind: str, fields: dict[str, int], loaded: set[str], got: dict[str, int]) -> str | None:
    """Why an unmatched column says nothing the loaded ones do not (a field or a reason), or None: a plan beside
    its fact («План охвата, чел.», «… | план»), another column of a field taken, pupils of other grades or of the
    whole school beside those of grades 6–11, «Всего участников» beside the participants by kind."""
    r = meaning.read(tuple(c.parts))
    if r.concepts & {"plan", "planned"} and "fulfilment" not in meaning.other_measure(c.parts):
        rest = [p for p in (_PLAN_TEXT.sub(" ", p).strip(" ,.;:()|-–—") for p in c.parts) if header_key(p)]
        if rest and ((loaded and cat.indicator(" ".join(rest)) in loaded) or
                     any(sc >= 1000 and f in fields for f, sc in cat.field_scores(kind, rest).items()) or
                     # «Планируемое кол-во участников» beside the participants
                     (kind == "events" and fields.keys() & set(PARTICIPANTS) and
                      "participant" in meaning.read(tuple(rest)).concepts)):
            return PLAN_NOTE
        if not rest and "value" in fields:  # a bare «План» beside «Факт» (a row per indicator)
            return PLAN_NOTE
        if kind == "events" and rest:  # «Шоу профессий (план)» beside the events held
            return "план мероприятия: загружаются только проведённые"
    if kind == "events" and len(c.parts) > 1 and (why := next(filter(None, map(not_participants, c.parts[:0:-1])),
                                                           None)):
        return why  # «Шоу профессий | АППГ» beside «… | отчётный период», «… | кол-во мероприятий, ед.» (| факт)
    measure = meaning.other_measure(c.parts) - {"plan", "planned"}
    if "fulfilment" in measure:  # how much of a plan was done: no form's figure (t89: «Охват в % от плана»)
        return "выполнение плана, %: не загружается (загружается факт)"
    if measure and (any(sc >= 1000 and f in fields
                        for f, sc in cat.field_scores(kind, c.parts, any_measure=True).items())
                    or (loaded and cat.indicator(c.header, any_measure=True) in loaded)):
        return next(note for concept, _name, note in OTHER_MEASURES if note and concept in measure)
    if kind == "events" and _DISTINCT.search(c.header):  # not the same figure as the participations
        return "обучающиеся без повторного учёта: на панели — участия, этот столбец не загружается"
    other = [f for f, sc in got.items() if sc >= 1000 and f in fields]
    if other:
        return other[0]
    if ("students_total" in loaded or fields.keys() & {"students_total", "students"}) and "pupil" in r.concepts and \
            (r.concepts & {"grades_other", "total"}) and not r.concepts & {"covered", "reach", "participant"}:
        return "обучающиеся не (только) 6–11 классов: не показатель профминимума"
    if kind == "events" and TOTAL_GROUP.match(c.header) and any(f in fields for f in PARTICIPANTS):
        return "сумма других столбцов"
    # («Посещают курс «Россия — мои горизонты», чел.» in a readiness form — one with a criterion or the level, not a
    # table of indicators read as one: t90, asked)
    if kind == "readiness" and fields.keys() & _READINESS_OWN and (code := cat.indicator(c.header)) and \
            code not in COUNT_FIELDS and code not in cat.shares and not measure:
        return f"показатель «{schema.indicator_names().get(code, code)}» — формы эффективности, не готовности: " \
            "не загружается"
    if kind == "events" and {"school", "count"} <= r.concepts and not r.concepts & {"pupil", "parent", "teacher",
                                                                                     "persons"}:
        return "число ОО, а не участников: не загружается"  # («Количество ОО, принявших участие»: t90)
    # «Количество участников | всего» beside «из них обучающихся | родителей | педагогов» (t90: asked about)
    if kind == "events" and len(c.parts) > 1 and _BARE_TOTAL.match(c.parts[-1]) and \
            sum(f in fields for f in PARTICIPANTS) >= 2:
        return "сумма других столбцов (участников)"
    return None


_READINESS_OWN = frozenset({"level", "responsible_appointed", "plan_approved", "navigators", "bvb_registered"})
_BARE_TOTAL = re.compile(r"^\W*(?:всего|итого)\W*(?:чел\w*\.?)?\W*$", re.IGNORECASE)
_THINGS = re.compile(r"^\W*(ед|шт|единиц)[а-яё]*\.?\W*$", re.IGNORECASE)
# a count in units («кол-во проб, ед.», «экскурсий (шт.)»): things held, not people
_IN_UNITS = re.compile(r"(?:^|[\s,(])(?:ед|шт)(?:\.|\b)", re.IGNORECASE)
# kinds of events: a count of them naming no people is of the events held («кол-во проб», «кол-во экскурсий»)
_HELD = {"event", "probes", "excursion", "masterclass", "lesson"}


def part_of_loaded(c, cat: Catalogue, kind: str, fields: dict[str, int]) -> str | None:
    """«Контингент | в т.ч. с ОВЗ», «Охвачено | из них девочек» under a count loaded from its own column: a part of it
    no form field holds — noted (t90: asked about, the only answer «не загружать»). A part by grades («в т.ч. 6-11
    кл.») may be the field itself: asked."""
    if len(c.parts) < 2 or not SUBSET.match(header_key(c.parts[-1])) or grade_range(c.parts[-1]) is not None:
        return None
    group = cat.field_scores(kind, c.parts[:-1])
    if any(sc >= 1000 and fields.get(f) not in (None, c.index) for f, sc in group.items()):
        return f"часть числа «{c.parts[-2]}» («в т.ч.», «из них»): уже в нём, не загружается"
    return None


def not_participants(sub: str) -> str | None:
    """Why an event's sub-column is not its participants, or None: planned or of another time («план»,
    «запланировано», «АППГ»), a share («%»), the number of events or things held («кол-во мероприятий, ед.», «ед.»), a
    part of them («из них с ОВЗ»)."""
    if SUBSET.match(header_key(sub)):  # «из них обуч. с ОВЗ», «в т.ч. девочки»: a part of the event's participants
        return "часть участников мероприятия («из них …»): уже в его числах, не загружается"
    c = meaning.read((sub,)).concepts
    people = c & {"persons", "participant", "pupil", "parent", "teacher", "covered"}
    measure = meaning.other_measure((sub,))
    if measure & {"plan", "planned"} and "fulfilment" not in measure:
        return "план мероприятия: загружаются только проведённые"
    if measure:
        return next((note for concept, _name, note in OTHER_MEASURES if note and concept in measure), "другая мера")
    if "percent" in c and not people:
        return "доля, а не число участников: не загружается"
    if (c & _HELD and "count" in c and not people) or _THINGS.match(sub) or (_IN_UNITS.search(sub) and not people):
        return "число мероприятий, а не участников: не загружается"
    return None


# the other measures a header may name (etl/meaning.py `other_measure`): (concept, what it is — for the question
# about such a column alone —, the note of one beside the figure itself; a plan's note is `noted`'s own, above)
OTHER_MEASURES = (("plan", "план", ""), ("planned", "план", ""),
                  ("expected", "ожидаемое значение", "ожидаемое значение (загружается достигнутое)"),
                  ("past", "прошлый период", "прошлый период (загружается текущий)"),
                  ("refused", "отказавшиеся", "отказавшиеся: другая мера, загружается сам показатель"),
                  ("dropped", "выбывшие", "выбывшие: другая мера, загружается сам показатель"),
                  ("outside", "не охваченные", "не охваченные: другая мера, загружается сам показатель"),
                  ("fulfilment", "выполнение плана, %", "выполнение плана, %: не загружается (загружается факт)"))


_DISTINCT = re.compile(r"без\s+повторн|уникальн|(?<![а-я])разных\s+(?:обучающ|учащ|человек|участник)", re.IGNORECASE)
_PERCENT_TEXT = re.compile(r"%|\bв процентах\b|\bпроцент[а-я]*|\bдол[яиюей]\b|\bудельн[а-я]* вес[а-я]*",
                           re.IGNORECASE)


def share_of_loaded(c, cat: Catalogue, kind: str, fields: dict[str, int], loaded_at: list) -> bool:
    """A percent column of a count the file gives («Охват, %» beside the pupils and those covered; «Посетили
    экскурсии | %» beside «| чел.»): the share is computed from the counts, the column says nothing new."""
    if not any(_PERCENT_TEXT.search(p) for p in c.parts):
        return False
    parts = [p for p in (_PERCENT_TEXT.sub(" ", p).strip(" ,.;:()-–—") for p in c.parts) if header_key(p)]
    if not header_key(_PERCENT_TEXT.sub(" ", c.parts[-1])):
        # a bare «Доля, %» (or «%» under a group) is the share of the count just before it («высокий уровень»)
        before = next((code for code, i in [*loaded_at, *fields.items()] if i == c.index - 1), None)
        return before in cat.share_of or before in COUNT_FIELDS
    loaded = {code for code, _i in loaded_at}
    if loaded:
        code = cat.indicator(" ".join(parts))
        return code in cat.share_of and (code in loaded or cat.share_of[code] in loaded)  # (a share of its own)
    return any(sc >= 1000 and f in fields and f in COUNT_FIELDS for f, sc in cat.field_scores(kind, parts).items())

