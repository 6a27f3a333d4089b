"""A ZIP of the chosen charts as PNG or SVG files (one file per chart, named by its title and filters)."""
from __future__ import annotations

import io
import zipfile
from typing import Callable

from reports import images


def bundle_names(specs, fmt: str) -> list[str]:
    """File names inside the ZIP, in order: «01_Готовность_ОО_по_уровням_Московская_обл_IV_кв_2024.png», …"""
    return [f"{i:02d}_{images.file_name(s, fmt)}" for i, s in enumerate(specs, 1)]


def build_zip(specs: list, fmt: str = "png", size: str | None = None, scale: float = images.DEFAULT_SCALE,
              progress: Callable[[int, int], None] | None = None) -> bytes:
    """Render every chosen chart (batched, one browser) and pack them; `progress(done, total)` after each batch."""
    fmt = fmt.lower()
    specs, empties = images.without_empty(specs)  # (named in a text file of the archive)
    files = images.chart_images(specs, fmt, size, scale, progress=progress)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in zip(bundle_names(specs, fmt), files):
            zf.writestr(name, data)
        if empties:
            zf.writestr(EMPTIES_NAME, "\ufeff" + "\r\n".join(empties) + "\r\n")
    return buf.getvalue()


EMPTIES_NAME = "Графики без данных.txt"
