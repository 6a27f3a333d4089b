"""Upload-flow logic, kept out of the page: staging uploaded files, preparing them (no DB write),
the analyst's corrections, the error-report workbook, the commit, history and rollback helpers.

Nothing here writes to the database except `commit_staged()` and `rollback()`, and both are called by the
page only after the analyst confirms (and after `app.auth.assert_role`).
"""
from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from app.fmt import fmt_datetime
from etl import acceptance, config, db, learned, pipeline, replacing, schema
from etl.catalogue import header_key
from etl.column_map import CHOSEN
from etl.model import KIND_LABELS_RU, KINDS, LOAD_STATUS_RU, FileRejected, Problem

UPLOAD_TYPES = ["xlsx", "xlsm", "xls", "csv", "ods"]
STATUS_RU = LOAD_STATUS_RU
ACTION_RU = {"rollback": "откат загрузки", "load": "загрузка", "alias": "сопоставление муниципалитета",
             "mapping": "сопоставление столбцов", "submitted": "сдано на проверку", "accepted": "принято",
             "returned": "возвращено на доработку", "reopened": "открыто для исправления",
             "campaign": "кампания сдачи"}
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
_LETTER_RE = re.compile(r"^([A-Z]{1,3})(?=\s|$)")


def max_file_mb() -> float:
    return config.max_file_mb()


def fmt_mb(n_bytes: float) -> str:
    from app.fmt import fmt_num

    mb = n_bytes / 2**20
    if mb < 1:  # a form of a few kilobytes is no «0,00 МБ»
        return fmt_num(max(1, round(n_bytes / 2**10)), 0) + "\u00a0КБ"
    return fmt_num(mb, 1) + "\u00a0МБ"


def russian_uploader() -> int:
    """The file uploader's own English replaced by Russian, with this product's limits (app/ui.py); returns the
    size in MB the browser lets through (the uploader's `max_upload_size`): the product's limit, which is also the
    server's (`server.maxUploadSize`, .streamlit/config.toml and the Makefile) — a bigger file is stopped in the
    browser with the Russian refusal, never sent (the server answered «413» and the page said nothing)."""
    import math

    from app import ui

    limit_mb = max_file_mb()
    browser_mb = max(math.ceil(limit_mb), 1)
    ui.russian_file_uploader(fmt_mb(limit_mb * 2**20), ", ".join(t.upper() for t in UPLOAD_TYPES),
                             fmt_mb(browser_mb * 2**20))
    return browser_mb


def size_problem(name: str, n_bytes: int) -> str | None:
    """A Russian refusal for a file over the configured limit, else None."""
    limit = max_file_mb()
    if n_bytes > limit * 2**20:
        return (f"Файл «{name}» слишком большой: {fmt_mb(n_bytes)} при пределе {fmt_mb(limit * 2**20)}. "
                "Разделите его на несколько файлов (например, по муниципалитетам) или попросите "
                "администратора увеличить предел (MONITORING_MAX_FILE_MB).")
    return None


def safe_name(name: str) -> str:
    """The file's own name without any directory part, control or direction-override characters, and within the
    file system's length (an uploaded name is not trusted)."""
    from etl.filenames import safe_file_name

    return safe_file_name(name)


# ---------------------------------------------------------------------------------------------
# Staged files

@dataclass
class Staged:
    """One uploaded file waiting for the analyst's decision."""

    key: str
    name: str
    path: Path
    size: int
    kind: str | None = None
    period: str | None = None
    region: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)  # header text -> field (analyst's choices)
    prepared: pipeline.Prepared | None = None
    rejected: list[Problem] | None = None  # the file could not be read at all
    result: pipeline.LoadResult | None = None
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (written name, municipality) confirmed

    @property
    def problems(self) -> list[Problem]:
        """Errors first (those of the whole file before those of cells), then warnings; by sheet and row."""
        if self.rejected is not None:
            return self.rejected
        probs = self.prepared.problems if self.prepared else []
        sheets = {r.sheet: k for k, r in enumerate(self.prepared.sheets)} if self.prepared else {}
        return sorted(probs, key=lambda p: (p.severity != "error", p.row is not None, sheets.get(p.sheet, -1),
                                            p.row or 0))

    @property
    def n_bad(self) -> int:
        return len(self.prepared.bad_rows) if self.prepared else 0

    @property
    def can_load_all(self) -> bool:
        p = self.prepared
        return bool(p) and not p.errors and p.n_rows > 0

    @property
    def can_load_good(self) -> bool:
        p = self.prepared
        return bool(p) and not p.file_errors and bool(p.bad_rows) and len(p.good_rows()) > 0


