"""Static chart images (PNG / SVG) rendered server-side by kaleido with the system Chromium.

One kaleido sync server per process (a browser with one tab, started on first use and kept), one process-wide
lock serialising every export (the sync server is not thread-safe: plotly/Kaleido#444), a per-image timeout,
no MathJax (no CDN), the plotly.js `ru` locale registered in the page and `separators=", "` on every figure.

The exported image carries the chart's title, the active filters as subtitle and the source line: they are added
to a COPY of the page's figure (`export_figure`), so the dashboard's figure is never changed.
"""
from __future__ import annotations

import atexit
import copy
import dataclasses
import math
import os
import re
import shutil
import tempfile
import textwrap
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import plotly.graph_objects as go



def silence_kopts_warning() -> None:
    """While the sync server runs, plotly's own `to_image` passes `kopts` and kaleido warns on every call."""
    warnings.filterwarnings("ignore", message=".*kopts argument is ignored.*", category=UserWarning)


silence_kopts_warning()

FORMATS = ("png", "svg")
MIME = {"png": "image/png", "svg": "image/svg+xml"}
DEFAULT_SCALE = 2


@dataclass(frozen=True)
class ImageSize:
    key: str
    label: str  # Russian, shown in the size selector
    width: int  # CSS pixels; the PNG is width × scale pixels wide
    height: int


SIZES: dict[str, ImageSize] = {s.key: s for s in (
    ImageSize("fullhd", "1920×1080 (по умолчанию)", 1920, 1080),
    ImageSize("slide169", "Слайд 16:9", 1280, 720),  # 13,33 × 7,5 дюйма при 96 точках на дюйм
    ImageSize("slide43", "Слайд 4:3", 1024, 768),  # 10 × 7,5 дюйма
    ImageSize("a4", "A4 книжная", 794, 1123),  # 210 × 297 мм
)}
DEFAULT_SIZE = "fullhd"

class ExportError(RuntimeError):
    """An image could not be made; `str(e)` is a Russian message for the user."""


def export_timeout() -> float:
    """Seconds one image may take (and how long an export waits for the lock), env MONITORING_EXPORT_TIMEOUT."""
    return float(os.environ.get("MONITORING_EXPORT_TIMEOUT", "60"))


# ---------------------------------------------------------------------------------------------------------
# The process-wide server and lock
# ---------------------------------------------------------------------------------------------------------
_LOCK = threading.RLock()  # serialises every export in this process (Streamlit runs sessions in threads)
_locale_dir: Path | None = None


def _locale_script() -> Path:
    global _locale_dir
    if _locale_dir is None:
        _locale_dir = Path(tempfile.mkdtemp(prefix="monitoring-plotly-ru-"))
        atexit.register(shutil.rmtree, _locale_dir, True)
    path = _locale_dir / "plotly-locale-ru.js"
    if not path.exists():
        from app.theme import ru_locale_js  # the one Russian plotly.js locale of the product

        path.write_text(ru_locale_js() + "\nPlotly.setPlotConfig({locale: 'ru'});\n", encoding="utf-8")
    return path


def _server():
    import kaleido

    return kaleido._global_server  # the library's process-wide singleton  # noqa: SLF001


def server_running() -> bool:
    srv = _server()
    return srv.is_running() and getattr(srv, "_thread", None) is not None and srv._thread.is_alive()  # noqa: SLF001


OFFLINE_BROWSER = Path(__file__).with_name("chromium_offline.sh")


def use_offline_browser() -> None:
    """kaleido starts Chromium through reports/chromium_offline.sh (no lookup of any outside host); a browser
    the administrator set in BROWSER_PATH becomes the real one behind it."""
    current = os.environ.get("BROWSER_PATH")
    if current and Path(current) != OFFLINE_BROWSER:
        os.environ["MONITORING_CHROMIUM"] = current
    os.environ["BROWSER_PATH"] = str(OFFLINE_BROWSER)


