"""Header wordings of real forms → contract fields; kind detection; wide layouts; layout signatures."""
import pytest

from etl import catalogue, kinds, learned, locate, mapping
from etl.catalogue import Catalogue
from etl.sheet import Sheet


@pytest.fixture(scope="module")
def cat():
    return Catalogue.load()


def table(cat, header, sub=None, merged=(), data=None):
    rows = [list(header)] + ([list(sub)] if sub else [])
    rows.append(data or ["x"] * len(header))
    t = locate.find_table(Sheet("Лист1", rows, list(merged)), cat)
    assert t is not None
    return t


# Other columns of each kind, so that a header under test sits among the usual neighbours.
CONTEXT = {
    "readiness": ["№ п/п", "Наименование ОО", "Муниципальное образование"],
    "agreements": ["№ п/п", "Наименование партнёра", "Тип партнёра"],
    "events": ["№ п/п", "Мероприятие", "Обучающиеся"],
    "effectiveness": ["№ п/п", "Показатель", "Значение"],
    "roadmap": ["№ п/п", "Наименование мероприятия", "Срок реализации"],
}

WORDINGS = {
    "readiness": {
        "municipality": ["Муниципальное образование", "Наименование муниципального образования", "Городской округ",
                         "Муниципалитет", "МО", "Территория"],
        "school_name": ["Наименование ОО", "Наименование общеобразовательной организации", "Полное наименование ОО",
                        "Образовательная организация", "Школа"],
        "school_inn": ["ИНН", "ИНН ОО"],
        "level": ["Уровень реализации профминимума", "Уровень профминимума", "Выбранный уровень",
                  "Реализуемый ур-нь профминимума"],
        "responsible_appointed": ["Ответственный за профминимум (ФИО)", "Назначен ответственный",
                                  "Ответственное лицо", "Кто отвечает за профориентацию в школе (назначен приказом: "
                                  "да/нет)"],
        "plan_approved": ["План утвержден", "Утверждён план реализации профминимума", "Наличие плана"],
        "students_total": ["Всего обучающихся 6–11 классов", "Количество обучающихся 6-11 кл."],
        "students_covered": ["Охвачено профминимумом", "из них охвачено профминимумом",
                             "Из них занимаются по программе профминимума"],
        "navigators": ["Обучено педагогов-навигаторов", "Педагоги-навигаторы", "Количество педагогов-навигаторов"],
        "bvb_registered": ["Регистрация на платформе «Билет в будущее»", "Зарегистрирована на bvbinfo.ru",
                           "Подключение к платформе bvbinfo"],
    },
    "agreements": {
        "municipality": ["Муниципальное образование", "МО", "Городской округ"],
        "school_name": ["Наименование ОО", "ОО (сторона договора)"],
        "partner_type": ["Тип партнёра", "Вид организации-партнёра", "Категория партнёра"],
        "partner_name": ["Наименование партнёра", "Организация-партнёр", "Партнёр"],
        "agreement_no": ["Номер договора", "Реквизиты договора (соглашения)", "№ и дата договора"],
        "signed_on": ["Дата заключения", "Дата договора", "Дата подписания"],
    },
    "events": {
        "municipality": ["Муниципальное образование", "Муниципалитет"],
        "school_name": ["Наименование ОО", "Школа"],
        "event": ["Мероприятие", "Наименование мероприятия"],
        "event_level": ["Уровень мероприятия"],
        "event_date": ["Дата проведения", "Дата"],
        "students": ["Обучающиеся", "Количество обучающихся-участников"],
        "parents": ["Родители", "Родители (законные представители)"],
        "teachers": ["Педагоги", "Педагогические работники"],
    },
    "effectiveness": {
        "municipality": ["Муниципальное образование", "МО"],
        "school_name": ["Наименование ОО"],
        "indicator_code": ["Показатель", "Наименование показателя", "Код показателя"],
        "value": ["Значение", "Значение показателя"],
        "period": ["Период", "Отчётный период"],
    },
    "roadmap": {
        "section": ["Раздел"],
        "item_no": ["№ п/п"],
        "measure": ["Наименование мероприятия", "Наименования мероприятия", "Задачи/ наименование мероприятий"],
        "deadline_text": ["Срок реализации", "Сроки"],
        "executors": ["Ответственный исполнитель"],
        "planned_result": ["Планируемые результаты", "Планируемый результат"],
        "status": ["Статус исполнения", "Отметка об исполнении"],
        "evidence": ["Подтверждающие документы", "Подтверждение"],
    },
}
CASES = [(k, f, h) for k, fs in WORDINGS.items() for f, hs in fs.items() for h in hs]


