"""A one-line text progress bar for the command lines (etl, reports), drawn on stderr."""
from __future__ import annotations

import sys


class ProgressBar:
    """A one-line text progress bar on stderr (only when stderr is a terminal or forced)."""

    def __init__(self, label: str, enabled: bool):
        self.label, self.enabled, self.last = label, enabled, -1.0

    def __call__(self, frac: float, text: str) -> None:
        if not self.enabled or frac - self.last < 0.02 and frac < 1:
            return
        self.last = frac
        width = 30
        done = int(width * frac)
        sys.stderr.write(f"\r{self.label[:40]:<40} [{'#' * done}{'.' * (width - done)}] {frac * 100:3.0f}% {text[:30]:<30}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.last >= 0:
            sys.stderr.write("\r" + " " * 120 + "\r")
            sys.stderr.flush()