def ensure_server() -> None:
    """Start the kaleido sync server once per process (restart it if its browser thread died)."""
    import kaleido

    with _LOCK:
        srv = _server()
        if server_running():
            return
        if srv.is_running():  # thread died (browser crashed): reset the singleton, then start again
            srv.close(silence_warnings=True)
        # MathJax off (the page would otherwise load it from a CDN); passed through the page generator because
        # kaleido refuses `mathjax=` together with `page_generator=`.
        page = kaleido.PageGenerator(mathjax=False, others=[(str(_locale_script()), "utf-8")])
        use_offline_browser()
        kaleido.start_sync_server(page_generator=page, timeout=export_timeout(), silence_warnings=True)
        silence_kopts_warning()


def stop_server() -> None:
    """Close the browser (the CLI does so before exiting). Chromium's last words on the pipe are sometimes cut,
    which choreographer logs as an ignored JSONError traceback: keep that out of the user's terminal."""
    import logging

    import kaleido

    pipe_log = logging.getLogger("choreographer.channels.pipe")
    level = pipe_log.level
    with _LOCK:
        pipe_log.setLevel(logging.CRITICAL)
        try:
            kaleido.stop_sync_server(silence_warnings=True)
        finally:
            pipe_log.setLevel(level)


def _acquire():
    if not _LOCK.acquire(timeout=export_timeout()):
        raise ExportError("Сервер выгрузки изображений занят другой выгрузкой. Повторите попытку через минуту.")


# ---------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------
def _check(fmt: str) -> str:
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    return fmt


def render_figures(figs: list[go.Figure | dict], fmt: str = "png", width: int | None = None,
                   height: int | None = None, scale: float = DEFAULT_SCALE) -> list[bytes]:
    """Render many figures in ONE kaleido call (one browser, already running); returns bytes in order."""
    import kaleido

    fmt = _check(fmt)
    if not figs:
        return []
    _acquire()
    try:
        ensure_server()
        with tempfile.TemporaryDirectory(prefix="monitoring-export-") as tmp:
            jobs = []
            for i, fig in enumerate(figs):
                opts = {"format": fmt, "scale": scale}
                if width:
                    opts["width"] = width
                if height:
                    opts["height"] = height
                jobs.append({"fig": fig, "path": Path(tmp) / f"{i:04d}.{fmt}", "opts": opts})
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", UserWarning)
                    kaleido.write_fig_from_object_sync(jobs, cancel_on_error=True)
            except Exception as e:  # noqa: BLE001 - any kaleido/browser failure becomes a Russian message
                if not server_running():
                    _server().close(silence_warnings=True)
                raise ExportError("Не удалось построить изображение. Повторите попытку; если ошибка повторится, "
                                  "сообщите администратору (подробности — в журнале панели).") from e
            return [Path(j["path"]).read_bytes() for j in jobs]
    finally:
        _LOCK.release()


def render_figure(fig: go.Figure | dict, fmt: str = "png", width: int | None = None, height: int | None = None,
                  scale: float = DEFAULT_SCALE) -> bytes:
    return render_figures([fig], fmt, width, height, scale)[0]


# ---------------------------------------------------------------------------------------------------------
# The export copy of a chart: title, filters subtitle, source line
# ---------------------------------------------------------------------------------------------------------
EDGE = 30  # px from the image's left and right edges to its title and source line


def _wrap(text: str, width_px: int, font_px: float) -> str:
    chars = max(20, int(width_px / (font_px * 0.62)))  # DejaVu Sans, Cyrillic, with a margin
    return "<br>".join(textwrap.wrap(text, chars)) if len(text) > chars else text


def _tpl(fig: go.Figure, *path):
    """A value from the figure's layout, else from its template's layout (None if neither sets it)."""
    for root in (fig.layout, fig.layout.template.layout if fig.layout.template is not None else None):
        obj = root
        for name in path:
            obj = getattr(obj, name, None) if obj is not None else None
        if obj is not None:
            return obj
    return None


def _font_size(fig: go.Figure, default: float = 14) -> float:
    return float(_tpl(fig, "font", "size") or default)


