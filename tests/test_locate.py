"""Finding the table on a messy sheet: titles, multi-row headers, totals, footers, spacers."""

import pytest

from etl import locate
from etl.catalogue import Catalogue
from etl.sheet import Sheet

HEADER = ["№ п/п", "Муниципальное образование", "Наименование ОО", "Уровень реализации профминимума",
          "Всего обучающихся 6–11 классов", "Охвачено профминимумом"]


@pytest.fixture(scope="module")
def cat():
    return Catalogue.load()


def school(i, muni="Химки"):
    return [i, muni, f"МБОУ СОШ № {i}", "базовый", 100 + i, 90 + i]


def test_title_rows_header_and_records(cat):
    rows = [["Мониторинг готовности ОО к реализации профминимума"], ["по состоянию на 01.10.2023"], [],
            HEADER, school(1), school(2), ["", "Итого", None, None, 203, 183]]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.header_rows == (3, 3)
    assert t.title_text == "Мониторинг готовности ОО к реализации профминимума | по состоянию на 01.10.2023"
    assert t.data_rows == [4, 5]
    assert t.skipped == [(6, "итоговая строка")]
    assert [c.header for c in t.columns] == HEADER
    assert [c.letter for c in t.columns] == ["A", "B", "C", "D", "E", "F"]


def test_header_found_by_content_not_position(cat):
    # four title rows, one of them with several cells, then the header
    rows = [["Приложение 2"], [None, None, "к распоряжению", "№ Р-872"], ["Форма 1"],
            ["Сведения о готовности ОО за I квартал 2024 года"], HEADER, school(1)]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.header_rows == (4, 4)
    assert t.data_rows == [5]
    assert "за I квартал 2024 года" in t.title_text


def two_row_header_rows():
    return [
        ["Мониторинг за III квартал 2023 года"],
        ["№ п/п", "Наименование ОО", None, "Численность обучающихся 6-11 классов", None, "Педагоги-навигаторы"],
        [None, None, None, "всего", "из них охвачено", None],
        [1, 2, None, 3, 4, 5],
        [1, "СОШ № 1", None, "1 200", "1 100", 2],
        [2, "СОШ № 2", None, 800, 800, "-"],
        [None, "Итого по г.о. Химки", None, 2000, 1900, 2],
        [None, "ИТОГО по области", None, 2000, 1900, 2],
        [None, None, None, None, None, None],
        ["Исполнитель: Петрова А.А., тел. 8 (495) 000-00-00"],
        [3, "СОШ № 3 (после подвала не читается)", None, 1, 1, 1],
    ]


@pytest.mark.parametrize("merged", [
    [((1, 0), (2, 0)), ((1, 1), (2, 1)), ((1, 3), (1, 4)), ((1, 5), (2, 5))],  # xlsx with merges
    [],  # csv: no merge info, the parent is forward-filled over its sub-headers
], ids=["merged", "no-merge-info"])
def test_two_row_merged_header_numbers_spacer_totals_footer(cat, merged):
    t = locate.find_table(Sheet("Химки", two_row_header_rows(), merged), cat)
    assert t.header_rows == (1, 2)
    assert [(c.letter, c.header) for c in t.columns] == [
        ("A", "№ п/п"), ("B", "Наименование ОО"),  # C is an empty spacer column: dropped
        ("D", "Численность обучающихся 6-11 классов | всего"),
        ("E", "Численность обучающихся 6-11 классов | из них охвачено"),
        ("F", "Педагоги-навигаторы"),
    ]
    assert t.columns[2].parts == ["Численность обучающихся 6-11 классов", "всего"]
    assert t.number_row == 3
    assert t.data_rows == [4, 5]
    assert dict(t.skipped) == {3: "нумерация столбцов", 6: "итоговая строка", 7: "итоговая строка",
                               8: "пустая строка", 9: "подвал", 10: "подвал"}


def test_three_row_header(cat):
    rows = [
        ["Участие в профориентационных мероприятиях за 2-е полугодие 2023 года"],
        ["№", "Муниципальное образование", "Мероприятия", None, None, None, None],
        [None, None, "Фестиваль «Путь навыков»", None, None, "Профпробы", None],
        [None, None, "обучающиеся", "родители", "педагоги", "обучающиеся", "педагоги"],
        [1, "Химки", 100, 20, 5, 30, 2],
    ]
    merged = [((1, 0), (3, 0)), ((1, 1), (3, 1)), ((1, 2), (1, 6)), ((2, 2), (2, 4)), ((2, 5), (2, 6))]
    t = locate.find_table(Sheet("Лист1", rows, merged), cat)
    assert t.header_rows == (1, 3)
    assert t.columns[2].header == "Мероприятия | Фестиваль «Путь навыков» | обучающиеся"
    assert t.columns[6].parts == ["Мероприятия", "Профпробы", "педагоги"]
    assert t.columns[1].header == "Муниципальное образование"
    assert t.data_rows == [4]


