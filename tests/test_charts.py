"""Chart builders: every kind draws what the data says, in Russian formats, offline; xlsx tables are safe."""
from __future__ import annotations

import dataclasses
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from app import specs, theme
from app.charts import CHART_KINDS, ChartSpec, build_figure, series_table
from app.filters import Filters
from app.xlsx import to_xlsx
from conftest import sql

F50 = Filters("50", "2023-Q4")
NETWORK_TRACES = {"scattergeo", "choropleth", "scattermapbox", "choroplethmapbox", "densitymapbox",
                  "scattermap", "choroplethmap", "densitymap"}


@pytest.fixture(scope="module")
def all_specs(small_db):
    return [d.build(F50, small_db) for d in specs.CHARTS]


def test_registry_covers_every_page_in_order():
    pages = [d.page for d in specs.CHARTS]
    assert list(dict.fromkeys(pages)) == ["Обзор", "Готовность ОО", "Сетевое взаимодействие", "Мероприятия",
                                          "Эффективность", "Дорожная карта"]
    assert len({d.key for d in specs.CHARTS}) == len(specs.CHARTS)
    with pytest.raises(KeyError, match="Неизвестный график"):
        specs.spec_for("nope", F50)


def test_spec_for_gives_the_page_spec(all_specs, small_db):
    for d, spec in zip(specs.CHARTS, all_specs):
        again = specs.spec_for(d.key, F50, small_db)
        assert again.key == d.key and again.title == spec.title
        pd.testing.assert_frame_equal(again.data, spec.data)


def test_every_chart_builds_with_russian_layout(all_specs):
    kinds = set()
    for spec in all_specs:
        assert not spec.empty, spec.key
        assert spec.kind in CHART_KINDS
        fig = build_figure(spec)
        kinds.add(spec.kind)
        assert fig.layout.separators == ", "
        assert fig.layout.template.layout.font.size >= 16  # legible on a projector
        assert spec.source.startswith("Источник:") and spec.subtitle
        assert not NETWORK_TRACES & {t.type for t in fig.data}
    assert kinds == {"map", "stacked", "heatmap", "hbar", "bar", "line", "pie", "table"}


def test_bar_traces_show_series_table_numbers(all_specs, small_db):
    for spec in all_specs:
        if spec.kind not in ("bar", "hbar", "stacked", "line"):
            continue
        cats, series = series_table(spec)
        fig = build_figure(spec)
        # (the target line and a stack's total are drawn over the series)
        drawn = [t for t in fig.data if not t.name or not (str(t.name).startswith("цель") or t.name == "Всего")]
        assert [t.name for t in drawn] == [name for name, _ in series] or len(series) == 1
        for t, (_, vals) in zip(drawn, series):
            horizontal = getattr(t, "orientation", None) == "h"
            got = list(t.x if horizontal else t.y)
            assert got == pytest.approx([v if v is not None else None for v in vals], nan_ok=True)
            assert list(t.y if horizontal else t.x) == [str(c) for c in cats]


def test_stacked_levels_use_fixed_level_colours(all_specs):
    spec = next(s for s in all_specs if s.key == "readiness_levels")
    fig = build_figure(spec)
    colours = {t.name: t.marker.color for t in fig.data}
    for lvl in theme.LEVELS:
        assert colours[lvl] == theme.LEVEL_COLORS[lvl]
    # bar labels are written the Russian way
    cov = build_figure(next(s for s in all_specs if s.key == "readiness_coverage"))
    assert all(t.endswith("\u00a0%") and "." not in t for t in cov.data[0].text)


def test_heatmap_cells_are_shares(all_specs, small_db):
    spec = next(s for s in all_specs if s.key == "readiness_criteria")
    fig = build_figure(spec)
    hm = fig.data[0]
    assert hm.type == "heatmap" and hm.zmin == 0 and hm.zmax == 1
    row = list(hm.y).index("Химки")
    col = [x.replace("<br>", " ") for x in hm.x].index("Назначен ответственный")  # long labels wrap
    met, n = sql(small_db, """select count(*) filter (where responsible_appointed), count(*) from readiness
                             where region='50' and period='2023-Q4' and municipality='Химки'""")[0]
    assert hm.z[row][col] == pytest.approx(met / n)
    # one decimal, as the cards and the bars write a share (a card's «88,9 %» was «89 %» in the cell)
    assert hm.text[row][col] == f"{100 * met / n:.1f}".replace(".", ",") + "\u00a0%"


