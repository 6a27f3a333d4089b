"""Submission tracker: for a region and a period, which municipality submitted which form, when, with how
many errors, and which have not yet; the deadline comes from the region's cadence (`etl.periods`)."""
from __future__ import annotations

import io
import json
import tempfile
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from app.fmt import fmt_date, fmt_datetime, fmt_int, lower_first, plural
from etl import acceptance, db, periods
from etl.model import KIND_LABELS_RU

TRACKED_KINDS = ("readiness", "agreements", "events", "effectiveness")  # the roadmap is regional, not municipal
SHORT_RU = {"readiness": "Готовность ОО", "agreements": "Договоры", "events": "Мероприятия",
            "effectiveness": "Эффективность"}
STATE_RU = {"on_time": "сдано", "late": "сдано с опозданием", "missing": "не сдано", "overdue": "просрочено",
            "rejected": "файл отклонён", "rejected_overdue": "файл отклонён, срок прошёл",
            "pending": "на проверке", "pending_late": "сдано с опозданием, на проверке", "returned": "возвращено"}
STATE_COLOURS = {"on_time": "#e3f2e1", "late": "#fff1c7", "missing": "#f3f3f3", "overdue": "#ffd6d6",
                 "rejected": "#ffe3c2", "rejected_overdue": "#ffc9a3", "pending": "#dbe9f7", "pending_late": "#d7dcf5",
                 "returned": "#f1dcf2"}
NOT_SUBMITTED_LATE = ("overdue", "rejected_overdue")
# an accepted form opened again is on review: the monitoring pages (the leadership's too) stop showing it — said on
# the button (a tester saw 15 schools become 10 with no word)
REOPEN_HELP = ("Данные этой формы уйдут со страниц мониторинга (и у руководства) до приёмки исправленной формы: "
               "там останется предыдущая принятая версия, если она есть. Координатор увидит комментарий.")
# the map's colours: strong enough for a tile (the table's pastel ones would not read on a map)
MAP_COLOURS = {"on_time": "#3D7A4C", "late": "#F0C35A", "missing": "#D1D5DB", "overdue": "#A84B52",
               "rejected": "#E8955A", "rejected_overdue": "#B4572A", "pending": "#5B8DC9", "pending_late": "#3F5FA8",
               "returned": "#9B5BA8"}


def regions(db_path) -> pd.DataFrame:
    return db.query_df(db_path, "SELECT code, name, cadence, first_period FROM regions ORDER BY code")


def period_options(db_path, region: str, today: date | None = None) -> list[str]:
    """Periods of the region's cadence from its first monitoring period to the current one, newest first."""
    today = today or date.today()
    r = db.query_df(db_path, "SELECT cadence, first_period FROM regions WHERE code = ?", [region])
    if r.empty:
        return []
    cadence, first = r.iloc[0]["cadence"], r.iloc[0]["first_period"]
    current = periods.period_of_day(today, cadence)
    loaded = db.query_df(db_path, "SELECT DISTINCT period FROM loads WHERE region = ? AND period IS NOT NULL",
                         [region])["period"].tolist()
    opts = set(periods.periods_between(first, current)) if first else {current}
    opts |= {p for p in loaded if periods.is_valid(p) and periods.cadence_of(p) == periods.cadence_of(current)}
    return sorted(opts, key=periods.sort_key, reverse=True)


def default_period(db_path, region: str, options: list[str], today: date | None = None) -> str | None:
    """The newest period up to the current one that already has submissions for the region, else the current one
    (a period that has not begun — a form of it loaded by mistake — is never where the page opens)."""
    have = set(db.query_df(db_path, "SELECT DISTINCT period FROM load_scope WHERE region = ? AND period IS NOT NULL",
                           [region])["period"])
    begun = started(options, today)
    return next((p for p in begun if p in have), (begun or options or [None])[0])


def started(options: list[str], today: date | None = None) -> list[str]:
    """The periods of `options` that have begun (a form of a later one can only be a mistake)."""
    return [p for p in options if periods.period_bounds(p)[0] <= (today or date.today())]


def municipalities(db_path, region: str, period: str) -> list[str]:
    """Municipalities that existed in the period (merged ones drop out after their merger): the dashboard's own
    rule, `queries.active_municipalities`."""
    from app import queries

    db_s = str(db_path)
    return queries.active_municipalities(db_s, queries.version(db_s), region, period)


