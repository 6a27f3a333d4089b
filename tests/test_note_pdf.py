"""The analytical note as PDF (issue «Effectiveness as ministries measure it»), read back as a user's PDF viewer
would: poppler's pdftotext finds the Russian text and the figures «Обзор» shows, every page is A4 and numbered
«Страница N из M», the fonts are embedded, a long table repeats its header on each page, the pages as images are
not blank, and text from a file stays text (no link)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import _report_fixtures as fx
from app import kpi
from app.filters import Filters
from reports import collect, images, note_pdf
from test_docx import make_data

pytestmark = pytest.mark.skipif(not (Path("/usr/bin/chromium").exists() and shutil.which("pdftotext")),
                                reason="needs Debian's chromium and poppler-utils (make system-deps)")


def _run(*cmd) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120).stdout


def _flat(text: str) -> str:
    """Text with every kind of space as one space (pdftotext keeps no-break spaces and breaks lines)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def _pages(path: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(path))).group(1))


@pytest.fixture(scope="module")
def demo_pdf(small_db, tmp_path_factory):
    f = Filters("50", "2023-Q4")
    data = collect.collect(f, ["overview_map", "readiness_levels", "events_per100"], small_db)
    path = tmp_path_factory.mktemp("pdf") / "note.pdf"
    try:
        path.write_bytes(note_pdf.build_pdf(data))
    finally:
        images.stop_server()
    return path, kpi.key_figures(f, small_db)


def test_the_pdf_holds_the_russian_text_and_the_overview_figures(demo_pdf):
    path, cards = demo_pdf
    text = _flat(_run("pdftotext", str(path), "-"))
    for must in ("Аналитическая справка", "Регион: Московская область", "Отчётный период: IV квартал 2023 г.",
                 "1. Цели и целевые значения", "2. Основные показатели", "3. Результаты мониторинга", "4. Анализ",
                 "5. Рекомендации по отстающим муниципалитетам", "6. Предлагаемые решения",
                 "7. Источники данных", "Рисунок 1. Карта муниципалитетов"):
        assert must in text, must
    for card in cards:  # the numbers «Обзор» shows, as it shows them
        assert _flat(f"{card.label}: {card.text}") in text, card.label
        if card.delta_text:
            assert _flat(card.delta_text) in text, card.delta_text


def test_every_page_is_a4_numbered_with_embedded_fonts_and_not_blank(demo_pdf, tmp_path):
    path, _ = demo_pdf
    info = _run("pdfinfo", str(path))
    assert "(A4)" in info
    n = _pages(path)
    for i in range(1, n + 1):
        assert f"Страница {i} из {n}" in _flat(_run("pdftotext", "-f", str(i), "-l", str(i), str(path), "-"))
    fonts = _run("pdffonts", str(path)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # the «emb» column
    _run("pdftoppm", "-r", "40", "-png", "-f", "1", "-l", str(n), str(path), str(tmp_path / "p"))
    from PIL import Image

    for png in sorted(tmp_path.glob("p-*.png")):
        im = Image.open(png).convert("L")
        assert abs(im.width / im.height - 210 / 297) < 0.01
        dark = sum(1 for v in im.getdata() if v < 200)
        assert dark > 0.01 * im.width * im.height, f"{png.name} is nearly blank"
    # the first chart is drawn in colour (the map's tiles), not left empty
    colours = Image.open(sorted(tmp_path.glob("p-*.png"))[0]).convert("RGB").getcolors(1 << 20)
    assert len(colours) > 50


def test_a_long_table_repeats_its_header_and_file_text_stays_text(tmp_path):
    names = ['<a href="http://example.com">ссылка</a>', '=HYPERLINK("http://example.com")'] + [
        f"Муниципалитет № {i}" for i in range(150)]
    lag = pd.DataFrame({"Муниципалитет": names, "Доля охвата": [0.5] * len(names)})
    data = make_data(specs=[fx.bar()], lagging=lag)
    path = tmp_path / "note.pdf"
    try:
        path.write_bytes(note_pdf.build_pdf(data))
    finally:
        images.stop_server()
    n = _pages(path)
    with_rows = [i for i in range(1, n + 1)
                 if "Муниципалитет № " in _run("pdftotext", "-f", str(i), "-l", str(i), str(path), "-")]
    assert len(with_rows) >= 3  # the table runs over several pages
    for i in with_rows:
        page = _flat(_run("pdftotext", "-f", str(i), "-l", str(i), str(path), "-"))
        assert "Муниципалитет Доля охвата" in page, i  # the header again on every page of the table
    text = _flat(_run("pdftotext", str(path), "-"))
    assert '<a href="http://example.com">ссылка</a>' in text and '=HYPERLINK("http://example.com")' in text
    assert b"/URI" not in path.read_bytes()  # no link in the file
