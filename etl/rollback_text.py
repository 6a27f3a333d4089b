"""What a rollback changes on the monitoring pages, said with it (etl/db.py rollback_load; the page, the CLI and the
journal of actions give the same sentence): the earlier versions that came back — only those the pages did not
show before —, none («данные этой загрузки убраны из панели»), or nothing at all when the load rolled back was not
on the pages (replaced since, or a submission never accepted); an earlier submission back on review, or active
again as it was returned to its coordinator."""
from __future__ import annotations

_HOLDERS = """SELECT DISTINCT c.municipality, c.load_id, l.file_name FROM load_scope s
    JOIN (SELECT kind, region, period, municipality, load_id FROM {view} WHERE kind <> 'effectiveness'
          UNION ALL SELECT 'effectiveness', region, period, municipality, load_id FROM {indicators}) c
      ON c.kind = s.kind AND c.region IS NOT DISTINCT FROM s.region
         AND c.period IS NOT DISTINCT FROM s.period AND c.municipality IS NOT DISTINCT FROM s.municipality
    JOIN load_log l ON l.load_id = c.load_id
    WHERE s.load_id = ? ORDER BY c.load_id, c.municipality"""
_SCOPE = "SELECT DISTINCT kind, municipality FROM load_scope WHERE load_id = ? ORDER BY municipality"
# an earlier submission the rolled-back one had replaced before any decision: active again, on review
# (and one sent back to its coordinator before: active again, still returned — the pages do not show it)
_EARLIER = """SELECT DISTINCT l.load_id, l.file_name FROM load_scope s
    JOIN load_scope o ON o.kind = s.kind AND o.region IS NOT DISTINCT FROM s.region
         AND o.period IS NOT DISTINCT FROM s.period AND o.municipality IS NOT DISTINCT FROM s.municipality
    JOIN load_log l ON l.load_id = o.load_id JOIN load_acceptance a ON a.load_id = l.load_id
    WHERE s.load_id = ? AND o.load_id <> s.load_id AND l.status = 'loaded' AND a.state = ?
    ORDER BY l.load_id"""


def _held(con, load_id: int, view: str) -> list[tuple[str | None, int, str]]:
    sql = _HOLDERS.format(view=view, indicators=view.replace("current_scope", "current_indicator_scope"))
    return [(m, int(a), b) for m, a, b in con.execute(sql, [int(load_id)]).fetchall()]


def shown(con, load_id: int, view: str = "current_scope") -> list[tuple[int, str]]:
    """(load, file) the monitoring pages show for the scope of a load: the accepted current versions (`view`
    "current_scope_all": the current ones, accepted or not); effectiveness indicator by indicator (a form of
    other indicators stays beside the one replaced: etl/indicator_scope.py)."""
    return list(dict.fromkeys((lid, name) for _m, lid, name in _held(con, load_id, view)))


def _names(loads) -> str:
    return ", ".join(f"№ {lid} («{name}»)" for lid, name in loads)


def _parts(con, load_id: int, held, before) -> tuple[list[str], str]:
    """A summary of several municipalities partly replaced since: the municipalities whose data the rollback took
    away, and the sentence for those still showing a newer form, as before the rollback (none for effectiveness,
    replaced indicator by indicator)."""
    scope = con.execute(_SCOPE, [int(load_id)]).fetchall()
    if len(scope) < 2 or any(kind == "effectiveness" for kind, _m in scope):
        return [], ""
    still: dict[str, list] = {}
    for m, lid, name in held:
        if (lid, name) in before and m is not None:
            still.setdefault(m, []).append((lid, name))
    gone = [m for _k, m in scope if m is not None and m not in {h[0] for h in held}]
    if not still:
        return gone, ""
    by = "; ".join(f"по «{m}» панель показывает загрузку {_names(loads)}" for m, loads in still.items())
    return gone, by + ", как и до отката"


def said(con, load_id: int, before: list[tuple[int, str]]) -> str:
    """The sentences after «Откат загрузки № N («…»)», `before`: `shown` before the rollback."""
    pending, returned = ([(int(a), b) for a, b in con.execute(_EARLIER, [int(load_id), state]).fetchall()]
                         for state in ("pending", "returned"))
    tail = ""
    if pending:
        tail = ((". На проверку вернулась предыдущая сдача: " if len(pending) == 1 else
                 ". На проверку вернулись предыдущие сдачи: ") + _names(pending)
                + " — на страницах мониторинга её данных нет, пока аналитик её не примет")
    elif returned:
        one = len(returned) == 1
        tail = ((". Снова действует предыдущая сдача " if one else ". Снова действуют предыдущие сдачи ")
                + _names(returned) + (", возвращённая" if one else ", возвращённые") + " координатору на доработку: "
                f"на страницах мониторинга {'её' if one else 'их'} данных нет; координатору нужно сдать исправленную "
                "форму")
    if load_id not in {lid for lid, _n in before}:
        others = [x for x in before if x[0] != load_id]
        return (". Данные этой загрузки на панели не показывались"
                + (f" (их заменил{'а загрузка' if len(others) == 1 else 'и загрузки'} {_names(others)})"
                   if others else "") + ": панель не изменилась" + tail)
    held = _held(con, load_id, "current_scope")
    came = [x for x in dict.fromkeys((lid, name) for _m, lid, name in held) if x not in before]
    if came and not pending:  # an accepted version came back: a returned one beside it is nobody's concern
        tail, returned = "", []
    gone, kept = _parts(con, load_id, held, before)
    where = f" в части {', '.join(f'«{m}»' for m in gone)}" if gone and (came or kept) else ""
    said_ = []
    if came:
        said_.append("Вернулась предыдущая версия: загрузка " + _names(came))
        if where:
            said_.append("данные этой загрузки убраны из панели" + where)
    elif not pending:
        said_.append(("Предыдущей принятой версии этой сдачи нет" if returned else "Предыдущей версии этой сдачи нет")
                     + ": данные этой загрузки убраны из панели" + where)
    if kept:
        said_.append(kept)
    return "".join(". " + x[0].upper() + x[1:] if i == 0 else "; " + x for i, x in enumerate(said_)) + tail
