"""What a minister sees first, kept as pictures (test-artifacts/): the overview opened on a newer period that only
one municipality has sent, the tile maps of both regions, and the deck's slides as images. Each picture is taken
after checking what it must show."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlencode

import pytest

from app.filters import Filters
from etl import db as edb
from reports import images, pptx_deck
from tests import streamlit_harness as sh
from tests.conftest import _store
from tests.test_partial_period import readiness

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def demo_partial(tmp_path_factory):
    """The small demo (every municipality of both regions, 2023–2024) plus 2025-Q1 from one municipality."""
    from etl.demo_db import build_demo

    base = tmp_path_factory.mktemp("artifacts")
    dbp = base / "demo.duckdb"
    build_demo(dbp, scale=0.1)
    partial = base / "partial.duckdb"
    shutil.copy(dbp, partial)
    cols = readiness("2025-Q1", ["Химки"])
    cols["region"] = ["50"] * len(cols["region"])
    with edb.write_connection(partial) as con:
        _store(con, "readiness", "50", "2025-Q1", cols, "химки_2025.xlsx")
    return dbp, partial


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_overview_of_a_partial_newest_period_and_the_maps_of_both_regions(demo_partial):
    dbp, partial = demo_partial
    with sh.chromium() as browser, sh.serve(sh.local_env(partial)) as url:
        page = browser.new_page(viewport={"width": 1500, "height": 1200}, locale="ru-RU")
        page.goto(url + "/")
        sh.wait_ready(page, 90_000)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "IV квартал 2024 г." in main and "последний полностью сданный период" in main  # not the partial one
        _shot(page, "overview_default_complete_period")
        page.goto(url + "/?" + urlencode(Filters("50", "2025-Q1").query_params()))
        sh.wait_ready(page, 90_000)
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert "Данные неполные" in main and "сдали 1 из 56 муниципалитетов" in main, main[:1500]
        assert "Все муниципалитеты достигают" not in main
        _shot(page, "overview_partial_newest_period")
        for region in ("50", "65"):
            page.goto(url + "/?" + urlencode(Filters(region, None).query_params()))
            sh.wait_ready(page, 90_000)
            chart = page.locator('[data-testid="stPlotlyChart"]').first
            chart.scroll_into_view_if_needed()
            page.wait_for_timeout(500)
            n = chart.locator("g.textpoint").count()
            assert n == {"50": 56, "65": 18}[region]  # a labelled tile for every municipality
            ARTIFACTS.mkdir(exist_ok=True)
            chart.screenshot(path=str(ARTIFACTS / f"map_{region}.png"))


def test_the_deck_as_images(demo_partial):
    """Every slide's chart as the slide shows it (what a LibreOffice rendering of the deck would be compared with):
    bars limited to 15 with their note, small multiples for mixed scales, the map."""
    from app.charts import for_slide
    from app.specs import CHARTS, spec_for

    dbp, _ = demo_partial
    specs = [spec_for(c.key, Filters("50", "2024-Q4"), dbp) for c in CHARTS]
    deck = pptx_deck.build_deck(specs, region_name="Московская область", period_label="IV квартал 2024 г.",
                                template=False)
    out = ARTIFACTS / "deck"
    out.mkdir(parents=True, exist_ok=True)
    (out / "deck.pptx").write_bytes(deck)
    try:
        pngs = images.chart_images([for_slide(s) for s in specs], "png", "slide169", scale=1)
    finally:
        images.stop_server()
    for i, (spec, png) in enumerate(zip(specs, pngs), 1):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        (out / f"{i:02d}_{spec.key}.png").write_bytes(png)
    assert len(list(out.glob("*.png"))) >= len(specs)
