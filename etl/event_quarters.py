"""An events form of part of its period over the form it replaces («IV квартал 2023» in a region reporting by
half-years, after «III квартал» or the half-year's form): loaded, it would put out of use the participations of
the months it does not cover — gone from the pages with only «заменены данные загрузки № 1» said. The file waits
(participations are counted over the period, not a state at its end: a later quarter does not supersede an earlier
one). Reads the database, never writes."""
from __future__ import annotations

from etl import periods
from etl.model import Problem
from etl.textru import group_digits, plural


def months_dropped(prepared, con) -> list[Problem]:
    p = prepared
    if p.kind != "events" or not p.replaces or not (p.period and periods.is_valid(p.period)):
        return []
    dates = [d for i, d in enumerate(p.columns.get("event_date") or []) if d is not None and i not in p.bad_rows]
    if not dates:
        return []
    mine = sorted({periods.quarter_of(d) for d in dates})
    first, last = periods.period_bounds(p.period)
    munis = sorted(set(p.columns.get("municipality") or []) - {None})
    ids = [r[0] for r in p.replaces]
    lost = [(periods.quarter_of(d), n) for d, n in con.execute(
        "SELECT event_date, count(*) FROM event_rows WHERE list_contains(?, load_id) AND list_contains(?, "
        "municipality) AND event_date BETWEEN ? AND ? GROUP BY 1", [ids, munis, first, last]).fetchall()]
    lost = [(q, n) for q, n in lost if q not in mine]
    if not lost:
        return []
    rows = sum(n for _q, n in lost)
    quarters = ", ".join(periods.period_label_ru(q) for q in sorted({q for q, _n in lost}))
    return [Problem(
        p.file_name, None, None, None, None, "events_months_dropped",
        f"В файле мероприятия только за {', '.join(periods.period_label_ru(q) for q in mine)}, а он заменил бы "
        f"загрузку № {', '.join(str(i) for i in ids)} за {periods.period_label_ru(p.period)} с "
        f"{group_digits(str(rows))} {plural(rows, 'строкой', 'строками', 'строками')} за {quarters}: их участники "
        "пропали бы со страниц — файл не загружен",
        "Добавьте в файл мероприятия всего периода (форма за полугодие — все его мероприятия) и загрузите его; если "
        f"прежние строки ошибочны, откатите загрузку № {ids[-1]} и загрузите файл")]
