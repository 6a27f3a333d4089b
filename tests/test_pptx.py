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
    assert len(slides) == 1 + 1 + len(specs)  # title, key figures right after it, one per chart
    title = all_text(slides[0])
    assert "Московская область" in title and "III квартал 2023 г." in title and "02.10.2023" in title
    figures = all_text(slides[1])
    assert "Ключевые показатели" in figures and "1 248" in figures and "+3,1 п. п." in figures
    for slide, spec in zip(slides[2:], specs):
        text = all_text(slide)
        assert spec.title in text and spec.subtitle in text and spec.source in text
        assert len(charts(slide)) == 1
    assert prs.slide_width * 9 == prs.slide_height * 16  # 16:9


@pytest.mark.parametrize("maker,chart_type", [
    (fx.bar, XL_CHART_TYPE.COLUMN_CLUSTERED), (fx.hbar, XL_CHART_TYPE.BAR_CLUSTERED),
    (fx.stacked, XL_CHART_TYPE.COLUMN_STACKED), (fx.line, XL_CHART_TYPE.LINE_MARKERS), (fx.pie, XL_CHART_TYPE.PIE)])
def test_native_chart_data_equals_series_table(maker, chart_type):
    spec = maker()
    prs = build([spec])
    (chart,) = charts(list(prs.slides)[2])
    assert chart.chart_type == chart_type
    cats, series = series_table(spec)
    plot = chart.plots[0]
    assert list(plot.categories) == [str(c) for c in cats]
    got = [(s.name, list(s.values)) for s in plot.series]
    assert got == [(name, [float(v) for v in vals]) for name, vals in series]


def test_number_formats_and_series_names():
    prs = build([fx.hbar(), fx.bar(), fx.stacked()])
    hbar, bar, stacked = (charts(s)[0] for s in list(prs.slides)[2:5])
    # shares shown as percent; Russian separators whatever the viewer's locale: «20,0 %», «1 234,5»
    assert hbar.value_axis.tick_labels.number_format == '[$-419]0.0"\u00a0"%'  # «93,7 %»
    assert bar.value_axis.tick_labels.number_format == "[$-419]#,##0.0"
    assert [s.name for s in stacked.plots[0].series] == ["базовый", "основной", "продвинутый"]
    assert stacked.has_legend
    # a stacked bar's parts carry their figures, as on the page (a zero part none, nor one too narrow for it)
    assert stacked.plots[0].has_data_labels
    assert stacked.plots[0].data_labels.number_format.startswith('[$-419][<')


def test_a_pie_of_counts_labels_its_slices_in_percent():
    """A slice's share as «79,2 %» — the counts' whole-number format made it «1» and «0»."""
    (pie,) = charts(list(build([fx.pie()]).slides)[2])
    dl = pie.plots[0].data_labels
    assert dl.show_percentage and dl.number_format == '[$-419]0.0"\u00a0"%'


def test_image_kinds_become_pictures():
    specs = [fx.bar(), fx.heatmap(), fx.table()]
    prs = build(specs)
    slides = list(prs.slides)
    assert len(charts(slides[2])) == 1
    for s in slides[3:5]:
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
    assert slides[2].shapes.title.text == fx.bar().title
    assert sum(len(charts(s)) for s in slides) == 2


def test_a_chart_with_nothing_to_draw_is_named_on_one_slide_at_the_end_not_a_slide_of_its_own():
    spec = fx.bar()
    spec.data = spec.data.iloc[0:0]
    spec.empty_message = "Разбивка по уровням недоступна: в формах нет уровня"
    slides = list(build([spec, fx.pie()]).slides)
    assert len(slides) == 4  # title, key figures, the pie, the charts without data
    assert charts(slides[2]) and fx.pie().title in all_text(slides[2])
    assert "Графики без данных" in all_text(slides[3])
    assert f"{spec.title} — Разбивка по уровням недоступна: в формах нет уровня" in all_text(slides[3])
    # the export page says the slides the file has (a tester's round: «Готово: 25 слайдов» of a deck of 16)
    deck = pptx_deck.build_deck([spec, fx.pie()], region_name="Московская область", period_label="III квартал 2023 г.",
                                key_figures=FIGS, created=date(2023, 10, 2), template=False)
    assert pptx_deck.slide_count(deck) == 4


def test_a_chart_with_nothing_to_draw_makes_no_empty_picture_in_the_zip():
    import zipfile

    from reports import bundle

    spec = fx.bar()
    spec.data = spec.data.iloc[0:0]
    names = zipfile.ZipFile(io.BytesIO(bundle.build_zip([spec], "svg"))).namelist()
    assert names == [bundle.EMPTIES_NAME]


