"""What a load puts out of use: the current loads of its scope (a corrected file replaces the earlier one of its
municipality and period, a roadmap the region's), said before the analyst loads and in the load's message; a
roadmap file with fewer measures than the roadmap it replaces is warned about (a report on some measures would
make the others vanish from the pages)."""
from __future__ import annotations

from etl import db, indicator_scope, schema
from etl.model import Problem
from etl.textru import group_digits, plural


def current(con, prepared, rows: list[int] | None = None, accepted: bool = False) -> tuple[list, list[str]]:
    """(the loads that loading the file's `rows` — all by default — would put out of use, its municipalities;
    `accepted`: once accepted — a submission on review)."""
    p, cols = prepared, prepared.columns

    def of(field: str) -> list:
        vals = cols.get(field) or []
        return sorted({vals[i] for i in rows} - {None}) if rows is not None and vals else \
            sorted(set(vals) - {None})

    munis = sorted(set(of("municipality")) | set(p.none_reported))  # (all «нет»: its agreements are none now)
    periods = (of("period") or [p.period]) if p.kind == "effectiveness" else [p.period]
    codes = of("indicator_code") if p.kind == "effectiveness" else None
    loads = db.current_loads(con, p.kind, p.region, [x for x in periods if x], munis, codes, accepted)
    if p.kind != "effectiveness" or not loads:
        return loads, munis
    # indicator by indicator: a load holding another municipality's indicator the file has is not replaced there
    # (B's Химки probes replace A in Химки; B's Лобня excursions are added beside A's Лобня figures)
    cols = p.columns
    n = p.n_rows
    per, mun, code = (cols.get(f) or [None] * n for f in ("period", "municipality", "indicator_code"))
    keys = sorted({(per[i] or p.period, mun[i], code[i]) for i in (range(n) if rows is None else rows)
                   if code[i] and mun[i]})
    hits: dict[int, set[str]] = {}
    for load_id, muni, _lost in indicator_scope.replaced(con, p.region, keys):
        hits.setdefault(load_id, set()).add(muni)
    return [x for x in loads if x[0] in hits], sorted(set().union(*hits.values()))


def check(prepared, con) -> None:
    """Fill `prepared.replaces` (etl/db.py current_loads) and warn of a shorter roadmap (`con`: a connection)."""
    p = prepared
    p.replaces, p.replaces_in = current(con, p)
    _platform_figures_in_a_form(p, con)
    if any(x.rule == "roadmap_of_municipality" for x in p.problems):
        return  # (not the region's roadmap: refused as such, it replaces nothing)
    _older_roadmap_report(p, con)
    _indicators_dropped(p, con)
    old_rows = sum(r[3] for r in p.replaces)
    if p.kind == "roadmap" and p.replaces and old_rows > p.n_rows:
        n = p.n_rows
        p.problems.append(Problem(
            p.file_name, None, None, None, None, "roadmap_shrinks",
            f"В файле {group_digits(str(n))} {plural(n, 'мероприятие', 'мероприятия', 'мероприятий')}, а в "
            f"действующей дорожной карте региона — {group_digits(str(old_rows))} (загрузка № {p.replaces[-1][0]}): "
            "после загрузки на страницах останутся только мероприятия этого файла",
            "Если это отчёт об исполнении части мероприятий, дополните его остальными мероприятиями дорожной карты "
            "(со статусами) и загрузите полный файл", "warning"))


def _older_roadmap_report(p, con) -> None:
    """A report on the roadmap's execution older than the one in use («на 02.10.2023» after «на 01.04.2024»): loaded,
    it would put the newer statuses out of use and the pages would go back in time without a word. The file waits;
    a wrong newer load is rolled back first."""
    mine = next((d for d in p.columns.get("as_of") or [] if d is not None), None) if p.kind == "roadmap" else None
    if mine is None or not p.replaces:
        return
    ids = [r[0] for r in p.replaces]
    row = db.one(con, "SELECT max(as_of), arg_max(load_id, as_of) FROM roadmap_rows WHERE list_contains(?, load_id)",
                 [ids])
    theirs, load_id = row if row else (None, None)
    if theirs is None or mine >= theirs:
        return
    name = next(r[1] for r in p.replaces if r[0] == load_id)
    p.problems.append(Problem(
        p.file_name, None, None, None, f"{mine:%d.%m.%Y}", "roadmap_older_report",
        f"Отчёт об исполнении дорожной карты — на {mine:%d.%m.%Y}, а действующий (загрузка № {load_id} «{name}») — на "
        f"{theirs:%d.%m.%Y}: более старый отчёт заменил бы более новые сведения об исполнении — файл не загружен",
        f"Если загрузка № {load_id} ошибочна, откатите её (страница «История загрузок» или python -m etl rollback "
        f"{load_id}) и загрузите этот файл; если дата в заголовке файла неверна, исправьте её"))


