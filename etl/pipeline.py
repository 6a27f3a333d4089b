"""The ETL pipeline: read → locate the table → map columns → normalise → validate → (commit in db.py).

`prepare()` never writes: the upload page shows its result as a preview; `commit()` writes it in one
transaction; `load_file()` is both, as the CLI uses it.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import json
import re
import shutil
import threading
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable

from etl import (accounting, config, evidence, filenames, learned, legend, normalize, periods, reader, schema,
                 summary_form)
from etl.mapping import event_info, indicator_code  # noqa: F401  (public helpers, used by pages)
from etl.validate import FIELD_LABELS_RU, REQUIRED, validate
from etl.model import CONTROL, KIND_LABELS_RU, FileRejected, Problem, col_letter

# Field → value type (the form schema, data/reference/fields.csv); each type's parser returns (value, error_ru | None).
FIELD_TYPES = schema.FIELD_TYPES
KIND_FIELDS = schema.KIND_FIELDS


def _parse_text(v):
    # fast path: a printable string without stray spaces is already clean (clean_text would return it as is)
    if v.__class__ is str and v and v.isprintable() and v[0] != " " and v[-1] != " " and "  " not in v:
        return v, None
    return normalize.clean_text(v), None


def _parse_inn(v):
    if v.__class__ is str and len(v) in (10, 12) and v.isascii() and v.isdigit():
        return v, None
    return normalize.parse_inn(v)


def _parse_indicator(v):
    if v is None or (isinstance(v, str) and not v.strip()):
        return None, None
    code = indicator_code(v)
    return (code, None) if code else (None, "Неизвестный показатель")


class _Memo(dict):
    """Parsed value per distinct raw value, filled as the column is read (one C-level pass for the column)."""

    def __init__(self, parse):
        super().__init__()
        self.parse = parse
        self.bad: dict = {}

    def __missing__(self, v):
        value, error = self.parse(v)
        if error is not None:
            self.bad[v] = error
        self[v] = value
        return value


def _parse_column(parse, raw: list) -> tuple[list, list[int], dict]:
    """Parse a column once per distinct value: (values, indices of bad cells, {index: error})."""
    if parse is _parse_text:  # mostly distinct values (names): inline fast path, no memo
        clean = normalize.clean_text
        return [v if (v.__class__ is str and v and v.isprintable() and v[0] != " " and v[-1] != " "
                      and "  " not in v) else clean(v) for v in raw], [], {}
    if parse is _parse_inn:  # distinct values: plain 10/12-digit strings pass as they are
        vals = [v if (v.__class__ is str and len(v) in (10, 12) and v.isascii() and v.isdigit()) else None
                for v in raw]
        errors = {}
        if vals.count(None) != raw.count(None):  # some values need the full parser
            for i, v in enumerate(raw):
                if v is not None and vals[i] is None:
                    vals[i], e = normalize.parse_inn(v)
                    if e is not None:
                        errors[i] = e
        return vals, sorted(errors), errors
    memo = _Memo(parse)
    try:
        vals = list(map(memo.__getitem__, raw))
        # True == 1 (and False == 0) share a key: with a bool in the column, keep the type in the key (slow path)
        if (1 in memo or 0 in memo) and bool in set(map(type, raw)):
            raise TypeError
    except TypeError:  # that, or an unhashable value
        pass
    else:
        bad = memo.bad
        if not bad:
            return vals, [], {}
        errors = {i: bad[v] for i, v in enumerate(raw) if v in bad}
        return vals, sorted(errors), errors
    keyed: dict = {}
    vals, errors = [], {}
    for i, v in enumerate(raw):
        key = (v.__class__, v)
        try:
            r = keyed[key]
        except KeyError:
            r = keyed[key] = parse(v)
        except TypeError:  # unhashable
            r = parse(v)
        vals.append(r[0])
        if r[1] is not None:
            errors[i] = r[1]
    return vals, sorted(errors), errors


# the type parsers, with fast paths for the columns of mostly distinct values (names, INNs)
TYPE_PARSERS = {**normalize.PARSERS, "text": _parse_text, "inn": _parse_inn}
R_SUMMARY_SHEET = "сводный лист: повторяет итоги других листов, не загружается"
SUMMARY_SHEET_RE = re.compile(r"^\s*(свод|сводн|итог|всего|summary|total)", re.IGNORECASE)
# sheets that explain the form or hold its lists, not data (a sample row in an instruction is no school)
HELP_SHEET_RE = re.compile(r"^\s*(инструкц|пояснени|образец|пример|памятк|справочн|списки|перечни|лист\s+справоч|"
                           r"методическ|readme|help)", re.IGNORECASE)


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
        return sorted({m for m in self.columns.get("municipality", []) if m})

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

    def as_json(self) -> str:
        def items(problems: list[Problem]) -> list[dict]:
            return [{"sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message,
                     "value": p.shown_value, "rule": p.rule, "hint": p.hint} for p in problems]

        return json.dumps({
            "file": self.file, "status": self.status, "load_id": self.load_id, "kind": self.kind,
            "period": self.period, "region": self.region, "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected, "errors": items(self.errors), "warnings": items(self.warnings),
        }, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------

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
    from etl import meaning
    from etl.mapping import catalogue

    meaning.lexicon().forms("обучающихся")  # pymorphy3's dictionaries load while the file is being read
    return catalogue()


def _municipality_from_text(reg, text: str, region: str | None):
    """A municipality named in a sheet title or a title cell («Городской округ Химки», «г.о. Королев»)."""
    if not text:
        return None
    m = reg.match(text, region)
    if m:
        return m
    for part in re.split(r"[|\n]", text):
        part = part.strip()
        if not part:
            continue
        m = reg.match(part, region)
        if m:
            return m
        # «Мониторинг … городского округа Химки», «Отчёт г.о. Королёв за I квартал»: runs of 1–3 words,
        # longest first, from the end of the text
        words = part.split()
        for n in (3, 2, 1):
            for start in range(len(words) - n, -1, -1):
                if n == len(words):
                    continue
                w = words[start:start + n]
                if any(x[:1].isdigit() for x in w):
                    continue
                m = reg.match(" ".join(w), region)
                if m:
                    return m
    return None


def _region_from_text(reg, text: str) -> str | None:
    """The region a title names in any case form («… Сахалинской области», «Московской обл.»), or the code a file
    name starts with («65_…»)."""
    key = normalize.norm_key(text)
    for r in reg.regions():  # the name as written («Республика Татарстан» too)
        if normalize.norm_key(r["name"]) in key:
            return r["code"]
    words = key.split()
    for w, nxt in zip(words, words[1:]):  # «… Сахалинской области»: the registry reads the case forms
        if nxt.startswith("обл"):
            code = reg.region_code(f"{w} {nxt}")
            if code:
                return code
    m = re.match(r"^(\d{2})[_\- ]", Path(text).name)
    if m and any(r["code"] == m.group(1) for r in reg.regions()):
        return m.group(1)
    return None


# ---------------------------------------------------------------------------------------------

@_without_cyclic_gc
def prepare(path: str | Path, *, kind: str | None = None, period: str | None = None, region: str | None = None,
            overrides: dict[str, str] | None = None, display_name: str | None = None,
            progress: Callable[[float, str], None] | None = None,
            reading: reader.PendingRead | None = None) -> Prepared:
    """Read and check one file without writing anything. Raises FileRejected for unreadable files.

    `reading`: the file already being read (`reader.start_reading(path, display_name)`); by default it starts
    here, so the catalogues load while calamine parses the file."""
    path = Path(path)
    name = display_name or path.name
    if reading is None:
        reading = reader.start_reading(path, display_name=name)
    from etl import locate, mapping
    say = progress or (lambda frac, text: None)
    reg = _registry()
    cat = _catalogue()

    if region is not None:
        code = reg.region_code(region)
        if code is None:
            raise FileRejected(Problem(name, None, None, None, region, "unknown_region",
                                       f"Неизвестный регион «{region}»",
                                       "Укажите код (50, 65) или название региона"))
        region = code
    if period is not None:
        p = period if periods.is_valid(period) else periods.parse_period(period, reg.cadence(region) if region else None)
        if p is None:
            raise FileRejected(Problem(name, None, None, None, period, "bad_period",
                                       f"Не удалось распознать период «{period}»",
                                       "Укажите период как 2024-Q1 (квартал) или 2023-H2 (полугодие)"))
        period = p

    say(0.05, "Чтение файла")
    while not reading.wait(0.2):  # a big file: the bar moves while it is read (drawn from this thread)
        say(0.05 + 0.35 * reading.fraction, "Чтение файла")
    wb = reading.result()
    sha = file_sha256(path)
    say(0.4, "Поиск таблиц")

    tables = []
    reports: list[SheetReport] = []
    for sheet in wb.sheets:
        if len(wb.sheets) > 1 and HELP_SHEET_RE.match(sheet.name):
            reports.append(SheetReport(sheet.name, False, "инструкция или справочник, а не данные: не загружается"))
            continue
        t = locate.find_table(sheet, cat)
        if t is None:
            reports.append(SheetReport(sheet.name, False, "на листе не найдена таблица с заголовками"))
            continue
        tables.append((sheet, t))
    summaries = [(sheet, t) for sheet, t in tables if summary_form.is_summary(t, cat)]
    if summaries and len(summaries) == len(tables):
        raise FileRejected([summary_form.problem(name, sheet.name, t, cat) for sheet, t in summaries[:1]])
    for sheet, t in summaries:  # beside lists of records: the summary repeats them
        reports.append(SheetReport(sheet.name, False, R_SUMMARY_SHEET))
        tables.remove((sheet, t))
    if not tables:
        raise FileRejected(Problem(name, None, None, None, None, "no_table",
                                   "В файле не найдена таблица с данными мониторинга",
                                   "Проверьте, что в файле есть строка заголовков (например, «Наименование ОО», "
                                   "«Муниципальное образование») и строки с данными под ней; "
                                   "используйте бланк формы со страницы «Загрузка данных»"))
    if kind is None:
        kind, _score = mapping.detect_kind([t for _, t in tables])
        if kind is None:
            raise FileRejected(Problem(name, None, None, None, None, "unknown_kind",
                                       "Не удалось определить вид формы по заголовкам столбцов",
                                       "Выберите вид формы вручную (параметр --kind или поле «Вид формы»)"))
    maps = []
    for sheet, t in tables:
        # The analyst's confirmed mapping for this layout applies by itself; explicit overrides win.
        sheet_overrides = {**(learned.get(mapping.layout_signature(t)) or {}), **(overrides or {})}
        samples = {c.index: _decoded(evidence.column_sample(sheet.rows, t.data_rows, c.index), c.header)
                   for c in t.columns}
        cmap = mapping.map_columns(t, cat, kind=kind, overrides=sheet_overrides or None, samples=samples)
        maps.append((sheet, t, cmap, samples))
    # Summary sheets beside detail sheets repeat the totals: never count them twice.
    detail = [m for m in maps if not SUMMARY_SHEET_RE.match(m[0].name) and m[1].data_rows]
    used = []
    for sheet, t, cmap, samples in maps:
        if detail and len(maps) > 1 and SUMMARY_SHEET_RE.match(sheet.name):
            reports.append(SheetReport(sheet.name, False, R_SUMMARY_SHEET))
            continue
        used.append((sheet, t, cmap, samples))

    problems: list[Problem] = []
    cols: dict[str, list] = {f: [] for f in KIND_FIELDS[kind]}
    src_sheet: list[str] = []
    src_row: list[int] = []
    col_of: list[dict[str, str]] = []  # per record: field -> column label (for messages)
    titles: list[str] = []
    sheet_names: list[str] = []
    coded: list[tuple[int, str, str, dict]] = []  # (record, field, code, legend): codes no legend defines

    for sheet, t, cmap, samples in used:
        if t.title_text:
            titles.append(t.title_text)
        sheet_names.append(sheet.name)
        rep = SheetReport(sheet.name, True, header_rows=(t.header_rows[0] + 1, t.header_rows[1] + 1),
                          layout=cmap.layout, data_rows=len(t.data_rows), merged_filled=t.merged_filled)
        for idx, reason in t.skipped:
            rep.skipped_rows[reason] = rep.skipped_rows.get(reason, 0) + 1
        by_index = {c.index: c for c in t.columns}

        def label(idx: int) -> str:
            c = by_index.get(idx)
            if c is None:
                return col_letter(idx)
            return f"{col_letter(idx)} «{c.header}»" + (" (скрытый столбец)" if c.hidden else "")

        rep.matched = {f: label(i) for f, i in cmap.fields.items()}
        if cmap.level_marks:
            rep.matched["level"] = _marks_label(cmap.level_marks, by_index)
        if cmap.split_participants:
            for f in cmap.split_participants[1]:
                rep.matched[f] = label(cmap.split_participants[0])
        rep.unmatched = [label(c.index) for c in cmap.unmatched if c.index not in cmap.ignorable]
        rep.ignored = [label(c.index) + _instead(cmap, c.index, label) for c in cmap.unmatched
                       if c.index in cmap.ignorable]
        rep.why = dict(cmap.why)
        missing = [f for f in (cmap.missing_required or []) if f != "municipality"]
        if missing and not _complete((sheet, t, cmap)) and any(_complete(m) for m in used if m[2] is not cmap):
            # another sheet holds the form: this one is something else (a list, a note), not an error
            rep.used = False
            rep.reason = ("нет обязательных столбцов (" + ", ".join(f"«{FIELD_LABELS_RU.get(f, f)}»" for f in missing)
                          + "): лист не загружается")
            reports.append(rep)
            continue
        # rows with one label only («Городской округ Химки», «Раздел 1. …»), per record row
        section_of = _sections_per_row(t)
        section_muni: dict[str, str] = {}
        muni_of: dict[int, str] = {}
        # rows of the levels («Базовый уровень» above its schools) when no column holds the level
        level_of = _level_sections(t, section_of) if kind == "readiness" and "level" not in cmap.fields \
            and not cmap.level_marks else {}
        if kind == "readiness" and "level" not in cmap.fields and not cmap.level_marks and not level_of:
            # one list per level, the level only in the sheet's name or title («… на основном уровне»)
            lvl, where = _level_of_sheet(sheet.name, t.title_text or "")
            if lvl:
                level_of = dict.fromkeys(t.data_rows, lvl)
                rep.matched["level"] = f"{where}: {lvl} (для всех строк листа)"
        sheet_muni_default = None
        if kind != "roadmap" and "municipality" not in cmap.fields:
            m_sheet = _municipality_from_text(reg, sheet.name, region)
            m_title = _municipality_from_text(reg, t.title_text or "", region)
            m = m_sheet or m_title
            if m_sheet and m_title and m_sheet.municipality != m_title.municipality:
                problems.append(Problem(name, sheet.name, None, None, None, "municipality_conflict",
                                        f"Лист назван «{sheet.name}», а в заголовке — {m_title.municipality}: "
                                        f"строки учтены за {m_sheet.municipality}",
                                        "Если верен муниципалитет из заголовка, переименуйте лист и загрузите "
                                        "файл снова", "warning"))
            if m is None and len(used) == 1:
                m = _municipality_from_text(reg, Path(name).stem.replace("_", " "), region)
            # section rows naming a municipality («2. Пушкинский городской округ»): a sheet may hold several
            # municipalities' blocks one under another; rows under such a section belong to it, rows before the
            # first one to the municipality of the sheet name or title
            for text in dict.fromkeys(section_of.values()):
                sm = _municipality_from_text(reg, text, region)
                if sm is not None:
                    section_muni[text] = sm.municipality
            muni_of = _sections_per_row(t, only=set(section_muni)) if section_muni else {}
            if m is None and not section_muni:
                problems.append(Problem(name, sheet.name, None, None, None, "no_municipality",
                                        "Не указано муниципальное образование: нет столбца с ним, а название листа "
                                        "и заголовок его не содержат",
                                        "Добавьте столбец «Муниципальное образование» или назовите лист по "
                                        "муниципалитету (например, «Химки»)"))
                reports.append(rep)
                continue
            if m is not None:
                rep.municipality = m.municipality
            if section_muni:  # the report names every municipality of the sheet
                shown = ([m.municipality] if m is not None else []) + list(section_muni.values())
                rep.municipality = ", ".join(dict.fromkeys(shown))
                sheet_muni_default = m.municipality if m is not None else None
        sheet_event = None
        if kind == "events" and cmap.layout == "long" and "event" in missing:
            # one sheet per event: the event is the sheet's title or name («Шоу профессий»)
            sheet_event = _event_of_sheet(sheet.name, t.title_text or "", region)
            if sheet_event:
                missing = [f for f in missing if f != "event"]
                rep.matched["event"] = f"лист «{sheet.name}»: {sheet_event}"
        have = ({"level"} if level_of else set()) | ({"event"} if sheet_event else set())
        found, asked = accounting.account(name, sheet.name, rep.header_rows[0], cmap, kind, samples, label, have)
        problems.extend(found)
        if missing and not (kind in ("events", "effectiveness") and cmap.layout == "wide"):
            for f in missing:
                if f in asked:
                    continue  # the column that may hold it is named above
                problems.append(Problem(name, sheet.name, rep.header_rows[0], None, None, "missing_column",
                                        f"Нет обязательного столбца «{FIELD_LABELS_RU.get(f, f)}»",
                                        "Добавьте столбец или сопоставьте его вручную на странице загрузки"))
            reports.append(rep)
            continue
        reports.append(rep)
        problems.extend(_formula_errors(name, sheet, t, cmap, label))
        rows = sheet.rows
        fields = dict(cmap.fields)
        flabels = {f: label(i) for f, i in fields.items()}
        if cmap.level_marks:
            flabels["level"] = rep.matched["level"]
        if cmap.split_participants:
            flabels.update({f: rep.matched[f] for f in cmap.split_participants[1]})
        if sheet_event:
            flabels["event"] = f"лист «{sheet.name}»"
        sheet_muni = sheet_muni_default if section_muni else rep.municipality

        def base(r: list, ri: int) -> dict:
            rec = {f: (r[i] if i < len(r) else None) for f, i in fields.items()}
            if section_muni and "municipality" not in rec:
                rec["municipality"] = section_muni.get(muni_of.get(ri), sheet_muni)
            elif sheet_muni is not None:
                rec["municipality"] = sheet_muni
            return rec

        def add(rec: dict, ri: int, labels: dict[str, str]):
            for f in cols:
                cols[f].append(rec.get(f))
            src_sheet.append(sheet.name)
            src_row.append(ri + 1)
            col_of.append(labels)

        if kind == "events" and cmap.layout == "wide":
            for ri in t.data_rows:
                r = rows[ri]
                b = base(r, ri)
                for ev_text, sub in cmap.wide_groups:
                    vals = {k: (r[i] if i < len(r) else None) for k, i in sub.items()}
                    if all(v in (None, "") for v in vals.values()):
                        continue
                    rec = dict(b)
                    rec.update(vals)
                    rec["event"] = ev_text
                    add(rec, ri, {**flabels, **{k: label(i) for k, i in sub.items()}})
        elif kind == "effectiveness" and cmap.layout == "wide":
            for ri in t.data_rows:
                r = rows[ri]
                b = base(r, ri)
                for code, i in cmap.wide_groups:
                    v = r[i] if i < len(r) else None
                    if v in (None, "") or (isinstance(v, str) and not v.strip()):
                        continue
                    rec = dict(b)
                    rec["indicator_code"] = code
                    rec["value"] = v
                    add(rec, ri, {**flabels, "value": label(i), "indicator_code": label(i)})
        else:
            # long layout: column by column (fast on 100 000 rows)
            split_col = [cmap.split_participants[0]] if cmap.split_participants else []
            w = max([*fields.values(), *cmap.level_marks.values(), *split_col], default=-1) + 1
            data = [r if len(r) >= w else r + [None] * (w - len(r)) for r in map(rows.__getitem__, t.data_rows)]
            split = _split_participants(data, *cmap.split_participants) if cmap.split_participants else {}
            k = len(data)
            # most of the first w columns are fields: transpose them in one C-level pass (zip), else pick each
            by_col = list(islice(zip(*data), w)) if data and 2 * len(fields) >= w else None
            for f, lst in cols.items():
                i = fields.get(f)
                lg = legend.legend_of(by_index[i].header) if i is not None else None
                if lg:  # codes explained in the header («1 – базовый, 2 – основной …»)
                    vals, undefined = legend.decode(list(by_col[i] if by_col is not None else
                                                         map(itemgetter(i), data)), lg)
                    coded.extend((len(lst) + j, f, code, lg) for j, code in undefined.items())
                    lst.extend(vals)
                elif i is not None:
                    lst.extend(by_col[i] if by_col is not None else map(itemgetter(i), data))
                elif f == "level" and cmap.level_marks:
                    lst.extend(_level_from_marks(data, cmap.level_marks))
                elif f == "level" and level_of:
                    lst.extend([level_of.get(ri) for ri in t.data_rows])
                elif f == "event" and sheet_event:
                    lst.extend([sheet_event] * k)
                elif f in split:
                    lst.extend(split[f])
                elif f == "municipality" and section_muni:
                    lst.extend([section_muni.get(muni_of.get(ri), sheet_muni) for ri in t.data_rows])
                elif f == "municipality" and sheet_muni is not None:
                    lst.extend([sheet_muni] * k)
                elif f == "section" and section_of:
                    lst.extend([section_of.get(ri) for ri in t.data_rows])
                else:
                    lst.extend([None] * k)
            src_sheet.extend([sheet.name] * k)
            src_row.extend([ri + 1 for ri in t.data_rows])
            col_of.extend([flabels] * k)

    say(0.6, "Проверка значений")
    n = len(src_row)
    # where the period / region may be named: the title rows first, then the file name, then sheet names
    title_texts = titles + [name] + sheet_names
    # Region: explicit, or inferred from the municipalities, or named in the title / file name.
    raw_munis = cols.get("municipality", [])
    if region is None and kind != "roadmap":
        region = reg.infer_region({str(v) for v in set(raw_munis) if v not in (None, "")})
    if region is None:
        for text in title_texts:
            region = _region_from_text(reg, text)
            if region:
                break
    if region is None and kind != "roadmap":  # a municipality named in the title («… городской округ Мытищи»)
        for text in title_texts:
            m = _municipality_from_text(reg, text, None)
            if m is not None:
                region = m.region_code
                break
    if region is None:
        problems.append(Problem(name, None, None, None, None, "no_region",
                                "Не удалось определить регион: муниципалитеты не распознаны",
                                "Укажите регион (параметр --region или поле «Регион»)"))
    cadence = reg.cadence(region) if region else None
    if period is not None and cadence and periods.is_valid(period):
        period = periods.to_cadence(period, cadence)  # «I квартал» for a half-yearly region → its half-year
    if period is None and kind != "roadmap":
        period = _period_from_texts(title_texts, cadence)
        in_title, in_name = _period_from_texts(titles, cadence), _period_from_texts([name], cadence)
        if in_title and in_name and in_title != in_name:
            problems.append(Problem(name, None, None, None, None, "period_conflict",
                                    f"В заголовке формы — {periods.period_label_ru(in_title)}, в имени файла — "
                                    f"{periods.period_label_ru(in_name)}: взят период из заголовка",
                                    "Если верен период из имени файла, укажите его (параметр --period или поле "
                                    "«Период»)", "warning"))
    if period and cadence == "quarter" and periods.is_valid(period) and periods.cadence_of(period) == "half":
        # a half-year cannot be put into quarters: the figures would sit in a period the region does not have
        rname = next((r["name"] for r in reg.regions() if r["code"] == region), region)
        problems.append(Problem(name, None, None, None, periods.period_label_ru(period), "period_cadence",
                                f"Период «{periods.period_label_ru(period)}» — полугодие, а {rname} отчитывается "
                                "по кварталам",
                                "Укажите квартал (например, 2024-Q2) в параметре --period или в поле «Период»"))
    has_period_col = kind == "effectiveness" and any(v not in (None, "") for v in cols.get("period", []))
    if period is None and kind != "roadmap" and not has_period_col:
        problems.append(Problem(name, None, None, None, None, "no_period",
                                "Не указан отчётный период: его нет ни в заголовке таблицы, ни в имени файла",
                                "Укажите период (например, 2024-Q1 или «за I квартал 2024 года») "
                                "в параметре --period, в поле «Период» или в заголовке формы"))

    bad: set[int] = set()

    def err(i: int, f: str, value: Any, rule: str, message: str, hint: str = "", severity: str = "error"):
        problems.append(Problem(name, src_sheet[i], src_row[i], col_of[i].get(f, FIELD_LABELS_RU.get(f, f)),
                                value, rule, message, hint, severity))
        if severity == "error":
            bad.add(i)

    for i, f, code, lg in coded:
        err(i, f, code, "undefined_code", f"Код «{code}» не описан в заголовке столбца ({legend.shown(lg)})",
            "Исправьте значение или дополните пояснение кодов в заголовке")

    # Normalise column by column, memoised on distinct raw values.
    out: dict[str, list] = {}
    for f, raw in cols.items():
        if f == "municipality":
            continue
        if f == "period":
            out[f] = raw
            continue
        if f == "indicator_code":
            vals, bad_idx, errors = _parse_column(_parse_indicator, raw)
            for i in bad_idx:
                err(i, f, raw[i], "unknown_indicator", "Неизвестный показатель",
                    "Используйте наименование или код из справочника показателей (data/reference/indicators.csv)")
            out[f] = vals
            continue
        typ = FIELD_TYPES[f]
        if typ == "date":
            raw, first = _month_first(raw)
            if first is not None:
                err(first, f, cols[f][first], "month_first_dates",
                    "Даты в столбце записаны как месяц/день/год (английский Excel): так и прочитаны",
                    "Проверьте даты; в русском Excel — ДД.ММ.ГГГГ", "warning")
        if typ == "text":
            first = _first_control(raw)
            if first is not None:  # stripped by clean_text; said once for the column
                err(first, f, None, "control_characters",
                    "В тексте столбца есть невидимые управляющие символы (например, из другой программы): они "
                    "удалены, текст загружен без них", "Если текст выглядит неверно, исправьте его в файле",
                    "warning")
        vals, bad_idx, errors = _parse_column(TYPE_PARSERS[typ], raw)
        for i in bad_idx:
            err(i, f, raw[i], f"bad_{typ}", errors[i], _hint_for(typ))
        out[f] = vals

    # Municipalities → canonical names; never guess silently (once per distinct spelling).
    if kind != "roadmap":
        def muni(v):
            if v is None or (isinstance(v, str) and not v.strip()):
                return None, ("missing_municipality", "Не указано муниципальное образование",
                              "Заполните столбец «Муниципальное образование»")
            m = reg.match(str(v), region)
            if m is None:
                sug = reg.suggest(str(v), region, limit=3)
                hint = ("Возможно, имелось в виду: " + ", ".join(f"«{s[0]}» ({s[2]:.0f} %)" for s in sug)
                        + ". Подтвердите соответствие на странице загрузки") if sug else \
                    "Проверьте написание по справочнику муниципалитетов"
                return None, ("unknown_municipality", "Неизвестное муниципальное образование", hint)
            if region and m.region_code != region:
                other = next((r["name"] for r in reg.regions() if r["code"] == m.region_code), m.region_code)
                return m.municipality, ("foreign_municipality",
                                        f"Муниципалитет относится к другому региону: {other}",
                                        "Проверьте, что в файле данные одного региона")
            return m.municipality, None

        munis, bad_idx, errors = _parse_column(muni, raw_munis)
        for i in bad_idx:
            rule, message, hint = errors[i]
            err(i, "municipality", raw_munis[i], rule, message, hint)
        out["municipality"] = munis
        # a unit merged since 2023 («Протвино» → Серпухов): said once per spelling, since the rows count for the
        # unit that absorbed it and replace that unit's submission
        merged = []
        for v in dict.fromkeys(raw_munis):  # distinct spellings, in order
            if v.__class__ is str:
                m = reg.match(v, region)
                if m is not None and m.how == "merged" and (not region or m.region_code == region):
                    merged.append((v, m))
        for v, m in merged:  # (rare: one search for the first row of each)
            i = raw_munis.index(v)
            err(i, "municipality", v, "merged_municipality",
                f"«{normalize.clean_text(v)}» с 2023 г. входит в {m.municipality}: строки учтены за "
                f"{m.municipality}", f"Прежняя сдача {m.municipality} за этот период, если она есть, будет "
                "заменена этой загрузкой", "warning")

    # Rows that are no records after all: a municipality's total written without a label («Долинский» and the
    # sums, no school name), the region's total («Сахалинская область»), spare rows of a template that hold only
    # the pre-filled municipality.
    drop: dict[int, str] = {}
    if kind != "roadmap":
        from etl.locate import R_EMPTY, R_TOTAL

        drop.update((i, R_EMPTY) for i in _template_rows(cols, n))
        drop.update((i, R_TOTAL) for i in _region_rows(reg, raw_munis))
        if kind == "readiness":
            drop.update((i, R_TOTAL) for i in _unnamed_subtotals(out, src_sheet))
    if drop:
        keep = [i for i in range(n) if i not in drop]
        remap = {old: new for new, old in enumerate(keep)}
        gone = {(src_sheet[i], src_row[i]) for i in drop}
        for f in list(out):
            out[f] = [out[f][i] for i in keep]
        for f in list(cols):
            cols[f] = [cols[f][i] for i in keep]
        for rep in reports:
            for i, reason in drop.items():
                if src_sheet[i] == rep.sheet:
                    rep.data_rows -= 1
                    rep.skipped_rows[reason] = rep.skipped_rows.get(reason, 0) + 1
        src_sheet, src_row, col_of = ([lst[i] for i in keep] for lst in (src_sheet, src_row, col_of))
        bad = {remap[i] for i in bad if i in remap}
        problems[:] = [p for p in problems if (p.sheet, p.row) not in gone]
        n = len(keep)

    # Kind-specific normalisation and validation.
    out["source_row"] = src_row
    out["source_sheet"] = src_sheet
    validate(kind, out, n, err, region, raw=cols)

    # Rows of effectiveness may carry their own period.
    if kind == "effectiveness":
        pcol = []
        pmemo: dict = {}
        for i, v in enumerate(out.get("period", [None] * n)):
            if v is None or (isinstance(v, str) and not v.strip()):
                pcol.append(period)
                continue
            if v not in pmemo:
                sv = str(v).strip()
                p = sv if periods.is_valid(sv) else periods.parse_period(v, cadence)
                pmemo[v] = periods.to_cadence(p, cadence) if (p and cadence) else p
            p = pmemo[v]
            if p is None:
                err(i, "period", v, "bad_period", "Не распознан период",
                    "Укажите период как 2024-Q1 или «I квартал 2024 года»")
            pcol.append(p)
        if period is None:
            found = sorted({p for p in pcol if p})
            period = found[-1] if len(found) == 1 else (", ".join(found) if found else None)
            if len(found) == 1:  # rows without their own period take the only period of the file
                pcol = [p or period for p in pcol]
        if has_period_col:
            raw_p = out.get("period", [None] * n)
            for i, p in enumerate(pcol):
                if p is None and (raw_p[i] is None or not str(raw_p[i]).strip()):
                    err(i, "period", None, "no_period", "Не указан период",
                        "Заполните столбец «Период» или укажите период файла (например, 2024-Q1)")
        out["period"] = pcol
    elif kind != "roadmap":
        out["period"] = [period] * n
    out["region"] = [region] * n
    out["source_file"] = [name] * n
    out["source_sheet"] = src_sheet
    out["source_row"] = src_row

    if n == 0 and not any(p.row is None and p.severity == "error" for p in problems):
        problems.append(Problem(name, None, None, None, None, "no_rows",
                                "В таблице нет строк с данными (только заголовки, итоги или пустые строки)",
                                "Заполните форму данными и загрузите снова"))
    sig = mapping.layout_signature(used[0][1]) if used else None
    say(0.8, "Проверка завершена")
    return Prepared(path, name, sha, kind, region, period, sig, out, problems, bad, reports)


_DATE_RE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_ASOF_RE = re.compile(r"(состоянию|положению)\s+на\s+\d|\bна\s+\d{1,2}[./]\d{1,2}[./]\d{2,4}", re.IGNORECASE)


def _instead(cmap, idx: int, label: Callable[[int], str]) -> str:
    """« — взят столбец F «…»» for a column of a field another column was taken for."""
    f = cmap.alternatives.get(idx)
    if f is None:
        return ""
    if f not in cmap.fields:
        return f" — {f}"
    return f" — «{FIELD_LABELS_RU.get(f, f)}» взято из столбца {label(cmap.fields[f])}"


def _first_control(raw: list) -> int | None:
    """The first cell holding a control or direction-override character (one C-level search when there is none);
    zero-width spaces and soft hyphens, stripped too, are ordinary in copied text and not reported."""
    texts = [v for v in raw if v.__class__ is str]
    if not texts or not CONTROL.search("\n".join(texts)):
        return None
    return next(i for i, v in enumerate(raw) if v.__class__ is str and CONTROL.search(v))


def _decoded(values: list, header: str) -> list:
    """A column's sample with the codes its header explains read as their meaning."""
    lg = legend.legend_of(header)
    return legend.decode(values, lg)[0] if lg else values


