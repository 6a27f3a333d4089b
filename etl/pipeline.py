"""The ETL pipeline: `prepare()` runs the steps over one staged file (etl/staged.py: read → tables → plan and
assemble each sheet → file_context → values → munis → rules) and never writes: the upload page shows its result as
a preview; `commit()` writes it in one transaction (etl/db.py); `load_file()` is both, as the CLI uses it.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import json
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from etl import (assemble, bvb, config, file_context, filenames, learned, mapping, meaning, memory, munis, periods,
                 plan, reader, rules, schema, tables, values)
from etl.model import KIND_LABELS_RU, FileRejected, Problem
from etl.staged import SheetReport, Staged  # noqa: F401  (SheetReport: the sheet reports of a Prepared)

FIELD_LABELS_RU = schema.FIELD_LABELS_RU
KIND_FIELDS = schema.KIND_FIELDS


@dataclass
class Prepared:
    path: Path
    file_name: str
    sha256: str
    kind: str
    region: str | None
    period: str | None
    layout_signature: str | None
    columns: dict[str, list]
    problems: list[Problem]
    bad_rows: set[int]
    sheets: list[SheetReport]
    digest: list[str] = field(default_factory=list)  # the largest changes against the previous period
    keep_original: bool = True  # False for the platform's export of pupils: only its counts are kept (etl/bvb.py)
    units: dict[str, list[str]] = field(default_factory=dict)  # the units a merged municipality is sent as (Staged)
    # (load_id, file, municipalities, rows) of the loads it would replace (etl/db.py current_loads), when checked
    replaces: list[tuple[int, str, list[str], int]] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        lengths = getattr(self.columns, "lengths", None)  # spilled to disk: the count without reading the column
        if lengths is not None:
            return lengths.get("source_row", 0)
        return len(self.columns.get("source_row", []))

    def spill(self, directory: Path, preview_rows: int = 200) -> None:
        """Keep the columns on disk (etl/spill.py) and only the first rows' preview in memory (the upload page
        holds a checked file until the analyst decides)."""
        from etl.spill import SpilledColumns

        if isinstance(self.columns, SpilledColumns):
            return
        self._preview = (preview_rows, self.preview(preview_rows))
        self.columns = SpilledColumns(directory, self.columns)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def file_errors(self) -> list[Problem]:
        return [p for p in self.errors if p.row is None]

    def good_rows(self) -> list[int]:
        return [i for i in range(self.n_rows) if i not in self.bad_rows]

    def municipalities(self) -> list[str]:
        return sorted(m for m in set(self.columns.get("municipality", [])) if m)

    def preview(self, limit: int | None = 200):
        """Normalised rows as a DataFrame (for the upload page)."""
        import pandas as pd

        cached = getattr(self, "_preview", None)  # (rows asked for, frame) of a spilled file
        if cached is not None and limit is not None and limit <= cached[0]:
            return cached[1].head(limit)

        df = pd.DataFrame(dict(self.columns))
        df.insert(0, "ошибка", [i in self.bad_rows for i in range(self.n_rows)])
        return df if limit is None else df.head(limit)


@dataclass
class LoadResult:
    file: str
    status: str  # loaded | rejected | duplicate
    load_id: int | None
    kind: str | None
    period: str | None
    region: str | None
    rows_loaded: int
    rows_rejected: int
    errors: list[Problem]
    message: str
    warnings: list[Problem] = field(default_factory=list)  # of a loaded file (kept in quarantine with it)
    digest: list[str] = field(default_factory=list)  # the largest changes against the previous period
    noted: list[str] = field(default_factory=list)  # columns recognised and not loaded, with why («… — план»)
    sheets_left: list[str] = field(default_factory=list)  # sheets not loaded, with why («лист «Свод»: сводный лист …»)

    def as_json(self) -> str:
        def items(problems: list[Problem]) -> list[dict]:
            return [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message,
                     "value": p.shown_value, "rule": p.rule, "hint": p.hint} for p in problems]

        return json.dumps({
            "file": self.file, "status": self.status, "load_id": self.load_id, "kind": self.kind,
            "period": self.period, "region": self.region, "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected, "errors": items(self.errors), "warnings": items(self.warnings),
            "digest": self.digest, "not_loaded_columns": self.noted, "not_loaded_sheets": self.sheets_left,
        }, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------

def shown_name(path: Path, display_name: str | None = None) -> str:
    """The file's name as the product keeps and shows it (history, messages, download names): its own name only,
    without a directory part or control and direction-override characters — whoever sent the file chose it."""
    return filenames.safe_file_name(display_name or path.name)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


_gc_lock = threading.Lock()
_gc_users = 0
_gc_was_enabled = True


def _without_cyclic_gc(fn):
    """Run fn with the cyclic garbage collector paused (process-wide, re-entrant across threads).

    A large file is hundreds of thousands of row lists and tuples, none in a reference cycle; the collector
    would walk all of them again at every full collection while they are being built (~10 % of a 100 000-row
    load). Reference counting still frees everything as usual."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        global _gc_users, _gc_was_enabled
        with _gc_lock:
            if _gc_users == 0:
                _gc_was_enabled = gc.isenabled()
                gc.disable()
            _gc_users += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _gc_lock:
                _gc_users -= 1
                if _gc_users == 0 and _gc_was_enabled:
                    gc.enable()
    return wrapper


