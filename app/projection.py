"""Are we getting there by the end of the school year? The school year (1 September – 31 August) of a period, the
targets per region and school year (data/reference/targets.csv), and a projection: a least-squares line through
the values of this school year's periods (at their end dates), read at 31 August and capped to the indicator's
bounds (0–100 % for a share). Fewer than two periods: no projection («недостаточно данных»). Pure functions."""
from __future__ import annotations

from datetime import date

from etl import periods, reference


school_year_of = periods.school_year_of  # «2023/24» (etl/periods.py)


def school_year_bounds(school_year: str) -> tuple[date, date]:
    y = int(school_year[:4])
    return date(y, 9, 1), date(y + 1, 8, 31)


def project(points: list[tuple[date, float]], at: date, lo: float | None = 0.0, hi: float | None = None
            ) -> float | None:
    """The value at `at` on the least-squares line through (date, value) points; None with fewer than two
    distinct dates. Capped to [lo, hi]."""
    pts = [(d.toordinal(), float(v)) for d, v in points if v is not None]
    xs = {x for x, _ in pts}
    if len(xs) < 2:
        return None
    n = len(pts)
    mx, my = sum(x for x, _ in pts) / n, sum(y for _, y in pts) / n
    slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    y = my + slope * (at.toordinal() - mx)
    if lo is not None:
        y = max(lo, y)
    if hi is not None:
        y = min(hi, y)
    return y


def targets() -> dict[tuple[str, str, str], tuple[float, str]]:
    """(region, school year, indicator) -> (target, source document). A row the pages could not use is refused with
    its line (tester round t86: «70 %» stopped every report with an internal error, «2023-2024» and an indicator
    written by its name were dropped with no word); «70 %» and «70,5» are read."""
    import re

    from etl.reference import ReferenceFileError
    from etl.schema import indicator_names

    out, codes = {}, indicator_names()
    for n, r in enumerate(reference.rows("targets.csv"), start=2):
        where = f"Справочник «data/reference/targets.csv», строка {n}"
        text = re.sub(r"[\s%]", "", r.get("value") or "").replace(",", ".")
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise ReferenceFileError(f"{where}: цель «{r.get('value')}» — не число (пишите 70 или 70,5)")
        if not re.fullmatch(r"20\d\d/\d\d", r.get("school_year") or ""):
            raise ReferenceFileError(f"{where}: учебный год «{r.get('school_year')}» записан не так — пишите 2023/24")
        if r.get("indicator") not in codes:
            raise ReferenceFileError(f"{where}: показатель «{r.get('indicator')}» не найден — укажите его код из "
                                     "data/reference/indicators.csv (например, coverage_share)")
        out[(r["region_code"], r["school_year"], r["indicator"])] = (float(text), r["source"])
    return out


def national_references() -> dict[str, tuple[float, str, str, str, str]]:
    """indicator -> (the country's value, school year, grades, source, the bar's label) of
    data/reference/national_reference.csv: what a region's figure is compared with («Мои ориентиры»: the share
    with high readiness). The label says what the value is («… среднероссийский уровень (по Владимирской обл.)»:
    one region's figure said to be at the country's level is not the country's own)."""
    return {r["indicator"]: (float(r["value"].replace(",", ".")), r["school_year"], r["grades"], r["source"],
                             r.get("label") or f"Россия, {r['grades']} (ориентир)")
            for r in reference.rows("national_reference.csv")}


def school_year_closed(period: str) -> bool:
    """Whether a period's data reach the end of its school year — it is the year's last period, the one ending in
    June or later: the year's targets are then met or missed. A year over by the calendar whose data end earlier
    is still a forecast: what was reached by 31 August nobody has reported."""
    end = periods.period_bounds(period)[1]
    return end >= school_year_bounds(school_year_of(period))[1].replace(month=6, day=1)


def months_left(period: str) -> int:
    """Whole months from the period's end to the end of its school year."""
    end = periods.period_bounds(period)[1]
    last = school_year_bounds(school_year_of(period))[1]
    return max(0, (last.year - end.year) * 12 + last.month - end.month)