def test_map_is_a_tile_grid_offline_with_every_municipality_labelled(all_specs):
    spec = next(s for s in all_specs if s.kind == "map")
    fig = build_figure(spec)
    lay = fig.to_plotly_json()["layout"]
    assert not {"geo", "mapbox", "map"} & set(lay)
    tiles = fig.data[0]
    shown = {c[0] for c in tiles.customdata}
    assert set(spec.data["municipality"]) <= shown  # every municipality with data has its tile
    for m, v in zip(spec.data["municipality"], spec.data["ready_share"]):
        i = [c[0] for c in tiles.customdata].index(m)
        assert f"{round(100 * v)}\u00a0%" in tiles.text[i] or "," in tiles.text[i]  # labelled with its value
    svg = fig.to_image(format="svg", width=1200, height=1000)
    assert svg.startswith(b"<svg") and "Химки".encode() in svg


def test_empty_spec_gives_a_russian_message_not_a_blank_chart():
    for kind in CHART_KINDS:
        spec = ChartSpec("x", "Пусто", kind, pd.DataFrame(), empty_message="Нет данных для выбранных фильтров")
        fig = build_figure(spec)
        assert not fig.data
        assert fig.layout.annotations[0].text == "Нет данных для выбранных фильтров"


def test_builders_are_pure(all_specs):
    for spec in all_specs:
        before = spec.data.copy()
        build_figure(spec)
        build_figure(spec)
        pd.testing.assert_frame_equal(spec.data, before)


def test_plotly_locale_is_russian_and_offline():
    cfg = theme.PLOTLY_CONFIG
    assert cfg["locale"] == "ru" and cfg["locales"]["ru"]["format"]["decimal"] == ","
    assert cfg["locales"]["ru"]["format"]["months"][8] == "сентябрь"
    assert cfg["locales"]["ru"]["dictionary"]["Reset axes"] == "Сбросить оси"
    assert json.loads(theme.ru_locale_js()[len("Plotly.register("):-2])["name"] == "ru"


def test_xlsx_has_filters_formats_and_neutralised_text(small_db):
    df = pd.DataFrame({"Партнёр": ["=HYPERLINK(\"http://x\")", "+79001234567", "-1", "@cmd", "МГТУ"],
                       "Договоры": [1, 2, 3, 4, 1234], "Доля": [0.5, 0.25, 1.0, 0.0, 0.853]})
    data = to_xlsx(df, "Партнёры", F50.describe(), percent_cols=("Доля",))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws["A1"].value == "Партнёры"
    assert ws["A2"].value == "Фильтры: Московская область · IV квартал 2023 г. · все муниципалитеты · все уровни"
    assert [c.value for c in ws[5]] == ["Партнёр", "Договоры", "Доля"]
    texts = [ws.cell(row=r, column=1).value for r in range(6, 11)]
    assert texts == list(df["Партнёр"])  # exactly as written: no apostrophe added
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(6, 11))  # texts, never formulas
    assert ws.cell(row=6, column=1).quotePrefix and not ws.cell(row=10, column=1).quotePrefix
    assert b"<f>" not in _sheet_xml(data)
    assert ws.cell(row=10, column=2).value == 1234 and ws.cell(row=10, column=2).number_format == "#,##0"
    assert ws.cell(row=10, column=3).number_format == '0.0"\u00a0"%'  # «93,7 %», as everywhere


def test_partner_list_from_the_database_is_neutralised_in_xlsx(small_db):
    from app import queries

    db = str(small_db)
    partners = queries.agreements_partners(db, queries.version(db), "50", "2023-Q4", (), None)
    assert any(p.startswith("=") for p in partners["partner_name"])  # the fixture has one
    ws = load_workbook(io.BytesIO(to_xlsx(partners, "Партнёры", F50.describe()))).active
    names = [ws.cell(row=r, column=1).value for r in range(6, 6 + len(partners))]
    assert names == list(partners["partner_name"])
    assert b"<f>" not in _sheet_xml(to_xlsx(partners, "Партнёры", F50.describe()))


