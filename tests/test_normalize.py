"""Value parsers on the spellings real monitoring forms use (DOMAIN.md «What the incoming spreadsheets look like»)."""
from datetime import date, datetime, time

import pytest

from etl.model import Problem, cell_text
from etl.normalize import (
    clean_text, extract_date, norm_key, parse_date, parse_event_level, parse_inn, parse_int, parse_level,
    parse_number, parse_partner_type, parse_status, parse_yes_no,
)

PARSERS = [parse_int, parse_number, parse_yes_no, parse_level, parse_partner_type,
           parse_event_level, parse_date, parse_inn, parse_status]


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.__name__)
@pytest.mark.parametrize("empty", [None, "", "   ", "\xa0", "\t\n"])
def test_empty_is_none_without_error(parser, empty):
    assert parser(empty) == (None, None)


def test_norm_key_unchanged():
    assert norm_key(" «Путь  навыков» ") == "путь навыков"
    assert norm_key("Королёв") == "королев"
    assert norm_key(None) == ""
    # Latin look-alike letters typed inside Cyrillic words are made Cyrillic; Latin words stay Latin
    assert norm_key("Бaзовый урoвень") == "базовый уровень"
    assert norm_key("IT-куб, e-mail") == "it куб e mail"


@pytest.mark.parametrize("raw, expected", [
    ("  МБОУ   СОШ\xa0№ 1 ", "МБОУ СОШ № 1"),
    ("строка\nвторая\tтретья", "строка вторая третья"),
    ("МБОУ\u200bСОШ\u00ad № 1\u200d", "МБОУ СОШ № 1"),  # a zero-width space parts words; other invisibles go
    (12.0, "12"),
    (12, "12"),
    (1.5, "1.5"),
    ("", None),
    ("  \xa0 ", None),
    (None, None),
    (date(2023, 9, 15), "15.09.2023"),
    (datetime(2023, 9, 15), "15.09.2023"),
])
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("raw, expected", [
    ("1 200", 1200), ("1\xa0200", 1200), ("1200", 1200), (1200.0, 1200), ("1 200,0", 1200), (1200, 1200),
    ("1\u202f200", 1200), (" 35 ", 35), ("-", 0), ("–", 0), ("—", 0), ("-5", -5), ("0", 0), ("15 чел.", 15),
    ("нет", 0), ("Нет", 0), ("не было", 0),
])
def test_parse_int(raw, expected):
    value, error = parse_int(raw)
    assert (value, error) == (expected, None)
    assert type(value) is int


@pytest.mark.parametrize("raw", [12.5, "12,5", "много", True, False, "1 2 3 а", date(2023, 1, 1)])
def test_parse_int_errors(raw):
    value, error = parse_int(raw)
    assert value is None
    assert error.startswith("Ожидается целое число")


def test_numbers_through_slashes_in_a_count_say_to_name_their_order():
    """A tester's round: «36/0/2» under «Участники», mapped to the pupils by hand, failed «Ожидается целое число» —
    nowhere said that the header must name the groups' order. A date «15/09/2023» is no such cell."""
    for v in ("36/0/2", "40 / 5"):
        assert "сколько групп названо в заголовке столбца, и в том же порядке" in parse_int(v)[1]
    assert parse_int("15/09/2023") == (None, "Ожидается целое число")


@pytest.mark.parametrize("raw, expected", [
    ("85,3", 85.3), ("1 234,5", 1234.5), ("85%", 85.0), ("85 %", 85.0), ("-", 0.0), (12, 12.0), (0.5, 0.5),
    ("1\xa0234,5", 1234.5), ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("-3,5", -3.5), ("0.75", 0.75),
])
def test_parse_number(raw, expected):
    value, error = parse_number(raw)
    assert error is None
    assert value == pytest.approx(expected)
    assert isinstance(value, float)


@pytest.mark.parametrize("raw", ["много", "85,3,1", True, "пять"])
def test_parse_number_errors(raw):
    assert parse_number(raw) == (None, "Ожидается число")


