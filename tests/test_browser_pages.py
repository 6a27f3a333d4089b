"""The dashboard in a real browser: every page opens, charts render, no exception, a filter change works.

Starts `streamlit run dashboard.py` on a free port against the fixture database and drives Debian's
/usr/bin/chromium through Playwright. Screenshots go to test-artifacts/ (gitignored)."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import nav
from tests import streamlit_harness as sh

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
DASH_PAGES = [p for p in nav.PAGES if p.path in (
    "pages/overview.py", "pages/readiness.py", "pages/agreements.py", "pages/events.py", "pages/effectiveness.py",
    "pages/roadmap.py")]

pytestmark = pytest.mark.browser


def page_url(base: str, pdef) -> str:
    """The default (first) page lives at the root; Streamlit ignores its url_path."""
    return f"{base}/" if pdef is DASH_PAGES[0] else f"{base}/{pdef.url_path}"


@pytest.fixture(scope="module")
def browser():
    with sh.chromium() as b:
        yield b


def warm_up(browser, url: str) -> None:
    """Open the root once, so the first script run of the process (imports, the legacy `pages/` handling tested
    in test_first_request_after_start_to_a_deep_link) is not part of every page test."""
    page = open_page(browser, url + "/")
    page.close()


@pytest.fixture(scope="module")
def app_url(small_db, browser):
    with sh.serve(sh.local_env(small_db)) as url:
        warm_up(browser, url)
        yield url


@pytest.fixture(scope="module")
def empty_app_url(empty_db, browser):
    with sh.serve(sh.local_env(empty_db)) as url:
        warm_up(browser, url)
        yield url


def wait_ready(page, timeout: float = 30_000) -> None:
    sh.wait_ready(page, timeout)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="ru-RU")
    page.goto(url)
    wait_ready(page)
    return page


def shot(page, name: str) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main block, so the viewport grows to fit."""
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    h = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], "
                      "[data-testid=\"stMainBlockContainer\"]')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": int(min(max(h + 40, size["height"]), 7000))})
    page.wait_for_timeout(700)  # plotly charts re-layout to the new size
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def choose(page, label: str, option: str) -> None:
    """Pick an option of a sidebar selectbox by its label."""
    page.locator(f'[data-testid="stSidebar"] input[role="combobox"][aria-label="{label}"]').click()
    page.locator('[role="option"]').filter(has_text=option).first.click()
    wait_ready(page)


@pytest.mark.parametrize("pdef", DASH_PAGES, ids=[p.url_path for p in DASH_PAGES])
def test_every_page_renders_charts_without_exception(browser, app_url, pdef):
    page = open_page(browser, page_url(app_url, pdef))
    try:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
        main = page.locator('[data-testid="stMain"]')
        assert main.locator("h1").first.inner_text().strip() == pdef.title
        assert page.locator('[data-testid="stException"]').count() == 0
        charts = page.locator('[data-testid="stPlotlyChart"]')
        assert charts.count() >= 1
        # every chart is drawn (an svg with marks), none is a blank box
        for i in range(charts.count()):
            assert charts.nth(i).locator(".main-svg").count() >= 1
        text = main.inner_text()
        assert "Источник:" in text and "загрузк" in text
        # the sidebar carries the global filters
        sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
        assert "Регион" in sidebar and "Отчётный период" in sidebar
        shot(page, f"page_{pdef.url_path}")
    finally:
        page.close()


def test_filter_change_updates_the_view_and_the_url(browser, app_url):
    page = open_page(browser, f"{app_url}/readiness")
    try:
        assert "Московская область" in page.locator('[data-testid="stMain"]').inner_text()
        choose(page, "Регион", "Сахалинская область")
        main = page.locator('[data-testid="stMain"]')
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').innerText"
                               ".includes('Сахалинская область')", timeout=20_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "Южно-Сахалинск" in main.inner_text()
        assert "region=" in page.url
        shot(page, "filter_region_65")
        # the link reproduces the view in a fresh page
        again = open_page(browser, page.url)
        try:
            again.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
            assert "Сахалинская область" in again.locator('[data-testid="stMain"]').inner_text()
        finally:
            again.close()
        # the filters hold when switching pages
        page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Мероприятия").click()
        wait_ready(page)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText"
                               ".includes('Мероприятия')", timeout=20_000)
        assert "Сахалинская область" in page.locator('[data-testid="stMain"]').inner_text()
        assert page.locator('[data-testid="stException"]').count() == 0
        # a data page has its own choices, not the filters; they are still there on the way back
        page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="История загрузок").click()
        wait_ready(page)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText"
                               ".includes('История загрузок')", timeout=20_000)
        assert "Фильтры" not in page.locator('[data-testid="stSidebar"]').inner_text()
        page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Обзор").click()
        wait_ready(page)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText"
                               ".includes('Обзор')", timeout=20_000)
        assert "Сахалинская область" in page.locator('[data-testid="stMain"]').inner_text()
        assert "Фильтры" in page.locator('[data-testid="stSidebar"]').inner_text()
    finally:
        page.close()