@pytest.mark.parametrize("kind, field, header", CASES, ids=[f"{k}-{f}-{h}" for k, f, h in CASES])
def test_each_wording_maps_to_its_field(cat, kind, field, header):
    ctx = [h for h in CONTEXT[kind] if catalogue.header_key(h) != catalogue.header_key(header)]
    # drop a context column that means the same field
    ctx = [h for h in ctx if cat.field_scores(kind, [h]).keys() != {field}]
    t = table(cat, ctx + [header])
    m = mapping.map_columns(t, cat, kind=kind)
    assert m.fields.get(field) == len(ctx), (m.fields, header)


def test_multi_row_header_maps_through_the_joined_text(cat):
    t = table(cat, ["МО", "Наименование ОО", "Численность обучающихся 6-11 классов", None],
              sub=[None, None, "всего", "из них охвачено"], merged=[((0, 2), (0, 3))])
    m = mapping.map_columns(t, cat, kind="readiness")
    assert (m.fields["students_total"], m.fields["students_covered"]) == (2, 3)
    assert m.missing_required == []


def test_number_column_is_unmatched_except_in_roadmap(cat):
    t = table(cat, ["№ п/п", "Муниципальное образование", "Наименование ОО", "Уровень профминимума"])
    m = mapping.map_columns(t, cat, kind="readiness")
    assert [c.header for c in m.unmatched] == ["№ п/п"]
    t = table(cat, ["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель"])
    m = mapping.map_columns(t, cat, kind="roadmap")
    assert m.fields["item_no"] == 0 and m.unmatched == []


def test_answers_are_no_names():
    """A column of «да»/«нет» never holds a name (it was taken for a second school name column and dropped)."""
    from etl import evidence

    assert not evidence.fits("text", ["да", "нет", "да", "+"])
    assert evidence.fits("text", ["МБОУ СОШ № 1", "Лицей № 2", "Гимназия «Дубна»"])


@pytest.mark.parametrize("header", ["Примечание", "Замечания", "Комментарий", "Пояснения"])
def test_a_notes_column_is_known_and_not_loaded(cat, header):
    """A column of the coordinator's notes is recognised as such (not «не распознан»), and never a field."""
    t = table(cat, ["Муниципальное образование", "Наименование ОО", "Уровень профминимума", header])
    m = mapping.map_columns(t, cat, kind="readiness")
    assert 3 not in m.fields.values() and 3 in m.ignorable


@pytest.mark.parametrize("headers, kind", [
    (["№ п/п", "Муниципальное образование", "Наименование ОО", "ИНН", "Уровень реализации профминимума",
      "Ответственный за профминимум (ФИО)", "План утвержден", "Всего обучающихся 6–11 классов",
      "Охвачено профминимумом"], "readiness"),
    (["№", "МО", "ОО (сторона договора)", "Тип партнёра", "Наименование партнёра", "№ и дата договора"],
     "agreements"),
    (["№ п/п", "Муниципальное образование", "Наименование мероприятия", "Уровень мероприятия", "Дата проведения",
      "Обучающиеся", "Родители", "Педагоги"], "events"),
    (["№ п/п", "Муниципальное образование", "Наименование ОО", "Показатель", "Значение", "Период"],
     "effectiveness"),
    (["№ п/п", "Наименование мероприятия", "Срок реализации", "Ответственный исполнитель",
      "Планируемые результаты"], "roadmap"),
    (["№ п/п", "Задачи/ наименование мероприятий", "Сроки", "Ответственный исполнитель", "Статус исполнения"],
     "roadmap"),
    (["Муниципальное образование", "Доля охвата", "Прошли диагностику", "Участники профпроб"], "effectiveness"),
])
def test_detect_kind_from_the_combination_of_headers(cat, headers, kind):
    got, score = kinds.detect_kind([table(cat, headers)], cat)
    assert got == kind, score


def test_unknown_headers_give_no_kind(cat):
    rows = [["Фамилия", "Имя", "Отчество"], ["Иванов", "Иван", "Иванович"]]
    t = locate.find_table(Sheet("Лист1", rows, []), cat)
    assert t is None or kinds.detect_kind([t], cat)[0] is None


def test_events_wide_layout(cat):
    t = table(cat, ["№", "Муниципальное образование", "Фестиваль «Путь навыков»", None, None,
                    "Профессиональные пробы", None],
              sub=[None, None, "обучающиеся", "родители", "педагоги", "обучающиеся", "педагоги"],
              merged=[((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 4)), ((0, 5), (0, 6))],
              data=[1, "Химки", 100, 20, 5, 30, 2])
    assert kinds.detect_kind([t], cat)[0] == "events"
    m = mapping.map_columns(t, cat, kind="events")
    assert m.layout == "wide"
    assert m.fields == {"municipality": 1}
    assert m.wide_groups == [("Фестиваль «Путь навыков»", {"students": 2, "parents": 3, "teachers": 4}),
                             ("Профессиональные пробы", {"students": 5, "teachers": 6})]
    assert m.missing_required == []


