"""The one object a file is staged in on its way through the ETL steps (etl/pipeline.py runs them in order):

read (reader) → find the tables (tables) → per sheet: plan it (sheets) and take its records (assemble) →
the file's region and period (file_context) → parse the values (values, munis) → the rules (rules).

Each step reads and adds to a `Staged`; the records are columns (`cols`: raw values per field) with their
provenance (sheet, Excel row, the column each field came from) kept in step by `add` and `keep`.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from etl import schema
from etl.model import Problem
from etl.sheet import Cells


@dataclass
class SheetReport:
    """What was recognised on one sheet (shown to the analyst)."""

    sheet: str
    used: bool
    reason: str = ""  # Russian, why a sheet was skipped
    header_rows: tuple[int, int] | None = None  # 1-based Excel rows
    matched: dict[str, str] = field(default_factory=dict)  # field -> 'D «header»'
    unmatched: list[str] = field(default_factory=list)  # 'E «header»': not recognised
    ignored: list[str] = field(default_factory=list)  # columns that hold no monitoring figure (№, ФИО, телефон …)
    why: dict[str, str] = field(default_factory=dict)  # field -> how its column was recognised (Russian)
    data_rows: int = 0
    skipped_rows: dict[str, int] = field(default_factory=dict)
    municipality: str | None = None
    layout: str = "long"
    merged_filled: int = 0  # cells that took the value of a cell merged over several rows
    values: dict[str, list[str]] = field(default_factory=dict)  # column label -> its first values, as text

    @property
    def why_left(self) -> str:
        """Why the sheet is left out, without its closing «не загружается» (the caller says that once)."""
        return re.sub(r"[:,]\s*(?:лист )?не загружается$", "", self.reason)


@dataclass
class Staged:
    path: Path
    name: str  # the file's name as the user knows it
    kind: str | None
    region: str | None
    period: str | None
    overrides: dict[str, str] | None
    reg: Any  # etl.registry.Registry
    cat: Any  # etl.catalogue.Catalogue
    say: Callable[[float, str], None]
    wb: Any = None  # etl.sheets_read.Workbook
    sha: str = ""
    used: list = field(default_factory=list)  # (sheet, table, column map, value samples) of the record sheets
    summaries: list = field(default_factory=list)  # the same of «Свод» sheets left out beside them (summary_check)
    bvb: dict[str, tuple] = field(default_factory=dict)  # sheet -> (export, its columns) of a platform export (bvb.py)
    reports: list[SheetReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # title texts of the used sheets
    sheet_names: list[str] = field(default_factory=list)
    cols: dict[str, list] = field(default_factory=dict)  # raw values per field, one per record
    source_sheet: list[str] = field(default_factory=list)  # per record: its sheet,
    source_row: list[int] = field(default_factory=list)  # its 1-based Excel row,
    labels: list[dict[str, str]] = field(default_factory=list)  # and field -> its column («D «Уровень»»)
    coded: list[tuple[int, str, str, dict]] = field(default_factory=list)  # (record, field, code, legend) undefined
    # field -> (first record, its cells as distinct values and codes) for the records a sheet gave straight from a
    # column: the values are parsed once per distinct value (etl/values.py); gone once records are dropped
    pools: dict[str, list[tuple[int, Cells]]] = field(default_factory=dict)
    out: dict[str, list] = field(default_factory=dict)  # parsed values per field
    bad: set[int] = field(default_factory=set)  # records with an error
    # municipality -> the units the file sends it as, where a merger was followed (Люберцы: Дзержинский, Люберцы)
    units: dict[str, list[str]] = field(default_factory=dict)
    named_quarter: str | None = None  # a half-yearly region's form named for one quarter of its half-year
    # municipalities whose rows all say there is no agreement («нет»): sent, with none (etl/agreement_rows.py)
    none_reported: list[str] = field(default_factory=list)
    remembered: list[str] = field(default_factory=list)  # the remembered layouts it was read with (etl/learned.py)
    row_answers: dict[str, str] = field(default_factory=dict)  # a row's indicator text (its key) → the code given
    # the counts of the total rows, to check against their records (etl/total_checks.py)
    totals: list[tuple[str, int, dict, dict, str | None]] = field(default_factory=list)  # (… a group's name)
    # (sheet, Excel row) -> an agreement's validity written beside its state column (etl/agreement_state.py)
    validity: dict[tuple[str, int], Any] = field(default_factory=dict)
    # (sheet, Excel row) -> the class of an events row listed by class («6А»: etl/event_repeats.py)
    classes: dict[tuple[str, int], Any] = field(default_factory=dict)

    def start_records(self) -> None:
        self.cols = {f: [] for f in schema.KIND_FIELDS[self.kind]}

    @property
    def period_end(self):
        """The last day of the file's period (its reporting date), None while the period is unknown or not one."""
        from etl import periods

        return periods.period_bounds(self.period)[1] if self.period and periods.is_valid(self.period) else None

    @property
    def n(self) -> int:
        return len(self.source_row)

    def add(self, sheet: str, rows: list[int], labels: dict[str, str], values: dict[str, list | Cells]) -> None:
        """Records of one sheet: `rows` 0-based sheet rows, `values` field -> one value per row (absent: None) or
        the cells of its column at those rows."""
        k = len(rows)
        for f, lst in self.cols.items():
            got = values.get(f)
            if isinstance(got, Cells):
                self.pools.setdefault(f, []).append((len(lst), got))
                got = got.values()
            lst.extend(got if got is not None else [None] * k)
        self.source_sheet.extend([sheet] * k)
        self.source_row.extend(ri + 1 for ri in rows)
        self.labels.extend([labels] * k)

    def distinct(self, f: str) -> list[tuple[int, Cells]] | None:
        """Field f's records as (first record, cells) in order, when every record came straight from a column."""
        segs = self.pools.get(f)
        if segs and sum(len(cells.codes) for _start, cells in segs) == len(self.cols[f]):
            return segs
        return None

    def add_one(self, sheet: str, row: int, labels: dict[str, str], rec: dict) -> None:
        for f, lst in self.cols.items():
            lst.append(rec.get(f))
        self.source_sheet.append(sheet)
        self.source_row.append(row + 1)
        self.labels.append(labels)

    def err(self, i: int, f: str, value: Any, rule: str, message: str, hint: str = "",
            severity: str = "error") -> None:
        """A problem of record i's field f (an error marks the record bad)."""
        self.problems.append(Problem(self.name, self.source_sheet[i], self.source_row[i],
                                     self.labels[i].get(f, schema.FIELD_LABELS_RU.get(f, f)), value, rule, message,
                                     hint, severity))
        if severity == "error":
            self.bad.add(i)

    def keep(self, keep: list[int]) -> None:
        """Only these records stay (every column, provenance, bad marks and row problems follow)."""
        gone = {(self.source_sheet[i], self.source_row[i]) for i in set(range(self.n)) - set(keep)}
        remap = {old: new for new, old in enumerate(keep)}
        for d in (self.out, self.cols):
            for f in list(d):
                d[f] = [d[f][i] for i in keep]
        self.source_sheet, self.source_row, self.labels = (
            [lst[i] for i in keep] for lst in (self.source_sheet, self.source_row, self.labels))
        self.bad = {remap[i] for i in self.bad if i in remap}
        self.pools.clear()
        self.problems[:] = [p for p in self.problems if (p.sheet, p.row) not in gone]