def submissions(db_path, region: str, period: str) -> pd.DataFrame:
    """One row per (kind, municipality) submitted: first and latest submission, current load, its errors."""
    return db.query_df(db_path, """
        WITH active AS (
            SELECT s.kind, s.municipality, l.load_id, l.loaded_at
            FROM load_scope s JOIN load_log l ON l.load_id = s.load_id
            WHERE s.region = ? AND s.period = ? AND l.status IN ('loaded', 'replaced')),
        agg AS (
            SELECT kind, municipality, min(loaded_at) AS first_at, max(loaded_at) AS last_at,
                   count(DISTINCT load_id) AS versions
            FROM active GROUP BY kind, municipality)
        SELECT g.*, c.load_id AS current_load, l.file_name, l.loaded_by, a.state AS acceptance, a.comment,
               a.last_action,
               acc.load_id AS accepted_load,
               (SELECT count(DISTINCT q."row") FROM quarantine_rows q
                 WHERE q.load_id = c.load_id AND q.severity = 'error') AS error_rows
        FROM agg g
        JOIN current_scope_all c ON c.kind = g.kind AND c.region = ? AND c.period = ?
             AND c.municipality IS NOT DISTINCT FROM g.municipality
        JOIN load_log l ON l.load_id = c.load_id
        JOIN load_acceptance a ON a.load_id = c.load_id
        LEFT JOIN current_scope acc ON acc.kind = g.kind AND acc.region = ? AND acc.period = ?
             AND acc.municipality IS NOT DISTINCT FROM g.municipality""", [region, period, region, period, region, period])


def rejected_files(db_path, region: str, period: str) -> pd.DataFrame:
    """Rejected files of the period, newest first, with the municipalities recognised in each (a list; empty when
    the file could not be read far enough to tell)."""
    df = db.query_df(db_path, """SELECT load_id, file_name, kind, loaded_at, loaded_by, message, details
        FROM load_log WHERE status = 'rejected' AND region = ? AND period = ? ORDER BY load_id DESC""",
                     [region, period])
    df["municipalities"] = [_details_municipalities(d) for d in df.pop("details")]
    return df


def _details_municipalities(details) -> list[str]:
    try:
        found = json.loads(details or "{}").get("municipalities") or []
    except (ValueError, AttributeError):
        return []
    return [m for m in found if isinstance(m, str)]


def rejected_table(rejected: pd.DataFrame) -> pd.DataFrame:
    """The rejected files for the page, in Russian."""
    return pd.DataFrame({
        "№": rejected["load_id"],
        "Файл": rejected["file_name"],
        "Вид формы": [KIND_LABELS_RU.get(k, "не определён") if isinstance(k, str) else "не определён"
                      for k in rejected["kind"]],
        "Муниципалитеты": [", ".join(m) if m else "не определены" for m in rejected["municipalities"]],
        "Когда": [fmt_datetime(t) for t in rejected["loaded_at"]],
        "Кто": rejected["loaded_by"],
        "Итог": rejected["message"],
    })


def deadlines(db_path, region: str, period: str) -> dict[str, date]:
    """kind → its deadline: the campaign's, else the roadmaps' rule (the «по состоянию на» date after the period)."""
    opened = acceptance.campaigns(db_path, region, period)
    return {k: (opened.get(k) or {}).get("deadline") or periods.deadline_for(period) for k in TRACKED_KINDS}


def deadlines_text(db_path, region: str, period: str, today: date | None = None) -> str:
    """«срок сдачи — 15.01.2027 (приём до 20.01.2027)», per form when the forms' campaigns set different dates: what a
    coordinator is told («приём закрыт 20.01.2027» once that day is past)."""
    today = today or date.today()
    opened = acceptance.campaigns(db_path, region, period)
    due = deadlines(db_path, region, period)

    def one(k: str) -> str:
        lock = (opened.get(k) or {}).get("lock_date")
        if not lock:
            return fmt_date(due[k])
        return fmt_date(due[k]) + (f" (приём закрыт {fmt_date(lock)})" if today > lock else
                                   f" (приём до {fmt_date(lock)})")

    texts = {k: one(k) for k in TRACKED_KINDS}
    if len(set(texts.values())) == 1:
        return f"срок сдачи — {texts[TRACKED_KINDS[0]]}"
    return "сроки сдачи: " + "; ".join(f"{SHORT_RU[k]} — {t}" for k, t in texts.items())


def late_text(sent: date, deadline: date) -> str:
    """«с опозданием на 2 дня» of a form sent after its deadline, "" of one sent by it."""
    late = (sent - deadline).days
    return f"с опозданием на {late} {plural(late, 'день', 'дня', 'дней')}" if late > 0 else ""


