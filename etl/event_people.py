"""Whose participation a wide events form counts when its title does not say (the step «map», etl/event_columns.py):
«Отчет об участии в мероприятиях профминимума» over «Шоу профессий | план | факт» (tester round t80: the kind of form
not told, then the advice «--map "Профпробы | факт=родители"» — and following it still refused). The people named
in the columns' own headers («Шоу профессий (обучающиеся)»), else those the analyst gave the event columns (every one
mapped to one participant field: `given`), else asked — one question naming the columns (etl/accounting.py)."""
from __future__ import annotations

import re

from etl import meaning
from etl.learned import override_for
from etl.catalogue import PARTICIPANTS
from etl.model import Problem
from etl.schema import FIELD_LABELS_RU

_CONCEPTS = (("students", "pupil"), ("parents", "parent"), ("teachers", "teacher"))


def named_by_columns(table) -> list[str]:
    """The one kind of participants the columns' headers name (each naming one kind, all the same), else []."""
    kinds = set()
    for col in table.columns:
        said = {f for f, c in _CONCEPTS if c in meaning.read(tuple(col.parts)).concepts}
        if len(said) == 1:
            kinds |= said
    return sorted(kinds) if len(kinds) == 1 else []


def by_title(m, table, scores: dict[int, dict[str, int]]) -> None:
    """An events list with one column of participants naming none («Кол-во участников (чел.)») under a title naming
    one kind («Участие обучающихся в … мероприятиях (чел.)»): that kind's column (tester round t81: asked, and with a
    «~25» in it refused as having no column of pupils at all)."""
    if m.kind != "events" or m.layout != "long" or any(f in m.fields for f in PARTICIPANTS):
        return
    title = meaning.read((str(getattr(table, "title_text", "") or ""),)).concepts
    who = [f for f, c in _CONCEPTS if c in title]
    cols = [c for c in table.columns if c.index in scores and "participant" in (r := meaning.read(tuple(c.parts))
            .concepts) and not r & {"pupil", "parent", "teacher", "percent", "plan", "planned", "event"}]
    if len(who) == 1 and "event" in title and len(cols) == 1:
        m.fields[who[0]] = cols[0].index
        m.why[who[0]] = "по названию формы: участие — " + FIELD_LABELS_RU[who[0]]
        scores.pop(cols[0].index, None)


def by_grades(m, table, scores: dict[int, dict[str, int]]) -> None:
    """«Участники (чел.)» over «всего | 6-7 кл. | 8-9 кл. | 10-11 кл.» beside «Родители» and «Педагоги»: participants
    broken down by grades are pupils — the «всего» column is theirs (a fresh form of 07.12.2026 was refused as having
    no column of pupils)."""
    if m.kind != "events" or m.layout != "long" or any(f in m.fields for f in PARTICIPANTS):
        return
    from etl.grades import grade_range

    for c in table.columns:
        r = meaning.read(tuple(c.parts)).concepts
        if c.index not in scores or len(c.parts) < 2 or "participant" not in r or r & {"pupil", "parent", "teacher"}:
            continue
        kin = [o for o in table.columns if o.index != c.index and tuple(o.parts[:-1]) == tuple(c.parts[:-1])]
        if len(kin) >= 2 and grade_range(c.parts[-1], bare=True) is None and \
                all(grade_range(o.parts[-1], bare=True) for o in kin):
            m.fields["students"] = c.index
            m.why["students"] = "участники по классам — обучающиеся"
            scores.pop(c.index, None)
            return


def given(kind: str, overrides: dict[str, str], columns) -> dict[int, str]:
    """The columns of an events form the analyst gave a participant field: column -> field. In a wide form (a
    column per event) whose people they are, each its own (t90: «Путь навыков=обучающиеся» beside «Родительское
    собрание=родители» made one event of the sheet's name); in a long one the participants' column (etl/mapping.py)."""
    if kind != "events":
        return {}
    chosen = {}
    for col in columns:
        found, f = override_for(col, overrides)
        if found and f in PARTICIPANTS:
            chosen[col.index] = f
    return chosen


def take_given(m, taken: set[int], scores: dict) -> None:
    """A long events form (no column per event): the columns given a participant field are that field's."""
    for i, f in m.given_people.items():
        if f not in m.fields:
            m.chosen_by_analyst(f, i)
            taken.add(i)
            scores.pop(i, None)


def own(col) -> str | None:
    """The one kind of people a column's header names by a noun («Путь навыков (обучающиеся)»), else None."""
    text = " | ".join(str(p) for p in col.parts)
    said = [f for f, rx in _PEOPLE_NOUNS.items() if rx.search(text)]
    return said[0] if len(said) == 1 else None


def question(file: str, sheet: str, cmap, label, headers: dict[int, str]) -> Problem | None:
    """The one question of a wide events form whose participants nobody named (`cmap.unsaid_people`)."""
    cols = cmap.unsaid_people
    if not cols:
        return None
    shown = ", ".join(label(i) for i in cols[:4]) + (" …" if len(cols) > 4 else "")
    heads = [headers.get(i, "") for i in cols]
    maps = " ".join(f"--map \"{h}={FIELD_LABELS_RU['students']}\"" for h in heads[:4])
    return Problem(file, sheet, None, label(cols[0]), None, "participants_unsaid",
                   f"Не сказано, чьё участие в столбцах мероприятий ({shown}): обучающихся, родителей или педагогов — "
                   "ни в названии формы, ни в заголовках; файл не загружен",
                   "Впишите это в название формы («Участие обучающихся в мероприятиях …») или в заголовки столбцов "
                   "(«Шоу профессий (обучающиеся)»); на странице «Загрузка данных» выберите для каждого из этих "
                   f"столбцов одно поле участников; в командной строке — {maps} (или «родители», «педагоги»)")


# the people a header names by a noun (an adjective names an event: «Всероссийское родительское собрание» is an
# event pupils may take part in; «Родительские собрания (родители)», «Вебинар для педагогов» are of other people)
_PEOPLE_NOUNS = {"students": re.compile(r"обучающ|учащ|школьник|уч-ся|обуч-ся|ученик", re.IGNORECASE),
                 "parents": re.compile(r"родител(?!ьск)|законн\w*\s+представител", re.IGNORECASE),
                 "teachers": re.compile(r"педагог(?!ическ)|учител(?!ьск)|классн\w*\s+руководител", re.IGNORECASE)}


# a meeting of parents («Всероссийское родительское собрание»): its people are the parents, whoever the title names
# (t90: under «Участие обучающихся …» stored as 1 040 pupils)
_PARENTS_MEETING = re.compile(r"родительск\w*\s+(?:онлайн[- ])?собрани", re.IGNORECASE)


def not_theirs(parts, who: str) -> bool:
    """A column naming other people than the title's («Родительские собрания (родители)», «Педагоги-навигаторы»
    under a title of pupils), or counting what was held («Количество проведённых мероприятий»)."""
    text = " | ".join(str(p) for p in parts)
    return any(rx.search(text) for f, rx in _PEOPLE_NOUNS.items() if f != who) or \
        (who != "parents" and bool(_PARENTS_MEETING.search(text))) or \
        meaning.counts_what_was_held(parts) or meaning.counts_things(parts)