def text(replaced: list[tuple[int, str, list[str], int]], munis: list[str], future: bool = False) -> str:
    """«заменены данные загрузки № 108» / «Файл заменит загрузку № 108 «Корсаковский.xlsx» (9 строк)»: what a load puts
    out of use; a load kept for other municipalities says for which ones it is replaced."""
    parts = []
    for load_id, file_name, old_munis, rows in replaced:
        part = f"№ {load_id}"
        if future:
            part += f" «{file_name}» ({group_digits(str(rows))} {plural(rows, 'строка', 'строки', 'строк')})"
        if set(old_munis) - set(munis):  # the rest of that load stays in use
            part += " в части " + ", ".join(f"«{m}»" for m in old_munis if m in munis)
        parts.append(part)
    if not parts:
        return ""
    many = len(parts) > 1
    if future:
        return ("Файл заменит загрузки " if many else "Файл заменит загрузку ") + "; ".join(parts)
    return ("заменены данные загрузок " if many else "заменены данные загрузки ") + "; ".join(parts)


def _platform_figures_in_a_form(p, con) -> None:
    """A form of effectiveness with a column of a platform's figure («Прошли диагностику «Мои ориентиры»»): loaded
    after the platform's own file, it would put that file out of use for its municipalities — the levels of
    readiness it alone gives gone. The file waits: the figure comes from the platform's file."""
    if p.kind != "effectiveness":
        return
    codes = sorted(set(p.columns.get("indicator_code") or []) - {None})
    families = {schema.source_family(c) for c in codes}
    if "form" not in families:
        return  # (a platform's own file replaces its own)
    munis = sorted(set(p.columns.get("municipality") or []) - {None})
    periods = sorted(set(p.columns.get("period") or [p.period]) - {None})
    names = schema.indicator_names()
    for fam in sorted(families - {"form"}):
        mine = [c for c in codes if schema.source_family(c) == fam]
        for load_id, file_name, old_munis, _rows in db.current_loads(con, p.kind, p.region, periods, munis, mine):
            theirs = {r[0] for r in con.execute("SELECT DISTINCT indicator_code FROM effectiveness_rows WHERE "
                                                "load_id = ?", [load_id]).fetchall()}
            if {schema.source_family(c) for c in theirs} != {fam}:
                continue  # (another form with that column: replaced as forms are)
            hit = [m for m in old_munis if m in munis]
            p.problems.append(Problem(
                p.file_name, None, None, None, None, "platform_figure_in_form",
                f"В форме есть {', '.join(f'«{names.get(c, c)}»' for c in mine)} — показатель, который даёт "
                f"{schema.SOURCE_NAMES_RU[fam]} (загрузка № {load_id} «{file_name}»): форма заменила бы её для "
                f"{', '.join(hit)}, и остальные её показатели пропали бы",
                "Не загружайте этот столбец формы («не загружать» на странице «Загрузка данных» или --map "
                "\"заголовок=-\"): показатель берётся из данных платформы"))


def _indicators_dropped(p, con) -> None:
    """An effectiveness file replacing an earlier one (they share an indicator) without some of its indicators: those
    would leave the pages — said before «Загрузить». (A file of other indicators only is added to the earlier one.) An
    indicator only in rows with errors is not said to replace: loaded without those rows, the file does not."""
    if p.kind != "effectiveness" or not p.replaces:
        return
    cols, n = p.columns, p.n_rows
    periods, munis, codes = (cols.get(f) or [None] * n for f in ("period", "municipality", "indicator_code"))
    keys = sorted({(periods[i] or p.period, munis[i], codes[i]) for i in range(n)  # (rows with errors are not loaded:
                   if codes[i] and munis[i] and i not in p.bad_rows})  # skipped, their indicators replace nothing)
    gone: dict[int, dict[str, list[str]]] = {}  # load -> indicator -> municipalities
    for load_id, muni, lost in indicator_scope.replaced(con, p.region, keys):
        for code in lost:
            gone.setdefault(load_id, {}).setdefault(code, []).append(muni)
    files = {r[0]: r[1] for r in p.replaces}
    names = schema.indicator_names()
    for load_id, lost in sorted(gone.items()):
        where = sorted({m for ms in lost.values() for m in ms})
        p.problems.append(Problem(
            p.file_name, None, None, None, None, "indicators_dropped",
            f"Файл заменит загрузку № {load_id} «{files.get(load_id, '')}» ({', '.join(where)}), а "
            f"{plural(len(lost), 'показателя', 'показателей', 'показателей')} "
            + ", ".join(f"«{names.get(c, c)}»" for c in sorted(lost))
            + " из неё в файле нет: после загрузки "
            + plural(len(lost), "он пропадёт", "они пропадут", "они пропадут") + " со страниц",
            "Если эти показатели по-прежнему верны, добавьте их столбцы в файл. Файл только с другими показателями "
            "(например, вторая таблица листа) не заменяет загруженные, а добавляется к ним", "warning"))
