"""The analytical note as PDF: the blocks of `reports.note` as one HTML page (charts as inline SVG images, tables
with headers that repeat on every page, «Страница N из M» in the page margin) printed to A4 by Debian's Chromium,
offline, through reports/chromium_offline.sh. Chromium embeds the fonts it uses (Liberation/DejaVu, with
Cyrillic). Every text is escaped: nothing from a file becomes markup or a link; the page may load nothing.
"""
from __future__ import annotations

import base64
import html
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

from reports import images, note

IMG_W, IMG_H = 1100, 600  # CSS px of a chart, drawn across the text width

CSS = """
@page { size: A4; margin: 18mm 15mm 20mm 25mm;
  @bottom-center { content: "Страница " counter(page) " из " counter(pages);
                   font: 9pt "Liberation Serif", "DejaVu Serif", serif; color: #555; } }
html { font-family: "Liberation Serif", "Times New Roman", "DejaVu Serif", serif; font-size: 12pt; color: #111; }
body { margin: 0; }
h1.title { text-align: center; font-size: 20pt; margin: 0 0 4pt; }
p.lead { text-align: center; font-weight: bold; font-size: 14pt; margin: 0 0 12pt; }
h2 { font-size: 15pt; margin: 16pt 0 6pt; break-after: avoid; }
h3 { font-size: 12.5pt; margin: 12pt 0 4pt; break-after: avoid; }
p { margin: 3pt 0; text-align: justify; }
p.line { margin: 1pt 0; text-align: left; }
p.muted, p.source { color: #555; font-size: 10pt; }
p.source { font-size: 9pt; }
p.italic { color: #555; font-size: 10pt; font-style: italic; }
p.strong { font-weight: bold; margin-top: 8pt; break-after: avoid; }
ul, ol { margin: 3pt 0 3pt 18pt; padding: 0; }
li { margin: 2pt 0; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 9.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { background: #E8EDF3; text-align: left; }
th, td { border: 0.75pt solid #8a949e; padding: 2pt 4pt; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
figure { margin: 6pt 0; break-inside: avoid; text-align: center; }
div.keep { break-inside: avoid; }
td.long { min-width: 45mm; }
figure img { width: 100%; }
figcaption { font-size: 10pt; }
"""


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _block_html(b: note.Block, svgs: dict[str, bytes]) -> str:
    tags = {"lead": "p", "line": "p", "p": "p", "muted": "p", "source": "p", "italic": "p", "strong": "p"}
    if b.kind == "title":
        return f'<h1 class="title">{_e(b.text)}</h1>'
    if b.kind in ("h1", "h2"):
        return f'<{"h2" if b.kind == "h1" else "h3"}>{_e(b.text)}</{"h2" if b.kind == "h1" else "h3"}>'
    if b.kind in tags:
        return f'<p class="{b.kind}">{_e(b.text)}</p>'
    if b.kind in ("bullets", "numbered"):
        tag = "ul" if b.kind == "bullets" else "ol"
        return f"<{tag}>" + "".join(f"<li>{_e(i)}</li>" for i in b.items) + f"</{tag}>"
    if b.kind == "table":
        head = "".join(f"<th>{_e(h)}</th>" for h in b.header)
        body = "".join("<tr>" + "".join(f"<td{_cell_class(j in b.numeric, c)}>{_e(c)}</td>"
                                        for j, c in enumerate(r)) + "</tr>" for r in b.rows)
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if b.kind == "figure" and svgs.get(b.key):
        src = "data:image/svg+xml;base64," + base64.b64encode(svgs[b.key]).decode("ascii")
        return f'<figure><img src="{src}" alt="{_e(b.text)}"><figcaption>{_e(b.text)}</figcaption></figure>'
    return ""


def _cell_class(numeric: bool, text) -> str:
    """A number right-aligned; a long text («Причина»: several reasons) given room, not a word per line."""
    return " class=num" if numeric else " class=long" if len(str(text)) > 40 else ""


def note_html(data, svgs: dict[str, bytes]) -> str:
    """The whole note as one self-contained HTML page (it may load nothing: images are data: URIs). A chart's
    heading, its filters line and the chart stay on one page."""
    parts, keep = [], []
    for b in note.compose(data):
        if keep and b.kind not in ("italic", "figure"):
            parts.append('<div class="keep">' + "".join(keep) + "</div>")
            keep = []
        html_b = _block_html(b, svgs)
        (keep if b.kind == "h2" or keep else parts).append(html_b)
    if keep:
        parts.append('<div class="keep">' + "".join(keep) + "</div>")
    body = "\n".join(parts)
    return ("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'\">"
            f"<title>Аналитическая справка</title><style>{CSS}</style></head><body>{body}</body></html>")


def print_pdf(page: str, timeout: float | None = None) -> bytes:
    """Print an HTML page to PDF with the offline Chromium (a new headless browser, its own profile)."""
    with tempfile.TemporaryDirectory(prefix="monitoring-pdf-") as tmp:
        src, out = Path(tmp) / "note.html", Path(tmp) / "note.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [str(images.OFFLINE_BROWSER), "--headless", "--disable-gpu", f"--user-data-dir={tmp}/profile",
               "--no-pdf-header-footer", "--no-first-run", f"--print-to-pdf={out}", src.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout or images.export_timeout() * 2, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            raise images.ExportError("Не удалось сформировать PDF: браузер Chromium не запустился или не ответил "
                                     "вовремя. Повторите попытку; если ошибка повторится, сообщите "
                                     "администратору.") from e
        if not out.exists() or out.stat().st_size == 0:
            raise images.ExportError("Не удалось сформировать PDF: браузер Chromium не создал файл. Сообщите "
                                     "администратору (нужен пакет chromium).")
        return out.read_bytes()


def build_pdf(data, *, progress: Callable[[int, int, str], None] | None = None) -> bytes:
    """The note (`reports.note.compose`) as PDF bytes for a `reports.collect.ReportData`."""
    say = progress or (lambda done, total, what: None)
    say(0, 3, "Построение изображений для справки")
    shown = note.drawable(data.specs)
    figs = [images.plain_figure(s, IMG_W, IMG_H) for s in shown]
    svgs = dict(zip((s.key for s in shown), images.render_figures(figs, "svg", IMG_W, IMG_H, 1) if figs else []))
    say(1, 3, "Вёрстка PDF")
    pdf = print_pdf(note_html(data, svgs))
    say(3, 3, "Готово")
    return pdf
