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
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
from app.tile_layout import HOLES, fresh_layout, layout, place_new, short_name  # noqa: E402,F401  (tests use them)

SOURCE, TARGET = HERE / "municipalities.csv", HERE / "tile_grid.csv"
FIELDS = ["region_code", "municipality", "col", "row", "short"]


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
        cells = layout(units, code, None if fresh else kept)
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
