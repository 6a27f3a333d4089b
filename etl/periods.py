"""Reporting periods.

Canonical labels: '2024-Q1' (calendar quarter) and '2023-H2' (calendar half-year). A region's cadence
(`data/reference/regions.csv`, column `cadence`) is 'quarter' or 'half'; None means «not known» and behaves
as 'quarter' where a choice is needed.

An as-of date («по состоянию на 01.10.2023») names the period holding the day BEFORE it: data as of the
first day of a period describe the period that has just ended.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from etl.normalize import extract_date, serial_text_date

_LABEL = re.compile(r"^(\d{4})-(Q[1-4]|H[12])$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
ROMAN_OUT = {1: "I", 2: "II", 3: "III", 4: "IV"}
CADENCES = ("quarter", "half")

# Month stems in every case form («сентябрь», «сентября», «сентябре»); «май»/«мая»/«мае» handled by «ма[йяе]».
MONTH_STEMS = ("январ", "феврал", "март", "апрел", "ма[йяе]", "июн", "июл", "август", "сентябр", "октябр",
                "ноябр", "декабр")

MONTH_NAMES = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
               "декабрь")
ORDINAL = r"(?P<n>[1-4]|iv|i{1,3})\s*-?\s*(?:й|ый|ой|го|ого|е|ое)?"
_YEAR = r"(?P<y>\d{4})(?!\d)"
_SCHOOL_YEAR_TAIL = r"(?!\s*[/-]\s*\d)"
_RX_CANON = re.compile(r"(?<![0-9a-zа-я])(?P<y>\d{4})\s*-?\s*(?P<t>[qh])\s*(?P<n>[1-4])(?![0-9])")
_RX_CANON_REV = re.compile(r"(?<![0-9a-zа-я])(?P<t>[qh])\s*(?P<n>[1-4])\s*-?\s*(?P<y>\d{4})(?!\d)")
_RX_QUARTER = re.compile(r"(?<![0-9a-zа-я])" + ORDINAL + r"\s*кв(?:артал[а-я]*|\b|(?=\d))\.?\s*"
                         + _YEAR + _SCHOOL_YEAR_TAIL)
# a two-digit year only with «г.»/«года» after it («1 кв. 24 г.»: tester round t85; «IV кв. 23» could be anything)
_YEAR_SHORT = r"(?P<y>\d{2})\s*г(?:ода?|\.|(?![а-я]))"
_RX_QUARTER_SHORT = re.compile(r"(?<![0-9a-zа-я])" + ORDINAL + r"\s*кв(?:артал[а-я]*|\b|(?=\d))\.?\s*" + _YEAR_SHORT)
_HALF_ORD = r"(?P<n>[12]|ii|i|перв[а-я]*|втор[а-я]*)\s*-?\s*(?:й|ый|ое|е|го|ого|м|ом)?"
_HALF_WORD = r"\s*(?:полугод[а-я]*|пол(?![а-я]))\.?\s*"  # «1 полугодие», «1пол2024» (a file name)
_RX_HALF_SCHOOL = re.compile(r"(?<![0-9a-zа-я])" + _HALF_ORD + _HALF_WORD +
                             r"(?P<y1>\d{4})\s*[/-]\s*(?P<y2>\d{4}|\d{2})(?!\d)")
RX_HALF = re.compile(r"(?<![0-9a-zа-я])" + _HALF_ORD + _HALF_WORD + _YEAR + _SCHOOL_YEAR_TAIL)
_RX_HALF_SHORT = re.compile(r"(?<![0-9a-zа-я])" + _HALF_ORD + _HALF_WORD + _YEAR_SHORT)
_DATE_TOKEN = r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
RX_RANGE = re.compile(r"(?P<a>" + _DATE_TOKEN + r")\s*(?:-|–|—|по|до)\s*(?P<b>" + _DATE_TOKEN + ")")
_RX_ASOF = re.compile(r"(?<![а-я])на\s*(?=[«\"]?\d)")
RX_MONTHS_OF_YEAR = re.compile(r"(?<![0-9])(?P<k>\d{1,2})\s*-?\s*(?:ти|и)?\s*месяц[а-я]*\s+" + _YEAR
                                + _SCHOOL_YEAR_TAIL)
_RX_MONTH = re.compile(r"(?<![а-я])(?P<m>" + "|".join(MONTH_STEMS) + r")[а-я]*\s+" + _YEAR + _SCHOOL_YEAR_TAIL)


# ---------------------------------------------------------------------------------------------
# Labels

def month_number(word: str) -> int:
    """1…12 of a month's stem matched by _RX_MONTH / _RX_MONTH_WORD («сентябр» → 9)."""
    return next(i for i, stem in enumerate(MONTH_STEMS, 1) if re.match(stem, word))


