"""In a real browser: an analyst signs in, uploads a workbook through the real file input, confirms, and sees
the new figures on «Обзор». Visitors who are not signed in get the login form on any URL."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import _upload_fixtures as fx
from app import users as um
from tests import streamlit_harness as sh

pytestmark = pytest.mark.browser
NBSP = "\u00a0"


@pytest.fixture
def server(tmp_path):
    env = {**os.environ, "MONITORING_BCRYPT_ROUNDS": "4"}
    users = tmp_path / "secure" / "users.json"
    os.environ["MONITORING_BCRYPT_ROUNDS"] = "4"
    try:
        um.UserStore(users).add("ana", "Анна Аналитик", "analyst", "Пароль-аналитика-1")
        um.UserStore(users).add("boss", "Министр", "viewer", "Пароль-министра-1")
    finally:
        os.environ.pop("MONITORING_BCRYPT_ROUNDS", None)
    env.update(MONITORING_DB=str(tmp_path / "db" / "m.duckdb"), MONITORING_USERS=str(users))
    with sh.serve(env, log=tmp_path / "server.log", start_timeout=90, stop_timeout=15) as url:
        yield url, tmp_path


def _ready(page, timeout=90_000):
    sh.wait_ready(page, timeout)
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]


def _sign_in(page, login: str, password: str) -> None:
    from playwright.sync_api import expect

    page.get_by_label("Логин").fill(login)
    page.get_by_label("Пароль", exact=True).fill(password)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_text("Вы вошли как")).to_be_visible(timeout=60_000)
    _ready(page)


def _main_text(page) -> str:
    return page.inner_text('[data-testid="stMain"]')


def _uploader_speaks_russian(page) -> None:
    """The drop zone's own English («Upload», «200MB per file • XLSX…») is hidden and Russian is shown instead."""
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    seen = zone.evaluate("""z => {
        const shown = e => e && getComputedStyle(e).display !== 'none';
        const label = z.querySelector('button [data-testid="stMarkdownContainer"]');
        const hint = z.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] > div');
        return {
            english_label: shown(label), english_hint: shown(hint.querySelector('span')),
            button: getComputedStyle(z.querySelector('button span[data-has-shortcut]'), '::after').content,
            hint: getComputedStyle(hint, '::after').content,
        };
    }""")
    assert not seen["english_label"] and not seen["english_hint"], seen
    assert seen["button"] == '"Выбрать файлы"', seen
    # the browser's own refusal of a too big file (a tooltip on the red chip) reads in Russian too
    refusal = page.evaluate("""() => {
        const d = document.createElement('div');
        d.setAttribute('data-testid', 'stTooltipErrorContent');
        d.textContent = 'File must be 200.0MB or smaller.';
        document.body.appendChild(d);
        const r = [getComputedStyle(d).fontSize, getComputedStyle(d, '::after').content];
        d.remove();
        return r;
    }""")
    assert refusal[0] == "0px" and refusal[1].startswith('"Файл не принят: он больше 50,0'), refusal
    # and what a screen reader says of that chip (Streamlit's chip: its label, the remove button, an alert)
    page.evaluate("""() => {
        const c = document.createElement('div');
        c.setAttribute('data-testid', 'stFileChip'); c.setAttribute('aria-label', 'большой.xlsx, 55.0MB');
        c.innerHTML = '<button aria-label="Remove большой.xlsx"></button>' +
                      '<span role="alert">Error: File must be 50.0MB or smaller.</span>';
        c.id = 'chip-probe'; document.body.appendChild(c);
    }""")
    page.wait_for_timeout(300)
    said = page.evaluate("""() => {
        const c = document.getElementById('chip-probe');
        const r = [c.getAttribute('aria-label'), c.querySelector('button').getAttribute('aria-label'),
                   c.querySelector('[role=alert]').textContent];
        c.remove();
        return r;
    }""")
    assert said == [f"большой.xlsx, 55,0{NBSP}МБ", "Убрать из списка: большой.xlsx",
                    f"Файл не принят: он больше 50,0{NBSP}МБ. Удалите его из списка крестиком"], said
    assert "Перетащите файлы сюда" in seen["hint"] and f"50,0{NBSP}МБ" in seen["hint"] and "XLSX" in seen["hint"], seen


