"""Sheets, or columns of one figure, for different periods in one form (the step «the file's region and period»): one
load is one period, so such a file is refused, naming them — rows of each would all be filed under one period.
Periods are read with their year («IV квартал 2024», «I квартал 2025») and without it, as parts of the form's year:
quarters («3 кв.», «1 квартал»), months («Сентябрь», «Октябрь») — tester round t85: an events form's sheets «3 кв.» …
«2 кв.», and its columns «Профпробы | I кв. | II кв. | III кв.», went into the one period given."""
from __future__ import annotations

import re

from etl import names, normalize, periods, transposed, value_period
from etl.model import Problem

# a quarter or a month alone, with no year (periods.py reads them with their year)
_QUARTER = re.compile(r"(?<![0-9a-zа-я])" + periods.ORDINAL + r"\s*кв(?:артал[а-я]*|\b|\.)")
_STEMS = "(" + "|".join(periods.MONTH_STEMS) + ")"
_MONTH = re.compile(r"^\s*" + _STEMS + r"[а-я]*\.?\s*$")
_MONTH_YEAR = re.compile(r"(?<![а-я])" + _STEMS + r"[а-я]*\s+(20\d\d)(?!\d)")


def said_period(texts: list[str], cadence: str | None) -> tuple[str | None, str | None]:
    """The period the texts name, in Russian, and the month if they name one: (with its year «IV квартал 2024 г.»,
    else a quarter or a month alone «III квартал», «сентябрь»; the month «январь 2024 г.» or None)."""
    month = None
    for text in texts:
        s = str(text).lower().replace("ё", "е")
        m = _MONTH_YEAR.search(s)
        if m:
            month = f"{periods.MONTH_NAMES[periods.month_number(m.group(1)) - 1]} {m.group(2)} г."
            break
        m = _MONTH.match(s)
        if m:
            month = periods.MONTH_NAMES[periods.month_number(m.group(1)) - 1]
            break
    p = names.period_from_texts(texts, cadence, any_date=False)
    if p:
        return periods.period_label_ru(p), month
    for text in texts:
        m = _QUARTER.search(str(text).lower())
        if m:
            return f"{periods.ROMAN_OUT[periods.ordinal(m.group('n'))]} квартал", month
    return month, month


def _differ(said: dict) -> dict | None:
    """What differs among the periods said (key -> (period, month)): the periods, else — all naming a month —
    the months («январь», «февраль», «март» of one quarter: snapshots of one form), else nothing."""
    if len({p for p, _m in said.values()}) > 1:
        return {k: p for k, (p, _m) in said.items()}
    if all(m for _p, m in said.values()) and len({m for _p, m in said.values()}) > 1:
        return {k: m for k, (_p, m) in said.items()}
    return None


def sheets_of_periods(st, cadence: str | None) -> None:
    """Sheets whose titles or names say different periods: the file is refused."""
    said: dict[str, tuple] = {}
    for sheet, t, _cmap, _samples in st.used:
        p = said_period([t.title_text or "", sheet.name], cadence)
        if p[0]:
            said[sheet.name] = p
    differ = _differ(said)
    if differ and st.kind == "events" and len({p for p, _m in said.values()}) == 1 and \
            all(m and m != p for p, m in said.values()):
        return  # the months of one period, a sheet each: its events (tester round t87 — refused, the advice to load
        # each month alone made each replace the last)
    if differ:
        st.problems.append(Problem(st.name, None, None, None, None, "sheets_of_periods",
                                   "В файле формы за разные периоды (" + "; ".join(
                                       f"лист «{s}» — {p}" for s, p in differ.items()) + ")",
                                   "Загрузите каждый период отдельным файлом (лист каждого периода — в свой файл)"))


def columns_of_periods(st, cadence: str | None) -> None:
    """Columns of one figure for different periods side by side («Прошли профпробы: IV кв. 2024 | I кв. 2025»):
    one would be loaded as the file's period and the other left out as «the same figure» (or, in an events form,
    each loaded as an event of the file's period), so the file is refused, naming the columns."""
    for sheet, t, cmap, _samples in st.used:
        if cmap is None:  # a platform's export (etl/bvb.py): its own columns
            continue
        wide = [i for g in cmap.wide_groups for i in (g[1].values() if isinstance(g[1], dict) else [g[1]])]
        said: dict[int, tuple] = {}
        # (last year's figure beside this one, «АППГ (1 полугодие 2023 г.)», is recognised and not loaded: no period
        # of the file's)
        past = [i for i, why in cmap.alternatives.items() if why == value_period.NOTE]
        parts = [i for cols in cmap.breakdown.values() for i in cols]
        for idx in dict.fromkeys([*cmap.fields.values(), *wide, *parts,
                                  *(i for i in cmap.alternatives if i not in past)]):
            col = t.column(idx)  # (a period named, «IV кв. 2024»; «на 01.09.2023» dates a headcount, not a period)
            named = [x for x in col.parts if normalize.extract_date(x) is None] if col is not None else []
            p = said_period(named, cadence) if named else (None, None)
            if p[0]:
                said[idx] = p
        differ = _differ(said)
        if differ:
            # (quarters are no parts of a whole: «add a «всего», the sum of the parts» would be wrong — t85)
            st.problems[:] = [x for x in st.problems
                              if not (x.rule == "breakdown_without_total" and x.sheet == sheet.name)]
            st.problems.append(transposed.periods_side_by_side(
                st.name, sheet.name, {t.column(i).letter: differ[i] for i in sorted(differ)}))
            return
