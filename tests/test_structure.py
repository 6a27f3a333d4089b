"""Structure read by meaning: codes explained by a legend in the header, rows that break down a total, a level given
only by the sheet's name or title, and a summary form of municipalities refused with a message saying what it is."""
import openpyxl
import pytest

from etl import pipeline
from etl.model import FileRejected

TITLE = "Мониторинг готовности ОО Химки к реализации профминимума, I квартал 2024 г."


def book(path, header, rows, title=TITLE, sheet="Химки"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


LEVEL_CODED = "Уровень реализации профминимума (1 – базовый, 2 – основной, 3 – продвинутый)"


def test_level_codes_are_read_by_the_legend_in_the_header(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", LEVEL_CODED, "Ответственный", "Всего обучающихся 6-11 классов",
                                   "Охвачено"],
             [[1, "МБОУ СОШ № 1", 1, "да", 500, 450], [2, "МБОУ СОШ № 2", "3", "да", 300, 200],
              [3, "МБОУ СОШ № 3", 2.0, "нет", 120, 0]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["level"] == ["базовый", "продвинутый", "основной"]


def test_a_code_the_legend_does_not_define_is_an_error_not_a_guess(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", LEVEL_CODED, "Всего обучающихся 6-11 классов", "Охвачено"],
             [[1, "МБОУ СОШ № 1", 1, 500, 450], [2, "МБОУ СОШ № 2", 4, 300, 200]])
    p = pipeline.prepare(f, region="50")
    assert [(e.row, e.rule) for e in p.errors] == [(4, "undefined_code")]
    assert "Код «4» не описан" in p.errors[0].message


def test_rows_breaking_down_a_total_are_not_schools(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Муниципальное образование", "Наименование ОО", "Уровень", "Ответственный",
                                   "Всего обучающихся 6-11 классов", "Охвачено"],
             [["Химки", "Всего по Химки", "", "", 800, 650], ["", "в том числе:", "", "", "", ""],
              ["", "сельские ОО", "", "", 300, 250], ["", "городские ОО", "", "", 500, 400],
              ["Химки", "МБОУ СОШ № 1", "базовый", "да", 500, 400],
              ["Химки", "МБОУ СОШ № 2", "основной", "да", 300, 250]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]
    assert sum(p.columns["students_total"]) == 800  # not 1 600 with the breakdown counted again
    assert "разбивка итога («в том числе …»)" in p.sheets[0].skipped_rows


@pytest.mark.parametrize("municipality", ["Химки", ""])
def test_a_group_of_schools_over_its_schools_is_not_a_school(tmp_path, municipality):
    """«Городские ОО» / «Сельские ОО» over their schools, carrying their sums, with the municipality filled in or
    not: not schools (every pupil was counted twice — or the file refused with «Заполните муниципальное
    образование» for them); a group's sum that differs from its schools is said."""
    f = book(tmp_path / "f.xlsx", ["№", "Муниципальное образование", "Наименование ОО", "Уровень",
                                   "Всего обучающихся 6-11 классов", "Охвачено"],
             [[None, municipality, "Городские ОО", None, 1010, 900],
              [1, "Химки", "МБОУ СОШ № 1", "базовый", 500, 450], [2, "Химки", "МБОУ СОШ № 2", "основной", 510, 450],
              [None, municipality, "Сельские ОО", None, 400, 180],
              [3, "Химки", "МОУ Ивановская ООШ", "базовый", 250, 180]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2", "МОУ Ивановская ООШ"]
    assert sum(p.columns["students_total"]) == 1260
    assert "строка группы ОО («Городские ОО», «Сельские ОО»): не ОО" in p.sheets[0].skipped_rows
    (w,) = [x for x in p.problems if x.rule == "total_differs"]
    assert w.row == 6 and w.message.startswith("Сумма группы «Сельские ОО» в строке 6 — 400, а сумма по 1 строке")


def test_a_group_of_schools_first_in_its_row_with_no_municipality_column(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Численность обучающихся 6-11 классов",
                                   "Прошли профориентационную диагностику, чел."],
             [["Городские ОО", 1500, 1000], ["МБОУ СОШ № 1", 800, 500], ["МБОУ СОШ № 2", 700, 500],
              ["ОО в сельской местности", 300, 200], ["МОУ Ивановская ООШ", 300, 200]],
             title="Показатели эффективности реализации профминимума, г.о. Химки, I квартал 2024 г.")
    p = pipeline.prepare(f, region="50", kind="effectiveness")
    assert p.errors == [], [e.text() for e in p.errors]
    assert sorted(set(p.columns["school_name"])) == ["МБОУ СОШ № 1", "МБОУ СОШ № 2", "МОУ Ивановская ООШ"]


def test_a_territorial_department_over_its_schools_is_a_section(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Муниципальное образование", "Наименование ОО", "Уровень",
                                   "Всего обучающихся 6-11 классов", "Охвачено"],
             [[None, None, "Северное территориальное управление", None, None, None],
              [1, "Химки", "МБОУ СОШ № 1", "базовый", 500, 450],
              [None, None, "Южное территориальное управление", None, None, None],
              [2, "Химки", "МБОУ СОШ № 2", "основной", 510, 450]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]


def test_a_level_given_by_the_sheet_name_is_taken_for_every_row_and_said(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", "Ответственный", "Всего обучающихся 6-11 классов",
                                   "Охвачено"],
             [[1, "МБОУ СОШ № 1", "да", 500, 450], [2, "МБОУ СОШ № 2", "да", 300, 200]],
             title="Список ОО г.о. Химки, реализующих профминимум, I квартал 2024 г.", sheet="Основной уровень")
    p = pipeline.prepare(f, region="50")
    assert p.columns["level"] == ["основной", "основной"]
    assert "название листа «Основной уровень»" in p.sheets[0].matched["level"]
    assert not [x for x in p.problems if x.rule == "missing_field" and "уровень" in x.message]


def test_a_level_given_by_the_title(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", "Ответственный", "Всего обучающихся 6-11 классов",
                                   "Охвачено"],
             [[1, "МБОУ СОШ № 1", "да", 500, 450]],
             title="Перечень ОО г.о. Химки, реализующих профминимум на продвинутом уровне, I квартал 2024 г.")
    p = pipeline.prepare(f, region="50")
    assert p.columns["level"] == ["продвинутый"]


def test_a_summary_form_of_municipalities_is_refused_saying_what_it_is(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Муниципальное образование", "Количество ОО всего", "из них на базовом уровне",
                                   "на основном уровне", "на продвинутом уровне", "назначен ответственный"],
             [["Химки", 30, 10, 15, 5, 30], ["Мытищи", 40, 20, 10, 10, 38], ["Балашиха", 50, 25, 20, 5, 50]],
             title="Сводная информация о реализации профминимума, I квартал 2024 г.", sheet="Лист1")
    with pytest.raises(FileRejected) as e:
        pipeline.prepare(f, region="50")
    assert "сводная форма" in str(e.value) and "одной строкой на каждую ОО" in str(e.value)


