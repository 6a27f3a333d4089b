"""Chart specifications and pure chart builders (DataFrame → plotly figure).

Pages and exports build the same `ChartSpec`s (one function per chart in `app/specs.py`) and turn them into
figures here, so a slide shows exactly what the page shows. PowerPoint native charts are made from
`series_table(spec)`, the same categories and series the plotly builders draw.
"""
from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from app import theme
from app.fmt import fmt_date, fmt_int, fmt_num, fmt_pct
from etl.textru import plural

CHART_KINDS = ("bar", "hbar", "stacked", "line", "pie", "heatmap", "map", "table")
NATIVE_KINDS = ("bar", "hbar", "stacked", "line", "pie")  # drawn as editable PowerPoint charts


@dataclass
class ChartSpec:
    """Everything needed to draw one chart, on a page, in an image, on a slide or in a note.

    Data shape by kind:
    - bar / hbar / line / stacked: `x` is the category column, `y` the value column; with `series` the data is
      long (one row per category × series). Category and series order = order of first appearance in `data`
      (sort the frame in the spec function, not in the builder).
    - pie: `x` names, `y` values.
    - heatmap: `x` column-axis categories, `y` row-axis categories, `z` the cell value.
    - map: rows with `municipality` and the value column `z`; `extra` has `region` and `thresholds` (lo, hi).
    - table: `data` as it should be shown (Russian column names).
    """

    key: str  # stable id, e.g. 'readiness_levels' (file names of exports)
    title: str  # Russian
    kind: str  # one of CHART_KINDS
    data: pd.DataFrame
    x: str | None = None
    y: str | None = None
    series: str | None = None
    z: str | None = None
    subtitle: str = ""  # the active filters, Russian («Московская область · III квартал 2023 г. · все уровни»)
    source: str = ""  # «Источник: …, загрузки № 12, 15; данные на 15.09.2023»
    unit: str = ""  # 'чел.', '%', 'ОО'
    labels: dict[str, str] = field(default_factory=dict)  # column → Russian axis / legend label
    percent: bool = False  # values are shares 0..1 shown as percent
    # values add up (counts): a slide names the largest and says the sum of the others; a rate (per 100,
    # a share), a change in points never sums
    additive: bool = True
    colors: dict[str, str] = field(default_factory=dict)  # series/category value → colour (levels, types)
    target: float | None = None  # a target line (same units as y)
    # what the line is: «Цель» (a target of the school year, targets.csv) or «Порог» (a threshold the monitoring
    # judges by, thresholds.csv) — one indicator is never shown against two different «цели»
    target_label: str = "Цель"
    extra: dict[str, Any] = field(default_factory=dict)
    orientation: str = "v"  # stacked / line: 'h' draws categories on the vertical axis (hbar is always 'h')
    empty_message: str = "Нет данных для выбранных фильтров"  # shown instead of an empty chart

    @property
    def empty(self) -> bool:
        return self.data is None or self.data.empty

    def label(self, col: str | None) -> str:
        return "" if col is None else self.labels.get(col, col)


def series_table(spec: ChartSpec) -> tuple[list, list[tuple[str, list]]]:
    """Categories and named value series of a bar/hbar/stacked/line/pie spec, in display order.

    The single place that turns spec data into chart series: used by the plotly builders and by the
    native PowerPoint charts, so both show the same numbers.
    """
    df = spec.data
    if df is None or df.empty:
        return [], []
    cats = list(pd.unique(df[spec.x]))
    if spec.series is None or spec.kind == "pie":
        vals = df.groupby(spec.x, sort=False)[spec.y].sum(min_count=1)
        return cats, [(spec.label(spec.y), [_num(vals.get(c)) for c in cats])]
    names = list(pd.unique(df[spec.series]))
    # (a category with no value of a series — a month with no roadmap item — stays empty, not 0: t88)
    wide = df.groupby([spec.x, spec.series], sort=False)[spec.y].sum(min_count=1).unstack(spec.series)
    out = []
    for s in names:
        col = wide[s] if s in wide.columns else pd.Series(dtype=float)
        out.append((str(s), [_num(col.get(c)) for c in cats]))
    return cats, out


