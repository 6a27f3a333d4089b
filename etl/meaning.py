"""Headers read by meaning: words → dictionary forms (pymorphy3) → concepts (data/reference/lexicon.csv), and the
fields of a kind named by those concepts (data/reference/fields.csv, read by `etl.schema`).

A header is lower-cased, its punctuated abbreviations expanded (data/reference/abbreviations.csv: «№ п/п», «6-11»,
«%», «кол-во», «в т.ч.» …), split into words; each word's forms are the word itself and every dictionary form
pymorphy3 gives it (a hyphenated word also its parts), cached per word. A lexicon line maps a form — or a phrase of
forms, «билет в будущее» — to a concept. A field matches a header when one of its concept sets is all there and
none of its excluding concepts is; its strength grows with the concepts it explains."""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl import config, morph, normalize, schema

_WORD = re.compile(r"[a-zа-я0-9_]+(?:-[a-zа-я0-9_]+)*")
BASE = 2000  # the tier of a reading by meaning: above a synonym contained in a joined header, below exact synonyms


@dataclass(frozen=True)
class Reading:
    concepts: frozenset[str]  # of the whole header (every part)
    leaf: frozenset[str]  # of its lowest part
    lead: frozenset[str] = frozenset()  # of the first word of its lowest part (the head of a Russian header)
    # of its own parts: all but the topmost of a header of several rows (a group label over many columns, such as
    # «Профминимум», says what the group is about, not what rules a column out)
    own: frozenset[str] = frozenset()


