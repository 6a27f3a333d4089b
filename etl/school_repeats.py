"""One school written twice in a readiness form (etl/validate_readiness.py runs it): one INN under two names or in
two municipalities, a school no municipality runs under two of them, one name key twice in a municipality. The
school's name key (`school_key`, the one every join of two forms is made on) is made here and stored with the rows."""
from __future__ import annotations

import re
from typing import Callable

from etl import normalize
from etl.school_key import school_key

Err = Callable[..., None]


def check(out: dict[str, list], n: int, err: Err, units: list | None) -> None:
    """`units`: the municipalities as written (a unit merged into another by its own name, «Дзержинский»)."""
    names, munis = out["school_name"], out["municipality"]
    rows = out.get("source_row")
    sheets = out.get("source_sheet")

    def first_place(j: int, i: int) -> str:
        first = rows[j] if rows else j + 1
        return f"лист «{sheets[j]}», строка {first}" if sheets and sheets[j] != sheets[i] else f"строка {first}"

    # one INN twice: one school written two ways («МБОУ Одинцовская СОШ № 1» and its full legal name)
    inns = out.get("school_inn") or []
    given = inns if None not in inns else [x for x in inns if x is not None]
    said: set[int] = set()  # rows told a repeat by their INN (not once more by their name)
    if given and len(set(given)) < len(given):  # some INN twice (one C-level check in the usual case)
        inn_seen: dict[str, int] = {}
        for i, inn in enumerate(inns):
            if inn is None:
                continue
            j = inn_seen.get(inn)
            if j is not None and names[j] != names[i]:
                said.add(i)
                err(i, "school_inn", inn, "duplicate_inn",
                    f"ИНН повторяется в файле (первый раз — {first_place(j, i)}, "
                    f"«{names[j]}»): одна ОО записана дважды",
                    "Оставьте одну строку этой ОО или исправьте ИНН")
            elif j is not None and munis[j] != munis[i]:  # (tester round t77: counted in both, with no word)
                said.add(i)
                err(i, "school_inn", inn, "duplicate_inn",
                    f"ИНН повторяется в файле (первый раз — {first_place(j, i)}): ОО «{names[i]}» записана в двух "
                    f"муниципалитетах — «{munis[j]}» и «{munis[i]}»; её обучающиеся посчитались бы дважды",
                    "Оставьте ОО в строке муниципалитета, к которому она относится, или исправьте ИНН")
            inn_seen.setdefault(inn, i)
    # the school's name key (the one every join of two forms is made on: «МБОУ СОШ № 1» and its full legal name are
    # one school), made once per spelling here and stored with the rows (etl/db.py)
    distinct = list(set(names))
    key_of = dict(zip(distinct, map(school_key, distinct))).__getitem__
    out["school_key"] = name_keys = list(map(key_of, names))
    _not_municipal_twice(distinct, key_of, names, munis, name_keys, said, err, first_place)
    if None not in names and _all_distinct(munis, name_keys):
        return  # no school twice (the usual case): nothing more to look at
    keys = list(zip(munis, name_keys))
    named = [k for k, nm in zip(keys, names) if nm is not None] if None in names else keys
    if len(set(named)) == len(named):
        return
    seen: dict[tuple, int] = {}
    figures = [f for f in out if not f.startswith("source") and f not in ("school_name", "school_key")]
    for i in range(n):
        if names[i] is None:
            continue
        k = keys[i]
        if k in seen and (i in said or _two_units_schools(i, seen[k], inns, units)):
            continue
        if k in seen:
            j = seen[k]
            other = names[j]
            # (t89) written twice with other figures: neither row is known to be right — the first one is the
            # row's error too, so that «без ошибочных строк» keeps neither version silently
            differ = [f for f in figures if out[f][i] != out[f][j]]
            err(i, "school_name", names[i], "duplicate_school",
                f"ОО повторяется в файле (первый раз — {first_place(j, i)}"
                + (f", «{other}»: то же наименование, записанное иначе" if other != names[i] else "") + ")"
                + (", значения в строках разные" if differ else ""),
                "Если это одна ОО, записанная дважды, удалите повтор; если это её корпуса (здания) — запишите ОО "
                "одной строкой, сложив их числа; если это разные ОО — исправьте наименование")
            if differ:
                err(j, "school_name", names[j], "duplicate_school",
                    f"ОО записана в файле ещё раз ({first_place(i, j)}) с другими значениями: неизвестно, какая из "
                    "строк верна — не загружается ни одна", "Оставьте одну строку этой ОО с верными значениями")
        else:
            seen[k] = i


# a school no municipality runs — regional, federal, private («ГБОУ «Сахалинская кадетская школа-интернат»», «ЧОУ
# Школа «Знание»»): one school wherever it is listed (a municipal «МБОУ СОШ № 1» is in every municipality)
_FIRST = frozenset("ГгФфЧчНнАа")
_NOT_MUNICIPAL = re.compile(r"^\s*(?:г[абк]?оу|фг[абк]оу|фгоу|ч[оу]у|ноу|ано(?:о| оо)?|гбпоу|гапоу)\b", re.IGNORECASE)


def _not_municipal_twice(distinct, key_of, names, munis, name_keys, said: set, err: Err, first_place) -> None:
    """A regional, federal or private school listed under two municipalities (tester round t77: a regional
    boarding school on the sheets of two municipalities, its 150 pupils counted twice, with no word)."""
    keys = {key_of(nm) for nm in distinct  # (the first letter first: 100 000 municipal names cost nothing)
            if isinstance(nm, str) and nm.lstrip()[:1] in _FIRST and _NOT_MUNICIPAL.match(nm)}
    if not keys:
        return
    first: dict[str, int] = {}
    for i, k in enumerate(name_keys):
        if k not in keys or i in said:
            continue
        j = first.setdefault(k, i)
        if j != i and munis[j] != munis[i]:
            said.add(i)
            err(i, "school_name", names[i], "duplicate_school",
                f"ОО «{names[i]}» — не муниципальная — записана в двух муниципалитетах (первый раз — "
                f"{first_place(j, i)}, «{munis[j]}»; здесь — «{munis[i]}»): её обучающиеся посчитались бы дважды",
                "Оставьте ОО в строке (на листе) муниципалитета, к которому она относится")


def _two_units_schools(i: int, j: int, inns: list, units: list | None) -> bool:
    """Two schools of one name of two units merged into one municipality («СОШ № 1» of Люберцы and of Дзержинский),
    told apart by their INNs — not one school written twice (one municipality's name twice with another INN stays a
    repeat: a copied row with a mistyped INN would count its pupils twice)."""
    return bool(inns and units and inns[i] and inns[j] and inns[i] != inns[j]
                and normalize.norm_key(str(units[i])) != normalize.norm_key(str(units[j])))


def _all_distinct(a: list, b: list) -> bool:
    """Whether no pair (a[i], b[i]) occurs twice: each column's values numbered (C-level dict lookups), the pairs
    counted as numbers (instead of a set of 100 000 tuples)."""
    import numpy as np

    ids_a = {v: k for k, v in enumerate(dict.fromkeys(a))}
    ids_b = {v: k for k, v in enumerate(dict.fromkeys(b))}
    pair = np.fromiter(map(ids_a.__getitem__, a), np.int64, len(a)) * len(ids_b) \
        + np.fromiter(map(ids_b.__getitem__, b), np.int64, len(b))
    if len(ids_a) * len(ids_b) <= 4 * len(pair) + 1024:
        return int(np.bincount(pair).max(initial=0)) <= 1
    return len(np.unique(pair)) == len(pair)

