"""Per-chart download buttons shown under every chart: «PNG» / «SVG» (with a download icon) and an image size
selector.

The image is rendered only when a button is clicked (`st.download_button(data=callable)`), by the one kaleido
server of the process (`reports.images`), so showing a page costs nothing.
"""
from __future__ import annotations

from reports import images


def _maker(spec, fmt: str, size_key: str):
    def make() -> bytes:
        return images.chart_image(spec, fmt, size_key)

    return make


def chart_downloads(spec) -> None:
    """Render the «PNG» / «SVG» download buttons (with a size selector) under one chart."""
    import streamlit as st

    if spec is None or spec.empty:
        return
    left, png_col, svg_col = st.columns([2, 1, 1], vertical_alignment="bottom")
    size_key = left.selectbox(
        "Размер изображения", list(images.SIZES), index=list(images.SIZES).index(images.DEFAULT_SIZE),
        format_func=lambda k: images.SIZES[k].label, key=f"img_size__{spec.key}",
        help="PNG выгружается с удвоенным разрешением (масштаб 2): 1920×1080 даёт файл 3840×2160 точек.",
    )
    for col, fmt in ((png_col, "png"), (svg_col, "svg")):
        # short labels: under a chart in a half-width column «Скачать PNG» was cut to «Скачать …» on both buttons
        col.download_button(
            fmt.upper(), data=_maker(spec, fmt, size_key), file_name=images.file_name(spec, fmt),
            mime=images.MIME[fmt], key=f"dl_{fmt}__{spec.key}", on_click="ignore", icon=":material/download:",
            width="stretch", help=f"Скачать график в {fmt.upper()} выбранного размера",
        )
