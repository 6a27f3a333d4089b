"""What a rollback changes on the monitoring pages, said with it (etl/db.py rollback_load; the page, the CLI and the
journal of actions give the same sentence): the earlier versions that came back — only those the pages did not
show before —, none («данные этой загрузки убраны из панели»), or nothing at all when the load rolled back was not
on the pages (replaced since, or a submission never accepted); an earlier submission back on review."""
from __future__ import annotations

_HOLDERS = """SELECT DISTINCT c.load_id, l.file_name FROM load_scope s
    JOIN (SELECT kind, region, period, municipality, load_id FROM {view} WHERE kind <> 'effectiveness'
          UNION ALL SELECT 'effectiveness', region, period, municipality, load_id FROM {indicators}) c ON c.kind = s.kind AND c.region IS NOT DISTINCT FROM s.region
         AND c.period IS NOT DISTINCT FROM s.period AND c.municipality IS NOT DISTINCT FROM s.municipality
    JOIN load_log l ON l.load_id = c.load_id
    WHERE s.load_id = ? ORDER BY c.load_id"""
# an earlier submission the rolled-back one had replaced before any decision: active again, on review
_ON_REVIEW = """SELECT DISTINCT l.load_id, l.file_name FROM load_scope s
    JOIN load_scope o ON o.kind = s.kind AND o.region IS NOT DISTINCT FROM s.region
         AND o.period IS NOT DISTINCT FROM s.period AND o.municipality IS NOT DISTINCT FROM s.municipality
    JOIN load_log l ON l.load_id = o.load_id JOIN load_acceptance a ON a.load_id = l.load_id
    WHERE s.load_id = ? AND o.load_id <> s.load_id AND l.status = 'loaded' AND a.state = 'pending'
    ORDER BY l.load_id"""


def shown(con, load_id: int, view: str = "current_scope") -> list[tuple[int, str]]:
    """(load, file) the monitoring pages show for the scope of a load: the accepted current versions (`view`
    "current_scope_all": the current ones, accepted or not); effectiveness indicator by indicator (a form of
    other indicators stays beside the one replaced: etl/indicator_scope.py)."""
    sql = _HOLDERS.format(view=view, indicators=view.replace("current_scope", "current_indicator_scope"))
    return [(int(a), b) for a, b in con.execute(sql, [int(load_id)]).fetchall()]


def said(con, load_id: int, before: list[tuple[int, str]]) -> str:
    """The sentences after «Откат загрузки № N («…»)», `before`: `shown` before the rollback."""
    def names(loads) -> str:
        return ", ".join(f"№ {lid} («{name}»)" for lid, name in loads)

    pending = [(int(a), b) for a, b in con.execute(_ON_REVIEW, [int(load_id)]).fetchall()]
    tail = ""
    if pending:
        tail = ((". На проверку вернулась предыдущая сдача: " if len(pending) == 1 else
                 ". На проверку вернулись предыдущие сдачи: ") + names(pending)
                + " — на страницах мониторинга её данных нет, пока аналитик её не примет")
    if load_id not in {lid for lid, _n in before}:
        others = [x for x in before if x[0] != load_id]
        return (". Данные этой загрузки на панели не показывались"
                + (f" (их заменил{'а загрузка' if len(others) == 1 else 'и загрузки'} {names(others)})"
                   if others else "") + ": панель не изменилась" + tail)
    came = [x for x in shown(con, load_id) if x not in before]
    if came:
        return ". Вернулась предыдущая версия: загрузка " + names(came) + tail
    return ("" if pending else ". Предыдущей версии этой сдачи нет: данные этой загрузки убраны из панели") + tail
