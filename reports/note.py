"""«Аналитическая справка по результатам мониторинга»: its content, once, as a list of blocks that the .docx
(`note_docx`) and the PDF (`note_pdf`) writers render.

The note follows the management cycle a ministry expects: goals (the school year's targets and the monitoring's
thresholds) → indicators (key figures with their change) → results of monitoring (each chosen chart with its numbers
as a table) → analysis (municipalities below a threshold, the projection to 31 August) → recommendations per lagging
municipality → proposed decisions → sources. Texts of recommendations and decisions: data/reference/
recommendations.csv. Every text is plain text: writers escape it, nothing in it becomes markup or a link.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from app.charts import format_cell, label_text, series_table
from app.fmt import fmt_date, fmt_int, fmt_num, municipalities, plural
from app.specs import FORM_NAMES, NO_SOURCE
from etl.textru import some_of

MAX_TABLE_ROWS = 80
MAX_RECOMMENDED = 25  # municipalities with recommendations written out (the most lagging first)


@dataclass
class Block:
    """One element of the note. kind: title | lead (bold, centred) | line | muted | h1 | h2 | p | strong | italic |
    bullets | numbered | table | figure | caption | source."""
    kind: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)
    key: str = ""  # a figure: its chart's key (the writer has the image)


def fmt_value(v, percent: bool = False) -> str:
    """A cell the Russian way (`app.charts.format_cell`: «1 234», «1 234,5», «—»); shares as «85,3 %»."""
    return format_cell(v, "%" if percent else "", ("%",))


def spec_table(spec) -> tuple[list[str], list[list[str]], set[int]]:
    """The numbers behind a chart as a table (the same `series_table` the chart is drawn from)."""
    if spec.kind == "table":
        df = spec.data.head(MAX_TABLE_ROWS)
        return frame_table(df, percent_cols=set(spec.extra.get("percent_cols", ())))
    if spec.kind == "map":  # the map's numbers: one row per municipality (the chosen ones, when some are)
        df = spec.data
        chosen = tuple(spec.extra.get("selected", ()))
        if chosen:  # (the map shows the region around them; the table is of the filters, as its title says)
            df = df[df["municipality"].isin(chosen)]
            if df.empty:
                return [], [], set()
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
    shown = [_column(vals, spec) for _, vals in series]
    rows = [[str(c)] + [col[i] for col in shown] for i, c in enumerate(cats[:MAX_TABLE_ROWS])]
    return header, rows, set(range(1, len(header)))


def _column(vals: list, spec) -> list[str]:
    """A series' cells with one number of decimals throughout: a rate («на 100», points of change) always with
    one, counts whole unless some value has a fraction («25,6 · 30,8 · 64,0», not «… · 64»); a change signed as
    its chart's labels («+8,6 п. п.»: tester round t84 — «8,6» in the note's table)."""
    if spec.extra.get("signed"):
        return [label_text(v, spec) if not pd.isna(v) else "—" for v in vals]
    if spec.percent:
        return [fmt_value(v, True) for v in vals]
    if not spec.additive or any(not pd.isna(v) and not float(v).is_integer() for v in vals):
        return [fmt_num(v, 1) for v in vals]  # («—» for a missing value, as fmt_value)
    return [fmt_value(v) for v in vals]


def frame_table(df: pd.DataFrame, percent_cols: set[str] = frozenset()):
    header = [str(c) for c in df.columns]
    numeric = {j for j, c in enumerate(df.columns)
               if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])}
    shares = {c for c in df.columns if str(c) in percent_cols or _looks_share(df, c)}
    # a column of counts with one fraction is written with one decimal throughout: «34,0» beside «1,8», not «34»
    # (tester round t84)
    tenths = {c for j, c in enumerate(df.columns) if j in numeric and c not in shares
              and (pd.to_numeric(df[c], errors="coerce").dropna() % 1 != 0).any()}
    rows = [[fmt_num(r[c], 1) if c in tenths and pd.notna(r[c]) else
             fmt_value(r[c], percent=c in shares) if j in numeric else fmt_value(r[c])
             for j, c in enumerate(df.columns)] for _, r in df.iterrows()]
    return header, rows, numeric


def _looks_share(df: pd.DataFrame, col) -> bool:
    name = str(col).lower()
    if not ("доля" in name or "%" in name or "охват" in name):
        return False
    s = pd.to_numeric(df[col], errors="coerce").dropna()
    return len(s) > 0 and s.between(0, 1).all()


def key_figure_sentence(kf, previous_label: str | None, named: bool = False) -> str:
    """«Готовы к реализации профминимума: 90,5 % (19 из 21 ОО); +9,5 п. п. к пред. периоду (1-е полугодие 2024 г.).»
    A figure with no value says why (its denominator), and nothing about completeness or comparison."""
    denominator = getattr(kf, "denominator", "") or ""
    if kf.text == "—":
        return f"{kf.label}: {denominator or 'нет данных'}".rstrip(".") + "."
    complete = getattr(kf, "completeness", "") or ""  # «сдали 3 из 56 муниципалитетов», as the card says
    text = f"{kf.label}: {kf.text}" + (f" ({denominator})" if denominator else "") + \
        (f" — {complete}, данные неполные" if complete else "")
    delta = getattr(kf, "delta_text", "") or ""
    if delta:  # (a change against a period that is not the one just before names it itself: «+3 к IV кварталу…»)
        text += f"; {delta}" + (f" ({previous_label})" if previous_label and not named else "")
    elif previous_label:
        text += f"; данных за {previous_label} для сравнения нет"
    else:
        text += "; более ранних данных для сравнения нет"
    return text if text.endswith(".") else text + "."


def _table_block(header, rows, numeric) -> Block:
    return Block("table", header=list(header), rows=[list(r) for r in rows], numeric=set(numeric))


def compose(data) -> list[Block]:
    """The note's blocks for a `reports.collect.ReportData`; figures name the chart keys drawn."""
    out = [Block("title", "Аналитическая справка"),
           Block("lead", "по результатам мониторинга реализации профориентационного минимума"),
           Block("line", f"Регион: {data.region_name}"), Block("line", f"Отчётный период: {data.period_label}")]
    f = data.filters
    munis = tuple(getattr(f, "municipalities", ()) or ())
    if munis:
        out.append(Block("line", f"Муниципалитеты: {', '.join(munis)}"))
    out.append(Block("line", f"Уровень профминимума: {getattr(f, 'level', None) or 'все уровни'}"))
    out.append(Block("muted", f"Дата формирования: {fmt_date(data.created)}"))

    out.append(Block("h1", "1. Цели и целевые значения"))
    goals = data.goals
    if goals is not None and len(goals):
        out.append(Block("p", "Целевые значения учебного года и пороговые значения, с которыми сравниваются "
                              "результаты мониторинга:"))
        out.append(_table_block(*frame_table(goals)))
    else:
        out.append(Block("p", "Целевые значения для региона не заданы."))

    prev_label, named = _comparison(data)
    out.append(Block("h1", "2. Основные показатели"))
    if data.key_figures:
        out.append(Block("bullets", items=[key_figure_sentence(kf, prev_label, named=named)
                                           for kf in data.key_figures]))
        rows = [[kf.label, kf.text, "; ".join(x for x in (getattr(kf, "denominator", ""),
                                                           getattr(kf, "completeness", "")) if x),
                 getattr(kf, "delta_text", "") or "—"] for kf in data.key_figures]
        out.append(_table_block(["Показатель", "Значение", "База",
                                 # (a school year: to the same point of the previous one, not its whole — t88)
                                 ("Изменение к тому же сроку пред. учебного года" if getattr(
                                     data.filters, "school_year", None) else f"Изменение к периоду «{prev_label}»")
                                 if prev_label else "Изменение"],
                                rows, {1, 3}))
    else:
        out.append(Block("p", "Данных за выбранный период нет."))
    out += [Block("p", s) for s in data.sentences]

    out += _results(data.specs)
    out += _analysis(data)
    out += _recommendations(data)
    out += _decisions(data)

    out.append(Block("h1", "7. Источники данных"))
    sources = list(dict.fromkeys(s.source for s in data.specs if s.source and s.source != NO_SOURCE))
    out.append(Block("bullets", items=sources or ["Формы мониторинга, загруженные в систему."]))
    return out


