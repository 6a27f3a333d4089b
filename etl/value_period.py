"""A list of indicators by row whose figures stand in columns headed by periods — «АППГ (1 полугодие 2023 г.)» |
«1 полугодие 2024 г.» (tester round t78: both asked about, and the one choice the hint of the past column offered,
«значение», would have loaded last year's figures): the column of the form's own period is the value (the period
given, else the title's); a column of an earlier period is last year's figure, recognised and not loaded."""
from __future__ import annotations

from etl import evidence, meaning, names, periods
from etl.column_notes import PLAN_NOTE

NOTE = "прошлый период (загружается текущий)"


def take(st, t, cmap, samples) -> None:
    if st.kind != "effectiveness" or cmap.layout == "wide" or "value" in cmap.fields or \
            "indicator_code" not in cmap.fields or not samples:
        return
    if _period_of_numbers(cmap, samples):
        return
    cadence = st.reg.cadence(st.region) if st.region else None
    own = st.period or names.period_from_texts([t.title_text or ""], cadence, any_date=False)
    if not own or not periods.is_valid(own):
        return
    own = periods.to_cadence(own, cadence)
    by_period = {}
    for c in cmap.unmatched:
        p = names.period_from_texts([c.header], None, any_date=False)
        if p and periods.is_valid(p) and evidence.fits("number", samples.get(c.index, [])):
            by_period[c.index] = periods.to_cadence(p, cadence)
    # columns of school years («2023/2024 уч. год | 2024/2025 уч. год»): the one the period is in (t83: refused)
    years = {c.index: span for c in cmap.unmatched if c.index not in by_period
             and (span := periods.school_year_span(c.header)) and evidence.fits("number", samples.get(c.index, []))}
    start, end = periods.period_bounds(own)
    mine = [i for i, p in by_period.items() if p == own] or [i for i, (a, b) in years.items() if a <= end <= b]
    if len(mine) != 1:
        return
    cmap.take("value", mine[0], f"столбец отчётного периода ({periods.period_label_ru(own)})")
    for i, p in by_period.items():
        if i != mine[0] and periods.period_bounds(p)[1] < end:
            cmap.alternatives[i] = NOTE
            cmap.ignorable.add(i)
    for i, (_a, b) in years.items():
        if i != mine[0] and b < start:
            cmap.alternatives[i] = NOTE
            cmap.ignorable.add(i)
    _plans(cmap, samples)


def _period_of_numbers(cmap, samples) -> bool:
    """«АППГ (IV кв. 2023 г.) | Отчётный период» over numbers (tester round t87: «Отчётный период» read as the
    column of periods, the refusal offered the past column as the value): the column read as the period holds the
    figures of the reporting period — the value; a column of the past beside it is noted."""
    i = cmap.fields.get("period")
    values = samples.get(i, []) if i is not None else []
    if not evidence.fits("number", values) or evidence.fits("period", values):
        return False
    del cmap.fields["period"]
    cmap.how.pop("period", None)
    cmap.why.pop("period", None)
    cmap.take("value", i, "столбец отчётного периода (в нём числа)")
    for c in cmap.unmatched:
        if "past" in meaning.other_measure(c.parts) and evidence.fits("number", samples.get(c.index, [])):
            cmap.alternatives[c.index] = NOTE
            cmap.ignorable.add(c.index)
    _plans(cmap, samples)
    return True


def _plans(cmap, samples) -> None:
    for c in cmap.unmatched:  # «План на 2024 год» beside the period's value: the plan, noted (t83: asked about)
        if c.index not in cmap.ignorable and meaning.read(tuple(c.parts)).concepts & {"plan", "planned"} and \
                evidence.fits("number", samples.get(c.index, [])):
            cmap.alternatives[c.index] = PLAN_NOTE
            cmap.ignorable.add(c.index)