@pytest.mark.parametrize("label", ["Итого", "ИТОГО по области", "Итого по г.о. Химки", "Всего", "всего по МО",
                                   "Сумма", "в том числе:", "Химки (итого)", "Общий итог"])
def test_total_rows_are_never_records(cat, label):
    rows = [HEADER, school(1), [None, label, None, None, 101, 91], school(2)]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1, 3]
    assert t.skipped == [(2, "итоговая строка")]


def test_total_label_in_first_text_cell_even_if_numbers_follow(cat):
    # the label sits in the school column; the municipality column is empty; formulas computed
    rows = [HEADER, school(1), [None, None, "Всего по муниципалитету", None, 101, 91],
            [None, None, None, None, 101, 91]]  # a totals row whose label was lost: numbers only
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1]
    assert t.skipped == [(2, "итоговая строка"), (3, "итоговая строка")]


@pytest.mark.parametrize("note", ["в т.ч. 2 филиала", "в том числе данные бывшего г.о. Дзержинский",
                                  "Итого с филиалом"])
def test_a_note_saying_in_part_is_no_total(cat, note):
    """A school with a note «в т.ч. 2 филиала» is a school (it was taken for a total and dropped); a total row
    with a note is still a total."""
    header = ["Наименование ОО", "Уровень", "Всего обучающихся 6–11 классов", "Охвачено профминимумом",
              "Примечание"]
    rows = [header, ["МБОУ СОШ № 1", "базовый", 520, 510, note], ["МБОУ СОШ № 2", "основной", 140, 150, None],
            ["Итого", None, 660, 660, "в т.ч. 2 филиала"]]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1, 2]
    assert t.skipped == [(3, "итоговая строка")]


@pytest.mark.parametrize("footer", ["Исполнитель: Иванова И.И.", "Примечание: данные предварительные",
                                    "Руководитель ____________ / Петров П.П.", "М.П.", "Подпись",
                                    "Директор МБОУ СОШ № 1 ____________ Иванов И.И.", "Составил: Петрова А.А.",
                                    "Справочно: всего в области 4 ОО приступили к основному уровню"])
def test_footer_and_everything_after_is_skipped(cat, footer):
    rows = [HEADER, school(1), [footer], school(2), ["Тел. 8-495-000-00-00"]]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1]
    assert t.skipped == [(2, "подвал"), (3, "подвал"), (4, "подвал")]


def test_repeated_header_and_blank_rows(cat):
    rows = [HEADER, school(1), [], [None, "  "], HEADER, [1, 2, 3, 4, 5, 6], school(2)]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1, 6]
    assert dict(t.skipped) == {2: "пустая строка", 3: "пустая строка", 4: "повтор заголовка",
                               5: "нумерация столбцов"}


def test_municipality_section_rows_are_not_schools(cat):
    rows = [HEADER, ["Городской округ Химки"], school(1), school(2), ["Итого по г.о. Химки", None, None, None, 1, 1]]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [2, 3]
    assert t.sections == [(1, "Городской округ Химки")]


def test_csv_strings_only(cat):
    rows = [["Мониторинг за I квартал 2024 года"], [h for h in HEADER],
            ["1", "2", "3", "4", "5", "6"], ["1", "Химки", "СОШ № 1", "базовый", "1 200", "1 100"],
            ["", "Итого", "", "", "1 200", "1 100"]]
    t = locate.find_table(Sheet("форма", rows, []), cat)
    assert t.header_rows == (1, 1) and t.number_row == 2
    assert t.data_rows == [3]


def test_sheet_without_table(cat):
    rows = [["Пояснительная записка"], ["В первом квартале все школы приступили к реализации профминимума."]]
    assert locate.find_table(Sheet("Пояснения", rows, []), cat) is None
    assert locate.find_table(Sheet("Пусто", [], []), cat) is None


def test_hundred_thousand_rows_keep_every_record_and_only_the_total_skipped(cat):
    # speed is measured in bench/etl_bench.py, not here
    rows = [["Мониторинг по состоянию на 01.10.2023"], HEADER]
    rows += [[i, "Химки", f"СОШ № {i}", "основной", 500, 400] for i in range(1, 100_001)]
    rows.append([None, "Итого", None, None, 50_000_000, 40_000_000])
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert len(t.data_rows) == 100_000 and t.skipped == [(100_002, "итоговая строка")]


