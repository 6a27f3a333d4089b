"""The header corpus (tests/data/header_corpus.csv): wordings of every field of the five kinds, gathered from the
forms of this repository, the roadmaps and the variations coordinators type. Each wording is put among the usual
neighbours of its kind, with a value of its field's type under it, and mapped as a file's header would be.

At least 97 % must be recognised as their field (or as a column to ignore), and none may be silently lost: a
wording not recognised stays an unrecognised column (reported, and refused when a field the dashboard needs is
missing), never mapped to another field and never taken for an ignorable one."""
import csv
from pathlib import Path

import pytest

from etl import catalogue, locate, mapping, meaning, schema
from etl.sheet import Sheet

CORPUS = Path(__file__).parent / "data" / "header_corpus.csv"
CONTEXT = {  # (header, value, its field): the usual neighbours of each kind
    "readiness": [("Муниципальное образование", "Химки", "municipality"),
                  ("Наименование ОО", "МБОУ СОШ № 1", "school_name"), ("ИНН", "5047012345", "school_inn")],
    "agreements": [("Наименование партнёра", "ООО «Ромашка»", "partner_name"),
                   ("Тип партнёра", "предприятие", "partner_type"), ("Дата договора", "15.09.2023", "signed_on")],
    "events": [("Мероприятие", "Шоу профессий", "event"), ("Дата проведения", "15.09.2023", "event_date"),
               ("Обучающиеся", 120, "students")],
    "effectiveness": [("Показатель", "Доля охвата", "indicator_code"), ("Значение", 85, "value"),
                      ("Период", "I квартал 2024", "period")],
    "roadmap": [("Наименование мероприятия", "Совещание", "measure"),
                ("Срок реализации", "до 01.09.2023", "deadline_text"),
                ("Ответственный исполнитель", "Министерство образования", "executors")],
}
# a wide events form: one group of columns per event, no event column
WIDE = [("Муниципальное образование", "Химки", "municipality")]
SAMPLE = {"int": 25, "number": 12.5, "yesno": "да", "level": "базовый", "date": "15.09.2023", "inn": "5047012345",
          "partner_type": "вуз", "event_level": "региональный", "muni": "Химки", "indicator": "Доля охвата",
          "period": "I квартал 2024", "status": "выполнено", "text": "Текст записи"}


def rows():
    with open(CORPUS, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f)]


def place(kind: str, field: str, wording: str, context=None):
    """A one-table sheet: the neighbours, then the wording (two header rows when it has an upper part)."""
    parts = [p.strip().replace("\\n", "\n") for p in wording.split(" | ")]
    ctx = [(h, v) for h, v, f in (context or CONTEXT[kind]) if f != field]
    typ = schema.FIELD_TYPES.get(field, "text") if field != "ignore" else "text"
    value = SAMPLE.get(typ, "Текст записи")
    if len(parts) == 1:
        grid = [[h for h, _ in ctx] + parts]
        merged = []
    elif context is WIDE:  # the event's group has a second column (its other participants)
        other = "педагоги" if field != "teachers" else "родители"
        grid = [[h for h, _ in ctx] + [parts[0], None], [None] * len(ctx) + [parts[1], other]]
        merged = [((0, i), (1, i)) for i in range(len(ctx))] + [((0, len(ctx)), (0, len(ctx) + 1))]
        ctx = ctx + [("", 0)]
    else:
        grid = [[h for h, _ in ctx] + [parts[0]], [None] * len(ctx) + [parts[1]]]
        merged = [((0, i), (1, i)) for i in range(len(ctx))]
    if context is WIDE:
        grid.append([v for _, v in ctx[:-1]] + [value, 0])
        grid.append([v for _, v in ctx[:-1]] + [value, 0])
        return grid, merged, len(ctx) - 1
    return grid, merged, len(ctx)


def field_of(m, col: int) -> str | None:
    got = m.field_of(col)
    for _event, sub in (m.wide_groups if m.layout == "wide" else []):
        if isinstance(sub, dict):
            got = got or next((f for f, i in sub.items() if i == col), None)
    return got


def outcome(cat, kind, field, wording, context=None) -> str:
    grid, merged, col = place(kind, field, wording, context)
    t = locate.find_table(Sheet("Лист1", grid, merged), cat)
    if t is None or t.column(col) is None:
        got = "header not found"
    else:
        m = mapping.map_columns(t, cat, kind=kind)
        got = field_of(m, col)
        if field == "ignore" and got is None and meaning.ignorable(t.column(col).parts):
            return "ok"
        if got == field:
            return "ok"
        got = f"taken as {got}" if got else "not recognised"
    if kind == "events" and " | " in wording and context is None:  # a group of a wide form?
        wide = outcome(cat, kind, field, wording, WIDE)
        return wide if wide == "ok" else got
    return got


def test_corpus_is_large_and_covers_every_kind():
    rs = rows()
    assert len(rs) >= 300
    assert {r["kind"] for r in rs} == set(schema.KIND_FIELDS)


def test_at_least_97_percent_recognised_and_none_silently_lost():
    cat = catalogue.Catalogue.load()
    results = [(r, outcome(cat, r["kind"], r["field"], r["wording"])) for r in rows()]
    bad = [(r["kind"], r["field"], r["wording"], o) for r, o in results if o != "ok"]
    share = 1 - len(bad) / len(results)
    report = "\n".join(" · ".join(b) for b in bad)
    assert share >= 0.97, f"распознано {share:.1%}:\n{report}"
    # a wording not recognised is never given to another field or hidden as ignorable
    wrong = [b for b in bad if b[3].startswith("taken as") or (b[1] != "ignore" and b[3] == "header not found")]
    assert not wrong, "\n".join(" · ".join(b) for b in wrong)


def test_the_word_forms_of_headers_are_kept_for_the_next_process(tmp_path, monkeypatch):
    """pymorphy3 (its dictionary: ~0,15 s and 30 MB per process) is loaded only for header words never analysed
    before: the forms found are kept in the cache folder, and a new process reads the same headers the same way
    without it."""
    from etl import meaning, morph

    monkeypatch.setenv("MONITORING_CACHE", str(tmp_path / "cache"))
    header = "Количество обучающихся, охваченных профминимумом"
    analysed = []
    real = morph.normal_forms
    monkeypatch.setattr(morph, "normal_forms", lambda w: analysed.append(w) or real(w))
    first = meaning.Lexicon()
    seen = first.concepts(header)
    assert analysed  # analysed
    first.save()
    assert list((tmp_path / "cache").glob("word_forms_*.json"))
    analysed.clear()
    again = meaning.Lexicon()  # as in a new process
    assert again.concepts(header) == seen and analysed == []  # the analyzer is not asked again