WORKDIR_PREFIX = "monitoring_upload_"
ABANDONED_AFTER_S = 24 * 3600  # a session's uploads untouched for a day: its browser tab is long gone


def new_workdir() -> Path:
    """A private temp folder for one session's uploads; folders of abandoned sessions are swept first."""
    sweep_abandoned()
    return Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX))


def sweep_abandoned(now: float | None = None, root: str | Path | None = None) -> int:
    """Delete upload folders nobody has touched for ABANDONED_AFTER_S (a tab closed before its files were loaded
    or discarded); returns how many. Only this product's folders (by their prefix) are looked at."""
    now = time.time() if now is None else now
    gone = 0
    for d in Path(root or tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*"):
        try:
            if not d.is_dir() or d.is_symlink():
                continue
            touched = max([d.stat().st_mtime] + [c.stat().st_mtime for c in d.iterdir()])
        except OSError:
            continue
        if now - touched > ABANDONED_AFTER_S:
            shutil.rmtree(d, ignore_errors=True)
            gone += 1
    return gone


def stage(name: str, data: bytes, workdir: Path) -> Staged:
    """Keep the uploaded bytes in a private temp folder under the file's own name."""
    name = safe_name(name)
    sha = hashlib.sha256(data).hexdigest()
    d = Path(workdir) / sha[:16]
    d.mkdir(parents=True, exist_ok=True)
    path = d / name
    path.write_bytes(data)
    return Staged(key=sha[:16], name=name, path=path, size=len(data))


def run_prepare(s: Staged, progress=None) -> Staged:
    """(Re)check the file with the analyst's options. Never writes to the database."""
    s.prepared, s.rejected = None, None
    try:
        s.prepared = pipeline.prepare(s.path, kind=s.kind, period=s.period, region=s.region,
                                      overrides=s.overrides or None, display_name=s.name, progress=progress)
        pipeline.compare_with_previous(s.prepared, config.db_path())  # warnings and the digest of changes
        # while it waits for «Загрузить», the file's columns stay on disk next to it, not in the server's memory
        s.prepared.spill(s.path.parent / "columns")
    except FileRejected as e:
        s.rejected = e.problems
    except Exception as e:  # a defect in the checks must not lose the file or show a trace to the analyst
        import traceback

        traceback.print_exc()
        s.rejected = [Problem(s.name, None, None, None, None, "internal_error",
                              "Файл не удалось проверить из-за внутренней ошибки программы",
                              "Сообщите разработчикам (данные не изменены): подробности — в журнале панели "
                              f"({fmt_datetime(datetime.now())})")]
    if progress:
        progress(1.0, "Проверка завершена")
    return s


def replaces_text(p: pipeline.Prepared) -> str:
    """What loading the file puts out of use, said before «Загрузить» («Файл заменит загрузку № 108 «…» (9 строк): её
    данные перестанут показываться …»); "" when nothing."""
    if not p.replaces:
        return ""
    whose = "их" if len(p.replaces) > 1 else "её"
    return (replacing.text(p.replaces, p.replaces_in or p.municipalities(), future=True)
            + f": {whose} данные перестанут показываться (вернуть — отменой новой загрузки на странице «История "
              "загрузок»)")


def discard(s: Staged) -> None:
    shutil.rmtree(s.path.parent, ignore_errors=True)


def restage(previous: Staged | None, name: str, data: bytes, workdir: Path) -> Staged:
    """A page that keeps one file at a time (a coordinator's «Сдать форму»): the new file staged, the one before it
    deleted from the disk — kept, every file a coordinator tried would stay on the server for a day."""
    if previous is not None and previous.path.parent.parent == Path(workdir):
        discard(previous)
    return stage(name, data, workdir)


def remember_mapping(s: Staged) -> None:
    """The analyst's column choices, remembered for files of this layout (on «Применить», and again at the load)."""
    p = s.prepared
    if s.overrides and p is not None and p.layout_signature:
        learned.save(p.layout_signature, dict(s.overrides), about=s.name)


def forget_mapping(s: Staged) -> None:
    """Forget the remembered column choices the file was read with (`Prepared.remembered`; the page's button, the
    CLI's etl mappings --remove) — then the file is checked again without them (tester round t89: the page offered
    no way)."""
    for sig in s.prepared.remembered if s.prepared else []:
        learned.remove(sig)


def commit_staged(s: Staged, db_path, *, skip_bad_rows: bool, who: str) -> pipeline.LoadResult:
    """Write one checked file (the caller has checked the role). Confirmed column mappings are remembered."""
    p = s.prepared
    if p is None:
        raise ValueError("Файл не прошёл проверку: загружать нечего")
    remember_mapping(s)
    s.result = pipeline.commit(p, db_path, skip_bad_rows=skip_bad_rows, loaded_by=who)
    data_changed()
    return s.result


def already_loaded(db_path, sha256: str) -> tuple[int, str, str] | None:
    """(load_id, loaded_at text, its file's name) of an active load of the very same file, if any (shown before
    confirming)."""
    if not Path(db_path).exists():
        return None
    df = db.query_df(db_path, "SELECT load_id, loaded_at, file_name FROM loads WHERE sha256 = ? AND status IN "
                              "('loaded', 'replaced') ORDER BY load_id DESC LIMIT 1", [sha256])
    if df.empty:
        return None
    return int(df.iloc[0]["load_id"]), fmt_datetime(df.iloc[0]["loaded_at"]), str(df.iloc[0]["file_name"])


BUSY_RU = ("База данных сейчас занята (её читает или пишет другой пользователь). Повторите через несколько "
           "секунд; данные не изменены.")


def data_changed() -> None:
    """After a write: drop the dashboard's short-lived data-version cache so every page shows the new data
    at once (its queries are keyed by that version)."""
    try:
        from app.queries import version

        version.clear()
    except Exception:  # the dashboard package is optional for the ETL-side tests
        pass


# ---------------------------------------------------------------------------------------------
# What was recognised, for the page

def header_of(label: str) -> str:
    """'E «Кол-во | всего»' → 'Кол-во | всего'; 'F «Учащиеся 10-11 кл.» — «обучающиеся» взято из столбца E «…»' →
    'Учащиеся 10-11 кл.' (the header in the first «…», quotes inside it kept: «Шоу «Профессии»»)."""
    text = label or ""
    start = text.find("«")
    depth = 0
    for i in range(start, len(text)) if start >= 0 else ():
        depth += {"«": 1, "»": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1:i]
    return text


def field_choices(kind: str) -> dict[str, str]:
    """field -> Russian label, for the «map this column» select box."""
    out = {f: pipeline.FIELD_LABELS_RU.get(f, f) for f in pipeline.KIND_FIELDS.get(kind, [])}
    if kind == "effectiveness":  # a column of a wide form holds one indicator's figures
        out.update({code: f"показатель: {name}" for code, name in schema.indicator_names().items()})
    return out


def indicator_choices() -> dict[str, str]:
    """indicator code -> its name, for the «which indicator is this row» select box."""
    return dict(schema.indicator_names())


def kind_choices() -> dict[str, str]:
    return {k: KIND_LABELS_RU[k] for k in KINDS}


def regions() -> list[dict]:
    try:
        return list(pipeline._registry().regions())
    except Exception:  # the registry is optional for the page to render
        return []


def region_name(code: str | None) -> str:
    for r in regions():
        if r.get("code") == code:
            return r.get("name") or code
    return code or "—"


def period_ru(label: str | None) -> str:
    """«III квартал 2023 г.»; a file with rows of several periods («2023-H2, 2024-H1») names each."""
    if not label:
        return "не определён"
    from etl import periods

    parts = [p.strip() for p in str(label).split(",")]
    if all(periods.is_valid(p) for p in parts):
        return ", ".join(periods.period_label_ru(p) for p in parts)
    return label


def sheet_table(prepared: pipeline.Prepared) -> list[dict]:
    """Per sheet: used or why not, header rows, matched and unmatched columns, skipped rows."""
    out = []
    for r in prepared.sheets:
        out.append({
            "sheet": r.sheet, "used": r.used, "reason": r.reason, "why_left": r.why_left,
            "header_rows": (f"{r.header_rows[0]}–{r.header_rows[1]}" if r.header_rows and r.header_rows[0] !=
                            r.header_rows[1] else (str(r.header_rows[0]) if r.header_rows else "—")),
            "matched": [(pipeline.FIELD_LABELS_RU.get(f, f), col) for f, col in r.matched.items()],
            "why": {pipeline.FIELD_LABELS_RU.get(f, f): w for f, w in r.why.items()},
            "unmatched": list(r.unmatched), "ignored": list(r.ignored),
            "data_rows": r.data_rows, "skipped": dict(r.skipped_rows), "municipality": r.municipality,
            "layout": r.layout, "merged_filled": r.merged_filled,
        })
    return out


def column_values(prepared: pipeline.Prepared, label: str) -> str:
    """«1 240; 860; 512» — the first values of a column the analyst is asked about, as the file has them."""
    for r in prepared.sheets:
        got = next((v for k, v in (r.values or {}).items() if label == k or label.startswith(k + " — ")), None)
        if got:
            return "; ".join(got)
    return ""


def unmatched_columns(prepared: pipeline.Prepared, overrides: dict[str, str] | None = None
                      ) -> list[tuple[str, str, bool]]:
    """(label, header, known to hold no figure) of columns to map, over all used sheets, without repeats: those the
    analyst mapped now (`overrides`) or earlier whose values the checks refute — so that a choice can be changed —,
    those read as a field that a question of the file is about («В столбце вместе обучающиеся и родители»: tester
    round t79 — the page offered no choice for it), then those no field was matched to, then those known to hold no
    figure (№ п/п, примечание: offered apart, in case one does hold a figure)."""
    seen, out = set(), []
    refuted = {x.column for x in prepared.errors if x.column}
    asked = {x.column for x in prepared.errors if x.column and x.row is None}  # (a question about a column read)
    for r in prepared.sheets:
        chosen = [label for f, why in r.why.items() if why == CHOSEN and (label := r.matched.get(f))
                  and (header_of(label) in (overrides or {}) or label in refuted)]
        chosen += [label for label in r.matched.values() if label in asked]
        for label, ignored in [*((x, False) for x in [*chosen, *r.unmatched]), *((x, True) for x in r.ignored)]:
            h = header_of(label)
            if h and h not in seen:
                seen.add(h)
                out.append((label, h, ignored))
    # an answer read into a group of columns (a wide form's indicator or event columns, named together, not one by
    # one): still offered, so that it can be changed (tester round t89: it vanished after «Применить»)
    out += [(f"«{h}»", h, False) for h in overrides or {}
            if h not in seen and header_key(h) not in prepared.row_answers]  # (a row's indicator: _indicators)
    return out


def unknown_municipalities(prepared: pipeline.Prepared) -> dict[str, list[tuple[str, str, float]]]:
    """Written names that matched no municipality → suggestions [(municipality, region_code, score)]."""
    out: dict[str, list] = {}
    for p in prepared.problems:
        if p.rule == "unknown_municipality" and p.value not in (None, "") and str(p.value) not in out:
            try:
                out[str(p.value)] = list(pipeline._registry().suggest(str(p.value), prepared.region, limit=3))
            except Exception:
                out[str(p.value)] = []
    return out


def unknown_indicators(prepared: pipeline.Prepared, overrides: dict[str, str] | None = None) -> dict[str, str | None]:
    """A long effectiveness form's row texts no indicator was found for, and those the analyst gave one (so that the
    choice can be changed): written text → the indicator code given (None: not yet)."""
    out = {h: f for h, f in (overrides or {}).items() if header_key(h) in prepared.row_answers}
    for p in prepared.problems:
        if p.rule == "unknown_indicator" and p.value not in (None, "") and str(p.value) not in out:
            out[str(p.value)] = None
    return out


def confirm_alias(s: Staged, written: str, municipality: str, region_code: str) -> None:
    """The analyst confirmed «written name = municipality»: it becomes an alias in the registry."""
    pipeline._registry().add_alias(written, municipality, region_code)
    s.aliases.append((written, municipality))


def _shown(v) -> str:
    """A normalised value as the analyst reads it: «да»/«нет», 15.09.2023, 1 200, empty for nothing."""
    import math
    from datetime import date

    from app.fmt import fmt_date, fmt_int, fmt_num

    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool):
        return "да" if v else "нет"
    if isinstance(v, date):
        return fmt_date(v)
    if isinstance(v, int):
        return fmt_int(v)
    if isinstance(v, float):
        return fmt_int(v) if v.is_integer() else fmt_num(v, 2)
    return str(v)