def _marks_label(marks: dict[str, int], by_index: dict) -> str:
    """«C–E «Уровень реализации профминимума»»: the mark columns of the levels, for messages and the report."""
    first, last = min(marks.values()), max(marks.values())
    parts = by_index[first].parts if first in by_index else []
    title = parts[-2] if len(parts) > 1 else "уровень профминимума"
    return f"{col_letter(first)}–{col_letter(last)} «{title}»"


def _level_from_marks(data: list[list], marks: dict[str, int]) -> list[str | None]:
    """The level of each row from its marked column («+», «да», «1», «х» …; «нет», «-» and empty are no mark);
    several marks give «базовый, основной», which the level parser reports as several levels."""
    out = []
    for r in data:
        marked = [lvl for lvl, i in marks.items()
                  if not normalize._empty(r[i]) and normalize.parse_yes_no(r[i])[0] is not False
                  and not (isinstance(r[i], str) and r[i].strip() in normalize.DASHES)]
        out.append(", ".join(marked) if marked else None)
    return out


def _split_participants(data: list[list], col: int, order: tuple[str, ...]) -> dict[str, list]:
    """«120/15/8» under «(обучающиеся/родители/педагоги)»: each part to its field, in the header's order. A cell
    that does not split into as many parts goes whole to the first field (its parser then reports it)."""
    out: dict[str, list] = {f: [] for f in order}
    for r in data:
        v = r[col]
        parts = v.split("/") if isinstance(v, str) else None
        if parts is not None and len(parts) == len(order):
            for f, part in zip(order, parts):
                out[f].append(part.strip() or None)
        else:
            out[order[0]].append(v)
            for f in order[1:]:
                out[f].append(None)
    return out


