"""What a row under a table's header may be, by its cells: the reasons a row is not a record (shown to the analyst),
the words of totals, footers, sections and breakdowns, and the tests on a row's cells (numbers of columns, units, the
header of another table). Used by the header search (etl/locate.py) and the row judge (etl/row_judge.py)."""
from __future__ import annotations

import re
from datetime import date, datetime

# Reasons (Russian, shown to the analyst) for rows that are not records.
R_TOTAL = "итоговая строка"
R_ENDED = "договор не действует"
R_FOOTER = "подвал"
R_NUMBERS = "нумерация столбцов"
R_EMPTY = "пустая строка"
R_HEADER = "повтор заголовка"
R_SECTION = "заголовок раздела"
R_UNITS = "единицы измерения"
R_OTHER_TABLE = "другая таблица ниже на листе"
R_PLANNED = "план: строка под заголовком плана («Планируется к заключению …»), не загружается"
R_SUMMARY = "не ОО: сводная строка таблицы («Среднее по г.о.», «АППГ») или орган управления образованием"
R_INCLUDED = "числа уже учтены выше: строка под заголовком «… включена в таблицу 1», не загружается"
R_BREAKDOWN = "разбивка итога («в том числе …»)"
R_GROUP = "строка группы ОО («Городские ОО», «Сельские ОО»): не ОО"
R_PART = "часть ОО строкой выше («в том числе …»: филиал, подразделение)"
R_WRAPPED = "продолжение наименования ОО строкой выше"
R_WRAPPED_MEASURE = "продолжение мероприятия строкой выше"
R_NO_AGREEMENT = "договоров нет («нет», «-»)"
R_PENDING = "договор ещё не заключён («в стадии заключения»)"
UNITS_RE = re.compile(r"^\s*(чел|человек|ед|шт|%|руб|тыс|час|ч|ед\.?\s*изм|да\s*/\s*нет|дд\.мм\.гггг)\.?\s*$",
                       re.IGNORECASE)

TOTAL_RE = re.compile(
    r"^\s*(итого\b|итог\b|всего\b|сумма\b|в\s+том\s+числе|в\s*т\.\s*ч\.?|общий\s+итог|total\b)"
    r"|\bитого\b|\(итого?\)|\bитог\s*$", re.IGNORECASE)  # «Мытищи Итог»: Excel's «Промежуточные итоги»
FOOTER_RE = re.compile(
    r"^\s*(исполнитель|ответственн\w*(\s+[\w.]+){0,3}\s*:|примечани|справочно|справка\s*:|пояснени|"
    r"руководител|м\.\s*п\.?|мп\b|подпись|"
    r"ф\.\s*и\.\s*о\.\s*исполн|тел\.|телефон|e-?mail|дата\s+заполнения|директор\s*_|начальник\s+управления|"
    r"составил|исп\.\s|\*\s*\S|сноск|[¹²³⁴⁵⁶⁷⁸⁹]\s*\S)", re.IGNORECASE)
SECTION_RE = re.compile(
    r"^\s*(раздел|[IVXLC]+\.?\s|\d+(\.\d+)*\.?\s+\D)|городск|округ|район|муниципальн|\bг\.\s*о\.|\bго\b|\bмо\b"
    r"|территориальн\w*\s+(управлени|отдел|округ)"
    r"|^\s*(базов|основн|продвинут)\w*\s+уров",
    re.IGNORECASE)
# a group of schools («Городские ОО», «Сельские школы», «ОО в сельской местности», «Малокомплектные ОО»): never a
# school, wherever it stands (written so that Arrow's RE2 reads it too: etl/row_kinds.py, on lower-case texts)
GROUP_PATTERN = (r"^\s*((сельск|городск|поселков)(ие|их)([^а-яё]|$)|(оо|школы|организации)\s+(в\s+)?(сельск|городск)"
                 r"|малокомплектн[а-яё]*\s+(оо|школ)|(расположенн|находящ)[а-яё]*\s+в\s+(сельск|городск)"
                 # by owner (tester round t87: «Негосударственные ОО», «Частные общеобразовательные организации:»,
                 # «МБОУ/МАОУ», «ЧОУ» were stored as schools with no data)
                 r"|(не)?(государственн|частн|муниципальн|ведомственн|федеральн)(ые|ых)\s+((обще)?образовательн[а-яё]*"
                 r"\s+)?(оо|школ[а-яё]*|организаци[а-яё]*|учреждени[а-яё]*)\s*:?\s*$"
                 r"|(м[бак]?оу|[гч][ба]?оу|ноу|чоу)(\s*(/|,|и)\s*(м[бак]?оу|[гч][ба]?оу|ноу|чоу))*\s*:?\s*$)")
GROUP_RE = re.compile(GROUP_PATTERN, re.IGNORECASE)
# rows under a total that break it down («в том числе:», «сельские ОО», «городские ОО», «из них …»): not schools
OF_THEM = r"из\s+них\b"  # «из них с ОВЗ»: a part of the row above (etl/row_judge.py)
BREAKDOWN_RE = re.compile(r"^\s*(" + OF_THEM + r"|в\s+т\.?\s*ч\.?|в\s+том\s+числе)|" + GROUP_PATTERN, re.IGNORECASE)
WS_RE = re.compile(r"\s+")
DIGITS_RE = re.compile(r"^\s*\d{1,3}\s*\.?\s*$")


SCHOOL_WORDS = re.compile(r"№\s*\d|\b(?:[мгчн]?[бако]?оу|мбоу|маоу|мкоу|гбоу|сош|оош|нош|лицей|гимнази\w*|школ\w*)\b",
                           re.IGNORECASE)


