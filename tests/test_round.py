"""A whole monitoring round, as its people do it in the app (AppTest through dashboard.py): the analyst opens the
campaign; two municipal coordinators download their pre-filled readiness forms, fill them, upload them — one
gets errors, fixes them and uploads again; the analyst returns one with a comment and accepts the other; the
overview shows accepted data only (and, switched on, the data on review with a mark); the campaign page shows the
rates and the map; a coordinator cannot submit another municipality's rows, nor see them."""
from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from app import filters as F
from app import tracker as tr
from app import users as um
from etl import acceptance, db
from tests.conftest import sql

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PW = {"ana": "Пароль-аналитика-1", "himki": "Пароль-Химок-1", "korolev": "Пароль-Королёва-1"}


@pytest.fixture
def round_db(tmp_path, monkeypatch, small_db):
    """The small database (accepted data up to 2023-Q4 in region 50), an analyst and two coordinators."""
    work = tmp_path / "m.duckdb"
    work.write_bytes(small_db.read_bytes())
    db.ensure_schema(work)
    monkeypatch.setenv("MONITORING_DB", str(work))
    monkeypatch.setenv("MONITORING_ARCHIVE", str(tmp_path / "archive"))
    monkeypatch.setenv("MONITORING_BCRYPT_ROUNDS", "4")
    users = tmp_path / "secure" / "users.json"
    store = um.UserStore(users)
    store.add("ana", "Аналитик региона", "analyst", PW["ana"])
    store.add("himki", "Координатор Химок", "municipality", PW["himki"], ["г.о. Химки"])
    store.add("korolev", "Координатор Королёва", "municipality", PW["korolev"], ["г.о. Королёв"])
    monkeypatch.setenv("MONITORING_USERS", str(users))
    return work


