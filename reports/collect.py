"""What every report needs, gathered once: the chosen charts' specs, key figures, lagging municipalities, names.

Charts come from `app.specs` (the same ChartSpecs the pages draw), figures from `app.kpi`; reports never run
SQL of their own.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd

from app.filters import period_label, region_name
from etl import config


@dataclass
class ReportData:
    filters: object  # app.filters.Filters
    region_name: str
    period_label: str
    specs: list  # [ChartSpec] in the chosen order
    key_figures: list = field(default_factory=list)  # [app.kpi.KeyFigure]
    lagging: pd.DataFrame | None = None
    sentences: list[str] = field(default_factory=list)
    at_risk: pd.DataFrame | None = None  # who will not reach a target by 31 August at their pace
    at_risk_note: str = ""  # how the projection is made
    at_risk_empty: str = ""  # what no one at risk means: all reach their targets, or no projection could be made
    goals: pd.DataFrame | None = None  # the school year's targets and the monitoring's thresholds
    recommendations: list = field(default_factory=list)  # [(municipality, [what lags: what to do])]
    created: date = field(default_factory=date.today)
    not_sent: list[str] = field(default_factory=list)  # municipalities that sent no readiness form for the period
    previous: str | None = None  # the period the key figures are compared with (None: no earlier data)

    @property
    def subtitle(self) -> str:
        describe = getattr(self.filters, "describe", None)
        return describe() if callable(describe) else f"{self.region_name} · {self.period_label}"

    @property
    def scope(self) -> str:
        """Whose data beside where and when («Зарайск · уровень: продвинутый»), "" for the whole region."""
        whose = getattr(self.filters, "whose", None)
        text = whose() if callable(whose) else ""
        return "" if text == "все муниципалитеты · все уровни" else text


def chart_defs():
    from app.specs import CHARTS

    return list(CHARTS)


def collect(filters, chart_keys: list[str] | None = None, db_path: Path | str | None = None, *,
            with_figures: bool = True, progress: Callable[[int, int, str], None] | None = None) -> ReportData:
    """Build the chosen charts' specs (all charts when `chart_keys` is None) and, optionally, the key figures."""
    from app.specs import context, spec_for

    db_path = db_path or config.db_path()
    keys = chart_keys if chart_keys is not None else [c.key for c in chart_defs()]
    specs = []
    for i, key in enumerate(keys):
        if progress:
            progress(i, len(keys), "Подготовка данных графиков")
        specs.append(spec_for(key, filters, db_path))
    # a school year as of its closing period («2024/25 учебный год (данные на 31.12.2024)»): the title, the note's
    # header and its conclusions say what the year's data reach
    ctx = context(filters, db_path) if getattr(filters, "region", None) else None
    shown = ctx[2] if ctx else filters
    data = ReportData(filters=shown, region_name=region_name(getattr(filters, "region", None)),
                      period_label=shown.when() if getattr(shown, "school_year", None)
                      else period_label(getattr(filters, "period", None)), specs=specs)
    if with_figures:
        from app import kpi

        from app.specs import previous_period

        data.key_figures = list(kpi.key_figures(filters, db_path))
        data.previous = previous_period(*ctx) if ctx and shown.period else None
        data.lagging = kpi.lagging(filters, db_path)
        data.not_sent = kpi.not_sent(filters, db_path)
        data.sentences = list(kpi.summary_sentences(filters, db_path))
        data.at_risk, data.at_risk_note, data.at_risk_empty = kpi.at_risk(filters, db_path)
        data.goals = kpi.goals(filters, db_path)
        data.recommendations = kpi.recommendations(filters, db_path, data.at_risk)
    return data
