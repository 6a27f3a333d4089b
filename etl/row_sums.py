"""Running sums of a form's counts row by row (etl/sum_rows.py): each count's records and values, made when first
asked for, and per sheet the rows giving it in order with running sums — a row's sum over any span of rows above it
in a few array lookups."""
from __future__ import annotations

import numpy as np

from etl import schema


class Lazy(dict):
    """Key → value, each made when first asked for (`make`: key → a function of it)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        self[key] = got = self.make(key)
        return got


def figures(st) -> tuple[list[str], Lazy]:
    """(the figures, the one most records give first; figure → (its records, their values), made when asked for):
    a form's counts; an effectiveness form's count indicators (a share adds up to nothing); an events form's
    participants."""
    if st.kind == "effectiveness":
        units = schema.indicator_units()
        codes = np.asarray(st.out.get("indicator_code") or [None] * st.n, dtype=object)
        vals = np.array(st.out.get("value") or [None] * st.n, dtype=float)  # (None → nan)
        named, counts = np.unique(codes[~np.isnan(vals) & (codes != None)].astype(str), return_counts=True)  # noqa
        keys = [str(c) for _n, c in sorted(zip(-counts, named)) if units.get(str(c)) != "%"]
        return keys, Lazy(lambda c: (at := np.flatnonzero((codes == c) & ~np.isnan(vals)), vals[at]))
    keys = [s.field for s in schema.of_kind(st.kind) if s.type == "int" and any(v is not None for v in st.out[s.field])]

    def make(f):
        vals = np.array(st.out[f], dtype=float)  # (None → nan)
        return (at := np.flatnonzero(~np.isnan(vals))), vals[at]
    return keys, Lazy(make)


def by_row(rows: np.ndarray, at: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the rows giving a figure in order, running sums of it, a 0 first) — a row's records summed (a wide form)."""
    r = rows[at]
    if len(r) > 1 and not (np.diff(r) > 0).all():  # (a record per row, in order: as it is)
        r, inv = np.unique(r, return_inverse=True)
        vals = np.bincount(inv, weights=vals)
    return r, np.concatenate([[0.0], np.cumsum(vals)])


def _span(fig: tuple, row: int, lo: int) -> tuple[float | None, float, int]:
    """(the row's own value or None, the sum over rows in (lo, row), how many rows give it there)."""
    r, cs = fig
    j = int(np.searchsorted(r, row))
    own = cs[j + 1] - cs[j] if j < len(r) and r[j] == row else None
    a = int(np.searchsorted(r, lo, "right"))
    return own, cs[j] - cs[a], j - a


def adds_up(figs: Lazy, keys: list[str], row: int, lo: int) -> bool:
    """Every count the row gives equals its sum over the rows in (lo, row), two rows at least giving it."""
    got = [_span(figs[f], row, lo) for f in keys]
    given = [(own, s, n) for own, s, n in got if own is not None]
    return bool(given) and any(own for own, _s, _n in given) and all(own == s and n >= 2 for own, s, n in given)


def of_sheet(fig: tuple, mine: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    at, vals = fig
    return at[mine[at]], vals[mine[at]]
