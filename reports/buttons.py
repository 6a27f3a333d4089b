"""Per-chart download buttons shown under every chart (owned by the exports work)."""
from __future__ import annotations


def chart_downloads(spec) -> None:
    """Render «Скачать PNG» / «Скачать SVG» for one ChartSpec (filled in by the exports work)."""
    return None
