"""Chart specifications and pure chart builders (DataFrame → plotly figure).

Pages and exports build the same `ChartSpec`s (one function per chart in `app/specs.py`) and turn them into
figures here, so a slide shows exactly what the page shows. PowerPoint native charts are made from
`series_table(spec)`, the same categories and series the plotly builders draw.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

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
    - map: rows with `municipality`, `lat`, `lon` and the value column `z`.
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
    colors: dict[str, str] = field(default_factory=dict)  # series/category value → colour (levels, types)
    target: float | None = None  # a target line (same units as y)
    extra: dict[str, Any] = field(default_factory=dict)

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
    wide = df.pivot_table(index=spec.x, columns=spec.series, values=spec.y, aggfunc="sum", sort=False)
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