def preview_frame(prepared: pipeline.Prepared, limit: int = 200) -> pd.DataFrame:
    """The normalised rows (Russian column names, readable values); rows with errors first-column «да»."""
    df = prepared.preview(limit)
    names = {**pipeline.FIELD_LABELS_RU, "ошибка": "есть ошибка", "region": "регион", "source_file": "файл",
             "source_sheet": "лист", "source_row": "строка", "deadline": "срок (дата)"}
    indicators = schema.indicator_names()  # an indicator by its Russian name, not its code
    out = pd.DataFrame({names.get(c, c): [("да" if v else "") if c == "ошибка" else
                                          str(v) if c == "source_row" else
                                          indicators.get(v, _shown(v)) if c == "indicator_code" else _shown(v)
                                          for v in df[c]]
                        for c in df.columns})
    return out


def styled_preview(df: pd.DataFrame):
    """Rows with errors tinted as in the error report."""
    return df.style.apply(lambda row: [f"background-color: #{ERROR_FILL}" if row.iloc[0] == "да" else ""] * len(row),
                          axis=1)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    df = pd.DataFrame([{
        "Лист": p.sheet or "", "Строка": p.row, "Столбец": p.column or "",
        "Значение": p.shown_value or "", "Замечание": p.message, "Подсказка": page_hint(p.hint),
        "Важность": p.level,  # критическая (the file) / ошибка (the row) / предупреждение
    } for p in problems], columns=["Лист", "Строка", "Столбец", "Значение", "Замечание", "Подсказка", "Важность"])
    # Excel row numbers as text: blank for the file as a whole (a number column would show 3.0, or «None»)
    df["Строка"] = ["" if p.row is None else str(p.row) for p in problems]
    return df


