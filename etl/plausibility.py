"""Plausibility against the previous period (as Norway's KOSTRA checks a submission against the last one): a
readiness file's schools and figures compared with what the same municipalities sent for the previous period in
the database — warnings with the numbers (a school missing now, pupils changing by more than 30 %, coverage
jumping by more than 40 п. п., a municipality's total far below, its number of schools off the registry's by more
than 10 %), and a digest of the largest changes, one line each. Thresholds in data/reference/plausibility.csv.
An agreements file is checked against the readiness form of its own period: a school that form does not have
(by the name key) would count in no share of schools with agreements.
Reads the database, never writes."""
from __future__ import annotations

from etl import periods, reference
from etl.model import Problem
from etl.school_key import school_key
from etl.textru import group_digits, plural, some_of


def checks() -> dict[str, float | None]:
    return {r["check"]: (float(r["threshold"]) if r["threshold"] else None)
            for r in reference.rows("plausibility.csv")}


class SchoolMatch:
    """Schools of an earlier form, found again: by INN when both forms give it, else by the normalised name within
    the municipality (a form without INNs after one with them still finds every school)."""

    def __init__(self, old: list[tuple]):  # [(municipality, inn, name)]
        self.by_inn = {(m, inn): j for j, (m, inn, _n) in enumerate(old) if inn}
        self.by_name: dict[tuple, int] = {}
        for j, (m, _inn, name) in enumerate(old):
            self.by_name.setdefault((m, school_key(name or "")), j)

    def find(self, muni, inn, name) -> int | None:
        """The index of the earlier school, or None for a school new to the form."""
        j = self.by_inn.get((muni, inn)) if inn else None
        return j if j is not None else self.by_name.get((muni, school_key(name or "")))


def _previous(prepared, db_path) -> tuple[str | None, list[dict]]:
    if prepared.kind != "readiness" or not prepared.period or not prepared.region \
            or not periods.is_valid(prepared.period):
        return None, []
    prev = periods.previous_period(prepared.period)
    munis = prepared.municipalities()
    if not munis:
        return prev, []
    from etl import db

    try:
        with db.read_connection(db_path) as con:
            cur = con.execute("""SELECT municipality, school_name, school_inn, students_total, students_covered
                                 FROM readiness WHERE region = ? AND period = ? AND list_contains(?, municipality)""",
                              [prepared.region, prev, munis])
            names = [d[0] for d in cur.description]
            return prev, [dict(zip(names, r)) for r in cur.fetchall()]
    except Exception:  # noqa: BLE001 - no database yet, or busy: nothing to compare with
        return prev, []


def _pct(x: float) -> str:
    """A relative change with its sign, whole percent — tenths below 1 % («+0,3 %»); none at all «±0 %»."""
    p = round(100 * x) if abs(100 * x) >= 1 else round(100 * x, 1)
    text = str(abs(p)).replace(".", ",").removesuffix(",0")
    return f"{'+' if p > 0 else '−' if p < 0 else '±'}{text} %"


def _unknown_schools(prepared, db_path) -> list[Problem]:
    """Schools of an agreements file that the readiness form of the same period does not have (by the name key,
    within a municipality that sent it): their agreements count in no share of schools with agreements."""
    munis = prepared.municipalities()
    if not (prepared.period and prepared.region and munis):
        return []
    from etl import db

    try:
        with db.read_connection(db_path) as con:
            rows = con.execute("""SELECT DISTINCT municipality, school_name FROM readiness
                                  WHERE region = ? AND period = ? AND list_contains(?, municipality)""",
                               [prepared.region, prepared.period, munis]).fetchall()
    except Exception:  # noqa: BLE001 - no database yet, or busy: nothing to compare with
        return []
    known = {(m, school_key(n)) for m, n in rows if n}
    sent = {m for m, _k in known}
    cols = {f: list(prepared.columns[f]) for f in ("municipality", "school_name")}
    missing: dict[str, dict[str, None]] = {}
    pairs = dict.fromkeys((cols["municipality"][i], cols["school_name"][i]) for i in prepared.good_rows())
    for m, school in pairs:  # (each school of the file keyed once, in the file's order)
        if m in sent and school and (m, school_key(school)) not in known:
            missing.setdefault(m, {})[school] = None
    label = periods.period_label_ru(prepared.period) if periods.is_valid(prepared.period) else prepared.period
    out = []
    for m, schools in sorted(missing.items()):
        names = list(schools)
        shown = some_of(names, 5, quoted=True)
        out.append(Problem(prepared.file_name, None, None, "Наименование ОО", None, "plausibility_school_unknown",
                           f"{m}: {len(names)} ОО нет в форме готовности за {label}: {shown} — их договоры не "
                           "войдут в долю ОО с договорами",
                           "Напишите название школы так, как в форме готовности (или пришлите форму готовности "
                           "с этой школой)", "warning"))
    return out