def _text_px(text: str, font_px: float) -> float:
    longest = max((len(part) for part in str(text).split("<br>")), default=0)
    return longest * font_px * 0.68  # DejaVu Sans, Cyrillic: about 0,65 em per letter


def _bottom_axis_px(fig: go.Figure, plot_w: float) -> float:
    """Height the bottom x axis needs (tick labels, possibly rotated, and its title): an over-estimate, so the
    source line placed below it never overlaps and plotly's automargin has nothing to add."""
    cartesian = [t for t in fig.data if t.type not in ("pie", "table", "sunburst", "treemap", "indicator")]
    if not cartesian or fig.layout.xaxis.visible is False:
        return 0.0
    tick_px = float(_tpl(fig, "xaxis", "tickfont", "size") or _font_size(fig))
    labels = []
    for t in cartesian:
        if t.type == "bar" and t.orientation == "h":
            continue
        xs = getattr(t, "x", None)
        if xs is not None:
            labels += [str(v) for v in xs if isinstance(v, str)]
    labels = list(dict.fromkeys(labels))
    if any((t.type == "heatmap" and t.showscale is not False)
           or getattr(getattr(t, "marker", None), "showscale", None) for t in cartesian):
        plot_w -= 120  # a colour bar takes part of the width
    if labels:
        longest = max(_text_px(lab, tick_px) for lab in labels)
        per_cat = plot_w / len(labels)
        lines = max(lab.count("<br>") + 1 for lab in labels)
        angle = _tpl(fig, "xaxis", "tickangle")
        if isinstance(angle, (int, float)) and angle % 180:
            rad = math.radians(abs(angle) % 180)
            ext = longest * abs(math.sin(rad)) + tick_px * 1.3 * abs(math.cos(rad)) + 10
        elif longest + 30 <= per_cat:
            ext = tick_px * 1.4 * lines + 8
        elif per_cat >= tick_px * 2.2:  # plotly turns the labels by 30°
            ext = longest * 0.5 + tick_px * 1.5 + 8
        else:  # by 90°
            ext = longest + 12
    else:
        ext = tick_px * 1.6 + 8
    title = _tpl(fig, "xaxis", "title", "text")
    if title:
        ext += float(_tpl(fig, "xaxis", "title", "font", "size") or tick_px) * 1.4 * (str(title).count("<br>") + 1) + 12
    return ext


def _legend_on_top_px(fig: go.Figure) -> float:
    """Height of a horizontal legend sitting above the plot area (the template puts it there)."""
    shown = [t for t in fig.data if t.type not in ("pie", "table") and getattr(t, "showlegend", None) is not False]
    if fig.layout.showlegend is False or (len(shown) < 2 and fig.layout.showlegend is not True):
        return 0.0
    y = _tpl(fig, "legend", "y")
    if _tpl(fig, "legend", "orientation") != "h" or y is None or y < 1:
        return 0.0
    return float(_tpl(fig, "legend", "font", "size") or _font_size(fig)) * 1.9 + 6


def _row_names(fig: go.Figure) -> list[str]:
    """The names of the rows of horizontal bars and heatmaps, once each, in order."""
    cats: list[str] = []
    for t in fig.data:
        if (t.type == "bar" and t.orientation == "h") or t.type == "heatmap":
            ys = getattr(t, "y", None)
            if ys is not None:
                cats += [str(v) for v in ys]
    return list(dict.fromkeys(cats))


def _all_row_labels(fig: go.Figure, plot_h: float) -> None:
    """Horizontal bars and heatmaps with many rows (60 municipalities): plotly would label every second row;
    an exported image must name every municipality, so label all rows with a font that fits the row."""
    n = len(_row_names(fig))
    if n < 2:
        return
    tick_px = float(_tpl(fig, "yaxis", "tickfont", "size") or _font_size(fig))
    # (names wrapped to two lines need two lines of the row: 17 events' names were printed over each other — t84)
    lines = max((str(t).count("<br>") + 1 for t in (fig.layout.yaxis.ticktext or ())), default=1)
    row = plot_h / n / lines
    if row >= tick_px * 1.6:
        return
    font = dict(size=max(7, min(tick_px, int(row / 1.2))))
    if fig.layout.yaxis.tickmode == "array":  # every row has its (shortened) label already
        fig.update_yaxes(tickfont=font)
    else:
        fig.update_yaxes(tickmode="linear", tick0=0, dtick=1, tickfont=font)


