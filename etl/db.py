"""DuckDB storage: schema, contract views, serialised writes, transactional commit of a prepared file.

Base tables keep every version of every submission; the contract views show only the current one.
A submission's scope is (kind, region, period, municipality); for every scope key the newest active
load wins, so a new file for the same kind, period and municipalities replaces the previous one,
which stays in history (status 'replaced') and comes back if the new one is rolled back.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator

import duckdb
import numpy as np  # the load path hands DuckDB numpy arrays; imported with duckdb, ahead of the write

from etl import config, indicator_scope, reference
from etl.model import LOAD_STATUS_RU
from etl.model import DatabaseBusy  # noqa: F401  (raised here; defined in model so catching it is cheap)

SCHEMA_VERSION = 1

# Columns of the data tables, in contract order (after load_id, period, region, municipality).
DATA_COLUMNS = {
    "readiness": [
        ("school_name", "VARCHAR"),
        ("school_inn", "VARCHAR"),
        ("level", "VARCHAR"),
        ("responsible_appointed", "BOOLEAN"),
        ("plan_approved", "BOOLEAN"),
        ("students_total", "BIGINT"),
        ("students_covered", "BIGINT"),
        ("navigators", "BIGINT"),
        ("bvb_registered", "BOOLEAN"),
    ],
    "agreements": [
        ("school_name", "VARCHAR"),
        ("partner_type", "VARCHAR"),
        ("partner_name", "VARCHAR"),
        ("agreement_no", "VARCHAR"),
        ("signed_on", "DATE"),
    ],
    "events": [
        ("school_name", "VARCHAR"),
        ("event", "VARCHAR"),
        ("event_level", "VARCHAR"),
        ("event_date", "DATE"),
        ("students", "BIGINT"),
        ("parents", "BIGINT"),
        ("teachers", "BIGINT"),
        ("event_text", "VARCHAR"),  # the event as the form names it («Профпробы в ГБПОУ МО «Дмитровский техникум»»)
    ],
    "effectiveness": [
        ("school_name", "VARCHAR"),
        ("indicator_code", "VARCHAR"),
        ("value", "DOUBLE"),
    ],
}
# columns a database made before them gets at its next start (at the end of its table)
ADDED_LATER = {"events": [("event_text", "VARCHAR")],
               "roadmap": [("status_text", "VARCHAR"), ("as_of", "DATE"), ("done_on", "DATE")]}
ROADMAP_COLUMNS = [
    ("section", "VARCHAR"),
    ("item_no", "VARCHAR"),
    ("measure", "VARCHAR"),
    ("deadline_text", "VARCHAR"),
    ("deadline", "DATE"),
    ("executors", "VARCHAR"),
    ("planned_result", "VARCHAR"),
    ("status", "VARCHAR"),
    ("evidence", "VARCHAR"),
    ("status_text", "VARCHAR"),  # the status as the executor wrote it («выполнено частично: обучено 98 педагогов»)
    ("as_of", "DATE"),  # the day the report is as of («по состоянию на 02.10.2023»); NULL for a plan
    ("done_on", "DATE"),  # the day a measure was done, as the report says («Срок (факт)»)
]
TABLE_OF_KIND = {
    "readiness": "readiness_rows",
    "agreements": "agreement_rows",
    "events": "event_rows",
    "effectiveness": "effectiveness_rows",
    "roadmap": "roadmap_rows",
}
VIEW_OF_KIND = {
    "readiness": "readiness",
    "agreements": "agreements",
    "events": "event_participation",
    "effectiveness": "effectiveness",
    "roadmap": "roadmap_items",
}
SOURCE_COLUMNS = [("source_file", "VARCHAR"), ("source_sheet", "VARCHAR"), ("source_row", "INTEGER")]


def fill_school_keys(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Write the name key (etl/school_key.py, the one definition) of the table's rows that have none (a database made
    before the column) or another (one written before the key's definition changed: look-alike Latin letters, long
    legal forms written short). Forms of one period name a school in their own way («МБОУ СОШ №1» in the agreements,
    «Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»» in the readiness
    form): every join of one form's schools to another's is on this key, written at load into the data tables'
    `school_key` column (`insert_rows`). Runs when the schema's fingerprint changes (the forms file is part of it)."""
    # keyed once per distinct name and joined back (a function called per row took 1,8 s over a million rows even
    # when no key changed; this, 0,1 s)
    names = [r[0] for r in con.execute(f"SELECT DISTINCT school_name FROM {table} "
                                       "WHERE school_name IS NOT NULL").fetchall()]
    if not names:  # a new database (and no pa.array: it imports pandas, a third of a second)
        return
    keys = _school_keys(np.array(names, dtype=object)).tolist()
    con.execute(f"UPDATE {table} SET school_key = _keys.k FROM (SELECT unnest(?::VARCHAR[]) AS n, "
                f"unnest(?::VARCHAR[]) AS k) AS _keys WHERE {table}.school_name = _keys.n "
                f"AND {table}.school_key IS DISTINCT FROM _keys.k", [names, keys])