# ---------------------------------------------------------------------------------------------
# The error report: the analyst's own workbook with the bad cells highlighted + a sheet «Ошибки»

def report_file_name(name: str) -> str:
    return f"{Path(name).stem}_ошибки.xlsx"


def _own_workbook(path: Path):
    """The uploaded workbook as openpyxl: itself for xlsx/xlsm, an xlsx copy of the cells for xls/csv/ods.

    The product's reader runs first: a file it refuses (zip or XML bomb, far cell, password, corrupt) is never
    handed to openpyxl, which has no such guards; the report then lists the problems alone."""
    import openpyxl

    from etl import reader

    try:
        src = reader.read_workbook(path)
    except Exception:
        return None
    # a file of more filled cells than a form has gets the list of problems alone (t91: the report of a 5,6 KB .xls
    # took 98 s and 4,9 GB)
    if sum(len(c) - c.null_count for sheet in src.sheets for c in sheet.columns) > REPORT_MAX_CELLS:
        return None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            return _inert(openpyxl.load_workbook(path, data_only=True, keep_links=False))
        except Exception:
            pass
    import numpy as np

    from etl import arrow_ops
    from etl.sheet import indices, np_bool
    from etl.xlsx_cells import put

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in src.sheets:
        ws = wb.create_sheet(_sheet_title(sheet.name, wb.sheetnames))
        for j, col in enumerate(sheet.columns, start=1):
            if col.null_count == len(col):
                continue
            at = np.flatnonzero(~np_bool(arrow_ops.is_null(col)))
            for i, v in zip(at.tolist(), sheet.values(arrow_ops.take(col, indices(at.tolist())))):
                # (the filled cells only: every cell of a far cell's range was copied) a text «=HYPERLINK(…)» stays
                put(ws, i + 1, j, _cell_value(v))  # that text, never a formula
    return wb