def _row_names_px(fig: go.Figure) -> float:
    """The left margin the rows' names take as they are (0 with no named rows)."""
    cats = _row_names(fig)
    tick_px = float(_tpl(fig, "yaxis", "tickfont", "size") or _font_size(fig))
    return max((_text_px(c, tick_px) for c in cats), default=-16) + 16


def _row_labels_px(fig: go.Figure, width: int) -> float | None:
    """Rows named by long texts (an event's full name, a school's): each label wrapped to two lines of at most a
    third of the image and cut with «…» beyond, every row labelled, and the left margin they need returned (None
    when no row label is long): plotly would otherwise widen the margin by itself, pushing the title and the
    source line placed from it off the picture."""
    cats = _row_names(fig)
    tick_px = float(_tpl(fig, "yaxis", "tickfont", "size") or _font_size(fig))
    limit = width / 3
    if not cats or max(_text_px(c, tick_px) for c in cats) <= limit:
        return None
    chars = max(12, int(limit / (tick_px * 0.68)))

    def short(text: str) -> str:
        lines = textwrap.wrap(text, chars) or [text]
        if len(lines) > 2:
            lines = [lines[0], lines[1][:chars - 1].rstrip() + "…"]
        return "<br>".join(lines)

    shown = [short(c) for c in cats]
    fig.update_yaxes(tickmode="array", tickvals=cats, ticktext=shown, automargin=False)
    return max(_text_px(x, tick_px) for x in shown) + 16


def decorate(fig: go.Figure, title: str, subtitle: str = "", source: str = "",
             size: ImageSize | None = None) -> go.Figure:
    """Return a copy of `fig` with the title, subtitle and source line placed for a stand-alone image.

    The margins are computed here in pixels (title block + legend on top; x axis + source line at the bottom),
    because annotations have no container reference: the source line hangs below the plot area by a fixed
    number of pixels, which is exact only when plotly does not have to grow the margins itself.
    """
    size = size or SIZES[DEFAULT_SIZE]
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    base = _font_size(out)
    title_px, sub_px, src_px = round(base * 1.45), round(base * 1.0), round(base * 0.85)
    m = out.layout.margin
    # (rows named by texts too short to be wrapped still need their width: plotly widened the margin by itself and
    # the source line, placed from this margin, ran off the picture's right edge — tester round t84)
    left = max(m.l if m.l is not None else 60, 30, _row_labels_px(out, size.width) or _row_names_px(out))
    right = max(m.r if m.r is not None else 30, 30)
    usable = size.width - left - right  # the plot area
    text_w = size.width - 2 * EDGE  # the title, the filters and the source read from the image's left edge
    title_html = f"<b>{_wrap(title, text_w, title_px)}</b>" if title else ""
    sub_html = _wrap(subtitle, text_w, sub_px) if subtitle else ""
    src_html = _wrap(source, text_w, src_px) if source else ""
    n_title = title_html.count("<br>") + 1 if title else 0
    n_sub = sub_html.count("<br>") + 1 if subtitle else 0
    n_src = src_html.count("<br>") + 1 if source else 0
    head = 20 + n_title * title_px * 1.3 + (n_sub * sub_px * 1.35 + 10 if subtitle else 0) + 14
    axis = _bottom_axis_px(out, usable)
    axis_on_top = _tpl(out, "xaxis", "side") == "top"
    top = head + _legend_on_top_px(out) + (axis if axis_on_top else 0)
    if axis_on_top:
        axis = 0.0
    if any(t.type == "pie" for t in out.data):  # labels outside the slices need room above and below
        top += base * 2.8
        axis = max(axis, base * 2.8)
    src_h = n_src * src_px * 1.35 + 14 if source else 0
    bottom = max(axis + src_h + 10, m.b if m.b is not None else 20)
    out.update_layout(
        width=size.width, height=size.height, separators=", ", autosize=False,
        title=dict(text=title_html, subtitle=dict(text=sub_html, font=dict(size=sub_px, color="#555")),
                   font=dict(size=title_px), x=EDGE / size.width, xref="container", xanchor="left",
                   y=1 - 18 / size.height,
                   yref="container", yanchor="top", automargin=False),
        margin=dict(t=top, b=bottom, l=left, r=right, autoexpand=True),
    )
    _all_row_labels(out, size.height - top - bottom)
    if source:
        # (an annotation has no container reference: the image's left edge in the plot area's coordinates)
        out.add_annotation(text=src_html, showarrow=False, xref="paper", yref="paper",
                           x=-(left - EDGE) / max(usable, 1), xanchor="left",
                           y=0, yanchor="top", yshift=-(axis + 8), align="left",
                           font=dict(size=src_px, color="#555"))
    return out


