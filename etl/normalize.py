"""Value normalisers. Each parser returns (value, error_ru_or_None); a None value means empty.

Raw values come from python-calamine or csv: None, str, int, float, bool, date, datetime, time.
Every parser treats None, '' and whitespace as empty → (None, None). Error texts are short Russian
sentences; the pipeline adds the file, sheet, row, column and a hint.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from etl import morph
from etl.model import CONTROL_CHARS

_NON_WORD = re.compile(r"[^0-9a-zа-я]+")


def norm_key(text) -> str:
    """A comparison key: lower case, ё→е, Latin look-alike letters in a Cyrillic word made Cyrillic, every run of
    non-alphanumerics (quotes, dashes, dots) → one space.

    norm_key(' «Путь  навыков» ') == 'путь навыков'; norm_key('Королёв') == 'королев'; norm_key('Бaзовый') (Latin
    «a») == 'базовый'.
    """
    if text is None:
        return ""
    s = fold_lookalikes(str(text).lower().replace("ё", "е"))
    return _NON_WORD.sub(" ", s).strip()


# Latin letters drawn as Cyrillic ones (lower case): «Haименование OO», «Oxвaчeнo» typed on a Latin layout
_LOOKALIKE = str.maketrans("aeopcxykmhtb", "аеорсхукмнтв")
_LOOKALIKE_LETTERS = frozenset("aeopcxykmhtb")
_LATIN = re.compile(r"[a-z]")
_MIXED_WORD = re.compile(r"[a-zа-я]*(?:[a-z][а-я]|[а-я][a-z])[a-zа-я]*")
_LATIN_WORD = re.compile(r"(?<![a-zа-я0-9])[a-z]+(?![a-zа-я0-9])")
_CYRILLIC = re.compile(r"[а-я]")


def fold_lookalikes(s: str, whole_words: bool = False) -> str:
    """Lower-case text with the Latin look-alike letters of its mixed words made Cyrillic («нaименование» →
    «наименование»); with `whole_words`, also a Latin word made only of look-alikes in a Cyrillic text («оо» of
    «Наименование OO»: for headers — a value's «MOP» stays as typed)."""
    if s.isascii() or not _LATIN.search(s):
        return s
    s = _MIXED_WORD.sub(lambda m: m.group().translate(_LOOKALIKE), s)
    if whole_words and _CYRILLIC.search(s):
        s = _LATIN_WORD.sub(lambda m: m.group().translate(_LOOKALIKE) if set(m.group()) <= _LOOKALIKE_LETTERS
                            else m.group(), s)
    return s


# ---------------------------------------------------------------------------------------------
# Text

_WS = re.compile(r"\s+")  # str patterns match Unicode whitespace, NBSP and thin spaces included
# zero-width signs, soft hyphens, control characters (NUL, ESC …: a table download or a slide would break on them,
# a terminal would run them) and bidirectional overrides (a right-to-left mark can fake what a text ends with)
_INVISIBLE = re.compile(f"[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f{CONTROL_CHARS}]")
DASHES = frozenset({"-", "–", "—", "−", "‐", "‑", "‒", "―"})


def _is_nan(v) -> bool:
    return isinstance(v, float) and math.isnan(v)


def clean_text(v) -> str | None:
    """Text as a person reads it: trimmed, every run of whitespace (NBSP too) → one space; empty → None.

    Integral floats lose the '.0' (12.0 → '12'); dates become '15.09.2023'.
    """
    if v is None or _is_nan(v):
        return None
    if isinstance(v, bool):
        return "да" if v else "нет"
    if isinstance(v, float):
        if v.is_integer():
            return str(int(v))
        return f"{v:.15g}"  # 0.1 + 0.2 → '0.3', not '0.30000000000000004'
    if isinstance(v, datetime):
        if v.time() == time(0, 0):
            return v.strftime("%d.%m.%Y")
        return v.strftime("%d.%m.%Y %H:%M")
    if isinstance(v, date):
        return v.strftime("%d.%m.%Y")
    if isinstance(v, time):
        return v.strftime("%H:%M")
    # (a zero-width space stands between words: «МБОУ\u200bСОШ» is «МБОУ СОШ»; the other invisible signs go)
    s = _WS.sub(" ", _INVISIBLE.sub("", str(v).replace("\u200b", " "))).strip()
    return s or None


# «no data» written out: the value is unknown, as if the cell were empty (a dash, by contrast, means zero)
NO_DATA = frozenset({"н/д", "нд", "н.д.", "н. д.", "нет данных", "данных нет", "n/a"})
NONE_WORDS = frozenset({"нет", "нет.", "не было", "никто"})  # a count of nobody


def _empty(v) -> bool:
    return v is None or _is_nan(v) or (isinstance(v, str) and clean_text(v) is None)


# ---------------------------------------------------------------------------------------------
# Numbers

_SPACES_IN_NUMBER = re.compile(r"(?<=\d)[\s'’]+(?=\d)")
_UNIT_SUFFIX = re.compile(r"\s*(чел\.?|человек|шт\.?|ед\.?)$", re.IGNORECASE)
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_THOUSANDS_GROUPS = re.compile(r"\d{1,3}(,\d{3})+")


def _number_from_text(s: str) -> float | None:
    """'1 234,5' → 1234.5, '1,234.5' → 1234.5, '−5' → -5.0; None if the text is not a plain number."""
    s = _SPACES_IN_NUMBER.sub("", s.strip())
    s = _UNIT_SUFFIX.sub("", s)
    if s[:1] in DASHES and len(s) > 1:
        s = "-" + s[1:].lstrip()
    if "," in s and "." in s:
        # The later separator is the decimal one; the other groups thousands.
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif s.count(",") > 1 and _THOUSANDS_GROUPS.fullmatch(s.lstrip("+-")):
        s = s.replace(",", "")
    else:
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        return None
    return float(s)


def _split_percent(s: str) -> tuple[str, bool]:
    s = s.strip()
    if s.endswith("%"):
        return s[:-1].strip(), True
    return s, False


# «1.200», «15,300»: a count never has three decimals, so a dot or comma before groups of three digits separates
# thousands (as an English or German Excel writes them); «0,950» is a fraction (no number of thousands starts with 0)
THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*$")

# footnote marks after a number («120*», «95¹»): the number is as written, the mark refers to a note
_FOOTNOTE_MARKS = re.compile(r"(?<=\d)\s*[*¹²³⁴⁵⁶⁷⁸⁹⁰]+$")


def parse_int(v) -> tuple[int | None, str | None]:
    """Whole counts: '1 200', '1\\xa0200', 1200.0, '1 200,0' → 1200; '-' and «нет» → 0 (nobody)."""
    if _empty(v):
        return None, None
    if isinstance(v, bool):
        return None, "Ожидается целое число"
    if isinstance(v, int):
        return v, None
    if isinstance(v, float):
        # formula results such as 3.0000000000000004 are whole numbers too
        if math.isfinite(v) and abs(v - round(v)) < 1e-6:
            return int(round(v)), None
        return None, "Ожидается целое число"
    if isinstance(v, (date, time)):
        return None, "Ожидается целое число, а не дата"
    s = _FOOTNOTE_MARKS.sub("", clean_text(v))
    if s in DASHES or s.lower() in NONE_WORDS:  # «нет» in a count: nobody («нет данных» is no answer)
        return 0, None
    if s.lower() in NO_DATA:
        return None, None
    if THOUSANDS.match(s):
        return int(re.sub(r"[.,]", "", s)), None
    s = _without_percent_beside(s)
    x = _number_from_text(s)
    if x is None and _SLASHED.match(s) and not _SLASH_DAY.match(s):  # «36/0/2» under a header naming no order
        return None, SLASHED_NUMBERS
    if x is None or not x.is_integer():
        return None, "Ожидается целое число"
    return int(x), None


_PERCENT_BESIDE = re.compile(r"(?<=\S)\s*\(\s*\d{1,3}(?:[.,]\d+)?\s*%\s*\)$")


def _without_percent_beside(s: str) -> str:
    """«702 (100%)», «1 020 чел. (97,6 %)», «120 (18,8%)» → the number before it: a count with its percent beside."""
    return _PERCENT_BESIDE.sub("", s) if s.endswith(")") and "%" in s else s


SLASHED_NUMBERS = ("Ожидается целое число, а в ячейке несколько чисел через «/»: их столько, сколько групп названо "
                   "в заголовке столбца, и в том же порядке («Участники (обучающиеся/родители/педагоги)»: «40/0/4»), "
                   "или разнесите их по столбцам")
_SLASHED = re.compile(r"^\d{1,5}(?:\s*/\s*\d{1,5}){1,3}$")
_SLASH_DAY = re.compile(r"^\d{1,2}/\d{1,2}/(?:19|20)?\d{2}$")  # «15/09/2023»: a date


def parse_number(v) -> tuple[float | None, str | None]:
    """Decimal numbers: '85,3' → 85.3, '1 234,5' → 1234.5, '85%' → 85.0, '-' → 0.0."""
    if _empty(v):
        return None, None
    if isinstance(v, bool):
        return None, "Ожидается число"
    if isinstance(v, (int, float)):
        if isinstance(v, float) and not math.isfinite(v):
            return None, "Ожидается число"
        return float(v), None
    if isinstance(v, (date, time)):
        return None, "Ожидается число, а не дата"
    s = _FOOTNOTE_MARKS.sub("", clean_text(v))
    if s in DASHES:
        return 0.0, None
    if s.lower() in NO_DATA:
        return None, None
    s, _ = _split_percent(_without_percent_beside(s))
    x = _number_from_text(s)
    if x is None:
        return None, "Ожидается число"
    return x, None


# ---------------------------------------------------------------------------------------------
# Yes / no

_YES = frozenset({
    "да", "1", "имеется", "имеются", "есть", "в наличии", "назначен", "назначена", "назначено", "назначены",
    "утвержден", "утверждена", "утверждено", "утверждены", "зарегистрирован", "зарегистрирована",
    "зарегистрировано", "зарегистрированы", "yes", "y", "true", "v", "д", "ок", "ok", "выполнено", "обучен",
    "обучена", "обучены", "прошел", "прошла", "прошли", "утв", "назн", "подключен", "подключена", "подключено",
    "подключены",
})
_YES_SYMBOLS = frozenset({"+", "✓", "✔", "☑", "✅", "v", "V"})
_NO = frozenset({
    "нет", "0", "отсутствует", "отсутствуют", "не имеется", "не назначен", "не назначена", "не назначено",
    "не утвержден", "не утверждена", "не утверждено", "не зарегистрирован", "не зарегистрирована",
    "не зарегистрировано", "no", "n", "false", "н", "не обучен", "не обучены", "не утв", "не назн", "не подключен",
    "не подключена", "не подключено", "не подключены",
})
_NO_SYMBOLS = DASHES | {"✗", "✘", "×", "☐", "❌"}
YES_NO_WORDS, YES_NO_SYMBOLS = _YES | _NO, _YES_SYMBOLS | _NO_SYMBOLS  # an answer as written (not a name)
_NO_FIRST_WORDS = frozenset({"нет", "не", "отсутствует", "отсутствуют"})
# not done yet, whatever follows («будет назначен до 01.11.2023», «ожидается приказ № 5», «в процессе»):
# a question «is it done?» is answered «нет»
_PENDING = re.compile(r"^(будет|будут|ожидается|ожидаются|планируется|планируются|запланирован\w*|в процессе|"
                      r"в стадии|на стадии|на согласовании|на утверждении|в работе|готовится|разрабатывается|"
                      r"в разработке|на доработке|на подписании|на подписи|в проекте|проект|"
                      r"требуется|необходимо|частично|вакансия|вакантн\w*|подан\w*\s+заявк\w*|заявк\w*\s+подан\w*)\b")
_YES_FIRST_WORDS = frozenset({"да", "имеется", "есть", "назначен", "назначена", "утвержден", "утверждена", "утв"})
_CAP = "[А-ЯЁ]"
_LOW = "[а-яё]"
# «Иванова И.И.», «Иванова И. И.», «Петров П.», «ИВАНОВА И.И.» anywhere in the text.
_NAME_INITIALS = re.compile(rf"(?<![А-ЯЁа-яё]){_CAP}[А-ЯЁа-яё]+(?:-{_CAP}[А-ЯЁа-яё]+)?\s+{_CAP}\.\s?(?:{_CAP}\.)?")
# «И.И. Иванова».
_INITIALS_NAME = re.compile(rf"(?<![А-ЯЁа-яё]){_CAP}\.\s?(?:{_CAP}\.)?\s?{_CAP}{_LOW}+")
# «Иванова Ирина Ивановна» (optionally followed by a position after a comma).
_FULL_NAME = re.compile(rf"^{_CAP}{_LOW}+(?:-{_CAP}{_LOW}+)?\s+{_CAP}{_LOW}+\s+{_CAP}{_LOW}+(?:\s*[,(].*)?$")
# the person's position named instead of the person («зам. директора по УВР», «советник директора по воспитанию»)
_POSITION = re.compile(r"(?<![а-яё])(?:директор\w*|зам\.?|заместител\w*|завуч\w*|советник\w*|педагог\w*|"
                       r"учител\w*|руководител\w*|навигатор\w*|методист\w*|психолог\w*|классн\w* рук\w*)"
                       r"(?![а-яё])", re.IGNORECASE)
_DOC_WORDS = re.compile(r"^(приказ|распоряжение|постановление|пр\b|расп\b|план\b|положение|протокол)", re.IGNORECASE)
_DOC_NUMBER = re.compile(r"№\s*\S*\d")
_DIGIT = re.compile(r"\d")


def _looks_like_person(s: str) -> bool:
    return bool(_NAME_INITIALS.search(s) or _INITIALS_NAME.search(s) or _FULL_NAME.match(s))


def _looks_like_document(s: str) -> bool:
    if _DOC_NUMBER.search(s):
        return True
    return bool(_DOC_WORDS.match(s) and _DIGIT.search(s))


def parse_yes_no(v) -> tuple[bool | None, str | None]:
    """да/нет and its many spellings; a person's name or an order reference means «да»."""
    if _empty(v):
        return None, None
    if isinstance(v, bool):
        return v, None
    if isinstance(v, (int, float)):
        if v == 1:
            return True, None
        if v == 0:
            return False, None
        return None, "Ожидается «да» или «нет»"
    if isinstance(v, (date, datetime)):
        return True, None  # the date something was appointed/approved
    if isinstance(v, time):
        return None, "Ожидается «да» или «нет»"
    s = clean_text(v)
    if s in _YES_SYMBOLS:
        return True, None
    if s in _NO_SYMBOLS:
        return False, None
    key = norm_key(s)
    if key in _YES:
        return True, None
    if key in _NO:
        return False, None
    if _PENDING.match(key):
        return False, None
    words = key.split()
    if words and words[0] in _NO_FIRST_WORDS:
        return False, None
    if words and words[0] in _YES_FIRST_WORDS:
        return True, None
    if _looks_like_document(s) or _looks_like_person(s) or extract_date(s) is not None:
        return True, None
    if len(s) <= 40 and " " not in s and morph.is_surname(s):  # «Ким», «Иванова»: a person is named
        return True, None
    if len(s) <= 80 and _POSITION.search(s):
        return True, None  # «зам. директора Петрова», «заместитель директора по УВР»: someone is named
    return None, "Ожидается «да» или «нет»"


# ---------------------------------------------------------------------------------------------
# Categories

LEVELS = ("базовый", "основной", "продвинутый")
_LEVEL_NONE = frozenset({"нет", "не реализует", "не реализуется", "не реализуют", "отсутствует", "не выбран"})
_LEVEL_NONE_LEAD = re.compile(r"(нет|не реализу\w*|не участву\w*|не выбран\w*|отсутству\w*)( |$)")
_BVB = re.compile(r"билет в будущее|единая модель профориентации|\bбвб\b")


def _level_of_word(w: str) -> str | None:
    if w.startswith("базов") or w == "баз":
        return "базовый"
    if w.startswith("основн") or w == "осн":
        return "основной"
    if w.startswith("продвин") or w in ("прод", "продв"):
        return "продвинутый"
    return None


def parse_level(v) -> tuple[str | None, str | None]:
    """The level of the career-guidance minimum: 'базовый' | 'основной' | 'продвинутый'.

    «Билет в будущее» / «Единая модель профориентации» without a level word mean 'основной'.
    A dash, «нет» or «не реализует» is empty.
    """
    if _empty(v):
        return None, None
    if isinstance(v, (bool, int, float, date, time)):
        return None, "Неизвестный уровень профминимума"
    s = clean_text(v)
    key = norm_key(s)
    if s in DASHES or key in _LEVEL_NONE:
        return None, None  # (a mark such as «+» names no level: an error below, not an empty cell)
    found = {lvl for lvl in map(_level_of_word, key.split()) if lvl}
    if len(found) == 1:
        return found.pop(), None
    if len(found) > 1:
        return None, "Указано несколько уровней профминимума"
    if _BVB.search(key):
        return "основной", None
    if _LEVEL_NONE_LEAD.match(key):  # «не реализует (адаптированные программы)»: no level, said so
        return None, None
    return None, "Неизвестный уровень профминимума"


PARTNER_TYPES = ("ВУЗ", "СПО", "индустриальный партнёр", "МОУО", "ОО", "иное")
_PARTNER_RULES = [  # on norm_key: the type named first in the text wins («СПО (колледж при вузе)»), ties in this order
    ("ВУЗ", re.compile(r"\bвуз|\bоово\b|\bуниверситет|\bинститут|\bакадеми|высшего образования|\bвысш"
                      # «ФГБОУ ВО», «организация ВО», «ОО ВПО» (the old name)
                      r"|\b\w*оу во\b|^оо во\b|^во$|\bорганизаци\w* во\b|\bвпо\b")),
    ("СПО", re.compile(r"\bспо\b|\bпоо\b|\b\w*поу\b|\bссуз|\bсуз\b|\bколледж|\bтехникум|\bучилищ|\bсред\w* проф"
                      r"|профессиональн\w* образовательн|\bпроф образовательн|среднего профессионального"
                      r"|средн\w* специальн")),
    ("МОУО", re.compile(r"\bмоуо\b|\bмоуо\w*|орган\w* управлени\w* образован|управлени\w* образовани"
                       r"|управлени\w* в сфере образовани"
                       r"|комитет\w* по образовани|отдел\w* образовани|департамент\w* образовани")),
    ("индустриальный партнёр", re.compile(r"индустриальн|\bиндустр\b|\bпредпр(?:ияти|\b)|\bработодател|\bзавод"
                                         r"|реальн\w* сектор|\bпром\b|\bпромпредпр|\bпромышленн\w* (?:партн|организац)"
                                         r"|\b(?:производствен|отраслев|бизнес)\w* партн"  # «пром. партнёр»
                                         r"|^бизнес$"
                                         r"|^(?:производствен|отраслев)\w*$"  # a type cell: «Производственный»
                                         r"|\bкомпани|\bкомбинат|\bфабрик|\bкорпораци|\bхолдинг"
                                         r"|\b(ооо|оао|зао|пао|ао|муп|гуп|фгуп|ип|кфх)\b|\bбанк"
                                         r"|индивидуальн\w* предпринимател|\bфермерск")),
    ("ОО", re.compile(r"^оо\b(?! (?:во|впо|спо)\b)|\bоо$|^оо$|\bшкол|общеобразовательн|\bсош\b|\bоош\b|\bгимнази"
                     r"|\bлице[йяе]"  # (not «ОО СПО», «ОО ВО»: a college, a university)
                     # a school's legal form alone in the type cell («МБОУ», «ЧОУ»: t92)
                     r"|^(?:м[бак]?оу|[гч][ба]?оу|ноу|чоу|моу)$")),
    ("иное", re.compile(r"^(иное|иные|иной|иная|другое|другие|другой|прочее|прочие|прочая)\b"
                       r"|дополнительн\w* образовани|\bдоп\w* образовани|\bудо\b|\bдпо\b|\bнко\b|некоммерческ"
                       r"|\bмузе|\bбиблиотек|\bтеатр|творчеств|\bкванториум|\bцентр\w* занятост"
                       r"|учреждени\w* культуры|\bспортивн"
                       # organisations of additional education, technoparks, centres of advanced vocational training
                       r"|\bодо\b|\bддт\b|\bцдо\b|\bцдт\b|\bдюц\b|\bдддт\b|\bтехнопарк|\bцопп\b"
                       r"|^(?:м[ба]?у|ано|[гм]?б?оу) до$")),  # «МБУ ДО», «АНО ДО»: additional education (t92)
]
_PARTNER_ERROR = "Неизвестный тип партнёра; допустимые: " + ", ".join(PARTNER_TYPES)
_LISTED = re.compile(r",|;|/|\bи\b")


def partner_types_named(name) -> set[str]:
    """Every partner type a partner's name speaks of («ГБПОУ … техникум» → {СПО}; «колледж при университете» → both)."""
    key = norm_key(name) if isinstance(name, str) else ""
    return {label for label, rx in _PARTNER_RULES if key and rx.search(key)}


def parse_partner_type(v) -> tuple[str | None, str | None]:
    """Partner type: 'ВУЗ' | 'СПО' | 'индустриальный партнёр' | 'МОУО' | 'ОО' | 'иное'."""
    if _empty(v):
        return None, None
    if not isinstance(v, str):
        return None, _PARTNER_ERROR
    key = norm_key(v)
    found = [(m.start(), k) for k, (_label, rx) in enumerate(_PARTNER_RULES) for m in [rx.search(key)] if m]
    if len({k for _s, k in found}) > 1 and _LISTED.search(str(v)):  # «ВУЗ, СПО»: two types, not one qualified
        return None, "Указано несколько типов партнёра: у договора один тип"
    return (_PARTNER_RULES[min(found)[1]][0], None) if found else (None, _PARTNER_ERROR)


_EVENT_LEVEL_RULES = [
    ("федеральный", re.compile(r"^(федеральн|всероссийск|общероссийск|рф$|фед$|федер$|всерос\w*$)")),
    ("региональный", re.compile(r"^(региональн|областн|субъектов|рег$|регион$|обл$)")),
    ("муниципальный", re.compile(r"^(муниципальн|городск|районн|муниц$|муницип$|мун$)")),
    ("школьный", re.compile(r"^(школьн|внутришкольн|шк$|школ$|на базе оо$|в оо$)")),
]
EVENT_LEVELS = tuple(label for label, _rx in _EVENT_LEVEL_RULES)  # in the order of the charts and the blanks


def parse_event_level(v) -> tuple[str | None, str | None]:
    """Event level: 'федеральный' | 'региональный' | 'муниципальный' | 'школьный'.

    всероссийский → федеральный, областной → региональный, городской/районный → муниципальный, внутришкольный →
    школьный. Only unambiguous words are mapped: «межрегиональный», «международный» are errors.
    """
    if _empty(v):
        return None, None
    if not isinstance(v, str):
        return None, "Неизвестный уровень мероприятия"
    key = norm_key(v)
    if key.endswith(" уровень"):
        key = key[: -len(" уровень")]
    if key.startswith("уровень "):
        key = key[len("уровень "):]
    for label, rx in _EVENT_LEVEL_RULES:
        if rx.match(key):
            return label, None
    return None, "Неизвестный уровень мероприятия"


OPEN_ENDED = re.compile(r"бессроч|не ограничен|до расторжени|пролонг")  # a validity with no end, on norm_key
# a validity given as a term from the agreement's date («5 лет», «на 3 года», «сроком на 12 мес»), on norm_key
_TERM = re.compile(r"^(?:сроком )?(?:на )?(\d{1,2}) (?:(год|года|лет|г)|(мес|месяц|месяца|месяцев))$")


def term_months(v) -> int | None:
    """Months of a validity written as a term from the agreement's date («5 лет» → 60), else None."""
    m = _TERM.match(norm_key(v)) if isinstance(v, str) else None
    return None if m is None else int(m[1]) * (12 if m[2] else 1)


# an agreement not signed yet («в стадии заключения», «на подписании»): in a state column or where its partner is
# a cell saying there is no agreement («нет», «-», «не заключён», «договора нет», «отсутствует»): a school's row with
# none (etl/agreement_rows.py), an empty slot among the partners' names by type (etl/mark_columns.py)
NO_AGREEMENT = re.compile(r"^\s*(?:договор\w*\s+)?(?:нет|не\s+заключ\w*|отсутству\w*)(?:\s+договор\w*)?\s*[.!]?\s*$"
                          r"|^\s*[-–—]+\s*$", re.IGNORECASE)
AGREEMENT_PENDING = re.compile(
    r"^\W*(?:договор\w*\s+)?(?:(?:в|на)\s+(?:стадии|этапе|процессе)\s+(?:заключ|подпис|соглас|оформл)"
    r"|на\s+(?:подписании|согласовании|оформлении)|планиру|готовит|заключа[её]тся|будет\s+заключ|не\s+подписан)",
    re.IGNORECASE)
_IN_FORCE_RULES = [  # on norm_key: negations first
    (False, AGREEMENT_PENDING),  # (not in force yet: left out as «не заключён», etl/agreement_rows.py)
    (False, re.compile(r"^(не ?действ|недейств|расторг|прекращ|истек|закончил|окончен|завершен|аннулир|нет$"
                       r"|срок\w* (?:действи\w* )?(?:истек|закончил|окончен)|приостановлен)")),  # (t92)
    (True, re.compile(r"^(действ|заключен|подписан|актив|да$)")),
]


def parse_in_force(v) -> tuple[bool | None, str | None]:
    """An agreement's state: in force («действует», «действующий») or not («расторгнут», «истёк», «прекращён»)."""
    if _empty(v):
        return None, None
    if isinstance(v, bool):
        return v, None
    if isinstance(v, (date, datetime)):  # the end of its validity: judged against the period (etl/agreement_rules.py)
        return None, None
    text = clean_text(str(v)) or ""
    if text in _YES_SYMBOLS or text in _NO_SYMBOLS:  # «Действует (+/-)»
        return text in _YES_SYMBOLS, None
    key = norm_key(text)
    for value, rx in _IN_FORCE_RULES:
        if rx.search(key):
            return value, None
    from etl.periods import school_year_span

    if extract_date(text) is not None or OPEN_ENDED.search(key) or term_months(text) or school_year_span(text):
        return None, None  # («по 31.08.2024», «бессрочно», «5 лет», «на 2023/2024 уч. год» — to 31.08.2024: its
        # validity, judged against the period by the rules)
    return None, ("Неизвестное состояние или срок действия договора: ожидается «действует», «расторгнут», дата "
                  "окончания («по 31.08.2024»), срок («на 5 лет», «на 2023/2024 уч. год») или «бессрочно»")


def parse_status(v) -> tuple[str | None, str | None]:
    """Roadmap status: 'выполнено' | 'в работе' | 'не выполнено' | 'не начато'; a dash is empty (etl/statuses.py)."""
    from etl.statuses import parse

    return parse(v)


# ---------------------------------------------------------------------------------------------
# Dates

MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                   "октября", "ноября", "декабря")
# a month named in a date: its genitive, or cut short («5 окт. 2023 г.», «1 сент 2023»)
_MONTH_WORD = "(?:" + "|".join(MONTHS_GENITIVE) + r"|янв|февр?|мар|апр|май|июн|июл|авг|сент?|окт|нояб?|дек)\.?"
_EXCEL_EPOCH = date(1899, 12, 30)  # the 1900 date system, with Lotus' phantom 29.02.1900 accounted for
_EXCEL_MIN, _EXCEL_MAX = 20000, 80000  # 1954 … 2119: anything else is not a date serial
_DATE_IN_TEXT = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?!\d)"
    r"|(?<!\d)(?P<d2>\d{1,2})[./](?P<m2>\d{2})[./](?P<y2>\d{2})(?![\d./])"
    r"|(?<!\d)(?P<d3>\d{1,2})-(?P<m3>\d{1,2})-(?P<y3>\d{4})(?!\d)"
    r"|(?<!\d)(?P<iy>\d{4})(?P<isep>[-.])(?P<im>\d{2})(?P=isep)(?P<id>\d{2})(?!\d)"
    r"|(?<!\d)(?P<rd>\d{1,2})\s*(?:[-–—]|по)\s*\d{1,2}\s+(?P<rm>" + _MONTH_WORD + r")\s*(?P<ry>\d{4})(?!\d)"
    # «20–24.11.2023»: the first day of the range, with the month and year written once
    r"|(?<![\d./])(?P<nd>\d{1,2})\s*[-–—]\s*\d{1,2}[./](?P<nm>\d{1,2})[./](?P<ny>\d{4})(?!\d)"
    # «20.11-24.11.2023»: the first day and its month, the year written once at the end
    r"|(?<![\d./])(?P<fd>\d{1,2})[./](?P<fm>\d{1,2})\s*[-–—]\s*\d{1,2}[./]\d{1,2}[./](?P<fy>\d{4})(?!\d)"
    # «7, 14, 21 ноября 2023 г.»: the first of the days listed
    r"|(?<!\d)(?P<ld>\d{1,2})(?:\s*,\s*\d{1,2})+\s*(?:и\s*\d{1,2}\s*)?(?P<lm>" + _MONTH_WORD + r")\s*(?P<ly>\d{4})(?!\d)"
    r"|(?<!\d)[«\"]?(?P<wd>\d{1,2})[»\"]?\s*(?P<wm>" + _MONTH_WORD + r")\s*(?P<wy>\d{4})(?!\d)",
    re.IGNORECASE,
)