def _data_table_ddl(kind: str) -> list[str]:
    """The kind's base table; its `school_key` (the school name's key, written at load: `insert_rows`) comes last,
    where a database made before it got the column (added and filled here for such a database)."""
    cols = [("load_id", "INTEGER NOT NULL"), ("period", "VARCHAR"), ("region", "VARCHAR"),
            ("municipality", "VARCHAR")] + DATA_COLUMNS[kind] + SOURCE_COLUMNS + [("school_key", "VARCHAR")]
    body = ",\n  ".join(f"{n} {t}" for n, t in cols)
    t = TABLE_OF_KIND[kind]
    return [f"CREATE TABLE IF NOT EXISTS {t} (\n  {body}\n)",
            f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS school_key VARCHAR",
            *(f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS {n} {ty}" for n, ty in ADDED_LATER.get(kind, ()))]


def _schema_sql() -> list[str]:
    stmts = [
        "CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1",
        """CREATE TABLE IF NOT EXISTS load_log (
          load_id INTEGER PRIMARY KEY,
          file_name VARCHAR, sha256 VARCHAR, kind VARCHAR, period VARCHAR, region VARCHAR,
          status VARCHAR, rows_loaded INTEGER, rows_rejected INTEGER,
          loaded_at TIMESTAMP, loaded_by VARCHAR, message VARCHAR,
          archive_path VARCHAR, layout VARCHAR, details JSON
        )""",
        """CREATE TABLE IF NOT EXISTS load_scope (
          load_id INTEGER, kind VARCHAR, region VARCHAR, period VARCHAR, municipality VARCHAR
        )""",
        """CREATE TABLE IF NOT EXISTS quarantine_rows (
          load_id INTEGER, sheet VARCHAR, "row" INTEGER, column_name VARCHAR, value VARCHAR,
          rule VARCHAR, message VARCHAR, hint VARCHAR, severity VARCHAR
        )""",
        """CREATE TABLE IF NOT EXISTS audit_log (
          happened_at TIMESTAMP, who VARCHAR, action VARCHAR, load_id INTEGER, message VARCHAR
        )""",
        # a municipal coordinator's submission and the analyst's decisions on it (etl/acceptance.py)
        """CREATE TABLE IF NOT EXISTS acceptance_log (
          load_id INTEGER, action VARCHAR, who VARCHAR, happened_at TIMESTAMP, comment VARCHAR
        )""",
        # a reporting campaign: a form of a region for a period, with its deadline and lock date
        """CREATE TABLE IF NOT EXISTS campaigns (
          kind VARCHAR, region VARCHAR, period VARCHAR, deadline DATE, lock_date DATE, opened_by VARCHAR,
          opened_at TIMESTAMP
        )""",
        "CREATE SCHEMA IF NOT EXISTS pending",
        "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    ]
    stmts += [s for k in DATA_COLUMNS for s in _data_table_ddl(k)]
    rcols = [("load_id", "INTEGER NOT NULL"), ("region", "VARCHAR")] + ROADMAP_COLUMNS + SOURCE_COLUMNS
    stmts.append("CREATE TABLE IF NOT EXISTS roadmap_rows (\n  "
                 + ",\n  ".join(f"{n} {t}" for n, t in rcols) + "\n)")
    stmts += [f"ALTER TABLE roadmap_rows ADD COLUMN IF NOT EXISTS {n} {t}" for n, t in ADDED_LATER["roadmap"]]
    # Where each load stands in acceptance: a coordinator's submission is «pending» until the analyst accepts or
    # returns it; a load nobody submitted for acceptance (an analyst's own, the CLI's, the demo's) is accepted.
    stmts.append("""CREATE OR REPLACE VIEW load_acceptance AS
        SELECT l.load_id,
               CASE a.action WHEN 'submitted' THEN 'pending' WHEN 'reopened' THEN 'pending'
                             WHEN 'returned' THEN 'returned' ELSE 'accepted' END AS state,
               a.who, a.happened_at, a.comment, a.action AS last_action
        FROM load_log l
        LEFT JOIN (SELECT load_id, arg_max(action, rowid) AS action, arg_max(who, rowid) AS who,
                          max(happened_at) AS happened_at, arg_max(comment, rowid) AS comment
                   FROM acceptance_log GROUP BY load_id) a ON a.load_id = l.load_id""")
    # The current load of every scope key: newest active load (`current_scope_all`, whatever its acceptance),
    # newest accepted one (`current_scope`: what the monitoring pages show).
    stmts.append("""CREATE OR REPLACE VIEW current_scope_all AS
        SELECT s.kind, s.region, s.period, s.municipality, max(s.load_id) AS load_id
        FROM load_scope s JOIN load_log l ON l.load_id = s.load_id
        WHERE l.status IN ('loaded', 'replaced')
        GROUP BY ALL""")
    # ... and what «включая непринятые» shows (`current_scope_review`): the newest version not returned to its
    # coordinator (accepted or on review) — a version sent back for correction never hides an accepted one —, and a
    # returned one only where nothing else was sent
    stmts.append("""CREATE OR REPLACE VIEW current_scope_review AS
        SELECT s.kind, s.region, s.period, s.municipality,
               coalesce(max(s.load_id) FILTER (WHERE a.state <> 'returned'), max(s.load_id)) AS load_id
        FROM load_scope s JOIN load_log l ON l.load_id = s.load_id
        JOIN load_acceptance a ON a.load_id = s.load_id
        WHERE l.status IN ('loaded', 'replaced')
        GROUP BY ALL""")
    stmts.append("""CREATE OR REPLACE VIEW current_scope AS
        SELECT s.kind, s.region, s.period, s.municipality, max(s.load_id) AS load_id
        FROM load_scope s JOIN load_log l ON l.load_id = s.load_id
        JOIN load_acceptance a ON a.load_id = s.load_id
        WHERE l.status IN ('loaded', 'replaced') AND a.state = 'accepted'
        GROUP BY ALL""")
    # Effectiveness: the current load of each indicator of a municipality and period (etl/indicator_scope.py)
    stmts.append(indicator_scope.TABLE)
    stmts += indicator_scope.views()
    # the data views: accepted data (schema main); the same over every submission, accepted or not (schema
    # pending: the pages' «включая непринятые» reads them first, SET search_path = 'pending,main')
    for schema, scope in (("main", "current_scope"), ("pending", "current_scope_review")):
        for kind in DATA_COLUMNS:
            t, v = TABLE_OF_KIND[kind], VIEW_OF_KIND[kind]
            if kind == "effectiveness":
                ind = scope.replace("current_scope", "current_indicator_scope")
                stmts.append(f"""CREATE OR REPLACE VIEW {schema}.{v} AS
                    SELECT d.* FROM main.{t} d
                    JOIN main.{ind} c ON c.load_id = d.load_id AND {indicator_scope.same("c", "d")}""")
                continue
            stmts.append(f"""CREATE OR REPLACE VIEW {schema}.{v} AS
                SELECT d.* FROM main.{t} d
                JOIN main.{scope} c ON c.kind = '{kind}' AND c.load_id = d.load_id
                  AND c.region IS NOT DISTINCT FROM d.region AND c.period IS NOT DISTINCT FROM d.period
                  AND c.municipality IS NOT DISTINCT FROM d.municipality""")
        stmts.append(f"""CREATE OR REPLACE VIEW {schema}.roadmap_items AS
            SELECT r.region, r.section, r.item_no, r.measure, r.deadline_text, r.deadline, r.executors,
                   r.planned_result, r.status, r.status_text, r.evidence, r.as_of, r.done_on, r.load_id, r.source_file,
                   r.source_sheet, r.source_row
            FROM main.roadmap_rows r
            JOIN main.{scope} c ON c.kind = 'roadmap' AND c.load_id = r.load_id
              AND c.region IS NOT DISTINCT FROM r.region""")
    stmts.append("CREATE OR REPLACE VIEW pending.current_scope AS SELECT * FROM main.current_scope_review")
    # The registry of schools: every school seen in a readiness form, identified by its INN, else by its name
    # (its `school_key`: lower case, ё → е, runs of other signs → one space) within its municipality; its
    # latest name, INN and level, and the periods it reported in.
    stmts.append(f"""CREATE OR REPLACE VIEW school_registry AS
        WITH s AS (
          SELECT region, municipality, period, school_name, school_inn, level,
                 CASE WHEN coalesce(school_inn, '') <> '' THEN 'inn:' || school_inn
                      ELSE 'name:' || school_key END AS school_key
          FROM readiness WHERE school_name IS NOT NULL)
        SELECT region, municipality, school_key, arg_max(school_name, period) AS school_name,
               arg_max(school_inn, period) AS school_inn, arg_max(level, period) AS level,
               min(period) AS first_period, max(period) AS last_period, count(DISTINCT period) AS periods
        FROM s GROUP BY region, municipality, school_key""")
    stmts.append("""CREATE OR REPLACE VIEW loads AS
        SELECT load_id, file_name, sha256, kind, period, region, status, rows_loaded, rows_rejected,
               loaded_at, loaded_by, message, archive_path FROM load_log""")
    stmts.append("""CREATE OR REPLACE VIEW quarantine AS
        SELECT load_id, sheet, "row", column_name, value, rule, message, hint, severity FROM quarantine_rows""")
    stmts.append("""CREATE OR REPLACE VIEW data_version AS
        SELECT coalesce(max(load_id), 0) * 1000003
             + (SELECT count(*) FROM audit_log) AS version FROM load_log""")
    return stmts


REFERENCE_TABLES = {  # view name -> reference csv; copied into the database so any DuckDB client can join them
    "regions": "regions.csv",
    "municipalities": "municipalities.csv",
    "indicators": "indicators.csv",
    "thresholds": "thresholds.csv",
    "school_name_forms": "school_name_forms.csv",  # (the schools' name keys are made with it: etl/school_key.py)
}


def sync_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the reference catalogues (data/reference/*.csv) into ref_* tables exposed as views."""
    for view, fname in REFERENCE_TABLES.items():
        path = config.REFERENCE_DIR / fname
        if not path.exists():
            continue
        # read as every reader of the catalogues reads them (an analyst's line without its trailing «,,,,» is
        # whole; a file that cannot be read is said as such, never as a broken database)
        # (a plain insert of a few hundred short rows: an Arrow table here cost 0,17 s and 70 MB at start-up)
        header, rows = reference.header(fname), reference.rows(fname)
        names = ", ".join('"' + h.replace('"', '""') + '" VARCHAR' for h in header)
        con.execute(f"CREATE OR REPLACE TABLE ref_{view} ({names})")
        if rows:  # (one statement: executemany runs one per row)
            one = "(" + ", ".join("?" * len(header)) + ")"
            con.execute(f"INSERT INTO ref_{view} VALUES " + ", ".join([one] * len(rows)),
                        [r.get(h) or None for r in rows for h in header])
        con.execute(f"CREATE OR REPLACE VIEW {view} AS SELECT * FROM ref_{view}")


def _schema_fingerprint() -> str:
    """What the schema and the copied catalogues are made from: the DDL and the reference files' bytes."""
    import hashlib

    h = hashlib.sha256(str(SCHEMA_VERSION).encode())
    for stmt in _schema_sql():
        h.update(stmt.encode())
    for view, fname in REFERENCE_TABLES.items():
        path = config.REFERENCE_DIR / fname
        h.update(f"\0{view}\0{path}\0".encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0missing")
    return h.hexdigest()


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the schema and copy the catalogues; a no-op when the database already has this very schema."""
    fp = _schema_fingerprint()
    try:
        row = one(con, "SELECT value FROM meta WHERE key = 'schema_fingerprint'")
    except duckdb.CatalogException:  # a new database
        row = None
    if row is not None and row[0] == fp:
        return
    claims_new = not con.execute("SELECT 1 FROM duckdb_tables() WHERE table_name = 'indicator_claims' "
                                 "AND schema_name = 'main'").fetchall()
    for s in _schema_sql():
        con.execute(s)
    if claims_new:  # a database made when a load replaced a whole source family: what each load put out of use
        indicator_scope.backfill(con)
    for kind in DATA_COLUMNS:
        fill_school_keys(con, TABLE_OF_KIND[kind])
    sync_reference(con)
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
    con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_fingerprint', ?)", [fp])




def ensure_schema(db: Path | str | None = None) -> int | None:
    """Create the database or bring its schema up to date now, unless another writer holds it (then the next
    write_connection does it): lets a load prepare the database while its file is being read.

    Returns the database file's modification time (ns) when no file has been loaded into it yet (None otherwise):
    while the file keeps that time and has no write-ahead log, there is nothing to compare a new file with
    (`unchanged_since`)."""
    path = Path(db or config.db_path())
    with write_connection(path, timeout=0) as con:
        empty = one(con, "SELECT count(*) FROM load_log WHERE status IN ('loaded', 'replaced')")[0] == 0
    return path.stat().st_mtime_ns if empty else None


def unchanged_since(db: Path | str | None, mtime_ns: int | None) -> bool:
    """Whether the database file is as it was at `mtime_ns` (nothing written since, no write-ahead log)."""
    path = Path(db or config.db_path())
    try:
        return mtime_ns is not None and path.stat().st_mtime_ns == mtime_ns \
            and not Path(str(path) + ".wal").exists()
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------
# Connections

def _lock_path(db: Path) -> Path:
    return Path(str(db) + ".lock")


@contextlib.contextmanager
def write_lock(db: Path | str, timeout: float | None = None) -> Iterator[None]:
    """Inter-process write lock: writers queue up instead of failing on DuckDB's file lock."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    timeout = config.lock_timeout() if timeout is None else timeout
    fd = os.open(_lock_path(db), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"База данных «{db.name}» занята другой загрузкой более {timeout:.0f} с. "
                        "Повторите попытку позже; данные не изменены.") from None
                time.sleep(0.05)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _busy(e: Exception) -> bool:
    """A refusal that clears when the other holder closes: another process holds the file read-write
    (IOException «Could not set lock»), or another session of THIS process has it open the other way
    (ConnectionException «different configuration»: DuckDB does not mix read-only and read-write
    connections to one file inside a process). The refused connection never got to read or write."""
    msg = str(e).lower()
    if isinstance(e, duckdb.IOException):
        return "lock" in msg
    return isinstance(e, duckdb.ConnectionException) and "different configuration" in msg


def _connect_retry(db: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting while another process or another session of this one holds it."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as e:
            if not _busy(e):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"Не удалось открыть базу данных «{db.name}»: она занята другой загрузкой или другим "
                    "процессом. Повторите попытку позже; данные не изменены.") from e
            time.sleep(0.05)


# ---------------------------------------------------------------------------------------------
# Read snapshot: pages never wait on a writer
#
# After every write (still under the write lock, the database file closed and checkpointed) the file is copied to
# `<db>.read` (a temporary name, then an atomic rename). Readers open the snapshot while a writer holds the lock, so
# a page reads the last committed data during a load instead of waiting; with no writer they open the snapshot when
# it is at least as new as the database file (else the file itself: written by something other than
# write_connection). A reader that has the old snapshot open keeps reading it; the next one gets the new file.

def snapshot_path(db: Path) -> Path:
    return Path(str(db) + ".read")


def _refresh_snapshot(db: Path) -> None:
    snap = snapshot_path(db)
    tmp = Path(str(snap) + ".tmp")
    try:
        if snap.stat().st_mtime_ns >= db.stat().st_mtime_ns:
            return  # nothing written since the last copy (a schema check, a read-only use of the lock)
    except OSError:
        pass
    try:
        shutil.copyfile(db, tmp)
        os.replace(tmp, snap)
    except OSError:  # no room for a copy: readers fall back to the database file (they may then wait)
        with contextlib.suppress(OSError):
            tmp.unlink()
        with contextlib.suppress(OSError):
            snap.unlink()


def _writer_active(db: Path) -> bool:
    """Whether a writer holds the write lock now (a shared try on the lock file fails)."""
    lock = _lock_path(db)
    if not lock.exists():
        return False
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def read_path(db: Path) -> Path:
    """The file a reader should open: the snapshot during a write or when it is current, else the database."""
    snap = snapshot_path(db)
    try:
        snap_m = snap.stat().st_mtime_ns
    except OSError:
        return db
    if _writer_active(db):
        return snap
    try:
        return snap if snap_m >= db.stat().st_mtime_ns else db
    except OSError:
        return snap


@contextlib.contextmanager
def write_connection(db: Path | str | None = None, timeout: float | None = None
                     ) -> Iterator[duckdb.DuckDBPyConnection]:
    """The only way to write: serialised by a file lock, short-lived, schema ensured; the read snapshot is
    refreshed after it (under the lock)."""
    db = Path(db or config.db_path())
    timeout = config.lock_timeout() if timeout is None else timeout
    with write_lock(db, timeout):
        if not db.exists():
            _from_template(db)
        con = _connect_retry(db, read_only=False, timeout=timeout)
        con.execute("SET enable_progress_bar = false")  # (DuckDB draws one on stderr for a long statement)
        try:
            init_schema(con)
            yield con
        finally:
            con.close()
            _refresh_snapshot(db)


def _from_template(db: Path) -> None:
    """A new database starts as a copy of an empty one with this very schema and catalogues, made once per schema
    in the cache folder: creating them costs ~0,2 s of CPU on every new database, a copy ~1 ms. Best effort: on any
    failure the database is created as before (write_connection's init_schema)."""
    template = config.cache_dir() / f"empty_{_schema_fingerprint()[:20]}_duckdb{duckdb.__version__}.duckdb"
    tmp = Path(f"{db}.{os.getpid()}.new")
    try:
        if not template.exists():
            template.parent.mkdir(parents=True, exist_ok=True)
            made = Path(f"{template}.{os.getpid()}.new")
            try:
                con = duckdb.connect(str(made))
                try:
                    init_schema(con)
                finally:
                    con.close()
                os.replace(made, template)
            finally:
                with contextlib.suppress(OSError):
                    made.unlink()
        shutil.copyfile(template, tmp)
        os.replace(tmp, db)
    except (OSError, duckdb.Error):
        pass
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


@contextlib.contextmanager
def read_connection(db: Path | str | None = None, timeout: float = 30.0
                    ) -> Iterator[duckdb.DuckDBPyConnection]:
    """Short-lived read-only connection. Waits while a writer holds the file."""
    db = Path(db or config.db_path())
    if not db.exists():
        ensure_database(db)
    con = _connect_retry(read_path(db), read_only=True, timeout=timeout)
    try:
        yield con
    finally:
        con.close()


def query_df(db: Path | str | None, sql: str, params: list | None = None):
    """Run one read query and return a pandas DataFrame (materialised before the connection closes)."""
    with read_connection(db) as con:
        return con.execute(sql, params or []).df()


def ensure_database(db: Path | str | None = None) -> Path:
    """Create the database with its schema if missing. Does NOT build demo data (see etl.demo_db)."""
    db = Path(db or config.db_path())
    if not db.exists():
        with write_connection(db):
            pass
    return db


def data_version(db: Path | str | None = None) -> int:
    db = Path(db or config.db_path())
    if not db.exists():
        return 0
    with read_connection(db) as con:
        return int(one(con, "SELECT version FROM data_version")[0])


# ---------------------------------------------------------------------------------------------
# Status bookkeeping

def refresh_statuses(con: duckdb.DuckDBPyConnection) -> None:
    """A load that is current for at least one scope key (or effectiveness indicator of one) is
    'loaded'; a fully superseded one 'replaced'. An accepted version the pages still show while a newer one is only
    on review is current too (History called it «заменено новой версией»: a tester's round)."""
    con.execute("""
        UPDATE load_log SET status = CASE
            WHEN load_id IN (SELECT load_id FROM current_scope_all)
              OR load_id IN (SELECT load_id FROM current_indicator_scope_all)
              OR load_id IN (SELECT load_id FROM current_scope)
              OR load_id IN (SELECT load_id FROM current_indicator_scope) THEN 'loaded' ELSE 'replaced' END
        WHERE status IN ('loaded', 'replaced')""")


def current_loads(con: duckdb.DuckDBPyConnection, kind: str | None, region: str | None, periods: list[str],
                  municipalities: list[str], codes: list[str] | None = None, accepted: bool = False
                  ) -> list[tuple[int, str, list[str], int]]:
    """(load_id, file name, municipalities, rows) of the loads whose data of these scope keys are current: a new
    load of them replaces those (for the roadmap, the region's; for effectiveness, those holding one of the
    indicator `codes` there: etl/indicator_scope.py); `accepted`: of the accepted loads only — what a submission on
    review will replace once accepted (the pages' data; a version returned to its coordinator never was)."""
    view = ("current_indicator_scope" if kind == "effectiveness" else "current_scope") + ("" if accepted else "_all")
    if kind == "roadmap":
        where, params = "c.kind = 'roadmap' AND c.region = ?", [region]
    elif kind is None or not region or not periods or not municipalities:
        return []
    else:
        where = ("c.region = ? AND list_contains(?::VARCHAR[], c.period) "
                 "AND list_contains(?::VARCHAR[], c.municipality)")
        params = [region, list(periods), list(municipalities)]
        if kind == "effectiveness":  # (the current holders, with rows of their own, of the file's indicators)
            where += (" AND list_contains(?::VARCHAR[], c.indicator_code) AND EXISTS (SELECT 1 FROM "
                      "effectiveness_rows r WHERE r.load_id = c.load_id AND "
                      + indicator_scope.same("r", "c") + ")")
            params.append(list(codes or []))
        else:
            where = "c.kind = ? AND " + where
            params.insert(0, kind)
    # (each with every municipality it is current for: a load kept for others is replaced only in part)
    rows = con.execute(f"""SELECT l.load_id, l.file_name,
                                  (SELECT list(DISTINCT a.municipality ORDER BY a.municipality) FROM {view} a
                                   WHERE a.load_id = l.load_id AND a.municipality IS NOT NULL), l.rows_loaded
                           FROM load_log l
                           WHERE l.load_id IN (SELECT c.load_id FROM {view} c WHERE {where})
                           ORDER BY l.load_id""", params).fetchall()
    return [(int(i), f, list(m or []), int(n or 0)) for i, f, m, n in rows]


def find_duplicate(con: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    """The active load of a file with the same checksum, if any."""
    row = one(con, """SELECT load_id FROM load_log WHERE sha256 = ? AND status IN ('loaded', 'replaced')
                         ORDER BY load_id DESC LIMIT 1""", [sha256])
    return row[0] if row else None


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """First row of a query, fully materialised (DuckDB 2.0 results stream: fetchone leaves them open)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def next_load_id(con: duckdb.DuckDBPyConnection) -> int:
    return int(one(con, "SELECT nextval('load_id_seq')")[0])


def audit(con: duckdb.DuckDBPyConnection, who: str, action: str, load_id: int | None, message: str) -> None:
    con.execute("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?)", [datetime.now(), who, action, load_id, message])


def rollback_load(db: Path | str | None, load_id: int, who: str = "аналитик") -> str:
    """Roll back a load: its rows leave the views and the previous version of the submission comes back; the
    message (kept in the journal of actions) says what the pages show now (etl/rollback_text.py)."""
    with write_connection(db) as con:
        row = one(con, "SELECT status, file_name FROM load_log WHERE load_id = ?", [load_id])
        if row is None:
            raise ValueError(f"Загрузка № {load_id} не найдена")
        status, name = row
        if status not in ("loaded", "replaced"):
            raise ValueError(f"Загрузку № {load_id} («{name}») нельзя откатить: её статус — "
                             f"«{LOAD_STATUS_RU.get(status, status)}»")
        from etl import rollback_text

        con.execute("BEGIN TRANSACTION")
        try:
            before = rollback_text.shown(con, load_id)
            con.execute("UPDATE load_log SET status = 'rolled_back' WHERE load_id = ?", [load_id])
            refresh_statuses(con)
            msg = f"Откат загрузки № {load_id} («{name}»)" + rollback_text.said(con, load_id, before)
            audit(con, who, "rollback", load_id, msg)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return msg


# ---------------------------------------------------------------------------------------------
# Writing one file's result

def _as_column_arrays(kind: str, columns: dict[str, list], keep: list[int] | None
                      ) -> tuple[list[str], dict[str, np.ndarray], dict[str, object]]:
    """The kind's table columns in table order: (names, numpy arrays DuckDB scans directly, constants).

    A column holding one value throughout (the period, the region, the source file and sheet of most files)
    goes in as a query parameter instead of an array DuckDB would scan value by value."""
    table_cols = ([("region", None)] + ROADMAP_COLUMNS if kind == "roadmap" else
                  [("period", None), ("region", None), ("municipality", None)] + DATA_COLUMNS[kind])
    names = [n for n, _ in table_cols] + [n for n, _ in SOURCE_COLUMNS]
    selected = {name: (vals if keep is None else [vals[i] for i in keep])
                for name in names if (vals := columns.get(name)) is not None}
    arrays, constants = {}, {}
    for name in names:
        vals = selected.get(name)
        if vals is None:
            constants[name] = None
        elif vals and isinstance(vals[0], (str, type(None))) and vals.count(vals[0]) == len(vals):
            constants[name] = vals[0]
        else:
            arrays[name] = np.array(vals, dtype=object)
    if not arrays and selected:  # DuckDB needs one scanned column to know the row count
        name = next(iter(selected))
        arrays[name] = np.array(selected[name], dtype=object)
        del constants[name]
    return names, arrays, constants


def _school_keys(names: np.ndarray) -> np.ndarray:
    """The name key (`fill_school_keys`) of every name, made once per distinct name (a form names a school on many
    rows)."""
    from etl.school_key import keys_of

    return np.array(keys_of(names.tolist()), dtype=object)


def insert_rows(con: duckdb.DuckDBPyConnection, kind: str, load_id: int, columns: dict[str, list],
                keep: list[int] | None = None) -> int:
    """Insert a columnar dict of normalised values into the kind's base table; returns the row count."""
    n = len(keep) if keep is not None else (len(next(iter(columns.values()))) if columns else 0)
    if n == 0:
        return 0
    names, arrays, constants = _as_column_arrays(kind, columns, keep)
    types = dict(([("region", "VARCHAR")] + ROADMAP_COLUMNS) if kind == "roadmap" else
                 ([("period", "VARCHAR"), ("region", "VARCHAR"), ("municipality", "VARCHAR")]
                  + DATA_COLUMNS[kind]))
    types.update(dict(SOURCE_COLUMNS))
    select, params = [], []
    for c in names:
        if c in arrays:
            select.append(f'CAST("{c}" AS {types[c]})')
        else:
            select.append(f"CAST(? AS {types[c]})")
            params.append(constants[c])
    if kind in DATA_COLUMNS:  # the school's name key: every join of two forms' schools is on it
        names.append("school_key")
        if "school_name" in arrays:
            given = columns.get("school_key")  # (made by the readiness form's rules, which compare schools by it)
            arrays["school_key"] = _school_keys(arrays["school_name"]) if given is None else \
                np.array(given if keep is None else [given[i] for i in keep], dtype=object)
            select.append("school_key")
        else:
            select.append("CAST(? AS VARCHAR)")
            name = constants["school_name"]
            params.append(None if name is None else _school_keys(np.array([name], dtype=object))[0])
    con.register("_incoming", arrays)  # dict of numpy arrays
    try:
        con.execute(f'INSERT INTO {TABLE_OF_KIND[kind]} (load_id, {", ".join(names)}) '
                    f'SELECT {int(load_id)}, {", ".join(select)} FROM _incoming', params)
    finally:
        con.unregister("_incoming")
    return n


def insert_problems(con: duckdb.DuckDBPyConnection, load_id: int, problems: list) -> None:
    """A file's problems in one insert of a table (not a statement per problem: 50 000 warnings took 24 s so)."""
    import pyarrow as pa

    from etl import arrow_cols

    texts = {
        "sheet": [p.sheet for p in problems],
        "column_name": [p.column for p in problems],
        "value": [None if p.value is None else p.shown_value[:500] for p in problems],
        "rule": [p.rule for p in problems],
        "message": [p.message for p in problems],
        "hint": [p.hint for p in problems],
        "severity": [p.severity for p in problems],
    }
    rows = [p.row for p in problems]
    # from buffers: pa.array would import pandas (a quarter of a second); anything unusual goes through it
    cols = {k: arrow_cols.strings(v) for k, v in texts.items()}
    cols["row"] = arrow_cols.int32s(rows)
    table = pa.table({k: cols[k] if cols[k] is not None else
                      pa.array(rows, pa.int32()) if k == "row" else pa.array(texts[k], pa.string())
                      for k in ("sheet", "row", "column_name", "value", "rule", "message", "hint", "severity")})
    con.register("_problems", table)
    try:
        con.execute("INSERT INTO quarantine_rows SELECT ?, sheet, \"row\", column_name, value, rule, message, hint, "
                    "severity FROM _problems", [int(load_id)])
    finally:
        con.unregister("_problems")


def store_load(con: duckdb.DuckDBPyConnection, *, file_name: str, sha256: str, kind: str | None,
               period: str | None, region: str | None, columns: dict[str, list] | None,
               keep: list[int] | None, problems: list, status: str, message: str,
               loaded_by: str = "", archive_path: str | None = None, layout: str | None = None,
               details: str | None = None, archive: Callable[[int], str | None] | None = None,
               then: Callable[[duckdb.DuckDBPyConnection, int], None] | None = None,
               rowless: list[str] | None = None) -> int:
    """Write one file's outcome in ONE transaction: log row, data rows, scope, quarantine.

    status: 'loaded' (rows in `keep`, or all rows, go in), 'rejected' or 'duplicate' (no rows).
    archive: keeps the original file for a load id and returns where (called inside the transaction, so the
    log row is written once, with its archive path; the copy is removed again if the transaction fails).
    then: more writes of a loaded file in the same transaction (a coordinator's submission for acceptance).
    rowless: municipalities the file reports for with no row to load (all «нет»: no agreement) — in its scope.
    """
    rows = 0
    con.execute("BEGIN TRANSACTION")
    try:
        load_id = next_load_id(con)
        if status == "loaded" and columns:
            rows = insert_rows(con, kind, load_id, columns, keep)
        if archive is not None:
            archive_path = archive(load_id)
        n_total = len(next(iter(columns.values()))) if columns else 0
        # rows left out: of a loaded file its bad rows, of a rejected one all; a duplicate leaves nothing out
        rejected = (n_total - rows) if status == "loaded" else (0 if status == "duplicate" else n_total)
        con.execute("INSERT INTO load_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [load_id, file_name, sha256, kind, period, region, status, rows, rejected,
                     datetime.now(), loaded_by, message, archive_path, layout, details])
        if status == "loaded":
            if kind == "roadmap":
                con.execute("INSERT INTO load_scope SELECT DISTINCT load_id, 'roadmap', region, NULL, NULL "
                            "FROM roadmap_rows WHERE load_id = ?", [load_id])
            else:
                con.execute(f"INSERT INTO load_scope SELECT DISTINCT load_id, ?, region, period, municipality "
                            f"FROM {TABLE_OF_KIND[kind]} WHERE load_id = ?", [kind, load_id])
                for m in rowless or []:
                    con.execute("INSERT INTO load_scope VALUES (?, ?, ?, ?, ?)", [load_id, kind, region, period, m])
            if kind == "effectiveness":  # the indicators of the loads it replaces (etl/indicator_scope.py)
                indicator_scope.claim(con, load_id)
            if then is not None:  # (first: a submission on review leaves the accepted version current)
                then(con, load_id)
            refresh_statuses(con)
        if problems:
            insert_problems(con, load_id, problems)
        if rows:
            # the rows go straight into the database file at COMMIT, not through the write-ahead log first
            # (a 100 000-row load would write ~20 MB of WAL, then the same rows again when the connection closes)
            con.execute("SET checkpoint_threshold = '0KB'")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        if archive is not None and archive_path:
            with contextlib.suppress(OSError):
                os.remove(archive_path)
        raise
    finally:
        if rows:
            with contextlib.suppress(duckdb.Error):
                con.execute("RESET checkpoint_threshold")
    return load_id
