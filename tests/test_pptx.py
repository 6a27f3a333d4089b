"""The PowerPoint deck: opens in python-pptx, one slide per chart, native charts carry the page's numbers."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

import _report_fixtures as fx
from app.charts import series_table
from reports import pptx_deck


class KF:  # the KeyFigure fields the closing slide reads (app.kpi.KeyFigure has the same names)
    def __init__(self, label, text, delta_text=""):
        self.key, self.label, self.text, self.delta_text = label, label, text, delta_text
        self.value = self.denominator = self.delta = None


FIGS = [KF("ОО, готовых к профминимуму", "1 248", "+12 ОО к II кварталу 2023 г."),
        KF("Охват обучающихся 6–11 классов", "85,3 %", "+3,1 п. п."),
        KF("Договоры о сетевом взаимодействии", "692", "")]


def all_text(slide) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def charts(slide):
    return [sh.chart for sh in slide.shapes if sh.has_chart]


def build(specs, **kw):
    data = pptx_deck.build_deck(specs, region_name="Московская область", period_label="III квартал 2023 г.",
                                key_figures=FIGS, created=date(2023, 10, 2), template=False, **kw)
    return Presentation(io.BytesIO(data))


def test_native_deck_structure_and_russian_text():
    specs = fx.native_specs()
    prs = build(specs)
    slides = list(prs.slides)
    assert len(slides) == 1 + len(specs) + 1  # title, one per chart, key figures
    title = all_text(slides[0])
    assert "Московская область" in title and "III квартал 2023 г." in title and "02.10.2023" in title
    for slide, spec in zip(slides[1:-1], specs):
        text = all_text(slide)
        assert spec.title in text and spec.subtitle in text and spec.source in text
        assert len(charts(slide)) == 1
    closing = all_text(slides[-1])
    assert "Ключевые показатели" in closing and "1 248" in closing and "+3,1 п. п." in closing
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9


@pytest.mark.parametrize("maker,chart_type", [
    (fx.bar, XL_CHART_TYPE.COLUMN_CLUSTERED), (fx.hbar, XL_CHART_TYPE.BAR_CLUSTERED),
    (fx.stacked, XL_CHART_TYPE.COLUMN_STACKED), (fx.line, XL_CHART_TYPE.LINE_MARKERS), (fx.pie, XL_CHART_TYPE.PIE)])
def test_native_chart_data_equals_series_table(maker, chart_type):
    spec = maker()
    prs = build([spec])
    (chart,) = charts(list(prs.slides)[1])
    assert chart.chart_type == chart_type
    cats, series = series_table(spec)
    plot = chart.plots[0]
    assert list(plot.categories) == [str(c) for c in cats]
    got = [(s.name, list(s.values)) for s in plot.series]
    assert got == [(name, [float(v) for v in vals]) for name, vals in series]


def test_number_formats_and_series_names():
    prs = build([fx.hbar(), fx.bar(), fx.stacked()])
    hbar, bar, stacked = (charts(s)[0] for s in list(prs.slides)[1:4])
    assert hbar.value_axis.tick_labels.number_format == "0.0%"  # shares shown as percent
    assert bar.value_axis.tick_labels.number_format == "#,##0.0"  # 1 234,5 in a Russian PowerPoint
    assert [s.name for s in stacked.plots[0].series] == ["базовый", "основной", "продвинутый"]
    assert stacked.has_legend


def test_image_kinds_become_pictures():
    specs = [fx.bar(), fx.heatmap(), fx.table()]
    prs = build(specs)
    slides = list(prs.slides)
    assert len(charts(slides[1])) == 1
    for s in slides[2:4]:
        pics = [sh for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pics) == 1 and not charts(s)
        from PIL import Image
        img = Image.open(io.BytesIO(pics[0].image.blob))
        assert img.width == 2 * pptx_deck.IMAGE_PX_WIDTH  # high resolution: scale 2
    assert sum(len(charts(s)) for s in slides) == 1


def test_template_master_is_used(tmp_path, monkeypatch):
    # A "ministry" template: 4:3 with a renamed master layout and an example slide that must not be kept.
    tpl = Presentation()
    tpl.slide_layouts[0].name = "Title Slide"
    ex = tpl.slides.add_slide(tpl.slide_layouts[1])
    ex.shapes.title.text = "Пример слайда шаблона"
    path = tmp_path / "министерство.pptx"
    tpl.save(path)
    monkeypatch.setenv("MONITORING_PPTX_TEMPLATE", str(path))
    assert pptx_deck.template_path() == path
    data = pptx_deck.build_deck([fx.bar(), fx.pie()], region_name="Сахалинская область",
                                period_label="2-е полугодие 2023 г.", key_figures=FIGS)
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    assert len(slides) == 4
    assert prs.slide_width == tpl.slide_width  # the template's size and master
    assert slides[0].slide_layout.name == "Title Slide"
    assert all("Пример слайда шаблона" not in all_text(s) for s in slides)
    assert slides[1].shapes.title.text == fx.bar().title
    assert sum(len(charts(s)) for s in slides) == 2


def test_empty_spec_gets_a_message_not_a_broken_chart():
    spec = fx.bar()
    spec.data = spec.data.iloc[0:0]
    prs = build([spec])
    slide = list(prs.slides)[1]
    assert "Нет данных" in all_text(slide)


def test_horizontal_stacked_is_a_bar_chart_with_first_category_on_top():
    spec = fx.stacked()
    spec.orientation = "h"
    (chart,) = charts(list(build([spec]).slides)[1])
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert chart.category_axis.reverse_order  # as on the page: first municipality on top


def test_every_shape_fits_on_its_slide():
    prs = build(fx.all_specs())
    for n, slide in enumerate(prs.slides):
        for sh in slide.shapes:
            assert sh.left >= 0 and sh.top >= 0, (n, sh.name)
            assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height, (n, sh.name)


def test_long_bar_chart_names_every_category():
    import pandas as pd
    from pptx.oxml.ns import qn

    spec = fx.hbar()
    spec.data = pd.DataFrame({"municipality": [f"Муниципалитет {i}" for i in range(60)],
                              "share": [0.5 + i / 200 for i in range(60)]})
    (chart,) = charts(list(build([spec]).slides)[1])
    ax = chart.category_axis._element
    skip = ax.find(qn("c:tickLblSkip"))
    assert skip is not None and skip.get("val") == "1"
    tags = [c.tag.split("}")[1] for c in ax]
    assert tags.index("tickLblSkip") > tags.index("lblOffset")  # schema order, or PowerPoint repairs the file
    assert len(list(chart.plots[0].categories)) == 60


def test_every_product_chart_goes_into_the_deck_and_the_zip(small_db):
    """All charts of all pages from a real database: the deck has a slide each, native charts carry the
    spec's numbers, the rest are pictures; the ZIP has one image each."""
    import zipfile

    from app.filters import Filters
    from app.specs import CHARTS, spec_for
    from reports import bundle

    specs = [spec_for(c.key, Filters("50", None), small_db) for c in CHARTS]
    prs = build(specs)
    slides = list(prs.slides)[1:-1]
    assert len(slides) == len(specs)
    for slide, spec in zip(slides, specs):
        assert spec.title in all_text(slide)
        found = charts(slide)
        pics = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if pptx_deck.is_native(spec):
            cats, series = series_table(spec)
            assert len(found) == 1 and not pics, spec.key
            assert list(found[0].plots[0].categories) == [str(c) for c in cats]
            assert [list(s.values) for s in found[0].plots[0].series] == [
                [None if v is None else float(v) for v in vals] for _, vals in series]
        elif not spec.empty:
            assert len(pics) == 1 and not found, spec.key
    data = bundle.build_zip(specs, "png", "slide43", scale=1)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert len(zf.namelist()) == len(specs)