def sign_in(login: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.text_input(key="auth_login").set_value(login)
    at.text_input(key="auth_password").set_value(PW[login])
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    if page:
        at.switch_page(f"pages/{page}").run()
        assert not at.exception, [e.value for e in at.exception]
    return at


def filled(data: bytes, numbers, bad_row: int | None = None) -> bytes:
    """The pre-filled form with the numbers written in (as a coordinator does); `bad_row`: covered > total there."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    for i, r in enumerate(ws.iter_rows(min_row=6, max_row=ws.max_row)):
        if not r[1].value:
            continue
        total, covered = numbers(i)
        if i == bad_row:
            covered = total + 50
        r[4].value, r[5].value, r[6].value, r[7].value = "Иванова И. И.", "да", total, covered
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="my_forms_file").set_value((name, data, XLSX)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str):
    """The table on the page that has this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def schools_on_overview(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Школ (ОО) в мониторинге"]


def test_a_whole_round(round_db):
    period = "2024-Q1"
    # 1. The analyst opens the campaign of the readiness form for the period.
    ana = sign_in("ana", "tracker.py")
    ana.selectbox(key="tracker_period").set_value(period).run()
    ana.selectbox(key="campaign_kind").set_value("readiness")
    ana.date_input(key="campaign_deadline").set_value(date(2024, 4, 10))
    ana.button(key="campaign_open").click().run()
    assert not ana.exception, [e.value for e in ana.exception]
    assert acceptance.campaigns(round_db, "50", period)["readiness"]["deadline"] == date(2024, 4, 10)
    assert any("Кампания «готовность ОО»" in s.value for s in ana.success)

    # 2. Each coordinator downloads the pre-filled form (their schools of the last period), fills it, uploads it.
    himki = sign_in("himki", "my_forms.py")
    data, name, n_h = tr.prefilled_form(round_db, "50", "Химки", period)  # what the page's button gives
    labels = [b.proto.label for b in himki.get("download_button")]
    assert any(f"«Химки»" in x and f"({n_h} ОО)" in x for x in labels), labels
    assert any(x.startswith("Скачать пустые бланки всех форм: договоры, мероприятия") for x in labels), labels
    # Химки's first upload has an error (covered above total): refused with the cell-level report
    upload(himki, name, filled(data, lambda i: (200 + i, 150 + i), bad_row=1))
    assert any("ошибки" in e.value for e in himki.error)
    assert "Сдать на проверку" not in [b.label for b in himki.button]
    report = [b.proto.label for b in himki.get("download_button")]
    assert "Скачать отчёт об ошибках (xlsx)" in report
    # the attempt is kept: the analyst sees a file of Химки refused (no data of it used)
    assert any("Попытка сдачи записана" in c.value for c in himki.caption)
    refused = tr.rejected_files(round_db, "50", period)
    assert list(refused["municipalities"]) == [["Химки"]] and list(refused["loaded_by"]) == ["himki"]
    assert tr.matrix(round_db, "50", period)[1].loc["Химки", "Готовность ОО"] in ("rejected", "rejected_overdue")
    # fixed and uploaded again: submitted
    # (its name written as Markdown: the analyst's notice must show it as text, never a link or bold)
    upload(himki, "**Готовность** Химки [исправлено](https:evil.example).xlsx",
           filled(data, lambda i: (200 + i, 150 + i)))
    himki.button(key="my_forms_submit").click().run()
    assert not himki.exception, [e.value for e in himki.exception]
    assert any("на проверке" in s.value for s in himki.success)

    korolev = sign_in("korolev", "my_forms.py")
    kdata, kname, n_k = tr.prefilled_form(round_db, "50", "Королёв", period)
    # a file with another municipality's rows is refused before anything is written
    mixed = openpyxl.load_workbook(io.BytesIO(filled(kdata, lambda i: (300, 200))))
    mixed.worksheets[0].cell(6, 1).value = "Химки"
    buf = io.BytesIO()
    mixed.save(buf)
    upload(korolev, "чужие.xlsx", buf.getvalue())
    assert any("других муниципалитетов: Химки" in e.value for e in korolev.error)
    upload(korolev, kname, filled(kdata, lambda i: (300 + i, 100 + i)))
    korolev.button(key="my_forms_submit").click().run()
    assert any("на проверке" in s.value for s in korolev.success)

    # on review: the monitoring pages do not show the new period's data yet
    subs = acceptance.submissions(round_db, "50", period)
    assert sorted(subs["state"]) == ["pending", "pending"] and len(subs) == 2
    assert sql(round_db, "SELECT count(*) FROM readiness WHERE period = ?", [period])[0][0] == 0

    # 3. The analyst returns Королёв's with a comment and accepts Химки's.
    ana = sign_in("ana", "tracker.py")
    ana.selectbox(key="tracker_period").set_value(period).run()
    # what each submission holds, beside what is accepted now, and the file itself: checked before deciding
    figures = table_with(ana, "В сданной форме")
    assert "Школ (ОО)" in set(figures["Показатель"])
    assert "Скачать сданный файл" in [b.proto.label for b in ana.get("download_button")]
    texts, states, _ = tr.matrix(round_db, "50", period)
    for m in ("Химки", "Королёв"):  # on review (sent after this past period's deadline: late, on review)
        assert states.loc[m, "Готовность ОО"] in ("pending", "pending_late")
        assert texts.loc[m, "Готовность ОО"].endswith(" — на проверке")
    ids = dict(zip(subs["municipalities"], subs["load_id"].astype(int)))
    ana.text_input(key=f"accept_{ids['Королёв']}_comment").set_value("Проверьте численность СОШ № 1")
    ana.button(key=f"accept_{ids['Королёв']}_returned").click().run()
    ana.button(key=f"accept_{ids['Химки']}_accepted").click().run()
    assert not ana.exception, [e.value for e in ana.exception]
    assert acceptance.state(round_db, ids["Химки"]) == "accepted"
    said = [s.value for s in ana.success if "исправлено" in s.value]
    assert said and all(r"\*\*Готовность\*\*" in x and r"\[исправлено\]" in x for x in said), said
    assert acceptance.state(round_db, ids["Королёв"]) == "returned"
    # the campaign page: rates and the map
    texts, states, _ = tr.matrix(round_db, "50", period)
    assert states.loc["Химки", "Готовность ОО"] in ("on_time", "late")
    assert states.loc["Королёв", "Готовность ОО"] == "returned"
    assert "Проверьте численность СОШ № 1" in texts.loc["Королёв", "Готовность ОО"]
    done, expected, _overdue, _on_time = tr.summary(states)["Готовность ОО"]
    assert done == 1 and expected >= 2
    assert any(m.label == "Готовность ОО" and m.value.startswith("1 из") for m in ana.metric)
    tiles = {c[0]: c[2] for c in tr.state_map("50", states, "Готовность ОО").data[0].customdata}
    assert tiles["Химки"] in ("сдано", "поздно") and tiles["Королёв"] == "возврат"

    # 4. The returned comment shows to Королёв's coordinator; the history shows every action.
    korolev = sign_in("korolev", "my_forms.py")
    shown = table_with(korolev, "Комментарий аналитика")
    assert list(shown["Состояние"]) == ["возвращено"]
    assert list(shown["Комментарий аналитика"]) == ["Проверьте численность СОШ № 1"]
    actions = [r[0] for r in sql(round_db, "SELECT action FROM audit_log ORDER BY happened_at")]
    assert actions == ["campaign", "submitted", "submitted", "returned", "accepted"]
    history = sign_in("ana", "history.py")
    log = table_with(history, "Действие")
    assert {"сдано на проверку", "принято", "возвращено на доработку", "кампания сдачи"} <= set(log["Действие"])

    # 5. The overview: accepted data only — Химки's new schools, not Королёв's returned form; with
    # «включая непринятые» both, with a visible mark.
    accepted = sql(round_db, "SELECT count(*) FROM readiness WHERE region = '50' AND period = ?", [period])[0][0]
    assert accepted == n_h
    ana = sign_in("ana")
    ana.sidebar.selectbox(key=F.K_PERIOD).set_value(period).run()
    assert schools_on_overview(ana) == str(n_h)
    ana.sidebar.toggle(key=F.K_PENDING).set_value(True).run()
    assert not ana.exception, [e.value for e in ana.exception]
    assert schools_on_overview(ana) == str(n_h + n_k)
    assert any("непринятые" in w.value for w in ana.sidebar.warning)

    # 6. A coordinator sees nothing of another municipality, and has no «включая непринятые».
    himki = sign_in("himki")
    assert len(himki.sidebar.toggle) == 0
    himki.sidebar.selectbox(key=F.K_PERIOD).set_value(period).run()
    assert schools_on_overview(himki) == str(n_h)
    himki.switch_page("pages/my_forms.py").run()
    assert list(table_with(himki, "Комментарий аналитика")["Файл"]) == [
        "**Готовность** Химки [исправлено](https:evil.example).xlsx"]  # (a table cell: text as it is)


def test_after_the_lock_date_a_coordinator_cannot_submit(round_db, tmp_path):
    """A campaign closed on its lock date refuses a coordinator's file (nothing is written), with the date."""
    from app import submission as sub
    from app import upload as up

    acceptance.open_campaign(round_db, "readiness", "50", "2024-Q1", date(2024, 4, 1), "ana", date(2024, 4, 8))
    data, name, _n = tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")
    staged = up.run_prepare(up.stage(name, filled(data, lambda i: (200 + i, 150 + i)), tmp_path))
    verdict = sub.judge(staged, ("Химки",), "50", round_db)
    assert not verdict.ok and "закрыт 08.04.2024" in verdict.message and "аналитику" in verdict.message
    with pytest.raises(ValueError):
        sub.submit(staged, ("Химки",), "50", round_db, "himki")
    assert sql(round_db, "SELECT count(*) FROM acceptance_log")[0][0] == 0
    # the analyst moves the date: the same file is submitted
    acceptance.open_campaign(round_db, "readiness", "50", "2024-Q1", date(2024, 4, 1), "ana", date(2099, 1, 1))
    assert sub.judge(staged, ("Химки",), "50", round_db).ok
    assert sub.submit(staged, ("Химки",), "50", round_db, "himki").status == "loaded"


def test_the_same_file_sent_again_after_a_return_is_not_said_to_be_on_review(round_db, tmp_path):
    """An independent tester's round (06.12.2026): the returned file sent again unchanged was told «уже загружен
    ранее … Форма на проверке у аналитика», while nothing reached the analyst."""
    from app import submission as sub
    from app import upload as up

    data, name, _n = tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")
    staged = up.run_prepare(up.stage(name, filled(data, lambda i: (200 + i, 150 + i)), tmp_path))
    result = sub.submit(staged, ("Химки",), "50", round_db, "himki")
    again = up.run_prepare(up.stage(name, staged.path.read_bytes(), tmp_path / "again"))
    verdict = sub.judge(again, ("Химки",), "50", round_db)
    assert not verdict.ok and verdict.message == (f"Этот файл уже сдан (сдача № {result.load_id}, на проверке): "
                                                  "сдавать его снова не нужно")
    acceptance.decide(round_db, result.load_id, "returned", "ana", "Проверьте численность")
    verdict = sub.judge(again, ("Химки",), "50", round_db)
    assert not verdict.ok and verdict.message == (
        f"Этот файл аналитик уже вернул на доработку (сдача № {result.load_id}, комментарий: «Проверьте "
        "численность»): исправьте форму и сдайте исправленный файл")


def test_the_prefilled_form_of_a_correction_lists_the_schools_of_the_version_being_corrected(round_db, tmp_path):
    """An independent tester's round (07.12.2026): after a return, and after «Открыть для исправления», the
    prefilled form had 0 schools — it read only accepted data of the period, and the returned or reopened version is
    no longer (or never was) accepted. It lists the version being corrected, with a school added in it."""
    from app import submission as sub
    from app import upload as up

    data, name, n = tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")  # the schools of 2023-Q4
    wb = openpyxl.load_workbook(io.BytesIO(filled(data, lambda i: (200 + i, 150 + i))))
    ws = wb.worksheets[0]
    ws.append(["Химки", "МБОУ «Новая школа № 99»", None, None, "Иванова И. И.", "да", 300, 250])
    out = io.BytesIO()
    wb.save(out)
    staged = up.run_prepare(up.stage(name, out.getvalue(), tmp_path))
    first = sub.submit(staged, ("Химки",), "50", round_db, "himki")
    assert first.status == "loaded" and first.rows_loaded == n + 1
    acceptance.decide(round_db, first.load_id, "returned", "ana", "Проверьте численность")
    schools = tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")
    assert schools[2] == n + 1
    names = [r[1].value for r in openpyxl.load_workbook(io.BytesIO(schools[0])).worksheets[0].iter_rows(min_row=6)]
    assert "МБОУ «Новая школа № 99»" in names
    # accepted, then opened for correction: its data leave the pages, its schools stay in the form
    ws.cell(ws.max_row, 7).value = 310  # the correction, accepted, then opened for correction again
    wb.save(out := io.BytesIO())
    second = sub.submit(up.run_prepare(up.stage(name, out.getvalue(), tmp_path / "v2")), ("Химки",), "50",
                        round_db, "himki")
    acceptance.decide(round_db, second.load_id, "accepted", "ana")
    acceptance.decide(round_db, second.load_id, "reopened", "ana", "Уточните охват")
    assert tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")[2] == n + 1
    # another municipality, with nothing sent for the period: its last period's schools as before
    assert tr.prefilled_form(round_db, "50", "Королёв", "2024-Q1")[2] > 0


def test_before_anything_is_accepted_the_analyst_can_see_the_forms_on_review(round_db, tmp_path, monkeypatch):
    """An independent tester's round (07.12.2026): on a new installation the coordinators had sent their forms and
    none was accepted yet — the sidebar said «В базе пока нет данных» and had no «Включая непринятые данные», so
    the analyst could not look at anything before accepting it."""
    from app import submission as sub
    from app import upload as up
    from tests._upload_fixtures import clean_rows, readiness_xlsx

    fresh = tmp_path / "fresh.duckdb"
    db.ensure_schema(fresh)
    monkeypatch.setenv("MONITORING_DB", str(fresh))
    form = readiness_xlsx(tmp_path / "Химки.xlsx", clean_rows("Химки", 4),
                          title="Мониторинг готовности ОО за I квартал 2024 года")
    staged = up.run_prepare(up.stage(form.name, form.read_bytes(), tmp_path / "s"))
    assert sub.submit(staged, ("Химки",), "50", fresh, "himki").status == "loaded"
    ana = sign_in("ana")
    assert any("формы муниципалитетов на проверке" in i.value for i in ana.sidebar.info)
    ana.sidebar.toggle(key=F.K_PENDING).set_value(True).run()
    assert not ana.exception, [e.value for e in ana.exception]
    assert schools_on_overview(ana) == "4"
    assert any("непринятые" in w.value for w in ana.sidebar.warning)
    # the page's note on completeness counts what the page shows (the form on review too)
    assert not any("сдали 0 из" in w.value for w in ana.warning)
    # and a chart's source names the load not accepted
    from app import specs
    from app.filters import Filters

    assert "загрузка № 1 (не принята: № 1)" in specs.table_source(Filters("50", "2024-Q1", pending=True),
                                                                  ["readiness"])
    assert "не принят" not in specs.table_source(Filters("50", "2024-Q1"), ["readiness"])
    himki = sign_in("himki")  # a coordinator has no such toggle
    assert len(himki.sidebar.toggle) == 0


def test_a_form_on_review_is_never_said_to_be_not_sent(round_db, tmp_path):
    """An independent tester's round (07.12.2026): while Химки's readiness form was on review (or returned), the
    coordinator's cards said «нет данных: форму «Готовность ОО» за период не сдавали» and «сдали 0 из 1», against
    «Мои формы» (сдано, на проверке). The pages show accepted data only; they say the form is not accepted yet."""
    from app import kpi
    from app import submission as sub
    from app import upload as up
    from app.filters import Filters, completeness_note

    data, name, _n = tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")
    staged = up.run_prepare(up.stage(name, filled(data, lambda i: (200 + i, 150 + i)), tmp_path))
    load = sub.submit(staged, ("Химки",), "50", round_db, "himki").load_id
    mine = Filters("50", "2024-Q1", ("Химки",), scope=("Химки",))

    def card(f):
        return next(k for k in kpi.key_figures(f) if k.key == "schools")

    schools = card(mine)
    assert schools.denominator == ("нет принятых данных: форма «Готовность ОО» за период на проверке у аналитика "
                                   "(Химки)"), schools.denominator
    assert schools.completeness == "сдали 0 из 1 муниципалитета; ещё не приняты: на проверке у аналитика — 1"
    assert "(ещё не приняты: на проверке у аналитика — 1)" in completeness_note(mine)
    # the region's leadership reads the same, not «не сдавали»
    assert "на проверке у аналитика (Химки)" in card(Filters("50", "2024-Q1")).denominator
    acceptance.decide(round_db, load, "returned", "ana", "Проверьте численность")
    import streamlit as st
    st.cache_data.clear()  # (the data version is cached for 2 s)
    assert card(mine).denominator.endswith("возвращена на исправление (Химки)")
    # a municipality that sent nothing: as before
    assert card(Filters("50", "2024-Q1", ("Королёв",))).denominator == \
        "нет данных: форму «Готовность ОО» за период не сдавали"


def test_a_rolled_back_correction_stays_in_my_submissions_and_the_returned_one_is_named(round_db, tmp_path):
    """An independent tester's round (07.12.2026): Химки's v1 returned, v2 accepted, then v2 rolled back — «Мои
    сдачи» lost v2 and showed the old «возвращено» with no word, and the rollback said «Предыдущей версии этой сдачи
    нет» while the returned v1 was active again."""
    from app import submission as sub
    from app import upload as up

    data, name, _n = tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")
    v1 = sub.submit(up.run_prepare(up.stage(name, filled(data, lambda i: (200 + i, 150 + i)), tmp_path / "1")),
                    ("Химки",), "50", round_db, "himki").load_id
    acceptance.decide(round_db, v1, "returned", "ana", "Проверьте численность")
    v2 = sub.submit(up.run_prepare(up.stage(name, filled(data, lambda i: (210 + i, 150 + i)), tmp_path / "2")),
                    ("Химки",), "50", round_db, "himki").load_id
    acceptance.decide(round_db, v2, "accepted", "ana")
    msg = db.rollback_load(round_db, v2, "ana")
    assert msg == (f"Откат загрузки № {v2} («{name}»). Предыдущей принятой версии этой сдачи нет: данные этой загрузки "
                   f"убраны из панели. Снова действует предыдущая сдача № {v1} («{name}»), возвращённая координатору "
                   "на доработку: на страницах мониторинга её данных нет; координатору нужно сдать исправленную форму")
    himki = sign_in("himki", "my_forms.py")
    mine = table_with(himki, "Комментарий аналитика")
    states = dict(zip(mine["№"], mine["Состояние"]))
    assert states[v2] == f"отменено аналитиком {date.today():%d.%m.%Y}: данные убраны со страниц мониторинга"
    assert states[v1] == "возвращено"
    # the comment of the form to correct, in full, above the tables (a table cell cut it: the tester, 07.12.2026)
    told = [w.value for w in himki.warning if "Комментарий аналитика" in w.value]
    assert told == [f"Сдача № {v1} (готовность ОО, I квартал 2024 г.): возвращено — сдайте исправленную форму. "
                    "Комментарий аналитика: "
                    "Проверьте численность"], told
    # the analyst's list of submissions to decide on has no rolled-back one
    assert v2 not in set(acceptance.submissions(round_db, "50", "2024-Q1")["load_id"])


def test_a_late_submission_is_said_to_be_late_before_it_is_sent_and_on_the_acceptance_list(round_db, tmp_path):
    """An independent tester's round (07.12.2026): a form sent two days after its campaign's deadline — the
    coordinator was not told at check time, and the analyst's acceptance item did not say it; only the tracker did."""
    from app import submission as sub
    from app import upload as up

    acceptance.open_campaign(round_db, "readiness", "50", "2024-Q1", date(2024, 4, 10), "ana")
    data, name, _n = tr.prefilled_form(round_db, "50", "Химки", "2024-Q1")
    staged = up.run_prepare(up.stage(name, filled(data, lambda i: (200 + i, 150 + i)), tmp_path))
    verdict = sub.judge(staged, ("Химки",), "50", round_db)
    days = (date.today() - date(2024, 4, 10)).days
    assert verdict.ok and verdict.message.endswith(f" Срок сдачи формы — 10.04.2024: она будет сдана "
                                                   f"{tr.late_text(date.today(), date(2024, 4, 10))}.")
    assert str(days) in verdict.message.replace("\xa0", "")
    sub.submit(staged, ("Химки",), "50", round_db, "himki")
    ana = sign_in("ana", "tracker.py")
    ana.selectbox(key="tracker_period").set_value("2024-Q1").run()
    item = next(m.value for m in ana.markdown if m.value.startswith("Файл «") and "Химки" in m.value)
    assert "с опозданием на" in item and "(срок — 10.04.2024)" in item
    # a form of a campaign whose deadline is ahead says nothing of it
    acceptance.open_campaign(round_db, "readiness", "50", "2024-Q1", date(2099, 4, 10), "ana")
    again = up.run_prepare(up.stage(name, filled(data, lambda i: (220 + i, 150 + i)), tmp_path / "2"))
    assert "Срок сдачи" not in sub.judge(again, ("Химки",), "50", round_db).message


def test_the_coordinator_is_told_what_they_can_do_and_the_chosen_period_is_used(round_db):
    # a column the form does not have, and no period anywhere in the file: the hints speak of the blank form (not
    # of the analyst's page or the command line), and the period chosen on the page is the form's
    period = "2024-Q1"
    himki = sign_in("himki", "my_forms.py")
    himki.selectbox(key="my_forms_period").set_value(period).run()
    data, _name, _n = tr.prefilled_form(round_db, "50", "Химки", period)
    wb = openpyxl.load_workbook(io.BytesIO(filled(data, lambda i: (200 + i, 150 + i))))
    ws = wb.worksheets[0]
    ws["A3"].value = None  # the period line of the title wiped
    col = ws.max_column + 1
    ws.cell(5, col).value = "Из них обучающихся с ОВЗ"
    for r in range(6, ws.max_row + 1):
        if ws.cell(r, 2).value:
            ws.cell(r, col).value = 3
    buf = io.BytesIO()
    wb.save(buf)
    upload(himki, "Готовность_Химки.xlsx", buf.getvalue())
    assert any("ошибки" in e.value or "не распознан" in e.value for e in himki.error), [e.value for e in himki.error]
    hints = " ".join(table_with(himki, "Подсказка")["Подсказка"])
    assert "бланке формы" in hints
    assert "Загрузка данных" not in hints and "--" not in hints and "python -m" not in hints
    from app import submission as sub

    data_report = sub.report(himki.session_state["my_forms_staged"])  # what «Скачать отчёт об ошибках» gives
    errors = openpyxl.load_workbook(io.BytesIO(data_report))["Ошибки"]
    heads = [c.value for c in errors[1]]
    col_hint = heads.index("Подсказка") + 1
    assert all(errors.cell(r, col_hint).value for r in range(2, errors.max_row + 1))
    # the column removed: the form goes in for the period chosen on the page
    ws.delete_cols(col)
    buf = io.BytesIO()
    wb.save(buf)
    upload(himki, "Готовность_Химки_2.xlsx", buf.getvalue())
    assert any("за I квартал 2024 г." in i.value for i in himki.info), [i.value for i in himki.info]


def test_a_refusal_reads_as_one_sentence():
    from app import submission as sub
    from app import upload as up
    from etl.model import Problem

    s = up.Staged(key="k", name="пустая.xlsx", path=Path("пустая.xlsx"), size=1)
    s.rejected = [Problem("пустая.xlsx", None, None, None, None, "no_data",
                          "В файле нет данных: все видимые листы пустые")]
    assert sub.judge(s, ("Химки",), "50", None).message == \
        "Файл не удалось прочитать: в файле нет данных: все видимые листы пустые"
    s.rejected = [Problem("x.xlsx", None, None, None, None, "xml_dtd", "XML-часть файла подозрительна")]
    assert sub.judge(s, ("Химки",), "50", None).message.endswith(": XML-часть файла подозрительна")


def test_the_campaign_dates_follow_the_chosen_period(round_db):
    from etl import periods

    ana = sign_in("ana", "tracker.py")
    for period in ("2024-Q1", "2023-Q4", "2023-Q3"):
        ana.selectbox(key="tracker_period").set_value(period).run()
        assert not ana.exception, [e.value for e in ana.exception]
        assert ana.date_input(key="campaign_deadline").value == periods.deadline_for(period)


def test_the_campaign_dates_of_a_form_with_a_campaign_are_its_own(round_db):
    """A tester's round (07.12.2026): choosing a form whose campaign was open showed the period's default deadline
    (and warned it had passed) — pressing the button to add a closing date would have moved the deadline back."""
    ana = sign_in("ana", "tracker.py")
    ana.selectbox(key="tracker_period").set_value("2024-Q1").run()
    ana.selectbox(key="campaign_kind").set_value("agreements").run()
    ana.date_input(key="campaign_deadline").set_value(date(2024, 4, 20)).run()
    ana.checkbox(key="campaign_lock_on").check().run()
    ana.date_input(key="campaign_lock").set_value(date(2024, 4, 30))
    ana.button(key="campaign_open").click().run()
    assert acceptance.campaigns(round_db, "50", "2024-Q1")["agreements"]["deadline"] == date(2024, 4, 20)
    ana.selectbox(key="campaign_kind").set_value("events").run()
    assert ana.date_input(key="campaign_deadline").value != date(2024, 4, 20)  # (no campaign: the default)
    ana.selectbox(key="campaign_kind").set_value("agreements").run()
    assert not ana.exception, [e.value for e in ana.exception]
    assert ana.date_input(key="campaign_deadline").value == date(2024, 4, 20)
    assert ana.checkbox(key="campaign_lock_on").value and ana.date_input(key="campaign_lock").value == date(2024, 4, 30)


def test_a_foreign_row_and_cell_errors_are_said_at_once(round_db, tmp_path):
    """A tester's round (06.12.2026): a form with another municipality's row hid its cell errors until the row was
    removed — two round trips. Both are said in one verdict, with the error report."""
    from app import submission as sub
    from app import upload as up

    data, name, _n = tr.prefilled_form(round_db, "50", "Королёв", "2024-Q1")
    mixed = openpyxl.load_workbook(io.BytesIO(filled(data, lambda i: (300, 200), bad_row=2)))
    mixed.worksheets[0].cell(6, 1).value = "Химки"
    buf = io.BytesIO()
    mixed.save(buf)
    staged = up.run_prepare(up.stage(name, buf.getvalue(), tmp_path))
    verdict = sub.judge(staged, ("Королёв",), "50", round_db)
    assert not verdict.ok and verdict.fix
    assert "других муниципалитетов: Химки" in verdict.message
    assert "исправьте и ошибки в 2 строках" in verdict.message  # (the foreign row is one of them)
    assert sub.report(staged)  # the error report is there to download


def test_a_coordinators_link_to_another_municipality_says_it_is_not_theirs(round_db):
    """(tester round t82, in a browser) As Химки's coordinator, a link «?mun=Королёв» said «Муниципалитета
    «Королёв» из ссылки в данных региона нет» — Королёв has data; it is not theirs."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params[F.K_MUN] = ["Королёв"]
    at.run()
    at.text_input(key="auth_login").set_value("himki")
    at.text_input(key="auth_password").set_value(PW["himki"])
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    warned = [w.value for w in at.sidebar.warning]
    assert "Муниципалитет «Королёв» из ссылки вам недоступен: показаны все ваши муниципалитеты" in warned, warned
    assert schools_on_overview(at) == schools_on_overview(sign_in("himki"))


def test_a_corrected_submission_names_the_accepted_version_it_will_replace(round_db, tmp_path):
    """(tester round t82, in a browser) After a submission was returned, the corrected one said «после приёмки будут
    заменены данные загрузки № 109» — the returned one, never on the pages; acceptance replaces the accepted one."""
    from app import submission as sub
    from app import upload as up

    period = "2023-Q4"  # Королёв's accepted readiness form of the small database
    (accepted,) = [r[0] for r in sql(round_db, "SELECT DISTINCT load_id FROM readiness WHERE region = '50' AND "
                                                "period = ? AND municipality = 'Королёв'", [period])]
    data, name, _n = tr.prefilled_form(round_db, "50", "Королёв", period)
    first = up.run_prepare(up.stage(name, filled(data, lambda i: (300 + i, 200 + i)), tmp_path / "1"))
    returned = sub.submit(first, ("Королёв",), "50", round_db, "korolev").load_id
    acceptance.decide(round_db, returned, "returned", "ana", "Проверьте численность")
    second = up.run_prepare(up.stage(name, filled(data, lambda i: (310 + i, 200 + i)), tmp_path / "2"))
    res = sub.submit(second, ("Королёв",), "50", round_db, "korolev")
    assert f"после приёмки будут заменены данные загрузки № {accepted}" in res.message, res.message
    assert f"№ {returned}" not in res.message
