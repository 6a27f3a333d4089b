"""Exports of the «Билет в будущее» platform, as coordinators download them, loaded as effectiveness indicators per
school (data/reference/bvb_columns.csv recognises their columns):

- the pupils' export (one row per pupil: municipality, school, class, last sign-in, archive date — «Нет» for an
  active pupil — and the counts of diagnostics, проб, excursions and master classes in the calendar year): pupils
  registered, and those with at least one diagnostic, проба, excursion, master class — each with and without the
  archived pupils. Only these counts are kept: no pupil's row reaches the database, the file is not archived;
- the course export of «Россия — мои горизонты» (one row per school and class): the pupils of grades 6–11 who
  attended at least one lesson, those registered on the platform and all pupils, summed over the school's classes.

A column is recognised by the beginning of its header («starts») or by fragments it holds («has»: «посетивш+заняти»
— both; alternatives after «|»), the roles of an export tried in the file's order."""
from __future__ import annotations

from etl import normalize, reference
from etl.sheets import column_label
from etl.staged import SheetReport, Staged

# indicator (data/reference/indicators.csv) -> the column it counts (pupils: None = every pupil) or sums (course)
PUPIL_COUNTS = {"bvb_pupils": None, "bvb_diagnostics": "diagnostics", "bvb_probes": "probes",
                "bvb_excursions": "excursions", "bvb_masterclasses": "masterclasses"}
COURSE_SUMS = {"course_attended": "attended", "course_registered": "registered", "course_pupils": "total"}


def _roles(export: str) -> list[tuple[str, list[list[str]], bool, bool]]:
    """(role, alternatives of fragments, by beginning?, required) of one export, in the file's order."""
    return [(r["role"], [a.split("+") for a in r["header"].split("|")], r["match"] == "starts", r["required"] == "yes")
            for r in reference.rows("bvb_columns.csv") if r["export"] == export]


def _matches(key: str, alternatives: list[list[str]], starts: bool) -> bool:
    if starts:
        return any(key.startswith(" ".join(a)) for a in alternatives)
    return any(all(frag in key for frag in a) for a in alternatives)


def columns(t) -> tuple[str, dict[str, int]] | None:
    """(export, role -> column index) when the table is a platform export (every required column found)."""
    for export in ("pupils", "course"):
        roles, found = _roles(export), {}
        for c in t.columns:
            key = normalize.norm_key(c.header)
            for role, alternatives, starts, _req in roles:
                if role not in found and _matches(key, alternatives, starts):
                    found[role] = c.index
                    break
        if all(role in found for role, _a, _s, req in roles if req):
            return export, found
    return None


def _count(v) -> int:
    n, error = normalize.parse_int(v)
    return n or 0 if error is None else 0


def _archived(v) -> bool:
    return not (normalize._empty(v) or normalize.norm_key(v) in ("нет", "no", "0"))


def records(st: Staged, sheet, t, found: tuple[str, dict[str, int]]) -> None:
    """One record per school and indicator (the municipality and school as written: the next steps read them)."""
    export, cols = found
    rows = sheet.rows
    get = lambda r, role: r[cols[role]] if role in cols and cols[role] < len(r) else None  # noqa: E731
    by_school: dict[tuple, dict] = {}
    first_row: dict[tuple, int] = {}
    bad: dict[tuple, tuple] = {}  # school -> (row, role, value) of its first count that is not a number
    for ri in t.data_rows:
        r = rows[ri]
        key = (get(r, "municipality"), get(r, "school"))
        if key == (None, None):
            continue
        first_row.setdefault(key, ri)
        if export == "pupils":
            acc = by_school.setdefault(key, {code + sfx: 0 for code in PUPIL_COUNTS for sfx in ("", "_active")})
            active = not _archived(get(r, "archived"))
            for code, role in PUPIL_COUNTS.items():
                if role is None or (role in cols and _count(get(r, role)) > 0):
                    acc[code] += 1
                    acc[code + "_active"] += active
            continue
        acc = by_school.setdefault(key, dict.fromkeys(COURSE_SUMS, 0))
        for code, role in COURSE_SUMS.items():
            n, error = normalize.parse_int(get(r, role)) if role in cols else (0, None)
            if error is not None and key not in bad:
                bad[key] = (ri, role, get(r, role))
            acc[code] += n or 0
    label = column_label(t)
    labels = {"municipality": label(cols["municipality"]), "school_name": label(cols["school"]),
              "value": "число обучающихся по выгрузке"}
    codes = ([code + sfx for code, role in PUPIL_COUNTS.items() if role is None or role in cols for sfx in ("", "_active")]
             if export == "pupils" else [code for code, role in COURSE_SUMS.items() if role in cols])
    for (muni, school), acc in by_school.items():
        for code in codes:
            row = first_row[(muni, school)]
            if (muni, school) in bad and COURSE_SUMS.get(code) == bad[(muni, school)][1]:
                row, role, value = bad[(muni, school)]
                st.add_one(sheet.name, row, dict(labels, value=label(cols[role])),
                           {"municipality": muni, "school_name": school, "indicator_code": code, "value": value})
                continue  # the value step says what is wrong with it, in its cell
            st.add_one(sheet.name, row, labels,
                       {"municipality": muni, "school_name": school, "indicator_code": code, "value": acc[code]})
    rep = SheetReport(sheet.name, True, header_rows=(t.header_rows[0] + 1, t.header_rows[1] + 1),
                      data_rows=len(t.data_rows))
    rep.matched = {"platform": f"выгрузка «Билет в будущее»: {len(t.data_rows)} обучающихся, {len(by_school)} ОО "
                               "(в базу попадают только числа по ОО)"} if export == "pupils" else {
        "platform": f"курс «Россия — мои горизонты»: {len(t.data_rows)} строк по классам, {len(by_school)} ОО "
                    "(числа классов сложены по ОО)"}
    st.reports.append(rep)
