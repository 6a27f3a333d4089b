"""The form schema, declared once in data/reference/fields.csv: per kind its fields, their value types, Russian
labels, which are required (a record without them is an error), which the dashboard needs (a file without their
column is pointed out), and how a header names each field (concepts it requires, those that exclude it, those that
make it more likely — read by `etl.meaning`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl import reference
from etl.model import KINDS

# Effectiveness indicators whose code starts with one of these come from a source of their own (etl/bvb.py, the
# «Мои ориентиры» results, etl/course.py): a load of one source never replaces another's indicators.
SEPARATE_SOURCES = ("bvb", "course", "orientiry")
SOURCE_NAMES_RU = {"bvb": "выгрузка «Билет в будущее»", "course": "выгрузка курса «Россия — мои горизонты»",
                   "orientiry": "результаты «Мои ориентиры»", "form": "форма «Показатели эффективности»"}


def source_family(code: str) -> str:
    """The source an effectiveness indicator's code belongs to: one of SEPARATE_SOURCES, else «form»."""
    head = code.split("_", 1)[0]
    return head if head in SEPARATE_SOURCES else "form"


@dataclass(frozen=True)
class FieldSpec:
    kind: str  # a kind of form, or «*» for rules of every kind (the «ignore» columns)
    field: str
    type: str  # value type: text, ref (a document's number), int, number, yesno, level, date, inn, muni, …
    label: str  # Russian
    required: bool
    needed: bool
    requires: tuple[frozenset[str], ...]  # alternatives, each a set of concepts that must all be present
    excludes: frozenset[str]
    prefers: frozenset[str]
    # the values that show a column holds the field, when not its own type's: the roadmap's deadline is kept as
    # text («в течение года»), yet a column of dates no header names is where it is
    evidence: str = ""


def _concept_sets(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(a.split("+")) for a in (text or "").split("|") if a.strip())


@lru_cache(maxsize=1)
def specs() -> tuple[FieldSpec, ...]:
    out = []
    for r in reference.rows("fields.csv"):
        out.append(FieldSpec(r["kind"], r["field"], r["type"], r["label"], r["required"] == "yes",
                             r["needed"] == "yes", _concept_sets(r["requires"]),
                             frozenset((r["excludes"] or "").split()), frozenset((r["prefers"] or "").split()),
                             r.get("evidence") or r["type"]))
    return tuple(out)


def of_kind(kind: str) -> list[FieldSpec]:
    return [s for s in specs() if s.kind == kind]


@lru_cache(maxsize=1)
def _indicator_rows() -> tuple[dict[str, str], ...]:
    """The rows of data/reference/indicators.csv, read once."""
    return tuple(reference.rows("indicators.csv"))


@lru_cache(maxsize=1)
def indicator_names() -> dict[str, str]:
    """code → Russian name of every effectiveness indicator (data/reference/indicators.csv)."""
    return {r["code"]: r["name"] for r in _indicator_rows()}


_MIN_HOURS = re.compile(r"не\s+менее\s+(\d+)\s*(?:ч|час)", re.IGNORECASE)


@lru_cache(maxsize=1)
def indicator_min_hours() -> dict[str, int]:
    """code → the hours of training an indicator's name requires («Педагоги, прошедшие обучение по программам ДПО
    (не менее 36 ч)» → 36)."""
    return {r["code"]: int(m.group(1)) for r in _indicator_rows() if (m := _MIN_HOURS.search(r["name"]))}


def indicator_by_label(text: str) -> str | None:
    """An indicator named by its code or its Russian name («probes_done», «Обучающиеся, принявшие участие …»)."""
    t = " ".join(str(text).lower().replace("ё", "е").split())
    for code, name in indicator_names().items():
        if t == code or t == " ".join(name.lower().replace("ё", "е").split()):
            return code
    return None


@lru_cache(maxsize=1)
def indicator_units() -> dict[str, str]:
    """code → unit of every effectiveness indicator («чел.», «%», «ед.»)."""
    return {r["code"]: r["unit"] for r in _indicator_rows()}


@lru_cache(maxsize=1)
def indicator_specs() -> tuple[FieldSpec, ...]:
    """How a header names each effectiveness indicator (data/reference/indicators.csv: requires, excludes, prefers;
    an indicator without `requires` — a share, a platform export's figure — is never read by meaning)."""
    return tuple(FieldSpec("indicator", r["code"], "number", r["short_name"] or r["name"], False, False,
                           _concept_sets(r["requires"]), frozenset((r["excludes"] or "").split()),
                           frozenset((r["prefers"] or "").split()))
                 for r in _indicator_rows() if (r.get("requires") or "").strip())


def ignore_rules() -> list[FieldSpec]:
    return [s for s in specs() if s.kind == "*"]


KIND_FIELDS: dict[str, list[str]] = {k: [s.field for s in of_kind(k)] for k in KINDS}
FIELD_TYPES: dict[str, str] = {s.field: s.type for s in specs() if s.kind != "*"}
EVIDENCE_TYPES: dict[str, str] = {s.field: s.evidence for s in specs() if s.kind != "*"}
FIELD_LABELS_RU: dict[str, str] = {}
for _s in specs():
    if _s.kind != "*":
        FIELD_LABELS_RU.setdefault(_s.field, _s.label)
REQUIRED: dict[str, list[str]] = {k: [s.field for s in of_kind(k) if s.required] for k in KINDS}
NEEDED: dict[str, list[str]] = {k: [s.field for s in of_kind(k) if s.needed] for k in KINDS}


def field_by_label(text: str, kind: str | None = None) -> str | None:
    """A field named by its code or by its Russian label («students_total», «обучающихся 6–11 классов, всего»)."""
    t = " ".join(str(text).lower().replace("ё", "е").split())
    for s in specs():
        if s.kind == "*" or (kind and s.kind != kind):
            continue
        if t == s.field or t == " ".join(s.label.lower().replace("ё", "е").split()):
            return s.field
    return None