def _make_date(y: int, m: int, d: int) -> date | None:
    if not 1990 <= y <= 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_number(word: str) -> int:
    """1…12 for a month's genitive or its short form («окт.», «мая», «май»): the first three letters tell."""
    w = word.lower()[:3]
    return 5 if w == "май" else next(i for i, m in enumerate(MONTHS_GENITIVE, 1) if m.startswith(w))


def extract_date(text) -> date | None:
    """The first valid date written inside a text: «До 22.08.2023», «№ 12-СВ от 15.09.2023»,
    «15 сентября 2023 г.», «2023-09-15»; None when the text holds none («В течение года»)."""
    if text is None:
        return None
    if isinstance(text, datetime):
        return text.date()
    if isinstance(text, date):
        return text
    s = str(text).replace("ё", "е").replace("Ё", "Е")
    for m in _DATE_IN_TEXT.finditer(s):
        g = m.groupdict()
        if g["d"]:
            d = _make_date(int(g["y"]), int(g["m"]), int(g["d"]))
        elif g["d2"]:
            yy = int(g["y2"])
            d = _make_date(2000 + yy if yy < 70 else 1900 + yy, int(g["m2"]), int(g["d2"]))
        elif g["d3"]:
            d = _make_date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        elif g["iy"]:
            d = _make_date(int(g["iy"]), int(g["im"]), int(g["id"]))
        elif g["rd"]:  # «11–15 марта 2024», «с 24 по 26 октября 2023»: the first day of the range
            d = _make_date(int(g["ry"]), _month_number(g["rm"]), int(g["rd"]))
        elif g["nd"]:
            d = _make_date(int(g["ny"]), int(g["nm"]), int(g["nd"]))
        elif g["fd"]:
            d = _make_date(int(g["fy"]), int(g["fm"]), int(g["fd"]))
        elif g["ld"]:
            d = _make_date(int(g["ly"]), _month_number(g["lm"]), int(g["ld"]))
        else:
            d = _make_date(int(g["wy"]), _month_number(g["wm"]), int(g["wd"]))
        if d is not None:
            return d
    return None


