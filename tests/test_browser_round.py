"""In a real browser, a round of the campaign: a municipal coordinator downloads the pre-filled form through the
page's button, fills it (the test writes the numbers), uploads it through the real file input and submits it; the
analyst, in another browser session, finds it on «Сдача форм» and accepts it; the coordinator sees it accepted."""
from __future__ import annotations

import io
import os
import shutil

import openpyxl
import pytest

from app import users as um
from etl import db
from tests import streamlit_harness as sh
from tests.conftest import sql
from tests.test_browser_russian import CHROME_TEXT, latin_words

pytestmark = pytest.mark.browser
PW = {"ana": "Пароль-аналитика-1", "himki": "Пароль-Химок-1"}


@pytest.fixture
def server(tmp_path, small_db):
    work = tmp_path / "db" / "m.duckdb"
    work.parent.mkdir()
    shutil.copyfile(small_db, work)
    db.ensure_schema(work)
    users = tmp_path / "secure" / "users.json"
    os.environ["MONITORING_BCRYPT_ROUNDS"] = "4"
    try:
        um.UserStore(users).add("ana", "Анна Аналитик", "analyst", PW["ana"])
        um.UserStore(users).add("himki", "Координатор Химок", "municipality", PW["himki"], ["г.о. Химки"])
    finally:
        os.environ.pop("MONITORING_BCRYPT_ROUNDS", None)
    env = {**os.environ, "MONITORING_BCRYPT_ROUNDS": "4", "MONITORING_DB": str(work), "MONITORING_USERS": str(users),
           "MONITORING_ARCHIVE": str(tmp_path / "archive")}
    with sh.serve(env, log=tmp_path / "server.log", start_timeout=90, stop_timeout=15) as url:
        yield url, tmp_path, work


def _ready(page, timeout=90_000):
    sh.wait_ready(page, timeout)
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]


def _sign_in(page, login: str) -> None:
    from playwright.sync_api import expect

    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль", exact=True).fill(PW[login])
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_text("Вы вошли как")).to_be_visible(timeout=60_000)
    _ready(page)


def _open(page, link: str, heading: str) -> None:
    from playwright.sync_api import expect

    page.locator('[data-testid="stSidebarNavLink"]', has_text=link).click()
    expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
    _ready(page)


def _fill(path) -> bytes:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    n = 0
    for i, r in enumerate(ws.iter_rows(min_row=6, max_row=ws.max_row)):
        if r[1].value:
            r[4].value, r[5].value, r[6].value, r[7].value = "Иванова И. И.", "да", 200 + i, 150 + i
            n += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), n


def test_a_coordinator_submits_and_the_analyst_accepts(server):
    from playwright.sync_api import expect

    url, tmp, work = server
    with sh.chromium() as browser:
        coord = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="ru-RU", accept_downloads=True)
        page = coord.new_page()
        page.goto(url + "/")
        _ready(page)
        _sign_in(page, "himki")
        _open(page, "Мои формы", "Мои формы")
        button = page.get_by_role("button", name="Скачать форму готовности «Химки»")
        expect(button).to_be_visible(timeout=60_000)
        # the coordinator's page speaks Russian too, its file uploader included
        assert not latin_words(page.evaluate(CHROME_TEXT)), sorted(latin_words(page.evaluate(CHROME_TEXT)))
        with page.expect_download() as dl:
            button.click()
        got = tmp / dl.value.suggested_filename
        dl.value.save_as(got)
        data, n = _fill(got)
        assert n > 0  # the schools of the last period were listed
        filled = tmp / got.name
        filled.write_bytes(data)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(filled))
        submit = page.get_by_role("button", name="Сдать на проверку")
        expect(submit).to_be_visible(timeout=90_000)
        _ready(page)
        submit.click()
        expect(page.get_by_text("Форма на проверке у аналитика региона")).to_be_visible(timeout=90_000)
        _ready(page)
        assert "на проверке" in page.inner_text('[data-testid="stMain"]')
        page.screenshot(path=str(tmp / "my_forms.png"), full_page=True)
        if os.environ.get("MONITORING_SCREENSHOT_DIR"):
            page.screenshot(path=os.path.join(os.environ["MONITORING_SCREENSHOT_DIR"], "my_forms.png"),
                            full_page=True)
        (load_id, state), = sql(work, "SELECT load_id, state FROM load_acceptance WHERE load_id IN "
                                      "(SELECT load_id FROM acceptance_log)")
        assert state == "pending"

        analyst = browser.new_context(viewport={"width": 1400, "height": 1100}, locale="ru-RU").new_page()
        analyst.goto(url + "/")
        _ready(analyst)
        _sign_in(analyst, "ana")
        _open(analyst, "Сдача форм", "Сдача форм")
        expect(analyst.get_by_text(f"№ {load_id} · готовность ОО · Химки · на проверке")).to_be_visible(
            timeout=60_000)
        analyst.get_by_role("button", name="Принять").click()
        expect(analyst.get_by_text("принято").first).to_be_visible(timeout=60_000)
        _ready(analyst)
        analyst.screenshot(path=str(tmp / "tracker.png"), full_page=True)
        assert sql(work, "SELECT state FROM load_acceptance WHERE load_id = ?", [load_id])[0][0] == "accepted"

        page.reload()
        _ready(page)
        expect(page.get_by_role("heading", name="Мои формы")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("Мои сдачи")).to_be_visible(timeout=60_000)
        _ready(page)
        table = page.locator('[data-testid="stDataFrame"]').last
        expect(table).to_be_visible()
        assert sql(work, "SELECT count(*) FROM readiness WHERE load_id = ?", [load_id])[0][0] == n
