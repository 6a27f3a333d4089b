"""Two-level acceptance of submissions (as DHIS2's data approval) and reporting campaigns.

A municipal coordinator's load is «submitted» (на проверке); the regional analyst accepts it or returns it with
a comment the coordinator sees; an accepted submission may be reopened. The monitoring pages show accepted data
(the views of schema main, etl/db.py); a load nobody submitted for acceptance (an analyst's own) is accepted as
it loads. Every action goes to `acceptance_log` and to the audit log shown in «История загрузок».

A campaign is a form of a region for a period opened by an analyst with its deadline and, optionally, a lock
date after which coordinators' submissions are refused until the analyst moves it.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from etl import db, periods
from etl.model import KIND_LABELS_RU, LOAD_STATUS_RU

STATE_RU = {"pending": "на проверке", "returned": "возвращено", "accepted": "принято",
            # a submission a newer one of the same coordinator replaced before any decision: nothing to decide
            "superseded": "заменено новой сдачей",
            # one the analyst rolled back (its coordinator still sees it in «Мои сдачи», said so)
            "rolled_back": "отменено аналитиком: данные убраны со страниц мониторинга"}
ACTION_RU = {"submitted": "сдано на проверку", "accepted": "принято", "returned": "возвращено на доработку",
             "reopened": "открыто для исправления"}
REOPENED_RU = "открыто для исправления: сдайте исправленную форму"


def reopened(state: str, last_action: str | None) -> bool:
    """An accepted submission the analyst opened for correction (it is «на проверке» again, with a comment)."""
    return state == "pending" and last_action == "reopened"


def state_text(state: str, last_action: str | None = None, rolled_back_at=None, analyst: bool = False) -> str:
    """A submission's state in Russian; one the analyst opened for correction says what the coordinator is to do
    (to the analyst, and where the instruction follows: what it is), one rolled back when."""
    if state == "rolled_back" and rolled_back_at is not None and rolled_back_at == rolled_back_at:
        return STATE_RU[state].replace(":", f" {rolled_back_at:%d.%m.%Y}:", 1)
    if reopened(state, last_action):
        return ACTION_RU["reopened"] if analyst else REOPENED_RU
    return STATE_RU[state]


# what may follow each state: the analyst's decisions
ALLOWED = {"pending": ("accepted", "returned"), "accepted": ("reopened",), "returned": ()}


class AcceptanceError(ValueError):
    """A decision that cannot be taken (Russian message)."""


def record(con, load_id: int, action: str, who: str, comment: str = "") -> None:
    """One action on a load, in the caller's transaction (also in the audit log)."""
    con.execute("INSERT INTO acceptance_log VALUES (?, ?, ?, ?, ?)", [load_id, action, who, datetime.now(), comment])
    db.audit(con, who, action, load_id, f"Загрузка № {load_id}: {ACTION_RU[action]}" + (f" — {comment}" if comment
                                                                                          else ""))


def state(db_path, load_id: int) -> str | None:
    with db.read_connection(db_path) as con:
        row = db.one(con, "SELECT state FROM load_acceptance WHERE load_id = ?", [load_id])
    return row[0] if row else None


def decide(db_path, load_id: int, action: str, who: str, comment: str = "") -> str:
    """The analyst's decision on a submission: accepted, returned (a comment is required) or reopened."""
    comment = (comment or "").strip()
    if action == "returned" and not comment:
        raise AcceptanceError("Напишите, что исправить: комментарий увидит муниципальный координатор")
    with db.write_connection(db_path) as con:
        row = db.one(con, """SELECT a.state, l.status, l.file_name FROM load_acceptance a
                             JOIN load_log l USING (load_id) WHERE load_id = ?""", [load_id])
        if row is None:
            raise AcceptanceError(f"Загрузка № {load_id} не найдена")
        st, status, name = row
        if status not in ("loaded", "replaced"):
            raise AcceptanceError(f"Загрузка № {load_id} («{name}») не действует (её статус — "
                                  f"«{LOAD_STATUS_RU.get(status, status)}»)")
        if status == "replaced" and st == "pending":
            st = "superseded"  # (deciding on it would publish an outdated version)
        if action not in ALLOWED.get(st, ()):
            raise AcceptanceError(f"Загрузка № {load_id} («{name}») {STATE_RU[st]}: действие «{ACTION_RU[action]}» "
                                  "к ней не применимо")
        con.execute("BEGIN TRANSACTION")
        try:
            record(con, load_id, action, who, comment)
            db.refresh_statuses(con)  # (an accepted version stays current while a newer one is on review)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return f"«{name}»: {ACTION_RU[action]}"