_AFTER_OT = re.compile(r"(?<![а-яё])от\s*", re.IGNORECASE)
_DATE_LIKE = re.compile(r"\s*[«\"]?(\d{1,2}[./-]\d{1,2}[./-]\d{2,4})")


def agreement_date(text) -> tuple[date | None, str | None]:
    """The date of an agreement written in its reference: the date after «от» («Договор 2023-09-01/15 от
    20.10.2023» → 20.10.2023, not the number's 01.09.2023), else the first date in it. (date, None); or
    (None, the written date) when «от» is followed by a date that does not exist («от 31.09.2023»)."""
    if text is None:
        return None, None
    s = str(text)
    wrong = None
    for ot in _AFTER_OT.finditer(s):  # the first «от» with a date: «№ 3 от 20.09.2023 (доп. соглашение от …)»
        tail = s[ot.end():]
        m = _DATE_LIKE.match(tail)
        d = extract_date(tail[:m.end()] if m else tail[:40])
        if d is not None:
            return d, None
        if m and wrong is None:
            wrong = m.group(1)
    if wrong is not None:
        return None, wrong
    return extract_date(s), None


_NUMBER_END = re.compile(r"\s*[,;(]|\s+(?=\d{1,2}[./]\d{1,2}[./]\d{2,4})")  # where a number ends before its date
_NUMBER_PREFIX = re.compile(r"^\s*(?:(?:договор|соглашени)[а-я]*\s*)?(?:№|n|no)?\s*", re.IGNORECASE)