def matrix(db_path, region: str, period: str, today: date | None = None) -> tuple[pd.DataFrame, pd.DataFrame, date]:
    """(texts, states, deadline): municipalities × forms; states are on_time | late | missing | overdue, and for a
    coordinator's submission pending | returned until the analyst accepts it. `deadline`: the roadmaps' rule (a
    form's campaign may set its own, `deadlines`)."""
    today = today or date.today()
    due = deadlines(db_path, region, period)
    subs = submissions(db_path, region, period)
    munis = sorted(set(municipalities(db_path, region, period)) | {m for m in subs["municipality"] if m})
    by_key = {(r.kind, r.municipality): r for r in subs.itertuples(index=False)}
    refused: dict[tuple[str, str], datetime] = {}  # (kind, municipality) -> when its latest rejected file came
    rej = rejected_files(db_path, region, period)
    for kind, when, found in zip(rej["kind"], rej["loaded_at"], rej["municipalities"]):
        for m in found:
            refused.setdefault((kind, m), pd.Timestamp(when).to_pydatetime())  # newest first
    texts, states = {}, {}
    for k in TRACKED_KINDS:
        col_t, col_s = [], []
        deadline = due[k]
        for m in munis:
            r = by_key.get((k, m))
            if r is None and (k, m) in refused:
                st = "rejected_overdue" if today > deadline else "rejected"
                col_t.append(f"файл отклонён {fmt_date(refused[k, m])}" + (" — срок прошёл" if today > deadline
                                                                            else ""))
            elif r is None:
                st = "overdue" if today > deadline else "missing"
                col_t.append("просрочено" if st == "overdue" else "не сдано")
            else:
                first = pd.Timestamp(r.first_at).to_pydatetime()
                st = "late" if first.date() > deadline else "on_time"
                txt = fmt_date(first)
                if r.versions > 1:
                    txt += f" (версий: {int(r.versions)})"
                err = int(r.error_rows or 0)
                txt += f", строк с ошибками в файле: {err}" if err else ", без ошибок"
                if st == "late":
                    txt += " — " + late_text(first.date(), deadline)
                if r.acceptance in ("pending", "returned") and not pd.isna(r.accepted_load):
                    # an accepted version is what the pages show; the newer one is on review or was sent back
                    txt += (f" — принято; новая версия {'на проверке' if r.acceptance == 'pending' else 'возвращена'}"
                            + (f": {r.comment}" if r.acceptance == "returned" and r.comment else ""))
                elif acceptance.reopened(r.acceptance, r.last_action):  # (accepted, then opened again)
                    st = "returned"
                    txt += " — открыто для исправления" + (f": {r.comment}" if r.comment else "")
                elif r.acceptance == "pending":
                    st = "pending" if st == "on_time" else "pending_late"
                    txt += " — на проверке"
                elif r.acceptance == "returned":
                    st = "returned"
                    txt += f" — возвращено: {r.comment}"
                col_t.append(txt)
            col_s.append(st)
        texts[SHORT_RU[k]] = col_t
        states[SHORT_RU[k]] = col_s
    idx = pd.Index(munis, name="Муниципалитет")
    return pd.DataFrame(texts, index=idx), pd.DataFrame(states, index=idx), periods.deadline_for(period)


# what an analyst compares before accepting a submission: the form's main counts (SQL over its rows)
SUBMISSION_FIGURES = {
    "readiness": [("Школ (ОО)", "count(*)"), ("Обучающихся 6–11 кл.", "sum(students_total)"),
                  ("Охвачено профминимумом", "sum(students_covered)"),
                  ("ОО с педагогами-навигаторами", "count(*) FILTER (WHERE navigators > 0)")],
    "agreements": [("Договоров", "count(*)"), ("ОО с договорами", "count(DISTINCT school_key)")],
    "events": [("Записей об участии", "count(*)"), ("Участников-обучающихся", "sum(students)"),
               ("Родителей", "sum(parents)"), ("Педагогов", "sum(teachers)")],
    "effectiveness": [("Значений показателей", "count(value)"), ("Показателей", "count(DISTINCT indicator_code)")],
}