def test_a_summary_form_with_only_counts_beside_the_municipality_is_named_as_one(tmp_path):
    # a coordinator's summary: the municipality and counts of schools only (nothing a school list has)
    f = book(tmp_path / "f.xlsx", ["Муниципальное образование", "Количество ОО", "из них на базовом уровне",
                                   "из них на основном уровне", "из них на продвинутом уровне"],
             [["Химки", 6, 2, 3, 1], ["Дубна", 5, 2, 3, 0], ["Клин", 4, 2, 1, 1], ["Итого", 15, 6, 7, 2]],
             title="Сводная информация о готовности ОО к реализации профминимума за I квартал 2024 года",
             sheet="Свод")
    with pytest.raises(FileRejected) as e:
        pipeline.prepare(f, region="50")
    assert "Это сводная форма" in str(e.value) and "«Количество ОО»" in str(e.value)  # not «таблица не найдена»


def test_a_municipality_total_above_its_schools_with_its_breakdown_is_not_a_school(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№ п/п", "Муниципальное образование", "Наименование ОО", "Уровень", "Ответственный",
                                   "Кол-во обучающихся 6-11 кл., чел.", "Охвачено профминимумом, чел."],
             [[1, "г.о. Балашиха", "", "", "", 800, 650], ["", "", "в том числе:", "", "", "", ""],
              ["", "", "городские ОО", "", "", 500, 400], ["", "", "сельские ОО", "", "", 300, 250],
              ["1.1", "г.о. Балашиха", "МБОУ СОШ № 1", "базовый", "да", 500, 400],
              ["1.2", "г.о. Балашиха", "МБОУ СОШ № 2", "основной", "да", 300, 250]],
             title="Мониторинг готовности ОО к реализации профминимума за I квартал 2024 года", sheet="Лист1")
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["school_name"] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]
    assert sum(p.columns["students_total"]) == 800