def test_empty_database_shows_russian_messages(browser, empty_app_url):
    for pdef in DASH_PAGES:
        page = open_page(browser, page_url(empty_app_url, pdef))
        try:
            assert page.locator('[data-testid="stException"]').count() == 0
            text = page.locator('[data-testid="stMain"]').inner_text()
            assert "нет" in text.lower() or "не загружена" in text
            if pdef.url_path == "overview":
                shot(page, "empty_overview")
        finally:
            page.close()


def test_click_on_a_bar_drills_down_to_the_municipality(browser, app_url):
    page = open_page(browser, f"{app_url}/readiness")
    try:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
        drill = page.locator('input[role="combobox"][aria-label^="Муниципалитет (или"]')
        assert drill.input_value() == ""  # no school list until a municipality is asked for
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        # the first chart: schools by level; the third bar of the first level is Химки
        bar = page.locator('[data-testid="stPlotlyChart"]').first.locator("g.trace.bars").first.locator(
            "g.point").nth(2)
        box = bar.bounding_box()  # plotly's drag layer lies on top: click where the bar is drawn
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function(
            "() => document.querySelector('input[aria-label^=\"Муниципалитет (или\"]')?.value === 'Химки'",
            timeout=20_000)
        wait_ready(page)
        assert page.locator('[data-testid="stDataFrame"]').count() == 1  # the schools of Химки
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_click_on_a_map_tile_chooses_the_municipality_for_every_page(browser, app_url):
    page = open_page(browser, f"{app_url}/")
    try:
        chart = page.locator('[data-testid="stPlotlyChart"]').filter(has_text="Химки").first
        chart.wait_for(timeout=30_000)
        label = chart.locator("g.textpoint", has_text="Химки").first
        label.scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        box = label.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_function("() => decodeURIComponent(location.search).includes('Химки')", timeout=20_000)
        wait_ready(page)
        chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').inner_text()
        assert "Химки" in chips
        assert page.locator('[data-testid="stException"]').count() == 0
        page.locator('[data-testid="stSidebarNavLink"]', has_text="Мероприятия").click()
        wait_ready(page)
        head = page.locator('[data-testid="stMain"]').inner_text()[:200]
        assert "Мероприятия" in head and "Химки" in head, head  # the subtitle names the chosen municipality
    finally:
        page.close()


def test_opening_a_tab_draws_its_chart(browser, app_url):
    page = open_page(browser, f"{app_url}/readiness")
    try:
        page.get_by_role("tab", name="Критерии готовности").click()
        wait_ready(page)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg .heatmaplayer', timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert "tab_readiness=" in page.url  # the open tab is part of the link
        shot(page, "tab_criteria")
    finally:
        page.close()


@pytest.mark.parametrize("url_path, title", [("readiness", "Готовность ОО"), ("tracker", "Сдача форм")])
def test_first_request_after_start_to_a_deep_link(browser, small_db, url_path, title):
    """The first script run of a server still handles `pages/` the legacy way: the page must still come through
    dashboard.py — the Russian navigation (not the file names), the sidebar filters on a monitoring page — and
    without a «Page not found» dialog."""
    with sh.serve(sh.local_env(small_db)) as url:
        page = open_page(browser, f"{url}/{url_path}")
        try:
            page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText"
                                   f".includes('{title}')", timeout=30_000)
            assert page.locator('[role="dialog"]').count() == 0
            nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
            assert "Готовность ОО" in nav and "Сдача форм" in nav and "readiness" not in nav and "tracker" not in nav
            sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
            assert ("Отчётный период" in sidebar) == (url_path == "readiness")
            if url_path == "readiness":
                page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
            assert page.locator('[data-testid="stException"]').count() == 0
        finally:
            page.close()