def _num(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------------------------
# Builders: ChartSpec → plotly figure (pure; no Streamlit, no database). Titles, the filters line and the
# source line are NOT drawn here: the page shows them around the chart and the image export adds them.

ROW_PX = 30  # height per category on horizontal charts


def _is_int_series(spec: ChartSpec) -> bool:
    vals = [v for _, vs in series_table(spec)[1] for v in vs if v is not None]
    return all(float(v).is_integer() for v in vals) if vals else True


def _tick_format(spec: ChartSpec) -> str:
    """The value axis's tick format in d3 syntax (separators=', ' makes it Russian); a share's axis has its ticks
    written out (`_percent_axis`), hovers and labels are written by app.fmt."""
    if spec.percent:
        return ".0%"
    return ",.0f" if _is_int_series(spec) else ",.1f"


# a unit that is a noun agrees with its number: «1 договор», «2 договора», «5 договоров» (a hover said «2 договоров»)
_NOUN_UNITS = {"договоров": ("договор", "договора", "договоров"),
               "мероприятий": ("мероприятие", "мероприятия", "мероприятий")}


def _unit(spec: ChartSpec, v=None) -> str:
    if spec.percent or not spec.unit:
        return ""
    forms = _NOUN_UNITS.get(spec.unit)
    if forms and v is not None and float(v).is_integer():
        return "\u00a0" + plural(int(v), *forms)
    return "\u00a0" + (forms[1] if forms and v is not None else spec.unit)  # («2,5 договора»)


def _hover(spec: ChartSpec, vals, whole: bool) -> list[str]:
    """Each value as a hover shows it, written by app.fmt: «90,3 %», «1 234 чел.», «2 договора» (d3 puts no space
    before %)."""
    return [label_text(v, spec, whole) + _unit(spec, v) if v is not None else "" for v in vals]


def _percent_axis(top: float) -> dict:
    """A share axis from 0 to `top` with its ticks written by app.fmt: «0 %», «20 %» … (not d3's «20%»)."""
    step = 0.2 if top > 0.5 else 0.1
    ticks = [t for t in (round(i * step, 10) for i in range(int(top / step + 1e-9) + 1)) if t <= 1.0]
    return dict(tickmode="array", tickvals=ticks, ticktext=[fmt_pct(t, 0) for t in ticks])


def _base_layout(fig: go.Figure, height: int) -> go.Figure:
    theme.apply(fig)
    fig.update_layout(height=height, margin=dict(t=50, b=40, l=10, r=30), hovermode="closest")
    return fig


def empty_figure(message: str = "Нет данных для выбранных фильтров") -> go.Figure:
    fig = go.Figure()
    _base_layout(fig, 260)
    fig.update_layout(xaxis=dict(visible=False), yaxis=dict(visible=False),
                      annotations=[dict(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5,
                                        font=dict(size=18, color=theme.MUTED))])
    return fig


def _color_for(spec: ChartSpec, name, i: int) -> str:
    return spec.colors.get(str(name)) or theme.PALETTE[i % len(theme.PALETTE)]


def _target_text(spec: ChartSpec, value: float) -> str:
    return fmt_pct(value, 0) if spec.percent else fmt_num(value, 0 if float(value).is_integer() else 1) + \
        _unit(spec, value)


def _label_in_right_margin(fig: go.Figure, y: float, text: str, color: str) -> None:
    """A line's label outside the plot area, at the right, level with the line: no data label is ever there."""
    fig.add_annotation(xref="paper", x=1, xanchor="left", xshift=6, yref="y", y=y, text=text, showarrow=False,
                       font=dict(color=color, size=13), align="left")
    right = fig.layout.margin.r or 30
    fig.update_layout(margin=dict(r=max(right, 7 * max(len(t) for t in text.split("<br>")) + 20)))


def _add_target(fig: go.Figure, spec: ChartSpec, horizontal: bool) -> None:
    """The target line, labelled outside the plot area (above it for a vertical line, at the right for a
    horizontal one), so the label never covers a bar's or a point's number."""
    if spec.target is None:
        return
    label = target_caption(spec)
    line = dict(color=theme.TARGET_COLOR, width=2, dash="dash")
    if horizontal:
        fig.add_vline(x=spec.target, line=line, annotation_text=label, annotation_position="top",
                      annotation_yshift=4, annotation_font=dict(color=theme.TARGET_COLOR, size=14))
    else:
        fig.add_hline(y=spec.target, line=line)
        _label_in_right_margin(fig, spec.target, f"{spec.target_label}:<br>" + _target_text(spec, spec.target),
                               theme.TARGET_COLOR)


def target_caption(spec: ChartSpec) -> str:
    """«Порог: 95 %», «Цель: 100 %» — the line's label, also where no line is drawn (a slide's native chart); a
    chart of several series' targets (`extra["targets"]`: series -> value) names each («Цели: «Доля …» — 70 %»)."""
    many = (spec.extra or {}).get("targets") or {}
    if spec.target is None and many:
        return "Цели: " + "; ".join(f"«{name}» — {_target_text(spec, t)}" for name, t in many.items())
    return "" if spec.target is None else f"{spec.target_label}: {_target_text(spec, spec.target)}"


def axis_title(spec: ChartSpec) -> str:
    """«Участники, чел.»; the unit is not repeated when the label already names it («Число ОО», «Человек»,
    «Число договоров»)."""
    label = spec.label(spec.y)
    if not spec.unit or spec.percent or spec.unit.split()[0].rstrip(".").lower() in label.lower():
        return label
    return f"{label}, {spec.unit}"


SLIDE_MAX_CATEGORIES = 15  # bars a slide or an image shows legibly; the page shows them all


def for_slide(spec: ChartSpec, limit: int = SLIDE_MAX_CATEGORIES) -> ChartSpec:
    """A bar chart of more categories than a slide or an image can name legibly: counts keep the `limit` largest
    and say the sum of the others (a bar of it would squash the named ones on its axis); shares, rates and changes
    (values that do not add up) keep the `limit` lowest (those to act on).
    The source line says what is shown; the page keeps the full ranking."""
    if spec.kind not in ("bar", "hbar", "stacked") or spec.empty:
        return spec
    cats, series = series_table(spec)
    if len(cats) <= limit:
        return spec
    totals = {c: sum(v for _, vals in series for v in [vals[i]] if v is not None) for i, c in enumerate(cats)}
    df = spec.data
    if spec.percent or not spec.additive:
        keep = set(sorted(cats, key=lambda c: totals[c])[:limit])
        data = df[df[spec.x].isin(keep)]
        note = f"показаны {limit} наименьших значений из {len(cats)}, полный список — на странице панели"
    else:  # (their sum as one more bar would squash the named ones on its axis: it is said, not drawn)
        keep = set(sorted(cats, key=lambda c: -totals[c])[:limit])
        data = df[df[spec.x].isin(keep)]
        n, rest = len(cats) - limit, sum(t for c, t in totals.items() if c not in keep)
        note = f"показаны {limit} наибольших из {len(cats)}; остальные {n} — всего {label_text(rest, spec)}" + \
            (f" {spec.unit}" if spec.unit and spec.unit != "%" else "") + " (здесь не показаны)"
    return dataclasses.replace(spec, data=data.reset_index(drop=True),
                               source=(spec.source + " · " if spec.source else "") + note[0].upper() + note[1:])


def label_text(v, spec: ChartSpec, whole: bool | None = None) -> str:
    """A value as a label writes it: «85,3 %», «1 234»; a chart with a fraction anywhere writes every value with
    one decimal («0,0» beside «0,2», not «0»). `whole`: whether all the chart's values are whole (computed once
    by the caller drawing many)."""
    if v is None:
        return ""
    if spec.extra.get("signed"):  # a change: «+8,6 п. п.», «−3,2 п. п.», «±0,0» (tester round t84: «8,6»)
        text = fmt_num(abs(v), 1) + (f"\u00a0{spec.unit}" if spec.unit == "п.\u00a0п." else "")
        return ("+" if round(v, 1) > 0 else "−" if round(v, 1) < 0 else "±") + text
    if spec.percent:
        return fmt_pct(v)
    if whole is None:
        whole = _is_int_series(spec)
    return fmt_int(v) if whole else fmt_num(v, 1)


def _bars(spec: ChartSpec) -> go.Figure:
    whole = _is_int_series(spec)
    cats, series = series_table(spec)
    horizontal = spec.kind == "hbar" or (spec.kind == "stacked" and spec.orientation == "h")
    tick = _tick_format(spec)
    fig = go.Figure()
    single = len(series) == 1
    cat_text = [str(c) for c in cats]
    for i, (name, vals) in enumerate(series):
        if single and spec.colors and any(str(c) in spec.colors for c in cats):
            color = [spec.colors.get(str(c), theme.PALETTE[0]) for c in cats]
        else:
            color = _color_for(spec, name, i)
        value_ax = "x" if horizontal else "y"
        cat_ax = "y" if horizontal else "x"
        tr = go.Bar(name=str(name), marker_color=color, orientation="h" if horizontal else "v",
                    customdata=_hover(spec, vals, whole),
                    hovertemplate=f"%{{{cat_ax}}}<br>{name}: %{{customdata}}<extra></extra>")
        if horizontal:
            tr.update(x=vals, y=cat_text)
        else:
            tr.update(x=cat_text, y=vals)
        if single or spec.kind == "stacked":
            # labels written by app.fmt: «85,3 %», «1 234» (d3 cannot put a space before %)
            # a stacked segment's number stays inside it (written at the end it would read as the total)
            tr.update(text=[label_text(v, spec, whole) for v in vals], texttemplate="%{text}",
                      textposition="inside" if spec.kind == "stacked" else "outside", cliponaxis=False,
                      # a label above a narrow bar keeps its size (shrunk to the bar's width it fell below the
                      # minimum size and was hidden)
                      constraintext="inside" if spec.kind == "stacked" else "none",
                      textfont=dict(size=13))
            if spec.kind == "stacked":
                tr.update(insidetextanchor="middle", textangle=0)
            elif spec.target is not None:
                _inside_below_target(tr, vals, spec, horizontal, color)
        fig.add_trace(tr)
    if spec.kind == "stacked" and len(series) > 1:  # the total at the end of each stack
        cols = list(zip(*[vs for _, vs in series]))
        totals = [sum(v or 0 for v in col) for col in cols]
        text = ["" if all(v is None for v in col) else "\u00a0\u00a0" + label_text(t, spec, whole)
                for t, col in zip(totals, cols)]  # (a gap after the last segment; nothing over an empty category)
        total = go.Scatter(mode="text", text=text, name="Всего", showlegend=False, hoverinfo="skip",
                           textfont=dict(size=13, color=theme.TEXT_COLOR), cliponaxis=False)
        if horizontal:
            total.update(x=totals, y=cat_text, textposition="middle right")
        else:
            total.update(x=cat_text, y=totals, textposition="top center")
        fig.add_trace(total)
    n = len(cats)
    height = max(320, ROW_PX * n + 140) if horizontal else 460
    _base_layout(fig, height)
    fig.update_layout(barmode="stack" if spec.kind == "stacked" else "group", showlegend=not single,
                      uniformtext=dict(minsize=11, mode="hide"), legend=dict(traceorder="normal"))
    value_axis = dict(tickformat=tick, title=dict(text=axis_title(spec)))
    values = [v for _, vs in series for v in vs if v is not None]
    if not spec.percent and values and _is_int_series(spec):
        top = max(sum(v or 0 for v in col) for col in zip(*[vs for _, vs in series])) \
            if spec.kind == "stacked" else max(values)
        if top <= 10:
            value_axis["dtick"] = 1  # counts: no «0, 1, 1, 2» ticks on small integer axes
    if spec.percent and values and min(values) >= 0:
        top = max(values + [spec.target or 0, 1.0])
        value_axis["range"] = [0, top]  # a share stops at 100 % (labels past the bar end are not clipped)
        value_axis.update(_percent_axis(top))  # «20 %»
    cat_axis = dict(title=dict(text=spec.label(spec.x)), type="category", categoryorder="array",
                    categoryarray=cat_text)
    if horizontal:
        cat_axis["autorange"] = "reversed"  # first category on top
        # the rows' names say what they are and the title says «по мероприятиям»: an axis title beside names of
        # any length was drawn over the longest (tester round t82: «Мероприятие» across «Экскурсии на предприятия»)
        cat_axis["title"] = dict(text="")
        fig.update_layout(xaxis=value_axis, yaxis=cat_axis)
        # the value written past the longest bar («100,0 %», a stack's total «384 944») needs room at the right edge
        if single:
            longest = max((len(label_text(v, spec, whole)) for _, vs in series for v in vs if v is not None),
                          default=0)
            fig.update_layout(margin=dict(r=max(30, 8 * longest + 10)))
        elif spec.kind == "stacked":
            fig.update_layout(margin=dict(r=max(30, 8 * max((len(t) for t in text), default=0) + 10)))
    else:
        if spec.kind == "stacked" and len(series) > 1 and not spec.percent and values:
            value_axis["range"] = [0, max(totals) * 1.12]  # room above the tallest stack for its total
        fig.update_layout(xaxis=cat_axis, yaxis=value_axis)
        if n > 8:
            fig.update_xaxes(tickangle=-35)
        elif max((len(c) for c in cat_text), default=0) > 14:  # a few long names: on two lines, not aslant
            fig.update_xaxes(tickvals=cat_text, ticktext=[_wrapped(c) for c in cat_text])
    _add_target(fig, spec, horizontal)
    return fig


def _ink_on(fill: str) -> str:
    """Text colour readable on a bar of this colour («#3B6EA5»): white on a dark one, the text's on a light one."""
    try:
        r, g, b = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    except (ValueError, AttributeError):
        return theme.TEXT_COLOR
    return "#FFFFFF" if 0.299 * r + 0.587 * g + 0.114 * b < 150 else theme.TEXT_COLOR


def _inside_below_target(tr: go.Bar, vals: list, spec: ChartSpec, horizontal: bool, color) -> None:
    """A bar ending just short of the target line has its number inside its end: written past the end, the dashed
    line would cross it («97,5 %» beside «Цель: 100 %»); in white on a dark bar (a tester read dark grey on blue
    badly)."""
    values = [v for v in vals if v is not None]
    if not values:
        return
    top = max(values + [spec.target])
    room = top * (0.12 if horizontal else 0.08)  # about a label's length (height) in the axis' units
    near = [v is not None and spec.target - room < v < spec.target for v in vals]
    if any(near):
        ink = [_ink_on(c) for c in color] if isinstance(color, list) else _ink_on(color)
        tr.update(textposition=["inside" if n else "outside" for n in near], insidetextanchor="end",
                  insidetextfont=dict(color=ink, size=13))


def _wrapped(text: str, width: int = 14) -> str:
    """A category name on lines of about `width` characters, broken at spaces («индустриальный<br>партнёр»)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


SCALE_SPLIT = 10  # series whose largest values differ more than this many times never share one axis


def split_scales(spec: ChartSpec) -> bool:
    """Whether a line chart's series are of very different scale (5 000 and 935 000 people): drawn as small
    multiples, one axis each, or the small one reads as zero."""
    if spec.kind != "line" or not spec.series or spec.empty:
        return False
    peaks = [max((abs(v) for v in vals if v is not None), default=0.0) for _, vals in series_table(spec)[1]]
    peaks = [p for p in peaks if p > 0]
    return len(peaks) > 1 and max(peaks) / min(peaks) > SCALE_SPLIT


def _small_multiples(spec: ChartSpec) -> go.Figure:
    """One panel per series (two columns from five series on), each with its own value axis."""
    from plotly.subplots import make_subplots

    whole = _is_int_series(spec)
    cats, series = series_table(spec)
    tick = _tick_format(spec)
    cols = 2 if len(series) > 4 else 1
    rows = math.ceil(len(series) / cols)
    fig = make_subplots(rows=rows, cols=cols, shared_xaxes=True, vertical_spacing=0.3 / rows,
                        horizontal_spacing=0.08, subplot_titles=[str(n) for n, _ in series])
    for i, (name, vals) in enumerate(series):
        color = _color_for(spec, name, i)
        at = dict(row=i // cols + 1, col=i % cols + 1)
        fig.add_trace(go.Scatter(x=[str(c) for c in cats], y=vals, name=str(name), mode="lines+markers+text",
                                 line=dict(color=color, width=3), marker=dict(size=8),
                                 text=[label_text(v, spec, whole) for v in vals], texttemplate="%{text}",
                                 # (the panel's title names the line: its numbers in the text colour, a pale
                                 # yellow «848 137» on white was hard to read — tester round t82)
                                 textposition="top center", textfont=dict(size=12, color=theme.TEXT_COLOR),
                                 cliponaxis=False,
                                 customdata=_hover(spec, vals, whole),
                                 hovertemplate=f"%{{x}}<br>{name}: %{{customdata}}<extra></extra>"), **at)
        peak = max((v for v in vals if v is not None), default=0) or 1
        fig.update_yaxes(tickformat=tick, range=[0, peak * 1.35], nticks=4, **at)  # room for the labels
        if spec.percent:
            fig.update_yaxes(**_percent_axis(peak * 1.35), **at)
    _base_layout(fig, 80 + 210 * rows)
    fig.update_layout(showlegend=False)
    # half a period of room at each side: the first point's number was written over the value axis' ticks
    fig.update_xaxes(type="category", range=[-0.5, len(cats) - 0.5])
    for c in range(1, cols + 1):  # every column's lowest panel names the periods (the right one had none)
        fig.update_xaxes(showticklabels=True, row=len(range(c - 1, len(series), cols)), col=c)
    fig.update_annotations(font=dict(size=14, color=theme.TEXT_COLOR))
    return fig


LABEL_GAP = 0.08  # of the value axis: two labels of one period closer than this would write over each other


def _line_label_places(series: list, n: int) -> list[list[str | None]]:
    """Where each point's label goes: of several lines, the highest point of a period carries it above, the lowest
    below; a point between them only when it is far enough from both (else its label is left to the hover) — close
    values («37,1 %», «33,8 %», «35,6 %») never write over each other."""
    places: list[list[str | None]] = [[None] * n for _ in series]
    peak = max((v for _, vs in series for v in vs if v is not None), default=0) or 1
    for j in range(n):
        pts = sorted(((vs[j], i) for i, (_, vs) in enumerate(series) if vs[j] is not None), reverse=True)
        for k, (v, i) in enumerate(pts):
            if k == 0:
                places[i][j] = "top center"
            elif k == len(pts) - 1:
                places[i][j] = "bottom center"
            elif min(pts[k - 1][0] - v, v - pts[k + 1][0]) > LABEL_GAP * peak:
                places[i][j] = "bottom center" if v - pts[k + 1][0] > pts[k - 1][0] - v else "top center"
    return places


LABEL_HEIGHT = 0.06  # of the value axis: the height of a point's label over (or under) the point


def _clear_of_lines(places: list[list[str | None]], series: list, lines: list[float], top: float) -> None:
    """A label that a dashed target line would run through moves to the point's other side when that side is free
    (no line, no neighbour's label), else is left to the hover (tester round t82: «97,7 %» struck through by the
    line «цель 100 %»)."""
    band = LABEL_HEIGHT * top

    def struck(v: float, place: str) -> bool:
        return any((v < t < v + band) if place.startswith("top") else (v - band < t < v) for t in lines)

    for i, (_name, vals) in enumerate(series):
        for j, v in enumerate(vals):
            place = places[i][j]
            if place is None or v is None or not struck(v, place):
                continue
            other = "bottom center" if place.startswith("top") else "top center"
            below = other.startswith("bottom")
            # a neighbour's point, or its label, in the way (its label on our side of it reaches twice as far)
            crowded = any(w is not None and k != i and 0 <= (v - w if below else w - v) <
                          band * (2 if places[k][j] == ("top center" if below else "bottom center") else 1)
                          for k, (_n, ws) in enumerate(series) for w in [ws[j]])
            places[i][j] = other if not struck(v, other) and not crowded else None


def _line(spec: ChartSpec) -> go.Figure:
    if split_scales(spec):
        return _small_multiples(spec)
    whole = _is_int_series(spec)
    cats, series = series_table(spec)
    tick = _tick_format(spec)
    fig = go.Figure()
    targets = spec.extra.get("targets", {})
    labels: list[tuple[float, str, str]] = []
    places = _line_label_places(series, len(cats))
    values = [v for _, vs in series for v in vs if v is not None]
    top = None
    if spec.percent and values and min(values) >= 0:
        # room over the highest point for its label, to 110 % (ticks end at 100 %): «96,2 %» over a point near an
        # axis ending at 100 % was cut at the plot's edge, «94,7 %» hid under the legend (tester rounds t79, t82)
        top = min(1.1, max(values + list(targets.values()) + [spec.target or 0]) * 1.15) or 1.0
    lines = [t for t in [*targets.values(), spec.target] if t is not None]
    if lines and values:
        _clear_of_lines(places, series, lines, top or max(values + lines) * 1.1)
    for i, (name, vals) in enumerate(series):
        color = _color_for(spec, name, i)
        fig.add_trace(go.Scatter(x=[str(c) for c in cats], y=vals, name=str(name), mode="lines+markers+text",
                                 line=dict(color=color, width=3), marker=dict(size=9),
                                 text=[label_text(v, spec, whole) if places[i][j] else "" for j, v in enumerate(vals)],
                                 texttemplate="%{text}",
                                 textposition=[places[i][j] or "top center" for j in range(len(vals))],
                                 textfont=dict(size=13, color=color), cliponaxis=False,
                                 customdata=_hover(spec, vals, whole),
                                 hovertemplate=f"%{{x}}<br>{name}: %{{customdata}}<extra></extra>"))
        t = targets.get(str(name))
        if t is not None:
            fig.add_trace(go.Scatter(x=[str(c) for c in cats], y=[t] * len(cats), mode="lines",
                                     name=f"цель: {name}", showlegend=False, hoverinfo="skip",
                                     line=dict(color=color, width=1.5, dash="dash")))
            labels.append((t, "цель " + _target_text(spec, t), color))
    _base_layout(fig, 440)
    for t, text, color in labels:
        _label_in_right_margin(fig, t, text, color)
    fig.update_layout(showlegend=len(series) > 1,
                      xaxis=dict(type="category", title=dict(text=spec.label(spec.x))),
                      yaxis=dict(tickformat=tick, rangemode="tozero", title=dict(text=axis_title(spec))))
    if top is not None:
        fig.update_yaxes(range=[0, top], **_percent_axis(top))
    _add_target(fig, spec, False)
    return fig


def _pie(spec: ChartSpec) -> go.Figure:
    whole = _is_int_series(spec)
    cats, series = series_table(spec)
    vals = series[0][1] if series else []
    total = sum(v or 0 for v in vals)
    texts = [f"{label_text(v, spec, whole)} ({fmt_pct((v or 0) / total)})" if total else "" for v in vals]
    fig = go.Figure(go.Pie(labels=[str(c) for c in cats], values=vals, hole=0.45, sort=False,
                           direction="clockwise",
                           marker=dict(colors=[_color_for(spec, c, i) for i, c in enumerate(cats)],
                                       line=dict(color="white", width=2)),
                           text=texts, texttemplate="%{label}<br>%{text}", textposition="outside", automargin=True,
                           hovertemplate="%{label}: %{text}<extra></extra>"))
    _base_layout(fig, 440)
    fig.update_layout(showlegend=False, margin=dict(t=40, b=40, l=40, r=40))
    return fig


def _cell_text(v, percent: bool) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "нет данных"
    return fmt_pct(v) if percent else fmt_num(v, 0 if float(v).is_integer() else 1)


def _wrap_label(text: str, width: int = 12) -> str:
    """Long column labels on several short lines: «Зарегистрирована<br>на платформе<br>«Билет в будущее»»."""
    words = [p for w in text.split() for p in re.sub(r"-(?=\w)", "-\n", w).split("\n")]
    lines, cur = [], ""
    for w in words:
        sep = "" if cur.endswith("-") else " "
        if cur and len(cur) + len(sep) + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur}{sep}{w}" if cur else w
    lines.append(cur)
    return "<br>".join(lines)


def _heatmap(spec: ChartSpec) -> go.Figure:
    df = spec.data
    cols = list(pd.unique(df[spec.x]))
    rows = list(pd.unique(df[spec.y]))
    wide = df.pivot_table(index=spec.y, columns=spec.x, values=spec.z, aggfunc="first", sort=False,
                          dropna=False).reindex(index=rows, columns=cols)
    z = [[_num(wide.at[r, c]) for c in cols] for r in rows]
    text = [[_cell_text(v, spec.percent) for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=[_wrap_label(str(c)) for c in cols], y=[str(r) for r in rows], text=text, texttemplate="%{text}",
        textfont=dict(size=13), colorscale=spec.extra.get("colorscale", theme.SEQ_SCALE), xgap=2, ygap=2,
        zmin=0 if spec.percent else None, zmax=1 if spec.percent else None,
        colorbar=dict(tickformat=",.0f", title=dict(text=""), **(_percent_axis(1.0) if spec.percent else {})),
        hovertemplate=f"{spec.label(spec.y)}: %{{y}}<br>{spec.label(spec.x)}: %{{x}}<br>%{{text}}<extra></extra>"))
    _base_layout(fig, max(300, ROW_PX * len(rows) + 170))
    fig.update_layout(xaxis=dict(side="top", type="category", showgrid=False, tickangle=0,
                                 tickfont=dict(size=12)),
                      yaxis=dict(autorange="reversed", type="category", showgrid=False),
                      margin=dict(t=90, b=20, l=10, r=30))
    return fig


def _map(spec: ChartSpec) -> go.Figure:
    """The region's tile-grid map (app/tilemap.py): one tile per municipality, every tile labelled, one fixed colour
    scale per indicator tied to its thresholds (`extra["thresholds"]`), lagging tiles outlined."""
    from app import tilemap

    return tilemap.tile_figure(spec.data, spec.extra["region"], spec.z, percent=spec.percent,
                               thresholds=spec.extra.get("thresholds"), value_label=spec.label(spec.z),
                               height=spec.extra.get("height"), selected=tuple(spec.extra.get("selected", ())),
                               only=tuple(spec.extra.get("only", ())), absent=spec.extra.get("absent"))


def format_cell(v, col: str, spec_percent_cols=()) -> str:
    """A table cell as a Russian reader expects it."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return "—"
    if isinstance(v, bool):
        return "да" if v else "нет"
    if col in spec_percent_cols:
        return fmt_pct(v)
    if isinstance(v, int) or (hasattr(v, "is_integer") and not isinstance(v, str) and float(v).is_integer()):
        return fmt_int(v)
    if isinstance(v, float):
        return fmt_num(v, 1)
    if hasattr(v, "strftime"):
        return fmt_date(v)
    return str(v)


def _table(spec: ChartSpec) -> go.Figure:
    df = spec.data
    pct = tuple(spec.extra.get("percent_cols", ()))
    cells = [[format_cell(v, c, pct) for v in df[c].tolist()] for c in df.columns]
    fig = go.Figure(go.Table(
        header=dict(values=[f"<b>{c}</b>" for c in df.columns], fill_color="#E8EEF5", align="left",
                    font=dict(size=14, color=theme.TEXT_COLOR), height=34),
        cells=dict(values=cells, align="left", font=dict(size=13, color=theme.TEXT_COLOR), height=28,
                   fill_color=[["white", "#F7F9FB"] * (len(df) // 2 + 1)])))
    _base_layout(fig, min(900, 60 + 28 * len(df) + 40))
    fig.update_layout(margin=dict(t=10, b=10, l=10, r=10))
    return fig


def _inert(spec: ChartSpec) -> ChartSpec:
    """Texts from files drawn as written: plotly reads «<a href=…>», «<img …>» in labels as markup, so «<» and «>»
    become entities (shown as the signs themselves)."""
    cols = [c for c in spec.data.columns if spec.data[c].dtype == object or pd.api.types.is_string_dtype(spec.data[c])]
    bad = [c for c in cols if spec.data[c].astype(str).str.contains("[<>]", regex=True).any()]
    if not bad:
        return spec
    data = spec.data.copy()
    for c in bad:
        data[c] = data[c].map(lambda v: v.replace("<", "&lt;").replace(">", "&gt;") if isinstance(v, str) else v)
    return dataclasses.replace(spec, data=data)


def build_figure(spec: ChartSpec) -> go.Figure:
    """The plotly figure of a ChartSpec (every kind). Empty data gives a figure with a Russian message."""
    if spec.empty:
        return empty_figure(spec.empty_message)
    spec = _inert(spec)
    if spec.kind in ("bar", "hbar", "stacked"):
        return _bars(spec)
    if spec.kind == "line":
        return _line(spec)
    if spec.kind == "pie":
        return _pie(spec)
    if spec.kind == "heatmap":
        return _heatmap(spec)
    if spec.kind == "map":
        return _map(spec)
    if spec.kind == "table":
        return _table(spec)
    raise ValueError(f"unknown chart kind {spec.kind!r}")