@pytest.mark.parametrize("raw", [
    "да", "Да", "ДА", " да ", "+", "1", 1, 1.0, True, "имеется", "есть", "назначен", "Назначена", "утверждён",
    "утвержден", "Утверждено", "yes", "Yes", "true", "TRUE", "✓", "v", "V",
    "Иванова И.И.", "Иванова И. И.", "Иванова Ирина Ивановна", "Петров П.", "И.И. Иванова", "ИВАНОВА И.И.",
    "Иванова И.И., зам. директора по ВР", "Сидоров-Петров А.Б.",
    "приказ № 12 от 01.09.2023", "Приказ от 01.09.2023 № 12", "№ 45-о", "да, приказ № 5",
    date(2023, 9, 1), "01.09.2023", "подключена", "Подключен",
])
def test_parse_yes_no_true(raw):
    assert parse_yes_no(raw) == (True, None)


@pytest.mark.parametrize("raw", [
    "нет", "Нет", "НЕТ", "-", "−", "–", "—", "0", 0, False, "отсутствует", "Отсутствуют", "не назначен",
    "Не назначен", "не утвержден", "не утверждён", "no", "false", "FALSE", "нет (в процессе)", "не подключена",
])
def test_parse_yes_no_false(raw):
    assert parse_yes_no(raw) == (False, None)


@pytest.mark.parametrize("raw", ["много", "может быть", "Московская область", 2, "?"])  # («в процессе» is «нет»: not done yet)
def test_parse_yes_no_errors(raw):
    assert parse_yes_no(raw) == (None, "Ожидается «да» или «нет»")


@pytest.mark.parametrize("raw, expected", [
    ("базовый", "базовый"), ("Базовый уровень", "базовый"), ("ОСНОВНОЙ", "основной"),
    (" продвинутый ", "продвинутый"), ("\xa0Продвинутый\xa0уровень", "продвинутый"),
    ("базовый (40 ч)", "базовый"), ("Основной (Билет в будущее)", "основной"),
    ("Единая модель профориентации — основной", "основной"), ("Билет в будущее", "основной"),
    ("«Билет в будущее»", "основной"), ("Единая модель профориентации", "основной"),
    ("Продвинутый (80 часов)", "продвинутый"),
])
def test_parse_level(raw, expected):
    assert parse_level(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["-", "–", "нет", "Нет", "не реализует", "Не реализует",
                                 "не реализует (адаптированные программы)", "Не участвует"])
def test_parse_level_none_means_not_implemented(raw):
    assert parse_level(raw) == (None, None)


@pytest.mark.parametrize("raw", ["высокий", "1", 2, "средний уровень", "+", "?"])  # a bare mark names no level
def test_parse_level_unknown(raw):
    assert parse_level(raw) == (None, "Неизвестный уровень профминимума")


def test_parse_level_two_levels_is_an_error():
    value, error = parse_level("базовый / основной")
    assert value is None and "несколько" in error


