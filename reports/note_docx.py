"""«Аналитическая справка по результатам мониторинга» as a .docx (python-docx): the blocks of `reports.note`
(goals → indicators → results → analysis → recommendations → decisions → sources) in Times New Roman on A4."""
from __future__ import annotations

import io
from typing import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from reports import note
from reports.doc_props import set_properties

FONT = "Times New Roman"
GREY = RGBColor(0x55, 0x5F, 0x6B)
IMG_W, IMG_H = 1200, 640  # CSS px of a chart in the note (rendered at scale 2), 16,5 cm wide on the page


def _style(doc: Document) -> None:
    st = doc.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    # the document's language is Russian (spelling, hyphenation), not the template's en-US
    for lang in doc.styles.element.xpath("w:docDefaults/w:rPrDefault/w:rPr/w:lang"):
        lang.set(qn("w:val"), "ru-RU")
        lang.set(qn("w:eastAsia"), "ru-RU")
    for name in ("Title", "Heading 1", "Heading 2", "Caption"):
        try:
            s = doc.styles[name]
        except KeyError:
            continue
        s.font.name = FONT
        rpr = s.element.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:ascii"), FONT)
        rpr.get_or_add_rFonts().set(qn("w:hAnsi"), FONT)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin, sec.right_margin = Cm(2.5), Cm(1.5)
    sec.top_margin = sec.bottom_margin = Cm(2)


def _para(doc, text, *, bold=False, size=None, color=None, align=None, italic=False):
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color
    if align is not None:
        p.alignment = align
    return p


def _table(doc, header: list[str], rows: list[list[str]], numeric_cols: set[int] = frozenset()):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(header):
        cell = t.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(h))
        run.bold = True
        run.font.size = Pt(10)
    for r in rows:
        cells = t.add_row().cells
        for i, v in enumerate(r):
            cells[i].text = ""
            run = cells[i].paragraphs[0].add_run(str(v))
            run.font.size = Pt(10)
            if i in numeric_cols:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return t


def build_note(data, *, chart_png: dict[str, bytes] | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The note (`reports.note.compose`) as .docx bytes for a `reports.collect.ReportData`; charts are rendered
    here unless given."""
    from reports import images

    say = progress or (lambda done, total, what: None)
    if chart_png is None:
        say(0, 3, "Построение изображений для справки")
        shown = note.drawable(data.specs)
        figs = [images.plain_figure(s, IMG_W, IMG_H) for s in shown]
        pngs = images.render_figures(figs, "png", IMG_W, IMG_H, 2) if figs else []
        chart_png = {s.key: b for s, b in zip(shown, pngs)}
    say(1, 3, "Справка")
    doc = Document()
    _style(doc)
    set_properties(doc.core_properties, f"Аналитическая справка: {data.subtitle}")
    for b in note.compose(data):
        _write(doc, b, chart_png)
    say(3, 3, "Готово")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _write(doc, b: note.Block, chart_png: dict[str, bytes]) -> None:
    if b.kind == "title":
        doc.add_heading(b.text, level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif b.kind == "lead":
        _para(doc, b.text, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    elif b.kind in ("h1", "h2"):
        doc.add_heading(b.text, level=1 if b.kind == "h1" else 2)
    elif b.kind in ("line", "p"):
        _para(doc, b.text)
    elif b.kind == "strong":
        _para(doc, b.text, bold=True)
    elif b.kind == "italic":
        _para(doc, b.text, italic=True, color=GREY, size=10)
    elif b.kind in ("muted", "source"):
        _para(doc, b.text, color=GREY, size=9 if b.kind == "source" else 10)
    elif b.kind in ("bullets", "numbered"):
        for item in b.items:
            doc.add_paragraph(item, style="List Bullet" if b.kind == "bullets" else "List Number")
    elif b.kind == "table":
        _table(doc, b.header, b.rows, b.numeric)
    elif b.kind == "figure" and chart_png.get(b.key):
        doc.add_picture(io.BytesIO(chart_png[b.key]), width=Cm(16.5))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _para(doc, b.text, size=10, align=WD_ALIGN_PARAGRAPH.CENTER)
