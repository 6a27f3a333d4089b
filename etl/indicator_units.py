"""A long effectiveness form (one row per indicator) with a column of units («Ед. изм.»): a row whose unit is «%»
holds a share. «Охват учащихся профминимумом | % | 94» is the coverage share, not 94 more pupils covered — the unit
is read as part of the indicator's name; a «%» row of an indicator that has no share of its own is an error of the
row (the number is no count of people). etl/assemble.py calls it for such a sheet."""
from __future__ import annotations

from etl import meaning
from etl.catalogue import catalogue


def unit_column(table, fields: dict[str, int]) -> int | None:
    """The column of units of a long indicators table (its header reads as a unit: «Ед. изм.», «Единица
    измерения»), if any."""
    for c in table.columns:
        if c.index not in fields.values() and "unit" in meaning.read(tuple(c.parts)).concepts:
            return c.index
    return None


def _percent(unit) -> bool:
    return isinstance(unit, str) and "%" in unit


def named_with_units(names: list, units: list) -> tuple[list, list[int]]:
    """(the indicators' names, a «%» row's read with its unit; the rows whose «%» no share of their indicator
    takes)."""
    cat = catalogue()
    out, counts = list(names), []
    for j, (name, unit) in enumerate(zip(names, units)):
        if not _percent(unit) or not isinstance(name, str) or "%" in name:
            continue
        code = cat.indicator(f"{name}, %")
        if code in cat.shares:
            out[j] = f"{name}, %"
        elif cat.indicator(name) not in cat.shares:
            counts.append(j)
    return out, counts


def said(st, start: int, rows: list[int], names: list, units: list) -> None:
    """An error for each «%» row of a count («Родители, принявшие участие | % | 40»)."""
    for j in rows:
        st.err(start + j, "value", units[j], "percent_of_a_count",
               f"Показатель «{names[j]}» — число людей или занятий, а в столбце единиц измерения — «{units[j]}»: "
               "значение не загружено",
               "Впишите число людей (единица измерения — «чел.») или долю показателя, у которого она есть, и "
               "загрузите файл снова")