def _formula_errors(name: str, sheet, t, cmap, label: Callable[[int], str]) -> list[Problem]:
    """A warning for each cell of a record that holds a formula error (calamine reads it as empty), and one per
    column whose formulas were all saved without being computed (every value 0 or none: a file written by a
    program and never opened in Excel)."""
    formulas = getattr(sheet, "formulas", None) or {}
    if not sheet.errors and not formulas:
        return []
    used = set(cmap.fields.values())
    for _group, sub in cmap.wide_groups or []:
        used.update(sub.values() if isinstance(sub, dict) else [sub])
    records = set(t.data_rows)
    out = [Problem(name, sheet.name, r + 1, label(c), reader.FORMULA_ERRORS_RU.get(code, code), "formula_error",
                   "В ячейке ошибка формулы: значение не загружено (пусто)",
                   "Исправьте формулу или впишите значение и загрузите файл снова", "warning")
           for (r, c), code in sorted(sheet.errors.items()) if r in records and c in used]
    by_col: dict[int, list] = {}
    for (r, c), value in sorted(formulas.items()):
        if r in records and c in used:
            by_col.setdefault(c, []).append((r, value))
    for c, cells in sorted(by_col.items()):
        if len(cells) >= 2 and all(v.strip() in ("", "0") for _r, v in cells):
            out.append(Problem(name, sheet.name, cells[0][0] + 1, label(c), None, "formulas_not_computed",
                               f"Формулы столбца ({len(cells)}) сохранены без пересчёта — все значения 0 или пусто: "
                               "файл, похоже, создан программой и не открывался в Excel; цифры, скорее всего, неверны",
                               "Откройте файл в Excel или LibreOffice, сохраните (формулы пересчитаются) и "
                               "загрузите снова", "warning"))
    return out