REPORT_MAX_CELLS = 500_000  # filled cells copied into an error report (a form has a few thousand)


def _inert(wb):
    """The coordinator's own workbook with nothing in it that acts when opened: every formula as the value it
    showed (data_only; links to other workbooks were not loaded), no cell hyperlinks, no names but the print
    settings' — the report goes back to the municipality; a text that starts like a formula keeps Excel's typed-text
    mark (etl/xlsx_cells.py), so editing the cell there does not make it one."""
    from etl.xlsx_cells import as_text

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.hyperlink is not None:
                    cell.hyperlink = None
                if isinstance(cell.value, str):
                    as_text(cell)
        ws._hyperlinks = []
        for name in list(ws.defined_names):
            del ws.defined_names[name]
    for name in list(wb.defined_names):
        if not name.startswith("_xlnm"):
            del wb.defined_names[name]
    return wb


def _cell_value(v):
    from datetime import date, datetime, time

    if v is None or isinstance(v, (str, int, float, date, datetime, time, bool)):
        return v
    return str(v)


def _sheet_title(name: str, existing: list[str]) -> str:
    t = re.sub(r"[\[\]:*?/\\]", "_", name or "Лист")[:31] or "Лист"
    base, i = t, 2
    while t in existing:
        t = f"{base[:27]} ({i})"
        i += 1
    return t


