"""Tile-grid layout of municipalities (data/reference/tile_grid.csv) from the lat/lon centres of municipalities.csv.

One equal square cell per active municipality (empty `merged_into`), placed to keep rough geography:

    .venv/bin/python data/reference/make_tile_grid.py           # update: keep every cell already in the CSV
                                                                # (hand-tuned), place new municipalities, drop merged
    .venv/bin/python data/reference/make_tile_grid.py --fresh   # recompute every cell from coordinates
    .venv/bin/python data/reference/make_tile_grid.py --show    # print the grids, write nothing

A fresh layout projects lon·cos(lat)/lat, pulls the dense middle apart (distance from a centre raised to 0,55:
the ring of towns around Moscow would otherwise fall into one cell), scales it to about sqrt(n)·1,3 columns and
assigns cells by a minimum-cost matching (sum of squared distances; cells of `HOLES` stay empty). The CSV was then
hand-tuned so that neighbours stay neighbours; an update keeps those cells and places only a new municipality, at
the free cell nearest to where the existing tiles' linear fit puts it.
"""
from __future__ import annotations

import csv
import math
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE, TARGET = HERE / "municipalities.csv", HERE / "tile_grid.csv"
FIELDS = ["region_code", "municipality", "col", "row", "short"]
POWER = 0.55  # fisheye: distance from the centre → distance ** POWER
CENTRES = {"50": (55.7558, 37.6173)}  # Moscow: the Oblast's towns ring it; other regions use their median point
HOLES = {"50": {(4, 4), (5, 4), (4, 5), (5, 5)}}  # Moscow itself, kept free in a fresh layout
LINE = 12  # characters per line of a tile label (a longer word is hyphenated by hand: «Солнечно-горск»)


def short_name(name: str) -> str:
    """A default tile label: the name if every line (broken at spaces and after hyphens) fits in LINE characters,
    else the part before the first hyphen abbreviated («Александровск-Сахалинский» → «Алекс.-Сахалинский»)."""
    parts = name.replace("-", "- ").split()
    if all(len(p) <= LINE for p in parts) and len(parts) <= 2:
        return name
    if "-" in name:
        head, tail = name.split("-", 1)
        return (head[:5] + "." if len(head) > 6 else head) + "-" + tail
    return name


def hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of n rows to m ≥ n columns (O(n²·m)); returns the column of each row."""
    n, m, inf = len(cost), len(cost[0]), float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (m + 1), [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (m + 1), [False] * (m + 1)
        while True:
            used[j0], i0, delta, j1 = True, p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    out = [0] * n
    for j in range(1, m + 1):
        if p[j]:
            out[p[j] - 1] = j - 1
    return out


def project(units: list[dict], code: str) -> list[tuple[float, float]]:
    """(x east, y south) in degrees of latitude, the middle pulled apart by the fisheye."""
    lats = sorted(float(u["lat"]) for u in units)
    lons = sorted(float(u["lon"]) for u in units)
    lat0, lon0 = CENTRES.get(code, (lats[len(lats) // 2], lons[len(lons) // 2]))
    out = []
    for u in units:
        dx = (float(u["lon"]) - lon0) * math.cos(math.radians(lat0))
        dy = lat0 - float(u["lat"])
        d = math.hypot(dx, dy)
        k = d ** POWER / d if d else 0.0
        out.append((dx * k, dy * k))
    return out


def fresh_layout(units: list[dict], code: str) -> dict[str, tuple[int, int]]:
    pts = project(units, code)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    ncols = max(2, round(math.sqrt(len(units)) * 1.3))
    scale = (ncols - 1) / max(max(xs) - min(xs), 1e-9)
    nrows = max(2, math.ceil((max(ys) - min(ys)) * scale) + 1)
    holes = HOLES.get(code, set())
    if holes and code in CENTRES:  # the centre (0, 0) falls in the middle of the hole
        hc = sum(c for c, _ in holes) / len(holes)
        hr = sum(r for _, r in holes) / len(holes)
        pts = [(hc + x * scale, hr + y * scale) for x, y in pts]
    else:
        pts = [((x - min(xs)) * scale, (y - min(ys)) * scale) for x, y in pts]
    cells = [(c, r) for r in range(-1, nrows + 1) for c in range(-1, ncols + 1) if (c, r) not in holes]
    pick = hungarian([[(c - x) ** 2 + (r - y) ** 2 for c, r in cells] for x, y in pts])
    placed = {u["municipality"]: cells[j] for u, j in zip(units, pick)}
    c0 = min(c for c, _ in placed.values())
    r0 = min(r for _, r in placed.values())
    return {m: (c - c0, r - r0) for m, (c, r) in placed.items()}


def place_new(units: list[dict], code: str, kept: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Keep the cells in `kept`; a municipality without one goes to the free cell nearest to its projection
    through a per-axis linear fit of the kept tiles."""
    pts = dict(zip((u["municipality"] for u in units), project(units, code)))
    known = [m for m in kept if m in pts]
    if len(known) < 2:
        return fresh_layout(units, code)

    def fit(axis: int):
        xs = [pts[m][axis] for m in known]
        ys = [kept[m][axis] for m in known]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        var = sum((x - mx) ** 2 for x in xs) or 1.0
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var
        return lambda x: my + b * (x - mx)

    fx, fy = fit(0), fit(1)
    out = {m: kept[m] for m in known}
    taken = set(out.values()) | HOLES.get(code, set())
    for u in units:
        m = u["municipality"]
        if m in out:
            continue
        x, y = fx(pts[m][0]), fy(pts[m][1])
        cell = min(((c, r) for c in range(-2, 40) for r in range(-2, 60) if (c, r) not in taken),
                   key=lambda cr: (cr[0] - x) ** 2 + (cr[1] - y) ** 2)
        out[m] = cell
        taken.add(cell)
    return out


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def build(fresh: bool = False) -> list[dict]:
    active = [u for u in read(SOURCE) if not (u.get("merged_into") or "").strip()]
    old = {(r["region_code"], r["municipality"]): r for r in read(TARGET)}
    rows = []
    for code in dict.fromkeys(u["region_code"] for u in active):
        units = [u for u in active if u["region_code"] == code]
        kept = {m: (int(r["col"]), int(r["row"])) for (c, m), r in old.items() if c == code}
        cells = fresh_layout(units, code) if fresh or not kept else place_new(units, code, kept)
        for u in units:
            m = u["municipality"]
            short = old.get((code, m), {}).get("short") or short_name(m)
            rows.append({"region_code": code, "municipality": m, "col": cells[m][0], "row": cells[m][1],
                         "short": short})
    rows.sort(key=lambda r: (r["region_code"], int(r["row"]), int(r["col"])))
    return rows


def show(rows: list[dict]) -> str:
    lines = []
    for code in dict.fromkeys(r["region_code"] for r in rows):
        grid = {(int(r["col"]), int(r["row"])): r["municipality"] for r in rows if r["region_code"] == code}
        cols = [c for c, _ in grid]
        lines.append(f"регион {code}: {len(grid)} плиток")
        for r in range(max(rr for _, rr in grid) + 1):
            lines.append(" ".join(f"{grid.get((c, r), '·')[:8]:8}" for c in range(min(cols), max(cols) + 1)))
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    rows = build(fresh="--fresh" in argv)
    print(show(rows))
    if "--show" in argv:
        return
    with open(TARGET, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"записано: {TARGET}")


if __name__ == "__main__":
    main(sys.argv[1:])
