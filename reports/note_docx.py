"""«Аналитическая справка по результатам мониторинга» as a .docx (python-docx).

Heading, region and period, the key figures with their change against the previous period (Russian plural
forms, numbers `1 234,5`), the summary sentences, one section per chosen chart (the chart as an image and its
numbers as a table: municipalities, levels…), the lagging municipalities and the sources.
"""
from __future__ import annotations

import io
from typing import Callable

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from app.charts import format_cell, series_table
from app.fmt import fmt_date, fmt_int, plural

FONT = "Times New Roman"
GREY = RGBColor(0x55, 0x5F, 0x6B)
IMG_W, IMG_H = 1200, 640  # CSS px of a chart in the note (rendered at scale 2), 16,5 cm wide on the page
MAX_TABLE_ROWS = 80


def fmt_value(v, percent: bool = False) -> str:
    """A cell the Russian way (`app.charts.format_cell`: «1 234», «1 234,5», «—»); shares as «85,3 %»."""
    return format_cell(v, "%" if percent else "", ("%",))


def _style(doc: Document) -> None:
    st = doc.styles["Normal"]
    st.font.name = FONT
    st.font.size = Pt(12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
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


def spec_table(spec) -> tuple[list[str], list[list[str]], set[int]]:
    """The numbers behind a chart as a table (the same `series_table` the chart is drawn from)."""
    if spec.kind == "table":
        df = spec.data.head(MAX_TABLE_ROWS)
        return frame_table(df, percent_cols=set(spec.extra.get("percent_cols", ())))
    if spec.kind == "map":  # the map's numbers: one row per municipality
        df = spec.data
        header = ["Муниципалитет", spec.label(spec.z)]
        rows = [[str(m), fmt_value(v, spec.percent)] for m, v in zip(df["municipality"], df[spec.z])]
        return header, rows[:MAX_TABLE_ROWS], {1}
    if spec.kind == "heatmap":  # rows × columns as drawn
        df = spec.data
        cols = list(pd.unique(df[spec.x]))
        wide = df.pivot_table(index=spec.y, columns=spec.x, values=spec.z, aggfunc="first", sort=False,
                              dropna=False)
        header = [spec.label(spec.y)] + [str(c) for c in cols]
        # a row or column with no value at all (a municipality whose form had no criteria columns) is shown empty
        rows = [[str(r)] + [fmt_value(wide.at[r, c] if c in wide.columns and r in wide.index else None,
                                      spec.percent) for c in cols]
                for r in list(pd.unique(df[spec.y]))[:MAX_TABLE_ROWS]]
        return header, rows, set(range(1, len(header)))
    cats, series = series_table(spec)
    if not cats:
        return [], [], set()
    header = [spec.label(spec.x) or "Категория"] + [name for name, _ in series]
    rows = [[str(c)] + [fmt_value(vals[i], spec.percent) for _, vals in series] for i, c in
            enumerate(cats[:MAX_TABLE_ROWS])]
    return header, rows, set(range(1, len(header)))


def frame_table(df: pd.DataFrame, percent_cols: set[str] = frozenset()):
    header = [str(c) for c in df.columns]
    numeric = set()
    rows = []
    for j, c in enumerate(df.columns):
        if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]):
            numeric.add(j)
    for _, r in df.iterrows():
        rows.append([fmt_value(r[c], percent=str(c) in percent_cols or _looks_share(df, c))
                     if j in numeric else fmt_value(r[c]) for j, c in enumerate(df.columns)])
    return header, rows, numeric


def _looks_share(df: pd.DataFrame, col) -> bool:
    name = str(col).lower()
    if not ("доля" in name or "%" in name or "охват" in name):
        return False
    s = pd.to_numeric(df[col], errors="coerce").dropna()
    return len(s) > 0 and s.between(0, 1).all()


def key_figure_sentence(kf, previous_label: str | None) -> str:
    """«Готовы к реализации профминимума: 90,5 % (19 из 21 ОО); +9,5 п. п. к пред. периоду (1-е полугодие 2024 г.).»"""
    denominator = getattr(kf, "denominator", "") or ""
    text = f"{kf.label}: {kf.text}" + (f" ({denominator})" if denominator else "")
    delta = getattr(kf, "delta_text", "") or ""
    if delta:
        text += f"; {delta}" + (f" ({previous_label})" if previous_label else "")
    elif previous_label:
        text += f"; данных за {previous_label} для сравнения нет"
    return text + "."