def submissions(db_path, region: str, period: str | None = None, municipalities: list[str] | None = None,
                rolled_back: bool = False):
    """Coordinators' submissions with their acceptance, newest first: load, form, municipalities, file, who and
    when, state, the last decision's author and comment, rows with warnings, where the original is archived;
    `rolled_back`: those the analyst rolled back too (state «rolled_back», with `rolled_back_at`) — a coordinator's
    own list never loses a form they sent."""
    statuses = "'loaded', 'replaced', 'rolled_back'" if rolled_back else "'loaded', 'replaced'"
    conds, params = ["l.region = ?", f"l.status IN ({statuses})",
                     "l.load_id IN (SELECT load_id FROM acceptance_log)"], [region]
    if period:
        conds.append("l.period = ?")
        params.append(period)
    if municipalities is not None:
        conds.append("EXISTS (SELECT 1 FROM load_scope s WHERE s.load_id = l.load_id "
                     "AND list_contains(?::VARCHAR[], s.municipality))")
        params.append(list(municipalities))
    return db.query_df(db_path, f"""
        SELECT l.load_id, l.kind, l.period, l.file_name, l.loaded_by, l.loaded_at, l.rows_loaded,
               CASE WHEN l.status = 'rolled_back' THEN 'rolled_back'
                    WHEN l.status = 'replaced' AND a.state = 'pending' THEN 'superseded' ELSE a.state END AS state,
               (SELECT max(happened_at) FROM audit_log u WHERE u.load_id = l.load_id AND u.action = 'rollback')
                 AS rolled_back_at,
               a.who AS decided_by, a.happened_at AS decided_at, a.comment, a.last_action, l.archive_path,
               (SELECT string_agg(DISTINCT s.municipality, ', ' ORDER BY s.municipality) FROM load_scope s
                 WHERE s.load_id = l.load_id) AS municipalities,
               (SELECT count(DISTINCT q."row") FROM quarantine_rows q
                 WHERE q.load_id = l.load_id AND q.severity = 'warning') AS warning_rows
        FROM load_log l JOIN load_acceptance a USING (load_id)
        WHERE {" AND ".join(conds)} ORDER BY l.load_id DESC""", params)


def to_correct(subs):
    """The submissions of `submissions` a coordinator is to correct now: returned or opened for correction, with no
    newer version of the same form and period sent since."""
    active = subs[subs["state"] != "rolled_back"] if not subs.empty else subs
    if active.empty:
        return active
    newest = active.groupby(["kind", "period", "municipalities"], dropna=False)["load_id"].transform("max")
    waiting = active["state"].eq("returned") | active["state"].combine(active["last_action"], reopened)
    return active[waiting & (active["load_id"] == newest)]


def earlier_copy(db_path, sha256: str) -> tuple[int, str, str] | None:
    """(load id, state, the last comment) of an active submission of the very same file, if any."""
    with db.read_connection(db_path) as con:
        lid = db.find_duplicate(con, sha256)
        row = None if lid is None else db.one(con, "SELECT state, comment FROM load_acceptance WHERE load_id = ?",
                                              [lid])
    return None if row is None else (int(lid), row[0], row[1] or "")


def original_file(archive_path) -> Path | None:
    """The archived original of a load (its `archive_path` in load_log, as `submissions` gives it), if it was
    kept and is there."""
    if not isinstance(archive_path, str) or not archive_path:
        return None
    p = Path(archive_path)
    return p if p.is_file() else None


# --- campaigns --------------------------------------------------------------------------------------------

def open_campaign(db_path, kind: str, region: str, period: str, deadline: date, who: str,
                  lock_date: date | None = None) -> str:
    """Open (or change) the campaign of a form for a region and period."""
    if lock_date is not None and lock_date < deadline:
        raise AcceptanceError("Дата закрытия приёма не может быть раньше срока сдачи")
    with db.write_connection(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM campaigns WHERE kind = ? AND region = ? AND period = ?", [kind, region, period])
            con.execute("INSERT INTO campaigns VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [kind, region, period, deadline, lock_date, who, datetime.now()])
            msg = (f"Кампания «{KIND_LABELS_RU.get(kind, kind)}», {periods.period_label_ru(period)}: срок "
                   f"{deadline:%d.%m.%Y}" + (f", приём закрывается {lock_date:%d.%m.%Y}" if lock_date else ""))
            db.audit(con, who, "campaign", None, msg)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return msg


def campaigns(db_path, region: str, period: str) -> dict[str, dict]:
    """kind → {deadline, lock_date (a date or None), opened_by, opened_at} of the campaigns opened for a region and
    period."""
    try:
        with db.read_connection(db_path) as con:
            cur = con.execute("SELECT kind, deadline, lock_date, opened_by, opened_at FROM campaigns "
                              "WHERE region = ? AND period = ?", [region, period])
            rows = cur.fetchall()
    except Exception:  # noqa: BLE001 - an older database: no campaigns yet
        return {}
    return {k: {"deadline": d, "lock_date": lock, "opened_by": who, "opened_at": at} for k, d, lock, who, at in rows}


def locked(db_path: Path | str, kind: str, region: str, period: str, today: date | None = None) -> date | None:
    """The lock date, if the campaign's reception is closed on `today`."""
    lock = (campaigns(db_path, region, period).get(kind) or {}).get("lock_date")
    return lock if lock is not None and (today or date.today()) > lock else None
