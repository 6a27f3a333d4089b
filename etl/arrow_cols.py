"""Python lists as Arrow arrays built from buffers, for tables handed to DuckDB (etl/db.py: a file's problems).

`pa.array` over a Python list imports pandas (a quarter of a second, in a process that never needs it otherwise);
these build the same arrays from numpy buffers: each distinct value converted once, taken back to the rows by its
code (a string column becomes a dictionary array, which DuckDB reads as VARCHAR). `None` when a value is not
plainly of the type (the caller then uses `pa.array`).
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

_NONE = type(None)


def _validity(valid: np.ndarray):
    return None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))


def _pooled(values: list) -> tuple[list, np.ndarray] | None:
    """(the distinct values, each row's index into them); None for an unhashable value."""
    try:
        index = {v: k for k, v in enumerate(dict.fromkeys(values))}
    except TypeError:
        return None
    return list(index), np.fromiter(map(index.__getitem__, values), np.int64, len(values))


def strings(values: list) -> pa.Array | None:
    """A list of texts and None as a dictionary array of strings (None for any other value)."""
    got = _pooled(values)
    if got is None:
        return None
    pool, codes = got
    if not {v.__class__ for v in pool} <= {str, _NONE}:
        return None
    try:
        data = [b"" if v is None else v.encode() for v in pool]
    except UnicodeEncodeError:  # a lone surrogate
        return None
    offsets = np.zeros(len(pool) + 1, np.int64)
    np.cumsum(np.fromiter(map(len, data), np.int64, len(pool)), out=offsets[1:])
    if offsets[-1] >= 2**31:
        return None
    dictionary = pa.Array.from_buffers(pa.string(), len(pool), [
        None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(data))])
    valid = np.fromiter((v is not None for v in pool), bool, len(pool))[codes]
    idx = pa.Array.from_buffers(pa.int32(), len(codes), [_validity(valid), pa.py_buffer(codes.astype(np.int32))])
    return pa.DictionaryArray.from_arrays(idx, dictionary)


def int32s(values: list) -> pa.Array | None:
    """A list of whole numbers and None as an int32 array (None for any other value or one out of range)."""
    if not {v.__class__ for v in values} <= {int, _NONE}:
        return None
    try:
        vals = np.fromiter((0 if v is None else v for v in values), np.int32, len(values))
    except OverflowError:
        return None
    valid = np.fromiter((v is not None for v in values), bool, len(values))
    return pa.Array.from_buffers(pa.int32(), len(vals), [_validity(valid), pa.py_buffer(vals)])