def _comparison(data) -> tuple[str | None, bool]:
    """(the label of the period the key figures are compared with — the closest earlier one with data, a school
    year for a school year —, whether the changes' own wording names it already); (None, False) with no earlier
    data."""
    from app.filters import period_label
    from app.kpi import names_its_period
    from etl.periods import school_year_of

    prev, f = data.previous, data.filters
    if not prev:
        return None, False
    year = bool(getattr(f, "school_year", None))
    return (period_label(school_year_of(prev) if year else prev),
            names_its_period(getattr(f, "period", None) or "", prev, year))


def _names(names: list[str], limit: int = 10) -> str:
    return some_of(names, limit)


def _sentence(text: str) -> str:
    text = (text or "Данных за выбранный период нет").strip()
    return text if text.endswith((".", "!", "?", "»")) else text + "."


def drawable(specs) -> list:
    """The specs drawn as figures in the note."""
    return [s for s in specs if not s.empty and s.kind != "table"]


def _results(specs) -> list[Block]:
    out, fig_no = [Block("h1", "3. Результаты мониторинга")], 0
    for i, spec in enumerate(specs):
        out.append(Block("h2", f"3.{i + 1}. {spec.title}"))
        if spec.subtitle:
            out.append(Block("italic", spec.subtitle))
        if spec.empty:
            out.append(Block("p", _sentence(spec.empty_message)))  # the chart's own reason, as on the dashboard
            continue
        if spec.kind != "table":
            fig_no += 1
            out.append(Block("figure", f"Рисунок {fig_no}. {spec.title}", key=spec.key))
        header, rows, numeric = spec_table(spec)
        if rows:
            out.append(_table_block(header, rows, numeric))
            n = (len(rows) if spec.kind == "map" and spec.extra.get("selected") else
                 len(spec.data) if spec.kind in ("table", "map") else len(pd.unique(spec.data[spec.y]))
                 if spec.kind == "heatmap" else len(series_table(spec)[0]))
            if n > MAX_TABLE_ROWS:
                out.append(Block("muted", f"Показаны первые {MAX_TABLE_ROWS} строк из {fmt_int(n)}."))
        elif spec.kind == "map":
            out.append(Block("p", "По выбранным муниципалитетам данных нет; на карте — остальные муниципалитеты "
                                  "региона."))
        if spec.source:
            out.append(Block("source", spec.source))
    return out


