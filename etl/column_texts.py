"""What a column's texts say about how they were typed (etl/values.py asks before parsing): control or direction
characters from another program, text dates written month first (an English Excel)."""
from __future__ import annotations

import re

from etl.model import CONTROL


def first_control(raw: list, distinct: list) -> int | None:
    """The first cell holding a control or direction-override character (one C-level search over the distinct
    values when there is none); zero-width spaces and soft hyphens, stripped too, are ordinary in copied text and
    not reported."""
    texts = [v for v in distinct if v.__class__ is str]
    if not texts or not CONTROL.search("\n".join(texts)):
        return None
    return next((i for i, v in enumerate(raw) if v.__class__ is str and CONTROL.search(v)), None)


_SLASH_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def month_first(raw: list) -> tuple[list, int | None]:
    """Text dates written month first («10/16/2023», an English Excel): when some date of the column has a second
    number above 12 and none a first number above 12, the column is month-first — its slash dates are turned
    round («10/02/2023» is 2 October, not 10 February). (raw as given, None) otherwise; else (the column with
    those dates as DD.MM.YYYY, the index of the first one)."""
    texts = {v for v in set(raw) if v.__class__ is str and "/" in v}
    if not texts:
        return raw, None
    parts = [m.groups() for m in map(_SLASH_DATE.match, texts) if m]
    if not parts or any(int(a) > 12 for a, _b, _y in parts) or not any(int(b) > 12 for _a, b, _y in parts):
        return raw, None
    turned = {}
    for v in texts:
        m = _SLASH_DATE.match(v)
        if m:
            a, b, y = m.groups()
            turned[v] = f"{b}.{a}.{y}"
    first = next(i for i, v in enumerate(raw) if v in turned)
    return [turned.get(v, v) if v.__class__ is str else v for v in raw], first
