"""The upload page as an analyst uses it: recognise, correct, confirm, quarantine; nothing written before
confirmation; the error report is the analyst's own workbook with the bad cells highlighted."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

import _upload_fixtures as fx
from app import upload as up
from etl import db, learned

BAD_ROWS = [
    ("Химки", "СОШ № 1", "базовый", "да", 100, 90, 3),
    ("Химки", "СОШ № 2", "средний", "да", 100, 80, 2),  # unknown level → row 4, column C
    ("Королёв", "Лицей № 4", "продвинутый", "да", 300, 300, 4),
]


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITORING_USERS", raising=False)  # local mode: analyst rights
    monkeypatch.setenv("MONITORING_DB", str(tmp_path / "db" / "m.duckdb"))
    return tmp_path


def page() -> AppTest:
    return fx.page_app("upload.py")


def upload(at: AppTest, *paths: Path) -> AppTest:
    files = [(p.name, p.read_bytes(), fx.XLSX) for p in paths]
    at.file_uploader[0].set_value(files if len(files) > 1 else files[0])
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def button(at: AppTest, label_start: str):
    found = [b for b in at.button if b.label.startswith(label_start)]
    assert found, [b.label for b in at.button]
    return found[0]


def loads(dbp) -> list[tuple]:
    if not Path(dbp).exists():
        return []
    with db.read_connection(dbp) as con:
        return con.execute("SELECT file_name, status, rows_loaded, rows_rejected, loaded_by FROM loads "
                           "ORDER BY load_id").fetchall()


def q(dbp, sql):
    with db.read_connection(dbp) as con:
        return con.execute(sql).fetchall()


def test_recognised_shown_and_nothing_written_before_confirm(env):
    f = fx.readiness_xlsx(env / "in" / "химки.xlsx", BAD_ROWS, extra_header="Кол-во навигаторов (чел)")
    at = upload(page(), f)
    assert not at.exception
    assert metrics(at) == {"Строк с данными": "3", "Строк с ошибками": "1", "Замечаний": "1"}
    text = "\n".join(m.value for m in at.markdown)
    assert "**Вид формы:** готовность ОО · **Регион:** Московская область · **Период:** III квартал 2023 г." in text
    assert "заголовок в строке 2" in text
    assert "уровень профминимума ← C «Уровень профминимума»" in text
    # a wording the catalogue does not list, read by meaning, and the reason shown
    assert "педагоги-навигаторы ← G «Кол-во навигаторов (чел)» (по смыслу слов заголовка" in text
    assert at.warning[0].value == "Найдено 1 ошибка в 1 строке"
    problems = at.dataframe[1].value
    assert problems.iloc[0][["Лист", "Строка", "Столбец", "Значение"]].tolist() == [
        "Лист1", "4", "C «Уровень профминимума»", "средний"]
    # the whole text of each, to read (a table cell is one line: tester round t79 — messages and hints cut short)
    full = next(e for e in at.expander if e.label == "Замечания полным текстом")
    whole = full.markdown[0].value
    assert whole.startswith("**лист «Лист1», строка 4, столбец C «Уровень профминимума»:** Неизвестный уровень")
    assert problems.iloc[0]["Подсказка"] in whole.replace("\\", "")
    assert button(at, "Загрузить").disabled  # «Загрузить» needs a file without errors
    assert button(at, "Загрузить без ошибочных строк").label == \
        "Загрузить без ошибочных строк (1 строка — в карантин)"
    assert not Path(env / "db" / "m.duckdb").exists() or loads(env / "db" / "m.duckdb") == []


def test_quarantine_via_load_without_bad_rows(env):
    dbp = env / "db" / "m.duckdb"
    f = fx.readiness_xlsx(env / "in" / "химки.xlsx", BAD_ROWS)
    at = upload(page(), f)
    button(at, "Загрузить без ошибочных строк").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Загружено 2 строки")
    assert "1 строка с ошибками отложена в карантин" in at.success[0].value
    assert loads(dbp) == [("химки.xlsx", "loaded", 2, 1, "local")]
    assert q(dbp, 'SELECT "row", column_name, value, rule FROM quarantine') == [
        (4, "C «Уровень профминимума»", "средний", "bad_level")]
    assert sorted(q(dbp, "SELECT school_name FROM readiness")) == [("Лицей № 4",), ("СОШ № 1",)]
    # the original is archived
    arch = q(dbp, "SELECT archive_path FROM loads")[0][0]
    assert Path(arch).read_bytes() == f.read_bytes()


def test_clean_file_loads_with_one_click_and_a_repeat_is_a_duplicate(env):
    dbp = env / "db" / "m.duckdb"
    f = fx.readiness_xlsx(env / "in" / "королёв.xlsx", fx.clean_rows("Королёв", 4))
    at = upload(page(), f)
    assert at.success[0].value == "Ошибок не найдено: файл можно загружать"
    button(at, "Загрузить").click().run()
    assert at.success[0].value.startswith("Загружено 4 строки (готовность ОО, Королёв, период III квартал 2023 г.)")
    assert q(dbp, "SELECT count(*), sum(students_total) FROM readiness WHERE municipality = 'Королёв'") == [(4, 400)]
    at2 = upload(page(), f)
    assert at2.info[0].value.startswith("Этот файл уже загружен") and "(загрузка № 1)" in at2.info[0].value
    # nothing to load: no «можно загружать» beside it, and «Загрузить» is off (it added a «duplicate» to the log)
    assert not at2.success and button(at2, "Загрузить").disabled
    assert [r[1] for r in loads(dbp)] == ["loaded"]
    # the same file under another name (a copy «… (1).xlsx»): which file it is (a tester's round: only the number)
    copy = env / "in" / "королёв (1).xlsx"
    copy.write_bytes(f.read_bytes())
    at3 = upload(page(), copy)
    assert "под именем «королёв.xlsx» (загрузка № 1)" in at3.info[0].value
    assert "Изменения к заменяемой версии" not in " ".join(m.value for m in at3.markdown)  # (it replaces nothing)


def test_cancel_writes_nothing(env):
    f = fx.readiness_xlsx(env / "in" / "x.xlsx", fx.clean_rows())
    at = upload(page(), f)
    button(at, "Отмена").click().run()
    assert not at.metric and "Файлов для проверки пока нет" in at.info[0].value
    assert loads(env / "db" / "m.duckdb") == []


def test_map_unmatched_column_is_learned_for_the_next_file_of_that_layout(env):
    dbp = env / "db" / "m.duckdb"
    rows = [r + (7,) for r in fx.clean_rows("Химки", 2)]
    # (a form whose navigators are only in «Графа 7»: beside a column of their own it would be asked which is which)
    f1 = fx.readiness_xlsx(env / "in" / "f1.xlsx", rows, extra_header="Графа 7", without="навигатор")
    at = upload(page(), f1)
    sel = [s for s in at.selectbox if s.label == "G «Графа 7»"][0]
    sel.set_value("navigators")
    button(at, "Применить и проверить снова").click().run()
    assert "педагоги-навигаторы ← G «Графа 7»" in "\n".join(m.value for m in at.markdown)
    # remembered as soon as the analyst applies it (the page says so), not only after a load
    assert [m for _sig, m, _about in learned.listing()] == [{"Графа 7": "navigators"}]
    button(at, "Загрузить").click().run()
    assert q(dbp, "SELECT sum(navigators) FROM readiness") == [(14,)]
    assert [m for _sig, m, _about in learned.listing()] == [{"Графа 7": "navigators"}]
    # the next file of the same layout is mapped by itself
    rows2 = [r + (5,) for r in fx.clean_rows("Королёв", 3)]
    f2 = fx.readiness_xlsx(env / "in" / "f2.xlsx", rows2, extra_header="Графа 7", without="навигатор")
    at2 = upload(page(), f2)
    text = "\n".join(m.value for m in at2.markdown)
    assert "педагоги-навигаторы ← G «Графа 7»" in text
    assert not [s for s in at2.selectbox if s.label.startswith("G ")]
    button(at2, "Загрузить").click().run()
    assert q(dbp, "SELECT sum(navigators) FROM readiness WHERE municipality = 'Королёв'") == [(15,)]
    # (tester round t89) the page itself forgets the remembered choice: the column is asked about again
    f3 = fx.readiness_xlsx(env / "in" / "f3.xlsx", [r + (4,) for r in fx.clean_rows("Лобня", 2)],
                           extra_header="Графа 7", without="навигатор")
    at3 = upload(page(), f3)
    assert not [s for s in at3.selectbox if s.label.startswith("G ")]
    button(at3, "Забыть запомненное сопоставление").click().run()
    assert learned.listing() == [] and [s for s in at3.selectbox if s.label == "G «Графа 7»"]


def test_confirm_suggested_municipality_becomes_an_alias(env):
    dbp = env / "db" / "m.duckdb"
    rows = fx.clean_rows("Химки", 2) + [("Балашихаа", "СОШ № 9", "основной", "да", 50, 40)]
    f = fx.readiness_xlsx(env / "in" / "m.xlsx", rows)
    at = upload(page(), f)
    assert metrics(at)["Строк с ошибками"] == "1"
    assert "«Балашихаа»" in "\n".join(m.value for m in at.markdown)
    sel = [s for s in at.selectbox if s.label == "Это муниципалитет"][0]
    assert sel.value == ("Балашиха", "50")  # the best suggestion comes first; never applied silently
    button(at, "Подтвердить").click().run()
    assert not at.exception
    assert metrics(at)["Строк с ошибками"] == "0"
    button(at, "Загрузить").click().run()
    assert q(dbp, "SELECT municipality FROM readiness WHERE school_name = 'СОШ № 9'") == [("Балашиха",)]
    aliases = (dbp.parent / "aliases_learned.csv").read_text(encoding="utf-8")
    assert "Балашихаа,Балашиха,50" in aliases
    # and the next file with that spelling is recognised by itself
    f2 = fx.readiness_xlsx(env / "in" / "m2.xlsx", [("Балашихаа", "СОШ № 10", "базовый", "да", 60, 30)])
    at2 = upload(page(), f2)
    assert metrics(at2)["Строк с ошибками"] == "0"


def test_a_row_whose_indicator_is_unknown_is_asked_on_the_page(env):
    """(tester round t89) a long effectiveness form's row the catalogue does not know: the page asks which indicator
    it is (not only «в карантин»); the answer loads it and is not offered as a column."""
    dbp = env / "db" / "m.duckdb"
    f = fx.form_xlsx(env / "in" / "Фрязино_эффективность.xlsx",
                     ["Показатели эффективности профминимума, Фрязино, I квартал 2025 г."],
                     ["№", "Наименование показателя", "Ед. изм.", "Значение"],
                     [[1, "Обучающиеся 6-11 классов, охваченные профминимумом", "чел.", 3950],
                      [2, "Охват в % от плана", "%", 98]])
    at = upload(page(), f)
    assert metrics(at)["Строк с ошибками"] == "1" and button(at, "Загрузить").disabled
    assert "В файле: **«Охват в % от плана»**" in "\n".join(m.value for m in at.markdown)
    (sel,) = [s for s in at.selectbox if s.label == "Показатель"]
    assert sel.value is None
    sel.set_value("coverage_share")
    [b for b in at.button if b.key.endswith("_ind_apply")][0].click().run()
    assert not at.exception and metrics(at)["Строк с ошибками"] == "0"
    (sel,) = [s for s in at.selectbox if s.label == "Показатель"]  # still there, to be changed
    assert sel.value == "coverage_share"
    assert not [s for s in at.selectbox if s.label == "«Охват в % от плана»"]  # (not a column)
    button(at, "Загрузить").click().run()
    assert sorted(q(dbp, "SELECT indicator_code, value FROM effectiveness")) == [
        ("coverage_share", 98.0), ("students_covered", 3950.0)]


def test_period_and_kind_corrections(env):
    dbp = env / "db" / "m.duckdb"
    f = fx.readiness_xlsx(env / "in" / "без_периода.xlsx", fx.clean_rows("Химки", 2), title=None)
    at = upload(page(), f)
    assert "**Период:** не определён" in "\n".join(m.value for m in at.markdown)
    assert any("Не указан отчётный период" in v for v in at.dataframe[1].value["Замечание"])
    assert button(at, "Загрузить").disabled
    kind = [s for s in at.selectbox if s.label == "Вид формы"][0]
    assert kind.value == "readiness"
    at.text_input(key=[t.key for t in at.text_input if t.label == "Период"][0]).set_value("I квартал 2024")
    button(at, "Применить и проверить снова").click().run()
    assert "**Период:** I квартал 2024 г." in "\n".join(m.value for m in at.markdown)
    assert not button(at, "Загрузить").disabled
    button(at, "Загрузить").click().run()
    assert q(dbp, "SELECT DISTINCT period FROM readiness") == [("2024-Q1",)]


def test_several_files_at_once_each_checked_separately(env):
    dbp = env / "db" / "m.duckdb"
    a = fx.readiness_xlsx(env / "in" / "a.xlsx", fx.clean_rows("Балашиха", 2))
    b = fx.readiness_xlsx(env / "in" / "b.xlsx", BAD_ROWS)
    at = upload(page(), a, b)
    assert [s.value for s in at.subheader] == ["a.xlsx", "b.xlsx"]
    assert [m.value for m in at.metric if m.label == "Строк с ошибками"] == ["0", "1"]
    at.button(key=[b_.key for b_ in at.button if b_.label == "Загрузить" and not b_.disabled][0]).click().run()
    button(at, "Загрузить без ошибочных строк").click().run()
    assert [(r[0], r[1]) for r in loads(dbp)] == [("a.xlsx", "loaded"), ("b.xlsx", "loaded")]


def test_too_big_file_gets_a_russian_message(env, monkeypatch):
    monkeypatch.setenv("MONITORING_MAX_FILE_MB", "0.001")
    f = fx.readiness_xlsx(env / "in" / "big.xlsx", fx.clean_rows("Химки", 50))
    at = upload(page(), f)
    assert not at.metric
    msg = at.error[0].value
    assert msg.startswith("Файл «big.xlsx» слишком большой") and "\xa0КБ при пределе 1\xa0КБ" in msg
    assert loads(env / "db" / "m.duckdb") == []


def test_unreadable_file_is_refused_without_writing(env):
    f = env / "in" / "broken.xlsx"
    f.parent.mkdir(parents=True)
    f.write_bytes(b"PK\x03\x04 this is not a workbook")
    at = upload(page(), f)
    assert not at.exception
    assert at.error[0].value.startswith("Файл не может быть загружен")
    assert not [b for b in at.button if b.label == "Загрузить"]
    assert loads(env / "db" / "m.duckdb") == []


# ---------------------------------------------------------------------------------------------
# The error report

def test_error_report_is_the_own_workbook_with_highlighted_cells(env):
    f = fx.readiness_xlsx(env / "in" / "r.xlsx", BAD_ROWS + [("Химкии", "СОШ № 5", "основной", "да", 10, 5)])
    s = up.run_prepare(up.stage("r.xlsx", f.read_bytes(), env / "work"))
    wb = openpyxl.load_workbook(io.BytesIO(up.error_report(s.path, s.problems)))
    assert wb.sheetnames == ["Ошибки", "Лист1"]
    err = wb["Ошибки"]
    assert [c.value for c in err[1]] == ["Лист", "Строка", "Столбец", "Значение", "Замечание", "Подсказка", "Важность"]
    body = [[c.value for c in row] for row in err.iter_rows(min_row=2)]
    assert body[0][:5] == ["Лист1", 4, "C «Уровень профминимума»", "средний", "Неизвестный уровень профминимума"]
    assert "базовый, основной, продвинутый" in body[0][5]
    assert body[1][:4] == ["Лист1", 6, "A «Муниципальное образование»", "Химкии"]
    assert "Химки" in body[1][5]  # the hint suggests the right name
    own = wb["Лист1"]
    assert own["C4"].value == "средний" and own["C4"].fill.fgColor.rgb.endswith(up.ERROR_FILL)
    assert "Неизвестный уровень" in own["C4"].comment.text
    assert own["A6"].fill.fgColor.rgb.endswith(up.ERROR_FILL)
    assert own["C3"].fill.fgColor.rgb in (None, "00000000")  # good cells untouched
    assert own["B2"].value == "Наименование ОО"  # the analyst's own content is kept


def test_error_report_for_csv_is_an_xlsx_copy(env):
    f = env / "in" / "дог.csv"
    f.parent.mkdir(parents=True)
    text = ("Муниципальное образование;Наименование ОО;Тип партнёра;Наименование партнёра;Номер договора\n"
            "Химки;СОШ № 1;ВУЗ;МГУ;№ 1 от 01.09.2023\n"
            "Химки;СОШ № 2;непонятно;Завод;№ 2 от 02.09.2023\n")
    f.write_bytes(text.encode("cp1251"))
    s = up.run_prepare(up.stage(f.name, f.read_bytes(), env / "work"))
    s.period = "2023-Q3"
    s = up.run_prepare(s)
    assert s.prepared is not None and s.prepared.kind == "agreements"
    bad = [p for p in s.problems if p.row]
    assert bad and bad[0].row == 3
    wb = openpyxl.load_workbook(io.BytesIO(up.error_report(s.path, s.problems)))
    assert wb.sheetnames[0] == "Ошибки" and len(wb.sheetnames) == 2
    data = wb[wb.sheetnames[1]]
    assert data["C3"].value == "непонятно" and data["C3"].fill.fgColor.rgb.endswith(up.ERROR_FILL)
    assert data["A2"].value == "Химки"
    assert up.report_file_name("дог.csv") == "дог_ошибки.xlsx"


def test_unrecognised_kind_is_chosen_by_the_analyst(env):
    dbp = env / "db" / "m.duckdb"
    f = env / "in" / "список.csv"
    f.parent.mkdir(parents=True)
    # (the schools' names and one column no form's header names: «Графа 3»)
    f.write_bytes("Муниципальное образование;Наименование ОО;Графа 3\nХимки;СОШ № 1;500\nХимки;СОШ № 2;300\n"
                  .encode("cp1251"))
    at = page()
    at.file_uploader[0].set_value((f.name, f.read_bytes(), "text/csv"))
    at.run()
    assert at.error[0].value == ("Файл не может быть загружен: Не удалось определить вид формы по заголовкам "
                                 "столбцов: не распознаны «Графа 3»")
    assert not [b for b in at.button if b.label == "Загрузить"]
    [s for s in at.selectbox if s.label == "Вид формы"][0].set_value("readiness")
    at.text_input(key=[t.key for t in at.text_input if t.label == "Период"][0]).set_value("2023-Q3")
    button(at, "Применить и проверить снова").click().run()
    assert not at.exception
    assert "**Вид формы:** готовность ОО" in "\n".join(m.value for m in at.markdown)
    [s for s in at.selectbox if s.label == "C «Графа 3»"][0].set_value("students_total")  # then its column
    button(at, "Применить и проверить снова").click().run()
    assert not at.exception and not at.error
    button(at, "Загрузить").click().run()
    assert q(dbp, "SELECT count(*), sum(students_total) FROM readiness") == [(2, 800)]


def test_signed_in_analyst_is_recorded_as_who_loaded(env, monkeypatch):
    import time

    from app import auth
    from app import users as um

    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    users = env / "secure" / "users.json"
    um.UserStore(users).add("ivanova", "Иванова И. И.", "analyst", "Пароль-ивановой-1")
    monkeypatch.setenv("MONITORING_USERS", str(users))
    now = int(time.time())
    at = fx.page_app("upload.py", {auth.TOKEN_KEY: auth.make_token(users, um.UserStore(users).get("ivanova"), now, now)})
    f = fx.readiness_xlsx(env / "in" / "кто.xlsx", fx.clean_rows("Химки", 2))
    upload(at, f)
    button(at, "Загрузить").click().run()
    assert loads(env / "db" / "m.duckdb") == [("кто.xlsx", "loaded", 2, 0, "ivanova")]


def test_error_report_of_a_far_cell_copies_the_filled_cells_only(env):
    """(tester round t91) a CSV's report wrote every cell of the range, empty ones too (98 s and 4,9 GB for an .xls
    of one far cell): the copy holds the filled cells alone."""
    f = env / "in" / "далеко.csv"
    f.parent.mkdir(parents=True)
    far = ";" * 9000
    f.write_text("Муниципальное образование;Наименование ОО;Охвачено\nХимки;СОШ № 1;много\n"
                 f"Химки;СОШ № 2;5{far}x\n", encoding="utf-8")
    s = up.run_prepare(up.stage(f.name, f.read_bytes(), env / "work"))
    wb = openpyxl.load_workbook(io.BytesIO(up.error_report(s.path, s.problems)))
    data = wb[wb.sheetnames[1]]
    assert sum(1 for row in data.iter_rows() for c in row if c.value is not None) == 10
    assert data.cell(3, 9003).value == "x" and data["B2"].value == "СОШ № 1"


def test_a_defect_in_the_checks_is_reported_in_russian_not_as_a_trace(env, monkeypatch):
    from etl import pipeline

    def broken(*a, **kw):
        raise KeyError("column")

    monkeypatch.setattr(pipeline, "prepare", broken)
    f = fx.readiness_xlsx(env / "in" / "x.xlsx", fx.clean_rows())
    at = upload(page(), f)
    assert not at.exception
    assert at.error[0].value.startswith("Файл не может быть загружен: Файл не удалось проверить из-за внутренней "
                                        "ошибки программы")
    assert [s.value for s in at.subheader] == ["x.xlsx"]  # the file stays in the list


def test_upload_folders_of_abandoned_sessions_are_swept(tmp_path):
    import os

    from app import upload as up

    old = tmp_path / (up.WORKDIR_PREFIX + "old")
    staged = up.stage("химки.xlsx", b"data", old)
    fresh = tmp_path / (up.WORKDIR_PREFIX + "fresh")
    up.stage("королёв.xlsx", b"data", fresh)
    other = tmp_path / "someone_elses_folder"
    other.mkdir()
    day_ago = up.ABANDONED_AFTER_S + 60
    now = staged.path.stat().st_mtime + day_ago
    for p in (old, staged.path.parent, staged.path, other):
        os.utime(p, (now - day_ago, now - day_ago))
    fresh_now = now - 60  # touched a minute ago
    for p in [fresh, *fresh.iterdir()]:
        os.utime(p, (fresh_now, fresh_now))
    assert up.sweep_abandoned(now=now, root=tmp_path) == 1
    assert not old.exists() and fresh.exists() and other.exists()


def upload_messy(env, make, name: str) -> AppTest:
    """Upload a file written by a generator of tests/messy.py."""
    f = env / "in" / name
    f.parent.mkdir(parents=True, exist_ok=True)
    make(f)
    at = upload(page(), f)
    assert not at.exception
    return at


def test_values_merged_over_rows_are_reported_to_the_analyst(env):
    from tests import messy

    at = upload_messy(env, messy.events_merged, "мероприятия.xlsx")
    assert metrics(at) == {"Строк с данными": "6", "Строк с ошибками": "0", "Замечаний": "0"}
    assert at.success[0].value == "Ошибок не найдено: файл можно загружать"
    text = "\n".join(m.value for m in at.markdown)
    assert "Объединённые по строкам ячейки: значение учтено в каждой строке (заполнено ячеек — 15)" in text


def test_errors_come_before_warnings_and_rows_read_as_whole_numbers(env):
    import xlsxwriter

    f = env / "in" / "готовность.xlsx"  # no period anywhere: an error of the file as a whole
    f.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Лист1")
    ws.write_row(0, 0, ["Муниципальное образование", "Наименование ОО", "Всего обучающихся 6–11 классов",
                        "Охвачено профминимумом", "Уровень", "Ответственный"])
    ws.write_row(1, 0, ["Химки", "СОШ № 1", 100, 80, "базовый", "да"])
    ws.write_row(2, 0, ["Химки", "СОШ № 2", None, 50, "базовый", "да"])
    ws.write_formula(2, 2, "=1/0", None, "#DIV/0!")
    wb.close()
    at = upload(page(), f)
    assert not at.exception
    assert at.warning[0].value == "Найдено 1 ошибка в файле в целом"  # not «в 0 строках»
    # what the file waits for is said right there, not only on the tab below
    assert [e.value for e in at.error if "период" in e.value.lower()], [e.value for e in at.error]
    assert not [e.value for e in at.error if "--" in e.value]  # the command line's parameters are no page's
    problems = at.dataframe[1].value
    # the file's error first (критическая), then its warnings (criteria without columns), then the cells'
    assert list(problems["Важность"]) == ["критическая", "предупреждение", "предупреждение", "предупреждение"]
    assert problems["Строка"].tolist() == ["", "", "3", "3"]  # no «None», no «3.0»
    assert problems.iloc[2][["Значение", "Замечание"]].tolist() == [
        "#ДЕЛ/0!", "В ячейке ошибка формулы: значение не загружено (пусто)"]


def test_a_file_with_warnings_only_can_be_loaded_and_says_so(env):
    from tests import messy

    at = upload_messy(env, messy.effectiveness_percent_cells, "показатели.xlsx")
    assert at.success[0].value == ("Ошибок не найдено: файл можно загружать (1 предупреждение — на вкладке ниже; "
                                   "они сохранятся вместе с загрузкой)")
    assert not button(at, "Загрузить").disabled


def test_an_unrecognised_column_holding_a_missing_field_is_asked_about_not_loaded(env):
    dbp = env / "db" / "m.duckdb"
    f = env / "in" / "химки.xlsx"
    f.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Мониторинг готовности ОО Химки к реализации профминимума, I квартал 2024 г."])
    ws.append(["Наименование ОО", "Уровень", "Ответственный", "Графа 5", "Охвачено профминимумом"])
    ws.append(["МБОУ СОШ № 1", "базовый", "да", 500, 450])
    ws.append(["МБОУ СОШ № 2", "основной", "да", 300, 200])
    wb.save(f)
    at = upload(page(), f)
    assert not at.exception
    assert "Столбец не распознан, а столбца «обучающихся 6–11 классов, всего» в таблице нет" in \
        "\n".join([e.value for e in at.error] + [w.value for w in at.warning] + [str(d.value.to_dict()) for d in at.dataframe])
    # the red line names the column it is about (two unrecognised columns would read alike otherwise)
    assert [e.value for e in at.error if e.value.startswith("D «Графа 5»: Столбец не распознан")], \
        [e.value for e in at.error]
    assert all(b.disabled for b in at.button if b.label.startswith("Загрузить"))  # nothing loads until answered
    sel = [s for s in at.selectbox if s.label == "D «Графа 5»"][0]
    sel.set_value("students_total")
    button(at, "Применить и проверить снова").click().run()
    button(at, "Загрузить").click().run()
    assert q(dbp, "SELECT sum(students_total), sum(students_covered) FROM readiness") == [(800, 650)]


def test_the_largest_changes_against_last_period_are_shown_before_loading(env):
    from etl import pipeline

    dbp = env / "db" / "m.duckdb"
    first = fx.readiness_xlsx(env / "q3.xlsx", fx.clean_rows("Химки", 3, 100))
    assert pipeline.load_file(first, dbp).status == "loaded"
    at = upload(page(), fx.readiness_xlsx(env / "q4.xlsx", fx.clean_rows("Химки", 3, 300),
                                          title="Мониторинг готовности ОО за IV квартал 2023 года"))
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Крупнейшие изменения к прошлому периоду" in text
    assert "Химки: обучающихся 6–11 кл. 900 (за III квартал 2023 г. — 300, +200 %), ОО 3 (было 3)" in text


def test_a_correction_shows_what_it_changes_before_loading(env):
    from etl import pipeline

    dbp = env / "db" / "m.duckdb"
    assert pipeline.load_file(fx.readiness_xlsx(env / "q3.xlsx", fx.clean_rows("Химки", 3, 100)), dbp).status == \
        "loaded"
    at = upload(page(), fx.readiness_xlsx(env / "q3_исправленный.xlsx", fx.clean_rows("Химки", 3, 120)))
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "Изменения к заменяемой версии" in text and "Химки: обучающихся 6–11 кл. 360 (было 300)" in text


def test_a_mapping_the_values_refute_is_not_remembered_and_can_be_changed(env):
    # «Педагог-навигатор есть (да/нет)» taken for the navigators' number: every value is refused; the choice is not
    # remembered for the next file, and the column stays in the list so that the analyst can change it
    rows = [r + ("да",) for r in fx.clean_rows("Химки", 3)]
    f = fx.readiness_xlsx(env / "in" / "f.xlsx", rows, extra_header="Графа 7")
    at = upload(page(), f)
    sel = [s for s in at.selectbox if s.label == "G «Графа 7»"][0]
    sel.set_value("navigators").run()
    fix = [e for e in at.expander if e.label == "Исправить распознавание"][0]
    assert fix.proto.expanded  # a choice reruns the page: the section stays open
    button(at, "Применить и проверить снова").click().run()
    assert not at.exception
    assert metrics(at)["Строк с ошибками"] == "3"
    assert learned.listing() == []  # not kept: the next file of this layout is not loaded with it
    sel = [s for s in at.selectbox if s.label == "G «Графа 7»"]
    assert sel and sel[0].value == "navigators"  # still there, with the analyst's choice
    sel[0].set_value("-")
    button(at, "Применить и проверить снова").click().run()
    assert metrics(at)["Строк с ошибками"] == "0"
    assert [m for _sig, m, _about in learned.listing()] == [{"Графа 7": "-"}]


def test_an_indicator_chosen_for_a_wide_forms_column_can_be_changed_after_applying(env):
    """(tester round t89) The choice for a column of a wide effectiveness form vanished from «Исправить распознавание»
    after «Применить»: a wrong one could be undone only by cancelling and uploading again."""
    f = fx.form_xlsx(env / "in" / "эфф.xlsx", ["Показатели эффективности профминимума, г.о. Химки, IV квартал 2024 г."],
                     ["Наименование ОО", "Всего уч-ся 6-11 кл.", "Графа 3"],
                     [["МБОУ СОШ № 1", 640, 220], ["МАОУ Лицей № 2", 512, 198]])
    at = upload(page(), f)
    sel = [s for s in at.selectbox if s.label.endswith("«Графа 3»")][0]
    sel.set_value("probes_done").run()
    button(at, "Применить и проверить снова").click().run()
    assert not at.exception
    again = [s for s in at.selectbox if s.label.endswith("«Графа 3»")]
    assert again and again[0].value == "probes_done"  # still offered, with the analyst's choice
    again[0].set_value("-")
    button(at, "Применить и проверить снова").click().run()
    assert [s for s in at.selectbox if s.label.endswith("«Графа 3»")][0].value == "-"

def test_the_browser_stops_a_file_the_server_would_not_take(monkeypatch):
    """The uploader lets through what the server takes in (`server.maxUploadSize`, 50 MB by default): a 55 MB file
    is stopped in the browser with the Russian refusal — the browser let up to 200 MB through, the server answered
    «413» and the page said nothing."""
    import re
    import tomllib

    from app import upload as up

    monkeypatch.delenv("MONITORING_MAX_FILE_MB", raising=False)
    root = Path(__file__).resolve().parent.parent
    server = tomllib.loads((root / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["server"]
    made = re.search(r"--server\.maxUploadSize \$\$\{MONITORING_MAX_FILE_MB:-(\d+)\}",
                     (root / "Makefile").read_text(encoding="utf-8"))
    assert up.max_file_mb() == server["maxUploadSize"] == int(made.group(1)) == 50
    monkeypatch.setattr("app.ui.russian_file_uploader", lambda *a: None)
    assert up.russian_uploader() == server["maxUploadSize"]


def test_a_coordinators_next_file_takes_the_place_of_the_one_before_on_the_disk(tmp_path):
    """An independent tester's round (06.12.2026): six 45 MB files tried one after another on «Мои формы» stayed
    in the session's folder for a day (270 MB) — a coordinator could fill the server's disk."""
    work = tmp_path / "w"
    first = up.restage(None, "форма.xlsx", b"x" * 1000, work)
    second = up.restage(first, "форма (2).xlsx", b"y" * 1000, work)
    assert not first.path.exists() and second.path.read_bytes() == b"y" * 1000
    assert [p.name for p in work.rglob("*.xlsx")] == ["форма (2).xlsx"]
    other = up.stage("чужая.xlsx", b"z", tmp_path / "other")  # a file of another folder is never touched
    up.restage(other, "ещё.xlsx", b"q", work)
    assert other.path.exists()


def test_no_load_without_bad_rows_when_the_whole_file_is_in_error(env):
    """An error of the whole file (here: no period anywhere) besides a bad row: «Загрузить без ошибочных строк (1 строка
    — в карантин)» was offered, though leaving the row out cannot make the file loadable."""
    f = fx.readiness_xlsx(env / "in" / "химки.xlsx", BAD_ROWS, title=None)
    at = upload(page(), f)
    assert not at.exception
    labels = [b.label for b in at.button]
    assert "Загрузить" in labels and not [x for x in labels if x.startswith("Загрузить без ошибочных строк")]
    assert button(at, "Загрузить").disabled


def test_a_column_a_question_is_about_is_offered_a_choice(tmp_path):
    """(tester round t79, in a browser) «Кол-во участников (обучающиеся и родители)»: the file waits for the column
    («В столбце вместе обучающиеся и родители»), but «Исправить распознавание» offered no choice for it — it was read
    as «родители»."""
    import _upload_fixtures as fx
    from app import upload as up
    from etl import pipeline

    path = fx.form_xlsx(tmp_path / "Холмский.xlsx", ["Участие в мероприятиях профминимума за 2 полугодие 2023 года"],
                        ["Муниципалитет", "ОО", "Мероприятие", "Дата", "Кол-во участников (обучающиеся и родители)"],
                        [["Холмский", "МБОУ СОШ № 1", "Шоу профессий", "12.11.2023", 140]])
    p = pipeline.prepare(path, region="65")
    assert [e.rule for e in p.errors] == ["participants_together"]
    assert ("E «Кол-во участников (обучающиеся и родители)»", "Кол-во участников (обучающиеся и родители)", False) \
        in up.unmatched_columns(p)
