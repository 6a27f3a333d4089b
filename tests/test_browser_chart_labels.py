"""Labels never overlap, drawn by plotly.js in Chromium exactly as on the page: the longest municipality names of
both regions on every bar kind, value labels past the bars, stacked totals, tilted column names, target labels,
small multiples. Every text's box is measured; no two boxes of different labels intersect and none leaves the
figure."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly
import pytest

from app.charts import ChartSpec, build_figure
from tests import streamlit_harness as sh

pytestmark = pytest.mark.browser
LONGEST = ["Александровск-Сахалинский", "Сергиево-Посадский", "Лосино-Петровский", "Павлово-Посадский",
           "Северо-Курильский", "Серебряные Пруды", "Орехово-Зуевский", "Звёздный городок"]
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

MEASURE = """() => {
  const sel = '.xtick text, .ytick text, .textpoint text, .bartext, .annotation-text, .g-gtitle text, .legendtext';
  const boxes = [];
  for (const t of document.querySelectorAll(sel)) {
    if (!t.textContent.trim()) continue;
    const b = t.getBBox(), m = t.getScreenCTM();
    if (!b.width || !b.height) continue;
    const pts = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]].map(
      ([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);  // a rotated label's real corners
    const xs = pts.map(p => p[0]), ys = pts.map(p => p[1]);
    boxes.push({text: t.textContent, pts, l: Math.min(...xs), t: Math.min(...ys), r: Math.max(...xs),
                b: Math.max(...ys)});
  }
  const svg = document.querySelector('.main-svg').getBoundingClientRect();
  return {boxes, w: svg.width, h: svg.height};
}"""


def specs() -> list[ChartSpec]:
    names = LONGEST
    share = pd.DataFrame({"m": names, "v": [0.951, 0.999, 0.5, 1.0, 0.873, 0.62, 0.999, 0.0]})
    long = pd.DataFrame({"m": [n for n in names for _ in range(3)],
                         "lvl": ["базовый", "основной", "продвинутый"] * len(names),
                         "v": [12, 1, 3, 40, 25, 9, 2, 2, 2, 7, 30, 1, 1, 1, 1, 9, 8, 7, 100, 3, 1, 0, 4, 0]})
    return [
        ChartSpec("hbar", "Доли", "hbar", share, x="m", y="v", percent=True, target=0.9),
        ChartSpec("bar", "Доли", "bar", share, x="m", y="v", percent=True, target=0.9),
        ChartSpec("stacked", "ОО", "stacked", long, x="m", y="v", series="lvl", unit="ОО", orientation="h"),
        ChartSpec("stacked_v", "ОО", "stacked", long, x="m", y="v", series="lvl", unit="ОО"),
        ChartSpec("counts", "Люди", "bar", share.assign(v=[935_300, 7_250, 5_231, 127_172, 74_350, 1, 0, 12]),
                  x="m", y="v", unit="чел."),
    ]


def _intersect(p: list, q: list, pad: float) -> bool:
    """Two convex quadrilaterals intersect (separating axis theorem), by more than `pad` px."""
    for poly in (p, q):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            norm = (nx * nx + ny * ny) ** 0.5 or 1
            a = [(x * nx + y * ny) / norm for x, y in p]
            b = [(x * nx + y * ny) / norm for x, y in q]
            if max(a) <= min(b) + pad or max(b) <= min(a) + pad:
                return False
    return True


def overlaps(boxes: list[dict], pad: float = 1.0) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if _intersect(a["pts"], b["pts"], pad):
                out.append((a["text"], b["text"]))
    return out


@pytest.mark.parametrize("width", [1100, 700])
def test_no_label_overlaps_another_or_leaves_the_figure(tmp_path, width):
    with sh.chromium() as browser:
        page = browser.new_page(viewport={"width": width + 40, "height": 900})
        for spec in specs():
            fig = build_figure(spec)
            html = tmp_path / f"{spec.key}.html"
            html.write_text(f"""<html><head><meta charset="utf-8"><script src="{PLOTLY_JS.as_uri()}"></script></head>
<body style="margin:0"><div id="c" style="width:{width}px"></div><script>
const f = {json.dumps(fig.to_plotly_json(), default=str)};
Plotly.newPlot('c', f.data, Object.assign(f.layout, {{width: {width}}}), {{staticPlot: true}});
</script></body></html>""", encoding="utf-8")
            page.goto(html.as_uri())
            page.wait_for_selector(".main-svg")
            got = page.evaluate(MEASURE)
            assert got["boxes"], spec.key
            bad = overlaps(got["boxes"])
            assert not bad, (spec.key, width, bad[:5])
            out = [b["text"] for b in got["boxes"] if b["l"] < -1 or b["t"] < -1 or b["r"] > got["w"] + 1
                   or b["b"] > got["h"] + 1]
            assert not out, (spec.key, width, out)
            for name in LONGEST:  # every name written whole (on one line, or on two under upright bars)
                assert any(b["text"].replace(" ", "") == name.replace(" ", "") for b in got["boxes"]), (spec.key, name)


def test_the_measure_finds_an_overlap_when_there_is_one():
    a = {"text": "а", "pts": [[0, 0], [50, 0], [50, 10], [0, 10]]}
    b = {"text": "б", "pts": [[40, 5], [90, 5], [90, 15], [40, 15]]}
    rotated = {"text": "в", "pts": [[60, 0], [100, -30], [106, -22], [66, 8]]}  # near a, apart
    assert overlaps([a, b]) == [("а", "б")] and overlaps([a, rotated]) == []