@pytest.mark.parametrize("raw, expected", [
    ("ВУЗ", "ВУЗ"), ("вуз", "ВУЗ"), ("Университет", "ВУЗ"), ("институт", "ВУЗ"), ("Академия", "ВУЗ"),
    ("образовательная организация высшего образования", "ВУЗ"), ("ООВО", "ВУЗ"),
    ("СПО", "СПО"), ("ПОО", "СПО"), ("колледж", "СПО"), ("Техникум", "СПО"), ("училище", "СПО"),
    ("профессиональная образовательная организация", "СПО"),
    ("индустриальный партнёр", "индустриальный партнёр"), ("Индустриальный партнер", "индустриальный партнёр"),
    ("предприятие", "индустриальный партнёр"), ("работодатель", "индустриальный партнёр"),
    ("завод", "индустриальный партнёр"), ("организация реального сектора экономики", "индустриальный партнёр"),
    ("МОУО", "МОУО"), ("орган управления образованием", "МОУО"), ("Управление образования", "МОУО"),
    ("комитет по образованию", "МОУО"),
    ("ОО", "ОО"), ("школа", "ОО"), ("общеобразовательная организация", "ОО"),
    ("иное", "иное"), ("Другое", "иное"), ("прочее", "иное"),
    ("ССУЗ", "СПО"), ("среднее специальное учебное заведение", "СПО"), ("учреждение доп. образования", "иное"),
    ("МБУ ДО «Дом детского творчества»", "иное"), ("Детский технопарк «Кванториум»", "иное"),
    ("Центр занятости населения", "иное"), ("НКО «Фонд развития»", "иное"), ("краеведческий музей", "иное"),
    ("ОО ВО", "ВУЗ"), ("ФГБОУ ВО", "ВУЗ"), ("ФГАОУ ВО «МГУ»", "ВУЗ"), ("ГБПОУ", "СПО"), ("ГАПОУ МО", "СПО"),
    ("ОО СПО", "СПО"), ("ОО ВПО", "ВУЗ"),  # (tester round t80: «ОО СПО» was a school)
    ("Производственный", "индустриальный партнёр"), ("отраслевой", "индустриальный партнёр"),  # (t81)
    ("МБОУ СОШ № 1", "ОО"),
    # the type named first; the words after it qualify it
    ("СПО (колледж при вузе)", "СПО"), ("филиал вуза", "ВУЗ"), ("Индустриальный партнёр (ООО)", "индустриальный партнёр"),
    ("организация ДПО", "иное"),
    # a tester's round (06.12.2026): abbreviations of the regions' forms
    ("ОДО", "иное"), ("ДДТ", "иное"), ("ЦДО", "иное"), ("ЦОПП", "иное"), ("Технопарк", "иное"),
    ("Индустр. партнёр", "индустриальный партнёр"), ("организация ВО", "ВУЗ"),
    # a coordinator's agreements form (Руза, 07.12.2026); a college named «промышленный» stays a college
    ("пром. партнёр", "индустриальный партнёр"), ("Промышленный партнер", "индустриальный партнёр"),
    ("производственный партнёр", "индустриальный партнёр"), ("отраслевой партнёр", "индустриальный партнёр"),
    ("бизнес-партнёр", "индустриальный партнёр"), ("промпредприятие", "индустриальный партнёр"),
    ("Промышленно-экономический колледж", "СПО"),
    # (t92) a school's legal form alone, «проф.», «бизнес», organisations of additional education
    ("МБОУ", "ОО"), ("ЧОУ", "ОО"), ("ГБОУ", "ОО"), ("ГБОУ ВО", "ВУЗ"), ("проф. образовательная организация", "СПО"),
    ("бизнес", "индустриальный партнёр"), ("МБУ ДО", "иное"), ("АНО ДО", "иное"),
])
def test_parse_partner_type(raw, expected):
    assert parse_partner_type(raw) == (expected, None)


def test_parse_partner_type_unknown_lists_allowed_types():
    value, error = parse_partner_type("министерство")
    assert value is None
    for t in ("ВУЗ", "СПО", "индустриальный партнёр", "МОУО", "ОО", "иное"):
        assert t in error


@pytest.mark.parametrize("raw, expected", [
    ("федеральный", "федеральный"), ("Всероссийский", "федеральный"), ("ФЕДЕРАЛЬНЫЙ уровень", "федеральный"),
    ("региональный", "региональный"), ("областной", "региональный"), ("Региональный уровень", "региональный"),
    ("муниципальный", "муниципальный"), ("городской", "муниципальный"), ("районный", "муниципальный"),
])
def test_parse_event_level(raw, expected):
    assert parse_event_level(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["школьный", "Школьный уровень", "внутришкольный"])
def test_parse_event_level_of_a_school(raw):
    assert parse_event_level(raw) == ("школьный", None)


@pytest.mark.parametrize("raw", ["межрегиональный", "международный", "высокий"])
def test_parse_event_level_ambiguous_is_error(raw):
    assert parse_event_level(raw) == (None, "Неизвестный уровень мероприятия")