# what only the analyst can do (a parameter of the command line) is left out of the report a municipality gets
_CLI_HINT = [
    (re.compile(r"\s*или загрузите файл (?:командой )?с параметром --map \"[^\"]*\"(?: \([^()]*\))?"), ""),
    (re.compile(r";\s*если [^;—]*— --map \"[^\"]*\"(?: \([^()]*\))?"), ""),
    (re.compile(r"\s*или параметром --map (?:«[^»]*»|\"[^\"]*\")(?: \([^()]*\))?"), ""),
    (re.compile(r"\(параметр --\w+(?: \w+)? или (поле «[^»]*»)\)"), r"(\1)"),
    (re.compile(r"\(параметр --\w+ или "), "("),
    (re.compile(r"в параметре --\w+, "), ""),
    (re.compile(r"в параметре --\w+ или "), ""),
    (re.compile(r"\s*\(в командной строке — python -m etl \w+(?: \"[^\"]*\")*\)"), ""),  # (… alias "…" "…")
    # (the page itself: «на странице «Загрузка данных» (раздел «Исправить распознавание»)» read oddly there — t89)
    (re.compile(r"\s*или в командной строке \(--map\), а запомненное удалите: python -m etl mappings --remove \w+"),
     ", а запомненное забудьте кнопкой «Забыть запомненное сопоставление» там же"),
    (re.compile(r"на странице «Загрузка данных» \(раздел «Исправить распознавание»\)"),
     "в разделе «Исправить распознавание»"),
    (re.compile(r"(в разделе «[^»]*») страницы «Загрузка данных»"), r"\1"),
    (re.compile(r"на странице «Загрузка данных»"), "в разделе «Исправить распознавание»"),
    (re.compile(r"\s*\(data/reference/[\w.]+\)"), ""),  # a file of the server, not the analyst's to open
]


# what only an analyst can reach: their page, the command line
_ANALYST_PAGE = re.compile(r"«Загрузка данных»|Исправить распознавание|--\w|python -m")
MUNICIPAL_FALLBACK = ("Исправьте файл по бланку формы и отправьте его снова; если не получается — обратитесь к "
                      "аналитику региона")


def page_hint(hint: str | None) -> str:
    """A hint without the command line's parameters («(параметр --region или поле «Регион»)» → «(поле «Регион»)»):
    as the upload page shows it."""
    text = hint or ""
    for rx, to in _CLI_HINT:
        text = rx.sub(to, text)
    # any other clause naming a parameter («; в командной строке — --map "…"», « или --map "…"» in brackets): a
    # header in it may hold «.», «|» and brackets — the clause goes whole, quoted text and brackets with it
    for rx in _CLI_CLAUSE:
        text = rx.sub("", text)
    return text if "--" not in text else re.sub(r"[^.;]*--[^.;]*[.;]?\s*", "", text).strip()


_CLI_CLAUSE = (re.compile(r";\s*(?:\"[^\"]*\"|«[^»]*»|[^;\"«])*?--\w+(?:\"[^\"]*\"|«[^»]*»|[^;\"«])*"),
               re.compile(r"\s+или\s+(?:\"[^\"]*\"|«[^»]*»|[^;()\"«])*?--\w+(?:\"[^\"]*\"|«[^»]*»|[^;()\"«])*"))


def municipal_hint(hint: str | None) -> str:
    """A hint without the command line's parameters (the error report goes to the municipality); one that still
    speaks of the analyst's page («укажите его на странице «Загрузка данных»») becomes what a municipality can do."""
    text = page_hint(hint)
    return MUNICIPAL_FALLBACK if _ANALYST_PAGE.search(text) else text


