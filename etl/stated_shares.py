"""A share the effectiveness form states beside the numbers it is made of («Доля охвата, %» 98,0 beside 601 pupils
covered of 678: 88,6 %): stored as stated, the contract view would hold a figure its own numbers contradict (the pages
compute it from the numbers). More than a rounding apart, it is asked about (tester round t86)."""
from __future__ import annotations

from typing import Callable

from etl import schema
from etl.catalogue import catalogue
from etl.textru import number_ru

TOLERANCE = 1.0  # percentage points: a share rounded to whole percent is ≤ 0,5 off


def against_parts(out: dict[str, list], n: int, err: Callable[..., None], units: list[tuple]) -> None:
    """`units`: each record's unit (period, municipality, school — those the file has)."""
    cat = catalogue()
    codes, vals = out.get("indicator_code", []), out.get("value", [])
    if not any(c in cat.parts for c in set(codes)):
        return
    at = {(units[i], codes[i]): i for i in range(n) if codes[i] is not None and vals[i] is not None}
    names = schema.indicator_names()
    for (unit, share), i in at.items():
        num, den = cat.parts.get(share, (None, None))
        a, b = at.get((unit, num)), at.get((unit, den))
        if a is None or b is None or not vals[b] or vals[a] > vals[b]:
            continue  # (a part above its whole is asked about apart)
        made = 100.0 * vals[a] / vals[b]
        if abs(vals[i] - made) <= TOLERANCE:
            continue
        err(i, "value", vals[i], "share_against_parts",
            f"«{cat.shares[share]}» — {number_ru(vals[i])} %, а по числам формы {number_ru(vals[a])} из "
            f"{number_ru(vals[b])} («{names.get(num, num)}» из «{names.get(den, den)}») — "
            f"{number_ru(round(made, 1))} %",
            "Исправьте долю или числа; если доля посчитана от другой численности, не загружайте её столбец (поле "
            "«не загружать» на странице загрузки или --map \"Заголовок=-\"): панель считает долю по числам")
