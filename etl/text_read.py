"""CSV and other text files: the delimiter sniffed, the text decoded (UTF-16 with its byte order mark, as Excel saves
«Текст Юникод»; else UTF-8, else cp1251), read by Arrow's CSV reader when rectangular, else row by row."""
from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

from etl import config
from etl.read_refusals import corrupt, no_data, reject, too_many_cells, too_wide
from etl.textru import group_digits
from etl.sheet import Sheet

def read_text(path: Path, name: str) -> list[Sheet]:
    """The file's one sheet (named as the file), or a refusal."""
    text = _decoded(path.read_bytes(), name)
    if text[:4096].lstrip()[:512].lower().startswith(("<!doctype html", "<html", "<?xml", "<table", "{\\rtf")):
        raise corrupt(name, "это не таблица Excel, а веб-страница или документ")
    if not text.strip():
        raise reject(name, "empty_file", "Файл пустой", "Проверьте, что файл сохранён полностью, и загрузите снова")
    delim = _sniff_delimiter(text)
    limit = config.max_cells()
    cols = _csv_columns(text, delim, limit, name)
    if cols is not None:
        if not cols:
            raise no_data(name)
        return [Sheet(Path(name).stem, columns=cols, typed=False)]
    rows: list[list] = []
    width = 0
    try:
        for rec in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            r = [None if not v.strip() else v for v in rec]
            while r and r[-1] is None:
                r.pop()
            rows.append(r)
            width = max(width, len(r))
            if width > config.MAX_COLUMNS:
                raise too_wide(name, width)
            if len(rows) * width > limit:
                raise too_many_cells(name, Path(name).stem, len(rows), width)
    except csv.Error as e:  # a field longer than 128 KB, a NUL byte…
        if "field larger than field limit" in str(e):
            limit = group_digits(str(csv.field_size_limit()))
            raise reject(name, "field_too_long", f"В файле есть ячейка длиннее {limit} знаков: в форме мониторинга "
                         "таких не бывает",
                         "Проверьте, что выбран нужный файл; длинный текст (например, инструкцию) уберите из "
                         "таблицы и загрузите файл снова") from None
        raise corrupt(name) from None
    while rows and not rows[-1]:
        rows.pop()
    if not rows:
        raise no_data(name)
    return [Sheet(Path(name).stem, rows, typed=False)]


# Excel's «Текст Юникод (*.txt)» is UTF-16 (little-endian) with a byte order mark, tab-separated
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _decoded(data: bytes, name: str) -> str:
    """The file's text: UTF-16 when it starts with its byte order mark (UTF-32's is refused), else UTF-8, else
    cp1251. A NUL character (a binary file, not text) or a UTF-16 file that does not decode is refused."""
    if data[:4096].lstrip().startswith(b"%PDF"):
        raise corrupt(name)
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom) and not data.startswith(b"\xff\xfe\x00\x00"):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise corrupt(name) from None
            if "\x00" in text[:32768]:
                raise corrupt(name)
            return text
    if b"\x00" in data[:65536]:
        raise corrupt(name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _csv_columns(text: str, delim: str, limit: int, name: str) -> list | None:
    """The columns of a rectangular CSV (every record as wide as the first lines, no blank lines) read by Arrow's
    CSV reader, as the row by row reader would give them (whitespace-only cells empty, empty rows and columns at the
    end dropped); None for any other CSV (the row by row reader takes it and says what is wrong)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from etl import arrow_ops

    from etl.sheet import mask, np_bool

    head = itertools.islice(io.StringIO(text, newline=""), 30)  # the first lines (not the whole text split)
    try:
        width = max((len(r) for r in csv.reader(head, delimiter=delim)), default=0)
    except csv.Error:  # (the row by row reader says what is wrong)
        return None
    if width > config.MAX_COLUMNS:  # (t91: one line of 5 000 000 «x,» took 24 GB)
        raise too_wide(name, width)
    if not width or (text.count("\n") + 1) * width > limit:
        return None
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names),
            parse_options=pacsv.ParseOptions(delimiter=delim, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True))
    except (pa.ArrowInvalid, ValueError):
        return None
    cols = []
    for c in table.columns:
        c = c.combine_chunks()
        blank = np_bool(arrow_ops.match(c, r"^\s*$"))
        cols.append(arrow_ops.if_else(mask(blank), pa.nulls(len(c), pa.string()), c) if blank.any() else c)
    while cols and cols[-1].null_count == len(cols[-1]):
        cols.pop()
    if not cols:
        return []
    import numpy as np

    # the last row holding a value in any column: the empty rows after it are dropped
    last = max(int(np.flatnonzero(~np_bool(arrow_ops.is_null(c)))[-1]) for c in cols if c.null_count < len(c))
    return [c.slice(0, last + 1) for c in cols]


def _sniff_delimiter(text: str) -> str:
    """`;`, tab or `,`: of those splitting most of the first lines alike, the one making the most columns (ties
    prefer ; then tab) — a «;» file whose every line holds one comma («Охват, %», «98,0») is no two-column comma file
    (tester round t81: it was read so and refused)."""
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
    best, best_score = ";", (False, -1, -1.0)
    for d in (";", "\t", ","):
        counts = [ln.count(d) for ln in lines]
        nz = [c for c in counts if c]
        if not nz:
            continue
        mode = max(set(nz), key=nz.count)
        share = sum(1 for c in nz if c == mode) / len(lines)
        score = (share >= 0.6, mode, share)
        if score > best_score:
            best, best_score = d, score
    return best