def test_label_value_title_row_is_not_part_of_the_header(cat):
    rows = [["Муниципальное образование:", "Химки"], ["Период:", "I квартал 2024 года"], HEADER, school(1)]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.header_rows == (2, 2)
    assert t.title_text == "Муниципальное образование: Химки | Период: I квартал 2024 года"


def test_a_school_row_with_only_its_name_is_still_a_record(cat):
    rows = [HEADER, [None, None, "МБОУ СОШ № 9"], ["Раздел 2. Работа с родителями"],
            ["Одинцовский городской округ"], [None, "Итого", None, None, 1, 1]]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1]
    assert t.sections == [(2, "Раздел 2. Работа с родителями"), (3, "Одинцовский городской округ")]
    # a label merged across the table is a section whatever it says
    rows = [HEADER, ["Школы Королёва"], school(1)]
    t = locate.find_table(Sheet("Лист1", rows, [((1, 0), (1, 5))]), cat)
    assert t.data_rows == [2] and t.sections == [(1, "Школы Королёва")]


def test_units_row_under_the_header(cat):
    rows = [HEADER, [None, None, None, None, "чел.", "чел."], [1, 2, 3, 4, 5, 6], school(1)]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [3]
    assert t.skipped == [(1, "единицы измерения"), (2, "нумерация столбцов")]


def test_words_that_only_start_like_a_total_are_records(cat):
    rows = [["Муниципальное образование", "Наименование ОО", "Мероприятие", "Обучающиеся"],
            ["Химки", "МБОУ СОШ № 1", "Итоговая конференция «Профессии будущего»", 30],
            ["Химки", "Всеволожская СОШ", "Суммарный тренинг", 5],
            ["Итого:", None, None, 35]]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1, 2] and t.skipped == [(3, "итоговая строка")]


def test_total_label_after_a_repeated_municipality(cat):
    rows = [HEADER, school(1), school(2), [None, "Химки", "Итого по муниципалитету", None, 203, 183], school(3)]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1, 2, 4] and t.skipped == [(3, "итоговая строка")]


def test_a_municipality_merged_over_its_schools_fills_each_school_row(cat):
    rows = [HEADER, school(1), [2, None, "МБОУ СОШ № 2", "базовый", 102, 92], [3, None, "МБОУ СОШ № 3", "базовый", 103, 93],
            ["Раздел 2", None, None, None, None, None], [None, None, "МБОУ СОШ № 4", "основной", 104, 94]]
    # B2:B4 merged (one municipality for three schools); A5:F6 a section label merged across the table
    merged = [((1, 1), (3, 1)), ((4, 0), (5, 5))]
    sheet = Sheet("Лист1", rows, merged)
    t = locate.find_table(sheet, cat)
    assert [sheet.rows[r][1] for r in (1, 2, 3)] == ["Химки"] * 3
    assert t.merged_filled == 2
    assert sheet.rows[5][0] is None  # a label merged across the table is not copied into the rows below
    assert t.data_rows == [1, 2, 3, 5] and t.sections == [(4, "Раздел 2")]
    # called again on the same rows (the analyst re-checks the file): the same count
    assert locate.find_table(sheet, cat).merged_filled == 2


def test_a_cell_with_its_own_value_under_a_merge_keeps_it(cat):
    rows = [HEADER, school(1), school(2, muni="Королёв")]
    sheet = Sheet("Лист1", rows, [((1, 1), (2, 1))])
    t = locate.find_table(sheet, cat)
    assert sheet.rows[2][1] == "Королёв" and t.merged_filled == 0


def test_another_table_under_this_one_ends_it(cat):
    rows = [HEADER, school(1), school(2), [None], ["Таблица 2. Договоры о сетевом взаимодействии"],
            ["№ п/п", "Муниципальное образование", "Наименование ОО", "Тип партнёра", "Наименование партнёра"],
            [1, "Химки", "МБОУ СОШ № 1", "ВУЗ", "МАИ"], HEADER, school(3)]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t.data_rows == [1, 2]
    assert t.skipped == [(3, "пустая строка")] + [(r, "другая таблица ниже на листе") for r in range(4, 9)]
    # the same header repeated (a printed page break) is not another table
    t = locate.find_table(Sheet("Лист1", [HEADER, school(1), HEADER, school(2)], []), cat)
    assert t.data_rows == [1, 3] and t.skipped == [(2, "повтор заголовка")]