_REQUISITES = re.compile(r"[\s,;:(–—-]*(?:(?<![а-яё])(?:договор|соглашени|дог\.|контракт|меморандум)|№)", re.IGNORECASE)


def partner_and_requisites(text: str) -> tuple[str, str | None]:
    """A partner's name and its agreement's requisites written in one cell: «МГТУ им. Н.Э. Баумана, договор № 15 от
    01.09.2023» → («МГТУ им. Н.Э. Баумана», «договор № 15 от 01.09.2023»); (text, None) when no requisites follow
    a name. Cut at the first word of requisites after the name (quotes in names such as «Договор» are skipped)."""
    for m in _REQUISITES.finditer(text):
        name = text[:m.start()].strip(" ,;:(–—-")
        if name and name.count("«") == name.count("»") and name.count('"') % 2 == 0:
            return name, text[m.start():].strip(" ,;:()–—-") or None
    return text, None


def agreement_number(text) -> str | None:
    """The number of an agreement written with its date, once the date is taken out: «№ 12-СВ от 15.09.2023» →
    «12-СВ», «Договор 3/23 от 20.11.2023» → «3/23»; the text as it is when no date follows «от»."""
    if text is None:
        return None
    s = str(text)
    for ot in _AFTER_OT.finditer(s):
        if extract_date(s[ot.end():ot.end() + 40]) is not None:
            before = s[:ot.start()]  # «Договор о сетевом взаимодействии № 3-СВ»: what follows «№»
            number = before.rsplit("№", 1)[1] if "№" in before else _NUMBER_PREFIX.sub("", before)
            if number.strip(" ,;"):
                return number.strip(" ,;")
            break  # «соглашение от 01.09.2023 № СЭ-2023/18»: the number after the date
    if "№" in s and extract_date(s) is not None:  # «№ 7, 02.11.2023», «№ 15 (01.09.2023)», «15.09.2023 № 12»
        number = _NUMBER_END.split(s.rsplit("№", 1)[1].strip(), 1)[0].strip(" ,;")
        if number and extract_date(number) is None:
            return number
    return s


