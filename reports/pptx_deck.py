"""The PowerPoint deck: title slide, key figures, one slide per chosen chart.

Bar, column, stacked, line and pie charts are NATIVE PowerPoint charts made from `series_table(spec)` — the same
categories and numbers the page draws, editable in PowerPoint; heatmaps, the map and tables are high-resolution
images rendered in one batch by the process's kaleido server. An optional ministry template (its slide master and
layouts) is taken from env MONITORING_PPTX_TEMPLATE or the first `.pptx` in `data/templates/`.

Everything is tagged Russian (`lang="ru-RU"` on every text run, `<c:lang val="ru-RU"/>` and `[$-419]` number
formats in the charts), so PowerPoint and LibreOffice write «700 000» and «20,0 %». A bar chart of more than 15
categories shows the 15 largest, the others' sum said (counts), or the 15 lowest (shares): `charts.for_slide`.
"""
from __future__ import annotations

import io
import os
import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_LABEL_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt, lazyproperty

from app.xlsx import PERCENT_FORMAT
from etl.xlsx_cells import FORMULA_START
from app.charts import NATIVE_KINDS, axis_title, for_slide, series_table, split_scales, target_caption
from app.fmt import fmt_date
from etl import config
from reports.doc_props import set_pptx_app, set_properties

TEMPLATES_DIR = config.DATA_DIR / "templates"
DECK_TITLE = "Мониторинг реализации профориентационного минимума"
GREY = RGBColor(0x55, 0x5F, 0x6B)
DARK = RGBColor(0x1F, 0x2A, 0x37)
ACCENT = RGBColor(0x1F, 0x6F, 0xB4)
FONT = "Arial"
LANG = "ru-RU"
RU_NUMBERS = "[$-419]"  # the number format's locale: Russian separators whatever the viewer's system is
IMAGE_PX_WIDTH = 1600  # CSS px of an image chart on a slide; rendered at scale 2


def template_path() -> Path | None:
    """The ministry template: env MONITORING_PPTX_TEMPLATE, else the first .pptx in data/templates/, else None."""
    env = os.environ.get("MONITORING_PPTX_TEMPLATE")
    if env:
        p = Path(env)
        return p if p.is_file() else None
    if TEMPLATES_DIR.is_dir():
        found = sorted(TEMPLATES_DIR.glob("*.pptx"))
        return found[0] if found else None
    return None


# ---------------------------------------------------------------------------------------------------------
# Presentation and layouts
# ---------------------------------------------------------------------------------------------------------
def _new_presentation(template: Path | None):
    if template is not None:
        prs = Presentation(str(template))
        # Keep the master and layouts, drop the template's example slides.
        sld_ids = prs.slides._sldIdLst  # noqa: SLF001
        for sld_id in list(sld_ids):
            prs.part.drop_rel(sld_id.rId)
            sld_ids.remove(sld_id)
        return prs
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9, 13,33 × 7,5 inches
    _russian_layouts(prs)
    return prs


# python-pptx's default master, as PowerPoint in Russian names it: the gallery of «Создать слайд» and the master's
# prompts were English (tester round t84)
_LAYOUTS_RU = {"Title Slide": "Титульный слайд", "Title and Content": "Заголовок и объект",
               "Section Header": "Заголовок раздела", "Two Content": "Два объекта", "Comparison": "Сравнение",
               "Title Only": "Только заголовок", "Blank": "Пустой слайд",
               "Content with Caption": "Объект с подписью", "Picture with Caption": "Рисунок с подписью",
               "Title and Vertical Text": "Заголовок и вертикальный текст",
               "Vertical Title and Text": "Вертикальный заголовок и текст"}
_PROMPTS_RU = {"Click to edit Master title style": "Образец заголовка",
               "Click to edit Master subtitle style": "Образец подзаголовка",
               "Click to edit Master text styles": "Образец текста", "Second level": "Второй уровень",
               "Third level": "Третий уровень", "Fourth level": "Четвёртый уровень", "Fifth level": "Пятый уровень"}