def submission_figures(db_path, subs: pd.DataFrame, region: str, period: str) -> dict[int, pd.DataFrame]:
    """load id → «Показатель», «В сданной форме», «Принято сейчас»: each coordinator's submission of `subs`
    (`acceptance.submissions`) beside what the monitoring pages show now for its municipalities (the accepted
    version, if any) and, for a correction of a form opened for correction, beside that form («Принято раньше
    (№ N, открыто для исправления)») — what the analyst checks before accepting. One connection and three queries
    per form for all the submissions (the acceptance list is drawn on every rerun of the tracker)."""
    out: dict[int, pd.DataFrame] = {}
    with db.read_connection(db_path) as con:
        for kind, group in subs.groupby("kind", sort=False):
            measures = SUBMISSION_FIGURES.get(kind, [])
            ids = [int(x) for x in group["load_id"]]
            sel = ", ".join(f"{expr} AS m{i}" for i, (_label, expr) in enumerate(measures))
            if not measures:
                out.update({i: pd.DataFrame(columns=["Показатель", "В сданной форме", "Принято сейчас"])
                            for i in ids})
                continue
            new = con.execute(f"SELECT load_id AS sub_id, {sel} FROM {db.TABLE_OF_KIND[kind]} "
                              "WHERE list_contains(?::BIGINT[], load_id) GROUP BY load_id", [ids]).df()
            pairs = [(i, m.strip()) for i, munis in zip(ids, group["municipalities"])
                     for m in (munis or "").split(",") if m.strip()]
            now = con.execute(
                f"SELECT s.sub_id, {sel} FROM main.{db.VIEW_OF_KIND[kind]} v "
                "JOIN (SELECT unnest(?::BIGINT[]) AS sub_id, unnest(?::VARCHAR[]) AS sub_muni) s "
                "ON v.municipality = s.sub_muni WHERE v.region = ? AND v.period = ? GROUP BY s.sub_id",
                [[i for i, _m in pairs], [m for _i, m in pairs], region, period]).df()
            # a correction of a form opened for correction: its figures beside those of the version it corrects (the
            # pages no longer show that one: «Принято сейчас» is empty)
            was = con.execute(
                f"""WITH s AS (SELECT unnest(?::BIGINT[]) AS sub_id, unnest(?::VARCHAR[]) AS sub_muni),
                    w AS (SELECT s.sub_id, max(o.load_id) AS was_id FROM s
                          JOIN load_scope o ON o.kind = ? AND o.region = ? AND o.period = ?
                            AND o.municipality = s.sub_muni AND o.load_id < s.sub_id
                          JOIN load_acceptance a ON a.load_id = o.load_id AND a.last_action = 'reopened'
                          JOIN load_log l ON l.load_id = o.load_id AND l.status IN ('loaded', 'replaced')
                          GROUP BY s.sub_id)
                    SELECT w.sub_id, w.was_id, {sel} FROM w JOIN s ON s.sub_id = w.sub_id
                    JOIN {db.TABLE_OF_KIND[kind]} v ON v.load_id = w.was_id AND v.municipality = s.sub_muni
                    GROUP BY w.sub_id, w.was_id""",
                [[i for i, _m in pairs], [m for _i, m in pairs], kind, region, period]).df()
            new, now, was = new.set_index("sub_id"), now.set_index("sub_id"), was.set_index("sub_id")

            def shown(df: pd.DataFrame, load_id: int, i: int) -> str:
                v = df.at[load_id, f"m{i}"] if load_id in df.index else None
                return "—" if v is None or pd.isna(v) else fmt_int(int(v))

            for load_id in ids:
                out[load_id] = pd.DataFrame({
                    "Показатель": [label for label, _e in measures],
                    "В сданной форме": [shown(new, load_id, i) for i in range(len(measures))],
                    "Принято сейчас": [shown(now, load_id, i) for i in range(len(measures))]})
                if load_id in was.index:
                    out[load_id][f"Принято раньше (№ {int(was.at[load_id, 'was_id'])}, открыто для исправления)"] = [
                        shown(was, load_id, i) for i in range(len(measures))]
    return out


def styled(texts: pd.DataFrame, states: pd.DataFrame):
    """A Styler that colours each cell by its state (overdue red, late amber, submitted green)."""
    css = states.map(lambda s: f"background-color: {STATE_COLOURS[s]}"
                     + ("; font-weight: 600" if s in NOT_SUBMITTED_LATE else ""))
    return texts.style.apply(lambda _: css, axis=None)