def check(prepared, db_path=None) -> tuple[list[Problem], list[str]]:
    """(warnings, digest lines) of a prepared readiness file against the previous period; of an agreements file,
    its schools the readiness form of the period does not have."""
    if prepared.kind == "agreements":
        return _unknown_schools(prepared, db_path), []
    prev, old = _previous(prepared, db_path)
    if not old:
        return [], []
    th, name = checks(), prepared.file_name
    cols = {f: list(prepared.columns[f]) for f in ("municipality", "school_inn", "school_name", "students_total",
                                                   "students_covered", "source_sheet", "source_row")}
    label = periods.period_label_ru(prev)
    columns = {r.sheet: r.matched for r in prepared.sheets}  # the file's own columns: «G «Из них охвачено»»
    match = SchoolMatch([(r["municipality"], r["school_inn"], r["school_name"]) for r in old])
    seen, out, by_muni, erred, counted = set(), [], {}, {}, set()  # (counted: municipalities giving pupils at all)
    bad = prepared.bad_rows
    for i in range(prepared.n_rows):  # a school whose row has an error is in the file all the same: not «missing»
        m, total, covered = cols["municipality"][i], cols["students_total"][i], cols["students_covered"][i]
        j = match.find(m, cols["school_inn"][i], cols["school_name"][i])
        seen.add(j)
        acc = by_muni.setdefault(m, [0, 0, 0, 0])
        acc[1] += 1
        if i in bad:  # (its numbers are checked once its error is corrected)
            erred[m] = erred.get(m, 0) + 1
            continue
        acc[0] += total or 0
        if total is not None:
            counted.add(m)
        if j is None:
            continue
        r = old[j]
        t0, c0 = r["students_total"], r["students_covered"]
        sheet = cols["source_sheet"][i]
        where = (name, sheet, cols["source_row"][i],
                 columns.get(sheet, {}).get("students_total", "Численность обучающихся 6–11 классов"))
        if total and t0 and abs(total - t0) / t0 > th["pupils_change"]:
            out.append(Problem(*where, total, "plausibility_pupils",
                               f"Обучающихся 6–11 классов {group_digits(str(total))}, за {label} — "
                               f"{group_digits(str(int(t0)))} ({_pct((total - t0) / t0)})",
                               "Проверьте число: такие изменения за период редки", "warning"))
        if total and covered is not None and t0 and c0 is not None and \
                abs(covered / total - c0 / t0) > th["coverage_jump"]:
            out.append(Problem(*where[:3], columns.get(sheet, {}).get("students_covered", "Охвачено профминимумом"),
                               covered, "plausibility_coverage",
                               f"Доля охваченных {round(100 * covered / total)} %, за {label} — "
                               f"{round(100 * c0 / t0)} %", f"Проверьте охват: изменение больше {round(100 * th['coverage_jump'])} п. п.",
                               "warning"))
    for r in old:
        acc = by_muni.setdefault(r["municipality"], [0, 0, 0, 0])
        acc[2] += r["students_total"] or 0
        acc[3] += 1
    missing: dict[str, list[str]] = {}
    for j, r in enumerate(old):
        if j not in seen:
            missing.setdefault(r["municipality"], []).append(str(r["school_name"]))
    for m, schools in sorted(missing.items()):
        shown = some_of(schools, 5, quoted=True)
        n = len(schools)
        out.append(Problem(name, None, None, None, m, "plausibility_school_missing",
                           f"{m}: нет {n} ОО, сдававших форму за {label}: {shown}",
                           "Если школа закрыта или объединена — всё верно; иначе добавьте её строку", "warning"))
    digest = []
    for m, (t, n, t0, n0) in sorted(by_muni.items(), key=lambda kv: -abs(kv[1][0] - kv[1][2]) / (kv[1][2] or 1)):
        if not t0 or m not in counted:  # (no pupils' column answered yet: not «0, −100 %»)
            continue
        if t < (1 - th["total_drop"]) * t0:
            out.append(Problem(name, None, None, "Численность обучающихся 6–11 классов", m, "plausibility_total_drop",
                               f"{m}: обучающихся 6–11 классов {group_digits(str(int(t)))}, за {label} — "
                               f"{group_digits(str(int(t0)))} ({_pct((t - t0) / t0)})",
                               "Проверьте, все ли школы муниципалитета в файле", "warning"))
        # (fewer schools, each named by the warning of the missing ones: said once — a tester's round)
        if n0 and th.get("school_count") is not None and abs(n - n0) / n0 > th["school_count"] and \
                n0 - n != len(missing.get(m, ())):
            out.append(Problem(name, None, None, None, m, "plausibility_school_count",
                               f"{m}: в файле {n} ОО, в реестре школ муниципалитета (сдававших "
                               f"форму за {label}) — {n0} ({_pct((n - n0) / n0)})",
                               "Проверьте, все ли школы в файле и нет ли лишних строк (филиалов, итогов)", "warning"))
        if len(digest) < int(th.get("digest_lines") or 5) and t != t0:
            e = erred.get(m, 0)
            digest.append(f"{m}: обучающихся 6–11 кл. {group_digits(str(int(t)))}" + (
                f" без {e} {plural(e, 'строки', 'строк', 'строк')} с ошибками" if e else "") + f" (за {label} — "
                          f"{group_digits(str(int(t0)))}, {_pct((t - t0) / t0)}), ОО {n} (было {n0})")
    return out, digest