def _russian_layouts(prs) -> None:
    for part in [prs.slide_master, *prs.slide_layouts]:
        if part is not prs.slide_master:
            part.name = _LAYOUTS_RU.get(part.name, part.name)
        for ph in part.placeholders:
            for para in ph.text_frame.paragraphs if ph.has_text_frame else []:
                for run in para.runs:
                    run.text = _PROMPTS_RU.get(run.text, run.text)


def _layout(prs, *names: str, fallback: int):
    for layout in prs.slide_layouts:
        if layout.name.strip().lower() in {n.lower() for n in names}:
            return layout
    layouts = list(prs.slide_layouts)
    return layouts[min(fallback, len(layouts) - 1)]


def _clear_placeholders(slide, keep_title: bool):
    """Remove layout placeholders we do not fill (an empty placeholder shows «Click to add text»)."""
    for ph in list(slide.placeholders):
        if keep_title and ph.placeholder_format.type is not None and ph.placeholder_format.idx == 0:
            continue
        ph._element.getparent().remove(ph._element)  # noqa: SLF001


def _text(slide, left, top, width, height, text, size, *, bold=False, color=DARK, align=PP_ALIGN.LEFT,
          anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(left, top, width, height)
    tf = box.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = anchor
    tf.margin_left = tf.margin_right = Emu(0)
    lines = text.split("\n") if text else [""]
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = color
    return box


def title_size(text: str, width: int, height: int) -> int:
    """The largest title size (26…16 pt) at which `text` fits its box (EMU) on one line, or on two lines that fit its
    height — a title wrapping over the subtitle below it is unreadable (bold Arial's letter ≈ 0,6 of its size)."""
    for size in (26, 24, 22, 20, 18):
        per_line = width / 12700 / (size * 0.6)  # (12 700 EMU in a point)
        lines = -(-len(text) // int(per_line))
        if lines == 1 or (lines == 2 and 2 * size * 1.2 + 8 <= height / 12700):
            return size
    return 16


def footnote_size(text: str, width: int, height: int) -> int:
    """The largest footnote size (10…7 pt) at which `text`, wrapped, fits its box (EMU): a target line and a long
    source ran four lines past the slide's bottom edge at 10 pt (tester round t84; Arial's Cyrillic letter ≈ 0,56
    of its size, a line 1,2 of it, the box's own insets 7,2 pt)."""
    for size in (10, 9, 8):
        per_line = max(1, int(width / 12700 / (size * 0.56)))
        lines = sum(-(-max(1, len(line)) // per_line) for line in text.split("\n"))
        if lines * size * 1.2 <= height / 12700 - 7.2:
            return size
    return 7


def _set_title(slide, text, left, top, width, height, size):
    if slide.shapes.title is not None:
        title = slide.shapes.title
        title.text = text
        for p in title.text_frame.paragraphs:
            for r in p.runs:
                r.font.size = Pt(size)
        return title
    return _text(slide, left, top, width, height, text, size, bold=True)


# ---------------------------------------------------------------------------------------------------------
# Native charts
# ---------------------------------------------------------------------------------------------------------
def number_format(spec, values) -> str:
    """Excel number format of a spec's values: percent, integer or one decimal (PowerPoint shows it Russian)."""
    if spec.percent:
        return RU_NUMBERS + PERCENT_FORMAT
    if spec.extra.get("signed"):  # a change, as the page writes it: «+8,6», «−3,2»
        return RU_NUMBERS + '+#,##0.0;"−"#,##0.0;"±"0.0'
    nums = [v for v in values if v is not None]
    # a rate («на 100», points of change) keeps its decimal as on the card («42,0»); counts are whole
    if spec.additive and nums and all(float(v).is_integer() for v in nums):
        return RU_NUMBERS + "#,##0"
    return RU_NUMBERS + "#,##0.0"


def _unless_narrow(fmt: str, cd) -> str:
    """A stacked chart's label format: no figure in a segment under ~4,5 % of the tallest stack (nor for zero)."""
    totals = [sum(v or 0 for v in vals) for vals in zip(*(s.values for s in cd))] if len(cd) else []
    least = 0.045 * max(totals, default=0)
    body = fmt.removeprefix(RU_NUMBERS)
    return f'{RU_NUMBERS}[<{least:.6g}]"";{body}' if least > 0 else fmt + ";-" + body + ";"


def _chart_type(spec):
    horizontal = spec.kind == "hbar" or (spec.kind == "stacked" and getattr(spec, "orientation", "v") == "h")
    if spec.kind == "pie":
        return XL_CHART_TYPE.PIE
    if spec.kind == "line":
        return XL_CHART_TYPE.LINE_MARKERS
    if spec.kind == "stacked":
        return XL_CHART_TYPE.BAR_STACKED if horizontal else XL_CHART_TYPE.COLUMN_STACKED
    return XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED


def _rgb(colour: str | None):
    if not colour or not isinstance(colour, str) or not colour.startswith("#") or len(colour) != 7:
        return None
    return RGBColor.from_string(colour[1:].upper())


DATA_SHEET = "Данные"  # the sheet of a chart's workbook («Изменить данные» in PowerPoint), not «Sheet1»


class _RuWorkbookWriter(CategoryWorkbookWriter):
    """python-pptx's chart workbook with its one sheet named in Russian, and the chart's references to it."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        from xlsxwriter import Workbook

        workbook = Workbook(xlsx_file, {"in_memory": True})
        yield workbook, workbook.add_worksheet(DATA_SHEET)
        workbook.close()

    @property
    def categories_ref(self):
        return _on_data_sheet(super().categories_ref)

    def series_name_ref(self, series):
        return _on_data_sheet(super().series_name_ref(series))

    def values_ref(self, series):
        return _on_data_sheet(super().values_ref(series))


def _on_data_sheet(ref: str) -> str:
    return f"'{DATA_SHEET}'!" + ref.split("!", 1)[1]


class _RuChartData(CategoryChartData):
    @lazyproperty
    def _workbook_writer(self):
        return _RuWorkbookWriter(self)


CATEGORY_CHARS = 90  # a category's name on a slide: about two lines beside a bar


def _cut(text: str) -> str:
    """A long category name cut at a word with «…» (the note and the data keep it whole)."""
    if len(text) <= CATEGORY_CHARS:
        return text
    return text[:CATEGORY_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-") + "…"


def chart_data(spec) -> CategoryChartData:
    cats, series = series_table(spec)
    all_values = [v for _, vals in series for v in vals]
    fmt = number_format(spec, all_values)
    cd = _RuChartData(number_format=fmt)
    # (a 319-character event's name took the whole chart as a category: cut, as the picture's labels are — t84)
    cd.categories = [inert(_cut(str(c))) for c in cats]
    for name, vals in series:
        cd.add_series(inert(str(name)), vals, number_format=fmt)
    return cd


# what the chart's workbook writer (xlsxwriter) would make a link of: «mailto:…», «http://…», «external:\\\\сервер»
# what xlsxwriter (python-pptx's workbook writer) makes a link of; an array formula «{=…}» (tester round t84)
_LINK_START = re.compile(r"(?:(?:ftp|http)s?://|mailto:|(?:in|ex)ternal:|file://|\{=)", re.IGNORECASE)


def inert(text: str) -> str:
    """A label of the chart's embedded workbook that starts like a formula («=HYPERLINK(…)», «+7 …», «{=…}») or a
    link («mailto:…», «external:…», «file://…») gets an invisible word joiner first: PowerPoint's workbook keeps it
    as text, the slide shows it as written."""
    return "\u2060" + text if text.startswith(FORMULA_START) or _LINK_START.match(text) else text


def add_native_chart(slide, spec, left, top, width, height):
    """A python-pptx chart object with the spec's data inside (editable in PowerPoint)."""
    cd = chart_data(spec)
    fmt = cd.number_format
    gframe = slide.shapes.add_chart(_chart_type(spec), left, top, width, height, cd)
    chart = gframe.chart
    chart.has_title = False
    chart.font.name = FONT
    chart.font.size = Pt(12)
    n_series = len(cd)
    n_cats = len(cd.categories)
    if spec.kind == "pie":
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.has_data_labels = True
        dl = plot.data_labels
        # counts: each slice's share of the whole, as a percent («79,2 %»; the counts' «#,##0» would show «1»)
        dl.number_format, dl.number_format_is_linked = (fmt if spec.percent else RU_NUMBERS + PERCENT_FORMAT, False)
        dl.show_percentage = not spec.percent
        dl.show_value = spec.percent
        dl.position = XL_LABEL_POSITION.OUTSIDE_END
        for i, cat in enumerate(cd.categories):
            rgb = _rgb(spec.colors.get(str(cat.label)))
            if rgb is not None:
                point = plot.series[0].points[i]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = rgb
        return gframe
    chart.has_legend = n_series > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if spec.kind in ("bar", "hbar", "stacked"):
        plot.gap_width = 60
        if spec.kind == "stacked":
            plot.overlap = 100
    if n_cats <= 30 and spec.kind != "stacked":
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format, dl.number_format_is_linked = (fmt, False)
        dl.font.size = Pt(10)
        if spec.kind != "line":
            dl.position = XL_LABEL_POSITION.OUTSIDE_END
    elif spec.kind == "stacked" and n_cats <= 20:  # each part's figure in its segment, as on the page (no «0»)
        plot.has_data_labels = True
        dl = plot.data_labels
        # (a segment too narrow for its figure gets none: two such side by side read as one number, «5» «8» → «58»)
        dl.number_format, dl.number_format_is_linked = (_unless_narrow(fmt, cd), False)
        dl.font.size = Pt(9)
        dl.position = XL_LABEL_POSITION.CENTER
    va = chart.value_axis
    va.tick_labels.number_format, va.tick_labels.number_format_is_linked = (fmt, False)
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    if spec.kind != "line":  # a bar starts at zero: an axis from 32 makes 37 look a third of 43
        va.minimum_scale = 0
    if spec.percent and all_within_one(cd):  # a share's axis ends at 100 %, not at PowerPoint's 120 %
        va.maximum_scale = 1
    ca = chart.category_axis
    horizontal = _chart_type(spec) in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.BAR_STACKED)
    if horizontal and n_cats > 12:  # every municipality named: font fitted to the row, no skipped labels
        row_pt = 0.8 * height / 12700 / n_cats
        ca.tick_labels.font.size = Pt(max(6, min(11, int(row_pt * 0.8))))
        _label_every_category(ca)
    else:
        ca.tick_labels.font.size = Pt(10 if n_cats > 12 else 12)
    if horizontal:
        ca.reverse_order = True  # first category on top, as on the page
    y_title = axis_title(spec)
    if y_title:
        va.has_title = True
        va.axis_title.text_frame.text = y_title
        va.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
    cat_colors = [_rgb(spec.colors.get(str(c.label))) for c in cd.categories]
    if n_series == 1 and spec.kind != "line" and any(cat_colors):  # one colour per category (partner types…)
        for i, rgb in enumerate(cat_colors):
            point = plot.series[0].points[i]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = rgb or ACCENT
        return gframe
    for i, s in enumerate(plot.series):
        rgb = _rgb(spec.colors.get(s.name))
        if rgb is None and n_series == 1:
            rgb = ACCENT
        if rgb is None:
            continue
        if spec.kind == "line":
            s.format.line.color.rgb = rgb
            s.format.line.width = Pt(2.5)
            s.marker.format.fill.solid()
            s.marker.format.fill.fore_color.rgb = rgb
        else:
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = rgb
    return gframe


def all_within_one(cd) -> bool:
    values = [v for series in cd for v in series.values if v is not None]
    return bool(values) and max(values) <= 1


def _label_every_category(axis) -> None:
    """<c:tickLblSkip val="1"/> in its schema place: PowerPoint otherwise skips labels of crowded axes."""
    from pptx.oxml.ns import qn
    from lxml import etree

    ax = axis._element  # noqa: SLF001
    for old in ax.findall(qn("c:tickLblSkip")):
        ax.remove(old)
    el = etree.SubElement(ax, qn("c:tickLblSkip"))
    el.set("val", "1")
    ax.remove(el)
    after = [qn(t) for t in ("c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")]
    anchor = next((c for c in ax if c.tag in after), None)
    if anchor is not None:
        anchor.addprevious(el)
    else:
        ax.append(el)


def is_native(spec) -> bool:
    """A PowerPoint chart; series of very different scale are a picture of small multiples (one axis each)."""
    return spec.kind in NATIVE_KINDS and not spec.empty and bool(series_table(spec)[0]) and not split_scales(spec)


# ---------------------------------------------------------------------------------------------------------
# The deck
# ---------------------------------------------------------------------------------------------------------
def build_deck(specs: list, *, region_name: str, period_label: str, key_figures: list | None = None,
               subtitle: str = "", scope: str = "", created: date | None = None, template: Path | None | bool = None,
               progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The .pptx as bytes. `template=None` looks for the configured template, `False` forces the built-in one."""
    from reports import images

    tpl = template_path() if template is None else (template or None)
    prs = _new_presentation(tpl)
    set_properties(prs.core_properties, f"Мониторинг профминимума: {subtitle or f'{region_name} · {period_label}'}")
    W, H = prs.slide_width, prs.slide_height
    margin = int(W * 0.04)
    created = created or date.today()
    total = len(specs) + 2
    say = progress or (lambda done, total, what: None)

    # 1. Title slide
    layout = (_layout(prs, "Title Slide", "Титульный слайд", fallback=0) if tpl
              else _layout(prs, "Пустой слайд", fallback=6))
    slide = prs.slides.add_slide(layout)
    if tpl and slide.shapes.title is not None:
        slide.shapes.title.text = DECK_TITLE
        body = [ph for ph in slide.placeholders if ph.placeholder_format.idx != 0]
        if body:
            body[0].text = "\n".join([region_name, period_label, *([scope] if scope else []),
                                       f"Дата формирования: {fmt_date(created)}"])
            for ph in body[1:]:
                ph._element.getparent().remove(ph._element)  # noqa: SLF001
    else:
        _clear_placeholders(slide, keep_title=False)
        band = slide.shapes.add_shape(1, 0, 0, W, int(H * 0.06))
        band.fill.solid()
        band.fill.fore_color.rgb = ACCENT
        band.line.fill.background()
        _text(slide, margin, int(H * 0.28), W - 2 * margin, int(H * 0.2), DECK_TITLE, 36, bold=True,
              anchor=MSO_ANCHOR.BOTTOM)
        _text(slide, margin, int(H * 0.52), W - 2 * margin, int(H * 0.08), region_name, 26, color=ACCENT)
        _text(slide, margin, int(H * 0.61), W - 2 * margin, int(H * 0.07), period_label, 22, color=GREY)
        if scope:  # whose data, when not the whole region's («Зарайск · уровень: продвинутый»)
            _text(slide, margin, int(H * 0.69), W - 2 * margin, int(H * 0.06), scope, 18, color=GREY)
        _text(slide, margin, int(H * 0.86), W - 2 * margin, int(H * 0.05),
              f"Дата формирования: {fmt_date(created)}", 14, color=GREY)
    say(1, total, "Титульный слайд")
    content_layout = (_layout(prs, "Title Only", "Только заголовок", fallback=5) if tpl
                      else _layout(prs, "Пустой слайд", fallback=6))
    # 2. Key figures, right after the title: what leadership reads first
    if key_figures:
        add_key_figures_slide(prs, content_layout, key_figures, subtitle or f"{region_name} · {period_label}",
                              bool(tpl))

    # 3. Images for the charts that are not native, in one batch
    title_h, sub_h, foot_h = int(H * 0.11), int(H * 0.06), int(H * 0.07)
    chart_top = margin // 2 + title_h + sub_h
    chart_h = H - chart_top - foot_h - margin // 3
    chart_w = W - 2 * margin
    specs = [for_slide(s) for s in specs]  # a slide names at most 15 bars
    specs, empties = images.without_empty(specs)  # (named on one slide at the end)
    img_specs = [s for s in specs if not is_native(s)]
    px_w = IMAGE_PX_WIDTH
    px_h = int(px_w * chart_h / chart_w)
    pictures = {}
    if img_specs:
        say(1, total, "Построение изображений")
        figs = [images.plain_figure(s, px_w, px_h) for s in img_specs]
        for s, png in zip(img_specs, images.render_figures(figs, "png", px_w, px_h, 2)):
            pictures[id(s)] = png

    # 4. One slide per chart
    for i, spec in enumerate(specs):
        slide = prs.slides.add_slide(content_layout)
        _clear_placeholders(slide, keep_title=bool(tpl))
        _set_title(slide, spec.title, margin, margin // 2, W - 2 * margin, title_h,
                   title_size(spec.title, W - 2 * margin, title_h))
        _text(slide, margin, margin // 2 + title_h, W - 2 * margin, sub_h, spec.subtitle or subtitle, 14, color=GREY)
        if is_native(spec):
            add_native_chart(slide, spec, margin, chart_top, chart_w, chart_h)
        elif id(spec) in pictures:
            pic_h = chart_h
            slide.shapes.add_picture(io.BytesIO(pictures[id(spec)]), margin, chart_top, chart_w, pic_h)
        # a native chart draws no target line: its value is said above the source
        footnote = "\n".join(x for x in (target_caption(spec) if is_native(spec) else "", spec.source) if x)
        if spec.kind == "table":
            fit = images.table_rows_fit(spec.data, px_w - 20, px_h - 20)
            if fit < len(spec.data):
                footnote += (f"\nНа слайде первые {fit} строк из {len(spec.data)}; полная таблица — "
                             "в аналитической справке")
        _text(slide, margin, H - foot_h - margin // 4, W - 2 * margin, foot_h, footnote,
              footnote_size(footnote, W - 2 * margin, foot_h), color=GREY, anchor=MSO_ANCHOR.BOTTOM)
        say(2 + i, total, spec.title)

    if empties:
        slide = prs.slides.add_slide(content_layout)
        _clear_placeholders(slide, keep_title=bool(tpl))
        _set_title(slide, "Графики без данных", margin, margin // 2, W - 2 * margin, title_h, 26)
        _text(slide, margin, chart_top, chart_w, chart_h,
              "\n".join(empties), 14 if len(empties) < 8 else 11, color=GREY)
    say(total, total, "Готово")
    tag_russian(prs)
    set_pptx_app(prs)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def add_key_figures_slide(prs, layout, figures, subtitle: str, keep_title):
    W, H = prs.slide_width, prs.slide_height
    margin = int(W * 0.04)
    slide = prs.slides.add_slide(layout)
    _clear_placeholders(slide, keep_title=keep_title)
    _set_title(slide, "Ключевые показатели", margin, margin // 2, W - 2 * margin, int(H * 0.11), 28)
    _text(slide, margin, margin // 2 + int(H * 0.11), W - 2 * margin, int(H * 0.06),
          subtitle, 14, color=GREY)
    figs = list(figures)[:9]
    cols = 3 if len(figs) > 4 else max(1, min(len(figs), 2))
    rows = (len(figs) + cols - 1) // cols
    top = int(H * 0.22)
    gap = int(W * 0.015)
    cell_w = (W - 2 * margin - (cols - 1) * gap) // cols
    cell_h = min(int(H * 0.22), (H - top - margin // 2 - (rows - 1) * gap) // max(rows, 1))
    for i, kf in enumerate(figs):
        r, c = divmod(i, cols)
        left, y = margin + c * (cell_w + gap), top + r * (cell_h + gap)
        card = slide.shapes.add_shape(1, left, y, cell_w, cell_h)
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xF2, 0xF5, 0xF9)
        card.line.fill.background()
        pad = int(cell_w * 0.05)
        w = cell_w - 2 * pad
        _text(slide, left + pad, y + int(cell_h * 0.04), w, int(cell_h * 0.3),
              str(getattr(kf, "text", "") or ""), 28, bold=True, color=ACCENT, anchor=MSO_ANCHOR.MIDDLE)
        label = str(getattr(kf, "label", "") or "")
        _text(slide, left + pad, y + int(cell_h * 0.35), w, int(cell_h * 0.22), label,
              fit_pt(label, w, int(cell_h * 0.22), 13), color=DARK)
        lines = [x for x in (getattr(kf, "denominator", "") or "", getattr(kf, "delta_text", "") or "",
                             getattr(kf, "completeness", "") or "") if x]
        if lines:
            caption = "\n".join(str(x) for x in lines)
            _text(slide, left + pad, y + int(cell_h * 0.58), w, int(cell_h * 0.4), caption,
                  fit_pt(caption, w, int(cell_h * 0.4), 11), color=GREY)
    return slide


def fit_pt(text: str, width_emu: int, height_emu: int, max_pt: float, min_pt: float = 7) -> float:
    """The largest font size (points, half-point steps) at which `text` wraps into the box: Arial's Cyrillic letters
    are about 0,55 em wide, lines 1,2 em high."""
    import math

    width, height = width_emu / 12700, height_emu / 12700
    pt = float(max_pt)
    while pt > min_pt:
        per_line = max(1, int(width / (pt * 0.55)))
        lines = sum(max(1, math.ceil(len(p) / per_line)) for p in text.split("\n"))
        if lines * pt * 1.2 <= height:
            break
        pt -= 0.5
    return max(pt, min_pt)


def tag_russian(prs) -> None:
    """Every text run, paragraph end and default run of the slides and of the charts says `lang="ru-RU"`; a chart
    space also carries `<c:lang val="ru-RU"/>`: viewers then format numbers and check spelling in Russian."""
    from lxml import etree

    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    roots = []
    for slide in prs.slides:
        roots.append(slide.shapes._spTree)  # noqa: SLF001
        roots += [sh.chart._chartSpace for sh in slide.shapes if sh.has_chart]  # noqa: SLF001
    for root in roots:
        for tag in ("rPr", "endParaRPr", "defRPr"):
            for el in root.iter(f"{{{a}}}{tag}"):
                el.set("lang", LANG)
        if root.tag == f"{{{c}}}chartSpace" and root.find(f"{{{c}}}lang") is None:
            lang = etree.SubElement(root, f"{{{c}}}lang")
            lang.set("val", LANG)
            date1904 = root.find(f"{{{c}}}date1904")  # schema order: date1904?, lang?, roundedCorners?, …
            root.remove(lang)
            root.insert(0 if date1904 is None else list(root).index(date1904) + 1, lang)


def deck_for(data, *, template: Path | None | bool = None, progress=None) -> bytes:
    """The deck for a `reports.collect.ReportData`."""
    return build_deck(data.specs, region_name=data.region_name, period_label=data.period_label,
                      key_figures=data.key_figures, subtitle=data.subtitle, scope=data.scope, created=data.created,
                      template=template, progress=progress)


def slide_count(deck: bytes) -> int:
    """The slides of a built deck (the charts without data share one slide: not one per chart)."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(deck)) as z:
        return sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