def test_effectiveness_wide_layout_by_name_short_name_code_or_synonym(cat):
    t = table(cat, ["Муниципальное образование", "Численность обучающихся 6–11 классов", "Доля охвата",
                    "probes_done", "Экскурсии на предприятия", "Примечание"])
    m = mapping.map_columns(t, cat, kind="effectiveness")
    assert m.layout == "wide"
    assert m.wide_groups == [("students_total", 1), ("coverage_share", 2), ("probes_done", 3),
                             ("excursions_done", 4)]
    assert m.fields == {"municipality": 0}
    assert [c.header for c in m.unmatched] == ["Примечание"]


def test_missing_required_columns(cat):
    t = table(cat, ["Наименование ОО", "Уровень профминимума", "План утвержден"])
    m = mapping.map_columns(t, cat, kind="readiness")
    assert m.missing_required == ["municipality"]  # may come from the sheet name or the title
    t = table(cat, ["Муниципальное образование", "Наименование партнёра", "Дата договора"])
    assert mapping.map_columns(t, cat, kind="agreements").missing_required == ["partner_type"]


def test_overrides_win_and_can_ignore_a_column(cat):
    t = table(cat, ["Муниципальное образование", "Наименование ОО", "Графа 3", "Охвачено профминимумом"])
    m = mapping.map_columns(t, cat, kind="readiness")
    assert "students_total" not in m.fields and [c.header for c in m.unmatched] == ["Графа 3"]
    m = mapping.map_columns(t, cat, kind="readiness",
                            overrides={"Графа 3": "students_total", "Охвачено профминимумом": ""})
    assert m.fields["students_total"] == 2 and m.how["students_total"] == "override"
    assert "students_covered" not in m.fields


def test_layout_signature_is_stable_and_layout_specific(cat):
    a = table(cat, ["Муниципальное образование", "Наименование ОО", "Кол-во детей"])
    b = table(cat, ["муниципальное  образование", "Наименование  ОО", "кол-во детей"])
    c = table(cat, ["Муниципальное образование", "Наименование ОО", "Кол-во взрослых"])
    assert learned.layout_signature(a) == learned.layout_signature(b) != learned.layout_signature(c)
    assert len(learned.layout_signature(a)) == 16


@pytest.mark.parametrize("header, field", [
    ("Количество обучающихся 6-11 классов, охваченных профминимумом", "students_covered"),
    ("Всего обучающихся 6–11 классов, чел.", "students_total"),
    ("Количество педагогов-навигаторов, прошедших обучение", "navigators"),
    ("Участие в проекте «Билет в будущее» (да/нет)", "bvb_registered"),
    ("Наименование\nОО", "school_name"),
    ("Приказ о назначении ответственного (номер, дата)", "responsible_appointed"),
])
def test_headers_with_qualifiers_and_units(cat, header, field):
    t = table(cat, ["Муниципальное образование", "Наименование ОО", header] if field != "school_name"
              else ["Муниципальное образование", header])
    m = mapping.map_columns(t, cat, kind="readiness")
    assert m.field_of(t.columns[-1].index) == field, m.fields


def test_events_wide_with_abbreviated_sub_headers(cat):
    t = table(cat, ["Муниципальное образование", "Шоу профессий", None, None],
              sub=[None, "обуч.", "род.", "пед."], merged=[((0, 0), (1, 0)), ((0, 1), (0, 3))],
              data=["Химки", 10, 2, 1])
    m = mapping.map_columns(t, cat, kind="events")
    assert m.wide_groups == [("Шоу профессий", {"students": 1, "parents": 2, "teachers": 3})]


@pytest.mark.parametrize("text, code", [
    ("Доля охвата", "coverage_share"), ("Доля охвата, %", "coverage_share"), ("probes_done", "probes_done"),
    ("Численность обучающихся 6–11 классов, чел.", "students_total"),
    ("Численность обучающихся 6–11 классов, прошедших профориентационную диагностику в онлайн-формате", None),
    ("Количество родителей", None),
    # a population gives way to the more specific indicator the text also names
    ("Численность обучающихся 6–11 классов, прошедших диагностику", "diagnostics_done"),
    # the wordings municipalities use: «количество» for «численность», the full names of the programme
    ("Количество обучающихся 6-11 классов (контингент)", "students_total"),
    ("Количество обучающихся 6-11 классов, охваченных профориентационным минимумом", "students_covered"),
    ("Доля обучающихся, прошедших профдиагностику", "diagnostics_share"),
    ("Количество обучающихся, посетивших экскурсии на предприятия", "excursions_done"),
    ("Количество педагогов, прошедших курсы повышения квалификации по профориентации (не менее 36 ч)",
     "teachers_dpo"),
    ("Количество проведённых занятий курса внеурочной деятельности «Россия – мои горизонты»", "rmg_lessons"),
    ("Доля обучающихся — участников профессиональных проб", "probes_share"),
    ("Количество родителей, принявших участие в профориентационных мероприятиях", "parents_involved"),
    ("Участники профессиональных проб, % от общего числа обучающихся", "probes_share"),
])
def test_indicator_names_are_not_guessed_from_a_fragment(cat, text, code):
    assert cat.indicator(text) == code


