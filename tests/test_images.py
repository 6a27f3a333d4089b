"""Chart images rendered by kaleido with the system Chromium: sizes, Cyrillic, Russian numbers and months,
title / filters / source on the image, one browser for many images, a ZIP with exactly the chosen charts."""
from __future__ import annotations

import io
import re
import threading
import warnings
import zipfile
from datetime import date

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image

import _report_fixtures as fx
from reports import bundle, images


def size_of(png: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(png)).size


def svg_text(svg: bytes) -> str:
    """All text of an SVG (plotly writes one <text> per label), with entities and tags removed."""
    s = svg.decode("utf-8")
    return re.sub(r"<[^>]+>", " ", s).replace("&nbsp;", "\u00a0").replace("&amp;", "&")


def test_default_png_is_1920x1080_at_scale_2_with_everything_on_it():
    spec = fx.bar()
    png = images.chart_image(spec, "png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert size_of(png) == (3840, 2160)
    assert images.server_running()  # the process keeps its one browser for the next image


@pytest.mark.parametrize("key", ["slide169", "slide43", "a4"])
def test_size_presets(key):
    s = images.SIZES[key]
    png = images.chart_image(fx.hbar(), "png", key)
    assert size_of(png) == (s.width * 2, s.height * 2)


def test_size_labels_are_russian():
    assert [s.label for s in images.SIZES.values()] == ["1920×1080 (по умолчанию)", "Слайд 16:9", "Слайд 4:3",
                                                      "A4 книжная"]


def test_svg_has_cyrillic_title_filters_source_and_russian_numbers():
    for spec in (fx.bar(), fx.hbar(), fx.stacked(), fx.pie(), fx.heatmap()):
        text = svg_text(images.chart_image(spec, "svg"))
        assert spec.title in text, spec.key
        assert spec.subtitle in text, spec.key
        assert spec.source in text, spec.key
        assert "Химки" in text or "ВУЗ" in text
    hbar = svg_text(images.chart_image(fx.hbar(), "svg"))
    assert "85,3" in hbar and "85.3" not in hbar  # decimal comma


def test_batch_keeps_order_and_formats():
    specs = fx.all_specs()
    svgs = images.chart_images(specs, "svg", "slide169")
    assert len(svgs) == len(specs)
    for spec, svg in zip(specs, svgs):
        assert svg.lstrip().startswith(b"<svg") and spec.title in svg_text(svg)


def test_russian_month_names_and_thousands_from_the_locale():
    fig = go.Figure(go.Scatter(x=[date(2023, 9, 1), date(2023, 10, 1), date(2023, 11, 1), date(2023, 12, 1)],
                               y=[10500, 12250, 13100, 15875]))
    fig.update_layout(separators=", ", xaxis=dict(tickformat="%B %Y"), yaxis=dict(tickformat=",d"))
    text = svg_text(images.render_figure(fig, "svg", 800, 400, 1))
    assert "сентябрь 2023" in text.lower() and "September" not in text
    assert re.search(r"12\s250", text) or re.search(r"1[0-9]\s[0-9]00", text)


def test_export_is_a_copy_page_figure_untouched():
    from app.charts import build_figure

    spec = fx.bar()
    page = build_figure(spec)
    before = page.to_json()
    exp = images.export_figure(spec)
    assert page.to_json() == before
    assert spec.title in exp.layout.title.text and exp.layout.width == 1920 and exp.layout.separators == ", "


def test_concurrent_exports_are_serialised_and_all_succeed():
    results, errors = [], []

    def work(spec):
        try:
            results.append(size_of(images.chart_image(spec, "png", "slide43", scale=1)))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s,)) for s in (fx.bar(), fx.line(), fx.pie(), fx.hbar())]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors and results == [(1024, 768)] * 4


def test_no_kopts_warning_while_the_server_runs():
    images.ensure_server()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        images.silence_kopts_warning()  # what importing reports.images and starting the server do
        pio.to_image(go.Figure(go.Bar(x=["а"], y=[1])), format="png", width=200, height=100)
        images.render_figure(go.Figure(go.Bar(x=["а"], y=[1])), "png", 200, 100, 1)
    assert not [w for w in caught if "kopts" in str(w.message)]


