"""Exports of the «Билет в будущее» platform, as coordinators download them, loaded as effectiveness indicators per
school (data/reference/bvb_columns.csv recognises their columns):

- the pupils' export (one row per pupil: municipality, school, class, last sign-in, archive date — «Нет» for an
  active pupil — and the counts of diagnostics, проб, excursions and master classes in the calendar year): pupils
  registered, and those with at least one diagnostic, проба, excursion, master class — each with and without the
  archived pupils. Only these counts are kept: no pupil's row reaches the database, the file is not archived;
- the course export of «Россия — мои горизонты» (one row per school and class): etl/course.py.

A column takes the first role of its export whose header fragments it holds («посетивш+заняти»: both; «^оо»: at
the start; alternatives after «|»). A count cell that is not a number stops the file at that cell; a column of
numbers the export does not know is never dropped silently (`unknown_columns`)."""
from __future__ import annotations

from etl import normalize, platform_exports, reference
from etl.model import Problem
from etl.sheets import column_label
from etl.staged import Staged

# indicator (data/reference/indicators.csv) -> the column whose pupils with at least one it counts (None: every one)
PUPIL_COUNTS = {"bvb_pupils": None, "bvb_diagnostics": "diagnostics", "bvb_probes": "probes",
                "bvb_excursions": "excursions", "bvb_masterclasses": "masterclasses"}


def _roles(export: str) -> list[tuple[str, list[list[str]], bool]]:
    """(role, alternatives of header fragments, required) of one export, in the file's order."""
    return [(r["role"], [a.split("+") for a in r["header"].split("|")], r["required"] == "yes")
            for r in reference.rows("bvb_columns.csv") if r["export"] == export]


def _holds(key: str, fragments: list[str]) -> bool:
    return all(key.startswith(f[1:]) if f.startswith("^") else f in key for f in fragments)


def columns(t) -> tuple[str, dict[str, int]] | None:
    """(export, role -> column index) when the table is a platform export (every required column found)."""
    for export in ("pupils", "course"):
        roles, found = _roles(export), {}
        for c in t.columns:
            key = normalize.norm_key(c.header)
            role = next((r for r, alts, _req in roles if r not in found and any(_holds(key, a) for a in alts)), None)
            if role:
                found[role] = c.index
        if all(role in found for role, _a, req in roles if req):
            return export, found
    return None


def records(st: Staged, sheet, t, found: tuple[str, dict[str, int]]) -> None:
    export, cols = found
    if export == "course":
        from etl import course

        return course.records(st, sheet, t, cols)
    rows = sheet.rows
    get = lambda r, role: r[cols[role]] if role in cols and cols[role] < len(r) else None  # noqa: E731
    by_school: dict[tuple, dict] = {}
    first_row: dict[tuple, int] = {}
    bad: dict[tuple, tuple] = {}  # school -> (row, role, value) of its first count that is not a number
    seen: set = set()  # the pupils' ids: two overlapping downloads pasted together repeat pupils
    repeats: list[int] = []
    for ri in t.data_rows:
        r = rows[ri]
        key = (get(r, "municipality"), get(r, "school"))
        if key == (None, None):
            continue
        pupil = get(r, "pupil_id")
        if pupil not in (None, ""):
            if pupil in seen:
                repeats.append(ri)
                continue
            seen.add(pupil)
        first_row.setdefault(key, ri)
        acc = by_school.setdefault(key, {code + sfx: 0 for code in PUPIL_COUNTS for sfx in ("", "_active")})
        active = not _archived(get(r, "archived"))
        for code, role in PUPIL_COUNTS.items():
            if role is not None and role in cols and platform_exports.not_a_number(get(r, role)) and key not in bad:
                bad[key] = (ri, role, get(r, role))
            if role is None or (role in cols and (normalize.parse_int(get(r, role))[0] or 0) > 0):
                acc[code] += 1
                acc[code + "_active"] += active
    codes = [code + sfx for code, role in PUPIL_COUNTS.items() if role is None or role in cols
             for sfx in ("", "_active")]
    platform_exports.add_schools(st, sheet, t, cols, by_school, first_row, bad, codes,
                                 lambda code: PUPIL_COUNTS[code.removesuffix("_active")])
    platform_exports.unknown_columns(st, sheet, t, cols, "выгрузке по обучающимся")
    _schools_in_two_municipalities(st, sheet, t, cols, by_school)
    if repeats:
        st.problems.append(Problem(st.name, sheet.name, None, column_label(t)(cols["pupil_id"]), None,
                                   "repeated_pupils", f"В выгрузке повторяются обучающиеся (тот же ID, строк: "
                                   f"{len(repeats)}, первая — {repeats[0] + 1}): каждый учтён один раз",
                                   "Если выгрузки склеены из нескольких, проверьте, что ни одна не пропущена",
                                   "warning"))
    platform_exports.report(st, sheet, t, f"выгрузка «Билет в будущее»: {len(t.data_rows)} обучающихся, "
                                          f"{len(by_school)} ОО (в базу попадают только числа по ОО)")


def _archived(v) -> bool:
    return not (normalize._empty(v) or normalize.norm_key(v) in ("нет", "no", "0"))


def _schools_in_two_municipalities(st: Staged, sheet, t, cols: dict[str, int], by_school: dict) -> None:
    """One school's pupils under two municipalities (a pupil's municipality mistyped on the platform): counted in
    each as a school of its own — said, naming the first such school."""
    where: dict[str, list] = {}
    for muni, school in by_school:
        if school is not None:
            where.setdefault(normalize.norm_key(school), []).append((muni, school))
    twice = [pairs for pairs in where.values() if len({normalize.norm_key(m or "") for m, _s in pairs}) > 1]
    if twice:
        school, munis = twice[0][0][1], ", ".join(str(m) for m, _s in twice[0])
        st.problems.append(Problem(st.name, sheet.name, None, column_label(t)(cols["school"]), school,
                                   "school_in_two_municipalities",
                                   f"ОО «{school}» в выгрузке указана в разных муниципалитетах ({munis})"
                                   + (f" — и ещё {len(twice) - 1} ОО" if len(twice) > 1 else "")
                                   + ": её обучающиеся учтены в каждом из них отдельно",
                                   "Проверьте муниципалитет обучающихся этой ОО на платформе", "warning"))