_SIGN = re.compile(r"^\s*(?:(?:договор|соглашени)[а-яё]*\s*|(?:дог|согл)\.?\s*)?(?:№|n°|no\.?(?=\s*\d))\s*",
                   re.IGNORECASE)  # («Дог. № 15»: t92)


def bare_number(text: str) -> str:
    """An agreement's number without its sign: «№ 15/23», «Договор № 15/23» → «15/23» (as «№ 12 от 01.09.2023»
    gives «12»: one agreement written both ways is one)."""
    m = _SIGN.match(text)
    return (text[m.end():].strip() or text) if m else text


def excel_serial_to_date(x: float) -> date | None:
    """An Excel serial day number (1900 date system) → date; None outside 20000..80000."""
    if not _EXCEL_MIN <= x <= _EXCEL_MAX:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(x))


_DATE_ERROR = "Не удалось распознать дату"
_SERIAL_TEXT = re.compile(r"\d{5}([.,]\d+)?")


def serial_text_date(s) -> date | None:
    """A date typed in a cell of the General format, read as its serial day number («45291» → 31.12.2023); None for
    any other text."""
    s = str(s).strip()
    return excel_serial_to_date(float(s.replace(",", "."))) if _SERIAL_TEXT.fullmatch(s) else None


def parse_date(v) -> tuple[date | None, str | None]:
    """Dates: date/datetime objects, Excel serial numbers, '15.09.2023', '15.09.23', '15/09/2023',
    '2023-09-15', '15 сентября 2023 г.', or a date inside text («№ 12-СВ от 15.09.2023»)."""
    if _empty(v):
        return None, None
    if isinstance(v, datetime):
        return v.date(), None
    if isinstance(v, date):
        return v, None
    if isinstance(v, (bool, time)):
        return None, _DATE_ERROR
    if isinstance(v, (int, float)):
        d = excel_serial_to_date(v) if math.isfinite(v) else None
        return (d, None) if d else (None, _DATE_ERROR)
    s = clean_text(v)
    if s in DASHES or s.lower() in NO_DATA:
        return None, None
    if _SERIAL_TEXT.fullmatch(s):
        d = serial_text_date(s)
        return (d, None) if d else (None, _DATE_ERROR)
    d = extract_date(s)
    return (d, None) if d else (None, _DATE_ERROR)


