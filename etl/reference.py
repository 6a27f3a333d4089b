"""Rows of a reference file (data/reference/<name>, utf-8 with or without BOM), read once per version of the file:
the one reader of the small catalogues the steps and pages look things up in."""
from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

from etl import config


class ReferenceFileError(Exception):
    """A reference file an analyst edited that cannot be read as the catalogues are (its Russian message says which
    file, which line and how to save it)."""


_SAVE_AS = "сохраните его в Excel как «CSV UTF-8 (разделитель — запятая)» или в текстовом редакторе в UTF-8"


@functools.lru_cache(maxsize=32)
def _parsed(path: str, mtime: float) -> tuple[tuple[str, ...], tuple[dict, ...]]:
    """(the header, the rows as dicts) of a catalogue file, read once per version of it."""
    p = Path(path)
    name = f"data/reference/{p.name}" if p.parent == Path(config.REFERENCE_DIR) else path
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            text = f.read()
    except UnicodeDecodeError:
        raise ReferenceFileError(f"Справочник «{name}» сохранён не в кодировке UTF-8: {_SAVE_AS}") from None
    first = text.split("\n", 1)[0]
    # Excel with Russian settings saves «CSV UTF-8» with «;» (t86)
    got = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if ";" in first and "," not in first else ","))
    if not got:
        return (), ()
    header = got[0]
    for n, r in enumerate(got[1:], start=2):
        if len(r) > len(header) and any(v.strip() for v in r[len(header):]):
            raise ReferenceFileError(f"Справочник «{name}», строка {n}: значений ({len(r)}) больше, чем столбцов в "
                                     f"заголовке ({len(header)}) — проверьте запятые в строке (значение с запятой "
                                     "берётся в кавычки)")
    # (a row with fewer values than columns: the missing ones are empty, as in a row ending with «,,,»)
    return tuple(header), tuple({h: (r[i] if i < len(r) else "") for i, h in enumerate(header)}
                                for r in got[1:] if r)


def header(name: str) -> tuple[str, ...]:
    """The file's column names, in order (() when it does not exist or is empty)."""
    return _read(Path(config.REFERENCE_DIR) / name)[0]


def rows(name: str) -> tuple[dict, ...]:
    """The file's rows as dicts (header → text); () when the file does not exist."""
    return read(Path(config.REFERENCE_DIR) / name)


def read(path: Path) -> tuple[dict, ...]:
    """Rows of a catalogue file anywhere (the aliases analysts confirmed live beside the database)."""
    return _read(path)[1]


def _read(path: Path) -> tuple[tuple[str, ...], tuple[dict, ...]]:
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return (), ()
    return _parsed(str(path), mtime)
