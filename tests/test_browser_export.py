"""Downloads in a real browser: «PNG» under a chart gives a PNG of the chosen size; the «Экспорт» page
builds a PowerPoint deck and a ZIP that hold what was chosen.

Starts `streamlit run dashboard.py` on a free port against the fixture database (tests/conftest.py, written
through etl.db.store_load) and drives Debian's /usr/bin/chromium through Playwright."""
from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from pptx import Presentation

from tests import streamlit_harness as sh

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(small_db):
    with sh.serve(sh.local_env(small_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sh.chromium() as b:
        yield b


def wait_ready(page, timeout: float = 60_000) -> None:
    sh.wait_ready(page, timeout)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="ru-RU", accept_downloads=True)
    page.goto(url)
    wait_ready(page)
    return page


def test_png_download_under_a_chart(browser, app_url, tmp_path):
    page = open_page(browser, f"{app_url}/readiness")
    try:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        buttons = page.get_by_role("button", name="PNG", exact=True)
        assert buttons.count() >= 1
        assert page.get_by_role("button", name="SVG", exact=True).count() == buttons.count()
        with page.expect_download(timeout=120_000) as info:
            buttons.first.click()
        dl = info.value
        assert dl.suggested_filename.endswith(".png") and "Московская_обл" in dl.suggested_filename
        path = tmp_path / dl.suggested_filename
        dl.save_as(path)
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert Image.open(io.BytesIO(data)).size == (3840, 2160)  # 1920×1080 at scale 2

        # another size from the selector under the same chart
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Размер изображения").first
        box.get_by_role("combobox").click()
        page.get_by_role("option", name="Слайд 4:3").first.click()
        wait_ready(page)
        with page.expect_download(timeout=120_000) as info:
            page.get_by_role("button", name="PNG", exact=True).first.click()
        info.value.save_as(tmp_path / "43.png")
        assert Image.open(tmp_path / "43.png").size == (2048, 1536)
    finally:
        page.close()


def test_export_page_builds_deck_and_zip(browser, app_url, tmp_path):
    from app.specs import CHARTS

    page = open_page(browser, f"{app_url}/export")
    try:
        main = page.locator('[data-testid="stMain"]')
        assert main.locator("h1").first.inner_text().strip() == "Экспорт"
        assert page.locator('[data-testid="stException"]').count() == 0
        # keep only two charts
        page.get_by_role("button", name="Снять все").click()
        wait_ready(page)
        chosen = [CHARTS[1], CHARTS[4]]
        for c in chosen:
            main.locator('[data-testid="stCheckbox"]').filter(has_text=c.title).first.click()
            wait_ready(page)
        assert "Выбрано графиков: 2 из" in main.inner_text()

        page.get_by_role("button", name="Сформировать ZIP").click()
        wait_ready(page, 120_000)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Скачать ZIP").click()
        assert info.value.suggested_filename.startswith("Графики_PNG_Московская_обл_")
        info.value.save_as(tmp_path / "charts.zip")
        with zipfile.ZipFile(tmp_path / "charts.zip") as zf:
            names = zf.namelist()
            # one file per chosen chart, in order, named by its Russian title (Windows-safe)
            assert len(names) == 2 and [n[:3] for n in names] == ["01_", "02_"]
            for n, c in zip(names, chosen):
                assert n.endswith(".png") and n[3:].startswith(c.title.split()[0]) and "Московская_обл" in n

        page.get_by_role("button", name="Сформировать презентацию").click()
        wait_ready(page, 120_000)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Скачать PPTX").click()
        name = info.value.suggested_filename
        assert name.startswith("Мониторинг_профминимума_Московская_обл_") and name.endswith("_г.pptx") is False, name
        info.value.save_as(tmp_path / "deck.pptx")
        prs = Presentation(str(tmp_path / "deck.pptx"))
        assert len(prs.slides) == len(chosen) + 2
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_export_page_builds_the_note_as_pdf_for_a_school_year(browser, app_url, tmp_path):
    import re
    import subprocess

    page = open_page(browser, f"{app_url}/export")
    try:
        main = page.locator('[data-testid="stMain"]')
        main.locator('[data-testid="stSelectbox"]').filter(has_text="Отчётный период").click()
        page.get_by_role("option", name="2023/24 учебный год").click()
        wait_ready(page)
        page.get_by_role("button", name="Снять все").click()
        wait_ready(page)
        main.locator('[data-testid="stCheckbox"]').filter(has_text="Участия по муниципалитетам").first.click()
        wait_ready(page)
        main.locator('[data-testid="stRadio"]').filter(has_text="Word (DOCX)").get_by_text("PDF").click()
        wait_ready(page)
        page.get_by_role("button", name="Сформировать справку").click()
        wait_ready(page, 180_000)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Скачать PDF").click()
        assert info.value.suggested_filename.startswith("Аналитическая_справка_Московская_обл_")
        assert info.value.suggested_filename.endswith(".pdf")
        info.value.save_as(tmp_path / "note.pdf")
        text = re.sub(r"[\s\u00a0]+", " ", subprocess.run(["pdftotext", str(tmp_path / "note.pdf"), "-"],
                                                           capture_output=True, text=True, check=True).stdout)
        assert "Отчётный период: 2023/24 учебный год" in text and "6. Предлагаемые решения" in text
        assert "Участия в мероприятиях по муниципалитетам" in text
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        page.close()


def test_export_page_switches_region(browser, app_url):
    page = open_page(browser, f"{app_url}/export")
    try:
        main = page.locator('[data-testid="stMain"]')
        box = main.locator('[data-testid="stSelectbox"]').filter(has_text="Регион").first
        box.get_by_role("combobox").click()
        page.get_by_role("option", name="Сахалинская область").first.click()
        wait_ready(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        text = main.inner_text()
        assert "Сахалинская область ·" in text and "полугодие" in text  # its own cadence and period
    finally:
        page.close()
