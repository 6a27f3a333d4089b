"""Tile-grid map of a region: one equal square per municipality (data/reference/tile_grid.csv), rough geography.

Pure functions, no Streamlit. Tiles are layout shapes in data units (they scale with the figure, identical in the
browser and in kaleido's PNG/SVG); one Scatter trace (curve 0) on the tile centres carries the labels, the hover and,
as `customdata[0]`, the full municipality name, so a click (`st.plotly_chart(..., on_select="rerun",
selection_mode="points")`) names its municipality: `municipality_from_selection`. The colour is one fixed scale per
indicator tied to its thresholds (`bins`), never rescaled to the data.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from app import theme, tile_layout
from app.fmt import NBSP, fmt_int, fmt_num, round_half_up
from app.tile_layout import LINE  # longest label line (a tile holds two); lines over 10 characters: 1 px smaller
from etl import reference

RED, AMBER, GREEN, NO_DATA = "#A84B52", "#F0C35A", "#3D7A4C", "#D1D5DB"
NEUTRAL = ("#E3ECF6", "#BCD2EA", "#8DB3DA", "#3B6EA5", "#1F3F66")  # shares without a target: fixed 20 % steps
OUTLINE, DARK = "#111827", theme.TEXT_COLOR
NO_DATA_TEXT = "нет данных"
CELL_PX, TOP_PX, BOTTOM_PX = 96, 56, 8  # a cell at the default height (labels also fit a 16:9 export); legend
TILE = 0.93  # tile side in cells (the rest is the white gap)
TILE_FONT = "DejaVu Sans Condensed, Arial Narrow, Liberation Sans Narrow, " + theme.FONT_FAMILY
LANDMARKS = {"50": ("Москва", (4, 4), (5, 5))}  # a dashed, named block where the grid leaves a hole


def esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def region_code(region: str) -> str:
    """'Московская область' (or '50') → '50' (the registry reads the region's names and codes)."""
    from etl.registry import get_registry

    code = get_registry().region_code(region)
    if code is None:
        raise ValueError(f"Неизвестный регион: {region}")
    return code


def load_grid(region: str) -> pd.DataFrame:
    """The region's tiles: region_code, municipality, col, row (0 = north), short. Its cells are those of
    data/reference/tile_grid.csv; a municipality of the reference that has none there (a region or unit added since)
    is placed from its coordinates (app/tile_layout.py), so every region's map is whole."""
    code = region_code(region)
    tiles, units = reference.rows("tile_grid.csv"), reference.rows("municipalities.csv")
    got = _GRIDS.get(code)
    if got is None or got[0] is not tiles or got[1] is not units:  # (the files' rows are cached while unchanged)
        got = _GRIDS[code] = (tiles, units, _grid(code, tiles, units))
    return got[2].copy()


_GRIDS: dict[str, tuple] = {}  # region code -> (the rows it was made of, the grid)


def _grid(code: str, tiles: tuple[dict, ...], units: tuple[dict, ...]) -> pd.DataFrame:
    mine = {r["municipality"]: r for r in tiles if r["region_code"] == code}
    active = [u for u in units if u["region_code"] == code and not (u.get("merged_into") or "").strip()]
    names = {u["municipality"] for u in active}
    kept = {m: (int(r["col"]), int(r["row"])) for m, r in mine.items()}
    if not names <= kept.keys():
        kept = tile_layout.layout(active, code, {m: c for m, c in kept.items() if m in names})
    rows = [{"region_code": code, "municipality": m, "col": c, "row": r,
             "short": (mine.get(m) or {}).get("short") or tile_layout.short_name(m)} for m, (c, r) in kept.items()]
    g = pd.DataFrame(rows, columns=["region_code", "municipality", "col", "row", "short"])
    return g.astype({"col": int, "row": int}).sort_values(["row", "col"]).reset_index(drop=True)


def percent_thresholds(target: float, band: float = 0.2) -> tuple[float, float]:
    """A share's target (thresholds.csv, e.g. 0,9) → (red below, green from): (0,7; 0,9)."""
    return round(max(0.0, target - band), 6), float(target)


def _num(x: float, percent: bool, unit: bool = True) -> str:
    """A threshold for the legend: 0,7 → «70 %» (`unit=False`: «70»), 30 → «30»."""
    v = round(float(x) * 100 if percent else float(x), 6)
    return (fmt_int(v) if v.is_integer() else fmt_num(v, 1)) + (NBSP + "%" if percent and unit else "")


def bins(percent: bool, thresholds: tuple[float, float] | None) -> list[tuple[float, float, str, str]]:
    """The fixed colour bins [(low, high, colour, Russian legend text)], low ≤ v < high."""
    inf = math.inf
    if thresholds is not None:
        lo, hi = thresholds
        if lo > hi:
            raise ValueError("Порог «ниже» не может быть выше целевого значения")
        mid = [(lo, hi, AMBER, f"{_num(lo, percent, unit=False)}–{_num(hi, percent)}")] if lo < hi else []
        return [(-inf, lo, RED, f"ниже {_num(lo, percent)}"), *mid, (hi, inf, GREEN, f"{_num(hi, percent)} и выше")]
    if percent:
        edges = [-inf, 0.2, 0.4, 0.6, 0.8, inf]
        texts = [f"ниже 20{NBSP}%"] + [f"{a}–{a + 20}{NBSP}%" for a in (20, 40, 60)] + [f"80{NBSP}% и выше"]
        return [(edges[i], edges[i + 1], NEUTRAL[i], texts[i]) for i in range(5)]
    return [(-inf, inf, NEUTRAL[2], "есть данные")]


def _bin(v: float, scale) -> int:
    return next(i for i, (lo, hi, _, _) in enumerate(scale) if lo <= v < hi)


def color_for(v, percent: bool, thresholds: tuple[float, float] | None) -> str:
    """The tile colour of a value: the same value gives the same colour in every view."""
    scale = bins(percent, thresholds)
    return NO_DATA if v is None or pd.isna(v) else scale[_bin(float(v), scale)][2]


def value_text(v, percent: bool, scale=None) -> str:
    """«83,4 %» (a share as every table and note writes it), «1 234», «12,5»; more digits when rounding would carry
    a value into the next bin."""
    if v is None or pd.isna(v):
        return NO_DATA_TEXT
    v = float(v)
    x, unit = (v * 100, NBSP + "%") if percent else (v, "")
    first = 1 if percent else 0 if x.is_integer() or abs(x) >= 100 else 1
    for d in range(first, 3):
        r = round_half_up(x, d)  # (as the tables write it: 39 of 48 is «81,3 %» on the map too)
        if scale is None or _bin(r / 100 if percent else r, scale) == _bin(v, scale):
            return (fmt_int(r) if d == 0 else fmt_num(r, d)) + unit
    return fmt_num(math.floor(x * 100) / 100, 2) + unit


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two '#RRGGBB' colours."""
    def lum(h: str) -> float:
        c = [(x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4)
             for x in (int(h.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def text_color(fill: str) -> str:
    return "#FFFFFF" if contrast(fill, "#FFFFFF") >= contrast(fill, DARK) else DARK


def label_lines(short: str) -> list[str]:
    """A tile label broken at spaces and after hyphens into at most two lines: «Лосино-» / «Петровский»."""
    lines: list[str] = []
    for p in short.replace("-", "- ").split():
        sep = "" if lines and lines[-1].endswith("-") else " "
        if lines and (len(lines[-1]) + len(sep) + len(p) <= LINE or len(lines) == 2):
            lines[-1] += sep + p
        else:
            lines.append(p)
    return lines


def municipality_from_selection(selection) -> str | None:
    """The municipality of a clicked tile: `selection` is Streamlit's event.selection (or its dict)."""
    for p in (selection or {}).get("points") or []:
        if p.get("curve_number", p.get("curveNumber", 0)) == 0 and p.get("customdata"):
            return p["customdata"][0]
    return None


def _rect(fig: go.Figure, c0, r0, c1, r1, fill: str, line: dict, opacity: float = 1.0) -> None:
    h = TILE / 2
    fig.add_shape(type="rect", x0=c0 - h, x1=c1 + h, y0=r0 - h, y1=r1 + h, fillcolor=fill, layer="below", line=line,
                  opacity=opacity)


def tile_figure(data: pd.DataFrame, region: str, value_col: str, *, percent: bool,
                thresholds: tuple[float, float] | None, value_label: str, lagging: set[str] | None = None,
                height: int | None = None, selected: tuple[str, ...] = (), only: tuple[str, ...] = (),
                palette: dict[str, tuple[str, str, str]] | None = None,
                absent: dict[str, str] | None = None) -> go.Figure:
    """The region's tile map of `value_col` (shares 0..1 when `percent`); every tile of the grid is drawn.
    Outlined: `lagging` if given, else the tiles below the target `thresholds[1]`. With `selected` municipalities
    (the page's filter) the other tiles are faded; with `only` (a municipal coordinator's scope) no other tile is
    drawn at all. With a `palette` (state -> colour, short label on the tile, label in the legend) the value column
    holds states, not numbers: each tile takes its state's colour and label (the campaign's «who has sent» map).
    `absent`: why a tile has no value, said on it instead of «нет данных» («не сдали», «нет ОО уровня …»: t93)."""
    grid = load_grid(region)
    if only:  # their tiles only, moved to the corner (the gaps of the others' places would say where they are)
        grid = grid[grid["municipality"].isin(only)].reset_index(drop=True)
        grid = grid.assign(col=grid["col"] - grid["col"].min(), row=grid["row"] - grid["row"].min())
    if grid.empty:
        raise ValueError(f"Для региона «{region}» нет раскладки карты (data/reference/tile_grid.csv)")
    values: dict = {}
    if palette is not None and data is not None and len(data):
        values = {str(m).strip(): v for m, v in zip(data["municipality"], data[value_col]) if v in palette}
    elif data is not None and len(data) and value_col in data.columns:
        d = data.assign(_v=pd.to_numeric(data[value_col], errors="coerce")).dropna(subset=["_v"])
        values = d.groupby(d["municipality"].astype(str).str.strip())["_v"].first().to_dict()
    scale, target = bins(percent, thresholds), (thresholds[1] if thresholds is not None else None)
    ncols, nrows = int(grid["col"].max()) + 1, int(grid["row"].max()) + 1
    height = height or nrows * CELL_PX + TOP_PX + BOTTOM_PX
    cell_px = (height - TOP_PX - BOTTOM_PX) / nrows
    name_px = round(max(8.0, min(13.0, cell_px / 8)))  # 12 px in a 96 px cell; a slide image's 55 px cell: 8 px
    fig = go.Figure()
    texts, colors, sizes, custom, outlined = [], [], [], [], 0
    for t in grid.itertuples(index=False):
        v = values.get(t.municipality)
        if palette is not None:
            fill, shown = palette[v][:2] if v is not None else (NO_DATA, NO_DATA_TEXT)
        else:
            fill, shown = color_for(v, percent, thresholds), value_text(v, percent, scale)
            if v is None and absent and t.municipality in absent:
                shown = absent[t.municipality]
        low = t.municipality in lagging if lagging is not None else (
            palette is None and v is not None and target is not None and v < target)
        outlined += low
        faded = bool(selected) and t.municipality not in selected
        _rect(fig, t.col, t.row, t.col, t.row, fill, dict(color=OUTLINE if low else fill, width=4 if low else 1),
              0.3 if faded else 1.0)
        lines = label_lines(t.short)
        value = esc(shown) if v is None else f"<span style='font-size:{name_px + 1}px'><b>{esc(shown)}</b></span>"
        texts.append("<br>".join(esc(x) for x in lines) + "<br>" + value)
        colors.append(text_color(fill))
        sizes.append(max(8, name_px - (max(map(len, lines)) > 10)))
        custom.append([t.municipality, esc(t.municipality), esc(shown)])
    fig.add_trace(go.Scatter(
        x=grid["col"], y=grid["row"], mode="markers+text", text=texts, textposition="middle center",
        textfont=dict(color=colors, size=sizes, family=TILE_FONT), customdata=custom, showlegend=False, name="",
        marker=dict(symbol="square", size=max(8, cell_px * TILE), color="rgba(0,0,0,0)", line=dict(width=0)),
        selected=dict(marker=dict(color="rgba(255,255,255,0.55)"), textfont=dict(color=DARK)),  # others undimmed
        hovertemplate=f"<b>%{{customdata[1]}}</b><br>{esc(value_label)}: %{{customdata[2]}}<extra></extra>"))
    # the grey key says why tiles are grey: «не сдали», «нет ОО уровня …», and «нет данных» for any other
    empty = [m for m in grid["municipality"] if m not in values]
    said = sorted({(absent or {}).get(m, NO_DATA_TEXT) for m in empty}) or [NO_DATA_TEXT]
    keys = ([(c, legend, 1) for c, _tile, legend in palette.values()] if palette is not None else
            [(c, txt, 1) for _, _, c, txt in scale] + [(NO_DATA, ", ".join(said), 1)])
    if outlined:
        keys.append(("#FFFFFF", "обведены: " + ("отстающие" if lagging is not None else
                                                  "ниже " + _num(target, percent)), 3))
    for c, txt, w in keys:  # legend keys only: no points, so a click never selects them
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=esc(txt), hoverinfo="skip",
                                 marker=dict(symbol="square", size=15, color=c,
                                             line=dict(color=OUTLINE if w > 1 else "#9CA3AF", width=w))))
    landmark = None if only else LANDMARKS.get(str(grid["region_code"].iloc[0]))
    if landmark:
        name, (c0, r0), (c1, r1) = landmark
        taken = set(zip(grid["col"], grid["row"]))
        if not any((c, r) in taken for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)):
            _rect(fig, c0, r0, c1, r1, "#F7F9FB", dict(color="#9CA3AF", width=1, dash="dot"))
            fig.add_annotation(x=(c0 + c1) / 2, y=(r0 + r1) / 2, text=esc(name), showarrow=False,
                               font=dict(size=14, color=theme.MUTED))
    theme.apply(fig)
    fig.update_layout(
        height=height, margin=dict(t=TOP_PX, b=BOTTOM_PX, l=8, r=8), showlegend=True, dragmode=False,
        hovermode="closest", plot_bgcolor="white", paper_bgcolor="white",
        legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom", font=dict(size=13),
                    itemclick=False, itemdoubleclick=False),
        xaxis=dict(visible=False, range=[-0.5, ncols - 0.5], fixedrange=True, constrain="domain"),
        yaxis=dict(visible=False, range=[nrows - 0.5, -0.5], fixedrange=True, constrain="domain",
                   scaleanchor="x", scaleratio=1),
        meta={"not_on_map": sorted(set(values) - set(grid["municipality"]))})
    return fig