def planned_title(text: str) -> bool:
    """A title row of a plan, an expectation («Планируется к заключению в 2024 году:»): not facts under it; not a
    text going on from the row above («положений, приказов и планов-графиков ОО», «(планы-графики ОО)»)."""
    from etl import meaning

    s = text.strip()
    return len(s.split()) >= 2 and (s[:1].isupper() or s[:1].isdigit()) and not _PLAN_SCHEDULE.search(s) and \
        bool(meaning.other_measure((s,)) & {"plan", "planned", "expected"})


# a figure of another time, for comparison («(для сравнения)», «за аналогичный период», «прошлого года»; in both
# regex dialects, Python's re and Arrow's RE2)
ANOTHER_TIME = (r"для\s+сравнени|аналогичн[а-яё]*\s+период|(прошл|предыдущ)[а-яё]*\s+(год|период|квартал|"
                r"полугод)")
# a table's title saying its figures are counted in another one already («Таблица 2. Филиалы ОО (численность
# обучающихся включена в таблицу 1)», «Справочно: …», «… входят в число …»)
INCLUDED_TITLE = re.compile(r"\bвключен[аоы]?\s+в\s+(?:таблиц|строк|числ|итог|данны)|\bвход(?:ят|ит)\s+в\s+"
                            r"(?:таблиц|числ|итог|данны)|\bучтен[аоы]?\s+в\s+(?:таблиц|строк|числ|итог|данны)|"
                            r"^\s*справочно\b", re.IGNORECASE)
_PLAN_SCHEDULE = re.compile(r"план\w*\s*-\s*график", re.IGNORECASE)  # a document («план-график»), not a plan's title


def note_line(v) -> bool:
    """A sentence of four words or more that names no school («Данные сверены с РСЭМ 05.04.2024»)."""
    return isinstance(v, str) and len(v.split()) >= 4 and not SCHOOL_WORDS.search(v)


def empty(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def clean(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, (date, datetime)):
        return v.strftime("%d.%m.%Y")
    return WS_RE.sub(" ", str(v)).strip()


MAYBE_TOTAL = ("итог", "всего", "сумм", "в т", "total")  # words a total's text has (lower case)


def maybe_total(lead: list[str]) -> bool:
    """A cheap pre-check before the total-row regex (most rows are records)."""
    sl = " ".join(lead).lower()
    return any(w in sl for w in MAYBE_TOTAL)


# a cell that names a count, as only a header does («Количество ОО», «Численность обучающихся 6-11 классов, чел.»)
_COUNT_HEADER_RE = re.compile(r"^\s*(количеств|кол-?\s*во\b|численност|число\s|доля\s|из\s+них\s+\w)", re.IGNORECASE)


_DESIGNATION_RE = re.compile(r"№\s*\d")  # «МБОУ СОШ № 1»: a record's value, never a header


def is_num_text(v: str) -> bool:
    return bool(re.fullmatch(r"\s*[-+]?\d[\d\s.,]*%?\s*", v))


def other_header(row: list, cat) -> bool:
    """A header row of another table: text only, three or more cells that are known headers word for word or name
    a count or an effectiveness indicator, and they are most of its cells (a record's values — a municipality, «ОО»
    as a partner type — are not)."""
    texts = exact = 0
    rest = []  # texts that may name an indicator, read only when the others leave it open (a reading is cached)
    for v in row:
        if v is None:
            continue
        if v.__class__ is not str:
            return False
        if v.strip():
            texts += 1
            if cat.is_exact_header(v) or _COUNT_HEADER_RE.match(v):
                exact += 1
            elif not _DESIGNATION_RE.search(v) and not is_num_text(v):
                rest.append(v)
    if exact and not (exact >= 3 and 2 * exact > texts) and 2 * (exact + len(rest)) > texts:
        exact += sum(1 for v in rest if cat.indicator(v))
    return exact >= 3 and 2 * exact > texts


_TABLE_TITLE = re.compile(r"^\s*таблица\s*№?\s*\d", re.IGNORECASE)


def under_table_title(above: list, row: list) -> bool:
    """The header of a table of its own under its title («Таблица 2. Сведения о педагогах-навигаторах» over «№ | ФИО
    педагога-навигатора | ОО | Должность»): three texts or more, no number, right under a row holding only a title
    «Таблица N»."""
    titles = [v for v in above if not empty(v)]
    cells = [v for v in row if not empty(v)]
    return len(titles) == 1 and isinstance(titles[0], str) and bool(_TABLE_TITLE.match(titles[0])) and \
        len(cells) >= 3 and all(isinstance(v, str) and not is_num_text(v) for v in cells)


def number_row(row: list) -> bool:
    """A row of column numbers: 1, 2, 3 … (ints or digit strings), at least three consecutive."""
    vals = []
    for v in row:
        if empty(v):
            continue
        if is_num(v) and float(v).is_integer():
            vals.append(int(v))
        elif isinstance(v, str) and DIGITS_RE.match(v):
            vals.append(int(v.strip().rstrip(".")))
        else:
            return False
    if len(vals) < 3:
        return False
    ok = sum(1 for a, b in zip(vals, vals[1:]) if b == a + 1)
    return ok >= len(vals) - 2 and vals[0] <= 2


def units_row(row: list) -> bool:
    """A row of units under the header: «чел.», «ед.», «%», «да/нет» only."""
    cells = [v for v in row if not empty(v)]
    return bool(cells) and all(isinstance(v, str) and UNITS_RE.match(v) for v in cells)

