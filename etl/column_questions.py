"""Questions about the columns a table's mapping took (etl/accounting.py asks them with the rest): a column read
as the field the analyst gave another one, a figure broken down over columns with no «всего», a count of people
whose column holds shares. Each stops the file with a message naming the column and what to choose."""
from __future__ import annotations

import re

from etl import evidence, grade_parts, normalize, schema
from etl.catalogue import catalogue, header_key
from etl.model import Problem, cell_text


def displaced(file: str, sheet: str, cmap, unrec: list, label, claimed: set[int]) -> list[Problem]:
    """A column read as a field the analyst gave another column («учителя» when «педагоги» was chosen for
    «Помогали волонтёры»): one of the two figures would be lost without a word, so the file waits for a choice."""
    out = []
    for c in unrec:
        f = cmap.displaced.get(c.index)
        if f is None or f not in cmap.fields:
            continue
        what = schema.FIELD_LABELS_RU.get(f, f)
        out.append(Problem(
            file, sheet, None, label(c.index), None, "displaced_column",
            f"Столбец прочитан как «{what}», а это поле выбрано для столбца {label(cmap.fields[f])}: файл не "
            "загружен, чтобы значения одного из них не пропали",
            "Проверьте выбор на странице «Загрузка данных» (раздел «Исправить распознавание»): укажите, что в этом "
            f"столбце, или «не загружать»; в командной строке — --map \"{c.header}=поле\" или "
            f"--map \"{c.header}=-\""))
        claimed.add(c.index)
    return out


def breakdowns(file: str, sheet: str, cmap, label) -> list[Problem]:
    """A figure broken down over columns with no «всего» («Численность обучающихся» over «6 кл.» … «11 кл.»): one
    part taken for the whole would be a wrong figure, so the file waits for a total column or the analyst's choice."""
    out = []
    for f, cols in cmap.breakdown.items():
        what = schema.FIELD_LABELS_RU.get(f) or schema.indicator_names().get(f)
        shown = ", ".join(label(i) for i in cols[:4]) + (" …" if len(cols) > 4 else "")
        spans = cmap.grade_spans.get(f)
        if spans:  # «5-9 кл.» | «10-11 кл.», «10-11 кл.» alone: no sum of them is grades 6–11
            grades = grade_parts.shown(spans)
            out.append(Problem(
                file, sheet, None, label(cols[0]), None, "breakdown_without_total",
                f"«{what or f}» в форме — только по классам ({grades}: {shown}): из "
                f"{'них' if len(cols) > 1 else 'него'} нельзя получить число 6–11 классов, файл не загружен — "
                "часть вместо целого дала бы неверную цифру",
                "Впишите в форму число обучающихся 6–11 классов (столбец «всего» по 6–11 классам) и загрузите файл "
                "снова; если это число в одном из столбцов — укажите его: " + f"--map \"заголовок={what}\""))
            continue
        out.append(Problem(
            file, sheet, None, label(cols[0]), None, "breakdown_without_total",
            f"«{what or f}» разбито по столбцам ({shown}) без столбца «всего»: файл не загружен — одна часть "
            "вместо целого дала бы неверную цифру",
            "Добавьте под общим заголовком столбец «всего» (сумму частей) и загрузите файл снова" +
            (f"; если нужное число в одном из столбцов — укажите его: --map \"заголовок={what}\"" if what else "")))
    return out


def shares_as_counts(file: str, sheet: str, cmap, kind: str, samples: dict[int, list], label,
                      headers: dict[int, str]) -> list[Problem]:
    """A count of people whose column holds shares («Охват профминимумом» with 95,2 or cells formatted «%»; with
    100, 95, 98 beside hundreds of pupils): the header says a count, the values a percent. Never loaded as people
    (a 100 % cell would become 1 pupil), never «round it to a whole number» row by row: the file waits for the
    analyst to say what the column is."""
    cols = {f: i for f, i in cmap.fields.items() if schema.FIELD_TYPES.get(f) == "int"}
    if kind == "effectiveness":  # (the shares themselves, in %, aside)
        cols.update({code: i for code, i in cmap.wide_groups if code not in catalogue().shares})
    total = cols.get("students_total")
    out = []
    for f, i in cols.items():
        key = header_key(headers.get(i, ""))
        thousands = bool(_THOUSANDS.search(key)) and bool(samples.get(i))
        if thousands or evidence.shares(samples.get(i, [])) or (
                i != total and _RATE_NOUN.search(key) and not _COUNT_WORDS.search(key) and
                evidence.whole_percents(samples.get(i, []), samples.get(total, []))):
            what = schema.FIELD_LABELS_RU.get(f) or schema.indicator_names().get(f, f)
            if thousands:  # «…, тыс. чел.» over 38,4: thousands, never a percent
                out.append(Problem(
                    file, sheet, None, label(i), None, "share_in_count_column",
                    f"Столбец прочитан как «{what}» (число людей), а числа в нём — в тысячах "
                    f"({', '.join(_shown(v) for v in samples[i][:3])} …): файл не загружен",
                    "Впишите число людей целиком (38 400, а не 38,4 тыс.) и уберите «тыс.» из заголовка, затем "
                    "загрузите файл снова"))
                continue
            out.append(Problem(
                file, sheet, None, label(i), None, "share_in_count_column",
                f"Столбец прочитан как «{what}» (число людей), а в нём доли или проценты "
                f"({', '.join(_shown(v) for v in samples[i][:3])} …): файл не загружен",
                ("Заголовок и значения говорят о процентах, а столбец выбран как число людей: выберите для него "
                 "другое поле или «не загружать» на странице «Загрузка данных» (--map \"заголовок=-\")"
                 if "%" in headers.get(i, "") else
                 "Если в столбце проценты, укажите это в заголовке («…, %») или выберите для него долю на странице "
                 f"«Загрузка данных»; если в нём другое — --map \"заголовок=-\" (столбец не загружается)")))
    return out


