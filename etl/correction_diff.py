"""What a readiness file changes against the versions it replaces (a municipality's corrected file): per
municipality its pupils, those covered and schools before and after, and the schools whose figures changed most —
what the analyst checks before loading a correction («МБОУ СОШ № 1: обучающихся 1 024 → 1 124»), their level and
readiness criteria too («назначен ответственный: нет → да»: the readiness share moves with them — t88). Reads the
database, never writes."""
from __future__ import annotations

from etl.plausibility import SchoolMatch
from etl.schema import FIELD_LABELS_RU
from etl.textru import group_digits, some_of

# a school's marks besides its pupils: its level and the readiness criteria (data/reference/readiness_criteria.csv)
_MARKS = ("level", "responsible_appointed", "plan_approved", "navigators", "bvb_registered")

_SCHOOLS = 5  # schools named with their changes


def _n(x) -> str:
    return group_digits(str(int(x or 0)))


def lines(prepared, con) -> list[str]:
    """The lines, or none when the file replaces nothing (or is not a readiness form)."""
    ids = [r[0] for r in prepared.replaces]
    munis = prepared.municipalities()
    if prepared.kind != "readiness" or not ids or not munis:
        return []
    old = con.execute(f"""SELECT municipality, school_inn, school_name, students_total, students_covered,
                                 {', '.join(_MARKS)}
                          FROM readiness_rows WHERE list_contains(?, load_id) AND list_contains(?, municipality)
                            AND period = ?""", [ids, munis, prepared.period]).fetchall()
    cols = prepared.columns
    marks = [f for f in _MARKS if cols.get(f)]  # (a mark the file gives: one it leaves out is no change of it)
    match = SchoolMatch([r[:3] for r in old])
    now: dict[str, dict] = {m: {} for m in munis}  # municipality -> school -> (name, pupils, covered, marks)
    for i in prepared.good_rows():
        m, inn, name = cols["municipality"][i], cols["school_inn"][i], cols["school_name"][i]
        j = match.find(m, inn, name)  # (the earlier school's index, else the school's own identity: new)
        now.setdefault(m, {})[j if j is not None else (inn, name)] = (
            name, cols["students_total"][i], cols["students_covered"][i], tuple(cols[f][i] for f in marks))
    was: dict[str, dict] = {}
    for j, (m, _inn, name, t, c, *mk) in enumerate(old):
        was.setdefault(m, {})[j] = (name, t, c, tuple(dict(zip(_MARKS, mk))[f] for f in marks))
    loads = ", ".join(f"№ {x}" for x in ids)
    out, schools = [], []
    for m in munis:
        a, b = now.get(m, {}), was.get(m)
        if not b:
            continue
        t, c, t0, c0 = (sum(v[j] or 0 for v in vs.values()) for vs, j in ((a, 1), (a, 2), (b, 1), (b, 2)))
        gone = [v[0] for k, v in b.items() if k not in a]
        new = [v[0] for k, v in a.items() if k not in b]
        changed = [k for k in a if k in b and a[k][1:] != b[k][1:]]
        if (t, c, len(a)) == (t0, c0, len(b)) and not gone and not new and not changed:
            out.append(f"{m}: цифры те же, что в заменяемой загрузке ({loads})")
            continue
        out.append(f"{m}: обучающихся 6–11 кл. {_n(t)} (было {_n(t0)}), охвачено {_n(c)} (было {_n(c0)}), "
                   f"ОО {len(a)} (было {len(b)})"
                   + (f"; новые ОО: {some_of(new, 3, quoted=True)}" if new else "")
                   + (f"; нет ОО: {some_of(gone, 3, quoted=True)}" if gone else ""))
        for k in changed:
            (name, t1, c1, k1), (_n0, t2, c2, k2) = a[k], b[k]
            moved = [f"{FIELD_LABELS_RU.get(f, f)}: {_mark(y)} → {_mark(x)}"
                     for f, x, y in zip(marks, k1, k2) if x != y]
            schools.append((abs((t1 or 0) - (t2 or 0)) + abs((c1 or 0) - (c2 or 0)) + 1000 * len(moved), m, name,
                            t1, c1, t2, c2, moved))
    for _d, m, name, t1, c1, t2, c2, moved in sorted(schools, key=lambda x: -x[0])[:_SCHOOLS]:
        parts = [f"обучающихся {_n(t2)} → {_n(t1)}" if t1 != t2 else "", f"охвачено {_n(c2)} → {_n(c1)}"
                 if c1 != c2 else "", *moved]
        out.append(f"{m}, {name}: " + ", ".join(p for p in parts if p))
    return out


def _mark(v) -> str:
    return "—" if v is None else ("да" if v else "нет") if isinstance(v, bool) else str(v)
