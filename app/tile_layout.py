"""The tile-grid layout of a region's municipalities from their lat/lon centres (data/reference/municipalities.csv):
one equal square cell per active municipality, placed to keep rough geography. data/reference/make_tile_grid.py
writes it to data/reference/tile_grid.csv (hand-tuned since); the map (app/tilemap.py) places with it any
municipality the file has no cell for — a region added to the reference gets its map at once.

A fresh layout projects lon·cos(lat)/lat, pulls the dense middle apart (distance from a centre raised to 0,55:
the ring of towns around Moscow would otherwise fall into one cell), scales it to about sqrt(n)·1,3 columns and
assigns cells by a minimum-cost matching (sum of squared distances; cells of `HOLES` stay empty); a new
municipality among kept cells goes to the free cell nearest to where the kept tiles' linear fit puts it.
"""
from __future__ import annotations

import math

POWER = 0.55  # fisheye: distance from the centre → distance ** POWER
CENTRES = {"50": (55.7558, 37.6173)}  # Moscow: the Oblast's towns ring it; other regions use their median point
HOLES = {"50": {(4, 4), (5, 4), (4, 5), (5, 5)}}  # Moscow itself, kept free in a fresh layout
LINE = 12  # characters per line of a tile label (a longer word is hyphenated by hand: «Солнечно-горск»)


def short_name(name: str) -> str:
    """A default tile label: the name if every line (broken at spaces and after hyphens) fits in LINE characters,
    else the part before the first hyphen abbreviated («Александровск-Сахалинский» → «Алекс.-Сахалинский»); one
    word longer than a line is hyphenated where a syllable starts («Дальнеконс-тантиновский»)."""
    parts = name.replace("-", "- ").split()
    if all(len(p) <= LINE for p in parts) and len(parts) <= 2:
        return name
    if "-" in name:
        head, tail = name.split("-", 1)
        return (head[:5] + "." if len(head) > 6 else head) + "-" + tail
    if len(parts) == 1:
        return _hyphenated(name)
    return name


_VOWELS = set("аеёиоуыэюя")


def _hyphenated(word: str) -> str:
    """A long word cut in two lines of at most LINE + 1 characters (the first with its hyphen), where Russian
    allows it — before a consonant and vowel that start a syllable, never before «ь», «ъ» or «й» — as near the
    middle as can be («Дальнеконс-тантиновский», «Большебол-динский»); the word as it is when no such place fits."""
    def fits(i: int) -> bool:  # the second line starts a syllable: a consonant, then a vowel
        a, b, c = word[i - 1].lower(), word[i].lower(), word[i + 1].lower()
        return a.isalpha() and b.isalpha() and b not in "ьъй" and b not in _VOWELS and c in _VOWELS

    cuts = [i for i in range(max(2, len(word) - LINE - 1), min(LINE, len(word) - 2) + 1) if fits(i)]
    if not cuts:
        return word
    i = min(cuts, key=lambda k: abs(k - len(word) / 2))
    return word[:i] + "-" + word[i:]


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


def layout(units: list[dict], code: str, kept: dict[str, tuple[int, int]] | None = None
           ) -> dict[str, tuple[int, int]]:
    """Cells of a region's units (dicts with municipality, lat, lon): the `kept` ones stay, the others are placed;
    units without coordinates go in a row under the rest."""
    kept = kept or {}
    located = [u for u in units if _coords(u)]
    out = (place_new(located, code, kept) if kept else fresh_layout(located, code)) if located else {}
    names = {u["municipality"] for u in units}
    out.update({m: kept[m] for m in kept if m not in out and m in names})
    rest = [u["municipality"] for u in units if u["municipality"] not in out]
    if rest:
        below = max((r for _c, r in out.values()), default=-1) + 1
        width = max(max((c for c, _r in out.values()), default=0) + 1, round(math.sqrt(len(rest))) or 1)
        out.update({m: (k % width, below + k // width) for k, m in enumerate(rest)})
    return out


def _coords(u: dict) -> bool:
    try:
        float(u["lat"]), float(u["lon"])
    except (KeyError, TypeError, ValueError):
        return False
    return True
