"""What `pipeline.prepare` makes of a file before anything is written (`Prepared`: the normalised columns, problems,
sheet reports), and what `commit` says of it (`LoadResult`)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from etl import filenames
from etl.model import Problem
from etl.staged import SheetReport


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
    changes: list[str] = field(default_factory=list)  # against the versions it replaces (etl/correction_diff.py)
    keep_original: bool = True  # False for the platform's export of pupils: only its counts are kept (etl/bvb.py)
    units: dict[str, list[str]] = field(default_factory=dict)  # the units a merged municipality is sent as (Staged)
    named_quarter: str | None = None  # a half-yearly region's form named for one quarter (etl/event_quarters.py)
    none_reported: list[str] = field(default_factory=list)  # sent, all rows «нет»: no agreement (Staged)
    title_schools: list[str] = field(default_factory=list)  # the schools its titles name: a school's own form
    remembered: list[str] = field(default_factory=list)  # the remembered layouts it was read with (Staged)
    row_answers: dict[str, str] = field(default_factory=dict)  # rows' indicator texts (keys) the analyst gave (Staged)
    # (load_id, file, municipalities, rows) of the loads it would replace (etl/db.py current_loads), when checked
    replaces: list[tuple[int, str, list[str], int]] = field(default_factory=list)
    replaces_in: list[str] = field(default_factory=list)  # the municipalities where it replaces them

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

    def municipalities(self, rows: list[int] | None = None) -> list[str]:
        """Those its rows (or these `rows` of it: the ones loaded without the bad) are of."""
        munis = self.columns.get("municipality") or []  # (a roadmap has none: t81, «--skip-bad-rows» stopped on it)
        rowed = set(munis) if rows is None or not munis else {munis[i] for i in rows}
        return sorted(m for m in rowed | set(self.none_reported) if m)

    def sheets_municipalities(self) -> list[str]:
        """Those its sheets name (an empty blank titled «Щёлково»): whose a file with no rows was, for the
        submissions' tracker."""
        return sorted({m for r in self.sheets if r.municipality for m in r.municipality.split(", ")})

    def preview(self, limit: int | None = 200):
        """Normalised rows as a DataFrame (for the upload page)."""
        import pandas as pd

        cached = getattr(self, "_preview", None)  # (rows asked for, frame) of a spilled file
        if cached is not None and limit is not None and limit <= cached[0]:
            return cached[1].head(limit)

        df = pd.DataFrame({k: v for k, v in self.columns.items() if k != "school_key"})  # (the join key: internal)
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
    municipalities: list[str] = field(default_factory=list)  # those whose rows a loaded file holds
    replaced: list[tuple[int, str]] = field(default_factory=list)  # (load id, file name) it put out of use
    changes: list[str] = field(default_factory=list)  # against the versions it replaced

    def as_json(self) -> str:
        def items(problems: list[Problem]) -> list[dict]:
            return [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message,
                     "value": p.shown_value, "rule": p.rule, "hint": p.hint} for p in problems]

        return json.dumps({
            "file": self.file, "status": self.status, "message": self.message, "load_id": self.load_id,
            "kind": self.kind,
            "period": self.period, "region": self.region, "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected, "errors": items(self.errors), "warnings": items(self.warnings),
            "digest": self.digest, "not_loaded_columns": self.noted, "not_loaded_sheets": self.sheets_left,
            "municipalities": self.municipalities, "changes": self.changes,
        }, ensure_ascii=False)


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
