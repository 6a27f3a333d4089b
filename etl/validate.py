"""Validation rules across the fields of a row and across the rows of a file (after normalisation).

`validate(kind, out, n, err, region)` works on the normalised columns (`out`: field -> list, all of length n)
and reports every problem through `err(i, field, value, rule, message_ru, hint_ru, severity="error")`.
It also completes values the rules derive: a date written inside an agreement reference, an event's
canonical name/level/date from the events catalogue, a roadmap item's deadline.
"""
from __future__ import annotations

import operator
import re
from typing import Callable

from etl import normalize, periods, schema
from etl.catalogue import catalogue
from etl.event_names import catalogue_event, event_info
from etl.model import cell_text
from etl.textru import group_digits, plural, some_of

FIELD_LABELS_RU = schema.FIELD_LABELS_RU
REQUIRED = schema.REQUIRED
COUNT_FIELDS = ("students_total", "students_covered", "navigators", "students", "parents", "teachers")

Err = Callable[..., None]


def _negatives(vals: list) -> list[int]:
    """Indices of negative numbers (fast when there are none: one C-level min over the non-empty values)."""
    if not vals:
        return []
    if None in vals:
        nn = [v for v in vals if v is not None]
        if not nn or min(nn) >= 0:
            return []
    elif min(vals) >= 0:  # a column without gaps: no copy
        return []
    return [i for i, v in enumerate(vals) if v is not None and v < 0]


def validate(kind: str, out: dict[str, list], n: int, err: Err, region: str | None,
             raw: dict[str, list] | None = None) -> None:
    """Rules across fields of a row and across rows of a file (`raw`: the cells as read, field -> list)."""
    raw = raw or {}
    for f in REQUIRED[kind]:
        vals = out.get(f)
        if vals is None or None not in vals:
            continue
        written = raw.get(f)
        for i, v in enumerate(vals):
            # (a cell that is filled but unreadable was reported by its parser: not «not filled» as well)
            if v is None and (written is None or normalize._empty(written[i])):
                err(i, f, None, "required", f"Не заполнено обязательное поле «{FIELD_LABELS_RU.get(f, f)}»",
                    "Заполните ячейку")
    for f in COUNT_FIELDS:
        vals = out.get(f, ())
        for i in _negatives(vals):
            err(i, f, vals[i], "negative", "Отрицательное количество", "Количество не может быть меньше нуля")
    if kind == "readiness":
        _readiness(out, n, err, raw)
    elif kind == "agreements":
        # A date written inside the agreement reference («№ 12-СВ от 15.09.2023»).
        signed, nos, partners = out["signed_on"], out["agreement_no"], out["partner_name"]
        memo: dict = {}
        for i in range(n):
            if partners[i] is not None and partners[i] == nos[i]:  # one cell: «МГТУ, договор № 15 от 01.09.2023»
                partners[i], nos[i] = normalize.partner_and_requisites(partners[i])
            if signed[i] is None and nos[i]:
                if nos[i] not in memo:
                    memo[nos[i]] = normalize.agreement_date(nos[i])
                signed[i], wrong = memo[nos[i]]
                if signed[i] is not None:  # the date is now in its own field: the number is what is left
                    nos[i] = normalize.agreement_number(nos[i])
                if wrong:
                    err(i, "agreement_no", nos[i], "bad_agreement_date",
                        f"В реквизитах договора дата «{wrong}» не существует: дата договора не загружена",
                        "Проверьте дату договора", severity="warning")
    elif kind == "events":
        _events(out, n, err, region, raw)
    elif kind == "effectiveness":
        vals = out.get("value", [])
        for i in _negatives(vals):
            err(i, "value", vals[i], "negative", "Отрицательное значение показателя",
                "Значение показателя не может быть меньше нуля")
        _counts(out, raw.get("value") or vals, n, err)
        _shares(out, raw.get("value") or vals, n, err)
        _parts_over_whole(out, n, err)
    elif kind == "roadmap":
        out["deadline"] = [periods.deadline_of(t) if t else None for t in out["deadline_text"]]


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


