"""Header texts → contract fields (synonyms from data/reference/columns.csv), kind detection, wide layouts.

Matching works on `Catalogue.key(text)` (= `norm_key`, with «№» kept as the word «no»). A synonym matches a
header when it equals it or is contained in it as whole words. Precedence (the most specific match wins):

1. the whole joined header equals a synonym («Численность обучающихся 6-11 классов | всего»);
2. the lowest header part (the leaf) equals a synonym («… | из них охвачено»);
3. a synonym contained in the leaf part;
4. a synonym contained in the joined header («Численность обучающихся 6–11 классов | всего» →
   «численность обучающихся 6 11 классов»).
Within a tier a synonym that ends the header wins (the qualifier comes last in Russian headers:
«Количество обучающихся 6–11 классов, охваченных профминимумом» is the covered count), then the longest. Synonyms shorter than 4 characters («МО», «ОО», «№») match only
whole headers or whole parts.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from etl import config, evidence, meaning, schema, summary_form
from etl.model import KINDS
from etl.normalize import norm_key

MIN_CONTAINED = 4
# Fields that appear in every form weigh less when the kind of a form is guessed.
FIELD_WEIGHT = {"municipality": 0.5, "school_name": 0.5, "school_inn": 0.5, "item_no": 0.25, "period": 0.5}
# the kind a form's title names («Мониторинг показателей эффективности …», «… готовности ОО …»): one more hint
_TITLE_KINDS = (("effectiveness", re.compile(r"эффективност|результативност")),
                ("readiness", re.compile(r"готовност[а-я]* (?:оо|общеобразовательн|образовательн|школ)")),
                ("agreements", re.compile(r"договор|соглашени")), ("roadmap", re.compile(r"дорожн[а-я]* карт")))
# columns a form cannot do without: the schema's required fields and, but for the roadmap, the municipality (a column,
# or else the sheet name or title)
REQUIRED = {k: schema.REQUIRED[k] + ([] if k == "roadmap" else ["municipality"]) for k in KINDS}
PARTICIPANTS = ("students", "parents", "teachers")
COUNT_FIELDS = frozenset({"students_total", "students_covered", "navigators", *PARTICIPANTS})


def header_key(text: Any) -> str:
    """norm_key of a header text, keeping «№» as the word «no» («№ п/п» → «no п п»)."""
    if text is None:
        return ""
    return norm_key(str(text).replace("№", " no "))


# wordings of one meaning in indicator names: «количество …» / «число …» = «численность …»,
# «профориентационный минимум» = «профминимум», «профдиагностика» = «профориентационная диагностика»
_INDICATOR_WORDS = [(re.compile(r"(?:^| )(?:количеств[а-я]*|число)(?= )"), " численность"),
                    (re.compile(r"профориентационн[а-я]* минимум[а-я]*|профминимум[а-я]*"), "профминимум"),
                    (re.compile(r"профдиагностик[а-я]*"), "профориентационную диагностику"),
                    (re.compile(r"\bпрофпроб[а-я]*"), "профессиональных проб"),
                    # «% от общего числа (обучающихся)»: says what a percent is of, not which indicator
                    (re.compile(r"(?:^| )от общ[а-я]* (?:числ[а-я]*|количеств[а-я]*|численност[а-я]*)(?: [а-я]+)?$"),
                     "")]


_QUOTED = re.compile(r"[«\"“„]([^»\"”“]+)[»\"”“]")


def _stems(key: str) -> str:
    """Each word of a key cut to its first six letters («обучающихся», «обучающиеся» → «обучаю»)."""
    return " ".join(w[:6] for w in key.split())


def indicator_key(text: Any) -> str:
    """header_key of an indicator's name or of a text naming one, with wordings of one meaning made the same."""
    k = header_key(text)
    for rx, to in _INDICATOR_WORDS:
        k = rx.sub(to, k)
    return " ".join(k.split())


def _contains(hay: str, needle: str) -> bool:
    """needle occurs in hay as whole words (both are norm keys: words separated by single spaces)."""
    return f" {needle} " in f" {hay} "


@dataclass
class ColumnMap:
    kind: str
    fields: dict[str, int]  # field -> 0-based column index
    unmatched: list  # [locate.Column]
    missing_required: list[str]
    layout: str = "long"  # 'long' | 'wide'
    wide_groups: list = field(default_factory=list)
    how: dict[str, str] = field(default_factory=dict)  # field -> 'synonym' | 'override'
    # readiness with one column per level, the school's level marked («+», «да», «1») in one of them:
    # level -> 0-based column index
    level_marks: dict[str, int] = field(default_factory=dict)
    # events with one column for several kinds of participants, «120/15/8» under «(обучающиеся/родители/педагоги)»:
    # (column index, the participant fields in the order the header names them)
    split_participants: tuple[int, tuple[str, ...]] | None = None
    # unmatched columns that hold no monitoring figure (№ п/п, ФИО, телефон, примечание …) or that the analyst
    # chose not to load
    ignorable: set[int] = field(default_factory=set)
    why: dict[str, str] = field(default_factory=dict)  # field -> Russian: how its column was recognised
    alternatives: dict[int, str] = field(default_factory=dict)  # column -> the field another column was taken for
    # a figure broken down over columns of one group with no «всего» among them («Численность обучающихся» over
    # «6 кл.» … «11 кл.»): field or indicator -> the columns of its parts (one part alone would be a wrong figure)
    breakdown: dict[str, list[int]] = field(default_factory=dict)

    def field_of(self, index: int) -> str | None:
        for f, i in self.fields.items():
            if i == index:
                return f
        return None


