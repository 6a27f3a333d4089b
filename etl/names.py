"""What a file says outside its table: the municipality, region, period, event or level named in a sheet's
title, its name or the file's name («Отчёт г.о. Химки за III квартал 2023 г.», «65_…», «Основной уровень»)."""
from __future__ import annotations

import re
from pathlib import Path

from etl import normalize, periods

SUMMARY_SHEET_RE = re.compile(r"^\s*(свод|сводн|итог|всего|summary|total)", re.IGNORECASE)


def municipality_from_text(reg, text: str, region: str | None, cases: bool = False):
    """A municipality named in a sheet title or a title cell («Городской округ Химки», «г.о. Королев»); `cases`: a
    title, a sheet's or a file's name, where a place may be named in another case («ОО города Твери»)."""
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
    return _in_other_case(reg, text, region) if cases else None


def _in_other_case(reg, text: str, region: str | None):
    """A place named in another case («ОО города Твери», «школы г. Ржева», «Мытищ»): each capitalised word read
    in its dictionary form when the dictionary knows it as a place (pymorphy3), then matched as written."""
    from etl.morph import place_name

    for part in re.split(r"[|\n]", text):
        words = re.findall(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ]?[а-яё]+)?", part)
        for w in words:
            place = place_name(w)
            if place and place != w.lower().replace("ё", "е"):
                m = reg.match(place, region)
                if m:
                    return m
    return None


def _regions_named(reg, text: str, fields: tuple[str, ...]) -> list[str]:
    """The regions (in the registry's order) one of whose `fields` (ministry, coordinator, order number) the text
    names as whole words («распоряжение МОМО …», «ГАУ СО АРЧК»)."""
    padded = f" {normalize.norm_key(text)} "
    return list(dict.fromkeys(r["code"] for r in reg.regions() for f in fields
                              if (said := r.get(f)) and (key := normalize.norm_key(said)) and f" {key} " in padded))


def region_of_bodies(reg, texts) -> str | None:
    """The one region whose ministry or regional coordinator the texts name (a roadmap's executors: «МОСО», «ГАУ СО
    АРЧК»); None when none or several."""
    found = {code for t in {str(v) for v in texts if v}
             for code in _regions_named(reg, t, ("ministry", "coordinator"))}
    return found.pop() if len(found) == 1 else None


def region_from_text(reg, text: str) -> str | None:
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
    # the region's ministry («распоряжение МОМО …») or its roadmap's order («№ Р-872»)
    named = _regions_named(reg, text, ("ministry", "order_no"))
    if named:
        return named[0]
    m = re.match(r"^(\d{2})[_\- ]", Path(text).name)
    if m and any(r["code"] == m.group(1) for r in reg.regions()):
        return m.group(1)
    return None


_DATE_RE = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_DAY = r"\d{1,2}(?:[./]\d{1,2}[./]|\s+[а-яё]+\s+)\d{2,4}(?:\s*г\.?)?"  # 18.08.2023, 18 августа 2023 г.
# the date of a document the title cites («распоряжение … от 18.08.2023 № Р-872», «№ 45 от 01.09.2023»): no
# as-of date of the form
_ORDER_DATE_RE = re.compile(r"(?:(?:распоряжени|приказ|постановлени|письм|решени|протокол)[а-яё]*\b[^()]{0,120}?"
                            r"|№\s*\S+\s*)\bот\s*" + _DAY + r"|\bот\s*" + _DAY + r"\s*№", re.IGNORECASE)
_ASOF_RE = re.compile(r"(состоянию|положению)\s+на\s+\d|\bна\s+\d{1,2}[./]\d{1,2}[./]\d{2,4}", re.IGNORECASE)


