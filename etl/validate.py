"""Validation rules across the fields of a row and across the rows of a file (after normalisation).

`validate(kind, out, n, err, region)` works on the normalised columns (`out`: field -> list, all of length n)
and reports every problem through `err(i, field, value, rule, message_ru, hint_ru, severity="error")`.
It also completes values the rules derive: a date written inside an agreement reference, an event's
canonical name/level/date from the events catalogue. The readiness form's rules are in etl/validate_readiness.py,
the events' in etl/validate_events.py, the effectiveness indicators' values in etl/validate_indicators.py, a
roadmap's deadlines in etl/roadmap_report.py.
"""
from __future__ import annotations

from typing import Callable

from etl import normalize, schema
from etl.validate_events import events
from etl.validate_indicators import indicator_values
from etl.validate_readiness import readiness

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
        readiness(out, n, err, raw)
    elif kind == "agreements":
        _agreements(out, n, err)
    elif kind == "events":
        events(out, n, err, region, raw)
    elif kind == "effectiveness":
        vals = out.get("value", [])
        for i in _negatives(vals):
            err(i, "value", vals[i], "negative", "Отрицательное значение показателя",
                "Значение показателя не может быть меньше нуля")
        indicator_values(out, raw.get("value") or vals, n, err, raw.get("municipality"))


def _agreements(out: dict[str, list], n: int, err: Err) -> None:
    """A partner and requisites in one cell split; a date written inside the agreement reference
    («№ 12-СВ от 15.09.2023») taken to its own field."""
    signed, nos, partners = out["signed_on"], out["agreement_no"], out["partner_name"]
    memo: dict = {}
    for i in range(n):
        if partners[i] is not None and partners[i] == nos[i]:  # one cell: «МГТУ, договор № 15 от 01.09.2023»
            partners[i], nos[i] = normalize.partner_and_requisites(partners[i])
        if nos[i] and (signed[i] is None or "от" in nos[i]):
            if nos[i] not in memo:
                memo[nos[i]] = normalize.agreement_date(nos[i])
            written, wrong = memo[nos[i]]
            if written is not None:  # the date in its own field: the number is what is left
                if signed[i] is not None and written != signed[i]:  # («10.04.2023» beside «№ 7 от 04.10.2023»)
                    err(i, "signed_on", signed[i], "agreement_dates_differ",
                        f"Дата договора {signed[i]:%d.%m.%Y} не совпадает с датой в его реквизитах «{nos[i]}»: "
                        "загружена дата из столбца даты", "Проверьте дату договора", severity="warning")
                signed[i] = signed[i] or written
                nos[i] = normalize.agreement_number(nos[i])
            if wrong:
                err(i, "agreement_no", nos[i], "bad_agreement_date",
                    f"В реквизитах договора дата «{wrong}» не существует: дата договора не загружена",
                    "Проверьте дату договора", severity="warning")
        if nos[i]:
            nos[i] = normalize.bare_number(nos[i])
    _repeated_agreements(out, n, err)


def _repeated_agreements(out: dict[str, list], n: int, err: Err) -> None:
    """One agreement (its school, partner, number and date) on two rows: a row copied twice would count it twice."""
    signed, nos, rows = out["signed_on"], out["agreement_no"], out.get("source_row")
    seen: dict[tuple, int] = {}
    for i in range(n):
        if nos[i] is None and signed[i] is None:  # (two agreements with one partner, no requisites: not told apart)
            continue
        key = (out["municipality"][i], normalize.norm_key(out["school_name"][i] or ""),
               normalize.norm_key(out["partner_name"][i] or ""), normalize.norm_key(nos[i] or ""), signed[i])
        if key in seen:
            first = rows[seen[key]] if rows else seen[key] + 1
            err(i, "agreement_no", nos[i], "duplicate_agreement",
                f"Договор повторяется в файле (первый раз — строка {first}): та же ОО, тот же партнёр, номер и дата",
                "Удалите повтор (строка учла бы договор дважды) или исправьте реквизиты")
        else:
            seen[key] = i