def _registry():
    from etl.registry import get_registry

    return get_registry()


def _catalogue():
    from etl.catalogue import catalogue

    # pymorphy3's dictionaries load while the file is being read — unless the words were analysed before
    meaning.lexicon().forms("обучающихся")
    return catalogue()


# ---------------------------------------------------------------------------------------------

@_without_cyclic_gc
def prepare(path: str | Path, *, kind: str | None = None, period: str | None = None, region: str | None = None,
            overrides: dict[str, str] | None = None, display_name: str | None = None,
            progress: Callable[[float, str], None] | None = None,
            reading: reader.PendingRead | None = None) -> Prepared:
    """Read and check one file without writing anything. Raises FileRejected for unreadable files.

    The steps (etl/staged.py): read → find the tables → per sheet: plan it, take its records → the file's region
    and period → parse the values and the municipalities → the rules. `reading`: the file already being read
    (`reader.start_reading(path, display_name)`); by default it starts here, so the catalogues load while calamine
    parses the file."""
    path = Path(path)
    name = shown_name(path, display_name)
    if reading is None:
        reading = reader.start_reading(path, display_name=name)
    say = progress or (lambda frac, text: None)
    st = Staged(path, name, kind, None, None, overrides, _registry(), _catalogue(), say)
    st.region, st.period = _given_region_period(st, region, period)

    say(0.05, "Чтение файла")
    while not reading.wait(0.2):  # a big file: the bar moves while it is read (drawn from this thread)
        say(0.05 + 0.35 * reading.fraction, "Чтение файла")
    st.wb = reading.result()
    for text in st.wb.notices:  # macros, links to other files: never run, said once
        st.problems.append(Problem(name, None, None, None, None, "active_content", text,
                                   "Если файл прислан из доверенного источника, предупреждение можно не учитывать",
                                   "warning"))
    memory.release()  # what the reader parsed the file in
    st.sha = file_sha256(path)
    say(0.4, "Поиск таблиц")
    tables.find(st)
    st.start_records()
    for sheet, t, cmap, samples in list(st.used):
        if t.title_text:
            st.titles.append(t.title_text)
        st.sheet_names.append(sheet.name)
        if sheet.name in st.bvb:
            bvb.records(st, sheet, t, st.bvb[sheet.name])
            continue
        p = plan.plan(st, sheet, t, cmap, samples)
        if p is not None:
            assemble.records(st, p)
    for sheet in st.wb.sheets:  # the records are taken: the cells are not needed any more
        sheet.drop()
    memory.release()
    say(0.6, "Проверка значений")
    file_context.settle(st)
    values.parse(st)
    munis.parse(st)
    # a file of several periods is refused: its rows are checked once split (a school on each sheet is not «twice»)
    if not any(x.rule == "sheets_of_periods" for x in st.problems):
        rules.apply(st)
    sig = mapping.layout_signature(st.used[0][1]) if st.used else None
    meaning.lexicon().save()  # the header words analysed for the first time, for the next file
    say(0.8, "Проверка завершена")
    return Prepared(path, name, st.sha, st.kind, st.region, st.period, sig, st.out, st.problems, st.bad, st.reports,
                    keep_original=not any(export == "pupils" for export, _cols in st.bvb.values()), units=st.units)