def _parts_over_whole(out: dict[str, list], n: int, err: Err) -> None:
    """A share's numerator above its denominator for one unit (a municipality or a school, in one period): «прошли
    диагностику 520» of «обучающихся 500» — the pages would show a share of 104 %. Asked about, as a school with more
    pupils covered than it has."""
    cat = catalogue()
    codes, vals = out.get("indicator_code", []), out.get("value", [])
    if not cat.parts or not any(c in cat.share_of for c in set(codes)):
        return
    units = [out[f] for f in ("period", "municipality", "school_name") if len(out.get(f) or ()) == n]
    key = list(zip(*units)) if units else [()] * n
    at = {(key[i], codes[i]): i for i in range(n) if codes[i] is not None and vals[i] is not None}
    wholes: dict[str, list[tuple[str, str]]] = {}  # numerator -> (share, denominator); a platform's export has
    for share, (num, den) in cat.parts.items():  # rules of its own
        if num.split("_")[0] not in schema.SEPARATE_SOURCES:
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


_SCHOOL_DATA = ("level", "responsible_appointed", "plan_approved", "students_total", "students_covered",
                "navigators", "bvb_registered")


def _without_data(out: dict[str, list], n: int, err: Err) -> None:
    """A school whose row holds its name only: counted as a school that has done nothing, so said (a row of a school
    that sent nothing, or the rest of a name the reader could not join to the row above)."""
    cols = [out[f] for f in _SCHOOL_DATA if f in out and len(out[f]) == n]
    if not cols or not all(None in c for c in cols):
        return
    for i in range(n):
        if out["school_name"][i] is not None and all(c[i] is None for c in cols):
            err(i, "school_name", out["school_name"][i], "school_without_data",
                "У ОО не заполнена ни одна графа: она учтена как ОО без данных (во всех долях — как не выполнившая)",
                "Заполните графы этой ОО или удалите строку, если ОО в форму не входит", severity="warning")


def _readiness(out: dict[str, list], n: int, err: Err, raw: dict) -> None:
    """`raw`: the cells as read — the municipalities as written (a unit merged into another by its own name,
    «Дзержинский»); a count written as words is an error of its own, not «not filled»."""
    units = raw.get("municipality")
    tot, cov = out["students_total"], out["students_covered"]
    # a column the table lacks (or left empty throughout) is said once for the sheet, not once per school
    whole_gap = tot.count(None) == n or cov.count(None) == n
    gaps = None in tot or None in cov
    if gaps and not whole_gap:
        for i, (t, c) in enumerate(zip(tot, cov)):
            if (t is None) != (c is None):
                given, missing = ("students_total", "students_covered") if c is None else \
                    ("students_covered", "students_total")
                written = raw.get(missing)
                if written is not None and len(written) == n and not normalize._empty(written[i]):
                    continue  # filled but unreadable («девятьсот сорок»): its parser said so
                err(i, missing, None, "coverage_half_filled",
                    f"Заполнено только «{FIELD_LABELS_RU[given]}», нет «{FIELD_LABELS_RU[missing]}»: "
                    "школа не учитывается в доле охвата",
                    "Впишите оба числа (если охвачено 0, поставьте 0)", severity="warning")
    _without_data(out, n, err)
    if gaps:
        over = [i for i, (t, c) in enumerate(zip(tot, cov)) if t is not None and c is not None and c > t]
    else:  # both filled throughout: one C-level comparison of the columns
        flags = list(map(operator.gt, cov, tot))
        over = [i for i, f in enumerate(flags) if f] if True in flags else []
    for i in over:
        err(i, "students_covered", cov[i], "covered_gt_total",
            f"Охвачено ({group_digits(str(cov[i]))}) больше, чем всего обучающихся ({group_digits(str(tot[i]))})",
            "Проверьте оба числа: охваченных не может быть больше, чем всего")
    names, munis = out["school_name"], out["municipality"]
    rows = out.get("source_row")
    sheets = out.get("source_sheet")

    def first_place(j: int, i: int) -> str:
        first = rows[j] if rows else j + 1
        return f"лист «{sheets[j]}», строка {first}" if sheets and sheets[j] != sheets[i] else f"строка {first}"

    # one INN twice: one school written two ways («МБОУ Одинцовская СОШ № 1» and its full legal name)
    inns = out.get("school_inn") or []
    given = inns if None not in inns else [x for x in inns if x is not None]
    if given and len(set(given)) < len(given):  # some INN twice (one C-level check in the usual case)
        inn_seen: dict[str, int] = {}
        for i, inn in enumerate(inns):
            if inn is None:
                continue
            if inn in inn_seen and names[inn_seen[inn]] != names[i]:
                err(i, "school_inn", inn, "duplicate_inn",
                    f"ИНН повторяется в файле (первый раз — {first_place(inn_seen[inn], i)}, "
                    f"«{names[inn_seen[inn]]}»): одна ОО записана дважды",
                    "Оставьте одну строку этой ОО или исправьте ИНН")
            inn_seen.setdefault(inn, i)
    distinct = list(set(names))  # a school name recurs across municipalities: normalise each spelling once
    key_of = dict(zip(distinct, _norm_keys(distinct))).__getitem__
    if None not in names and _all_distinct(munis, list(map(key_of, names))):
        return  # no school twice (the usual case): nothing more to look at
    keys = list(zip(munis, map(key_of, names)))
    named = [k for k, nm in zip(keys, names) if nm is not None] if None in names else keys
    if len(set(named)) == len(named):
        return
    seen: dict[tuple, int] = {}
    for i in range(n):
        if names[i] is None:
            continue
        k = keys[i]
        if k in seen and _two_units_schools(i, seen[k], inns, units):
            continue
        if k in seen:
            err(i, "school_name", names[i], "duplicate_school",
                f"ОО повторяется в файле (первый раз — {first_place(seen[k], i)})",
                "Удалите повтор или исправьте наименование")
        else:
            seen[k] = i


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