def _sheet_xml(xlsx: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_values_written_past_horizontal_bars_fit_inside_the_figure():
    """«100,0 %» after the longest bar of a half-width chart was cut at the figure's right edge."""
    data = pd.DataFrame({"municipality": ["Химки", "Королёв"], "coverage": [0.999, 1.0]})
    spec = ChartSpec("cov", "Охват", "hbar", data, x="municipality", y="coverage", unit="%", percent=True)
    fig = build_figure(spec)
    assert fig.data[0].text[1].startswith("100,0") and fig.data[0].textposition == "outside"
    assert fig.layout.margin.r >= 8 * len("100,0 %") + 10 and fig.data[0].cliponaxis is False


def test_a_stacked_bar_carries_its_total_at_the_end_and_segments_stay_inside():
    data = pd.DataFrame({"event": ["Шоу профессий"] * 3 + ["Путь навыков"] * 3,
                         "who": ["обучающиеся", "родители", "педагоги"] * 2, "n": [1200, 300, 91, 800, 0, 40]})
    spec = ChartSpec("ev", "Участники", "stacked", data, x="event", y="n", series="who", orientation="h")
    fig = build_figure(spec)
    bars = [t for t in fig.data if t.type == "bar"]
    assert all(t.textposition == "inside" for t in bars)
    (total,) = [t for t in fig.data if t.type == "scatter" and t.name == "Всего"]
    assert [t.strip("\u00a0") for t in total.text] == ["1\u00a0591", "840"] and list(total.x) == [1591, 840]
    # the longest stack's total has room past the plot's edge («41 67» was cut from 41 675)
    assert fig.layout.margin.r >= 8 * len(total.text[0]) + 10 and total.cliponaxis is False
    spec.orientation = "v"
    fig = build_figure(spec)
    assert fig.layout.yaxis.range[1] >= 1591 * 1.1  # and above the tallest upright stack


def test_a_percent_axis_stops_at_100_and_its_ticks_read_like_its_labels():
    data = pd.DataFrame({"municipality": ["Химки", "Мытищи"], "coverage": [0.853, 0.62]})
    fig = build_figure(ChartSpec("cov", "Охват", "hbar", data, x="municipality", y="coverage", percent=True))
    assert fig.layout.xaxis.range == (0, 1.0)
    assert "20\u00a0%" in fig.layout.xaxis.ticktext and "100\u00a0%" in fig.layout.xaxis.ticktext


def test_a_municipality_merged_away_is_named_under_the_map_not_dropped(small_db, monkeypatch):
    from app import queries, specs
    from app.filters import Filters

    real = queries.readiness_by_municipality

    def with_merged(*a, **k):
        df = real(*a, **k)
        extra = df.head(1).copy()
        extra["municipality"] = "Дзержинский"  # merged into Люберцы in 2024: a 2023 form still names it
        return pd.concat([df, extra], ignore_index=True)

    monkeypatch.setattr(queries, "readiness_by_municipality", with_merged)
    spec = specs.overview_map(Filters("50", "2023-Q4"), small_db)
    assert "Нет на карте (упразднены): Дзержинский" in spec.source


def test_target_labels_sit_outside_the_plot_where_no_data_label_can_be():
    col = ChartSpec("t", "Охват", "bar", pd.DataFrame({"m": ["Химки", "Клин"], "v": [0.93, 0.97]}), x="m", y="v",
                    percent=True, target=0.95)
    fig = build_figure(col)
    (note,) = [a for a in fig.layout.annotations if "Цель" in a.text]
    assert note.xref == "paper" and note.x == 1 and note.xanchor == "left" and note.y == 0.95  # right margin
    assert "95\u00a0%" in note.text and fig.layout.margin.r >= 7 * len("95\u00a0%")
    row = dataclasses.replace(col, kind="hbar")
    (note,) = [a for a in build_figure(row).layout.annotations if "Цель" in a.text]
    assert note.yref == "y domain" and note.y == 1 and note.yanchor == "bottom"  # above the plot area
    line = ChartSpec("l", "Доли", "line", pd.DataFrame({"p": ["I", "II"] * 2, "s": ["А", "А", "Б", "Б"],
                                                        "v": [0.5, 0.6, 0.7, 0.8]}),
                     x="p", y="v", series="s", percent=True, extra={"targets": {"А": 0.9}})
    (note,) = [a for a in build_figure(line).layout.annotations if "цель" in a.text]
    assert note.text == "цель 90\u00a0%" and note.xref == "paper" and note.x == 1


def test_series_of_very_different_scale_are_never_on_one_axis():
    data = pd.DataFrame({"p": ["I", "II"] * 3, "s": ["Охвачено"] * 2 + ["Педагоги"] * 2 + ["Экскурсии"] * 2,
                         "v": [935_000, 940_000, 5_000, 5_200, 74_000, 80_000]})
    spec = ChartSpec("c", "Люди", "line", data, x="p", y="v", series="s", unit="чел.")
    fig = build_figure(spec)
    axes = {t.yaxis for t in fig.data}
    assert len(axes) == 3  # one value axis per series
    assert [a.text for a in fig.layout.annotations] == ["Охвачено", "Педагоги", "Экскурсии"]
    from reports import pptx_deck

    assert not pptx_deck.is_native(spec)  # the slide shows the same small multiples as a picture
    near = data[data["s"] != "Педагоги"].assign(v=[935_000, 940_000, 200_000, 210_000])  # 4,5×: one axis
    assert {t.yaxis for t in build_figure(dataclasses.replace(spec, data=near)).data} <= {None, "y"}


def test_a_figure_two_forms_give_says_which_form_it_is_from(small_db):
    """Coverage comes from the readiness form and from the effectiveness form, and they can differ: each chart
    of it names its form in the title (page, image, slide)."""
    from app import specs
    from app.filters import Filters

    f = Filters("50", "2023-Q4")
    assert "(по форме «Готовность ОО»)" in specs.readiness_coverage(f, small_db).title
    by_muni = specs.effectiveness_by_municipality(f, small_db, "coverage_share")
    assert by_muni.title.endswith("(по форме «Показатели эффективности»)")
    assert not specs.effectiveness_by_municipality(f, small_db, "probes_share").title.endswith(
        "(по форме «Показатели эффективности»)")  # no other form measures it


def test_every_share_a_chart_shows_reads_like_its_labels(all_specs):
    # a hover, an axis tick, a colour scale: «90,3 %» with a space, as the labels, never d3's «90,3%»
    import re

    for spec in all_specs:
        fig = build_figure(spec).to_plotly_json()
        text = json.dumps(fig, ensure_ascii=False)
        assert not re.search(r":[,.]?\.?\d*%\}", text), (spec.key, re.findall(r"%\{[^}]*%\}", text)[:3])
        if spec.percent and spec.kind in ("bar", "hbar", "line", "heatmap"):
            value_axis = "xaxis" if spec.kind == "hbar" else "yaxis"  # (the categories' own may be wrapped)
            ticks = list(fig["layout"].get(value_axis, {}).get("ticktext", [])) + \
                [t for tr in fig["data"] for t in (tr.get("colorbar") or {}).get("ticktext", [])]
            assert ticks and all(t.endswith("\u00a0%") for t in ticks), (spec.key, ticks)
            hovers = [h for tr in fig["data"] for h in (tr.get("customdata") or []) if isinstance(h, str) and h]
            assert all(re.fullmatch(r"\d+(,\d)?\u00a0%", h) for h in hovers), (spec.key, hovers[:3])


def test_a_few_long_category_names_go_on_two_lines_not_aslant():
    data = pd.DataFrame({"t": ["ВУЗ", "СПО", "индустриальный партнёр"], "n": [3, 2, 5]})
    fig = build_figure(ChartSpec("types", "Договоры", "bar", data, x="t", y="n"))
    assert fig.layout.xaxis.tickangle is None
    assert list(fig.layout.xaxis.ticktext) == ["ВУЗ", "СПО", "индустриальный<br>партнёр"]


def test_a_chart_with_a_fraction_writes_every_value_with_one_decimal():
    spec = ChartSpec("change", "Изменение", "hbar", pd.DataFrame({"m": ["А", "Б", "В"], "v": [0.0, 0.2, 3.0]}),
                     x="m", y="v", unit="чел.")
    (bars,) = build_figure(spec).data
    assert list(bars.text) == ["0,0", "0,2", "3,0"] and list(bars.customdata)[1] == "0,2\u00a0чел."


def test_labels_of_two_close_lines_sit_apart():
    df = pd.DataFrame({"p": ["I", "I", "II", "II"], "s": ["А", "Б", "А", "Б"], "v": [0.371, 0.338, 0.372, 0.399]})
    spec = ChartSpec("shares", "Доли", "line", df, x="p", y="v", series="s", percent=True)
    a, b = [t for t in build_figure(spec).data if t.mode == "lines+markers+text"]
    assert list(a.textposition) == ["top center", "bottom center"] and list(b.textposition) == ["bottom center",
                                                                                                  "top center"]


def test_a_label_between_two_close_others_is_left_to_the_hover():
    """Three lines at 39,9 %, 37,2 % and 20,0 % in one period: the middle label would sit on the top one — it is
    not written (its value is in the hover); far from both (30 %) it is."""
    df = pd.DataFrame({"p": ["I"] * 3 + ["II"] * 3, "s": ["А", "Б", "В"] * 2,
                       "v": [0.399, 0.372, 0.20, 0.399, 0.30, 0.20]})
    spec = ChartSpec("shares", "Доли", "line", df, x="p", y="v", series="s", percent=True)
    a, b, c = [t for t in build_figure(spec).data if t.mode == "lines+markers+text"]
    assert [list(t.text) for t in (a, b, c)] == [["39,9\u00a0%", "39,9\u00a0%"], ["", "30,0\u00a0%"],
                                                 ["20,0\u00a0%", "20,0\u00a0%"]]
    assert list(b.customdata)[0] == "37,2\u00a0%"


def test_a_pies_outside_labels_push_the_margins_instead_of_being_cut():
    """«в работе 3 (12,0 %)» on the left of the roadmap's status pie showed as «работе»."""
    data = pd.DataFrame({"status": ["выполнено", "в работе", "не выполнено"], "n": [19, 3, 1]})
    fig = build_figure(ChartSpec("st", "Статус мероприятий", "pie", data, x="status", y="n"))
    assert fig.data[0].textposition == "outside" and fig.data[0].automargin is True


def test_a_hover_counting_agreements_or_measures_agrees_with_its_number():
    """A tester's round (07.12.2026): stacked bars' hovers said «Подольск / ВУЗ: 2 договоров», «1 мероприятий»."""
    data = pd.DataFrame({"municipality": ["Подольск", "Подольск", "Клин"], "partner_type": ["ВУЗ", "СПО", "ВУЗ"],
                         "agreements": [2, 1, 5]})
    spec = ChartSpec("a", "Договоры", "stacked", data, x="municipality", y="agreements", series="partner_type",
                     unit="договоров", orientation="h")
    hovers = [h for tr in build_figure(spec).data if tr.type == "bar" for h in tr.customdata if h]
    assert sorted(hovers) == ["1\u00a0договор", "2\u00a0договора", "5\u00a0договоров"]
    pie = ChartSpec("p", "Статусы", "pie", pd.DataFrame({"status": ["выполнено", "в работе"], "items": [1, 3]}),
                    x="status", y="items", unit="мероприятий")
    text = json.dumps(build_figure(pie).to_plotly_json(), ensure_ascii=False)
    assert "1\u00a0мероприятий" not in text and "1 мероприятий" not in text


def test_a_long_sheet_name_is_cut_at_a_word():
    """A tester's round (07.12.2026): the form rows' workbook had a sheet «Договоры о сетевом взаимодейств»."""
    from app.xlsx import to_xlsx_sheets

    data = to_xlsx_sheets({"Договоры о сетевом взаимодействии": pd.DataFrame({"a": [1]}),
                           "Готовность ОО": pd.DataFrame({"a": [1]})}, "Строки форм", F50.describe())
    assert load_workbook(io.BytesIO(data)).sheetnames == ["Договоры о сетевом…", "Готовность ОО"]


def test_a_number_inside_a_bar_short_of_its_target_is_white_on_a_dark_bar():
    """A tester's round (07.12.2026): «90,5 %» inside Лобня's blue bar, just short of the target, was dark grey."""
    data = pd.DataFrame({"municipality": ["Лобня", "Химки"], "coverage": [0.905, 0.6]})
    spec = ChartSpec("cov", "Охват", "hbar", data, x="municipality", y="coverage", unit="%", percent=True,
                     target=0.95)
    (bar,) = [t for t in build_figure(spec).data if t.type == "bar"]
    assert list(bar.textposition) == ["inside", "outside"]
    assert bar.insidetextfont.color == "#FFFFFF"
    light = dataclasses.replace(spec, colors={"Лобня": theme.TRAFFIC_LIGHTS["near"], "Химки": "#B8646B"})
    (bar,) = [t for t in build_figure(light).data if t.type == "bar"]
    assert bar.insidetextfont.color[0] == theme.TEXT_COLOR  # (dark text on yellow)


def test_a_share_near_the_top_of_its_axis_has_room_for_its_label():
    """(tester round t79, in a browser) «96,2 %» over a point of a percent line whose axis ends at 100 % was cut at the
    plot's top edge."""
    data = pd.DataFrame({"period": ["2-е полуг. 2023"], "indicator": ["Доля охвата"], "value": [0.962]})
    fig = build_figure(ChartSpec("s", "Доли", "line", data, x="period", y="value", series="indicator", unit="%",
                                 percent=True))
    (trace,) = [t for t in fig.data if t.mode == "lines+markers+text"]
    assert trace.text[0] == "96,2\xa0%" and fig.layout.yaxis.range[1] >= 0.962 + 0.1  # room over it for its label
    assert list(fig.layout.yaxis.tickvals)[-1] == 1.0  # (the ticks end at 100 %)


def test_a_change_that_rounds_to_nothing_is_no_fall():
    """(tester round t82) 98,98 → 98,97 %: «−0,0 п. п.» with a red arrow down on the coverage card."""
    from app.fmt import fmt_delta

    assert fmt_delta(-0.01, 1, pct_points=True) == "±0,0\xa0п.\u202fп."
    assert fmt_delta(-0.06, 1, pct_points=True) == "−0,1\xa0п.\u202fп." and fmt_delta(-0.4) == "±0"


def test_no_dashed_target_line_runs_through_a_label():
    """(tester round t82) «97,7 %» sat on the dashed «цель 100 %», «64,6 %» on «цель 70 %»: a label a line would
    strike moves to the point's other side; with no room there it is left to the hover."""
    df = pd.DataFrame({"p": ["I", "II", "III"] * 2, "s": ["Охват"] * 3 + ["Диагностика"] * 3,
                       "v": [0.903, 0.977, 0.987, 0.646, 0.754, 0.866]})
    spec = ChartSpec("shares", "Доли", "line", df, x="p", y="v", series="s", percent=True,
                     extra={"targets": {"Охват": 1.0, "Диагностика": 0.7}})
    fig = build_figure(spec)
    cover, diag = [t for t in fig.data if t.mode == "lines+markers+text"]
    assert list(cover.textposition) == ["top center", "bottom center", "bottom center"]
    assert list(diag.textposition)[:2] == ["bottom center", "top center"]
    top = fig.layout.yaxis.range[1]
    for tr in (cover, diag):
        for v, text, place in zip(tr.y, tr.text, tr.textposition):
            low, high = (v, v + 0.06 * top) if place == "top center" else (v - 0.06 * top, v)
            assert not text or not any(low < t < high for t in (1.0, 0.7)), (text, place)


def test_small_multiples_name_the_periods_under_each_column_and_write_numbers_readably():
    """(tester round t82) The right column of panels had no period names, the first number ran over the value
    axis' ticks, pale yellow numbers were hard to read."""
    from app import theme

    periods = ["III кв. 2023", "IV кв. 2023", "I кв. 2024"]
    names = ["Охвачено", "Диагностика", "Профпробы", "Экскурсии", "Педагоги"]
    peaks = [900_000, 800_000, 300_000, 70_000, 5_000]
    df = pd.DataFrame([(p, n, peak * (k + 1) / 3) for n, peak in zip(names, peaks) for k, p in enumerate(periods)],
                      columns=["p", "s", "v"])
    fig = build_figure(ChartSpec("people", "Показатели в человеках", "line", df, x="p", y="v", series="s",
                                 unit="чел."))
    lowest = {}  # column -> its lowest panel's x axis
    for k in range(len(names)):
        lowest[k % 2] = fig.get_subplot(k // 2 + 1, k % 2 + 1).xaxis
    assert all(ax.showticklabels is True for ax in lowest.values())
    assert all(tuple(ax.range) == (-0.5, 2.5) for ax in lowest.values())
    assert all(t.textfont.color == theme.TEXT_COLOR for t in fig.data)


def test_a_change_is_written_with_its_sign_and_points():
    """(tester round t84) «Доля охвата: изменение к периоду …» wrote «8,6», «11,8» — no sign, no «п. п.»."""
    df = pd.DataFrame({"m": ["Химки", "Клин", "Дубна"], "change": [-3.24, 0.01, 8.6]})
    spec = ChartSpec("effectiveness_change", "Доля охвата: изменение", "hbar", df, x="m", y="change",
                     unit="п.\u00a0п.", additive=False, extra={"signed": True})
    (bars,) = build_figure(spec).data
    assert list(bars.text) == ["−3,2\u00a0п.\u00a0п.", "±0,0\u00a0п.\u00a0п.", "+8,6\u00a0п.\u00a0п."]
    from reports import pptx_deck

    assert pptx_deck.number_format(spec, df["change"]).endswith('+#,##0.0;"−"#,##0.0;"±"0.0')
    from reports.note import spec_table  # the note's table of the chart: the same signs (was «8,6»)

    _head, rows, _right = spec_table(spec)
    assert [r[1] for r in rows] == list(bars.text)
