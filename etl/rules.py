"""Step «the rules»: rows that are no records after all are dropped and counted in their sheet's report (spare
template rows holding only a pre-filled municipality, the region's total, a municipality's unnamed subtotal);
the kind's rules run (etl/validate.py); an effectiveness row may carry its own period; the file's region, period
and provenance complete every record."""
from __future__ import annotations

from etl import (agreement_rows, agreement_rules, event_dates, event_repeats, normalize,
                 orientiry_file, periods, roadmap_report, roadmap_sheets, sum_rows, template_units, total_checks)
from etl.model import Problem
from etl.staged import Staged
from etl.validate import validate


def apply(st: Staged) -> None:
    _drop_non_records(st)
    total_checks.check(st)
    n = st.n
    st.out["source_row"], st.out["source_sheet"] = st.source_row, st.source_sheet
    orientiry_file.passed_of_results(st)  # «прошли диагностику» among the levels of «Мои ориентиры»
    validate(st.kind, st.out, n, st.err, st.region, raw=st.cols)
    if st.kind == "roadmap":  # deadlines (a yearless one in the title's school year), the report's date
        roadmap_report.deadlines(st)
        roadmap_report.statuses_missing(st)  # «-» or nothing in an execution report
    agreement_rules.check(st)
    event_dates.check(st)
    event_repeats.within(st)  # a row copied twice
    if st.kind == "effectiveness":
        _row_periods(st)
    elif st.kind != "roadmap":
        st.out["period"] = [st.period] * n
    st.out["region"] = [st.region] * n
    st.out["source_file"] = [st.name] * n
    st.out["source_sheet"], st.out["source_row"] = st.source_sheet, st.source_row
    # (no record: every error is the file's; every row «нет» of an agreements form: sent, no agreement)
    if n == 0 and not st.none_reported and not any(p.severity == "error" for p in st.problems):
        st.problems.append(Problem(st.name, None, None, None, None, "no_rows",
                                   "В таблице нет строк с данными (только заголовки, итоги или пустые строки)",
                                   "Заполните форму данными и загрузите снова"))


def _drop_non_records(st: Staged) -> None:
    if st.kind == "roadmap":  # a plan sheet beside the report on the same measures, a measure over its parts: out
        drop = roadmap_sheets.plan_beside_report(st)
        _drop(st, {**drop, **roadmap_sheets.parents_of_parts(st, drop)})
        return
    from etl.row_rules import R_EMPTY, R_TOTAL

    drop: dict[int, str] = {}
    drop.update((i, R_EMPTY) for i in _template_rows(st.cols, st.n))
    drop.update((i, R_EMPTY) for i in template_units.empty_units(st))  # a regional template's other municipalities
    drop.update((i, R_TOTAL) for i in _region_rows(st.reg, st.cols.get("municipality", [])))
    if st.kind == "readiness":
        drop.update((i, R_TOTAL) for i in _unnamed_subtotals(st.out, st.source_sheet))
    drop.update(sum_rows.found(st))  # a total its label does not say: its numbers add up the rows above
    if st.kind == "agreements":  # «нет», «в стадии заключения», ended: no agreements in force
        drop.update(agreement_rows.not_in_force(st, drop))
    _drop(st, drop)


def _drop(st: Staged, drop: dict[int, str]) -> None:
    """Take these records out (record → reason), counted in their sheets' reports."""
    if not drop:
        return
    for rep in st.reports:
        for i, reason in drop.items():
            if st.source_sheet[i] == rep.sheet:
                rep.data_rows -= 1
                rep.skipped_rows[reason] = rep.skipped_rows.get(reason, 0) + 1
    st.keep([i for i in range(st.n) if i not in drop])


def _row_periods(st: Staged) -> None:
    """An effectiveness row's own period (a «Период» column), else the file's; a file of one period only in its
    rows takes that period."""
    n, cadence = st.n, st.reg.cadence(st.region) if st.region else None
    raw_p = st.out.get("period", [None] * n)
    has_period_col = any(v not in (None, "") for v in st.cols.get("period", []))
    pcol, pmemo = [], {}
    for i, v in enumerate(raw_p):
        if v is None or (isinstance(v, str) and not v.strip()):
            pcol.append(st.period)
            continue
        if v not in pmemo:
            sv = str(v).strip()
            p = sv if periods.is_valid(sv) else periods.parse_period(v, cadence)
            pmemo[v] = periods.to_cadence(p, cadence) if (p and cadence) else p
        p = pmemo[v]
        if p is None:
            st.err(i, "period", v, "bad_period", "Не распознан период",
                   "Укажите период как 2024-Q1 или «I квартал 2024 года»")
        pcol.append(p)
    if st.period is None:
        found = sorted({p for p in pcol if p})
        st.period = found[-1] if len(found) == 1 else (", ".join(found) if found else None)
        if len(found) == 1:  # rows without their own period take the only period of the file
            pcol = [p or st.period for p in pcol]
    if has_period_col:
        for i, p in enumerate(pcol):
            if p is None and (raw_p[i] is None or not str(raw_p[i]).strip()):
                st.err(i, "period", None, "no_period", "Не указан период",
                       "Заполните столбец «Период» или укажите период файла (например, 2024-Q1)")
    st.out["period"] = pcol


def _template_rows(cols: dict[str, list], n: int) -> list[int]:
    """Rows where every cell but the municipality is empty: spare rows of a template, its municipality filled in
    beforehand (a «№» in its first column is no field)."""
    fields = [f for f in cols if f != "municipality" and len(cols[f]) == n]
    if not fields or "municipality" not in cols:
        return []
    # candidates: rows whose first field is empty (one C-level pass; records have it filled)
    first = cols[fields[0]]
    if None not in first and "" not in first:
        return []
    cand = [i for i, v in enumerate(first) if v is None or v == ""]
    munis = cols["municipality"]
    return [i for i in cand if munis[i] not in (None, "") and all(normalize._empty(cols[f][i]) for f in fields)]


def _region_rows(reg, raw_munis: list) -> list[int]:
    """Rows whose municipality cell names a region («Сахалинская область»), not a municipality: the region's
    total."""
    regional = {v for v in set(raw_munis)  # distinct spellings only
                if v.__class__ is str and not v.strip().isdigit() and reg.region_code(v) and reg.match(v) is None}
    return [i for i, v in enumerate(raw_munis) if v in regional] if regional else []


def _unnamed_subtotals(out: dict[str, list], sheets: list[str]) -> set[int]:
    """Rows with a municipality and numbers but no school name whose pupils (and covered, when given) equal the sum
    of that municipality's schools on the sheet above them since its previous total, or below them up to its next
    one (a total written above its schools): its subtotal."""
    names, munis = out.get("school_name", []), out.get("municipality", [])
    tot, cov = out.get("students_total", []), out.get("students_covered", [])
    if not names or None not in names:
        return set()
    drop = set()
    for order in (range(len(names)), range(len(names) - 1, -1, -1)):
        sums: dict[tuple, list] = {}  # (sheet, municipality) -> [pupils, covered, schools] since its last total
        for i in order:
            key = (sheets[i], munis[i])
            if names[i] is None:
                acc = sums.get(key)
                if munis[i] is not None and acc and acc[2] and tot[i] is not None and tot[i] == acc[0] \
                        and (cov[i] is None or cov[i] == acc[1]):
                    drop.add(i)
                sums[key] = [0, 0, 0]
                continue
            acc = sums.setdefault(key, [0, 0, 0])
            acc[0] += tot[i] or 0
            acc[1] += cov[i] or 0
            acc[2] += 1
    return drop
