"""The catalogue of headers: column synonyms per kind (data/reference/columns.csv) and indicator names
(indicators.csv), and how strongly a header names each field (`Catalogue.field_scores`) or which indicator it names
(`Catalogue.indicator`).

Matching works on `header_key(text)` (= `norm_key`, with «№» kept as the word «no»). A synonym matches a
header when it equals it or is contained in it as whole words. Precedence (the most specific match wins):

1. the whole joined header equals a synonym («Численность обучающихся 6-11 классов | всего»);
2. the lowest header part (the leaf) equals a synonym («… | из них охвачено»);
3. a synonym contained in the leaf part;
4. a synonym contained in the joined header («Численность обучающихся 6–11 классов | всего» →
   «численность обучающихся 6 11 классов»).
Within a tier a synonym that ends the header wins (the qualifier comes last in Russian headers:
«Количество обучающихся 6–11 классов, охваченных профминимумом» is the covered count), then the longest. Synonyms
shorter than 4 characters («МО», «ОО», «№») match only whole headers or whole parts; a header no synonym names is
read by meaning (etl/meaning.py).
"""
from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from etl import config, meaning, schema, summary_form
from etl.model import KINDS
from etl.normalize import fold_lookalikes, norm_key

MIN_CONTAINED = 4
PARTICIPANTS = ("students", "parents", "teachers")
COUNT_FIELDS = frozenset({"students_total", "students_covered", "navigators", *PARTICIPANTS})

def header_key(text: Any) -> str:
    """norm_key of a header text, keeping «№» as the word «no» («№ п/п» → «no п п»)."""
    if text is None:
        return ""
    return norm_key(fold_lookalikes(str(text).lower(), whole_words=True).replace("№", " no "))


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


def contains_words(hay: str, needle: str) -> bool:
    """needle occurs in hay as whole words (both are norm keys: words separated by single spaces)."""
    return f" {needle} " in f" {hay} "



_NEGATED = re.compile(r"(?:^| )не (?!менее|более|ниже|выше)")  # «не охвачено», but «не менее 36 ч» is no negation
_PERCENT_WORDS = re.compile(r"\bпроцент|\bв процентах|\bдоля\b|\bдоли\b")


# «№ 1», «№12»: a designation («МБОУ СОШ № 1»), a value's words, never a header's
_DESIGNATION = re.compile(r"№\s*\d")


def _counts_or_kinds(text: str) -> bool:
    """«Кол-во участников, чел.», «Категория участников», «Итого участников»: a count, a category or a total of
    something (a total of people: «Итого по району» is a row's label), a header's words."""
    c = meaning.read((text,)).concepts
    return len(c) >= 2 and bool(c & {"count", "kind_of"} or
                                ("total" in c and c & {"participant", "pupil", "parent", "teacher"}))


