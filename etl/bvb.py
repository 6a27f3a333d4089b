"""The «Билет в будущее» platform's pupil-level export, as coordinators download it (one row per pupil:
municipality, school, class, last sign-in, archive date — «Нет» for an active pupil — and the counts of diagnostics,
проб, excursions and master classes in the calendar year): loaded as effectiveness indicators per school — pupils
registered, and those with at least one diagnostic, проба, excursion, master class — each with and without the
archived pupils. Only these counts are kept: no pupil's row reaches the database.

The export's columns are recognised by the beginnings of their headers (data/reference/bvb_columns.csv)."""
from __future__ import annotations

from etl import normalize, reference
from etl.sheets import column_label
from etl.staged import SheetReport, Staged

# indicator (data/reference/indicators.csv) -> the export's count column it comes from (None: every pupil)
COUNTS = {"bvb_pupils": None, "bvb_diagnostics": "diagnostics", "bvb_probes": "probes",
          "bvb_excursions": "excursions", "bvb_masterclasses": "masterclasses"}


def _roles() -> tuple[tuple[str, str, bool], ...]:
    return tuple((r["role"], r["header_starts"], r["required"] == "yes") for r in reference.rows("bvb_columns.csv"))


def columns(t) -> dict[str, int] | None:
    """role -> column index when the table is a platform export (every required column found), else None."""
    found: dict[str, int] = {}
    for c in t.columns:
        key = normalize.norm_key(c.header)
        for role, start, _req in _roles():
            if role not in found and key.startswith(start):
                found[role] = c.index
                break
    return found if all(role in found for role, _s, req in _roles() if req) else None


def _count(v) -> int:
    n, error = normalize.parse_int(v)
    return n or 0 if error is None else 0


def _archived(v) -> bool:
    return not (normalize._empty(v) or normalize.norm_key(v) in ("нет", "no", "0"))


def records(st: Staged, sheet, t, cols: dict[str, int]) -> None:
    """One record per school and indicator (the municipality and school as written: the next steps read them)."""
    rows = sheet.rows
    get = lambda r, role: r[cols[role]] if role in cols and cols[role] < len(r) else None  # noqa: E731
    by_school: dict[tuple, dict] = {}
    first_row: dict[tuple, int] = {}
    for ri in t.data_rows:
        r = rows[ri]
        key = (get(r, "municipality"), get(r, "school"))
        if key == (None, None):
            continue
        acc = by_school.setdefault(key, {code + sfx: 0 for code in COUNTS for sfx in ("", "_active")})
        first_row.setdefault(key, ri)
        active = not _archived(get(r, "archived"))
        for code, role in COUNTS.items():
            if role is None or (role in cols and _count(get(r, role)) > 0):
                acc[code] += 1
                acc[code + "_active"] += active
    label = column_label(t)
    labels = {"municipality": label(cols["municipality"]), "school_name": label(cols["school"]),
              "value": "число обучающихся по выгрузке"}
    codes = [code + sfx for code, role in COUNTS.items() if role is None or role in cols for sfx in ("", "_active")]
    for (muni, school), acc in by_school.items():
        for code in codes:
            st.add_one(sheet.name, first_row[(muni, school)], labels,
                       {"municipality": muni, "school_name": school, "indicator_code": code, "value": acc[code]})
    rep = SheetReport(sheet.name, True, header_rows=(t.header_rows[0] + 1, t.header_rows[1] + 1),
                      data_rows=len(t.data_rows))
    rep.matched = {"platform": f"выгрузка «Билет в будущее»: {len(t.data_rows)} обучающихся, {len(by_school)} ОО "
                               "(в базу попадают только числа по ОО)"}
    st.reports.append(rep)