def test_level_mark_columns_only_for_a_run_of_different_levels():
    from etl.locate import Column
    from etl.mark_columns import mark_columns

    def _level_mark_columns(columns):
        return mark_columns("level", columns)

    def cols(*headers, start=2):
        return [Column(start + k, "", h, ["Уровень", h]) for k, h in enumerate(headers)]

    assert _level_mark_columns(cols("базовый", "основной", "продвинутый")) == {
        "базовый": 2, "основной": 3, "продвинутый": 4}
    assert _level_mark_columns(cols("Базовый уровень", "Основной уровень (1)")) == {"базовый": 2, "основной": 3}
    assert _level_mark_columns(cols("Уровень реализации профминимума")) == {}  # one column holding the level
    assert _level_mark_columns(cols("базовый", "базовый")) == {}
    assert _level_mark_columns(cols("базовый", "охват", "основной")[::2]) == {}  # not next to each other
    assert _level_mark_columns(cols("обучено по базовому уровню", "основной")) == {}


def test_participants_listed_in_one_header():
    from etl.participants import participants_in as _participants_in

    assert _participants_in("Количество участников (обучающиеся/родители/педагоги)") == (
        "students", "parents", "teachers")
    assert _participants_in("Участники: педагоги / обучающиеся") == ("teachers", "students")
    assert _participants_in("Обучающиеся") == ()
    assert _participants_in("Дата/время") == ()


@pytest.mark.parametrize("text, code", [
    ("Охвачено профминимумом", "students_covered"),
    ("Охвачено профминимумом, %", "coverage_share"),  # a percent of a count is the share made of it
    ("Прошли диагностику, %", "diagnostics_share"),
    ("Участники профпроб, %", "probes_share"),
    ("Доля охвата", "coverage_share"),
    ("Педагоги с ДПО, %", None),  # no share is made of it: never loaded as the count
    ("Не охвачено профминимумом", None),  # a negation is not the indicator it negates
    ("Не прошли диагностику", None),
    ("Педагоги, прошедшие обучение по программам ДПО (не менее 36 ч)", "teachers_dpo"),
    # (a course's attendance is its own indicator: it was read as «all the pupils», the real column beside it)
    ("Количество обучающихся, посещающих курс «Россия – мои горизонты»", "course_attended"),
])
def test_indicator_wording_percent_and_negation(text, code):
    from etl.catalogue import indicator_code

    assert indicator_code(text) == code


def test_a_negated_header_is_not_the_field_it_negates():
    from etl.catalogue import catalogue

    cat = catalogue()
    assert cat.field_scores("readiness", ["Не охвачено профминимумом"]) == {}
    assert cat.field_scores("readiness", ["Не назначен ответственный"]) == {}
    assert "students_covered" in cat.field_scores("readiness", ["Охвачено профминимумом"])


def test_what_a_header_adds_in_brackets_does_not_outweigh_the_header():
    from etl.catalogue import catalogue

    scores = catalogue().field_scores("events", ["Наименование мероприятия (сроки проведения)"])
    assert max(scores, key=scores.get) == "event"


def test_names_read_as_yes_are_described_as_what_they_are():
    """«назначен ответственный ← «Ответственный (ФИО)»: значения — …»: names are «записи, читаются как «да»», not
    «ответы «да»/«нет»» (the analyst saw a column of names described as answers)."""
    from etl import evidence

    assert evidence.describe("yesno", ["Иванова М.П.", "Петров П.П.", "да"]) == \
        "записи (ФИО, приказы …), читаются как «да» (3 из 3 значений)"
    assert evidence.describe("yesno", ["да", "нет", "+"]) == "ответы «да»/«нет» (3 из 3 значений)"
    assert evidence.describe("yesno", ["Иванова М.П.", "Петров П.П.", "будет назначен"]) == \
        "записи (ФИО, приказы …), читаются как «да», 1 — как «нет» (3 из 3 значений)"