def plain_figure(spec, width: int, height: int) -> go.Figure:
    """A copy of the page's figure without its own title, for a slide or a note where the title is text
    (a long table is cut to the rows that fit: `table_rows_fit`)."""
    from app.charts import build_figure

    if spec.kind == "table" and not spec.empty:
        fit = table_rows_fit(spec.data, width - 20, height - 20)
        if fit < len(spec.data):
            spec = dataclasses.replace(spec, data=spec.data.head(fit))
    out = go.Figure(copy.deepcopy(build_figure(spec).to_dict()))
    out.update_layout(width=width, height=height, separators=", ", autosize=False, title=dict(text=""))
    m = out.layout.margin
    rows_left = _row_labels_px(out, width)
    if rows_left and rows_left > (m.l or 0):
        out.update_layout(margin=dict(l=rows_left))
    _all_row_labels(out, height - (m.t if m.t is not None else 80) - (m.b if m.b is not None else 80) - 40)
    return out


def export_figure(spec, size: ImageSize | str | None = None) -> go.Figure:
    """The page's figure for a ChartSpec, decorated for export (title, filters, source)."""
    from app.charts import build_figure, for_slide

    if isinstance(size, str) or size is None:
        size = SIZES[size or DEFAULT_SIZE]
    spec = for_slide(spec)  # an image names at most 15 bars legibly; the page keeps the full ranking
    source = spec.source
    if spec.kind == "map" and not spec.empty:  # the tiles' labels are sized for the image's plot area
        spec = dataclasses.replace(spec, extra={**spec.extra, "height": size.height - 110})
    if spec.kind == "table" and not spec.empty:
        fit = table_rows_fit(spec.data, size.width - 60, size.height - 190)
        if fit < len(spec.data):  # draw exactly the rows that fit, and say so
            source += f" · На изображении первые {fit} строк из {len(spec.data)}; полная таблица — на странице"
            spec = dataclasses.replace(spec, data=spec.data.head(fit))
    return decorate(build_figure(spec), spec.title, spec.subtitle, source, size)


def table_rows_fit(df, width_px: float, height_px: float, cell_font: float = 13, header_px: float = 34,
                   row_px: float = 28) -> int:
    """How many rows of a plotly table (as app.charts draws it) fit into the given plot area: long texts wrap
    in their column and make their row taller."""
    if df is None or not len(df.columns):
        return 0
    col_w = max(40.0, width_px / len(df.columns))
    per_line = max(1, int((col_w - 16) / (cell_font * 0.62)))
    used, n = header_px, 0
    for row in df.itertuples(index=False):
        lines = max(math.ceil(len(str(v)) / per_line) if v is not None else 1 for v in row)
        h = max(row_px, lines * cell_font * 1.35 + 10)
        if used + h > height_px:
            break
        used += h
        n += 1
    return n