def test_horizontal_stacked_is_a_bar_chart_with_first_category_on_top():
    spec = fx.stacked()
    spec.orientation = "h"
    (chart,) = charts(list(build([spec]).slides)[2])
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert chart.category_axis.reverse_order  # as on the page: first municipality on top


def test_every_shape_fits_on_its_slide():
    prs = build(fx.all_specs())
    for n, slide in enumerate(prs.slides):
        for sh in slide.shapes:
            assert sh.left >= 0 and sh.top >= 0, (n, sh.name)
            assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height, (n, sh.name)


def test_a_long_bar_chart_on_a_slide_shows_fifteen_named_bars_and_says_so():
    import pandas as pd
    from pptx.oxml.ns import qn

    spec = fx.hbar()  # shares: the 15 lowest, those to act on
    spec.data = pd.DataFrame({"municipality": [f"Муниципалитет {i}" for i in range(60)],
                              "share": [0.5 + i / 200 for i in range(60)]})
    slide = list(build([spec]).slides)[2]
    (chart,) = charts(slide)
    ax = chart.category_axis._element
    skip = ax.find(qn("c:tickLblSkip"))
    assert skip is not None and skip.get("val") == "1"  # every bar named
    tags = [c.tag.split("}")[1] for c in ax]
    assert tags.index("tickLblSkip") > tags.index("lblOffset")  # schema order, or PowerPoint repairs the file
    assert list(chart.plots[0].categories) == [f"Муниципалитет {i}" for i in range(15)]
    assert "Показаны 15 наименьших значений из 60" in all_text(slide)

    counts = fx.hbar()  # counts: the 15 largest, the sum of the others said (a bar of it squashed them)
    counts.percent, counts.unit = False, "ОО"
    counts.data = pd.DataFrame({"municipality": [f"М {i}" for i in range(56)], "share": list(range(56))})
    slide = list(build([counts]).slides)[2]
    (chart,) = charts(slide)
    cats = list(chart.plots[0].categories)
    assert cats == [f"М {i}" for i in range(41, 56)]
    assert max(chart.plots[0].series[0].values) == 55
    assert "остальные 41 — всего 820 ОО (здесь не показаны)" in all_text(slide).replace("\u00a0", " ")

    per100 = fx.hbar()  # a rate (participants per 100 pupils) never sums: the 15 lowest, as shares
    per100.percent, per100.unit, per100.additive = False, "чел. на 100", False
    per100.data = pd.DataFrame({"municipality": [f"М {i}" for i in range(56)], "share": [40.0 + i for i in range(56)]})
    slide = list(build([per100]).slides)[2]
    (chart,) = charts(slide)
    assert list(chart.plots[0].categories) == [f"М {i}" for i in range(15)]
    assert "Показаны 15 наименьших значений из 56" in all_text(slide) and "остальные" not in all_text(slide)


