"""A form of one school (its name in the title, or no school at all) over a municipality's form of the same kind
and period (or over its figures of no school, an effectiveness form's): loaded, it would replace the whole
municipality's form — the other schools' agreements, events, readiness, indicators gone from the pages with only
«заменены данные загрузки № 1» said. The file waits: a municipality's schools go in one form."""
from __future__ import annotations

from etl import db
from etl.model import Problem
from etl.school_key import keys_of
from etl.textru import some_of

KINDS = ("readiness", "agreements", "events", "effectiveness")


def over_other_schools(p, con) -> None:
    """An error of a school's own form (or one naming no school) when the loads it would replace hold other schools
    of its municipality."""
    if p.kind not in KINDS or not p.replaces:
        return
    munis, names = p.columns.get("municipality") or [], p.columns.get("school_name") or [None] * p.n_rows
    if not munis or len(names) != len(munis):
        return
    # a school's own form: its school named in the title (the only school of its school column too: t85), or none
    # named at all — a municipality's correction with one school left in its school column replaces the form as any
    # correction does
    if not (p.title_schools or any(r.matched.get("school_name", "").startswith("заголовок") for r in p.sheets) or
            not any(names)):
        return
    mine: dict[str, set] = {}
    for i, (m, k) in enumerate(zip(munis, keys_of(names))):
        if m is not None and i not in p.bad_rows:  # (a bad row is never loaded: it replaces nothing)
            mine.setdefault(m, set()).add(k)
    ids = [r[0] for r in p.replaces]
    table = db.TABLE_OF_KIND[p.kind]
    for m, keys in sorted(mine.items()):
        keys.discard(None)
        if len(keys) > 1:
            continue  # (a municipality's form: a correction replaces it as a whole)
        others = con.execute(f"SELECT DISTINCT school_name, school_key FROM {table} WHERE list_contains(?, load_id) "
                             "AND municipality = ? ORDER BY 1 NULLS FIRST", [ids, m]).fetchall()
        # (a municipality's figures with no school — an effectiveness form of the municipality — are lost too: its
        # 9 300 pupils became one school's 610, tester round t87)
        whole = bool(keys) and any(key is None for _n, key in others)
        lost = [name for name, key in others if key is not None and key not in keys]
        if not lost and not whole:
            continue
        whose = f"одной ОО «{next(n for n, mm in zip(names, munis) if mm == m and n)}»" if keys else \
            "без списка ОО"  # (a school's own form with no school column: «Форма без ОО» read oddly — t85)
        p.problems.append(Problem(
            p.file_name, None, None, None, m, "school_form_over_municipality",
            f"Форма {whose} ({m}) заменила бы загруженную форму муниципалитета (загрузка № "
            f"{', '.join(str(i) for i in ids)}), "
            + (f"где есть и другие ОО: {some_of(lost, 5, quoted=True)} — их данные" if lost else
               "с показателями муниципалитета в целом — они")
            + " пропали бы со страниц; файл не загружен",
            "Соберите строки всех ОО муниципалитета в одну форму (или дополните загруженную форму строками этой ОО) "
            "и загрузите её"))


def schools_dropped(p, con) -> None:
    """A warning of a correction without some schools of the form it replaces: the correction replaces the form as
    a whole, so their figures leave the pages (tester round t85: an events correction of one school lost the other
    school's participations with no word). Said with the schools, before «Загрузить»; for effectiveness, of the
    indicators the file gives (a file of other indicators is added to the earlier one)."""
    if p.kind not in (*KINDS, "effectiveness") or not p.replaces or any(
            x.rule == "school_form_over_municipality" for x in p.problems):
        return
    munis, names = p.columns.get("municipality") or [], p.columns.get("school_name") or []
    if not munis or len(names) != len(munis):
        return
    mine: dict[str, set] = {}
    for i, (m, k) in enumerate(zip(munis, keys_of(names))):
        if m is not None and k is not None and i not in p.bad_rows:
            mine.setdefault(m, set()).add(k)
    ids = [r[0] for r in p.replaces]
    table = db.TABLE_OF_KIND[p.kind]
    codes = sorted({c for c in p.columns.get("indicator_code") or [] if c}) if p.kind == "effectiveness" else None
    for m, keys in sorted(mine.items()):
        old = con.execute(f"SELECT school_name, school_key FROM {table} WHERE list_contains(?, load_id) "
                          "AND municipality = ? AND school_key IS NOT NULL"
                          + (" AND list_contains(?, indicator_code)" if codes else "") + " GROUP BY ALL ORDER BY 1",
                          [ids, m, *([codes] if codes else [])]).fetchall()
        lost = list(dict.fromkeys(name for name, key in old if key not in keys))
        if not lost:
            continue
        p.problems.append(Problem(
            p.file_name, None, None, None, m, "schools_dropped",
            f"Файл заменит загрузку № {', '.join(str(i) for i in ids)} ({m}) целиком, а " + (
                f"ОО «{lost[0]}» из неё в файле нет — после загрузки её данные пропадут со страниц" if len(lost) == 1
                else f"{len(lost)} ОО из неё в файле нет: {some_of(lost, 5, quoted=True)} — после загрузки их данные "
                "пропадут со страниц"),
            "Если их данные по-прежнему верны, добавьте их строки в файл (исправленная форма заменяет загруженную "
            "целиком); прежнюю версию можно вернуть откатом загрузки на странице «История загрузок»", "warning"))
