"""A school's name as the key its forms meet on: `normalize.norm_key` (case, «ё», quotes, «№», Latin look-alike
letters) with the long legal forms written short (data/reference/school_name_forms.csv: «Муниципальное бюджетное
общеобразовательное учреждение «Средняя общеобразовательная школа № 1»» and «МБОУ СОШ №1» are one school)."""
from __future__ import annotations

import re
from functools import lru_cache

from etl import reference
from etl.normalize import norm_key


@lru_cache(maxsize=1)
def _forms() -> tuple[re.Pattern, dict[str, str]]:
    short = {norm_key(r["long"]): norm_key(r["short"]) for r in reference.rows("school_name_forms.csv")}
    longest = sorted(short, key=len, reverse=True)
    return re.compile(r"(?<![0-9a-zа-я])(?:" + "|".join(map(re.escape, longest)) + r")(?![0-9a-zа-я])"), short


def school_key(name) -> str | None:
    """The key of a school's name; None for none."""
    if name is None:
        return None
    rx, short = _forms()
    return rx.sub(lambda m: short[m.group()], norm_key(name))


def keys_of(names: list) -> list:
    """The key of every name, made once per distinct name (a form names a school on many rows)."""
    keys = {n: school_key(n) for n in set(names) if n is not None}
    return [keys.get(n) for n in names]