class Catalogue:
    """Column synonyms per kind and indicator names (data/reference/columns.csv, indicators.csv)."""

    def __init__(self, synonyms: dict[str, dict[str, list[str]]], indicators: dict[str, str],
                 shares: dict[str, str] | None = None, share_of: dict[str, str] | None = None,
                 denominators: set[str] | None = None):
        self.synonyms = synonyms  # kind -> field -> [keys]
        self.indicators = indicators  # key -> code
        self.shares = shares or {}  # code -> short name: indicators that are shares in % (aggregation «ratio»)
        self.share_of = share_of or {}  # numerator code -> the share made of it (students_covered -> coverage_share)
        self.denominators = denominators or set()  # the populations shares are taken of (students_total)
        self._exact: set[str] = set()
        contained: set[str] = set()
        for fields in synonyms.values():
            for keys in fields.values():
                for k in keys:
                    self._exact.add(k)
                    if len(k) >= MIN_CONTAINED:
                        contained.add(k)
        for k in indicators:
            self._exact.add(k)
            if len(k) >= MIN_CONTAINED:
                contained.add(k)
        alts = "|".join(re.escape(k) for k in sorted(contained, key=len, reverse=True))
        self._contained_re = re.compile(rf"(?:^| )(?:{alts})(?: |$)") if alts else None
        self._ind_sorted = sorted(((_stems(k), c) for k, c in indicators.items() if len(k) >= MIN_CONTAINED),
                                  key=lambda kc: -len(kc[0]))
        self._memo: dict[str, bool] = {}

    # -- loading -------------------------------------------------------------------------------
    @classmethod
    def load(cls, ref_dir: str | Path | None = None) -> "Catalogue":
        ref = Path(ref_dir or config.REFERENCE_DIR)
        syn: dict[str, dict[str, list[str]]] = {k: {} for k in KINDS}
        with open(ref / "columns.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                keys = [header_key(s) for s in r["synonyms"].split("|") if s.strip()]
                lst = syn.setdefault(r["kind"].strip(), {}).setdefault(r["field"].strip(), [])
                lst.extend(k for k in keys if k and k not in lst)
        ind: dict[str, str] = {}
        shares: dict[str, str] = {}
        share_of: dict[str, str] = {}
        denominators: set[str] = set()
        p = ref / "indicators.csv"
        if p.exists():
            with open(p, encoding="utf-8") as f:
                for r in csv.DictReader(f):
                    if r["aggregation"] == "ratio":
                        shares[r["code"]] = r["short_name"] or r["name"]
                        if r.get("numerator"):
                            share_of[r["numerator"]] = r["code"]
                        if r.get("denominator"):
                            denominators.add(r["denominator"])
                    for t in [r["code"], r["name"], r["short_name"]] + (r.get("synonyms") or "").split("|"):
                        k = indicator_key(t)
                        if k:
                            ind.setdefault(k, r["code"])
                    ind.setdefault(indicator_key(r["code"].replace("_", " ")), r["code"])
        return cls(syn, ind, shares, share_of, denominators)

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def key(text: Any) -> str:
        return header_key(text)

    def is_exact_header(self, text: Any) -> bool:
        """Whether a cell text is, word for word, a known column header (the strict test)."""
        return header_key(text) in self._exact

    def is_header_text(self, text: Any) -> bool:
        """Whether a cell text looks like a known column header (any kind, any indicator)."""
        k = header_key(text)
        if not k:
            return False
        try:
            return self._memo[k]
        except KeyError:
            pass
        hit = k in self._exact or bool(self._contained_re and len(k) <= 200 and self._contained_re.search(k)) \
            or (len(k) <= 200 and (" ".join(meaning.lexicon().tokens(text)) in self._exact
                                   or meaning.names_a_field(str(text))
                                   # a summary's count («Количество ОО»): its table is found, then refused as one
                                   or summary_form.counts_units((str(text),))))
        if len(self._memo) < 50000:
            self._memo[k] = hit
        return hit

    def indicator(self, text: Any) -> str | None:
        """Indicator code for a header or a cell: code, name, short name or synonym (exact, then contained).

        A negated wording («Не охвачено профминимумом», «Не прошли диагностику») is not the indicator it negates;
        a percent («Охвачено профминимумом, %», «… в процентах») of a count is the share made of that count, and
        a percent of a count no share is made of is no indicator at all (never loaded as the count)."""
        k = indicator_key(text)
        if not k:
            return None
        code = self.indicators.get(k)
        if code is None:
            if _NEGATED.search(k):
                return None
            # contained (word stems, so that case endings do not matter): only when the name covers most of the
            # text («Доля охвата, %»); and a population shares are taken of («Численность обучающихся 6–11
            # классов») gives way to a more specific indicator the text also names («…, прошедших диагностику»)
            ks = _stems(k)
            found = [(ik, c) for ik, c in self._ind_sorted if _contains(ks, ik)]  # longest name first
            # a name in quotes («Мои ориентиры», «Билет в будущее») tells one indicator from a general one: only the
            # indicators one of whose names holds it are candidates, and the longest of their names in the text
            # says enough («Из них высокий уровень («Мои ориентиры»)»: «из них высокий уровень» of that diagnostic)
            quoted = [qs for q in _QUOTED.findall(str(text)) if (qs := _stems(indicator_key(q)))]
            named_codes = {c for qs in quoted for ik, c in self._ind_sorted if _contains(ik, qs) and len(ik) > len(qs)}
            named = [f for f in found if f[1] in named_codes and not _contains(" ".join(quoted), f[0])]
            if named:
                found = [(ks, named[0][1])]
            # (not a name the population's own name holds: «прошедших диагностику «Мои ориентиры»» is the population
            # of its share, not «прошедших диагностику» in general)
            specific = [(ik, c) for ik, c in found if c not in self.denominators
                        and not any(_contains(dk, ik) for dk, dc in found if dc in self.denominators)]
            code = next((c for ik, c in found if len(ik) >= 0.6 * len(ks) and (not specific or c not in
                                                                                self.denominators)), None)
            population = next((ik for ik, c in found if c in self.denominators), None)
            if code is None and specific and population and \
                    len(population) + len(specific[0][0]) >= 0.7 * len(ks):  # together they say most of it
                code = specific[0][1]
            if code is not None and meaning.counts_something_else(code, (str(text),)):
                return None  # «Количество экскурсий на предприятия»: the name is there, but excursions are counted
            if code is None:  # by meaning: «Кол-во уч-ся, принявших участие в профпробах», «Прошли тестирование
                code = meaning.indicator((str(text),))  # «Мои ориентиры», чел.» (abbreviations, word forms)
        if code is not None and code not in self.shares and ("%" in str(text) or _PERCENT_WORDS.search(k)):
            return self.share_of.get(code)
        return code

    def negated_indicator(self, text: Any) -> str | None:
        """The indicator a negated wording is the complement of («Не охвачено профминимумом»: students_covered)."""
        k = indicator_key(text)
        return self.indicator(_NEGATED.sub(" ", k)) if _NEGATED.search(k) else None

    def field_scores(self, kind: str, parts: list[str]) -> dict[str, int]:
        """Every field of a kind that matches a header, with the strength of its best match."""
        joined = header_key(" | ".join(parts))
        leaf = header_key(parts[-1]) if parts else ""
        # the header without what it adds in brackets: «Наименование мероприятия (сроки проведения)» is the event
        # (a one-word rest, «ОО (количество)», is too little to say which field it is)
        main = header_key(_BRACKETS.sub(" ", parts[-1])) if parts and "(" in parts[-1] else ""
        if len(main.split()) < 2:
            main = ""
        part_keys = [header_key(p) for p in parts]
        # «Не охвачено …», «Не назначен …»: the opposite of the field (read by meaning: a legend of the answers,
        # «(утверждён / не утверждён)», and a bound, «не менее 36 ч», are no negation — abbreviations.csv)
        negated = "negation" in meaning.read(tuple(parts)).concepts
        # a percent column («Охвачено, %», «… в процентах») is never a count field
        percent = any("%" in p for p in parts) or bool(_PERCENT_WORDS.search(joined))
        out: dict[str, int] = {}
        for f, keys in self.synonyms.get(kind, {}).items():
            if percent and f in COUNT_FIELDS:
                continue
            best = 0
            for k in keys:
                n = len(k)
                if k == joined:
                    s = 4000 + n
                elif k == leaf:
                    s = 3000 + n
                elif k == main:
                    s = 2900 + n
                elif negated and not _NEGATED.search(k):
                    continue
                elif k in part_keys:
                    s = 1500 + n  # a whole upper part («Муниципальное образование» over «наименование»)
                elif n >= MIN_CONTAINED and _contains(leaf, k):
                    s = 2000 + n + (500 if leaf.endswith(k) else 0)
                elif n >= MIN_CONTAINED and _contains(joined, k):
                    s = 1000 + n + (400 if joined.endswith(k) else 0)
                else:
                    continue
                if s > best:
                    best = s
            if best:
                out[f] = best
        # by meaning: a header the synonyms do not know, or know only as a part of it, read word by word
        # («Кол-во уч-ся 6-11 кл.»); a contained synonym the rest of the header rules out is dropped
        # («Количество обучающихся, включенных в профминимум» is no pupil count)
        for f, s in list(out.items()):
            if s < 2900 and meaning.excluded(kind, f, parts):
                del out[f]
        if not negated:
            for f, s in meaning.field_strengths(kind, parts).items():
                if percent and f in COUNT_FIELDS:
                    continue
                if s > out.get(f, 0):
                    out[f] = s
        return out


# ---------------------------------------------------------------------------------------------

def _override_for(col, overrides: dict[str, str]) -> tuple[bool, str | None]:
    """(found, field) for a column named in overrides (by exact header text or by its key)."""
    if col.header in overrides:
        return True, overrides[col.header]
    k = header_key(col.header)
    for h, f in overrides.items():
        if header_key(h) == k:
            return True, f
    return False, None


_READINESS_COUNTS = ("students_total", "students_covered")  # readiness fields that are effectiveness indicators
_SHARED_INDICATORS = frozenset({*_READINESS_COUNTS, "coverage_share"})


def map_columns(table, cat: Catalogue, kind: str | None = None,
                overrides: dict[str, str] | None = None, samples: dict[int, list] | None = None) -> ColumnMap:
    """Map the columns of a located table to the fields of a kind (detected when not given).

    `samples`: the first values of each column (column index → cells); values a header reading is contradicted by
    («Наименование …» over numbers, a count over words) take that reading out, unless the header is a synonym
    word for word."""
    if kind is None:
        kind = detect_kind([table], cat)[0] or "readiness"
    kind_fields = set(cat.synonyms.get(kind, {})) | {"municipality"}
    fields: dict[str, int] = {}
    how: dict[str, str] = {}
    why: dict[str, str] = {}  # field -> Russian: how the column was recognised (shown on the upload page)
    taken: set[int] = set()
    ignored: set[int] = set()
    chosen: list[tuple[str, int]] = []  # indicators of a wide effectiveness form chosen by the analyst

    # 1. explicit overrides (analyst's choice) win
    if overrides:
        codes = set(cat.indicators.values())
        for col in table.columns:
            found, f = _override_for(col, overrides)
            if not found:
                continue
            if f and f in kind_fields and f not in fields:
                fields[f] = col.index
                how[f] = "override"
                why[f] = "выбрано аналитиком"
                taken.add(col.index)
            elif kind == "effectiveness" and f in codes:
                chosen.append((f, col.index))
                taken.add(col.index)
            elif not f or f in ("-", "ignore", "—"):
                ignored.add(col.index)

    scores = {c.index: cat.field_scores(kind, c.parts) for c in table.columns
              if c.index not in taken and c.index not in ignored}
    if kind == "readiness":  # a header naming another indicator («прошедших диагностику «Мои ориентиры»», «из них
        for c in table.columns:  # с высоким уровнем готовности») is not the school's pupils or those covered
            code = cat.indicator(c.header) if c.index in scores else None
            if code and code not in _READINESS_COUNTS:
                scores[c.index] = {f: v for f, v in scores[c.index].items() if f not in _READINESS_COUNTS}

    hidden = {c.index for c in table.columns if getattr(c, "hidden", False)}
    dated = {c.index: _header_date(c.header) for c in table.columns}
    planned = {c.index for c in table.columns if _PLANNED.search(header_key(c.parts[-1]) if c.parts else "")
               or "(план" in c.header.lower()}
    # «всего» under a group header broken down over columns («Численность обучающихся | 6 кл. | … | всего»)
    totals = {c.index for c in table.columns if len(c.parts) > 1 and _TOTAL_GROUP.match(c.parts[-1].strip())}
    # 2. wide layouts
    layout, groups = "long", []
    twins: dict[int, str] = {}  # a wide effectiveness form's other columns of an indicator taken (index -> code)
    breakdown: dict[str, list[int]] = {}
    sums: set[int] = set()  # a wide form's «Всего …» group: the sum of the others
    if kind == "events" and "event" not in fields and not any(s.get("event", 0) >= 2000 for s in scores.values()):
        order: list[str] = []
        by_event: dict[str, dict[str, int]] = {}
        for col in table.columns:
            if col.index not in scores or len(col.parts) < 2:
                continue
            sub = {f: s for f, s in cat.field_scores(kind, col.parts[-1:]).items() if f in PARTICIPANTS}
            if not sub:
                continue
            f = max(sub, key=sub.get)
            ev = col.parts[-2]
            if _TOTAL_GROUP.match(ev):
                sums.add(col.index)
                continue  # «Всего участников» over обучающиеся / родители / педагоги: the sum of the events
            if ev not in by_event:
                by_event[ev] = {}
                order.append(ev)
            if f not in by_event[ev]:
                by_event[ev][f] = col.index
                scores.pop(col.index, None)
        if not by_event and not any(f in fields for f in PARTICIPANTS):
            by_event = _events_by_column(table, cat, scores, sums, samples)
            order = list(by_event)
        if by_event:
            layout = "wide"
            groups = [(ev, by_event[ev]) for ev in order]  # canonical names: mapping.event_info
    elif kind == "effectiveness" and "indicator_code" not in fields and \
            not any(s.get("indicator_code", 0) >= 2000 for s in scores.values()):
        for col in table.columns:
            s = scores.get(col.index)
            if s is None:
                continue
            strong = {f: v for f, v in s.items() if f in ("municipality", "school_name", "period") and v >= 2000}
            if strong:
                continue
            # the sub-header names the indicator when it can («Доля охвата» over «всего обучающихся, чел.» |
            # «из них охвачено» | «%»); else the whole header does
            code = (cat.indicator(col.parts[-1]) if len(col.parts) > 1 else None) or cat.indicator(col.header)
            if code:
                groups.append((code, col))
        # one column per indicator: of two («… на 01.09.2022», «… на 01.09.2023», «план | факт», or one of them
        # hidden) the visible, actual, later one; the other is recognised and not loaded
        best: dict[str, Any] = {}
        for code, col in groups:
            key = (col.index not in hidden, col.index not in planned, col.index in totals,
                   dated[col.index] or date.min, -col.index)
            if code not in best or key > best[code][0]:
                best[code] = (key, col)
        twins = {col.index: code for code, col in groups if best[code][1] is not col
                 and not _SUBSET.match(header_key(col.parts[-1]))}  # («в т.ч. 6-9 кл.»: a part, asked about)
        chosen_codes = {code for code, _i in chosen}
        for code, (_key, col) in best.items():
            parts = [t for t, c in twins.items() if c == code and _siblings(table, t, col.index, planned | hidden)]
            if parts and not totals & {col.index, *parts} and code not in chosen_codes:
                breakdown[code] = [col.index, *parts]
        groups = [(code, col.index) for code, col in groups if best[code][1] is col and code not in chosen_codes]
        groups = sorted(chosen + groups, key=lambda g: g[1])
        for _code, idx in groups:
            scores.pop(idx, None)
        if groups:
            layout = "wide"

    # 2b. one column per level («Уровень реализации» over «базовый | основной | продвинутый»), marked per school
    level_marks: dict[str, int] = {}
    if kind == "readiness" and "level" not in fields:
        level_marks = _level_mark_columns([c for c in table.columns if c.index in scores])
        for idx in level_marks.values():
            scores.pop(idx, None)

    # 2c. one column for several kinds of participants, the numbers separated by «/»
    split = None
    if kind == "events" and layout == "long" and not any(f in fields for f in PARTICIPANTS):
        for col in table.columns:
            order = _participants_in(col.parts[-1]) if col.index in scores else ()
            if len(order) >= 2:
                split = (col.index, order)
                scores.pop(col.index, None)
                break

    # 3. synonyms: strongest match first, each field and each column used once. Among matches of one strength
    # (exact, contained …) a visible column beats one the file hides, and of two columns differing by a date
    # («… на 01.09.2022», «… на 01.09.2023») the later one wins.
    # Of a plan and a fact («план | факт», «(план)»), the fact; of pupils of the whole school and of grades 6–11,
    # grades 6–11.
    grades = {c.index for c in table.columns if " 6 11 " in f" {header_key(c.header)} "}
    cands = sorted(((s // 1000, idx not in hidden, idx not in planned, f in _GRADE_FIELDS and idx in grades,
                     idx in totals, s, dated.get(idx) or date.min, -idx, f, idx)
                    for idx, fs in scores.items() for f, s in fs.items() if f not in fields), reverse=True)
    types = schema.FIELD_TYPES
    for c in cands:
        s, f, idx = c[5], c[-2], c[-1]
        if f in fields or idx in taken:
            continue
        if samples and s < 2900 and evidence.contradicts(types.get(f, "text"), samples.get(idx, [])):
            continue
        fields[f] = idx
        how[f] = "synonym"
        why[f] = ("заголовок из справочника" if s >= 2900 else "по смыслу слов заголовка" if s >= meaning.BASE
                  else "по словам заголовка")
        if samples and samples.get(idx):
            why[f] += "; значения: " + evidence.describe(types.get(f, "text"), samples[idx])
        taken.add(idx)
    for f, idx in fields.items():  # one part of a figure broken down over columns is not the figure
        if schema.FIELD_TYPES.get(f) not in ("int", "number"):
            continue
        parts = [j for j, fs in scores.items() if j != idx and fs.get(f, 0) >= 1000 and j not in taken
                 and _siblings(table, j, idx, planned | hidden)]
        if parts and not totals & {idx, *parts} and how.get(f) != "override" and \
                not (f in _GRADE_FIELDS and idx in grades):  # (grades 6–11 beside the whole school: not parts)
            breakdown[f] = [idx, *parts]
    if layout == "wide":
        for f in (PARTICIPANTS if kind == "events" else ("indicator_code", "value")):
            fields.pop(f, None)

    if level_marks:
        fields.pop("level", None)
    if split:
        for f in PARTICIPANTS:
            fields.pop(f, None)
    used = set(fields.values()) | set(level_marks.values()) | ({split[0]} if split else set())
    for g in groups:
        used |= set(g[1].values()) if isinstance(g[1], dict) else {g[1]}
    unmatched = [c for c in table.columns if c.index not in used]
    ignorable = {c.index for c in unmatched if c.index in ignored or meaning.ignorable(c.parts)}
    # columns of a field another column was taken for (the plan beside the fact, the whole school beside grades
    # 6–11, the hidden or earlier one) and the sums of a wide form: recognised, not loaded, never «not recognised»
    alternatives = {idx: "сумма других столбцов" for idx in sums}
    alternatives.update({idx: "этот показатель взят из другого столбца" for idx in twins})
    loaded = {code for code, _i in groups} if kind == "effectiveness" else set()
    for c in unmatched:
        if c.index in ignorable or c.index in alternatives or _SUBSET.match(header_key(c.parts[-1])):
            continue  # («из них … с ОВЗ» beside the pupils is a figure of its own, never «the same field»)
        got = {f: sc for f, sc in scores.get(c.index, {}).items()  # (numbers are no alternative of a name)
               if not samples or evidence.fits(schema.FIELD_TYPES.get(f, "text"), samples.get(c.index, []))}
        why_not = _noted(c, cat, kind, fields, loaded, got)
        if why_not is None and _share_of_loaded(c, cat, kind, fields, groups if kind == "effectiveness" else []):
            why_not = "доля: рассчитывается из загружаемых чисел"
        if why_not is not None:
            alternatives[c.index] = why_not
    ignorable |= set(alternatives)

    missing = [f for f in REQUIRED[kind] if f not in fields]
    if layout == "wide":
        missing = [f for f in missing if f not in ("event", "indicator_code", "value")]
    elif kind == "events" and not any(f in fields for f in PARTICIPANTS) and not split:
        missing.append("students")
    return ColumnMap(kind, fields, unmatched, missing, layout, groups, how, level_marks, split, ignorable, why,
                     alternatives, breakdown)


_SUBSET = re.compile(r"^(?:из них|из числа|в том числе|в т ч|т ч)\b")
_PLAN_TEXT = re.compile(r"\bплан[а-я]*\b|\bпо плану\b|\bпланируем[а-я]*\b|\bпланов[а-я]*\b", re.IGNORECASE)


def _events_by_column(table, cat: Catalogue, scores: dict[int, dict[str, int]], sums: set[int],
                      samples: dict[int, list] | None) -> dict[str, dict[str, int]]:
    """One column per event, the participants named once in the title («Участие обучающихся в профориентационных
    мероприятиях (чел.)» over «Шоу профессий» | «Экскурсия на АО «Химпром»» | «Всего участников»): event -> {the
    participant field: column}. Only when the title speaks of taking part in events and names one kind of
    participants, and only for columns no field of any kind names."""
    r = meaning.read((str(getattr(table, "title_text", "") or ""),))
    who = [f for f, c in (("students", "pupil"), ("parents", "parent"), ("teachers", "teacher")) if c in r.concepts]
    if len(who) != 1 or "event" not in r.concepts or not r.concepts & {"covered", "participant"}:
        return {}
    out: dict[str, dict[str, int]] = {}
    for col in table.columns:
        if col.index not in scores or meaning.ignorable(col.parts) or cat.indicator(col.header):
            continue
        # by its values when they are known (a name that says «МО» is no municipality over numbers), else by the
        # header: one no field names
        if not (evidence.fits("int", samples.get(col.index, [])) if samples else
                all(v < 1000 for v in scores[col.index].values())):
            continue
        if _TOTAL_GROUP.match(col.header):
            sums.add(col.index)
        else:
            out.setdefault(col.header, {who[0]: col.index})
    for cols in out.values():
        scores.pop(next(iter(cols.values())), None)
    return out if len(out) >= 2 else {}


def _noted(c, cat: Catalogue, kind: str, fields: dict[str, int], loaded: set[str], got: dict[str, int]) -> str | None:
    """Why an unmatched column says nothing the loaded ones do not (a field or a reason), or None: a plan beside
    its fact («План охвата, чел.», «… | план»), another column of a field taken, pupils of other grades or of the
    whole school beside those of grades 6–11, «Всего участников» beside the participants by kind."""
    r = meaning.read(tuple(c.parts))
    if r.concepts & {"plan", "planned"}:
        rest = [p for p in (_PLAN_TEXT.sub(" ", p).strip(" ,.;:()|-–—") for p in c.parts) if header_key(p)]
        if rest and ((loaded and cat.indicator(" ".join(rest)) in loaded) or
                     any(sc >= 1000 and f in fields for f, sc in cat.field_scores(kind, rest).items())):
            return "план (загружается факт)"
    other = [f for f, sc in got.items() if sc >= 1000 and f in fields]
    if other:
        return other[0]
    if ("students_total" in loaded or fields.keys() & {"students_total", "students"}) and "pupil" in r.concepts and \
            (r.concepts & {"grades_other", "total"}) and not r.concepts & {"covered", "reach", "participant"}:
        return "обучающиеся не (только) 6–11 классов: не показатель профминимума"
    if kind == "events" and _TOTAL_GROUP.match(c.header) and any(f in fields for f in PARTICIPANTS):
        return "сумма других столбцов"
    return None


def _siblings(table, a: int, b: int, apart: set[int]) -> bool:
    """Columns a and b under one group header, told apart only by their own sub-header (not a plan beside a
    fact, a hidden one, or two dates)."""
    by = {c.index: c for c in table.columns}
    ca, cb = by.get(a), by.get(b)
    if ca is None or cb is None or len(ca.parts) < 2 or ca.parts[:-1] != cb.parts[:-1]:
        return False
    return a not in apart and b not in apart and _header_date(ca.header) == _header_date(cb.header)


_PERCENT_TEXT = re.compile(r"%|\bв процентах\b|\bпроцент[а-я]*|\bдол[яиюей]\b|\bудельн[а-я]* вес[а-я]*",
                           re.IGNORECASE)


def _share_of_loaded(c, cat: Catalogue, kind: str, fields: dict[str, int], loaded_at: list) -> bool:
    """A percent column of a count the file gives («Охват, %» beside the pupils and those covered; «Посетили
    экскурсии | %» beside «| чел.»): the share is computed from the counts, the column says nothing new."""
    if not any(_PERCENT_TEXT.search(p) for p in c.parts):
        return False
    parts = [p for p in (_PERCENT_TEXT.sub(" ", p).strip(" ,.;:()-–—") for p in c.parts) if header_key(p)]
    if not header_key(_PERCENT_TEXT.sub(" ", c.parts[-1])):
        # a bare «Доля, %» (or «%» under a group) is the share of the count just before it («высокий уровень»)
        before = next((code for code, i in [*loaded_at, *fields.items()] if i == c.index - 1), None)
        return before in cat.share_of or before in COUNT_FIELDS
    loaded = {code for code, _i in loaded_at}
    if loaded:
        code = cat.indicator(" ".join(parts))
        return code in cat.share_of and (code in loaded or cat.share_of[code] in loaded)  # (a share of its own)
    return any(sc >= 1000 and f in fields and f in COUNT_FIELDS for f, sc in cat.field_scores(kind, parts).items())


_PARTICIPANT_WORDS = (("students", re.compile(r"обуч|учащ|уч-ся|школьн|дет")),
                      ("parents", re.compile(r"родит|(?<![а-я])род(?![а-я])")),
                      ("teachers", re.compile(r"педаг|учител|(?<![а-я])пед(?![а-я])")))


def _participants_in(header: str) -> tuple[str, ...]:
    """The participant fields a header lists with «/» between them, in its order: «Количество участников
    (обучающиеся/родители/педагоги)» → (students, parents, teachers); () unless two or more are listed."""
    if "/" not in header:
        return ()
    inner = re.findall(r"\(([^()]*/[^()]*)\)", header)
    parts = [p.strip().lower() for p in (inner[-1] if inner else header).split("/")]
    order = []
    for p in parts:
        found = [f for f, rx in _PARTICIPANT_WORDS if rx.search(p)]
        if len(found) != 1 or found[0] in order:
            return ()
        order.append(found[0])
    return tuple(order) if len(order) >= 2 else ()


def _header_date(text: str) -> date | None:
    """The date a header names, or the last day of the period it names («(II полугодие 2023/24 уч. г.)»)."""
    from etl import periods
    from etl.normalize import extract_date

    if not any(ch.isdigit() for ch in text):
        return None
    d = extract_date(text)
    if d is None:
        label = periods.parse_period(text)
        d = periods.period_bounds(label)[1] if label else None
    return d


# «план», «плановое значение» as a sub-header: the planned figure beside the actual one
_PLANNED = re.compile(r"^(план|планов[а-я]*|по плану)( значени[а-я]*)?$")
_GRADE_FIELDS = frozenset({"students_total", "students_covered"})


_BRACKETS = re.compile(r"\([^()]*\)")
_NEGATED = re.compile(r"(?:^| )не (?!менее|более|ниже|выше)")  # «не охвачено», but «не менее 36 ч» is no negation
_PERCENT_WORDS = re.compile(r"\bпроцент|\bв процентах|\bдоля\b|\bдоли\b")

# a group of columns that sums the others («Всего участников», «Итого по всем мероприятиям»), not an event
_TOTAL_GROUP = re.compile(r"^\W*(всего|итого|итог|сумма|общее\s+количество|общая\s+численность)\b", re.IGNORECASE)

_LEVEL_WORDS = {"базовый": "базовый", "основной": "основной", "продвинутый": "продвинутый"}
_LEVEL_FILLER = {"уровень", "уровня", "ур", "реализации", "профминимума", "да", "нет", "отметка", "отметить",
                 "х", "x"}


def _level_mark_columns(columns: list) -> dict[str, int]:
    """Columns headed by a level name alone («базовый», «Основной уровень»), two or three of them with different
    levels, next to each other: level -> column index. Empty when the form has no such columns."""
    found: dict[str, int] = {}
    for col in columns:
        words = header_key(col.parts[-1]).split()
        levels = {_LEVEL_WORDS[w] for w in words if w in _LEVEL_WORDS}
        if len(levels) == 1 and all(w in _LEVEL_WORDS or w in _LEVEL_FILLER or w.isdigit() for w in words):
            lvl = levels.pop()
            if lvl in found:
                return {}  # the same level twice: not a set of mark columns
            found[lvl] = col.index
    if len(found) < 2 or max(found.values()) - min(found.values()) != len(found) - 1:
        return {}
    return found


def kind_score(table, cat: Catalogue, kind: str) -> float:
    m = map_columns(table, cat, kind=kind)
    score = sum(FIELD_WEIGHT.get(f, 1.0) for f in m.fields)
    if m.layout == "wide":
        if kind == "events":
            score += sum(len(sub) for _, sub in m.wide_groups)
        else:  # the pupils, those covered and their share are in readiness forms too: they say less of the kind
            score += sum(0.5 if code in _SHARED_INDICATORS else 0.9 for code, _i in m.wide_groups)
    if kind != "effectiveness":  # a column this kind cannot hold that names an effectiveness indicator
        score -= 0.9 * sum(1 for c in m.unmatched if c.index not in m.ignorable
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


def detect_kind(tables: list, cat: Catalogue | None = None) -> tuple[str | None, float]:
    """The kind of form from the headers of its tables: (kind, score), (None, score) if unclear."""
    if cat is None:
        cat = catalogue()
    totals = {k: 0.0 for k in KINDS}
    for t in tables:
        title = str(getattr(t, "title_text", "") or "").lower().replace("ё", "е")
        named = [k for k, rx in _TITLE_KINDS if rx.search(title)]
        for k in KINDS:
            totals[k] += kind_score(t, cat, k) + (1.5 if named == [k] else 0.0)
    best = max(totals, key=lambda k: totals[k])
    per_table = totals[best] / max(len(tables), 1)
    if per_table < 1.5:
        return None, totals[best]
    return best, totals[best]


def layout_signature(table) -> str:
    """A stable hash of the normalised headers (remembered analyst mappings are keyed by it)."""
    text = "\x1f".join(f"{c.index}:{header_key(c.header)}" for c in table.columns)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Cell values that name catalogue entries (used by the pipeline and the validation rules)

_EVENTS: list[dict] | None = None


def _events_catalogue() -> list[dict]:
    global _EVENTS
    if _EVENTS is None:
        with open(config.REFERENCE_DIR / "events.csv", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        for e in rows:
            e["keys"] = [norm_key(e["event"])] + [norm_key(a) for a in (e.get("aliases") or "").split("|")
                                                  if a.strip()]
        _EVENTS = rows
    return _EVENTS


def _catalogue_entry(text: str, region: str | None) -> dict | None:
    """The events catalogue's entry a text names (its longest name or alias contained in the text), or None."""
    key = norm_key(text)
    best = None
    for e in _events_catalogue():
        if e["region_code"] and region and e["region_code"] != region:
            continue
        for k in e["keys"]:
            if k and (k == key or _contains(key, k)) and (best is None or len(k) > best[0]):
                best = (len(k), e)
    return best[1] if best else None


def event_info(text: str, region: str | None) -> tuple[str, str | None, date | None]:
    """Canonical event name, level and date from the events catalogue (the text itself if unknown)."""
    from etl import normalize

    e = _catalogue_entry(text, region)
    if e is None:  # an event the catalogue does not know: its level when its name begins with one («Областное …»)
        level, error = normalize.parse_event_level(text)
        return normalize.clean_text(text), (level if error is None else None), normalize.extract_date(text)
    d = date.fromisoformat(e["event_date"]) if e["event_date"] else normalize.extract_date(text)
    return e["event"], e["event_level"] or None, d


def catalogue_event(text: str, region: str | None = None) -> str | None:
    """The canonical name of a catalogue event named in a text («Фестиваль «Путь навыков», 15.02.2024»), or None."""
    e = _catalogue_entry(text, region)
    return e["event"] if e else None


_CAT: Catalogue | None = None


def catalogue() -> Catalogue:
    """The process-wide catalogue (reference files are read once)."""
    global _CAT
    if _CAT is None:
        _CAT = Catalogue.load()
    return _CAT


def indicator_code(text: Any) -> str | None:
    """Indicator code from a cell: a code, a name, a short name or a synonym (data/reference/indicators.csv)."""
    if text is None:
        return None
    return catalogue().indicator(text)