def period_from_texts(texts: list[str], cadence: str | None, *, any_date: bool = True) -> str | None:
    """The reporting period named in titles, the file name or sheet names (in that order of preference).

    Strongest evidence first: a named quarter / half-year / canonical label (dates removed, so an order
    date «от 18.08.2023» cannot pass for one); then an as-of date («по состоянию на 01.10.2023»); then any date
    (unless not `any_date`) but a cited document's («распоряжение … от 18.08.2023 № Р-872»).
    """
    texts = [_ORDER_DATE_RE.sub(" ", t) for t in texts if t]
    for t in texts:
        p = periods.parse_period(_DATE_RE.sub(" ", t), cadence)
        if p:
            return periods.to_cadence(p, cadence) if cadence else p
    for strong in (True, False) if any_date else (True,):
        for t in texts:
            if strong and not _ASOF_RE.search(t):
                continue
            p = periods.parse_period(t, cadence)
            if p:
                return periods.to_cadence(p, cadence) if cadence else p
    return None


_GENERIC_SHEET = re.compile(r"^\s*(лист|sheet|стр|страница)\s*\d*\s*$|мероприят|форма|данные|отчет|отчёт|таблица",
                            re.IGNORECASE)


def event_of_sheet(reg, sheet_name: str, title: str, region: str | None) -> str | None:
    """The event a sheet is about when no column names it: a catalogue event named in its title or name, else
    the sheet's own name unless it is a generic one («Лист1», «Мероприятия») or a municipality's («Серпухов»: the
    sheet says whose the rows are, not what the event was)."""
    from etl.event_names import catalogue_event

    for text in (title, sheet_name):
        found = catalogue_event(text, region) if text else None
        if found:
            return found
    if _GENERIC_SHEET.search(sheet_name) or SUMMARY_SHEET_RE.match(sheet_name) or \
            municipality_from_text(reg, sheet_name, region) is not None or _names_no_event(sheet_name):
        return None
    return normalize.clean_text(sheet_name)


# what a sheet's name may name that is no event: schools, pupils, classes, indicators, agreements … (tester round t89:
# «Профильные классы» became an event of 79 pupils) — unless it also names what an event is («Классные часы»)
_NO_EVENT = frozenset({"school", "pupil", "class", "subgroup", "indicator", "agreement", "partner", "muni", "level"})
_EVENTISH = frozenset({"event", "probes", "excursion", "hours", "bvb", "rmg", "lesson"})


def _names_no_event(sheet_name: str) -> bool:
    from etl import meaning

    c = meaning.read((sheet_name,)).concepts
    return bool(c & _NO_EVENT) and not c & _EVENTISH


def level_of_sheet(sheet_name: str, title: str) -> tuple[str | None, str]:
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


# A school's own name («МБОУ «Лицей № 6»», «Гимназия № 3», «МОУ СОШ № 7»), at the start of a title line
_SCHOOL_TITLE = re.compile(r"^(?:[МГЧН]?[БАКО]?[НО]?ОУ|МОУ|МБОУ|МАОУ|МКОУ|ГБОУ|ГАОУ|ЧОУ|НОУ|АНОО|"
                           r"(?:средняя |основная )?(?:общеобразовательная )?школа|лицей|гимназия|СОШ|ООШ|НОШ)"
                           r"(?=[\s«\"№])", re.IGNORECASE)
# the municipality written after it («… г.о. Дубна», «… городского округа Химки», «…, Мытищи»)
_MUNI_TAIL = re.compile(r"[\s,]+(?:г\.\s*о\.|го|городск\w*\s+округ\w*|муниципальн\w*\s+(?:округ|район)\w*|"
                        r"г\.|город\w*)\s+\S.*$", re.IGNORECASE)