def _period_from_texts(texts: list[str], cadence: str | None) -> str | None:
    """The reporting period named in titles, the file name or sheet names (in that order of preference).

    Strongest evidence first: a named quarter / half-year / canonical label (dates removed, so an order
    date «от 18.08.2023» cannot pass for one); then an as-of date («по состоянию на 01.10.2023»); then any date.
    """
    texts = [t for t in texts if t]
    for t in texts:
        p = periods.parse_period(_DATE_RE.sub(" ", t), cadence)
        if p:
            return periods.to_cadence(p, cadence) if cadence else p
    for strong in (True, False):
        for t in texts:
            if strong and not _ASOF_RE.search(t):
                continue
            p = periods.parse_period(t, cadence)
            if p:
                return periods.to_cadence(p, cadence) if cadence else p
    return None


def _complete(m) -> bool:
    """A (sheet, table, column map) with every required column (the municipality may come from elsewhere)."""
    cmap = m[2]
    return cmap.layout == "wide" or not [f for f in cmap.missing_required if f != "municipality"]


_GENERIC_SHEET = re.compile(r"^\s*(лист|sheet|стр|страница)\s*\d*\s*$|мероприят|форма|данные|отчет|отчёт|таблица",
                            re.IGNORECASE)


def _event_of_sheet(sheet_name: str, title: str, region: str | None) -> str | None:
    """The event a sheet is about when no column names it: a catalogue event named in its title or name, else
    the sheet's own name unless it is a generic one («Лист1», «Мероприятия»)."""
    from etl.mapping import catalogue_event

    for text in (title, sheet_name):
        found = catalogue_event(text, region) if text else None
        if found:
            return found
    if _GENERIC_SHEET.search(sheet_name) or SUMMARY_SHEET_RE.match(sheet_name):
        return None
    return normalize.clean_text(sheet_name)


