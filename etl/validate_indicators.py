"""The effectiveness form's values (etl/validate.py runs them): counts whole, shares in percent, a share's part not
above its whole."""
from __future__ import annotations

from typing import Callable

from etl import normalize, schema, stated_shares
from etl.catalogue import catalogue
from etl.model import cell_text
from etl.textru import group_digits, plural

Err = Callable[..., None]


def indicator_values(out: dict[str, list], raw: list, n: int, err: Err, munis: list | None = None) -> None:
    """`raw`: the value cells as read; `munis`: the municipality cells as read."""
    _counts(out, raw, n, err)
    _shares(out, raw, n, err)
    units = _units(out, n)  # each record's (period, municipality, school), once for the three checks
    _parts_over_whole(out, n, err, units)
    stated_shares.against_parts(out, n, err, units)  # «Доля охвата» 98,0 % of 601 of 678
    _repeated(out, n, err, munis if munis is not None and len(munis) == n else [None] * n, units)


def nobody(codes: list | None, i: int, v) -> bool:
    """«нет» («не было», «никто») for record i's count indicator: nobody, 0 — as «-» (a share is no count)."""
    code = codes[i] if codes and i < len(codes) else None
    return code is not None and code not in catalogue().shares and isinstance(v, str) and \
        (normalize.clean_text(v) or "").lower() in normalize.NONE_WORDS


def _repeated(out: dict[str, list], n: int, err: Err, munis: list, unit: list[tuple]) -> None:
    """One indicator of one unit (a municipality or a school, in one period) on two rows of a form: the pages would
    add them up («Охвачено 2 899» and, rows below, «Охват … 94» read as pupils: 2 993). Which one is right only the
    author knows. (A platform's export is counted by its own rules: etl/bvb.py, etl/course.py.)"""
    codes, vals = out.get("indicator_code", []), out.get("value", [])
    first: dict[tuple, int] = {}
    names = schema.indicator_names()
    for i in range(n):
        code = codes[i] if i < len(codes) else None
        if code is None or vals[i] is None or schema.source_family(code) != "form":
            continue
        j = first.setdefault((unit[i], code), i)
        if j == i:
            continue
        said = f"Показатель «{names.get(code, code)}» указан дважды для одной и той же организации"
        hint = ("Оставьте одно значение показателя (если одно из них — доля, укажите «%» в названии или в единицах "
                "измерения) и загрузите файл снова")
        a, b = (normalize.clean_text(munis[k]) if isinstance(munis[k], str) else None for k in (j, i))
        m = (out.get("municipality") or [None] * n)[i]
        units = [x for x in (a, b) if x and m and m.lower() not in x.lower()]  # («г.о. Химки»: Химки itself)
        if units and a and b and a.lower() != b.lower():  # (a merged unit: «Протвино» beside «Серпухов»)
            said = (f"Показатель «{names.get(code, code)}» указан дважды для «{m}» ("
                    + " и ".join(f"«{x}»" for x in units)
                    + f" {'учитывается' if len(units) == 1 else 'учитываются'} за «{m}»)")
            hint = (f"Укажите показатель «{m}» одной строкой (объединённого муниципалитета в нынешних границах) и "
                    "загрузите файл снова")
        err(i, "value", vals[i], "repeated_indicator",
            f"{said}: {_grouped(vals[j])} и {_grouped(vals[i])} — сумма была бы неверной", hint)


def _counts(out: dict[str, list], raw: list, n: int, err: Err) -> None:
    """Counts are whole (every indicator but the shares counts people or lessons). A count written «21.450» or
    «9,845» (thousands set off as in an English or German Excel) is 21 450 and 9 845 people, not 21,45; a number
    cell with a fraction (24,317) is an error: whether it means 24 317 only the file's author knows."""
    shares = catalogue().shares
    codes, vals = out.get("indicator_code", []), out.get("value", [])
    for i in range(n):
        v = raw[i]
        if codes[i] and codes[i] not in shares:
            if v.__class__ is str:
                s = normalize.clean_text(v) or ""
                if normalize.THOUSANDS.match(s):
                    vals[i] = float(s.replace(".", "").replace(",", ""))
                elif "%" in s:  # «120 (18,8%)»: the count, its percent beside it; «40%» alone: no count (t92)
                    count, bad = normalize.parse_int(s)
                    vals[i] = float(count) if bad is None and count is not None else None
                    if vals[i] is None:
                        name = schema.indicator_names().get(codes[i], codes[i])
                        err(i, "value", v, "percent_in_count",
                            f"Показатель «{name}» — число людей или занятий, а в ячейке процент {cell_text(v)}",
                            "Впишите число людей (не процент); доля рассчитывается из чисел")
                        continue
            if vals[i] is not None and normalize.parse_int(vals[i])[1] is not None:
                name = schema.indicator_names().get(codes[i], codes[i])
                err(i, "value", raw[i], "bad_int",
                    f"Показатель «{name}» — число людей или занятий, а в ячейке дробное число {cell_text(raw[i])}",
                    "Впишите целое число; если это тысячи, отделённые точкой (24.317), уберите точку или "
                    "отформатируйте ячейку как текст")