def _given_region_period(st: Staged, region: str | None, period: str | None) -> tuple[str | None, str | None]:
    """The region and period the user gave, canonical («Московская область» → 50, «I квартал 2024» → 2024-Q1)."""
    if region is not None:
        code = st.reg.region_code(region)
        if code is None:
            raise FileRejected(Problem(st.name, None, None, None, region, "unknown_region",
                                       f"Неизвестный регион «{region}»", "Укажите код (50, 65) или название региона"))
        region = code
    if period is not None:
        p = period if periods.is_valid(period) else periods.parse_period(
            period, st.reg.cadence(region) if region else None)
        if p is None:
            raise FileRejected(Problem(st.name, None, None, None, period, "bad_period",
                                       f"Не удалось распознать период «{period}»",
                                       "Укажите период как 2024-Q1 (квартал) или 2023-H2 (полугодие)"))
        period = p
    return region, period


# ---------------------------------------------------------------------------------------------

def _archive(prepared: Prepared, load_id: int, db_path) -> str | None:
    """Keep the original file next to the database so it can be downloaded later."""
    try:
        d = config.archive_dir(db_path)
        d.mkdir(parents=True, exist_ok=True)
        target = d / f"{load_id:06d}_{prepared.sha256[:12]}_{filenames.safe_file_name(prepared.file_name)}"
        shutil.copyfile(prepared.path, target)
        return str(target)
    except OSError:
        return None


def summarise(status: str, kind: str | None, rows: int, rejected: int, period: str | None) -> str:
    """One Russian sentence about the outcome of a file."""
    from etl.textru import group_digits, plural

    k = KIND_LABELS_RU.get(kind or "", "форма")
    if status == "duplicate":
        return "Этот файл уже загружен ранее: данные не изменены"
    if status == "rejected":  # `rejected`: the number of errors
        return (f"Файл отклонён: {group_digits(str(rejected))} {plural(rejected, 'ошибка', 'ошибки', 'ошибок')}; "
                "данные не изменены")
    s = f"Загружено {group_digits(str(rows))} {plural(rows, 'строка', 'строки', 'строк')} ({k}"
    s += f", период {periods.period_label_ru(period)})" if period and periods.is_valid(period) else ")"
    if rejected:
        s += (f"; {group_digits(str(rejected))} {plural(rejected, 'строка', 'строки', 'строк')} с ошибками "
              "отложено в карантин")
    return s


@_without_cyclic_gc
def commit(prepared: Prepared, db_path: str | Path | None = None, *, skip_bad_rows: bool = False,
           loaded_by: str = "", archive: bool = True, details: dict | None = None,
           for_acceptance: bool = False) -> LoadResult:
    """Write a prepared file in one transaction (or log it as rejected / duplicate). `for_acceptance`: a municipal
    coordinator's submission — loaded «на проверке», shown on the monitoring pages once an analyst accepts it."""
    from etl import acceptance, db, replacing

    p = prepared
    errors = p.errors
    with db.write_connection(db_path) as con:
        dup = db.find_duplicate(con, p.sha256)
        fatal = bool(p.file_errors) or p.n_rows == 0
        if dup is not None:
            status, keep = "duplicate", None
        elif fatal or (errors and not skip_bad_rows):
            status, keep = "rejected", None
        else:
            status = "loaded"
            keep = p.good_rows() if p.bad_rows else None
            if keep is not None and not keep:
                status = "rejected"
        rows = (len(keep) if keep is not None else p.n_rows) if status == "loaded" else 0
        rejected = p.n_rows - rows if status != "duplicate" else 0
        n_err_rows = len(p.bad_rows) if status == "loaded" else len(errors)  # rejected: the errors listed
        msg = summarise(status, p.kind, rows, n_err_rows, p.period)
        if status == "duplicate":
            msg += f" (загрузка № {dup})"
        elif status == "loaded":  # what this load puts out of use, said in its message (the history keeps it)
            replaced = replacing.text(*replacing.current(con, p, keep))
            msg += f"; {replaced}" if replaced else ""
        load_id = db.store_load(
            con, file_name=p.file_name, sha256=p.sha256, kind=p.kind, period=p.period, region=p.region,
            columns=p.columns, keep=keep, problems=[] if status == "duplicate" else p.problems, status=status,
            message=msg, loaded_by=loaded_by, layout=p.layout_signature,
            details=json.dumps(details or {"sheets": [s.__dict__ for s in p.sheets],
                                           "municipalities": p.municipalities(), "units": p.units},
                                          ensure_ascii=False, default=str),
            # the original of a loaded or rejected file is kept (a rejected one for its error report later)
            archive=(lambda lid: _archive(p, lid, db_path)) if status != "duplicate" and archive and p.keep_original
            else None,
            then=(lambda con, lid: acceptance.record(con, lid, "submitted", loaded_by)) if for_acceptance else None)
    warnings = [x for x in p.problems if x.severity != "error"] if status == "loaded" else []
    noted = [f"лист «{r.sheet}»: " + "; ".join(r.ignored) for r in p.sheets if r.ignored] \
        if status == "loaded" else []
    left = [f"лист «{r.sheet}»: {r.why_left}" for r in p.sheets if not r.used and r.reason] \
        if status == "loaded" else []
    return LoadResult(p.file_name, status, load_id, p.kind, p.period, p.region, rows,
                      rejected, errors, msg, warnings, p.digest if status == "loaded" else [], noted, left)


