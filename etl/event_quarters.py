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
        return _undated(p, con)
    first, last = periods.period_bounds(p.period)
    munis = sorted(set(p.columns.get("municipality") or []) - {None})
    ids = [r[0] for r in p.replaces]
    theirs = con.execute("SELECT event_date, count(*) FROM event_rows WHERE list_contains(?, load_id) AND "
                         "list_contains(?, municipality) AND event_date BETWEEN ? AND ? GROUP BY 1",
                         [ids, munis, first, last]).fetchall()
    # by quarters; a form of one month over one of other months only («… январь 2025 г.», then «… февраль …») by
    # months too (tester round t87: February's form replaced January's, March's February's — the quarter held March)
    label, mine = periods.period_label_ru, sorted({periods.quarter_of(d) for d in dates})
    lost = [(periods.quarter_of(d), n) for d, n in theirs if periods.quarter_of(d) not in mine]
    months = sorted({_month(d) for d in dates})
    if not lost and len(months) == 1 and theirs and all(_month(d) not in months for d, _n in theirs):
        label, mine, lost = _month_label, months, [(_month(d), n) for d, n in theirs]
    if not lost:
        return []
    rows = sum(n for _q, n in lost)
    quarters = ", ".join(label(q) for q in sorted({q for q, _n in lost}))
    return [Problem(
        p.file_name, None, None, None, None, "events_months_dropped",
        f"В файле мероприятия только за {', '.join(label(q) for q in mine)}, а он заменил бы "
        f"загрузку № {', '.join(str(i) for i in ids)} за {periods.period_label_ru(p.period)} с "
        f"{group_digits(str(rows))} {plural(rows, 'строкой', 'строками', 'строками')} за {quarters}: их участники "
        "пропали бы со страниц — файл не загружен",
        "Добавьте в файл мероприятия всего периода (форма за квартал или полугодие — все его мероприятия, месяцы — "
        "на листах одного файла) и загрузите его; если "
        f"прежние строки ошибочны, откатите загрузку № {ids[-1]} и загрузите файл")]


def _month(d) -> tuple[int, int]:
    return d.year, d.month


def _month_label(m: tuple[int, int]) -> str:
    return f"{periods.MONTH_NAMES[m[1] - 1]} {m[0]} г."


def _undated(p, con) -> list[Problem]:
    """The same of a form whose events carry no dates, by the quarter its title names (tester round t85: Анивский's
    «II квартал» replaced its «I квартал» with no word): the forms it replaces are of their quarters too — a form
    named for a quarter that does not end its half-year leaves a warning saying so (file_context), kept with its
    load. Refused when the replaced forms are of another quarter or of more than this one; said when they may be."""
    if not p.named_quarter or periods.cadence_of(p.period) != "half":
        return []
    ids = [r[0] for r in p.replaces]
    mine = periods.period_label_ru(p.named_quarter)
    named = dict(con.execute("SELECT load_id, any_value(value) FROM quarantine_rows WHERE list_contains(?, load_id) "
                             "AND rule = 'quarter_in_half_year' GROUP BY 1", [ids]).fetchall())
    other = [i for i in ids if named.get(i) != mine]
    if not other:
        return []  # (a correction of the same quarter's form)
    ends = periods.period_bounds(p.named_quarter)[1] == periods.period_bounds(p.period)[1]
    sure = [i for i in other if i in named] if ends else other  # (a form of the half-year's last quarter over one
    half = periods.period_label_ru(p.period)                    # with no quarter named: maybe the half-year's own)
    what = ", ".join(f"№ {i}" + (f" (за {named[i]})" if i in named else "") for i in (sure or other))
    if sure:
        return [Problem(
            p.file_name, None, None, None, mine, "events_months_dropped",
            f"Форма мероприятий — за {mine}, а заменила бы загрузку {what} с мероприятиями других месяцев "
            f"полугодия ({half}): их участники пропали бы со страниц — файл не загружен",
            "Соберите мероприятия всего полугодия (обоих кварталов) в одну форму и загрузите её; если прежние "
            f"строки ошибочны, откатите загрузку № {sure[-1]} и загрузите файл")]
    return [Problem(
        p.file_name, None, None, None, mine, "events_quarter_over_half",
        f"Форма мероприятий — за {mine}, а заменит загрузку {what} за {half}: если в ней были мероприятия другого "
        "квартала, их участники пропадут со страниц", "Если это так, дополните файл мероприятиями всего полугодия",
        "warning")]