@pytest.mark.parametrize("raw, expected", [
    (date(2023, 9, 15), date(2023, 9, 15)),
    (datetime(2023, 9, 15, 0, 0), date(2023, 9, 15)),
    (45184, date(2023, 9, 15)),
    (45184.0, date(2023, 9, 15)),
    (45184.75, date(2023, 9, 15)),
    ("45184", date(2023, 9, 15)),
    ("15.09.2023", date(2023, 9, 15)),
    ("15.09.23", date(2023, 9, 15)),
    ("15/09/2023", date(2023, 9, 15)),
    ("2023-09-15", date(2023, 9, 15)),
    ("15 сентября 2023 г.", date(2023, 9, 15)),
    ("«15» сентября 2023 года", date(2023, 9, 15)),
    ("1 марта 2024", date(2024, 3, 1)),
    ("№ 12-СВ от 15.09.2023", date(2023, 9, 15)),
    ("5.9.2023", date(2023, 9, 5)),
])
def test_parse_date(raw, expected):
    assert parse_date(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["31.02.2023", "32.01.2023", "завтра", 12, 2023, True, "№ 45-о", time(10, 0)])
def test_parse_date_errors(raw):
    assert parse_date(raw) == (None, "Не удалось распознать дату")


@pytest.mark.parametrize("text, expected", [
    ("До 22.08.2023", date(2023, 8, 22)),
    ("27.08.2023", date(2023, 8, 27)),
    ("№ 12-СВ от 15.09.2023", date(2023, 9, 15)),
    ("с 01.09.2023 по 31.05.2024", date(2023, 9, 1)),
    ("Ежеквартально, до 5 октября 2023 г.", date(2023, 10, 5)),
    ("В течение года", None),
    ("Сентябрь 2023", None),
    ("", None),
    (None, None),
    ("31.02.2023, затем 01.03.2023", date(2023, 3, 1)),
    ("20.11-24.11.2023", date(2023, 11, 20)),  # a range written with the year once: its first day
    ("7, 14, 21 ноября 2023 г.", date(2023, 11, 7)),  # days listed: the first
])
def test_extract_date(text, expected):
    assert extract_date(text) == expected


@pytest.mark.parametrize("raw, expected", [
    ("5047000001", "5047000001"), (5047000001, "5047000001"), (5047000001.0, "5047000001"),
    ("50 4700 0001", "5047000001"), ("5047\xa0000\xa0001", "5047000001"), ("ИНН 5047000001", "5047000001"),
    ("504700000112", "504700000112"), ("5047000001.0", "5047000001"),
])
def test_parse_inn(raw, expected):
    assert parse_inn(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["504700000", "50470000011", "50470000AB", 504700000, 5047000001.5, True])
def test_parse_inn_errors(raw):
    assert parse_inn(raw) == (None, "ИНН должен состоять из 10 или 12 цифр")


@pytest.mark.parametrize("raw, expected", [
    ("выполнено", "выполнено"), ("Исполнено", "выполнено"), ("выполнен", "выполнено"), ("Да", "выполнено"),
    ("Выполнено (приказ № 5)", "выполнено"),
    ("в работе", "в работе"), ("В процессе", "в работе"), ("выполняется", "в работе"), ("частично", "в работе"),
    ("Частично выполнено", "в работе"),
    # done in part is not done: it stays open, and can be overdue
    ("выполнено не в полном объеме", "в работе"), ("исполнено не полностью", "в работе"),
    ("Выполнено на 60 %", "в работе"), ("выполнено (80 %)", "в работе"), ("выполнено (100 %)", "выполнено"),
    ("Выполнено в полном объёме", "выполнено"),
    ("не выполнено", "не выполнено"), ("не исполнено", "не выполнено"), ("просрочено", "не выполнено"),
    ("нет", "не выполнено"), ("Не выполнен", "не выполнено"),
    ("запланировано", "не начато"), ("не начато", "не начато"), ("Не начато", "не начато"),
    # put off: not done when it was due; going on: in work
    ("Мероприятие перенесено на 2024/2025 уч. год", "не выполнено"), ("Отложено", "не выполнено"),
    ("Работа продолжается", "в работе"), ("выполнено, не перенесено", "выполнено"),
    # a part of what was due, counted: in work; all of it: done; a plus or a tick: done
    ("проведено 4 вебинара из 6", "в работе"), ("Проведено 3 из 18 совещаний", "в работе"),
    ("проведено 6 из 6", "выполнено"), ("+", "выполнено"), ("✓", "выполнено"),
    # done but for a part: the part left undone keeps the item open
    ("Выполнено, кроме мероприятия для родителей", "в работе"), ("Исполнено за исключением п. 3", "в работе"),
    ("Выполнено (кроме ОО № 5)", "в работе"), ("Выполнено. Осталось подписать акт", "в работе"),
    ("Не завершено", "в работе"),
])
def test_parse_status(raw, expected):
    assert parse_status(raw) == (expected, None)