def test_columns_left_out_for_a_better_one_are_said_so_not_reported_as_unknown(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Уровень", "Ответственный", "Обучающихся всего в ОО",
                                   "Обучающихся 6-11 классов", "Охвачено профминимумом", "Охвачено, %"],
             [["МБОУ СОШ № 1", "базовый", "да", 900, 500, 450, 90], ["МБОУ СОШ № 2", "основной", "да", 600, 300, 200,
                                                                     66.7]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [] and p.columns["students_total"] == [500, 300]
    assert not [x for x in p.problems if x.rule == "unrecognised_column"], [x.text() for x in p.problems]
    assert p.sheets[0].unmatched == []
    assert any("взято из столбца E «Обучающихся 6-11 классов»" in c for c in p.sheets[0].ignored)


def test_an_agreement_number_written_with_its_date_keeps_the_number(tmp_path):
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Тип партнёра", "Наименование партнёра", "№ договора"],
             [["МБОУ СОШ № 1", "вуз", "МГУ", "№ 118 от 14.02.2024"]],
             title="Договоры о сетевом взаимодействии ОО Химки, I квартал 2024 г.")
    p = pipeline.prepare(f, region="50")
    assert p.errors == [] and p.columns["agreement_no"] == ["118"]
    assert str(p.columns["signed_on"][0]) == "2024-02-14"
    assert not [x for x in p.problems if x.rule == "missing_field" and "уровень" in x.message]


def test_letter_codes_are_read_by_their_legend_too(tmp_path):
    f = book(tmp_path / "f.xlsx", ["№", "Наименование ОО", "Уровень (Б – базовый, О – основной, П – продвинутый)",
                                   "Ответственный", "Всего обучающихся 6-11 классов", "Охвачено"],
             [[1, "МБОУ СОШ № 1", "Б", "да", 500, 450], [2, "МБОУ СОШ № 2", "п", "да", 300, 200]])
    p = pipeline.prepare(f, region="50")
    assert p.errors == [], [e.text() for e in p.errors]
    assert p.columns["level"] == ["базовый", "продвинутый"]


def test_an_event_the_catalogue_does_not_know_takes_its_level_from_its_name():
    from etl.event_names import event_info

    name, level, day = event_info("Областное онлайн-родительское собрание по профориентации 27.08.2023", "50")
    assert (level, str(day)) == ("региональный", "2023-08-27")
    assert event_info("Ярмарка профессий в школе № 5", "50")[1] is None  # no level word: none, not a guess


@pytest.mark.parametrize("text, event", [
    ("Экскурсия на завод «Метровагонмаш»", "Экскурсии на предприятия"),
    ("Экскурсия на Коломенский завод", "Экскурсии на предприятия"),
    ("Экскурсия на ПАО «РКК «Энергия» им. С.П. Королёва»", "Экскурсии на предприятия"),
    ("Экскурсия в музей боевой славы", "Экскурсия в музей боевой славы"),  # not an enterprise: its own name
    ("Урок «Россия — мои горизонты»", "Курс внеурочной деятельности «Россия — мои горизонты»"),
    ("Курс «Россия — мои горизонты» (еженедельно)", "Курс внеурочной деятельности «Россия — мои горизонты»")])
def test_excursions_to_any_enterprise_and_the_course_under_one_name(text, event):
    """«Экскурсия на …» is an excursion to an enterprise whatever its name (the chart showed 183 of 289 excursions);
    the course «Россия — мои горизонты» is one event under its several spellings (5 bars)."""
    from etl.event_names import event_info

    assert event_info(text, "50")[0] == event


def test_participants_in_one_column_with_abbreviated_names():
    from etl.participants import participants_in as _participants_in

    assert _participants_in("Кол-во участников (обуч./род./пед.)") == ("students", "parents", "teachers")


def test_counts_of_agreements_per_school_are_a_summary_not_a_list(tmp_path):
    # «Количество заключённых договоров | с ВУЗами | с СПО» beside the schools: no agreement is listed
    f = book(tmp_path / "f.xlsx", ["Наименование ОО", "Количество договоров с ВУЗами", "Количество договоров с СПО",
                                   "Количество договоров с предприятиями"],
             [["МОУ СОШ № 1", 1, 2, 1], ["МОУ СОШ № 2", 0, 1, 0], ["Итого", 1, 3, 1]],
             title="Количество договоров о сетевом взаимодействии ОО г.о. Люберцы на 01.10.2023")
    with pytest.raises(FileRejected) as e:
        pipeline.prepare(f)
    assert "Это сводная форма" in str(e.value) and "на каждый договор" in str(e.value)
