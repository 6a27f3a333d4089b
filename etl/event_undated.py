"""An undated row of an events form repeating, figure for figure, a row of another period's form of the same school
year — the same municipality, school, event and numbers of participants (tester round t85: «Неделя без турникетов»
40/0/3 in the I and the II quarter, counted twice with no word): maybe one event reported twice, said (a school may
hold one event every quarter, so never refused). Reads the database, never writes."""
from __future__ import annotations

from etl import periods
from etl.event_repeats import event_key
from etl.model import Problem
from etl.school_key import keys_of

_COUNTS = ("students", "parents", "teachers")


def check(prepared, con) -> list[Problem]:
    cols = prepared.columns
    n = len(cols.get("municipality") or ())
    if prepared.kind != "events" or not n or not (prepared.period and periods.is_valid(prepared.period)
                                                  and prepared.region):
        return []
    dates = cols.get("event_date") or [None] * n
    events = cols.get("event_text") or cols.get("event") or [None] * n
    counts = [cols.get(f) or [None] * n for f in _COUNTS]
    rows = [i for i in range(n) if dates[i] is None and i not in prepared.bad_rows and events[i]
            and any(c[i] for c in counts)]
    if not rows:
        return []
    year = periods.school_year_of(prepared.period)
    munis = sorted({cols["municipality"][i] for i in rows if cols["municipality"][i]})
    found = con.execute("""
        SELECT municipality, school_key, coalesce(event_text, event), students, parents, teachers, period,
               min(load_id)
        FROM event_participation
        WHERE region = ? AND period <> ? AND list_contains(?, municipality) AND event_date IS NULL
        GROUP BY ALL""", [prepared.region, prepared.period, munis]).fetchall()
    other = {(m, k, event_key(e), *(int(x or 0) for x in c)): (p, lid)
             for m, k, e, *c, p, lid in found if e and periods.is_valid(p) and periods.school_year_of(p) == year}
    if not other:
        return []
    names = cols.get("school_name") or [None] * n
    out = []
    for i, k in zip(rows, keys_of([names[i] or "" for i in rows])):
        key = (cols["municipality"][i], k, event_key(events[i]), *(int(c[i] or 0) for c in counts))
        if (got := other.get(key)) is not None:
            out.append(Problem(
                prepared.file_name, cols["source_sheet"][i], cols["source_row"][i], None, str(events[i]),
                "event_undated_repeated", "Мероприятие без даты с теми же числами участников этой школы есть и в "
                f"форме за {periods.period_label_ru(got[0])} (загрузка № {got[1]}) — если это одно мероприятие, "
                "за учебный год его участники учтены дважды",
                "Укажите дату мероприятия; если это одно мероприятие, удалите его строку из одной из форм", "warning"))
    return out