_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _month_first(raw: list) -> tuple[list, int | None]:
    """Text dates written month first («10/16/2023», an English Excel): when some date of the column has a second
    number above 12 and none a first number above 12, the column is month-first — its slash dates are turned
    round («10/02/2023» is 2 October, not 10 February). (raw as given, None) otherwise; else (the column with
    those dates as DD.MM.YYYY, the index of the first one)."""
    texts = {v for v in set(raw) if v.__class__ is str and "/" in v}
    if not texts:
        return raw, None
    parts = [m.groups() for m in map(_SLASH_DATE.match, texts) if m]
    if not parts or any(int(a) > 12 for a, _b, _y in parts) or not any(int(b) > 12 for _a, b, _y in parts):
        return raw, None
    turned = {}
    for v in texts:
        m = _SLASH_DATE.match(v)
        if m:
            a, b, y = m.groups()
            turned[v] = f"{b}.{a}.{y}"
    first = next(i for i, v in enumerate(raw) if v in turned)
    return [turned.get(v, v) if v.__class__ is str else v for v in raw], first


def _template_rows(cols: dict[str, list], n: int) -> list[int]:
    """Rows where every cell but the municipality is empty: spare rows of a template, its municipality filled in
    beforehand (a «№» in its first column is no field)."""
    fields = [f for f in cols if f != "municipality" and len(cols[f]) == n]
    if not fields or "municipality" not in cols:
        return []
    # candidates: rows whose first field is empty (one C-level pass; records have it filled)
    first = cols[fields[0]]
    if None not in first and "" not in first:
        return []
    cand = [i for i, v in enumerate(first) if v is None or v == ""]
    munis = cols["municipality"]
    return [i for i in cand if munis[i] not in (None, "") and all(normalize._empty(cols[f][i]) for f in fields)]


