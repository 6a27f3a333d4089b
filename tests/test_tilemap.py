"""Tile-grid map of municipalities: the reference grid (one tile per active municipality, none for merged ones),
fixed colours tied to thresholds, outlines, missing data, Russian labels, a click naming its municipality, export."""
from __future__ import annotations

import csv
import importlib.util
import io
import re
import shutil

import pandas as pd
import pytest
from PIL import Image

from app import tilemap
from app.fmt import NBSP
from etl import config

REGIONS = {"50": "Московская область", "65": "Сахалинская область"}


def _rows(name: str) -> list[dict]:
    with open(config.REFERENCE_DIR / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _tiles(fig):
    return fig.data[0]


def _shape(fig, municipality: str):
    """Tiles are drawn in the order of the tile trace's points, first among the shapes."""
    return fig.layout.shapes[[c[0] for c in _tiles(fig).customdata].index(municipality)]


def _fill(fig, municipality: str) -> str:
    return _shape(fig, municipality).fillcolor


def _line(fig, municipality: str):  # the tile's outline
    return _shape(fig, municipality).line


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _fig(values: dict, region="Московская область", **kw):
    df = pd.DataFrame({"municipality": list(values), "share": list(values.values())})
    kw.setdefault("thresholds", (0.7, 0.9))
    return tilemap.tile_figure(df, region, "share", percent=True, value_label="Доля готовых ОО", **kw)


# --- the reference grid ----------------------------------------------------------------------------------------
def test_every_active_municipality_has_one_tile_and_cells_are_unique():
    units = _rows("municipalities.csv")
    grid = _rows("tile_grid.csv")
    for code, name in REGIONS.items():
        active = {u["municipality"] for u in units if u["region_code"] == code and not u["merged_into"].strip()}
        merged = {u["municipality"] for u in units if u["region_code"] == code and u["merged_into"].strip()}
        mine = [g for g in grid if g["region_code"] == code]
        names = [g["municipality"] for g in mine]
        assert sorted(names) == sorted(active) and len(names) == len(set(names)), code
        assert not merged & set(names)
        cells = [(int(g["col"]), int(g["row"])) for g in mine]
        assert len(cells) == len(set(cells)) and min(c for c, _ in cells) == min(r for _, r in cells) == 0, code
        loaded = tilemap.load_grid(name)
        assert sorted(loaded["municipality"]) == sorted(active) and loaded["col"].dtype.kind == "i"
    assert "Дзержинский" in {u["municipality"] for u in units if u["merged_into"] == "Люберцы"}
    assert "Дзержинский" not in {g["municipality"] for g in grid}
    assert {g["region_code"] for g in grid} == set(REGIONS)


def test_short_names_fit_two_lines_of_twelve_characters():
    for g in _rows("tile_grid.csv"):
        lines = tilemap.label_lines(g["short"])
        assert g["short"].strip() and 1 <= len(lines) <= 2 and max(map(len, lines)) <= 12, g
    assert tilemap.label_lines("Лосино-Петровский") == ["Лосино-", "Петровский"]
    assert tilemap.label_lines("Звёздный городок") == ["Звёздный", "городок"]


def test_moscow_hole_and_geography_keep_neighbours():
    g = tilemap.load_grid("50").set_index("municipality")
    pos = {m: (r.col, r.row) for m, r in g.iterrows()}
    taken = set(pos.values())
    assert not taken & {(4, 4), (5, 4), (4, 5), (5, 5)}  # Moscow
    ring = ["Химки", "Долгопрудный", "Мытищи", "Королёв", "Балашиха", "Реутов", "Люберцы", "Котельники",
            "Ленинский", "Одинцовский", "Красногорск"]
    assert all(3 <= pos[m][0] <= 6 and 3 <= pos[m][1] <= 6 for m in ring)  # around the hole
    assert pos["Дубна"][1] == 0 and pos["Серпухов"][1] > pos["Подольск"][1] > pos["Химки"][1]
    assert pos["Шаховская"][0] == 0 and pos["Шатура"][0] > pos["Балашиха"][0]
    s = {m: (r.col, r.row) for m, r in tilemap.load_grid("Сахалинская область").set_index("municipality").iterrows()}
    assert s["Охинский"][1] == 0 and s["Корсаковский"][1] > s["Южно-Сахалинск"][1] > s["Поронайский"][1]
    island = max(c for m, (c, r) in s.items() if "Курил" not in m)
    assert all(s[m][0] > island + 1 for m in ("Курильский", "Северо-Курильский", "Южно-Курильский"))


def test_generator_keeps_the_tuned_grid_and_places_a_new_municipality():
    spec = importlib.util.spec_from_file_location("make_tile_grid", config.REFERENCE_DIR / "make_tile_grid.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    rows = gen.build()
    assert [{k: str(v) for k, v in r.items()} for r in rows] == _rows("tile_grid.csv")
    units = [u for u in _rows("municipalities.csv") if u["region_code"] == "50" and not u["merged_into"]]
    kept = {r["municipality"]: (int(r["col"]), int(r["row"])) for r in rows if r["region_code"] == "50"}
    del kept["Коломна"]
    placed = gen.place_new(units, "50", kept)
    assert len(set(placed.values())) == len(units) and placed["Коломна"] not in gen.HOLES["50"]
    fresh = gen.fresh_layout(units, "50")
    assert len(set(fresh.values())) == len(units) and not set(fresh.values()) & gen.HOLES["50"]


def test_load_grid_by_name_or_code_and_unknown_region():
    assert tilemap.load_grid("65").equals(tilemap.load_grid("Сахалинская область"))
    with pytest.raises(ValueError, match="Неизвестный регион"):
        tilemap.load_grid("Тверская область")


# --- the figure ------------------------------------------------------------------------------------------------
def test_every_tile_is_drawn_with_short_name_value_and_full_name_in_customdata():
    grid = tilemap.load_grid("Московская область")
    values = {m: 0.5 + (i % 50) / 100 for i, m in enumerate(grid["municipality"])}
    fig = _fig(values)
    tiles = _tiles(fig)
    assert tiles.type == "scatter" and tiles.mode == "markers+text" and len(tiles.x) == len(grid) == 56
    assert [c[0] for c in tiles.customdata] == list(grid["municipality"])
    for text, short, m in zip(tiles.text, grid["short"], grid["municipality"]):
        plain = _plain(text)
        assert all(line in plain for line in tilemap.label_lines(short))
        assert tilemap.value_text(values[m], True, tilemap.bins(True, (0.7, 0.9))) in plain
    assert "83,0" + NBSP + "%" in _plain(" ".join(tiles.text))  # a share as tables and notes write it
    assert len([s for s in fig.layout.shapes if s.type == "rect"]) == 56 + 1  # tiles + Moscow
    assert "%{customdata[1]}" in tiles.hovertemplate and "Доля готовых ОО" in tiles.hovertemplate
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.height == 10 * tilemap.CELL_PX + tilemap.TOP_PX + tilemap.BOTTOM_PX
    assert min(tiles.textfont.size) >= 11 and fig.layout.legend.font.size >= 11


def test_a_value_has_the_same_colour_whatever_the_other_values():
    low = _fig({"Химки": 0.8, "Клин": 0.05, "Дубна": 0.1})
    high = _fig({"Химки": 0.8, "Клин": 0.99, "Дубна": 1.0})
    alone = _fig({"Химки": 0.8})
    assert _fill(low, "Химки") == _fill(high, "Химки") == _fill(alone, "Химки") == tilemap.AMBER
    assert _fill(low, "Клин") == tilemap.RED and _fill(high, "Клин") == tilemap.GREEN
    assert tilemap.color_for(0.9, True, (0.7, 0.9)) == tilemap.GREEN  # the target itself is met
    assert tilemap.color_for(0.6999, True, (0.7, 0.9)) == tilemap.RED
    # rounding never shows a value on the other side of a bin edge
    assert tilemap.value_text(0.896, True, tilemap.bins(True, (0.7, 0.9))) == "89,6" + NBSP + "%"
    assert tilemap.value_text(1234, False) == "1" + NBSP + "234"
    # and a half is rounded as the tables round it: 39 of 48 ОО is «81,3 %» on the tile and in the table
    assert tilemap.value_text(39 / 48, True, tilemap.bins(True, (0.7, 0.9))) == "81,3" + NBSP + "%"


def test_lagging_tiles_are_outlined():
    fig = _fig({"Химки": 0.8, "Клин": 0.5, "Дубна": 0.95})
    assert _line(fig, "Химки").width >= 3 and _line(fig, "Химки").color == tilemap.OUTLINE
    assert _line(fig, "Клин").width >= 3
    assert _line(fig, "Дубна").width <= 1 and _line(fig, "Лобня").width <= 1  # met / no data
    chosen = _fig({"Химки": 0.8, "Дубна": 0.95}, lagging={"Дубна"})
    assert _line(chosen, "Дубна").width >= 3 and _line(chosen, "Химки").width <= 1


def test_missing_data_is_grey_with_net_dannykh():
    fig = _fig({"Химки": 0.8, "Клин": float("nan")})
    grid = tilemap.load_grid("50")
    for m in ("Клин", "Лобня"):
        assert _fill(fig, m) == tilemap.NO_DATA
        i = list(grid["municipality"]).index(m)
        assert "нет данных" in _plain(_tiles(fig).text[i]) and _tiles(fig).customdata[i][2] == "нет данных"
    empty = tilemap.tile_figure(pd.DataFrame(columns=["municipality", "share"]), "65", "share", percent=True,
                                thresholds=None, value_label="Доля")
    assert {s.fillcolor for s in empty.layout.shapes} == {tilemap.NO_DATA} and len(_tiles(empty).x) == 18
    merged = _fig({"Химки": 0.8, "Дзержинский": 0.5})  # a name without a tile is reported, not drawn
    assert "Дзержинский" not in [c[0] for c in _tiles(merged).customdata]
    assert merged.layout.meta["not_on_map"] == ["Дзержинский"]


def test_a_tile_without_a_value_says_why():
    """(tester round t93) a municipality that did not send the form and one with no school of the chosen level were
    both «нет данных»: each tile says why, and the grey key lists the reasons."""
    fig = _fig({"Химки": 0.8}, absent={"Клин": "не сдали", "Лобня": "нет ОО уровня «продвинутый»"})
    grid = list(tilemap.load_grid("50")["municipality"])
    assert "не сдали" in _plain(_tiles(fig).text[grid.index("Клин")])
    assert "нет ОО уровня «продвинутый»" in _plain(_tiles(fig).text[grid.index("Лобня")])
    assert "нет данных" in _plain(_tiles(fig).text[grid.index("Дубна")])
    keys = [t.name for t in fig.data if t.name and t.x == (None,)]
    assert "не сдали, нет ОО уровня «продвинутый», нет данных" in keys


def test_legend_is_russian_and_derived_from_thresholds():
    fig = _fig({"Химки": 0.8})
    names = [t.name for t in fig.data[1:]]
    assert names == [f"ниже 70{NBSP}%", f"70–90{NBSP}%", f"90{NBSP}% и выше", "нет данных",
                     f"обведены: ниже 90{NBSP}%"]
    assert all(len(t.x) == 1 and t.x[0] is None for t in fig.data[1:])  # keys only: no clickable points
    per100 = tilemap.tile_figure(pd.DataFrame({"municipality": ["Оха"], "n": [25]}), "65", "n", percent=False,
                                 thresholds=(20, 30), value_label="Участников на 100")
    assert [t.name for t in per100.data[1:4]] == ["ниже 20", "20–30", "30 и выше"]
    for f in (fig, per100):
        texts = [t.name for t in f.data[1:]] + [_plain(x) for x in _tiles(f).text]
        texts += [_plain(re.sub(r"%\{[^}]*\}", "", _tiles(f).hovertemplate))]
        texts += [a.text for a in f.layout.annotations]
        assert not [t for t in texts if re.search(r"[A-Za-z]{2,}", t)], texts


def test_text_contrasts_with_every_tile_colour():
    fills = [c for p in (True, False) for th in ((0.7, 0.9), None) for _, _, c, _ in tilemap.bins(p, th)]
    for fill in fills + [tilemap.NO_DATA]:
        assert tilemap.contrast(fill, tilemap.text_color(fill)) >= 4.5, fill
    fig = _fig({"Химки": 0.5, "Клин": 0.8, "Дубна": 0.95})
    for color, c in zip(_tiles(fig).textfont.color, _tiles(fig).customdata):
        assert tilemap.contrast(color, _fill(fig, c[0])) >= 4.5


def test_a_click_names_the_municipality():
    fig = _fig({"Химки": 0.8})
    i = [c[0] for c in _tiles(fig).customdata].index("Химки")
    event = {"points": [{"curve_number": 0, "point_index": i, "customdata": list(_tiles(fig).customdata[i])}]}
    assert tilemap.municipality_from_selection(event) == "Химки"
    assert tilemap.municipality_from_selection({"points": []}) is None
    assert tilemap.municipality_from_selection({"points": [{"curve_number": 2, "customdata": ["Клин"]}]}) is None
    # a selection lightens the chosen tile and leaves the other labels as they are (plotly would dim them)
    assert _tiles(fig).selected.textfont.color and _tiles(fig).selected.marker.color
    assert tilemap.municipality_from_selection(None) is None


def test_labels_from_files_are_escaped(tmp_path, monkeypatch):
    for name in ("regions.csv", "municipalities.csv", "aliases.csv", "tile_grid.csv"):  # (the registry reads the first three)
        shutil.copy(config.REFERENCE_DIR / name, tmp_path / name)
    text = (tmp_path / "tile_grid.csv").read_text(encoding="utf-8")
    (tmp_path / "tile_grid.csv").write_text(text.replace(",Клин\n", ",<b>Клин</b>\n"), encoding="utf-8")
    monkeypatch.setattr(config, "REFERENCE_DIR", tmp_path)
    fig = tilemap.tile_figure(pd.DataFrame({"municipality": ["Клин", "Дубна"], "v": [0.8, 1.5]}), "50", "v",
                              percent=True, thresholds=(0.7, 0.9), value_label="Доля <ОО>",
                              lagging=set())
    i = [c[0] for c in _tiles(fig).customdata].index("Клин")
    assert "&lt;b&gt;Клин&lt;/b&gt;" in _tiles(fig).text[i] and "<b>Клин" not in _tiles(fig).text[i]
    assert "Доля &lt;ОО&gt;" in _tiles(fig).hovertemplate
    assert not any(s.line.width > 1 for s in fig.layout.shapes)  # an empty `lagging` set outlines nothing


def test_static_export_with_kaleido():
    from reports import images

    grid = tilemap.load_grid("50")
    fig = _fig({m: (i % 10) / 9 for i, m in enumerate(grid["municipality"])})
    sak = _fig({"Охинский": 0.95}, region="Сахалинская область")
    pngs = images.render_figures([fig, sak], "png", width=1100, height=int(fig.layout.height), scale=1)
    for png in pngs:
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert Image.open(io.BytesIO(png)).size == (1100, int(fig.layout.height))
        assert len(set(Image.open(io.BytesIO(png)).convert("RGB").getdata())) > 20  # drawn, not blank
    png = sak.to_image(format="png", width=600, height=int(sak.layout.height))  # plotly's own call, same server
    assert Image.open(io.BytesIO(png)).size == (600, int(sak.layout.height))