class Lexicon:
    def __init__(self, ref=None):
        ref = ref or config.REFERENCE_DIR
        with open(ref / "abbreviations.csv", encoding="utf-8") as f:
            self.abbrev = [(re.compile(r["pattern"]), f" {r['replacement']} ") for r in csv.DictReader(f)]
        self.words: dict[str, set[str]] = {}
        self.phrases: list[tuple[tuple[str, ...], str]] = []
        with open(ref / "lexicon.csv", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                w = r["word"].strip().lower().replace("ё", "е")
                if " " in w:
                    self.phrases.append((tuple(w.split()), r["concept"].strip()))
                else:
                    self.words.setdefault(w, set()).add(r["concept"].strip())
        self._forms: dict[str, frozenset[str]] = {}
        self._analysed: dict[str, list[str]] = {}  # word → its dictionary forms by pymorphy3 (the persistent cache)
        self._new = False
        self._slips = 0  # words looked up for a typing slip in this process (each ~6 ms; at most 200)
        self._cache = _cache_path(ref)
        try:
            with open(self._cache, encoding="utf-8") as f:
                self._analysed = json.load(f)
        except (OSError, ValueError):
            pass
        # the first three letters of every lexicon word: a word that shares none cannot reduce to one of them
        # (Russian inflection keeps the stem's start; the few suppletive forms, «дети» → «ребёнок», are lexicon
        # words themselves), so it is not handed to the analyzer at all (the header search reads data cells too)
        words = [w for w in self.words] + [w for ws, _ in self.phrases for w in ws]
        self._prefixes = {p[:3] for w in words for p in w.split("-") if p}

    def forms(self, word: str) -> frozenset[str]:
        """The word and its dictionary forms (cached per word)."""
        try:
            return self._forms[word]
        except KeyError:
            pass
        out = {word}
        for part in ([word] + word.split("-") if "-" in word else [word]):
            out.add(part)
            if not part.startswith("_") and not part.isdigit() and part[:3] in self._prefixes \
                    and part not in self.words:  # a lexicon word as written needs no analysis
                out.update(self._normal_forms(part))
        if len(word) >= 4 and not any(f in self.words for f in out):
            # a cut word («общеобразов.», «муниц.»): the lexicon words it begins, when they are few
            starts = [w for w in self.words if w.startswith(word) and w != word]
            if 0 < len(starts) <= 3:
                out.update(starts)
        fs = frozenset(out)
        if len(self._forms) < 100_000:
            self._forms[word] = fs
        return fs

    def _normal_forms(self, word: str) -> list[str]:
        """pymorphy3's dictionary forms of a word — from the cache of words analysed before (the analyzer and its
        dictionary, ~0,15 s and 30 MB, are loaded only for a word never seen)."""
        got = self._analysed.get(word)
        if got is None:
            got = morph.normal_forms(word)
            if not any(f in self.words for f in got) and self._slips < 200 and morph.misspelt(word):
                # a typing slip («Ответсвенный», «Колличество»): the lexicon word one slip away, when only one is
                self._slips += 1
                near = {f for f in morph.one_slip_away(word) if f in self.words}
                if len(near) == 1:
                    got = sorted({*got, *near})
            self._analysed[word] = got
            self._new = len(self._analysed) < 200_000
        return got

    def save(self) -> None:
        """Keep the words analysed so far for the next process (best effort; atomic: a temp file renamed)."""
        if not self._new:
            return
        try:
            self._cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._cache.with_name(f"{self._cache.name}.{os.getpid()}.tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self._analysed, f, ensure_ascii=False)
            os.replace(tmp, self._cache)
            self._new = False
        except OSError:
            pass

    def tokens(self, text: str) -> list[str]:
        t = normalize.fold_lookalikes(str(text).lower().replace("ё", "е").replace("\\n", " "), whole_words=True)
        for rx, to in self.abbrev:
            t = rx.sub(to, t)
        return _WORD.findall(t)

    def concepts(self, text: str) -> tuple[frozenset[str], tuple[str, ...]]:
        toks = self.tokens(text)
        forms = [self.forms(w) for w in toks]
        found: set[str] = set()
        for fs in forms:
            for f in fs:
                found.update(self.words.get(f, ()))
        for words, concept in self.phrases:
            n = len(words)
            if any(all(words[j] in forms[i + j] for j in range(n)) for i in range(len(forms) - n + 1)):
                found.add(concept)
        return frozenset(found), tuple(toks)


def _cache_path(ref) -> Path:
    """The cache of analysed words, one per lexicon and pymorphy3 dictionary (a change of either starts anew)."""
    import hashlib
    from importlib import metadata

    h = hashlib.sha256()
    for name in ("lexicon.csv", "abbreviations.csv"):
        try:
            h.update((Path(ref) / name).read_bytes())
        except OSError:
            pass
    for dist in ("pymorphy3", "pymorphy3-dicts-ru"):
        try:
            h.update(metadata.version(dist).encode())
        except metadata.PackageNotFoundError:
            pass
    return config.cache_dir() / f"word_forms_{h.hexdigest()[:16]}.json"


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon()


@lru_cache(maxsize=20_000)
def _read_text(text: str) -> tuple[frozenset[str], tuple[str, ...]]:
    return lexicon().concepts(count_not_percent(text))


def count_not_percent(text: str) -> str:
    """«(чел., %)», «чел. (%)»: a count written with its percent beside it (t90: «702 (100%)») — the count."""
    return _COUNT_AND_PERCENT.sub(r"\1", text) if "%" in text else text


_COUNT_AND_PERCENT = re.compile(r"(?<![а-яё])(чел(?:овек)?\.?)\s*(?:[,/;]\s*|\(\s*)%\s*\)?", re.IGNORECASE)


# a relative clause at the end of a part («…, на территории которого проведено мероприятие», «…, обучающиеся
# которой приняли участие …»): it describes the thing a name field names, but restricts what a count counts
_CLAUSE = re.compile(r",[^,]*(?<![а-яё])котор[а-яё]*.*$", re.IGNORECASE | re.DOTALL)
NAME_TYPES = frozenset({"text", "ref", "muni", "inn", "indicator", "period", "partner_type", "level", "event_level",
                        "status", "date", "yesno"})


def read(parts: list[str] | tuple[str, ...], clauses: bool = True) -> Reading:
    """The concepts of a header (its parts, upper first); without `clauses`, relative clauses are left out."""
    if not clauses:
        parts = tuple(_CLAUSE.sub("", p) for p in parts)
    found: set[str] = set()
    leaf: frozenset[str] = frozenset()
    w: tuple[str, ...] = ()
    for p in parts:
        leaf, w = _read_text(p)
        found |= leaf
    lead = _read_text(w[0])[0] if w else frozenset()
    own = frozenset().union(*(_read_text(p)[0] for p in parts[1:])) if len(parts) > 1 else frozenset(found)
    return Reading(frozenset(found), leaf, lead, own)


def _readings(parts) -> tuple[Reading, Reading | None]:
    """The header's reading, and its reading without relative clauses when it has one."""
    parts = tuple(parts)
    return read(parts), (read(parts, clauses=False) if any(_CLAUSE.search(p) for p in parts) else None)


# a header's bracketed part («(реквизиты документа)»), its text the group (one pattern for the catalogue,
# the column notes and the participants named together)
BRACKETS = re.compile(r"\(([^()]*)\)")


def _led_by_ignorable(r: Reading) -> bool:
    """«Телефон ответственного», «Должность ответственного»: a header whose head word is a contact detail, a note,
    a link … (fields.csv, «ignore_lead») is about that, whatever it names after it."""
    return any(a <= r.lead for s in schema.ignore_rules() if s.field == "ignore_lead" for a in s.requires)


def _best(spec: schema.FieldSpec, concepts: frozenset[str]) -> int:
    """How many concepts the largest of the field's `requires` sets present in a header has (0: none is whole)."""
    return max((len(a) for a in spec.requires if a <= concepts), default=0)


def _strength(spec: schema.FieldSpec, r: Reading, head: Reading | None = None) -> int:
    if head is not None and spec.type in NAME_TYPES:
        r = head  # a name is the name of what comes before the clause
    if spec.excludes & r.own:
        return 0
    best = _best(spec, r.concepts)
    if not best:
        return 0
    in_leaf = any(a <= r.leaf for a in spec.requires if len(a) == best)
    return BASE + 150 * best + 40 * len(spec.prefers & r.concepts) + (50 if in_leaf else 0)


def field_strengths(kind: str, parts) -> dict[str, int]:
    """Every field of a kind the header names by meaning, with its strength (2000…2999)."""
    r, head = _readings(parts)
    if _led_by_ignorable(r):  # … unless its brackets say what it holds: «Комментарий (реквизиты документа)»
        inner = BRACKETS.findall(str(parts[-1])) if parts else []
        return field_strengths(kind, (inner[-1],)) if inner and inner[-1].strip() else {}
    out = _strengths(kind, r, head)
    if not out and head is not None:  # the clause is the meaning («Организация, с которой заключён договор»)
        out = _strengths(kind, r, None)
    return out


def _strengths(kind: str, r: Reading, head: Reading | None) -> dict[str, int]:
    specs = schema.indicator_specs() if kind == "indicator" else schema.of_kind(kind)
    return {spec.field: min(s, BASE + 999) for spec in specs if (s := _strength(spec, r, head))}


def indicator(parts) -> str | None:
    """The effectiveness indicator a header names by meaning (data/reference/indicators.csv), None when none does
    or when it names two («Прошли диагностику и профпробы, чел.» is not one figure: each indicator's `excludes`
    rule out the more general ones a specific header also matches)."""
    got = field_strengths("indicator", parts)
    return next(iter(got)) if len(got) == 1 else None


# who a count of people is about: a header naming none of them and saying what was held counts the events
PERSONS = frozenset({"pupil", "persons", "participant", "visit", "covered", "teacher", "parent", "navigator",
                     "contingent", "trained"})


def counts_something_else(code: str, parts) -> bool:
    """A header that counts, but not what the indicator counts: «Количество экскурсий на предприятия» holds the
    name of excursions_done, yet counts excursions, not pupils (an indicator with concepts of its own only); so do
    «Проведено экскурсий на предприятия», «Экскурсий … проведено (ед.)», «Организовано …» of a count of people
    (what was held, not who took part); «Количество участий … в профпробах (чел./раз)» counts participations, not
    the pupils who took part (one pupil in three probes is three)."""
    if not any(s.field == code for s in schema.indicator_specs()):
        return False
    if schema.indicator_units().get(code) == "чел." and (counts_what_was_held(parts) or counts_things(parts)
                                                         or counts_participations(parts)):
        return True
    return "count" in read(tuple(parts)).concepts and code not in field_strengths("indicator", parts)


def counts_participations(parts) -> bool:
    """«Количество участий …», «(чел./раз)», «человеко-раз»: participations, not persons (lexicon concept «times»)."""
    return "times" in read(tuple(parts)).concepts


# hours stated in a header: «(16 ч.)», «72 часа», «в объёме 16 ак. ч» (never «чел.»)
HOURS = re.compile(r"(\d+)\s*(?:ак(?:ад[а-яё]*)?\.?\s*)?(?:ч\.?(?![а-яё])|час(?:а|ов)?(?![а-яё]))", re.IGNORECASE)


def too_few_hours(code: str, parts) -> bool:
    """«Педагоги, прошедшие обучение по программе «Основы профориентации» (16 ч.)» is not teachers_dpo, whose name
    requires at least 36 hours: a header stating fewer hours than its indicator's name requires names another
    figure (the form is asked about, never stored as that indicator)."""
    need = schema.indicator_min_hours().get(code)
    said = [int(m.group(1)) for p in parts for m in HOURS.finditer(str(p))]
    return need is not None and bool(said) and max(said) < need


# what a count may count that is no people (schools, events, organisations), and the nouns of people
THINGS = frozenset({"school", "event", "org", "partner"})
PEOPLE = frozenset({"pupil", "persons", "participant", "teacher", "parent", "navigator", "contingent"})


def counts_things(parts) -> bool:
    """«Количество ОО, реализующих профминимум», «Количество мероприятий профминимума», «Количество организаций-
    партнёров, участвующих в профминимуме»: a count of schools, events or organisations, naming nobody — never a
    count of pupils (it was read as those covered: 38 «pupils» beside 11 840)."""
    c = read(tuple(parts)).concepts
    return "count" in c and bool(c & THINGS) and not c & PEOPLE


def counts_what_was_held(parts) -> bool:
    """«Проведено экскурсий на предприятия», «Экскурсий … проведено (ед.)», «Проведено курсов ДПО для педагогов»:
    a header saying what was held (first, or naming nobody who took part) counts events, never people — unless it
    says «чел.»."""
    r = read(tuple(parts))
    return "held" in r.concepts and "persons" not in r.concepts and ("held" in r.lead or not PERSONS & r.concepts)


def excluded(kind: str, field: str, parts) -> bool:
    """Whether the header says something that rules the field out («%», «не», another population …)."""
    r, head = _readings(parts)
    return any(s.field == field and s.excludes & (head if head is not None and s.type in NAME_TYPES else r).own
               for s in schema.of_kind(kind))


def other_measure(parts) -> frozenset[str]:
    """What makes a header another measure than the figure its words name (fields.csv «other_measure»): a plan, an
    expectation («Ожидаемый охват», «пройдут»), the past («в прошлом году», «АППГ»), those who refused, dropped out
    or stayed outside («отказавшихся», «выбыли», «вне профминимума»), a plan's fulfilment («% выполнения»). Never
    read as that figure."""
    own = tuple(t for t in (_QUALIFIER.sub(" ", str(p)) for p in parts) if t.strip())
    said = read(own).concepts if own else frozenset()
    # «% выполнения», «выполнение, %», «Охват в % от плана»: how much of a plan was done, not the figure nor its
    # share of the pupils (t89: «в % от плана» was read as a plan)
    done = {"execution", "percent"} <= said or any(_OF_PLAN.search(str(p)) for p in own)
    return (said & _measure_concepts()) | (FULFILMENT if done else frozenset())


FULFILMENT = frozenset({"fulfilment"})
_OF_PLAN = re.compile(r"(?:%|процент[а-я]*)\s*(?:от|к)\s+план", re.IGNORECASE)


@lru_cache(maxsize=1)
def _measure_concepts() -> frozenset[str]:
    rule = next(s for s in schema.ignore_rules() if s.field == "other_measure")
    return frozenset(c for a in rule.requires for c in a)


# what a header includes or leaves out, not what it counts: «(включая занятия вне ОО)», «(с учётом прибывших и
# выбывших)», «(без учёта отказавшихся)», «включая предыдущие периоды», «(по учебному плану)»; done beside the plan:
# «проведённые сверх плана», «вне плана», «внеплановые» (facts)
_QUALIFIER = re.compile(r"(?:включая|в\s+том\s+числе|с\s+уч[её]том|без\s+уч[её]та|кроме|за\s+исключением|"
                        r"по\s+учебн[а-я]*\s+план[а-я]*)[^|()]*"
                        r"|(?:сверх|вне)\s+план[а-я]*|внепланов[а-я]*", re.IGNORECASE)


def ignorable(parts) -> bool:
    """A column no monitoring figure is in: № п/п, ФИО, телефон, e-mail, примечание … (fields.csv, kind «*»)."""
    r = read(tuple(parts))
    return _led_by_ignorable(r) or any(_strength(s, r) for s in schema.ignore_rules() if s.field == "ignore")


@lru_cache(maxsize=20_000)
def names_a_field(text: str) -> bool:
    """Whether a cell text reads as a column header of some kind by meaning, by two concepts or more (a school's
    name, one concept, is a value, not a header)."""
    r = read((text,))
    if len(r.concepts) < 2:
        return False
    for s in schema.specs():
        if s.kind != "*" and not s.excludes & r.concepts:
            best = _best(s, r.concepts)
            if best >= 2 or (best == 1 and s.prefers & r.concepts):
                return True
    return False