def reject_unreadable(path: Path, exc: FileRejected, db_path, display_name: str | None = None,
                      loaded_by: str = "") -> LoadResult:
    """Log a file that could not be read at all (its problems go to quarantine)."""
    name = shown_name(path, display_name)
    try:
        sha = file_sha256(path) if path.stat().st_size <= config.max_file_mb() * 2**20 else ""
    except OSError:
        sha = ""
    from etl import db

    msg = "Файл отклонён: " + "; ".join(p.message for p in exc.problems) + "; данные не изменены"
    with db.write_connection(db_path) as con:
        load_id = db.store_load(con, file_name=name, sha256=sha, kind=None, period=None, region=None,
                                columns=None, keep=None, problems=exc.problems, status="rejected",
                                message=msg, loaded_by=loaded_by)
    return LoadResult(name, "rejected", load_id, None, None, None, 0, 0, exc.problems, msg)


@_without_cyclic_gc
def load_file(path: str | Path, db_path: str | Path | None = None, *, kind: str | None = None,
              period: str | None = None, region: str | None = None, skip_bad_rows: bool = False,
              loaded_by: str = "", progress: Callable[[float, str], None] | None = None,
              overrides: dict[str, str] | None = None) -> LoadResult:
    """prepare + commit, as the CLI does. Never raises for a bad file: returns a rejected result.

    `overrides`: header text → field («-» not to load the column), the analyst's mapping; remembered for the
    file's layout once the file loads."""
    path = Path(path)
    reading = reader.start_reading(path, shown_name(path))
    # meanwhile (calamine parses without the GIL): import duckdb, open the database and ensure its schema
    empty_at: list = []  # the database file's time when it held no load (set by the warming thread)
    warm = threading.Thread(target=_warm_database, args=(db_path, empty_at), name="warm_database")
    warm.start()
    try:
        prepared = prepare(path, kind=kind, period=period, region=region, progress=progress, reading=reading,
                           overrides=overrides)
    except FileRejected as e:
        warm.join()
        return reject_unreadable(path, e, db_path, loaded_by=loaded_by)
    warm.join()
    from etl import db

    if not (empty_at and db.unchanged_since(db_path, empty_at[0])):  # an empty database: nothing to compare with
        compare_with_previous(prepared, db_path)
    res = commit(prepared, db_path, skip_bad_rows=skip_bad_rows, loaded_by=loaded_by)
    if overrides and res.status == "loaded" and prepared.layout_signature:
        learned.save(prepared.layout_signature, dict(overrides), about=prepared.file_name)
    return res


def compare_with_previous(prepared: Prepared, db_path) -> None:
    """Plausibility warnings against the previous period and the digest of the largest changes (etl/plausibility.py:
    reads the database, after the checks of the file itself)."""
    from etl import db, merged_units, plausibility, replacing

    found, prepared.digest = plausibility.check(prepared, db_path)
    prepared.problems.extend(found)
    with db.read_connection(db_path) as con:
        replacing.check(prepared, con)  # the loads it would put out of use; a shorter roadmap said
        # (a merged unit's form must not replace another's)
        if merged_units.involved(prepared, _registry().absorbing()):
            prepared.problems.extend(merged_units.check(prepared, con))


def _warm_database(db_path, empty_at: list | None = None) -> None:
    """Create or check the database schema ahead of the write (best effort: skipped if another writer holds it;
    the write itself then waits and checks again); `empty_at` gets the file's time if no file was loaded into it."""
    try:
        from etl import db

        mtime = db.ensure_schema(db_path)
        if empty_at is not None and mtime is not None:
            empty_at.append(mtime)
    except Exception:  # noqa: BLE001 - commit() reports any real problem
        pass
