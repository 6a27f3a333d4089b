"""A form of one school (its name in the title, or one school in the school column) over a municipality's form of
the same kind and period: loaded, it would replace the whole municipality's form — the other schools' agreements,
events, readiness gone from the pages with only «заменены данные загрузки № 1» said. The file waits: a municipality's
schools go in one form."""
from __future__ import annotations

from etl import db
from etl.model import Problem
from etl.school_key import keys_of
from etl.textru import some_of

KINDS = ("readiness", "agreements", "events")


def over_other_schools(p, con) -> None:
    """An error of the file when, for some municipality, it names one school (or none) and the loads it would
    replace hold other schools of that municipality."""
    if p.kind not in KINDS or not p.replaces:
        return
    munis, names = p.columns.get("municipality") or [], p.columns.get("school_name") or []
    if not munis or len(names) != len(munis):
        return
    mine: dict[str, set] = {}
    for m, k in zip(munis, keys_of(names)):
        if m is not None:
            mine.setdefault(m, set()).add(k)
    ids = [r[0] for r in p.replaces]
    table = db.TABLE_OF_KIND[p.kind]
    for m, keys in sorted(mine.items()):
        keys.discard(None)
        if len(keys) > 1:
            continue  # (a municipality's form: a correction replaces it as a whole)
        others = con.execute(f"SELECT DISTINCT school_name, school_key FROM {table} WHERE list_contains(?, load_id) "
                             "AND municipality = ? AND school_key IS NOT NULL ORDER BY 1", [ids, m]).fetchall()
        lost = [name for name, key in others if key not in keys]
        if not lost:
            continue
        whose = f"одной ОО «{next(n for n, mm in zip(names, munis) if mm == m and n)}»" if keys else "без ОО"
        p.problems.append(Problem(
            p.file_name, None, None, None, m, "school_form_over_municipality",
            f"Форма {whose} ({m}) заменила бы загруженную форму муниципалитета (загрузка № "
            f"{', '.join(str(i) for i in ids)}), где есть и другие ОО: {some_of(lost, 5, quoted=True)} — их данные "
            "пропали бы со страниц; файл не загружен",
            "Соберите строки всех ОО муниципалитета в одну форму (или дополните загруженную форму строками этой ОО) "
            "и загрузите её"))
