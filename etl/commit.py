"""Write a prepared file (etl/prepared.py) in one transaction (etl/db.py), or log it as rejected or a duplicate; keep
its original beside the database."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from etl import config, filenames, memory, periods
from etl.model import KIND_LABELS_RU, FileRejected
from etl.prepared import LoadResult, Prepared, file_sha256, shown_name


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


def summarise(status: str, kind: str | None, rows: int, rejected: int, period: str | None,
              municipalities: list[str] | None = None, read_as: bool = True) -> str:
    """One Russian sentence about the outcome of a file; a loaded one names whose it is (up to three
    municipalities, else how many): a form counted for another municipality than meant is seen at once. A rejected
    one names the form it was read as when `read_as` (errors of its columns or rows: a wrong kind reads so — not
    for a missing period alone)."""
    from etl.textru import group_digits, plural

    k = KIND_LABELS_RU.get(kind or "", "форма")
    n = len(municipalities or [])
    if n:
        k += ", " + (", ".join(municipalities) if n <= 3 else
                     f"{group_digits(str(n))} {plural(n, 'муниципалитет', 'муниципалитета', 'муниципалитетов')}")
    if status == "duplicate":
        return "Этот файл уже загружен ранее: данные не изменены"
    if status == "rejected":  # `rejected`: the number of errors; the form it was read as (a wrong kind reads so)
        return (f"Файл отклонён: {group_digits(str(rejected))} {plural(rejected, 'ошибка', 'ошибки', 'ошибок')}"
                + (f" (прочитан как форма «{KIND_LABELS_RU[kind]}»; если это другая форма, укажите её вид: поле "
                   "«Вид формы» или параметр --kind)" if kind in KIND_LABELS_RU and read_as else "")
                + "; данные не изменены")
    s = f"Загружено {group_digits(str(rows))} {plural(rows, 'строка', 'строки', 'строк')} ({k}"
    s += f", период {periods.period_label_ru(period)})" if period and periods.is_valid(period) else ")"
    if rejected:
        s += (f"; {group_digits(str(rejected))} {plural(rejected, 'строка', 'строки', 'строк')} с ошибками "
              f"{plural(rejected, 'отложена', 'отложены', 'отложено')} в карантин")
    return s


@memory.without_cyclic_gc
def commit(prepared: Prepared, db_path: str | Path | None = None, *, skip_bad_rows: bool = False,
           loaded_by: str = "", archive: bool = True, details: dict | None = None,
           for_acceptance: bool = False) -> LoadResult:
    """Write a prepared file in one transaction (or log it as rejected / duplicate). `for_acceptance`: a municipal
    coordinator's submission — loaded «на проверке», shown on the monitoring pages once an analyst accepts it."""
    from etl import acceptance, db, repeat_file, replacing

    p = prepared
    errors = p.errors
    with db.write_connection(db_path) as con:
        dup = db.find_duplicate(con, p.sha256)
        fatal = bool(p.file_errors) or (p.n_rows == 0 and not p.none_reported)  # (all «нет»: sent, none)
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
        own = p.municipalities(keep)  # (whose rows it loads: said in its message, kept with its load)
        msg = summarise(status, p.kind, rows, n_err_rows, p.period, own if status == "loaded" else None,
                        read_as=any(e.row is not None or e.column is not None for e in errors))
        if status == "duplicate":  # (a copy under another name — «Лобня_…» holding Клин's file — names it; a load
            msg += repeat_file.said(con, dup, p.file_name, p.period)  # replaced since, or of another period: said)
        replaced: list = []
        if status == "loaded":  # what this load puts out of use, said in its message (the history keeps it)
            # (on review: what acceptance will replace — the accepted version, not one returned to its coordinator)
            replaced, scope = replacing.current(con, p, keep, accepted=for_acceptance)
            said = replacing.text(replaced, scope)
            if said and for_acceptance:  # (on review: the pages keep the accepted version until it is accepted)
                said = "после приёмки будут " + said
            msg += f"; {said}" if said else ""
        load_id = db.store_load(
            con, file_name=p.file_name, sha256=p.sha256, kind=p.kind, period=p.period, region=p.region,
            columns=p.columns, keep=keep, problems=[] if status == "duplicate" else p.problems, status=status,
            message=msg, loaded_by=loaded_by, layout=p.layout_signature, rowless=p.none_reported,
            details=json.dumps(details or {"sheets": [s.__dict__ for s in p.sheets],
                                           "municipalities": own or p.sheets_municipalities(), "units": p.units},
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
                      rejected, errors if status != "duplicate" else [], msg, warnings,
                      p.digest if status == "loaded" else [], noted, left,
                      own if status in ("loaded", "duplicate") else [], [(r[0], r[1]) for r in replaced],
                      p.changes if status == "loaded" else [])


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