def test_parse_status_unknown():
    assert parse_status("как-нибудь") == (None, "Неизвестный статус исполнения")
    assert parse_status("-") == (None, None)


def test_formula_floats():
    assert parse_int(0.1 * 3 * 10) == (3, None)
    assert clean_text(0.1 + 0.2) == "0.3"


@pytest.mark.parametrize("raw, shown", [
    (40.0, "40"), (85.3, "85,3"), (0.1 + 0.2, "0,3"), (-3.0, "-3"), ("40.0", "40.0"), (True, "ИСТИНА"),
    (False, "ЛОЖЬ"), (date(2023, 9, 15), "15.09.2023"), (datetime(2023, 9, 15), "15.09.2023"),
    (datetime(2023, 9, 15, 9, 30), "15.09.2023 09:30"), (None, None),
])
def test_problem_values_are_shown_as_a_russian_excel_shows_the_cell(raw, shown):
    p = Problem("ф.xlsx", "Лист1", 5, "I «Билет в будущее»", raw, "bad_yesno", "Ожидается «да» или «нет»")
    assert cell_text(raw) == p.shown_value == p.as_dict()["value"] == shown
    assert p.text().endswith(f" (значение: «{shown}»)" if shown else "Ожидается «да» или «нет»")


@pytest.mark.parametrize("raw", ["н/д", "Н/Д", "нет данных", "н.д."])
def test_no_data_written_out_is_an_empty_value_not_an_error(raw):
    assert parse_int(raw) == parse_number(raw) == parse_date(raw) == (None, None)
    assert parse_int("-") == (0, None)  # while a dash means zero


@pytest.mark.parametrize("raw, expected", [("фед.", "федеральный"), ("рег.", "региональный"), ("обл.", "региональный"),
                                           ("муниц.", "муниципальный"), ("мун.", "муниципальный")])
def test_event_levels_abbreviated(raw, expected):
    assert parse_event_level(raw) == (expected, None)


@pytest.mark.parametrize("text, expected", [
    ("Договор 2023-09-01/15 от 20.10.2023", (date(2023, 10, 20), None)),  # the date after «от», not the number's
    ("№ 17-09-2023 от 25.09.2023", (date(2023, 9, 25), None)),
    ("№ 12-СВ от 15.09.2023", (date(2023, 9, 15), None)),
    ("№ 5 от «5» сентября 2023 г.", (date(2023, 9, 5), None)),
    ("№ 45 от 31.09.2023", (None, "31.09.2023")),  # a day that does not exist: said, not dropped silently
    ("Договор № 3 от 20.09.2023 (доп. соглашение от 10.01.2024)", (date(2023, 9, 20), None)),  # the first «от»
    ("б/н", (None, None)),
    ("соглашение б/н от 5 окт. 2023 г.", (date(2023, 10, 5), None)),  # a month cut short
    ("№ 7 от 1 сент 2023", (date(2023, 9, 1), None)), ("№ 8 от 3 мая 2024", (date(2024, 5, 3), None)),
])
def test_agreement_date_from_its_reference(text, expected):
    from etl.normalize import agreement_date

    assert agreement_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("№ 12-СВ от 15.09.2023", "12-СВ"), ("Договор 3/23 от 20.11.2023", "3/23"),
    ("Договор о сетевом взаимодействии № 3-СВ от «15» ноября 2023 г.", "3-СВ"),  # what follows «№»
    ("соглашение б/н от 5 окт. 2023 г.", "б/н"), ("б/н", "б/н"),
    # the date after a comma, in brackets or before the number: the number alone, as with «от»
    ("№ 7, 02.11.2023", "7"), ("№ 15 (01.09.2023)", "15"), ("15.09.2023 № 12", "12"), ("№ 45/2023", "№ 45/2023"),
])
def test_agreement_number_without_its_date(text, expected):
    from etl.normalize import agreement_number

    assert agreement_number(text) == expected