def build_note(data, *, chart_png: dict[str, bytes] | None = None,
               progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The note as .docx bytes for a `reports.collect.ReportData`; charts are rendered here unless given."""
    from app.filters import period_label, previous_period
    from reports import images

    say = progress or (lambda done, total, what: None)
    specs = list(data.specs)
    total = len(specs) + 2
    drawable = [s for s in specs if not s.empty and s.kind != "table"]
    if chart_png is None:
        say(0, total, "Построение изображений для справки")
        figs = [images.plain_figure(s, IMG_W, IMG_H) for s in drawable]
        pngs = images.render_figures(figs, "png", IMG_W, IMG_H, 2) if figs else []
        chart_png = {s.key: b for s, b in zip(drawable, pngs)}

    doc = Document()
    _style(doc)
    h = doc.add_heading("Аналитическая справка", level=0)
    h.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _para(doc, "по результатам мониторинга реализации профориентационного минимума", bold=True, size=14,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, f"Регион: {data.region_name}")
    _para(doc, f"Отчётный период: {data.period_label}")
    filters = data.filters
    munis = tuple(getattr(filters, "municipalities", ()) or ())
    if munis:
        _para(doc, f"Муниципалитеты: {', '.join(munis)}")
    level = getattr(filters, "level", None)
    _para(doc, f"Уровень профминимума: {level or 'все уровни'}")
    _para(doc, f"Дата формирования: {fmt_date(data.created)}", color=GREY)

    # 1. Key figures
    prev = previous_period(getattr(filters, "period", None))
    prev_label = period_label(prev) if prev else None
    doc.add_heading("1. Основные показатели", level=1)
    if data.key_figures:
        for kf in data.key_figures:
            doc.add_paragraph(key_figure_sentence(kf, prev_label), style="List Bullet")
        rows = [[kf.label, kf.text, getattr(kf, "denominator", "") or "", getattr(kf, "delta_text", "") or "—"]
                for kf in data.key_figures]
        _table(doc, ["Показатель", "Значение", "База", f"Изменение к периоду «{prev_label or '—'}»"], rows, {1, 3})
    else:
        _para(doc, "Данных за выбранный период нет.")
    for s in data.sentences:
        doc.add_paragraph(s)
    say(1, total, "Основные показатели")

    # 2. Charts with their tables
    doc.add_heading("2. Результаты мониторинга", level=1)
    fig_no = 0
    for i, spec in enumerate(specs):
        doc.add_heading(f"2.{i + 1}. {spec.title}", level=2)
        if spec.subtitle:
            _para(doc, spec.subtitle, italic=True, color=GREY, size=10)
        if spec.empty:
            _para(doc, "Данных за выбранный период нет.")
            continue
        png = chart_png.get(spec.key)
        if png:
            fig_no += 1
            doc.add_picture(io.BytesIO(png), width=Cm(16.5))
            doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _para(doc, f"Рисунок {fig_no}. {spec.title}", size=10, align=WD_ALIGN_PARAGRAPH.CENTER)
        header, rows, numeric = spec_table(spec)
        if rows:
            _table(doc, header, rows, numeric)
            n = (len(spec.data) if spec.kind in ("table", "map") else len(pd.unique(spec.data[spec.y]))
                 if spec.kind == "heatmap" else len(series_table(spec)[0]))
            if n > MAX_TABLE_ROWS:
                _para(doc, f"Показаны первые {MAX_TABLE_ROWS} строк из {fmt_int(n)}.", size=10, color=GREY)
        if spec.source:
            _para(doc, spec.source, size=9, color=GREY)
        say(2 + i, total, spec.title)

    # 3. Lagging municipalities
    doc.add_heading("3. Муниципалитеты, требующие внимания", level=1)
    lag = data.lagging
    if lag is not None and len(lag):
        n = len(lag)
        _para(doc, f"По пороговым значениям мониторинга {plural(n, 'отстаёт', 'отстают', 'отстают')} "
                   f"{fmt_int(n)} {plural(n, 'муниципалитет', 'муниципалитета', 'муниципалитетов')}.")
        header, rows, numeric = frame_table(lag.head(MAX_TABLE_ROWS))
        _table(doc, header, rows, numeric)
    else:
        _para(doc, "Муниципалитетов ниже пороговых значений нет.")

    # 4. The projection to the end of the school year
    doc.add_heading("4. Рискуют не достичь цели к концу учебного года", level=1)
    risk = data.at_risk
    if data.at_risk_note:
        _para(doc, data.at_risk_note, size=10, color=GREY)
    if risk is not None and len(risk):
        n = risk["Муниципалитет"].nunique()
        _para(doc, f"При нынешнем темпе не достигнут целевых значений к 31 августа {fmt_int(n)} "
                   f"{plural(n, 'муниципалитет', 'муниципалитета', 'муниципалитетов')} "
                   f"({fmt_int(len(risk))} {plural(len(risk), 'показатель', 'показателя', 'показателей')}); "
                   "наибольшие отставания:")
        header, rows, numeric = frame_table(risk.head(MAX_TABLE_ROWS))
        _table(doc, header, rows, numeric)
    else:
        _para(doc, "Прогноза отставаний нет: все муниципалитеты при нынешнем темпе достигают целевых значений, "
                   "или для прогноза недостаточно данных.")

    # 5. Sources
    doc.add_heading("5. Источники данных", level=1)
    sources = list(dict.fromkeys(s.source for s in specs if s.source))
    for src in sources or ["Формы мониторинга, загруженные в систему."]:
        doc.add_paragraph(src, style="List Bullet")
    say(total, total, "Готово")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