def _analysis(data) -> list[Block]:
    out = [Block("h1", "4. Анализ"), Block("h2", "4.1. Муниципалитеты, требующие внимания")]
    lag = data.lagging
    if lag is not None and len(lag):
        n = len(lag)
        out.append(Block("p", f"По пороговым значениям мониторинга {plural(n, 'отстаёт', 'отстают', 'отстают')} "
                              f"{municipalities(n)}."))
        out.append(_table_block(*frame_table(lag.head(MAX_TABLE_ROWS))))
    else:
        out.append(Block("p", "Муниципалитетов ниже пороговых значений нет" +
                         (" среди сдавших форму готовности." if data.not_sent else ".")))
    if data.not_sent:  # no form, no conclusion: said, never taken for «no lag»
        n = len(data.not_sent)
        out.append(Block("p", f"Нет формы готовности ОО за период от {municipalities(n, genitive=True)}: "
                              f"{_names(data.not_sent)}; без {plural(n, 'его', 'их', 'их')} данных выводы о "
                              f"{plural(n, 'нём', 'них', 'них')} не делаются."))
    year, over = _school_year(data)
    out.append(Block("h2", f"4.2. Не достигли целей {year} учебного года" if over else
                     "4.2. Рискуют не достичь цели к концу учебного года"))
    if data.at_risk_note:
        out.append(Block("muted", data.at_risk_note))
    risk = data.at_risk
    if risk is not None and len(risk):
        n = risk["Муниципалитет"].nunique()
        out.append(Block("p", f"{f'По итогам {year} учебного года' if over else 'При нынешнем темпе'} не "
                              f"{'достигли целевых значений' if over else 'достигнут целевых значений к 31 августа'} "
                              f"{municipalities(n)} ({fmt_int(len(risk))} "
                              f"{plural(len(risk), 'показатель', 'показателя', 'показателей')}); "
                              "наибольшие отставания:"))
        # (the year's data are final: its values are its result — no forecast, no «months left» beside «не достигли»)
        shown = risk.drop(columns=["Прогноз на 31 августа", "Осталось месяцев"], errors="ignore").rename(
            columns={"Сейчас": "Итог года"}) if over else risk
        out.append(_table_block(*frame_table(shown.head(MAX_TABLE_ROWS))))
    else:
        out.append(Block("p", (data.at_risk_empty or "Прогноза нет") + "."))
    return out


