"""Text cells that read like numbers with three decimals: «1.045», «24.317».

The reader gives every cell as text, a number cell as «24.317» too, so a text cell typed «24.317» (twenty-four
thousand three hundred seventeen, thousands set off with a dot as a coordinator types them) would be taken for the
number 24,317. Such texts are found where the file keeps its text cells — the shared strings and inline strings of
an xlsx (no second parse), a second read by python-calamine of an xls, xlsb or ods sheet that holds any — and stay
text (etl/sheet.py), so the value parsers read them as written (1 045). Other texts that read like numbers
(«0.85», «1200») mean the same either way; «1.200» (a trailing zero) is never a number's text.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pyarrow as pa

from etl import arrow_ops
from etl.sheet import np_bool

_TEXT = r"-?[0-9]{1,3}\.[0-9]{2}[1-9]"  # what a number's text and a typed text share («24.317»; «1.200» is text)
AMBIGUOUS = f"^{_TEXT}$"  # (Arrow regex)
_SHARED = re.compile(rb"<si><t(?:\s[^>]*)?>(" + _TEXT.encode() + rb")</t></si>")
# an inline string cell: <c r="B3" t="inlineStr"><is><t>24.317</t></is></c>
_INLINE = re.compile(rb'<c\b[^>]*\bt="inlineStr"[^>]*><is><t(?:\s[^>]*)?>(' + _TEXT.encode() + rb")</t></is>")
SHARED_STRINGS = "xl/sharedStrings.xml"
_MAX_SHARED = 256 * 2**20  # (the container guard bounds every part before; this bounds the read once more)


def from_shared_strings(path: Path) -> set[str]:
    """The xlsx's shared strings (its text cells) that read like numbers with three decimals."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.NameToInfo.get(SHARED_STRINGS)
            if info is None or info.file_size > _MAX_SHARED:
                return set()
            data = z.read(info)
    except (OSError, zipfile.BadZipFile, KeyError):
        return set()
    return {m.decode("ascii") for m in _SHARED.findall(data)}


def inline(seg: bytes) -> set[str]:
    """Inline text cells of a piece of worksheet XML that read like numbers with three decimals (the guard calls it
    for a piece holding «inlineStr»)."""
    return {m.decode("ascii") for m in _INLINE.findall(seg)}


def candidates(cols: list[pa.Array]) -> bool:
    """Whether any cell of these columns reads like a number with three decimals (text or number: unknown)."""
    return any(c.null_count < len(c) and np_bool(arrow_ops.match(c, AMBIGUOUS), null=False).any() for c in cols)


def from_calamine(path: Path, sname: str) -> set[str]:
    """The text cells of one sheet of an xls, xlsb or ods file (python-calamine keeps text apart from numbers)
    that read like numbers with three decimals; called only for a sheet that has such cells."""
    import python_calamine as pc

    pattern = re.compile(_TEXT + r"\Z")
    found: set[str] = set()
    try:
        with open(path, "rb") as f:  # (by content: a renamed file too)
            wb = pc.CalamineWorkbook.from_filelike(f)
            try:
                for row in wb.get_sheet_by_name(sname).iter_rows():
                    found.update(v for v in row if v.__class__ is str and pattern.match(v))
            finally:
                wb.close()
    except Exception:  # noqa: BLE001 - python-calamine's errors: nothing found, the cells stay as read
        return set()
    return found