def is_valid(label) -> bool:
    """True for a canonical label such as '2024-Q1' or '2023-H2'."""
    if not isinstance(label, str):
        return False
    m = _LABEL.match(label)
    return bool(m) and 2000 <= int(m.group(1)) <= 2100


def _split(label: str) -> tuple[int, str, int]:
    if not is_valid(label):
        raise ValueError(f"Неверное обозначение периода «{label}»: ожидается 2024-Q1 или 2023-H2")
    y, t = label.split("-")
    return int(y), t[0], int(t[1])


def _label(y: int, t: str, n: int) -> str:
    return f"{y}-{t}{n}"


def cadence_of(label: str) -> str:
    """'quarter' for a quarter label, 'half' for a half-year label."""
    return "quarter" if _split(label)[1] == "Q" else "half"


def quarter_of(d: date) -> str:
    return _label(d.year, "Q", (d.month - 1) // 3 + 1)


def half_of(d: date) -> str:
    return _label(d.year, "H", 1 if d.month <= 6 else 2)


def period_of_day(d: date, cadence: str | None = None) -> str:
    """The period (of the cadence; quarter when None) that holds the day d."""
    if isinstance(d, datetime):
        d = d.date()
    return half_of(d) if cadence == "half" else quarter_of(d)


def to_cadence(label: str, cadence: str | None) -> str:
    """Express a label in a region's cadence: '2023-Q3' → '2023-H2' for 'half'.

    A half-year cannot be split into quarters, so a half label under 'quarter' cadence stays as is.
    """
    y, t, n = _split(label)
    if cadence == "half" and t == "Q":
        return _label(y, "H", 1 if n <= 2 else 2)
    return label


AS_OF_GRACE_DAYS = 10  # a report «по состоянию на» the first days of a period is the one before's (due then)


def period_from_asof(asof: date, cadence: str | None = None) -> str:
    """The period of data «по состоянию на <asof>» (quarter when cadence is None): the one holding the day before,
    or the one before it when the date is among the first AS_OF_GRACE_DAYS of a period — the report of a period is
    made in its first days after (the regional roadmap's first: «до 02.10.2023» for III квартал).

    01.10.2023, 02.10.2023 → '2023-Q3' (quarter) / '2023-H2' (half); 01.12.2023 → '2023-Q4' / '2023-H2'.
    """
    if isinstance(asof, datetime):
        asof = asof.date()
    return period_of_day(asof - timedelta(days=AS_OF_GRACE_DAYS), cadence)


def period_bounds(label: str) -> tuple[date, date]:
    """First and last day of the period: '2024-Q1' → (2024-01-01, 2024-03-31)."""
    y, t, n = _split(label)
    first_month = (n - 1) * 3 + 1 if t == "Q" else (n - 1) * 6 + 1
    months = 3 if t == "Q" else 6
    start = date(y, first_month, 1)
    end_month = first_month + months
    end = (date(y + 1, 1, 1) if end_month > 12 else date(y, end_month, 1)) - timedelta(days=1)
    return start, end


def next_period(label: str) -> str:
    y, t, n = _split(label)
    last = 4 if t == "Q" else 2
    return _label(y + 1, t, 1) if n == last else _label(y, t, n + 1)


def previous_period(label: str) -> str:
    y, t, n = _split(label)
    last = 4 if t == "Q" else 2
    return _label(y - 1, t, last) if n == 1 else _label(y, t, n - 1)


def periods_between(a: str, b: str) -> list[str]:
    """Every period from a to b inclusive ('2023-Q3', '2024-Q1' → Q3, Q4, Q1); [] when b is before a.

    Both labels must be of the same kind (quarters or half-years).
    """
    if cadence_of(a) != cadence_of(b):
        raise ValueError("Периоды разной периодичности: квартал и полугодие")
    out = []
    p = a
    while period_bounds(p)[0] <= period_bounds(b)[0]:
        out.append(p)
        p = next_period(p)
    return out


def deadline_for(label: str) -> date:
    """The reporting date of a period: the day after it ends (data «по состоянию на» that day).

    This is the as-of date forms of the period carry, and a reasonable submission deadline: a form for
    '2023-Q3' is due on 01.10.2023, for '2023-H2' on 01.01.2024. period_from_asof(deadline_for(p)) == p.
    """
    return period_bounds(label)[1] + timedelta(days=1)


def period_label_ru(label) -> str:
    """'2023-Q3' → «III квартал 2023 г.», '2023-H2' → «2-е полугодие 2023 г.», '2023/24' → «2023/24 учебный год».

    Not-canonical text is returned unchanged; a comma-separated list of labels is translated item by item.
    """
    if label is None:
        return ""
    if is_school_year(label):
        return f"{label} учебный год"
    if not is_valid(label):
        s = str(label)
        parts = [p.strip() for p in s.split(",")]
        if len(parts) > 1 and all(is_valid(p) for p in parts):
            return ", ".join(period_label_ru(p) for p in parts)
        return s
    y, t, n = _split(label)
    if t == "Q":
        return f"{ROMAN_OUT[n]} квартал {y} г."
    return f"{n}-е полугодие {y} г."


def period_phrase(label: str, preposition: str) -> str:
    """A period after «к» or «в», declined: «к III кварталу 2023 г.», «ко 2-му полугодию 2023 г.», «в III квартале
    2023 г.», «во 2-м полугодии 2023 г.»; a school year: «к 2023/24 учебному году», «в 2023/24 учебном году»."""
    assert preposition in ("к", "в")
    to = preposition == "к"
    if is_school_year(label):
        return f"{preposition} {label} {'учебному году' if to else 'учебном году'}"
    y, t, n = _split(label)
    if t == "Q":
        return f"{preposition} {ROMAN_OUT[n]} {'кварталу' if to else 'квартале'} {y} г."
    lead = ("ко" if to else "во") if n == 2 else preposition  # «ко 2-му», «во 2-м»: a stem with «вт-»
    return f"{lead} {n}-{'му' if to else 'м'} {'полугодию' if to else 'полугодии'} {y} г."


# how a region of each cadence reports, and an example of its period as a form's title writes it
CADENCE_WORDS = {"quarter": ("ежеквартально", "I квартал 2024"), "half": ("раз в полгода", "2-е полугодие 2023")}


def cadence_examples(regions: list[dict]) -> list[tuple[str, str, str]]:
    """(the regions of a cadence joined, how they report, an example period) for each cadence of `regions` (dicts
    with name and cadence): («Московская область, Нижегородская область», «ежеквартально», «I квартал 2024»)."""
    names: dict[str, list[str]] = {}
    for r in regions:
        names.setdefault(r.get("cadence") or "quarter", []).append(r["name"])
    return [(", ".join(n), *CADENCE_WORDS.get(c, CADENCE_WORDS["quarter"])) for c, n in names.items()]


def sort_key(label: str) -> tuple[date, date]:
    """Chronological order of labels (a half-year sorts before the quarters it starts with)."""
    start, end = period_bounds(label)
    return start, -end.toordinal()


# ---------------------------------------------------------------------------------------------
# Parsing

def ordinal(s: str) -> int:
    s = s.lower()
    if s in _ROMAN:
        return _ROMAN[s]
    if s.startswith("перв"):
        return 1
    if s.startswith("втор"):
        return 2
    return int(s)


def from_date_token(s: str) -> date | None:
    return extract_date(s.replace("-", "."))


# a file name written in Latin letters: «III_kv_2023», «IVkv2023», «2pol2023»
_LATIN_PERIOD_WORDS = {"kv": " кв ", "kvartal": " квартал ", "pol": " полугодие ", "polugodie": " полугодие "}
_LATIN_PERIOD_WORD = re.compile(r"(?<![a-uw-z])(kvartal|kv|polugodie|pol)(?![a-z])")


def parse_period(text, cadence: str | None = None) -> str | None:
    """The reporting period named in a title or a file name, as a canonical label (None if none or ambiguous).

    Recognised (case-insensitive, '_' read as a space): '2024-Q1', '2024 Q1', '2024Q1'; «за I квартал 2024
    года», «1 квартал 2024», «I кв. 2024», «3кв2023»; «1 полугодие 2023/2024 учебного года» (→ '2023-H2':
    the first half of a school year is September–December), «2 полугодие 2023/2024 уч. года» (→ '2024-H1'),
    «1 полугодие 2024 года», «2-е полугодие 2023 г.»; a date range («с 01.07.2023 по 30.09.2023») → the
    period holding its last day; an as-of date («по состоянию на 01.10.2023», or a bare date in a file name)
    → the period holding the day before; «за сентябрь 2023» → the period holding that month; «за 9 месяцев 2024
    года» → the period its last month ends.
    A school year alone («2023/2024 учебный год») is ambiguous → None. The result follows the cadence when
    given (a quarter becomes its half-year under 'half').
    """
    if text is None:
        return None
    if isinstance(text, (date, datetime)):
        return period_from_asof(text, cadence)
    s = str(text).replace("_", " ").replace("\xa0", " ").lower().replace("ё", "е")
    s = _LATIN_PERIOD_WORD.sub(lambda m: _LATIN_PERIOD_WORDS[m.group(1)], s.replace("–", "-").replace("—", "-"))

    def out(label: str) -> str:
        return to_cadence(label, cadence)

    for rx in (_RX_CANON, _RX_CANON_REV):
        m = rx.search(s)
        if m:
            label = _label(int(m.group("y")), m.group("t").upper(), int(m.group("n")))
            if is_valid(label):  # («2024-H3» is no period: not recognised, not a crash — tester round t85)
                return out(label)
    m = _RX_QUARTER.search(s)
    if m:
        return out(_label(int(m.group("y")), "Q", ordinal(m.group("n"))))
    m = _RX_HALF_SCHOOL.search(s)
    if m:
        y1 = int(m.group("y1"))
        y2 = int(m.group("y2"))
        if y2 < 100:
            y2 += (y1 // 100) * 100
        if y2 == y1 + 1:
            n = ordinal(m.group("n"))
            return out(_label(y1, "H", 2) if n == 1 else _label(y2, "H", 1))
    m = RX_HALF.search(s)
    if m:
        return out(_label(int(m.group("y")), "H", ordinal(m.group("n"))))
    for rx, t in ((_RX_QUARTER_SHORT, "Q"), (_RX_HALF_SHORT, "H")):  # «1 кв. 24 г.», «2 полугодие 23 г.»
        m = rx.search(s)
        if m:
            return out(_label(2000 + int(m.group("y")), t, ordinal(m.group("n"))))
    m = RX_RANGE.search(s)
    if m:
        a, b = from_date_token(m.group("a")), from_date_token(m.group("b"))
        if a and b and a <= b:
            return period_of_day(b, cadence)
    # «по состоянию на 01.10.2023»: the date after «на» wins over other dates in the text (order dates …).
    m = _RX_ASOF.search(s)
    d = extract_date(s[m.end():]) if m else None
    if d is None:
        d = extract_date(s)  # a bare date, e.g. in a file name, is an as-of date
    if d is not None:
        return period_from_asof(d, cadence)
    m = _RX_MONTH.search(s)
    if m:
        month = month_number(m.group("m"))
        return period_of_day(date(int(m.group("y")), month, 1), cadence)
    m = RX_MONTHS_OF_YEAR.search(s)  # «за 9 месяцев 2024 года»: January to September
    if m and int(m.group("k")) in (3, 6, 9, 12):
        return period_of_day(date(int(m.group("y")), int(m.group("k")), 1), cadence)
    return None


_MONTH_CUT = {"янв": "январь", "фев": "февраль", "мар": "март", "апр": "апрель", "авг": "август", "сен": "сентябрь",
              "окт": "октябрь", "ноя": "ноябрь", "дек": "декабрь"}
_RX_MONTH_CUT = re.compile(r"(?<![а-я])(янв|февр?|мар|апр|авг|сент?|окт|нояб?|дек)\.?(?![а-я])")
_RX_DAYS_RANGE = re.compile(r"(?<![\d./])\d{1,2}(?:\.\d{1,2})?\s*(?:-|по)\s*"
                            r"(?P<end>\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\s+[а-я]+\.?\s*\d{4})")


def deadline_of(text) -> date | None:
    """The day a roadmap item is due, from its deadline text: an explicit date («До 15.09.2023»), of a range its
    end («с 01.09.2023 по 31.05.2024», «20–24.11.2023»), of a named month its last day («сентябрь 2023 г.», «до конца
    октября 2023 года»; of a range of months the last one's: «сентябрь 2026 г. – май 2027 г.» → 31.05.2027), of a
    quarter or half-year its last day («IV квартал 2023 г.», «1 полугодие 2023/2024 учебного года» → 31.12.2023), of
    a school year its last day («В течение 2023/2024 учебного года» → 31.08.2024: not done when the year is over, it
    is overdue), of a calendar year its last day («до конца 2023 г.»). None when the text
    names no day («в течение года», «по графику», «в течение учебного года»)."""
    if text is None:
        return None
    if isinstance(text, (date, datetime)):
        return text if not isinstance(text, datetime) else text.date()
    serial = serial_text_date(text)  # a date in a General cell: its day number («45291»)
    if serial is not None:
        return serial
    s = str(text).replace("\xa0", " ").lower().replace("ё", "е").replace("–", "-").replace("—", "-")
    m = RX_RANGE.search(s)
    if m:
        a, b = from_date_token(m.group("a")), from_date_token(m.group("b"))
        if a and b and a <= b:
            return b
    m = _RX_DAYS_RANGE.search(s)  # «20–24.11.2023», «с 24 по 26 октября 2023 г.»: the month and year written once
    d = extract_date(m["end"]) if m else None
    if d is not None:
        return d
    d = extract_date(s)
    if d is not None:
        return d
    m = None
    s = _RX_MONTH_CUT.sub(lambda m: _MONTH_CUT[m[1][:3]], s)  # «сент. 2023»: the month's name in full
    for m in _RX_MONTH.finditer(s):  # of a range of months («сентябрь 2026 г. – май 2027 г.») the last
        pass
    if m and not _RX_QUARTER.search(s):
        month = month_number(m.group("m"))
        year = int(m.group("y"))
        return (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    label = parse_period(s)
    if label:
        return period_bounds(label)[1]
    span = school_year_span(s)
    if span:
        return span[1]
    # a calendar year, of years the last: its last day («до конца 2023 г.», «в течение 2024 года», «2023-2025 гг.»)
    years = years_named(s)
    return date(years[-1], 12, 31) if years else None


def school_year_span(text: str, marked: bool = True) -> tuple[date, date] | None:
    """(01.09, 31.08) of a school year written in text: «2024/2025 уч. год», «2023-24 учебного года»; `marked`:
    only with «уч.» after the years (unmarked, «2024/25» in a column's header is a school year too)."""
    for m in (_RX_SCHOOL_YEAR_TEXT if marked else _RX_SCHOOL_YEARS).finditer(text):
        if (int(m.group(2)) - int(m.group(1))) % 100 == 1:  # (not «2023-10» of a date range)
            return date(int(m.group(1)), 9, 1), date(int(m.group(1)) + 1, 8, 31)
    return None


def years_named(text: str) -> list[int]:
    """The calendar years a text names as years («2023 г.», «в 2024 году», «2023-2025 гг.»), in order."""
    return [int(y) for y in _RX_YEAR.findall(text.lower())]


def span_start(text) -> date | None:
    """The first day of a span named in words, for an event dated so: of a named month its first day («сентябрь
    2023» → 01.09.2023; of a range of months the first one's: «октябрь–декабрь 2023» → 01.10.2023), of a quarter or
    half-year its first day («IV квартал 2023» → 01.10.2023). None when the words name no day («в течение года»)."""
    if text is None:
        return None
    s = str(text).replace("\xa0", " ").lower().replace("ё", "е")
    s = _RX_MONTH_CUT.sub(lambda m: _MONTH_CUT[m[1][:3]], s)  # «окт. 2023»: the month's name in full
    m = _RX_MONTH_WORD.search(s)
    y = _RX_ANY_YEAR.search(s, m.end()) if m else None
    if m and y:
        month = month_number(m.group("m"))
        return date(int(y.group(1)), month, 1)
    label = parse_period(s)
    return period_bounds(label)[0] if label else None


_RX_MONTH_WORD = re.compile(r"(?<![а-я])(?P<m>" + "|".join(MONTH_STEMS) + r")[а-я]*")
_RX_ANY_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_RX_YEAR = re.compile(r"(?<![\d/.])(20\d\d)\s*(?:гг|г\.|г\b|год[а-я]*)")
_SCHOOL_YEARS = r"(?<!\d)(20\d\d)\s*[/–—-]\s*(?:20)?(\d\d)(?!\d)"
_RX_SCHOOL_YEARS = re.compile(_SCHOOL_YEARS)
_RX_SCHOOL_YEAR_TEXT = re.compile(_SCHOOL_YEARS + r"\s*(?:уч|учебн)")
_SCHOOL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def is_school_year(label) -> bool:
    """True for a school year as the period selector names it: '2023/24' (01.09.2023–31.08.2024)."""
    m = _SCHOOL_YEAR.match(label) if isinstance(label, str) else None
    return bool(m) and 2000 <= int(m.group(1)) <= 2100 and (int(m.group(1)) + 1) % 100 == int(m.group(2))


def school_year_first(school_year: str, cadence: str | None) -> str:
    """The first period of a school year in a cadence: '2023/24' → '2023-Q3' (quarters; it ends on 30.09, in the
    school year), '2023-H2' (half-years)."""
    y = int(school_year[:4])
    return _label(y, "H", 2) if cadence == "half" else _label(y, "Q", 3)


def _school_year_label(y: int) -> str:
    return f"{y}/{str(y + 1)[-2:]}"


def previous_school_year(school_year: str) -> str:
    return _school_year_label(int(school_year[:4]) - 1)


def school_year_of(period: str) -> str:
    """«2023/24» for every period that ends between 01.09.2023 and 31.08.2024 (III квартал 2023 included)."""
    end = period_bounds(period)[1]
    return _school_year_label(end.year if end.month >= 9 else end.year - 1)