def _recommendations(data) -> list[Block]:
    out = [Block("h1", "5. Рекомендации по отстающим муниципалитетам")]
    recs = data.recommendations or []
    if not recs:
        out.append(Block("p", "Отстающих муниципалитетов нет: отдельных рекомендаций не требуется."))
        return out
    for muni, items in recs[:MAX_RECOMMENDED]:
        out += [Block("strong", muni), Block("bullets", items=list(items))]
    if len(recs) > MAX_RECOMMENDED:
        rest = len(recs) - MAX_RECOMMENDED
        out.append(Block("muted", f"Рекомендации ещё для {municipalities(rest, genitive=True)} — на странице "
                                  "«Обзор» и в таблице раздела 4."))
    return out


def _school_year(data) -> tuple[str | None, bool]:
    """The school year the note is about ('2023/24') and whether its data reach its end — its last period, the one
    ending in June (its targets missed, not at risk). A year over by the calendar whose data end earlier (to
    31.12.2024 of 2024/25) is still a forecast: what was reached by 31 August nobody has reported."""
    from app import projection as pj
    from etl import periods

    period = getattr(data.filters, "period", None)
    if not period:
        return None, False
    if periods.is_school_year(period):  # not resolved to its closing period: how far its data reach is unknown
        return period, False
    return pj.school_year_of(period), pj.school_year_closed(period)


def _decisions(data) -> list[Block]:
    from app.kpi import advice_text
    from etl import periods

    f = data.filters
    period = getattr(f, "period", None)
    items = []
    lag = data.lagging
    if lag is not None and len(lag):
        names = _names(list(lag["Муниципалитет"]))
        due = fmt_date(pd.Timestamp(data.created) + pd.Timedelta(days=30))
        items.append(advice_text("decision_lagging", municipalities=names, due=due))
    risk = data.at_risk
    if risk is not None and len(risk) and period:
        names = list(dict.fromkeys(risk["Муниципалитет"]))
        shown = _names(names)
        year, over = _school_year(data)  # the year's data are in: its targets were missed
        items.append(advice_text("decision_missed" if over else "decision_at_risk", school_year=year,
                                 municipalities=shown))
    if data.not_sent:
        items.append(f"Получить форму {FORM_NAMES['readiness']} за период от муниципалитетов, не сдавших её: "
                     f"{_names(data.not_sent)}")
    if not items:
        items.append(advice_text("decision_none"))
    past = False
    if period and periods.is_valid(period):  # the next stage still ahead of the note (one of a past period too)
        nxt = periods.next_period(period)
        past = periods.deadline_for(nxt) < pd.Timestamp(data.created).date()
        while periods.deadline_for(nxt) < pd.Timestamp(data.created).date():
            nxt = periods.next_period(nxt)
        items.append(advice_text("decision_next", next_date=fmt_date(periods.deadline_for(nxt))))
    # (a note of a past period: its decisions are dated from the day it is made — said, t88 read them as the period's)
    when = [Block("muted", f"Справка за прошедший период: сроки решений — от даты её составления "
                           f"({fmt_date(pd.Timestamp(data.created).date())}).")] if past else []
    return [Block("h1", "6. Предлагаемые решения"), *when, Block("numbered", items=[i for i in items if i])]