def error_report(path: Path, problems: list[Problem]) -> bytes:
    """xlsx bytes: the file with each problem's cell filled (comment = message + hint) and a first sheet «Ошибки»."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    from etl.xlsx_cells import put_row

    wb = _own_workbook(Path(path))
    if wb is None:  # unreadable file: the list of problems alone
        wb = openpyxl.Workbook()
        wb.remove(wb.active)
    fills = {"error": PatternFill("solid", fgColor=ERROR_FILL), "warning": PatternFill("solid", fgColor=WARNING_FILL)}
    for p in problems:
        if not p.sheet or not p.row or p.sheet not in wb.sheetnames:
            continue
        ws = wb[p.sheet]
        m = _LETTER_RE.match(p.column or "")
        fill = fills.get(p.severity, fills["error"])
        if m:
            cell = ws[f"{m.group(1)}{p.row}"]
            cell.fill = fill
            hint = municipal_hint(p.hint)
            text = p.message + (f". {hint}" if hint else "")
            if cell.comment is not None:
                text = cell.comment.text + "\n" + text
            cell.comment = Comment(text[:2000], "Проверка")
        else:  # no cell to point at: mark the whole row
            for c in ws[p.row]:
                c.fill = fill
    title = _sheet_title("Ошибки", wb.sheetnames)
    ws = wb.create_sheet(title, 0)
    head = ["Лист", "Строка", "Столбец", "Значение", "Замечание", "Подсказка", "Важность"]
    ws.append(head)
    for c in ws[1]:
        c.font = Font(bold=True)
    for i, p in enumerate(sorted(problems, key=lambda p: (p.sheet or "", p.row or 0, p.column or "")), start=2):
        put_row(ws, i, [p.sheet or "", p.row, p.column or "", (p.shown_value or "")[:500], p.message,
                        municipal_hint(p.hint), p.level])
    for col, width in zip("ABCDEFG", (18, 8, 28, 24, 50, 60, 14)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    if problems:
        ws.auto_filter.ref = f"A1:G{len(problems) + 1}"
    wb.active = 0
    for other in wb.worksheets[1:]:
        other.sheet_view.tabSelected = False
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# History and rollback

def history(db_path) -> pd.DataFrame:
    """Every load, newest first (the `loads` contract view)."""
    if not Path(db_path).exists():
        return pd.DataFrame(columns=["load_id", "file_name", "sha256", "kind", "period", "region", "status",
                                     "rows_loaded", "rows_rejected", "loaded_at", "loaded_by", "message",
                                     "archive_path"])
    # (a submission a newer one replaced before any decision: «заменено новой сдачей», as the acceptance list says)
    return db.query_df(db_path, """SELECT l.*, CASE WHEN l.load_id NOT IN (SELECT load_id FROM acceptance_log)
                                               THEN NULL
                                          WHEN l.status = 'replaced' AND a.state = 'pending' THEN 'superseded'
                                          ELSE a.state END AS acceptance
                                   FROM loads l LEFT JOIN load_acceptance a USING (load_id)
                                   ORDER BY l.load_id DESC""")


WHO_RU = {"local": "локальный пользователь", "cli": "командная строка", "": "—"}


def who_ru(who) -> str:
    """Who loaded, as a person reads it: the name the users file gives the login, «local» (no users file) and
    «cli» in Russian, nothing as «—»."""
    if who is None or (isinstance(who, float) and who != who):
        return "—"
    if str(who) in WHO_RU:
        return WHO_RU[str(who)]
    from app.users import display_name

    return display_name(str(who)) or str(who)


def history_display(df: pd.DataFrame) -> pd.DataFrame:
    from app.fmt import fmt_int

    # what an analyst looks for first — which file, whether it is in use — on the left; the checksum last
    return pd.DataFrame({
        "№": df["load_id"].astype(int),
        "Когда": [fmt_datetime(t, "") for t in df["loaded_at"]],
        "Файл": df["file_name"].fillna(""),
        "Статус": [STATUS_RU.get(s, s) for s in df["status"]],
        # (a NULL comes from DuckDB as None or NaN: a roadmap has no period, a refused file no kind)
        "Вид формы": [KIND_LABELS_RU.get(k, "—") if isinstance(k, str) and k else "—" for k in df["kind"]],
        "Период": [period_ru(p) if isinstance(p, str) and p else "—" for p in df["period"]],
        "Загружено строк": [fmt_int(v) for v in df["rows_loaded"]],
        "Отклонено строк": [fmt_int(v) for v in df["rows_rejected"]],
        "Приёмка": [acceptance.STATE_RU.get(a, "—") if isinstance(a, str) else "—"
                    for a in (df["acceptance"] if "acceptance" in df else [None] * len(df))],
        "Кто": [who_ru(w) for w in df["loaded_by"]],  # (before the long «Итог»: in view — tester round t82)
        "Итог": df["message"].fillna(""),
        "Регион": [region_name(r) if isinstance(r, str) and r else "—" for r in df["region"]],
        "Контрольная сумма": df["sha256"].fillna("").str[:12],
    })


_QUARANTINE_COLS = 'sheet, "row", column_name, value, rule, message, hint, severity'
_QUARANTINE_ORDER = "severity <> 'error', \"row\" IS NOT NULL, sheet, \"row\""


def _problems(df: pd.DataFrame) -> list[Problem]:
    """The stored problems as Problems; a missing text (a warning of the whole file has no sheet, column or value)
    is None, whatever pandas reads the NULL as."""
    def text(v):
        return None if v is None or pd.isna(v) else v

    return [Problem("", text(r.sheet), None if pd.isna(r.row) else int(r.row), text(r.column_name), text(r.value),
                    r.rule, r.message, text(r.hint) or "", text(r.severity) or "error")
            for r in df.itertuples(index=False)]


def quarantine_of(db_path, load_id: int) -> list[Problem]:
    return _problems(db.query_df(db_path, f"SELECT {_QUARANTINE_COLS} FROM quarantine WHERE load_id = ? "
                                          f"ORDER BY {_QUARANTINE_ORDER}", [load_id]))


def warnings_of(db_path, load_ids: list[int], limit: int = 200) -> dict[int, list[Problem]]:
    """load id → its first `limit` warnings, for several loads in one query (the tracker's acceptance list)."""
    if not load_ids:
        return {}
    df = db.query_df(db_path, f"SELECT load_id, {_QUARANTINE_COLS} FROM quarantine "
                              "WHERE list_contains(?::BIGINT[], load_id) AND severity = 'warning' "
                              f"QUALIFY row_number() OVER (PARTITION BY load_id ORDER BY {_QUARANTINE_ORDER}) <= ? "
                              f"ORDER BY load_id, {_QUARANTINE_ORDER}", [[int(i) for i in load_ids], limit])
    return {int(k): _problems(g.drop(columns="load_id")) for k, g in df.groupby("load_id")}


def audit_log(db_path, limit: int = 200) -> pd.DataFrame:
    if not Path(db_path).exists():
        return pd.DataFrame(columns=["Когда", "Кто", "Действие", "Загрузка", "Что сделано"])
    df = db.query_df(db_path, "SELECT happened_at, who, action, load_id, message FROM audit_log "
                              "ORDER BY happened_at DESC LIMIT ?", [limit])
    return pd.DataFrame({
        "Когда": [t.strftime("%d.%m.%Y %H:%M:%S") for t in pd.to_datetime(df["happened_at"])],
        "Кто": [who_ru(w) for w in df["who"]], "Действие": [ACTION_RU.get(a, a) for a in df["action"]],
        "Загрузка": df["load_id"], "Что сделано": df["message"],
    })


def rollback(db_path, load_id: int, who: str) -> str:
    """Roll a load back (the caller has checked the role); says which earlier version came back."""
    msg = db.rollback_load(db_path, load_id, who=who)
    data_changed()
    return msg


def period_help() -> str:
    """How each region of the reference reports, for the period's field: «Московская область — ежеквартально
    («I квартал 2024»); Сахалинская область — раз в полгода («2-е полугодие 2023») …»."""
    from etl import periods
    from etl.registry import get_registry

    how = "; ".join(f"{names} — {cad} («{ex}»)"
                    for names, cad, ex in periods.cadence_examples(get_registry().regions()))
    return f"{how}. Можно написать и «за I квартал 2024 года» или «по состоянию на 01.04.2024»."

