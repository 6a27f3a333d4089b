"""Column mappings confirmed by analysts, reused for the next file of the same layout.

Kept next to the database (runtime knowledge of this installation, not project configuration):
`<db dir>/learned_mappings.json` = {layout_signature: {header text: field}, "_about": {layout_signature:
{"file": the file it was confirmed on, "saved": ISO date}}}. A field «-» means: do not load this column.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import date
from pathlib import Path

from etl import config, schema
from etl.catalogue import header_key
from etl.model import Problem


def path(db=None) -> Path:
    """$MONITORING_MAPPINGS, else beside the database (`db`, by default the installation's)."""
    return Path(os.environ.get("MONITORING_MAPPINGS", str(Path(db or config.db_path()).parent /
                                                          "learned_mappings.json")))


def load_all(db=None) -> dict[str, dict[str, str]]:
    p = path(db)
    if not p.exists():
        return {}
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def get(signature: str | None) -> dict[str, str] | None:
    if not signature or signature == ABOUT:
        return None
    return load_all().get(signature)


ABOUT = "_about"


def _write(data: dict, db=None) -> None:
    p = path(db)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    os.replace(tmp, p)


def save(signature: str, mapping: dict[str, str], about: str | None = None, db=None) -> None:
    """Remember header → field for this layout (atomic write) beside the database `db` (by default the
    installation's); `about`: the file it was confirmed on."""
    data = load_all(db)
    data[signature] = {**data.get(signature, {}), **mapping}
    data.setdefault(ABOUT, {})[signature] = {"file": about or "", "saved": date.today().isoformat()}
    _write(data, db)


def listing() -> list[tuple[str, dict[str, str], dict]]:
    """(signature, header → field, {"file", "saved"}) for every remembered layout."""
    data = load_all()
    about = data.get(ABOUT, {})
    return [(sig, m, about.get(sig, {})) for sig, m in data.items() if sig != ABOUT and isinstance(m, dict)]


def remove(signature: str, header: str | None = None) -> bool:
    """Forget a layout (or one header of it); False when there is nothing to forget."""
    data = load_all()
    if signature not in data or signature == ABOUT:
        return False
    if header is None:
        del data[signature]
        data.get(ABOUT, {}).pop(signature, None)
    elif header in data[signature]:
        del data[signature][header]
        if not data[signature]:
            del data[signature]
            data.get(ABOUT, {}).pop(signature, None)
    else:
        return False
    _write(data)
    return True


def notice(file: str, sheet: str, signature: str, remembered: dict[str, str], explicit: dict[str, str] | None,
           kind: str | None = None, rows: frozenset | set = frozenset()) -> Problem | None:
    """A warning naming the `remembered` choices (`get(signature)`) a file of this layout is read with, those the
    analyst did not give anew: a past answer changes what loads, so it is said (tester round t79: a «не загружать»
    chosen for a checked file that was then not loaded applied to the next upload of it with no word). `rows`: the
    keys of those that are rows' indicators (`row_answers`), not columns."""
    mine = {h: f for h, f in remembered.items() if h not in (explicit or {})}
    if not mine:
        return None
    about = load_all().get(ABOUT, {}).get(signature, {})
    # (an effectiveness form's column by its indicator's name, not a readiness field's label: t89)
    names = {**schema.FIELD_LABELS_RU, **schema.indicator_names()} if kind == "effectiveness" else \
        {**schema.indicator_names(), **schema.FIELD_LABELS_RU}
    said = "; ".join(f"«{h}» — не загружается" if f == "-" else
                     f"{'строка ' if header_key(h) in rows else ''}«{h}» → {names.get(f, f)}" for h, f in mine.items())
    when = ".".join(reversed(about["saved"].split("-"))) if about.get("saved") else ""
    source = f" (по файлу «{about['file']}», {when})" if about.get("file") else f" ({when})" if when else ""
    return Problem(file, sheet, None, None, None, "remembered_mapping",
                   f"{'Прочитано' if rows else 'Столбцы прочитаны'} по запомненному сопоставлению{source}: {said}",
                   "Если сопоставление неверно, выберите другое на странице «Загрузка данных» (раздел «Исправить "
                   "распознавание») или в командной строке (--map), а запомненное удалите: python -m etl mappings "
                   f"--remove {signature}", "warning")


def layout_signature(table) -> str:
    """A stable hash of the normalised headers (remembered analyst mappings are keyed by it)."""
    text = "\x1f".join(f"{c.index}:{header_key(c.header)}" for c in table.columns)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def apply_overrides(m, table, cat, overrides: dict[str, str], taken: set[int],
                    ignored: set[int], people: set[int] = frozenset()) -> list[tuple[str, int]]:
    """The analyst's choices win: their fields taken, their columns not to load left out; the indicators of a wide
    effectiveness form they gave columns returned."""
    # the form's fields (data/reference/fields.csv), not only those with header synonyms: «договор действует» too
    kind_fields = set(cat.synonyms.get(m.kind, {})) | {s.field for s in schema.of_kind(m.kind)} | {"municipality"}
    codes = set(cat.indicators.values())
    chosen = []
    for col in table.columns:
        found, f = override_for(col, overrides)
        if not found or col.index in people:  # (a column per event, whose people the analyst said: etl/event_people.py)
            continue
        if f and f in kind_fields and f not in m.fields:
            m.chosen_by_analyst(f, col.index)
            taken.add(col.index)
        elif m.kind == "effectiveness" and f in codes:
            chosen.append((f, col.index))
            taken.add(col.index)
        elif not f or f in ("-", "ignore", "—"):
            ignored.add(col.index)
            m.left_out.add(col.index)
    return chosen


def row_answers(overrides: dict[str, str], table, cat) -> dict[str, str]:
    """The indicators the analyst gave rows of a long effectiveness form whose indicator text is not in the
    catalogue (an override keyed by no header of the table: the row's text → its indicator code), by header_key."""
    headers = {header_key(c.header) for c in table.columns}
    codes = set(cat.indicators.values())
    return {k: f for h, f in overrides.items() if f in codes and (k := header_key(h)) not in headers}


def override_for(col, overrides: dict[str, str]) -> tuple[bool, str | None]:
    """(found, field) for a column named in overrides (by exact header text or by its key)."""
    if col.header in overrides:
        return True, overrides[col.header]
    k = header_key(col.header)
    for h, f in overrides.items():
        if header_key(h) == k:
            return True, f
    return False, None