def test_key_figure_captions_fit_their_cards_and_axis_titles_do_not_repeat_the_unit():
    long = KF("Охвачено обучающихся 6–11 кл.", "935 412", "+12 345 к пред. периоду (по 12 муниципалитетам, "
              "сдавшим в обоих)")
    long.denominator = "из 1 100 234 обучающихся 6–11 кл. ОО, указавших оба числа"
    long.completeness = "сдали 12 из 56 муниципалитетов"
    prs = Presentation(io.BytesIO(pptx_deck.build_deck([fx.bar()], region_name="Московская область",
                                                       period_label="IV квартал 2024 г.", key_figures=[long] * 8,
                                                       template=False)))
    card = list(prs.slides)[1]
    for sh in card.shapes:
        if sh.has_text_frame and "сдали 12 из 56" in sh.text_frame.text:
            size = sh.text_frame.paragraphs[0].runs[0].font.size.pt
            assert pptx_deck.fit_pt(sh.text_frame.text, sh.width, sh.height, 11) == size and size >= 7
            lines = sum(-(-len(p) // int(sh.width / 12700 / (size * 0.55))) for p in sh.text_frame.text.split("\n"))
            assert lines * size * 1.2 <= sh.height / 12700
            break
    else:
        raise AssertionError("no completeness caption on the key figures slide")
    from app.charts import ChartSpec, axis_title

    for label, unit in (("Число ОО", "ОО"), ("Число договоров", "договоров"), ("Человек", "чел.")):
        assert axis_title(ChartSpec("k", "t", "bar", fx.bar().data, x="a", y="b", unit=unit,
                                    labels={"b": label})) == label


def test_slides_and_charts_are_tagged_russian():
    from lxml import etree

    prs = build([fx.bar(), fx.hbar()])
    for slide in prs.slides:
        xml = etree.tostring(slide.shapes._spTree).decode()
        assert 'lang="ru-RU"' in xml and 'lang="en-US"' not in xml
    for chart in (c for s in prs.slides for c in charts(s)):
        space = chart._chartSpace
        assert space.find("{http://schemas.openxmlformats.org/drawingml/2006/chart}lang").get("val") == "ru-RU"


def test_every_product_chart_goes_into_the_deck_and_the_zip(small_db):
    """All charts of all pages from a real database: the deck has a slide each, native charts carry the
    spec's numbers, the rest are pictures; the ZIP has one image each."""
    import zipfile

    from app.filters import Filters
    from app.specs import CHARTS, spec_for
    from reports import bundle

    from app.charts import for_slide

    specs = [spec_for(c.key, Filters("50", None), small_db) for c in CHARTS]
    prs = build(specs)
    slides = list(prs.slides)[2:]
    specs = [for_slide(s) for s in specs]  # what a slide shows: at most 15 bars
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


def test_a_deck_of_chosen_municipalities_and_a_level_says_so_on_its_first_slides(small_db):
    from app.filters import Filters
    from reports import collect

    data = collect.collect(Filters("65", "2024-H1", ("Холмский",), "базовый"), ["readiness_levels"], small_db)
    prs = Presentation(io.BytesIO(pptx_deck.deck_for(data, template=False)))
    title, figures = list(prs.slides)[:2]
    assert "Холмский · уровень: базовый" in all_text(title)
    assert "Сахалинская область · 1-е полугодие 2024 г. · Холмский · уровень: базовый" in all_text(figures)
    whole = collect.collect(Filters("65", "2024-H1"), ["readiness_levels"], small_db)
    title = list(Presentation(io.BytesIO(pptx_deck.deck_for(whole, template=False))).slides)[0]
    assert "все муниципалитеты" not in all_text(title)  # the whole region: region and period say it


def test_a_native_chart_keeps_its_zero_its_100_percent_and_says_its_target_or_threshold():
    """An independent tester's round (06.12.2026): bars 37–43 drawn from 32 made one look a third of another,
    share axes ran to 120 %, the target line of the page was lost on the slide."""
    import dataclasses

    import pandas as pd

    from app.charts import ChartSpec

    rates = ChartSpec("per100", "На 100 обучающихся", "hbar", pd.DataFrame({"m": ["Щёлково", "Химки"],
                      "v": [37.1, 43.4]}), x="m", y="v", unit="на 100", additive=False, target=30.0,
                      target_label="Порог", source="Источник: формы")
    shares = ChartSpec("share", "Доля охвата", "bar", pd.DataFrame({"m": ["Химки", "Клин"], "v": [0.983, 0.6]}),
                       x="m", y="v", unit="%", percent=True, target=1.0, source="Источник: формы")
    prs = build([rates, shares, dataclasses.replace(shares, key="none", target=None)])
    rate_slide, share_slide, plain = list(prs.slides)[2:]
    assert charts(rate_slide)[0].value_axis.minimum_scale == 0
    assert "Порог: 30 на 100\nИсточник: формы" in all_text(rate_slide).replace("\u00a0", " ")
    axis = charts(share_slide)[0].value_axis
    assert (axis.minimum_scale, axis.maximum_scale) == (0, 1)
    assert "Цель: 100 %\nИсточник: формы" in all_text(share_slide).replace("\u00a0", " ")
    assert "Цель" not in all_text(plain)


def test_a_chart_s_workbook_has_a_russian_sheet_its_series_point_to():
    """«Изменить данные» in PowerPoint opens the chart's workbook: its sheet was «Sheet1»."""
    import re
    import zipfile

    import openpyxl

    data = pptx_deck.build_deck([fx.bar()], region_name="Московская область", period_label="III квартал 2023 г.",
                                key_figures=FIGS, created=date(2023, 10, 2), template=False)
    z = zipfile.ZipFile(io.BytesIO(data))
    (embedded,) = [n for n in z.namelist() if n.endswith(".xlsx")]
    wb = openpyxl.load_workbook(io.BytesIO(z.read(embedded)))
    assert wb.sheetnames == ["Данные"]
    cats, series = series_table(fx.bar())
    assert [row[0] for row in wb["Данные"].iter_rows(min_row=2, values_only=True)] == [str(c) for c in cats]
    (chart_xml,) = [n for n in z.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
    refs = set(re.findall(r"<c:f>([^<]*)</c:f>", z.read(chart_xml).decode()))
    assert refs and all(r.startswith("'Данные'!$") for r in refs), refs


def test_no_name_from_a_file_becomes_a_formula_or_a_link_in_a_chart_s_workbook():
    """(tester round t84) An event named «{=HYPERLINK(…)}» became an array formula in the workbook behind the chart,
    «file://evil/share» a link to a file share (its text rewritten): every category stays text, as written."""
    import zipfile

    import openpyxl
    import pandas as pd

    from app.specs import ChartSpec

    names = ['{=HYPERLINK("http://x.ru","b")}', "file://evil/share", "=1+1", "http://x.ru", "@cmd", "Профпробы"]
    spec = ChartSpec("events", "Участия в мероприятиях", "bar", pd.DataFrame({"e": names, "n": [1, 2, 3, 4, 5, 6]}),
                     x="e", y="n", unit="участий")
    data = pptx_deck.build_deck([spec], region_name="Московская область", period_label="III квартал 2023 г.",
                                key_figures=FIGS, created=date(2023, 10, 2), template=False)
    z = zipfile.ZipFile(io.BytesIO(data))
    (embedded,) = [n for n in z.namelist() if n.endswith(".xlsx")]
    book = zipfile.ZipFile(io.BytesIO(z.read(embedded)))
    assert not [n for n in book.namelist() if n.endswith(".rels") and b"External" in book.read(n)]
    assert b"<f" not in book.read("xl/worksheets/sheet1.xml")
    ws = openpyxl.load_workbook(io.BytesIO(z.read(embedded)))["Данные"]
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s"] * 6 and not any(c.hyperlink for c in cells)
    assert [c.value.lstrip("\u2060") for c in cells] == names


def test_the_decks_layouts_and_master_prompts_are_russian():
    """(tester round t84) «Создать слайд» offered «Title Slide», «Blank»…, the master «Click to edit Master title
    style»."""
    import re
    import zipfile

    data = pptx_deck.build_deck([fx.bar()], region_name="Московская область", period_label="III квартал 2023 г.",
                                key_figures=FIGS, created=date(2023, 10, 2), template=False)
    prs = Presentation(io.BytesIO(data))
    assert all(re.search("[а-я]", layout.name) and not re.search("[a-z]", layout.name) for layout in prs.slide_layouts)
    z = zipfile.ZipFile(io.BytesIO(data))
    parts = [n for n in z.namelist() if re.fullmatch(r"ppt/slide(Layouts/slideLayout|Masters/slideMaster)\d+\.xml", n)]
    assert parts and not [n for n in parts if re.search(rb"Click to|Second level", z.read(n))]


def test_a_long_title_is_set_smaller_so_it_does_not_run_into_the_subtitle():
    """A tester's render (06.12.2026): «Участия обучающихся в мероприятиях на 100 обучающихся 6–11 классов» at 26 pt
    wrapped to two lines over the subtitle below it."""
    spec = fx.bar()
    spec.title = "Участия обучающихся в мероприятиях на 100 обучающихся 6–11 классов"
    prs = build([spec])
    slide = list(prs.slides)[2]
    title = next(sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text == spec.title)
    size = title.text_frame.paragraphs[0].runs[0].font.size.pt
    per_line = title.width / 12700 / (size * 0.55)  # (a generous letter width of bold Arial)
    lines = -(-len(spec.title) // int(per_line))
    assert lines * size * 1.2 <= title.height / 12700, (size, lines)
    assert pptx_deck.title_size("Охват обучающихся", title.width, title.height) == 26


def test_a_stacked_segment_too_narrow_for_its_figure_shows_none():
    """A tester's render: parents 5 and teachers 8 of «Экскурсии» on top of 150 pupils read as «58»."""
    import pandas as pd

    from app.charts import ChartSpec

    rows = [("Экскурсии", "обучающиеся", 150), ("Экскурсии", "родители", 5), ("Экскурсии", "педагоги", 8),
            ("Билет в будущее", "обучающиеся", 40), ("Билет в будущее", "родители", 30),
            ("Билет в будущее", "педагоги", 25)]
    spec = ChartSpec("ev", "Участия по мероприятиям", "stacked", pd.DataFrame(rows, columns=["event", "who", "n"]),
                     x="event", y="n", series="who", subtitle="", source="Источник: тест", unit="чел.",
                     labels={"event": "Мероприятие", "n": "Участия", "who": "Участники"})
    (chart,) = charts(list(build([spec]).slides)[2])
    fmt = chart.plots[0].data_labels.number_format
    least = 0.045 * 163  # of the tallest stack
    assert fmt.startswith(f'[$-419][<{least:.6g}]"";'), fmt  # 5 and 8 (and 0) get no figure; 25, 30, 40 do


def test_the_decks_properties_are_its_own_not_the_templates():
    """A tester's round (07.12.2026): docProps/app.xml said «Microsoft Macintosh PowerPoint», «On-screen Show
    (4:3)», 0 slides — python-pptx's template's, in English."""
    import zipfile

    data = pptx_deck.build_deck([fx.bar(), fx.pie()], region_name="Московская область",
                                period_label="III квартал 2023 г.", key_figures=FIGS, template=False)
    app = zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml").decode("utf-8")
    prs = Presentation(io.BytesIO(data))
    assert "<Application>Мониторинг профминимума</Application>" in app and "Microsoft" not in app
    assert f"<Slides>{len(prs.slides)}</Slides>" in app and "<PresentationFormat>Экран (16:9)" in app
    assert prs.core_properties.author == "Мониторинг профминимума"


def test_a_native_line_chart_of_several_targets_names_each_above_its_source():
    """A tester's round (07.12.2026): «Показатели-доли по периодам» on a slide had no targets (the page draws
    «цель 70 %», «цель 40 %») while its source line spoke of them."""
    import dataclasses

    import pandas as pd

    from app.charts import ChartSpec

    df = pd.DataFrame({"period": ["III кв. 2024", "IV кв. 2024"] * 2, "value": [0.6, 0.7, 0.3, 0.41],
                       "indicator": ["Доля прошедших диагностику"] * 2 + ["Доля участников профпроб"] * 2})
    spec = ChartSpec("effectiveness_shares", "Показатели-доли по периодам", "line", df, x="period", y="value",
                     series="indicator", unit="%", percent=True, source="Источник: форма",
                     extra={"targets": {"Доля прошедших диагностику": 0.7, "Доля участников профпроб": 0.4}})
    prs = build([dataclasses.replace(spec)])
    text = "\n".join(all_text(s) for s in prs.slides)
    assert "Цели: «Доля прошедших диагностику» — 70\u00a0%; «Доля участников профпроб» — 40\u00a0%" in text


def test_a_long_footnote_is_set_smaller_so_it_stays_on_the_slide():
    """(tester round t84) A target line and a long source wrapped to four lines at 10 pt and ran past the slide's
    bottom edge: the size goes down until the wrapped text fits its box."""
    W, H = 12192000, 6858000
    width, height = int(W * 0.92), int(H * 0.07)
    assert pptx_deck.footnote_size("Источник: форма «Готовность ОО», загрузка № 3", width, height) == 10
    long = ("Цель: 100 %\nИсточник: форма «Показатели эффективности», результаты «Мои ориентиры», загрузки № 11, "
            "12, 13, 24, 25, 26, 37, 38 и ещё 10; данные за III квартал 2023 г. – IV квартал 2024 г. (последняя "
            "загрузка 06.01.2025) · сдали 3 из 56 муниципалитетов — данные неполные · Показаны 15 наибольших из 17; "
            "остальные 2 — всего 32 участия (здесь не показаны)")
    size = pptx_deck.footnote_size(long, width, height)
    assert size < 10
    per_line = int(width / 12700 / (size * 0.56))
    lines = sum(-(-len(line) // per_line) for line in long.split("\n"))
    assert lines * size * 1.2 + 7.2 <= height / 12700


def test_a_very_long_category_name_is_cut_on_the_slide():
    """(tester round t84) A 319-character event's name was a native chart's category whole: it took the chart."""
    import pandas as pd

    from app.specs import ChartSpec

    long = "Профориентационное мероприятие " + "«Профессии будущего в промышленности региона» " * 6
    spec = ChartSpec("events", "Участия в мероприятиях", "hbar",
                     pd.DataFrame({"e": [long.strip(), "Профпробы"], "n": [10, 20]}), x="e", y="n", unit="участий")
    cats = list(pptx_deck.chart_data(spec).categories)
    shown = [c.label for c in cats]
    assert shown[1].lstrip("\u2060") == "Профпробы" and len(shown[0]) <= pptx_deck.CATEGORY_CHARS
    assert shown[0].endswith("…") and long.startswith(shown[0].lstrip("\u2060")[:-1])