@pytest.mark.parametrize("raw, expected", [("1.11.23", date(2023, 11, 1)), ("2023.09.15", date(2023, 9, 15))])
def test_more_date_spellings(raw, expected):
    assert parse_date(raw) == (expected, None)


@pytest.mark.parametrize("raw", ["будет назначен до 01.11.2023", "ожидается приказ № 5", "в процессе", "вакансия",
                                 "требуется назначить", "частично", "на согласовании", "планируется",
                                 "в разработке", "на доработке", "проект плана", "на подписании", "подана заявка"])
def test_not_done_yet_is_no(raw):
    assert parse_yes_no(raw) == (False, None)


@pytest.mark.parametrize("raw, expected", [("120*", 120), ("95¹", 95), ("1 200**", 1200), ("310⁴", 310)])
def test_footnote_marks_after_a_number(raw, expected):
    assert parse_int(raw) == (expected, None)


def test_inn_with_excels_text_prefix():
    assert parse_inn("'5001012345") == ("5001012345", None)


def test_a_day_range_with_a_month_is_its_first_day():
    assert extract_date("Неделя профориентации 11–15 марта 2024 г.") == date(2024, 3, 11)


@pytest.mark.parametrize("raw, expected", [("1,000", 1000), ("1.000", 1000), ("15,300", 15300), ("1.200.000", 1200000)])
def test_a_count_with_thousands_separated_by_dots_or_commas(raw, expected):
    assert parse_int(raw) == (expected, None)  # a count never has three decimals


def test_a_list_cut_short_names_the_one_left_instead_of_saying_one_more():
    """A tester's round (07.12.2026): «Коломна, Химки, Лобня, Дубна, Подольск и ещё 1» — Клин's name is no longer."""
    from etl.textru import some_of

    six = ["Коломна", "Химки", "Лобня", "Дубна", "Подольск", "Клин"]
    assert some_of(six, 5) == "Коломна, Химки, Лобня, Дубна, Подольск, Клин"
    assert some_of(six + ["Руза"], 5) == "Коломна, Химки, Лобня, Дубна, Подольск и ещё 2"
    assert some_of(six[:2], 5, quoted=True) == "«Коломна», «Химки»"


def test_numbers_in_messages_are_written_the_russian_way():
    from etl.textru import group_digits, number_ru

    assert number_ru(1250.0) == "1\u00a0250" and number_ru(1234.5) == "1\u00a0234,5" and number_ru(-12) == "−12"
    assert group_digits("1234567") == "1\u00a0234\u00a0567"
    assert group_digits("12345,5") == "12\u00a0345,5"  # (the decimal part is not grouped: was «1 234 5,5»)


@pytest.mark.parametrize("raw", ["срок истек", "Срок действия истёк", "приостановлен", "расторгнут 01.03.2024"])
def test_an_agreement_whose_term_ran_out_or_that_is_suspended_is_not_in_force(raw):
    """(tester round t92) «срок истек», «приостановлен» were refused as an unknown state."""
    from etl.normalize import parse_in_force

    assert parse_in_force(raw) == (False, None)
