"""The kind of a form from its headers and title: each kind's columns mapped and weighed (`detect_kind`)."""
from __future__ import annotations

import re

from etl import meaning
from etl.catalogue import Catalogue, catalogue
from etl.mapping import READINESS_COUNTS, map_columns
from etl.model import KINDS

# Fields that appear in every form weigh less when the kind of a form is guessed.
FIELD_WEIGHT = {"municipality": 0.5, "school_name": 0.5, "school_inn": 0.5, "item_no": 0.25, "period": 0.5}
# the kind a form's title names («Мониторинг показателей эффективности …», «… готовности ОО …»): one more hint
_TITLE_KINDS = (("effectiveness", re.compile(r"эффективност|результативност")),
                ("readiness", re.compile(r"готовност[а-я]* (?:оо|общеобразовательн|образовательн|школ)")),
                ("agreements", re.compile(r"договор|соглашени|сетев[а-я]* взаимодейств|организаци[а-я]*[- ]партн"
                                          r"|сетев[а-я]* партн")),  # («Сведения о сетевых партнёрах ОО»: t92)
                ("roadmap", re.compile(r"дорожн[а-я]* карт")),
                # «Отчет об участии в мероприятиях …», «Участие обучающихся в профориентационных мероприятиях»
                ("events", re.compile(r"участи[а-я]*\s+(?:\S+\s+){0,5}?в\s+(?:\S+\s+){0,2}?мероприяти")))
_SHARED_INDICATORS = frozenset({*READINESS_COUNTS, "coverage_share"})


def kind_score(table, cat: Catalogue, kind: str) -> float:
    m = map_columns(table, cat, kind=kind)
    score = sum(FIELD_WEIGHT.get(f, 1.0) for f in [*m.fields, *m.marks])  # (a field marked column by column too)
    if kind == "events" and m.unsaid_people:  # a column per event, whose people are asked (etl/event_people.py)
        score += len(m.unsaid_people)
    if m.layout == "wide":
        if kind == "events":
            score += sum(len(sub) for _, sub in m.wide_groups) + len(m.breakdown)  # (an event split by grades)
        else:  # the pupils, those covered and their share are in readiness forms too: they say less of the kind
            score += sum(0.5 if code in _SHARED_INDICATORS else 0.9 for code, _i in m.wide_groups)
    if kind != "effectiveness":  # a column this kind cannot hold that names an effectiveness indicator
        asked = m.breakdown_columns() | set(m.unsaid_people)  # (an event's grades, its people: asked about)
        score -= 0.9 * sum(1 for c in m.unmatched if c.index not in m.ignorable and c.index not in asked
                           and cat.indicator(c.header) not in (None, *_SHARED_INDICATORS))
    core = [f for f in m.missing_required if f != "municipality"]
    if core:
        score *= 0.5
    return score


def unrecognised_headers(tables: list, cat: Catalogue) -> list[str]:
    """Headers no kind of form reads as a field and that name no indicator (nor a service column): what to name
    when the kind of a form cannot be told."""
    out = []
    for t in tables:
        for c in t.columns:
            if c.header and not cat.indicator(c.header) and not meaning.ignorable(c.parts) and \
                    not any(s >= 2000 for k in KINDS for s in cat.field_scores(k, c.parts).values()):
                out.append(c.header)
    return out


def table_scores(t, cat: Catalogue) -> dict[str, float]:
    """Each kind's score of one table: its columns mapped and weighed, and the kind its title names."""
    title = str(getattr(t, "title_text", "") or "").lower().replace("ё", "е")
    named = [k for k, rx in _TITLE_KINDS if rx.search(title)]
    return {k: kind_score(t, cat, k) + (1.5 if named == [k] else 0.0) for k in KINDS}


def detect_kind(tables: list, cat: Catalogue | None = None,
                scores: list[dict[str, float]] | None = None) -> tuple[str | None, float]:
    """The kind of form from the headers of its tables: (kind, score), (None, score) if unclear. `scores`: the
    tables' `table_scores`, when the caller has them already."""
    if cat is None:
        cat = catalogue()
    if scores is None:
        scores = [table_scores(t, cat) for t in tables]
    totals = {k: 0.0 for k in KINDS}
    for s in scores:
        for k in KINDS:
            totals[k] += s[k]
    best = max(totals, key=lambda k: totals[k])
    per_table = totals[best] / max(len(tables), 1)
    if per_table < 1.5:
        return None, totals[best]
    return best, totals[best]