# «Охват профминимумом», «Охват …»: the noun names a reach, a rate as often as a count — unless a count word says
_RATE_NOUN = re.compile(r"(?:^| )охват(?:а|у|ом|е)?(?: |$)")
_THOUSANDS = re.compile(r"(?:^| )тыс(?: |$)")
_COUNT_WORDS = re.compile(r"(?:^| )(?:чел|человек|количеств[а-я]*|числ[а-я]*|кол|кол во)(?: |$)")


def _shown(v) -> str:
    """A sample number as a Russian Excel shows it («95,2»)."""
    x, error = normalize.parse_number(v)
    return cell_text(float(x)) if error is None and x is not None else str(v)


def side_by_side(file: str, sheet: str, cmap, label) -> list[Problem]:
    """Agreements written side by side in a row («Договор 1 | партнёр», «Договор 2 | партнёр»): only the first
    would load, so the file waits for a row per agreement."""
    out = []
    for f, cols in sorted(cmap.side_by_side.items(), key=lambda fc: fc[0] != "partner_name")[:1]:  # (said once)
        shown = ", ".join(label(i) for i in cols[:4]) + (" …" if len(cols) > 4 else "")
        out.append(Problem(
            file, sheet, None, label(cols[1]), None, "agreements_side_by_side",
            f"В строке записано по нескольку договоров: «{schema.FIELD_LABELS_RU.get(f, f)}» — в столбцах {shown}; "
            "загрузился бы только первый договор каждой строки — файл не загружен",
            "Запишите каждый договор отдельной строкой (в каждой — ОО, партнёр, тип, номер и дата) и загрузите файл "
            "снова"))
    return out


def mixed_participants(file: str, sheet: str, cmap, label, headers: dict[int, str]) -> list[Problem]:
    """A column of one kind of participants whose header names several together («Кол-во участников (обучающиеся и
    родители)»): loaded, all of them became parents (or pupils) with no word; the pages count each kind apart, so the
    file waits for the column to be split."""
    from etl.participant_words import named_together

    out = []
    by_col: dict[int, list[str]] = {}
    split = cmap.split_participants[0] if cmap.split_participants else None
    for f in ("students", "parents", "teachers"):  # (the analyst's own choice of a category stands)
        if f in cmap.fields and cmap.how.get(f) != "override" and cmap.fields[f] != split:
            by_col.setdefault(cmap.fields[f], []).append(f)
    for i, fields in by_col.items():
        together = named_together(headers.get(i, "")) if len(fields) == 1 else []  # (one split «40/0/4»: each)
        if together:
            out.append(Problem(
                file, sheet, None, label(i), None, "participants_together",
                f"В столбце вместе {' и '.join(together)}: панель считает их отдельно, а прочитан он был бы как "
                f"«{schema.FIELD_LABELS_RU.get(fields[0], fields[0])}» — файл не загружен",
                "Разделите столбец на отдельные столбцы («" + "», «".join(together) + "») и загрузите файл снова; "
                f"если в нём только одна категория — --map \"{headers.get(i, '')}=категория\""))
    return out


def rival_statuses(file: str, sheet: str, cmap, samples: dict[int, list], label, headers: dict[int, str]
                   ) -> list[Problem]:
    """Two columns of a roadmap's status, neither dated («Отметка МОУО …» | «Отметка АСОУ …»), that disagree: the
    pages' counts of done and not done would rest on whichever stood first, so the file waits for the choice (dated
    ones — «на 01.01.2024» | «на 01.04.2024» — are the latest's, etl/other_columns.py)."""
    from etl.header_facts import header_date

    taken = cmap.fields.get("status")
    if cmap.kind != "roadmap" or taken is None or header_date(headers.get(taken, "")):
        return []
    out = []
    for i, f in sorted(cmap.alternatives.items()):
        if f != "status" or header_date(headers.get(i, "")) or cmap.how.get("status") == "override":
            continue
        pairs = zip(samples.get(taken, []), samples.get(i, []))
        if any(header_key(str(a or "")) != header_key(str(b or "")) for a, b in pairs):
            out.append(Problem(
                file, sheet, None, label(i), None, "rival_status_columns",
                f"Два столбца статуса исполнения — {label(taken)} и {label(i)} — расходятся: на странице дорожной "
                "карты был бы статус только одного из них — файл не загружен",
                f"Укажите, какой загружать: --map \"{headers.get(i, '')}=-\" (загрузить {label(taken)}) или "
                f"--map \"{headers.get(taken, '')}=-\" (загрузить {label(i)}); на странице «Загрузка данных» — "
                "«не загружать» у лишнего столбца"))
    return out