def summary(states: pd.DataFrame) -> dict[str, tuple[int, int, int, int]]:
    """form label -> (submitted, expected, overdue, on time): the reporting rate is submitted / expected, the
    on-time rate on time / expected (as DHIS2's reporting-rate summary); a submission on review counts as
    submitted (and on time when it came by the deadline), a returned one does not."""
    out = {}
    for col in states.columns:
        s = states[col]
        out[col] = (int(s.isin(["on_time", "late", "pending", "pending_late"]).sum()), len(s),
                    int(s.isin(NOT_SUBMITTED_LATE).sum()), int(s.isin(["on_time", "pending"]).sum()))
    return out


MAP_TILE_RU = {"on_time": "сдано", "late": "поздно", "missing": "не сдано", "overdue": "просрочено",
               "rejected": "отклонён", "rejected_overdue": "отклонён", "pending": "проверка",
               "pending_late": "проверка", "returned": "возврат"}  # what fits on a tile (the colour tells)


def state_map(region: str, states: pd.DataFrame, form: str):
    """The tile map of who has sent `form` (a column of `states`): a tile per municipality in its state's colour."""
    from app import tilemap

    data = pd.DataFrame({"municipality": states.index, "state": states[form].values})
    palette = {k: (MAP_COLOURS[k], MAP_TILE_RU[k], STATE_RU[k]) for k in STATE_RU}
    return tilemap.tile_figure(data, region, "state", percent=False, thresholds=None, value_label=form,
                               palette=palette)


@st.cache_data(max_entries=64, show_spinner=False)
def state_map_dict(region: str, munis: tuple, states: tuple, form: str) -> dict:
    """`state_map` as a plain dict, cached by what it shows: building a region's tiles costs ~0,4 s, and the page
    reruns on every click."""
    return state_map(region, pd.DataFrame({form: list(states)}, index=list(munis)), form).to_plotly_json()


def matrix_xlsx(texts: pd.DataFrame, region_name: str, period_label: str, states: pd.DataFrame | None = None,
                deadlines_said: str = "") -> bytes:
    """The submission matrix as an xlsx (a municipality per row, a form per column), each cell in its state's colour
    as on the page, the deadlines beside the filters."""
    from app.xlsx import to_xlsx

    fills = None
    if states is not None:
        fills = states.loc[texts.index, texts.columns].map(lambda s: STATE_COLOURS.get(s, ""))
        fills.insert(0, "Муниципалитет", "")
    return to_xlsx(texts.rename_axis("Муниципалитет").reset_index(), "Сдача форм",
                   f"{region_name} · {period_label}" + (f" · {deadlines_said}" if deadlines_said else ""),
                   fills=None if fills is None else fills.reset_index(drop=True))


def blank_forms_zip(region_code: str | None = None) -> bytes:
    """ZIP of the blank forms of every kind (`etl forms`)."""
    from etl.blank_forms import write_blank_forms

    with tempfile.TemporaryDirectory(prefix="monitoring_forms_") as d:
        paths = write_blank_forms(Path(d), region_code=region_code)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for p in paths:
                z.write(p, arcname=Path(p).relative_to(d).as_posix() if Path(p).is_relative_to(d) else Path(p).name)
        return buf.getvalue()


def prefilled_form(db_path, region_code: str, municipality: str, period: str) -> tuple[bytes, str, int]:
    """(xlsx bytes, file name, schools listed) of one municipality's readiness form for a period, its schools from
    its latest earlier period already listed and the numbers empty (`etl forms --municipality`)."""
    from etl.blank_forms import latest_schools, write_prefilled

    schools = latest_schools(db_path, region_code, municipality, period)
    with tempfile.TemporaryDirectory(prefix="monitoring_prefilled_") as d:
        path = write_prefilled(Path(d), region_code, municipality, period, schools)
        return path.read_bytes(), path.name, len(schools)


def stamp() -> str:
    return datetime.now().strftime("%Y%m%d")


def waiting_elsewhere(subs: pd.DataFrame, period: str) -> str:
    """«IV квартал 2024 г. — № 109 (Лобня, договоры)»: the submissions waiting for acceptance in other periods than
    the one shown, by period (newest first); "" when none."""
    if subs.empty:
        return ""
    rest = subs[(subs["state"] == "pending") & (subs["period"] != period)]
    parts = []
    for p, g in sorted(rest.groupby("period"), key=lambda x: x[0], reverse=True):
        shown = ", ".join(f"№ {int(r.load_id)} ({r.municipalities or '—'}, "
                          f"{lower_first(KIND_LABELS_RU.get(r.kind, r.kind))})" for r in g.itertuples(index=False))
        parts.append(f"{periods.period_label_ru(p)} — {shown}")
    return "; ".join(parts)