def test_analyst_uploads_confirms_and_sees_new_figures_on_overview(server):
    from playwright.sync_api import expect

    url, tmp = server
    rows = [("Химки", f"СОШ № {i + 1}", "базовый", "да", 200 + i, 150 + i) for i in range(7)]
    book = fx.readiness_xlsx(tmp / "in" / "химки_готовность.xlsx", rows)
    covered = sum(r[5] for r in rows)  # 1 071
    with sh.chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1100}, locale="ru-RU")
        page.goto(url + "/")
        _ready(page)
        expect(page.get_by_text("Вход в панель мониторинга профминимума")).to_be_visible()
        _sign_in(page, "ana", "Пароль-аналитика-1")
        assert "данных мониторинга нет" in _main_text(page)  # empty database: nothing on «Обзор» yet

        page.locator('[data-testid="stSidebarNavLink"]', has_text="Загрузка данных").click()
        expect(page.get_by_role("heading", name="Загрузка данных")).to_be_visible(timeout=60_000)
        _ready(page)
        _uploader_speaks_russian(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(book))
        expect(page.get_by_text("Ошибок не найдено: файл можно загружать")).to_be_visible(timeout=90_000)
        _ready(page)
        text = _main_text(page)
        assert "готовность ОО" in text and "III квартал 2023 г." in text and "Московская область" in text
        page.screenshot(path=str(tmp / "upload.png"), full_page=True)
        if os.environ.get("MONITORING_SCREENSHOT_DIR"):
            page.screenshot(path=str(Path(os.environ["MONITORING_SCREENSHOT_DIR"]) / "upload.png"),
                            full_page=True)

        page.get_by_role("button", name="Загрузить", exact=True).click()
        expect(page.get_by_text("Загружено 7 строк")).to_be_visible(timeout=90_000)
        _ready(page)

        page.locator('[data-testid="stSidebarNavLink"]', has_text="Обзор").click()
        card = page.locator('[data-testid="stMetric"]', has_text="Школ (ОО) в мониторинге")
        expect(card).to_be_visible(timeout=90_000)
        _ready(page)
        assert page.locator('[data-testid="stMetricValue"]').first.inner_text().strip() == "7"
        covered_card = page.locator('[data-testid="stMetric"]', has_text="Охвачено обучающихся")
        assert covered_card.locator('[data-testid="stMetricValue"]').inner_text().replace(NBSP, " ").strip() \
            == f"{covered // 1000} {covered % 1000:03d}"

        # History shows who loaded it
        page.locator('[data-testid="stSidebarNavLink"]', has_text="История загрузок").click()
        expect(page.get_by_role("heading", name="История загрузок")).to_be_visible(timeout=60_000)
        _ready(page)

        # A visitor who is not signed in gets the login form on any URL
        anon = browser.new_context()
        other = anon.new_page()
        for path in ("/upload", "/history", "/overview"):
            other.goto(url + path)
            _ready(other)
            assert "Вход в панель мониторинга профминимума" in _main_text(other), path
            assert other.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0
        anon.close()

        # A viewer (leadership) sees the new figures but no upload, history or users — not in the menu and
        # not by URL (a typed URL opens a new session: the viewer signs in right there)
        for path in ("/", "/upload", "/users"):
            ctx = browser.new_context()
            viewer = ctx.new_page()
            viewer.goto(url + path)
            _ready(viewer)
            _sign_in(viewer, "boss", "Пароль-министра-1")
            links = viewer.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
            assert any("Обзор" in t for t in links), path
            assert not [t for t in links if any(w in t for w in ("Загрузка", "История", "Сдача",
                                                                 "Пользователи"))], path
            assert viewer.locator('[data-testid="stFileUploaderDropzoneInput"]').count() == 0, path
            text = _main_text(viewer)
            assert "Загрузка данных" not in text.splitlines()[:1] and "Пользователи" not in text.splitlines()[:1]
            if path == "/":
                viewer.screenshot(path=str(tmp / "viewer.png"))
                if os.environ.get("MONITORING_SCREENSHOT_DIR"):
                    viewer.screenshot(path=str(Path(os.environ["MONITORING_SCREENSHOT_DIR"]) / "viewer.png"))
            else:
                viewer.screenshot(path=str(tmp / f"viewer_{path.strip('/')}.png"))
                if os.environ.get("MONITORING_SCREENSHOT_DIR"):
                    viewer.screenshot(path=str(Path(os.environ["MONITORING_SCREENSHOT_DIR"])
                                               / f"viewer_{path.strip('/')}.png"))
            ctx.close()


