"""A row of an events form repeating another of the same file (one school, event, date and counts: copied twice),
and events already counted in an earlier form of the same school year: a coordinator who reports cumulatively
repeats November's excursion in the I quarter's form, and the school year would count its participants twice.
A row dated before this file's period naming the same municipality, school, event and date as a row of another
period's load in use is an error of that row (the file waits, or loads without it when the analyst skips the rows
with errors); a row of this period that a later period's form repeated is said (that load should be redone).
Reads the database, never writes."""
from __future__ import annotations

import re

from etl import periods
from etl.model import Problem
from etl.school_key import keys_of

_HINT = ("Удалите строку: мероприятие прошлого периода уже учтено в его форме (или загрузите файл без строк с "
         "ошибками)")


def check(prepared, con) -> list[Problem]:
    cols = prepared.columns
    if prepared.kind != "events" or not (prepared.period and periods.is_valid(prepared.period) and prepared.region):
        return []
    dates = cols.get("event_date") or []
    rows = [i for i, d in enumerate(dates) if d is not None and i not in prepared.bad_rows]
    if not rows:
        return []
    year = periods.school_year_of(prepared.period)
    start = periods.period_bounds(prepared.period)[0]
    munis = sorted({cols["municipality"][i] for i in rows if cols["municipality"][i]})
    found = con.execute("""
        SELECT municipality, school_key, coalesce(event_text, event) AS event, event_date, period, min(load_id)
        FROM event_participation
        WHERE region = ? AND period <> ? AND list_contains(?, municipality) AND event_date IS NOT NULL
        GROUP BY ALL""", [prepared.region, prepared.period, munis]).fetchall()
    earlier = {(m, k, event_key(e), d): (p, lid) for m, k, e, d, p, lid in found
               if periods.is_valid(p) and periods.school_year_of(p) == year}
    if not earlier:
        return []
    # an event dated by its month alone («апрель 2024» → 01.04.2024) in one form and by its day in the next: maybe
    # one event (tester round t85: counted twice, nothing said) — said, not refused (a school may hold one twice)
    by_month = {(m, k, e, d.year, d.month): (d, *got) for (m, k, e, d), got in earlier.items()}
    names, events = cols.get("school_name") or [None] * len(dates), cols.get("event_text") or cols.get("event") or []
    out = []
    for i, k in zip(rows, keys_of([names[i] or "" for i in rows])):
        key = (cols["municipality"][i], k, event_key(events[i] if events else None))
        got = earlier.get((*key, dates[i]))
        if got is None:
            near = by_month.get((*key, dates[i].year, dates[i].month))
            if near is not None and 1 in (near[0].day, dates[i].day):
                out.append(Problem(
                    prepared.file_name, cols["source_sheet"][i], cols["source_row"][i], None, f"{dates[i]:%d.%m.%Y}",
                    "event_maybe_counted", f"Это мероприятие этой школы есть и в форме за "
                    f"{periods.period_label_ru(near[1])} (загрузка № {near[2]}) с датой {near[0]:%d.%m.%Y} — если "
                    "это одно мероприятие (дата записана месяцем), его участники учтены дважды",
                    "Если это одно мероприятие, удалите его строку из одной из форм", "warning"))
            continue
        p, lid = got
        where = (prepared.file_name, cols["source_sheet"][i], cols["source_row"][i], None, f"{dates[i]:%d.%m.%Y}")
        if dates[i] >= start:  # this period's event, repeated by another period's form: that form is wrong
            out.append(Problem(*where, "event_counted_later",
                               f"Мероприятие от {dates[i]:%d.%m.%Y} этой школы есть и в форме за "
                               f"{periods.period_label_ru(p)} (загрузка № {lid}): за учебный год его участники "
                               "учтены дважды", f"Откатите загрузку № {lid} и загрузите её форму без этой строки",
                               "warning"))
            continue
        prepared.bad_rows.add(i)
        out.append(Problem(*where, "event_counted_before",
                           f"Мероприятие от {dates[i]:%d.%m.%Y} этой школы уже учтено в форме за "
                           f"{periods.period_label_ru(p)} (загрузка № {lid}): за учебный год его участники были бы "
                           "учтены дважды", _HINT))
    return out


def event_key(event) -> str:
    """An event's name as compared across forms: case, «ё» and spacing aside."""
    return " ".join(str(event or "").lower().replace("ё", "е").split())


def within(st) -> None:
    """A row of an events file repeating an earlier row of it — the same municipality, school, event, date and
    numbers of participants (a row copied twice): an error of the repeat (its participants would count twice)."""
    # (rows by category — «обучающиеся 6-8 кл.» and «обучающиеся 9-11 кл.», 20 each — are no repeats of each other)
    if st.kind != "events" or not st.n or any(cmap.by_category for _sheet, _t, cmap, _samples in st.used):
        return
    out = st.out
    fields = ("municipality", "school_name", "event", "event_date", "students", "parents", "teachers")
    if any(len(out.get(f) or ()) != st.n for f in fields):
        return
    import numpy as np

    schools = keys_of(out["school_name"])
    cols = [out["municipality"], schools, *(out[f] for f in fields[2:]), _classes(st)]
    # a million rows: each row's hash first (no key kept), only the rows of a repeated hash compared whole
    hashes = np.fromiter((hash(key) for key in zip(*cols)), dtype=np.int64, count=st.n)
    _, first, counts = np.unique(hashes, return_index=True, return_counts=True)
    if not (counts > 1).any():
        return
    seen: dict[tuple, int] = {}
    for i in np.flatnonzero(np.isin(hashes, hashes[first[counts > 1]])).tolist():
        key = tuple(c[i] for c in cols)
        if i in st.bad or not any(key[4:7]):
            continue
        if key in seen:
            st.err(i, "event", out["event"][i], "event_row_repeated",
                   f"Строка повторяет строку {st.source_row[seen[key]]}: та же ОО, то же мероприятие, дата и числа "
                   "участников — они были бы учтены дважды",
                   "Удалите повтор; если мероприятие проводилось дважды, укажите дату каждого проведения")
        else:
            seen[key] = i


_PARALLEL = re.compile(r"параллел", re.IGNORECASE)  # «Параллель»: the rows of a school by grade


def note_classes(st, p) -> None:
    """Where an events sheet lists its rows by class (a «Класс» column no field reads: «6А», «6Б»), each row's class
    (step «records»: the cells are let go after it). Rows of two classes at one event are no repeat of each other —
    each class's pupils, summed on the pages (tester round t75: «Удалите повтор» would have lost a class)."""
    from etl import meaning

    if st.kind != "events":
        return
    c = next((col.index for col in p.cmap.unmatched if col.index < p.sheet.width and (
        "class" in meaning.read(tuple(col.parts)).concepts or _PARALLEL.search(col.header or ""))), None)
    if c is None or not p.t.data_rows:
        return
    for ri, row in zip(p.t.data_rows, p.sheet.take(list(p.t.data_rows))):
        st.classes[p.sheet.name, ri + 1] = row[c]


def _classes(st) -> list:
    """Each record's class (`note_classes`), None where its sheet has none."""
    return [st.classes.get((s, r)) for s, r in zip(st.source_sheet, st.source_row)]