class Catalogue:
    """Column synonyms per kind and indicator names (data/reference/columns.csv, indicators.csv)."""

    def __init__(self, synonyms: dict[str, dict[str, list[str]]], indicators: dict[str, str],
                 shares: dict[str, str] | None = None, share_of: dict[str, str] | None = None,
                 denominators: set[str] | None = None, parts: dict[str, tuple[str, str]] | None = None):
        self.synonyms = synonyms  # kind -> field -> [keys]
        self.indicators = indicators  # key -> code
        self.shares = shares or {}  # code -> short name: indicators that are shares in % (aggregation «ratio»)
        self.share_of = share_of or {}  # numerator code -> the share made of it (students_covered -> coverage_share)
        self.denominators = denominators or set()  # the populations shares are taken of (students_total)
        self.parts = parts or {}  # share code -> (its numerator's code, its denominator's code)
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
        parts: dict[str, tuple[str, str]] = {}
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
                        if r.get("numerator") and r.get("denominator"):
                            parts[r["code"]] = (r["numerator"], r["denominator"])
                    for t in [r["code"], r["name"], r["short_name"]] + (r.get("synonyms") or "").split("|"):
                        k = indicator_key(t)
                        if k:
                            ind.setdefault(k, r["code"])
                    ind.setdefault(indicator_key(r["code"].replace("_", " ")), r["code"])
        return cls(syn, ind, shares, share_of, denominators, parts)

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
        if k not in self._exact and _DESIGNATION.search(str(text)):
            hit = False  # «МБОУ СОШ № 1», «Лицей № 10»: a name, whatever words it has
        else:
            hit = k in self._exact or bool(self._contained_re and len(k) <= 200 and self._contained_re.search(k)) \
                or (len(k) <= 200 and (" ".join(meaning.lexicon().tokens(text)) in self._exact
                                       or meaning.names_a_field(str(text))
                                       # a service column's header («Примечание», «Телефон», «№ п/п»)
                                       or meaning.ignorable((str(text),))
                                       # a count or a category of something («Кол-во участников, чел.»,
                                       # «Категория участников»): a header's words
                                       or _counts_or_kinds(str(text))
                                       # a summary's count («Количество ОО»): its table is found, then refused
                                       or summary_form.counts_units((str(text),))))
        if len(self._memo) < 50000:
            self._memo[k] = hit
        return hit

    def indicator(self, text: Any, any_measure: bool = False) -> str | None:
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
            found = [(ik, c) for ik, c in self._ind_sorted if contains_words(ks, ik)]  # longest name first
            # a name in quotes («Мои ориентиры», «Билет в будущее») tells one indicator from a general one: only the
            # indicators one of whose names holds it are candidates, and the longest of their names in the text
            # says enough («Из них высокий уровень («Мои ориентиры»)»: «из них высокий уровень» of that diagnostic)
            quoted = [qs for q in _QUOTED.findall(str(text)) if (qs := _stems(indicator_key(q)))]
            named_codes = {c for qs in quoted for ik, c in self._ind_sorted if contains_words(ik, qs) and len(ik) > len(qs)}
            named = [f for f in found if f[1] in named_codes and not contains_words(" ".join(quoted), f[0])]
            if named:
                found = [(ks, named[0][1])]
            # (not a name the population's own name holds: «прошедших диагностику «Мои ориентиры»» is the population
            # of its share, not «прошедших диагностику» in general)
            specific = [(ik, c) for ik, c in found if c not in self.denominators
                        and not any(contains_words(dk, ik) for dk, dc in found if dc in self.denominators)]
            code = next((c for ik, c in found if len(ik) >= 0.6 * len(ks) and (not specific or c not in
                                                                                self.denominators)), None)
            population = next((ik for ik, c in found if c in self.denominators), None)
            if code is None and specific and population and \
                    len(population) + len(specific[0][0]) >= 0.7 * len(ks):  # together they say most of it
                code = specific[0][1]
            if code is None:  # by meaning: «Кол-во уч-ся, принявших участие в профпробах», «Прошли тестирование
                code = meaning.indicator((str(text),))  # «Мои ориентиры», чел.» (abbreviations, word forms)
            if code is not None and meaning.counts_something_else(code, (str(text),)):
                return None  # «Количество экскурсий на предприятия», «Проведено …»: excursions are counted
        if code is not None and meaning.too_few_hours(code, (str(text),)):
            return None  # «прошедших обучение … (16 ч.)»: not the ДПО of at least 36 hours
        if code is not None and not any_measure and k not in self.indicators and \
                not meaning.other_measure((str(text),)) <= self._measure_of(code):
            return None  # «отказавшихся от диагностики», «Ожидаемое количество участников профпроб»: not done
        if code is not None and code not in self.shares and ("%" in meaning.count_not_percent(str(text))
                                                              or _PERCENT_WORDS.search(k)):
            return self.share_of.get(code)
        return code

    def part_indicator(self, text: Any) -> str | None:
        """The indicator a part of another figure names («в т.ч. охваченных мероприятиями профминимума», «из них
        прошедших диагностику»): never all the pupils of grades 6–11 — «в т.ч. 6-9 кл.» is a part of them."""
        code = self.indicator(text)
        return None if code == "students_total" else code

    def _measure_of(self, code: str) -> frozenset[str]:
        """The «other measure» concepts of an indicator's own name (a plan indicator may name a plan)."""
        return meaning.other_measure((schema.indicator_names().get(code, code),))

    def negated_indicator(self, text: Any) -> str | None:
        """The indicator a negated wording is the complement of («Не охвачено профминимумом»: students_covered)."""
        k = indicator_key(text)
        return self.indicator(_NEGATED.sub(" ", k)) if _NEGATED.search(k) else None

    def field_scores(self, kind: str, parts: list[str], any_measure: bool = False) -> dict[str, int]:
        """Every field of a kind that matches a header, with the strength of its best match. A count whose header
        speaks of another measure («(план)», «ожидаемый», «в прошлом году», «отказавшихся») is not that count,
        unless the header is a synonym of it as a whole (`any_measure`: what it would be read as without that)."""
        joined = header_key(" | ".join(parts))
        leaf = header_key(parts[-1]) if parts else ""
        # the header without what it adds in brackets: «Наименование мероприятия (сроки проведения)» is the event
        # (a one-word rest, «ОО (количество)», is too little to say which field it is)
        main = header_key(meaning.BRACKETS.sub(" ", parts[-1])) if parts and "(" in parts[-1] else ""
        if len(main.split()) < 2:
            main = ""
        part_keys = [header_key(p) for p in parts]
        # «Не охвачено …», «Не назначен …»: the opposite of the field (read by meaning: a legend of the answers,
        # «(утверждён / не утверждён)», and a bound, «не менее 36 ч», are no negation — abbreviations.csv)
        negated = "negation" in meaning.read(tuple(parts)).concepts
        # a percent column («Охвачено, %», «… в процентах») is never a count of people, nor is what was held
        # («Проведено курсов ДПО для педагогов»)
        not_people = any("%" in meaning.count_not_percent(p) for p in parts) or \
            bool(_PERCENT_WORDS.search(joined)) or meaning.counts_what_was_held(parts)
        out: dict[str, int] = {}
        for f, keys in self.synonyms.get(kind, {}).items():
            if not_people and f in COUNT_FIELDS:
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
                elif n >= MIN_CONTAINED and contains_words(leaf, k):
                    s = 2000 + n + (500 if leaf.endswith(k) else 0)
                elif n >= MIN_CONTAINED and contains_words(joined, k):
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
        # (a synonym outside the brackets still holds, «Мероприятие (сроки проведения)», unless what the brackets add
        # changes what is counted: «Кол-во обучающихся (без повторного учёта)» is no count of participations)
        counted_apart = bool(main) and bool(_COUNTED_APART & meaning.read((parts[-1],)).concepts)
        for f, s in list(out.items()):
            if (s < 2900 or (s < 3000 and counted_apart)) and meaning.excluded(kind, f, parts):
                del out[f]
        if not negated:
            for f, s in meaning.field_strengths(kind, parts).items():
                if not_people and f in COUNT_FIELDS:
                    continue
                if s > out.get(f, 0):
                    out[f] = s
        other = set() if any_measure or not out else meaning.other_measure(parts)
        for f in [f for f, s in out.items() if other and s < 3000 and schema.FIELD_TYPES.get(f) in ("int", "number")]:
            del out[f]  # «Охвачено профминимумом (план)», «Выбыли из профминимума»: not those covered
        return out




_COUNTED_APART = frozenset({"distinct"})  # concepts of a bracket that change what a count counts

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


def short_of_hours(text: Any) -> str | None:
    """The name of the indicator a header would name but for the hours it states, fewer than the name requires
    («… (16 ч.)» beside «Педагоги, прошедшие обучение по программам ДПО (не менее 36 ч)»), else None."""
    code = indicator_code(meaning.HOURS.sub(" ", str(text or "")))
    return schema.indicator_names()[code] if code and meaning.too_few_hours(code, (str(text),)) else None
