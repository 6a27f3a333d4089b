"""The ETL pipeline: `prepare()` runs the steps over one staged file (etl/staged.py: read → tables → plan and
assemble each sheet → file_context → values → munis → rules) and never writes: the upload page shows its result as
a preview (etl/prepared.py); `commit()` writes it in one transaction (etl/commit.py, etl/db.py); `load_file()` is
both, as the CLI uses it.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from etl import (assemble, bvb, file_context, learned, meaning, memory, munis, names, periods, plan, reader, rules,
                 schema, summary_check, tables, values)
from etl.commit import commit, reject_unreadable
from etl.model import FileRejected, Problem, once
from etl.prepared import LoadResult, Prepared, file_sha256, shown_name  # noqa: F401  (LoadResult: load_file's)
from etl.staged import SheetReport, Staged  # noqa: F401  (SheetReport: the sheet reports of a Prepared)

FIELD_LABELS_RU = schema.FIELD_LABELS_RU
KIND_FIELDS = schema.KIND_FIELDS


# ---------------------------------------------------------------------------------------------

def _registry():
    from etl.registry import get_registry

    return get_registry()


def _catalogue():
    from etl.catalogue import catalogue

    # pymorphy3's dictionaries load while the file is being read — unless the words were analysed before
    meaning.lexicon().forms("обучающихся")
    return catalogue()


# ---------------------------------------------------------------------------------------------

@memory.without_cyclic_gc
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
    summaries = summary_check.stage(st)  # a «Свод» left out, read to be compared with the sheets
    for sheet in st.wb.sheets:  # the records are taken: the cells are not needed any more
        sheet.drop()
    memory.release()
    say(0.6, "Проверка значений")
    file_context.settle(st)
    values.parse(st)
    munis.parse(st)
    summary_check.compare(st, summaries)
    # a file of several periods is refused: its rows are checked once split (a school on each sheet is not «twice»)
    if not any(x.rule == "sheets_of_periods" for x in st.problems):
        rules.apply(st)
    sig = learned.layout_signature(st.used[0][1]) if st.used else None
    meaning.lexicon().save()  # the header words analysed for the first time, for the next file
    say(0.8, "Проверка завершена")
    return Prepared(path, name, st.sha, st.kind, st.region, st.period, sig, st.out, once(st.problems), st.bad,
                    st.reports,
                    keep_original=not any(export == "pupils" for export, _cols in st.bvb.values()), units=st.units,
                    named_quarter=st.named_quarter, none_reported=st.none_reported,
                    title_schools=[s for t in st.titles if (s := names.school_of_title(t))], remembered=st.remembered,
                    row_answers=st.row_answers)


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


@memory.without_cyclic_gc
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
        learned.save(prepared.layout_signature, dict(overrides), about=prepared.file_name, db=db_path)
    return res


def compare_with_previous(prepared: Prepared, db_path) -> None:
    """Plausibility warnings against the previous period and the digest of the largest changes (etl/plausibility.py:
    reads the database, after the checks of the file itself)."""
    from etl import (correction_diff, db, event_quarters, event_repeats, event_undated, merged_units, plausibility,
                     replacing, school_forms)

    found, prepared.digest = plausibility.check(prepared, db_path)
    prepared.problems.extend(found)
    with db.read_connection(db_path) as con:
        replacing.check(prepared, con)  # the loads it would put out of use; a shorter roadmap said
        prepared.problems.extend(event_repeats.check(prepared, con))  # events an earlier form counted
        prepared.problems.extend(event_undated.check(prepared, con))  # undated, the same figures in another
        prepared.problems.extend(event_quarters.months_dropped(prepared, con))  # a quarter over its half-year
        prepared.changes = correction_diff.lines(prepared, con)  # a correction against what it replaces
        # (a merged unit's form must not replace another's)
        if merged_units.involved(prepared, _registry().absorbing()):
            prepared.problems.extend(merged_units.check(prepared, con))
        if not any(x.rule == "merged_unit_replaced" for x in prepared.problems):  # (said of a merged unit's form)
            school_forms.over_other_schools(prepared, con)  # one school's form over its municipality's: it waits
            school_forms.schools_dropped(prepared, con)  # a correction without some of the schools: said


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