# ---------------------------------------------------------------------------------------------
# Identifiers

_INN_PREFIX = re.compile(r"^\s*инн\s*:?\s*", re.IGNORECASE)
_TRAILING_ZERO_FRACTION = re.compile(r"[.,]0+$")
_INN_DIGITS = re.compile(r"\d{10}|\d{12}")
_INN_ERROR = "ИНН должен состоять из 10 или 12 цифр"


def parse_inn(v) -> tuple[str | None, str | None]:
    """Taxpayer number as a string of 10 (organisation) or 12 digits; 5047000001.0 → '5047000001'."""
    if _empty(v):
        return None, None
    if isinstance(v, bool) or isinstance(v, (date, time)):
        return None, _INN_ERROR
    if isinstance(v, int):
        s = str(v)
    elif isinstance(v, float):
        if not (math.isfinite(v) and v.is_integer()):
            return None, _INN_ERROR
        s = str(int(v))
    else:
        s = _INN_PREFIX.sub("", clean_text(v)).lstrip("'`’")  # «'5001012345»: Excel's text prefix kept by a csv
        s = _WS.sub("", s)
        s = _TRAILING_ZERO_FRACTION.sub("", s)
    if _INN_DIGITS.fullmatch(s):
        return s, None
    return None, _INN_ERROR


# value type (data/reference/fields.csv) → its parser, each returning (value, error_ru | None); text needs none
PARSERS = {
    "int": parse_int, "number": parse_number, "yesno": parse_yes_no, "level": parse_level, "date": parse_date,
    "partner_type": parse_partner_type, "event_level": parse_event_level, "status": parse_status, "inn": parse_inn,
    "in_force": parse_in_force,
}