def chart_image(spec, fmt: str = "png", size: ImageSize | str | None = None, scale: float = DEFAULT_SCALE) -> bytes:
    """One chart as PNG or SVG bytes (what the «PNG» / «SVG» buttons under a chart deliver)."""
    if isinstance(size, str) or size is None:
        size = SIZES[size or DEFAULT_SIZE]
    return render_figure(export_figure(spec, size), fmt, size.width, size.height, scale)


def without_empty(specs: list) -> tuple[list, list[str]]:
    """The charts with something to draw, and for the others «title — why» (the chart's own reason, as on the
    dashboard): an export makes no empty picture or slide of them, it names them once."""
    return [s for s in specs if not s.empty], [f"{s.title} — {s.empty_message}" for s in specs if s.empty]


def chart_images(specs: Iterable, fmt: str = "png", size: ImageSize | str | None = None,
                 scale: float = DEFAULT_SCALE, progress: Callable[[int, int], None] | None = None,
                 chunk: int = 4) -> list[bytes]:
    """Many charts, rendered in batches by the one server; `progress(done, total)` after each batch."""
    if isinstance(size, str) or size is None:
        size = SIZES[size or DEFAULT_SIZE]
    figs = [export_figure(s, size) for s in specs]
    out: list[bytes] = []
    step = max(1, chunk) if progress else max(1, len(figs))
    for i in range(0, len(figs), step):
        out.extend(render_figures(figs[i:i + step], fmt, size.width, size.height, scale))
        if progress:
            progress(len(out), len(figs))
    return out


_SHORT = [(re.compile(r"\bобласть\b"), "обл"), (re.compile(r"\bквартал\b"), "кв"),
          (re.compile(r"\bполугодие\b"), "полуг"), (re.compile(r"(?<=\d)\s*г\.(?=\s|$)"), ""),
          (re.compile(r"\bвсе (уровни|муниципалитеты)\b"), "")]


def russian_name(what: str, filters_text: str, fmt: str, default: str) -> str:
    """A Russian file name a person recognises and Windows accepts: what it is and its filters, shortened
    («Готовность_ОО_по_уровням_Московская_обл_IV_кв_2024.png», «Аналитическая_справка_Московская_обл_…docx»)."""
    from etl.filenames import safe_file_name

    for rx, to in _SHORT:
        filters_text = rx.sub(to, filters_text)
    def words(t: str, limit: int) -> str:  # whole words up to `limit` bytes
        out = ""
        for w in re.sub(r"[<>:\"/\\|?*«»“”„'`.,;!()\[\]{}·—–-]+", " ", t).split():
            if out and len(f"{out}_{w}".encode()) > limit:
                break
            out = f"{out}_{w}" if out else w
        return out

    # its filters whole (up to 110 bytes), what it is in the rest: files of one chart for two periods, two
    # municipalities never share a name (a name of 240 bytes leaves room for «01_» within the systems' 255)
    where = words(filters_text, 110)
    base = "_".join(x for x in (words(what, 236 - len(where.encode()) - len(fmt)), where) if x) or default
    return safe_file_name(f"{base}.{fmt}", default=f"{default}.{fmt}", max_bytes=240)


def file_name(spec, fmt: str) -> str:
    """A chart's file: its title and its filters."""
    return russian_name(spec.title, spec.subtitle or "", fmt, spec.key)


DOCUMENT_TITLES = {"pptx": "Мониторинг профминимума", "docx": "Аналитическая справка", "pdf": "Аналитическая справка",
                   "zip": "Графики"}


def document_name(kind: str, filters_text: str, fmt: str | None = None) -> str:
    """The deck, the note or the charts' archive of an export: «Аналитическая_справка_Московская_обл_IV_кв_2024.docx»,
    «Графики_…_png.zip» (`fmt` the images' format)."""
    what = DOCUMENT_TITLES[kind] + (f" {fmt.upper()}" if fmt else "")
    return russian_name(what, filters_text, kind, {"pptx": "prezentaciya", "docx": "spravka", "pdf": "spravka",
                                                      "zip": "grafiki"}[kind])
