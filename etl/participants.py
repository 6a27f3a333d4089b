"""Participants of events written in one column for several groups: «120/15/8» under «Количество участников
(обучающиеся/родители/педагоги)», or one count per row beside a «Категория участников» column that says whose it is
(обучающиеся, родители, педагоги). Each number goes to its group's field (students, parents, teachers)."""
from __future__ import annotations

import re

from etl import evidence, meaning
from etl.catalogue import header_key
from etl.column_notes import SUBSET
from etl.header_facts import TOTAL_GROUP

_WORDS = (("students", re.compile(r"обуч|учащ|уч-ся|школьн|дет")),
          ("parents", re.compile(r"родит|(?<![а-я])род(?![а-я])|законн[а-я]* представ")),
          ("teachers", re.compile(r"педаг|учител|(?<![а-я])пед(?![а-я])|классн[а-я]* руковод|навигатор")))


_SEVERAL = re.compile(r"\bи\b|[,/+;]")


def group_of(text) -> str | None:
    """The one participant field a text names («обучающиеся 8-9 кл.» → students; «родители (законные
    представители) обучающихся» → parents: the group named first, the others qualify it), None for none or for
    several listed («обучающиеся и родители»)."""
    if not isinstance(text, str):
        return None
    t = text.strip().lower()
    found = sorted((m.start(), f) for f, rx in _WORDS for m in [rx.search(t)] if m)
    if len(found) == 1 or (found and not _SEVERAL.search(t)):
        return found[0][1]
    return None


def sum_of_every_group(text: str) -> bool:
    """«Всего участников», «Итого», «Всего, чел.»: a total that names no group of participants (the sum of the columns
    beside it; «Всего обучающихся» is the pupils' figure)."""
    return bool(TOTAL_GROUP.match(text)) and group_of(text) is None


def participants_in(header: str) -> tuple[str, ...]:
    """The participant fields a header lists with «/» between them, in its order: «Количество участников
    (обучающиеся/родители/педагоги)» → (students, parents, teachers); () unless two or more are listed."""
    if "/" not in header:
        return ()
    inner = re.findall(r"\(([^()]*/[^()]*)\)", header)
    order = []
    for p in (inner[-1] if inner else header).split("/"):
        f = group_of(p) if sum(1 for _f, rx in _WORDS if rx.search(p.lower())) == 1 else None
        if f is None or f in order:
            return ()
        order.append(f)
    return tuple(order) if len(order) >= 2 else ()


def category_columns(table, scores: dict[int, dict[str, int]], samples: dict[int, list] | None
                     ) -> tuple[int, int] | None:
    """(the category column, the count column) of a list of events with one count per row and a «Категория
    участников» column saying whose: the category's header names a kind of participants, its values (when known)
    each name one group; the count's header counts (people), its values are whole numbers."""
    cols = [c for c in table.columns if c.index in scores]
    # («Категория участников»; a bare «Категория» when its values, read, are the groups of participants)
    # (a header naming the participants' category says it is one whatever most values are: «обучающиеся и
    # родители», «все категории» are errors of their rows — a count beside them was asked as the pupils')
    cat = next((c for c in cols for r in [meaning.read(tuple(c.parts)).concepts]
                if ({"participant", "kind_of"} <= r or ("kind_of" in r and samples))
                and _groups(samples, c.index, named={"participant", "kind_of"} <= r)), None)
    if cat is None:
        return None
    counts = [c for c in cols if c is not cat and meaning.read(tuple(c.parts)).concepts & {"count", "persons"}
              and (not samples or evidence.fits("int", samples.get(c.index, [])))]
    counts.sort(key=lambda c: "participant" not in meaning.read(tuple(c.parts)).concepts)
    return (cat.index, counts[0].index) if counts else None


def _groups(samples: dict[int, list] | None, index: int, named: bool = False) -> bool:
    if not samples:
        return True
    vals = [v for v in samples.get(index, []) if isinstance(v, str) and v.strip()]
    groups = [g for v in vals if (g := group_of(v))]
    if named and groups:
        return True
    # (the others are errors of their rows: «студенты колледжа» is asked about, never counted as pupils); two groups
    # or more named make the column the categories even beside as many unknown ones
    return bool(vals) and (3 * len(groups) >= 2 * len(vals) or (len(set(groups)) >= 2 and 2 * len(groups) >= len(vals)))


def by_category(categories: list, counts: list) -> tuple[dict[str, list], list[int]]:
    """Each row's count under its category's field (the others empty), and the rows whose category names no group:
    the caller marks them bad (their count stands under the pupils only so that it is not reported missing too:
    a bad row is never loaded)."""
    out: dict[str, list] = {f: [None] * len(counts) for f, _rx in _WORDS}
    unknown = []
    for j, (c, n) in enumerate(zip(categories, counts)):
        f = group_of(c)
        if f is None and n is not None and n != "":
            unknown.append(j)
        out[f or "students"][j] = n
    return out, unknown


def total_with_other_grades(file: str, t, cmap, label) -> list:
    """A «Всего» under «Обучающиеся» beside a column of grades other than 6–11 («1-5 кл. | 6-7 кл. | … | Всего»)
    counts those grades too: never loaded as the pupils of grades 6–11 without a word — asked."""
    from etl.model import Problem

    out = []
    for f in ("students", "students_total"):
        c = cmap.fields.get(f)
        col = t.column(c) if c is not None else None
        if col is None or "total" not in meaning.read((col.parts[-1],)).concepts:
            continue
        # under one header with it, or — «Всего обучающихся | из них 1-5 кл.» — a part of it right beside it
        other = [o for o in t.columns if o.index != c and "grades_other" in meaning.read((o.parts[-1],)).concepts
                 and ((len(col.parts) > 1 and o.parts[:-1] == col.parts[:-1])
                      or (o.index == c + 1 and SUBSET.match(header_key(o.parts[-1]))))]
        if other:
            out.append(Problem(
                file, t.sheet_name, None, label(c), None, "total_with_other_grades",
                f"«{col.parts[-1]}»{' обучающихся' if len(col.parts) > 1 else ''} включает и столбец "
                f"{label(other[0].index)}: это не только 6–11 "
                "классы, а профминимум считается по 6–11 классам",
                "Добавьте столбец «всего 6–11 классов» (сумма столбцов 6–11 классов) или сопоставьте поле вручную "
                "на странице «Загрузка данных» (раздел «Исправить распознавание»)"))
    return out