def _region_rows(reg, raw_munis: list) -> list[int]:
    """Rows whose municipality cell names a region («Сахалинская область»), not a municipality: the region's
    total."""
    regional = {v for v in set(raw_munis)  # distinct spellings only
                if v.__class__ is str and not v.strip().isdigit() and reg.region_code(v) and reg.match(v) is None}
    return [i for i, v in enumerate(raw_munis) if v in regional] if regional else []


def _unnamed_subtotals(out: dict[str, list], sheets: list[str]) -> set[int]:
    """Rows with a municipality and numbers but no school name whose pupils (and covered, when given) equal the sum
    of that municipality's schools on the sheet above them since its previous total, or below them up to its next
    one (a total written above its schools): its subtotal."""
    names, munis = out.get("school_name", []), out.get("municipality", [])
    tot, cov = out.get("students_total", []), out.get("students_covered", [])
    if not names or None not in names:
        return set()
    drop = set()
    for order in (range(len(names)), range(len(names) - 1, -1, -1)):
        sums: dict[tuple, list] = {}  # (sheet, municipality) -> [pupils, covered, schools] since its last total
        for i in order:
            key = (sheets[i], munis[i])
            if names[i] is None:
                acc = sums.get(key)
                if munis[i] is not None and acc and acc[2] and tot[i] is not None and tot[i] == acc[0] \
                        and (cov[i] is None or cov[i] == acc[1]):
                    drop.add(i)
                sums[key] = [0, 0, 0]
                continue
            acc = sums.setdefault(key, [0, 0, 0])
            acc[0] += tot[i] or 0
            acc[1] += cov[i] or 0
            acc[2] += 1
    return drop


