"""The few Arrow compute functions the load path uses, called through pyarrow's compute core (`pyarrow._compute`).

`import pyarrow.compute` (which `Array.take`, `.filter`, `.dictionary_encode` … import on their first call) builds a
Python wrapper with a parsed docstring for each of Arrow's ~300 functions: ~30 ms of a load's time under the GIL,
for the few functions below."""
from __future__ import annotations

import pyarrow as pa
from pyarrow._compute import CastOptions, MatchSubstringOptions, SetLookupOptions, call_function


def match(arr: pa.Array, pattern: str) -> pa.Array:
    """Where each string matches the RE2 regex (`pc.match_substring_regex`)."""
    return call_function("match_substring_regex", [arr], MatchSubstringOptions(pattern))


def is_in(arr: pa.Array, values: pa.Array) -> pa.Array:
    """Whether each entry is one of `values` (`pc.is_in`)."""
    return call_function("is_in", [arr], SetLookupOptions(values))


def lower(arr: pa.Array) -> pa.Array:
    return call_function("utf8_lower", [arr])


def take(arr: pa.Array, idx: pa.Array) -> pa.Array:
    return call_function("take", [arr, idx])


def keep(arr: pa.Array, mask: pa.Array) -> pa.Array:
    """The entries where the boolean `mask` is true (`Array.filter`)."""
    return call_function("filter", [arr, mask])


def encode(arr: pa.Array) -> pa.DictionaryArray:
    """Distinct values and codes (`Array.dictionary_encode`, nulls as null codes)."""
    return call_function("dictionary_encode", [arr])


def is_null(arr: pa.Array) -> pa.Array:
    return call_function("is_null", [arr])


def to_float(arr: pa.Array) -> pa.Array:
    return call_function("cast", [arr], CastOptions.safe(pa.float64()))


def if_else(cond: pa.Array, a, b) -> pa.Array:
    return call_function("if_else", [cond, a, b])