def test_a_reload_keeps_the_user_signed_in_until_sign_out(server):
    """The signed token is kept in a cookie (SameSite=Strict, renewed with activity): reloading the page does
    not ask for the password again; signing out forgets it in the browser too."""
    from playwright.sync_api import expect

    url, tmp = server
    os.environ["MONITORING_BCRYPT_ROUNDS"] = "4"
    try:  # a Cyrillic login: the cookie carries it percent-encoded
        um.UserStore(tmp / "secure" / "users.json").add("иванова", "Иванова И. И.", "viewer", "Пароль-ивановой-1")
    finally:
        os.environ.pop("MONITORING_BCRYPT_ROUNDS", None)
    with sh.chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        page.goto(url + "/")
        _ready(page)
        _sign_in(page, "иванова", "Пароль-ивановой-1")
        cookie = next(c for c in page.context.cookies() if c["name"] == "monitoring_session")
        assert cookie["value"].startswith("%D0%B8") and cookie["sameSite"] == "Strict"
        page.reload()
        _ready(page)
        expect(page.get_by_text("Вы вошли как")).to_be_visible(timeout=60_000)
        assert page.get_by_text("Вход в панель мониторинга профминимума").count() == 0
        page.get_by_role("button", name="Выйти").click()
        expect(page.get_by_text("Вход в панель мониторинга профминимума")).to_be_visible(timeout=60_000)
        _ready(page)
        page.wait_for_function("() => !document.cookie.includes('monitoring_session=%D0')", timeout=20_000)
        page.reload()
        _ready(page)
        expect(page.get_by_text("Вход в панель мониторинга профминимума")).to_be_visible(timeout=60_000)
        # a forged cookie is not taken
        page.context.add_cookies([{"name": "monitoring_session", "value": "root|1|1|" + "0" * 64,
                                   "url": url + "/"}])
        page.reload()
        _ready(page)
        expect(page.get_by_text("Вход в панель мониторинга профминимума")).to_be_visible(timeout=60_000)


def _session_ids(page) -> list[str]:
    """Streamlit session ids the server announced to this page over its websocket (NewSession messages)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    seen: list[str] = []

    def on_frame(payload):
        if isinstance(payload, (bytes, bytearray)):
            msg = ForwardMsg()
            try:
                msg.ParseFromString(bytes(payload))
            except Exception:  # noqa: BLE001 - not a ForwardMsg
                return
            if msg.WhichOneof("type") == "new_session":
                sid = msg.new_session.initialize.session_id
                if sid and sid not in seen:
                    seen.append(sid)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return seen


_PUT = """async ([sid, size]) => {
    const xsrf = (document.cookie.split('; ').find(c => c.startsWith('_streamlit_xsrf=')) || '').slice(16);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(size)]), 'bomb.xlsx');
    const r = await fetch('/_stcore/upload_file/' + sid + '/f' + Math.random(),
                          {method: 'PUT', body: form, headers: {'X-Xsrftoken': xsrf}, credentials: 'same-origin'});
    return r.status;
}"""


def test_uploads_over_http_are_refused_to_a_session_that_is_not_signed_in_as_an_analyst(server):
    """The upload endpoint itself (a PUT any page script can send with its own session id and XSRF cookie):
    refused before sign-in and for a viewer, taken for an analyst, and an analyst's session cannot stage more than
    its limit."""
    url, tmp = server
    with sh.chromium() as browser:
        def session(who: tuple[str, str] | None):
            """A fresh browser session, signed in as `who` (or not), and its Streamlit session id."""
            page = browser.new_context().new_page()
            ids = _session_ids(page)
            page.goto(url + "/")
            _ready(page)
            if who:
                _sign_in(page, *who)
            assert ids, "no session id seen"
            return page, ids[-1]

        anon, sid = session(None)
        assert anon.evaluate(_PUT, [sid, 1024]) == 403
        viewer, sid = session(("boss", "Пароль-министра-1"))
        assert viewer.evaluate(_PUT, [sid, 1024]) == 403
        ana, sid = session(("ana", "Пароль-аналитика-1"))
        assert ana.evaluate(_PUT, [sid, 1024]) == 204
        # an unknown session id is refused too
        assert ana.evaluate(_PUT, ["00000000-0000-0000-0000-000000000000", 1024]) != 204
    log = (tmp / "server.log").read_text(errors="replace")
    assert log.count("upload refused") == 2 and "Traceback" not in log, log[-3000:]


def test_an_analysts_session_cannot_stage_more_than_its_limit_over_http(tmp_path):
    os.environ["MONITORING_BCRYPT_ROUNDS"] = "4"
    users = tmp_path / "secure" / "users.json"
    try:
        um.UserStore(users).add("ana", "Анна Аналитик", "analyst", "Пароль-аналитика-1")
    finally:
        os.environ.pop("MONITORING_BCRYPT_ROUNDS", None)
    env = {**os.environ, "MONITORING_DB": str(tmp_path / "db" / "m.duckdb"), "MONITORING_USERS": str(users),
           "MONITORING_MAX_STAGED_MB": "3"}
    with sh.serve(env, log=tmp_path / "server.log", start_timeout=90) as url, sh.chromium() as browser:
        ana = browser.new_page()
        ids = _session_ids(ana)
        ana.goto(url + "/")
        _ready(ana)
        _sign_in(ana, "ana", "Пароль-аналитика-1")
        mb = 1024 * 1024
        assert [ana.evaluate(_PUT, [ids[-1], mb]) for _ in range(4)] == [204, 204, 204, 403]
    assert "Слишком много файлов ждут проверки" in (tmp_path / "server.log").read_text(errors="replace")