def _level_of_sheet(sheet_name: str, title: str) -> tuple[str | None, str]:
    """The one level a sheet's name or title names («Основной уровень», «… реализующих профминимум на основном
    уровне»), and where it was found; (None, "") when none or several."""
    for text, where in ((sheet_name, f"название листа «{sheet_name}»"), (title, "заголовок листа")):
        key = normalize.norm_key(text)
        if "уров" not in key:
            continue
        found = {lvl for lvl in map(normalize._level_of_word, key.split()) if lvl}
        if len(found) == 1:
            return found.pop(), where
    return None, ""


def _level_sections(t, section_of: dict[int, str]) -> dict[int, str]:
    """Record row -> the level named by the nearest level section above it («Базовый уровень», «Основной
    уровень реализации»)."""
    levels = {}
    for text in dict.fromkeys(section_of.values()):
        lvl, error = normalize.parse_level(text)
        if lvl and error is None and len(text.split()) <= 5 and "уров" in text.lower():
            levels[text] = lvl
    if not levels:
        return {}
    return {ri: levels[text] for ri, text in _sections_per_row(t, only=set(levels)).items()}


def _sections_per_row(t, only: set[str] | None = None) -> dict[int, str]:
    """For each record row, the text of the nearest section row above it (if any; of those in `only`)."""
    secs = sorted(s for s in (getattr(t, "sections", None) or []) if only is None or s[1] in only)
    if not secs:
        return {}
    out: dict[int, str] = {}
    j, cur = 0, None
    for ri in t.data_rows:
        while j < len(secs) and secs[j][0] < ri:
            cur = secs[j][1]
            j += 1
        if cur is not None:
            out[ri] = cur
    return out