_NON_WORD_OR_NL = re.compile(r"[^0-9a-zа-я\n]+")


def _norm_keys(texts: list) -> list[str]:
    """norm_key of every text of a column in one pass (texts are clean: no line breaks)."""
    if any(t is not None and "\n" in t for t in texts):
        return [normalize.norm_key(t) for t in texts]
    joined = "\n".join("" if t is None else t for t in texts).lower().replace("ё", "е")
    return [k.strip() for k in _NON_WORD_OR_NL.sub(" ", joined).split("\n")]


def _events(out: dict[str, list], n: int, err: Err, region: str | None, raw: dict[str, list]) -> None:
    lvl, dt, ev = out["event_level"], out["event_date"], out["event"]
    out["event_text"] = list(ev)  # as the form names it, beside the catalogue's name the figures are grouped by
    memo: dict = {}
    unknown: dict[str, int] = {}  # events the catalogue does not know and the file gives no level: first row
    for i in range(n):
        if ev[i] is None:
            continue
        if ev[i] not in memo:
            memo[ev[i]] = event_info(ev[i], region)
        canon, elevel, edate = memo[ev[i]]
        ev[i] = canon
        if lvl[i] is None:
            lvl[i] = elevel
            if elevel is None and catalogue_event(canon, region) is None:
                unknown.setdefault(canon, i)
        if dt[i] is None:
            dt[i] = edate
        if all(out[f][i] is None and (f not in raw or normalize._empty(raw[f][i]))
               for f in ("students", "parents", "teachers")):  # (an unreadable number was reported already)
            err(i, "students", None, "no_participants", "Не указано ни одного числа участников",
                "Заполните число обучающихся, родителей или педагогов")
    if unknown:  # each its own bar, «не указан» on the levels' chart: said once, naming them
        names = list(unknown)
        shown = some_of(names, 5, quoted=True)
        first = min(unknown.values())
        err(first, "event", names[0], "event_not_in_catalogue",
            f"Мероприятия нет в справочнике и уровень не указан: {shown} — учтены под своими названиями, "
            "уровень «не указан»",
            "Если это мероприятие из справочника, запишите его название как в бланке формы (выпадающий список); "
            "иначе укажите уровень мероприятия (федеральный, региональный, муниципальный)", severity="warning")