def school_of_title(title_text: str) -> str | None:
    """The school a form of one school names in its title, without the municipality after it («МБОУ «Лицей № 6» г.о.
    Дубна» → «МБОУ «Лицей № 6»»), or None."""
    for part in (p.strip() for p in (title_text or "").split("|")):
        part = _SCHOOL_LABEL.sub("", part)  # «Наименование ОО: МБОУ СОШ № 5», «Школа: …», «ОО: …» (tester round t87)
        # (a school's name has its number or its name in quotes: «Школа профессий …» over a municipality's events
        # is no school)
        if part and _SCHOOL_TITLE.match(part) and len(part) <= 200 and re.search(r"№\s*\d|«", part):
            return _MUNI_TAIL.sub("", part).strip(" ,") or None
        # a sentence naming it among its first words: «Информация МАОУ «Лицей № 2» городского округа Воскресенск об
        # участии …», «Отчёт МБОУ «СОШ № 7» г.о. Серпухов …» (lost, the next school's form replaced it: t76)
        m = _SCHOOL_IN_SENTENCE.match(part) or _SCHOOL_UNQUOTED.search(part) or _SCHOOL_IN_FULL.search(part)
        if m:
            return m.group(1).strip(" ,")
    return None


_ORG = r"(?:М[БАК]?ОУ|[МГ][БА]ОУ|ЧОУ|НОУ)"  # a school's kind of organisation, as a title writes it
_SCHOOL_IN_SENTENCE = re.compile(r"^(?:[А-ЯЁа-яё-]+\s+){1,3}?(" + _ORG + r"\s*(?:«[^«»]{2,80}»|\"[^\"]{2,80}\"))")


# (tester round t87: one school's forms stored as their municipality's, the next replacing the last)
_SCHOOL_LABEL = re.compile(r"^(?:наименование\s+(?:ОО|образовательной\s+организации|школы)|школа|ОО|"
                           r"образовательная\s+организация)\s*:\s*(?=\S)", re.IGNORECASE)
# a school's short name written unquoted in a sentence: «… в МБОУ СОШ № 5 г.о. Жуковский», «Отчёт МОУ Гимназия № 1 …»
_SCHOOL_UNQUOTED = re.compile(r"(?<![А-ЯЁа-яё])(" + _ORG + r"\s+(?:[А-ЯЁа-яё-]+\s+){0,3}?"
                              r"№\s*\d+(?:-?[а-яА-Я](?![а-яё.]))?)")
# its full name: «Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 5»»
_SCHOOL_IN_FULL = re.compile(r"((?:муниципальн|государственн|частн)\w*\s+(?:[а-яё]+\s+){0,3}?общеобразовательн\w*\s+"
                             r"(?:учреждени|организаци)\w*\s+«[^«»]*(?:«[^«»]*»[^«»]*)?»)", re.IGNORECASE)

_TAIL_WORDS = ("г.о", "г. о", "городск", "округ", "район", " г.")


def school_name_tails(names_: list[str]) -> dict[str, str]:
    """School name -> the words after it naming a municipality («МБОУ СОШ № 8 г.о. Лобня» → «г.о. Лобня»), for the
    names that have them (a list with none of their words is told so by one pass over all the names)."""
    joined = "\n".join(names_).lower()
    if not any(w in joined for w in _TAIL_WORDS):
        return {}
    out = {}
    for name in names_:
        low = name.lower()
        if any(w in low for w in _TAIL_WORDS) and (m := _MUNI_TAIL.search(name)):
            out[name] = m.group(0).strip(" ,")
    return out


def units_by_region(reg, find) -> dict[str, str]:
    """{region's name: its unit} of the regions where `find(region code)` gives a unit of that region: a name several
    regions have («Жуковский», «Дзержинский»), in the reference's order of regions."""
    out = {}
    for r in reg.regions():
        m = find(r["code"])
        if m is not None and m.region_code == r["code"]:
            out[r["name"]] = m.unit or m.municipality
    return out


def of_regions(reg, raw: list) -> str:
    """«муниципалитет «Жуковский» есть в нескольких регионах (…)» when the names the rows give are units of several
    regions (tester round t86: «муниципалитеты не распознаны» said of a name the reference has twice)."""
    for v in dict.fromkeys(x.strip() for x in raw if isinstance(x, str) and x.strip()):
        found = sorted(units_by_region(reg, lambda code: reg.match(v, code)))  # noqa: B023 - called at once
        if len(found) > 1:
            return f"муниципалитет «{v}» есть в нескольких регионах ({', '.join(found)})"
    return ""