def test_zip_holds_exactly_the_chosen_charts():
    chosen = [fx.pie(), fx.bar(), fx.heatmap()]
    seen = []
    data = bundle.build_zip(chosen, "png", "slide43", scale=1, progress=lambda d, t: seen.append((d, t)))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names == ["01_Договоры_о_сетевом_взаимодействии_по_типам_партнёров_Московская_обл_III_кв_2023.png",
                         "02_Охвачено_профминимумом_обучающихся_6_11_классов_Московская_обл_III_кв_2023.png",
                         "03_Готовность_ОО_по_критериям_и_муниципалитетам_Московская_обл_III_кв_2023.png"]
        for n in names:
            assert size_of(zf.read(n)) == (1024, 768)
    assert seen[-1] == (3, 3)
    svg_zip = bundle.build_zip([fx.line()], "svg")
    with zipfile.ZipFile(io.BytesIO(svg_zip)) as zf:
        (name,) = zf.namelist()
        assert name == "01_Участники_мероприятий_по_периодам_Московская_обл_III_кв_2023.svg"
        assert fx.line().title in svg_text(zf.read(name))


def test_long_table_says_how_many_rows_the_image_shows():
    import pandas as pd

    spec = fx.table()
    n = 200
    spec.data = pd.DataFrame({"Муниципалитет": [f"Муниципалитет № {i}" for i in range(n)], "Школ": range(n)})
    fit = images.table_rows_fit(spec.data, 1920 - 60, 1080 - 190)
    assert 10 < fit < n
    text = svg_text(images.chart_image(spec, "svg"))
    assert f"На изображении первые {fit} строк из {n}" in text
    assert "Муниципалитет № 0" in text and f"Муниципалитет № {fit - 1}" in text
    assert f"Муниципалитет № {fit}<" not in images.chart_image(spec, "svg").decode()  # exactly the rows it says
    assert "На изображении первые" not in svg_text(images.chart_image(fx.table(), "svg"))


def test_a_long_bar_chart_image_names_its_fifteen_bars_and_says_what_it_shows():
    import pandas as pd

    spec = fx.hbar()
    names = [f"Муниципалитет {i:02d}" for i in range(60)]
    spec.data = pd.DataFrame({"municipality": names, "share": [0.5 + i / 200 for i in range(60)]})
    for key in ("fullhd", "slide43"):
        text = svg_text(images.chart_image(spec, "svg", key))
        assert all(n in text for n in names[:15]), key  # the 15 lowest shares, every one named
        assert not any(n in text for n in names[15:]), key
        assert "Показаны 15 наименьших значений из 60" in " ".join(text.split()), key


def test_the_source_line_starts_at_the_images_left_edge_beside_long_row_names():
    """(tester round t84) Rows named by texts too short to be wrapped made plotly widen the left margin by itself:
    the source line, placed from the margin computed here, started under the plot and ran off the right edge —
    «показаны 15 наибольших из 17; остальные 2» was lost."""
    import pandas as pd

    spec = fx.stacked()
    names = [f"Муниципальный классный час № {i} «Профессии острова»" for i in range(17)]
    spec.data = pd.DataFrame([(n, lvl, 10 + i) for i, n in enumerate(names) for lvl in ("базовый", "основной")],
                             columns=["municipality", "level", "schools"])
    spec.orientation = "h"
    svg = images.chart_image(spec, "svg", "fullhd").decode()
    at = svg.find("Источник:")
    x = float(re.findall(r'transform="translate\(([0-9.]+),[0-9.]+\)"', svg[:at])[-1])
    assert x <= images.EDGE + 5, x


def test_row_names_on_two_lines_get_two_lines_of_room():
    """(tester round t84) 17 events' long names, wrapped to two lines in the note's picture, were printed over each
    other: the font fits two lines into a row."""
    import pandas as pd

    spec = fx.stacked()
    names = [f"Муниципальный классный час № {i} «Профессии острова» для обучающихся 8–9 классов" for i in range(17)]
    spec.data = pd.DataFrame([(n, lvl, 10 + i) for i, n in enumerate(names) for lvl in ("базовый", "основной")],
                             columns=["municipality", "level", "schools"])
    spec.orientation = "h"
    fig = images.plain_figure(spec, 900, 500)
    assert all(t.count("<br>") == 1 for t in fig.layout.yaxis.ticktext)
    m = fig.layout.margin
    row = (500 - (m.t if m.t is not None else 80) - (m.b if m.b is not None else 80) - 40) / 17
    assert 2 * 1.2 * fig.layout.yaxis.tickfont.size <= row