def test_the_overviews_own_address_opens_it_without_page_not_found(browser, app_url):
    """The main page is served at the root, but a link or bookmark to «/overview» (its name in the menu's data and in
    older links) opens it too — with its filters and no «Страница не найдена» over it; the menu lists it once."""
    page = open_page(browser, app_url + "/overview")
    try:
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText"
                               ".includes('Обзор')", timeout=30_000)
        page.wait_for_timeout(1000)
        assert page.locator('[role="dialog"]').count() == 0
        assert "Отчётный период" in page.locator('[data-testid="stSidebar"]').inner_text()
        links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
        assert sum("Обзор" in x for x in links) == 1, links
    finally:
        page.close()


def test_streamlits_own_words_read_in_russian(browser, app_url):
    """A page that does not exist (a stale bookmark, a page of another role) opens the main page with Streamlit's
    notice, and every page has Streamlit's keyboard «skip» link: both read in Russian."""
    page = open_page(browser, app_url + "/no-such-page")
    try:
        page.wait_for_selector('[data-testid="stDialog"] h2', timeout=30_000)
        dialog = page.locator('[data-testid="stDialog"]')
        page.wait_for_function("() => document.querySelector('[data-testid=\"stDialog\"] h2')"
                               ".textContent === 'Страница не найдена'", timeout=10_000)
        text = dialog.inner_text()
        assert "Такой страницы нет или она недоступна для вашей роли" in text and "Page" not in text, text
        skip = page.locator('[data-testid="stSkipToContent"]')
        assert skip.count() == 0 or skip.inner_text().strip() == "Перейти к содержимому"
        assert "Обзор" in page.locator('[data-testid="stMain"] h1').first.inner_text()
    finally:
        page.close()


def test_a_key_figure_says_where_it_comes_from_and_gives_its_rows(browser, app_url, tmp_path):
    """«Откуда эта цифра?» on a card: the source line, a link to the form's page with the same filters, and the
    rows the figure is computed from, each with its file, sheet and row."""
    from openpyxl import load_workbook

    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="ru-RU", accept_downloads=True)
    try:
        page.goto(app_url + "/")
        wait_ready(page)
        card = page.locator('[data-testid="stVerticalBlockBorderWrapper"], [data-testid="stVerticalBlock"]').filter(
            has_text="Школ (ОО) в мониторинге").last
        card.get_by_role("button", name="Откуда эта цифра?").first.click()
        pop = page.locator('[data-testid="stPopoverBody"]')
        pop.wait_for(timeout=20_000)
        text = pop.inner_text()
        assert "Источник: форма «Готовность ОО», загрузк" in text and "данные за" in text, text
        with page.expect_download(timeout=60_000) as info:
            pop.get_by_role("button", name="Строки форм, из которых посчитана цифра (xlsx)").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        ws = load_workbook(path).active
        header = [c.value for c in ws[5]]
        assert {"Муниципалитет", "Школа", "Файл", "Лист", "Строка"} <= set(header), header
        shown = page.locator('[data-testid="stMetricValue"]').first.inner_text().replace("\u00a0", "").strip()
        assert ws.max_row - 5 == int(shown)  # one row per school counted on the card
        pop.get_by_role("link", name="Графики и таблицы этой формы").click()
        page.wait_for_function("() => location.pathname.endsWith('/readiness')", timeout=20_000)
        wait_ready(page)
        from urllib.parse import unquote_plus

        assert "region=Московская область" in unquote_plus(page.url) and "period=" in page.url
        assert "IV квартал 2023 г." in page.locator('[data-testid="stMain"]').inner_text()[:300]
    finally:
        page.close()


def test_a_school_year_in_the_period_selector(browser, app_url, small_db):
    """The minister picks «2023/24 учебный год»: the overview says what the figures are as of, counts the year's
    participants in events, and the link keeps the school year."""
    from app.fmt import fmt_int
    from conftest import sql

    page = open_page(browser, f"{app_url}/")
    try:
        choose(page, "Отчётный период", "2023/24 учебный год")
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').innerText"
                               ".includes('2023/24 учебный год (последний период — IV квартал 2023 г.)')",
                               timeout=20_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        year = sql(small_db, "select sum(students) + sum(parents) + sum(teachers) from event_participation "
                             "where region = '50'")[0][0]
        card = page.locator('[data-testid="stMetric"]').filter(has_text="Участия в мероприятиях").first
        assert fmt_int(year) in card.inner_text().replace("\u202f", "\u00a0")
        page.wait_for_function("() => decodeURIComponent(location.search.replace(/\\+/g, ' '))"
                               ".includes('period=2023/24')", timeout=20_000)  # the link keeps the school year
        shot(page, "overview_school_year")
    finally:
        page.close()