def _hint_for(t: str) -> str:
    return {
        "int": "Укажите целое неотрицательное число без букв (прочерк «-» означает 0)",
        "number": "Укажите число (десятичная запятая допускается)",
        "yesno": "Укажите «да» или «нет»",
        "level": "Укажите один из уровней: базовый, основной, продвинутый",
        "date": "Укажите дату в формате ДД.ММ.ГГГГ",
        "inn": "ИНН школы состоит из 10 цифр",
        "partner_type": "Укажите тип партнёра: ВУЗ, СПО, индустриальный партнёр, МОУО, ОО или иное",
        "event_level": "Укажите уровень: федеральный, региональный или муниципальный",
        "status": "Укажите статус: выполнено, в работе, не выполнено или не начато",
    }.get(t, "")


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
           loaded_by: str = "", archive: bool = True, details: dict | None = None) -> LoadResult:
    """Write a prepared file in one transaction (or log it as rejected / duplicate)."""
    from etl import db

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
        load_id = db.store_load(
            con, file_name=p.file_name, sha256=p.sha256, kind=p.kind, period=p.period, region=p.region,
            columns=p.columns, keep=keep, problems=[] if status == "duplicate" else p.problems, status=status,
            message=msg, loaded_by=loaded_by, layout=p.layout_signature,
            details=json.dumps(details or {"sheets": [s.__dict__ for s in p.sheets],
                                           "municipalities": p.municipalities()}, ensure_ascii=False, default=str),
            # the original of a loaded or rejected file is kept (a rejected one for its error report later)
            archive=(lambda lid: _archive(p, lid, db_path)) if status != "duplicate" and archive else None)
    warnings = [x for x in p.problems if x.severity != "error"] if status == "loaded" else []
    return LoadResult(p.file_name, status, load_id, p.kind, p.period, p.region, rows,
                      rejected, errors, msg, warnings)


def reject_unreadable(path: Path, exc: FileRejected, db_path, display_name: str | None = None,
                      loaded_by: str = "") -> LoadResult:
    """Log a file that could not be read at all (its problems go to quarantine)."""
    name = display_name or path.name
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
    reading = reader.start_reading(path)
    # meanwhile (calamine parses without the GIL): import duckdb, open the database and ensure its schema
    warm = threading.Thread(target=_warm_database, args=(db_path,), name="warm_database")
    warm.start()
    try:
        prepared = prepare(path, kind=kind, period=period, region=region, progress=progress, reading=reading,
                           overrides=overrides)
    except FileRejected as e:
        warm.join()
        return reject_unreadable(path, e, db_path, loaded_by=loaded_by)
    warm.join()
    res = commit(prepared, db_path, skip_bad_rows=skip_bad_rows, loaded_by=loaded_by)
    if overrides and res.status == "loaded" and prepared.layout_signature:
        learned.save(prepared.layout_signature, dict(overrides), about=prepared.file_name)
    return res


def _warm_database(db_path) -> None:
    """Create or check the database schema ahead of the write (best effort: skipped if another writer holds it;
    the write itself then waits and checks again)."""
    try:
        from etl import db

        db.ensure_schema(db_path)
    except Exception:  # noqa: BLE001 - commit() reports any real problem
        pass