def _shares(out: dict[str, list], raw: list, n: int, err: Err) -> None:
    """Shares (indicators in %, aggregation «ratio») are kept in percent: 85,3 means 85,3 %.

    A cell formatted as percent holds a fraction (Excel shows 0,853 as «85,3 %», and that fraction is what the file
    stores); a fraction may be typed as text too («0,97»). When every value written without a «%» sign for one
    share in a file lies within 0..1 and some lies strictly between, the file holds fractions: they are multiplied
    by 100, and the analyst is told once per indicator. A value with its «%» («85,3 %», «0,5 %») is read as written.
    A value below 1 without «%» among shares in percent is asked about (an error of its row); above 100 % too."""
    shares = catalogue().shares
    codes, vals = out.get("indicator_code", []), out.get("value", [])
    if not shares or not any(c in shares for c in set(codes)):
        return
    bare: dict[str, list[int]] = {}  # share code -> rows whose value has no «%» sign (a number cell or a text)
    for i in range(n):
        if codes[i] in shares and vals[i] is not None and not (raw[i].__class__ is str and "%" in raw[i]):
            bare.setdefault(codes[i], []).append(i)
    for code, rows in bare.items():
        if all(0 <= vals[i] <= 1 for i in rows) and any(0 < vals[i] < 1 for i in rows):
            for i in rows:
                vals[i] = round(vals[i] * 100, 10)
            first = rows[0]
            err(first, "value", raw[first], "share_as_fraction",
                f"Показатель «{shares[code]}» записан долями единицы, значения умножены на 100: "
                f"{cell_text(raw[first])} → {cell_text(vals[first])} % (всего {len(rows)} "
                f"{plural(len(rows), 'значение', 'значения', 'значений')} в файле)",
                "Если это не проценты, исправьте значения в файле и загрузите его снова", severity="warning")
    # a fraction (0,29) among shares written in percent (95,1; 100): which one it is, only the author knows
    over_one = {codes[i] for i in range(n) if codes[i] in shares and vals[i] is not None and vals[i] > 1}
    for code in over_one & set(bare):
        for i in bare[code]:
            if 0 < vals[i] < 1:
                err(i, "value", raw[i], "share_below_one",
                    f"Показатель «{shares[code]}» — {cell_text(raw[i])}, меньше 1 %, хотя остальные значения в "
                    f"файле — в процентах: не доля ли это единицы ({cell_text(raw[i])} = "
                    f"{cell_text(round(vals[i] * 100, 10))} %)?",
                    "Впишите значение в процентах (например, 29 или «29 %»; если это действительно меньше 1 %, "
                    "поставьте знак «%»: «0,5 %») и загрузите файл снова")
    for i in range(n):
        if codes[i] in shares and vals[i] is not None and vals[i] > 100:
            err(i, "value", raw[i], "share_over_100", f"Показатель «{shares[codes[i]]}» больше 100 %",
                "Доля не может превышать 100 %: проверьте числитель и знаменатель")


def _parts_over_whole(out: dict[str, list], n: int, err: Err, key: list[tuple]) -> None:
    """A share's numerator above its denominator for one unit (a municipality or a school, in one period): «прошли
    диагностику 520» of «обучающихся 500» — the pages would show a share of 104 %. Asked about, as a school with more
    pupils covered than it has."""
    cat = catalogue()
    codes, vals = out.get("indicator_code", []), out.get("value", [])
    if not cat.parts or not any(c in cat.share_of for c in set(codes)):
        return
    at = {(key[i], codes[i]): i for i in range(n) if codes[i] is not None and vals[i] is not None}
    wholes: dict[str, list[tuple[str, str]]] = {}  # numerator -> (share, denominator); a platform's export has
    for share, (num, den) in cat.parts.items():  # rules of its own
        if schema.source_family(num) == "form":
            wholes.setdefault(num, []).append((share, den))
    names = schema.indicator_names()
    for (unit, num), i in at.items():
        for share, den in wholes.get(num, ()):
            j = at.get((unit, den))
            if j is None or vals[i] <= vals[j]:
                continue
            err(i, "value", vals[i], "part_over_whole",
                f"«{names.get(num, num)}» — {cell_text(vals[i])}, больше, чем «{names.get(den, den)}» — "
                f"{cell_text(vals[j])}: доля «{cat.shares[share]}» вышла бы "
                f"{cell_text(round(100 * vals[i] / vals[j], 1)) if vals[j] else '∞'} %",
                "Проверьте оба числа: часть не может быть больше целого (если считались участия, а не обучающиеся, "
                "впишите число обучающихся)")
            break  # (one question a record)


def _units(out: dict[str, list], n: int) -> list[tuple]:
    """Each record's unit: its period, municipality and school, those of them the file has."""
    units = [out[f] for f in ("period", "municipality", "school_name") if len(out.get(f) or ()) == n]
    return list(zip(*units)) if units else [()] * n


def _grouped(v) -> str:
    """A value as a Russian Excel shows it, thousands set apart: «2 899», «93,5»."""
    head, sep, tail = cell_text(v).partition(",")
    return group_digits(head) + sep + tail
